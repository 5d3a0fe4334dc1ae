package site

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Cheap looks before the expressions of the readings. A field is read
// a dozen ways on every public build, and a page once more; most of the
// expressions find nothing in most texts, and an expression that finds
// nothing still reads the text a letter at a time. Each look here is a
// condition every match of its expression meets (a word, a sign it
// cannot match without), so that skipping the expression when it fails
// changes nothing.

// hasFold reports whether s holds any of words, ASCII in lower case,
// in any case.
func hasFold(s string, words ...string) bool {
	for _, w := range words {
		if indexFold(s, w, 0) >= 0 {
			return true
		}
	}
	return false
}

// foldCase is s in lower case, the long s a short one: the case
// folding (?i) does, for the words of foreignWords and spacedWords.
func foldCase(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	return strings.ToLower(strings.ReplaceAll(s, "ſ", "s"))
}

// mayForeignWord reports whether s may hold a word of foreignWords.
func mayForeignWord(s string) bool {
	lower := foldCase(s)
	for _, w := range foreignWordList {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// hasWordFold reports whether lower, a text folded by foldCase, holds
// word as a word of its own: no letter, mark or digit on either side.
func hasWordFold(lower, word string) bool {
	for i := strings.Index(lower, word); i >= 0; {
		before, _ := utf8.DecodeLastRuneInString(lower[:i])
		after, _ := utf8.DecodeRuneInString(lower[i+len(word):])
		if (i == 0 || !isWordRune(before)) && (i+len(word) == len(lower) || !isWordRune(after)) {
			return true
		}
		next := strings.Index(lower[i+1:], word)
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

// maySpacedRun reports whether s, its words set apart by single spaces,
// may hold a spacedRun: a word of one letter, digit, '@' or '.' between
// two others.
func maySpacedRun(s string) bool {
	words := strings.Split(s, " ")
	for i := 1; i+1 < len(words); i++ {
		if r, n := utf8.DecodeRuneInString(words[i]); n == len(words[i]) && n > 0 && (isWordRune(r) || r == '@' || r == '.') {
			return true
		}
	}
	return false
}

// mayBracketA reports whether s may hold a bracketA: an 'a' with an
// opening sign before it and a closing one after it, blanks aside.
func mayBracketA(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i]|0x20 != 'a' {
			continue
		}
		j := strings.TrimRightFunc(s[:i], unicode.IsSpace)
		before, _ := utf8.DecodeLastRuneInString(j)
		rest := strings.TrimLeftFunc(s[i+1:], unicode.IsSpace)
		after, _ := utf8.DecodeRuneInString(rest)
		if j != "" && rest != "" && bracketSign(before) && bracketSign(after) {
			return true
		}
	}
	return false
}

// bracketSign reports whether r may open or close a bracketA.
func bracketSign(r rune) bool {
	return strings.ContainsRune(`()[]{}<>"'|/*`, r) || unicode.In(r, unicode.Ps, unicode.Pe, unicode.Pi, unicode.Pf)
}

// mayAtWord reports whether s may hold an "at" of atWords, bracketAt or
// hyphenAt: an 'a' that starts a word (after no letter, digit or '@'),
// or any 'a' for within, then a 't' after up to three signs and blanks
// ("at", "a t", "a/t", "A. T."); "arroba"; "chez".
func mayAtWord(s string, start bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c != 'a' && c != 'c' {
			continue
		}
		if start && i > 0 {
			if r, _ := utf8.DecodeLastRuneInString(s[:i]); isWordRune(r) || r == '@' {
				continue
			}
		}
		if c == 'c' {
			if indexFold(s[i:], "chez", 0) == 0 {
				return true
			}
			continue
		}
		if indexFold(s[i:], "arroba", 0) == 0 {
			return true
		}
		for j, signs := i+1, 0; j < len(s) && signs <= 3; {
			r, n := utf8.DecodeRuneInString(s[j:])
			if r|0x20 == 't' {
				return true
			}
			if isWordRune(r) {
				break
			}
			if !unicode.IsSpace(r) {
				signs++
			}
			j += n
		}
	}
	return false
}

// mayDotWord reports whether s may hold a word of dotWords: "dot" and
// its spellings, another language's, "dt".
func mayDotWord(s string) bool {
	if hasFold(s, "dot", "d0t", "punkt", "point", "punt", "pont", "kropka", "tecka", "piste", "tuldok", "dt") {
		return true
	}
	// "d.o.t", "d_o-t".
	for i := indexFold(s, "d", 0); i >= 0 && i+4 < len(s); i = indexFold(s, "d", i+1) {
		if strings.IndexByte("._-", s[i+1]) >= 0 && s[i+2]|0x20 == 'o' && strings.IndexByte("._-", s[i+3]) >= 0 && s[i+4]|0x20 == 't' {
			return true
		}
	}
	return false
}

// titleDotWords are the words of titleDotTLD, as it reads them: in
// title case.
var titleDotWords = []string{"Dot", "Punkt", "Point", "Punto", "Pont", "Punt", "Piste", "Ponto", "Punct", "Punktum", "Kropka", "Tecka", "Teleia", "Nokta", "Tochka"}

// mayTitleDot reports whether s may hold a titleDotTLD.
func mayTitleDot(s string) bool {
	for _, w := range titleDotWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// mayEncloseA reports whether s holds an enclosing mark of enclosedA.
func mayEncloseA(s string) bool {
	return containsNonASCII(s, func(r rune) bool {
		return r >= 0x20dd && r <= 0x20e4 || r == 0x0488 || r == 0x0489 || r >= 0xa670 && r <= 0xa672
	})
}

// mayQuotedSign reports whether s may hold a quotedSign or a qpRun: "=40"
// or "=2E", or three quoted-printable codes in a row.
func mayQuotedSign(s string) bool {
	if strings.Contains(s, "=40") || hasFold(s, "=2e") {
		return true
	}
	for i := strings.IndexByte(s, '='); i >= 0 && i+8 < len(s); {
		if qpCode(s[i:]) && qpCode(s[i+3:]) && qpCode(s[i+6:]) {
			return true
		}
		next := strings.IndexByte(s[i+1:], '=')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

// qpCode reports whether s starts with '=' and two hex digits.
func qpCode(s string) bool {
	return len(s) >= 3 && s[0] == '=' && isHex(s[1]) && isHex(s[2])
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f' }

// mayPlusSign reports whether s may hold a plusSign: a '+' before "40",
// "2E", "0040", "002E", "AEA" or "AC4".
func mayPlusSign(s string) bool {
	for i := strings.IndexByte(s, '+'); i >= 0; {
		rest := s[i+1:]
		for _, code := range []string{"40", "2e", "040", "02e", "0040", "002e", "aea", "ac4"} {
			if len(rest) >= len(code) && strings.EqualFold(rest[:len(code)], code) {
				return true
			}
		}
		next := strings.IndexByte(rest, '+')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}
