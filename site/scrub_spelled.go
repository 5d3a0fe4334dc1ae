package site

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Whole addresses written another way than letter by letter on a
// keyboard, each one more reading of a field (wholeReadings): as
// decimal or hex character codes ("106 100 111 101 64 …"), in Morse,
// reversed ("moc.liamrv ta xz7qk"), in the NATO spelling alphabet
// ("juliet delta oscar echo at zulu … dot india oscar"). Each is looked for by a cue cheaper than the
// reading, which most fields fail.

// decimalRun is six numbers or more of two or three digits, set apart
// by spaces, commas or semicolons, and nothing else touching them: a
// text written as its characters' codes. A date ("2026-04-01") or a
// version ("1.2.3") is none.
var decimalRun = lazyRE(`(?:^|[^\p{L}\p{N}\-.:/])((?:\d{2,3}[\s,;]+){5,}\d{2,3})(?:[^\p{L}\p{N}\-.:/]|$)`)

// hexRun is six pairs of hex digits or more set apart the same ways
// ("6a 64 6f 65 40 …", "6A:64:6F"), each with "0x" before it or not.
var hexRun = lazyRE(`(?:^|[^\p{L}\p{N}\-.:/])((?:(?:0[xX])?[0-9A-Fa-f]{2}[\s,;:]+){5,}(?:0[xX])?[0-9A-Fa-f]{2})(?:[^\p{L}\p{N}\-.:/]|$)`)

// decimalCodes is s with each decimalRun, and each hexRun, whose
// numbers are all codes of printable ASCII, one of them the '@',
// written as those characters.
func decimalCodes(s string) string {
	if strings.Contains(s, "64") {
		s = codeRun(s, decimalRun, 10)
	}
	if strings.Contains(s, "40") {
		s = codeRun(s, hexRun, 16)
	}
	return s
}

// codeRun reads each run of codes in base that re finds in s.
func codeRun(s string, re *lazyRegexp, base int) string {
	return re.ReplaceAllStringFunc(s, func(m string) string {
		sub := re.FindStringSubmatchIndex(m)
		run := m[sub[2]:sub[3]]
		var b strings.Builder
		at := false
		for _, n := range strings.FieldsFunc(run, func(r rune) bool { return r == ',' || r == ';' || r == ':' || unicode.IsSpace(r) }) {
			n = strings.TrimPrefix(strings.TrimPrefix(n, "0x"), "0X")
			v, err := strconv.ParseUint(n, base, 8)
			if err != nil || v < 32 || v > 126 {
				return m
			}
			at = at || v == '@'
			b.WriteByte(byte(v))
		}
		if !at {
			return m
		}
		return m[:sub[2]] + b.String() + m[sub[3]:]
	})
}

// morse are the codes of Morse's alphabet, its digits, the dot and the
// '@' (".--.-.", added in 2004 for addresses).
var morse = map[string]byte{".-": 'a', "-...": 'b', "-.-.": 'c', "-..": 'd', ".": 'e', "..-.": 'f', "--.": 'g', "....": 'h',
	"..": 'i', ".---": 'j', "-.-": 'k', ".-..": 'l', "--": 'm', "-.": 'n', "---": 'o', ".--.": 'p', "--.-": 'q', ".-.": 'r',
	"...": 's', "-": 't', "..-": 'u', "...-": 'v', ".--": 'w', "-..-": 'x', "-.--": 'y', "--..": 'z',
	"-----": '0', ".----": '1', "..---": '2', "...--": '3', "....-": '4', ".....": '5', "-....": '6', "--...": '7',
	"---..": '8', "----.": '9', ".-.-.-": '.', ".--.-.": '@'}

// morseCodes is s read as Morse code, when it holds the code of the '@'
// and no word but codes; else s. A space ends a letter, a slash or more
// spaces a word.
func morseCodes(s string) string {
	if !strings.Contains(s, ".--.-.") || strings.ContainsFunc(s, func(r rune) bool { return !strings.ContainsRune(".-/| \t", r) }) {
		return s
	}
	var b strings.Builder
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '|' }) {
		for _, c := range strings.Fields(w) {
			l, ok := morse[c]
			if !ok {
				return s
			}
			b.WriteByte(l)
		}
		b.WriteByte(' ')
	}
	return b.String()
}

// reversedEnding is a common ending reversed, then its dot, then a
// letter: what a reversed address starts with ("moc.liamrv",
// "gro.elpmaxe").
var reversedEnding = lazyRE(`(?i)(?:^|[^\p{L}\p{N}])` + reversedTLDs + `\.\p{L}`)

// reversedTLDs are the common endings reversed.
const reversedTLDs = `(?:moc|gro|ten|ude|vog|lim|oi|ved|ofni|zib|ku|ed|rf|ur|ue|ac|ua|ln|hc|es|pj|nc|em|ppa|zyx)`

// reversedID is an id-style address reversed ("moc_xibroz_ta_eodj"): a
// reversed ending, an id's joiner, and a reversed "at" joined so
// (hyphenAt reads it the right way round).
var reversedID = lazyRE(`(?i)(?:^|[^\p{L}\p{N}])` + reversedTLDs + `[-_+~]{1,2}\p{L}[\p{L}\p{N}\-_+~]*[-_+~]ta[-_+~]`)

