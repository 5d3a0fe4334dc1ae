package site

import (
	"fmt"
	"testing"

	"github.com/roster-dev/roster/members"
)

// testKnown indexes the addresses the tests of the known-address check
// read for.
func testKnown() *knownAddresses {
	k := newKnown()
	for _, a := range []string{"chen@example.com", "Dana.Whitfield@example.org", "security@example.org", "elif.demir@example.org",
		"jo+lists@mail.example.co.uk", "r@example.org", "ada-example", "kim@xn--bcher-kva.example", "list-07@example.org"} {
		k.add(a)
	}
	return k
}

// TestKnownAddressesHideWhatTheyRead: a field that holds one of the
// input's addresses, its words and labels in order with a few letters
// of any script between them, is hidden, whichever words or signs those
// letters are; a field that only names a domain or a person, or holds
// a domain's ending inside a word, is not.
func TestKnownAddressesHideWhatTheyRead(t *testing.T) {
	k := testKnown()
	for _, s := range []string{
		"chen at example dot com", "chen at the rate example dot com", "chen attherate example dotcom", "chen atTheRate example dot com",
		"chen \u090f\u091f \u0926 \u0930\u0947\u091f example \u0921\u0949\u091f \u0915\u0949\u092e", "chen \u30a2\u30c3\u30c8 example \u30c9\u30c3\u30c8 com",
		"chen klammeraffe example com", "chen apenstaartje example com", "chen qqq example zz com", "chen \u0e41\u0e2d\u0e17 example \u0e14\u0e2d\u0e17 com",
		"Chen At Example Dot Com", "ChenAtExampleDotCom", "chen at ExampleDotComInc", "CHEN AT EXAMPLE DOT COM", "chen_at_example_dotcom",
		"Chen-At-Example-Dot-Com", "chen at ex\u0430mple dot com", "\uff43\uff48\uff45\uff4e at example com", "c\u0301hen at example com",
		"chen @ example\u00b0com", "chen&#64;example&#46;com", "write to chen at example dot com today",
		"Dana Whitfield at Example dot org", "dana whitfield (at) example (punkt) org", "DanaWhitfieldAtExampleDotOrg",
		"dana dot whitfield at example full stop org", "dana.whitfield at example", // the domain's last label is "org": not this
		"Security team at example.org", "chenx at example com", "chenatexampledotcom", "r@example.org", "jo at mail example co uk", "jo_at_mail_example_co_uk", "R at example.org",
		"kim at bücher.example", "list 07 at example org",
	} {
		want := s != "dana.whitfield at example"
		if got := k.spells(s); got != want {
			t.Errorf("spells(%q) = %v, want %v", s, got, want)
		}
	}
	for _, s := range []string{
		"Security reports for example.org", "Elif Demir", "Example.org", "Chen Li", "chen at example Commerce", "chen at example.community",
		"Engineer at Example.org", "Major at example.org", "Chen at Example Corp", "ada-example", "Dana Whitfield", "Whitfield Example",
		"chen writes a lot about example.com", "example.com chen", "org example chen", "chen at example dot co",
		"security reports for example.org", "Security and Privacy at Example Org",
	} {
		if k.spells(s) {
			t.Errorf("spells(%q) = true", s)
		}
	}
}

// TestKnownAddressesOfAFile: the index holds the addresses of members,
// lists and vetters a file names, not a vetter named by handle.
func TestKnownAddressesOfAFile(t *testing.T) {
	f, err := members.Parse("members.toml", []byte(`schema = 1

[lists.reports]
address = "reports@example.net"
policy = "p"

[policies.p]
vetting_methods = ["video-call"]

[[member]]
email = "ada@example.org"
lists = { reports = "owner" }

  [[member.vetting]]
  by = "grace@example.com"
  on = 2026-03-01
  method = "video-call"
`))
	if err != nil {
		t.Fatal(err)
	}
	k := newKnownAddresses(f, nil)
	for _, s := range []string{"ada at example org", "reports at example net", "grace at example com"} {
		if !k.spells(s) {
			t.Errorf("spells(%q) = false", s)
		}
	}
}

// BenchmarkKnownAddresses reads a field against 2,000 addresses at one
// domain and 2,000 at as many.
func BenchmarkKnownAddresses(b *testing.B) {
	k := newKnown()
	for i := range 2000 {
		k.add(fmt.Sprintf("member%04d@example.org", i))
		k.add(fmt.Sprintf("person.%d@company%d.com", i, i))
	}
	for range b.N {
		k.spells("Senior Engineer at Example Corp, formerly at Company 17 com (Commerce)")
	}
}
