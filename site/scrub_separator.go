package site

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The separators of findShape's shape: what stands between its words for
// the '@' and for each dot, and the words of prose that stand between
// words and never for a sign.

// separator is what readSeparator makes of the text between two words
// of a shape.
type separator struct {
	// ok says it may stand for the sign.
	ok bool
	// plain says it is one word of ASCII letters, set apart as prose
	// sets its words (by spaces, underscores, brackets or quotes): no
	// evidence of a sign of its own, as a sign, a word spelled letter
	// by letter or a word of another script is.
	plain bool
	// caps says its word is in Latin capitals.
	caps bool
	// dot says it is one dot, written as a dot: the domain written whole.
	dot bool
	// strong says it is signs alone, or a word with letters beyond
	// ASCII: a dot no prose writes between its words.
	strong bool
	// letters counts its letters.
	letters int
	// spelling is how it is written, blanks around it aside, in lower
	// case: an address writes each of its dots alike, and its '@'
	// otherwise.
	spelling string
	// id says it is joined to the words on either side by underscores,
	// as an id joins its words ("jane_at_othercorp"): an address
	// written so writes each of its signs so.
	id bool
}

// The longest a separator may be, in letters: as the known-address
// reading's gaps (gapAt, gapIn).
const (
	shapeAtLetters  = gapAt
	shapeDotLetters = gapIn
	// shapeSigns is the most signs a separator of signs alone has.
	shapeSigns = 4
)

// readSeparator reads t, the text between two words, as the '@' (at)
// or as a dot.
func readSeparator(t string, at bool) separator {
	core := strings.TrimFunc(t, blank)
	sep := separator{spelling: strings.ToLower(core), id: len(t) > 1 && t[0] == '_' && t[len(t)-1] == '_'}
	first := strings.IndexFunc(core, isWordRune)
	if first < 0 {
		signs := []rune(strings.Map(func(r rune) rune {
			if blank(r) {
				return -1
			}
			return r
		}, core))
		// Brackets and quotes around the sign enclose it ("(.)", "[@]");
		// on one side only they are prose's ("file (.ai", "times.\" in").
		i, j := 0, len(signs)
		for i < j && proseSign(signs[i]) {
			i++
		}
		for j > i && proseSign(signs[j-1]) {
			j--
		}
		switch {
		case i == j, at && t == "@", at && core == "@" && t[len(t)-1] == '@':
			// Prose punctuation alone; "jane@othercorp", which is
			// addressToken's: it hides the word the sign is in; a
			// mention's or a variable's sign before a word ("@tries").
		case !at && strings.HasPrefix(t, ".") && len(t) > 1 && blank(firstRune(t[1:])):
			// An abbreviation's dot, or a sentence's: "Univ. de Chile",
			// "loop starts. (to".
		case strings.Contains(core, "..") || strings.ContainsRune(core, '…'):
			// An ellipsis: "static libraries... no".
		default:
			sep.ok = len(signs) <= shapeSigns && encloses(string(signs[:i]), string(signs[j:])) && signsSeparate(signs[i:j], at)
			sep.strong = sep.ok
			sep.dot = !at && t == core && len(signs) == 1 && isDotSign(signs[0])
		}
		return sep
	}
	last := strings.LastIndexFunc(core, isWordRune)
	_, n := utf8.DecodeRuneInString(core[last:])
	lead, body, trail := core[:first], core[first:last+n], core[last+n:]
	// The words of the body, and their weight: a syllable or an
	// ideograph ("점", "点") is a word in one letter, not one letter of a
	// word spelled out.
	var words []string
	weight := 0
	for _, w := range strings.FieldsFunc(body, func(r rune) bool { return !isWordRune(r) }) {
		words = append(words, w)
		for _, r := range w {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				sep.letters++
				weight++
				if unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana, unicode.Yi) {
					weight++
				}
			}
		}
	}
	if len(words) > 1 {
		// A word spelled letter by letter: "(a)(t)", "d*t", "d o t";
		// not digits ("TLS 1.3"), nor initials ("x.f", "U.S.").
		for _, w := range words {
			if r, n := utf8.DecodeRuneInString(w); n != len(w) || !unicode.IsLetter(r) {
				return sep
			}
		}
		sep.ok = len(words) <= 4 && encloses(strings.TrimFunc(lead, blank), strings.TrimFunc(trail, blank)) &&
			!strings.ContainsAny(core, ".,;:!?/'’、，：；！？…")
		return sep
	}
	limit := shapeDotLetters
	if at {
		limit = shapeAtLetters
	}
	upper, lower := latinCase(body)
	switch {
	case !strings.ContainsFunc(body, unicode.IsLetter):
		return sep // a number
	case weight == 1 && (!at || readWord(body) != "a" || body == "a" && lead == ""):
		// One letter alone is an initial; an 'a' may be the '@' ("à",
		// "(a)"), but not the article.
		return sep
	case sep.letters > limit, proseWords[readWord(body)], upper && lower:
		return sep // long, a word of prose, a name
	case !at && (readWord(body) == "at" || readWord(body) == "a" || readWord(body) == "et"):
		// The words for the '@' are no dot: "looking at ci", "CFLAGS et
		// al", "log generic et de".
		return sep
	case !encloses(strings.TrimFunc(lead, blank), strings.TrimFunc(trail, blank)):
		// A word a sign touches on one side only is prose: "the list's
		// name", "(it", "`roster".
		return sep
	case strings.ContainsAny(lead+trail, ".,;:!?、，：；！？…") || strings.ContainsFunc(lead+trail, isDotSign):
		// Against a sentence's punctuation, a dot or a bullet, a word
		// is prose, a label or an item: "lead, example.org", "bugs
		// affecting example.org" has no dot "example.", "team · example.org".
		return sep
	}
	// A word of ASCII letters in brackets or quotes is plain too: prose
	// quotes its words ("the `groups` log").
	sep.ok, sep.caps, sep.plain, sep.strong = true, upper, isASCII(body), !isASCII(body)
	return sep
}

