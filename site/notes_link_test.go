package site_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/site"
)

// ticketEvidence is a record's link with a path specific enough to be
// private alone (two segments).
const ticketEvidence = "https://tickets.example.org/browse/SEC-4471"

// TestAPrivateLinkAsABrowserResolvesIt (s31-site finding 1): evidence
// written as a browser resolves it to the same page (the default port,
// dot segments, back-slashes, no scheme, the path alone) is the
// evidence, in a member's field and in a kept file, as text or as an
// href; the link's longer or other pages, another ticket, and a short
// path on another host are not.
func TestAPrivateLinkAsABrowserResolvesIt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, evidence, link string
		refused              bool
	}{
		{"the default port", ticketEvidence, "https://tickets.example.org:443/browse/SEC-4471", true},
		{"the default port, no scheme", ticketEvidence, "tickets.example.org:443/browse/SEC-4471", true},
		{"the default port with a leading zero", ticketEvidence, "tickets.example.org:0443/browse/SEC-4471", true},
		{"http's default port", ticketEvidence, "http://tickets.example.org:80/browse/SEC-4471", true},
		{"a dot segment", ticketEvidence, "https://tickets.example.org/browse/x/../SEC-4471", true},
		{"an escaped dot segment", ticketEvidence, "https://tickets.example.org/browse/%2e%2e/browse/SEC-4471", true},
		{"a single dot", ticketEvidence, "https://tickets.example.org/./browse/./SEC-4471", true},
		{"back-slashes", ticketEvidence, `https://tickets.example.org\browse\SEC-4471`, true},
		{"back-slashes after the scheme", ticketEvidence, `https:\\tickets.example.org\browse\SEC-4471`, true},
		{"relative to the scheme", ticketEvidence, "//TICKETS.example.org./browse/SEC-4471", true},
		{"the path alone", ticketEvidence, "/browse/SEC-4471", true},
		{"the path alone, back-slashes", ticketEvidence, `\browse\SEC-4471`, true},
		{"the path on another host", ticketEvidence, "https://mirror.example.net/browse/SEC-4471", true},
		{"a link after a sign", ticketEvidence, "url=tickets.example.org:443/browse/SEC-4471", true},
		{"a GitHub issue, the default port", "https://github.com/example/security/issues/12", "https://github.com:443/example/security/issues/12", true},
		{"a short path, the default port", adaEvidence, "https://distro.example.org:443/security", true},
		{"a short path, a dot segment", adaEvidence, "distro.example.org/x/../security", true},
		{"with its query and more", "https://tracker.example.org/show?id=4471", "https://tracker.example.org:443/./show?id=4471&lang=en", true},

		{"another ticket", ticketEvidence, "https://tickets.example.org:443/browse/SEC-4472", false},
		{"a longer path", ticketEvidence, "https://tickets.example.org:443/browse/SEC-4471/comments", false},
		{"another port", ticketEvidence, "https://tickets.example.org:8443/browse", false},
		{"the path's last segment alone", ticketEvidence, "SEC-4471", false},
		{"a short path on another host", adaEvidence, "https://other.example.net/security", false},
		{"a short path alone", adaEvidence, "/security", false},
		{"a longer short path", adaEvidence, "https://distro.example.org:443/security/advisories", false},
		{"another query", "https://tracker.example.org/show?id=4471", "https://tracker.example.org:443/show?id=4472", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkLink(t, tc.evidence, tc.link, tc.refused)
		})
	}
}

// linkCase is a text written in a kept file and a field, and whether
// the public build must refuse it as Ada's evidence.
type linkCase struct {
	name, evidence, link string
	refused              bool
}

// checkLinks runs checkLink for each case, in parallel.
func checkLinks(t *testing.T, cases []linkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkLink(t, tc.evidence, tc.link, tc.refused)
		})
	}
}

// checkLink builds the public roster with Ada's evidence as evidence
// and link written in a kept text file, as a kept page's href, and in
// Grace's affiliation, and checks that each is refused when refused
// says so, and built when not.
func checkLink(t *testing.T, evidence, link string, refused bool) {
	t.Helper()
	in := notedInput(t, true)
	in.File.Members[0].Vetting[0].Evidence = evidence
	for _, kept := range []string{"See " + link + ".", `<p><a href="` + link + `">ticket</a></p>`} {
		checkKept(t, in, kept, refused, "tickets.", "SEC-", "distro.", "tracker.")
	}
	in.File.Members[1].Affiliation = "Example Foundation " + link
	err := site.Build(filepath.Join(t.TempDir(), "site"), in)
	if got := err != nil && strings.Contains(err.Error(), "the affiliation of the member"); got != refused {
		t.Errorf("an affiliation of %q: got %v, want refused %v", link, err, refused)
	}
}

