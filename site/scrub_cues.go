package site

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Where an address written out of shape may be. spelledAddress and
// signAddress start with a local part, which is any word: read a letter
// at a time, they cost a page a third of the public check, and a field
// that holds none of their '@'s every time it is read. Each '@' they
// know starts with a sign or a word few texts have where it stands (a
// cue): an '@' in any spelling; "at" set apart by spaces; a word for
// the '@' (atWord) after an opening bracket or quote; a signAt
// (maySignAt). They are read only around each cue, as findWordsAddress
// reads a page.

// A spelledAddress is looked for from spelledBefore bytes before the
// spaces and bracket before its '@' to spelledAfter bytes after it.
const (
	spelledBefore = 256
	spelledAfter  = 1024
)

// findSpelled returns where text holds a spelledAddress or a
// signAddress, or nil: a short text whole, once it has a cue; a long one
// (a page) around each cue, each read taking in the cues of the next
// spelledAfter bytes too (it reads to twice that past the first), so a
// page of cues is read about twice.
func findSpelled(text []byte) []int {
	if len(text) <= 2*spelledAfter {
		if !maySpell(text) {
			return nil
		}
		return findSpelledIn(text)
	}
	next := 0
	for i := 0; i < len(text); i++ {
		if i < next || !spelledCueAt(text, i) && !signCueAt(text, i) {
			continue
		}
		from := cueStart(text, i)
		to := min(len(text), i+2*spelledAfter)
		for to < len(text) && !utf8.RuneStart(text[to]) {
			to++
		}
		next = i + spelledAfter
		if loc := findSpelledIn(text[from:to]); loc != nil {
			return []int{from + loc[0], from + loc[1]}
		}
	}
	return nil
}

// findSpelledIn is findSpelled for all of text at once.
func findSpelledIn(text []byte) []int {
	if loc := spelledAddress.FindIndex(text); loc != nil || !maySignAt(text) {
		return loc
	}
	return signAddress.FindIndex(text)
}

// maySpell reports whether text has a cue of either expression.
func maySpell(text []byte) bool {
	for i := range text {
		if spelledCueAt(text, i) || signCueAt(text, i) {
			return true
		}
	}
	return false
}

// cueStart is where a read around the cue at text[i] starts: before the
// blanks and the opening bracket or quote an '@' may have before it,
// however many, and spelledBefore bytes of its local part, on a rune's
// start.
func cueStart(text []byte, i int) int {
	j := blanksBefore(text, i)
	if r, n := utf8.DecodeLastRune(text[:j]); j > 0 && isOpener(r) {
		j = blanksBefore(text, j-n)
	}
	j = max(0, j-spelledBefore)
	for j > 0 && !utf8.RuneStart(text[j]) {
		j--
	}
	return j
}

// blanksBefore is the index before the spaces (space) that end text[:i].
func blanksBefore(text []byte, i int) int {
	for i > 0 {
		r, n := utf8.DecodeLastRune(text[:i])
		if !isSpace(r) {
			break
		}
		i -= n
	}
	return i
}

// isSpace reports whether r is one of space: any Unicode space.
func isSpace(r rune) bool { return unicode.IsSpace(r) || unicode.In(r, unicode.Zs) }

// isOpener reports whether r is one of opener.
func isOpener(r rune) bool {
	return strings.ContainsRune("[({<\"'`|/*", r) || unicode.In(r, unicode.Ps, unicode.Pi, unicode.Pf)
}

// spelledCueAt reports whether a spelledAddress's '@' may start at
// text[i]: an atSign's first byte (the sign, an entity's '&', an
// escape's '%' or '\'); "at", in any case, with a space on either side;
// or the first letter of an atWord (an 'a' of any width or accent, an
// 'a' in a circle or in brackets, "chez") after an opener and blanks.
func spelledCueAt(text []byte, i int) bool {
	switch c := text[i]; {
	case c == '@' || c == '&' || c == '%' || c == '\\':
		return true
	case c == 'a' || c == 'A':
		if i > 0 && i+2 < len(text) && text[i+1]|0x20 == 't' {
			before, _ := utf8.DecodeLastRune(text[:i])
			if after, _ := utf8.DecodeRune(text[i+2:]); isSpace(before) && isSpace(after) {
				return true
			}
		}
		return openerBefore(text, i)
	case c == 'c' || c == 'C':
		return openerBefore(text, i)
	case c >= 0xc0:
		switch r, _ := utf8.DecodeRune(text[i:]); r {
		case '＠', '﹫':
			return true
		case 'ａ', 'Ａ', 'ä', 'Ä', 'ⓐ', 'Ⓐ', '⒜':
			return openerBefore(text, i)
		}
	}
	return false
}

// openerBefore reports whether an opener, then blanks, stand before
// text[i].
func openerBefore(text []byte, i int) bool {
	j := blanksBefore(text, i)
	r, _ := utf8.DecodeLastRune(text[:j])
	return j > 0 && isOpener(r)
}

// signCueAt reports whether a signAt may start at text[i]: a raised
// 'a', an 'ª', or an 'a' after a space, then one to a few signs (any
// byte beyond ASCII may be one), then a 't'.
func signCueAt(text []byte, i int) bool {
	c := text[i]
	if c >= utf8.RuneSelf {
		if !utf8.RuneStart(c) {
			return false
		}
		r, _ := utf8.DecodeRune(text[i:])
		return r == 'ª' || strings.ContainsRune(atRaisedRunes, r)
	}
	if c|0x20 != 'a' || i == 0 || !(isWordGap(text[i-1]) || text[i-1] >= utf8.RuneSelf) {
		return false
	}
	j := i + 1
	for j < len(text) && j-i <= 12 && (text[j] >= utf8.RuneSelf || isSign(text[j])) {
		j++
	}
	return j > i+1 && j < len(text) && text[j]|0x20 == 't'
}

// maySignAt reports whether text may hold a signAt (signCueAt).
func maySignAt(text []byte) bool {
	for i := range text {
		if signCueAt(text, i) {
			return true
		}
	}
	return false
}
