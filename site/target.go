package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf16"

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
//
// kind is the earlier site's (publicKind or privateKind), "" when there
// is none.
func checkTarget(dir string, public bool, protect []string) (target string, exists bool, kind string, err error) {
	if dir == "" {
		return "", false, "", errors.New("site: no output directory; give one with --out DIR")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false, "", fmt.Errorf("site: %w", err)
	}
	if fi, err := os.Lstat(abs); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return "", false, "", fmt.Errorf("site: %s is a link; give the directory itself (a link a repository commits may name any directory, which the build would replace)", dir)
	}
	// The directories above may be links (a temporary directory often
	// is): the directory they lead to is the one replaced.
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", false, "", fmt.Errorf("site: %w", err)
	}
	if pub := insidePublic(abs); pub != "" && !public {
		return "", false, "", fmt.Errorf("site: %s is inside %s, a public roster, which may be published with everything in it: %w", dir, pub, ErrOwnDirectory)
	}
	fi, err := os.Lstat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return abs, false, "", nil
	}
	if err != nil {
		return "", false, "", fmt.Errorf("site: %w", err)
	}
	if !fi.IsDir() {
		return "", false, "", fmt.Errorf("site: %s is not a directory; give a new or empty directory, or an earlier site", dir)
	}
	if abs == filepath.Dir(abs) {
		return "", false, "", fmt.Errorf("site: %s is the root directory; give a new or empty directory", dir)
	}
	if wd, err := os.Getwd(); err == nil {
		protect = append(protect, wd)
	}
	for _, p := range protect {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		if p == abs || strings.HasPrefix(p, abs+string(filepath.Separator)) {
			return "", false, "", fmt.Errorf("site: %s holds %s, which the build would delete with the rest of the directory: %w", dir, p, ErrOwnDirectory)
		}
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return "", false, "", fmt.Errorf("site: %w", err)
	}
	if len(entries) == 0 {
		return abs, true, "", nil
	}
	for _, e := range entries {
		if e.Name() == ".git" {
			return "", false, "", fmt.Errorf("site: %s is a git repository's directory, which the build would delete: %w", dir, ErrOwnDirectory)
		}
	}
	kind, _, ok := readMarker(filepath.Join(abs, Marker))
	if !ok {
		return "", false, "", fmt.Errorf("site: %s is %w (it has no %s file); give a new or empty directory", dir, ErrNotSite, Marker)
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
		return "", false, "", fmt.Errorf("site: %s holds a public roster, which may be committed and published; the auditor's site, with addresses and vetting notes, never takes its place (add --public to rebuild the public roster): %w", dir, ErrOwnDirectory)
	}
	return abs, true, kind, nil
}

// insidePublic names the public roster that holds dir (a directory
// above it with a public marker), "" when none does: the auditor's site
// written inside one would be published with it.
func insidePublic(dir string) string {
	for d := filepath.Dir(dir); d != filepath.Dir(d); d = filepath.Dir(d) {
		if kind, _, ok := readMarker(filepath.Join(d, Marker)); ok && kind != privateKind {
			return d
		}
	}
	return ""
}

// readMarker reads the marker file at p: whether it is one Build wrote
// (a small regular file, not a link, that starts as markerText does),
// the kind of site it names ("" for a marker of before kinds were
// written) and the pages the build wrote (nil for a marker of before
// it listed them).
func readMarker(p string) (kind string, pages map[string]bool, ok bool) {
	data, ok := regular.Read(p, 1<<20)
	if !ok || !bytes.HasPrefix(data, []byte("This directory is a site built by roster site")) {
		return "", nil, false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, found := strings.CutPrefix(line, "kind: "); found {
			kind = strings.TrimSpace(k)
		}
		if page, found := strings.CutPrefix(line, "page: "); found {
			if pages == nil {
				pages = make(map[string]bool)
			}
			pages[strings.TrimSpace(page)] = true
		}
	}
	return kind, pages, true
}

// The kinds of site a marker names.
const (
	publicKind  = "public"
	privateKind = "auditor"
)

