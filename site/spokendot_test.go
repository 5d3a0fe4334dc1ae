package site

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestMaySpeakDotMissesNoMatch: maySpeakDot, the cheap look before the
// spoken-dot patterns, is false only where neither pattern matches, on
// strings drawn from the characters the patterns are made of.
func TestMaySpeakDotMissesNoMatch(t *testing.T) {
	t.Parallel()
	parts := []string{"dot", "DOT", "Dot", "punkt", "PERIOD", "point", "punto", "ponto", "точка", "ТОЧКА", "点", ".", " ", "\t", "[", "]", "(", ")",
		"{", "}", "<", ">", "«", "»", "'", "\"", "-", "_", "jane", "zorbix", "io", "a", "K", "\u212a", "ſ", "\u00a0", "x.y"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 50000 {
		var b strings.Builder
		for range 1 + r.IntN(8) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		s := b.String()
		if !maySpeakDot(s) && (spokenDot.MatchString(s) || writtenDot.MatchString(s)) {
			t.Fatalf("maySpeakDot(%q) = false, but a pattern matches", s)
		}
	}
}
