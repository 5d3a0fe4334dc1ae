package site_test

import (
	"context"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/site"
)

// emailLike matches an email address in any file of a site, however it is
// written: its '@' as itself, a full-width or small '@', an HTML entity
// (decimal, hexadecimal, named), URL-encoded or escaped for JavaScript.
var emailLike = regexp.MustCompile(`(?i)[\p{L}\p{N}._%+!#$&'*/=?^{|}~\-]*(?:@|＠|﹫|&#0*64;?|&#x0*40;?|&commat;|%40|\\u0040|\\x40)[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+`)

// leakyFile is a members file with an address in every field that can
// hold one.
func leakyFile(extra string) string {
	return `schema = 1

[lists.security-reports]
address = "security@example.org"
policy = "receivers"
description = "Write to security@example.org (or SECURITY＠example.org, security%40example.org, security&#64;example.org)"

[lists.advance-warning]
address = "announce@example.org"
policy = "receivers"
description = "<announce@example.org>"

[policies.receivers]
max_members = 10
vetting_methods = ["video-call"]
vetted_by = "member"
vetting_valid_for = "365d"

[[member]]
email = "ada@example.org"
name = "Ada Example <ada@example.org>"
github = "ada-example"
affiliation = "ada.example@gmail.com's employer"
lists = { security-reports = "owner", advance-warning = "owner" }

  [[member.vetting]]
  by = "grace@example.org"
  on = 2026-03-01
  method = "video-call"
  note = "Called ada@example.org; cc grace&#64;example.org"
  evidence = "mailto:ada@example.org?cc=grace%40example.org"

[[member]]
email = "grace@example.org"
name = "grace@example.org"
affiliation = "Example"
lists = { security-reports = "owner", advance-warning = "owner" }

  [[member.vetting]]
  by = "ada@example.org"
  on = 2026-03-01
  method = "video-call"
  note = "Vetted by ada@example.org"

[[member]]
email = "nobody@example.net"
lists = { advance-warning = "member" }

  [[member.vetting]]
  by = "grace@example.org"
  on = 2025-05-01
  method = "video-call"
  note = "nobody@example.net, checked"
` + extra
}

const leakyBob = `
[[member]]
email = "bob@example.org"
name = "Bob"
lists = { security-reports = "member" }

  [[member.vetting]]
  by = "ADA@EXAMPLE.ORG"
  on = 2026-03-02
  method = "video-call"
  note = "bob@example.org, via +1 555 0100"
`

// TestPublicHasNoAddress builds the public site of a git history whose
// members, subjects, authors, notes and drift are full of addresses, and
// fails on any address-like string in any byte of any file.
func TestPublicHasNoAddress(t *testing.T) {
	t.Parallel()
	repo := historytest.New(t)
	repo.Git("config", "user.name", "eve@example.org")
	repo.Commit("members.toml", leakyFile(""), "Create the lists for security@example.org")
	repo.Git("config", "user.name", "Mallory mallory%40evil.example")
	repo.Commit("members.toml", leakyFile(leakyBob), "Add bob@example.org (#12)")
	repo.Git("config", "user.name", "Trent <trent＠example.org>")
	repo.Commit("members.toml", leakyFile(""), "Remove bob&#64;example.org, who asked ada@example.org (#13)")
	repo.Git("config", "user.name", "Maintainer")
	repo.Commit("members.toml", leakyFile(leakyBob), "Merge pull request #14 from bob@example.org/readd")

	events, problems, err := history.History(context.Background(), repo.Dir, "members.toml", history.Options{})
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	data, err := os.ReadFile(filepath.Join(repo.Dir, "members.toml"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := members.Parse("members.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	in := site.Input{File: f, Events: events, Today: dayRef("2026-04-01"), Public: true, Live: &site.Live{
		Read: time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC),
		Drift: []site.Drift{
			{List: "security-reports", Text: "mallory@evil.example added as member", Who: "admin@example.org", When: time.Date(2026, 3, 30, 9, 0, 0, 0, time.UTC)},
			{List: "old@example.org", Text: "group old@example.org is not in the file", Who: "Admin <admin@example.org>"},
		},
	}}

	// The private site of the same input does show the addresses: the
	// test would catch them.
	private := in
	private.Public = false
	privDir := filepath.Join(t.TempDir(), "private")
	if err := site.Build(privDir, private); err != nil {
		t.Fatal(err)
	}
	if n := countMatches(readSite(t, privDir)); n < 20 {
		t.Fatalf("the private site shows only %d addresses; the input is not what this test means", n)
	}

	dir := filepath.Join(t.TempDir(), "public")
	if err := site.Build(dir, in); err != nil {
		t.Fatal(err)
	}
	files := readSite(t, dir)
	for name, data := range files {
		if m := emailLike.Find([]byte(name)); m != nil {
			t.Errorf("file name %s holds %q", name, m)
		}
		for _, loc := range emailLike.FindAllIndex(data, -1) {
			line := 1 + strings.Count(string(data[:loc[0]]), "\n")
			t.Errorf("%s:%d: %q", name, line, data[loc[0]:loc[1]])
		}
		for _, word := range []string{"Called", "via +1 555", "mailto", "video-call", "2026-03-01", "2025-05-01"} {
			if strings.Contains(string(data), word) {
				t.Errorf("%s shows %q, a vetting detail", name, word)
			}
		}
	}
	// Not vacuous: the people are there, by what may be shown.
	page := string(files["list-advance-warning.html"])
	for _, want := range []string{"ada-example", "anonymous member", "[address hidden]", "#14"} {
		if !strings.Contains(page+string(files["list-security-reports.html"]), want) {
			t.Errorf("the public pages do not show %q", want)
		}
	}
	// Nor who wrote each commit: a name its writer typed, which may be
	// anything.
	for name, data := range files {
		if strings.Contains(string(data), "Maintainer") {
			t.Errorf("%s shows the commits' author name", name)
		}
	}
}

