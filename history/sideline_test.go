package history_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// Members of the tests of branches merged into the line.
var (
	sideAda   = member("ada@example.org", `reports = "owner"`)
	sideBob   = member("bob@example.org", `reports = "member"`)
	sideCarol = member("carol@example.org", `reports = "member"`)
	sideErin  = member("erin@example.org", `reports = "member"`)
)

// foxtrot builds the history of a "foxtrot" merge: a feature branch
// forks from the start, main makes its own commits (contents and
// subjects, in pairs), main is merged into the branch, and main is
// fast-forwarded to that merge, so that main's commits are its second
// parent's. It returns the ids of main's commits.
func foxtrot(r *historytest.Repo, onMain ...string) []string {
	r.Commit("members.toml", header+sideAda, "Start")
	r.Git("checkout", "-q", "-b", "feature")
	r.Commit("members.toml", "# The lists.\n"+header+sideAda, "Feature work")
	r.Git("checkout", "-q", "main")
	var ids []string
	for i := 0; i+1 < len(onMain); i += 2 {
		ids = append(ids, r.Commit("members.toml", onMain[i], onMain[i+1]))
	}
	r.Git("checkout", "-q", "feature")
	r.Tick()
	r.Git("merge", "-q", "--no-edit", "-m", "Merge main into feature", "main")
	r.Git("checkout", "-q", "main")
	r.Git("merge", "-q", "--ff-only", "feature")
	return ids
}

