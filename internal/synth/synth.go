// Package synth generates synthetic but valid members files and git
// histories of them, for benchmarks and soak tests.
package synth

import (
	"fmt"
	"strings"
)

// Spec describes a generated members file.
type Spec struct {
	Members int
	Lists   int
	// Domain of the generated addresses and lists.
	Domain string
	// Varied gives people names and affiliations as a real team's are
	// (first and last names, employers, "CTO at zorbix.io"), not "Person
	// N" of "Org N": the public roster reads every such field for
	// addresses, and plain numbered words cost it least.
	Varied bool
}

var (
	firstNames = strings.Fields("Amara Bjorn Chen Dana Elif Farid Grace Hiro Ines Jonas Kwame Lena Mateo Nadia Oskar Priya Quinn Rosa Sven Tariq Uma Viktor Wen Ximena Yusuf Zofia Aiko Bruno Carmen Dmitri Esra Felipe Gita Hassan Irene Jakub Kira Luis Mei Nikolai")
	lastNames  = strings.Fields("Okafor Halvorsen Wei Whitfield Demir Haddad Hopper Tanaka Silva Berg Mensah Fischer Rossi Ali Lind Sharma Park Garcia Nilsson Aziz Kapoor Petrov Zhang Lopez Yilmaz Nowak Sato Costa Ruiz Ivanov Kaya Moreno Rao Khan Novak Dvorak Mori Vega Liu Sokolov")
	employers  = []string{"Example Project", "Acme Corp", "Globex", "Initech", "Umbrella Security", "Red Hat", "Canonical", "SUSE", "Independent researcher",
		"Engineer at Example Cloud", "Debian", "Freelance", "University of Somewhere", "Security team, Hooli", "Maintainer at kernel.org", "CTO at zorbix.io",
		"Blue Dot Security", "R&D at HQ", "Vendor contact (distro)", "Self"}
)

// nameOf and affiliationOf are the i-th member's (see Spec.Varied).
func nameOf(i int, varied bool) string {
	if !varied {
		return fmt.Sprintf("Person %d", i)
	}
	return firstNames[i*7%len(firstNames)] + " " + lastNames[i*13%len(lastNames)]
}

func affiliationOf(i int, varied bool) string {
	if !varied {
		return fmt.Sprintf("Org %d", i%97)
	}
	return employers[i*11%len(employers)]
}

// Owners is how many members own every list (and vet everyone else).
const Owners = 3

// ListID names the i-th generated list.
func ListID(i int) string { return fmt.Sprintf("list-%02d", i) }

// Email names the i-th generated member.
func Email(i int, domain string) string { return fmt.Sprintf("person%06d@%s", i, domain) }

// MembersFile returns a members file that validates clean on 2026-11-24:
// Owners people own every list and vet each other, everyone else is on
// one to three lists with one vetting record each.
func MembersFile(s Spec) []byte {
	if s.Domain == "" {
		s.Domain = "example.org"
	}
	if s.Lists < 1 {
		s.Lists = 1
	}
	var b strings.Builder
	b.Grow(s.Members * 330)
	b.WriteString("schema = 1\n")
	for l := 0; l < s.Lists; l++ {
		fmt.Fprintf(&b, "\n[lists.%s]\naddress = \"%s@%s\"\npolicy = \"p%d\"\n", ListID(l), ListID(l), s.Domain, l%2)
	}
	for p := 0; p < 2; p++ {
		fmt.Fprintf(&b, "\n[policies.p%d]\nmin_owners = 2\nvetting_methods = [\"video-call\", \"known-maintainer\"]\nvetted_by = \"owner\"\nvetting_valid_for = \"3y\"\nrequired_fields = [\"name\"]\ndenied_domains = [\"mailinator.com\"]\nunmanaged = \"remove\"\n", p)
	}
	for i := 0; i < s.Members; i++ {
		b.WriteString("\n[[member]]\n")
		fmt.Fprintf(&b, "email = %q\nname = %q\ngithub = \"person-%d\"\naffiliation = %q\n", Email(i, s.Domain), nameOf(i, s.Varied), i, affiliationOf(i, s.Varied))
		b.WriteString("lists = { ")
		if i < Owners {
			for l := 0; l < s.Lists; l++ {
				if l > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%s = \"owner\"", ListID(l))
			}
		} else {
			for k := 0; k < 1+i%3 && k < s.Lists; k++ {
				if k > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%s = \"member\"", ListID((i+k*7)%s.Lists))
			}
		}
		b.WriteString(" }\n")
		vetter := (i + 1) % Owners
		fmt.Fprintf(&b, "\n  [[member.vetting]]\n  by = \"person-%d\"\n  on = 2026-0%d-1%d\n  method = \"video-call\"\n  note = \"Generated member %d, checked on a call.\"\n",
			vetter, 1+i%9, i%10, i)
	}
	return []byte(b.String())
}

