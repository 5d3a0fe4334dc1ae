package history_test

import (
	"context"
	"testing"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// TestHeldSinceMergedCountsTheBranchAMergeTookIn: after a "foxtrot"
// merge, the line lists bob from the merge on, while main's own commit
// (now the merged branch's) listed him days before: his spell began
// there, as a linear history of the same commits says; a branch that
// took him off again before the merge, or a line that listed him only
// itself, leaves the line's answer.
func TestHeldSinceMergedCountsTheBranchAMergeTookIn(t *testing.T) {
	day := func(r *historytest.Repo, commit string) time.Time {
		d, err := time.Parse(time.RFC3339, r.Git("log", "-1", "--format=%cI", commit))
		if err != nil {
			t.Fatal(err)
		}
		return d.UTC()
	}
	for _, tc := range []struct {
		name string
		// build returns the commit whose day bob's spell began on.
		build func(r *historytest.Repo) string
	}{
		{"foxtrot: listed on main before the merge", func(r *historytest.Repo) string {
			ids := foxtrot(r, header+sideAda+sideBob, "Add bob", header+sideAda+sideBob+sideCarol, "Add carol")
			return ids[0]
		}},
		{"linear: the same commits", func(r *historytest.Repo) string {
			r.Commit("members.toml", header+sideAda, "Start")
			id := r.Commit("members.toml", header+sideAda+sideBob, "Add bob")
			r.Commit("members.toml", header+sideAda+sideBob+sideCarol, "Add carol")
			return id
		}},
		{"foxtrot: listed, taken off and listed again on main", func(r *historytest.Repo) string {
			ids := foxtrot(r, header+sideAda+sideBob, "Add bob", header+sideAda, "Remove bob", header+sideAda+sideBob, "Add bob again")
			return ids[2]
		}},
		{"foxtrot: taken off on main, listed by the merge itself", func(r *historytest.Repo) string {
			r.Commit("members.toml", header+sideAda, "Start")
			r.Git("checkout", "-q", "-b", "feature")
			r.Commit("members.toml", "# The lists.\n"+header+sideAda, "Feature work")
			r.Git("checkout", "-q", "main")
			r.Commit("members.toml", header+sideAda+sideBob, "Add bob")
			r.Commit("members.toml", header+sideAda, "Remove bob")
			r.Git("checkout", "-q", "feature")
			r.Tick()
			r.Git("merge", "-q", "--no-commit", "main")
			r.Write("members.toml", "# The lists.\n"+header+sideAda+sideBob)
			r.Git("add", "members.toml")
			r.Git("commit", "-q", "-m", "Merge main, bob back")
			merge := r.Git("rev-parse", "HEAD")
			r.Git("checkout", "-q", "main")
			r.Git("merge", "-q", "--ff-only", "feature")
			return merge
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := historytest.New(t)
			want := day(r, tc.build(r))
			tl, err := history.ReadTimeline(context.Background(), r.Dir, "members.toml")
			if err != nil {
				t.Fatal(err)
			}
			since, ok, err := tl.HeldSinceMerged(context.Background(), "security@example.org", "bob@example.org", "member")
			if err != nil || !ok || !since.Equal(want) {
				t.Errorf("bob held since %s (%v, %v), want %s", since, ok, err, want)
			}
		})
	}
}
