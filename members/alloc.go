package members

import "unsafe"

// A file of a million members is some ten million small values: members,
// records, memberships and strings. Allocated one by one they cost as
// much time to allocate and to scan as it takes to read them, so the
// decoder carves them out of slabs instead, sized from the file (a
// one-member document does not pay for a large file's slab). Each
// element's slice is capped at its own length, so that a later append to
// one (an edit) copies rather than overwrites its neighbour.

// slabs are the decoder's current chunks.
type slabs struct {
	all     chunked[*Member] // every member, in file order; see finish
	last    *Member          // the member read last
	members []Member
	vetting []Vetting
	vetFor  *Member // the member whose records end the vetting chunk
	vetAt   int     // where their records start in it
	lists   []Membership
	text    []byte
}

// slabSize is how many elements of about bytesEach bytes of text a new
// chunk holds: enough for the whole of a small document, at most max.
func (d *decoder) slabSize(bytesEach, max int) int {
	return min(max, 1+len(d.data)/bytesEach)
}

// newMember appends a new member to the file.
func (d *decoder) newMember() *Member {
	s := &d.slab
	if len(s.members) == cap(s.members) {
		s.members = make([]Member, 0, d.slabSize(300, 1024))
	}
	s.members = s.members[:len(s.members)+1]
	m := &s.members[len(s.members)-1]
	s.all.add(m)
	s.last = m
	return m
}

// newVetting appends a new record to a member.
func (d *decoder) newVetting(m *Member) *Vetting {
	s := &d.slab
	if s.vetFor != m || len(s.vetting) == cap(s.vetting) {
		// Another member, or the chunk is full: start the member's
		// records afresh at the end of a chunk.
		need := len(m.Vetting) + 1
		if cap(s.vetting)-len(s.vetting) < need {
			// Room for as many again: a member with thousands of
			// records, moved to a fresh chunk each time theirs filled,
			// would be copied once per record.
			s.vetting = make([]Vetting, 0, max(2*need, d.slabSize(300, 1024)))
		}
		s.vetAt = len(s.vetting)
		s.vetting = append(s.vetting, m.Vetting...)
		s.vetFor = m
	}
	s.vetting = s.vetting[:len(s.vetting)+1]
	m.Vetting = s.vetting[s.vetAt:len(s.vetting):len(s.vetting)]
	return &m.Vetting[len(m.Vetting)-1]
}

// memberships returns an empty Lists with room for n lists.
func (d *decoder) memberships(n int) []Membership {
	s := &d.slab
	if cap(s.lists)-len(s.lists) < n {
		s.lists = make([]Membership, 0, max(n, d.slabSize(150, 2048)))
	}
	at := len(s.lists)
	s.lists = s.lists[:at+n]
	return s.lists[at : at : at+n]
}

// text returns b as a string, copied into a chunk of text that holds
// many: a chunk is written once, front to back, and never again, so the
// strings made from it never change.
func (d *decoder) text(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if d.owned && inside(d.data, b) {
		// A string with no escape is a slice of the file's text, which
		// nobody changes (ParseOwned): no copy.
		return unsafe.String(&b[0], len(b))
	}
	s := &d.slab
	if cap(s.text)-len(s.text) < len(b) {
		if len(b) > 1024 {
			return string(b) // a long note on its own
		}
		s.text = make([]byte, 0, max(len(b), d.slabSize(1, 64<<10)))
	}
	at := len(s.text)
	s.text = append(s.text, b...)
	return unsafe.String(&s.text[at], len(b))
}

// inside reports whether b is a slice of data's array (the parser hands
// out the text of a string with no escape in place; one whose escapes it
// decoded is a buffer of its own).
func inside(data, b []byte) bool {
	if len(data) == 0 || len(b) == 0 {
		return false
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(data)))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return p >= start && p+uintptr(len(b)) <= start+uintptr(len(data))
}

// chunked collects values in chunks, to be copied once into a slice of
// the right size: a slice grown by append to a million elements
// allocates five times its final size on the way (Go grows large slices
// by a quarter).
type chunked[T any] struct {
	chunks [][]T
	n      int
}

func (c *chunked[T]) add(v T) {
	if k := len(c.chunks); k == 0 || len(c.chunks[k-1]) == cap(c.chunks[k-1]) {
		// Small first (most lists have few members), then up to 4096.
		c.chunks = append(c.chunks, make([]T, 0, min(4096, 8<<min(k, 9))))
	}
	last := &c.chunks[len(c.chunks)-1]
	*last = append(*last, v)
	c.n++
}

// take moves other's values after c's, in order, leaving other empty.
func (c *chunked[T]) take(other *chunked[T]) {
	c.chunks = append(c.chunks, other.chunks...)
	c.n += other.n
	*other = chunked[T]{}
}

// appendTo appends the values to dst, in order.
func (c *chunked[T]) appendTo(dst []T) []T {
	for _, ch := range c.chunks {
		dst = append(dst, ch...)
	}
	return dst
}
