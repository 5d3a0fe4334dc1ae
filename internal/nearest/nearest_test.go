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
