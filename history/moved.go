package history

import (
	"context"
	"errors"
	"fmt"
	"maps"
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
	// path is the file the event happened in, when not the one the
	// list moved in from: a list that came to that one from another
	// file before.
	path string
}

// moveIn is a list that moved into the members file from another file in
// one commit: the other file's events for its group before the move, and
// who was on it there, with which role, just before. When the list had
// moved out of the members file into that file in one commit (and now
// back), out is that commit: the events start there, with what the move
// out changed, and the members file's own departures in it are not
// departures.
type moveIn struct {
	path   string // the file the list moved from
	commit string
	group  string
	events []movedEvent
	before map[string]onGroup // member identity -> as they were on it
	out    string
	// via are the files the list was in before path, nearest first:
	// it moved into path from one of them in one commit, and so on.
	via []string
	// caps are the caps the list had in those files, oldest first:
	// one for each version that held it.
	caps []movedCap
}

// movedCap is the cap a version of another file gave a list.
type movedCap struct {
	r   Revision
	cap int
}

// onGroup is a member on a group: their address as written, their role,
// and their entry (and, for a group two files handed over at once, the
// other file's entry).
type onGroup struct {
	email string
	role  members.Role
	st    *memberState
	also  []*memberState
}

// union is who b is on a group that a's file and b's both have them
// on: the higher role, and both entries' records.
func (a onGroup) union(b onGroup) onGroup {
	if a.st == nil {
		return b
	}
	hi, lo := a, b
	if b.role.Rank() > a.role.Rank() {
		hi, lo = b, a
	}
	hi.also = append(append(slices.Clone(hi.also), lo.st), lo.also...)
	return hi
}

// has reports whether one of b's entries has the vetting record r.
func (b onGroup) has(r *Record) bool {
	return hasRecord(b.st, r) || slices.ContainsFunc(b.also, func(st *memberState) bool { return hasRecord(st, r) })
}

// ourGroups is what the members file's walk says of its groups: those it
// gained (group -> the commits it gained them in), the version that
// gained each (commit -> group -> version), and
// for those it lost, the version before the one that lost each (commit ->
// group -> version): where a list may have moved in from, or out to,
// another file.
type ourGroups struct {
	gained   map[string][]string
	gainedIn map[string]map[string]*version
	lostIn   map[string]map[string]*version
}

func newOurGroups() *ourGroups {
	return &ourGroups{gained: map[string][]string{},
		gainedIn: map[string]map[string]*version{}, lostIn: map[string]map[string]*version{}}
}