// TestListedByGroupCountsMergedBranches: whom a commit of a branch merged
// into the line listed was managed, as the line's own were: someone it
// listed whom the file no longer lists was taken off, named by the commit
// that took them off, or the merge that did. A branch never merged has
// no say, and neither does another file that took one of the file's old
// names on a branch forked after the rename.
func TestListedByGroupCountsMergedBranches(t *testing.T) {
	for _, tc := range []struct {
		name string
		// build returns the commit the removal of bob must name, or "".
		build func(r *historytest.Repo) string
		want  map[string]string
	}{
		{"foxtrot: listed and taken off on main, then main fast-forwarded to its merge into a branch", func(r *historytest.Repo) string {
			ids := foxtrot(r, header+sideAda+sideBob, "Add bob", header+sideAda, "Remove bob")
			return ids[1]
		}, map[string]string{"ada@example.org": "listed", "bob@example.org": "removed: Remove bob"}},
		{"foxtrot whose merge changes the file too", func(r *historytest.Repo) string {
			ids := foxtrot(r, header+sideAda+sideBob, "Add bob", header+sideAda, "Remove bob", header+sideAda+sideCarol, "Add carol")
			return ids[1]
		}, map[string]string{"ada@example.org": "listed", "bob@example.org": "removed: Remove bob", "carol@example.org": "listed"}},
		{"taken off on the line, then listed and taken off again on main before a foxtrot merge", func(r *historytest.Repo) string {
			r.Commit("members.toml", header+sideAda+sideBob, "Start")
			r.Commit("members.toml", header+sideAda, "Remove bob")
			r.Git("checkout", "-q", "-b", "feature")
			r.Commit("members.toml", "# The lists.\n"+header+sideAda, "Feature work")
			r.Git("checkout", "-q", "main")
			r.Commit("members.toml", header+sideAda+sideBob, "Add bob again")
			id := r.Commit("members.toml", header+sideAda, "Remove bob again")
			r.Git("checkout", "-q", "feature")
			r.Tick()
			r.Git("merge", "-q", "--no-edit", "-m", "Merge main into feature", "main")
			r.Git("checkout", "-q", "main")
			r.Git("merge", "-q", "--ff-only", "feature")
			return id
		}, map[string]string{"ada@example.org": "listed", "bob@example.org": "removed: Remove bob again"}},
		{"a merged branch that only added: still listed", func(r *historytest.Repo) string {
			r.Commit("members.toml", header+sideAda, "Start")
			r.Git("checkout", "-q", "-b", "pr")
			r.Commit("members.toml", header+sideAda+sideCarol, "Add carol")
			r.Git("checkout", "-q", "main")
			r.Tick()
			r.Git("merge", "-q", "--no-ff", "-m", "Merge pr (#2)", "pr")
			return ""
		}, map[string]string{"ada@example.org": "listed", "carol@example.org": "listed"}},
		{"a branch never merged has no say", func(r *historytest.Repo) string {
			r.Commit("members.toml", header+sideAda, "Start")
			r.Git("checkout", "-q", "-b", "stray")
			r.Commit("members.toml", header+sideAda+sideBob, "Add bob")
			r.Commit("members.toml", header+sideAda, "Remove bob")
			r.Git("checkout", "-q", "main")
			r.Git("checkout", "-q", "-b", "pr")
			r.Commit("members.toml", header+sideAda+sideCarol, "Add carol")
			r.Git("checkout", "-q", "main")
			r.Tick()
			r.Git("merge", "-q", "--no-ff", "-m", "Merge pr (#2)", "pr")
			return ""
		}, map[string]string{"ada@example.org": "listed", "carol@example.org": "listed"}},
		{"linear history", func(r *historytest.Repo) string {
			r.Commit("members.toml", header+sideAda+sideBob, "Start")
			id := r.Commit("members.toml", header+sideAda, "Remove bob")
			r.Commit("members.toml", header+sideAda+sideCarol, "Add carol")
			return id
		}, map[string]string{"ada@example.org": "listed", "bob@example.org": "removed: Remove bob", "carol@example.org": "listed"}},
		{"listed on a branch, left out by its merge", func(r *historytest.Repo) string {
			r.Commit("members.toml", header+sideAda, "Start")
			r.Git("checkout", "-q", "-b", "pr")
			r.Commit("members.toml", header+sideAda+sideBob, "Add bob")
			r.Git("checkout", "-q", "main")
			r.Tick()
			r.Git("merge", "-q", "--no-ff", "-s", "ours", "-m", "Merge pr, without bob", "pr")
			return r.Git("rev-parse", "HEAD")
		}, map[string]string{"ada@example.org": "listed", "bob@example.org": "removed: Merge pr, without bob"}},
		{"a branch forked before a rename, under the old name", func(r *historytest.Repo) string {
			r.Commit("old.toml", header+sideAda, "Start")
			r.Git("branch", "side")
			r.Tick()
			r.Git("mv", "old.toml", "members.toml")
			r.Git("commit", "-q", "-m", "Rename")
			r.Git("checkout", "-q", "side")
			r.Commit("old.toml", header+sideAda+sideBob, "Add bob")
			id := r.Commit("old.toml", header+sideAda, "Remove bob")
			r.Git("checkout", "-q", "main")
			r.Tick()
			r.Git("merge", "-q", "--no-ff", "-m", "Merge side", "side")
			return id
		}, map[string]string{"ada@example.org": "listed", "bob@example.org": "removed: Remove bob"}},
		{"another file under an old name, on a branch forked after the rename", func(r *historytest.Repo) string {
			r.Commit("old.toml", header+sideAda, "Start")
			r.Tick()
			r.Git("mv", "old.toml", "members.toml")
			r.Git("commit", "-q", "-m", "Rename")
			r.Git("checkout", "-q", "-b", "side")
			r.Commit("old.toml", teamsHeader+sideCarol, "An example at the old name")
			r.Git("rm", "-q", "old.toml")
			r.Git("commit", "-q", "-m", "Drop the example")
			r.Git("checkout", "-q", "main")
			r.Tick()
			r.Git("merge", "-q", "--no-ff", "-m", "Merge side", "side")
			return ""
		}, map[string]string{"ada@example.org": "listed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := historytest.New(t)
			removedIn := tc.build(r)
			got, err := history.ListedByGroup(context.Background(), r.Dir, "members.toml")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, listedState(t, got)["security@example.org"]); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if where := got["security@example.org"]["bob@example.org"]; removedIn != "" && !strings.HasPrefix(where, "removed in "+history.ShortCommit(removedIn)+" ") {
				t.Errorf("bob: %q, want removed in %s", where, history.ShortCommit(removedIn))
			}
		})
	}
}
