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
func (w *Workspace) formerLists(ctx context.Context, dir, name, baseRev, headRev string, base, head *members.File) (former map[string][]review.Former, elsewhere map[string][]review.Former, err error) {
	wanted := groupsNewTo(base, head)
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
	former = make(map[string][]review.Former, len(listings))
	for g, l := range listings {
		former[g] = append(former[g], review.Former{File: l.File, List: l.List, Revision: history.ShortCommit(l.Revision.Commit)})
	}
	// The losses of the file on every side of its merges: one the
	// first-parent line does not show (a merge that kept the tree of a
	// side without the list) is asked about as well as the newest one it
	// does, when it came after that one's version; the version
	// LastListings read is not asked about twice, nor the older losses
	// it stands for (their re-adds were reviewed).
	var asked []string
	for _, l := range head.Lists {
		if g := members.IdentityOf(l.Address); slices.Contains(wanted, g) && !slices.Contains(asked, l.Address) {
			asked = append(asked, l.Address)
		}
	}
	own, err := history.FormerListsOfFile(ctx, dir, name, baseRev, asked)
	if err != nil {
		return nil, nil, err
	}
	for g, mvs := range own {
		for _, mv := range mvs {
			if l, ok := listings[g]; ok && (l.Revision.Blob == mv.At.Blob || !mv.At.Date.After(l.Revision.Date)) {
				continue
			}
			former[g] = append(former[g], review.Former{File: mv.File, List: mv.List.ID, Revision: history.ShortCommit(mv.At.Commit) + "^", Aside: true})
		}
	}
	// Another file may have let the group go since (or the members file
	// never had it): its owners then are the group's last ones too,
	// whatever a file that names the group at the base (an example)
	// says besides. Both approve, whichever came last: which did is told
	// by commit dates, which a commit's author writes.
	gone, err := history.FormerListsElsewhere(ctx, dir, name, baseRev, asked)
	if err != nil {
		return nil, nil, err
	}
	for g, mvs := range gone {
		for _, mv := range mvs {
			former[g] = append(former[g], review.Former{File: mv.File, List: mv.List.ID, Revision: history.ShortCommit(mv.At.Commit) + "^ of " + mv.Path, LetGoBy: mv.Path, Now: mv.Then})
		}
	}
	return former, elsewhere, nil
}
