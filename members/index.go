package members

// The file's lookup tables, built by Parse and by Index: lists and
// policies by id, the members on each list in file order, and, for a
// member on many lists, where each list is in their Lists. With them a
// check costs time in proportion to the file whatever its shape: a
// vetter on 10,000 lists does not make each lookup of their role a scan
// of 10,000 memberships, nor each list's members a scan of every member.

// manyLists is how many lists a member may be on before Member.RoleOn
// looks their role up in a table rather than reading their lists: a
// few comparisons cost less than a map, and most members are on one to
// three lists.
const manyLists = 8

// roleIndex is where each list is in one member's Lists, for a member on
// more than manyLists lists. It is valid while the member's Lists is the
// slice it was built from (edits assign a new slice, then call Index).
type roleIndex struct {
	first *Membership
	n     int
	at    map[string]int32
}

func (ri *roleIndex) valid(m *Member) bool {
	return ri != nil && len(m.Lists) == ri.n && ri.n > 0 && &m.Lists[0] == ri.first
}

// Index rebuilds the lookup tables: after Lists, Policies, Members or a
// member's Lists were changed by hand (tests, generators and edits do
// this; Parse does it itself). Until it is called, lookups answer from
// the tables as they were; a File that was never indexed is read
// element by element.
func (f *File) Index() {
	f.indexByID()
	f.indexRoles()
	f.indexMembers()
}

// indexByID indexes the lists and policies by id, and the lists by
// their group.
func (f *File) indexByID() {
	f.lists = make(map[string]*List, len(f.Lists))
	f.byGroup = make(map[string]*List, len(f.Lists))
	for _, l := range f.Lists {
		f.lists[l.ID] = l
		if g := IdentityOf(l.Address); g != "" && f.byGroup[g] == nil {
			f.byGroup[g] = l
		}
	}
	f.policies = make(map[string]*Policy, len(f.Policies))
	for _, p := range f.Policies {
		f.policies[p.ID] = p
	}
}

// indexRoles builds the role tables of the members on many lists.
func (f *File) indexRoles() {
	for _, m := range f.Members {
		m.at = nil
		if len(m.Lists) > manyLists {
			m.indexRoles()
		}
	}
}

// indexMembers builds the members on each list, in file order, in one
// array cut per list (two passes: count, then fill). The role tables
// must be built first.
func (f *File) indexMembers() {
	counts := make(map[string]int, len(f.Lists))
	total := 0
	for _, m := range f.Members {
		for i, ms := range m.Lists {
			if m.listedEarlier(i) {
				continue
			}
			counts[ms.List]++
			total++
		}
	}
	all := make([]*Member, total)
	f.on = make(map[string][]*Member, len(counts))
	at := 0
	for id, n := range counts {
		f.on[id] = all[at : at : at+n]
		at += n
	}
	for _, m := range f.Members {
		for i, ms := range m.Lists {
			if m.listedEarlier(i) {
				continue
			}
			f.on[ms.List] = append(f.on[ms.List], m)
		}
	}
}

// listedEarlier reports whether the member's i-th list is also an
// earlier one (a file with errors can list one twice): a member is on a
// list once.
func (m *Member) listedEarlier(i int) bool {
	id := m.Lists[i].List
	if m.at.valid(m) {
		return int(m.at.at[id]) != i
	}
	for _, ms := range m.Lists[:i] {
		if ms.List == id {
			return true
		}
	}
	return false
}

// indexRoles builds where each of the member's lists is.
func (m *Member) indexRoles() {
	ri := &roleIndex{first: &m.Lists[0], n: len(m.Lists), at: make(map[string]int32, len(m.Lists))}
	for i, ms := range m.Lists {
		if _, dup := ri.at[ms.List]; !dup {
			ri.at[ms.List] = int32(i)
		}
	}
	m.at = ri
}

// MembersOf returns the members on a list, in file order, in a slice the
// caller may change. It costs time in proportion to their number.
func (f *File) MembersOf(listID string) []*Member {
	if f.on != nil {
		on := f.on[listID]
		if len(on) == 0 {
			return nil
		}
		return append([]*Member(nil), on...)
	}
	var out []*Member
	for _, m := range f.Members {
		if _, ok := m.RoleOn(listID); ok {
			out = append(out, m)
		}
	}
	return out
}

// CountOn returns how many members are on a list, in constant time once
// the file is indexed.
func (f *File) CountOn(listID string) int {
	if f.on != nil {
		return len(f.on[listID])
	}
	return len(f.MembersOf(listID))
}