// carryOver copies into tmp, the new site, what the directory of the
// earlier one (target, a site of kind) holds that no build writes: its
// files and directories but the pages its marker lists (index.html and
// list-*.html for a marker that lists none), its marker, .nojekyll and
// the auditor's site's .gitignore.
//
// It refuses, and the earlier site stays as it was, when what it would
// keep cannot be kept safely: a link or other special file (a link may
// name anything, which publishing the site would copy); for a public
// roster, anything the auditor's site kept, an auditor's site inside,
// or a text file that shows an email address.
func carryOver(target, tmp string, written []file, public bool, kind string, private, owner func(string) string) error {
	ours := make(map[string]bool, len(written))
	for _, f := range written {
		ours[f.name] = true
	}
	_, pages, _ := readMarker(filepath.Join(target, Marker))
	entries, err := os.ReadDir(target)
	if err != nil {
		return err
	}
	var keep []string
	for _, e := range entries {
		n := e.Name()
		// Only a name a build gives a page is one: a marker edited by
		// hand to list CNAME or a directory deletes nothing.
		pageName := n == "index.html" || strings.HasPrefix(n, "list-") && strings.HasSuffix(n, ".html")
		page := pageName && (pages == nil || pages[n])
		if ours[n] || page || n == "index.html" || n == Marker || n == ".nojekyll" {
			continue
		}
		if n == ".gitignore" {
			// The auditor's site's own goes with it; the user's stays.
			if data, ok := regular.Read(filepath.Join(target, n), 1<<20); !ok || string(data) == privateIgnore {
				continue
			}
		}
		if public && kind == privateKind {
			return fmt.Errorf("%s holds %s besides the auditor's site, which may hold addresses or vetting notes; a public roster there would publish it: move it out, or give --public a new directory", target, n)
		}
		if err := keepable(target, n, public, private, owner); err != nil {
			return err
		}
		keep = append(keep, n)
	}
	for _, n := range keep {
		if err := copyTree(filepath.Join(target, n), filepath.Join(tmp, n)); err != nil {
			return err
		}
	}
	return nil
}

// keepable says why the file or directory n of the earlier site (dir)
// cannot be carried over, or nil. In a public roster every file is read
// for addresses, whatever its name ends in (a copy of members.toml, a
// README, notes.tsv), as UTF-8 or, with a byte-order mark, UTF-16 (as
// Windows tools write text); an image or a font is read too, byte for
// byte (its metadata is text: a PNG's tEXt, a JPEG's comment); any
// other file that is not text (compressed, an archive, a NUL byte in
// what a browser shows as text anyway) cannot be read so, and is
// refused.
// keptShowable reports whether a kept file or directory, at rel below
// the site, may be published under its name (part of its address on
// the site): not named like an address, with its extension or without
// it (jane.doe_gmail.com.png), nor spelling one of the members file's
// own addresses in any shape the pages hide, in its name or across the
// parts of its path (ada/example.org.png), as in a page's text.
func keptShowable(rel string, private func(string) string) bool {
	rel = filepath.ToSlash(rel)
	name := path.Base(rel)
	for _, n := range []string{name, strings.TrimSuffix(name, path.Ext(name))} {
		if !nameShowable(n) || private(n) != "" {
			return false
		}
	}
	return rel == name || private(rel) == "" && private(strings.TrimSuffix(rel, path.Ext(rel))) == ""
}

