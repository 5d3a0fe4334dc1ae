package site

import (
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"mime"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Encodings decodeOnce leaves, since they are no layer of a text but a
// whole other text, or a number for a sign: an email header's encoded
// word ("=?utf-8?B?amFuZS5kb2VAZ21haWwuY29t?=", RFC 2047), a word in
// base64 or in hex, the '@' and the dot as their codes ("0x40", "chr(64)",
// "CHAR(64)", "ASCII 64", "(64)"), ROT13 ("wnar.qbr ng tznvy qbg pbz").
// Each is one more reading of a field (spellsAddress) and of a page
// (findEncoded): a reader who decodes one has the address.

// spellsAddress reports whether s, read as a reader would, holds an
// email address, or an '@' before a domain: as written (spellsRead), or
// decoded (encodedReadings).
func spellsAddress(s string) bool {
	if spellsRead(s) || spellsOtherwise(s) {
		return true
	}
	for _, e := range append(encodedReadings(s), wholeReadings(s)...) {
		// An '@' and a domain, by the skeleton or the shape: "x86 (64)
		// bit" reads "x86@bit", an '@' between letters and no address.
		if skelAddr.MatchString(skeleton(e)) || findShape(e) != nil {
			return true
		}
	}
	return false
}

// findEncoded returns where a reading of text, a page's text as a
// reader sees it, decoded, holds an address as the page check reads
// one, and that reading; or nil. A page is megabytes, mostly no
// encoding: it reads each place one may start (encodedCues), with the
// text around it, as a field is read (encodedReadings).
func findEncoded(text string) ([]byte, []int) {
	next := 0 // the cues before it were read with an earlier window
	for _, at := range encodedCues(text) {
		if at < next {
			continue
		}
		from, to := max(0, at-signWindow), min(len(text), at+4*signWindow)
		for from > 0 && !utf8.RuneStart(text[from]) {
			from--
		}
		for to < len(text) && !utf8.RuneStart(text[to]) {
			to++
		}
		next = to - signWindow
		for _, e := range encodedReadings(text[from:to]) {
			if b, loc := findOnPage(e); loc != nil {
				return b, loc
			}
		}
	}
	return nil, nil
}

// findOnPage returns where e, a reading of a page's text, holds an
// address as the page check's readers of a page read one.
func findOnPage(e string) ([]byte, []int) {
	b := []byte(e)
	if loc := findAddress(b); loc != nil {
		return b, loc
	}
	r, raw := readPageRaw(e)
	b = []byte(r)
	if loc := findSpelled(b); loc != nil {
		return b, loc
	}
	if loc := findWordsAddress(b); loc != nil {
		return b, loc
	}
	return b, findSignBetween(r, raw)
}

// encodedCues returns where in s an encoding of encodedReadings may
// start: an encoded word's "=?", a word that may be base64 or hex
// (mayBeEncoded), a numericCue, a rot13Cue.
func encodedCues(s string) []int {
	var at []int
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '=' && i+1 < len(s) && s[i+1] == '?':
			at = append(at, i)
		case encodedByte(c) && (i == 0 || !encodedByte(s[i-1])):
			j := i
			for j < len(s) && encodedByte(s[j]) {
				j++
			}
			if mayBeEncoded(s[i:j]) {
				at = append(at, i)
			}
			i = j - 1
		}
	}
	for _, cue := range []func(string, int) int{nextNumericCue, nextRot13Cue} {
		for i := cue(s, 0); i >= 0; i = cue(s, i+1) {
			at = append(at, i)
		}
	}
	slices.Sort(at)
	return at
}

// encodedReadings returns s read with each of those encodings undone
// that it holds, one reading for each; none when it holds none, as most
// text does: each is looked for by a cue cheaper than its decoding.
func encodedReadings(s string) []string {
	var out []string
	add := func(t string) {
		if t != s {
			out = append(out, t)
		}
	}
	if strings.Contains(s, "=?") {
		// A charset the decoder does not know is no reading.
		if d, err := new(mime.WordDecoder).DecodeHeader(s); err == nil {
			add(d)
		}
	}
	add(decodeWords(s))
	if numericCue(s) {
		add(numericSign.ReplaceAllStringFunc(s, readNumericSign))
	}
	if rot13Cue(s) {
		add(rot13(s))
	}
	return out
}

// encodedByte reports whether c may be in a word of base64 or hex:
// letters, digits, '+', '/', '-', '_', and the padding '='.
func encodedByte(c byte) bool {
	l := c | 0x20
	return 'a' <= l && l <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_' || c == '='
}

// mayBeEncoded reports whether w, a run of encodedByte, may be base64
// or hex: long enough to hold the shortest address ("x@y.io" is eight
// letters of base64, twelve of hex), with a digit, a sign of base64 or
// a capital after a small letter in it, and a letter. A word of prose
// ("Maintainer", "infrastructure") and a date have none of them, and
// are not decoded.
func mayBeEncoded(w string) bool {
	if len(w) < 8 || !strings.ContainsFunc(w, unicode.IsLetter) {
		return false // a number, a date ("2026-11-24")
	}
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case '0' <= c && c <= '9', c == '+', c == '/', c == '_':
			return true
		case 'A' <= c && c <= 'Z' && i > 0 && 'a' <= w[i-1] && w[i-1] <= 'z':
			return true
		}
	}
	return false
}

