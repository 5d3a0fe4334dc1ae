package site

import (
	"strings"
	"unicode/utf8"

	"github.com/roster-dev/roster/internal/visible"
)

// What a reader does not see is not read: every code point Unicode
// shows as nothing (Default_Ignorable_Code_Point: variation selectors,
// tag characters, joiners, the soft hyphen ...) is dropped before any
// pattern looks at a field or a page, so that one put between two signs
// ('a', U+FE00, a combining circle) cannot hide what they draw. The
// field scrub and the page check drop the same ones: were the page check
// to drop more, a field the scrub let through would fail the build.

// dropInvisible is s without its default-ignorable code points; those
// drawn as a blank (the Hangul fillers, the Mongolian vowel separator)
// are a space, as blank reads them.
func dropInvisible(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) || !strings.ContainsFunc(s[i:], visible.Invisible) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case !visible.Invisible(r):
			return r
		case blank(r):
			return ' '
		}
		return -1
	}, s)
}
