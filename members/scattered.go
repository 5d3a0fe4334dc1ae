package members

import "fmt"

// scattered returns the line of a table that comes between the parts of
// m's entry, which spans [start, end) of the file's text, or of a part of
// it written outside that span (a [member.lists] table after another
// list's or policy's): 0 when the entry is one stretch of text. TOML lets
// a [[member]]'s sub-tables follow other tables; deleting the stretch
// would take those with it, and leave the parts outside behind.
func scattered(f *File, m *Member, start, end int) int {
	inside := func(off int) bool { return off > start && off < end }
	for _, l := range f.Lists {
		if l.Start != 0 && inside(l.Start) {
			return l.Pos.Line
		}
	}
	for _, p := range f.Policies {
		if p.Start != 0 && inside(p.Start) {
			return p.Pos.Line
		}
	}
	for _, o := range f.Members {
		if o != m && o.Start != 0 && inside(o.Start) {
			return o.Pos.Line
		}
	}
	for _, k := range memberKeys {
		if p, ok := m.key(k); ok && p.IsValid() && (p.Offset < start || p.Offset >= end) {
			return p.Line
		}
	}
	return 0
}

// errScattered is the refusal of an edit of an entry written in parts.
func errScattered(f *File, email string, line int) error {
	return fmt.Errorf("%w: the entry for %s in %s is written in parts, with another table between them (line %d); put its tables together ('roster fmt' does) and run the command again", ErrEdit, email, f.Name, line)
}
