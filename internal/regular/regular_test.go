//go:build unix

package regular_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/roster-dev/roster/internal/regular"
	"github.com/roster-dev/roster/internal/testmain"
)

func TestMain(m *testing.M) { testmain.Main(m) }

// TestRead reads a small regular file, and nothing else: not a link to
// one, a file over the limit, a FIFO (which would block) or a directory.
func TestRead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, []byte("abc"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(file, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, ok := regular.Read(file, 3); !ok || string(data) != "abc" {
		t.Errorf("the file: %q, %v", data, ok)
	}
	for name, limit := range map[string]int64{"link": 10, "fifo": 10, "f": 2, ".": 10, "missing": 10} {
		if data, ok := regular.Read(filepath.Join(dir, name), limit); ok {
			t.Errorf("%s (limit %d) was read: %q", name, limit, data)
		}
	}
}
