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
		"person":   ` (did you mean "in-person"?)`, // a part
		"call":     ` (did you mean "video-call"?)`,
		"vi":       "", // too short to name one
		"chat":     ` (did you mean "voice-chat"?)`,
		"ideo":     "",
	} {
		if g := DidYouMean(got, methods); g != want {
			t.Errorf("DidYouMean(%q) = %q, want %q", got, g, want)
		}
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
