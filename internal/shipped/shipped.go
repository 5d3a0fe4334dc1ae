// Package shipped gives tests the project's example members.toml as the
// repository ships it: the committed version when the checkout is a git
// repository, so that a contributor who follows the quick start (which
// edits members.toml) and then runs the tests tests the example, not
// their edits; the file on disk otherwise (a source archive).
package shipped

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Example returns the example members.toml as shipped.
func Example(tb testing.TB) []byte {
	tb.Helper()
	root := root(tb)
	cmd := exec.Command("git", "-C", root, "show", "HEAD:members.toml")
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.Output(); err == nil && len(out) > 0 {
		return out
	}
	data, err := os.ReadFile(filepath.Join(root, "members.toml"))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// root is the directory of the module's go.mod, above the test's own.
func root(tb testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}
