package site

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// reading is text as readLetters reads it: letters and digits, lower
// case, look-alikes folded, and where each word starts.
type reading struct {
	text string
	// at is the byte offset in text of each rune, and len(text) last.
	at []int
	// start says which runes start a word: after a sign or a space, or a
	// capital after a small letter ("exampleDotCom"), or the last capital
	// of a run before a small letter ("DOTCOMInc").
	start []bool
	// sign is, for each rune, the one sign that joins it to the rune
	// before ('.' in "chen.wei"), or 0: none, a space, or more than one
	// sign. An address written whole is told apart by it (see whole).
	sign []byte
}

// letterSigns are letters that are drawn as signs: modifier letters
// drawn as quotes, apostrophes, accents and colons (U+02B9 to U+02D1,
// the modifier tone letters), the click letters drawn as bars and an
// exclamation mark, the saltillo, NKo's tone apostrophes, Lisu's tone
// letters drawn as a dot, a comma, a colon, Arabic's tatweel drawn as a
// line. Being letters, they would glue "ʻatʻ" and "ǀatǀ" into the words
// around them, where a reader sees quotes and bars: they are read as the
// signs they look like.
var letterSigns = strings.NewReplacer(
	"ʹ", "'", "ʺ", `"`, "ʻ", "'", "ʼ", "'", "ʽ", "'", "ʾ", "'", "ʿ", "'", "ˀ", "'", "ˁ", "'",
	"ˆ", "^", "ˇ", "^", "ˈ", "'", "ˉ", "-", "ˊ", "'", "ˋ", "`", "ˌ", ",", "ˍ", "_", "ˎ", "`", "ˏ", "'",
	"ː", ":", "ˑ", ".", "ˬ", "_", "ˮ", `"`, "ՙ", "'", "ⸯ", "~", "ꙿ", "'",
	"ǀ", "|", "ǁ", "||", "ǂ", "+", "ǃ", "!",
	"ꜗ", "'", "ꜘ", "'", "ꜙ", "'", "ꜚ", "'", "ꜛ", "'", "ꜜ", "'", "ꜝ", "!", "ꜞ", "'", "ꜟ", "'",
	"ꞈ", "^", "Ꞌ", "'", "ꞌ", "'", "ߴ", "'", "ߵ", "'", "ـ", "-",
	"ꓸ", ".", "ꓹ", ",", "ꓺ", "..", "ꓻ", ".,", "ꓼ", ";", "ꓽ", ":",
)

// prolonged is Japanese's prolonged sound mark (a letter drawn as a
// dash) beside a letter of no Japanese script: "jane.doeーatーgmail"
// has dashes. Inside a katakana word ("ホーム") it is part of it.
var prolonged = lazyRE(`([\p{Latin}\p{N}])ー+|ー+([\p{Latin}\p{N}])`)

// readSigns is s with letterSigns and prolonged read as signs.
func readSigns(s string) string {
	if isASCII(s) {
		return s
	}
	s = letterSigns.Replace(s)
	if strings.Contains(s, "ー") {
		s = prolonged.ReplaceAllString(s, "$1-$2")
	}
	return s
}

// readLetters reads s as a reader does for the known addresses: entities
// and escapes decoded, NFKC, other scripts' words for the signs
// and for a domain's ending read (readSpoken: "कॉम" is "com"), marks
// dropped, look-alike letters read as Latin (foldLookAlikes), the digits
// of a word as letters (foldLeet), lower case; then only the
// letters and digits are kept, with where each word started, and the
// letters a reader takes for one another folded (foldLetter).
func readLetters(s string) reading {
	s = readSpoken(readable(s))
	if !isASCII(s) {
		s = foldLookAlikes(marks.ReplaceAllString(norm.NFKD.String(s), ""))
	}
	s = foldLeet(s)
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	var r reading
	sep, signs, prevLetter := true, 0, false
	var sign byte
	for i, c := range rs {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			sep = true
			if signs++; c < 0x80 && c != ' ' {
				sign = byte(c)
			} else {
				sign = 0
			}
			continue
		}
		start := sep
		if unicode.IsUpper(c) && i > 0 {
			prev := rs[i-1]
			next := rune(0)
			if i+1 < len(rs) {
				next = rs[i+1]
			}
			start = start || unicode.IsLower(prev) || unicode.IsUpper(prev) && unicode.IsLower(next)
		}
		joined := byte(0)
		if signs == 1 && prevLetter {
			joined = sign
		}
		c = foldLetter(unicode.ToLower(c))
		// Two letters drawn as one: "rn" is 'm', "vv" is 'w', within a
		// word.
		if n := len(out); n > 0 && !start && (out[n-1] == 'r' && c == 'n' || out[n-1] == 'v' && c == 'v') {
			out[n-1] = 'm'
			if c == 'v' {
				out[n-1] = 'w'
			}
			sep, signs, prevLetter = false, 0, true
			continue
		}
		out = append(out, c)
		r.start = append(r.start, start)
		r.sign = append(r.sign, joined)
		sep, signs, prevLetter = false, 0, true
	}
	r.text = string(out)
	r.at = make([]int, 0, len(out)+1)
	n := 0
	for _, c := range out {
		r.at = append(r.at, n)
		n += utf8.RuneLen(c)
	}
	r.at = append(r.at, n)
	return r
}

// foldLetter is c, in lower case, as one of the letters a reader takes
// it for: '1', 'i' (and 'I') and 'l' are one letter, '0' and 'o' are.
// The addresses are read so too, so that "examp1e" and "whitfieId" are
// example and whitfield; a name the folding makes another's is one
// letter apart from it anyway.
func foldLetter(c rune) rune {
	switch c {
	case '1', 'i':
		return 'l'
	case '0':
		return 'o'
	}
	return c
}
