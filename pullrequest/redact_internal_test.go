package pullrequest

import "testing"

// TestRedact: a token is marked wherever it stands, as given, trimmed
// and URL-escaped; a mark already made is not marked again, whatever
// letters the token shares with it; a token too short to be GitHub's
// is no secret, and the text is left whole.
func TestRedact(t *testing.T) {
	for _, tc := range []struct{ in, token, want string }{
		{"sent tokentok and tokentok", "tokentok", "sent [token] and [token]"},
		{"[token] then tokentok", "tokentok", "[token] then [token]"},
		{"ken: ab%2Fcd%2Fef%2Fgh", "ab/cd/ef/gh", "ken: [token]"},
		{"sent ghs_0123456789", "ghs_0123456789\n", "sent [token]"},
		{"the token was refused", "t", "the token was refused"},
	} {
		got := redact(tc.in, tc.token)
		if got != tc.want {
			t.Errorf("redact(%q, %q) = %q, want %q", tc.in, tc.token, got, tc.want)
		}
		if again := redact(got, tc.token); again != got {
			t.Errorf("redacted again: %q, then %q", got, again)
		}
	}
}
