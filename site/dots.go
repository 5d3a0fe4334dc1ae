package site

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// innerPunctuation is s with each punctuation sign of another script
// (Unicode's Po: other punctuation) that stands between two letters or
// digits read as a dot: "example।com" (Devanagari's danda),
// "example᙮com" (Canadian syllabics' full stop), "example꓿com" (Lisu's).
// Inside a word a sign of punctuation separates, and the one separator
// of a domain is the dot: a sign no list names reads as one all the
// same. By category, not by list, since the scripts have dozens of full
// stops; and only Po: ASCII's signs ('/', '&', '#', '%', ':') join the
// words of paths, names and prose ("AT&T", "TCP/IP"), and symbols (So)
// are stars, arrows and pictures, of which only the round ones are a
// dot (dotLike names them). Not the signs a script writes inside its
// words (inWordSigns). What a dot read so may make is an '@' before
// labels and an ending of two letters or more, which a name written
// with one has not.
func innerPunctuation(s string) string {
	if isASCII(s) {
		return s
	}
	var b []byte // s changed, once a sign is read
	prev := rune(0)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r >= utf8.RuneSelf && unicode.Is(unicode.Po, r) && !strings.ContainsRune(inWordSigns, r) && isWordRune(prev) && i+n < len(s) {
			if next, _ := utf8.DecodeRuneInString(s[i+n:]); isWordRune(next) {
				if b == nil {
					b = append(make([]byte, 0, len(s)), s[:i]...)
				}
				b = append(b, '.')
				prev = '.'
				i += n
				continue
			}
		}
		if b != nil {
			b = append(b, s[i:i+n]...)
		}
		prev = r
		i += n
	}
	if b == nil {
		return s
	}
	return string(b)
}

// inWordSigns are the Po signs written inside words, no separator to
// their reader: Hebrew's geresh and gershayim of abbreviations ("ת״א",
// Tel Aviv), Armenian's apostrophe and the marks it sets on a word's
// vowel, Ethiopic's wordspace (a space between words); and the '@'
// forms, which are Po too.
const inWordSigns = "\u05f3\u05f4\u055a\u055b\u055c\u055e\u1361＠﹫"

// providerBeside is a local part, then "on" or an opening bracket, then
// a mail provider's domain: "reporter jane.doe (gmail.com)", "jane.doe
// on gmail.com". Only a provider's domain: "Dev on Node.js" and "Lead
// (example.org)" name a project and an employer.
var providerBeside = lazyRE(`(?:^|[^\p{L}\p{N}._%+\-])([\p{L}\p{N}._%+\-]+)(?:\s*[(\[{<]\s*|\s+on\s+)(?:` + providerNames(pureMail, mailEmployer, companyWord, domainLabel) + `)\.\p{L}{2,}(?:\.\p{L}{2})?(?:[^\p{L}\p{N}\-.]|\.?$)`)

// besideProvider reports whether signs, a field's skeleton read without
// the words for the signs, holds a providerBeside whose local part is
// a mailbox's, not a word: it has a letter, and a dot or a digit
// ("jane.doe", "jdoe84"). "Ana (gmail.com)" is no address.
func besideProvider(signs string) bool {
	if !strings.Contains(signs, "(") && !strings.Contains(signs, "[") && !strings.Contains(signs, "{") &&
		!strings.Contains(signs, "<") && !strings.Contains(signs, " on ") ||
		!domainProviders.namedAtWordStart(foldNames(signs), "", func(rest string) bool { return strings.HasPrefix(rest, ".") }) {
		return false
	}
	for _, m := range providerBeside.FindAllStringSubmatch(signs, -1) {
		local := strings.Trim(m[1], ".")
		if strings.ContainsFunc(local, unicode.IsLetter) && strings.ContainsFunc(local, func(r rune) bool { return r == '.' || unicode.IsDigit(r) }) {
			return true
		}
	}
	return false
}

// otherDot is a sign written for the dots of a domain after an '@' (one
// an "at" was read as, or the sign): a comma, a semicolon, a colon, a
// slash or an ideographic comma, spaced or not ("jane.doe (at)
// zorbix,io", "jane.doe AT zorbix , io", "jane.doe at mail,zorbix,io";
// NFKC makes a full-width one ASCII), or a hyphen ("janedoe at
// zorbix-org").
var otherDot = lazyRE(`@[\p{L}\p{N}]+(?:(?:\s*[,;:/、]\s*(?:xn--)?[\p{L}\p{N}]+){1,5}|(?:-[\p{L}\p{N}]+){1,5})\b`)

// otherDotComma splits the labels of an otherDot written with signs
// other than hyphens, which a punycode ending holds ("xn--p1ai").
var otherDotComma = lazyRE(`\s*[,;:/、]\s*`)

// proseEndings are the weak endings that are the small words of prose
// after a comma ("Engineer at acme, in Berlin"): after a sign other
// than a hyphen, every other real ending in lower case ends an address
// ("jane.doe (at) zorbix,me", ",tech", ",cloud").
var proseEndings = wordSet("in is it as at to be by do go if no so am pm my")

// otherDotSign splits an otherDot's labels.
var otherDotSign = lazyRE(`\s*[,;:/、\-]\s*`)

// readOtherDots reads each otherDot before a real ending as dots: an
// ending no word of prose is after a sign prose sets between words
// ("Engineer at acme, in Berlin" has "in"), one of commonEndings after
// hyphens ("state-of-the-art" has none, "@acme-dev" is a team's
// mention); no label nor the ending written as a name is, in title case
// ("Engineer at Google, UK" is a company and its country).
func readOtherDots(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	return otherDot.ReplaceAllStringFunc(s, func(m string) string {
		hyphens := !strings.ContainsAny(m, ",;:/、")
		labels := otherDotSign.Split(m[1:], -1)
		if !hyphens {
			labels = otherDotComma.Split(m[1:], -1)
		}
		last := labels[len(labels)-1]
		end := strings.ToLower(last)
		signEnding := tlds[end] && (!weakTLDs[end] || last == end && !proseEndings[end]) || punycode(end)
		switch {
		case hyphens && !commonEndings[end],
			!hyphens && !commonEnding.MatchString(end) && !signEnding,
			len(end) < 2 || !strings.ContainsFunc(end, unicode.IsLetter):
			return m
		}
		for _, l := range labels {
			if titleCase(l) {
				return m
			}
		}
		return "@" + strings.Join(labels, ".")
	})
}

// titleCase reports whether w has a capital first and a small letter
// after it, as a name is written.
func titleCase(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	_, lower := latinCase(w[n:])
	return unicode.IsUpper(r) && lower
}
