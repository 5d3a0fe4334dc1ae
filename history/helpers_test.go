package history_test

import (
	"sort"

	"github.com/roster-dev/roster/members"
)

// emails describes a parsed file's membership as sorted
// "email list=role" lines, for comparing two readings of a file; nil for
// no file.
func emails(f *members.File) []string {
	if f == nil {
		return nil
	}
	var out []string
	for _, m := range f.Members {
		s := m.Email
		for _, ms := range m.Lists {
			s += " " + ms.List + "=" + string(ms.Role)
		}
		out = append(out, s)
	}
	for _, l := range f.Lists {
		out = append(out, "list "+l.ID+" "+l.Address)
	}
	sort.Strings(out)
	return out
}
