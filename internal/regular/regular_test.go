//go:build unix

package regular_test

import (
	"os"
	"path/filepath"
	"strings"
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

// TestReadFileRefusesWhatIsNoFile: ReadFile reads a file, and through a
// link, but refuses a FIFO (whose open would block for ever) and a
// directory at once, saying what they are.
func TestReadFileRefusesWhatIsNoFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "members.toml")
	if err := os.WriteFile(file, []byte("schema = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(file, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{file, filepath.Join(dir, "link")} {
		if data, err := regular.ReadFile(p); err != nil || string(data) != "schema = 1\n" {
			t.Errorf("ReadFile(%s) = %q, %v", p, data, err)
		}
	}
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	for p, want := range map[string]string{fifo: "a named pipe (FIFO)", dir: "a directory"} {
		if _, err := regular.ReadFile(p); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadFile(%s): %v, want it to say %q", p, err, want)
		}
	}
}
