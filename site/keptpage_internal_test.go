package site

import (
	"strings"
	"testing"
)

// TestKeptPageReadsATableAsDrawn: a table's caption and head rows are
// drawn first wherever the page writes them, and an image's alternative
// text stands in the line where the image would (s30-kept2): read so,
// what they spell is what a person sees.
func TestKeptPageReadsATableAsDrawn(t *testing.T) {
	for _, tc := range []struct{ page, first, then string }{
		{`<table><tbody><tr><td>BODY</td></tr></tbody><thead><tr><td>HEAD</td></tr></thead></table>`, "HEAD", "BODY"},
		{`<table><tr><td>ROW</td></tr><caption>CAPTION</caption></table>`, "CAPTION", "ROW"},
	} {
		shown, why := keptPage([]byte(tc.page))
		if why != "" {
			t.Fatalf("%s refused: %s", tc.page, why)
		}
		if i, j := strings.Index(string(shown), tc.first), strings.Index(string(shown), tc.then); i < 0 || j < 0 || i > j {
			t.Errorf("%s read as %q, want %s before %s", tc.page, shown, tc.first, tc.then)
		}
	}
	if shown, _ := keptPage([]byte(`<p>Write to <img alt="zq@zor">bix.io</p>`)); !strings.Contains(string(shown), "zq@zorbix.io") {
		t.Errorf("an image's alternative read apart from its line: %q", shown)
	}
}
