package workspace

import (
	"context"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

// maxCapWalk bounds the versions heldOverCap reads back.
const maxCapWalk = 20

// heldOverCap returns, by list, the mailboxes of the entries sync held
// back over a list's cap in f, the committed version (at rv): those new
// since the last version, read back from rv, in which the list was
// within the cap it had then, judged as sync judged them. Entries of
// that version stay on the group, however the cap has moved since (a
// cap lowered under a list takes no one off), and a later commit that
// changed something else does not make a held-back entry one sync put
// on the group.
func (w *Workspace) heldOverCap(ctx context.Context, dir, name string, f *members.File, rv history.Revision) map[string][]string {
	over := map[string]bool{}
	for _, l := range f.Lists {
		if overCap(f, l.ID) {
			over[l.ID] = true
		}
	}
	if len(over) == 0 {
		return nil
	}
	// The newest version, before rv, in which no list now over its cap
	// was over the cap it had then: nil when none was (every entry is
	// new) or when the walk runs past maxCapWalk versions.
	var within *members.File
	commit := rv.Commit
	for range maxCapWalk {
		prev, at, err := history.Base(ctx, dir, name, nil, commit+"^")
		if err != nil || at.Commit == "" {
			break
		}
		overThen := false
		for id := range over {
			overThen = overThen || overCap(prev, id)
		}
		if !overThen {
			within = prev
			break
		}
		commit = at.Commit
	}
	out := map[string][]string{}
	for _, fd := range w.check(f, policies.Options{At: w.today(), Before: within}) {
		if fd.Rule != policies.RuleMaxMembers || fd.Member == "" || !over[fd.List] {
			continue
		}
		// Someone the version within the cap listed is on the group: a
		// cap lowered since holds back only those who came after.
		if within != nil && onList(within, fd.List, fd.Member) {
			continue
		}
		out[fd.List] = append(out[fd.List], members.MailboxOf(fd.Member))
	}
	return out
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
