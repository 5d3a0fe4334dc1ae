package workspace_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestALogThatFailedTheChangedSinceReadSaysSo: one of Google's audit
// logs answers 503 to every read, so the --changed-since read of the
// whole domain's log fails first and the run reads every list. Where the
// list's line says that log was not read, it says it failed on that
// read, as the run's first warning does: never "when read for another
// list", which no list was.
func TestALogThatFailedTheChangedSinceReadSaysSo(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ app, want string }{
		{"groups", "the Groups UI's log was not read: it failed this run when --changed-since read the whole domain's log (activities.list groups: "},
		{"admin", "who changed security@example.org by hand is unknown: Google's audit log failed this run when --changed-since read the whole domain's log (activities.list admin: "},
	} {
		t.Run(tc.app, func(t *testing.T) {
			t.Parallel()
			f, clk := newClockedRepoFixture(t)
			f.standIn(f.emu, func(w http.ResponseWriter, r *http.Request) bool {
				if strings.HasSuffix(r.URL.Path, "/applications/"+tc.app) {
					backendError(w)
					return true
				}
				return false
			})
			if err := f.emu.AddGroup("security@example.org"); err != nil {
				t.Fatal(err)
			}
			f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`), "The list (#1)")
			clk.set(f.repo.Date().Add(3 * time.Hour))
			if r := clk.sync(f); r.code != 0 {
				t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			clk.set(clk.now().Add(time.Minute))
			f.hand(emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "walk-in@example.org"})
			clk.set(clk.now().Add(time.Minute))

			for _, format := range []report.Format{report.Text, report.JSON} {
				err := clk.ws(f).Plan(ctx, workspace.PlanOptions{Source: membersFile, Live: f.live(), Guards: plan.DefaultGuards(), Format: format,
					ChangedSince: workspace.Window{Length: 2 * time.Hour}})
				r := f.outcome(err)
				out := r.stdout + r.stderr
				if !strings.Contains(out, "--changed-since: cannot read Google's audit log") || !strings.Contains(out, tc.want) || strings.Contains(out, "another list") {
					t.Errorf("%s:\n%s\nwant the list to say %q", format, out, tc.want)
				}
			}
		})
	}
}

// TestAWindowPastTheLogsDaysReadsEveryList: a --changed-since window
// reaching back past the 180 days Google keeps (and past which it
// refuses a start) says so and reads every list, asking the log for
// nothing it would refuse.
func TestAWindowPastTheLogsDaysReadsEveryList(t *testing.T) {
	t.Parallel()
	f, clk := newClockedRepoFixture(t)
	var asked atomic.Bool
	f.standIn(f.emu, func(w http.ResponseWriter, r *http.Request) bool {
		if strings.Contains(r.URL.Path, "/activity/") {
			asked.Store(true)
		}
		return false
	})
	if err := f.emu.AddGroup("security@example.org"); err != nil {
		t.Fatal(err)
	}
	f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`), "The list (#1)")
	clk.set(f.repo.Date().Add(3 * time.Hour))
	err := clk.ws(f).Plan(ctx, workspace.PlanOptions{Source: membersFile, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text, NoAttribution: true,
		ChangedSince: workspace.Window{Length: 200 * 24 * time.Hour, Written: "200d"}})
	r := f.outcome(err)
	if !strings.Contains(r.stderr, "--changed-since 200d, with the log's delay (30 minutes), reaches back further than roster reads Google's audit log (179 days, a day inside the 180 Google keeps); reading every list") || !strings.Contains(r.stdout, "list reports") || asked.Load() {
		t.Errorf("exit %d, the log asked: %v\n%s%s", r.code, asked.Load(), r.stdout, r.stderr)
	}
}

// TestAFailingAuditLogIsAskedOnceARun: every audit log answers 503.
// The --changed-since read of the whole domain's logs fails, each log
// once, and the run reads every list; no list then asks a failed log
// again (each ask pays the retry budget again, list by list).
func TestAFailingAuditLogIsAskedOnceARun(t *testing.T) {
	t.Parallel()
	f, clk := newClockedRepoFixture(t)
	var asks atomic.Int32
	f.standIn(f.emu, func(w http.ResponseWriter, r *http.Request) bool {
		if strings.Contains(r.URL.Path, "/applications/") {
			asks.Add(1)
			backendError(w)
			return true
		}
		return false
	})
	lists := ""
	for _, id := range []string{"l1", "l2", "l3"} {
		if err := f.emu.AddGroup(id + "@example.org"); err != nil {
			t.Fatal(err)
		}
		lists += "\n[lists." + id + "]\naddress = \"" + id + "@example.org\"\npolicy = \"p\"\n"
	}
	f.repo.Commit("members.toml", founded(header)+lists+founder(`l1 = "owner", l2 = "owner", l3 = "owner"`), "The lists (#1)")
	clk.set(f.repo.Date().Add(3 * time.Hour))
	for _, id := range []string{"l1", "l2", "l3"} {
		f.hand(emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: id + "@example.org", Actor: "root@example.org", Member: "walk-in@example.org"})
	}
	asks.Store(0)
	r := f.outcome(clk.ws(f).Plan(ctx, workspace.PlanOptions{Source: membersFile, Live: f.live(), Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 2 * time.Hour}}))
	perLog := int32(10) // the retry budget's tries
	if n := asks.Load(); n > 3*perLog || !strings.Contains(r.stdout+r.stderr, "walk-in@example.org") {
		t.Errorf("%d audit-log asks for 3 logs and 3 lists (want at most %d: each log once)\n%s%s", n, 3*perLog, r.stdout, r.stderr)
	}
}
