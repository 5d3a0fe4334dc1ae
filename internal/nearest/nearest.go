// Package nearest finds the word someone probably meant: the known flag
// for a mistyped one, the key for a misspelt key.
package nearest

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
func DidYouMean(got string, known []string) string {
	if best := Word(got, known, 2); best != "" {
		return ` (did you mean "` + best + `"?)`
	}
	return ""
}
