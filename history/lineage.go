package history

import (
	"context"
	"path"
	"strings"

	"github.com/roster-dev/roster/members"
)

// movedFrom returns the path the file at rev had before rev, when rev
// moved it in a way git does not see as a rename: rev added the file,
// and deleted, on its first parent, another file with the same
// extension (any, when the file has none) that had a list for a group
// the added file has. A move that also rewrites most of the file (git
// finds renames by similarity) is such a commit, and so is one that
// gathers lists from one file into another: the file whose groups the
// new one took is the one it continues. It is the rule a list moved in
// from another file follows (dropped there and added here in one
// commit), for the whole file. When a side does not parse, a deleted
// file with the same name (in another directory) is the file moved.
// "" when rev did not move the file.
//
// Cost: one git log of rev, and one git cat-file only when rev added the
// file and deleted another.
func (r *repo) movedFrom(ctx context.Context, rev Revision) (string, error) {
	if _, root := r.roots.Load(rev.Commit); root {
		return "", nil // no parent: nothing deleted beside it
	}
	gone, err := r.goneWith(ctx, rev)
	if err != nil || len(gone) == 0 {
		return "", err
	}
	return r.sameFile(ctx, rev.Path, rev.Blob, gone)
}

// goneWith returns, when rev added the file, the files with its
// extension that rev deleted, each with the version it had before rev:
// those the file may have moved from. Seen without rename detection, a
// rename git detects is such a commit too.
func (r *repo) goneWith(ctx context.Context, rev Revision) ([]rawEntry, error) {
	entries, err := r.changesOf(ctx, rev)
	if err != nil || len(entries) == 0 {
		return nil, err
	}
	added := false
	var gone []rawEntry
	ext := path.Ext(path.Base(rev.Path))
	for _, e := range entries {
		switch {
		case e.path == rev.Path && e.status == 'A':
			added = true
		case e.status == 'D' && e.old != "" && e.path != rev.Path && !nested(e.path, rev.Path) && (ext == "" || path.Ext(path.Base(e.path)) == ext):
			// A path under a directory of the file's name (or the
			// directory it sits under) is another file, never this one
			// moved: see followLog.
			gone = append(gone, e)
		}
	}
	if !added {
		return nil, nil
	}
	for i := range gone {
		gone[i].blob = gone[i].old // the version it had before rev
	}
	return gone, nil
}

// changesOf returns what rev's commit changed, against its first parent
// and without rename detection (a rename is a file deleted and one
// added); nothing when rev deletes the file.
func (r *repo) changesOf(ctx context.Context, rev Revision) ([]rawEntry, error) {
	if rev.Blob == "" {
		return nil, nil
	}
	out, err := git(ctx, r.dir, "log", "-1", "-z", "--first-parent", "--no-renames", "--raw", "--no-abbrev",
		"--format="+logFormat, rev.Commit, "--")
	if err != nil {
		return nil, err
	}
	commits, err := parseLog(out)
	if err != nil || len(commits) == 0 {
		return nil, err
	}
	return commits[0].entries, nil
}

// renameAmbiguous reports whether rev, where git's rename detection
// followed the file from another path, also took the file's groups from
// another file: deleted it, or left it without the lists it had (the
// real file kept as a stub), whatever its name. Two files merged into
// one, an example beside the real file: git picked the one more alike
// in text; which history the file continues must not be settled by that
// (a decoy can be made alike), so such a rename is not followed, as an
// ambiguous move is not.
func (r *repo) renameAmbiguous(ctx context.Context, rev Revision) (bool, error) {
	entries, err := r.changesOf(ctx, rev)
	if err != nil || len(entries) == 0 {
		return false, err
	}
	blobs, err := OpenBlobs(ctx, r.dir)
	if err != nil {
		return false, err
	}
	defer blobs.Close()
	ours, err := groupsOf(ctx, blobs, rev.Path, rev.Blob)
	if err != nil || len(ours) == 0 {
		return false, err
	}
	handing := 0
	for _, e := range entries {
		if e.path == rev.Path || e.old == "" {
			continue
		}
		before, err := groupsOf(ctx, blobs, e.path, e.old)
		if err != nil {
			return false, err
		}
		var after map[string]bool
		if e.blob != "" {
			if after, err = groupsOf(ctx, blobs, e.path, e.blob); err != nil {
				return false, err
			}
		}
		for g := range before {
			if ours[g] && !after[g] {
				handing++
				break
			}
		}
	}
	return handing >= 2, nil
}

