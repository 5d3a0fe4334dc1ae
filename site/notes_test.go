package site_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/site"
)

// The note and evidence of Ada's record in notedInput.
const (
	adaNote     = "Founding maintainer; release manager since 2019."
	adaEvidence = "https://distro.example.org/security"
)

// notedInput is smallInput with Ada's record given a note and evidence
// long enough to be private.
func notedInput(t *testing.T, public bool) site.Input {
	t.Helper()
	in := smallInput(t, public)
	v := &in.File.Members[0].Vetting[0]
	v.Note, v.Evidence = adaNote, adaEvidence
	return in
}

// TestAKeptFileQuotingANoteAsAPersonReadsItIsRefused: a kept file is
// read for a note or evidence word by word, as a person reads it, not
// as exact text: the punctuation between and around the words, width
// and case, the escapes of HTML, CSS, JavaScript and JSON and of a URL,
// a link's scheme and its trailing slash change nothing a person reads.
// A note's words in part, a note of common words, and a longer link are
// still kept.
func TestAKeptFileQuotingANoteAsAPersonReadsItIsRefused(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, kept string
		refused    bool
	}{
		{"the note as written", adaNote, true},
		{"the note without its full stop", "Amara: Founding maintainer; release manager since 2019", true},
		{"a comma for the semicolon", "Founding maintainer, release manager since 2019.", true},
		{"a dash for the semicolon", "Founding maintainer – release manager since 2019.", true},
		{"in full-width letters", "Ｆｏｕｎｄｉｎｇ ｍａｉｎｔａｉｎｅｒ； ｒｅｌｅａｓｅ ｍａｎａｇｅｒ ｓｉｎｃｅ ２０１９．", true},
		{"made by CSS content", "<style>p::before{content:'Founding maintainer; release '}</style><p>manager since 2019.</p>", true},
		{"a CSS escape", `<style>p::before{content:'\46 ounding maintainer; release manager since 2019'}</style>`, true},
		{"a JavaScript escape", `<script>document.write('\u0046ounding maintainer; release manager since 2019.')</script>`, true},
		{"a JSON escape", `{"note":"Founding maintainer\u003b release manager since 2019."}`, true},
		{"in a link's query", `<a href="https://example.net/?q=Founding%20maintainer%3B%20release%20manager%20since%202019.">x</a>`, true},
		{"the evidence without its scheme", "see distro.example.org/security", true},
		{"the evidence over http", "see http://distro.example.org/security", true},
		{"the evidence with a trailing slash", "see https://distro.example.org/security/", true},
		{"the evidence percent-escaped", "see https://distro.example.org/%73ecurity", true},
		{"the evidence in full-width letters", "ｄｉｓｔｒｏ．ｅｘａｍｐｌｅ．ｏｒｇ／ｓｅｃｕｒｉｔｙ", true},
		{"the evidence ending a sentence", "It is at https://distro.example.org/security.", true},

		{"part of the note", "Amara: Founding maintainer; release manager", false},
		{"its words apart", "Founding maintainer. Release notes since 2019.", false},
		{"a longer link", "see https://distro.example.org/security/advisories", false},
		{"a link run on", "see https://distro.example.org/security-team", false},
		{"a longer word", "see https://distro.example.org/securityx", false},
		{"a short note's words", "The release manager.", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := notedInput(t, true)
			// A short note ("Release manager.") is words of any page:
			// quoted, it refuses nothing.
			in.File.Members[1].Vetting[0].Note = "Release manager."
			checkKept(t, in, tc.kept, tc.refused, "aintainer", "distro.")
		})
	}
}

// checkKept builds in's site, keeps a file of kept in it (extra.txt,
// then, when it must be refused, extra.html), builds again, and checks that the build refuses the kept file for
// showing a note or evidence when refused says so, and that a refusal
// quotes none of private (pieces of the notes).
func checkKept(t *testing.T, in site.Input, kept string, refused bool, private ...string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "site")
	if err := site.Build(out, in); err != nil {
		t.Fatal(err)
	}
	// As text, which is read for notes as it is written, escapes and
	// markup included; as a page, it is refused too (as plain markup
	// that quotes the note, or as markup roster does not keep).
	writeTestFile(t, filepath.Join(out, "extra.txt"), []byte(kept))
	err := site.Build(out, in)
	if refused {
		writeTestFile(t, filepath.Join(out, "extra.txt"), nil)
		writeTestFile(t, filepath.Join(out, "extra.html"), []byte(kept))
		if err := site.Build(out, in); err == nil {
			t.Errorf("kept %q as a page: built", kept)
		}
	}
	if got := err != nil && strings.Contains(err.Error(), "shows the text of a vetting note or evidence"); got != refused {
		t.Errorf("kept %q: got %v, want refused %v", kept, err, refused)
	}
	for _, p := range private {
		if err != nil && strings.Contains(err.Error(), p) {
			t.Errorf("the refusal quotes the note (%q): %v", p, err)
		}
	}
}

