package site

import (
	"fmt"
	"strings"
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
	t.Parallel()
	k := testKnown()
	for _, s := range []string{
		"chen at example dot com", "chen at the rate example dot com", "chen attherate example dotcom", "chen atTheRate example dot com",
		"chen \u090f\u091f \u0926 \u0930\u0947\u091f example \u0921\u0949\u091f \u0915\u0949\u092e", "chen \u30a2\u30c3\u30c8 example \u30c9\u30c3\u30c8 com",
		"chen klammeraffe example com", "chen apenstaartje example com", "chen qqq example zz com", "chen \u0e41\u0e2d\u0e17 example \u0e14\u0e2d\u0e17 com",
		"Chen At Example Dot Com", "ChenAtExampleDotCom", "chen at ExampleDotComInc", "CHEN AT EXAMPLE DOT COM", "chen_at_example_dotcom",
		"Chen-At-Example-Dot-Com", "chen at ex\u0430mple dot com", "\uff43\uff48\uff45\uff4e at example com", "c\u0301hen at example com",
		"chen @ example\u00b0com", "chen&#64;example&#46;com", "write to chen at example dot com today",
		"Dana Whitfield at Example dot org", "dana whitfield (at) example (punkt) org", "DanaWhitfieldAtExampleDotOrg",
		"dana dot whitfield at example full stop org", "dana.whitfield at example", // its ending dropped (s12 finding 6)
		"dana.whitfield at the example domain", "Mail me: dana.whitfield at our example", "dana.whitfield (at) the example", // a word before the domain
		"dana.whitfield — example", "dana.whitfield - example", "dana.whitfield, example", "dana.whitfield / example", "dana.whitfield → example", "dana.whitfield ✉ example", "dana.whitfield ⟶ example", "dana.whitfield − example", // a sign between (s16-22 item 2)

		"dana.whitfield_at_example", "x_dana.whitfield_at_example_list", "Elif-Demir__AT__Example", // and as an id (s12-22b finding 2)
		"security (at) example", "security [at] example", "security @ example", "security_at_example", "chen (at) example", // one word, a strong '@' (finding 5)
		"Security team at example.org", "chenx at example com", "chenatexampledotcom", "r@example.org", "jo at mail example co uk", "jo_at_mail_example_co_uk", "R at example.org",
		"kim at bücher.example", "list 07 at example org",
	} {
		if !k.spells(s) {
			t.Errorf("spells(%q) = false", s)
		}
	}
	for _, s := range []string{
		"Security reports for example.org", "Elif Demir", "Example.org", "Chen Li", "chen at example Commerce", "chen at example.community",
		"Engineer at Example.org", "Major at example.org", "Chen at Example Corp", "ada-example", "Dana Whitfield", "Whitfield Example",
		"chen writes a lot about example.com", "example.com chen", "org example chen", "chen at example dot co",
		"security reports for example.org", "Security and Privacy at Example Org", "dana_at_example", "whitfield_at_example", "chen at example", "Security at Example",
		"Dana Whitfield at the Example project", "chen at the example", "Dana Whitfield — Example", "chen — example", "dana, example",
	} {
		if k.spells(s) {
			t.Errorf("spells(%q) = true", s)
		}
	}
}

// TestKnownAddressesOfAFile: the index holds the addresses of members,
// lists and vetters a file names, not a vetter named by handle.
func TestKnownAddressesOfAFile(t *testing.T) {
	t.Parallel()
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
	b.ResetTimer()
	for range b.N {
		k.spells("Senior Engineer at Example Corp, formerly at Company 17 com (Commerce)")
	}
}

// worstIndex indexes an address of many one-letter words and labels,
// whose gaps a field of that letter can be read in exponentially many
// ways.
func worstIndex(words int) *knownAddresses {
	k := newKnown()
	k.add(strings.TrimSuffix(strings.Repeat("a.", words), ".") + "@" + strings.Repeat("a.", words+1) + "com")
	k.add("zz@" + strings.Repeat("a.", 9) + "com")
	return k
}

// worstFields are fields of that letter, and of its words and labels.
func worstFields(n int) []string {
	return []string{
		strings.Repeat("a", n) + " com", strings.Repeat("a ", n) + "com", strings.Repeat("a com ", n),
		strings.Repeat("a.", n) + "com", "zz " + strings.Repeat("a", n) + " com", strings.Repeat("b", n) + " com",
	}
}

