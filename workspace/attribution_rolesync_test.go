package workspace_test

import (
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/report"
)

// The members file's history tells attribution when it changed a role.
var _ audit.RoleHistory = (*history.Timeline)(nil)

// dated is a time as git takes it for a commit's dates (commitAt).
func dated(at time.Time) string { return at.Format(time.RFC3339) }

// TestRostersOwnRecentRoleChangeIsNotLoggedYet: the file made hank an
// owner and a sync did; minutes later the file makes him a member again,
// while Google's log of the Admin console (roster's writes) lags five
// minutes. His owner role is roster's sync of the version that gave it,
// not logged yet, as an add after a logged removal is: never a change
// perhaps made by hand in the Groups UI. In plan (text and JSON) and
// audit --live. Once the log has roster's write, the line says nothing.
func TestRostersOwnRecentRoleChangeIsNotLoggedYet(t *testing.T) {
	t.Parallel()
	f, clk := newDelayedFixture(t, emulator.Options{LogDelay: map[string]time.Duration{"admin": 5 * time.Minute, "groups": 30 * time.Minute}})
	list := founded(header) + founder(`reports = "owner"`)
	hank := func(role string) string {
		return list + entry("hank@example.org", role, "ada@example.org", "2026-01-15")
	}
	f.repo.Commit("members.toml", hank("member"), "The list (#1)")
	clk.set(f.repo.Date().Add(time.Hour))
	if r := clk.sync(f); r.code != 0 {
		t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Commits minutes apart (commitAt), where the repository's own are
	// a day apart.
	owned := clk.now().Add(time.Hour)
	commitAt(t, f, hank("owner"), "hank owns it (#2)", dated(owned), dated(owned))
	clk.set(owned.Add(30 * time.Second))
	if r := clk.sync(f); r.code != 0 || !strings.Contains(strings.Join(f.group("security@example.org"), " "), "hank@example.org OWNER") {
		t.Fatalf("second sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	clk.set(owned.Add(2 * time.Minute))
	commitAt(t, f, hank("member"), "hank steps back (#3)", dated(clk.now()), dated(clk.now()))
	clk.set(clk.now().Add(time.Minute))

	want := "not in Google's audit log yet: role changed since their logged add to the one members.toml gave them in its version of " +
		owned.UTC().Format("2006-01-02 15:04 UTC") + ", as roster's sync of it does, more recently than the log's delay (up to 10 minutes)"
	if out := clk.plan(f, "").stdout; !strings.Contains(out, "~ hank@example.org  owner -> member (live: "+want+")") {
		t.Errorf("plan:\n%s\nwant hank's line to say %q", out, want)
	}
	if out := clk.plan(f, report.JSON).stdout; !strings.Contains(out, `"changed_by": "`+want+`"`) {
		t.Errorf("plan's JSON:\n%s\nwant hank's changed_by %q", out, want)
	}
	if out := clk.audit(f).stdout; !strings.Contains(out, "hank@example.org is owner on security@example.org; the file says member ["+want+"]") {
		t.Errorf("audit --live:\n%s\nwant hank's line to say %q", out, want)
	}

	clk.set(clk.now().Add(10 * time.Minute))
	if out := clk.plan(f, "").stdout; !strings.Contains(out, "~ hank@example.org  owner -> member\n") {
		t.Errorf("plan once the log has roster's write:\n%s\nwant hank's line bare", out)
	}
}
