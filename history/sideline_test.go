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
	t.Parallel()
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

// TestHistoryShowsWhatMergedBranchesDid: the events of a branch's commits
// that its merge does not show (listed, then taken off before the merge)
// are in the history, just before the merge, and in a window as it is;
// what the merge shows is its own event, once.
func TestHistoryShowsWhatMergedBranchesDid(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		build func(r *historytest.Repo) history.Options
		want  []ev
	}{
		{"foxtrot", func(r *historytest.Repo) history.Options {
			foxtrot(r, header+sideAda+sideBob, "Add bob", header+sideAda, "Remove bob")
			r.Commit("members.toml", "# The lists.\n"+header+sideAda+sideCarol, "Add carol")
			return history.Options{}
		}, []ev{
			{"Start", "added", "reports", "ada@example.org", "owner", ""},
			{"Add bob", "added", "reports", "bob@example.org", "member", ""},
			{"Remove bob", "removed", "reports", "bob@example.org", "", "member"},
			{"Add carol", "added", "reports", "carol@example.org", "member", ""},
		}},
		{"foxtrot: the vetting of whom a branch listed and took off", func(r *historytest.Repo) history.Options {
			vetted := sideBob + "vetting = [{ by = \"ada@example.org\", on = 2026-01-05, method = \"video-call\" }]\n"
			foxtrot(r, header+sideAda+vetted, "Add bob", header+sideAda, "Remove bob")
			return history.Options{Member: "bob@example.org"}
		}, []ev{
			{"Add bob", "added", "reports", "bob@example.org", "member", ""},
			{"Add bob", "vetted", "", "bob@example.org", "", ""},
			{"Remove bob", "removed", "reports", "bob@example.org", "", "member"},
		}},
		{"foxtrot, one member", func(r *historytest.Repo) history.Options {
			foxtrot(r, header+sideAda+sideBob, "Add bob", header+sideAda, "Remove bob")
			return history.Options{Member: "bob@example.org"}
		}, []ev{
			{"Add bob", "added", "reports", "bob@example.org", "member", ""},
			{"Remove bob", "removed", "reports", "bob@example.org", "", "member"},
		}},
		{"foxtrot, a window that ends before the merge", func(r *historytest.Repo) history.Options {
			foxtrot(r, header+sideAda+sideBob, "Add bob", header+sideAda, "Remove bob")
			return history.Options{LogOptions: history.LogOptions{Until: r.Git("rev-parse", "HEAD^1")}}
		}, []ev{
			{"Start", "added", "reports", "ada@example.org", "owner", ""},
		}},
		{"a pull request merged: its addition once, as the merge's", func(r *historytest.Repo) history.Options {
			r.Commit("members.toml", header+sideAda, "Start")
			r.Git("checkout", "-q", "-b", "pr")
			r.Commit("members.toml", header+sideAda+sideCarol, "Add carol")
			r.Git("checkout", "-q", "main")
			r.Tick()
			r.Git("merge", "-q", "--no-ff", "-m", "Merge pr (#2)", "pr")
			return history.Options{}
		}, []ev{
			{"Start", "added", "reports", "ada@example.org", "owner", ""},
			{"Merge pr (#2)", "added", "reports", "carol@example.org", "member", ""},
		}},
		{"a pull request that listed someone and took them off again", func(r *historytest.Repo) history.Options {
			r.Commit("members.toml", header+sideAda, "Start")
			r.Git("checkout", "-q", "-b", "pr")
			r.Commit("members.toml", header+sideAda+sideCarol+sideErin, "Add carol and erin")
			r.Commit("members.toml", header+sideAda+sideCarol, "Not erin after all")
			r.Git("checkout", "-q", "main")
			r.Tick()
			r.Git("merge", "-q", "--no-ff", "-m", "Merge pr (#3)", "pr")
			return history.Options{}
		}, []ev{
			{"Start", "added", "reports", "ada@example.org", "owner", ""},
			{"Add carol and erin", "added", "reports", "erin@example.org", "member", ""},
			{"Not erin after all", "removed", "reports", "erin@example.org", "", "member"},
			{"Merge pr (#3)", "added", "reports", "carol@example.org", "member", ""},
		}},
		// A merge that resolves what the branch did otherwise: the
		// branch's changes end where the line has the person, the last
		// step made by the merge that resolved it.
		{"a branch's own merge of the line leaves out whom it listed", func(r *historytest.Repo) history.Options {
			r.Commit("members.toml", header+sideAda, "Start")
			r.Git("checkout", "-q", "-b", "pr")
			r.Commit("members.toml", header+sideAda+sideErin, "Add erin")
			r.Git("checkout", "-q", "main")
			r.Commit("members.toml", header+sideAda+sideCarol, "Add carol (#3)")
			r.Git("checkout", "-q", "pr")
			r.Git("merge", "-q", "--no-commit", "--no-ff", "-s", "ours", "main")
			r.Commit("members.toml", header+sideAda+sideCarol, "Merge main into pr")
			r.Git("checkout", "-q", "main")
			r.Tick()
			r.Git("merge", "-q", "--no-ff", "-m", "Merge pr (#4)", "pr")
			return history.Options{}
		}, []ev{
			{"Start", "added", "reports", "ada@example.org", "owner", ""},
			{"Add carol (#3)", "added", "reports", "carol@example.org", "member", ""},
			{"Add erin", "added", "reports", "erin@example.org", "member", ""},
			{"Merge main into pr", "removed", "reports", "erin@example.org", "", "member"},
		}},
		{"the branch lists them again after its merge left them out, and the line's merge leaves them out", func(r *historytest.Repo) history.Options {
			r.Commit("members.toml", header+sideAda, "Start")
			r.Git("checkout", "-q", "-b", "pr")
			r.Commit("members.toml", header+sideAda+sideErin, "Add erin")
			r.Git("checkout", "-q", "main")
			r.Commit("members.toml", header+sideAda+sideCarol, "Add carol (#2)")
			r.Git("checkout", "-q", "pr")
			r.Git("merge", "-q", "--no-commit", "--no-ff", "-s", "ours", "main")
			r.Commit("members.toml", header+sideAda+sideCarol, "Merge main into pr")
			r.Commit("members.toml", header+sideAda+sideCarol+sideErin, "Add erin back")
			r.Git("checkout", "-q", "main")
			r.Git("merge", "-q", "--no-commit", "--no-ff", "-s", "ours", "pr")
			r.Commit("members.toml", header+sideAda+sideCarol, "Merge pr (#4)")
			return history.Options{Member: "erin@example.org"}
		}, []ev{
			{"Add erin", "added", "reports", "erin@example.org", "member", ""},
			{"Merge main into pr", "removed", "reports", "erin@example.org", "", "member"},
			{"Add erin back", "added", "reports", "erin@example.org", "member", ""},
			{"Merge pr (#4)", "removed", "reports", "erin@example.org", "", "member"},
		}},
		{"the line made the branch's change itself before the merge", func(r *historytest.Repo) history.Options {
			r.Commit("members.toml", header+sideAda+sideCarol, "Start")
			r.Git("checkout", "-q", "-b", "pr")
			r.Commit("members.toml", header+sideAda+sideErin, "Add erin, drop carol")
			r.Git("checkout", "-q", "main")
			r.Commit("members.toml", header+sideAda+sideErin+sideBob, "Add erin and bob, drop carol (#2)")
			r.Git("merge", "-q", "--no-commit", "--no-ff", "-s", "ours", "pr")
			r.Commit("members.toml", header+sideAda+sideErin+sideBob, "Merge pr (#3)")
			return history.Options{}
		}, []ev{
			{"Start", "added", "reports", "ada@example.org", "owner", ""},
			{"Start", "added", "reports", "carol@example.org", "member", ""},
			{"Add erin and bob, drop carol (#2)", "added", "reports", "bob@example.org", "member", ""},
			{"Add erin and bob, drop carol (#2)", "removed", "reports", "carol@example.org", "", "member"},
			{"Add erin and bob, drop carol (#2)", "added", "reports", "erin@example.org", "member", ""},
		}},
		{"both sides add them, in other roles", func(r *historytest.Repo) history.Options {
			r.Commit("members.toml", header+sideAda, "Start")
			r.Git("checkout", "-q", "-b", "pr")
			r.Commit("members.toml", header+sideAda+sideBob, "Add bob as member")
			r.Git("checkout", "-q", "main")
			bobOwner := strings.Replace(sideBob, `reports = "member"`, `reports = "owner"`, 1)
			r.Commit("members.toml", header+sideAda+bobOwner, "Add bob as owner (#2)")
			r.Git("merge", "-q", "--no-commit", "--no-ff", "-s", "ours", "pr")
			r.Commit("members.toml", header+sideAda+bobOwner, "Merge pr (#3)")
			return history.Options{Member: "bob@example.org"}
		}, []ev{
			{"Add bob as owner (#2)", "added", "reports", "bob@example.org", "owner", ""},
		}},
		{"both sides add the same record", func(r *historytest.Repo) history.Options {
			r.Commit("members.toml", header+sideAda+sideBob, "Start")
			vetted := sideBob + "vetting = [{ by = \"ada@example.org\", on = 2026-01-05, method = \"video-call\" }]\n"
			r.Git("checkout", "-q", "-b", "pr")
			r.Commit("members.toml", header+sideAda+vetted, "Vet bob")
			r.Git("checkout", "-q", "main")
			r.Commit("members.toml", header+sideAda+vetted, "Vet bob too (#2)")
			r.Git("merge", "-q", "--no-commit", "--no-ff", "-s", "ours", "pr")
			r.Commit("members.toml", header+sideAda+vetted, "Merge pr (#3)")
			return history.Options{Member: "bob@example.org"}
		}, []ev{
			{"Start", "added", "reports", "bob@example.org", "member", ""},
			{"Vet bob too (#2)", "vetted", "", "bob@example.org", "", ""},
		}},
		{"the line's merge leaves out whom the branch listed", func(r *historytest.Repo) history.Options {
			r.Commit("members.toml", header+sideAda, "Start")
			r.Git("checkout", "-q", "-b", "pr")
			r.Commit("members.toml", header+sideAda+sideErin, "Add erin")
			r.Git("checkout", "-q", "main")
			r.Git("merge", "-q", "--no-commit", "--no-ff", "pr")
			r.Commit("members.toml", header+sideAda, "Merge pr (#5)")
			return history.Options{}
		}, []ev{
			{"Start", "added", "reports", "ada@example.org", "owner", ""},
			{"Add erin", "added", "reports", "erin@example.org", "member", ""},
			{"Merge pr (#5)", "removed", "reports", "erin@example.org", "", "member"},
		}},
		{"the line's merge keeps the role the branch changed", func(r *historytest.Repo) history.Options {
			r.Commit("members.toml", header+sideAda+sideBob, "Start")
			r.Git("checkout", "-q", "-b", "pr")
			r.Commit("members.toml", header+sideAda+strings.Replace(sideBob, `reports = "member"`, `reports = "owner"`, 1), "Promote bob")
			r.Git("checkout", "-q", "main")
			r.Git("merge", "-q", "--no-commit", "--no-ff", "pr")
			r.Commit("members.toml", header+sideAda+sideBob, "Merge pr (#6)")
			return history.Options{}
		}, []ev{
			{"Start", "added", "reports", "ada@example.org", "owner", ""},
			{"Start", "added", "reports", "bob@example.org", "member", ""},
			{"Promote bob", "role_changed", "reports", "bob@example.org", "owner", "member"},
			{"Merge pr (#6)", "role_changed", "reports", "bob@example.org", "member", "owner"},
		}},
		{"the line's merge keeps whom the branch took off", func(r *historytest.Repo) history.Options {
			r.Commit("members.toml", header+sideAda+sideBob, "Start")
			r.Git("checkout", "-q", "-b", "pr")
			r.Commit("members.toml", header+sideAda, "Remove bob")
			r.Git("checkout", "-q", "main")
			r.Git("merge", "-q", "--no-commit", "--no-ff", "pr")
			r.Commit("members.toml", header+sideAda+sideBob, "Merge pr (#7)")
			return history.Options{}
		}, []ev{
			{"Start", "added", "reports", "ada@example.org", "owner", ""},
			{"Start", "added", "reports", "bob@example.org", "member", ""},
			{"Remove bob", "removed", "reports", "bob@example.org", "", "member"},
			{"Merge pr (#7)", "added", "reports", "bob@example.org", "member", ""},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := historytest.New(t)
			opts := tc.build(r)
			events, problems, err := history.History(context.Background(), r.Dir, "members.toml", opts)
			if err != nil || len(problems) != 0 {
				t.Fatal(err, problems)
			}
			if diff := cmp.Diff(tc.want, simplify(events)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			for i := 1; i < len(events); i++ {
				if events[i].Date.Before(events[i-1].Date) {
					t.Errorf("event %d dated %s, before the one before it (%s)", i, events[i].Date, events[i-1].Date)
				}
			}
		})
	}
}
