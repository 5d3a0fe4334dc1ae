package site

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"
)

// hidden replaces an address in a public site.
const hidden = "[address hidden]"

// HiddenAddress is what a public page shows in place of an address: a
// caller that writes an address into a text for the public roster puts
// this in its place, so that the rest of the text stays readable (a
// field that holds an address the file names is hidden whole).
const HiddenAddress = hidden

// atSign matches the ways an '@' is written in text people paste: the
// sign itself, its full-width and small forms, and its HTML, URL and
// JavaScript encodings.
const atSign = `(?:@|＠|﹫|&(?:amp;)?#0*64;?|&(?:amp;)?#[xX]0*40;?|&(?:amp;)?commat;|%(?:25)?40|\\u0040|\\u\{0*40\}|\\x40|\\100)`

// tokenChars are the characters of a word that may hold an address:
// everything but space and the brackets and quotes that surround one.
const tokenChars = `[^\s<>"'(),\[\]{}` + "`" + `]`

// addressToken finds a word with an '@' in it, in any of its spellings.
var addressToken = lazyRE(`(?i)` + tokenChars + `*` + atSign + tokenChars + `*`)

// mention is what may follow the '@' of a GitHub mention: a handle, or
// an organisation's team (ASCII letters, digits, '-', '_' and one '/').
// Anything else after it, a dot of any form above all, may be a domain.
var mention = lazyRE(`^(?:[A-Za-z0-9][A-Za-z0-9_-]*(?:/[A-Za-z0-9][A-Za-z0-9_-]*)?)?$`)

// atSplit finds the '@' within such a word.
var atSplit = lazyRE(`(?i)` + atSign)

// Spelled addresses: an address written to get past a search for one.
// Spaces are any Unicode space; letters carry their combining marks
// (macOS writes names decomposed); brackets are any a person types
// around a word: every opening and closing punctuation (Ps, Pe) and
// quote (Pi, Pf, either side: German writes „a“, Danish »a«) of any
// script, full-width ones included. Within them, the '@' may be an 'a'
// alone, or "at" with a sign between its letters ("a/t", "a+t", "a:t").
const (
	space  = `[\s\p{Zs}]`
	opener = `[\[\(\{<"'` + "`" + `|/*\p{Ps}\p{Pi}\p{Pf}]`
	closer = `[\]\)\}>"'` + "`" + `|/*\p{Pe}\p{Pf}\p{Pi}]`
	letter = `[\p{L}\p{M}\p{N}]`
	atWord = `(?:` + atSign + `|at|ａｔ|ät|arroba|chez|ⓐ|⒜|` + atSplitWord + `|a)`
	// atSplitWord is "at" with a sign or two between its letters.
	atSplitWord = `a[^\p{L}\p{N}\s]{1,3}t`
	// atRaised is an 'a' drawn raised, lowered or as an APL alpha where
	// an '@' would be (atLike). The ordinal 'ª' is one only set apart
	// from words (signAt): "2ª" is an ordinal.
	atRaised = `(?:ᵃ|ₐ|ᴬ|ᵄ|ᵅ|ᶛ|⍺|⍶|ꬱ|ꭤ)`
	dotSign  = `[.。．｡﹒․·∙]`
	dotWord  = `(?:` + dotSign + `|dot|punkt|point|punto)`
	label    = letter + `(?:[\p{L}\p{M}\p{N}\-]*` + letter + `)?`
	tld      = `\p{L}[\p{L}\p{M}\p{N}\-]*` + letter // two letters or more
	ipDomain = `\[?\d{1,3}(?:\.\d{1,3}){3}\]?`
)

// spelledAt is the '@' of such an address: the sign (in any spelling)
// or an "at" word in brackets or quotes, or the sign set apart by
// spaces.
const spelledAt = `(?:` + space + `*` + opener + space + `*` + atWord + space + `*` + closer + space + `*|` + space + `+` + atSign + space + `*|` + atSign + space + `+)`

// signAt is an '@' drawn as a letter, not written as a sign: "at" split
// by a sign, set apart by spaces ("jo a/t example.org"), or a raised
// 'a' ("jo ₐ example.org", "joᵃexample.org").
const signAt = `(?:` + space + `+` + atSplitWord + space + `+|` + space + `*` + atRaised + space + `*|` + space + `+ª` + space + `+)`

// spelledDot is a dot of its domain: a dot (in any form) with no space
// after it, which "Univ. Oxford" has, or a dot word in brackets.
const spelledDot = `(?:` + dotSign + `|` + space + `*` + opener + space + `*` + dotWord + space + `*` + closer + space + `*)`

