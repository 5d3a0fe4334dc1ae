package members

// RolesIndexed reports whether File.RoleOf answers for m from the role
// table rather than by reading m's lists: what keeps validation linear
// for a member on many lists. Tests read it; nothing writes through it.
func RolesIndexed(f *File, m *Member) bool {
	ri := f.roles[m]
	return ri != nil && ri.valid(m)
}
