package history

import (
	"sort"
	"strings"

	"github.com/roster-dev/roster/members"
)

// The events between two versions of the file: who joined, left, or
// changed role on which list, and which records came or went.

// diff returns the events that turn prev into cur, in a stable order:
// by member email, then list, vetting last.
func diff(prev, cur *version) []change {
	var out []change
	// Memberships are compared by list id while the two versions give
	// their ids the same groups; else by group (the identity of the
	// address), every entry read: a list renamed, or ids swapped, is one
	// group keeping its members, and a list whose address changed (or a
	// chain of them) is everyone leaving one group and joining another.
	byID := sameGroups(prev.pre, cur.pre)
	keyOf := func(pre *preamble) func(string) string {
		if byID {
			return func(id string) string { return id }
		}
		return func(id string) string {
			if g := pre.groups[id]; g != "" {
				return g
			}
			return "\x00" + id // no group to read: its id
		}
	}
	wasKey, nowKey := keyOf(prev.pre), keyOf(cur.pre)
	for _, p := range pairs(prev, cur, !byID) {
		out = append(out, memberEvents(p.was, p.now, cur, wasKey, nowKey)...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if kx, ky := strings.ToLower(x.Email), strings.ToLower(y.Email); kx != ky {
			return kx < ky
		}
		if x.Action == Vetted || y.Action == Vetted {
			return x.Action != Vetted && y.Action == Vetted
		}
		if x.List == y.List {
			// One id, two groups (its address changed): the old one is
			// left before the new one is joined, so that a replay by id
			// ends on the list.
			return x.Action == Removed && y.Action != Removed
		}
		return x.List < y.List
	})
	return out
}

// memberEvents returns one member's events between two versions, their
// memberships compared under wasKey and nowKey (list ids, or groups):
// an addition and a role change named by the id the list has now, a
// removal by the id it had (left: of the earlier version's group). An
// addition keeps in, the later version, for what it says of the join
// (Event.Version).
func memberEvents(was, now *memberState, in *version, wasKey, nowKey func(string) string) []change {
	var out []change
	st := now
	if was == nil {
		was = &memberState{lists: map[string]members.Role{}}
	}
	if now == nil {
		now = &memberState{email: was.email, lists: map[string]members.Role{}}
	}
	type on struct {
		id   string
		role members.Role
	}
	// A member on two lists of one group (which validate refuses) is
	// on the group with the higher role, as the timeline reads it.
	strongest := func(st *memberState, key func(string) string) map[string]on {
		out := make(map[string]on, len(st.order))
		for _, l := range st.order {
			k, r := key(l), st.lists[l]
			if have, ok := out[k]; !ok || r.Rank() > have.role.Rank() {
				out[k] = on{l, r}
			}
		}
		return out
	}
	wasOn, nowBy := strongest(was, wasKey), strongest(now, nowKey)
	nowOn := make(map[string]bool, len(now.order))
	add := func(c change) { c.now = st; out = append(out, c) }
	join := func(c change) { c.in = in; add(c) }
	for _, l := range now.order {
		k := nowKey(l)
		if nowBy[k].id != l {
			continue // another list of the group speaks for it
		}
		nowOn[k] = true
		role := now.lists[l]
		old, ok := wasOn[k]
		switch {
		case !ok:
			join(change{Event: Event{List: l, Email: now.email, Action: Added, Role: role}})
		case old.role != role:
			add(change{Event: Event{List: l, Email: now.email, Action: RoleChanged, Role: role, PreviousRole: old.role}})
		}
	}
	for _, l := range was.order {
		if k := wasKey(l); !nowOn[k] && wasOn[k].id == l {
			add(change{Event: Event{List: l, Email: was.email, Action: Removed, PreviousRole: was.lists[l]}, left: true})
		}
	}
	seen := make(map[Record]bool, len(was.vetting))
	for _, r := range was.vetting {
		seen[r] = true
	}
	kept := make(map[Record]bool, len(now.vetting))
	for _, r := range now.vetting {
		kept[r] = true
	}
	if st != nil {
		// The entry is still there: a record gone from it was deleted
		// or edited. (An entry removed takes its records with it; its
		// removal says so.)
		for _, r := range was.vetting {
			if !kept[r] {
				rec := r
				add(change{Event: Event{Email: now.email, Action: VettingRemoved, Vetting: &rec}, held: was})
			}
		}
	}
	for _, r := range now.vetting {
		if !seen[r] {
			rec := r
			add(change{Event: Event{Email: now.email, Action: Vetted, Vetting: &rec}})
		}
	}
	return out
}

// change is an event and the member's state in the revision.
type change struct {
	Event
	now *memberState
	// left: a removal from the group the list's id named before (its
	// address changed): the group is the earlier version's.
	left bool
	// in is, for an addition, the version it is in; nil otherwise, so
	// that the versions of other changes are not kept.
	in *version
	// held is, for a record removed, the entry that held it: the lists
	// it concerned are that entry's, not those of the entry now.
	held *memberState
}

// group is the group a change is of: a removal's in the earlier version
// (its list's id may name another group now), else the later one's.
func (c change) group(prev, cur *preamble) string {
	if c.left {
		return groupOf(c.List, prev, cur)
	}
	return groupOf(c.List, cur, prev)
}
