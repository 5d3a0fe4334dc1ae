//go:build unix

package regular_test

import (
	"os"
	"path/filepath"
	"strconv"
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

// TestReadFileReadsAProcessSubstitution: a key passed as <(command) is
// a pipe the process has open (/dev/fd/N): ReadFile reads it, as it
// refuses a named pipe on disk.
func TestReadFileReadsAProcessSubstitution(t *testing.T) {
	t.Parallel()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	go func() {
		w.WriteString(`{"type":"service_account"}`)
		w.Close()
	}()
	path := "/proc/self/fd/" + strconv.Itoa(int(r.Fd()))
	if _, err := os.Stat(path); err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	if data, err := regular.ReadFile(path); err != nil || string(data) != `{"type":"service_account"}` {
		t.Errorf("ReadFile(%s) = %q, %v", path, data, err)
	}
}

// TestReadFileAtMostRefusesALargeFile: a file larger than the bound (a
// sparse one, of no disk) is refused before it is read; one within it
// is read.
func TestReadFileAtMostRefusesALargeFile(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.csv")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := regular.ReadFileAtMost(big, 1<<20); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("a sparse gigabyte: %v, want refused", err)
	}
	small := filepath.Join(dir, "small.csv")
	if err := os.WriteFile(small, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if data, err := regular.ReadFileAtMost(small, 1); err != nil || string(data) != "x" {
		t.Errorf("within the bound: %q, %v", data, err)
	}
}