func countMatches(files map[string][]byte) int {
	n := 0
	for _, data := range files {
		n += len(emailLike.FindAllIndex(data, -1))
	}
	return n
}

// TestPublicHidesWhatASearchForAddressesMisses: an address written out of
// shape (alice[@]example.org, bob @ example.org, in brackets, with a
// full-width dot), a role an old version wrote as an address, and a
// commit's subject with a note in it: none reaches the public roster,
// whichever field carries it; the same input's private site shows them.
func TestPublicHidesWhatASearchForAddressesMisses(t *testing.T) {
	t.Parallel()
	shapes := []string{"alice[@]example.org", "bob @ example.org", "carol(at)example.org", "dave{@}example。org", "erin <@> example.org",
		`"gina"@example．org`, "(hal)@example｡org"}
	in := smallInput(t, true)
	for i, l := range in.File.Lists {
		l.Description = "write to " + shapes[i%len(shapes)]
	}
	for i, m := range in.File.Members {
		m.Affiliation = "Corp, mail " + shapes[(i+1)%len(shapes)]
		m.Name = "Name " + shapes[(i+2)%len(shapes)]
	}
	events := slices.Clone(in.Events)
	for i := range events {
		events[i].Subject = "Add them, vetted by video-call SECRETNOTE (#12)"
		events[i].Author = "Author " + shapes[i%len(shapes)]
		if events[i].Action == history.Added {
			events[i].Role = "frank@example.org"
		}
	}
	in.Events = events
	dir := filepath.Join(t.TempDir(), "public")
	if err := site.Build(dir, in); err != nil {
		t.Fatal(err)
	}
	for name, data := range readSite(t, dir) {
		text := html.UnescapeString(string(data))
		for _, s := range append(shapes, "SECRETNOTE", "frank@example.org", "example.org") {
			if strings.Contains(text, s) {
				t.Errorf("%s shows %q", name, s)
			}
		}
	}
	if page := html.UnescapeString(string(readSite(t, dir)["list-advance-warning.html"])); !strings.Contains(page, "(a role roster does not read)") {
		t.Errorf("the role written as an address is not named as such")
	}
	// Not vacuous: the private site of the same input shows them.
	private := in
	private.Public = false
	privDir := filepath.Join(t.TempDir(), "private")
	if err := site.Build(privDir, private); err != nil {
		t.Fatal(err)
	}
	all := ""
	for _, data := range readSite(t, privDir) {
		all += html.UnescapeString(string(data))
	}
	for _, s := range append(shapes, "SECRETNOTE") {
		if !strings.Contains(all, s) {
			t.Errorf("the private site does not show %q: the input is not what this test means", s)
		}
	}
}

