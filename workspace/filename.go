package workspace

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/internal/shell"
	"github.com/roster-dev/roster/report"
)

// CheckFileName says why name is no members file roster may read, or
// nil; every read of the members file, edits included, checks it, and
// the CLI checks it before anything else so that the refusal comes
// first.
//
// review finds the groups the repository's other members files manage
// by reading its *.toml files (links left out: git stores a link, not
// its file), and asks their owners before a change gives one of those
// groups to another file: a members file by another name would manage
// groups that no review of the others sees. A link of one's own (one
// git does not track, such as a link from outside the repository to its
// members.toml) is followed, and the file it reaches must be named
// *.toml too; a link git tracks is refused, since git gives its target
// as its text while a checkout follows it.
func (w *Workspace) CheckFileName(ctx context.Context, name string) error {
	at := w.path(name)
	fi, err := os.Lstat(at)
	switch {
	case err == nil && fi.IsDir(), strings.HasSuffix(name, "/"):
		return fmt.Errorf("%s is a directory: give the members file in it (--file %s)", report.Line(name), shell.Quote(filepath.Join(name, "members.toml")))
	case !isTOML(name):
		return fmt.Errorf("%s: a members file's name ends in .toml, so that a review of any members file of the repository sees the groups this one manages; rename it (to %s, say) and give --file with the new name",
			report.Line(name), shell.Quote(name+".toml"))
	}
	if err := w.noTrackedLinkAbove(ctx, name); err != nil {
		return err
	}
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		return nil
	}
	dir, base := w.gitPath(ctx, name)
	final := filepath.Join(dir, base)
	if fi, err := os.Lstat(final); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		// gitPath stops at a link git tracks.
		if err := history.CheckRegular(ctx, dir, base, ""); errors.Is(err, history.ErrNotRegular) {
			return err
		}
		return fmt.Errorf("%s is a symbolic link that does not reach a file (a chain too long, or a loop); give --file the members file's own path", report.Line(name))
	}
	if !isTOML(base) {
		return fmt.Errorf("%s is a symbolic link to %s: a members file's name ends in .toml, so that a review of the repository's *.toml files sees the groups it manages; rename %s to end in .toml (or give --file that file's own path once it does)",
			report.Line(name), report.Line(final), report.Line(final))
	}
	return nil
}

func isTOML(name string) bool { return strings.EqualFold(filepath.Ext(name), ".toml") }

// noTrackedLinkAbove refuses a members file reached through a directory
// that git holds as a link ("sub -> real/", --file sub/members.toml):
// git runs in the directory the link leads to, so review and validate
// --head read real/members.toml at both revisions while a change
// repoints the link, and sync, after the merge, reads another file. A
// link git does not track (a checkout's own, as git-sync makes) is the
// user's and is followed.
func (w *Workspace) noTrackedLinkAbove(ctx context.Context, name string) error {
	// The path as the system walks it, not cleaned: "sub/../m.toml"
	// goes through sub, a link, before "..".
	full := w.path(name)
	if !filepath.IsAbs(full) {
		wd, err := os.Getwd()
		if err != nil {
			return nil
		}
		full = wd + string(filepath.Separator) + full
	}
	parts := strings.Split(full, string(filepath.Separator))
	prefix := ""
	for i, part := range parts[:len(parts)-1] {
		if i == 0 {
			prefix = part + string(filepath.Separator)
			continue
		}
		parent := prefix
		prefix = strings.TrimSuffix(prefix, string(filepath.Separator)) + string(filepath.Separator) + part // not cleaned: the system resolves ".." after a link
		if part == "" || part == "." || part == ".." {
			continue
		}
		fi, err := os.Lstat(prefix)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			continue
		}
		if real, err := filepath.EvalSymlinks(parent); err == nil {
			parent = real
		}
		if mode, err := history.ModeAt(ctx, parent, part, ""); err == nil && mode == "120000" {
			return fmt.Errorf("%s is reached through %s, a symbolic link git holds: git reads the file the link leads to at every revision, while a change may repoint the link, so review would not see what sync reads; give --file the path without the link (%s)",
				report.Line(name), report.Line(prefix), report.Line(mustEval(filepath.Dir(full))+string(filepath.Separator)+filepath.Base(full)))
		}
	}
	return nil
}

// mustEval is p with its links resolved, or p.
func mustEval(p string) string {
	if real, err := filepath.EvalSymlinks(p); err == nil {
		return real
	}
	return p
}
