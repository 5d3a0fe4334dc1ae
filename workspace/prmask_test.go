package workspace_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// prMaskBase has three owners of rep, min_owners = 2; the head demotes
// own3, which the owners guard holds back.
const prMaskBase = `schema = 1
admins = ["o1"]

[lists.rep]
address = "rep@example.org"
policy = "p"

[policies.p]
min_owners = 2
vetting_methods = ["call"]
vetted_by = "owner"
unmanaged = "report"

[[member]]
email = "own1@example.org"
github = "o1"
lists = { rep = "owner" }
vetting = [{ by = "o2", on = 2026-01-01, method = "call" }]

[[member]]
email = "own2@example.org"
github = "o2"
lists = { rep = "owner" }
vetting = [{ by = "o1", on = 2026-01-01, method = "call" }]

[[member]]
email = "own3@example.org"
github = "o3"
lists = { rep = "owner" }
vetting = [{ by = "o1", on = 2026-01-02, method = "call" }]
`

// TestPullRequestPlanMasksWhatItPrintsBeside: what a pull request's plan
// prints beside it on stderr (the job's log, which anyone reads where
// the repository is public) masks the live side's addresses as the plan
// does: the owners guard's warning counts a suspended owner the file
// never listed, and names them only as s…@.
func TestPullRequestPlanMasksWhatItPrintsBeside(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", prMaskBase, "Owners (#1)")
	f.repo.Commit("members.toml", strings.Replace(prMaskBase, "email = \"own3@example.org\"\ngithub = \"o3\"\nlists = { rep = \"owner\" }", "email = \"own3@example.org\"\ngithub = \"o3\"\nlists = { rep = \"member\" }", 1), "Demote own3 (#2)")
	if err := f.emu.AddGroup("rep@example.org",
		emulator.Member{Email: "own1@example.org", Role: "OWNER"},
		emulator.Member{Email: "own2@example.org", Role: "OWNER", Status: "SUSPENDED"},
		emulator.Member{Email: "own3@example.org", Role: "OWNER"},
		emulator.Member{Email: "secret-susp@example.org", Role: "OWNER", Status: "SUSPENDED"}); err != nil {
		t.Fatal(err)
	}
	for _, format := range []report.Format{report.Text, report.Markdown, report.JSON} {
		r := f.doPlan(workspace.PlanOptions{Base: "HEAD~1", Format: format})
		if !strings.Contains(r.stdout+r.stderr, "s…@example.org") {
			t.Errorf("%s: the guard does not count the suspended walk-in owner (exit %d):\n%s%s", format, r.code, r.stdout, r.stderr)
		}
		if strings.Contains(r.stdout+r.stderr, "secret-susp") {
			t.Errorf("%s: a pull request's plan names a live address in full:\n%s%s", format, r.stdout, r.stderr)
		}
	}
}