// sameFile returns which of files (a path, and a version's blob) is
// the file at p (a version's blob) under another name: the one file that
// has lists for some of its groups, else, when a side does not parse,
// the one with the same name in another directory; "" when none is, or
// when more than one could be.
func (r *repo) sameFile(ctx context.Context, p, blob string, files []rawEntry) (string, error) {
	blobs, err := OpenBlobs(ctx, r.dir)
	if err != nil {
		return "", err
	}
	defer blobs.Close()
	ours, err := groupsOf(ctx, blobs, p, blob)
	if err != nil {
		return "", err
	}
	type candidate struct {
		path   string
		shared int
		same   bool // same base name
	}
	var cs []candidate
	for _, e := range files {
		theirs, err := groupsOf(ctx, blobs, e.path, e.blob)
		if err != nil {
			return "", err
		}
		c := candidate{path: e.path, same: path.Base(e.path) == path.Base(p)}
		for g := range theirs {
			if ours[g] {
				c.shared++
			}
		}
		if c.shared > 0 || c.same && (ours == nil || theirs == nil) {
			cs = append(cs, c)
		}
	}
	// Only a file that is the one candidate is followed: a second one (a
	// planted draft, an example listing the same group) makes the move
	// ambiguous, and which history the file continues must never be
	// settled by a name's order or a decoy's extra groups. Unfollowed,
	// the file's own history starts at the move, and whom the other
	// files listed is still found from the commits that gained their
	// groups (ListedByGroup).
	var sharing, named []candidate
	for _, c := range cs {
		if c.shared > 0 {
			sharing = append(sharing, c)
		} else {
			named = append(named, c)
		}
	}
	switch {
	case len(sharing) == 1:
		return sharing[0].path, nil
	case len(sharing) == 0 && len(named) == 1:
		return named[0].path, nil
	}
	return "", nil
}

// groupsOf returns the groups (address identities) the lists of one
// version of a file are for; nil when it does not parse.
func groupsOf(ctx context.Context, blobs *Blobs, p, blob string) (map[string]bool, error) {
	data, err := blobs.Read(blob)
	if unreadable(ctx, err) {
		return nil, err
	}
	if err != nil {
		return nil, nil
	}
	f, err := members.Parse(path.Base(p), data)
	if err != nil {
		return nil, nil
	}
	out := map[string]bool{}
	for _, l := range f.Lists {
		if l.Address != "" {
			out[members.IdentityOf(l.Address)] = true
		}
	}
	return out, nil
}

// before reports whether a came before b: by their places on the line
// (lineOrder), or, when either is not on it, by their dates.
func before(order map[string]int, a, b Revision) bool {
	i, inA := order[a.Commit]
	j, inB := order[b.Commit]
	if inA && inB {
		return i < j
	}
	return a.Date.Before(b.Date)
}

// lineOrder returns the position of each commit of the first-parent line
// of HEAD, the oldest first: the order changes landed in, which dates
// (equal, or out of order) cannot always tell.
func lineOrder(ctx context.Context, dir string) (map[string]int, error) {
	r, err := openHead(ctx, dir)
	if err != nil {
		return nil, err
	}
	out, err := git(ctx, r.dir, "rev-list", "--first-parent", r.head, "--")
	if err != nil {
		return nil, err
	}
	ids := strings.Fields(string(out))
	order := make(map[string]int, len(ids))
	for i, id := range ids {
		order[id] = len(ids) - 1 - i
	}
	return order, nil
}
