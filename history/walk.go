package history

import (
	"context"
	"fmt"
)

// walkVersions reads the file at each of revs[from:to] and calls fn with
// each revision's index, its version and the last good version before
// it. The first is compared with the last good version before the
// window, so that a window shows what each commit changed, not everyone
// as added. Revisions that do not parse are returned as problems and
// skipped. A revision that deletes the file is skipped too (the members
// file's own deletion is not read as "everyone removed"), unless
// deletions is set: then it is a version with nobody in it.
func walkVersions(ctx context.Context, blobs *Blobs, revs []Revision, from, to int, deletions bool, fn func(i int, prev, cur *version)) ([]Problem, error) {
	rd := newReader()
	prev := emptyVersion
	// The last good version before the window, as a walk from the first
	// reads it: a list whose own policy fails there has the members of
	// the last version that applied it (reader.carry), which may be
	// further back. So the versions are read back to one that carries
	// no list, and forward again from there.
	back, carried := -1, false
	for i := from - 1; i >= 0; i-- {
		if revs[i].Blob == "" {
			continue
		}
		v, err := rd.read(blobs, revs[i])
		if unreadable(ctx, err) {
			return nil, err
		}
		if err == nil && len(v.carried) > 0 {
			carried = true
		}
		if err == nil && len(v.carried) == 0 {
			back, prev = i, v
			break
		}
	}
	if carried {
		if back < 0 {
			rd.applied = nil
		}
		for i := back + 1; i < from; i++ {
			if revs[i].Blob == "" {
				continue
			}
			v, err := rd.read(blobs, revs[i])
			if unreadable(ctx, err) {
				return nil, err
			}
			if err == nil {
				prev = v
			}
		}
	}
	var problems []Problem
	for i := from; i < to; i++ {
		r := revs[i]
		if r.Blob == "" && deletions {
			fn(i, prev, emptyVersion)
			prev, rd.applied = emptyVersion, emptyVersion
			continue
		}
		if r.Blob == "" {
			problems = append(problems, Problem{Revision: r, Err: fmt.Errorf("the commit deletes %s; its membership is not read as \"everyone removed\"", r.Path)})
			continue
		}
		rd.ahead = nextBlob(revs, i+1, to)
		cur, err := rd.read(blobs, r)
		if unreadable(ctx, err) {
			return nil, err
		}
		if err != nil {
			problems = append(problems, Problem{Revision: r, Err: err})
			continue
		}
		fn(i, prev, cur)
		prev = cur
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return problems, nil
}

// nextBlob is the blob of the first version from revs[from] before to
// that the walk reads, or "".
func nextBlob(revs []Revision, from, to int) string {
	for i := from; i < to; i++ {
		if revs[i].Blob != "" && revs[i].Regular() {
			return revs[i].Blob
		}
	}
	return ""
}
