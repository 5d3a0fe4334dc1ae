package members_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/roster-dev/roster/internal/shipped"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

// FuzzParse feeds arbitrary bytes to the parser and, when they parse, to
// every policy: nothing may panic or hang, every error must carry a
// position inside the input, and a parsed file must check cleanly or with
// positioned findings.
//
//	go test -fuzz=FuzzParse ./members
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/bad/*.toml")
	more, _ := filepath.Glob("testdata/fuzz-seeds/*.toml")
	seeds = append(seeds, more...)
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err == nil {
			f.Add(data)
		}
	}
	f.Add(shipped.Example(f)) // as committed, not as the quick start edits it
	at := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := members.Parse("fuzz.toml", data)
		if err != nil {
			list, ok := err.(members.ErrorList)
			if !ok || len(list) == 0 {
				t.Fatalf("Parse error %T %v is not a non-empty ErrorList", err, err)
			}
			for _, e := range list {
				if e.Pos.Line < 1 || e.Pos.Offset > len(data) {
					t.Fatalf("error %v points outside the input (%d bytes)", e, len(data))
				}
			}
			return
		}
		for _, fd := range policies.Check(file, at) {
			if fd.Line < 1 || fd.Pos.Offset > len(data) {
				t.Fatalf("finding %v points outside the input", fd)
			}
		}
		// Formatting keeps the model and every comment; formatting twice
		// changes nothing.
		out := members.Format(file, data)
		if line, text, lost := members.LostComment(data, out); lost {
			t.Fatalf("formatting dropped the comment %q of line %d:\n%s\n---\n%s", text, line, data, out)
		}
		again, err := members.Parse("fuzz.toml", out)
		if err != nil {
			t.Fatalf("formatted text does not parse: %v\n%s", err, out)
		}
		if a, b := members.Format(file, nil), members.Format(again, nil); !bytes.Equal(a, b) {
			t.Fatalf("formatting changed the model:\n%s\n---\n%s", a, b)
		}
		if out2 := members.Format(again, out); !bytes.Equal(out, out2) {
			t.Fatalf("formatting is not idempotent:\n%s\n---\n%s", out, out2)
		}
		// An edit splices, re-parses and checks itself; it may refuse a
		// duplicate, never fail its own check.
		if len(file.Lists) > 0 {
			edited, _, err := members.AddMember(file, data, members.Member{Email: "fuzz.new@example.org", Lists: []members.Membership{{List: file.Lists[0].ID, Role: members.RoleMember}}})
			if err != nil && !strings.Contains(err.Error(), "already in the file") && !strings.Contains(err.Error(), "run 'roster fmt'") {
				t.Fatalf("AddMember: %v\n%s", err, data)
			}
			if err == nil {
				if line, text, lost := members.LostComment(data, edited); lost {
					t.Fatalf("AddMember dropped the comment %q of line %d", text, line)
				}
			}
		}
		// Putting a member on a list and changing their role there splice
		// one value each, whatever form the lists take: they may refuse
		// (say how), never fail their own check.
		if len(file.Lists) > 0 && len(file.Members) > 0 && file.Members[0].Email != "" {
			m, list := file.Members[0], file.Lists[len(file.Lists)-1].ID
			for _, edit := range []func() ([]byte, *members.File, error){
				func() ([]byte, *members.File, error) {
					return members.JoinList(file, data, m.Email, list, members.RoleManager)
				},
				func() ([]byte, *members.File, error) {
					return members.SetRole(file, data, m.Email, list, members.RoleOwner)
				},
			} {
				edited, _, err := edit()
				if err != nil && strings.Contains(err.Error(), "bug in roster") {
					t.Fatalf("JoinList/SetRole: %v\n%s", err, data)
				}
				if err == nil {
					if line, text, lost := members.LostComment(data, edited); lost {
						t.Fatalf("an edit of lists dropped the comment %q of line %d", text, line)
					}
				}
			}
		}
		// Leaving a list removes its pair or its line, and with it only
		// the comment at the end of that line; it may refuse (say how),
		// never fail its own check.
		if len(file.Members) > 0 && file.Members[0].Email != "" && len(file.Members[0].Lists) > 0 {
			m := file.Members[0]
			_, _, err := members.SetLists(file, data, m.Email, m.Lists[1:])
			if err != nil && strings.Contains(err.Error(), "bug in roster") {
				t.Fatalf("SetLists: %v\n%s", err, data)
			}
		}
		// Every shape the parser accepts can take a vetting record, or
		// the refusal says how to rewrite it; an edit never fails its own
		// check ("a bug in roster").
		if len(file.Members) > 0 && file.Members[0].Email != "" {
			rec := members.Vetting{By: "fuzz@example.org", On: at, Method: "video-call", Note: "n"}
			edited, _, err := members.AddVetting(file, data, file.Members[0].Email, rec)
			if err != nil && strings.Contains(err.Error(), "bug in roster") {
				t.Fatalf("AddVetting: %v\n%s", err, data)
			}
			if err == nil {
				if line, text, lost := members.LostComment(data, edited); lost {
					t.Fatalf("AddVetting dropped the comment %q of line %d", text, line)
				}
			}
		}
		// Removing an entry, of whatever shape, takes it alone or says
		// how to rewrite it (s29-parser finding 1).
		for _, m := range file.Members {
			if m.Email == "" {
				continue
			}
			if _, _, err := members.RemoveMember(file, data, m.Email); err != nil && strings.Contains(err.Error(), "bug in roster") {
				t.Fatalf("RemoveMember %s: %v\n%s", m.Email, err, data)
			}
		}
	})
}

// FuzzParseAddress: ParseAddress never panics, and what it accepts has an
// identity that is itself an address with the same identity and mailbox:
// case, Gmail dots and googlemail.com fold once and for all.
//
//	go test -fuzz=FuzzParseAddress ./members
func FuzzParseAddress(f *testing.F) {
	for _, s := range []string{"ada@example.org", "A.Da+tag@GoogleMail.com", "jürgen@example.org", "a@b", "\u0430da@example.org", "ada@ex\u200bample.org", "\"a b\"@example.org",
		"ju\u0308rgen@bu\u0308cher.de", "J\u00dcRGEN@XN--BCHER-KVA.DE", "ada@xn--pypal-4ve.com", "ada@xn--zz.org", "\u0130stanbul@example.org", "x@\u0915\u093c.example", "\u212aim@example.org", "kim@\uff45xample.org"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := members.ParseAddress(s)
		if err != nil {
			if !strings.Contains(err.Error(), "invalid email address") {
				t.Fatalf("error %v does not say invalid email address", err)
			}
			return
		}
		id := a.Identity()
		if members.IdentityOf(id) != id {
			t.Fatalf("identity of %q is %q, whose identity is %q", s, id, members.IdentityOf(id))
		}
		b, err := members.ParseAddress(id)
		if err != nil || b.Identity() != id || b.Mailbox() != a.Mailbox() {
			t.Fatalf("identity of %q is %q: %v; its identity %q, mailbox %q vs %q", s, id, err, b.Identity(), b.Mailbox(), a.Mailbox())
		}
		// Decomposing the address, or writing its domain in Unicode,
		// names the same mailbox; but for a letter that decomposes into
		// an ASCII one (the Kelvin sign into K), which is a look-alike
		// by design, canonically equivalent or not.
		if nfd, err := members.ParseAddress(norm.NFD.String(s)); err == nil && nfd.Identity() != id && !decomposesToASCII(s) {
			t.Fatalf("%q decomposed has identity %q, not %q", s, nfd.Identity(), id)
		}
		if (a.Confusable() == "") != (b.Confusable() == "") {
			t.Fatalf("%q and its identity %q disagree on being confusable: %q vs %q", s, id, a.Confusable(), b.Confusable())
		}
		// A local part outside ASCII never takes a plain ASCII identity:
		// that would make a look-alike (a Kelvin sign, 'İ') the entry it
		// imitates.
		if !isASCII(a.Local) && isASCII(id[:strings.LastIndexByte(id, '@')]) {
			t.Fatalf("%q (local part outside ASCII) has the ASCII identity %q", s, id)
		}
	})
}

// decomposesToASCII reports whether a character of s outside ASCII
// decomposes into ASCII alone.
func decomposesToASCII(s string) bool {
	for _, r := range s {
		if r >= 0x80 && isASCII(norm.NFD.String(string(r))) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
