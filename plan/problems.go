package plan

import (
	"fmt"
	"strings"

	"github.com/roster-dev/roster/internal/visible"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
)

// OwnersShort reports, for a list whose live group was read, how many
// owners the group has now and how many its policy needs, and whether
// it has fewer: the group as it is, before any change of the run.
func (l *List) OwnersShort() (have, need int, short bool) {
	if l.Error != "" || l.Unread != "" || l.GroupMissing || l.Create || l.minOwners <= 0 {
		return l.liveOwners, l.minOwners, false
	}
	return l.liveOwners, l.minOwners, l.liveOwners < l.minOwners
}

// shortOfOwners holds back the additions of members (not owners) to a
// group that would have fewer owners than the policy's min_owners once
// the run has made every change it may (an owner's add blocked, a group
// just created), and says why, or returns "": min_owners holds on the
// live group at every step, and a group filled before anyone may own it
// is a list nobody answers for. Owners' additions, and removals, go
// ahead: each brings the group nearer its policy.
func shortOfOwners(p *members.Policy, l *List, unread bool) string {
	if p.MinOwners <= 0 || unread {
		return ""
	}
	var runnable []Change
	for _, c := range l.Changes {
		if c.Blocked == "" {
			runnable = append(runnable, c)
		}
	}
	after := l.ownersAfterAll(runnable)
	if after >= p.MinOwners {
		return ""
	}
	held := 0
	for i := range l.Changes {
		if c := &l.Changes[i]; c.Blocked == "" && c.Action == ActionAdd && c.Role != members.RoleOwner {
			c.Blocked = fmt.Sprintf("%s would have %s, and policy %s needs %d (min_owners); members join once its owners are in", l.Address, words.Plural(after, "owner"), p.ID, p.MinOwners)
			held++
		}
	}
	why := fmt.Sprintf("the group has %s %s%s, and policy %s needs at least %d (min_owners)", words.Plural(after, "owner"), AfterSync, l.SuspendedNote(), p.ID, p.MinOwners)
	if held > 0 {
		why += fmt.Sprintf(": %s held back until it has them", words.Plural(held, "addition"))
	}
	if len(l.groupOwners) > 0 {
		why += fmt.Sprintf(" (not counting %s, which %s: a group made owner is no person to own the list)", strings.Join(l.groupOwners, ", "), words.Pick(len(l.groupOwners), "is a group", "are groups"))
	}
	if len(l.suspended) > 0 {
		return why + "; restore the suspended account, or make someone else owner in the file"
	}
	if len(l.groupOwners) > 0 {
		return why + "; make a person owner in the file"
	}
	return why + "; admit the owners the file names (the lines above say what blocks them), or make someone owner"
}

// AfterSync is how a problem of what the group would be once the run
// made its changes says so: a list sync leaves alone (its policy
// failing) has no such problem.
const AfterSync = "once sync has made every change it may"

// SuspendedNote says which of the group's owners count for none, their
// accounts suspended (" (not counting 1 owner, whose account is
// suspended: …)"), or "".
func (l *List) SuspendedNote() string {
	if len(l.suspended) == 0 {
		return ""
	}
	return fmt.Sprintf(" (not counting %s, whose %s suspended: %s)", words.Plural(len(l.suspended), "owner"), words.Pick(len(l.suspended), "account is", "accounts are"), strings.Join(l.suspended, ", "))
}

// CapHeld begins the reason of an addition held back because the live
// group, as it stands, has no room for it under max_members (overCap):
// a verdict on the group, not on the entry.
const CapHeld = "the group would have "

// overCap says how the group stays over its policy's cap once the run
// has made every change it may, or "": roster adds nobody past the cap,
// so a group over it holds someone added by hand (or the cap was lowered
// under the file's entries), which the run must not leave green. Which
// of them is past the cap is not the group's to say.
//
// roster's own additions never take it there: when the group would pass
// its cap once the run has made every change it may (a removal held
// back, a walk-in kept), additions are held back, members' before
// owners', the last first, until it would not; only what is on the
// group already can keep it over.
func overCap(p *members.Policy, l *List) string {
	if p.MaxMembers <= 0 {
		return ""
	}
	n := l.holdAddsPastCap()
	if n <= p.MaxMembers {
		return ""
	}
	head := fmt.Sprintf("the group has %s %s, and policy %s allows at most %d (max_members)", words.Plural(n, "member"), AfterSync, p.ID, p.MaxMembers)
	// The walk-ins kept (unmanaged = "report") are on the group and not
	// in the file: taking entries off the file does not make room for
	// them, and the file's own entries may be within the cap.
	if kept := len(l.Unmanaged); kept > 0 {
		names := make([]string, 0, 3)
		for _, u := range l.Unmanaged[:min(kept, 3)] {
			// Marked as every printed address is: a walk-in whose
			// letters pass for a file entry's must not read as it.
			names = append(names, u.Email+visible.LookalikeNote(u.Email))
		}
		if kept > 3 {
			names = append(names, fmt.Sprintf("and %d more", kept-3))
		}
		inFile := n - kept
		if inFile <= p.MaxMembers {
			return fmt.Sprintf("%s: %s the file does not list, kept because unmanaged = \"report\" (%s), take it past the cap; take them off the group, or raise max_members",
				head, words.Plural(kept, "walk-in"), strings.Join(names, ", "))
		}
		return fmt.Sprintf("%s: %s the file does not list, kept because unmanaged = \"report\" (%s), and the file's own %d: take the walk-ins off the group and %d off the file, or raise max_members",
			head, words.Plural(kept, "walk-in"), strings.Join(names, ", "), inFile, inFile-p.MaxMembers)
	}
	return fmt.Sprintf("%s: someone is on it past the cap, added by hand or under a cap lowered since; take %d off the group and the file, or raise max_members",
		head, n-p.MaxMembers)
}

// sizeAfter is the size the group will have once the changes it can
// run have run.
func (l *List) sizeAfter() int {
	n := l.Live
	for _, c := range l.Changes {
		switch {
		case c.Blocked != "":
		case c.Action == ActionAdd:
			n++
		case c.Action == ActionRemove:
			n--
		}
	}
	return n
}

// holdAddsPastCap holds back, when the group would pass the policy's
// max_members once the run has made every change it may, additions
// (members' before owners', the last first) until it would not, and
// returns the size left: only what is on the group already can keep it
// over.
func (l *List) holdAddsPastCap() int {
	n := l.sizeAfter()
	if l.maxMembers <= 0 || n <= l.maxMembers {
		return n
	}
	why := fmt.Sprintf(CapHeld+"%s with it, and policy %s allows at most %d (max_members): the group has %d, and sync does not take off enough of them to make room (a removal held back, or a walk-in kept)",
		words.Plural(n, "member"), l.policyID, l.maxMembers, l.Live)
	for _, owners := range []bool{false, true} {
		for i := len(l.Changes) - 1; i >= 0 && n > l.maxMembers; i-- {
			if c := &l.Changes[i]; c.Action == ActionAdd && c.Blocked == "" && (c.Role == members.RoleOwner) == owners {
				c.Blocked = why
				n--
			}
		}
	}
	return n
}

// HoldAddsPastCaps holds back, on every list, the additions that would
// take its group past max_members now that more removals are held than
// when it was planned (an incremental run's, pending from before its
// window): roster's own adds never take a group past its cap.
func (p *Plan) HoldAddsPastCaps() {
	for _, l := range p.Lists {
		l.holdAddsPastCap()
	}
	p.Summarize()
}