// spelledDomain is the domain: labels joined by dots, the last two
// letters or more ("M.I.T." is no domain), or an IP literal.
const spelledDomain = `(?:` + label + `(?:` + spelledDot + label + `)*` + spelledDot + tld + `|` + ipDomain + `)`

// spelledAddress finds an address written out of shape: alice[@]example.org,
// bob @ example.org, carol(at)example。org, dave[at]example[dot]org, and
// the words "erin at example dot org". In words too the last label is
// an ending of two letters or more: a match that stopped on one letter
// ("jo at example dot o r g") would leave the rest of the ending behind
// and no address for hideField to find.
var spelledAddress = lazyRE(`(?i)[\p{L}\p{M}\p{N}._%+\-]+` + spelledTailExpr)

// spelledTailExpr is a spelledAddress after its local part: its '@' and
// its domain.
const spelledTailExpr = `(?:` + spelledAt + spelledDomain +
	`|` + space + `+at` + space + `+` + label + `(?:` + space + `+(?-i:dot|DOT)` + space + `+` + label + `)*` +
	space + `+(?-i:dot|DOT)` + space + `+` + tld + `)`

// spelledTail and signTail are a spelledAddress and a signAddress from
// the end of their local part, anchored there: the page check reads
// them where each cue says a local part ends (findSpelled).
var (
	spelledTail = lazyRE(`(?i)^` + spelledTailExpr)
	signTail    = lazyRE(`(?i)^` + signAt + spelledDomain)
)

// signAddress is an address whose '@' is a signAt. It is apart from
// spelledAddress, and read only where such an '@' may be (maySignAt):
// in one expression, its ways of starting an '@' after every word made
// the page check's reading of a large site a quarter slower.
var signAddress = lazyRE(`(?i)[\p{L}\p{M}\p{N}._%+\-]+` + signAt + spelledDomain)

// isSign reports whether the ASCII byte c is neither a letter, a digit
// nor a space.
func isSign(c byte) bool {
	l := c | 0x20
	return c > ' ' && c < 0x7f && !('a' <= l && l <= 'z') && !('0' <= c && c <= '9')
}

// The parts of wordsAddress: an '@' written as a word between words
// (in English, Indian English's "at the rate (of)", Japanese, Korean,
// Thai, Hindi) or drawn as an 'a' in a circle, or raised (atRaised); a dot
// written as a word (lower case or capitals, run into the ending or
// not; in title case only set apart: "Dotcom Ltd" is a name) or as a
// sign drawn as one.
const (
	pageAtWord = `(?:[\s_\-]+(?:at(?:[\s_\-]*(?:the|d)?[\s_\-]*rate(?:[\s_\-]+of)?)?|アット|앳|แอท|एट(?:\s*द\s*रेट)?)[\s_\-]+|\s*(?:[aAаАαΑ][\x{20dd}-\x{20e4}]|` + atRaised + `)\s*)`
	pageDot    = `(?:[\s_\-]*(?-i:dot|DOT)[\s_\-]*|[\s_\-]+(?-i:Dot)[\s_\-]+|[\s_\-]*(?:ドット|닷|ดอท|נקודה|taškas|डॉट)[\s_\-]*|[.°◉⭘▫⁖𐄁་჻꓾])`
)

// wordsAddress is, for the public check's last look at a page, an
// address spelled with those words and signs before a common ending:
// "jo at example dot com", "Jo_At_Example_Dot_Com", "jo-at-example-dotcom",
// "chen at the rate example dot com", "jo at example°com". It is narrower
// than what a field is read for (hideField hides every one of them, and
// more), so that what a field shows never fails a build: it is there for
// text that reaches a page another way.
var wordsAddress = lazyRE(`(?i)[\p{L}\p{N}]+` + pageAtWord + `[\p{L}\p{N}][\p{L}\p{N}\-]*(?:` + pageDot + `[\p{L}\p{N}][\p{L}\p{N}\-]*)*` + pageDot + `(?:(?:com|org|net|edu|gov|io)\b|कॉम)`)

// atRaisedRunes are the signs of atRaised.
const atRaisedRunes = "ᵃₐᴬᵄᵅᶛ⍺⍶ꬱꭤ"

// atStart reports whether a non-ASCII beginning of pageAtWord is at
// text[i:]: a first letter of its words, an enclosing mark, a sign.
func atStart(text []byte, i int) bool {
	switch r, _ := utf8.DecodeRune(text[i:]); {
	case r == 'ア', r == '앳', r == 'แ', r == 'ए', strings.ContainsRune(atRaisedRunes, r):
		return true
	default:
		return r >= 0x20dd && r <= 0x20e4
	}
}

