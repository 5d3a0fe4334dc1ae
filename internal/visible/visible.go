// Package visible decides which characters must not reach a reader as
// they are (controls, line separators, and every character Unicode shows
// as nothing) and writes them as escapes a person can read and a JSON
// string reads back. The terminal's escaper (report), the pages' (site)
// and the address parser (members) share it, so that no route lets one
// through that another stops.
package visible

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Line makes s safe to print as part of one terminal line: control
// characters (newline and tab included), DEL, C1 controls, invisible
// format characters (bidi overrides, zero-width joiners) and line
// separators are shown escaped ("\n", "\x1b", "\u202e"), and invalid
// UTF-8 bytes as "\xNN". Printable text, non-ASCII letters included, is
// unchanged, so a plain value prints as itself.
func Line(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || Unsafe(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case Unsafe(r):
			b.WriteString(Escape(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Escape writes an unsafe rune as text: "\xNN" for ASCII controls
// (which a JSON encoder has escaped already where it wrote one), DEL as
// "\u007f", "\uXXXX" above, as a UTF-16 surrogate pair beyond the BMP
// (a tag character, U+E0001, is "\udb40\udc01"), so that inside a JSON
// string the escape reads back as the rune.
func Escape(r rune) string {
	switch {
	case r == 0x7f:
		// DEL is the one control a JSON encoder writes as it is: inside
		// a JSON string only \u007f reads back.
		return `\u007f`
	case r < 0x80:
		return fmt.Sprintf(`\x%02x`, r)
	case r > 0xffff:
		hi, lo := utf16.EncodeRune(r)
		return fmt.Sprintf(`\u%04x\u%04x`, hi, lo)
	}
	return fmt.Sprintf(`\u%04x`, r)
}

// Unsafe reports whether r must not reach a terminal, a log or a page
// as is: it is a control character, or it ends a line, or it is
// Invisible.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		return true
	case r == '\u2028' || r == '\u2029' || r == '\ufeff':
		return true
	}
	return Invisible(r)
}

// Invisible reports whether Unicode shows r as nothing
// (Default_Ignorable_Code_Point): format characters (bidi overrides and
// isolates, zero-width spaces and joiners), variation selectors, the
// combining grapheme joiner, fillers. Around other text they change how
// it reads, or make two spellings of one thing look the same.
func Invisible(r rune) bool {
	if r < utf8.RuneSelf {
		return false // no ASCII character is a format character or ignorable
	}
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r) || unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r)
}

// LookalikeNote is "" for plain ASCII, else " [non-ASCII: ...]" naming
// each letter of s that could pass for an ASCII one, as Lookalike does:
// the note text outputs set after the address.
func LookalikeNote(s string) string {
	if n := Lookalike(s); n != "" {
		return " [non-ASCII: " + n + "]"
	}
	return ""
}

// Lookalike is "" for plain ASCII, else names each letter of s that
// could pass for an ASCII one ("е is U+0435 a Cyrillic letter"), joined
// by "; ", so that an address a person compares by eye never prints
// exactly like another: JSON documents carry it beside the address.
//
// A domain label in punycode ("xn--exmple-4nf") prints as ASCII but is
// the Unicode it encodes to whoever reads the mail: it is named decoded
// ("xn--exmple-4nf is exаmple"), with the letters of the decoding.
func Lookalike(s string) string {
	var notes []string
	seen := map[rune]bool{}
	letters := func(s string) {
		for _, r := range s {
			if r < utf8.RuneSelf || seen[r] {
				continue
			}
			seen[r] = true
			if Unsafe(r) {
				// Text escapes it (\u202e); a JSON document carries it
				// as is, where it shows as nothing or turns the text
				// around: named, so a reader of either can tell.
				notes = append(notes, fmt.Sprintf("U+%04X is %s", r, unsafeKind(r)))
				continue
			}
			if unicode.In(r, unicode.Mn, unicode.Me) {
				// On a dotted circle, not on the space before "is".
				notes = append(notes, fmt.Sprintf("\u25cc%c is U+%04X a combining mark", r, r))
				continue
			}
			notes = append(notes, fmt.Sprintf("%c is U+%04X %s", r, r, scriptOf(r)))
		}
	}
	letters(s)
	for _, label := range punycodeLabels(s) {
		u, err := idna.Punycode.ToUnicode(strings.ToLower(label))
		if err != nil || u == strings.ToLower(label) {
			continue
		}
		notes = append(notes, Line(label)+" is "+Line(u))
		letters(u)
	}
	return strings.Join(notes, "; ")
}

// unsafeKind says what an Unsafe rune beyond ASCII does to the text
// around it.
func unsafeKind(r rune) string {
	switch {
	case unicode.Is(unicode.Bidi_Control, r):
		return "a direction control, which reorders the text around it"
	case Invisible(r):
		return "invisible"
	}
	return "a control character"
}

// punycodeLabels returns the labels of s, split where a domain label
// cannot go on, that start "xn--" in any case.
func punycodeLabels(s string) []string {
	var out []string
	for _, label := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) {
		if len(label) > 4 && strings.EqualFold(label[:4], "xn--") {
			out = append(out, label)
		}
	}
	return out
}

// scriptOf names the script of a letter, for LookalikeNote.
func scriptOf(r rune) string {
	for _, name := range []string{"Cyrillic", "Greek", "Armenian", "Cherokee", "Latin", "Han", "Hiragana", "Katakana", "Hangul", "Arabic", "Hebrew", "Devanagari", "Thai"} {
		if unicode.Is(unicode.Scripts[name], r) {
			if name == "Latin" {
				return "a non-ASCII Latin letter"
			}
			return "a " + name + " letter"
		}
	}
	if unicode.IsLetter(r) {
		return "a letter"
	}
	return "a symbol"
}
