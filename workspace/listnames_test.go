package workspace_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestListsNamedAsOutputNamesThem: a list renamed since (reports, now
// x2) is named by its id now in what show, diff and history print, and
// so in their refusal of a --list no list ever had: the ids an error
// offers are the ids the output uses. A list the file no longer has is
// named by the id it had.
func TestListsNamedAsOutputNamesThem(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	grace := entry("grace@example.org", "member", "ada@example.org", "2026-01-05")
	lin := entry("lin@example.org", "member", "ada@example.org", "2026-03-02")
	gone := "\n[lists.board]\naddress = \"board@example.org\"\npolicy = \"p\"\n"
	f.repo.Commit("members.toml", hdr+gone+ada+grace+lin, "Create the lists (#1)")
	f.repo.Commit("members.toml", hdr+ada+grace, "Drop board, remove lin (#2)")
	f.repo.Commit("README.md", "unrelated\n", "Unrelated (#3)")
	renamed := strings.NewReplacer("[lists.reports]", "[lists.x2]", "reports = ", "x2 = ").Replace(hdr + ada + grace)
	f.repo.Commit("members.toml", renamed, "Rename reports to x2 (#4)")

	show := f.doShow(workspace.ShowOptions{At: "HEAD~3"})
	if show.code != 0 || !strings.Contains(show.stdout, "list x2:") || strings.Contains(show.stdout, "list reports:") {
		t.Errorf("show --at HEAD~3: exit %d\n%s%s", show.code, show.stdout, show.stderr)
	}
	for _, format := range []report.Format{report.Text, report.JSON} {
		diff := f.doDiff(workspace.DiffOptions{From: "HEAD~3", To: "HEAD~2", Format: format})
		if diff.code != 0 || !strings.Contains(diff.stdout, "x2") || strings.Contains(diff.stdout, "reports") {
			t.Errorf("diff HEAD~3 HEAD~2 (%s): exit %d\n%s%s", format, diff.code, diff.stdout, diff.stderr)
		}
	}
	for name, r := range map[string]outcome{
		"show":    f.doShow(workspace.ShowOptions{At: "HEAD~3", Lists: []string{"nope"}}),
		"diff":    f.doDiff(workspace.DiffOptions{From: "HEAD~3", To: "HEAD~2", Lists: []string{"nope"}}),
		"history": f.doHistory(workspace.HistoryOptions{Lists: []string{"nope"}}),
	} {
		if r.code != 1 || !strings.Contains(r.stderr, "--list nope: no such list") || !strings.Contains(r.stderr, "lists are board, x2\n") {
			t.Errorf("%s --list nope: exit %d, want the lists named board, x2\n%s", name, r.code, r.stderr)
		}
	}
	// Either id still selects the list.
	for _, id := range []string{"reports", "x2"} {
		if r := f.doShow(workspace.ShowOptions{At: "HEAD~3", Lists: []string{id}}); r.code != 0 || !strings.Contains(r.stdout, "list x2:") {
			t.Errorf("show --at HEAD~3 --list %s: exit %d\n%s%s", id, r.code, r.stdout, r.stderr)
		}
	}
}