// reversed is s read backwards, when it may hold an address so; else s.
func reversed(s string) string {
	if !(strings.Contains(s, ".") && reversedEnding.MatchString(s)) && !(mayReversedAt(s) && reversedID.MatchString(s)) {
		return s
	}
	rs := []rune(s)
	slices.Reverse(rs)
	return string(rs)
}

// natoLetters are the words of the NATO spelling alphabet, and the
// letters they spell.
var natoLetters = map[string]byte{"alfa": 'a', "alpha": 'a', "bravo": 'b', "charlie": 'c', "delta": 'd', "echo": 'e',
	"foxtrot": 'f', "golf": 'g', "hotel": 'h', "india": 'i', "juliet": 'j', "juliett": 'j', "kilo": 'k', "lima": 'l',
	"mike": 'm', "november": 'n', "oscar": 'o', "papa": 'p', "quebec": 'q', "romeo": 'r', "sierra": 's', "tango": 't',
	"uniform": 'u', "victor": 'v', "whiskey": 'w', "whisky": 'w', "x-ray": 'x', "xray": 'x', "yankee": 'y', "zulu": 'z'}

// natoWords is the fewest words of the alphabet a field must hold to be
// read so: a local part, a domain and an ending of two letters or more
// take five; "Team Echo, Delta and Bravo" has three.
const natoWords = 5

// nato is s with each run of words of the NATO alphabet written as the
// word they spell, in lower case, and the other words as they are
// ("juliet delta oscar echo at zulu … dot india oscar" is "jdoe at
// zorbix dot io"), when s has natoWords of them; else s.
func nato(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	n := 0
	for _, w := range words {
		if _, ok := natoLetters[strings.ToLower(w)]; ok {
			n++
		}
	}
	if n < natoWords {
		return s
	}
	var b strings.Builder
	spelling := false
	for _, w := range words {
		if l, ok := natoLetters[strings.ToLower(w)]; ok {
			if !spelling && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteByte(l)
			spelling = true
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		spelling = false
	}
	return b.String()
}

// wholeReadings returns s read each of these ways that it may be
// written so, one reading for each; none for most fields. A field's
// readings (spellsAddress) read them; the page check does not: a page's
// numbers and words are many, and what a field shows was read here.
func wholeReadings(s string) []string {
	var out []string
	for _, t := range []string{decimalCodes(s), morseCodes(s), reversed(s), nato(s), upsideDown(s)} {
		if t != s {
			out = append(out, t)
		}
	}
	return out
}

// mayReversedAt reports whether s holds "ta" between two of idJoiners,
// in any case: a cheap look before reversedID.
func mayReversedAt(s string) bool {
	for i := 1; i+3 < len(s); i++ {
		if strings.IndexByte(idJoiners, s[i]) >= 0 && s[i+1]|0x20 == 't' && s[i+2]|0x20 == 'a' && strings.IndexByte(idJoiners, s[i+3]) >= 0 {
			return true
		}
	}
	return false
}

// turned maps the letters of text turned upside down ("ǝop˙ǝuɐɾ") to
// the letters they are turned from: a Latin letter turned is another
// (u is n, p is d), or a letter of its own (ɐ, ǝ, ɯ, ʇ).
var turned = map[rune]rune{'ɐ': 'a', 'q': 'b', 'ɔ': 'c', 'p': 'd', 'ǝ': 'e', 'ə': 'e', 'ɟ': 'f', 'ƃ': 'g', 'ɓ': 'g', 'ɥ': 'h', 'ᴉ': 'i', 'ı': 'i',
	'ɾ': 'j', 'ſ': 'j', 'ʞ': 'k', 'l': 'l', 'ן': 'l', 'ɯ': 'm', 'u': 'n', 'o': 'o', 'd': 'p', 'b': 'q', 'ɹ': 'r', 's': 's', 'ʇ': 't',
	'n': 'u', 'ʌ': 'v', 'ʍ': 'w', 'x': 'x', 'ʎ': 'y', 'z': 'z', '˙': '.', '·': '.', '@': '@', '0': '0', '1': '1', '8': '8'}

// turnedOnly are the letters only text turned upside down uses: two of
// them make a field read so.
const turnedOnly = "ɐɔǝɟƃɥᴉʞɯɹʇʌʍʎ˙"

// upsideDown is s turned the right way up (read backwards, each letter
// turned back), when it holds two letters only turned text uses; else
// s. "ɯoɔ˙lᴉɐɯƃ ʇɐ ǝop˙ǝuɐɾ" is "jane.doe at gmail.com".
func upsideDown(s string) string {
	n := 0
	for _, r := range s {
		if strings.ContainsRune(turnedOnly, r) {
			n++
		}
	}
	if n < 2 {
		return s
	}
	rs := []rune(s)
	slices.Reverse(rs)
	for i, r := range rs {
		if t, ok := turned[r]; ok {
			rs[i] = t
		}
	}
	return string(rs)
}
