package workspace

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// checkOutput refuses, before anything is read or written, an output
// path (flag names it) that would overwrite the members file (file), by
// any spelling or link, or write into a repository's .git: a plan or
// an emulator's state written there loses the file, or git's own.
func (w *Workspace) checkOutput(flag, out, file string) error {
	if out == "" {
		return nil
	}
	path := w.path(out)
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil
	}
	if slices.Contains(strings.Split(filepath.ToSlash(abs), "/"), ".git") {
		return fmt.Errorf("%s %s: a path inside .git, git's own; give a path outside it", flag, out)
	}
	if file == "" {
		return nil
	}
	target, terr := os.Stat(path)
	members, merr := os.Stat(w.path(file))
	mabs, _ := filepath.Abs(w.path(file))
	if terr == nil && merr == nil && os.SameFile(target, members) || abs == mabs {
		return fmt.Errorf("%s %s: that is the members file, which it would overwrite; give another path", flag, out)
	}
	return nil
}
