package members

import (
	"github.com/roster-dev/roster/internal/nearest"
)

// End of file: what can only be checked once the whole file is read.

// finish checks what can only be checked once the whole file is read:
// required keys, the schema version, and defaults.
func (d *decoder) finish() *File {
	f := d.file
	if d.open != nil {
		d.open.End = len(d.data)
	}
	f.Members = d.slab.all.appendTo(make([]*Member, 0, d.slab.all.n))
	f.indexByID()
	// The members on each list were collected as they were read: one
	// array, cut per list.
	total := 0
	for _, lm := range d.on {
		total += lm.members.n
	}
	all := make([]*Member, 0, total)
	f.on = make(map[string][]*Member, len(d.on))
	for id, lm := range d.on {
		start := len(all)
		all = lm.members.appendTo(all)
		f.on[id] = all[start:len(all):len(all)]
	}
	f.indexRoles()
	if len(d.errs) > 0 && d.errs[0].Kind == KindSyntax {
		return f
	}
	switch {
	case !d.root.Has("schema"):
		d.errorf(Pos{Line: 1, Col: 1}, about{}, "missing \"schema = %d\" at the top of the file", SchemaVersion)
	case f.Schema != SchemaVersion && f.SchemaPos.IsValid():
		d.errorf(f.SchemaPos, about{}, "schema %d is not supported; this roster reads schema %d (upgrade roster, or check the file)", f.Schema, SchemaVersion)
	}
	for _, l := range f.Lists {
		if !l.Has("address") {
			d.errorf(l.Pos, about{kind: "list", id: l.ID}, "missing address, the group's email address")
		}
		if !l.Has("policy") {
			d.errorf(l.Pos, about{kind: "list", id: l.ID}, "missing policy: every list names the policy that decides who may be on it")
		}
		if l.Provider == "" {
			l.Provider = ProviderGoogle
		}
	}
	for _, p := range f.Policies {
		if p.VettedBy == "" {
			p.VettedBy = RoleOwner
		}
		if p.Unmanaged == "" {
			p.Unmanaged = UnmanagedReport
		}
	}
	for _, m := range f.Members {
		if !m.Has("email") {
			d.errorf(m.Pos, memberSubject(m), "missing email")
		}
		for i := range m.Vetting {
			v := &m.Vetting[i]
			for _, key := range []string{"by", "on", "method"} {
				if !v.Has(key) {
					d.errorf(v.Pos, memberSubject(m), "vetting record is missing %q (a record says who vetted, on which date, and how)", key)
				}
			}
		}
	}
	return f
}

// suggest returns ` (did you mean "x"?)` for the closest known key within
// two edits, or "".
func suggest(got string, known []string) string {
	return nearest.DidYouMean(got, known)
}