// SyncWorkload is a sync benchmark's input and expected result: a members
// file with two owners and adds new members on one list,
// bench@example.org, whose group starts with the two owners and removals
// members the file does not name.
type SyncWorkload struct {
	Group string
	File  []byte
	// Live is the group before the sync, Want after it: each address to
	// its role as the Directory API spells it.
	Live, Want map[string]string
}

// Sync makes a SyncWorkload of adds and removals.
func Sync(adds, removals int) SyncWorkload {
	var b strings.Builder
	b.WriteString(`schema = 1
[lists.bench]
address = "bench@example.org"
policy = "p"
[policies.p]
min_owners = 2
vetting_methods = ["video-call"]
unmanaged = "remove"
[[member]]
email = "owner1@example.org"
lists = { bench = "owner" }
vetting = [{ by = "owner2@example.org", on = 2026-01-01, method = "video-call" }]
[[member]]
email = "owner2@example.org"
lists = { bench = "owner" }
vetting = [{ by = "owner1@example.org", on = 2026-01-01, method = "video-call" }]
`)
	w := SyncWorkload{Group: "bench@example.org",
		Live: map[string]string{"owner1@example.org": "OWNER", "owner2@example.org": "OWNER"},
		Want: map[string]string{"owner1@example.org": "OWNER", "owner2@example.org": "OWNER"}}
	for i := 0; i < adds; i++ {
		add := fmt.Sprintf("new%05d@example.org", i)
		fmt.Fprintf(&b, "[[member]]\nemail = %q\nlists = { bench = \"member\" }\nvetting = [{ by = \"owner1@example.org\", on = 2026-01-01, method = \"video-call\" }]\n", add)
		w.Want[add] = "MEMBER"
	}
	for i := 0; i < removals; i++ {
		w.Live[fmt.Sprintf("old%05d@example.org", i)] = "MEMBER"
	}
	w.File = []byte(b.String())
	return w
}

// RecordPerList is a members file of n lists and one member on all of
// them with a vetting record for each: by that list's own first owner
// (each list has two, who vet each other), or, with oneVetter, all by
// one of two owners who own every list. It is the shape that made
// validation quadratic when each record was checked for each list.
func RecordPerList(n int, oneVetter bool) []byte {
	var b strings.Builder
	b.WriteString("schema = 1\n\n[policies.p]\nvetting_methods = [\"video-call\"]\nvetted_by = \"owner\"\n")
	for i := range n {
		fmt.Fprintf(&b, "\n[lists.l%05d]\naddress = \"l%05d@example.org\"\npolicy = \"p\"\n", i, i)
	}
	owner := func(email, other, lists string) {
		fmt.Fprintf(&b, "\n[[member]]\nemail = %q\nlists = { %s }\nvetting = [{ by = %q, on = 2026-01-01, method = \"video-call\" }]\n", email, lists, other)
	}
	all := func(role string) string {
		parts := make([]string, n)
		for i := range n {
			parts[i] = fmt.Sprintf("l%05d = %q", i, role)
		}
		return strings.Join(parts, ", ")
	}
	if oneVetter {
		owner("o@example.org", "p@example.org", all("owner"))
		owner("p@example.org", "o@example.org", all("owner"))
	} else {
		for i := range n {
			own := fmt.Sprintf("l%05d = \"owner\"", i)
			owner(fmt.Sprintf("o%05d@example.org", i), fmt.Sprintf("p%05d@example.org", i), own)
			owner(fmt.Sprintf("p%05d@example.org", i), fmt.Sprintf("o%05d@example.org", i), own)
		}
	}
	fmt.Fprintf(&b, "\n[[member]]\nemail = \"x@example.org\"\nlists = { %s }\n", all("member"))
	for i := range n {
		by := "o@example.org"
		if !oneVetter {
			by = fmt.Sprintf("o%05d@example.org", i)
		}
		fmt.Fprintf(&b, "\n  [[member.vetting]]\n  by = %q\n  on = 2026-01-%02d\n  method = \"video-call\"\n", by, 1+i%28)
	}
	return []byte(b.String())
}

// FailingLists is a members file of n lists that each fail their own
// policy (one owner where min_owners is 2): every list is one sync
// leaves alone, which history and validate carry from the last version
// that applied it. It is the shape that made validate quadratic in
// failing lists.
func FailingLists(n int) []byte {
	var b strings.Builder
	b.WriteString("schema = 1\n\n[policies.p]\nmin_owners = 2\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\n")
	for i := range n {
		fmt.Fprintf(&b, "\n[lists.l%05d]\naddress = \"l%05d@example.org\"\npolicy = \"p\"\n", i, i)
	}
	entry := func(email, by, role string) {
		fmt.Fprintf(&b, "\n[[member]]\nemail = %q\nlists = { ", email)
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "l%05d = %q", i, role)
		}
		fmt.Fprintf(&b, " }\nvetting = [{ by = %q, on = 2026-01-01, method = \"video-call\" }]\n", by)
	}
	entry("a@example.org", "b@example.org", "owner")
	entry("b@example.org", "a@example.org", "member")
	return []byte(b.String())
}
