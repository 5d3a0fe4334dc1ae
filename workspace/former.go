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
// judged against the owners it had. The file's history is read once
// (the timeline), and then the one version before each group's loss.
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
	listings, err := tl.LastListings(ctx, wanted)
	if err != nil {
		return nil, err
	}
	out := make(map[string]review.Former, len(listings))
	for g, l := range listings {
		out[g] = review.Former{File: l.File, List: l.List, Revision: history.ShortCommit(l.Revision.Commit)}
	}
	return out, nil
}
