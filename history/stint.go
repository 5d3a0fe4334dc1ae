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
		if PersonOf(other) != PersonOf(member) && t.ownerInLastStint(g, other) {
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

// OwnerInLastStint reports whether the latest stint of member on the
// list of group in this file, ended or not, listed them as owner: asked
// of another address of a group (an alias the file wrote before, or
// since), under which the file's listing ended when it respelled the
// list's address, perhaps in the commit that demoted them.
func (t *Timeline) OwnerInLastStint(group, member string) bool {
	return t.ownerInLastStint(members.IdentityOf(group), member)
}

// ownerInLastStint reports whether the latest stint of member on g's
// list in this file, ended or not, listed them as owner.
func (t *Timeline) ownerInLastStint(g, member string) bool {
	ch := t.roles[g][PersonOf(member)]
	k := len(ch) - 1
	for k >= 0 && ch[k].role == "" {
		k--
	}
	for ; k >= 0 && ch[k].role != ""; k-- {
		if ch[k].role == members.RoleOwner {
			return true
		}
	}
	return false
}
