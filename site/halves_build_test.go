package site_test

import (
	"html"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/site"
)

// TestHalvesAcrossAListsIDAndDescription: the halves of an address in a
// list's id and its description, which the index sets side by side
// ("jane_doe" beside "(zorbix dot io)"), are never shown together on a
// page (the later one is hidden, as for fields read across); an
// ordinary id beside a description naming a domain shows both.
func TestHalvesAcrossAListsIDAndDescription(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		id, description string
		hidden          bool
	}{
		{"jane_doe", "(zorbix dot io)", true},
		{"dana_whit", "Mailbox host zorbix.io", true},
		{"security-reports", "Security reports for zorbix.io", false},
	} {
		in := renamedList(t, "security-reports", tc.id)
		in.File.List(tc.id).Description = tc.description
		dir := filepath.Join(t.TempDir(), "public")
		if err := site.Build(dir, in); err != nil {
			t.Fatal(err)
		}
		shown := false
		for _, data := range readSite(t, dir) {
			page := html.UnescapeString(string(data))
			shown = shown || strings.Contains(page, tc.id) && strings.Contains(page, "zorbix")
		}
		if shown == tc.hidden {
			t.Errorf("list %q beside %q: shown %v, want hidden %v", tc.id, tc.description, shown, tc.hidden)
		}
	}
}
