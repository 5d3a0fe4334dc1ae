package site

import "strings"

// The work one field's reading may take, in steps: a step is a word of
// an address tried at one place of the field (see search), and a field
// may take baseSteps and stepsPerLetter for each of its letters. Every
// field a person writes takes a small part of it (the tests' fields
// take a few hundred at most); a field that takes more was made to, with
// the letters of a file's address repeated, and what it spells is not
// known when the reading stops: it is hidden.
const (
	baseSteps      = 1 << 14
	stepsPerLetter = 4
)

// search is one field's reading for the known addresses. The letters
// between an address's words may be read many ways ("a.a.a" in
// "aaaaaaa" has a way for each choice of gaps), and trying each way
// anew at each word takes time exponential in the words: each word of
// an address is tried at each place once, and remembered (memo).
type search struct {
	r    reading
	memo map[memoKey]bool
	// apart reads fields side by side (spellsApart).
	apart bool
	// steps is the work done; over says it went past budget.
	steps, budget int
	over          bool
}

// memoKey is one word of an address (the id of its tokens, and the
// word's index; -1 for a domain's local parts) ending at one rune.
type memoKey struct{ id, word, end int }

// search reads s for the known addresses: whether it holds one (or
// went past its budget), and the search, for its count of steps.
//
// An address is read in its order, local part first, from each place
// a domain ends. Not the other way round ("domain example.net, user
// jane.doe"): a member's name is often their local part's words and
// their affiliation their domain ("Jane Doe, Example.net"), and a field
// that names both in any order would be hidden for being a person's
// name and employer.
func (k *knownAddresses) search(s string) (bool, *search) { return k.searchIn(s, false) }

// searchIn is search; apart, it reads as spellsApart does.
func (k *knownAddresses) searchIn(s string, apart bool) (bool, *search) {
	if len(k.byLast) == 0 {
		return false, nil
	}
	x := &search{r: readLetters(s), apart: apart}
	n := len(x.r.start)
	x.budget = baseSteps + stepsPerLetter*n
	for e := 1; e <= n; e++ {
		if e < n && !x.r.start[e] {
			continue // the last label ends a word: not "com" in "Commerce"
		}
		for _, l := range k.lastLens {
			if l <= e && x.endsDomain(k.byLast[x.r.text[x.r.at[e-l]:x.r.at[e]]], e-l, e) {
				return true, x
			}
		}
	}
	return false, x
}

// spend counts a step, and reports whether the budget is spent: the
// search then ends, as if it had found an address.
func (x *search) spend() bool {
	x.steps++
	if x.steps > x.budget {
		x.over = true
	}
	return x.over
}

// endsDomain reports whether a domain that ends in the label at runes b
// to e (with ending end, nil when none does) is there, after a local
// part known at it.
func (x *search) endsDomain(end *ending, b, e int) bool {
	if end == nil {
		return false
	}
	for _, d := range end.alone {
		if x.localBefore(d, b) {
			return true
		}
	}
	// The label before the last, a short gap before it, names the
	// domains to try; each is then read back from e.
	r := &x.r
	for g := 0; g <= gapIn && g <= b; g++ {
		if x.spend() {
			return true
		}
		for _, l := range end.prevLens {
			if l > b-g {
				continue
			}
			for _, d := range end.byPrev[r.text[r.at[b-g-l]:r.at[b-g]]] {
				if x.back(d.tokens, len(d.text)-1, e, d) {
					return true
				}
			}
		}
	}
	return x.wholeBefore(end, b, e)
}

// back reports whether w's words up to its k-th are in the field in
// order, the k-th ending at rune end, each within gapIn letters of the
// next; and the first where a local part may start (d nil: a word
// starts there) or after a local part known at domain d.
func (x *search) back(w tokens, k, end int, d *knownDomain) bool {
	r := &x.r
	b := end - w.lens[k]
	if b < 0 || r.text[r.at[b]:r.at[end]] != w.text[k] {
		return false
	}
	if k == 0 {
		if d == nil {
			return r.start[b]
		}
		return x.localBefore(d, b)
	}
	key := memoKey{w.id, k, end}
	if v, ok := x.memo[key]; ok {
		return v
	}
	if x.spend() {
		return true
	}
	v := false
	for g := 0; g <= gapIn && b-g >= w.lens[k-1] && !v; g++ {
		v = x.back(w, k-1, b-g, d)
	}
	x.remember(key, v)
	return v
}

