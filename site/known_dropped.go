package site

import (
	"strings"
	"unicode"
)

// An address of the input written with its domain's ending dropped:
// "dana.whitfield at example" for dana.whitfield@example.org. The
// search (known_search.go) reads a domain to its last label; this reads
// one without it, and only where nothing else could be meant: a local
// part of two words or more written whole, as the address writes it
// ("dana.whitfield", not "Dana Whitfield", a name), then an '@' or the
// word "at", then the domain's labels but the last, written whole.
// "Dana Whitfield at Example" and "chen at example" are a person and
// an employer.

// droppedEnding reports whether s holds a known address written so. A
// local part of one word counts where the '@' is written as no name
// writes it: the sign, "at" in brackets, or an id's "_at_"
// ("security (at) example", "security_at_example"). No sign at all
// counts within one field ("dana.whitfield example"), not across the
// gap between two (apart): a handle beside its owner's employer.
func (k *knownAddresses) droppedEnding(s string, apart bool) bool {
	if len(k.truncated) == 0 {
		return false
	}
	ws := wholeWords(s)
	for _, w := range ws {
		// An id joins the local part, the "at" and the domain into one
		// word: "amara.okafor_at_example".
		if m := idAtSplit.FindStringSubmatch(w.text); m != nil && k.truncatedAt(m[1], m[2], 1) {
			return true
		}
	}
	for i := 0; i+1 < len(ws); i++ {
		local := wordsOf(ws[i].text).text
		if k.truncated[strings.Join(local, ".")] == nil {
			continue
		}
		j := i + 1
		// The domain's labels in brackets after the local part, as a
		// name's affiliation is written, but both halves the address's
		// own: "chen.wei (example)".
		if inBrackets(s[ws[i].end:ws[j].start], s[ws[j].end:]) && k.truncatedAt(ws[i].text, ws[j].text, 2) {
			return true
		}
		strong := atBetween(s[ws[i].end:ws[j].start])
		// A dash, comma, slash, arrow or envelope between the halves, as
		// a provider's handle is written ("jane.doe - gmail"), or no
		// sign at all ("dana.whitfield example"): read as the plain
		// "at", of a local part of two words or more, written whole.
		if before := s[ws[i].end:ws[j].start]; !strong && !signBetween(before) {
			switch {
			case readWord(ws[j].text) == "at" && j+1 < len(ws) && blanksAndBrackets(before) && blanksAndBrackets(s[ws[j].end:ws[j+1].start]):
				strong = strings.ContainsAny(before, "([{<")
				j++
			case apart || !blanksOnly(before) || !writtenWithDots(ws[i].text, local):
				// With no sign at all, only a local part written with
				// its dots, as no handle or name is ("jane-doe" and
				// "Jane Doe" beside their employer stay).
				continue
			}
		}
		// "at the example domain", "at our example": the domain named
		// with a word before it, as a provider is ("at my gmail").
		if j+1 < len(ws) && article(readWord(ws[j].text)) && blanksAndBrackets(s[ws[j].end:ws[j+1].start]) {
			j++
		}
		words := 2
		if strong {
			words = 1
		}
		if k.truncatedAt(ws[i].text, ws[j].text, words) {
			return true
		}
	}
	return false
}

// signBetween reports whether t, the text between two words, is one
// sign a page may write between a mailbox's halves, with blanks around:
// the dashes and arrows a provider's handle is read after (joinDashes,
// arrowRunes), a comma, a slash, a bar, a colon, an envelope.
func signBetween(t string) bool { return signAlone.MatchString(t) }

// signAlone is signBetween's reading.
var signAlone = lazyRE(`^\s*(?:[` + joinDashes + `,/|:›»` + arrowRunes + `]|->|=>|✉\x{FE0F}?|📧|📨|📩)\s*$`)

// article reports whether w, as readWord reads it, may stand between an
// "at" and the domain it names.
func article(w string) bool { return w == "the" || w == "my" || w == "our" || w == "an" || w == "a" }

// idAtSplit is a word an id writes as a local part, an "at" and a
// domain joined by idJoiners; the local part is the shortest one.
var idAtSplit = lazyRE(`(?i)^(.+?)[` + idJoiners + `]{1,2}at[` + idJoiners + `]{1,2}(.+)$`)

// truncatedAt reports whether local, written whole, of words words or
// more, and domain, its ending dropped, are one known address. An id
// may hold it with words before and after it
// ("x_dana.whitfield_at_example_list"): the local part is read from any
// of its words on, the domain to any of its.
func (k *knownAddresses) truncatedAt(local, domain string, words int) bool {
	lw, dw := wordsOf(local).text, wordsOf(domain).text
	for i := 0; i+words <= len(lw); i++ {
		for _, known := range k.truncated[strings.Join(lw[i:], ".")] {
			if n := strings.Count(known, ".") + 1; n <= len(dw) && strings.Join(dw[:n], ".") == known {
				return true
			}
		}
	}
	return false
}

// atBetween reports whether t, the text between two words, is an '@'
// sign with blanks and brackets around it.
func atBetween(t string) bool {
	n := strings.Count(t, "@") + strings.Count(t, "＠") + strings.Count(t, "﹫")
	return n == 1 && blanksAndBrackets(strings.NewReplacer("@", "", "＠", "", "﹫", "").Replace(t))
}

// blanksAndBrackets reports whether t holds only blanks, brackets and
// quotes.
func blanksAndBrackets(t string) bool {
	for _, r := range t {
		if !blank(r) && !strings.ContainsRune(`()[]{}<>"'«»“”‘’`, r) {
			return false
		}
	}
	return true
}

// inBrackets reports whether before, the text between two words, is
// blanks and one opening bracket, and after, the text after the second,
// starts with the bracket that closes it.
func inBrackets(before, after string) bool {
	var want string
	switch strings.TrimFunc(before, blank) {
	case "(":
		want = ")"
	case "[":
		want = "]"
	case "{":
		want = "}"
	case "<":
		want = ">"
	default:
		return false
	}
	return strings.HasPrefix(strings.TrimLeftFunc(after, blank), want)
}

// blanksOnly reports whether t, the text between two words, is blanks
// alone.
func blanksOnly(t string) bool {
	for _, r := range t {
		if !blank(r) {
			return false
		}
	}
	return true
}

// writtenWithDots reports whether w, a whole word (brackets and quotes
// around it aside), writes the local part of words local joined by dots
// or underscores, as an address does and no GitHub handle can (a
// handle joins words with hyphens) nor a name.
func writtenWithDots(w string, local []string) bool {
	w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, r := range w {
		if r != '.' && r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
			return false
		}
	}
	return strings.Count(w, ".")+strings.Count(w, "_") == len(local)-1
}
