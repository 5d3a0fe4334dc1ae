// Package nearest finds the word someone probably meant: the known flag
// for a mistyped one, the key for a misspelt key.
package nearest

import (
	"slices"
	"strings"
)

// Word returns the known word within maxDist edits of got that is closest
// to it, or "" when none is (or got is itself known).
func Word(got string, known []string, maxDist int) string {
	best, bestDist := "", maxDist+1
	for _, k := range known {
		if d := Distance(got, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best == got {
		return ""
	}
	return best
}

// Distance is the edit distance between a and b, in bytes: insertions,
// deletions, substitutions, and a swap of two neighbours counted as one
// edit (optimal string alignment), since "lni" for "lin" is one slip of
// the fingers, not two. Words longer than 64 bytes are never near
// anything.
func Distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	// Three rows: the one before the previous is what a swap reaches
	// back to.
	older := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], older[j-2]+1)
			}
		}
		older, prev, cur = prev, cur, older
	}
	return prev[len(b)]
}

// DidYouMean returns ` (did you mean "x"?)` for the known word within
// two edits of got (see Word), or "": the tail every message about a
// mistyped name or value ends with.
//
// A word cut short, or the start of one part of a joined word ("video"
// for "video-call", "personal" for "known-personally"), is meant too,
// where it names one known word alone and is at least half of it, or
// its whole first part ("advance" of "advance-warning"): none is within
// two edits of a word that much longer. A word cut short of
// two known words names neither, not the one a slip away
// ("MODERATE_NON" of MODERATE_NONE and MODERATE_NON_MEMBERS, which
// mean opposite things).
func DidYouMean(got string, known []string) string {
	if best := Meant(got, known, 2); best != "" {
		return ` (did you mean "` + best + `"?)`
	}
	return ""
}

// Meant is the one known word got cuts short or starts a part of (see
// DidYouMean), else Word within maxDist edits, or "": "" too when got
// cuts two known words short.
func Meant(got string, known []string, maxDist int) string {
	if slices.Contains(known, got) {
		return ""
	}
	if cut := startOf(got, known, func(part string) bool { return strings.HasPrefix(part, got) && part != got }); len(cut) > 1 {
		return "" // cut short of more than one: which is a guess
	}
	if part := startOf(got, known, func(part string) bool { return strings.HasPrefix(part, got) }); len(part) == 1 && len(got) >= 3 && (2*len(got) >= len(part[0]) || len(got) >= 4 && firstPart(part[0]) == got) {
		return part[0]
	}
	return Word(got, known, maxDist)
}

// firstPart is word up to its first hyphen, underscore or dot.
func firstPart(word string) string {
	if i := strings.IndexAny(word, "-_."); i >= 0 {
		return word[:i]
	}
	return word
}

// startOf is the known words of which a part (between hyphens,
// underscores or dots), or the whole, satisfies match.
func startOf(got string, known []string, match func(part string) bool) []string {
	var out []string
	for _, k := range known {
		parts := append(strings.FieldsFunc(k, func(r rune) bool { return r == '-' || r == '_' || r == '.' }), k)
		if slices.ContainsFunc(parts, match) {
			out = append(out, k)
		}
	}
	return out
}
