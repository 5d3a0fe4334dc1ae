package workspace_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestWhoGaveANestedMemberTheListsMail: someone added by hand to a
// group nested in a list gets its mail with no entry on it; plan and
// audit --live name who added them there and when, from the nested
// group's log, as they name a walk-in's adder on the list's own group.
func TestWhoGaveANestedMemberTheListsMail(t *testing.T) {
	f, clk := newClockedRepoFixture(t)
	clk.set(f.repo.Date().Add(-time.Hour))
	file := strings.Replace(header, `unmanaged = "report"`, "unmanaged = \"report\"\nallow_groups = true", 1) +
		strings.ReplaceAll(person("ada@example.org", `reports = "owner"`), "2026-06-01", "2026-01-01") +
		"\n[[member]]\nemail = \"inner@example.org\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-01-01, method = \"video-call\" }]\n"
	f.repo.Commit("members.toml", file, "Lists (#1)")
	if err := f.emu.AddGroup("inner@example.org"); err != nil {
		t.Fatal(err)
	}
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "inner@example.org"}); err != nil {
		t.Fatal(err)
	}
	clk.set(f.repo.Date().Add(24 * time.Hour))
	if _, err := f.emu.ByHand(emulator.Change{Event: "add_user", Group: "inner@example.org", Actor: "eve@example.org", Member: "sneaky@evil.example"}); err != nil {
		t.Fatal(err)
	}
	clk.set(f.repo.Date().Add(25 * time.Hour))
	f.emu.ResetCounters()
	err := clk.ws(f).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Format: report.Text})
	if err != nil && workspace.Code(err) != workspace.ExitChanges {
		t.Fatal(err)
	}
	planReads := f.emu.Counters()["activities.list"]
	out := f.stdout.String()
	if !strings.Contains(out, "sneaky@evil.example") || !strings.Contains(out, "(live: added by eve@example.org on") || !strings.Contains(out, "(add_user, Groups UI)") {
		t.Errorf("plan does not name who put sneaky on inner@:\n%s%s", out, f.stderr.String())
	}
	f.stdout.Reset()
	f.stderr.Reset()
	lo := f.live()
	f.emu.ResetCounters()
	err = clk.ws(f).Audit(ctx, workspace.AuditOptions{Source: workspace.Source{Path: "members.toml"}, Live: &lo, Format: report.Text, At: clk.now()})
	if out := f.stdout.String(); !strings.Contains(out, "sneaky@evil.example receives security@example.org's mail") || !strings.Contains(out, "[added by eve@example.org on") {
		t.Errorf("audit --live does not name who put sneaky on inner@: %v\n%s%s", err, out, f.stderr.String())
	}
	// inner@'s logs are read once, for the plan audit --live makes, not
	// again for its receivers' lines: as many reads as the plan's.
	if n := f.emu.Counters()["activities.list"]; n != planReads {
		t.Errorf("audit --live read the audit log %d times, its plan %d", n, planReads)
	}
	// The auditor's site says who too, in its drift's column; the
	// public roster names no actor.
	for _, public := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "site")
		if err := clk.ws(f).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: clk.now(), Live: &lo, Public: public}); err != nil && workspace.Code(err) != workspace.ExitFailed {
			t.Fatal(err)
		}
		page, err := os.ReadFile(filepath.Join(out, "list-reports.html"))
		if err != nil && public {
			pages, _ := filepath.Glob(filepath.Join(out, "list-*.html"))
			if len(pages) > 0 {
				page, err = os.ReadFile(pages[0])
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		if named := strings.Contains(string(page), "eve@example.org"); named == public {
			t.Errorf("site (public %v): eve@example.org named %v", public, named)
		}
	}
}
