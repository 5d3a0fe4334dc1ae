package site

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// An address spelled to get past a list of the words for its signs
// keeps its shape: a local part, something short for the '@', the
// domain's labels with something short for each dot, and an ending
// that is a real top-level domain: "jane bei othercorp punkt de", "jane
// 골뱅이 othercorp 점 com", "jane at othercorp d*t com", "jane ⊕
// othercorp . com", "jane strudel othercorp nekuda co nekuda il". The
// words people use for the signs, in every language and misspelling,
// are endless; the shape is not. findShape reads it:
//
//	LOCAL <at> DOMAIN (<dot> LABEL)* <dot> ENDING
//
// The labels are words of Latin letters and digits (look-alikes read as
// Latin); the ending is a top-level domain (scrub_tld.go); each
// separator (readSeparator) is more than a space and short: one word
// (of up to gapAt letters for the '@', gapIn for a dot, as the
// known-address reading allows), alone or in brackets or quotes, a
// word spelled letter by letter ("(a)(t)", "d*t"), or a few signs that
// are no prose punctuation ("⊕", "⋄", " . "). Prose has short words
// between words too; what sets it apart:
//
//   - punctuation alone, or on one side of a word, is prose's, no
//     separator: "SRE, example.com", "Announce — libfoo.org", "Lead
//     (example.org)", "https://security.example.org", "the list's name";
//     nor are a number, initials ("x.f"), an ellipsis or an
//     abbreviation's dot ("Univ. de Chile");
//   - the words that stand between words (proseWords: "for", "in",
//     "the", "of" ...) are no separator and no label: "Security reports
//     for example.org";
//   - a word in title case is a name, never a separator: "Researcher at
//     Universidad de Chile", "Analyst at UK Gov", "Works at Dot Com
//     Ventures"; one in capitals counts in an address all in capitals;
//   - an address writes its dots alike and its '@' otherwise, an id's
//     words all joined alike: "Ops ⚡ Acme ⚡ EU" is a list;
//   - an ending that is a word of prose (weakTLDs: "it", "in", "us",
//     "app") counts after a dot that is a sign or a word of another
//     script, where prose has none;
//   - words alone ("jane bei othercorp punkt de") count where the
//     address ends the text, a sentence or brackets, or ends in a common
//     ending (commonEndings): "chunk at chunk index ci and" reads on;
//   - before a domain written whole ("othercorp.com"), a word alone for
//     the '@' counts only when short ("et", "bei"), in lower case, the
//     address set apart, and not a file's name: "Vendors shipping
//     libfoo.org", "Kat kat Example.org" (a name, a handle, an
//     employer), "use setup.py" stay.
//
// When the reading must choose, it hides: a field it reads an address
// in is hidden whole. So it gives up text that is no address: five
// words in lower case or more, short words between, that end a
// sentence in a top-level domain ("bytes using buffer size bs.") or
// read on after com, org or net ("talk to ops team nokta com"); snake_case
// and kebab-case ids of five words that end in a country's code
// ("rsa_sec_compute_root_tr"); lower-case parts set apart by two
// different symbols, the last a country's code ("ops ⚡ acme ★ eu"); a
// lower-case name beside a handle of three letters and a lower-case
// domain ("kat kat example.org"). It misses what it leaves to the other
// readings or to none: an address in title case ("Jane Et Othercorp
// Nokta Com", read as names), its '@' and dots written alike ("jane ⊕
// othercorp ⊕ com", read as a list), words alone read on into more
// before a country's code ("ask jane bei othercorp punkt de first").

// shapeWord is one word of a text for findShape: a run of letters,
// digits and marks, with the hyphens and apostrophes inside it
// ("t-mobile", "list's"), and its byte offsets.
type shapeWord struct {
	start, end int
	text       string
}

