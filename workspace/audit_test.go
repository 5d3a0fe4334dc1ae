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
}