// TestPublicPageNamesHideWhatTheIDsHide: a list whose id reads as an
// address has its id hidden on the public roster, and so are its page's
// file name and the links to it; the private site of the same file
// names the page by its id.
func TestPublicPageNamesHideWhatTheIDsHide(t *testing.T) {
	t.Parallel()
	href := regexp.MustCompile(`href="([^"]*)"`)
	for _, key := range []string{`jo_at_example_dot_org`, `"jo.at.example.org"`, `jo-at-example-dot-org`, `"jo_at_example.org"`, `"JO.AT.EXAMPLE.ORG"`,
		`jo_at_example_d_o_t_org`, `jo-at-example-com`, `jo_at_example_dotcom`, `Jo-At-Example-Dot-Com`, `jo-at-example-dotcom`,
		`Jo_At_Example_Dot_Com`, `chen-at-the-rate-example-dot-com`, `"jane.doe-at-example-com"`} {
		t.Run(key, func(t *testing.T) {
			// The id names a policy too, shown on the page of the list
			// that has it.
			policy := key
			if !strings.HasPrefix(key, `"`) {
				policy = strconv.Quote(key)
			}
			toml := "schema = 1\n\n[lists." + key + "]\naddress = \"jo@example.org\"\npolicy = \"p\"\n\n[lists.reports]\naddress = \"reports@example.net\"\npolicy = " + policy + "\n\n" +
				"[policies.p]\nvetting_methods = [\"video-call\"]\n\n[policies." + key + "]\nvetting_methods = [\"video-call\"]\n\n" +
				"[[member]]\nemail = \"ada@example.net\"\nname = \"Ada\"\nlists = { " + key + " = \"owner\", reports = \"owner\" }\n"
			f, err := members.Parse("members.toml", []byte(toml))
			if err != nil {
				t.Fatal(err)
			}
			build := func(public bool) map[string][]byte {
				dir := filepath.Join(t.TempDir(), "site")
				if err := site.Build(dir, site.Input{File: f, Today: dayRef("2026-04-01"), Public: public}); err != nil {
					t.Fatal(err)
				}
				return readSite(t, dir)
			}
			leaks := func(s string) bool { return strings.Contains(strings.ToLower(s), "example") }
			files := build(true)
			for name, data := range files {
				if leaks(name) {
					t.Errorf("the public roster has a file named %s", name)
				}
				// Nor its text: a name hidden is hidden everywhere
				// (title, heading, links' text, the chart's title).
				if leaks(string(data)) {
					t.Errorf("%s shows the id: %s", name, regexp.MustCompile(`(?i).{0,40}example.{0,40}`).Find(data))
				}
				for _, m := range href.FindAllSubmatch(data, -1) {
					if leaks(string(m[1])) {
						t.Errorf("%s links to %s", name, m[1])
					}
					if _, ok := files[string(m[1])]; !ok && string(m[1]) != "#main" {
						t.Errorf("%s links to %s, which the site does not have", name, m[1])
					}
				}
			}
			if len(files) != 5 || files["list-reports.html"] == nil {
				t.Errorf("the public roster has %q, not an index, a page for each list and its markers", names(files))
			}
			if !strings.Contains(string(files["list-reports.html"]), "<dd>[address hidden]</dd>") {
				t.Errorf("list-reports.html does not show its policy hidden")
			}
			// Not vacuous: the auditor's site names the page by its id.
			if priv := names(build(false)); !slices.ContainsFunc(priv, leaks) {
				t.Errorf("the private site's files are %q: the input is not what this test means", priv)
			}
		})
	}
}