// TestKnownAddressesTakePolynomialWork: reading a field for an address
// of many one-letter words and labels, the field that letter over and
// over, tries each word at each place once: the steps grow with the
// field's letters times the address's words, where trying every gap at
// every word took minutes for nine labels. A field that would take more
// than its budget is hidden.
func TestKnownAddressesTakePolynomialWork(t *testing.T) {
	t.Parallel()
	for _, words := range []int{8, 16} {
		k := worstIndex(words)
		for _, n := range []int{48, 400} {
			for _, s := range worstFields(n) {
				_, x := k.search(s)
				letters := len(x.r.start)
				if x.over {
					t.Errorf("%d words, %.20q... (%d letters): over budget at %d steps", words, s, letters, x.steps)
				}
				if limit := 4 * (words + 2) * (letters + 10); x.steps > limit {
					t.Errorf("%d words, %.20q... (%d letters): %d steps, more than %d", words, s, letters, x.steps, limit)
				}
			}
		}
		// Written out, the address is found.
		local := strings.TrimSuffix(strings.Repeat("a.", words), ".")
		if !k.spells(local + " at " + strings.Repeat("a.", words+1) + "com") {
			t.Errorf("%d words: the address written out is not found", words)
		}
	}
	// The tester's: an affiliation of 48 a's and " com" took 245 s.
	if found, x := worstIndex(8).search(strings.Repeat("a", 48) + " com"); !found || x.steps > 2000 {
		t.Errorf("48 a's: found %v in %d steps", found, x.steps)
	}
	// An address of a hundred labels, and a field of two thousand
	// letters of them: past the budget, hidden.
	k := worstIndex(100)
	found, x := k.search(strings.Repeat("a", 2000) + " com")
	if !found || !x.over || x.steps > x.budget+1 {
		t.Errorf("100 labels: found %v, over %v, %d steps of %d", found, x.over, x.steps, x.budget)
	}
}

// BenchmarkKnownAddressesWorstCase reads the worst fields of
// TestKnownAddressesTakePolynomialWork.
func BenchmarkKnownAddressesWorstCase(b *testing.B) {
	k := worstIndex(16)
	fields := worstFields(400)
	b.ResetTimer()
	for range b.N {
		for _, s := range fields {
			k.spells(s)
		}
	}
}

// TestKnownAddressesReadWhatAReaderReads: letters drawn as signs
// (quotes, bars) set words apart; digits and letters a reader takes for
// one another ("examp1e", "whitfieId", "exarnple") are read as those;
// an address written whole ("chen.wei", "example.org") is found across
// a longer gap. A local part's last word inside a longer word, a long
// gap that is no word for '@', and words after a local part of one word
// none of which reads as '@', are no address.
func TestKnownAddressesReadWhatAReaderReads(t *testing.T) {
	t.Parallel()
	k := newKnown()
	for _, a := range []string{"dana.whitfield@example.org", "chen.wei@example.org", "bjorn.halvorsen@example.org", "security@example.org",
		"security-announce@example.org", "jane.doe@gmail.com", "vvill@example.com", "m@example.net"} {
		k.add(a)
	}
	for _, s := range []string{
		"ʻdana.whitfieldʻ ʻatʻ ʻexample.orgʻ", "ǀbjorn.halvorsenǀatǀexample.orgǀ",
		"jane.doeǀatǀgmail.com", "jane.doeʼatʼgmailʼdotʼcom", "jane.doeꜗatꜗgmail.com",
		"jane.doeـatـgmailـcom", "jane.doeーatーgmail.com", "jane.doeǃatǃgmail.com",
		"dana.whitfieId ∴ example ∴ org", "dana.whitfield ∴ exarnple ∴ org", "dana.whitfield ∴ examp1e ∴ org",
		"security ∴ examp1e ∴ org", "DANA.WHITFIELD ∴ EXAMPLE ∴ 0RG", "will at example com", "rn at example net",
		"chen.wei at (the usual domain) example.org", "dana.whitfield, write to the usual domain: example.org",
		"security-announce at example.org", "Security Announce list: example.org",
	} {
		if !k.spells(s) {
			t.Errorf("spells(%q) = false", s)
		}
	}
	for _, s := range []string{
		"Security announcements for example.org, in advance", "Security Engineering, Example.org", "Hawaiʻi",
		"chen wei works on the packaging for example.org", "Security Announcements, example.org",
		"Security issues in example.org, privately", "security and privacy of example org",
	} {
		if k.spells(s) {
			t.Errorf("spells(%q) = true", s)
		}
	}
}

// TestAFirstNameAndAnEmployerAreNoAddress: a member whose local part is
// their first name, named in full beside their employer's domain, or a
// list's description naming its own domain after a word, is no address
// on the page: a word set apart between a one-word local part and a
// domain written whole must read as an '@' ("at", "a", "klammeraffe").
// Spelled out on purpose, the domain's words apart, it still is.
func TestAFirstNameAndAnEmployerAreNoAddress(t *testing.T) {
	t.Parallel()
	k := newKnown()
	for _, a := range []string{"marc@salesforce.com", "announce@libfoo.org", "security@libfoo.org", "li@fly.io", "chen@example.com"} {
		k.add(a)
	}
	for _, s := range []string{"Marc Benioff Salesforce.com", "Marc Benioff, Salesforce.com", "Announce list — libfoo.org",
		"Announce list - libfoo.org", "Private vulnerability reports. Security policy: libfoo.org/security", "Li Wei Fly.io"} {
		if k.spells(s) {
			t.Errorf("spells(%q) = true", s)
		}
	}
	for _, s := range []string{"marc at salesforce.com", "Marc (at) Salesforce.com", "chen qqq example zz com", "chen klammeraffe example com", "li a fly.io"} {
		if !k.spells(s) {
			t.Errorf("spells(%q) = false", s)
		}
	}
}
