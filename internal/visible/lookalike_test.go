package visible

import "testing"

// TestLookalikeNote: every way an address can print like another is
// named: a letter of another script, a combining mark (shown on a dotted
// circle, not on the space before it), and a domain label in punycode,
// which prints as ASCII but is the Unicode it decodes to, in any case;
// and what shows as nothing or reorders the text, which a JSON document
// carries as is (s29-routes finding 4).
func TestLookalikeNote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"other@example.org", ""},
		{"other@xn--bcher-kva.example", " [non-ASCII: xn--bcher-kva is bücher; ü is U+00FC a non-ASCII Latin letter]"},
		{"othеr@example.org", " [non-ASCII: е is U+0435 a Cyrillic letter]"},
		{"jose\u0301@example.org", " [non-ASCII: \u25cc\u0301 is U+0301 a combining mark]"},
		{"other4@xn--exmple-4nf.org", " [non-ASCII: xn--exmple-4nf is exаmple; а is U+0430 a Cyrillic letter]"},
		{"d\u200b@example.org", " [non-ASCII: U+200B is invisible]"},
		{"e\u202egro.elpmaxe@x.org", " [non-ASCII: U+202E is a direction control, which reorders the text around it]"},
		{"a@XN--80ak6aa92e.com", " [non-ASCII: XN--80ak6aa92e is аррӏе; а is U+0430 a Cyrillic letter; р is U+0440 a Cyrillic letter; ӏ is U+04CF a Cyrillic letter; е is U+0435 a Cyrillic letter]"},
	} {
		if got := LookalikeNote(tc.in); got != tc.want {
			t.Errorf("LookalikeNote(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
