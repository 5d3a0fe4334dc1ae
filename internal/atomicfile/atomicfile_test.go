//go:build unix

package atomicfile_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/roster-dev/roster/internal/atomicfile"
)

func TestNewFilesRespectTheUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := atomicfile.Write(path, []byte("x"), 0o666); err != nil {
		t.Fatal(err)
	}
	if mode := stat(t, path); mode != 0o600 {
		t.Errorf("mode %o, want 600 under umask 077", mode)
	}
}

func TestExistingFilesKeepTheirMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := atomicfile.Write(path, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if mode := stat(t, path); mode != 0o600 {
		t.Errorf("mode %o, want the file's own 600", mode)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("content %q", got)
	}
}

func TestSymlinksStayLinks(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "repo", "members.toml")
	if err := os.MkdirAll(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "members.toml")
	if err := os.Symlink(filepath.Join("repo", "members.toml"), link); err != nil {
		t.Fatal(err)
	}
	if err := atomicfile.Write(link, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced by a file: %v %v", fi.Mode(), err)
	}
	if got, _ := os.ReadFile(real); string(got) != "new" {
		t.Errorf("the file the link names holds %q", got)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "repo", ".*tmp*"))
	if len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func stat(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}
