package site

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// shapeCases reads testdata/shapes.txt: the fields to hide and those to
// show, each with its line.
func shapeCases(t testing.TB) (hide, show []string) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "shapes.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		verb, field, ok := strings.Cut(line, "\t")
		switch {
		case ok && verb == "hide":
			hide = append(hide, field)
		case ok && verb == "show":
			show = append(show, field)
		default:
			t.Fatalf("testdata/shapes.txt:%d: %q is neither hide nor show", n, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return hide, show
}

// TestHideFieldReadsAnAddressByItsShape: an address written as a local
// part, something for the '@', labels with something for each dot and
// a real ending, in whatever words or signs, is hidden whole; so is an
// '@' set apart between two words in lower case. What only has words
// between words (prose, names, affiliations, hosts, files) stays.
func TestHideFieldReadsAnAddressByItsShape(t *testing.T) {
	t.Parallel()
	hide, show := shapeCases(t)
	for _, s := range hide {
		if got := hideField(s); got != hidden {
			t.Errorf("hideField(%q) = %q", s, got)
		}
	}
	for _, s := range show {
		// A lone '@' shows as the word (loneAtSign).
		if got := hideField(s); got != strings.ReplaceAll(s, " @ ", " at ") {
			t.Errorf("hideField(%q) = %q, want it shown", s, got)
		}
	}
}

// TestFindShapeTakesTheWholeAddress: the shape read is the longest one,
// from the local part's first word to the ending, not a shorter one
// inside it.
func TestFindShapeTakesTheWholeAddress(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]string{
		"jane strudel othercorp nekuda co nekuda il":       "jane strudel othercorp nekuda co nekuda il",
		"Escalations: jane (a)(t) othercorp (d)(o)(t) com": "jane (a)(t) othercorp (d)(o)(t) com",
		"Chen Wei (jane 圈a othercorp 点 com)":               "jane 圈a othercorp 点 com",
		"mail jane bei othercorp punkt de, weekdays":       "jane bei othercorp punkt de",
	} {
		loc := findShape(s)
		if loc == nil || s[loc[0]:loc[1]] != want {
			t.Errorf("findShape(%q) = %v, want %q", s, loc, want)
		}
	}
}
