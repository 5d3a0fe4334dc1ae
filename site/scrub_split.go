package site

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Spellings that earlier rounds found still shown (s13, s14, s15-22),
// each a reading of its own: a domain's ending set apart from its label
// by a space, a dash or brackets ("jane.doe at zorbix. io", "jdoe at
// zorbix (io)"); a local part and a domain beside a word that says
// what they are ("email jdoe, zorbix.io"), or in the angle brackets an
// address is written in ("<jane.doe zorbix.io>"); an address run into
// one word ("jdoeatzorbixdotcom"); one reversed whose domain is a
// provider's name ("liamg ta eod.enaj"); a Greek alpha for the '@'
// ("jdoeαzorbix.io"). Each is looked for only where its cue is.

// spellsOtherwise reports whether s holds one of them, as written or
// without what shows as nothing (a variation selector between "at" and
// the words around it, which a page keeps for emoji).
func spellsOtherwise(s string) bool {
	if plain := dropInvisible(s); plain != s && spellsOtherwise(plain) {
		return true
	}
	if r := endingJoined(s); r != s && (scrub(r) != r || spellsRead(r)) {
		return true
	}
	return runTogether(s) || besideMailWord(s) || labelledReading(s) || inAngles(s) || reversedProvider(s) || alphaAt(s)
}

// endingApart is a label, then a few spaces or signs, then a top-level
// domain in lower case, ending the field: "zorbix io", "zorbix. io",
// "zorbix - io", "zorbix (io)", "zorbix / io". Read joined, its label and
// ending are a domain, which the rest of the field may make an address
// of.
var endingApart = lazyRE(`([\p{L}\p{N}][\p{L}\p{N}\-]*)[^\p{L}\p{N}]{1,4}(\p{Ll}{2,})\s*[)\]}>]?[\s.,;:!?]*$`)

// endingJoined is s with its endingApart read as a domain; s when it
// has none, or its ending is a word of prose ("Postdoc at MIT - us"):
// a country's code after a company is its branch ("Engineer at Acme -
// uk" stays, a job at a company).
//
// After a local part joined as a mailbox's is and the word "at"
// ("mark.ruiz at qentra dev", "mark.ruiz AT qentra DEV"), which prose
// writes no word as, a weak ending or one in capitals is read so too.
func endingJoined(s string) string {
	t := strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(".,;:!?)]}>", r) })
	i := strings.LastIndexFunc(t, func(r rune) bool { return !isWordRune(r) })
	if i < 0 {
		return s
	}
	joined := false
	ending := func(e string) bool { return tlds[e] && (!weakTLDs[e] || joined) }
	if last := t[i+1:]; !ending(last) {
		// The cheap look first: the field ends in no ending it may.
		if !tlds[strings.ToLower(last)] {
			return s
		}
		joined = joinedAt.MatchString(s)
		if !ending(strings.ToLower(last)) {
			return s
		}
	}
	re := endingApart
	if joined {
		re = endingApartAnyCase
	}
	m := re.FindStringSubmatchIndex(s)
	if m == nil || !ending(strings.ToLower(s[m[4]:m[5]])) {
		return s
	}
	return s[:m[0]] + s[m[2]:m[3]] + "." + strings.ToLower(s[m[4]:m[5]])
}

// endingApartAnyCase is endingApart with its ending in any case.
var endingApartAnyCase = lazyRE(`([\p{L}\p{N}][\p{L}\p{N}\-]*)[^\p{L}\p{N}]{1,4}(\p{L}{2,})\s*[)\]}>]?[\s.,;:!?]*$`)

// joinedAt is a local part joined as a mailbox's is ("mark.ruiz",
// "jane_doe", "jo+sec"), then the word "at" set apart.
//
// Or a local part with digits in it ("mruiz1"), which a name has not,
// and the '@' as a word in brackets or another tongue ("(at)", "[at]",
// "-at-", "arroba", "arobase", "atmark", "snail").
var joinedAt = lazyRE(`(?i)(?:[\p{L}\p{N}][._+][\p{L}\p{N}]+|\p{L}+\p{N}+)\s*(?:\s(?:at|arroba|arobase|atmark|snail)\s|[(\[{<-]\s*at\s*[)\]}>-])\s*[\p{L}\p{N}]`)

// runTogetherAddress is an address with its '@' and its dot written as
// words run into its own ("jdoeatzorbixdotcom"): no word of prose has
// "at", a label, then "dot" and a common ending.
var runTogetherAddress = lazyRE(`(?i)(?:^|[^\p{L}\p{N}._%+\-])[\p{L}\p{N}._%+\-]{2,}at[\p{L}\p{N}\-]{2,}dot(?:com|org|net|edu|gov|mil|io|info|dev|me|co|uk|de|fr|ru)(?:[^\p{L}\p{N}]|$)`)

// runTogether reports whether s holds a runTogetherAddress.
func runTogether(s string) bool {
	return hasFold(s, "dot") && runTogetherAddress.MatchString(s)
}

// mailWordPair is a word that says a mailbox follows, a local part,
// then a domain, the '@' left out: "email jdoe, zorbix.io", "Mail:
// jdoe zorbix.io", "write to jdoe, zorbix.io". Groups: the local part, the domain's ending.
var mailWordPair = lazyRE(`(?i)(?:^|[^\p{L}\p{N}])(?:` + mailCues + `)(?:\s+(?:me|us|to|at|on))?\s*:?\s+([\p{L}\p{N}._%+\-]*[\p{L}\p{N}])\s*[,;:]?\s+(?:[\p{L}\p{N}\-]+\.)+(\p{L}{2,})(?:[^\p{L}\p{N}\-.]|\.?$)`)