// TestPublicHidesSpelledAddresses: addresses spelled as people spell
// them (letters spaced out, "at" and "dot" in other cases, forms and
// languages, other bullets for the dot), in a list's description, a
// member's name or affiliation, are not on the public roster.
func TestPublicHidesSpelledAddresses(t *testing.T) {
	// Long, and independent of the rest: run beside them.
	t.Parallel()
	var spellings []string
	for _, spelled := range []string{
		"s e c @ e x a m p l e d o t o r g", "j o a t e x a m p l e d o t o r g", "jo at example d o t o r g",
		"jo @ example nokta com", "jo @ example 点 com", "jo at example DoT org", "jo at example dOT org", "jo at example doT org",
		"jo a.t example.org", "jo A.T. example.org", "jo a-t example.org", "jo a_t example.org",
		"jo at example.o.r.g", "jo at example dot o.r.g", "jo arobase example point org", "jo ät example punkt de",
		"jo sobaka example tochka ru", "jo at example●org", "jo at example◦org", "jo at example∘org",
		// Letters drawn in emoji, which NFKC leaves as they are.
		"🅳🅰🅽🅰.🆆🅷🅸🆃🅵🅸🅴🅻🅳 (🅰🆃) 🅴🆇🅰🅼🅿🅻🅴.🅾🆁🅶", "🇩 🇦 🇳 🇦 . 🇼 🇭 🇮 🇹 🇫 🇮 🇪 🇱 🇩 @ 🇪 🇽 🇦 🇲 🇵 🇱 🇪 . 🇴 🇷 🇬",
		"🅓🅐🅝🅐.🅦🅗🅘🅣🅕🅘🅔🅛🅓 🅐🅣 🅔🅧🅐🅜🅟🅛🅔.🅞🅡🅖",
	} {
		spellings = append(spellings, spelled)
	}
	// A few spellings a build, each in a member of its own (its name and
	// affiliation; the first also in a list's description): a build is
	// mostly its pages' check, whatever the fields.
	const perBuild = 4
	for first := 0; first < len(spellings); first += perBuild {
		batch := spellings[first:min(first+perBuild, len(spellings))]
		in := smallInput(t, true)
		in.File.Lists[0].Description = batch[0]
		addPeople(&in, "spelled", batch, func(m *members.Member, v string) { m.Name, m.Affiliation = v, v })
		dir := filepath.Join(t.TempDir(), "public")
		if err := site.Build(dir, in); err != nil {
			t.Fatalf("%q: %v", batch, err)
		}
		shown := 0
		for name, data := range readSite(t, dir) {
			text := html.UnescapeString(string(data))
			for _, spelled := range batch {
				if strings.Contains(text, spelled) {
					t.Errorf("%s shows %q", name, spelled)
				}
			}
			shown += strings.Count(text, "[address hidden]")
		}
		if want := 1 + 2*len(batch); shown < want {
			t.Errorf("%q: the public roster hides %d fields, not the %d they are in", batch, shown, want)
		}
	}
}

// TestPublicHidesAnAddressSplitAcrossNameAndHandle: the page sets a
// member's name and handle side by side, so "jo at example." and "org"
// read (and copy) as one address: read together, both are hidden.
func TestPublicHidesAnAddressSplitAcrossNameAndHandle(t *testing.T) {
	t.Parallel()
	in := smallInput(t, true)
	in.File.Members[0].Name, in.File.Members[0].GitHub = "m3 at example.", "org"
	dir := filepath.Join(t.TempDir(), "public")
	if err := site.Build(dir, in); err != nil {
		t.Fatal(err)
	}
	for name, data := range readSite(t, dir) {
		if text := html.UnescapeString(string(data)); strings.Contains(text, "m3 at example.") {
			t.Errorf("%s shows the name of a split address", name)
		}
	}
}

// TestPublicHidesWhatInvisiblesSplit: a variation selector between an
// 'a' and the circle around it hid the '@' it draws from the field's
// reading, and then either showed the address (U+FE00) or, read by the
// page check, failed the build (U+FE0F), so that one field could stop
// the public roster from being published. Both are hidden, and the
// build succeeds.
func TestPublicHidesWhatInvisiblesSplit(t *testing.T) {
	t.Parallel()
	for _, vs := range []string{"\ufe00", "\ufe0f", "\ufe0e", "\U000e0100", "\U000e0041", "\u2060"} {
		spelled := "dana.whitfield a" + vs + "\u20dd example.org"
		in := smallInput(t, true)
		in.File.Lists[0].Description = "Escalations: " + spelled
		in.File.Members[0].Name = spelled
		in.File.Members[1].Affiliation = spelled
		dir := filepath.Join(t.TempDir(), "public")
		if err := site.Build(dir, in); err != nil {
			t.Errorf("%q: %v", vs, err)
			continue
		}
		shown := 0
		for name, data := range readSite(t, dir) {
			text := html.UnescapeString(string(data))
			if strings.Contains(text, "whitfield") {
				t.Errorf("%q: %s shows %q", vs, name, spelled)
			}
			shown += strings.Count(text, "[address hidden]")
		}
		if shown < 3 {
			t.Errorf("%q: the public roster hides %d fields, not the three it is in", vs, shown)
		}
	}
}

