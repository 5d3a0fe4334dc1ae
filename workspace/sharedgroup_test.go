package workspace_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestTwoListsOfOneGroupReadAsOne: a committed version that gives one
// group two lists (validate refuses it; sync never ran it) is one group
// to every route: show lists each person once, in the strongest role
// either list gave, and diff tells the role change history tells, not
// an addition of someone already there.
func TestTwoListsOfOneGroupReadAsOne(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("bob@example.org", `reports = "member"`), "The list (#1)")
	day1 := f.repo.Date().Format("2006-01-02")
	f.repo.Tick()
	dup := "\n[lists.dup]\naddress = \"Security@example.org\"\npolicy = \"p\"\n"
	f.repo.Commit("members.toml", header+dup+person("ada@example.org", `reports = "owner"`)+person("bob@example.org", `reports = "member", dup = "owner"`), "A second list of the group (#2)")
	day2 := f.repo.Date().Format("2006-01-02")
	h := f.doHistory(workspace.HistoryOptions{})
	if !strings.Contains(h.stdout, "member -> owner") {
		t.Fatalf("history:\n%s%s", h.stdout, h.stderr)
	}
	s := f.doShow(workspace.ShowOptions{At: day2})
	if strings.Count(s.stdout, "bob@example.org") != 1 || !regexp.MustCompile(`bob@example.org\s+owner`).MatchString(s.stdout) {
		t.Errorf("show --at %s:\n%s%s", day2, s.stdout, s.stderr)
	}
	for _, format := range []report.Format{report.Text, report.JSON} {
		d := f.doDiff(workspace.DiffOptions{From: day1, To: day2, Format: format})
		if strings.Contains(d.stdout, "+ bob") || !strings.Contains(d.stdout, "owner") || !strings.Contains(strings.ReplaceAll(d.stdout, `"previous_role": "member"`, "member ->"), "member ->") {
			t.Errorf("diff %s %s (%s):\n%s%s", day1, day2, format, d.stdout, d.stderr)
		}
	}
}
