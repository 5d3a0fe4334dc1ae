package history_test

import (
	"context"
	"slices"
	"testing"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// TestAttributesChanged: the .gitattributes on the members file's path,
// at the top or in its directory, are found when a change edits them;
// one beside it in another directory, or a change that edits none, is
// not.
func TestAttributesChanged(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	r.Commit("lists/members.toml", "schema = 1\n", "Create (#1)")
	base := r.Git("rev-parse", "HEAD")
	r.Commit("other/.gitattributes", "* text\n", "Other (#2)")
	ctx := context.Background()
	if got, err := history.AttributesChanged(ctx, r.Dir, "lists/members.toml", base, "HEAD"); err != nil || len(got) != 0 {
		t.Errorf("another directory's attributes: %v, %v", got, err)
	}
	r.Commit(".gitattributes", "*.toml working-tree-encoding=UTF-16\n", "Top (#3)")
	r.Commit("lists/.gitattributes", "members.toml filter=x\n", "Beside (#4)")
	got, err := history.AttributesChanged(ctx, r.Dir, "lists/members.toml", base, "HEAD")
	if err != nil || !slices.Equal(got, []string{".gitattributes", "lists/.gitattributes"}) {
		t.Errorf("got %v, %v", got, err)
	}
	if _, err := history.AttributesChanged(ctx, r.Dir, "lists/members.toml", "--output=x", "HEAD"); err == nil {
		t.Error("a revision that looks like an option was taken")
	}
}