// TestPublicHidesTheAttackersSpellings: the fields an attacker's pull
// request wrote, each of which passed 'roster validate' and showed an
// address on the public roster (look-alike letters, an 'a' in quotes, a
// bar for an 'l', "a/t", letters drawn in emoji, a variation selector
// inside an enclosed 'a'), are hidden in every field that takes them
// (a list's description, a member's name, affiliation, GitHub handle),
// with the address in the file and without, and the build succeeds.
func TestPublicHidesTheAttackersSpellings(t *testing.T) {
	// Long, and independent of the rest: run beside them.
	t.Parallel()
	var spellings []string
	for _, spelled := range []string{
		"Escalations: dana.\u051dhitfield \u00aba\u00bb example.org", "Backup: dana.whitfie|d a/t example.org",
		"\U0001f173\U0001f170\U0001f17d\U0001f170.\U0001f186\U0001f177\U0001f178\U0001f183\U0001f175\U0001f178\U0001f174\U0001f17b\U0001f173 (\U0001f170\U0001f183) \U0001f174\U0001f187\U0001f170\U0001f17c\U0001f17f\U0001f17b\U0001f174.\U0001f17e\U0001f181\U0001f176",
		"\U0001f1e9 \U0001f1e6 \U0001f1f3 \U0001f1e6 . \U0001f1fc \U0001f1ed \U0001f1ee \U0001f1f9 \U0001f1eb \U0001f1ee \U0001f1ea \U0001f1f1 \U0001f1e9 @ \U0001f1ea \U0001f1fd \U0001f1e6 \U0001f1f2 \U0001f1f5 \U0001f1f1 \U0001f1ea . \U0001f1f4 \U0001f1f7 \U0001f1ec",
		"dana.\u051dhitfield a\ufe00\u20dd example.org", "dana.\u051dhitfield a\ufe0f\u20dd example.org",
		"Backup: dana.whitfie!d \u300ca\u300d example.org", "Backup: da\u0578a.w\u0570itfield \u2039a\u203a example.org",
		"Backup: dana.whitfield \u00aa example.org", "Backup: dana.whitfield a+t example.org", "Backup: dana.whitfield \u2376 example.org",
		// Dots drawn as Braille cells, rings, bullets and dotted signs;
		// a provider's name said in two words.
		"dana.whitfield (at) example\u2804org", "dana.whitfield \u24d0 mail\u2804example\u2804co\u2804uk", "dana.whitfield at example\u26acorg",
		"dana.whitfield (at) example\u2b1dorg", "dana.whitfield (at) example\U0001f784org", "dana.whitfield (at) example\u23faorg",
		"dana.whitfield (at) example\u26aaorg", "dana.whitfield (at) example\U0001f518org", "dana.whitfield (at) example\u2058org",
		"dana.whitfield (at) example\u2059org", "dana.whitfield (at) example\u205dorg", "dana.whitfield (at) example\u22eforg",
		"dana.whitfield (at) example\u201aorg", "dana.whitfield (at) example\u1803org", "dana.whitfield (at) example\ua60eorg",
		"dana.whitfield (at) example\u1362org", "dana.whitfield (at) example\u2802org", "dana.whitfield (at) example\u2820org",
		"dana.whitfield at g mail dot com", "dana.whitfield at hot-mail dot com", "dana.whitfield at proton mail dot com",
		// "-at-" inside a handle, before labels joined by hyphens that
		// end in a common ending or a provider's name.
		"dana-whitfield-at-gmail-com", "dana-whitfield-at-protonmail-com", "dana-whitfield-at-evil-example-org", "dana-whitfield-at-gmail",
		// A coloured circle, another script's full stop, Esperanto's
		// word, a quoted dot for the dot; a provider's domain in
		// brackets or after "on"; quoted-printable's '@' set apart.
		"dana.whitfield (at) example\U0001f7e2org", "dana.whitfield (at) example\u0964org", "dana.whitfield at example punkto org",
		"dana.whitfield at example \u201c.\u201d org", "reporter dana.whitfield (gmail.com)", "dana.whitfield on gmail.com",
		"dana.whitfield =40 example.org",
		// The halves apart in one field, anything between or around
		// them; or joined in one word by a sign (scrub_halves.go).
		"dana.whitfield (gmail dot com)", "dana.whitfield [gmail dot com]", "dana.whitfield, gmail dot com", "dana.whitfield «gmail.com»",
		"dana.whitfield at g-mail", "dana.whitfield is my gmail", "local part dana.whitfield, domain zorbix.io", "dana.whitfield_gmail_dot_com",
		"dana.whitfield-yahoo-dot-com", "dana.whitfield is my email on example.org", "example.org user dana.whitfield", "dana.whitfield (proton dot me)",
	} {
		spellings = append(spellings, spelled)
	}
	// Several spellings a build, each in a member of its own (its name,
	// handle and affiliation; the first also in a list's description):
	// a build a spelling made this test a quarter of the package's time
	// under -race.
	const perBuild = 6
	for first := 0; first < len(spellings); first += perBuild {
		batch := spellings[first:min(first+perBuild, len(spellings))]
		for _, inFile := range []bool{false, true} {
			in := smallInput(t, true)
			if inFile {
				in.File.Members[2].Email = "dana.whitfield@example.org"
			}
			in.File.Lists[0].Description = batch[0]
			addPeople(&in, "spelled", batch, func(m *members.Member, v string) { m.Name, m.Affiliation, m.GitHub = v, v, v })
			dir := filepath.Join(t.TempDir(), "public")
			if err := site.Build(dir, in); err != nil {
				t.Errorf("%q: %v", batch, err)
				continue
			}
			shown := 0
			for name, data := range readSite(t, dir) {
				text := strings.ToLower(html.UnescapeString(string(data)))
				for _, s := range []string{"whitfie", "hitfield", "\U0001f173", "\U0001f1e9", "da\u0578a"} {
					if strings.Contains(text, s) {
						t.Errorf("%q (in the file %v): %s shows %q", batch, inFile, name, s)
					}
				}
				shown += strings.Count(text, "[address hidden]")
			}
			if want := 1 + 3*len(batch); shown < want {
				t.Errorf("%q (in the file %v): the public roster hides %d fields, not the %d they are in", batch, inFile, shown, want)
			}
		}
	}
}

