package history

import (
	"strings"

	"github.com/roster-dev/roster/members"
)

// Membership keyed by group: a list's id is a name in the file, its
// address is the group Google keeps. A list renamed in the file (same
// address) is the same group, and a list whose address changed is
// another group; so whom the file managed, and what changed, are
// computed per group address identity (members.IdentityOf).

// groupRoles returns the groups a member is on in a version, with the
// highest role where two lists name one group.
func groupRoles(st *memberState, pre *preamble) map[string]members.Role {
	if st == nil || len(st.lists) == 0 {
		return nil
	}
	out := make(map[string]members.Role, len(st.lists))
	for l, role := range st.lists {
		g := pre.groups[l]
		if g == "" {
			continue // a list the version does not define, or without an address
		}
		if old, ok := out[g]; !ok || role.Rank() > old.Rank() {
			out[g] = role
		}
	}
	return out
}

// groupChange is one member's role on one group changing in a revision:
// role is "" when they left it, prev "" when they joined.
type groupChange struct {
	group, id, email string
	role, prev       members.Role
}

// groupChanges returns the members' changes of role per group between
// two versions. Members whose block is unchanged are skipped unless the
// lists' groups changed (a list renamed or readdressed), when every
// member is compared.
func groupChanges(prev, cur *version) []groupChange {
	var out []groupChange
	for _, p := range pairs(prev, cur, !sameGroups(prev.pre, cur.pre)) {
		a, b := groupRoles(p.was, prev.pre), groupRoles(p.now, cur.pre)
		st := p.now
		if st == nil {
			st = p.was
		}
		for g, role := range b {
			if old := a[g]; old != role {
				out = append(out, groupChange{group: g, id: st.person, email: st.email, role: role, prev: old})
			}
		}
		for g, old := range a {
			if _, on := b[g]; !on {
				out = append(out, groupChange{group: g, id: st.person, email: st.email, prev: old})
			}
		}
	}
	return out
}

// changedGroups adds to into every group whose list table, policy
// (settings included), memberships or members' records differ between
// two versions. A list whose address changed counts for both addresses;
// a member whose entry changed in a way a verdict can read (see
// sameForSync) counts for every group they are on in either version
// (their findings, and so the plan, may change). A name respelled or a
// note reworded changes nothing on a group: an hourly run need not read
// every list of an owner who fixed a typo.
func changedGroups(prev, cur *version, into map[string]bool) {
	mark := func(g string) {
		if g != "" {
			into[g] = true
		}
	}
	if p, c := prev.pre, cur.pre; p != c {
		// By group, not by id: a list renamed (its id alone changed)
		// changes nothing on its group, and an hourly run need not read
		// it again.
		was, now := listsByGroup(p), listsByGroup(c)
		for g, l := range was {
			if n := now[g]; n == nil || !sameListAnyID(l, n) {
				mark(g)
			}
		}
		for g := range now {
			if was[g] == nil {
				mark(g)
			}
		}
		changed := map[string]bool{}
		for id, pol := range p.policies {
			if n := c.policies[id]; n == nil || !pol.Says(n) {
				changed[id] = true
			}
		}
		for id := range c.policies {
			if p.policies[id] == nil {
				changed[id] = true
			}
		}
		if len(changed) > 0 {
			for _, pre := range []*preamble{p, c} {
				for id, l := range pre.lists {
					if changed[l.Policy] {
						mark(pre.groups[id])
					}
				}
			}
		}
	}
	for _, p := range pairs(prev, cur, !sameGroups(prev.pre, cur.pre)) {
		a, b := groupRoles(p.was, prev.pre), groupRoles(p.now, cur.pre)
		if !sameForSync(p.was, p.now) {
			for g := range a {
				mark(g)
			}
			for g := range b {
				mark(g)
			}
			continue
		}
		for g, role := range b {
			if a[g] != role {
				mark(g)
			}
		}
		for g := range a {
			if _, on := b[g]; !on {
				mark(g)
			}
		}
	}
}

// sameForSync reports whether two states of one member agree on all a
// verdict on them, or on the records that name them, reads besides
// their lists: the address; whether each field a policy may require
// (name, github, affiliation) is given; the GitHub handle records may
// name them by; and each record's vetter, date and method (not its note
// or evidence, which no check reads).
func sameForSync(a, b *memberState) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || a.email != b.email || len(a.vetting) != len(b.vetting) ||
		members.HandleKey(a.fields[1]) != members.HandleKey(b.fields[1]) {
		return false
	}
	for i, f := range a.fields {
		if (strings.TrimSpace(f) == "") != (strings.TrimSpace(b.fields[i]) == "") {
			return false
		}
	}
	for i, r := range a.vetting {
		if o := b.vetting[i]; r.By != o.By || r.On != o.On || r.Method != o.Method {
			return false
		}
	}
	return true
}

// listsByGroup is pre's lists by the identity of their group: the first
// list of each group (a second is a finding that stops every run).
func listsByGroup(pre *preamble) map[string]*members.List {
	out := make(map[string]*members.List, len(pre.lists))
	for id, l := range pre.lists {
		if g := pre.groups[id]; g != "" && out[g] == nil {
			out[g] = l
		}
	}
	return out
}

// sameListAnyID is sameList, whatever id each list has.
func sameListAnyID(a, b *members.List) bool {
	x, y := *a, *b
	x.ID, y.ID = "", ""
	return sameList(&x, &y)
}
