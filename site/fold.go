package site

import (
	"github.com/roster-dev/roster/internal/lookalike"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/roster-dev/roster/internal/visible"
	"golang.org/x/text/unicode/norm"
)

// What a reader does not see is not read: every code point Unicode
// shows as nothing (Default_Ignorable_Code_Point: variation selectors,
// tag characters, joiners, the soft hyphen ...) is dropped before any
// pattern looks at a field or a page, so that one put between two signs
// ('a', U+FE00, a combining circle) cannot hide what they draw. The
// field scrub and the page check drop the same ones: were the page check
// to drop more, a field the scrub let through would fail the build.

// dropInvisible is s without its default-ignorable code points; those
// drawn as a blank (the Hangul fillers) are a space, as blank reads
// them. The Mongolian vowel separator, a blank once, is of no width
// since Unicode 6.3: "a\u180e\u20dd" draws an 'a' in a circle.
func dropInvisible(s string) string {
	if !containsNonASCII(s, visible.Invisible) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case !visible.Invisible(r):
			return r
		case r == '\u3164', r == '\u115f', r == '\u1160', r == '\uffa0':
			return ' '
		}
		return -1
	}, s)
}

// containsNonASCII reports whether s holds a rune beyond ASCII for
// which f is true. A page is megabytes, mostly ASCII: those bytes are
// passed over without decoding them.
func containsNonASCII(s string, f func(rune) bool) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if f(r) {
			return true
		}
		i += n
	}
	return false
}

// Letters drawn in a circle, a square, brackets, or as a flag's half
// (a regional indicator) are letters to a reader: "🅳🅰🅽🅰" is "DANA".
// NFKC folds some of them (ⓐ, 🄰, ⒜) and not others (the negative
// circled and squared letters, the regional indicators); all are read
// here, before it. An 'a' drawn so alone, with no other letter of its
// block beside it, is drawn where an '@' would be ("jo ⓐ example.org"),
// and reads as one.

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
// and each one alone that draws an 'a' an '@': alone when no enclosed
// letter of its block is beside it, spaces aside ("🇩 🇦 🇳 🇦" spells a
// name letter by letter). readEnclosedApart is the other reading.
func readEnclosed(s string) string { return readEnclosedBy(s, true) }

// readEnclosedApart is s read as readEnclosed reads it, an 'a' alone
// when no letter of its block touches it, spaces counting:
// "🅳🅰🅽🅰 🅰 🅴🆇🅰🅼🅿🅻🅴" has an '@' between two words of the same
// letters. The readings of a field read it both ways.
func readEnclosedApart(s string) string { return readEnclosedBy(s, false) }

func readEnclosedBy(s string, spaced bool) string {
	if !containsNonASCII(s, func(r rune) bool { l, _ := enclosedLetters(r); return l != "" }) {
		return s
	}
	rs := []rune(s)
	// beside reports whether the rune next to i in the direction d
	// (spaces aside, when spaced) is an enclosed letter of block.
	beside := func(i, d int, block rune) bool {
		for i += d; i >= 0 && i < len(rs); i += d {
			if rs[i] != ' ' || !spaced {
				l, _ := enclosedLetters(rs[i])
				return l != "" && enclosedBlock(rs[i]) == block
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
		case a && !beside(i, -1, enclosedBlock(r)) && !beside(i, 1, enclosedBlock(r)):
			b.WriteByte('@')
		default:
			b.WriteString(l)
		}
	}
	return b.String()
}

// enclosedBlock is the first letter of the block of enclosedBlocks r is
// in, or r (a pair of enclosedPairs is a block of its own).
func enclosedBlock(r rune) rune {
	for _, b := range enclosedBlocks {
		if r >= b.first && r < b.first+26 {
			return b.first
		}
	}
	return r
}

// readPage is the text of a page as the public check reads it: what
// shows as nothing dropped, enclosed and look-alike letters read, the
// digits of a word read as letters.
func readPage(s string) string {
	read, _ := readPageRaw(s)
	return read
}

// readPageRaw is readPage, and the text it read before the digits of a
// word were read as letters, of the same length: "jdoe1 → gmail.com" is
// a mailbox as written, where its reading "jdoel" is a word.
func readPageRaw(s string) (read, raw string) {
	if !isASCII(s) {
		s = foldLookAlikes(readEnclosed(dropInvisible(s)))
	}
	return foldLeet(s), s
}

// foldLookAlikes is s with each letter of lookalike.Latin the Latin letter it
// is taken for, and the fullwidth and mathematical letters and digits
// (which NFKC folds, where a reading applies it) as theirs.
func foldLookAlikes(s string) string {
	if isASCII(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r < 0x80:
			return r
		case r >= 0xFF01 && r <= 0xFF5E: // fullwidth ASCII
			return r - 0xFEE0
		case r >= 0x1D400 && r <= 0x1D7FF: // mathematical letters, digits
			if n := []rune(norm.NFKC.String(string(r))); len(n) == 1 {
				return n[0]
			}
		}
		if l, ok := lookalike.Latin(r); ok {
			return l
		}
		return r
	}, s)
}

// leetDigit is the letter a digit is written for written for the letters they look like
// inside a word ("wh1tf13ld", "examp1e", "c0m", "4t").
func leetDigit(r rune) rune {
	switch r {
	case '0':
		return 'o'
	case '1':
		return 'l'
	case '3':
		return 'e'
	case '4':
		return 'a'
	case '5':
		return 's'
	case '7':
		return 't'
	}
	return r
}

// foldLeet is s with the digits of each word that has a letter read as
// the letters they look like (leetDigit). A word of digits alone is a
// number, and stays one: "list 07", "192.0.2.1", "Chat at 3 p.m.".
func foldLeet(s string) string {
	var b []byte // s changed, once a digit is read
	for i := 0; i < len(s); {
		r, n := runeAt(s, i)
		if !isWordRune(r) {
			i += n
			continue
		}
		// One word: from i to j. Its digits are ASCII, one byte each.
		j, letter, digit := i, false, false
		for j < len(s) {
			r, n := runeAt(s, j)
			if !isWordRune(r) {
				break
			}
			letter = letter || unicode.IsLetter(r)
			digit = digit || leetDigit(r) != r
			j += n
		}
		if letter && digit {
			if b == nil {
				b = []byte(s)
			}
			for k := i; k < j; k++ {
				b[k] = byte(leetDigit(rune(b[k])))
			}
		}
		i = j
	}
	if b == nil {
		return s
	}
	return string(b)
}

// runeAt is the rune at s[i:] and its length, ASCII read fast.
func runeAt(s string, i int) (rune, int) {
	if s[i] < utf8.RuneSelf {
		return rune(s[i]), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// isWordRune reports whether r is part of a word: a letter, a digit or
// a mark.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r|0x20 && r|0x20 <= 'z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
}

// pipesAsLetters is s with each bar and exclamation mark between two
// letters or digits read as the letter it looks like: "whitfie|d",
// "gma!l". It is one reading of two: "jo|at|example.org" has bars for
// brackets, and the readings read a field both ways.
func pipesAsLetters(s string) string {
	var b strings.Builder
	last := 0 // s[:last] is written to b, once a sign is read
	prev := rune(0)
	for i, r := range s {
		l := rune(0)
		switch r {
		case '|', 'ǀ', '¦', '∣', '｜':
			l = 'l'
		case '!', 'ǃ', '！':
			l = 'i'
		}
		if l != 0 && isWordRune(prev) {
			if next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):]); isWordRune(next) {
				b.WriteString(s[last:i])
				b.WriteRune(l)
				last = i + utf8.RuneLen(r)
			}
		}
		prev = r
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}