// localBefore reports whether a local part known at d ends a short gap
// before rune p, where d's domain starts.
func (x *search) localBefore(d *knownDomain, p int) bool {
	key := memoKey{d.id, -1, p}
	if v, ok := x.memo[key]; ok {
		return v
	}
	v := x.localEnds(d, p)
	x.remember(key, v)
	return v
}

// remember keeps what a word at a place gave; the memo is made on the
// first, as most fields never need one.
func (x *search) remember(key memoKey, v bool) {
	if x.memo == nil {
		x.memo = map[memoKey]bool{}
	}
	x.memo[key] = v
}

func (x *search) localEnds(d *knownDomain, p int) bool {
	r := &x.r
	for g := 0; g <= gapAt && g <= p; g++ {
		q := p - g
		// Nothing for the '@' between fields side by side: a name beside
		// a domain, but for a local part only a mailbox has, and a
		// domain, each written whole (spellsApart).
		touching := g == 0 && x.apart
		if touching && (!r.start[p] || r.sign[p] != 0 || !r.wholeAt(d.tokens, p)) {
			continue
		}
		if g > gapAtWords {
			// A long gap is one word, and one of the words for '@'.
			if r.wordStartIn(q+1, p) {
				break
			}
			if !longAtWord(r.text[r.at[q]:r.at[p]]) {
				continue
			}
		}
		found := x.localsEndingAt(d, q, func(w tokens) bool {
			if touching {
				return w.shaped && r.writtenAs(w, q)
			}
			// The local part starts a word: "jo" in "Major" is no
			// mailbox. One of a letter or two is a word of its own:
			// the "r" of r@example.org does not start "reports for
			// example.org".
			if w.short() && q < len(r.start) && !r.start[q] || !x.endsLocal(q, p) {
				return false
			}
			// A local part of one word joined to its domain by a dot
			// alone is a host's first label, as a host is written
			// ("security.example.org", "https://www.example.org/"), not
			// a mailbox: a dot is no '@'. A local part of more words
			// ("dana.whitfield.example.org"), or with a digit
			// ("js1.example.org" of the list js1@example.org: shaped),
			// names its mailbox all the same, in a policy's id, a
			// description and an affiliation alike (s31-site finding 3:
			// the dotted form showed in the first two).
			if g == 0 && len(w.text) == 1 && !w.shaped && r.sign[p] == '.' {
				return false
			}
			// A local part of one word is often a word of prose too
			// ("security", "chen"): words between it and its domain are
			// read as an '@' when one of them is "a" or starts with "at"
			// ("team at", "at the rate", "a t"), not "Security issues in
			// example.org".
			// Before a domain written whole, a word set apart right
			// after it counts too: "Marc Benioff, Salesforce.com" is a
			// name and an employer, whatever marc@salesforce.com's owner
			// is called; "chen qqq example zz com", its domain spelled
			// out, is an address hidden on purpose.
			if len(w.text) == 1 && r.wordStartIn(q, p) && !r.atLikeWordIn(q, p) && (r.wordStartIn(q+1, p) || r.wholeAt(d.tokens, p)) {
				return false
			}
			if x.apart {
				return r.written(w, q)
			}
			return x.back(w, len(w.text)-1, q, nil)
		})
		if found {
			return true
		}
	}
	return false
}

// localsEndingAt calls match with each local part of d whose last word
// ends at rune q, until it returns true (or the search's budget is
// spent: read as found, so that the field is hidden).
func (x *search) localsEndingAt(d *knownDomain, q int, match func(tokens) bool) bool {
	r := &x.r
	for _, l := range d.localLens {
		if l > q {
			continue
		}
		for _, w := range d.locals[r.text[r.at[q-l]:r.at[q]]] {
			if x.spend() || match(w) {
				return true
			}
		}
	}
	return false
}

// endsLocal reports whether a local part's last word ending at rune q,
// its domain starting at p, ends as a mailbox's does: at a word's end,
// or a letter or two before one ("chenx at"), or in the word that runs
// on into the domain ("chenatexample"). "announce" in "Security
// announcements for example.org" ends none.
func (x *search) endsLocal(q, p int) bool {
	r := &x.r
	n := len(r.start)
	for j := q; j <= q+2; j++ {
		if j >= n || r.start[j] {
			return true
		}
	}
	return !r.wordStartIn(q+1, p+1)
}

