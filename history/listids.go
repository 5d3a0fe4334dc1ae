package history

import "context"

// scanIDs reads every version of revs and calls note with each list
// table that differs from the one before: every id a list ever had.
func scanIDs(ctx context.Context, blobs *Blobs, revs []Revision, note func(*preamble)) error {
	_, err := walkVersions(ctx, blobs, revs, 0, len(revs), false, func(_ int, prev, cur *version) {
		if prev.pre != cur.pre {
			note(cur.pre)
		}
	})
	return err
}

// ListGroups returns every id a list of the file at path (relative to
// dir) has had in its history, to the identities of the groups it named
// (one, unless an id was moved to another group): for a --list that
// names a list by an id it had before a rename, or in a file it moved
// in from.
//
// Cost: one walk over the file's history, every version read; the
// files lists moved in from only when the file gained a group.
//
// Errors: ErrNotInGit, ErrShallow, ErrNoCommits, ErrUntracked (see Log).
func ListGroups(ctx context.Context, dir, path string) (map[string][]string, error) {
	revs, err := Log(ctx, dir, path)
	if err != nil {
		return nil, err
	}
	blobs, err := OpenBlobs(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer blobs.Close()
	sets := map[string]map[string]bool{}
	og := newOurGroups() // the groups gained, in the same walk
	_, err = walkVersions(ctx, blobs, revs, 0, len(revs), false, func(i int, prev, cur *version) {
		if prev.pre == cur.pre {
			return
		}
		og.note(revs[i].Commit, prev, cur)
		for id, g := range cur.pre.groups {
			if sets[id] == nil {
				sets[id] = map[string]bool{}
			}
			sets[id][g] = true
		}
	})
	if err != nil {
		return nil, err
	}
	// The ids lists had in the files they moved in from.
	moves, err := movesIn(ctx, dir, path, pathsOf(revs), og, blobs, 0)
	if err != nil {
		return nil, err
	}
	for _, mv := range moves {
		for _, me := range mv.events {
			if me.c.List == "" {
				continue
			}
			if sets[me.c.List] == nil {
				sets[me.c.List] = map[string]bool{}
			}
			sets[me.c.List][mv.group] = true
		}
	}
	out := make(map[string][]string, len(sets))
	for id, gs := range sets {
		out[id] = sortedKeys(gs)
	}
	return out, nil
}
