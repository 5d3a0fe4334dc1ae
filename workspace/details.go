package workspace

import (
	"fmt"
	"strings"

	"github.com/roster-dev/roster/members"
)

// Who someone is (name, GitHub handle, affiliation), as add fills in
// what an entry lacks and refuses to rewrite what it has.

// sameDetails refuses details for someone already in the file that
// differ from the entry's: add puts them on more lists, and fills in the
// details the entry lacks (a policy's required fields), but does not
// rewrite who they are.
func sameDetails(m *members.Member, o AddOptions) error {
	for _, d := range []struct{ flag, given, have string }{
		{"name", o.Name, m.Name}, {"github", strings.TrimPrefix(o.GitHub, "@"), m.Handle()}, {"affiliation", o.Affiliation, m.Affiliation},
	} {
		if d.given != "" && d.have != "" && !strings.EqualFold(d.given, d.have) {
			return fmt.Errorf("%s is already in the file (line %d) with %s %q; add puts them on more lists and leaves who they are as it is: drop --%s, or edit the entry", m.Email, m.Pos.Line, d.flag, d.have, d.flag)
		}
	}
	return nil
}

// details are the fields of an entry that say who someone is.
type details struct{ name, github, affiliation string }

// String names the details set: "name, affiliation".
func (d details) String() string {
	var out []string
	for _, f := range []struct{ key, value string }{{"name", d.name}, {"github", d.github}, {"affiliation", d.affiliation}} {
		if f.value != "" {
			out = append(out, f.key)
		}
	}
	return strings.Join(out, ", ")
}

// missingDetails are the details o gives that m does not have.
func missingDetails(m *members.Member, o AddOptions) details {
	var fill details
	if o.Name != "" && m.Name == "" {
		fill.name = o.Name
	}
	if gh := strings.TrimPrefix(o.GitHub, "@"); gh != "" && m.Handle() == "" {
		fill.github = gh
	}
	if o.Affiliation != "" && m.Affiliation == "" {
		fill.affiliation = o.Affiliation
	}
	return fill
}