// TestPublicHidesAKnownAddressScrubHidPartOf: a field that spells an
// address of the file, part of which scrub hid ("dana.w hitfield (at)
// example.org" left "dana.w" shown), is read for the file's addresses
// as it was written, and hidden whole.
func TestPublicHidesAKnownAddressScrubHidPartOf(t *testing.T) {
	t.Parallel()
	for _, spelled := range []string{"Backup: dana.w hitfield (at) example.org", "Backup: dana. whitfield [at] example.org"} {
		in := smallInput(t, true)
		in.File.Members[2].Email = "dana.whitfield@example.org"
		in.File.Lists[0].Description = spelled
		dir := filepath.Join(t.TempDir(), "public")
		if err := site.Build(dir, in); err != nil {
			t.Fatal(err)
		}
		for name, data := range readSite(t, dir) {
			if text := html.UnescapeString(string(data)); strings.Contains(text, "Backup:") || strings.Contains(text, "dana.") {
				t.Errorf("%q: %s shows part of it", spelled, name)
			}
		}
	}
}

// TestPublicHidesAListsEarlierAddress: a list's address changed in a
// later commit is still in the history, and a description that spells
// it ("write to secret-reports (example.org)") is hidden as it is while
// the list has that address.
func TestPublicHidesAListsEarlierAddress(t *testing.T) {
	t.Parallel()
	for _, now := range []string{"secret-reports@example.org", "sec@example.org"} {
		in := smallInput(t, true)
		in.File.Lists[0].Address = now
		in.File.Lists[0].Description = "Private reports: write to secret-reports (example.org)"
		then := history.Event{Commit: strings.Repeat("0", 40), Date: day("2026-01-01"), List: in.File.Lists[0].ID,
			Email: "ada@example.org", Action: history.Added, Role: members.RoleOwner, Group: "secret-reports@example.org"}
		in.Events = append([]history.Event{then}, in.Events...)
		dir := filepath.Join(t.TempDir(), "public")
		if err := site.Build(dir, in); err != nil {
			t.Fatal(err)
		}
		for name, data := range readSite(t, dir) {
			if strings.Contains(string(data), "secret-reports") {
				t.Errorf("the list's address now %s: %s shows the description that spells its earlier one", now, name)
			}
		}
	}
}

