package workspace_test

import (
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestAnAliasTakenOffTheFileIsRemoved: someone the file listed as
// grace.hopper@, an alias Google resolves to the member grace@, and then
// took off, is who the file listed: removed whatever unmanaged says
// (never kept as a stranger under "report"), with the commit as the
// reason; and an incremental run whose window holds that commit makes
// the removal rather than leave it to the next full run.
func TestAnAliasTakenOffTheFileIsRemoved(t *testing.T) {
	t.Parallel()
	for _, unmanaged := range []string{"report", "remove"} {
		t.Run(unmanaged, func(t *testing.T) {
			t.Parallel()
			clk := &clock{t: today}
			st := &emulator.State{Groups: []*emulator.Group{{Email: "security@example.org", Members: []*emulator.Member{
				{Email: "ada@example.org", Role: "OWNER", Type: "USER", Status: "ACTIVE"},
				{Email: "bo@example.org", Role: "MEMBER", Type: "USER", Status: "ACTIVE"},
				{Email: "grace@example.org", Role: "MEMBER", Type: "USER", Status: "ACTIVE"},
			}}, {Email: "other@example.org", Members: []*emulator.Member{
				{Email: "ada@example.org", Role: "OWNER", Type: "USER", Status: "ACTIVE"},
				{Email: "bo@example.org", Role: "MEMBER", Type: "USER", Status: "ACTIVE"},
			}}}, Aliases: map[string]string{"grace.hopper@example.org": "grace@example.org"}}
			f := newFixtureFrom(t, "", emulator.Options{State: st, Now: clk.now}, true)
			// A second list, which changes in no window: the incremental
			// run reads reports alone.
			hdr := strings.Replace(header, `unmanaged = "report"`, `unmanaged = "`+unmanaged+`"`, 1) + "\n[lists.other]\naddress = \"other@example.org\"\npolicy = \"p\"\n"
			ada := strings.Replace(entry("ada@example.org", "owner", "bo@example.org", "2026-01-01"), `lists = { reports = "owner" }`, `lists = { reports = "owner", other = "owner" }`, 1)
			bo := strings.Replace(entry("bo@example.org", "member", "ada@example.org", "2026-01-01"), `lists = { reports = "member" }`, `lists = { reports = "member", other = "member" }`, 1)
			base := hdr + ada + bo
			f.repo.Commit("members.toml", base+entry("grace.hopper@example.org", "member", "ada@example.org", "2026-01-01"), "Lists (#1)")
			clk.set(f.repo.Date().Add(time.Hour))
			if err := clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text}); err != nil || f.writes() != 0 {
				t.Fatalf("the alias is not the member: %v, %d writes\n%s%s", err, f.writes(), f.stdout.String(), f.stderr.String())
			}
			f.repo.Tick()
			f.repo.Commit("members.toml", base, "grace leaves (#2)")
			clk.set(f.repo.Date().Add(time.Hour))
			err := clk.ws(f).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text})
			if out := f.stdout.String(); workspace.Code(err) != workspace.ExitChanges || !strings.Contains(out, "- grace@example.org") {
				t.Errorf("plan: %v\n%s%s", err, out, f.stderr.String())
			} else if unmanaged == "report" && !strings.Contains(out, "as grace.hopper@example.org") {
				t.Errorf("plan does not say the file listed her as grace.hopper@:\n%s", out)
			}
			err = clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 2 * time.Hour}, NoAttribution: true, Format: report.Text})
			if got := strings.Join(f.group("security@example.org"), " "); err != nil || strings.Contains(got, "grace@") {
				t.Errorf("sync --changed-since 2h: %v; the group holds %s\n%s%s", err, got, f.stdout.String(), f.stderr.String())
			}
		})
	}
}
