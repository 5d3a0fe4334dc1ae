package history_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// TestWorkingTreeComparisonRunsNoFilter: comparing a commit with the
// checkout (a review of the working tree) must not run the clean
// filter the repository's own config and .git/info/attributes name, as
// git diff does for a file whose index entry is stale; and it must still
// find what changed, on every route that compares with the checkout.
func TestWorkingTreeComparisonRunsNoFilter(t *testing.T) {
	r := historytest.New(t)
	r.CommitFiles("Start (#1)", ".gitattributes", "*.toml text\n", "members.toml", "schema = 1\n",
		"snap.csv", "email\n", "other.toml", "schema = 1\n")
	ran := filepath.Join(t.TempDir(), "ran")
	r.Git("config", "filter.x.clean", "touch "+ran+"; cat")
	r.Git("config", "filter.x.process", "touch "+ran+"; cat")
	if err := os.WriteFile(filepath.Join(r.Dir, ".git", "info", "attributes"), []byte("* filter=x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stale := func() {
		t.Helper()
		later := time.Now().Add(time.Hour)
		for _, f := range []string{".gitattributes", "members.toml", "snap.csv", "other.toml"} {
			if err := os.Chtimes(filepath.Join(r.Dir, f), later, later); err != nil {
				t.Fatal(err)
			}
		}
	}
	ctx := context.Background()
	check := func(what string, got []string, err error, want []string) {
		t.Helper()
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%s: got %v, %v; want %v", what, got, err, want)
		}
		if _, err := os.Stat(ran); err == nil {
			t.Fatalf("%s ran the repository's clean filter", what)
		}
	}

	stale()
	got, err := history.AttributesChanged(ctx, r.Dir, "members.toml", "HEAD", "")
	check("attributes, unchanged", got, err, nil)
	got, err = history.SiblingsChanged(ctx, r.Dir, "members.toml", "HEAD", "", []string{"snap.csv", "gone.csv"})
	check("snapshots, unchanged", got, err, nil)
	_, err = history.ListsElsewhereAt(ctx, r.Dir, "members.toml", "HEAD", "", []string{"sec@example.org"})
	check("other files", nil, err, nil)

	r.Write(".gitattributes", "*.toml text eol=crlf\n")
	r.Write("snap.csv", "email\nmallory@example.org\n")
	r.Write("gone.csv", "email\n")
	stale()
	got, err = history.AttributesChanged(ctx, r.Dir, "members.toml", "HEAD", "")
	check("attributes, edited", got, err, []string{".gitattributes"})
	got, err = history.SiblingsChanged(ctx, r.Dir, "members.toml", "HEAD", "", []string{"snap.csv", "gone.csv"})
	check("snapshots, edited and new", got, err, []string{"gone.csv", "snap.csv"})
	if err := os.Remove(filepath.Join(r.Dir, "snap.csv")); err != nil {
		t.Fatal(err)
	}
	got, err = history.SiblingsChanged(ctx, r.Dir, "members.toml", "HEAD", "", []string{"snap.csv"})
	check("snapshot, deleted", got, err, []string{"snap.csv"})
	_, err = history.ListsElsewhereAt(ctx, r.Dir, "members.toml", "HEAD", "", []string{"sec@example.org"})
	check("other files, edited", nil, err, nil)
}