// TestPublicHidesAnAddressSplitAcrossFieldsSideBySide: fields a page
// sets side by side (two owners in a row, a list's heading and the
// paragraph under it, a member's name and affiliation cells) read on
// from one another; an address split across them, the file's own (in
// any spelling the reading knows) or one the heuristic reads, is hidden,
// and the build succeeds.
func TestPublicHidesAnAddressSplitAcrossFieldsSideBySide(t *testing.T) {
	t.Parallel()
	const head = "schema = 1\n\n[policies.p]\nvetting_methods = [\"video-call\"]\n\n"
	owners := func(first, second, email string) string {
		return head + "[lists.reports]\naddress = \"reports@example.org\"\npolicy = \"p\"\n\n" +
			"[[member]]\nemail = \"ada@example.org\"\nname = \"" + first + "\"\nlists = { reports = \"owner\" }\n\n" +
			"[[member]]\nemail = \"" + email + "\"\nname = \"" + second + "\"\nlists = { reports = \"owner\" }\n"
	}
	listed := func(id, description string) string {
		return head + "[lists.\"" + id + "\"]\naddress = \"reports@example.org\"\npolicy = \"p\"\ndescription = \"" + description + "\"\n\n" +
			"[[member]]\nemail = \"jane.doe@example.net\"\nname = \"Jane\"\nlists = { \"" + id + "\" = \"owner\" }\n"
	}
	cells := func(name, affiliation string) string {
		return head + "[lists.reports]\naddress = \"reports@example.org\"\npolicy = \"p\"\n\n" +
			"[[member]]\nemail = \"jane.doe@example.net\"\nname = \"" + name + "\"\naffiliation = \"" + affiliation + "\"\nlists = { reports = \"member\" }\n"
	}
	for _, tc := range []struct{ name, toml string }{
		{"two owners, the address the second's", owners("Mail jane.doe at", "example.net", "jane.doe@example.net")},
		{"two owners, an address the file has not", owners("Mail jane.doe at", "example.net", "grace@example.org")},
		{"two owners, 'on' for the '@'", owners("Mail jane.doe on", "example.net", "jane.doe@example.net")},
		{"a heading and its paragraph", listed("jane.doe-at", "example.net")},
		{"a heading and its paragraph, 'on' for the '@'", listed("jane.doe-on", "example.net")},
		{"a name and an affiliation", cells("Mail jane.doe on", "example.net")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := members.Parse("members.toml", []byte(tc.toml))
			if err != nil {
				t.Fatal(err)
			}
			build := func(public bool) string {
				dir := filepath.Join(t.TempDir(), "site")
				if err := site.Build(dir, site.Input{File: f, Today: dayRef("2026-04-01"), Public: public}); err != nil {
					t.Fatal(err)
				}
				all := ""
				for name, data := range readSite(t, dir) {
					all += name + "\n" + html.UnescapeString(string(data))
				}
				return all
			}
			if strings.Contains(build(true), "jane.doe") {
				t.Errorf("the public roster shows the local part of the address split across fields")
			}
			// Not vacuous: the auditor's site shows the fields as they are.
			if !strings.Contains(build(false), "jane.doe-") && !strings.Contains(build(false), "Mail jane.doe") {
				t.Errorf("the private site does not show the fields: the input is not what this test means")
			}
		})
	}
	// A name beside an employer, beside the domain of their address
	// (Elif Demir of Example.org, elif.demir@example.org) is no address.
	f, err := members.Parse("members.toml", []byte(cells("Elif Demir", "Example.org")+
		"\n[[member]]\nemail = \"elifdemir@example.org\"\nname = \"Elif\"\ngithub = \"elifdemir\"\naffiliation = \"example.org\"\nlists = { reports = \"owner\" }\n"))
	if err != nil {
		t.Fatal(err)
	}
	f.Members[0].Email = "elif.demir@example.org"
	dir := filepath.Join(t.TempDir(), "site")
	if err := site.Build(dir, site.Input{File: f, Today: dayRef("2026-04-01"), Public: true}); err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(string(readSite(t, dir)["list-reports.html"]))
	for _, want := range []string{"Elif Demir", "Example.org", "elifdemir", ">example.org<"} {
		if !strings.Contains(page, want) {
			t.Errorf("the public roster does not show %q", want)
		}
	}
}

// TestPublicHidesAnAddressOfTheFileWithASpaceForTheAt: an address the
// file holds, written in one field with a space for its '@' and its
// ending dropped, is hidden; the same words as a handle beside an
// employer, two fields, are not.
func TestPublicHidesAnAddressOfTheFileWithASpaceForTheAt(t *testing.T) {
	t.Parallel()
	in := smallInput(t, true)
	in.File.Members[2].Email = "dana.whitfield@example.org"
	spelled := []string{"dana.whitfield example", "Dana <dana.whitfield example>", "reach me: Dana.Whitfield Example"}
	addPeople(&in, "spelled", spelled, func(m *members.Member, v string) { m.Affiliation = v })
	dir := filepath.Join(t.TempDir(), "public")
	if err := site.Build(dir, in); err != nil {
		t.Fatal(err)
	}
	for name, data := range readSite(t, dir) {
		text := strings.ToLower(html.UnescapeString(string(data)))
		if strings.Contains(text, "dana.whitfield") {
			t.Errorf("%s shows dana.whitfield", name)
		}
	}
}

