package workspace

import (
	"context"
	"slices"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/report"
)

// movedAway notes, of each list of d the file no longer has at rev (""
// for the working tree; to is its version there; asked names it as the
// command line did, a day or a revision), whose people diff shows taken
// off, the other members file that has the list's group there: the list
// moved, and its people with it, off this file and no group (history
// names that file on each of their events).
func (w *Workspace) movedAway(ctx context.Context, dir, name, rev, asked string, to *members.File, d []history.ListDiff) {
	var gone []string
	for _, l := range d {
		if len(l.Removed) > 0 && l.Group != "" && !slices.ContainsFunc(to.Lists, func(tl *members.List) bool { return members.IdentityOf(tl.Address) == l.Group }) {
			gone = append(gone, l.Group)
		}
	}
	if len(gone) == 0 {
		return
	}
	var found []history.MovedList
	var err error
	if rev == "" {
		found, _, err = history.ListsOnDisk(ctx, dir, name, gone)
	} else {
		found, err = history.ListsElsewhereAt(ctx, dir, name, rev, rev, gone)
	}
	if err != nil {
		return // a note, not the answer: the diff stands as it is
	}
	for _, l := range d {
		for _, mv := range found {
			if slices.Contains(gone, l.Group) && members.IdentityOf(mv.List.Address) == l.Group {
				// Who the other file lists there went with the list.
				on := map[string]bool{}
				for _, m := range mv.File.MembersOf(mv.List.ID) {
					on[history.PersonOf(m.Email)] = true
				}
				for i := range l.Removed {
					if on[history.PersonOf(l.Removed[i].Email)] {
						l.Removed[i].MovedTo = mv.Path
					}
				}
				w.notef("note: list %s is in %s at %s (list %s): it moved there, and those that file lists on it went with it, off this file and no group (history names each)", l.List, report.Line(mv.Path), report.Line(revName(asked)), mv.List.ID)
				break
			}
		}
	}
}

// revName is rev as a note names it: the working tree for "".
func revName(rev string) string {
	if rev == "" {
		return "the working tree"
	}
	return rev
}
