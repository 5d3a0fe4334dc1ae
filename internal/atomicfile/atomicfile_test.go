//go:build unix

package atomicfile_test

import (
	"os"
	"path/filepath"
	"strings"
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

// TestPrivateFilesAreTheOwnersWhateverExisted: a private write (a plan,
// the emulator's state) over a file someone left world-readable, or
// under a lax umask, leaves it 0600; the members file, written without
// the option, keeps the mode its checkout gave it.
func TestPrivateFilesAreTheOwnersWhateverExisted(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	for _, tc := range []struct {
		name     string
		existing os.FileMode // 0: no file yet
		perm     os.FileMode
		opts     []atomicfile.Option
		want     os.FileMode
	}{
		{name: "a plan over a world-readable one", existing: 0o644, perm: 0o600, opts: []atomicfile.Option{atomicfile.Private}, want: 0o600},
		{name: "state over a group-writable one", existing: 0o664, perm: 0o600, opts: []atomicfile.Option{atomicfile.Private}, want: 0o600},
		{name: "a new private file", perm: 0o600, opts: []atomicfile.Option{atomicfile.Private}, want: 0o600},
		{name: "private whatever perm asks", existing: 0o644, perm: 0o644, opts: []atomicfile.Option{atomicfile.Private}, want: 0o600},
		{name: "the members file keeps its mode", existing: 0o644, perm: 0o644, want: 0o644},
		{name: "a members file kept private stays so", existing: 0o600, perm: 0o644, want: 0o600},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-"))
			if tc.existing != 0 {
				if err := os.WriteFile(path, []byte("old"), tc.existing); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, tc.existing); err != nil { // past the umask
					t.Fatal(err)
				}
			}
			if err := atomicfile.Write(path, []byte("new"), tc.perm, tc.opts...); err != nil {
				t.Fatal(err)
			}
			if mode := stat(t, path); mode != tc.want {
				t.Errorf("mode %o, want %o", mode, tc.want)
			}
			if got, _ := os.ReadFile(path); string(got) != "new" {
				t.Errorf("content %q", got)
			}
		})
	}
}

// TestPrivateIgnoresANarrowUmask: a umask that takes the owner's own
// bits does not leave a private file its owner cannot write again.
func TestPrivateIgnoresANarrowUmask(t *testing.T) {
	old := syscall.Umask(0o277)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "emulator.json")
	for range 2 { // new, then over itself
		if err := atomicfile.Write(path, []byte("x"), 0o600, atomicfile.Private); err != nil {
			t.Fatal(err)
		}
		if mode := stat(t, path); mode != 0o600 {
			t.Errorf("mode %o, want 600 under umask 277", mode)
		}
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

// TestPrivateFilesAreNeverWrittenThroughALink: a saved plan or the
// emulator's state, written where a checkout put a link (to a file, or
// dangling), is refused, and the link's target is left as it was.
func TestPrivateFilesAreNeverWrittenThroughALink(t *testing.T) {
	dir := t.TempDir()
	precious := filepath.Join(dir, "precious.txt")
	if err := os.WriteFile(precious, []byte("keep\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, dest := range map[string]string{"plan.json": precious, "dangling.json": filepath.Join(dir, "nowhere")} {
		link := filepath.Join(dir, name)
		if err := os.Symlink(dest, link); err != nil {
			t.Fatal(err)
		}
		if err := atomicfile.Write(link, []byte("{}\n"), 0o600, atomicfile.Private); err == nil || !strings.Contains(err.Error(), "symbolic link") {
			t.Errorf("%s: %v, want a refusal", name, err)
		}
	}
	if b, _ := os.ReadFile(precious); string(b) != "keep\n" {
		t.Errorf("the link's target was written: %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "nowhere")); err == nil {
		t.Error("a dangling link's target was created")
	}
}
