package site

import "strings"

// Letters spaced out ("e r i n a t e x a m p l e d o t o r g") are read
// as the words they spell, and the signs in them as signs: the
// skeleton's reading of a run (see spacedRun).

// joinSpaced joins the letters of each spacedRun in s into one word,
// and reads the signs in it (readRun). A run ends on the sign that may
// start the next ("d o t.o r g"), so it looks again until no run is
// left.
func joinSpaced(s string) string {
	for range 4 {
		t := spacedRun.ReplaceAllStringFunc(s, func(m string) string {
			sub := spacedRun.FindStringSubmatch(m)
			return sub[1] + readRun(strings.ReplaceAll(sub[2], " ", "")) + sub[3]
		})
		if t == s {
			break
		}
		s = t
	}
	return s
}

// readRun reads the signs in letters that were spaced out, which lost
// their word breaks: an "at" and a "dot" inside the run may be the
// signs ("e r i n a t e x a m p l e d o t o r g"), when reading them so
// makes an address of it. Else a "dot" before an ending is set apart as
// the word it may be, for the words around the run to complete ("jo at
// example d o t o r g"); the words' rules (dotWords) then decide.
func readRun(run string) string {
	if strings.Contains(run, "@") {
		if c := readDots(run); c != run && skelAddr.MatchString(strings.ToLower(c)) {
			return c
		}
		return splitDots(run)
	}
	for i := indexFold(run, "at", 0); i > 0; i = indexFold(run, "at", i+1) {
		c := run[:i] + "@" + run[i+2:]
		if skelAddr.MatchString(strings.ToLower(c)) {
			return c
		}
		if c = readDots(c); skelAddr.MatchString(strings.ToLower(c)) {
			return c
		}
	}
	return splitDots(run)
}

// readDots is run with each "dot", in any case, after its '@' read as a
// '.'.
func readDots(run string) string {
	at := strings.IndexByte(run, '@')
	var b strings.Builder
	b.WriteString(run[:at+1])
	start := at + 1
	for i := indexFold(run, "dot", start); i >= 0; i = indexFold(run, "dot", start) {
		b.WriteString(run[start:i])
		b.WriteByte('.')
		start = i + 3
	}
	b.WriteString(run[start:])
	return b.String()
}

// splitDots sets each "dot", in any case, that two letters or more
// follow in run apart as a word: "exampledotorg" is "example dot org".
// "Anecdote" has none.
func splitDots(run string) string {
	i := indexFold(run, "dot", 0)
	for i >= 0 && len(run)-i-3 < 2 {
		i = indexFold(run, "dot", i+1)
	}
	if i < 0 {
		return run
	}
	return strings.TrimLeft(run[:i]+" "+run[i:i+3]+" ", " ") + splitDots(run[i+3:])
}

// indexFold is the byte index of the first word, an ASCII word in lower
// case, in s at or after from, in either case; -1 when there is none.
// Only ASCII letters are folded: a letter whose lower case is longer
// (Ⱥ) must not shift the index into s, and a sign is no capital of
// another (' ' was read as the capital of '@', so that the guard for
// "@t" passed every text with a " t" in it, most of prose).
func indexFold(s, word string, from int) int {
next:
	for i := from; i+len(word) <= len(s); i++ {
		for j := 0; j < len(word); j++ {
			if c := s[i+j]; c != word[j] && (c < 'A' || c > 'Z' || c+'a'-'A' != word[j]) {
				continue next
			}
		}
		return i
	}
	return -1
}
