package workspace

import (
	"context"
	"errors"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

// maxCapWalk bounds the versions heldOverCap reads back.
const maxCapWalk = 20

// heldOverCap returns, by list, the mailboxes of the entries sync held
// back over a list's cap in f, the committed version (at rv): those new
// since the last version, read back from rv, in which that list was
// within the cap it had then, judged as sync judged them. Entries of
// that version stay on the group, however the cap has moved since (a
// cap lowered under a list takes no one off), and a later commit that
// changed something else does not make a held-back entry one sync put
// on the group.
func (w *Workspace) heldOverCap(ctx context.Context, dir, name string, f *members.File, rv history.Revision) map[string][]string {
	out := map[string][]string{}
	for _, l := range f.Lists {
		if !overCap(f, l.ID) {
			continue
		}
		// Each list its own version within its cap: another list over
		// its cap for longer says nothing of this one.
		within, ok := w.withinCap(ctx, dir, name, rv, l.ID)
		if !ok {
			continue // not found within maxCapWalk versions: not told
		}
		for _, fd := range w.check(f, policies.Options{At: w.today(), Before: within}) {
			if fd.Rule != policies.RuleMaxMembers || fd.Member == "" || fd.List != l.ID {
				continue
			}
			// Someone the version within the cap listed is on the group:
			// a cap lowered since holds back only those who came after.
			if within != nil && onList(within, l.ID, fd.Member) {
				continue
			}
			out[l.ID] = append(out[l.ID], members.MailboxOf(fd.Member))
		}
	}
	return out
}

// withinCap returns the newest version before rv in which list was
// within the cap it had then (nil when the file's first version was
// over it: every entry is new), and false when none was found within
// maxCapWalk versions, which leaves who is held back untold.
func (w *Workspace) withinCap(ctx context.Context, dir, name string, rv history.Revision, list string) (*members.File, bool) {
	commit := rv.Commit
	for range maxCapWalk {
		prev, at, err := history.Base(ctx, dir, name, nil, commit+"^")
		switch {
		case errors.Is(err, history.ErrNotThen) || errors.Is(err, history.ErrBadRevision) || err == nil && at.Commit == "":
			return nil, true // before the first version
		case err != nil:
			return nil, false
		}
		if !overCap(prev, list) {
			return prev, true
		}
		commit = at.Commit
	}
	return nil, false
}

// overCap reports whether f lists more people on list than its policy's
// max_members.
func overCap(f *members.File, list string) bool {
	l := f.List(list)
	if l == nil {
		return false
	}
	p := f.PolicyOf(l)
	return p != nil && p.MaxMembers > 0 && f.CountOn(list) > p.MaxMembers
}

// onList reports whether f lists email on list.
func onList(f *members.File, list, email string) bool {
	m := f.FindMember(email)
	if m == nil {
		return false
	}
	_, on := m.RoleOn(list)
	return on
}
