package site_test

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/internal/shipped"
	"github.com/roster-dev/roster/members"
)

// TestPublicReadsBlanksAsAReaderDoes: a field whose words an invisible
// character or a blank no expression knows sets apart (a page shows
// the first as its escape, "\u200b", which a reader reads as a gap) is
// hidden in every field that takes it, and the build succeeds.
func TestPublicReadsBlanksAsAReaderDoes(t *testing.T) {
	t.Parallel()
	in := smallInput(t, true)
	var spelled []string
	for _, b := range []string{"\u200b", "\u00ad", "\u2060", "\ufeff", "\u180e", "\u2800", "\u1680"} {
		spelled = append(spelled, "jane.doe"+b+"at"+b+"zorbix"+b+"dot"+b+"com", "jdoe1"+b+"gmail.com")
	}
	addPeople(&in, "blank", spelled, func(m *members.Member, v string) { m.Affiliation = v })
	addPeople(&in, "named", spelled, func(m *members.Member, v string) { m.Name = v })
	in.File.Lists[0].Description = spelled[0]
	for name, data := range build(t, in) {
		text := strings.ToLower(html.UnescapeString(string(data)))
		for _, part := range []string{"zorbix", "jdoe1"} {
			if i := strings.Index(text, part); i >= 0 {
				t.Errorf("%s shows %q", name, text[max(0, i-16):min(len(text), i+24)])
			}
		}
	}
}

// TestPublicReadsARowsCellsTogether: a row's cells read on from one to
// the next (s15-22): a member's name, handle and affiliation that hold
// one of the file's addresses, its local part as only a mailbox writes
// it beside its domain, or an address whose '@' is a word in one cell
// and whose domain's labels are split across the next; a list's id and
// its description. Each is hidden, on every page, and the build
// succeeds; a name beside an employer stays.
func TestPublicReadsARowsCellsTogether(t *testing.T) {
	t.Parallel()
	own := string(shipped.Example(t))
	for _, c := range []struct {
		name, edit, old, new string
		gone                 []string
	}{
		{"name beside affiliation", "", `name = "Dana Whitfield"` + "\naffiliation = \"Example Linux Distribution\"",
			`name = "dana.whitfield"` + "\naffiliation = \"example.org\"", []string{"dana.whitfield"}},
		{"an at and split labels", "", `name = "Dana Whitfield"` + "\naffiliation = \"Example Linux Distribution\"",
			`name = "jane.doe at"` + "\ngithub = \"zorbix\"\naffiliation = \"io\"", []string{"jane.doe", "zorbix"}},
		{"an id's at", "", `name = "Dana Whitfield"` + "\naffiliation = \"Example Linux Distribution\"",
			`name = "jdoe1"` + "\ngithub = \"at-zorbix\"\naffiliation = \"io\"", []string{"jdoe1", "zorbix"}},
		{"a list's id and description", `description = "Advance warning of fixes, for distributors and vendors"`,
			"[lists.advance-warning]", "[lists.security-announce]", []string{"security-announce"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			edited := strings.Replace(own, c.old, c.new, 1)
			if c.edit != "" {
				edited = strings.NewReplacer(c.edit, `description = "example.org"`, "advance-warning = ", "security-announce = ").Replace(edited)
			}
			if edited == own {
				t.Fatal("the example changed: nothing was replaced")
			}
			r := historytest.New(t)
			r.Commit("members.toml", edited, "Cells")
			in := fromHistory(t, r, "", "2026-04-01")
			in.Public = true
			for name, data := range build(t, in) {
				text := strings.ToLower(html.UnescapeString(string(data)))
				for _, part := range c.gone {
					if strings.Contains(text, part) || strings.Contains(name, part) {
						t.Errorf("%s shows %q", name, part)
					}
				}
			}
		})
	}
}

// TestPublicHidesTheSpellingsStillOpen: s15-22's list of spellings left
// from earlier rounds, each in an affiliation and a name of its own
// member, is hidden on every page of one build, and the build succeeds.
func TestPublicHidesTheSpellingsStillOpen(t *testing.T) {
	t.Parallel()
	in := smallInput(t, true)
	spelled := []string{"jane.doe at zorbix. io", "jdoe at zorbix - io", "jdoe at zorbix (io)", "email jdoe, zorbix.io",
		"jdoe snail zorbix.io", "<jane.doe zorbix.io>", "jdoeatzorbixdotcom", "liamg ta eod.enaj", "jdoeαzorbix.io"}
	addPeople(&in, "open", spelled, func(m *members.Member, v string) { m.Affiliation = v })
	addPeople(&in, "named", spelled, func(m *members.Member, v string) { m.Name = v })
	for name, data := range build(t, in) {
		text := strings.ToLower(html.UnescapeString(string(data)))
		for _, part := range []string{"zorbix", "jdoe", "eod.enaj"} {
			if i := strings.Index(text, part); i >= 0 {
				t.Errorf("%s shows %q", name, text[max(0, i-16):min(len(text), i+24)])
			}
		}
	}
}

