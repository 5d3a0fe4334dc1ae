package history

import (
	"context"
	"errors"
	"slices"

	"github.com/roster-dev/roster/members"
)

// A list whose own policy fails in a version (fewer owners than
// min_owners: policies.Fail) is one sync leaves alone: neither read
// nor written, while it applies the version to every other list. Its
// group keeps whom the last version that applied it listed, in their
// roles then, until a version applies it again: that version's change
// to the list is the one that lands. Every reader of history gives the
// list that membership, the walks (reader.carry) as the reads of one
// version (settle).

// carrying is what a carried version was made with: the lists carried
// (ids in the version) and their groups, whom each keeps (by person),
// and the copies made of the version's states, which the next version
// carrying the same lists from it reuses, so that a block both share
// is one state in both, as it is in versions read alike.
type carrying struct {
	lists, groups []string
	listed        map[string]bool   // lists, as a set
	kept          map[string][]kept // person -> the carried lists that keep them, in the order of lists
	order         []string          // the people kept, in the order the source version has them
	made          *version          // the version carried with it
	states        map[*memberState]*memberState
	absent        map[string]*memberState // person -> the state of someone kept whom a version does not list
}

// kept is one carried list (lists[list]) keeping a person: their state
// in the version it is carried from, and their role on it there.
type kept struct {
	list int
	st   *memberState
	role members.Role
}

// carry is v with each list of fails (ids of v's lists) given the
// members the last version read that applied it (rd.applied) had on
// its group, in their roles there, and no one else.
func (rd *reader) carry(v *version, fails []string) *version {
	groups := make([]string, len(fails))
	for i, id := range fails {
		groups[i] = v.pre.groups[id]
	}
	c := rd.carrying
	if c == nil || c.made != rd.applied || !slices.Equal(c.lists, fails) || !slices.Equal(c.groups, groups) {
		// The last version is not one carried with these lists: whom
		// they keep is whom it lists on their groups.
		c = newCarrying(rd.applied, fails, groups)
	}
	out := &version{pre: v.pre, carried: fails, members: make([]*memberState, 0, len(v.members)+len(c.order))}
	var listed map[string]bool // of the people kept, those v lists
	if len(c.order) > 0 {
		listed = make(map[string]bool, len(c.order))
	}
	for _, st := range v.members {
		cp, ok := c.states[st]
		if !ok {
			cp = c.copyOf(st)
			c.states[st] = cp
		}
		out.members = append(out.members, cp)
		if cp != st && len(c.kept[st.person]) > 0 {
			listed[st.person] = true
		}
	}
	for _, p := range c.order {
		if !listed[p] {
			out.members = append(out.members, c.absentState(p))
		}
	}
	c.made = out
	rd.carrying = c
	return out
}

func newCarrying(from *version, lists, groups []string) *carrying {
	if from == nil {
		from = emptyVersion
	}
	c := &carrying{lists: lists, groups: groups, listed: make(map[string]bool, len(lists)), kept: map[string][]kept{},
		states: map[*memberState]*memberState{}, absent: map[string]*memberState{}}
	// By group, the carried lists of it: each entry's own groups are
	// looked up, not every list for each entry (a file of thousands
	// of failing lists made that their product).
	listsOf := make(map[string][]int, len(groups))
	for i, g := range groups {
		c.listed[lists[i]] = true
		if g != "" {
			listsOf[g] = append(listsOf[g], i)
		}
	}
	for _, st := range from.members {
		var ks []kept
		for g, role := range groupRoles(st, from.pre) {
			for _, i := range listsOf[g] {
				ks = append(ks, kept{i, st, role})
			}
		}
		if len(ks) == 0 {
			continue
		}
		slices.SortFunc(ks, func(a, b kept) int { return a.list - b.list })
		prev := c.kept[st.person]
		if prev == nil {
			c.order = append(c.order, st.person)
			c.kept[st.person] = ks // one a list: a list has one group
			continue
		}
		// A person twice in the version (two spellings): of each list,
		// the last entry that is on it.
		at := make(map[int]int, len(prev))
		for i, k := range prev {
			at[k.list] = i
		}
		for _, k := range ks {
			if i, ok := at[k.list]; ok {
				prev[i] = k
			} else {
				prev = append(prev, k)
			}
		}
		slices.SortFunc(prev, func(a, b kept) int { return a.list - b.list })
		c.kept[st.person] = prev
	}
	return c
}

// copyOf is st with the carried lists as they are kept: st itself when
// it is on none of them and none keeps its person.
func (c *carrying) copyOf(st *memberState) *memberState {
	touched := len(c.kept[st.person]) > 0 || slices.ContainsFunc(st.order, func(l string) bool { return c.listed[l] })
	if !touched {
		return st
	}
	cp := *st
	cp.lists = make(map[string]members.Role, len(st.lists)+len(c.lists))
	cp.order = make([]string, 0, len(st.order)+len(c.lists))
	for _, l := range st.order {
		if !c.listed[l] {
			cp.lists[l] = st.lists[l]
			cp.order = append(cp.order, l)
		}
	}
	c.keep(&cp)
	return &cp
}

// absentState is the state of person p, kept on a carried list though
// the version does not list them: their entry as the version carried
// from had it, on the carried lists alone.
func (c *carrying) absentState(p string) *memberState {
	if st := c.absent[p]; st != nil {
		return st
	}
	cp := *c.kept[p][0].st
	cp.lists, cp.order = map[string]members.Role{}, nil
	c.keep(&cp)
	c.absent[p] = &cp
	return &cp
}

// keep puts st on each carried list that keeps its person, in the role
// kept.
func (c *carrying) keep(st *memberState) {
	for _, k := range c.kept[st.person] {
		id := c.lists[k.list]
		st.lists[id] = k.role
		st.order = append(st.order, id)
	}
}