// shapeWords returns the words of s.
func shapeWords(s string) []shapeWord {
	var ws []shapeWord
	start := -1
	for i, r := range s {
		switch {
		case isWordRune(r):
			if start < 0 {
				start = i
			}
			continue
		case (r == '-' || isApostrophe(r)) && start >= 0:
			// Inside a word only, a letter or a digit after it: a
			// hyphen joins a label ("t-mobile"), an apostrophe makes a
			// possessive or a contraction ("v's", "i'th") one word.
			if next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):]); isWordRune(next) {
				continue
			}
			// A punycode label's two ("xn--p1ai"): one word too.
			if w := s[start:i]; strings.EqualFold(w, "xn") && strings.HasPrefix(s[i:], "--") || strings.EqualFold(w, "xn-") {
				continue
			}
		}
		if start >= 0 {
			ws = append(ws, shapeWord{start, i, s[start:i]})
			start = -1
		}
	}
	if start >= 0 {
		ws = append(ws, shapeWord{start, len(s), s[start:]})
	}
	return ws
}

// shapeMatch is one reading of a text's words for findShape.
type shapeMatch struct {
	s  string
	ws []shapeWord
	// end is the ending's word, and weak says it is a weak one.
	end  int
	weak bool
	// caps says the ending is in capitals.
	caps bool
	// tried are the labels already read back from, in each state, and
	// what back returned.
	tried map[shapeState]int
}

// shapeState is a label read back from, with what the dots after it
// were.
type shapeState struct {
	label int
	// labels counts the labels after it.
	labels int
	// evidence: one dot was a sign or a word of another script; whole:
	// each was one dot, written as a dot; plain: each was a plain word;
	// caps: one was in capitals; id: each was an id's.
	evidence, whole, plain, caps, id bool
	// dot is the spelling of the dots.
	dot string
}

// The most words findShape reads back across for one separator, and
// the most labels a domain has.
const (
	shapeSepWords = 5
	shapeLabels   = 6
)

// findShape returns where s holds an address by its shape (see above),
// or nil.
func findShape(s string) []int {
	ws := shapeWords(s)
	for i, w := range ws {
		ok, weak := readTLD(w.text)
		if !ok || !lastLabel(s, w.end) {
			continue
		}
		upper, _ := latinCase(w.text)
		m := &shapeMatch{s: s, ws: ws, end: i, weak: weak, caps: upper, tried: map[shapeState]int{}}
		if l := m.back(shapeState{label: i, whole: true, plain: true}); l >= 0 {
			return []int{ws[l].start, w.end}
		}
	}
	return nil
}

// lastLabel reports whether a word that ends at s[end:] is a domain's
// last label: no dot and another label after it ("othercorp.com.au"
// ends in "au"), nor a slash.
func lastLabel(s string, end int) bool {
	r, n := utf8.DecodeRuneInString(s[end:])
	switch {
	case r == '/' || r == '_':
		// A URL's host, or a path: "go.dev/issue/1"; an id's word,
		// "stat.st_mtime".
		return false
	case n == 0 || !isDotSign(r):
		return true
	}
	next, _ := utf8.DecodeRuneInString(s[end+n:])
	return !isWordRune(next)
}

// back reads back from the label (or the ending) st.label: a dot
// separator and a label before it, then either the '@' and a local part
// or another label. It returns the first word of the local part of the
// reading that takes in the most ("jane strudel othercorp nekuda co
// nekuda il" is one address, not "othercorp nekuda co nekuda il" after
// two words; "jane (a)(t) othercorp (d)(o)(t) com" not one at "t"), or
// -1 when no reading makes a shape.
func (m *shapeMatch) back(st shapeState) int {
	if l, ok := m.tried[st]; ok {
		return l
	}
	first := -1
	if st.label != m.end {
		first = m.local(st)
	}
	k := st.label
	for j := k - 1; st.labels < shapeLabels && j >= 0 && j >= k-shapeSepWords; j-- {
		d := readSeparator(m.s[m.ws[j].end:m.ws[k].start], false)
		if d.letters > shapeDotLetters {
			break
		}
		if !d.ok || !isLabel(m.ws[j].text) || st.labels > 0 && (d.spelling != st.dot || d.id != st.id) {
			// Not a separator and a label; or a dot unlike the others.
			continue
		}
		next := shapeState{label: j, labels: st.labels + 1, dot: d.spelling, id: d.id,
			evidence: st.evidence || d.strong, whole: st.whole && d.dot, plain: st.plain && d.plain, caps: st.caps || d.caps}
		if l := m.back(next); l >= 0 && (first < 0 || l < first) {
			first = l
		}
	}
	m.tried[st] = first
	return first
}

