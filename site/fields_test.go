package site

import (
	"strings"
	"testing"
)

// TestClipMarks: a letter keeps the marks writing needs, and a name of
// stacked marks loses those beyond maxMarks, which would draw over the
// rows around it.
func TestClipMarks(t *testing.T) {
	zalgo := "Z" + strings.Repeat("\u0300\u0301\u0302\u0336", 12) + "a" + strings.Repeat("\u20dd", 30) + "lgo"
	for _, tc := range []struct{ in, want string }{
		{"Ada Lovelace", "Ada Lovelace"},
		{"Nguy\u1ec5n Vi\u1ec7t", "Nguy\u1ec5n Vi\u1ec7t"},
		{"Nguye\u0302\u0303n", "Nguye\u0302\u0303n"},
		{"\u0f66\u0f92\u0fb2\u0f72\u0f56", "\u0f66\u0f92\u0fb2\u0f72\u0f56"}, // Tibetan: three marks on one letter
		{"\u05e9\u05bc\u05c1\u05b8\u0591", "\u05e9\u05bc\u05c1\u05b8\u0591"}, // Hebrew: four
		{zalgo, "Z\u0300\u0301\u0302\u0336a\u20dd\u20dd\u20dd\u20ddlgo"},
		{"x" + strings.Repeat("\u0301", 5) + "y", "x\u0301\u0301\u0301\u0301y"},
	} {
		if got := clipMarks(tc.in); got != tc.want {
			t.Errorf("clipMarks(%+q) = %+q, want %+q", tc.in, got, tc.want)
		}
		// Every field a page shows, private ones too, is clipped.
		if got := pageText(tc.in); got != tc.want {
			t.Errorf("pageText(%+q) = %+q, want %+q", tc.in, got, tc.want)
		}
		if got := pageLine(tc.in); got != tc.want {
			t.Errorf("pageLine(%+q) = %+q, want %+q", tc.in, got, tc.want)
		}
	}
	// With the joiners pageText keeps.
	if got := pageText("a\u200d" + strings.Repeat("\u0301", 9)); got != "a\u200d\u0301\u0301\u0301\u0301" {
		t.Errorf("pageText kept %+q", got)
	}
}