// TestPublicDropsTagCharacters: tag characters are invisible, and a page
// would show each escaped, their codes spelling ASCII (U+E006A is "j"):
// an address among them (s16-22 item 5). A public page drops them; the
// auditor's page shows them escaped, as every invisible is.
func TestPublicDropsTagCharacters(t *testing.T) {
	t.Parallel()
	var tagged strings.Builder
	tagged.WriteString("Acme")
	for _, c := range "jane.doe@zorbix.io" {
		tagged.WriteRune(0xE0000 + c)
	}
	// And the variation selectors past the BMP, whose escapes' last
	// digits spell bytes too (s16-22c item 5).
	for _, c := range "jane.doe@zorbix.io" {
		tagged.WriteRune(0xE0100 + c - 0x20)
	}
	for _, public := range []bool{true, false} {
		in := smallInput(t, public)
		addPeople(&in, "tagged", []string{tagged.String()}, func(m *members.Member, v string) { m.Affiliation = v })
		shown := false
		for name, data := range build(t, in) {
			text := string(data)
			escaped := strings.Contains(text, `\udb40\udc6a`) || strings.Contains(text, `\udb40\udd`)
			shown = shown || escaped
			if public && (escaped || strings.ContainsRune(text, 0xE006A)) {
				t.Errorf("public %s shows the tag characters", name)
			}
		}
		if !public && !shown {
			t.Errorf("the auditor's site does not show the tag characters escaped")
		}
	}
}

// TestPublicReadsRowsPastThePagesOwnWords: a row that ends "jane.doe at"
// and the next that starts "zorbix.io", a role word of the page's
// between them, spell jane.doe@zorbix.io to a reader, who skips the
// page's words (s16-22 item 3): the later is hidden, on every page that
// shows the two rows, whatever domain it is.
func TestPublicReadsRowsPastThePagesOwnWords(t *testing.T) {
	t.Parallel()
	in := smallInput(t, true)
	addPeople(&in, "zz-a", []string{"jane.doe at"}, func(m *members.Member, v string) { m.Name, m.GitHub, m.Affiliation = "Zed Zorro", "zz1", v })
	addPeople(&in, "zz-b", []string{"zorbix.io"}, func(m *members.Member, v string) { m.Name, m.GitHub, m.Affiliation = v, "zz2", "Acme" })
	tags := regexp.MustCompile(`<[^>]*>`)
	readOn := regexp.MustCompile(`jane\.doe at.{0,60}`) // what a reader reads after the first half
	for name, data := range build(t, in) {
		// The page as a reader reads it: its text, run on.
		text := strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(string(data), " "))), " ")
		for _, after := range readOn.FindAllString(text, -1) {
			if strings.Contains(after, "zorbix") {
				t.Errorf("%s reads on from one row into the next: %q", name, after)
			}
		}
	}
}

// TestPublicReadsADescriptionIntoItsPolicy: a list page's paragraph
// under the heading, then its policy's line: "Reports to jane.doe at"
// over "Policy zorbix.io" reads on (s16-22 item 4); the policy is hidden.
func TestPublicReadsADescriptionIntoItsPolicy(t *testing.T) {
	t.Parallel()
	in := smallInput(t, true)
	l := in.File.Lists[0]
	p := *in.File.PolicyOf(l)
	p.ID = "zorbix.io"
	in.File.Policies = append(in.File.Policies, &p)
	l.Policy, l.Description = p.ID, "Reports to jane.doe at"
	in.File.Index()
	for name, data := range build(t, in) {
		if strings.Contains(string(data), "zorbix") {
			t.Errorf("%s shows the policy after the description", name)
		}
	}
}

// TestPublicReadsAHeadingIntoItsPolicy: a list with no description has
// its policy's line right under its heading: "jane.doe-at" over
// "Policy zorbix.io" reads on as a description would; the policy is
// hidden.
func TestPublicReadsAHeadingIntoItsPolicy(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("testdata", "small", "members.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, ids := range [][2]string{{"jane.doe-at", "zorbix.io"}, {"jdoe1-at", "proton.me"}} {
		text := strings.NewReplacer("security-reports", `"`+ids[0]+`"`, `"receivers"`, `"`+ids[1]+`"`, "[policies.receivers]", `[policies."`+ids[1]+`"]`,
			"description = \"Private vulnerability reports\"\n", "").Replace(string(data))
		f, err := members.Parse("members.toml", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		in := smallInput(t, true)
		in.File, in.Events = f, nil
		for name, page := range build(t, in) {
			if strings.Contains(string(page), strings.Split(ids[1], ".")[0]) {
				t.Errorf("%s shows policy %s under heading %s", name, ids[1], ids[0])
			}
		}
	}
}
