package workspace

import (
	"context"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/review"
)

// formerLists finds, for each group head has a list for and base has
// none, the last list that managed it in the members file's history up
// to baseRev (review.Input.Former): a change that takes a group back is
// judged against the owners it had. Only groups the file ever listed
// cost a read of older versions, newest first, until each is found.
func (w *Workspace) formerLists(ctx context.Context, dir, name, baseRev string, base, head *members.File) (map[string]review.Former, error) {
	inBase := make(map[string]bool, len(base.Lists))
	for _, l := range base.Lists {
		inBase[members.IdentityOf(l.Address)] = true
	}
	var wanted []string
	for _, l := range head.Lists {
		if g := members.IdentityOf(l.Address); !inBase[g] {
			wanted = append(wanted, g)
		}
	}
	if len(wanted) == 0 {
		return nil, nil
	}
	tl, err := history.ReadTimelineAt(ctx, dir, name, baseRev)
	if err != nil {
		return nil, err
	}
	pending := map[string]bool{}
	for _, g := range wanted {
		if _, ever := tl.GainedAt(g); ever {
			pending[g] = true
		}
	}
	out := map[string]review.Former{}
	revs := tl.Revisions()
	for i := len(revs) - 1; i >= 0 && len(pending) > 0; i-- {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if revs[i].Blob == "" {
			continue // the commit deleted the file
		}
		f, _, err := history.FileAt(ctx, dir, name, revs[i].Commit)
		if err != nil {
			continue // a version that does not parse managed nothing
		}
		for _, l := range f.Lists {
			if g := members.IdentityOf(l.Address); pending[g] {
				out[g] = review.Former{File: f, List: l.ID, Revision: history.ShortCommit(revs[i].Commit)}
				delete(pending, g)
			}
		}
	}
	return out, nil
}
