// Package atomicfile writes files so that a reader, or a crash, sees the
// old content or the new, never a part: every file roster writes (the
// members file, saved plans, snapshots, the emulator's state) goes
// through Write.
package atomicfile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Option changes how Write sets the permissions of the file it writes.
type Option int

// Options of Write.
const (
	// Private writes the file for its owner alone: its mode is perm
	// without any group or other bit (0600 for 0600 or 0644), exactly,
	// whatever the umask and whatever mode the file it replaces had.
	// Files that name members (saved plans, the emulator's state) take
	// it: one written over an older copy that was left world-readable
	// must not stay so. The members file does not: it is checked in,
	// and keeps the mode its checkout gave it. A private file is never
	// written through a symbolic link: a link a checkout brought
	// ("plan.json -> ~/.bashrc") would have roster overwrite whatever
	// it points at, so Write refuses it.
	Private Option = iota + 1
)

// Write replaces the file at path with data: a temporary file in the
// same directory, written and synced, then renamed over the target, and
// the directory synced so that the rename survives a crash.
//
// A symbolic link is followed and its target replaced (except with
// Private, which refuses one), so the link stays a link (a checkout shared into a work directory keeps getting the
// change). An existing file keeps its permissions; a new one gets perm
// less the process umask, as os.WriteFile would give it. With Private,
// the file gets perm less group and other bits, whatever existed.
func Write(path string, data []byte, perm fs.FileMode, opts ...Option) error {
	private := slices.Contains(opts, Private)
	if fi, err := os.Lstat(path); private && err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("%s is a symbolic link; roster writes this file only in place of a regular file or none: remove the link, or write elsewhere", path)
	}
	target, err := resolve(path)
	if err != nil {
		return err
	}
	mode, set := fs.FileMode(0), false
	if fi, err := os.Stat(target); err == nil {
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file", target)
		}
		mode, set = fi.Mode().Perm(), true
	}
	if private {
		// The temporary file is made with no bit for others, whatever
		// the umask; the chmod, which the umask does not narrow, then
		// sets the mode exactly (a umask of 0277 would otherwise leave
		// a file its owner cannot write again).
		perm = perm.Perm() &^ 0o077
		mode, set = perm, true
	}
	tmp, err := create(filepath.Dir(target), filepath.Base(target), perm)
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name) // after a successful rename there is nothing there
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if set {
		if err := tmp.Chmod(mode); err != nil {
			tmp.Close()
			return err
		}
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(name, target); err != nil {
		return err
	}
	// The rename has happened: a directory that cannot be flushed
	// (EINVAL on some filesystems, or an error) leaves nothing better
	// to do than go on.
	_ = SyncDir(filepath.Dir(target))
	return nil
}

// resolve follows symbolic links to the file they name; a path that does
// not exist yet is its own target.
func resolve(path string) (string, error) {
	target, err := filepath.EvalSymlinks(path)
	switch {
	case err == nil:
		return target, nil
	case errors.Is(err, fs.ErrNotExist):
		if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			// A dangling link: write where it points.
			dest, rerr := os.Readlink(path)
			if rerr != nil {
				return "", rerr
			}
			if !filepath.IsAbs(dest) {
				dest = filepath.Join(filepath.Dir(path), dest)
			}
			return dest, nil
		}
		return path, nil
	}
	return "", err
}

// removeLeftovers removes the temporary files of base in dir that Write
// names (".base.tmp-" and twelve hex digits): an edit killed between
// creating one and its rename leaves a full copy of the file behind,
// which git then shows as untracked. Only a holder of the lock may call
// it.
func removeLeftovers(dir, base string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + ".tmp-"
	for _, e := range entries {
		suffix, ok := strings.CutPrefix(e.Name(), prefix)
		if _, err := hex.DecodeString(suffix); ok && err == nil && len(suffix) == 12 && e.Type().IsRegular() {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// create makes a new temporary file beside the target. It is opened with
// perm so that the kernel applies the umask: os.CreateTemp would make it
// 0600 whatever the umask says.
func create(dir, base string, perm fs.FileMode) (*os.File, error) {
	for range 100 {
		var b [6]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, err
		}
		name := filepath.Join(dir, "."+base+".tmp-"+hex.EncodeToString(b[:]))
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("cannot create a temporary file in %s", dir)
}

// SyncDir flushes dir's entries (a file renamed into it) to disk, so
// that the rename survives a crash. A filesystem that cannot sync a
// directory (EINVAL) is not an error: there is nothing better to do.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}