// longAtWord reports whether w is a word for '@' longer than gapAtWords
// letters, as readLetters reads it (its i an l): the only words a longer
// gap may be. "Security Engineering, Example.org" has a gap of eleven
// letters too, and is an affiliation.
func longAtWord(w string) bool {
	switch w {
	case "klammeraffe", "apenstaartje", "chlocclola", "klssanhanta", "mlukumauku":
		return true
	}
	return false
}

// wholeBefore reports whether a domain ending at rune e, its last
// label from b, with ending end, is written whole ("example.org": its
// labels joined by single dots or hyphens), after a local part of
// words written whole ("chen.wei"), with a longer gap between them
// than localBefore reads: up to gapAtWhole letters ("chen.wei at (the
// usual domain) example.org"). Written so, both halves are the
// address's own, where "security" and "example.org" are a word and a
// domain.
func (x *search) wholeBefore(end *ending, b, e int) bool {
	r := &x.r
	if b == 0 || r.sign[b] != '.' {
		return false
	}
	for _, l := range end.prevLens {
		if l > b {
			continue
		}
		for _, d := range end.byPrev[r.text[r.at[b-l]:r.at[b]]] {
			if x.spend() {
				return true
			}
			p := r.whole(d.tokens, e, ".-")
			if p < 0 {
				continue
			}
			for g := gapAt + 1; g <= gapAtWhole && g <= p; g++ {
				q := p - g
				if !r.start[q] {
					continue
				}
				if x.localsEndingAt(d, q, func(w tokens) bool {
					s := r.whole(w, q, ".")
					return len(w.text) > 1 && s >= 0 && r.start[s]
				}) {
					return true
				}
			}
		}
	}
	return false
}

// gapAtWhole is the gap wholeBefore reads, in letters.
const gapAtWhole = 24

// whole returns where w's words start in r when they end at rune end,
// each joined to the next by one of signs alone; -1 when they are not
// there so.
func (r *reading) whole(w tokens, end int, signs string) int {
	for k := len(w.text) - 1; k >= 0; k-- {
		b := end - w.lens[k]
		if b < 0 || r.text[r.at[b]:r.at[end]] != w.text[k] {
			return -1
		}
		if k > 0 && (r.sign[b] == 0 || !strings.ContainsRune(signs, rune(r.sign[b]))) {
			return -1
		}
		end = b
	}
	return end
}

// written reports whether w's words end at rune end as an address
// writes them: each a word of r's, joined to the next by one of "._-"
// alone ("jane.doe", not "Jane Doe" nor "ja ne").
func (r *reading) written(w tokens, end int) bool {
	b := r.whole(w, end, "._-")
	if b < 0 || !r.start[b] {
		return false
	}
	for p := b + 1; p < end; p++ {
		if r.start[p] && r.sign[p] == 0 {
			return false
		}
	}
	return true
}

// writtenAs reports whether w's words end at rune end as written, and
// joined by the very signs the address joins them with: "jane.doe" for
// jane.doe@, where "jane-doe" is a handle written as many are.
func (r *reading) writtenAs(w tokens, end int) bool {
	if !r.written(w, end) {
		return false
	}
	p := end
	for k := len(w.text) - 1; k > 0; k-- {
		p -= w.lens[k]
		if r.sign[p] != w.joins[k-1] {
			return false
		}
	}
	return true
}

// short reports whether the words are fewer than three letters in all.
func (w tokens) short() bool {
	n := 0
	for _, l := range w.lens {
		n += l
	}
	return n < 3
}

// atLikeWordIn reports whether one of the words of runes i to j-1 (the
// first may be the end of a longer word) is "a" or starts with "at".
func (r *reading) atLikeWordIn(i, j int) bool {
	for i < j {
		k := i + 1
		for k < j && !r.start[k] {
			k++
		}
		if w := r.text[r.at[i]:r.at[k]]; w == "a" || strings.HasPrefix(w, "at") || longAtWord(w) {
			return true
		}
		i = k
	}
	return false
}

// wholeAt reports whether the words of w (a domain) are written whole
// from rune p, joined by single dots or hyphens ("example.org").
func (r *reading) wholeAt(w tokens, p int) bool {
	end := p
	for _, l := range w.lens {
		end += l
	}
	return end <= len(r.start) && r.whole(w, end, ".-") == p
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
