// Package regular reads a file only when it is a regular file of a
// bounded size, not through a link: the files a repository can shape
// (a marker, another members file) may be links to anything, a FIFO
// that blocks, or /dev/zero.
package regular

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Read returns the bytes of the regular file at path, if it is one
// (not a link, a device or a FIFO) and holds at most limit bytes; false
// otherwise, or when it cannot be read. The file opened is checked to
// be the one looked at, so a link swapped in between is not followed.
func Read(path string, limit int64) ([]byte, bool) {
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > limit {
		return nil, false
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	if opened, err := f.Stat(); err != nil || !os.SameFile(fi, opened) {
		return nil, false
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil || int64(len(data)) > limit {
		return nil, false
	}
	return data, true
}

// ReadFile reads the file at path as os.ReadFile does, following a link
// as any program does, but only a regular file: a FIFO would block the
// run for ever (beyond Ctrl-C and SIGTERM, which do not end a blocked
// open), and a device never end.
func ReadFile(path string) ([]byte, error) {
	return ReadFileAtMost(path, -1)
}

// ReadFileAtMost is ReadFile of a file of at most limit bytes (none when
// limit < 0): a larger one (a sparse file of a gigabyte that takes no
// disk) is refused before it is read.
func ReadFileAtMost(path string, limit int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	tooLarge := func() error {
		return fmt.Errorf("%s is larger than the %d bytes roster reads of such a file", path, limit)
	}
	if !fi.Mode().IsRegular() && openDescriptor(path) && !fi.IsDir() {
		// <(...) in a shell: a pipe already open, whose writer is
		// running (a key passed from a secret store, never on disk).
		if limit < 0 {
			return os.ReadFile(path)
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, limit+1))
		if err == nil && int64(len(data)) > limit {
			return nil, tooLarge()
		}
		return data, err
	}
	if limit >= 0 && fi.Mode().IsRegular() && fi.Size() > limit {
		return nil, tooLarge()
	}
	if !fi.Mode().IsRegular() {
		what := "not a regular file"
		switch {
		case fi.IsDir():
			what = "a directory"
		case fi.Mode()&os.ModeNamedPipe != 0:
			what = "a named pipe (FIFO)"
		case fi.Mode()&os.ModeDevice != 0:
			what = "a device"
		}
		return nil, fmt.Errorf("%s is %s, not a file roster can read: %w", path, what, ErrNotRegular)
	}
	return os.ReadFile(path)
}

// ErrNotRegular: ReadFile was given a named pipe, a device or a
// directory.
var ErrNotRegular = errors.New("not a regular file")

// openDescriptor reports whether path names a descriptor the process
// has open (/dev/fd/N, /proc/self/fd/N, /dev/stdin), as a shell's
// process substitution gives one.
func openDescriptor(path string) bool {
	p := filepath.Clean(path)
	return strings.HasPrefix(p, "/dev/fd/") || strings.HasPrefix(p, "/proc/self/fd/") || p == "/dev/stdin"
}
