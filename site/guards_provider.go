package site

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Looks before the expressions that read a provider's name (guards.go
// says what a look must be). Each expression holds every name of its
// kinds, in any case, as alternatives: hundreds of them, so that it
// reads a field slower than any other, and prose passes the look by
// substring (mayNameProvider) all the time ("hey" in "they", "live" in
// "delivery"). Every one of them takes the name only where a word
// starts (after a sign, a blank, a bracket or the text's start), so
// that is where these look.

// providerLookup is the providers' names of some kinds, and their
// lengths, for the looks.
type providerLookup struct {
	names   map[string]bool
	lengths []int
	first   [256]bool // the bytes a name starts with
}

// newProviderLookup is the lookup of the providers of kinds.
func newProviderLookup(kinds ...providerKind) *providerLookup {
	p := &providerLookup{names: map[string]bool{}}
	seen := map[int]bool{}
	for w, k := range mailProviders {
		for _, want := range kinds {
			if k == want {
				p.names[w] = true
				p.first[w[0]] = true
				if !seen[len(w)] {
					seen[len(w)] = true
					p.lengths = append(p.lengths, len(w))
				}
			}
		}
	}
	return p
}

var (
	// wordProviders are the names of providerWord: "google" stands for
	// "google mail" (its spaces, hyphens or none).
	wordProviders = func() *providerLookup {
		p := newProviderLookup(pureMail, mailEmployer, companyWord)
		p.names["google"] = true
		p.first['g'] = true
		p.lengths = append(p.lengths, len("google"))
		return p
	}()
	// domainProviders are the names handleBesideDomain takes before an
	// ending.
	domainProviders = newProviderLookup(pureMail, mailEmployer, companyWord, domainLabel)
)

// foldNames is s as (?i) matches the providers' names, which are ASCII
// in lower case: ASCII letters in lower case, and the two letters that
// fold to an ASCII one (the Kelvin sign, the long s). A letter stays a
// letter, so a word's start is where it was.
func foldNames(s string) string {
	if !isASCII(s) && strings.ContainsAny(s, "\u212aſ") {
		s = strings.NewReplacer("\u212a", "k", "ſ", "s").Replace(s)
	}
	return strings.ToLower(s)
}

// namedAtWordStart reports whether s, folded (foldNames), holds one of
// p's names where a word starts, after prefix (lower case ASCII; ""
// for none), followed by what next accepts (what is left of s after
// the name; nil accepts anything).
func (p *providerLookup) namedAtWordStart(s, prefix string, next func(rest string) bool) bool {
	start := true // at the text's start, or after a rune no letter or number
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			start = !unicode.IsLetter(r) && !unicode.IsNumber(r)
			i += n
			continue
		}
		// Every name, and "at", is ASCII: only an ASCII byte starts one.
		if start && p.startsName(s[i:], prefix) {
			at := i + len(prefix)
			for _, l := range p.lengths {
				if at+l <= len(s) && p.names[s[at:at+l]] && (next == nil || next(s[at+l:])) {
					return true
				}
			}
		}
		start = !asciiAlnum(c)
		i++
	}
	return false
}

// startsName reports whether s starts with prefix and then a byte a
// name of p starts with.
func (p *providerLookup) startsName(s, prefix string) bool {
	return len(s) > len(prefix) && strings.HasPrefix(s, prefix) && p.first[s[len(prefix)]]
}

// mayProviderWord reports whether s may hold a match of
// providerThenHandle, handleThenProvider or handleSpaceMail: a name of
// providerWord's where a word starts.
func mayProviderWord(s string) bool {
	return wordProviders.namedAtWordStart(foldNames(s), "", nil)
}

// mayHandleBesideDomain reports whether s may hold a match of
// handleBesideDomain: a provider's name where a word starts, then a dot
// or an underscore after ASCII blanks (\s).
func mayHandleBesideDomain(s string) bool {
	return domainProviders.namedAtWordStart(foldNames(s), "", func(rest string) bool {
		rest = strings.TrimLeft(rest, " \t\n\f\r")
		return rest != "" && (rest[0] == '.' || rest[0] == '_')
	})
}

// mayAtProvider2 reports whether s may hold a match of atProvider2: an
// "at" where a word starts, run into a provider's name and its dot.
func mayAtProvider2(s string) bool {
	return wordProviders.namedAtWordStart(foldNames(s), "at", func(rest string) bool { return strings.HasPrefix(rest, ".") })
}