// movesIn finds, for the groups the members file gained (ours), the
// lists that moved in from another tracked file in one of those commits
// (the other file lost the group in the same commit), as ListedByGroup
// finds them: the files those commits changed (otherPaths), then each
// candidate's history, read through blobs. A list that had moved out of
// the members file into that file in one commit (it lost the group in
// the commit the other gained it) is followed from there: the move out
// changed only what the two versions differ in. A list that had moved
// into that file from a third in one commit is followed there in turn,
// up to maxHops files back (depth counts the hops so far); ours are the
// paths of every file already on the way, never read as another.
func movesIn(ctx context.Context, dir, path string, ours []string, og *ourGroups, blobs *Blobs, depth int) ([]moveIn, error) {
	gained := og.gained
	if len(gained) == 0 {
		return nil, nil
	}
	r, err := openHead(ctx, dir)
	if err != nil {
		return nil, err
	}
	gains := map[string][]string{}
	for g, cs := range gained {
		for _, c := range cs {
			gains[c] = append(gains[c], g)
		}
	}
	others, err := r.otherPaths(ctx, gains, ours)
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
		inner, err := movesInto(ctx, dir, revs, ours, gained, blobs, depth)
		if err != nil {
			return nil, err
		}
		type state struct {
			events []movedEvent
			out    string
			via    []string
			caps   []movedCap
		}
		seen := map[string]*state{} // group -> what the other file said of it so far
		var found []moveIn
		groups := slices.Sorted(maps.Keys(gained)) // one order every run
		_, err = walkVersions(ctx, blobs, revs, 0, len(revs), true, func(i int, prev, cur *version) {
			commit := revs[i].Commit
			capNow := func(st *state, g string) {
				limit, _ := capIn(cur.pre, g)
				st.caps = append(st.caps, movedCap{r: revs[i], cap: limit})
			}
			for _, g := range groups {
				had, has := groupIn(prev.pre, g), groupIn(cur.pre, g)
				if had && !has && slices.Contains(gained[g], commit) {
					st := seen[g]
					if st == nil {
						st = &state{}
					}
					found = append(found, moveIn{path: p, commit: commit, group: g, events: st.events, before: rolesOn(prev, g), out: st.out, via: st.via, caps: st.caps})
					delete(seen, g)
					continue
				}
				if !has && !had {
					continue
				}
				if ourPrev := og.lostIn[commit][g]; !had && has && ourPrev != nil {
					// The list moved out of the members file into this
					// one: its story goes on here, from what it was there.
					st := &state{out: commit}
					seen[g] = st
					for _, c := range handedOut(prev, cur, rolesOn(ourPrev, g), g) {
						st.events = append(st.events, movedEvent{c: c, r: revs[i], group: g})
					}
					capNow(st, g)
					continue
				}
				if mv, ok := inner[commit+"\x00"+g]; !had && has && ok {
					// The list moved into this file from a third: its
					// story there comes first, and the move changed only
					// what the two versions differ in. Had it moved out
					// of this file into that one before, this file's
					// departures at that move are the list leaving.
					st := &state{via: append([]string{mv.path}, mv.via...), caps: slices.Clone(mv.caps)}
					if old := seen[g]; mv.out != "" && old != nil {
						for _, e := range old.events {
							if e.r.Commit != mv.out || e.c.Action == Vetted || e.c.Action == VettingRemoved {
								st.events = append(st.events, e)
							}
						}
					}
					for _, e := range mv.events {
						if e.path == "" {
							e.path = mv.path
						}
						st.events = append(st.events, e)
					}
					for _, c := range handedOut(prev, cur, mv.before, g) {
						st.events = append(st.events, movedEvent{c: c, r: revs[i], group: g})
					}
					capNow(st, g)
					seen[g] = st
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
						if c.now != nil && onGroupIn(c.now, cur.pre, g) {
							st.events = append(st.events, movedEvent{c: c, r: revs[i], group: g})
						}
						continue
					}
					if c.group(prev.pre, cur.pre) == g {
						st.events = append(st.events, movedEvent{c: c, r: revs[i], group: g})
					}
				}
				if has {
					capNow(st, g)
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

// movesInto finds the lists that moved, in one commit, into the file
// whose revisions are revs, from files other than ours, for the groups
// of gained: movesIn one hop further back, keyed by commit and group.
// Past maxHops, ErrTooManyMoves.
func movesInto(ctx context.Context, dir string, revs []Revision, ours []string, gained map[string][]string, blobs *Blobs, depth int) (map[string]moveIn, error) {
	og, err := gainedGroups(ctx, blobs, revs)
	if err != nil {
		return nil, err
	}
	for g := range og.gained {
		if gained[g] == nil {
			delete(og.gained, g)
		}
	}
	if len(og.gained) == 0 {
		return nil, nil
	}
	if depth+1 >= maxHops {
		return nil, ErrTooManyMoves
	}
	paths := pathsOf(revs)
	moves, err := movesIn(ctx, dir, paths[0], append(slices.Clone(ours), paths...), og, blobs, depth+1)
	if err == nil {
		// Two files that handed the list to this one at once are one
		// story, as they are for the members file.
		moves, err = mergeHandovers(ctx, dir, moves)
	}
	if err != nil {
		return nil, err
	}
	out := make(map[string]moveIn, len(moves))
	for _, mv := range moves {
		out[mv.commit+"\x00"+mv.group] = mv
	}
	return out, nil
}

// handedOut returns what a commit that moved group g's list out of the
// members file (where before were on it) into another file (prev to cur)
// changed: the entries that came with the list did not join it (their
// joins are dropped, or are role changes, and their records came with
// them), and whoever the move left behind left.
func handedOut(prev, cur *version, before map[string]onGroup, g string) []change {
	var out []change
	for _, c := range diff(prev, cur) {
		b, came := before[PersonOf(c.Email)]
		switch c.Action {
		case Vetted, VettingRemoved:
			if c.now == nil || !onGroupIn(c.now, cur.pre, g) || came && c.Action == Vetted && b.has(c.Vetting) {
				continue
			}
		default:
			if c.group(prev.pre, cur.pre) != g {
				continue
			}
			if came && c.Action == Added {
				if b.role == c.Role {
					continue
				}
				c.Action, c.PreviousRole = RoleChanged, b.role
			}
		}
		out = append(out, c)
	}
	id := listFor(cur.pre, g)
	after := rolesOn(cur, g)
	for _, k := range slices.Sorted(maps.Keys(before)) {
		if _, stays := after[k]; !stays {
			b := before[k]
			out = append(out, change{Event: Event{List: id, Email: b.email, Action: Removed, PreviousRole: b.role}})
		}
	}
	return out
}

// hasRecord reports whether st has the vetting record r.
func hasRecord(st *memberState, r *Record) bool {
	return st != nil && r != nil && slices.Contains(st.vetting, *r)
}

// onGroupIn reports whether st is on a list for group g in pre.
func onGroupIn(st *memberState, pre *preamble, g string) bool {
	return slices.ContainsFunc(st.order, func(id string) bool { return pre.groups[id] == g })
}

// listFor is the id of a list for group g in pre, the first in id order;
// "" when it has none.
func listFor(pre *preamble, g string) string {
	return pre.byGroup()[g]
}

// groupIn reports whether pre has a list for group g.
func groupIn(pre *preamble, g string) bool {
	_, ok := pre.byGroup()[g]
	return ok
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
	return rolesOnGroups(v, map[string]bool{g: true})[g]
}

// rolesOnGroups is rolesOn of each of groups, in one pass over v's
// memberships; a group with nobody on it has an empty map.
func rolesOnGroups(v *version, groups map[string]bool) map[string]map[string]onGroup {
	out := make(map[string]map[string]onGroup, len(groups))
	for g := range groups {
		out[g] = map[string]onGroup{}
	}
	for _, m := range v.members {
		for id, role := range m.lists {
			on, want := out[v.pre.groups[id]]
			if !want {
				continue
			}
			if have, ok := on[m.person]; !ok || role.Rank() > have.role.Rank() {
				on[m.person] = onGroup{email: m.email, role: role, st: m}
			}
		}
	}
	return out
}

// gainedGroups walks every version of revs and returns what it says of
// the file's groups (see ourGroups).
func gainedGroups(ctx context.Context, blobs *Blobs, revs []Revision) (*ourGroups, error) {
	og := newOurGroups()
	_, err := walkVersions(ctx, blobs, revs, 0, len(revs), false, func(i int, prev, cur *version) {
		og.note(revs[i].Commit, prev, cur)
	})
	return og, err
}

// note records the groups cur has and prev had not, and those prev had
// and cur has not, at commit.
func (og *ourGroups) note(commit string, prev, cur *version) {
	if prev.pre == cur.pre {
		return
	}
	for _, g := range cur.pre.groups {
		if g == "" || groupIn(prev.pre, g) || slices.Contains(og.gained[g], commit) {
			continue
		}
		og.gained[g] = append(og.gained[g], commit)
		if og.gainedIn[commit] == nil {
			og.gainedIn[commit] = map[string]*version{}
		}
		og.gainedIn[commit][g] = cur
	}
	for _, g := range prev.pre.groups {
		if g == "" || groupIn(cur.pre, g) {
			continue
		}
		if og.lostIn[commit] == nil {
			og.lostIn[commit] = map[string]*version{}
		}
		og.lostIn[commit][g] = prev
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
	// At is the other file's revision read.
	At Revision
	// Then is, for a list the other file let go before the revision
	// asked about (FormerListsElsewhere), that file as it is at the
	// revision asked about: nil when there is no such file then, or one
	// that does not parse. Its entries give the former owners' handles now, and its
	// admins stand in for those who have none.
	Then *members.File
}

// MovedListsAt returns, for each of revs (a revision or a date, as
// FileAt reads one), the lists that were in another file then and later
// moved into the members file at path in one commit: what show --at and
// diff tell of a list before its move.
//
// Cost: one walk over the members file's history and one git log of the
// commits that gained groups, for all of revs; the other files' histories, and the other file at
// each of revs, only when there are moves.
func MovedListsAt(ctx context.Context, dir, path string, revs ...string) (map[string][]MovedList, error) {
	r, err := openHead(ctx, dir)
	if err != nil {
		return nil, err
	}
	log, err := r.fileLog(ctx, path)
	if err != nil {
		return nil, err
	}
	blobs, err := OpenBlobs(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer blobs.Close()
	og, err := gainedGroups(ctx, blobs, log)
	if err != nil {
		return nil, err
	}
	moves, err := movesIn(ctx, dir, path, pathsOf(log), og, blobs, 0)
	if err != nil || len(moves) == 0 {
		return nil, err
	}
	out := make(map[string][]MovedList, len(revs))
	for _, rev := range revs {
		for _, mv := range moves {
			// The first of the files the list was in that has it then.
		files:
			for _, p := range append([]string{mv.path}, mv.via...) {
				f, at, err := FileAt(ctx, dir, r.fromTop(p), rev)
				if errors.Is(err, ErrUnparsable) {
					// Refused then: the groups stayed as the last version
					// sync applied left them, as for the members file.
					f, at, err = Base(ctx, dir, r.fromTop(p), nil, rev)
				}
				switch {
				case err == nil:
				case errors.Is(err, ErrNotThen) || !unreadable(ctx, err):
					continue // the file did not exist then
				default:
					// A version git cannot read (a missing object, a
					// partial clone) is no file with no lists: who was
					// on the list then is unknown, and said so.
					return nil, fmt.Errorf("%s, which list %s moved in from: %w", p, mv.group, err)
				}
				if at.Path != "" {
					p = at.Path // the name it had then
				}
				for _, l := range f.Lists {
					if members.IdentityOf(l.Address) == mv.group {
						out[rev] = append(out[rev], MovedList{File: f, List: l, Path: p, At: at})
						break files
					}
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
