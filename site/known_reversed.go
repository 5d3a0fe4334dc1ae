package site

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// An address of the input written domain first: "example.org /
// dana.whitfield", "org.example.dana.whitfield" (as a Java package or a
// reversed host names it) for dana.whitfield@example.org. The search
// (known_search.go) reads a local part, then its domain; this reads the
// domain, then the local part, and only both written whole: the domain's
// labels joined by dots, in order or reversed, and a local part of two
// words or more joined by its signs, in the same word or the next one a
// sign or two apart. "example.com chen", "Example.org / Dana Whitfield"
// are an employer, and a name or a handle.

// reversedGap is the most that may stand between a domain written whole
// and the local part after it: blanks and a sign (" / ", ": ", " - ").
const reversedGap = 4

// domainFirst reports whether s holds a known address written so.
func (k *knownAddresses) domainFirst(s string) bool {
	if !strings.ContainsRune(s, '.') {
		return false // no domain written whole
	}
	ws := wholeWords(s)
	for i, w := range ws {
		if !strings.ContainsRune(w.text, '.') {
			continue
		}
		words := wordsOf(w.text).text
		for n := min(len(words), shapeLabels); n >= 2; n-- {
			d := k.domainOf(words[:n])
			if d == nil {
				continue
			}
			local := words[n:]
			if len(local) == 0 && i+1 < len(ws) && ws[i+1].start-w.end <= reversedGap {
				local = wordsOf(ws[i+1].text).text
			}
			if d.hasLocal(local) {
				return true
			}
		}
	}
	return false
}

// domainOf is the known domain whose labels are labels, in order or
// reversed, or nil.
func (k *knownAddresses) domainOf(labels []string) *knownDomain {
	if d := k.domains[strings.Join(labels, ".")]; d != nil {
		return d
	}
	rev := slices.Clone(labels)
	slices.Reverse(rev)
	return k.domains[strings.Join(rev, ".")]
}

// hasLocal reports whether words, two or more, are a local part known
// at d, word for word.
func (d *knownDomain) hasLocal(words []string) bool {
	if len(words) < 2 {
		return false
	}
	for _, l := range d.locals[words[len(words)-1]] {
		if slices.Equal(l.text, words) {
			return true
		}
	}
	return false
}

// wholeWords returns the words of s written whole: runs of letters,
// digits and marks and the signs that join them in an address ('.',
// '-', '_', '+'), with where each starts and ends.
func wholeWords(s string) []shapeWord {
	var ws []shapeWord
	start := -1
	for i := 0; i <= len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if i < len(s) && (isWordRune(r) || start >= 0 && strings.ContainsRune(".-_+", r)) {
			if start < 0 {
				start = i
			}
			i += n
			continue
		}
		if start >= 0 {
			ws = append(ws, shapeWord{start, i, strings.TrimRight(s[start:i], ".-_+")})
			start = -1
		}
		if i == len(s) {
			break
		}
		i += n
	}
	return ws
}
