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
// (maySignAt). A field with no cue is not read by them (scrub); a page
// is read from each cue, by their tails (spelledTail, signTail)
// anchored where the local part before the cue ends.

// A spelledAddress's tail, its '@' and domain, is read up to
// spelledAfter bytes; its local part is shown up to spelledBefore bytes
// back.
const (
	spelledBefore = 256
	spelledAfter  = 1024
)

// findSpelled returns where text holds a spelledAddress or a
// signAddress, or nil: for each cue, from the end of each word before it
// that may end a local part (the one before the blanks before the cue,
// or before those and an opening bracket or quote), whether a tail
// follows.
func findSpelled(text []byte) []int {
	for i := range text {
		spelled, sign := spelledCueAt(text, i), signCueAt(text, i)
		if !spelled && !sign {
			continue
		}
		p := blanksBefore(text, i)
		ends := []int{p}
		if r, n := utf8.DecodeLastRune(text[:p]); p > 0 && isOpener(r) {
			ends = append(ends, blanksBefore(text, p-n))
		}
		for _, p := range ends {
			if !localEndsAt(text, p) {
				continue
			}
			to := min(len(text), p+spelledAfter)
			for to < len(text) && !utf8.RuneStart(text[to]) {
				to++
			}
			loc := []int(nil)
			if spelled {
				loc = spelledTail.FindIndex(text[p:to])
			}
			if loc == nil && sign {
				loc = signTail.FindIndex(text[p:to])
			}
			if loc != nil {
				return []int{localStart(text, p), p + loc[1]}
			}
		}
	}
	return nil
}

// localEndsAt reports whether a character of a local part
// ([\p{L}\p{M}\p{N}._%+\-]) ends text[:p].
func localEndsAt(text []byte, p int) bool {
	r, _ := utf8.DecodeLastRune(text[:p])
	return p > 0 && (isWordRune(r) || strings.ContainsRune("._%+-", r))
}

// localStart is where the local part that ends at text[p] starts, at
// most spelledBefore bytes back.
func localStart(text []byte, p int) int {
	start := p
	for start > 0 && p-start < spelledBefore && localEndsAt(text, start) {
		_, n := utf8.DecodeLastRune(text[:start])
		start -= n
	}
	return start
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
