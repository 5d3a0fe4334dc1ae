package nearest

import "testing"

func TestWord(t *testing.T) {
	known := []string{"format", "file", "list", "max-removals"}
	for got, want := range map[string]string{"fromat": "format", "fiel": "file", "max-removal": "max-removals", "zzzzzz": "", "format": ""} {
		if w := Word(got, known, 2); w != want {
			t.Errorf("Word(%q) = %q, want %q", got, w, want)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	if got := DidYouMean("jsn", []string{"text", "json"}); got != ` (did you mean "json"?)` {
		t.Errorf("DidYouMean(jsn) = %q", got)
	}
	if got := DidYouMean("yaml", []string{"text", "json"}); got != "" {
		t.Errorf("DidYouMean(yaml) = %q, want nothing", got)
	}
	methods := []string{"video-call", "in-person", "known-personally", "voice-chat"}
	for got, want := range map[string]string{
		"video":    ` (did you mean "video-call"?)`, // cut short
		"personal": ` (did you mean "known-personally"?)`,
		"person":   "", // a part of one, the start of another's
		"call":     "", // less than half of the word
		"vi":       "",
		"ideo":     "",
	} {
		if g := DidYouMean(got, methods); g != want {
			t.Errorf("DidYouMean(%q) = %q, want %q", got, g, want)
		}
	}
	// Cut short of two values that mean opposite things: neither, not
	// the one a slip away.
	if got := DidYouMean("MODERATE_NON", []string{"MODERATE_ALL_MESSAGES", "MODERATE_NON_MEMBERS", "MODERATE_NEW_MEMBERS", "MODERATE_NONE"}); got != "" {
		t.Errorf("DidYouMean(MODERATE_NON) = %q, want nothing", got)
	}
	keys := []string{"archive_only", "is_archived", "include_in_global_address_list", "min_owners", "who_can_contact_owner", "max_members"}
	for _, got := range []string{"address", "archive", "owner", "list"} {
		if g := DidYouMean(got, keys); g != "" {
			t.Errorf("DidYouMean(%q) = %q, want nothing: a small part of a long key, or the start of two", got, g)
		}
	}
	joins := []string{"ANYONE_CAN_JOIN", "ALL_IN_DOMAIN_CAN_JOIN", "INVITED_CAN_JOIN"}
	if got := DidYouMean("ALL", joins); got != "" {
		t.Errorf("DidYouMean(ALL) = %q, want nothing: three letters name no value", got)
	}
	// A whole first part names its value, however long the rest.
	if got := DidYouMean("ANYONE", joins); got != ` (did you mean "ANYONE_CAN_JOIN"?)` {
		t.Errorf("DidYouMean(ANYONE) = %q", got)
	}
	if got := DidYouMean("advance", []string{"advance-warning", "security-reports"}); got != ` (did you mean "advance-warning"?)` {
		t.Errorf("DidYouMean(advance) = %q", got)
	}
	if got := DidYouMean("vid", []string{"video-call", "video-chat"}); got != "" {
		t.Errorf("a prefix of two words named one: %q", got)
	}
}

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"lin", "lni", 1}, // a swap of neighbours is one slip
		{"example", "exampel", 1},
		{"zed", "pd", 2},
		{"format", "fromat", 1},
		{"abc", "ca", 3}, // optimal string alignment: no edit of a swapped pair
		{"", "abc", 3},
		{"same", "same", 0},
	} {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
