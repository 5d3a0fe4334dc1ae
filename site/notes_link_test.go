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
			in := notedInput(t, true)
			in.File.Members[0].Vetting[0].Evidence = tc.evidence
			for _, kept := range []string{"See " + tc.link + ".", `<p><a href="` + tc.link + `">ticket</a></p>`} {
				checkKept(t, in, kept, tc.refused, "tickets.", "SEC-", "distro.", "tracker.")
			}
			in.File.Members[1].Affiliation = "Example Foundation " + tc.link
			err := site.Build(filepath.Join(t.TempDir(), "site"), in)
			if refused := err != nil && strings.Contains(err.Error(), "the affiliation of the member"); refused != tc.refused {
				t.Errorf("an affiliation of %q: got %v, want refused %v", tc.link, err, tc.refused)
			}
		})
	}
}
