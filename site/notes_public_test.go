package site_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/site"
)

// TestEvidenceThePublicRosterShowsAnywayIsNotPrivate: evidence that is
// the member's own GitHub profile, or a repository or a site's root a
// shown list's description writes, is a link the public roster
// publishes anyway: a field or a kept file quoting it is built.
// Another's profile, a root no description names (a member's field
// does not make it public: a page may hide that field as an address),
// and a link with a path, in a member's field or a description (a
// record's ticket pasted there), are still private.
func TestEvidenceThePublicRosterShowsAnywayIsNotPrivate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, evidence string
		set            func(in site.Input)
		kept           string
		built          bool
	}{
		{"the member's own profile", "https://github.com/ada-example", func(in site.Input) {
			in.File.Members[0].Affiliation = "Independent (github.com/ada-example)"
		}, "", true},
		{"a link a list's description writes", "https://github.com/example/project", func(in site.Input) {
			in.File.Lists[0].Description = "Private reports for github.com/example/project"
		}, "see https://github.com/example/project", true},
		{"a homepage a list's description names", "https://www.example-project.org", func(in site.Input) {
			in.File.Lists[0].Description = "Reports for the Example project (www.example-project.org)"
		}, "see www.example-project.org", true},

		{"another member's profile", "https://github.com/grace-example", func(in site.Input) {
			in.File.Members[0].Affiliation = "Independent (github.com/grace-example)"
		}, "", false},
		{"a homepage no field names", "https://www.example-project.org", func(site.Input) {}, "see www.example-project.org", false},
		{"a link with a path in another member's affiliation", "https://www.example-project.org/people", func(in site.Input) {
			in.File.Members[1].Affiliation = "Example Foundation; www.example-project.org/people"
		}, "", false},
		{"a homepage only a member's affiliation names", "https://www.example-project.org", func(in site.Input) {
			in.File.Members[1].Affiliation = "Example Foundation; packager for www.example-project.org"
		}, "", false},
		{"a ticket a list's description writes", "https://tickets.example.org/vetting/ada-2026", func(in site.Input) {
			in.File.Lists[0].Description = "Private reports (tickets.example.org/vetting/ada-2026)"
		}, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := notedInput(t, true)
			in.File.Members[0].Vetting[0].Evidence = tc.evidence
			tc.set(in)
			out := filepath.Join(t.TempDir(), "site")
			err := site.Build(out, in)
			if tc.kept != "" && err == nil {
				writeTestFile(t, filepath.Join(out, "extra.txt"), []byte(tc.kept))
				err = site.Build(out, in)
			}
			if built := err == nil; built != tc.built {
				t.Errorf("got %v, want built %v", err, tc.built)
			}
			if err != nil && !strings.Contains(err.Error(), "vetting note or evidence") {
				t.Errorf("refused for another reason: %v", err)
			}
			if err != nil && (strings.Contains(err.Error(), "github.com") || strings.Contains(err.Error(), "example-project")) {
				t.Errorf("the refusal quotes the evidence: %v", err)
			}
		})
	}
}
