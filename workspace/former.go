package workspace

import (
	"context"
	"slices"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/review"
)

// formerLists finds, for each group head has a list for and base has
// none, the last list that managed it in the members file's history up
// to baseRev (review.Input.Former), and the lists other members files
// hold for it at baseRev (review.Input.Elsewhere): a change that takes
// a group back, or over from another file, is judged against the owners
// it had or has. The file's history is read once (the timeline), and
// then the one version before each group's loss.
func (w *Workspace) formerLists(ctx context.Context, dir, name, baseRev, headRev string, base, head *members.File) (former map[string]review.Former, elsewhere map[string][]review.Former, err error) {
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
		return nil, nil, nil
	}
	others, err := history.ListsElsewhereAt(ctx, dir, name, baseRev, headRev, wanted)
	if err != nil {
		return nil, nil, err
	}
	for _, mv := range others {
		if elsewhere == nil {
			elsewhere = map[string][]review.Former{}
		}
		g := members.IdentityOf(mv.List.Address)
		elsewhere[g] = append(elsewhere[g], review.Former{File: mv.File, List: mv.List.ID, Revision: history.ShortCommit(mv.At.Commit), Path: mv.Path})
	}
	tl, err := history.ReadTimelineAt(ctx, dir, name, baseRev)
	if err != nil {
		return nil, nil, err
	}
	listings, err := tl.LastListings(ctx, wanted)
	if err != nil {
		return nil, nil, err
	}
	former = make(map[string]review.Former, len(listings))
	for g, l := range listings {
		former[g] = review.Former{File: l.File, List: l.List, Revision: history.ShortCommit(l.Revision.Commit)}
	}
	// A group no file manages at the base and the members file never
	// did: another file may have let it go in an earlier change.
	var unknown []string
	for _, l := range head.Lists {
		g := members.IdentityOf(l.Address)
		if _, ok := former[g]; !ok && !inBase[g] && elsewhere[g] == nil && !slices.Contains(unknown, l.Address) {
			unknown = append(unknown, l.Address)
		}
	}
	gone, err := history.FormerListsElsewhere(ctx, dir, name, baseRev, unknown)
	if err != nil {
		return nil, nil, err
	}
	for g, mv := range gone {
		former[g] = review.Former{File: mv.File, List: mv.List.ID, Revision: history.ShortCommit(mv.At.Commit) + "^ of " + mv.Path, LetGoBy: mv.Path, Now: mv.Then}
	}
	return former, elsewhere, nil
}
