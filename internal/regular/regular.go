// Package regular reads a file only when it is a regular file of a
// bounded size, not through a link: the files a repository can shape
// (a marker, another members file) may be links to anything, a FIFO
// that blocks, or /dev/zero.
package regular

import (
	"io"
	"os"
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
