package site

import (
	"github.com/roster-dev/roster/internal/lookalike"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The public roster's last line of defence: scrub replaces the addresses
// it recognises in a field, and a field whose skeleton (what a reader
// decodes it to: entities, escapes and compatibility forms undone,
// look-alike letters read as Latin, "at" and "dot" read as signs, spaced
// letters read as one word) still holds an address is hidden whole.
// Spelling tricks are endless; what they spell is not.

// atLike are signs that read as '@' whole: the APL alphas, an 'a' raised
// or lowered (ᵃ ₐ ᴬ, and the turned and alpha forms), the reversed-schwa
// and inverted-alpha 'a', drawn where an '@' would be (NFKC would make
// most of them a plain 'a'). An 'a' in a circle or in parentheses is
// read by readEnclosed, the ordinal 'ª' by ordinalA.
var atLike = strings.NewReplacer("⍺", "@", "⍶", "@", "ᵃ", "@", "ₐ", "@", "ᴬ", "@", "ᵄ", "@", "ᵅ", "@", "ᶛ", "@",
	"ꬱ", "@", "ꭤ", "@", "＠", "@", "﹫", "@")

// ordinalA is the feminine ordinal 'ª' where it is no ordinal, not after
// a digit ("jo ª example.org"); "1ª" and "2ª edição" keep it.
var ordinalA = lazyRE(`(^|[^\p{N}])ª`)

// enclosedA is an 'a' of any script (every letter lookalike.Latin reads as
// one, and the APL alpha) in an enclosing mark (a combining circle,
// square, diamond or keycap: U+20DD to U+20E4), which draws as ⓐ; the
// marks would otherwise go with the accents and leave an 'a'.
var enclosedA = lazyRE(`[aA⍺` + lookalike.Imitators('a', 'A') + `][\x{20dd}-\x{20e4}\x{0488}\x{0489}\x{a670}-\x{a672}]+`)

// atSigns is s with each sign of atLike and enclosedA an '@', and the
// enclosed letters read (readEnclosed).
func atSigns(s string) string {
	if isASCII(s) {
		return s
	}
	if mayEncloseA(s) {
		s = enclosedA.ReplaceAllString(s, "@")
	}
	s = atLike.Replace(readEnclosed(s))
	if strings.Contains(s, "ª") {
		s = ordinalA.ReplaceAllString(s, "${1}@")
	}
	return s
}

// dotLike are signs that read as a full stop between two words.
var dotLike = strings.NewReplacer("。", ".", "．", ".", "｡", ".", "﹒", ".", "․", ".", "·", ".", "∙", ".",
	"…", ".", "‥", ".", "⸰", ".", "᠂", ".", "܁", ".", "⸳", ".", "\\.", ".",
	"ꓸ", ".", "•", ".", "●", ".", "◦", ".", "∘", ".", "‧", ".", "⋅", ".", "・", ".", "۔", ".", "⸱", ".", "ꞏ", ".",
	"ㆍ", ".", "\u119e", ".", "٠", ".", "۰", ".", "᛫", ".", "ᐧ", ".", "⦁", ".", "⚫", ".", "⬤", ".", "։", ".", "⸼", ".", "ॱ", ".", "⊙", ".", "▪", ".", "⦾", ".", "⦿", ".",
	// More signs drawn as a dot or a small ring: degree, fisheye, large
	// circle, white small square, four dot punctuation, Aegean word
	// separator, Tibetan tsheg, Georgian paragraph separator, Lisu comma.
	"°", ".", "◉", ".", "⭘", ".", "▫", ".", "⁖", ".", "\U00010101", ".", "\u0f0b", ".", "჻", ".", "꓾", ".",
	// Braille cells of a single dot, and more dots, rings, bullets and
	// dotted punctuation: medium and heavy circles, dot operators,
	// ellipses, the low comma, Mongolian, Vai and Ethiopic full stops,
	// the Devanagari abbreviation sign, a dot above.
	"⠁", ".", "⠂", ".", "⠄", ".", "⠈", ".", "⠐", ".", "⠠", ".", "⡀", ".", "⢀", ".",
	"⚬", ".", "⬝", ".", "⬞", ".", "\U0001F784", ".", "\U0001F785", ".", "\U0001F786", ".", "⏺", ".", "⚪", ".", "\U0001F518", ".",
	"\U0001F534", ".", "\U0001F535", ".", "⁘", ".", "⁙", ".", "⁝", ".", "⋯", ".", "⋮", ".", "‚", ".", "᠃", ".", "꘎", ".", "።", ".",
	"॰", ".", "˙", ".", "܂", ".", "⸪", ".", "⸫", ".", "⸬", ".", "⸭", ".", "∴", ".", "∵", ".", "⦂", ".",
	// Circles, white, large, dotted and coloured (the emoji circles
	// and squares, U+1F7E0 to U+1F7EB), and the ideographic zero drawn
	// as one: symbols (So) are no dot by their category, which holds
	// stars, arrows and pictures, so the round ones are named.
	"○", ".", "◯", ".", "◌", ".", "◎", ".", "⭕", ".", "〇", ".",
	"\U0001F7E0", ".", "\U0001F7E1", ".", "\U0001F7E2", ".", "\U0001F7E3", ".", "\U0001F7E4", ".", "\U0001F7E5", ".",
	"\U0001F7E6", ".", "\U0001F7E7", ".", "\U0001F7E8", ".", "\U0001F7E9", ".", "\U0001F7EA", ".", "\U0001F7EB", ".",
	// Letters and marks drawn as a dot or a small ring, which no
	// category names a sign: Canadian syllabics final ring and
	// middle dot, Mongolian's, the Arabic baseline round dot, the
	// musical augmentation dot; and NKo's lajanyalan, drawn as a low
	// line. (A raised small o is read both ways: raisedO.)
	"ᐤ", ".", "ᐝ", ".", "ᣟ", ".", "\u0887", ".", "\U0001D16D", ".", "ߺ", "_")

// raisedO reads a raised or lowered small o as the ring of a dot.
var raisedO = strings.NewReplacer("ᵒ", ".", "ₒ", ".")

// blank is what shows as nothing, or as a space: every such rune is a
// space to the skeleton, and a run of them one space.
func blank(r rune) bool {
	switch r {
	case '\u2800', '\u3164', '\u115f', '\u1160', '\uffa0', '\u180e':
		return true
	}
	return unicode.IsSpace(r) || unicode.In(r, unicode.Zs)
}

const (
	// around is what may stand between a word and an '@' that joins it
	// to the next: anything but a letter, a digit, a dot or an '@'
	// (spaces, brackets, quotes, dashes, underscores ...).
	around = `[^\p{L}\p{N}.@]`
	// aroundWord is what may stand between a word and the "at" or "dot"
	// that joins it to the next: around, and dots too
	// ("jo.at.example.dot.org"). An "at" after an abbreviation's dot
	// ("C.S. at Univ.") only loses that dot, and a name has no "at" or
	// "dot" between two dots.
	aroundWord = `[^\p{L}\p{N}@]`
)

var (
	// atWords are the words for '@' between words: "at", "at the rate
	// (of)", "at d rate", "at mark", "at the" ("jo at the gmail.com
	// domain"), "at (the) domain", "arroba", "chez", and "a" and "t" set apart by spaces
	// or a sign or two ("a t", "a.t", "a/t", "a+t", "a:t", "A. T.":
	// an '@' only before a domain, which "A. T. Kearney" has not).
	atWords = lazyRE(`(?i)(?:^|` + aroundWord + `+)(?:at[\s_\-]*(?:the|d)?[\s_\-]*rate(?:[\s_\-]*of)?|at[\s_\-]*mark|at(?:[\s_\-]+the)?[\s_\-]+(?:domain|server|host)|at[\s_\-]+the|at[\s-]*(?:sign|symbol)|at|a\s+t|a\s*[^\p{L}\p{N}\s@]{1,3}\s*t|arroba|chez)` + aroundWord + `+`)
	// bracketA is an 'a' in brackets after a word: "jo(a)example.org",
	// as 'ⓐ' and '⒜' are; brackets of any script, quotes and bars too
	// ("jo «a» example.org", "jo 「a」 example.org"). In "Member of (a)
	// team" it joins no domain.
	bracketA = lazyRE(`([\p{L}\p{N}._%+\-])\s*[(\[{<\p{Ps}\p{Pi}\p{Pf}"'|/*]\s*[aA]\s*[)\]}>\p{Pe}\p{Pf}\p{Pi}"'|/*]\s*`)
	// atT is "@t", the sign and the word's last letter ("leak @t
	// example.org"), standing alone.
	atT = lazyRE(`(?i)(^|[^\p{L}\p{N}])@t([^\p{L}\p{N}]|$)`)
	// atProvider is an '@' before a mail provider's name without its
	// ending ("carol @ gmail"): the rest of the address is the one
	// everyone knows. In words ("at") only the names that are mail and
	// nothing else count: "Engineer at Yahoo" is an affiliation.
	// A name that is also a company's or a word ("Engineer @ Live
	// Nation", "Dev @ Outlook team") counts only ending the field.
	atProvider = lazyRE(`@(?:(?:` + providerNames(pureMail, mailEmployer) + `)(?:[^\p{L}\p{N}\-]|$)|(?:` + providerNames(companyWord) + `)[\s.,;:!?)\]]*$)`)
	// mailOnlyWord is "at" (or "a/t", "a.t" ...) before a name that is
	// mail and nothing else, possibly ending a sentence ("write to carol
	// at gmx."). A provider that is an employer too is read beside a
	// handle (providerSaid): "Engineer at Yandex" is an affiliation.
	mailOnlyWord = lazyRE(`(?i)(?:^|[^\p{L}\p{N}])(?:at|a[^\p{L}\p{N}\s]{1,3}t)\s+(?:` + providerNames(pureMail) + `)(?:\.?(?:[^\p{L}\p{N}\-.]|$))`)
	// bracketAt is the word "at" (or "a/t", "a.t" ...) in brackets or
	// quotes of any script: the sign, even where a plain "at" would be a
	// word ("carol (at) gmail", "carol «a/t» gmail").
	bracketAt = lazyRE(`(?i)[\[(<{"'*_\-~#|/\p{Ps}\p{Pi}\p{Pf}]\s*(?:at|a[^\p{L}\p{N}\s]{1,3}t)\s*[\])>}"'*_\-~#|/\p{Pe}\p{Pf}\p{Pi}]`)
	// spacedTLD is an '@' and a word, then a common top-level domain set
	// apart by a space instead of a dot ("alice @ example com"). Only
	// the endings that are no word of their own: a country's code after
	// a company's name is its branch ("Analyst at Deloitte UK", "at
	// Yandex RU"), "de" is "of" ("Researcher at Universidad de Chile"),
	// and "Gov", "Dev", "Info", "IO" are words ("Analyst at UK Gov").
	spacedTLD = lazyRE(`(?i)(@[\p{L}\p{N}\-]+)\s+(com|org|net|edu)\b`)
	// dotRun is a run of dots ("example..org", an ellipsis read as one).
	dotRun = lazyRE(`\.{2,}`)
	// trailingAt is a word and an '@' ending the field: the rest of the
	// address in the field beside it.
	trailingAt = lazyRE(`[\p{L}\p{N}._%+\-]\s*@\s*$`)
	// dotWords are the words for a dot that name nothing else: "d.o.t"
	// too, in any case (title case is read apart: see skeletonOf), and
	// "dt" in lower case ("DT" only before a domain's ending: see
	// periodChain).
	dotWords = lazyRE(`(?:^|` + aroundWord + `+)((?i:dot|d0t|d[._\-]o[._\-]t|punkt|point|punto|punkto|punt|pont|kropka|tecka|piste|tuldok)|dt)` + aroundWord + `+`)
	// foreignWords are the words for '@' and '.' in the languages whose
	// speakers spell addresses out in their own words, and the Latin
	// spellings of those written in other scripts: read before the
	// look-alike letters, which would turn a Cyrillic word into a
	// mixture no pattern names.
	foreignWords = lazyRE(`(?i)(^|[^\p{L}\p{N}])(` + strings.Join(foreignWordList, "|") + `)([^\p{L}\p{N}]|$)`)
	// camelWords are "AT" and "DOT" run into the words around them in
	// capitals ("aliceATexampleDOTorg"): no name is written so.
	camelWords = lazyRE(`([\p{Ll}\p{N}])(?:AT|At)([\p{Ll}\p{N}][\p{Ll}\p{N}\-]*)(?:DOT|Dot)(\p{Ll}{2,})`)
	// camelAt is "AT" in capitals run into words that end in a domain
	// ("jane.doeATgmail.com"), and an "at" run into a mail provider's
	// domain ("jane.doe atgmail.com"): no name is written so.
	camelAt  = lazyRE(`([\p{Ll}\p{N}])AT([\p{Ll}\p{N}][\p{Ll}\p{N}\-]*\.\p{Ll}{2,})`)
	aroundAt = lazyRE(around + `*@` + around + `*`)
	// spacedDot is a dot with a space (or a bracket or quotes of any
	// script) before it: "example .org", "example [.] org", "example
	// “.” com". A dot with a space after it only is the end of an
	// abbreviation: "Univ. Oxford".
	spacedDot = lazyRE(`\s*[\[({<"'\p{Ps}\p{Pi}\p{Pf}]\s*\.\s*[\])}>"'\p{Pe}\p{Pf}\p{Pi}]\s*|\s+\.\s*`)
	// bracketDot is a bracket or quote against a dot: "(@example).org".
	bracketDot = lazyRE(`["'\[\](){}<>]+\.|\.["'\[\](){}<>]+`)
	// tldAfterSpace is a dot, a space, then a common top-level domain:
	// "example. org" (an abbreviation's dot, "Univ. Oxford", is not).
	// As spacedTLD, only endings that are no word: after an
	// abbreviation's dot a word follows ("Researcher at Univ. de
	// Chile", "at Acme Inc. in Berlin", "Ltd. uk office").
	tldAfterSpace = lazyRE(`\.\s+(com|org|net|edu)\b`)
	// spacedRun is letters spaced out, between spaces or any other
	// signs: one label of a domain may be spaced out alone
	// ("example.o r g").
	spacedRun = lazyRE(`(^|[^\p{L}\p{N}])((?:[\p{L}\p{N}@.] ){2,}[\p{L}\p{N}@.])([^\p{L}\p{N}]|$)`)
	marks     = lazyRE(`[\p{M}\x{200b}-\x{200f}\x{2060}-\x{2064}\x{feff}\x{00ad}\x{034f}]`)
	skelLabel = `[\p{L}\p{N}\-]+`
	// skelAddr is an address in a skeleton, or an '@' before a domain
	// with no local part (the rest of it in the field beside).
	skelAddr = lazyRE(`(?:^|[^\p{L}\p{N}._%+\-]|[\p{L}\p{N}._%+\-])@(?:` + skelLabel + `\.)+(\p{L}[\p{L}\p{N}\-]*\p{L})(?:[^\p{L}\p{N}\-]|$)|@\[?\d{1,3}(?:\.\d{1,3}){3}|@\[?ipv6:[0-9a-f:.]*[0-9a-f]`)
)

// foreignWordList are the words of foreignWords, in lower case.
var foreignWordList = []string{
	"собака", "собачка", "sobaka", "sobachka", "точка", "tochka", "małpa", "malpa", "kropka", "chiocciola", "strudel",
	"shtrudel", "kukac", "snabel-a", "klammeraffe", "zavináč", "zavinac", "tečka", "apenstaartje", "papaki", "παπάκι",
	"τελεία", "aapje", "arobase", "arobas", "arroba", "aroba", "arrova", "kissanhäntä", "kissanhanta", "miukumauku", "ät",
	"nokta", "点", "點", "ponto", "punct", "punktum", "točka", "tocka", "tačka", "tacka", "тачка", "крапка", "titik",
	"bodka", "pika", "punktur", "chấm", "ドット", "닷", "쩜", "نقطة", "krøllalfa", "afna", "ravlyk", "равлик", "majmun",
	"маймунка", "골뱅이", "アットマーク", "שטרודל", "艾特", "小老鼠", "a còng", "айқұлақ", "snail",
}

// notTLDs are endings that look like a top-level domain and are the
// names of things: "Node.js" is a project, not a domain.
var notTLDs = map[string]bool{"js": true}

// skeleton is what a reader makes of s (see above).
func skeleton(s string) string { return skeletonOf(s, true) }

// skeletonOf is skeleton; with words false, "at" and "dot" words stay
// words (only signs are read as signs).
func skeletonOf(s string, words bool) string { return skeletonRead(readable(s), words) }

// skeletonRead is skeletonOf for s as readable reads it. Each
// expression is read where the look before it (guards.go) says it may
// match.
func skeletonRead(s string, words bool) string {
	if words {
		if mayForeignWord(s) {
			s = foreignWords.ReplaceAllStringFunc(s, readForeignWord)
		}
		s = readSpoken(s)
	}
	// A provider's name said in two words ("G Mail", "Yahoo Mail") is
	// its name in every reading: "jdoe at Yahoo Mail" reads as "at yahoo".
	if hasFold(s, "mail", "look", "cloud", "hoo") {
		s = splitProvider.ReplaceAllString(s, "${1}${2}${3}${4}")
	}
	if hasFold(s, "mail") {
		s = companyMail.ReplaceAllString(s, "${1}${2}${3}")
	}
	// Accents go, composed or not ("át", "döt", "a\u0301t"): on the
	// decomposed form, then composed again; after the foreign words,
	// some of which are written with them ("chấm", "ドット").
	if !isASCII(s) {
		s = norm.NFC.String(marks.ReplaceAllString(norm.NFKD.String(s), ""))
	}
	// Look-alike letters read as Latin ones; digits inside a word as the
	// letters they are written for ("4t", "d0t", "c0m").
	s = foldLeet(foldLookAlikes(s))
	// Catalan's l·l is a letter, not a dot.
	if strings.ContainsRune(s, '·') {
		s = strings.NewReplacer("l·l", "ll", "L·L", "LL", "l·L", "lL").Replace(s)
	}
	if !isASCII(s) || strings.Contains(s, `\.`) {
		s = innerPunctuation(dotLike.Replace(s))
	}
	s = strings.Join(strings.FieldsFunc(s, blank), " ")
	if maySpacedRun(s) {
		s = joinSpaced(s)
	}
	if strings.Contains(s, "..") {
		s = dotRun.ReplaceAllString(s, ".")
	}
	if hasFold(s, "@t") {
		s = atT.ReplaceAllString(s, "$1@$2")
	}
	if mayBracketA(s) {
		s = bracketA.ReplaceAllString(s, "$1@")
	}
	at := strings.Contains(s, "@")
	if !words {
		if mayAtWord(s, false) {
			s = bracketAt.ReplaceAllString(s, "@")
			at = at || strings.Contains(s, "@")
		}
		if at {
			s = spaceTLD(aroundAt.ReplaceAllString(s, "@"))
		}
		return joinEnding(strings.ToLower(s))
	}
	if strings.ContainsAny(s, idJoiners) && hasFold(s, "at") {
		s = hyphenAt.ReplaceAllStringFunc(s, readHyphenAt)
	}
	if strings.Contains(s, "AT") || strings.Contains(s, "At") {
		s = readCamelTitle(camelWords.ReplaceAllString(s, "$1@$2.$3"))
		s = camelAt.ReplaceAllString(s, "$1@$2")
	}
	if hasFold(s, "at") && mayAtProvider2(s) {
		s = atProvider2.ReplaceAllString(s, "$1@$2")
	}
	if mayAtWord(s, true) {
		s = readAtWords(s)
	}
	// A dot word in lower case or capitals joins a domain; in title case
	// ("Check Point", "Blue Dot") it is a name, unless a top-level
	// domain follows it ("example Dot org").
	if mayDotWord(s) {
		s = dotWords.ReplaceAllStringFunc(s, func(m string) string {
			w := dotWords.FindStringSubmatch(m)[1]
			if w[0] >= 'A' && w[0] <= 'Z' && w[1:] == strings.ToLower(w[1:]) {
				return m
			}
			return "."
		})
	}
	s = readTitleDots(s)
	if hasFold(s, "dot") {
		s = joinedDot.ReplaceAllStringFunc(s, readJoinedDot)
	}
	if hasFold(s, "period", "full", "dt") {
		s = periodChain.ReplaceAllStringFunc(s, func(m string) string { return periodWords.ReplaceAllString(m, ".") })
	}
	if strings.Contains(s, "@") {
		s = aroundAt.ReplaceAllString(s, "@")
	}
	s = readOtherDots(readSignAt(s))
	if strings.Contains(s, ".") {
		s = bracketDot.ReplaceAllString(spacedDot.ReplaceAllString(s, "."), ".")
		s = tldAfterSpace.ReplaceAllString(spaceTLD(s), ".$1")
	} else {
		s = spaceTLD(s)
	}
	return joinEnding(strings.ToLower(s))
}

// readForeignWord reads one foreignWords as the sign it is a word for.
func readForeignWord(m string) string {
	sub := foreignWords.FindStringSubmatch(m)
	if foreignDotWords[strings.ToLower(sub[2])] {
		return sub[1] + " dot " + sub[3]
	}
	return sub[1] + " at " + sub[3]
}

// foreignDotWords are the words of foreignWordList for a dot; the
// others are words for the '@'.
var foreignDotWords = wordSet("точка tochka kropka tečka τελεία nokta 点 點 ponto punct punktum točka tocka tačka tacka тачка " +
	"крапка titik bodka pika punktur chấm ドット 닷 쩜 نقطة")

// readAtWords reads each atWords in s as an '@', but an "at" between a
// job and a company (jobAt): "Engineer at Booking.com" stays.
func readAtWords(s string) string {
	locs := atWords.FindAllStringIndex(s, -1)
	var b strings.Builder
	last := 0
	for _, loc := range locs {
		if jobAt(s[:loc[0]+1], s[loc[1]-1:]) {
			continue
		}
		b.WriteString(s[last:loc[0]])
		b.WriteString("@")
		last = loc[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// commonEnding is one of commonTLDs.
var commonEnding = lazyRE(`^` + commonTLDs + `$`)

// periodWord is a word for a dot that is a word in prose too: "period"
// and "full stop" end sentences, and "DT" names a company.
const periodWord = aroundWord + `+(?:period|full[\s_-]*stop|dt)` + aroundWord + `+`

// commonTLDs are the endings a domain spelled out with a periodWord may
// have for the word to be read as a dot: the common ones that are no
// English word ("in", "it", "us" are), so that "Postdoc at MIT period of
// 2020" stays.
const commonTLDs = `(?:com|org|net|edu|gov|mil|int|io|dev|info|biz|co|uk|de|fr|eu|ca|au|nl|ch|se|es|pl|jp|cn|ru|br|ai|app|xyz)`

var (
	// periodChain is a domain spelled with period words, ending in a
	// common TLD: "example period org", "mail period example period
	// co period uk".
	periodChain = lazyRE(`(?i)(?:` + periodWord + `[\p{L}\p{N}\-]+)*` + periodWord + commonTLDs + `\b`)
	periodWords = lazyRE(`(?i)` + periodWord)
)

// titleDotTLD is a dot word in title case, after a word, before a
// top-level domain: "Dot org", "Dot Com", "[Dot] me", "-Dot- fm" (and in
// an id, "-Dot-Com", "_Dot_Com") are a dot, where "Blue Dot Security"
// and "Check Point" are names. "Works at Dot Com Ventures" has no word
// between the "at" and the "Dot": no domain. Whether the word after it
// is an ending readTitleDot decides.
var titleDotTLD = lazyRE(`(?:[\s_\-]+[\[({"'«‹<“‘]?|[\[({"'«‹<“‘])(?:Dot|Punkt|Point|Punto|Pont|Punt|Piste|Ponto|Punct|Punktum|Kropka|Tecka|Teleia|Nokta|Tochka)(?:[\])}"'»›>”’]?[\s_\-]+|[\])}"'»›>”’])(\p{L}+)\b`)

// titleTLDs are the endings titleDotTLD reads in every case a person
// writes them, title case too ("Dot Com", "Dot Org").
var titleTLDs = wordSet("com org net edu gov io dev info de uk fr eu")

// atBefore is an "at" word (or the '@' one was read as) before a
// domain's first label, in any case: "Jane.Doe At Proton Dot Me".
var atBefore = lazyRE(`(?:(?i:(?:^|[^\p{L}\p{N}])at[\s_\-]+)|@\s*)[\p{L}\p{N}\-]+$`)

// readTitleDots reads each titleDotTLD in s whose word is an ending as
// a dot before it: one of titleTLDs; any other top-level domain in
// lower case, capitals or a case no name has ("fm", "ME", "mE"), or in
// title case when it is no word of prose ("Fm", "Nl"), or after an "at"
// and a label ("At Proton Dot Me"): "Polka Dot Co" stays a name.
func readTitleDots(s string) string {
	if !mayTitleDot(s) {
		return s // no dot word in title case: most names, read cheaply
	}
	locs := titleDotTLD.FindAllStringSubmatchIndex(s, -1)
	if locs == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, loc := range locs {
		w := s[loc[2]:loc[3]]
		lower := strings.ToLower(w)
		title := w != lower && w[1:] == lower[1:]
		if !titleTLDs[lower] && (!tlds[lower] || title && weakTLDs[lower] && !atBefore.MatchString(s[:loc[0]])) {
			continue
		}
		b.WriteString(s[last:loc[0]])
		b.WriteString(".")
		b.WriteString(w)
		last = loc[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// joinedDot is a dot word run into a common ending ("dotcom", "DotCom",
// "dotORG"), as a word after another ("example dotcom",
// "example_dotcom"), or after an '@' and a label ("@exampledotcom").
var joinedDot = lazyRE(`([\p{L}\p{N}][\s_\-]+)((?i:dot))((?i:com|org|net|edu|gov|io|info|dev))\b|(@[\p{L}\p{N}\-]*[\p{L}\p{N}])((?i:dot))((?i:com|org|net|edu|gov|io|info|dev))\b`)

// readJoinedDot reads a joinedDot as a dot and its ending, unless it is
// written as a name is, in title case ("Dotcom Ltd").
func readJoinedDot(m string) string {
	sub := joinedDot.FindStringSubmatch(m)
	before, dot, end := sub[1], sub[2], sub[3]
	if before == "" {
		before, dot, end = sub[4], sub[5], sub[6]
	} else {
		before = strings.TrimRight(before, " _-")
	}
	if dot == "Dot" && end == strings.ToLower(end) {
		return m
	}
	return before + "." + end
}

// spaceTLD reads an '@', a word and a common ending set apart by a
// space (spacedTLD) as a domain; but not when the word is a dot word in
// title case ("at Dot Com Ventures" is a company's name, and the '@'
// has no domain before the ending).
func spaceTLD(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	return spacedTLD.ReplaceAllStringFunc(s, func(m string) string {
		sub := spacedTLD.FindStringSubmatch(m)
		switch sub[1] {
		case "@Dot", "@Punkt", "@Point", "@Punto":
			return m
		}
		return sub[1] + "." + sub[2]
	})
}

// spellsRead is spellsAddress as s is written: whether s, read as a
// reader would, holds an email address, or an '@' before a domain.
func spellsRead(s string) bool {
	// A bar or an exclamation mark between letters is an 'l' or an 'i'
	// ("whitfie|d", "gma!l"), or a separator ("jo|at|example.org"):
	// the field is read both ways.
	if p := pipesAsLetters(s); p != s && spellsRead(p) {
		return true
	}
	// A raised or lowered small o is drawn as a ring between words
	// ("gmailᵒcom"), which normal form KC reads as an 'o': both ways.
	if strings.ContainsAny(s, "ᵒₒ") && spellsRead(raisedO.Replace(s)) {
		return true
	}
	// `\0100` is '@' in octal, where the decoder reads the hexadecimal
	// escape `\0100e` of CSS: read both ways too.
	if o := octalEscapes(s); o != s && spellsRead(o) {
		return true
	}
	// An enclosed 'a' between words of enclosed letters, spaces apart,
	// is a letter of a word spelled out, or the '@': both ways.
	if e := readEnclosedApart(s); e != s && e != readEnclosed(s) && spellsRead(e) {
		return true
	}
	// A backslash between words is a separator to a reader
	// ("jo\at\example\dot\org"), where the decoder reads the start of
	// an escape ("\40 ", "\a"): the field is read both ways.
	if strings.Contains(s, `\`) && spellsRead(strings.ReplaceAll(s, `\`, "/")) {
		return true
	}
	// An '@' between letters, spaced out or not ("s e c @ e x a m p l
	// e"): a mailbox, its domain written or not.
	if strings.Contains(s, "@") && letterAtLetter.MatchString(joinSpaced(strings.Join(strings.FieldsFunc(s, blank), " "))) {
		return true
	}
	r := readable(s)
	if skel := skeletonRead(r, true); strings.Contains(skel, "@") {
		for _, m := range skelAddr.FindAllStringSubmatch(skel, -1) {
			if m[1] == "" || !notTLDs[m[1]] {
				return true
			}
		}
	}
	// A handle joined by an "at" to a name that is mail and nothing
	// else, its ending left out ("jdoe+at+gmail", "jdoe.at.gmail"): the
	// domain everyone knows.
	if hasFold(r, "at") && (mayProviderWord(foldLookAlikes(r)) && joinedAtMail.MatchString(foldLookAlikes(r)) || camelAtMail.MatchString(r)) {
		return true
	}
	// An address whose domain is a mail provider's name alone, or that
	// the field beside completes.
	signs := skeletonRead(r, false)
	if strings.Contains(signs, "@") && (skelAddr.MatchString(signs) || atProvider.MatchString(signs) || trailingAt.MatchString(signs)) {
		return true // "alice @ example com", "carol @ gmail", "alice @"
	}
	if mayAtWord(signs, false) && mayProviderWord(signs) && mailOnlyWord.MatchString(signs) || besideProvider(signs) {
		return true
	}
	// A provider named beside a handle, read with the handle's digits as
	// they are ("gmail: jdoe1"); a sign with no space around it, emptied
	// brackets, the sign's code, or the domain first (addressByOrder).
	// The latter as written too: the decoder reads "&zorbix" as an
	// entity.
	return companyMailSaid(r) || providerSaid(foldLookAlikes(r)) || providerAtEnd(r) || addressByOrder(r) || r != s && addressByOrder(s)
}

// letterAtLetter is an '@' with a letter or digit on each side.
var letterAtLetter = lazyRE(`[\p{L}\p{N}]@[\p{L}\p{N}]`)

// hiddenAsPart reads each address scrub hid as the part of one that the
// rest of the field may complete: a local part and its '@' before a
// domain ("cat@ example .org" loses "cat@" only), or all but the ending
// before one ("jo@example .o r g" loses "jo@example" only).
var hiddenAsPart = []*strings.Replacer{strings.NewReplacer(hidden, "x@"), strings.NewReplacer(hidden, "x@x")}

// domainLeft reports whether the rest of an address is left after the
// part scrub hid: its patterns end an address where a space or a
// bracket does, where a reader reads on. A hidden address followed by
// the field's end or other words ("[address hidden] was added") is
// left as it is.
func domainLeft(s string) bool {
	if !strings.Contains(s, hidden) {
		return false
	} else if halvesLeft(s) {
		return true
	}
	for _, r := range hiddenAsPart {
		if skelAddr.MatchString(skeleton(r.Replace(s))) {
			return true
		}
	}
	return false
}

// hideField is scrub for one field of the public roster, and, when what
// is left still spells an address (hidesAddress), or the public check
// would refuse a page that shows it (pageRefuses), the field hidden
// whole; hidden whole too when it does so read with its blanks as
// spaces, or without them (blankHides).
func hideField(s string) string {
	if blankHides(s) {
		return hidden
	}
	return hideFieldAsRead(s)
}

// hideFieldAsRead is hideField for s as the readings read it.
func hideFieldAsRead(s string) string {
	if s = scrub(s); hidesAddress(s) || pageRefuses(s) || halvesInField(s) {
		return hidden
	}
	// A provider's domain written out is read as its name, as the
	// readings read "jdoe (gmail)".
	if b := providerBare(s); b != s && hidesAddress(b) {
		return hidden
	}
	return loneAtSign(s)
}

// hidesAddress reports whether s, what scrub left of a field, still
// spells an address, or the domain of one scrub hid in part. Text read
// so that no page shows as it is (two fields side by side, read as one
// by spelledTogether) is read with it alone.
func hidesAddress(s string) bool {
	return spellsAddress(s) || domainLeft(s)
}
