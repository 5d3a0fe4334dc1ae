package site_test

import (
	"fmt"
	"html"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/site"
)

// TestPublicHidesAddressesByTheirShape builds the public roster with
// each field of testdata/shapes.txt marked hide as a member's name and
// affiliation (and a list's description), a few a build: every build
// succeeds, and no page shows the field, nor "othercorp" however it is
// read. The fields marked show, as members' affiliations, are shown as
// they are.
func TestPublicHidesAddressesByTheirShape(t *testing.T) {
	// Long, and independent of the rest: run beside them.
	t.Parallel()
	hide, show := site.ShapeCases(t)
	const perBuild = 32
	for first := 0; first < len(hide); first += perBuild {
		batch := hide[first:min(first+perBuild, len(hide))]
		in := smallInput(t, true)
		in.File.Lists[0].Description = batch[0]
		in.File.Lists[1].Description = batch[len(batch)-1]
		addPeople(&in, "shape", batch, func(m *members.Member, v string) { m.Name, m.Affiliation = v, v })
		dir := filepath.Join(t.TempDir(), "public")
		if err := site.Build(dir, in); err != nil {
			t.Errorf("%q: %v", batch, err)
			continue
		}
		for name, data := range readSite(t, dir) {
			text := html.UnescapeString(string(data))
			if strings.Contains(site.ReadLetters(name+" "+text), "othercorp") {
				t.Errorf("%q: %s shows one of them", batch, name)
			}
			for _, s := range batch {
				if strings.Contains(text, s) {
					t.Errorf("%s shows %q", name, s)
				}
			}
		}
	}

	in := smallInput(t, true)
	for i, s := range show {
		in.File.Members = append(in.File.Members, &members.Member{Email: fmt.Sprintf("shown%d@example.net", i), Name: fmt.Sprintf("Person %d", i),
			Affiliation: s, Lists: []members.Membership{{List: in.File.Lists[1].ID, Role: members.RoleMember}}})
	}
	in.File.Index()
	dir := filepath.Join(t.TempDir(), "public")
	if err := site.Build(dir, in); err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(string(readSite(t, dir)["list-"+in.File.Lists[1].ID+".html"]))
	for _, s := range show {
		// A lone '@' shows as the word.
		if s = strings.ReplaceAll(s, " @ ", " at "); !strings.Contains(page, ">"+s+"<") {
			t.Errorf("the public roster does not show %q", s)
		}
	}
}

// TestPublicNamesAListByItsPlaceWhenItsIDHasTheShape: a list whose id
// spells an address by its shape, as an id joins words
// ("jane_at_othercorp_dawt_com"), has its id hidden and its page named
// by its place, on every page and in every link.
func TestPublicNamesAListByItsPlaceWhenItsIDHasTheShape(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"jane_at_othercorp_dawt_com", "jane-bei-othercorp-punkt-de", "jane_et_othercorp_nokta_com"} {
		toml := "schema = 1\n\n[lists." + id + "]\naddress = \"jo@example.org\"\npolicy = \"p\"\n\n" +
			"[policies.p]\nvetting_methods = [\"video-call\"]\n\n" +
			"[[member]]\nemail = \"ada@example.net\"\nname = \"Ada\"\nlists = { " + id + " = \"owner\" }\n"
		f, err := members.Parse("members.toml", []byte(toml))
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(t.TempDir(), "public")
		if err := site.Build(dir, site.Input{File: f, Today: dayRef("2026-04-01"), Public: true}); err != nil {
			t.Fatal(err)
		}
		for name, data := range readSite(t, dir) {
			if strings.Contains(name, "othercorp") || strings.Contains(string(data), "othercorp") {
				t.Errorf("%s: the public roster shows %s, in a page's name or its text", id, name)
			}
		}
	}
}

// halfAddresses end in an address the page's next words complete:
// each passed the field's reading, and the page check, reading on into
// the role, "Policy" or "at the end of each day" after it, refused the
// whole public roster.
var halfAddresses = []string{
	"Example Linux Distribution, ask ops at example dot", "Private reports; write to security at example dot",
	"jane (at) othercorp (dot)", "jane [at] othercorp [dot]",
}

// TestPublicBuildsWhenAFieldEndsInHalfAnAddress: a field that ends in
// half an address ("ask ops at example dot"), in a member's name or
// affiliation or a list's description, is hidden, and the public
// roster is built: one contributor's field must not stop it.
func TestPublicBuildsWhenAFieldEndsInHalfAnAddress(t *testing.T) {
	t.Parallel()
	for _, half := range halfAddresses {
		t.Run(half, func(t *testing.T) {
			in := smallInput(t, true)
			in.File.Members[0].Affiliation = half
			in.File.Members[1].Name = half
			in.File.Lists[0].Description = half
			dir := filepath.Join(t.TempDir(), "public")
			if err := site.Build(dir, in); err != nil {
				t.Fatal(err)
			}
			hidden := 0
			for name, data := range readSite(t, dir) {
				text := html.UnescapeString(string(data))
				if strings.Contains(text, half) {
					t.Errorf("%s shows %q", name, half)
				}
				hidden += strings.Count(text, "[address hidden]")
			}
			if hidden < 3 {
				t.Errorf("the public roster hides %d fields, not the three it is in", hidden)
			}
		})
	}
}