// mailCues are the words and signs that say a mailbox follows, in the
// languages and pictures people write them in: "email", "courriel",
// "почта", "邮箱", an envelope.
const mailCues = `e-?mail(?:[\s-]*(?:adresse|address|addr))?|mail|mailbox|contact|write|reach|ping|message|courriel|correo|adresse|addr|mél|почта|邮箱|郵箱|电邮|メール|✉\x{FE0F}?|📧|📨|📩`

// mailCueWords are mailCues as hasFold finds them, for the quick test.
var mailCueWords = []string{"mail", "contact", "write", "reach", "ping", "message", "courriel", "correo", "adresse", "addr", "mél", "почта", "Почта", "邮箱", "郵箱", "电邮", "メール", "✉", "📧", "📨", "📩"}

// besideMailWord reports whether s holds a mailWordPair whose local
// part is one a mailbox has (no word of prose or of a job), and whose
// domain ends in a top-level domain.
func besideMailWord(s string) bool {
	if !hasFold(s, mailCueWords...) {
		return false
	}
	for _, m := range mailWordPair.FindAllStringSubmatch(s, -1) {
		lower := strings.ToLower(m[1])
		if tlds[strings.ToLower(m[2])] && strings.ContainsFunc(m[1], unicode.IsLetter) && !proseWords[lower] && !jobWords[lower] {
			return true
		}
	}
	return false
}

// angledPair is a local part and a domain in the angle brackets (or
// guillemets) an address is written in, the '@' left out: "<jane.doe
// zorbix.io>". Groups: the local part, the ending.
// Groups: the opening sign, the local part, the domain's first label,
// the ending.
var angledPair = lazyRE(`([<‹〈＜«(\[])\s*([\p{L}\p{N}._%+\-]*[\p{L}\p{N}])\s+([\p{L}\p{N}\-]+)(?:\.[\p{L}\p{N}\-]+)*\.(\p{L}{2,})\s*[>›〉＞»)\]]`)

// inAngles reports whether s holds an angledPair whose local part is
// written in lower case, as a mailbox's is, before a real ending; in
// round or square brackets, which hold anything, shaped as only a
// mailbox's is, and no project's short name ("(k8s kubernetes.io)").
func inAngles(s string) bool {
	if !strings.ContainsAny(s, "<‹〈＜«([") {
		return false
	}
	for _, m := range angledPair.FindAllStringSubmatch(s, -1) {
		local := m[2]
		if local != strings.ToLower(local) || !strings.ContainsFunc(local, unicode.IsLetter) || !tlds[strings.ToLower(m[4])] {
			continue
		}
		if m[1] != "(" && m[1] != "[" || mailboxLike(local) && !numeronym(local, m[3]) {
			return true
		}
	}
	return false
}

// reversedProvider reports whether s starts with a provider's name
// reversed ("liamg") and, read backwards, names a mailbox there as a
// field does ("jane.doe at gmail"): a reversed address whose domain is
// a provider's name alone has no ending to find it by.
func reversedProvider(s string) bool {
	t := strings.TrimLeftFunc(s, func(r rune) bool { return !isWordRune(r) })
	end := strings.IndexFunc(t, func(r rune) bool { return !isWordRune(r) })
	if end < 0 {
		return false
	}
	w := []rune(strings.ToLower(t[:end]))
	slices.Reverse(w)
	if k, ok := mailProviders[string(w)]; (!ok || k == domainLabel) && !joinedOnlyNames[string(w)] {
		return false
	}
	rs := []rune(s)
	slices.Reverse(rs)
	return spellsRead(string(rs))
}

// alphaAtSign is a Greek alpha between a local part and a domain in Latin
// letters ("jdoeαzorbix.io"): drawn as '⍺' is, where an '@' would be.
// Groups: the ending.
var alphaAtSign = lazyRE(`[\p{Latin}\p{N}._%+\-]\s*[αΑ]\s*[\p{Latin}\p{N}][\p{Latin}\p{N}\-]*(?:\.[\p{Latin}\p{N}\-]+)*\.(\p{Latin}{2,})(?:[^\p{L}\p{N}\-]|$)`)

// alphaAt reports whether s holds an alphaAt before a real ending: an
// alpha in any of its forms (alphaFold).
func alphaAt(s string) bool {
	s = alphaFold(s)
	if !strings.ContainsAny(s, "αΑ") {
		return false
	}
	for _, m := range alphaAtSign.FindAllStringSubmatch(s, -1) {
		if tlds[strings.ToLower(m[1])] {
			return true
		}
	}
	return false
}

// alphaFold is s with each letter drawn as an alpha read as the Greek
// one: the Latin alpha (ɑ, Ɑ), the mathematical ones (𝛂, 𝜶, 𝞪: NFKC
// makes them α) and an alpha with accents (ά, ᾳ). s itself when it has
// none.
func alphaFold(s string) string {
	if isASCII(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == 'ɑ' || r == 'Ɑ':
			return 'α'
		case r < 0x370 || r == 'α' || r == 'Α':
			return r
		}
		if d := []rune(norm.NFKD.String(string(r))); len(d) > 0 && (d[0] == 'α' || d[0] == 'Α') {
			return 'α'
		}
		return r
	}, s)
}
