package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// DomainSpec describes a domain whose groups one members file manages, as
// a security team at a large organisation keeps them: a few people own
// every list and vet everyone; each list has its own members, most of
// them at other domains than the groups' (researchers at gmail.com,
// maintainers at partner companies), as on real security lists.
type DomainSpec struct {
	// Groups is the number of lists, one group each: g00000@Domain...
	Groups int
	// Members is the number of members of each list besides its owners,
	// each on that list only.
	Members int
	// Owners own every list and vet everyone (default 2).
	Owners int
	// External is the fraction of members at other domains than the
	// groups' (gmail.com and partner companies).
	External float64
	// Domain of the groups and of the owners (default example.org).
	Domain string
	// Unmanaged is the policy's unmanaged ("remove" by default).
	Unmanaged string
	// Settings pins the group settings of a private list (PinnedSettings()).
	Settings bool
	// Changed is the fraction of memberships (owners aside) that the
	// file changes against the live groups: half of them people the file
	// adds, half people it took off, chosen at random (Seed).
	Changed float64
	Seed    uint64
}

// PinnedSettings returns the group settings a Settings domain pins, as
// the Groups Settings API spells them: who may join, see and post.
func PinnedSettings() map[string]string {
	return map[string]string{
		"whoCanJoin":           "INVITED_CAN_JOIN",
		"whoCanViewMembership": "ALL_MEMBERS_CAN_VIEW",
		"whoCanViewGroup":      "ALL_MEMBERS_CAN_VIEW",
		"allowExternalMembers": "true",
	}
}

// LiveGroup is a group as the live side holds it.
type LiveGroup struct {
	Address string
	// Members maps each address to its role as the Directory API spells
	// it (OWNER, MEMBER).
	Members  map[string]string
	Settings map[string]string
}

// Domain is a generated domain: the members file, the live groups before
// a sync and the live groups the file asks for.
type Domain struct {
	File []byte
	// Before is the live side as generated; After, what a sync must
	// leave. Without Changed they are equal: a sync has nothing to do.
	Before, After []LiveGroup
	// Adds and Removals count the changed memberships; InDomain counts
	// those at the groups' domain.
	Adds, Removals, InDomain int
	// Lookups is how many alias look-ups (members.get) a plan makes:
	// per list, its additions at the groups' domain when some member
	// the file does not list is at that domain too (plan.aliasCandidates),
	// unless there are more than plan.MaxAliasLookups (25) of them.
	Lookups int
}

// GroupAddress names the i-th group of a domain.
func GroupAddress(i int, domain string) string { return fmt.Sprintf("%s@%s", GroupID(i), domain) }

// GroupID is the list id of the i-th group.
func GroupID(i int) string { return fmt.Sprintf("g%05d", i) }

// OwnerEmail names the i-th owner of every group.
func OwnerEmail(i int, domain string) string { return fmt.Sprintf("sec-owner-%d@%s", i, domain) }

// externalDomains are where most members of a security list are.
var externalDomains = []string{"gmail.com", "partner-a.example", "partner-b.example", "university.example", "vendor.example"}

// MemberEmail is the address of list g's j-th member: one in every
// 1/(1-external) at the groups' domain, the others elsewhere.
func memberEmail(g, j int, domain string, external bool) string {
	if !external {
		return fmt.Sprintf("m%05dx%04d@%s", g, j, domain)
	}
	return fmt.Sprintf("m%05dx%04d@%s", g, j, externalDomains[(g+j)%len(externalDomains)])
}

