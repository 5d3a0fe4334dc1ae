package members

// RolesIndexed reports whether Member.RoleOn answers for m from its role
// table rather than by reading m's lists: what keeps every check linear
// for a member on many lists. Tests read it; nothing writes through it.
// f is the file that indexed m.
func RolesIndexed(_ *File, m *Member) bool {
	return m.at.valid(m)
}