// local reads the '@' and a local part before the domain's first label,
// st.label, and returns the local part's word, or -1: the first of
// those that may be, so that a word spelled out for the '@' ("(a)(t)")
// is not read as a local part "a" and an '@' "t".
func (m *shapeMatch) local(st shapeState) int {
	j, found := st.label, -1
	for l := j - 1; l >= 0 && l >= j-shapeSepWords; l-- {
		a := readSeparator(m.s[m.ws[l].end:m.ws[j].start], true)
		if a.letters > shapeAtLetters {
			break
		}
		if a.ok && m.accept(st, a, l) {
			found = l
		}
	}
	return found
}

// accept reports whether the shape from the local part's word l, its
// '@' a, and the domain as st read it is an address, by the rules of
// prose above.
func (m *shapeMatch) accept(st shapeState, a separator, l int) bool {
	start, end := m.ws[l].start, m.ws[m.end].end
	ending := readWord(m.ws[m.end].text)
	switch {
	case a.spelling == st.dot, a.id != st.id:
		// An '@' written as the dots are: a list's separator ("Ops ⚡
		// Acme ⚡ EU"); an id's words are joined all alike.
		return false
	case m.weak && !st.evidence && !(a.strong && apartAfter(m.s, end)):
		// A weak ending needs a dot prose has not; an '@' drawn as a
		// sign will do only where the address ends ("x ≡ y attempt to
		// unify" reads on).
		return false
	case st.plain && a.plain && !apartAfter(m.s, end) && !commonEndings[ending]:
		// Words alone, read on into more: "chunk at chunk index ci and".
		return false
	case st.whole && a.plain:
		// A word alone before a domain written whole: short, lower
		// case, set apart, no file's name ("use setup.py").
		if upper, _ := latinCase(m.s[start:end]); upper || a.letters > 3 || fileTypes[ending] || !apartBefore(m.s, start) || !apartAfter(m.s, end) {
			return false
		}
	}
	if m.caps || st.caps || a.caps {
		// In capitals, the whole of it: "JANE BEI OTHERCORP PUNKT DE",
		// not "Research at IBM LAB UK", "the list's EMAIL".
		if _, lower := latinCase(m.s[start:end]); lower {
			return false
		}
	}
	return true
}

// shapedAddress reports whether s holds an address findShape or
// findSpacedAt finds, as written or as a reader reads it: findShape in
// readable's reading (entities decoded, compatibility forms, a sign
// drawn as an '@'); findSpacedAt where NFKC and the signs drawn as one
// (atSigns) make an '@', not where an escape does ("x+40 y" is no
// '@' set apart). Such a field is hidden whole, as a field the
// skeleton reads an address in is: what is left of it around the
// address is no longer read.
func shapedAddress(s string) bool {
	if findShape(s) != nil || findSpacedAt(s, false) != nil || providerJoined(s) {
		return true
	}
	// An id joins its words with hyphens as with underscores
	// ("jane-bei-othercorp-punkt-de"), where a hyphen inside a label is
	// part of it ("t-mobile"): read both ways. Every separator of the
	// shape is then one an id writes (separator.id).
	// A job's word written with a hyphen ("Co-chair at kernel.org") is
	// one word, not an id's two.
	if strings.Contains(s, "-") && findShape(strings.ReplaceAll(hyphenedJobs.Replace(s), "-", "_")) != nil {
		return true
	}
	if r := readable(s); r != s && findShape(r) != nil {
		return true
	}
	r := norm.NFKC.String(atSigns(s))
	// Only the '@' signs the reading made: those written as '@' were
	// read above, or are addressToken's.
	return strings.Count(r, "@") > strings.Count(s, "@") && findSpacedAt(r, true) != nil
}

// hyphenedJobs writes the words of jobWords that hold a hyphen
// ("co-chair") without it, in lower case, title case and capitals.
var hyphenedJobs = func() *strings.Replacer {
	var pairs []string
	for w := range jobWords {
		if !strings.Contains(w, "-") {
			continue
		}
		title := strings.ToUpper(w[:1]) + w[1:]
		for _, v := range []string{w, title, strings.ToUpper(w)} {
			pairs = append(pairs, v, strings.ReplaceAll(v, "-", ""))
		}
	}
	return strings.NewReplacer(pairs...)
}()