// encloses reports whether lead and trail, the signs on either side of
// a word, set it apart as a sign is: none; the same signs mirrored
// ("_at_", "-at-", "*at*", "|at|"); or brackets or quotes of any script
// that open and close ("(at)", "«at»", "„a“", "「at」").
func encloses(lead, trail string) bool {
	switch {
	case strings.ContainsAny(lead+trail, "/\\"):
		return false // a word between slashes is a path's: "rust/src/field.rs"
	case lead == "" || trail == "":
		return lead == trail
	}
	l, t := []rune(lead), []rune(trail)
	if len(l) != len(t) {
		return false
	}
	mirrored, paired := true, true
	for i, r := range l {
		c := t[len(t)-1-i]
		mirrored = mirrored && r == c
		paired = paired && (unicode.In(r, unicode.Ps, unicode.Pi, unicode.Pf) || r == '<') && (unicode.In(c, unicode.Pe, unicode.Pf, unicode.Pi) || c == '>')
	}
	return mirrored || paired
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// signsSeparate reports whether signs, the signs of a separator that
// has no letter (brackets around them aside), may stand for a dot (at
// false: any sign or symbol that is no prose punctuation) or an '@'
// (any '@' sign, or a symbol that is neither punctuation nor drawn as a
// dot).
func signsSeparate(signs []rune, at bool) bool {
	for _, r := range signs {
		switch {
		case r == '@' || r == '＠' || r == '﹫':
			return at
		case at && (unicode.Is(unicode.P, r) && !scriptSign(r) || isDotSign(r)):
			return false
		case !proseSign(r) && (unicode.In(r, unicode.S, unicode.P) || isDotSign(r)):
			// Not a number's sign: "bug 7417¹ is".
			return true
		}
	}
	return false
}

// scriptSign reports whether r is a mark of another script's
// punctuation that ends no sentence and that prose in Latin letters
// does not set between its words, as it sets "§", "†" or "※": between a
// name and a domain it stands for the '@' ("ivan ꩜ yandex.ru", "jo ๏
// example.org"), as a symbol does.
func scriptSign(r rune) bool {
	switch {
	case r < 0x370, r >= 0x2000 && r <= 0x2e7f, r >= 0x3000 && r <= 0x303f, r >= 0xfe10 && r <= 0xfe6f, r >= 0xff00 && r <= 0xffef:
		// Latin's, the general and supplemental punctuation, CJK's,
		// the small, vertical and full-width forms: prose's.
		return false
	}
	return unicode.Is(unicode.Po, r) && !unicode.Is(unicode.Terminal_Punctuation, r) && !proseSign(r)
}

// isDotSign reports whether r is a dot, or a sign drawn as one.
func isDotSign(r rune) bool {
	return r == '.' || dotLike.Replace(string(r)) == "."
}

// proseSign reports whether r is punctuation prose sets between its
// words: ASCII's signs but the dot and the '@', dashes, brackets,
// quotes, connectors, the sentence marks of other scripts, arrows.
// None of these alone is a separator of an address.
func proseSign(r rune) bool {
	switch {
	case r == '.' || r == '@':
		return false
	case r < utf8.RuneSelf:
		return true
	case r >= 0x2190 && r <= 0x21ff, r >= 0x27f0 && r <= 0x27ff, r >= 0x2900 && r <= 0x297f:
		return true // arrows
	}
	return unicode.In(r, unicode.Pd, unicode.Ps, unicode.Pe, unicode.Pi, unicode.Pf, unicode.Pc) || strings.ContainsRune("、，：；！？…¡¿‽", r)
}

// proseWords are the words of prose that stand between others, in
// English and in the languages whose words for the signs are read
// (their own words for '@' and '.' are no such word): the separators of
// prose, never of an address, and never its labels.
var proseWords = wordSet("the an and or nor but of in on to by for from with via per as is are was were be been it its this that these those " +
	"than then so not no if into onto over under about after before between within without who whom what which when where why how " +
	"we you they he she me us our your their his her them all any each some can will may do does did has have had also only just " +
	"more most such other see new " +
	"da das de del della dem den der des di die do du el em im la las le les lo los na no um uma un una une und von zu con para por pour par sur dans mit")

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// readWord is w as a label is read: compatibility forms and marks
// undone, look-alike letters read as Latin, lower case.
func readWord(w string) string {
	if isASCII(w) {
		return strings.ToLower(w)
	}
	return strings.ToLower(foldLookAlikes(marks.ReplaceAllString(norm.NFKD.String(w), "")))
}

// isLabel reports whether w may be a label of a domain: Latin letters
// and digits, read so, and no word of prose.
func isLabel(w string) bool {
	l := readWord(w)
	for _, r := range l {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-') {
			return false
		}
	}
	// "a" and "at" are the '@' of prose and of addresses, no label:
	// "for chunk at index ci".
	return l != "" && l != "a" && l != "at" && !proseWords[l]
}

// latinCase reports whether s has Latin capitals, and Latin small
// letters (in compatibility form: a full-width 'Ｃ' is a capital).
func latinCase(s string) (upper, lower bool) {
	for _, r := range norm.NFKC.String(s) {
		if unicode.Is(unicode.Latin, r) {
			upper = upper || unicode.IsUpper(r)
			lower = lower || unicode.IsLower(r)
		}
	}
	return upper, lower
}

// apartBefore reports whether nothing but blanks and signs stand
// between the text's start and i: no word runs on into what starts
// there.
func apartBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRightFunc(s[:i], blank))
	return !isWordRune(r)
}

// apartAfter reports whether no word follows s[:i] but after a sign: the
// text ends there, or a sentence or brackets do.
func apartAfter(s string, i int) bool {
	rest := strings.TrimLeftFunc(s[i:], blank)
	r, _ := utf8.DecodeRuneInString(rest)
	return rest == "" || !isWordRune(r)
}
