package lookalike_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/roster-dev/roster/internal/lookalike"
	"github.com/roster-dev/roster/members"
)

// TestEveryImitationReadsAsItsLetter: every letter of the table, put in
// place of the Latin letter it imitates, gives an address the file's
// parser reads as that address (members.ReadsAlike), in either case: the
// parser and the public site read one table, so a letter the site reads
// as Latin is never a distinct-looking address to review.
func TestEveryImitationReadsAsItsLetter(t *testing.T) {
	for l := 'A'; l <= 'z'; l++ {
		if !unicode.IsLetter(l) {
			continue
		}
		for _, r := range lookalike.Imitators(l) {
			if r < 0x80 {
				t.Errorf("%q is ASCII: the table must hold only imitations", r)
			}
			latin := "mal" + strings.ToLower(string(l)) + "ory@example.org"
			fake := "mal" + string(r) + "ory@example.org"
			if !members.ReadsAlike(fake, latin) {
				t.Errorf("%U (%c, read as %c): %q does not read like %q (skeletons %q, %q)", r, r, l, fake, latin, members.Skeleton(fake), members.Skeleton(latin))
			}
		}
	}
}

// TestImitatorsAreOrdered: the character class built from Imitators is
// the same on every run (a map's order is not).
func TestImitatorsAreOrdered(t *testing.T) {
	a := lookalike.Imitators('a', 'A')
	if a == "" || a != lookalike.Imitators('a', 'A') || !strings.ContainsRune(a, 'а') || !strings.ContainsRune(a, 'Α') {
		t.Errorf("Imitators('a', 'A') = %q", a)
	}
	prev := rune(0)
	for _, r := range a {
		if r <= prev {
			t.Fatalf("not in code point order: %q", a)
		}
		prev = r
	}
}
