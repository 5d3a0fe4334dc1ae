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
