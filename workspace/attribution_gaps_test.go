package workspace_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestARemovalOfAnAliasedMemberIsNamed: the file lists grace.h@, an
// alias of grace@; roster added her (Google logs grace@), and then her
// removal by hand (logged as grace@ too, in the Groups UI or the Admin
// console) is named on the line that adds her back, in every route:
// plan, its JSON, audit --live and sync.
func TestARemovalOfAnAliasedMemberIsNamed(t *testing.T) {
	t.Parallel()
	for _, c := range []emulator.Change{
		{Event: "remove_user", Group: "security@example.org", Actor: "own2@example.org", Member: "grace@example.org"},
		{Application: "admin", Event: "REMOVE_GROUP_MEMBER", Group: "security@example.org", Actor: "own2@example.org", Member: "grace@example.org"},
	} {
		t.Run(c.Event, func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "", emulator.Options{State: &emulator.State{Aliases: map[string]string{"grace.h@example.org": "grace@example.org"}}}, true)
			f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`)+person("grace.h@example.org", `reports = "member"`), "The list (#1)")
			if err := f.emu.AddGroup("security@example.org"); err != nil {
				t.Fatal(err)
			}
			if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
				t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if _, err := f.emu.ByHand(c); err != nil {
				t.Fatal(err)
			}
			if out := f.doPlan(workspace.PlanOptions{}).stdout; !strings.Contains(out, "+ grace.h@example.org") || !strings.Contains(out, "removed by own2@example.org") {
				t.Errorf("plan does not say who removed grace.h@:\n%s", out)
			}
			if out := f.doPlan(workspace.PlanOptions{Format: report.JSON}).stdout; !strings.Contains(out, `"changed_by": "removed by own2@example.org`) {
				t.Errorf("plan's JSON has no changed_by for grace.h@:\n%s", out)
			}
			if out := f.doAudit(true, workspace.AuditOptions{}).stdout; !strings.Contains(out, "grace.h@example.org is in the file but not yet on security@example.org [removed by own2@example.org") {
				t.Errorf("audit --live does not say who removed grace.h@:\n%s", out)
			}
			if r := f.doSync(workspace.SyncOptions{}); !strings.Contains(r.stdout, "removed by own2@example.org") {
				t.Errorf("sync adds grace.h@ back without naming whose removal it undid: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}
