package site

import (
	"strings"
	"testing"
)

// TestKeptPageReadsAnImageBothWays: an image's alternative stands in the
// line where the image would, when it does not load, and a tiny image
// that does shows nothing: both readings are read (s30-kept2, s30-kept3).
func TestKeptPageReadsAnImageBothWays(t *testing.T) {
	shown, why := keptPage([]byte(`<p>Write to zq@zor<img alt="bix.io" width=1 height=1>bix.io</p>`))
	if why != "" {
		t.Fatal(why)
	}
	for _, want := range []string{"zq@zorbix.iobix.io", "zq@zorbix.io"} {
		if !strings.Contains(string(shown), want) {
			t.Errorf("read as %q, want %q among its readings", shown, want)
		}
	}
}
