package site

import "strings"

// dottedEnding is a domain's ending with a dot, a blank or a joiner
// between its letters ("@example.o.r.g", "@example.i o", "@example.u_k",
// "@example.I.O.", "@example.i/o"), after an '@' and labels of two
// letters or more: "at M.I.T." has none. A run of three spaced letters
// is joined before (spacedRun); two letters are joined only here, where
// they end a domain.
var dottedEnding = lazyRE(`(@(?:[\p{L}\p{N}\-]{2,}\.)+)((?:\p{L}(?:[.,/+'~*_\-]\s*|\s+))+\p{L})(\.?(?:[^\p{L}\p{N}.]|$))`)

// endingJoiners are what dottedEnding reads between the letters of an
// ending, dropped when they are joined.
var endingJoiners = strings.NewReplacer(".", "", " ", "", "_", "", "-", "", ",", "", "/", "", "+", "", "'", "", "~", "", "*", "", "\t", "", "\n", "")

// joinEnding joins the letters of each dottedEnding in s.
func joinEnding(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	return dottedEnding.ReplaceAllStringFunc(s, func(m string) string {
		sub := dottedEnding.FindStringSubmatch(m)
		return sub[1] + endingJoiners.Replace(sub[2]) + sub[3]
	})
}