// TestPublicHidesAKnownAddressSplitByBrackets: an address of the file
// split across a member's name and affiliation inside one pair of
// brackets ("Farid Haddad (dana.whitfield" beside "example.org)"), or
// one the name opens and nothing closes, reads as one field: the
// member's fields are hidden, and the build succeeds. A name and an
// employer that are the address's words, with no bracket between,
// stay.
func TestPublicHidesAKnownAddressSplitByBrackets(t *testing.T) {
	t.Parallel()
	split := [][2]string{
		{"Farid Haddad (dana.whitfield", "example.org)"}, {"Farid Haddad (dana whitfield", "∴ example ∴ org)"},
		{"Farid Haddad (dana_whitfield", "example_org)"}, {"Farid Haddad [dana.whitfield", "example.org]"},
		{"Farid Haddad (dana.whitfield", "example.org"},
	}
	name := site.ReadLetters("whitfield")
	for _, sp := range split {
		in := smallInput(t, true)
		in.File.Members[3].Email = "dana.whitfield@example.org"
		// Bob has no handle: his name and affiliation stand side by side.
		in.File.Members[2].Name, in.File.Members[2].Affiliation = sp[0], sp[1]
		dir := filepath.Join(t.TempDir(), "public")
		if err := site.Build(dir, in); err != nil {
			t.Errorf("%q: %v", sp, err)
			continue
		}
		for page, data := range readSite(t, dir) {
			if text := html.UnescapeString(string(data)); strings.Contains(site.ReadLetters(text), name) {
				t.Errorf("%q: %s shows the address's words", sp, page)
			}
		}
	}
	// A name and an employer that are the address's words stay; its
	// local part written as only a mailbox writes it, beside its
	// domain, is the address (s15-22).
	in := smallInput(t, true)
	in.File.Members[0].Email = "dana.whitfield@example.org"
	in.File.Members[0].Name, in.File.Members[0].Affiliation = "Dana Whitfield", "Example.org"
	in.File.Members[2].Email = "farid.haddad@example.org"
	in.File.Members[2].Name, in.File.Members[2].Affiliation = "farid.haddad", "example.org"
	dir := filepath.Join(t.TempDir(), "public")
	if err := site.Build(dir, in); err != nil {
		t.Fatal(err)
	}
	text := ""
	for _, data := range readSite(t, dir) {
		text += html.UnescapeString(string(data))
	}
	for _, want := range []string{">Dana Whitfield<", ">Example.org<"} {
		if !strings.Contains(text, want) {
			t.Errorf("the public roster does not show %q: a name beside an employer is no address", want)
		}
	}
	if strings.Contains(text, "farid.haddad") {
		t.Error("the public roster shows farid.haddad beside example.org")
	}
}

// TestPublicHidesAnIDThatIsAnAddress: lists and policies whose ids write
// an address as an id does (joined by underscores, in any case, with
// digits) are hidden in every place a page names them (its title, its
// heading, the chart's title, the policy) and in the page's file name
// and the links to it, in one build of several such lists.
func TestPublicHidesAnIDThatIsAnAddress(t *testing.T) {
	t.Parallel()
	ids := []string{"jane_doe_at_zorbix_io", "jdoe1_at_zorbix_xyz", "JDOE_AT_ZORBIX_COM", "jdoe_at_zorbix_com", "jdoe-at_zorbix-de"}
	toml := "schema = 1\n\n"
	lists := ""
	for i, id := range ids {
		toml += fmt.Sprintf("[lists.%q]\naddress = \"list%d@example.org\"\npolicy = %q\ndescription = \"Reports\"\n\n", id, i, id)
		toml += fmt.Sprintf("[policies.%q]\nvetting_methods = [\"video-call\"]\n\n", id)
		lists += fmt.Sprintf("%q = \"owner\", ", id)
	}
	toml += "[[member]]\nemail = \"ada@example.net\"\nname = \"Ada\"\nlists = { " + strings.TrimSuffix(lists, ", ") + " }\n"
	f, err := members.Parse("members.toml", []byte(toml))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "public")
	if err := site.Build(dir, site.Input{File: f, Today: dayRef("2026-04-01"), Public: true}); err != nil {
		t.Fatal(err)
	}
	files := readSite(t, dir)
	if len(files) != 3+len(ids) { // the index, the marker and .nojekyll
		t.Errorf("the public roster has %d pages, not one per list and the index: %v", len(files), names(files))
	}
	for name, data := range files {
		if strings.Contains(strings.ToLower(name+" "+string(data)), "zorbix") {
			t.Errorf("the public roster shows an id that is an address, in %s's name or its text", name)
		}
	}
}
