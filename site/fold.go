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

// Letters drawn in a circle, a square, brackets, or as a flag's half
// (a regional indicator) are letters to a reader: "🅳🅰🅽🅰" is "DANA".
// NFKC folds some of them (ⓐ, 🄰, ⒜) and not others (the negative
// circled and squared letters, the regional indicators); all are read
// here, before it. An 'a' drawn so alone, with no other such letter
// beside it (spaces aside), is drawn where an '@' would be ("jo ⓐ
// example.org"), and reads as one.

// enclosedBlocks are the runs of 26 such letters, A (or a) to Z.
var enclosedBlocks = [...]struct {
	first rune
	small bool
}{
	{0x24B6, false},  // Ⓐ circled
	{0x24D0, true},   // ⓐ circled small
	{0x249C, true},   // ⒜ parenthesized small
	{0x1F110, false}, // 🄐 parenthesized
	{0x1F130, false}, // 🄰 squared
	{0x1F150, false}, // 🅐 negative circled
	{0x1F170, false}, // 🅰 negative squared
	{0x1F1E6, false}, // 🇦 regional indicator
}

// enclosedPairs are the negative squared signs of more than one letter
// that NFKC leaves as they are.
var enclosedPairs = map[rune]string{0x1F18A: "P", 0x1F18B: "IC", 0x1F18C: "PA", 0x1F18D: "SA", 0x1F18E: "AB", 0x1F18F: "WC"}

// enclosedLetters returns the Latin letters r draws, or "" when it is
// none of these; and whether it is an 'a' that may stand for an '@'.
func enclosedLetters(r rune) (letters string, a bool) {
	if r < 0x249C || r > 0x1F1FF {
		return "", false
	}
	for _, b := range enclosedBlocks {
		if r >= b.first && r < b.first+26 {
			base := 'A'
			if b.small {
				base = 'a'
			}
			return string(base + r - b.first), r == b.first
		}
	}
	return enclosedPairs[r], false
}

// readEnclosed is s with each enclosed letter the Latin letter it draws,
// and each one alone that draws an 'a' an '@'.
func readEnclosed(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { l, _ := enclosedLetters(r); return l != "" }) {
		return s
	}
	rs := []rune(s)
	// beside reports whether the rune next to i in the direction d,
	// spaces aside, is an enclosed letter.
	beside := func(i, d int) bool {
		for i += d; i >= 0 && i < len(rs); i += d {
			if rs[i] != ' ' {
				l, _ := enclosedLetters(rs[i])
				return l != ""
			}
		}
		return false
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range rs {
		l, a := enclosedLetters(r)
		switch {
		case l == "":
			b.WriteRune(r)
		case a && !beside(i, -1) && !beside(i, 1):
			b.WriteByte('@')
		default:
			b.WriteString(l)
		}
	}
	return b.String()
}

// readPage is the text of a page as the public check reads it: what
// shows as nothing dropped, enclosed letters read.
func readPage(s string) string {
	return readEnclosed(dropInvisible(s))
}
