package site

import (
	"html"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The encodings a reader of a field undoes: HTML entities, URL and
// JavaScript escapes, quoted-printable and '+' codes, backslash escapes.

var (
	htmlish    = lazyRE(`(?i)&(?:amp;)*(#[0-9]+|#x[0-9a-f]+|[a-z]+);?`)
	percentRun = lazyRE(`(?:%[0-9A-Fa-f]{2})+`)
	// percentU is JavaScript's escape() of a character: "%u0040".
	percentU = lazyRE(`%[uU]([0-9A-Fa-f]{4})`)
	// quotedSign is quoted-printable's '@' and '.' ("=40", "=2E")
	// between the letters of a word, or standing alone between two:
	// "jo=40example.org", "jo =40 example.org". Elsewhere "=40" is a
	// number ("x=40", "x = 40").
	quotedSign = lazyRE(`([\p{L}\p{N}._\-])(?:=(40|2[eE])|\s+=(40|2[eE])\s+)([\p{L}\p{N}])`)
	// qpRun is a run of quoted-printable codes, three or more, a word
	// written whole so ("=6A=64=6F=65=40=7A=6F=72=62=69=78=2E=69=6F"):
	// decoded as URL escapes are, when the bytes are text.
	qpRun = lazyRE(`(?:=[0-9A-Fa-f]{2}){3,}`)
	// plusSign is the '@' and the '.' written as their code with a '+'
	// ("jo+40example.org", "U+0040", UTF-7's "+AEA-"), before a word
	// with a letter ("+403x4mpl3.org" too): "+40 721 000 000" is a
	// telephone number.
	plusSign = lazyRE(`(?:[uU]\+0{0,2}|\+)(40|2[eE])(\s*\p{N}*\p{L})|\+(AEA|AC4)-?(\s*\p{N}*\p{L})`)
	// backslash is an escape of JavaScript, CSS or C; a character
	// beyond the BMP as JSON and a page write it, a UTF-16 surrogate
	// pair ("\udb40\udd00", U+E0100), is one.
	backslash = lazyRE(`\\(?:u([dD][89abAB][0-9A-Fa-f]{2})\\u([dD][c-fC-F][0-9A-Fa-f]{2})|u\{([0-9A-Fa-f]{1,6})\}|u([0-9A-Fa-f]{4})|x([0-9A-Fa-f]{2})|([0-9A-Fa-f]{4,6}) ?|([0-7]{3})|([0-9A-Fa-f]{1,2}) ?)`)
	// escapedBlank is a tab or a line break written as an escape, as a
	// terminal line shows one ("at\tevil"): a space to a reader.
	escapedBlank = lazyRE(`\\[tnrvf]`)
)

// decodeOnce undoes one layer of HTML entities, URL escapes (and
// JavaScript's "%u0040"), quoted-printable signs, codes after a '+'
// (plusSign) and backslash escapes (JavaScript, CSS, octal).
func decodeOnce(s string) string {
	// Each only where its sign is (guards.go): a field is read for them
	// on every public build, most with none.
	if strings.Contains(s, "&") {
		s = htmlish.ReplaceAllStringFunc(s, func(m string) string {
			m = strings.Replace(strings.ToLower(m), "&amp;", "&", -1)
			if !strings.HasSuffix(m, ";") {
				m += ";"
			}
			return html.UnescapeString(m)
		})
	}
	if strings.Contains(s, "%") {
		s = percentRun.ReplaceAllStringFunc(s, func(m string) string {
			b := make([]byte, 0, len(m)/3)
			for i := 0; i+2 < len(m); i += 3 {
				v, _ := strconv.ParseUint(m[i+1:i+3], 16, 8)
				b = append(b, byte(v))
			}
			return string(b)
		})
	}
	if strings.Contains(s, "%u") || strings.Contains(s, "%U") {
		s = percentU.ReplaceAllStringFunc(s, func(m string) string {
			v, _ := strconv.ParseUint(m[2:], 16, 32)
			if v == 0 {
				return m
			}
			return string(rune(v))
		})
	}
	if mayQuotedSign(s) {
		s = qpRun.ReplaceAllStringFunc(s, func(m string) string {
			b := make([]byte, 0, len(m)/3)
			for i := 0; i+2 < len(m); i += 3 {
				v, _ := strconv.ParseUint(m[i+1:i+3], 16, 8)
				b = append(b, byte(v))
			}
			if !utf8.Valid(b) {
				return m
			}
			return string(b)
		})
		s = quotedSign.ReplaceAllStringFunc(s, func(m string) string {
			sub := quotedSign.FindStringSubmatch(m)
			sign := "@"
			if sub[2]+sub[3] != "40" {
				sign = "."
			}
			return sub[1] + sign + sub[4]
		})
	}
	if mayPlusSign(s) {
		s = plusSign.ReplaceAllStringFunc(s, func(m string) string {
			sub := plusSign.FindStringSubmatch(m)
			if sub[1] == "40" || sub[3] == "AEA" {
				return "@" + sub[2] + sub[4]
			}
			return "." + sub[2] + sub[4]
		})
	}
	if !strings.Contains(s, `\`) {
		return s
	}
	s = escapedBlank.ReplaceAllString(s, " ")
	return backslash.ReplaceAllStringFunc(s, func(m string) string {
		sub := backslash.FindStringSubmatch(m)
		if sub[1] != "" {
			hi, _ := strconv.ParseUint(sub[1], 16, 32)
			lo, _ := strconv.ParseUint(sub[2], 16, 32)
			return string(utf16.DecodeRune(rune(hi), rune(lo)))
		}
		for i, base := range []int{16, 16, 16, 16, 8, 16} {
			if v := sub[i+3]; v != "" {
				if n, err := strconv.ParseUint(v, base, 32); err == nil && n > 0 && n <= 0x10ffff {
					return string(rune(n))
				}
			}
		}
		return m
	})
}

// readable is s with its encodings undone, layer by layer (decodeOnce),
// what shows as nothing dropped at each (dropInvisible), in NFKC, the
// signs that read as '@' whole written so (atSigns), and the letters
// drawn as signs read as those (readSigns).
func readable(s string) string {
	s = atSigns(dropInvisible(s))
	for range 4 {
		t := norm.NFKC.String(atSigns(dropInvisible(decodeOnce(s))))
		if t == s {
			break
		}
		s = t
	}
	return readSigns(s)
}

// octalEscape is an octal escape with leading zeros: `\0100`, `\056`.
var octalEscape = lazyRE(`\\0+([0-7]{2,3})`)

// octalEscapes is s with each octalEscape read as the character it
// writes.
func octalEscapes(s string) string {
	if !strings.Contains(s, `\0`) {
		return s
	}
	return octalEscape.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.ParseUint(octalEscape.FindStringSubmatch(m)[1], 8, 32)
		if n < 0x20 {
			return m
		}
		return string(rune(n))
	})
}