// findWordsAddress returns where text holds a wordsAddress, or nil. A
// page of a large list is megabytes that the expression would read a
// letter at a time: it reads only around each place an '@' may be
// spelled ("at" after a space, underscore or hyphen, or atStart), from
// a little before it to well past any domain (see scanWordsAddress).
func findWordsAddress(text []byte) []int {
	loc, _ := scanWordsAddress(text)
	return loc
}

// A wordsAddress is looked for from wordsBefore bytes before its '@'
// to wordsAfter bytes after it.
const (
	wordsBefore = 64
	wordsAfter  = 1024
)

// scanWordsAddress is findWordsAddress, and how many bytes the
// expression read. Each read takes in the places of the next wordsAfter
// bytes too (it reads to twice that past the first): a page of "x at "
// over and over is read about twice, where a read for each place read
// it two hundred times.
func scanWordsAddress(text []byte) (loc []int, read int) {
	next := 0 // the places before it were read with an earlier one
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case i < next:
			continue
		case c == 'a' || c == 'A':
			if i == 0 || i+1 >= len(text) || text[i+1]|0x20 != 't' || !isWordGap(text[i-1]) {
				continue
			}
		case c >= 0xe0:
			if !atStart(text, i) {
				continue
			}
		default:
			continue
		}
		from, to := max(0, i-wordsBefore), min(len(text), i+2*wordsAfter)
		for from > 0 && !utf8.RuneStart(text[from]) {
			from--
		}
		next = i + wordsAfter
		if !hasEnding(text[i:to]) {
			continue // no ending the expression knows: no address
		}
		read += to - from
		for _, loc := range wordsAddress.FindAllIndex(text[from:to], -1) {
			if !jobAtIn(string(text[:from+loc[1]]), from+loc[0]) {
				return []int{from + loc[0], from + loc[1]}, read
			}
		}
	}
	return nil, read
}

// jobAtIn reports whether text[start:], a wordsAddress, is a job at a
// company (jobAt) rather than an address; the text before it holds the
// job's title ("Security" of "Security lead at openssl.org").
func jobAtIn(text string, start int) bool {
	m := text[start:]
	loc := pageAt.FindStringIndex(m)
	return loc != nil && jobAt(text[:start+loc[0]], m[loc[1]:])
}

// pageAt is the "at" of a wordsAddress between words.
var pageAt = lazyRE(`(?i)[\s_\-]+at[\s_\-]+`)

// hasEnding reports whether b holds an ending wordsAddress ends in, in
// any case, after what may be a pageDot: a sign or a letter of another
// script, or "dot", before it, spaces, underscores and hyphens aside.
// It is cheaper to look for than the expression is to read: a page of
// "x at com" has none.
func hasEnding(b []byte) bool {
	for i := 1; i+1 < len(b); i++ {
		n := 0
		switch c := b[i] | 0x20; {
		case c == 'i' && b[i+1]|0x20 == 'o':
			n = 2
		case i+2 < len(b) && (c == 'c' || c == 'o' || c == 'n' || c == 'e' || c == 'g'):
			switch string([]byte{c, b[i+1] | 0x20, b[i+2] | 0x20}) {
			case "com", "org", "net", "edu", "gov":
				n = 3
			}
		}
		if n > 0 && dotBefore(b[:i]) {
			return true
		}
	}
	return bytes.Contains(b, []byte("कॉम"))
}

// dotBefore reports whether b may end in a pageDot.
func dotBefore(b []byte) bool {
	j := len(b)
	for j > 0 && (b[j-1] == '_' || b[j-1] == '-' || isSpaceOrMarkup(b[j-1]) || b[j-1] == '\f' || b[j-1] == '\v') {
		j--
	}
	switch {
	case j == 0:
		return false
	case b[j-1] == '.' || b[j-1] >= 0x80:
		return true
	}
	return j >= 3 && b[j-3]|0x20 == 'd' && b[j-2]|0x20 == 'o' && b[j-1]|0x20 == 't'
}