// TestAPublicFieldQuotingANoteIsRefused: a field the public roster
// shows (a member's affiliation or name, a list's description) that
// quotes a vetting note or evidence is refused as a kept file is, named
// by what field of whom it is, the note unquoted; the auditor's site,
// which shows notes anyway, is built.
func TestAPublicFieldQuotingANoteIsRefused(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, field string
		set         func(in site.Input)
	}{
		{"an affiliation quoting a note", "the affiliation of the member at members.toml:42", func(in site.Input) {
			in.File.Members[1].Affiliation = "Example Foundation (founding maintainer, release manager since 2019)"
		}},
		{"an affiliation ending in evidence", "the affiliation of the member at members.toml:42", func(in site.Input) {
			in.File.Members[1].Affiliation = "Example Distribution, http://distro.example.org/security/"
		}},
		{"a name quoting a note", "the name of the member at members.toml:29", func(in site.Input) {
			in.File.Members[0].Name = "Ada (Founding Maintainer; Release Manager since 2019)"
		}},
		{"a list's description quoting a note", "the description of the list at members.toml:6", func(in site.Input) {
			in.File.Lists[0].Description = "Reports. Founding maintainer; release manager since 2019."
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, public := range []bool{true, false} {
				in := notedInput(t, public)
				tc.set(in)
				err := site.Build(filepath.Join(t.TempDir(), "site"), in)
				if !public {
					if err != nil {
						t.Errorf("the auditor's site: %v", err)
					}
					continue
				}
				if err == nil || !strings.Contains(err.Error(), tc.field+" quotes the text of a vetting note or evidence") {
					t.Errorf("got %v, want %s refused", err, tc.field)
				}
				if err != nil && (strings.Contains(strings.ToLower(err.Error()), "maintainer") || strings.Contains(err.Error(), "distro.")) {
					t.Errorf("the refusal quotes the note: %v", err)
				}
			}
		})
	}
}

// TestARefusalNamesWhoseAddressNotTheAddress: a kept file showing an
// address is refused naming the file and whose address it is (by where
// the members file has them), in any shape the address is written, and
// never with the address: the build log may be anyone's to read.
func TestARefusalNamesWhoseAddressNotTheAddress(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, kept, who string }{
		{"a member's address", "Contact: ada@example.org\n", "the member at members.toml:29"},
		{"out of shape", "Contact: ada (at) example [dot] org\n", "the member at members.toml:29"},
		{"a list's address", "Write to security@example.org\n", ""},
		{"no one's", "Write to someone.else@unrelated.example\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := smallInput(t, true)
			out := filepath.Join(t.TempDir(), "site")
			if err := site.Build(out, in); err != nil {
				t.Fatal(err)
			}
			writeTestFile(t, filepath.Join(out, "contact.txt"), []byte(tc.kept))
			err := site.Build(out, in)
			if err == nil || !strings.Contains(err.Error(), "contact.txt in the public roster's directory shows") {
				t.Fatalf("got %v, want contact.txt refused", err)
			}
			if tc.who != "" && !strings.Contains(err.Error(), tc.who) {
				t.Errorf("got %v, want it to name %s", err, tc.who)
			}
			for _, part := range []string{"ada", "@", "example.org", "example [dot]", "someone.else", "security@"} {
				if strings.Contains(strings.TrimPrefix(err.Error(), "site: contact.txt"), part) {
					t.Errorf("the refusal shows %q: %v", part, err)
				}
			}
		})
	}
}

// TestOnlyAPlausibleNumberIsAPullRequest: a pull request's number has
// at most seven digits and no leading zero, on the public site and the
// auditor's alike: a telephone number in brackets at a subject's end is
// no pull request.
func TestOnlyAPlausibleNumberIsAPullRequest(t *testing.T) {
	t.Parallel()
	for subject, want := range map[string]string{
		"Add Farid, called him on his mobile (#4915112345678)": "",
		"Add Farid (#12345678)":                                "",
		"Add Farid (#1234567)":                                 "1234567",
		"Add Farid (#0123)":                                    "",
		"Add Farid (#9)":                                       "9",
		"Merge pull request #4915112345678 from farid/add":     "",
		"Merge pull request #1234567 from farid/add":           "1234567",
		"Merge pull request #012 from farid/add":               "",
	} {
		if got := site.PullRequest(subject); got != want {
			t.Errorf("PullRequest(%q) = %q, want %q", subject, got, want)
		}
	}
}
