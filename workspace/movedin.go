package workspace

import (
	"context"
	"errors"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

// movedIn returns the lists of members files other than the one at
// dir/name that, at rev, manage a group f's lists manage and base's do not
// (history.ListsElsewhereAt): a list moved in from another file, or
// into a file new since rev, whose people were on the group before the
// change (policies.Options.BeforeElsewhere). head is the revision f was
// read at, "" for the working tree. Nil when no list moved in, and when
// that cannot be told (said in a note): the lapsed records of such a
// list then count as a new member's, the stricter verdict.
func (w *Workspace) movedIn(ctx context.Context, dir, name, rev, head string, base, f *members.File) []history.MovedList {
	if f == nil {
		return nil
	}
	wanted := groupsNewTo(base, f)
	if len(wanted) == 0 {
		return nil
	}
	found, err := history.ListsElsewhereAt(ctx, dir, name, rev, head, wanted)
	switch {
	case err == nil:
	case errors.Is(err, history.ErrNotInGit), errors.Is(err, history.ErrNoCommits), errors.Is(err, context.Canceled):
		return nil
	default:
		w.notef("note: cannot tell whether a list new to %s moved in from another members file at %s (%v): its members count as new to it", name, rev, err)
		return nil
	}
	return found
}

// groupsNewTo returns the identities of the groups head's lists manage
// and base's do not (base nil: none does), in head's order.
func groupsNewTo(base, head *members.File) []string {
	inBase := map[string]bool{}
	if base != nil {
		for _, l := range base.Lists {
			inBase[members.IdentityOf(l.Address)] = true
		}
	}
	var wanted []string
	for _, l := range head.Lists {
		if g := members.IdentityOf(l.Address); !inBase[g] {
			wanted = append(wanted, g)
		}
	}
	return wanted
}

// listsOf are the lists of mvs, as policies reads them: a moved list's
// people alone were on its group, not its file's others.
func listsOf(mvs []history.MovedList) []policies.ListElsewhere {
	out := make([]policies.ListElsewhere, 0, len(mvs))
	for _, mv := range mvs {
		out = append(out, policies.ListElsewhere{File: mv.File, List: mv.List.ID})
	}
	return out
}
