package members_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/members"
)

// TestHiddenSpelling names the differences between two spellings of one
// mailbox that print alike (NFC and NFD) or name nothing a reader can
// compare (punycode), and nothing for those that show.
func TestHiddenSpelling(t *testing.T) {
	for _, tc := range []struct{ a, b, want string }{
		{"jos\u00e9@example.org", "jose\u0301@example.org", "decomposed"},
		{"kim@b\u00fccher.de", "kim@xn--bcher-kva.de", "xn--bcher-kva.de is b\u00fccher.de"},
		{"kim@xn--bcher-kva.de", "kim@b\u00fccher.de", "xn--bcher-kva.de is b\u00fccher.de"},
		{"Ada@example.org", "ada@example.org", ""},
		{"ada+x@example.org", "ada@example.org", ""},
		{"a.b@gmail.com", "ab@googlemail.com", ""},
		{"ada@example.org", "bob@example.org", ""},
	} {
		got := members.HiddenSpelling(tc.a, tc.b)
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("HiddenSpelling(%q, %q) = %q, want %q", tc.a, tc.b, got, tc.want)
		}
	}
}
