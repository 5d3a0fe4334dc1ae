package site_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/site"
)

// TestAListsAddressWithADotForItsSignAgreesInEveryField (s31-site
// finding 3): a list's own address written with a dot for its '@'
// ("js1.example.org" of js1@example.org, a local part no word has) is
// hidden as a policy's id, as a list's description and as a member's
// affiliation alike; one whose local part is a plain word
// ("cve.example.org") is a host's name, shown in all three.
func TestAListsAddressWithADotForItsSignAgreesInEveryField(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		local string
		shown bool
	}{{"js1", false}, {"l0", false}, {"cve", true}} {
		dotted := tc.local + ".example.org"
		for field, set := range map[string]func(in site.Input){
			"policy": func(in site.Input) {
				for i := range in.File.Policies {
					if in.File.Policies[i].ID == in.File.Lists[0].Policy {
						in.File.Policies[i].ID = dotted
					}
				}
				in.File.Lists[0].Policy = dotted
			},
			"description": func(in site.Input) { in.File.Lists[0].Description = dotted },
			"affiliation": func(in site.Input) { in.File.Members[0].Affiliation = dotted },
		} {
			t.Run(tc.local+" as "+field, func(t *testing.T) {
				t.Parallel()
				in := smallInput(t, true)
				in.File.Lists[0].Address = tc.local + "@example.org"
				set(in)
				shown := false
				for _, data := range build(t, in) {
					shown = shown || strings.Contains(string(data), dotted)
				}
				if shown != tc.shown {
					t.Errorf("%s as %s: shown %v, want %v", dotted, field, shown, tc.shown)
				}
			})
		}
	}
}
