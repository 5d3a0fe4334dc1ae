package history

import (
	"context"
	"errors"
	"fmt"
	pathpkg "path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// ModeAt returns the mode git holds the file at path (relative to dir)
// with: at rev, in that commit's tree; with rev "", in the index (what
// is committed, or staged, where a checkout is). It is "" when there is
// no file at exactly that path: deleted, moved elsewhere, a directory.
// It does not follow moves, as FileAt does: a use case that needs the
// file where the workflows and sync read it (a pull request's head)
// asks here.
func ModeAt(ctx context.Context, dir, path, rev string) (string, error) {
	// The index needs no history: a shallow clone answers it too.
	r, shallow, err := openAny(ctx, dir)
	if err != nil {
		return "", err
	}
	if shallow && rev != "" {
		return "", shallowIn(dir)
	}
	top, err := r.top(path)
	if err != nil {
		return "", err
	}
	var out []byte
	if rev == "" {
		out, err = git(ctx, dir, "ls-files", "-s", "-z", "--full-name", "--", pathspec(top))
	} else {
		var id string
		if id, err = r.resolve(ctx, rev); err != nil {
			return "", err
		}
		out, err = git(ctx, dir, "ls-tree", "-z", "--full-name", id, "--", pathspec(top))
	}
	if err != nil {
		return "", err
	}
	// "<mode> <type or id> ...\t<path>\x00": the entry at exactly top.
	for _, entry := range strings.Split(string(out), "\x00") {
		meta, p, ok := strings.Cut(entry, "\t")
		if !ok || p != top {
			continue
		}
		mode, _, _ := strings.Cut(meta, " ")
		return mode, nil
	}
	return "", nil
}

// PathInRepo returns path (relative to dir) relative to the top of its
// git repository, with forward slashes, whether or not git tracks it
// and however shallow the clone: one name for the file, whichever
// directory a command was run from. Outside git it returns ErrNotInGit.
func PathInRepo(ctx context.Context, dir, path string) (string, error) {
	r, _, err := openAny(ctx, dir)
	if err != nil {
		return "", err
	}
	return r.top(path)
}

// ErrNoFileAt marks a revision without a file at the path asked: it
// was deleted or moved elsewhere (FileAt would follow the move).
var ErrNoFileAt = errors.New("no file at that path")

// CheckRegular refuses a file roster reads (the members file, a csv
// list's export) that git holds, at rev (or in the index, with rev ""),
// as anything but a regular file, or under a directory git holds as a
// link (ErrNotRegular): git gives a link's target as its text while a
// checkout follows it. With no file at that path, and no link on it, it
// returns ErrNoFileAt.
func CheckRegular(ctx context.Context, dir, path, rev string) error {
	where := "in the index"
	if rev != "" {
		where = "at " + rev
	}
	mode, err := ModeAt(ctx, dir, path, rev)
	switch {
	case err != nil:
		return err
	case mode == "":
		// Perhaps a directory on the path is a link: then git holds no
		// file there, and a checkout shows the link's target's.
		for d := pathpkg.Dir(pathpkg.Clean(filepath.ToSlash(path))); d != "." && d != "/"; d = pathpkg.Dir(d) {
			if m, err := ModeAt(ctx, dir, d, rev); err == nil && m == "120000" {
				return fmt.Errorf("%s is %w %s: it is reached through %s, a symbolic link in git, whose target a checkout shows while git holds only the link; commit the file itself at that path", path, ErrNotRegular, where, d)
			}
		}
		return fmt.Errorf("%s: %w", path, ErrNoFileAt)
	case mode == "100644" || mode == "100755":
		return nil
	}
	return fmt.Errorf("%s is %w %s (mode %s): git gives a link's target as its text while a checkout follows it, so what review reads and what sync reads would differ; commit the file itself", path, ErrNotRegular, where, mode)
}

// FoldedNames returns, for each of paths (relative to dir: the members
// file, a csv list's export) that has any, the paths of rev's tree that
// are not that file, nor a .gitattributes in a directory on its path,
// but fold to one of them (letter case, Unicode normalisation, ſ for s,
// the names HFS+ and Windows take for it), a directory of the path
// included (A/members.toml beside a/members.toml): on a filesystem that
// folds names (macOS, Windows), a checkout of rev writes such a file
// over the one git holds under the true name, so what review read from
// git would not be what sync reads. One listing of the tree serves every
// path.
func FoldedNames(ctx context.Context, dir, rev string, paths ...string) (map[string][]string, error) {
	r, err := open(ctx, dir)
	if err != nil {
		return nil, err
	}
	tops := make([]string, len(paths))
	for i, p := range paths {
		if tops[i], err = r.top(p); err != nil {
			return nil, err
		}
	}
	id, err := r.resolve(ctx, rev)
	if err != nil {
		return nil, err
	}
	out, err := git(ctx, r.dir, "ls-tree", "-r", "-z", "--full-name", "--name-only", id, "--", ":(top)")
	if err != nil {
		return nil, err
	}
	// The directories on each path: a .gitattributes in one of them, or
	// in one whose name folds to it, decides how the file checks out.
	exact := make([]map[string]bool, len(tops))
	for i, top := range tops {
		exact[i] = map[string]bool{}
		for d := pathpkg.Dir(top); ; d = pathpkg.Dir(d) {
			exact[i][d] = true
			if d == "." || d == "/" {
				break
			}
		}
	}
	found := map[string][]string{}
	for _, p := range strings.Split(string(out), "\x00") {
		if p == "" || slices.Contains(tops, p) {
			continue
		}
		d, base := pathpkg.Dir(p), pathpkg.Base(p)
		for i, top := range tops {
			switch {
			case samePath(p, top):
				found[paths[i]] = append(found[paths[i]], p)
			case sameEntry(base, ".gitattributes") && !(base == ".gitattributes" && exact[i][d]):
				for e := range exact[i] {
					if samePath(d, e) {
						found[paths[i]] = append(found[paths[i]], p)
						break
					}
				}
			}
		}
	}
	return found, nil
}

// samePath reports whether two paths name one file where names fold:
// the same number of components, each the same entry.
func samePath(a, b string) bool {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	return slices.EqualFunc(as, bs, sameEntry)
}

// sameEntry reports whether two names of a directory's entries name one
// entry on some filesystem: folded alike (foldName), or one of them the
// 8.3 short name Windows may give the other.
func sameEntry(a, b string) bool {
	return foldName(a) == foldName(b) || shortNameOf(a, b) || shortNameOf(b, a)
}

// shortForm is an 8.3 short name: a stem of up to six characters (or
// two and a hash, after many alike), '~', a number, and an extension of
// up to three.
var shortForm = regexp.MustCompile(`^([^.~/]{1,6})~[1-9][0-9]{0,5}(?:\.([^./]{1,3}))?$`)

// shortNameOf reports whether short could be the 8.3 short name Windows
// (with short names on) gives long: it starts as long's stem does (its
// dots and spaces dropped), and its extension, if any, starts long's.
// It errs on the side of a match: the names it is asked about are only
// those on the members file's path.
func shortNameOf(short, long string) bool {
	m := shortForm.FindStringSubmatch(foldName(short))
	if m == nil {
		return false
	}
	long = foldName(long)
	stem, ext := long, ""
	if i := strings.LastIndexByte(long, '.'); i > 0 {
		stem, ext = long[:i], long[i+1:]
	}
	stem = strings.NewReplacer(".", "", " ", "").Replace(stem)
	n := min(2, len(m[1]))
	return len(stem) >= n && m[1][:n] == stem[:n] && strings.HasPrefix(ext, m[2])
}

// foldName is a name as a filesystem that folds names compares it: NFC,
// each letter folded to one of its case forms (strings.EqualFold's
// folding: ſ and S and s are one), without the code points HFS+ ignores
// (joiners, direction marks, U+FEFF: git's own list for .git), and
// without the trailing dots and spaces Windows drops.
func foldName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 0x200c && r <= 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x206a && r <= 0x206f, r == 0xfeff:
			return -1
		}
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		return m
	}, norm.NFC.String(s))
	return strings.TrimRight(s, ". ")
}
