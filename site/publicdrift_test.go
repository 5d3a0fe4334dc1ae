package site_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/site"
)

// TestPublicDriftNamesAsTheTablesDo: a line of drift on the public
// roster names the member it is about as the tables do, by name or
// handle, and hides whom the tables hide ("jane.doe" beside "(gmail dot
// com)" is an address in halves): who is hidden is hidden on every page.
func TestPublicDriftNamesAsTheTablesDo(t *testing.T) {
	t.Parallel()
	f, err := members.Parse("members.toml", []byte(`schema = 1
[lists.l]
address = "l@example.org"
policy = "p"
[policies.p]
vetting_methods = ["video-call"]
[[member]]
email = "ada@example.org"
name = "Ada Example"
lists = { l = "owner" }
[[member]]
email = "jd@example.org"
name = "jane.doe"
affiliation = "(gmail dot com)"
lists = { l = "member" }
[[member]]
email = "gh@example.org"
github = "grace-x"
lists = { l = "member" }
[[member]]
email = "sam@example.org"
name = "Secret Sam"
lists = { priv = "member" }
[[member]]
email = "nolist@example.org"
name = "Nora Nolist"
[lists.priv]
address = "priv@example.org"
policy = "p"
`))
	if err != nil {
		t.Fatal(err)
	}
	drift := func(email string) site.Drift {
		return site.Drift{List: "l", Email: email, Text: email + " is in the file, not yet on the group"}
	}
	in := site.Input{File: f, Today: dayRef("2026-04-01"), Public: true, Live: &site.Live{
		Read: time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC),
		Drift: []site.Drift{drift("ada@example.org"), drift("jd@example.org"), drift("gh@example.org"), drift("walkin@example.org"), drift("sam@example.org"), drift("nolist@example.org"),
			{List: "l", Email: "Ada+x@example.org", Text: "Ada+x@example.org is on the group as member, not on this list in the file"}},
	}, Lists: []string{"l"}}
	dir := filepath.Join(t.TempDir(), "public")
	if err := site.Build(dir, in); err != nil {
		t.Fatal(err)
	}
	page := string(readSite(t, dir)["list-l.html"])
	// Another spelling of ada's mailbox is not ada, whom the table
	// lists on l: it is said to be another address of hers.
	for _, want := range []string{"Ada Example is in the file", "grace-x is in the file", "[address hidden] is in the file", "another address of Ada Example is on the group"} {
		if !strings.Contains(page, want) {
			t.Errorf("the drift does not say %q", want)
		}
	}
	// Nor whom no table of the site shows: on a list left out (--list),
	// or on none.
	for _, unshown := range []string{"jane.doe", "Secret Sam", "Nora Nolist"} {
		if strings.Contains(page, unshown) {
			t.Errorf("the drift names %s, whom the tables do not show:\n%s", unshown, page)
		}
	}
}
