package site

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"golang.org/x/net/idna"
)

// The heuristic (skeleton) reads what any address looks like; this
// reads for the addresses the site's own input holds. A public field is
// hidden when, read as a reader reads it (see readLetters), it holds
// one of them: its local part's words, then its domain's labels, in
// order, with no more than a few letters between each and the next,
// whatever those letters are ("at", "at the rate", "アット", "dot",
// "punkt", "נקודה"), and the last label ending a word. No list of the
// words for '@' and '.' is needed: the letters themselves are the
// evidence.

// The gaps, in letters, chosen so that the words people write for the
// signs fit and prose does not:
const (
	// gapIn is between two words of a local part, or two labels of a
	// domain: a dot's word, "period" and "taskas" of six letters,
	// "fullstop" of eight.
	gapIn = 8
	// gapAt is between the local part and the domain, in one word:
	// "klammeraffe" (11) and "apenstaartje" (12) are single words.
	gapAt = 12
	// gapAtWords is that gap when it is several words: "at the rate" is
	// nine letters, "at the rate of" not a spelling. Prose is several
	// words too: the description "Security reports for example.org" of
	// the list security@example.org has ten letters between the two
	// ("reports for") and stays.
	gapAtWords = 9
)

// knownAddresses indexes addresses by their domain's last two labels,
// for readings to be searched from each of their word ends: a field
// costs a few map look-ups per word, however many addresses, and
// domains under one ending, a file holds.
type knownAddresses struct {
	byLast map[string]*ending
	// lastLens are the lengths, in letters, of the last labels.
	lastLens []int
	// domains are the domains indexed, by their words joined by dots.
	domains map[string]*knownDomain
	// seen are the addresses indexed, lower case.
	seen map[string]bool
	// ids counts the tokens indexed, for each its id.
	ids int
	// truncated are, for each local part (its words joined by dots),
	// its domains of two labels or more with the last dropped, the same
	// way (droppedEnding).
	truncated map[string][]string
	// halves are, for each local part shaped as only a mailbox's is
	// (tokens.shaped), written as the address writes it, its domains:
	// both in one field, anywhere, are the address (halvesIn).
	halves map[string][]string
}

// ending is the domains that end in one label.
type ending struct {
	// alone are those of one label ("localhost").
	alone []*knownDomain
	// byPrev are the others, by the label before the last.
	byPrev map[string][]*knownDomain
	// prevLens are the lengths, in letters, of those labels.
	prevLens []int
}

func newKnown() *knownAddresses {
	return &knownAddresses{byLast: map[string]*ending{}, domains: map[string]*knownDomain{}, seen: map[string]bool{}, halves: map[string][]string{}}
}

// knownDomain is one domain and the local parts known at it.
type knownDomain struct {
	tokens
	// locals are the local parts, by their last word.
	locals map[string][]tokens
	// localLens are the lengths, in letters, of their last words.
	localLens []int
}

// tokens are the words of a local part or a domain as read, and their
// lengths in letters; id tells them apart in a search's memo.
type tokens struct {
	id   int
	text []string
	lens []int
	// shaped says a local part is written as only a mailbox's is: of
	// more than one word ("dana.whitfield", "security-announce"), or
	// with a digit ("jdoe1"). "elifdemir" may be a name or a handle.
	shaped bool
	// joins are the signs between the words, as the address writes
	// them ('.' of "dana.whitfield"; 0 for none, or more than one).
	joins []byte
}

// newKnownAddresses indexes every address f holds (its members', its
// lists', a vetter's that is one) and those of the events (members no
// longer in the file, who vetted them, and the address each list had:
// one changed since is in the history all the same, and a description
// written for it, "write to secret-reports (example.org)", spells it).
func newKnownAddresses(f *members.File, events []history.Event) *knownAddresses {
	k := newKnown()
	for _, m := range f.Members {
		k.add(m.Email)
		for _, v := range m.Vetting {
			k.add(v.By)
		}
	}
	for _, l := range f.Lists {
		k.add(l.Address)
	}
	for _, e := range events {
		k.add(e.Email)
		k.add(e.Group)
		if e.Vetting != nil {
			k.add(e.Vetting.By)
		}
	}
	return k
}