// isWordGap reports whether c may set an "at" apart in wordsAddress.
func isWordGap(c byte) bool {
	return c == ' ' || c == '_' || c == '-' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// hiddenWhole widens a hidden address to what is left of it around: a
// quoted or bracketed local part before it, the rest of the word it
// ends ("dana.whitfie|" of "dana.whitfie|d a/t example.org", whose bar
// no pattern takes for a letter; not the end of another hidden one),
// an IP literal after it.
var hiddenWhole = lazyRE(`(?:"[^"]*"|\([^)]*\)|[^\s\p{Zs}\]])*` + regexp.QuoteMeta(hidden) + `(?:\[(?i:ipv6:)?[0-9.:a-fA-F]*\])?`)

// scrub removes every email address from untrusted text for a public
// site. It is deliberately greedy: an address written out of shape
// (spelledAddress, signAddress) is replaced whole, and any word with an
// '@' inside it is replaced, whatever follows, unless it is a bare
// "@handle" mention (an '@' first, a handle after it, trailing
// punctuation aside), which names a GitHub account, not a mailbox. Text that holds an address only
// once its invisible characters are dropped (dropInvisible: a joiner
// inside "a\u200dt" must not hide the word "at") loses them. Text that
// holds an address by its shape, in words or signs no pattern names
// (shapedAddress: "jane bei othercorp punkt de"), is hidden whole.
func scrub(s string) string {
	if plain := dropInvisible(s); plain != s && scrub(plain) != plain {
		s = plain
	}
	if shapedAddress(s) {
		return hidden
	}
	if b := []byte(s); maySpell(b) {
		s = spelledAddress.ReplaceAllString(s, hidden)
		if maySignAt([]byte(s)) {
			s = signAddress.ReplaceAllString(s, hidden)
		}
	}
	if !strings.ContainsAny(s, "@＠﹫&%\\") {
		if strings.Contains(s, hidden) {
			s = hiddenWhole.ReplaceAllString(s, hidden)
		}
		return s
	}
	s = addressToken.ReplaceAllStringFunc(s, func(tok string) string {
		loc := atSplit.FindStringIndex(tok)
		rest := strings.TrimRight(tok[loc[1]:], ".,;:!?)/")
		if loc[0] == 0 && mention.MatchString(rest) {
			return tok // "@handle", "@org/team", or a lone '@' ("R&D @ HQ")
		}
		return hidden
	})
	return hiddenWhole.ReplaceAllString(s, hidden)
}

// atForms are the spellings of '@' the public check looks for, lower
// case; the input is compared case-insensitively.
var atForms = []string{"@", "＠", "﹫", "&commat;", "%40", `\u0040`, `\x40`}

// domainAfter matches the domain of an address, right after its '@'.
var domainAfter = lazyRE(`^[\p{L}\p{N}\-]+(?:` + dotSign + `[\p{L}\p{N}\-]+)+`)

// findAddress returns where data holds something like an email address,
// as html/template or a URL may have encoded it: an '@' in any spelling
// followed by a domain of two labels or more. It looks only where such a
// sign can start, so that checking a large site costs little.
func findAddress(data []byte) []int {
	for at, c := range data {
		// The first byte of every form: '＠' and '﹫' start with 0xEF.
		if c != '@' && c != '&' && c != '%' && c != '\\' && c != 0xef {
			continue
		}
		end := atEnd(data, at)
		if end == at {
			continue
		}
		if m := domainAfter.Find(data[end:min(len(data), end+256)]); m != nil {
			start := at
			for start > 0 && at-start < 64 && !isSpaceOrMarkup(data[start-1]) {
				start--
			}
			return []int{start, end + len(m)}
		}
	}
	return nil
}

// atEnd returns the end of the '@' written at data[at:], or at when none
// starts there: the sign itself, one of atForms, or a numeric character
// reference to it (&#64; &#064 &#x40; ...).
func atEnd(data []byte, at int) int {
	rest := data[at:]
	for _, f := range atForms {
		if len(rest) >= len(f) && bytes.EqualFold(rest[:len(f)], []byte(f)) {
			return at + len(f)
		}
	}
	if len(rest) < 3 || rest[0] != '&' || rest[1] != '#' {
		return at
	}
	k, want := 2, "64"
	if rest[k] == 'x' || rest[k] == 'X' {
		k, want = 3, "40"
	}
	for k < len(rest) && rest[k] == '0' {
		k++
	}
	if !bytes.HasPrefix(rest[k:], []byte(want)) {
		return at
	}
	k += len(want)
	if k < len(rest) && rest[k] >= '0' && rest[k] <= '9' {
		return at // &#640; is another character
	}
	if k < len(rest) && rest[k] == ';' {
		k++
	}
	return at + k
}

func isSpaceOrMarkup(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '>' || c == '<' || c == '"' || c == '\''
}
