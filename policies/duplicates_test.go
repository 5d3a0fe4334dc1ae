package policies_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

// TestDuplicatesInALargeFile: every later entry for one mailbox (case, a
// +tag, Gmail dots, googlemail.com) or one GitHub handle (case, a leading
// '@') is reported against the first entry, however many entries the
// file has: the same findings as a map of every key would give.
func TestDuplicatesInALargeFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("schema = 1\n[lists.l]\naddress = \"l@example.org\"\npolicy = \"p\"\n[policies.p]\nvetting_methods = [\"x\"]\n")
	const n = 5000
	for i := 0; i < n; i++ {
		email := fmt.Sprintf("person%d@example.org", i)
		handle := fmt.Sprintf("person-%d", i)
		switch {
		case i%7 == 3:
			email = fmt.Sprintf("Person%d+lists@Example.org", i-3)
		case i%11 == 5:
			email = fmt.Sprintf("p.e.r.s.o.n%d@googlemail.com", i%50)
		case i%11 == 6:
			email = fmt.Sprintf("person%d@gmail.com", i%50)
		}
		if i%13 == 6 {
			handle = fmt.Sprintf("@Person-%d", i-2)
		}
		fmt.Fprintf(&b, "[[member]]\nemail = %q\ngithub = %q\n", email, handle)
	}
	f, err := members.Parse("m.toml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	// The reference: a map of every key.
	var want []string
	mailboxes, handles := map[string]string{}, map[string]string{}
	for _, m := range f.Members {
		addr, err := members.ParseAddress(m.Email)
		if err != nil {
			t.Fatal(err)
		}
		if first, ok := mailboxes[addr.Mailbox()]; ok {
			want = append(want, fmt.Sprintf("%s %s %s", policies.RuleDuplicateMailbox, m.Email, first))
		} else {
			mailboxes[addr.Mailbox()] = m.Email
		}
		key := strings.ToLower(strings.TrimPrefix(m.GitHub, "@"))
		if first, ok := handles[key]; ok {
			want = append(want, fmt.Sprintf("%s %s %s", policies.RuleDuplicateGitHub, m.Email, first))
		} else {
			handles[key] = m.Email
		}
	}
	if len(want) < 1000 {
		t.Fatalf("the file has only %d duplicates", len(want))
	}
	var got []string
	for _, fd := range policies.Check(f, at) {
		switch fd.Rule {
		case policies.RuleDuplicateMailbox:
			got = append(got, fmt.Sprintf("%s %s %s", fd.Rule, fd.Member, strings.Fields(strings.TrimPrefix(fd.Message, "same mailbox as "))[0]))
		case policies.RuleDuplicateGitHub:
			_, rest, _ := strings.Cut(fd.Message, " is also on ")
			got = append(got, fmt.Sprintf("%s %s %s", fd.Rule, fd.Member, strings.Fields(rest)[0]))
		}
	}
	if len(got) != len(want) {
		t.Fatalf("got %d duplicates, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("duplicate %d: got %q, want %q", i, got[i], want[i])
		}
	}
}

// TestADuplicateSaysTheSpellingThatDoesNotShow: two entries of one
// mailbox that print alike (composed and decomposed) or name their
// domain in punycode and in Unicode are refused, and the message says
// which: "same mailbox as josé@example.org" beside josé@example.org
// tells nobody what to merge.
func TestADuplicateSaysTheSpellingThatDoesNotShow(t *testing.T) {
	for _, tc := range []struct{ first, second, want string }{
		{"jos\u00e9@example.org", "jose\u0301@example.org", "decomposed"},
		{"kim@b\u00fccher.de", "kim@xn--bcher-kva.de", "xn--bcher-kva.de is b\u00fccher.de"},
	} {
		src := "schema = 1\n[lists.l]\naddress = \"l@example.org\"\npolicy = \"p\"\n[policies.p]\nallow_non_ascii = true\nvetting_methods = [\"x\"]\n" +
			fmt.Sprintf("[[member]]\nemail = %q\n[[member]]\nemail = %q\n", tc.first, tc.second)
		f, err := members.Parse("m.toml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, fd := range policies.Check(f, at) {
			if fd.Rule == policies.RuleDuplicateMailbox {
				found = strings.Contains(fd.Message, tc.want)
				if !found {
					t.Errorf("%q beside %q: %s", tc.second, tc.first, fd.Message)
				}
			}
		}
		if !found {
			t.Errorf("%q beside %q: no duplicate said", tc.second, tc.first)
		}
	}
}