// add indexes one address; a string without an '@' (a vetter named by
// handle) is none.
func (k *knownAddresses) add(addr string) {
	addr = strings.ToLower(strings.TrimSpace(addr))
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || k.seen[addr] {
		return
	}
	k.seen[addr] = true
	local, domain := addr[:at], addr[at+1:]
	// A "+tag" is the same mailbox: the words before it are the ones
	// that identify it.
	if plus := strings.IndexByte(local, '+'); plus > 0 {
		local = local[:plus]
	}
	lw := wordsOf(local)
	if len(lw.text) == 0 {
		return
	}
	k.ids++
	lw.id = k.ids
	lw.shaped = len(lw.text) > 1 || strings.ContainsAny(local, "0123456789")
	if lw.shaped {
		k.halves[local] = append(k.halves[local], domain)
	}
	k.addAt(lw, domain)
	// A domain in its ASCII form is written, and read, in its own
	// letters: xn--bcher-kva.example is bücher.example.
	if u, err := idna.ToUnicode(domain); err == nil && u != domain {
		k.addAt(lw, u)
	}
}

// addAt indexes the local part lw at domain.
func (k *knownAddresses) addAt(lw tokens, domain string) {
	dw := wordsOf(domain)
	if len(dw.text) == 0 {
		return
	}
	key := strings.Join(dw.text, ".")
	d := k.domains[key]
	if d == nil {
		k.ids++
		dw.id = k.ids
		d = &knownDomain{tokens: dw, locals: map[string][]tokens{}}
		k.domains[key] = d
		n := len(dw.text)
		e := k.byLast[dw.text[n-1]]
		if e == nil {
			e = &ending{byPrev: map[string][]*knownDomain{}}
			k.byLast[dw.text[n-1]] = e
			k.lastLens = addLen(k.lastLens, dw.lens[n-1])
		}
		if n == 1 {
			e.alone = append(e.alone, d)
		} else {
			e.byPrev[dw.text[n-2]] = append(e.byPrev[dw.text[n-2]], d)
			e.prevLens = addLen(e.prevLens, dw.lens[n-2])
		}
	}
	ll := lw.text[len(lw.text)-1]
	d.locals[ll] = append(d.locals[ll], lw)
	if n := len(dw.text); n > 1 {
		if k.truncated == nil {
			k.truncated = map[string][]string{}
		}
		lk := strings.Join(lw.text, ".")
		k.truncated[lk] = append(k.truncated[lk], strings.Join(dw.text[:n-1], "."))
	}
	d.localLens = addLen(d.localLens, lw.lens[len(lw.lens)-1])
}

func addLen(lens []int, n int) []int {
	for _, l := range lens {
		if l == n {
			return lens
		}
	}
	return append(lens, n)
}

// wordsOf is the words of part of an address, read as a field is.
func wordsOf(s string) tokens {
	r := readLetters(s)
	var w tokens
	for i := 0; i < len(r.start); {
		j := i + 1
		for j < len(r.start) && !r.start[j] {
			j++
		}
		w.text = append(w.text, r.text[r.at[i]:r.at[j]])
		w.lens = append(w.lens, j-i)
		if i > 0 {
			w.joins = append(w.joins, r.sign[i])
		}
		i = j
	}
	return w
}

