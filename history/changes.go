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
	renamed := listRenames(prev, cur)
	// A list whose address changed names another group: everyone on it
	// left the old group and joined the new one, entries unchanged
	// included. Its earlier id is read under a mark no id has.
	regrouped := regroupedLists(prev, cur)
	for id := range regrouped {
		if renamed == nil {
			renamed = map[string]string{}
		}
		renamed[id] = id + regroupMark
	}
	for _, p := range pairs(prev, cur, len(regrouped) > 0) {
		for _, c := range memberEvents(p.was, p.now, renamed) {
			if id, ok := strings.CutSuffix(c.List, regroupMark); ok {
				c.List, c.left = id, true
			}
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if kx, ky := strings.ToLower(x.Email), strings.ToLower(y.Email); kx != ky {
			return kx < ky
		}
		if x.Action == Vetted || y.Action == Vetted {
			return x.Action != Vetted && y.Action == Vetted
		}
		return x.List < y.List
	})
	return out
}

// regroupedLists returns the ids both versions have for different
// groups, where the earlier group is not the later version's under
// another id and the later group not the earlier's (a rename or a swap
// is one group keeping its history).
func regroupedLists(prev, cur *version) map[string]bool {
	if prev.pre == cur.pre {
		return nil
	}
	was := make(map[string]bool, len(prev.pre.groups))
	for _, g := range prev.pre.groups {
		was[g] = true
	}
	now := make(map[string]bool, len(cur.pre.groups))
	for _, g := range cur.pre.groups {
		now[g] = true
	}
	var out map[string]bool
	for id, g := range cur.pre.groups {
		old, ok := prev.pre.groups[id]
		if !ok || old == g || old == "" || g == "" || now[old] || was[g] {
			continue
		}
		if out == nil {
			out = map[string]bool{}
		}
		out[id] = true
	}
	return out
}

// listRenames maps the id of each list of prev to the id cur gives the
// same group (the identity of its address), where they differ: a list
// renamed, or two that swapped ids, keeps its members' history.
func listRenames(prev, cur *version) map[string]string {
	if prev.pre == cur.pre {
		return nil
	}
	curByGroup := make(map[string]string, len(cur.pre.groups))
	for id, g := range cur.pre.groups {
		if g != "" {
			curByGroup[g] = id
		}
	}
	var out map[string]string
	for id, g := range prev.pre.groups {
		if c, ok := curByGroup[g]; ok && c != id {
			if out == nil {
				out = map[string]string{}
			}
			out[id] = c
		}
	}
	return out
}

// memberEvents returns one member's events between two versions, their
// earlier lists read under the ids renamed gives them now.
func memberEvents(was, now *memberState, renamed map[string]string) []change {
	var out []change
	st := now
	if was == nil {
		was = &memberState{lists: map[string]members.Role{}}
	}
	if now == nil {
		now = &memberState{email: was.email, lists: map[string]members.Role{}}
	}
	wasOn := was.lists
	wasOrder := was.order
	if len(renamed) > 0 {
		wasOn = make(map[string]members.Role, len(was.lists))
		wasOrder = make([]string, len(was.order))
		for i, l := range was.order {
			if r, ok := renamed[l]; ok {
				l = r
			}
			wasOrder[i] = l
			wasOn[l] = was.lists[was.order[i]]
		}
	}
	add := func(e Event) { out = append(out, change{Event: e, now: st}) }
	for _, l := range now.order {
		role := now.lists[l]
		old, ok := wasOn[l]
		switch {
		case !ok:
			add(Event{List: l, Email: now.email, Action: Added, Role: role})
		case old != role:
			add(Event{List: l, Email: now.email, Action: RoleChanged, Role: role, PreviousRole: old})
		}
	}
	for _, l := range wasOrder {
		if _, ok := now.lists[l]; !ok {
			add(Event{List: l, Email: was.email, Action: Removed, PreviousRole: wasOn[l]})
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
				add(Event{Email: now.email, Action: VettingRemoved, Vetting: &rec})
			}
		}
	}
	for _, r := range now.vetting {
		if !seen[r] {
			rec := r
			add(Event{Email: now.email, Action: Vetted, Vetting: &rec})
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
}

// regroupMark marks an id as the earlier version's, for a list whose
// address changed; no list id holds a NUL.
const regroupMark = "\x00before"
