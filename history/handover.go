package history

import (
	"context"
	"slices"
	"sort"

	"github.com/roster-dev/roster/members"
)

// mergeHandovers makes one move of the moves that handed one group over
// in one commit from several files (two drafts of a list merged into the
// members file): the group's members were then everyone either file had
// on it, so its story is the two files' stories told as one. Someone
// both files listed joined once, when the first did, and left when the
// last let them go; a record both held was vetted once. The members
// file's own sync reads the same union (ListedByGroup).
//
// Cost: nothing when no two moves share a commit and group; else one
// git rev-list for the order of their events.
func mergeHandovers(ctx context.Context, dir string, moves []moveIn) ([]moveIn, error) {
	key := func(mv moveIn) string { return mv.commit + "\x00" + mv.group }
	count := map[string]int{}
	shared := false
	for _, mv := range moves {
		count[key(mv)]++
		shared = shared || count[key(mv)] > 1
	}
	if !shared {
		return moves, nil
	}
	order, err := lineOrder(ctx, dir)
	if err != nil {
		return nil, err
	}
	var out []moveIn
	at := map[string]int{} // key -> index in out
	var events = map[string][]movedEvent{}
	for _, mv := range moves {
		k := key(mv)
		for _, e := range mv.events {
			if e.path == "" {
				e.path = mv.path
			}
			events[k] = append(events[k], e)
		}
		i, ok := at[k]
		if !ok {
			at[k] = len(out)
			c := mv
			c.before = map[string]onGroup{}
			c.via = slices.Clone(mv.via)
			out = append(out, c)
			i = len(out) - 1
		} else {
			out[i].via = append(append(out[i].via, mv.path), mv.via...)
		}
		for id, b := range mv.before {
			out[i].before[id] = out[i].before[id].union(b)
		}
	}
	for i := range out {
		k := key(out[i])
		if count[k] < 2 {
			continue
		}
		evs := events[k]
		// In one commit, what lists someone comes before what unlists
		// them: moved from one file to the other at once, they never
		// left the list.
		leaves := func(e movedEvent) bool { return e.c.Action == Removed || e.c.Action == VettingRemoved }
		sort.SliceStable(evs, func(a, b int) bool {
			if evs[a].r.Commit == evs[b].r.Commit {
				return !leaves(evs[a]) && leaves(evs[b])
			}
			return before(order, evs[a].r, evs[b].r)
		})
		out[i].events = asOneList(evs)
	}
	return out, nil
}

// asOneList keeps, of the events of several files for one group (in
// the order they landed), those that changed who was on it in any of
// them: whom it had is everyone one of the files had, with the highest
// role one gave them, and each record any of them held.
func asOneList(evs []movedEvent) []movedEvent {
	roles := map[string]map[string]members.Role{}      // identity -> file -> role
	records := map[string]map[Record]map[string]bool{} // identity -> record -> files
	highest := func(id string) (members.Role, bool) {
		var top members.Role
		for _, r := range roles[id] {
			if top == "" || r.Rank() > top.Rank() {
				top = r
			}
		}
		return top, top != ""
	}
	var out []movedEvent
	for _, e := range evs {
		id := PersonOf(e.c.Email)
		switch e.c.Action {
		case Vetted, VettingRemoved:
			if e.c.Vetting == nil {
				out = append(out, e)
				continue
			}
			if records[id] == nil {
				records[id] = map[Record]map[string]bool{}
			}
			files := records[id][*e.c.Vetting]
			had := len(files) > 0
			if e.c.Action == Vetted {
				if files == nil {
					files = map[string]bool{}
					records[id][*e.c.Vetting] = files
				}
				files[e.path] = true
			} else {
				delete(files, e.path)
			}
			if had != (len(files) > 0) {
				out = append(out, e)
			}
			continue
		}
		was, on := highest(id)
		if roles[id] == nil {
			roles[id] = map[string]members.Role{}
		}
		if e.c.Action == Removed {
			delete(roles[id], e.path)
		} else {
			roles[id][e.path] = e.c.Role
		}
		now, stays := highest(id)
		switch {
		case !on && stays:
			e.c.Action, e.c.Role, e.c.PreviousRole = Added, now, ""
		case on && !stays:
			e.c.Action, e.c.Role, e.c.PreviousRole = Removed, "", was
		case on && stays && was != now:
			e.c.Action, e.c.Role, e.c.PreviousRole = RoleChanged, now, was
		default:
			continue
		}
		out = append(out, e)
	}
	return out
}