// TestPublicTimelineNamesOnlyWhomItsTablesShow: bob joined and left
// security-reports and is now on advance-warning only. A public site of
// security-reports alone names him nowhere (its timeline says "former
// member", as for someone who left the file), as its drift would not:
// naming him would tell that the file still has him. With every list
// shown, his name is on advance-warning's table, and the timeline names
// him too.
func TestPublicTimelineNamesOnlyWhomItsTablesShow(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lists []string
		named bool
	}{{[]string{"security-reports"}, false}, {nil, true}} {
		in := smallInput(t, true)
		in.Lists = tc.lists
		in.Live = nil
		joined := history.Event{Commit: strings.Repeat("1", 40), Date: day("2026-01-10"), List: "security-reports",
			Email: "bob@vendor.example", Action: history.Added, Role: members.RoleMember, Group: members.IdentityOf(in.File.List("security-reports").Address)}
		left := joined
		left.Commit, left.Date, left.Action, left.Role, left.PreviousRole = strings.Repeat("2", 40), day("2026-02-10"), history.Removed, "", members.RoleMember
		in.Events = append(in.Events, joined, left)
		dir := filepath.Join(t.TempDir(), "public")
		if err := site.Build(dir, in); err != nil {
			t.Fatal(err)
		}
		files := readSite(t, dir)
		page := string(files["list-security-reports.html"])
		if !strings.Contains(page, "2026-02-10") {
			t.Fatalf("lists %v: bob's leave is not on the timeline:\n%s", tc.lists, page)
		}
		all := ""
		for _, data := range files {
			all += string(data)
		}
		if named := strings.Contains(all, "Bob Vendor"); named != tc.named {
			t.Errorf("lists %v: Bob Vendor named %t, want %t", tc.lists, named, tc.named)
		}
		if !tc.named && !strings.Contains(page, "former member") {
			t.Errorf("lists %v: the timeline does not say a former member left", tc.lists)
		}
	}
}

// TestPublicHidesAHandleTheAffiliationCallsAMailbox: the public table
// sets a member's GitHub handle beside their affiliation; one that says
// the handle is a mailbox's local part, naming the provider or the
// domain, spells the address with it, and neither shows. An affiliation
// that names a provider, or the handle, alone is shown.
func TestPublicHidesAHandleTheAffiliationCallsAMailbox(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		affiliation string
		hidden      bool
	}{
		{"Independent (gmail, same handle)", true},
		{"Independent (reachable as this handle on Proton Mail)", true},
		{"Independent (email: same as GitHub, othermail.net)", true},
		{"Acme; my username at fastmail", true},
		{"Proton AG", false},
		{"Acme Corp (same handle everywhere)", false},
		{"GitHub (same handle)", false},
		// Where the handle is used, named: a forge or a chat, no mail
		// (s24e's false positives).
		{"same handle on gitlab.com", false},
		{"Debian Developer (same login on debian.org)", false},
		{"Proton AG (same handle on Slack)", false},
		{"Fastmail Pty Ltd (same handle on Slack)", false},
		// A mail provider anywhere, or a provider as the place (s24f).
		{"Independent (same handle on GitHub and Gmail)", true},
		{"Independent (same handle on Slack and gmail.com)", true},
		{"Independent (same handle on Yahoo)", true},
		{"Independent (same handle on Microsoft Outlook)", true},
		{"Independent (also my gmail username)", true},
		{"Fastmail, Inc. (same handle on Slack)", false},
	} {
		in := smallInput(t, true)
		in.Live = nil
		m := in.File.FindMember("carol@example.org")
		m.GitHub, m.Affiliation = "jmallory", tc.affiliation
		dir := filepath.Join(t.TempDir(), "public")
		if err := site.Build(dir, in); err != nil {
			t.Fatal(err)
		}
		page := html.UnescapeString(string(readSite(t, dir)["list-security-reports.html"]))
		if both := strings.Contains(page, "jmallory") && strings.Contains(page, tc.affiliation); both == tc.hidden {
			t.Errorf("%q beside the handle jmallory: both shown %t, want %t", tc.affiliation, both, !tc.hidden)
		}
	}
}
