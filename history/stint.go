package history

import (
	"context"
	"fmt"
	"slices"

	"github.com/roster-dev/roster/members"
)

// OwnerInStint reports whether the members file listed member as owner
// of group's list at some commit of their current stint on it (since the
// commit that last put them on it, to the last commit), following the
// list back through the files it moved in from, as HeldSinceAcross does:
// an owner the file keeps in a lower role is one it demoted, whose
// ownership it took off as surely as a removal's. Someone made owner by
// hand, whom the file has listed only lower since it last added them,
// is not.
//
// The file may have listed them under other spellings (former, an alias
// Google resolves to the member, or their address before the file wrote
// the one it does now): the latest stint under each, ended or not, is
// read too, so that a respelling in the commit that demotes them still
// counts their ownership.
func (t *Timeline) OwnerInStint(ctx context.Context, group, member string, former ...string) (bool, error) {
	g := members.IdentityOf(group)
	for _, other := range former {
		if PersonOf(other) != PersonOf(member) && t.ownerInLastStint(g, other, t.stintBegan(g, member)) {
			return true, nil
		}
	}
	cur, until := t, len(t.revs)-1
	for range maxHops {
		start, ok := cur.spellStart(g, member, members.RoleMember, until)
		if !ok {
			return false, nil
		}
		for _, c := range cur.roles[g][PersonOf(member)] {
			if c.at >= start && c.at <= until && c.role == members.RoleOwner {
				return true, nil
			}
		}
		if start > cur.firstGood && !slices.Contains(cur.gained[g], start) || cur.repo == nil {
			return false, nil // the stint began in this file, with a listing
		}
		from, at, err := cur.handedBy(ctx, g, start)
		if err != nil || from == nil {
			return false, err
		}
		if !from.listedAs(g, member, members.RoleMember, at) {
			return false, nil // the list came without them
		}
		cur, until = from, at
	}
	return false, fmt.Errorf("group %s: %w", g, ErrTooManyMoves)
}

// OwnerBeforeRespelling reports whether the latest stint of member (or
// of one of former, their other spellings) on the list of other, another
// address of group's group, listed them as owner and ended where their
// current stint on group's list began, or later: the file respelled the
// list's address (perhaps in the commit that demoted them), and their
// ownership carried over. A stint under the other address that ended
// before the file last put them on the list is another stint, whose
// ownership the file took off then.
func (t *Timeline) OwnerBeforeRespelling(group, other, member string, former ...string) bool {
	began := t.stintBegan(members.IdentityOf(group), member)
	for _, m := range append([]string{member}, former...) {
		if t.ownerInLastStint(members.IdentityOf(other), m, began) {
			return true
		}
	}
	return false
}

// stintBegan is the revision that began member's current stint on g's
// list, the last revision's index when they are on none (nothing of an
// earlier stint then carries over).
func (t *Timeline) stintBegan(g, member string) int {
	start, ok := t.spellStart(g, member, members.RoleMember, len(t.revs)-1)
	if !ok {
		return len(t.revs) - 1
	}
	return start
}

// ownerInLastStint reports whether the latest stint of member on g's
// list in this file, ended or not, listed them as owner, provided it
// had not ended before revision notBefore.
func (t *Timeline) ownerInLastStint(g, member string, notBefore int) bool {
	ch := t.roles[g][PersonOf(member)]
	k := len(ch) - 1
	for k >= 0 && ch[k].role == "" {
		if ch[k].at < notBefore {
			return false // ended before: another stint
		}
		k--
	}
	for ; k >= 0 && ch[k].role != ""; k-- {
		if ch[k].role == members.RoleOwner {
			return true
		}
	}
	return false
}