// TestATabOrLineBreakInsideAPrivateLink (s31-site2 finding 1): a browser
// drops ASCII tab, line feed and carriage return anywhere in a link, so
// an href holding one, written or as a character reference, opens the
// evidence and is refused; one that, joined, is another ticket is not.
func TestATabOrLineBreakInsideAPrivateLink(t *testing.T) {
	t.Parallel()
	const crbug = "https://crbug.com/1234567"
	checkLinks(t, []linkCase{
		{"&Tab; in the path", ticketEvidence, "https://tickets.example.org/browse/SEC-44&Tab;71", true},
		{"&NewLine; in a short path", crbug, "https://crbug.com/12345&NewLine;67", true},
		{"&#9; in a segment", ticketEvidence, "https://tickets.example.org/bro&#9;wse/SEC-4471", true},
		{"&#10; in a GitHub issue", "https://github.com/example/security/issues/12", "https://github.com/example/security/issues/1&#10;2", true},
		{"a tab written in the path", ticketEvidence, "https://tickets.example.org/browse/SEC-44\t71", true},
		{"a line feed written in the path", ticketEvidence, "https://tickets.example.org/browse/SEC-44\n71", true},
		{"a tab in the scheme and the path", ticketEvidence, "ht\ttps://tickets.example.org/browse/SEC-44\t71", true},
		{"&#9; in the host", crbug, "https://cr&#9;bug.com/1234567", true},
		{"&Tab; in a short path's host", adaEvidence, "https://distro.exa&Tab;mple.org/security", true},

		{"another ticket, joined", ticketEvidence, "https://tickets.example.org/browse/SEC-44&Tab;72", false},
		{"a longer number, joined", crbug, "https://crbug.com/12345&NewLine;678", false},
	})
}

// TestAOneSegmentPathIsPrivateOnlyAfterItsHost (s31-site2 finding 6): a
// path of one segment, however long, is any site's (a profile's handle
// is the same on GitHub, Keybase and GitLab, and the public roster
// shows a member's GitHub profile): private after its host alone.
func TestAOneSegmentPathIsPrivateOnlyAfterItsHost(t *testing.T) {
	t.Parallel()
	checkLinks(t, []linkCase{
		{"the profile, the default port", "https://keybase.io/ada-example", "https://keybase.io:443/ada-example", true},

		{"the handle on GitHub", "https://keybase.io/ada-example", "https://github.com/ada-example", false},
		{"the handle on GitHub, no scheme", "https://gitlab.com/ada-example", "github.com/ada-example", false},
		{"a long segment on another host", "https://issues.example.org/SEC-4471-ada", "https://mirror.example.net/SEC-4471-ada", false},
	})
}

// TestAPrivateLinksHostAsABrowserReadsIt (s31-site2 finding 3): a host
// is read as a browser's URL parser reads it: IDNA's full stops
// (U+3002), Unicode or punycode alike, and an IPv4 address in one
// number, hex, octal or fewer parts; another address is another host.
func TestAPrivateLinksHostAsABrowserReadsIt(t *testing.T) {
	t.Parallel()
	const (
		crbug = "https://crbug.com/1234567"
		idn   = "https://tïckets.example.org/SEC-4471"
		puny  = "https://xn--tckets-iwa.example.org/SEC-4471"
		ip    = "https://192.0.2.10/SEC-4471"
	)
	checkLinks(t, []linkCase{
		{"ideographic full stops", crbug, "https://crbug。com:443/1234567", true},
		{"ideographic full stops, a short path", adaEvidence, "https://distro。example。org:443/security", true},
		{"punycode for Unicode", idn, "https://xn--tckets-iwa.example.org:443/SEC-4471", true},
		{"Unicode for punycode", puny, "https://tïckets.example.org:443/SEC-4471", true},
		{"an address in one number", ip, "https://3221225994/SEC-4471", true},
		{"an address in hex", ip, "https://0xc0.0.2.10/SEC-4471", true},
		{"an address in three parts", ip, "https://192.0.522/SEC-4471", true},
		{"an address in octal", ip, "https://192.0.2.012/SEC-4471", true},

		{"another address in octal", ip, "https://192.0.2.010/SEC-4471", false},
		{"another address in one number", ip, "https://3221226058/SEC-4471", false},
		{"another host with a full stop", crbug, "https://crbug。net/1234567", false},
	})
}

