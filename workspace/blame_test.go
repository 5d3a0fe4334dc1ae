package workspace_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestAnEditIsBlamedOnlyForWhatItMade: an edit exits 1 for the errors
// it made, not for errors the file had before whose message it changed
// (a count, a line number), nor for a failing list it took back towards
// its policy. An entry it takes over a cap, and a list already failing
// that it takes further (more members over the cap, fewer owners short
// of the minimum), are its own, once: the entry added over a cap, not
// the others over it too.
func TestAnEditIsBlamedOnlyForWhatItMade(t *testing.T) {
	t.Parallel()
	policy := func(rules string) string { return strings.Replace(header, "min_owners = 1", rules, 1) }
	capped := policy("max_members = 2")
	short := policy("min_owners = 3")
	vet := &members.Vetting{By: "ada@example.org", On: day("2026-11-01"), Method: "video-call", Note: "Call"}
	ada, grace := person("ada@example.org", `reports = "owner"`), person("grace@example.org", `reports = "owner"`)
	member := func(email string) string { return person(email, `reports = "member"`) }
	for _, tc := range []struct {
		name string
		// committed is the file as last committed; working, when not
		// "", the file as the edit finds it.
		committed, working string
		edit               edit
		blamed             bool
	}{
		{"a removal that takes a list from 4 members over its cap of 2 to 3",
			capped + ada + grace, capped + ada + grace + member("kim@example.org") + member("lin@example.org"),
			removeEdit("lin@example.org"), false},
		{"a promotion on a list that stays short of owners",
			short + ada + member("grace@example.org"), "",
			roleEdit("grace@example.org", "reports", members.RoleOwner), false},
		{"an addition above a duplicate, which moves the line it names",
			header + ada + member("grace@example.org") + member("kim@example.org") + member("Kim@example.org"), "",
			addEdit(workspace.AddOptions{Email: "bea@example.org", Lists: lists("reports"), Vetting: vet}), false},
		{"an addition that takes a list over its cap",
			capped + ada + grace, "",
			addEdit(workspace.AddOptions{Email: "kim@example.org", Lists: lists("reports"), Vetting: vet}), true},
		{"an addition to a list already over its cap",
			capped + ada + grace, capped + ada + grace + member("kim@example.org"),
			addEdit(workspace.AddOptions{Email: "lin@example.org", Lists: lists("reports"), Vetting: vet}), true},
		{"an entry the committed file lists put back on a list over its cap",
			capped + ada + grace + member("kim@example.org") + member("lin@example.org"), capped + ada + grace + member("kim@example.org"),
			addEdit(workspace.AddOptions{Email: "lin@example.org", Lists: lists("reports"), Vetting: vet}), true},
		{"a demotion on a list already short of owners",
			short + ada + grace, "",
			roleEdit("grace@example.org", "reports", members.RoleMember), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			f.repo.Commit("members.toml", tc.committed, "Lists (#1)")
			if tc.working != "" {
				f.write("members.toml", tc.working)
			}
			if v := f.doValidate("members.toml", report.Text, ""); v.code == 0 && !tc.blamed {
				t.Fatalf("the file does not fail before the edit, so nothing tests the old errors:\n%s", f.read("members.toml"))
			}
			r := f.do(tc.edit)
			blamed := strings.Contains(r.stderr, "this edit made")
			if tc.blamed && !strings.Contains(r.stderr, "now fails on 1 error this edit made;") {
				t.Errorf("%s: not blamed for exactly one error:\n%s", tc.edit.name, r.stderr)
			}
			if !r.wrote() || blamed != tc.blamed || (r.code == workspace.ExitFailed) != tc.blamed {
				t.Errorf("%s: exit %d, blamed %v, want %v\n%s", tc.edit.name, r.code, blamed, tc.blamed, r.stderr)
			}
		})
	}
}