// NewDomain generates a domain.
func NewDomain(s DomainSpec) Domain {
	if s.Domain == "" {
		s.Domain = "example.org"
	}
	if s.Owners <= 0 {
		s.Owners = 2
	}
	if s.Unmanaged == "" {
		s.Unmanaged = "remove"
	}
	rng := rand.New(rand.NewPCG(s.Seed, s.Seed^0x5bd1e995))
	total := s.Groups * s.Members
	changed := make(map[int]bool)
	for n := int(float64(total)*s.Changed + 0.5); len(changed) < n && len(changed) < total; {
		changed[rng.IntN(total)] = true
	}
	// In file order: which members are at another domain is spread
	// evenly, so that External is exact over any few lists.
	external := func(g, j int) bool {
		k := g*s.Members + j
		return float64(k%100) < s.External*100
	}
	var d Domain
	var b strings.Builder
	b.Grow(s.Groups*(s.Members*190+120) + s.Owners*s.Groups*20)
	b.WriteString("schema = 1\n")
	for g := 0; g < s.Groups; g++ {
		fmt.Fprintf(&b, "\n[lists.%s]\naddress = %q\npolicy = \"security\"\n", GroupID(g), GroupAddress(g, s.Domain))
	}
	fmt.Fprintf(&b, "\n[policies.security]\nmin_owners = %d\nvetting_methods = [\"video-call\", \"known-maintainer\"]\nvetted_by = \"owner\"\nvetting_valid_for = \"3y\"\nunmanaged = %q\n", min(2, s.Owners), s.Unmanaged)
	if s.Settings {
		b.WriteString("who_can_join = \"INVITED_CAN_JOIN\"\nwho_can_view_membership = \"ALL_MEMBERS_CAN_VIEW\"\nwho_can_view_group = \"ALL_MEMBERS_CAN_VIEW\"\nallow_external_members = true\n")
	}
	for o := 0; o < s.Owners; o++ {
		fmt.Fprintf(&b, "\n[[member]]\nemail = %q\nname = \"Security Owner %d\"\ngithub = \"sec-owner-%d\"\nlists = { ", OwnerEmail(o, s.Domain), o, o)
		for g := 0; g < s.Groups; g++ {
			if g > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s = \"owner\"", GroupID(g))
		}
		fmt.Fprintf(&b, " }\nvetting = [{ by = \"sec-owner-%d\", on = 2026-01-05, method = \"known-maintainer\" }]\n", (o+1)%s.Owners)
	}
	for g := 0; g < s.Groups; g++ {
		addr := GroupAddress(g, s.Domain)
		before := LiveGroup{Address: addr, Members: make(map[string]string, s.Members+s.Owners)}
		after := LiveGroup{Address: addr, Members: make(map[string]string, s.Members+s.Owners)}
		if s.Settings {
			before.Settings, after.Settings = PinnedSettings(), PinnedSettings()
		}
		for o := 0; o < s.Owners; o++ {
			before.Members[OwnerEmail(o, s.Domain)] = "OWNER"
			after.Members[OwnerEmail(o, s.Domain)] = "OWNER"
		}
		addsHere, strangerHere := 0, false
		for j := 0; j < s.Members; j++ {
			ext := external(g, j)
			email := memberEmail(g, j, s.Domain, ext)
			inFile, live := true, true
			if changed[g*s.Members+j] {
				if j%2 == 0 {
					live = false
					d.Adds++
					if !ext {
						addsHere++
					}
				} else {
					inFile = false
					d.Removals++
					strangerHere = strangerHere || !ext
				}
				if !ext {
					d.InDomain++
				}
			}
			if live {
				before.Members[email] = "MEMBER"
			}
			if inFile {
				after.Members[email] = "MEMBER"
				fmt.Fprintf(&b, "\n[[member]]\nemail = %q\nname = \"Member %d of %d\"\nlists = { %s = \"member\" }\nvetting = [{ by = \"sec-owner-%d\", on = 2026-0%d-1%d, method = \"video-call\" }]\n",
					email, j, g, GroupID(g), (g+j)%s.Owners, 1+(g+j)%9, j%10)
			}
		}
		if strangerHere && addsHere <= 25 {
			d.Lookups += addsHere
		}
		d.Before = append(d.Before, before)
		d.After = append(d.After, after)
	}
	d.File = []byte(b.String())
	return d
}
