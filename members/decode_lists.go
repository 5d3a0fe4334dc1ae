package members

import "github.com/pelletier/go-toml/v2/unstable"

// Memberships: the lists each member is on, read once, with the members
// on each list collected as they are read (File.MembersOf answers from
// them), in time in proportion to the file whatever its shape.

// membership reads "list = role" of a member.
func (d *decoder) membership(m *Member, k keyPart, val *unstable.Node, subject about) {
	lm := d.on[k.name]
	if lm == nil {
		// A list id seen for the first time: check it once.
		if err := CheckName(k.name); err != nil {
			d.errorf(k.pos, subject, "list %q: %v", k.name, err)
			return
		}
	}
	if first, dup := d.listedAt(m, k.name); dup {
		d.errorf(k.pos, subject, "list %q is given twice (first at line %d)", k.name, first.Line)
		return
	}
	role, ok := d.repeated(val, k, subject)
	if !ok {
		return
	}
	if lm == nil {
		lm = d.onList(k.name)
	}
	m.Lists = append(m.Lists, Membership{List: lm.id, Role: Role(role), Pos: k.pos})
	lm.members.add(m)
	if d.seen.m == m {
		d.seen.at[lm.id] = len(m.Lists) - 1
	}
}

// seenLists is where each list is in the Lists of the member being read,
// once they are on more than manyLists lists: a member on 10,000 lists
// is read in time in proportion to them, not to their square.
type seenLists struct {
	m  *Member
	at map[string]int
}

// listedAt returns where a member's lists already name the list id.
func (d *decoder) listedAt(m *Member, id string) (Pos, bool) {
	if len(m.Lists) <= manyLists {
		for _, ms := range m.Lists {
			if ms.List == id {
				return ms.Pos, true
			}
		}
		return Pos{}, false
	}
	if d.seen.m != m {
		d.seen = seenLists{m: m, at: make(map[string]int, 2*len(m.Lists))}
		for i, ms := range m.Lists {
			if _, dup := d.seen.at[ms.List]; !dup {
				d.seen.at[ms.List] = i
			}
		}
	}
	if i, ok := d.seen.at[id]; ok {
		return m.Lists[i].Pos, true
	}
	return Pos{}, false
}

// onList returns the record of a list members are on, created at its
// first mention: its id, shared with the list's own where the list is
// already known (a file of 100k members holds one copy of each id), and
// the members on it so far, in file order.
func (d *decoder) onList(id string) *listMembers {
	if lm := d.on[id]; lm != nil {
		return lm
	}
	if l := d.file.lists[id]; l != nil {
		id = l.ID
	}
	lm := &listMembers{id: id}
	if d.on == nil {
		d.on = make(map[string]*listMembers)
	}
	d.on[id] = lm
	return lm
}

// listMembers is a list as members mention it.
type listMembers struct {
	id      string
	members chunked[*Member]
}
