package workspace

import (
	"strings"
	"testing"
)

// TestNoSuchListNamesTheCaseFoldedOne: a list id in another case is
// another id, but surely the one meant; a far one is not suggested.
func TestNoSuchListNamesTheCaseFoldedOne(t *testing.T) {
	known := []string{"advance-warning", "security-reports"}
	for id, want := range map[string]string{
		"SECURITY-REPORTS": "did you mean security-reports?",
		"Advance-Warning":  "did you mean advance-warning?",
		"securty-reports":  "did you mean security-reports?",
		"zzz":              "; lists are advance-warning, security-reports",
	} {
		msg := noSuchListAmong(id, "members.toml", known).Error()
		if !strings.Contains(msg, want) || id == "zzz" && strings.Contains(msg, "did you mean") {
			t.Errorf("%s: %s", id, msg)
		}
	}
}
