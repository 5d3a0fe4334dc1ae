package history

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// changedInWorktree is changed for the working tree: the paths (from
// the top of the repository) of specs that differ between the commit
// from and the files on disk. It never asks git to compare the two: git
// diff hashes a file whose index entry is stale through the clean filter
// the repository's attributes name, and .git/info/attributes, which no
// -c overrides, can name any program. Here git only lists paths (ls-tree
// for from, ls-files for the checkout; neither reads a file) and roster
// hashes each file's bytes as they are on disk. Bytes that a filter or
// line-ending conversion would have turned into the committed blob count
// as changed: for the files asked about (.gitattributes, snapshots,
// members files) that errs on the side of looking again.
func (r *repo) changedInWorktree(ctx context.Context, from string, specs ...string) ([]string, error) {
	tree, err := git(ctx, r.dir, append([]string{"ls-tree", "-r", "-z", "--full-name", from, "--"}, specs...)...)
	if err != nil {
		return nil, err
	}
	committed := map[string]string{} // path -> "<mode> <id>"
	idLen := len(r.head)
	var paths []string
	// "<mode> <type> <id>\t<path>\x00", one per file of the tree.
	for _, entry := range strings.Split(string(tree), "\x00") {
		meta, p, ok := strings.Cut(entry, "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta)
		if len(f) != 3 {
			continue
		}
		committed[p] = f[0] + " " + f[2]
		idLen = len(f[2])
		paths = append(paths, p)
	}
	// The checkout's paths: tracked (the index, which holds what git
	// add staged) and untracked but not ignored. Listing reads no file.
	files, err := runGit(ctx, r.dir, append([]string{"ls-files", "-z", "--full-name", "--cached", "--others", "--exclude-standard", "--"}, specs...)...)
	if err != nil {
		return nil, err
	}
	for _, p := range strings.Split(string(files), "\x00") {
		if p != "" && !slices.Contains(paths, p) {
			paths = append(paths, p)
		}
	}
	var changed []string
	for _, p := range paths {
		same, err := r.sameOnDisk(p, committed[p], idLen)
		if err != nil {
			return nil, err
		}
		if !same {
			changed = append(changed, p)
		}
	}
	slices.Sort(changed)
	return changed, nil
}

// sameOnDisk reports whether the file at top (from the top of the
// repository) is on disk as committed ("<mode> <id>", "" when the commit
// has no such file).
func (r *repo) sameOnDisk(top, committed string, idLen int) (bool, error) {
	name := filepath.Join(r.dir, r.fromTop(top))
	fi, err := os.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) {
		return committed == "", nil
	}
	if err != nil {
		return false, fmt.Errorf("read %s to compare it with git: %w", name, err)
	}
	mode, id, _ := strings.Cut(committed, " ")
	switch {
	case committed == "":
		return fi.IsDir(), nil // a directory is no file: a submodule's checkout
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(name)
		if err != nil {
			return false, fmt.Errorf("read the link %s to compare it with git: %w", name, err)
		}
		return mode == "120000" && blobID(strings.NewReader(target), int64(len(target)), idLen) == id, nil
	case fi.IsDir():
		return mode == "160000", nil
	case !fi.Mode().IsRegular() || mode == "120000" || mode == "160000":
		return false, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return false, fmt.Errorf("read %s to compare it with git: %w", name, err)
	}
	defer f.Close()
	return blobID(f, fi.Size(), idLen) == id, nil
}

// blobID is git's object id of a blob of size bytes read from data:
// SHA-1 for an id of 40 hex digits, SHA-256 for 64 (the repository's
// object format); "" for any other length, which matches no id.
func blobID(data io.Reader, size int64, idLen int) string {
	var h hash.Hash
	switch idLen {
	case 40:
		h = sha1.New()
	case 64:
		h = sha256.New()
	default:
		return ""
	}
	fmt.Fprintf(h, "blob %d\x00", size)
	if n, err := io.Copy(h, data); err != nil || n != size {
		return "" // changed under us: not the committed blob
	}
	return hex.EncodeToString(h.Sum(nil))
}