// Its refusals name whose address a file shows (owner), never the
// address: the build log may be anyone's to read.
func keepable(dir, n string, public bool, private, owner func(string) string) error {
	return filepath.WalkDir(filepath.Join(dir, n), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case d.IsDir():
			if public && !keptShowable(rel, private) {
				return addressNamed(dir, rel, owner)
			}
			return nil
		case !d.Type().IsRegular():
			return fmt.Errorf("%s in the earlier site is a link or other special file, which a rebuild cannot keep (a link may name anything, and publishing the site would copy it): replace it with the file itself, or move it out", rel)
		case d.Name() == Marker && filepath.Dir(p) != dir:
			if kind, _, ok := readMarker(p); ok && kind != publicKind && public {
				return fmt.Errorf("%s is an auditor's site inside the public roster, which would be published with it: move it out", filepath.Dir(rel))
			}
		}
		if !public {
			return nil
		}
		if !keptShowable(rel, private) {
			return addressNamed(dir, rel, owner)
		}
		data, ok := regular.Read(p, 64<<20)
		if !ok {
			return fmt.Errorf("%s in the earlier site cannot be read (or is over 64 MiB), so roster cannot tell whether it shows an address: move it out", rel)
		}
		if why := laidOut(d.Name(), data); why != "" {
			return fmt.Errorf("%s in the public roster's directory is %s: roster cannot tell what it shows, and it would be published: publish it from another directory, and move it out of this one (a public roster keeps HTML pages of plain markup, text, images and fonts)", rel, why)
		}
		text, readable := asText(d.Name(), data)
		if !readable {
			return fmt.Errorf("%s in the public roster's directory is compressed or not text (no image or font roster can read: a WOFF2 font, a PNG whose compressed text does not inflate), so roster cannot read it for addresses, and it would be published: keep it as text, or move it out", rel)
		}
		if shown, loc := addressOnPage(text); loc != nil {
			return fmt.Errorf("%s in the public roster's directory shows an email address%s, and would be published with it: move it out", rel, ownedBy(ownerAt(owner, shown, loc)))
		}
		if !mediaFile(data) && bytes.ContainsFunc(text, reorders) {
			return fmt.Errorf("%s in the public roster's directory holds a character that reorders the text after it (a bidirectional override, isolate or mark), so what it shows is not what it says: move it out, or write it without", rel)
		}
		if !mediaFile(data) && !htmlPage(d.Name()) {
			if why := reorderedLine(text); why != "" {
				return fmt.Errorf("%s in the public roster's directory is text that a browser shows in another order than written (%s): move it out, or write it otherwise", rel, why)
			}
		}
		// A hand-written page joins the text of inline tags with no
		// space (<b>jane</b>@<b>zorbix</b>.io shows jane@zorbix.io),
		// where roster's own pages put a tag between fields: read it
		// both ways. A page served as HTML is read as a browser builds
		// it, and kept only when it is plain markup (keptPage).
		joined := tagsJoined(text)
		if htmlPage(d.Name()) {
			shown, why := keptPage(text)
			if why != "" {
				return fmt.Errorf("%s in the public roster's directory is a page a public roster keeps only as plain markup (text, links, lists, images of its own: no tables), and %s: roster cannot tell what it shows, and it would be published: take that out of the page, or move the page out of the public roster's directory", rel, why)
			}
			joined = append(append(joined, '\n'), shown...)
		}
		if shown, loc := addressOnPage(joined); loc != nil {
			return fmt.Errorf("%s in the public roster's directory shows an email address%s, and would be published with it: move it out", rel, ownedBy(ownerAt(owner, shown, loc)))
		}
		if bytes.IndexByte(text, 0) >= 0 {
			// UTF-16 text inside an image or a font (EXIF's XPAuthor,
			// a font's name table): read with its NUL bytes dropped.
			if shown, loc := addressOnPage(bytes.ReplaceAll(text, []byte{0}, nil)); loc != nil {
				return fmt.Errorf("%s in the public roster's directory shows an email address%s, and would be published with it: move it out", rel, ownedBy(ownerAt(owner, shown, loc)))
			}
		}
		// The members file's own addresses and notes are sought in the
		// pixels and outlines too: a shape by chance is no member's
		// address, and text written where pixels go is still there.
		whole := text
		if mediaFile(data) {
			whole = append(append(bytes.Clone(data), '\n'), text...)
		}
		if what := private(string(whole)); what != "" {
			return fmt.Errorf("%s in the public roster's directory shows %s, and would be published with it: move it out", rel, what)
		}
		if what := private(string(joined)); what != "" {
			return fmt.Errorf("%s in the public roster's directory shows %s, and would be published with it: move it out", rel, what)
		}
		return nil
	})
}

// asText is data as text to read for addresses: UTF-8 as it is, UTF-16
// with a byte-order mark decoded, an image or a font as its bytes are;
// readable is false for anything else with a NUL byte, which is
// compressed, an archive, or text that hides what it shows behind NULs
// (a browser shows such a file as text, the NULs as nothing).
func asText(name string, data []byte) (text []byte, readable bool) {
	var big bool
	switch {
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		big = true
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
	case mediaFile(data):
		return mediaText(name, data)
	default:
		if bytes.IndexByte(data, 0) >= 0 || compressed(data) {
			return nil, false
		}
		return data, true
	}
	units := make([]uint16, 0, len(data)/2)
	for i := 2; i+1 < len(data); i += 2 {
		if big {
			units = append(units, uint16(data[i])<<8|uint16(data[i+1]))
		} else {
			units = append(units, uint16(data[i+1])<<8|uint16(data[i]))
		}
	}
	return []byte(string(utf16.Decode(units))), true
}

// mediaFile reports whether data starts as an image or a web font does:
// PNG, JPEG, GIF, WebP, ICO, BMP, AVIF or HEIF, WOFF, WOFF2, TrueType or
// OpenType.
func mediaFile(data []byte) bool {
	for _, magic := range []string{"\x89PNG\r\n\x1a\n", "\xff\xd8\xff", "GIF87a", "GIF89a", "\x00\x00\x01\x00", "BM", "wOFF", "wOF2", "\x00\x01\x00\x00", "OTTO"} {
		if bytes.HasPrefix(data, []byte(magic)) {
			return true
		}
	}
	if len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP" {
		return true
	}
	return len(data) >= 12 && string(data[4:8]) == "ftyp" && (string(data[8:12]) == "avif" || string(data[8:12]) == "heic")
}

// compressed reports whether data starts as a compressed file or an
// archive does (gzip, zip, bzip2, xz, zstd, 7z, rar, lz4): text inside
// it cannot be read as it is, NUL byte or not.
func compressed(data []byte) bool {
	for _, magic := range []string{"\x1f\x8b", "PK\x03\x04", "BZh", "\xfd7zXZ\x00", "\x28\xb5\x2f\xfd", "7z\xbc\xaf\x27\x1c", "Rar!\x1a\x07", "\x04\x22\x4d\x18"} {
		if bytes.HasPrefix(data, []byte(magic)) {
			return true
		}
	}
	return false
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
