package workspace_test

import (
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// The routes that read the file as of a day or a revision (show --at,
// diff, audit --at, history) agree on which file a day is, and on what
// a revision that does not parse is.

// TestADayNotEndedIsTheWorkingFile: the file at the end of today, or of
// a day to come, is the file as it is now, uncommitted changes included,
// for show --at and diff as for audit --at; a day gone by is what git
// had by its end.
func TestADayNotEndedIsTheWorkingFile(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	base := header + person("ada@example.org", `reports = "owner"`)
	f.repo.Commit("members.toml", base, "Create the list (#1)")
	f.write("members.toml", base+person("lin@example.org", `reports = "member"`)) // not committed
	yesterday := todayDate.AddDate(0, 0, -1).Format("2006-01-02")
	for _, c := range []struct {
		day     string
		withLin bool
	}{
		{yesterday, false},
		{todayDate.Format("2006-01-02"), true},
		{"2030-01-01", true},
	} {
		show := f.doShow(workspace.ShowOptions{At: c.day, Format: report.CSV})
		if show.code != 0 || strings.Contains(show.stdout, "lin@example.org") != c.withLin {
			t.Errorf("show --at %s: exit %d, lin shown %v, want %v\n%s%s", c.day, show.code, !c.withLin, c.withLin, show.stdout, show.stderr)
		}
		at, _ := time.Parse("2006-01-02", c.day)
		audit := f.doAudit(false, workspace.AuditOptions{Source: workspace.Source{Path: "members.toml"}, At: at, Format: report.JSON})
		if got := strings.Contains(audit.stdout, `"members": 2`); got != c.withLin {
			t.Errorf("audit --at %s counts lin: %v, want %v\n%s%s", c.day, got, c.withLin, audit.stdout, audit.stderr)
		}
		// diff DAY (against the working tree) differs exactly when the
		// day read the commit.
		diff := f.doDiff(workspace.DiffOptions{From: c.day, ExitCode: true})
		if want := map[bool]int{true: 0, false: 1}[c.withLin]; diff.code != want {
			t.Errorf("diff %s --exit-code: exit %d, want %d\n%s%s", c.day, diff.code, want, diff.stdout, diff.stderr)
		}
	}
	r := f.doShow(workspace.ShowOptions{At: "2030-01-01"})
	if !strings.Contains(r.stdout, "as it is now, uncommitted changes included") {
		t.Errorf("show --at a day to come does not say it read the working file:\n%s", r.stdout)
	}
	// A revision is a commit, whatever the day: HEAD has no lin.
	if r := f.doShow(workspace.ShowOptions{At: "HEAD"}); r.code != 0 || strings.Contains(r.stdout, "lin@example.org") {
		t.Errorf("show --at HEAD: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