// TestAPrivateLinksQueryInAnyOrder (s31-site2 findings 4 and 5): a
// link's query parameters are a set: another parameter before them
// opens the same ticket. A path private alone is private with its
// parameters: a script's path ("/secure/ViewIssue.jspa") without the
// ticket's id is any tracker's.
func TestAPrivateLinksQueryInAnyOrder(t *testing.T) {
	t.Parallel()
	const (
		tracker = "https://tracker.example.org/show?id=4471"
		jira    = "https://jira.example.org/secure/ViewIssue.jspa?id=10001"
	)
	checkLinks(t, []linkCase{
		{"a parameter before", tracker, "https://tracker.example.org/show?lang=en&id=4471", true},
		{"a parameter before, the default port", tracker, "https://tracker.example.org:443/show?lang=en&id=4471#c2", true},
		{"the path and query on another host", jira, "https://mirror.example.net/secure/ViewIssue.jspa?lang=en&id=10001", true},

		{"another id after a parameter", tracker, "https://tracker.example.org/show?lang=en&id=44710", false},
		{"no id", tracker, "https://tracker.example.org:443/show?lang=en", false},
		{"the script on another tracker", jira, "https://issues.apache.org/jira/secure/ViewIssue.jspa?id=5", false},
		{"the script without a query", jira, "https://issues.apache.org/jira/secure/ViewIssue.jspa", false},
		{"a bug on another Bugzilla", "https://bugzilla.redhat.com/show_bug.cgi?id=4471", "https://bugzilla.mozilla.org/show_bug.cgi?id=1", false},
	})
}

// TestTextAfterAPrivateLinkIsNotAnotherLink (s31-site2 finding 2): the
// text after a link's last segment is read as the link's unless it
// continues the segment (a letter or digit, or one of "-._~" before
// one): an em dash, CJK punctuation, a closing bracket, a trailing '_'
// or '~' end it for a reader, who sees the ticket, so a spelling only
// readLink catches (a port, a dot segment) is refused with any of them
// after it; "-2", ".pdf" and another digit make another page.
func TestTextAfterAPrivateLinkIsNotAnotherLink(t *testing.T) {
	t.Parallel()
	const crbug = "https://crbug.com/1234567"
	checkLinks(t, []linkCase{
		{"an em dash and a word", ticketEvidence, "tickets.example.org:443/browse/SEC-4471—vetting", true},
		{"an ideographic full stop, after CJK", ticketEvidence, "见tickets.example.org:443/browse/SEC-4471。", true},
		{"an ideographic comma", crbug, "https://crbug.com:443/1234567、", true},
		{"a corner bracket", "https://github.com/example/security/issues/12", "github.com:443/example/security/issues/12」", true},
		{"a dot segment and an em dash", "https://github.com/example/security/issues/12", "github.com/example/security/issues/x/../12—fixed", true},
		{"a trailing underscore", crbug, "crbug.com:443/1234567_", true},
		{"a trailing tilde", ticketEvidence, "tickets.example.org/x/../browse/SEC-4471~", true},
		{"after CJK without a space", crbug, "详见crbug.com:443/1234567", true},
		{"a site's root and a dash", "https://ada-lab.example.org", "ada-lab.example.org:443—home", true},
		{"a site's root in Unicode and a dash", "https://xn--tckets-iwa.example.org", "tïckets.example.org:443—home", true},
		{"a site's address in one number and a dash", "https://198.51.100.200", "https://3325256904—home", true},
		{"another address and a dash", "https://198.51.100.200", "https://3325256905—home", false},

		{"a hyphen and a digit", ticketEvidence, "tickets.example.org:443/browse/SEC-4471-2", false},
		{"a file's extension", ticketEvidence, "tickets.example.org:443/browse/SEC-4471.pdf", false},
		{"another digit", crbug, "https://crbug.com:443/12345678—see", false},
		{"an underscore and a word", crbug, "crbug.com:443/1234567_old", false},
	})
}
