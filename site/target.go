package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/roster-dev/roster/internal/regular"
)

// checkTarget resolves dir and says whether Build may replace it: a
// new or empty directory, or a site Build made, of the same kind (the
// auditor's site never takes a public one's place, which may be
// committed and published). Build replaces the whole directory, so a
// directory that holds a git repository, the members file (protect) or
// the directory the command runs in is never one, whatever marker a
// repository commits into it; nor is a link, which a repository can
// commit pointing anywhere.
func checkTarget(dir string, public bool, protect []string) (target string, exists bool, err error) {
	if dir == "" {
		return "", false, errors.New("site: no output directory; give one with --out DIR")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false, fmt.Errorf("site: %w", err)
	}
	if fi, err := os.Lstat(abs); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return "", false, fmt.Errorf("site: %s is a link; give the directory itself (a link a repository commits may name any directory, which the build would replace)", dir)
	}
	// The directories above may be links (a temporary directory often
	// is): the directory they lead to is the one replaced.
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", false, fmt.Errorf("site: %w", err)
	}
	if pub := insidePublic(abs); pub != "" && !public {
		return "", false, fmt.Errorf("site: %s is inside %s, a public roster (roster site --public), which may be published with everything in it; give the auditor's site a directory of its own", dir, pub)
	}
	fi, err := os.Lstat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return abs, false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("site: %w", err)
	}
	if !fi.IsDir() {
		return "", false, fmt.Errorf("site: %s is not a directory; give a new or empty directory, or an earlier site", dir)
	}
	if abs == filepath.Dir(abs) {
		return "", false, fmt.Errorf("site: %s is the root directory; give a new or empty directory", dir)
	}
	if wd, err := os.Getwd(); err == nil {
		protect = append(protect, wd)
	}
	for _, p := range protect {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		if p == abs || strings.HasPrefix(p, abs+string(filepath.Separator)) {
			return "", false, fmt.Errorf("site: %s holds %s, which the build would delete with the rest of the directory; give a directory of its own (roster site --out roster-site)", dir, p)
		}
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return "", false, fmt.Errorf("site: %w", err)
	}
	if len(entries) == 0 {
		return abs, true, nil
	}
	for _, e := range entries {
		if e.Name() == ".git" {
			return "", false, fmt.Errorf("site: %s is a git repository's directory, which the build would delete; give a directory of its own (roster site --out roster-site)", dir)
		}
	}
	kind, ok := readMarker(filepath.Join(abs, Marker))
	if !ok {
		return "", false, fmt.Errorf("site: %s is %w (it has no %s file); give a new or empty directory", dir, ErrNotSite, Marker)
	}
	if kind == "" {
		// A site built before markers named their kind: the auditor's
		// wrote its .gitignore, the public roster none.
		// Before that, its index names addresses, which no public
		// roster's may.
		kind = publicKind
		if ig, err := os.ReadFile(filepath.Join(abs, ".gitignore")); err == nil && string(ig) == privateIgnore {
			kind = privateKind
		} else if index, ok := regular.Read(filepath.Join(abs, "index.html"), 64<<20); ok && checkPublic(context.Background(), []file{{name: "index.html", data: index}}) != nil {
			kind = privateKind
		}
	}
	if kind == publicKind && !public {
		return "", false, fmt.Errorf("site: %s holds a public roster (roster site --public), which may be committed and published; the auditor's site, with addresses and vetting notes, never takes its place: give it a directory of its own, or add --public", dir)
	}
	return abs, true, nil
}

// insidePublic names the public roster that holds dir (a directory
// above it with a public marker), "" when none does: the auditor's site
// written inside one would be published with it.
func insidePublic(dir string) string {
	for d := filepath.Dir(dir); d != filepath.Dir(d); d = filepath.Dir(d) {
		if kind, ok := readMarker(filepath.Join(d, Marker)); ok && kind != privateKind {
			return d
		}
	}
	return ""
}

// readMarker reads the marker file at p: whether it is one Build wrote
// (a small regular file, not a link, that starts as markerText does)
// and the kind of site it names ("" for a marker of before kinds were
// written).
func readMarker(p string) (kind string, ok bool) {
	data, ok := regular.Read(p, 4096)
	if !ok || !bytes.HasPrefix(data, []byte("This directory is a site built by roster site")) {
		return "", false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, found := strings.CutPrefix(line, "kind: "); found {
			return strings.TrimSpace(k), true
		}
	}
	return "", true
}

// The kinds of site a marker names.
const (
	publicKind  = "public"
	privateKind = "auditor"
)

// carryOver copies into tmp, the new site, what the directory of the
// earlier one (target) holds that no build writes: its files and
// directories but its pages (index.html, list-*.html, of any build),
// and its marker, .nojekyll and the auditor's site's .gitignore. Links
// are not followed nor kept.
func carryOver(target, tmp string, written []file) error {
	ours := make(map[string]bool, len(written))
	for _, f := range written {
		ours[f.name] = true
	}
	entries, err := os.ReadDir(target)
	if err != nil {
		return err
	}
	for _, e := range entries {
		n := e.Name()
		if ours[n] || n == "index.html" || n == Marker || n == ".nojekyll" || strings.HasPrefix(n, "list-") && strings.HasSuffix(n, ".html") {
			continue
		}
		if n == ".gitignore" {
			// The auditor's site's own goes with it; the user's stays.
			if data, ok := regular.Read(filepath.Join(target, n), 1<<20); !ok || string(data) == privateIgnore {
				continue
			}
		}
		if err := copyTree(filepath.Join(target, n), filepath.Join(tmp, n)); err != nil {
			return err
		}
	}
	return nil
}

// copyTree copies the regular file or directory at from to to, with its
// mode; links and other kinds of file are left out.
func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.MkdirAll(dst, info.Mode().Perm()|0o700)
		case !info.Mode().IsRegular():
			return nil
		}
		src, err := os.Open(p)
		if err != nil {
			return err
		}
		defer src.Close()
		out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, info.Mode().Perm())
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, src); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}
