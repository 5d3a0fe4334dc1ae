package history

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/roster-dev/roster/members"
)

// Uncommitted reports whether data, the members file at path as it is
// in the working tree, differs from the version committed at HEAD: one
// git rev-parse for the committed blob's id, compared with data's id
// computed here (git's blob hash, SHA-1 or SHA-256 by the repository's
// object format). Outside git, before the first commit, or for a file
// never committed, it is false: there is no committed version to
// differ from.
func Uncommitted(ctx context.Context, dir, path string, data []byte) (bool, error) {
	r, _, err := openAny(ctx, dir)
	if err != nil || r.head == "" {
		if errors.Is(err, ErrNotInGit) {
			return false, nil
		}
		return false, err
	}
	top, err := r.top(path)
	if err != nil {
		return false, err
	}
	// Asked of the cat-file process the run shares, when it has one.
	ids, err := r.blobsAt(ctx, r.head, []string{top})
	if err != nil {
		return false, err
	}
	id := ids[top]
	if id == "" {
		return false, nil // not in HEAD (or not a file there)
	}
	sum := blobID(bytes.NewReader(data), int64(len(data)), len(id))
	if sum == "" {
		return false, fmt.Errorf("git rev-parse %s: unexpected object id %q", top, clip(id))
	}
	return sum != id, nil
}

// Committed returns the members file at path (relative to dir) as
// committed at HEAD, and HEAD's commit, read from HEAD's tree alone: it
// reads no history, so any clone answers it, however shallow (even
// --depth 1), where Base needs the history to pass over a version that
// does not parse, and a date needs the commits after it. The file must
// be at exactly that path, as a regular file that parses.
//
// Errors: ErrNotInGit, ErrNoCommits; ErrNoFileAt when HEAD has no file at
// path (never committed, deleted, moved, a directory); ErrUnparsable,
// also for a file held as a link (ErrNotRegular).
func Committed(ctx context.Context, dir, path string) (*members.File, Revision, error) {
	return committedAt(ctx, dir, path, "")
}

// committedAt is Committed of the commit rev names ("" for HEAD), which
// a shallow clone serves when it has that commit.
func committedAt(ctx context.Context, dir, path, at string) (*members.File, Revision, error) {
	r, _, err := openAny(ctx, dir)
	if err != nil {
		return nil, Revision{}, err
	}
	if r.head == "" {
		return nil, Revision{}, fmt.Errorf("%s: %w", dir, r.noCommits(ctx))
	}
	if at != "" {
		if r.head, err = r.resolve(ctx, at); err != nil {
			return nil, Revision{}, err
		}
	}
	top, err := r.top(path)
	if err != nil {
		return nil, Revision{}, err
	}
	out, err := git(ctx, r.dir, "ls-tree", "-z", "--full-name", r.head, "--", pathspec(top))
	if err != nil {
		return nil, Revision{}, err
	}
	var rev Revision
	// "<mode> <type> <id>\t<path>\x00": the entry at exactly top, as
	// ModeAt reads it; a directory of that name is no file.
	for _, entry := range strings.Split(string(out), "\x00") {
		meta, p, ok := strings.Cut(entry, "\t")
		if f := strings.Fields(meta); ok && p == top && len(f) == 3 && f[1] == "blob" && isHash(f[2]) {
			rev = Revision{Path: top, Mode: f[0], Blob: f[2]}
		}
	}
	if rev.Blob == "" {
		return nil, Revision{}, fmt.Errorf("%s at HEAD: %w", path, ErrNoFileAt)
	}
	// HEAD's own commit, for naming the version read.
	log, err := git(ctx, r.dir, "log", "-1", "-z", "--format="+logFormat, r.head, "--")
	if err != nil {
		return nil, Revision{}, err
	}
	commits, err := parseLog(log)
	if err != nil {
		return nil, Revision{}, err
	}
	if len(commits) == 1 {
		c := commits[0].Revision
		c.Path, c.Mode, c.Blob = rev.Path, rev.Mode, rev.Blob
		rev = c
	}
	rev.Commit = r.head
	blobs, err := OpenBlobs(ctx, r.dir)
	if err != nil {
		return nil, rev, err
	}
	defer blobs.Close()
	// A list whose own policy fails at HEAD keeps the members it has
	// there: without the history, whom sync left on it is unknown.
	f, _, err := parseAt(blobs, rev)
	return f, rev, err
}

// BaseAtHead is Base of the file as committed at HEAD (rev ""), which a
// shallow clone can serve too: there, HEAD's version is read from HEAD's
// tree (Committed). When it cannot serve (no file at HEAD, a version
// that does not parse, where Base would look further back), Base's
// ErrShallow is returned as it was. parsed, when given, is current
// parsed: it stands for HEAD's version when that is current byte for
// byte.
func BaseAtHead(ctx context.Context, dir, path string, current []byte, parsed *members.File) (*members.File, Revision, error) {
	f, r, err := base(ctx, dir, path, current, parsed, "")
	if !errors.Is(err, ErrShallow) {
		return f, r, err
	}
	if head, hr, herr := Committed(ctx, dir, path); herr == nil {
		return head, hr, nil
	}
	return f, r, err
}
