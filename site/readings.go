package site

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/roster-dev/roster/internal/visible"
)

// What a page shows of a field is not always what the readings read.
// A character Unicode draws as nothing (U+200B, the soft hyphen, U+2060,
// U+FEFF, the Mongolian vowel separator) is shown as its escape, "\u200b",
// which a reader takes for a gap between words; the readings drop it,
// and read "jane.doe\u200bat\u200bzorbix\u200bdot\u200bcom" as
// "jane.doeatzorbixdotcom". A character drawn as a blank that no
// expression takes for a space (the braille blank U+2800, the ogham
// space mark, the Hangul fillers) reads as a space to a person and as
// a letter's neighbour to a reading ("jdoe1⠀gmail.com"). So a field is
// read both ways as well: each such character, and each escape a page
// shows for one, a space; and each dropped. What either reading hides
// hides the field whole.

// shownBlank reports whether r, as a page shows it, is a blank or no
// character at all: a space of any kind, a character drawn as a blank,
// or one Unicode draws as nothing. The joiners and variation selectors
// pageText keeps (names and emoji need them) show as nothing and read as
// nothing: the readings drop them already.
func shownBlank(r rune) bool {
	switch {
	case r < 0x80:
		return false
	case r == '\u200c' || r == '\u200d' || r >= '\ufe00' && r <= '\ufe0f':
		return false
	}
	return blank(r) || r == '\u1680' || visible.Unsafe(r)
}

// blankEscape is an escape a page shows for a character (pageText,
// visible.Line), or one written in the field to read as one.
var blankEscape = lazyRE(`\\u([dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\[nrtvf]`)

// blankReadings returns s with each shown blank (and each escape of
// one) a space, and the same dropped; none when s holds none, as most
// fields do.
func blankReadings(s string) []string {
	hasEscape := strings.Contains(s, `\`)
	if !hasEscape && !containsNonASCII(s, shownBlank) {
		return nil
	}
	as := func(with string) string {
		t := s
		if hasEscape {
			t = blankEscape.ReplaceAllStringFunc(t, func(m string) string {
				if escapesBlank(m) {
					return with
				}
				return m
			})
		}
		return strings.Map(func(r rune) rune {
			if shownBlank(r) {
				if with == "" {
					return -1
				}
				return ' '
			}
			return r
		}, t)
	}
	var out []string
	for _, t := range []string{as(" "), as("")} {
		if t != s && (len(out) == 0 || out[0] != t) {
			out = append(out, t)
		}
	}
	return out
}

// escapesBlank reports whether m, a blankEscape, writes a shown blank,
// a control character or half a character beyond the BMP (a tag
// character, a variation selector of the supplement).
func escapesBlank(m string) bool {
	switch {
	case len(m) == 2:
		return true // \n, \t ...
	case m[1] == 'x':
		return true // a control: visible.Line writes no other
	case len(m) > 6:
		return true // a surrogate pair: nothing beyond the BMP is a letter people write so
	}
	n, err := strconv.ParseUint(m[2:], 16, 32)
	if err != nil {
		return false
	}
	r := rune(n)
	return r >= 0xd800 && r <= 0xdfff || r < 0x20 || shownBlank(r) || unicode.Is(unicode.Cc, r)
}

// blankHides reports whether a reading of s with its shown blanks as
// spaces, or dropped, is hidden in part or whole by hideField.
func blankHides(s string) bool {
	for _, r := range blankReadings(s) {
		if t := hideFieldAsRead(r); t == hidden || strings.Count(t, hidden) > strings.Count(r, hidden) {
			return true
		}
	}
	return false
}

// knownBlank reports whether a reading of s with its shown blanks as
// spaces, or dropped, holds one of the input's addresses.
func (f *fields) knownBlank(s string) bool {
	for _, r := range blankReadings(s) {
		if f.known.spells(r) {
			return true
		}
	}
	return false
}