// decodeWords is s with each word that may be base64 or hex
// (mayBeEncoded) and decodes to text (isText, as an address is) written
// as that text: hex of an even length (after "0x"), else base64
// (standard or URL-safe, padded or not). A word that is no encoding
// decodes to bytes no text has, as good as always, and stays.
func decodeWords(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if !encodedByte(s[i]) || i > 0 && encodedByte(s[i-1]) {
			continue
		}
		j := i
		for j < len(s) && encodedByte(s[j]) {
			j++
		}
		if w := s[i:j]; mayBeEncoded(w) {
			if t, ok := decodeWord(w); ok {
				b.WriteString(s[last:i])
				b.WriteString(t)
				last = j
			}
		}
		i = j - 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// decodeWord decodes w as hex, base64 or base32 to text, if it is one.
func decodeWord(w string) (string, bool) {
	if h := strings.TrimPrefix(strings.TrimPrefix(w, "0x"), "0X"); len(h) >= 12 && len(h)%2 == 0 {
		if b, err := hex.DecodeString(h); err == nil {
			return string(b), isText(string(b))
		}
	}
	bare := strings.TrimRight(w, "=")
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(bare); err == nil && isText(string(b)) {
			return string(b), true
		}
	}
	// Base32 (RFC 4648: capitals and the digits 2 to 7), in either case.
	if b, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(bare)); err == nil && isText(string(b)) {
		return string(b), true
	}
	return "", false
}

// isText reports whether t is printable UTF-8 with a sign in it, as an
// address has: letters and digits alone are a word that happened to
// decode.
func isText(t string) bool {
	if !utf8.ValidString(t) || !strings.ContainsFunc(t, func(r rune) bool { return !isWordRune(r) }) {
		return false
	}
	for _, r := range t {
		if !unicode.IsPrint(r) && r != ' ' {
			return false
		}
	}
	return true
}

// numericSign is the '@' or the dot written as its code between two
// words: "0x40" and "0x2E", "chr(64)", "(chr 64)", "CHAR(64)", "ASCII
// 64", "(64)", and 46 for the dot the same ways; a number alone is a
// number ("Commodore 64"). "x = 0x40" and "x86 (64) bit" read
// so spell no address: only a domain after it makes one.
var numericSign = lazyRE(`([\p{L}\p{N}])\s*(?:0[xX](40|2[eE])|[(\[]?\s*(?i:chr|char|ascii)\s*\(?\s*(64|46)\s*\)?\s*[)\]]?|\(\s*(64|46)\s*\))\s*([\p{L}\p{N}])`)

// readNumericSign reads one numericSign as its sign.
func readNumericSign(m string) string {
	sub := numericSign.FindStringSubmatch(m)
	sign := "."
	if code := sub[2] + sub[3] + sub[4]; code == "40" || code == "64" {
		sign = "@"
	}
	return sub[1] + sign + sub[5]
}

// numericCue reports whether s may hold a numericSign.
func numericCue(s string) bool { return nextNumericCue(s, 0) >= 0 }

// nextNumericCue returns where, from s[from:], s may hold a numericSign:
// "0x40" or "0x2e" in any case, or a 64 or a 46 alone in brackets
// ("(64)") or after a word for a character's code ("chr(64", "ASCII
// 64"); or -1. A page's numbers ("64 members", "(46 of 50)") are none:
// the expression is read only where one is.
func nextNumericCue(s string, from int) int {
	for i := from + 1; i+1 < len(s); i++ {
		switch {
		case (s[i] == 'x' || s[i] == 'X') && s[i-1] == '0' && i+2 < len(s):
			if c := s[i+1 : i+3]; c == "40" || strings.EqualFold(c, "2e") {
				return i - 1
			}
		case s[i] == '6' && s[i+1] == '4', s[i] == '4' && s[i+1] == '6':
			if isDigit(s[i-1]) || i+2 < len(s) && isDigit(s[i+2]) {
				continue // 164, 2046
			}
			j := trimSpacesBack(s, i)
			bracket := j > 0 && s[j-1] == '('
			if bracket {
				j = trimSpacesBack(s, j-1)
			}
			k := i + 2
			for k < len(s) && s[k] == ' ' {
				k++
			}
			if bracket && k < len(s) && s[k] == ')' || codeWordBefore(s[:j]) {
				return i
			}
		}
	}
	return -1
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// trimSpacesBack is the index before the ASCII spaces that end s[:i].
func trimSpacesBack(s string, i int) int {
	for i > 0 && s[i-1] == ' ' {
		i--
	}
	return i
}

// codeWordBefore reports whether s ends in a word for a character's
// code: "chr", "char", "ascii", in any case.
func codeWordBefore(s string) bool {
	for _, w := range []string{"chr", "char", "ascii"} {
		if len(s) >= len(w) && strings.EqualFold(s[len(s)-len(w):], w) && (len(s) == len(w) || !isWordRune(rune(s[len(s)-len(w)-1]))) {
			return true
		}
	}
	return false
}

// rot13Cue reports whether s may be ROT13 of an address.
func rot13Cue(s string) bool { return nextRot13Cue(s, 0) >= 0 }

// nextRot13Cue returns where, from s[from:], s holds the word for a dot
// ("qbg") or a common ending after a dot (".pbz", ".bet", ".arg",
// ".rqh") as ROT13 writes them, in any case; or -1.
func nextRot13Cue(s string, from int) int {
	first := -1
	for _, w := range []string{"qbg", ".pbz", ".bet", ".arg", ".rqh"} {
		if i := indexFold(s, w, from); i >= 0 && (first < 0 || i < first) {
			first = i
		}
	}
	return first
}

// rot13 is s with each ASCII letter turned 13 places.
func rot13(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case 'a' <= r && r <= 'z':
			return 'a' + (r-'a'+13)%26
		case 'A' <= r && r <= 'Z':
			return 'A' + (r-'A'+13)%26
		}
		return r
	}, s)
}
