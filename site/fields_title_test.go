package site

import (
	"fmt"
	"testing"

	"github.com/roster-dev/roster/members"
)

// TestAFieldNamingTheFilesOwnAddressIsHidden: an affiliation that names
// an address the file holds (its local part, "at", its domain, whatever
// stands between), or whose title's words are the member's own local
// part or handle, is hidden on a public page; a title at a domain with
// no such word is still shown.
func TestAFieldNamingTheFilesOwnAddressIsHidden(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		email, github, affiliation string
		shown                      bool
	}{
		{"jdoe@zorbix.io", "jdoe", "Jdoe security engineer at zorbix.io", false},
		{"jdoe@zorbix.io", "jd", "Jdoe security engineer at zorbix.io", false},
		{"jdoe@zorbix.io", "jd", "previously jdoe maintainer at zorbix.io", false},
		{"jdoe@zorbix.io", "jd", "Jdoe co-maintainer at zorbix.io", false},
		{"jdoe@jdoe.io", "jdoe", "Now jdoe engineer at jdoe.io", false},
		{"security@example.org", "sec", "Security product engineer at example.org", false},
		{"security@example.org", "sec", "Security team at example.org", false},
		{"security@example.org", "sec", "Security Engineer at example.org", false},
		{"jd@other.example", "jdoe", "Jdoe security engineer at zorbix.io", false},
		{"jdoe@other.example", "jd", "previously jdoe maintainer at kernel.org", false},
		{"ops@zorbix.io", "jd", "Ops (at) zorbix.io", false},

		{"ada@example.org", "ada", "Product security lead at kernel.org", true},
		{"security@example.org", "sec", "Release manager at kernel.org", true},
		{"ada@kernel.org", "ada", "previously security engineer at kernel.org", true},
		{"ada@example.org", "ada", "Ada Lovelace, Maintainer at kernel.org", true},
		{"ada@example.org", "ada", "Example Foundation", true},
	} {
		t.Run(tc.affiliation+" of "+tc.email, func(t *testing.T) {
			t.Parallel()
			toml := fmt.Sprintf(`schema = 1
admins = ["a"]
[lists.l]
address = "l@example.net"
provider = "google"
policy = "p"
[policies.p]
max_members = 1000
min_owners = 0
vetting_methods = ["m"]
vetted_by = "member"
vetting_valid_for = "365d"
unmanaged = "report"
[[member]]
email = %q
name = "Person"
github = %q
affiliation = %q
lists = {l = "member"}
`, tc.email, tc.github, tc.affiliation)
			f, err := members.Parse("members.toml", []byte(toml))
			if err != nil {
				t.Fatal(err)
			}
			fs := newFields(true, newKnownAddresses(f, nil))
			got := fs.member(f.Members[0]).affiliation
			if shown := got == tc.affiliation; shown != tc.shown {
				t.Errorf("the affiliation reads %q, want shown %v", got, tc.shown)
			}
		})
	}
}
