package workspace_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestReviewRunsNoMergeDriver: a repository's own merge driver (a
// program in .git/config, named by .git/info/attributes) is never run
// by review, which asks git whether a merge in the pull request is a
// clean one (merge-tree): it merges in a repository of the objects
// alone, with no config and no attributes of the one it reads.
func TestReviewRunsNoMergeDriver(t *testing.T) {
	f := newFixtureFrom(t, "review", emulator.Options{}, true)
	c1, b1 := branchBehindBase(f)
	f.repo.Git("merge", "-q", "--no-edit", "main")
	g := mergedByAnOwner(t, f, c1, b1)

	marker := filepath.Join(t.TempDir(), "pwned")
	// The hostile repository: config and attributes, neither tracked.
	f.repo.Git("config", "merge.pwn.driver", "touch "+marker+"; false")
	if err := os.WriteFile(filepath.Join(f.repo.Dir, ".git", "info", "attributes"), []byte("* merge=pwn\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: b1, Head: "HEAD", Format: report.Text, PR: 7, GitHub: g}))
	if _, err := os.Stat(marker); err == nil {
		t.Errorf("roster review ran the repository's merge driver (exit %d)", r.code)
	}
	// And the merge was still asked about, and read as the clean update
	// it is (as without the driver): the test proves nothing if git was
	// never run.
	if r.code != 0 {
		t.Errorf("the clean merge is not read as one: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