// spells reports whether s, read as a reader reads it, holds a known
// address.
func (k *knownAddresses) spells(s string) bool {
	found, _ := k.search(s)
	// A bar between letters may be an 'l' ("whitfie|d"), or a sign that
	// sets words apart: read both ways.
	if p := pipesAsLetters(s); !found && p != s {
		found, _ = k.search(p)
	}
	// An enclosed 'a' alone may be a letter or an '@': both ways.
	if e := readEnclosedApart(s); !found && e != s && e != readEnclosed(s) {
		found, _ = k.search(e)
	}
	// Written domain first: "example.org / dana.whitfield"; its ending
	// dropped: "dana.whitfield at example".
	return found || k.domainFirst(s) || k.droppedEnding(s, false)
}

// spellsApart reports whether s, text joined from fields a page sets
// side by side, holds a known address written across them as it would
// be in one field with something for its '@': its local part whole
// (its words joined by their signs, "jane.doe"), then at least a letter
// ("at", "on") before its domain. Fields are no one text: "Elif Demir"
// beside "Example.org", "elifdemir" beside "example.org" are a name, a
// handle and an employer, whatever the address of their member. A local
// part only a mailbox has ("dana.whitfield", "jdoe1", "security-announce":
// tokens.shaped), written whole, with its domain written whole in the
// next field, is the address with nothing for its '@' but the gap
// between two cells, which a reader fills.
//
// Brackets make them one: a bracket a field opens and the next one
// closes, or none does, holds one text across them, read as one field
// is read ("Farid Haddad (dana.whitfield" beside "example.org)" is
// dana.whitfield@example.org in brackets, as "(dana.whitfield
// example.org)" in one field is).
func (k *knownAddresses) spellsApart(s string) bool {
	if found, _ := k.searchIn(s, true); found {
		return true
	}
	for _, inner := range bracketed(s) {
		if found, _ := k.search(inner); found {
			return true
		}
	}
	// Its ending dropped: "dana.whitfield" beside "at example".
	return k.droppedEnding(s, true)
}

// halvesIn reports whether s, one field, holds a known address's local
// part shaped as only a mailbox's is ("farid.haddad",
// "security-announce", "jdoe1"), written whole as a word, and its
// domain written whole, whatever stands between or around them:
// "farid.haddad is my email on example.org", "example.org user
// dana.whitfield". A generic word for a local part ("security") is a
// word, and "the security team of example.org" shows.
func (k *knownAddresses) halvesIn(s string) bool {
	words := map[string]bool{}
	for _, w := range halfWords(s) {
		words[strings.Trim(w, ".-_")] = true
	}
	for w := range words {
		for _, d := range k.halves[w] {
			if words[d] {
				return true
			}
		}
	}
	return false
}

// bracketed returns what each opening bracket or quote of s (of any
// script) holds: the text up to the sign that closes it, or to the end
// of s when none does.
func bracketed(s string) []string {
	var open []int // where the text of each bracket still open starts
	var texts []string
	for i, r := range s {
		switch {
		case unicode.In(r, unicode.Ps, unicode.Pi) || r == '<':
			open = append(open, i+utf8.RuneLen(r))
		case (unicode.In(r, unicode.Pe, unicode.Pf) || r == '>') && len(open) > 0:
			texts = append(texts, s[open[len(open)-1]:i])
			open = open[:len(open)-1]
		}
	}
	for _, start := range open {
		texts = append(texts, s[start:])
	}
	return texts
}

// mayHold reports whether letters, a text as readLetters reads it, may
// hold a known address: whether the last label of a domain indexed, and
// the label before it (or none, for a domain of one label), are in it,
// in order. No search finds one without.
func (k *knownAddresses) mayHold(letters string) bool {
	for _, n := range k.lastLens {
		for i := 0; i+n <= len(letters); i++ {
			e := k.byLast[letters[i:i+n]]
			if e == nil {
				continue
			}
			if len(e.alone) > 0 {
				return true
			}
			for _, m := range e.prevLens {
				for j := 0; j+m <= i; j++ {
					if e.byPrev[letters[j:j+m]] != nil {
						return true
					}
				}
			}
		}
	}
	return false
}