// settle is f, the version at revs[i], with each list of fails (ids of
// f's lists, whose own policy fails there) given the members the last
// version before it that applied it had on its group, as a walk reads
// it (reader.carry): the versions sync refused whole, and the file's
// deletions, are passed over, and so are those in which the list
// failed too. The versions back to it are read as a walk reads them,
// from each other; only the one carried from is parsed whole.
func settle(ctx context.Context, blobs *Blobs, revs []Revision, i int, f *members.File, fails []string) (*members.File, error) {
	if len(fails) == 0 {
		return f, nil
	}
	from := map[string]*members.File{} // group -> the version it is carried from
	pending := map[string]bool{}
	for _, id := range fails {
		pending[members.IdentityOf(f.List(id).Address)] = true
	}
	rd := newReader()
	for j := i - 1; j >= 0 && len(pending) > 0; j-- {
		rv := revs[j]
		if rv.Blob == "" {
			continue
		}
		v, vd, err := rd.raw(blobs, rv)
		if unreadable(ctx, err) {
			return nil, err
		}
		if err != nil {
			continue
		}
		failing := make(map[string]bool, len(vd.fails))
		for _, id := range vd.fails {
			failing[id] = true
		}
		var found []string
		for g := range pending {
			if id := listFor(v.pre, g); id != "" && failing[id] {
				continue // failing there too: what it kept is older
			}
			found = append(found, g)
		}
		if len(found) == 0 {
			continue
		}
		g, _, err := parseAt(blobs, rv)
		if err != nil {
			return nil, err // read as a version just now
		}
		for _, group := range found {
			from[group] = g
			delete(pending, group)
		}
	}
	return carryFile(f, fails, from), nil
}

// Settled is f, the members file at path as it is now (the working
// tree's, an edit not committed), with each list whose own policy fails
// in it given the members the last committed version that applied it
// had on its group, in their roles there: what sync leaves the group
// with, as history reads a committed version that fails so. show --at
// today, diff to the working tree and the site read it, so that an
// emptied list, committed or not, is the same list on every route.
// fails are the ids of f's lists whose own policy fails
// (policies.Gate.ListFails), as the caller, which judged f already, has
// them; a file sync refuses whole is the caller's to pass over. f itself
// when none fails, or it has no history to carry from.
func Settled(ctx context.Context, dir, path string, f *members.File, fails []string) (*members.File, error) {
	if len(fails) == 0 {
		return f, nil
	}
	revs, err := Log(ctx, dir, path)
	if err != nil {
		if errors.Is(err, ErrNotInGit) || errors.Is(err, ErrUntracked) || errors.Is(err, ErrShallow) {
			return f, nil // nothing committed to carry from
		}
		return nil, err
	}
	blobs, err := OpenBlobs(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer blobs.Close()
	return settle(ctx, blobs, revs, len(revs), f, fails)
}

// carryFile is f with each list of fails given the members from[its
// group] lists on that group, in their roles there, and no one else: a
// new file, whose index answers for the lists as carried.
func carryFile(f *members.File, fails []string, from map[string]*members.File) *members.File {
	type keep struct {
		m  *members.Member
		ms members.Membership
	}
	keeps := map[string][]keep{} // person -> their memberships kept
	var order []string           // the people kept, in the order the versions carried from list them
	for _, id := range fails {
		g := members.IdentityOf(f.List(id).Address)
		src := from[g]
		if src == nil {
			continue
		}
		l := src.ListOfGroup(g)
		if l == nil {
			continue
		}
		for _, m := range src.MembersOf(l.ID) {
			role, _ := m.RoleOn(l.ID)
			ms := members.Membership{List: id, Role: role}
			if k := slices.IndexFunc(m.Lists, func(x members.Membership) bool { return x.List == l.ID }); k >= 0 {
				ms.Pos = m.Lists[k].Pos
			}
			p := PersonOf(m.Email)
			if keeps[p] == nil {
				order = append(order, p)
			}
			keeps[p] = append(keeps[p], keep{m, ms})
		}
	}
	out := &members.File{Name: f.Name, Schema: f.Schema, SchemaPos: f.SchemaPos, Admins: f.Admins, AdminsPos: f.AdminsPos,
		Lists: f.Lists, Policies: f.Policies, Members: make([]*members.Member, 0, len(f.Members)+len(order))}
	listed := map[string]bool{}
	failing := make(map[string]bool, len(fails))
	for _, id := range fails {
		failing[id] = true
	}
	for _, m := range f.Members {
		p := PersonOf(m.Email)
		ks := keeps[p]
		if len(ks) == 0 && !slices.ContainsFunc(m.Lists, func(ms members.Membership) bool { return failing[ms.List] }) {
			out.Members = append(out.Members, m)
			continue
		}
		c := *m
		c.Lists = make([]members.Membership, 0, len(m.Lists)+len(ks))
		for _, ms := range m.Lists {
			if !failing[ms.List] {
				c.Lists = append(c.Lists, ms)
			}
		}
		for _, k := range ks {
			c.Lists = append(c.Lists, k.ms)
		}
		listed[p] = true
		if len(c.Lists) == 0 {
			// Only on lists whose change did not land: as sync applied
			// the file, the entry is on nothing, and no finding of an
			// entry on no list is its own.
			continue
		}
		out.Members = append(out.Members, &c)
	}
	for _, p := range order {
		if listed[p] {
			continue
		}
		ks := keeps[p]
		c := *ks[0].m
		c.Lists = nil
		for _, k := range ks {
			c.Lists = append(c.Lists, k.ms)
		}
		out.Members = append(out.Members, &c)
	}
	out.Index()
	return out
}
