package workspace_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/workspace"
)

// TestAuditOfAListWhosePolicyFailsSaysNothingSyncWouldDo: the list needs
// three owners and the file names two, both on the group; sync leaves
// the list alone. audit --live reads it for the auditor and says that,
// and nothing of what sync would add or hold back there: not "sync adds
// them", not additions "held back until it has them".
func TestAuditOfAListWhosePolicyFailsSaysNothingSyncWouldDo(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	hdr := strings.Replace(founded(header), "min_owners = 1", "min_owners = 3", 1)
	f.write("members.toml", hdr+founder(`reports = "owner"`)+entry("grace@example.org", "owner", "ada@example.org", "2026-06-01")+entry("pat@example.org", "member", "ada@example.org", "2026-06-01"))
	// Only ada is on the group: it has fewer owners than the policy
	// needs, which the audit says, as it is.
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	lo := f.live()
	r := f.doAudit(true, workspace.AuditOptions{Source: membersFile, Live: &lo})
	if !strings.Contains(r.stdout, "is not read or synced while its policy fails") || strings.Contains(r.stdout, "sync adds them") || strings.Contains(r.stdout, "held back until it has them") ||
		!strings.Contains(r.stdout, "has 1 owner on the live group, and its policy needs at least 3 (min_owners); sync leaves this list alone while its policy fails") {
		t.Errorf("exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "note: reports fails its own policy, so sync neither reads nor writes it; audit --live reads it all the same") {
		t.Errorf("audit --live does not say first that sync leaves the list alone:\n%s", r.stderr)
	}
	// Who took pat off is asked of the audit log (a few failing lists
	// are; see audit.failingListsAsked), and a walk-in is named.
	for _, c := range []emulator.Change{{Event: "add_user", Group: "security@example.org", Actor: "ada@example.org", Member: "pat@example.org"},
		{Event: "remove_user", Group: "security@example.org", Actor: "mallory@example.org", Member: "pat@example.org"}} {
		if _, err := f.emu.ByHand(c); err != nil {
			t.Fatal(err)
		}
	}
	if r := f.doAudit(true, workspace.AuditOptions{Source: membersFile, Live: &lo}); !strings.Contains(r.stdout, "removed by mallory@example.org") {
		t.Errorf("a removal by hand from a failing list is not named:\n%s", r.stdout)
	}
	if _, err := f.emu.ByHand(emulator.Change{Event: "add_user", Group: "security@example.org", Actor: "ada@example.org", Member: "walkin@example.org"}); err != nil {
		t.Fatal(err)
	}
	if r := f.doAudit(true, workspace.AuditOptions{Source: membersFile, Live: &lo}); !strings.Contains(r.stdout, "walkin@example.org") || !strings.Contains(r.stdout, "added by ada@example.org") {
		t.Errorf("a walk-in on a failing list is not named with who added them:\n%s", r.stdout)
	}
}
