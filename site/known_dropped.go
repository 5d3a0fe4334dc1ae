package site

import "strings"

// An address of the input written with its domain's ending dropped:
// "dana.whitfield at example" for dana.whitfield@example.org. The
// search (known_search.go) reads a domain to its last label; this reads
// one without it, and only where nothing else could be meant: a local
// part of two words or more written whole, as the address writes it
// ("dana.whitfield", not "Dana Whitfield", a name), then an '@' or the
// word "at", then the domain's labels but the last, written whole.
// "Dana Whitfield at Example" and "chen at example" are a person and
// an employer.

// droppedEnding reports whether s holds a known address written so.
func (k *knownAddresses) droppedEnding(s string) bool {
	if len(k.truncated) == 0 {
		return false
	}
	ws := wholeWords(s)
	for i := 0; i+1 < len(ws); i++ {
		local := wordsOf(ws[i].text).text
		if len(local) < 2 {
			continue
		}
		domains := k.truncated[strings.Join(local, ".")]
		if domains == nil {
			continue
		}
		j := i + 1
		if !atBetween(s[ws[i].end:ws[j].start]) {
			if readWord(ws[j].text) != "at" || j+1 >= len(ws) || !blanksAndBrackets(s[ws[i].end:ws[j].start]) ||
				!blanksAndBrackets(s[ws[j].end:ws[j+1].start]) {
				continue
			}
			j++
		}
		domain := strings.Join(wordsOf(ws[j].text).text, ".")
		for _, d := range domains {
			if d == domain {
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
