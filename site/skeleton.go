package site

import (
	"html"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// The public roster's last line of defence: scrub replaces the addresses
// it recognises in a field, and a field whose skeleton (what a reader
// decodes it to: entities, escapes and compatibility forms undone,
// look-alike letters read as Latin, "at" and "dot" read as signs, spaced
// letters read as one word) still holds an address is hidden whole.
// Spelling tricks are endless; what they spell is not.

// lookAlikes are letters of other scripts, and Latin variants, that read
// as the Latin letters of "at", "dot" and an address's words.
var lookAlikes = strings.NewReplacer(
	"а", "a", "е", "e", "о", "o", "р", "p", "с", "c", "у", "y", "х", "x", "і", "i", "ј", "j", "ѕ", "s",
	"ԁ", "d", "һ", "h", "ӏ", "l", "ԛ", "q", "ԝ", "w", "к", "k", "т", "t", "м", "m", "н", "h", "г", "r", "ь", "b",
	"α", "a", "ο", "o", "ι", "i", "κ", "k", "ν", "v", "ρ", "p", "τ", "t", "υ", "u", "χ", "x", "ω", "w", "ε", "e",
	"ɑ", "a", "ɡ", "g", "ı", "i", "ℓ", "l", "ο", "o",
)

var (
	htmlish    = regexp.MustCompile(`(?i)&(?:amp;)*(#[0-9]+|#x[0-9a-f]+|[a-z]+);?`)
	percentRun = regexp.MustCompile(`(?:%[0-9A-Fa-f]{2})+`)
	backslash  = regexp.MustCompile(`\\(?:u\{([0-9A-Fa-f]{1,6})\}|u([0-9A-Fa-f]{4})|x([0-9A-Fa-f]{2})|([0-9A-Fa-f]{4,6}) ?|([0-7]{3})|([0-9A-Fa-f]{1,2}) ?)`)
	brackets   = `[\s\[\](){}<>"'` + "`" + `«»【】〔〕（）｛｝［］|/*]`
	atWords    = regexp.MustCompile(brackets + `*\b(?:at|arroba|chez)\b` + brackets + `*`)
	dotWords   = regexp.MustCompile(brackets + `+(?:dot|punkt|point|punto)` + brackets + `+`)
	dotSigns   = strings.NewReplacer("。", ".", "．", ".", "｡", ".", "﹒", ".", "․", ".", "·", ".", "∙", ".")
	aroundAt   = regexp.MustCompile(brackets + `*@` + brackets + `*`)
	spacedDot  = regexp.MustCompile(`[\[({]?\s+\.\s*[\])}]?|[\[({]\.[\])}]`)
	spacedRun  = regexp.MustCompile(`(?:^|\s)((?:[\p{L}\p{N}@.] ){2,}[\p{L}\p{N}@.])(?:\s|$)`)
	marks      = regexp.MustCompile(`[\p{M}\x{200b}-\x{200f}\x{2060}\x{feff}\x{00ad}]`)
	skelAddr   = regexp.MustCompile(`[\p{L}\p{N}._%+\-]@(?:[\p{L}\p{N}\-]+\.)+\p{L}[\p{L}\p{N}\-]*\p{L}|[\p{L}\p{N}._%+\-]@\[?\d{1,3}(?:\.\d{1,3}){3}`)
)

// decodeOnce undoes one layer of HTML entities, URL escapes and
// backslash escapes (JavaScript, CSS, octal).
func decodeOnce(s string) string {
	s = htmlish.ReplaceAllStringFunc(s, func(m string) string {
		m = strings.Replace(strings.ToLower(m), "&amp;", "&", -1)
		if !strings.HasSuffix(m, ";") {
			m += ";"
		}
		return html.UnescapeString(m)
	})
	s = percentRun.ReplaceAllStringFunc(s, func(m string) string {
		b := make([]byte, 0, len(m)/3)
		for i := 0; i+2 < len(m); i += 3 {
			v, _ := strconv.ParseUint(m[i+1:i+3], 16, 8)
			b = append(b, byte(v))
		}
		return string(b)
	})
	return backslash.ReplaceAllStringFunc(s, func(m string) string {
		sub := backslash.FindStringSubmatch(m)
		for i, base := range []int{16, 16, 16, 16, 8, 16} {
			if v := sub[i+1]; v != "" {
				if n, err := strconv.ParseUint(v, base, 32); err == nil && n > 0 && n <= 0x10ffff {
					return string(rune(n))
				}
			}
		}
		return m
	})
}

// skeleton is what a reader makes of s (see above), lower case.
func skeleton(s string) string {
	for range 4 {
		t := norm.NFKC.String(decodeOnce(s))
		if t == s {
			break
		}
		s = t
	}
	s = strings.ToLower(lookAlikes.Replace(marks.ReplaceAllString(s, "")))
	s = dotSigns.Replace(s)
	s = spacedRun.ReplaceAllStringFunc(s, func(m string) string { return " " + strings.ReplaceAll(strings.TrimSpace(m), " ", "") + " " })
	s = atWords.ReplaceAllString(s, "@")
	s = dotWords.ReplaceAllString(s, ".")
	s = aroundAt.ReplaceAllString(s, "@")
	return spacedDot.ReplaceAllString(s, ".")
}

// spellsAddress reports whether s, read as a reader would, holds an
// email address.
func spellsAddress(s string) bool {
	return skelAddr.MatchString(skeleton(s))
}

// hideField is scrub for one field of the public roster, and, when what
// is left still spells an address, the field hidden whole.
func hideField(s string) string {
	s = scrub(s)
	if spellsAddress(s) {
		return hidden
	}
	return s
}
