package site

import (
	"strings"
	"unicode"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
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
	return &knownAddresses{byLast: map[string]*ending{}, domains: map[string]*knownDomain{}, seen: map[string]bool{}}
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
// lengths in letters.
type tokens struct {
	text []string
	lens []int
}

// newKnownAddresses indexes every address f holds (its members', its
// lists', a vetter's that is one) and those of the events (members no
// longer in the file, and who vetted them).
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
		i = j
	}
	return w
}

// spells reports whether s, read as a reader reads it, holds a known
// address.
func (k *knownAddresses) spells(s string) bool {
	if len(k.byLast) == 0 {
		return false
	}
	r := readLetters(s)
	n := len(r.start)
	for e := 1; e <= n; e++ {
		if e < n && !r.start[e] {
			continue // the last label ends a word: not "com" in "Commerce"
		}
		for _, l := range k.lastLens {
			if l <= e && r.endsDomain(k.byLast[r.text[r.at[e-l]:r.at[e]]], e-l, e) {
				return true
			}
		}
	}
	return false
}

// endsDomain reports whether a domain that ends in the label at runes b
// to e of r (with ending x, nil when none does) is there, after a local
// part known at it.
func (r *reading) endsDomain(x *ending, b, e int) bool {
	if x == nil {
		return false
	}
	for _, d := range x.alone {
		if r.localBefore(d, b) {
			return true
		}
	}
	// The label before the last, a short gap before it; then the whole
	// domain from e.
	for g := 0; g <= gapIn && g <= b; g++ {
		for _, l := range x.prevLens {
			if l > b-g {
				continue
			}
			for _, d := range x.byPrev[r.text[r.at[b-g-l]:r.at[b-g]]] {
				if r.back(d.tokens, e, gapIn, func(p int) bool { return r.localBefore(d, p) }) {
					return true
				}
			}
		}
	}
	return false
}

// localBefore reports whether a local part known at d ends a short gap
// before rune p of r, where d's domain starts.
func (r *reading) localBefore(d *knownDomain, p int) bool {
	for g := 0; g <= gapAt && g <= p; g++ {
		q := p - g
		if g > gapAtWords && r.wordStartIn(q+1, p) {
			break
		}
		for _, l := range d.localLens {
			if l > q {
				continue
			}
			for _, w := range d.locals[r.text[r.at[q-l]:r.at[q]]] {
				// The local part starts a word: "jo" in "Major" is
				// no mailbox. One of a letter or two is a word of
				// its own: the "r" of r@example.org does not start
				// "reports for example.org".
				if w.short() && q < len(r.start) && !r.start[q] {
					continue
				}
				if r.back(w, q, gapIn, func(b int) bool { return r.start[b] }) {
					return true
				}
			}
		}
	}
	return false
}

// reading is text as readLetters reads it: letters and digits, lower
// case, and where each word starts.
type reading struct {
	text string
	// at is the byte offset in text of each rune, and len(text) last.
	at []int
	// start says which runes start a word: after a sign or a space, or a
	// capital after a small letter ("exampleDotCom"), or the last capital
	// of a run before a small letter ("DOTCOMInc").
	start []bool
}

// back reports whether w's words are in r in order, the last ending at
// rune end, each within gap letters of the next; found is asked of each
// place the first may start, and decides.
func (r *reading) back(w tokens, end, gap int, found func(start int) bool) bool {
	k := len(w.text) - 1
	b := end - w.lens[k]
	if b < 0 || r.text[r.at[b]:r.at[end]] != w.text[k] {
		return false
	}
	if k == 0 {
		return found(b)
	}
	rest := tokens{w.text[:k], w.lens[:k]}
	for g := 0; g <= gap && b-g >= w.lens[k-1]; g++ {
		if r.back(rest, b-g, gap, found) {
			return true
		}
	}
	return false
}

// short reports whether the words are fewer than three letters in all.
func (w tokens) short() bool {
	n := 0
	for _, l := range w.lens {
		n += l
	}
	return n < 3
}

// wordStartIn reports whether a word starts at a rune from i to j-1.
func (r *reading) wordStartIn(i, j int) bool {
	for ; i < j; i++ {
		if r.start[i] {
			return true
		}
	}
	return false
}

// readLetters reads s as a reader does for the known addresses: entities
// and escapes decoded, NFKC, other scripts' words for the signs
// and for a domain's ending read (readSpoken: "कॉम" is "com"), marks
// dropped, look-alike letters read as Latin, lower case; then only the
// letters and digits are kept, with where each word started.
func readLetters(s string) reading {
	s = readSpoken(readable(s))
	if !isASCII(s) {
		s = lookAlikes.Replace(marks.ReplaceAllString(norm.NFKD.String(s), ""))
	}
	rs := []rune(s)
	var r reading
	var b strings.Builder
	b.Grow(len(s))
	sep := true
	for i, c := range rs {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			sep = true
			continue
		}
		start := sep
		if unicode.IsUpper(c) && i > 0 {
			prev := rs[i-1]
			next := rune(0)
			if i+1 < len(rs) {
				next = rs[i+1]
			}
			start = start || unicode.IsLower(prev) || unicode.IsUpper(prev) && unicode.IsLower(next)
		}
		r.at = append(r.at, b.Len())
		r.start = append(r.start, start)
		b.WriteRune(unicode.ToLower(c))
		sep = false
	}
	r.at = append(r.at, b.Len())
	r.text = b.String()
	return r
}
