package site_test

import (
	"html"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/site"
)

// spelledForms are addresses spelled as an attacker spelled them to get
// past the public roster: title case, "at the rate" (in Hindi too), a
// dot word run into its ending, other languages' words, signs drawn as
// a dot, an 'a' in a circle for the '@', ids' underscores and hyphens.
// Each spells an address at example.com the file holds, or none it
// holds (jo's), for the heuristic alone to hide.
var spelledForms = []string{
	"Jo At Example Dot Com", "jo at example Dot Com", "chen at the rate example dot com", "chen atTheRate example dot com",
	"chen attherate example dot com", "chen \u090f\u091f \u0926 \u0930\u0947\u091f example \u0921\u0949\u091f \u0915\u0949\u092e",
	"dana at example dotcom", "dana at example dotorg", "dana at example dotnet",
	"jo \u30a2\u30c3\u30c8 example \u30c9\u30c3\u30c8 com", "jo \uc573 example \ub2f7 com", "jo \u0e41\u0e2d\u0e17 example \u0e14\u0e2d\u0e17 com",
	"jo at example \u05e0\u05e7\u05d5\u05d3\u05d4 com", "jo eta example ta\u0161kas lt",
	"jo at example\u00b0com", "jo at example\u25c9com", "jo at example\u2b58com", "jo at example\u25abcom", "jo at example\u2056com",
	"jo at example\U00010101com", "jo at example\u0f0bcom", "jo at example\u10fbcom", "jo at example\ua4fecom",
	"jo \u0430\u20dd example.com", "jo \u03b1\u20dd example.com", "jo a\u20df example.com", "jo\u237aexample.com", "jo\u1d43example.com",
	"jo_at_example_dotcom", "Jo-At-Example-Dot-Com", "jo-at-example-dotcom", "Jo_At_Example_Dot_Com",
	// Spellings no rule of the heuristic names, of addresses the file
	// holds: the known-address reading hides them.
	"chen klammeraffe example com", "chen qqq example zz com", "dana whitfield \u2234 example \u2234 org",
	// Look-alike letters of other scripts, a bar for an 'l', digits
	// for letters.
	"dana.\u051dhitfield \u00aba\u00bb example.org", "dana.whitfie|d a/t example.org", "da\u0578a.w\u0570itfield q example.org",
	"dana.wh1tf13ld qq 3xampl3.0rg",
}

// validHandle is what the file's parser takes as a GitHub handle.
var validHandle = regexp.MustCompile(`^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$`)

// TestPublicHidesEverySpelledForm builds, for each form, the public
// roster of a file with the form in every field a pull request writes
// that takes it (a list's id, description and policy, a member's name,
// handle and affiliation) and an address split across a member's name,
// handle and affiliation, and checks that no page shows any of it, nor
// a file name or a link holds it; and that ordinary names and
// descriptions show.
func TestPublicHidesEverySpelledForm(t *testing.T) {
	// Long, and independent of the rest: run beside them.
	t.Parallel()
	q := strconv.Quote
	var mu sync.Mutex
	ids := 0
	// A few forms a build, each in a list and a member of its own: a
	// build is mostly its pages' check, whatever the fields, and a
	// build a form made this test the package's longest under -race.
	const perBuild = 4
	for first := 0; first < len(spelledForms); first += perBuild {
		batch := spelledForms[first:min(first+perBuild, len(spelledForms))]
		t.Run(strconv.Itoa(first), func(t *testing.T) {
			t.Parallel()
			var lists, policies, people strings.Builder
			for k, form := range batch {
				// An id has no spaces: the form's words joined as an id's
				// are, when the parser takes them.
				id, github := strings.ReplaceAll(form, " ", "_"), "chen-li"
				if len(form) <= 39 && validHandle.MatchString(form) {
					github = form
				}
				entry := func(id string) (string, string, string) {
					n := strconv.Itoa(k)
					return "[lists." + q(id) + "]\naddress = \"chen" + n + "@example.com\"\npolicy = " + q(id) + "\ndescription = " + q(form) + "\n\n",
						"[policies." + q(id) + "]\nvetting_methods = [\"video-call\"]\n\n",
						"[[member]]\nemail = \"chen" + n + "@example.com\"\nname = " + q(form) + "\ngithub = " + q(github) + "\naffiliation = " + q(form) +
							"\nlists = { " + q(id) + " = \"owner\", security = \"owner\" }\n\n"
				}
				l, p, m := entry(id)
				if _, err := members.Parse("members.toml", []byte("schema = 1\n\n"+l+p)); err != nil {
					l, p, m = entry("reports" + strconv.Itoa(k))
				} else {
					mu.Lock()
					ids++
					mu.Unlock()
				}
				lists.WriteString(l)
				policies.WriteString(p)
				people.WriteString(m)
			}
			file := "schema = 1\n\n" + lists.String() +
				"[lists.security]\naddress = \"security@example.org\"\npolicy = \"p\"\ndescription = \"Security reports for example.org\"\n\n" +
				policies.String() + "[policies.p]\nvetting_methods = [\"video-call\"]\n\n" + people.String() +
				"[[member]]\nemail = \"dana.whitfield@example.org\"\nname = \"Dana Whitfield\"\ngithub = \"dwhitfield\"\naffiliation = \"Example.org\"\nlists = { security = \"member\" }\n\n" +
				"[[member]]\nemail = \"elif.demir@example.org\"\nname = \"elif.demir\"\ngithub = \"at\"\naffiliation = \"example.org\"\nlists = { security = \"member\" }\n\n" +
				"[[member]]\nemail = \"dana@example.com\"\nname = \"dana.whitfield at\"\naffiliation = \"example.org\"\nlists = { security = \"member\" }\n\n" +
				"[[member]]\nemail = \"chen.li@example.net\"\nname = \"Chen Li\"\naffiliation = \"Blue Dot Security\"\nlists = { security = \"member\" }\n"
			f, err := members.Parse("members.toml", []byte(file))
			if err != nil {
				t.Fatalf("%q: %v", batch, err)
			}
			dir := filepath.Join(t.TempDir(), "public")
			if err := site.Build(dir, site.Input{File: f, Today: dayRef("2026-04-01"), Public: true}); err != nil {
				t.Fatalf("%q: %v", batch, err)
			}
			files := readSite(t, dir)
			all := ""
			for name, data := range files {
				if strings.Contains(strings.ToLower(name), "example") {
					t.Errorf("the public roster has a file named %s", name)
				}
				text := html.UnescapeString(string(data))
				for _, form := range batch {
					for _, s := range []string{form, strings.ReplaceAll(form, " ", "_")} {
						if strings.Contains(text, s) {
							t.Errorf("%s shows %q", name, s)
						}
					}
				}
				for _, s := range []string{"elif.demir", "dana.whitfield at"} {
					if strings.Contains(text, s) {
						t.Errorf("%s shows %q", name, s)
					}
				}
				for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(text, -1) {
					if strings.Contains(strings.ToLower(m[1]), "example") {
						t.Errorf("%s links to %s", name, m[1])
					}
				}
				all += text
			}
			// Not vacuous: the rest of the file shows.
			for _, want := range []string{"Security reports for example.org", "Dana Whitfield", "dwhitfield", "Example.org", "Chen Li", "Blue Dot Security", "[address hidden]"} {
				if !strings.Contains(all, want) {
					t.Errorf("%q: the public roster does not show %q", batch, want)
				}
			}
		})
	}
	t.Cleanup(func() {
		if ids < 10 {
			t.Errorf("only %d forms are ids: the input is not what this test means", ids)
		}
	})
}
