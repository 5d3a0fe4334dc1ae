package history_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/history"
)

// gitIn runs git in dir at a fixed date and returns its output.
func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE=2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE=2026-01-01T00:00:00Z")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// updatedBranch builds a repository (initArgs to git init) where main
// is the base, feature adds lin, main adds a comment, and feature merges
// main: GitHub's "Update branch". It returns the merge and the base.
func updatedBranch(t *testing.T, dir string, initArgs ...string) (merge, base string) {
	gitIn(t, dir, append([]string{"init", "-q", "-b", "main"}, initArgs...)...)
	gitIn(t, dir, "config", "user.name", "t")
	gitIn(t, dir, "config", "user.email", "t@example.com")
	w := func(s string) { os.WriteFile(filepath.Join(dir, "members.toml"), []byte(s), 0o644) }
	w("a\nb\nc\nd\ne\nf\n")
	gitIn(t, dir, "add", ".")
	gitIn(t, dir, "commit", "-qm", "base")
	gitIn(t, dir, "checkout", "-q", "-b", "feature")
	w("a\nb\nc\nd\ne\nf\nlin\n")
	gitIn(t, dir, "commit", "-qam", "add lin")
	gitIn(t, dir, "checkout", "-q", "main")
	w("# comment\na\nb\nc\nd\ne\nf\n")
	gitIn(t, dir, "commit", "-qam", "comment")
	base = gitIn(t, dir, "rev-parse", "HEAD")
	gitIn(t, dir, "checkout", "-q", "feature")
	gitIn(t, dir, "merge", "-q", "--no-edit", "main")
	return gitIn(t, dir, "rev-parse", "HEAD"), base
}

// TestCleanMergeShapes: an "Update branch" merge is read as clean in a
// SHA-1 and a SHA-256 repository and from a linked worktree, and the
// throwaway repository each check merges in is removed after it.
func TestCleanMergeShapes(t *testing.T) {
	ctx := context.Background()
	t.Run("sha1", func(t *testing.T) {
		d := t.TempDir()
		m, b := updatedBranch(t, d)
		if !history.CleanMerge(ctx, d, m, b) {
			t.Error("plain Update-branch merge not clean")
		}
	})
	t.Run("sha256", func(t *testing.T) {
		d := t.TempDir()
		m, b := updatedBranch(t, d, "--object-format=sha256")
		if !history.CleanMerge(ctx, d, m, b) {
			t.Errorf("SHA-256 repository: Update-branch merge %s not recognised as clean", m)
		}
	})
	t.Run("worktree", func(t *testing.T) {
		d := t.TempDir()
		m, b := updatedBranch(t, d)
		wt := filepath.Join(t.TempDir(), "wt")
		gitIn(t, d, "worktree", "add", "-q", "--detach", wt, m)
		if !history.CleanMerge(ctx, wt, m, b) {
			t.Error("linked worktree: not clean")
		}
	})
	t.Run("tmpdirs-cleaned", func(t *testing.T) {
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		d := t.TempDir()
		m, b := updatedBranch(t, d)
		history.CleanMerge(ctx, d, m, b)
		history.CleanMerge(ctx, d, m, strings.Repeat("0", 40))
		ents, _ := os.ReadDir(tmp)
		if len(ents) != 0 {
			t.Errorf("left behind: %v", ents)
		}
	})
}
