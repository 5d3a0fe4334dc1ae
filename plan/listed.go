package plan

import (
	"cmp"
	"maps"
	"time"

	"github.com/roster-dev/roster/members"
)

// Listed is who the members file listed on each group in its earlier
// versions: group address identity -> member identity -> where it last
// did (a commit). Unknown, when set, says why that cannot be known (the
// file is not in git); the map is then nil. It is keyed by the group, not
// the list id, so that renaming a list (or moving it between files) in
// the commit that takes someone off still takes them off.
type Listed struct {
	ByGroup map[string]map[string]string
	Unknown string
	// RemovedAt, when set, says when the commit that took who (an
	// identity) off group's list (an identity too) landed, to the
	// second: of someone listed under two of a group's names on one
	// day, the later removal is theirs (see Of). Without it, the days
	// of ByGroup's answers decide.
	RemovedAt func(group, who string) (time.Time, bool)
	// Owners are, by group address identity, the mailboxes of the
	// demoted owners (DemotedOwners) the file listed as owner since it
	// last put them on the group's list (history's OwnerInStint): it
	// demoted them. Set by the caller once the demotions are known.
	Owners map[string]map[string]bool
}

// OwnersOf is Owners of the group at address, under that address or
// any of names (see Of).
func (l *Listed) OwnersOf(address string, names ...string) map[string]bool {
	out := map[string]bool{}
	for _, n := range append([]string{address}, names...) {
		for who := range l.Owners[members.IdentityOf(n)] {
			out[who] = true
		}
	}
	return out
}

// Of is whom the file listed on the group at address, under that
// address or any of names (the group's own address and aliases, as
// Google gives them): a list moved from a group's alias to its own
// address, in the commit that takes someone off or before it, still
// took them off the one group. Never nil.
func (l *Listed) Of(address string, names ...string) map[string]string {
	out := l.ByGroup[members.IdentityOf(address)]
	merged := false
	from := map[string]string{} // the name each answer in out came from, when not address
	for _, n := range names {
		other := l.ByGroup[members.IdentityOf(n)]
		if len(other) == 0 || members.IdentityOf(n) == members.IdentityOf(address) {
			continue
		}
		if !merged {
			out, merged = maps.Clone(out), true
			if out == nil {
				out = map[string]string{}
			}
		}
		for who, where := range other {
			// Listed under two of the group's names, they left the group
			// when they left the later: "removed in" the address it has
			// now names the commit that moved the list to an alias, not
			// the one that took them off it (the landing times say which,
			// to the second, or the days without them).
			if out[who] == "" || removedOn(out[who]) != "" && (removedOn(where) == "" || l.removedLater(n, cmp.Or(from[who], address), who, where, out[who])) {
				out[who], from[who] = where, n
			}
		}
	}
	if out == nil {
		out = map[string]string{}
	}
	return out
}

// removedLater reports whether who's removal from the group under name
// (where) came after their removal under other, the name of the answer
// so far (was).
func (l *Listed) removedLater(name, other, who, where, was string) bool {
	if l.RemovedAt != nil {
		a, okA := l.RemovedAt(members.IdentityOf(name), who)
		b, okB := l.RemovedAt(members.IdentityOf(other), who)
		if okA && okB {
			return a.After(b)
		}
	}
	return removedOn(where) > removedOn(was)
}
