package site_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/site"
)

// TestAKeptFileSplittingANoteIsRefused: a note is read across the
// markup that splits it, each tag as a gap (a line break, a paragraph's
// or a cell's end, two SVG text elements) and as none (a word split by
// a tag), across a CSS content string and the text beside it, with its
// letters spaced out or look-alike, and the evidence with a fragment or
// a query after it (the same page). A note of two long words is
// private too. A note's words in part, a longer link, and a short note
// of two words are still kept.
func TestAKeptFileSplittingANoteIsRefused(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, kept string
		refused    bool
	}{
		{"split by a line break", "<p>Founding maintainer; release<br>manager since 2019.</p>", true},
		{"split by paragraphs", "<p>Founding maintainer; release</p><p>manager since 2019.</p>", true},
		{"split by table cells", "<table><tr><td>Founding maintainer; release</td><td>manager since 2019.</td></tr></table>", true},
		{"split by SVG text elements", `<svg xmlns="http://www.w3.org/2000/svg"><text y="10">Founding maintainer; release</text><text y="30">manager since 2019.</text></svg>`, true},
		{"a word split by tags", "<svg><text><tspan>Founding maint</tspan><tspan>ainer; release manager since 2019.</tspan></text></svg>", true},
		{"the end made by CSS content after", `<style>p::after{content:"manager since 2019."}</style><p>Founding maintainer; release </p>`, true},
		{"the start made by CSS content before, elsewhere", `<p>Intro.</p><div>release manager since 2019.</div><style>div::before { CONTENT: 'Founding ' "maintainer;" }</style>`, true},
		{"a Cyrillic o", "F\u043eunding maintainer; release manager since 2019.", true},
		{"letters spaced out", "F o u n d i n g  m a i n t a i n e r ;  r e l e a s e  m a n a g e r  s i n c e  2 0 1 9", true},
		{"a word spaced out", "F o u n d i n g maintainer; release manager since 2019", true},
		{"the evidence with a fragment", "see https://distro.example.org/security#contacts", true},
		{"the evidence with a query", "see https://distro.example.org/security?x=1", true},
		{"the evidence with a slash and a fragment", "see distro.example.org/security/#top", true},
		{"a note of two long words", "Passport-checked, interviewed-by-phone", true},

		{"part of the note, split", "<p>Founding maintainer</p><p>release notes</p>", false},
		{"CSS content of other words", `<style>p::after{content:"notes since 2019."}</style><p>Founding maintainer; release </p>`, false},
		{"a longer link", "see https://distro.example.org/security/advisories#top", false},
		{"a short note of two words", "Checked personally.", false},
		{"words spaced out that are no note", "M a i n t a i n e r  o f  n o t h i n g", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := notedInput(t, true)
			in.File.Members[1].Vetting[0].Note = "Passport-checked, interviewed-by-phone"
			in.File.Members[2].Vetting[0].Note = "Checked personally."
			checkKept(t, in, tc.kept, tc.refused, "aintainer", "distro.", "assport")
		})
	}
}

// TestAPublicRowSplittingANoteIsRefused: a note split between the
// cells of one row (a member's name and affiliation, the handle between
// them or not), or quoted with a look-alike letter, is refused as a
// field quoting it is, named by the member's line, the note unquoted.
func TestAPublicRowSplittingANoteIsRefused(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		set  func(in site.Input)
	}{
		{"name and affiliation, no handle", func(in site.Input) {
			m := in.File.Members[1]
			m.GitHub, m.Name, m.Affiliation = "", "Grace Hopper, Founding maintainer; release", "manager since 2019."
		}},
		{"name, handle and affiliation", func(in site.Input) {
			m := in.File.Members[1]
			m.Name, m.Affiliation = "Grace, Founding maintainer; release", "manager since 2019."
			m.GitHub = "grace"
			in.File.Members[0].Vetting[0].Note = "Founding maintainer; release grace manager since 2019."
		}},
		{"a Cyrillic o in the affiliation", func(in site.Input) {
			in.File.Members[1].Affiliation = "Example (F\u043eunding maintainer; release manager since 2019)"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := notedInput(t, true)
			tc.set(in)
			err := site.Build(filepath.Join(t.TempDir(), "site"), in)
			if err == nil || !strings.Contains(err.Error(), "of the member at members.toml:42 quotes the text of a vetting note or evidence") {
				t.Errorf("got %v, want the member at members.toml:42 refused", err)
			}
			if err != nil && strings.Contains(strings.ToLower(err.Error()), "maintainer") {
				t.Errorf("the refusal quotes the note: %v", err)
			}
		})
	}
}
