package history

import (
	"context"
	"slices"

	"github.com/roster-dev/roster/members"
)

// movedEvent is an event of another file for a list that later moved into
// the members file: the change, its revision of that file, and the
// identity of the list's group.
type movedEvent struct {
	c     change
	r     Revision
	group string
}

// moveIn is a list that moved into the members file from another file in
// one commit: the other file's events for its group before the move, and
// who was on it there, with which role, just before.
type moveIn struct {
	path   string // the file the list moved from
	commit string
	group  string
	events []movedEvent
	before map[string]onGroup // member identity -> as they were on it
}

// onGroup is a member on a group: their address as written, their role.
type onGroup struct {
	email string
	role  members.Role
}

// movesIn finds, for the groups the members file gained (group -> the
// commits it gained them in) and their addresses as written, the lists
// that moved in from another tracked file in one of those commits (the
// other file lost the group in the same commit), as ListedByGroup finds
// them: one pickaxe search over the other files, then each candidate's
// history, read through blobs.
func movesIn(ctx context.Context, dir, path string, ours []string, gained map[string][]string, addresses map[string]map[string]bool, blobs *Blobs) ([]moveIn, error) {
	if len(gained) == 0 {
		return nil, nil
	}
	r, err := openHead(ctx, dir)
	if err != nil {
		return nil, err
	}
	others, err := r.otherPaths(ctx, addresses, ours, path)
	if err != nil || len(others) == 0 {
		return nil, err
	}
	byPath, err := r.pathsLog(ctx, others)
	if err != nil {
		return nil, err
	}
	var out []moveIn
	for _, p := range others {
		revs := byPath[p]
		if len(revs) == 0 {
			continue
		}
		type state struct {
			events []movedEvent
			before map[string]onGroup
		}
		seen := map[string]*state{} // group -> what the other file said of it so far
		var found []moveIn
		_, err := walkVersions(ctx, blobs, revs, 0, len(revs), true, func(i int, prev, cur *version) {
			for g := range gained {
				had, has := groupIn(prev.pre, g), groupIn(cur.pre, g)
				if had && !has && slices.Contains(gained[g], revs[i].Commit) {
					st := seen[g]
					if st == nil {
						st = &state{}
					}
					found = append(found, moveIn{path: p, commit: revs[i].Commit, group: g, events: st.events, before: rolesOn(prev, g)})
					delete(seen, g)
					continue
				}
				if !has && !had {
					continue
				}
				st := seen[g]
				if st == nil {
					st = &state{}
					seen[g] = st
				}
				for _, c := range diff(prev, cur) {
					if c.Action == Vetted || c.Action == VettingRemoved {
						// A record of someone on the list there.
						if c.now != nil && slices.ContainsFunc(c.now.order, func(id string) bool { return cur.pre.groups[id] == g }) {
							st.events = append(st.events, movedEvent{c: c, r: revs[i], group: g})
						}
						continue
					}
					if groupOf(c.List, cur.pre, prev.pre) == g {
						st.events = append(st.events, movedEvent{c: c, r: revs[i], group: g})
					}
				}
			}
		})
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	return out, nil
}

// groupIn reports whether pre has a list for group g.
func groupIn(pre *preamble, g string) bool {
	for _, x := range pre.groups {
		if x == g {
			return true
		}
	}
	return false
}

// groupOf is the group a list id names in the first of pres that has it.
func groupOf(id string, pres ...*preamble) string {
	for _, pre := range pres {
		if g := pre.groups[id]; g != "" {
			return g
		}
	}
	return ""
}

// rolesOn returns who is on group g in v, by identity.
func rolesOn(v *version, g string) map[string]onGroup {
	out := map[string]onGroup{}
	for _, m := range v.members {
		for id, role := range m.lists {
			if v.pre.groups[id] == g {
				out[m.id] = onGroup{email: m.email, role: role}
			}
		}
	}
	return out
}

// gainedGroups walks every version of revs and returns the groups the
// file gained (group -> the commits it gained them in), their addresses
// as written, and the version that gained each (commit -> group ->
// version).
func gainedGroups(ctx context.Context, blobs *Blobs, revs []Revision) (map[string][]string, map[string]map[string]bool, map[string]map[string]*version, error) {
	gained := map[string][]string{}
	addresses := map[string]map[string]bool{}
	gainedIn := map[string]map[string]*version{}
	_, err := walkVersions(ctx, blobs, revs, 0, len(revs), false, func(i int, prev, cur *version) {
		notGained(gained, addresses, gainedIn, revs[i].Commit, prev, cur)
	})
	return gained, addresses, gainedIn, err
}

// notGained records in gained, addresses and gainedIn the groups cur has
// and prev had not, at commit.
func notGained(gained map[string][]string, addresses map[string]map[string]bool, gainedIn map[string]map[string]*version, commit string, prev, cur *version) {
	if prev.pre == cur.pre {
		return
	}
	for id, g := range cur.pre.groups {
		if g == "" || groupIn(prev.pre, g) || slices.Contains(gained[g], commit) {
			continue
		}
		gained[g] = append(gained[g], commit)
		if addresses[g] == nil {
			addresses[g] = map[string]bool{}
		}
		addresses[g][cur.pre.lists[id].Address] = true
		if gainedIn[commit] == nil {
			gainedIn[commit] = map[string]*version{}
		}
		gainedIn[commit][g] = cur
	}
}

// MovedList is a list that, at some revision, was in another file, and
// later moved into the members file (see History).
type MovedList struct {
	// File is the other file at the revision, and List its list.
	File *members.File
	List *members.List
	// Path is the other file's path.
	Path string
}

// MovedListsAt returns, for each of revs (a revision or a date, as
// FileAt reads one), the lists that were in another file then and later
// moved into the members file at path in one commit: what show --at and
// diff tell of a list before its move.
//
// Cost: one walk over the members file's history and one pickaxe search
// for all of revs; the other files' histories, and the other file at
// each of revs, only when there are moves.
func MovedListsAt(ctx context.Context, dir, path string, revs ...string) (map[string][]MovedList, error) {
	log, err := Log(ctx, dir, path)
	if err != nil {
		return nil, err
	}
	blobs, err := OpenBlobs(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer blobs.Close()
	gained, addresses, _, err := gainedGroups(ctx, blobs, log)
	if err != nil {
		return nil, err
	}
	moves, err := movesIn(ctx, dir, path, pathsOf(log), gained, addresses, blobs)
	if err != nil || len(moves) == 0 {
		return nil, err
	}
	out := make(map[string][]MovedList, len(revs))
	for _, rev := range revs {
		for _, mv := range moves {
			f, _, err := FileAt(ctx, dir, mv.path, rev)
			if err != nil {
				continue // the other file did not exist then, or does not parse
			}
			for _, l := range f.Lists {
				if members.IdentityOf(l.Address) == mv.group {
					out[rev] = append(out[rev], MovedList{File: f, List: l, Path: mv.path})
				}
			}
		}
	}
	return out, nil
}

// pathsOf returns the paths revs give the file, each once, in order.
func pathsOf(revs []Revision) []string {
	var out []string
	for _, rv := range revs {
		if !slices.Contains(out, rv.Path) {
			out = append(out, rv.Path)
		}
	}
	return out
}
