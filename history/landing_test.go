package history_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// TestLandingOf: a commit of the line is on it; one of a branch merged
// later landed with the merge, also one deep in the branch or on a
// branch merged into it; one of a branch never merged, nowhere.
func TestLandingOf(t *testing.T) {
	r := historytest.New(t)
	r.Commit("members.toml", "schema = 1\n", "Start")
	main := r.Git("branch", "--show-current")
	r.Git("checkout", "-q", "-b", "pr")
	deep := r.Commit("members.toml", "schema = 1\n# deep\n", "Deep in the branch")
	r.Git("checkout", "-q", "-b", "sub")
	sub := r.Commit("sub.txt", "sub\n", "On a branch of the branch")
	r.Git("checkout", "-q", "pr")
	pr := r.Commit("members.toml", "schema = 1\n# pr\n", "On the branch")
	r.Tick()
	r.Git("merge", "-q", "--no-ff", "sub", "-m", "Merge sub into pr")
	prTip := r.Git("rev-parse", "HEAD")
	r.Git("checkout", "-q", main)
	r.Commit("other.txt", "other\n", "Meanwhile on the line")
	r.Tick()
	r.Git("merge", "-q", "--no-ff", "pr", "-m", "Merge pr (#7)")
	merge := r.Git("rev-parse", "HEAD")
	r.Git("checkout", "-q", "-b", "lone")
	lone := r.Commit("members.toml", "schema = 1\n# lone\n", "Never merged")
	r.Git("checkout", "-q", main)

	for _, tc := range []struct {
		rev    string
		onLine bool
		merged string
	}{
		{merge, true, ""},
		{"HEAD", true, ""},
		{"2026-03-01", true, ""},
		{pr, false, merge},
		{deep, false, merge},
		{sub, false, merge},
		{prTip, false, merge},
		{lone, false, ""},
		{"pr", false, ""}, // a branch's name: as it is
	} {
		got, err := history.LandingOf(t.Context(), r.Dir, tc.rev)
		if err != nil {
			t.Fatalf("%s: %v", tc.rev, err)
		}
		if got.OnLine != tc.onLine || got.Merged.Commit != tc.merged || got.Named != (tc.rev == "pr") {
			t.Errorf("LandingOf(%s) = %+v, want on line %v, merged %s", tc.rev, got, tc.onLine, tc.merged)
		}
	}
}

// TestAShortIDThatIsAlsoARefIsRefused: a tag named like a commit id roster
// printed (git reads the ref first) would show an auditor the tag's
// commit instead: refused as ambiguous.
func TestAShortIDThatIsAlsoARefIsRefused(t *testing.T) {
	r := historytest.New(t)
	r.Commit("members.toml", "schema = 1\n", "Start")
	c2 := r.Commit("members.toml", "schema = 1\n# two\n", "Two")
	main := r.Git("branch", "--show-current")
	r.Git("checkout", "-q", "-b", "evil", "HEAD~1")
	r.Commit("members.toml", "schema = 1\n# evil\n", "Evil")
	r.Git("tag", c2[:10])
	r.Git("checkout", "-q", main)
	_, _, err := history.FileAt(t.Context(), r.Dir, "members.toml", c2[:10])
	if !errors.Is(err, history.ErrBadRevision) || !strings.Contains(err.Error(), "both a commit id and") {
		t.Errorf("FileAt(%s): %v", c2[:10], err)
	}
	if _, _, err := history.FileAt(t.Context(), r.Dir, "members.toml", c2); err != nil {
		t.Errorf("the full id: %v", err)
	}
	// A branch whose name only looks like an id no commit has is a
	// branch.
	r.Git("branch", "feed")
	if _, _, err := history.FileAt(t.Context(), r.Dir, "members.toml", "feed"); err != nil && !strings.HasPrefix(c2, "feed") {
		t.Errorf("a branch named feed: %v", err)
	}
}
