package site

import (
	"bytes"
	"html"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// An address whose '@' is a sign no word names, between a word shaped
// as a mailbox and a domain with a real ending: "jane.poe # gmail.com",
// "jane.roe a gmail.com", "jane.doe ⟶ gmail.com", "jane.doe⥀gmail.com",
// "jane.doe @sign gmail dot com", "jane.doe @gmail-com", "jane.doe #
// yandex.рф", "jane.poe#gmail.com", "jane.doe on zorbix.io". The local
// part (localFor) is what no prose writes (mailboxShaped: a dot or a
// digit inside, lower case), as written or as read ("jdoe1", which
// reads "jdoel"); or any word before a mail provider's domain
// ("janedoe → gmail.com"; before a lone 'a', only in one field: "jane a
// gmail.com"); or a word with a mailbox's sign inside ("jane_doe",
// "Jane.Doe") before a domain not written as a name is ("Example.com").
// The ending is a real one (realEnding), in ASCII or not. The local
// part has a letter: a date ("2026-11-24") is in no mailbox, and a page
// sets one before the cells a contributor writes.
//
// The skeleton of a field reads each as the address it is (readSignAt),
// and the page check looks for them in what a page shows
// (findSignBetween), by the same code: a reading the field missed fails
// the build rather than publishing the address.

// between is one such address in a text: the local part from start, the
// domain's labels, the last of which ends at end.
type between struct {
	start, end int
	local      string
	labels     []string
}

// arrowRunes are every arrow of Unicode: the Arrows block (with the
// circle arrows, "↻"), the supplemental arrows A, B and C ("⟶", "⥀"),
// the dingbat arrows ("➜"), and Miscellaneous Symbols and Arrows ("⮕").
// Between a mailbox and a domain any of them points at the domain as the
// '@' does; between words of prose ("Arrow → Next", "Rust ⟶ Go") none
// has a domain after it.
const arrowRunes = `\x{2190}-\x{21FF}\x{27F0}-\x{27FF}\x{2900}-\x{297F}\x{2B00}-\x{2BFF}\x{2794}-\x{27BF}\x{1F800}-\x{1F8FF}`

// signBefore is a local part and the sign for its '@', ending the text
// before a domain: a lone 'a', "on", "via" or "from", one to three signs of any
// script but a dot, set apart by spaces ("jane.poe # ", "jane.poe ⁓ ",
// "jane.poe >> "), or by a space on one side: not after an opening
// bracket or quote, which is the domain's, nor before prose's
// punctuation, which ends the word before it ("jane.poe #", "jane.poe#
// "; not "jane.doe (", "lwn.net, "); '#', '%' or '!' with no space
// ("jane.poe%", as the percent hack writes one); arrows however set,
// with a sign or two around them ("jane.doe⥀", "jane.doe --> "); an '@'
// in any form and the words it runs into, as a mention's ("jane.doe
// @sign ", "jane.doe -@ ", "jane.doe x@y ", "jane.doe@. "): a mention
// stands after a name, not between a mailbox and a domain. The local
// part is the whole word before it: no letter, digit or sign of a local
// part before it.
var signBefore = lazyRE(`(?:^|[^\p{L}\p{N}._%+\-])([\p{L}\p{N}][\p{L}\p{N}._%+\-]*?)[._%+\-]*` +
	`(?:\s+(?:([aA])|(on|via|from|ON|VIA|FROM)|[^\s\p{L}\p{N}\p{M}\p{C}.]{1,3})\s+|[#%!]` +
	`|\s+[^\s\p{L}\p{N}\p{M}\p{C}.(\[{<"'‘“«]{1,3}|[^\s\p{L}\p{N}\p{M}\p{C}.,;:)\]}>"'’”»!?]{1,3}\s+` +
	`|\s*[^\s\p{L}\p{N}]{0,2}(?:[` + arrowRunes + `]{1,3}|<?[-=~]{1,3}>|<[-=~]{1,3})[^\s\p{L}\p{N}]{0,2}\s*` +
	`|\s*\S{0,8}?[@＠﹫]\S{0,16}?\s*)$`)

// mentionBefore is a local part and an '@' in any form right before a
// mention's handle: "jane.doe @" of "jane.doe @gmail-com".
var mentionBefore = lazyRE(`(?:^|[^\p{L}\p{N}._%+\-])([\p{L}\p{N}][\p{L}\p{N}._%+\-]*?)[._%+\-]*\s*[^\s\p{L}\p{N}]{0,3}[@＠﹫]$`)

// signWindow is how far before a domain signBefore reads: a local part
// of 64 letters and its sign.
const signWindow = 96

// findSignBetween returns where s, a page's text as the check reads it,
// holds such an address, or nil; raw is s before its digits were read
// as letters (readPageRaw), of the same length, or "". A lone 'a'
// counts here only after a mailbox: the word before it may be another
// field's ("Ships", "Lead").
func findSignBetween(s, raw string) []int {
	if b := signsBetween(s, raw, false, false); b != nil {
		return []int{b[0].start, b[0].end}
	}
	return nil
}

// signsBetween returns the addresses of that shape in s, in order, or
// only the first. It reads back from each word that may end a domain:
// a dot (a sign or a word) and a label before it, and before the
// domain, the sign and the local part; a local part is taken as written
// in raw too, when raw is s as written, of its length. With provider, a
// lone 'a' before a mail provider's domain counts after any word, as in
// one field ("jane a gmail.com").
func signsBetween(s, raw string, all, provider bool) []between {
	if len(raw) != len(s) {
		raw = ""
	}
	var out []between
	for i, j := nextWord(s, 0); i < len(s); i, j = nextWord(s, j) {
		if b, ok := betweenEndingAt(s, raw, i, j, provider); ok {
			if out = append(out, b); !all {
				return out
			}
		}
	}
	return out
}

// nextWord is where the first word of s at or after i starts and ends
// (wordEnd); len(s) twice when there is none.
func nextWord(s string, i int) (start, end int) {
	for i < len(s) {
		r, n := runeAt(s, i)
		if isWordRune(r) {
			return i, wordEnd(s, i)
		}
		i += n
	}
	return len(s), len(s)
}

// wordEnd is the end of the word that starts at s[i]: its letters,
// digits and marks, and a punycode label's hyphens ("xn--p1ai").
func wordEnd(s string, i int) int {
	j := i
	for j < len(s) {
		r, n := runeAt(s, j)
		if !isWordRune(r) {
			if r == '-' && j-i == 2 && strings.HasPrefix(s[j:], "--") && strings.EqualFold(s[i:j], "xn") {
				j += 2
				continue
			}
			break
		}
		j += n
	}
	return j
}

// betweenEndingAt reads the address whose ending is the word s[i:j], if
// any.
func betweenEndingAt(s, raw string, i, j int, provider bool) (between, bool) {
	// Cheapest first: this is asked of every word of a page.
	end := s[i:j]
	if i == 0 || !mayEnd(end) {
		return between{}, false
	}
	c := s[i-1]
	if c != '.' && c != ' ' && c != '-' && c != '_' && c < utf8.RuneSelf && !blank(rune(c)) {
		return between{}, false // no dot, nor a space before a dot's word
	}
	if j < len(s) && (s[j] >= utf8.RuneSelf || strings.IndexByte("./_@", s[j]) >= 0) && (s[j] == '@' || !lastLabel(s, j)) {
		return between{}, false // a label, a path, a local part goes on
	}
	if c == '-' || c == '_' {
		return mentionEndingAt(s, raw, i, j)
	}
	lower := strings.ToLower(end)
	if !realEnding(end) || notTLDs[lower] {
		return between{}, false
	}
	q, plain, ok := domainDot(s, i)
	if !ok {
		return between{}, false
	}
	// "setup.py", "Node.js": a file's name, a project's; after a local
	// part with a dot inside, the sign between makes it a domain
	// ("jane.doe # zorbix.in").
	fileName := plain && fileTypes[lower]
	labels := []string{end}
	for len(labels) < shapeLabels {
		ls := labelStart(s, q)
		if ls == q {
			break
		}
		labels = append([]string{s[ls:q]}, labels...)
		if b, ok := sepAndLocal(s, raw, ls, labels, provider); ok && (!fileName || dottedLocal(b.local)) {
			b.end = j
			return b, true
		}
		if q, _, ok = domainDot(s, ls); !ok {
			break
		}
	}
	return between{}, false
}

// dottedLocal reports whether local is a mailbox's with a dot between
// letters: "jane.doe".
func dottedLocal(local string) bool {
	return mailboxLike(local) && innerDot.MatchString(local)
}

// innerDot is a dot between two letters.
var innerDot = lazyRE(`\p{L}\.\p{L}`)

// mayEnd reports whether w may be an ending, by its length: an ASCII
// one is of eleven letters at most ("engineering"), or punycode; one of
// another script is short.
func mayEnd(w string) bool {
	if len(w) <= 11 {
		return true
	}
	if isASCII(w) {
		return punycode(w)
	}
	return len(w) <= 64
}

// mentionEndingAt reads a mention's handle that is a domain with
// hyphens or underscores for its dots, ending in the word s[i:j], after
// a mailbox: "jane.doe @gmail-com". The ending is a common one, or the
// first label a mail provider's: "@rust-lang", "@acme-dev" are handles.
func mentionEndingAt(s, raw string, i, j int) (between, bool) {
	if !realEnding(s[i:j]) {
		return between{}, false // "2026-11-24", "font-size"
	}
	labels := []string{s[i:j]}
	q := i
	for len(labels) < shapeLabels {
		r, n := utf8.DecodeLastRuneInString(s[:q])
		if r != '-' && r != '_' {
			break
		}
		ls := q - n
		for ls > 0 {
			r, n := utf8.DecodeLastRuneInString(s[:ls])
			if !isWordRune(r) {
				break
			}
			ls -= n
		}
		if ls == q-n {
			return between{}, false
		}
		labels = append([]string{s[ls : q-n]}, labels...)
		q = ls
	}
	end, first := strings.ToLower(labels[len(labels)-1]), strings.ToLower(labels[0])
	if len(labels) < 2 || !commonEndings[end] && !(isMailProvider(first) && realEnding(end)) {
		return between{}, false
	}
	from := windowStart(s, q)
	m := mentionBefore.FindStringSubmatchIndex(s[from:q])
	if m == nil {
		return between{}, false
	}
	local := s[from+m[2] : from+m[3]]
	if !mailboxLike(local) && !(raw != "" && mailboxLike(raw[from+m[2]:from+m[3]])) {
		return between{}, false
	}
	return between{start: from + m[2], end: j, local: local, labels: labels}, true
}

// sepAndLocal reads the sign and the local part before a domain whose
// first label starts at s[d], its labels labels.
func sepAndLocal(s, raw string, d int, labels []string, provider bool) (between, bool) {
	from := windowStart(s, d)
	m := signBefore.FindStringSubmatchIndex(s[from:d])
	if m == nil {
		return between{}, false
	}
	local := s[from+m[2] : from+m[3]]
	written := local
	if raw != "" {
		written = raw[from+m[2] : from+m[3]]
	}
	lone, word := m[4] >= 0, m[6] >= 0 // the 'a'; "on", "via"
	if !localFor(local, written, s[d:], labels, lone || word, provider && lone) {
		return between{}, false
	}
	return between{start: from + m[2], local: local, labels: labels}, true
}

// localFor reports whether local (as read, and as written) is the local
// part of an address before the domain of labels, written from s[d:],
// with a sign for its '@' between (see above). A word for the '@' (a
// lone 'a', "on", "via") needs a mailbox before it; loneProvider says a
// lone 'a' before a mail provider's domain needs none.
func localFor(local, written, domain string, labels []string, word, loneProvider bool) bool {
	if numeronym(written, labels[0]) {
		return false // "k8s - kubernetes.io": a project's short name
	}
	if mailboxLike(local) || mailboxLike(written) {
		return true
	}
	first := strings.ToLower(labels[0])
	if word {
		return loneProvider && isMailProvider(first)
	}
	lower := strings.ToLower(written)
	if mailNumber(written) {
		// A number is a mailbox only at a provider that gives numbers
		// ("12345678 → qq.com"), not before a project's domain.
		k := mailProviders[first]
		return k == pureMail || k == mailEmployer || k == companyWord
	}
	if !strings.ContainsFunc(written, unicode.IsLetter) || proseWords[lower] {
		return false
	}
	if k := mailProviders[first]; k != 0 && k != domainLabel {
		return true // "janedoe → gmail.com", "JANE.DOE # GMAIL.COM"
	}
	// A mailbox's sign inside the word, before a domain written as an
	// address is (not as a name: "Moved from Example.org → Fly.io").
	upper, low := latinCase(labels[0])
	return innerSign.MatchString(written) && !(upper && low)
}

// numeronym reports whether w is label shortened as a numeronym is: its
// first letter, the count of the letters between, its last ("k8s" of
// "kubernetes", "i18n" of "internationalization"). A mailbox so named
// would be a project's, before that project's domain. "v8 - v8.dev"
// stays hidden: a handle may be its own domain's first label.
func numeronym(w, label string) bool {
	w, label = strings.ToLower(w), strings.ToLower(label)
	if len(w) < 3 || len(label) < 4 || !isASCII(label) || w[0] != label[0] || w[len(w)-1] != label[len(label)-1] {
		return false
	}
	n, err := strconv.Atoi(w[1 : len(w)-1])
	return err == nil && n == len(label)-2
}

// innerSign is a sign of a local part between two letters or digits:
// "jane_doe", "jane+doe", "Jane.Doe".
var innerSign = lazyRE(`[\p{L}\p{N}][._+%\-][\p{L}\p{N}]`)

// mailboxLike reports whether local is mailboxShaped and has a letter.
func mailboxLike(local string) bool {
	return strings.ContainsFunc(local, unicode.IsLetter) && mailboxShaped.MatchString(local)
}

// windowStart is where signBefore starts reading before s[d]: at most
// signWindow bytes back, on a rune's start.
func windowStart(s string, d int) int {
	from := max(0, d-signWindow)
	for from > 0 && !utf8.RuneStart(s[from]) {
		from--
	}
	return from
}

// labelStart is the start of the label of a domain that ends at s[q]:
// letters, digits and marks of any script, and hyphens between them.
func labelStart(s string, q int) int {
	ls := q
	for ls > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:ls])
		if !isWordRune(r) && !(r == '-' && ls < q && ls-n > 0) {
			break
		}
		ls -= n
	}
	for ls < q && s[ls] == '-' {
		ls++
	}
	return ls
}

// domainDot reads the dot of a domain before its label at s[p]: a dot
// sign touching the label ("gmail.com", "gmail .com"; a sign drawn as a
// dot may be set apart, "gmail ° com"), or a word for the dot set apart
// by spaces ("gmail dot com", "gmail DOT com"; a word of a script that
// writes no spaces may touch, "gmail점com"). It returns where the
// label before the dot ends, and whether the dot was an ASCII one
// touching both (plain: "setup.py" is as likely a file's name).
func domainDot(s string, p int) (q int, plain, ok bool) {
	r, n := utf8.DecodeLastRuneInString(s[:p])
	if r == '.' || r >= utf8.RuneSelf && isDotSignRune(r) {
		q = trimBlanksBack(s, p-n)
		return q, r == '.' && q == p-n, q > 0 && q < p && wordRuneBefore(s, q)
	}
	k := trimBlanksBack(s, p)
	spaced := k < p
	r, n = utf8.DecodeLastRuneInString(s[:k])
	if spaced && r >= utf8.RuneSelf && isDotSignRune(r) {
		q = trimBlanksBack(s, k-n)
		return q, false, wordRuneBefore(s, q)
	}
	ws := k
	for ws > 0 && k-ws <= 24 {
		r, n := utf8.DecodeLastRuneInString(s[:ws])
		if !isWordRune(r) {
			break
		}
		ws -= n
	}
	if ws == k || k-ws > 24 || !isDotWord(s[ws:k]) {
		return 0, false, false
	}
	q = trimBlanksBack(s, ws)
	if isASCII(s[ws:k]) && (!spaced || q == ws) {
		return 0, false, false // "dotcom", "gmaildot com": words
	}
	return q, false, wordRuneBefore(s, q)
}

// isDotSignRune reports whether r, beyond ASCII, is a sign drawn as a
// dot (isDotSign): no letter is.
func isDotSignRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && isDotSign(r)
}

// dotWordSet are the words for the dot of a domain the skeleton reads
// (dotWords, foreignWords, scriptWords), and Korean's "점" the shape
// reads, in their scripts, as readWord reads them ("точка" is "toчka"):
// a page shows them as written, and the skeleton may not have read one.
var dotWordSet = func() map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields("dot d0t punkt point punto ponto punt pont piste punct punktum punkto kropka tecka tečka nokta tochka точка " +
		"крапка tačka tacka točka tocka тачка taškas taskas titik bodka pika punktur chấm 점 닷 쩜 点 點 ドット डॉट נקודה نقطة τελεία") {
		set[readWord(w)] = true
	}
	return set
}()

// isDotWord reports whether w is one of dotWordSet, in any case.
func isDotWord(w string) bool {
	if isASCII(w) {
		return len(w) <= 8 && dotWordSet[strings.ToLower(w)]
	}
	return dotWordSet[readWord(w)]
}

// trimBlanksBack is the index before the blanks that end s[:i].
func trimBlanksBack(s string, i int) int {
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if !blank(r) {
			break
		}
		i -= n
	}
	return i
}

// wordRuneBefore reports whether a letter, a digit or a mark ends s[:i].
func wordRuneBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return i > 0 && isWordRune(r)
}

// readSignAt is s, a skeleton being read, with each address of that
// shape written as one: "jane.doe⥀gmail.com" is "jane.doe@gmail.com",
// "jane.doe @sign gmail 점 com" is "jane.doe@gmail.com".
func readSignAt(s string) string {
	bs := signsBetween(s, "", true, true)
	if bs == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, x := range bs {
		if x.start < last {
			continue // its local part is the last one's domain
		}
		b.WriteString(s[last:x.start])
		b.WriteString(x.local + "@" + strings.Join(x.labels, "."))
		last = x.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// findIDNShape returns where s, a page's text as the check reads it,
// holds an address by its shape (findShape) that ends in an ending
// beyond ASCII or in punycode ("jane 골뱅이 othercorp 점 рф"), which a
// field's reading hides: it is read around each such ending only, the
// few a page has.
func findIDNShape(s string) []int {
	for i, j := nextWord(s, 0); i < len(s); i, j = nextWord(s, j) {
		if w := s[i:j]; punycode(w) || !isASCII(w) && idnTLDs[w] {
			from := max(0, i-2*signWindow)
			for from > 0 && !utf8.RuneStart(s[from]) {
				from--
			}
			// Not back across a row: the words of the row above (an
			// affiliation, a role) and a name, a handle and a country
			// written in its own script ("Mei mei 台灣") would read as
			// an address where the page shows three cells of a person.
			// An address split across rows is the field readings' to
			// find (rows.go), which know the cells.
			if nl := strings.LastIndexByte(s[from:i], '\n'); nl >= 0 {
				from += nl + 1
			}
			if loc := findShape(s[from:j]); loc != nil {
				return []int{from + loc[0], from + loc[1]}
			}
		}
	}
	return nil
}

// halvesLeft reports whether s, what scrub left of a field, or a run of
// a page's text, holds the halves of an address around a sign scrub hid:
// a mailbox and a domain with the placeholder between them, where the
// '@' was ("jane.doe -@ gmail 점 com" shows "jane.doe [address hidden]
// gmail 점 com", and the placeholder says where the '@' stood). It is
// read as an '@', by the shape of an address around it.
func halvesLeft(s string) bool {
	if !strings.Contains(s, hidden) {
		return false
	}
	t := strings.ReplaceAll(s, hidden, " @ ")
	read, raw := readPageRaw(t)
	return findSignBetween(read, raw) != nil || findShape(t) != nil
}

// findHalvesLeft returns where a page shows halvesLeft in one run of its
// text (between two tags: one field, or a sentence with one in it), or
// nil. A field hidden whole is an element of its own, and what stands
// beside it in the next one is never read with it.
func findHalvesLeft(data []byte) []int {
	for i := 0; i < len(data); {
		k := bytes.Index(data[i:], []byte(hidden))
		if k < 0 {
			return nil
		}
		k += i
		from := bytes.LastIndexByte(data[:k], '>') + 1
		to := bytes.IndexByte(data[k:], '<')
		if to < 0 {
			to = len(data)
		} else {
			to += k
		}
		if halvesLeft(html.UnescapeString(string(data[from:to]))) {
			return []int{from, to}
		}
		i = to
	}
	return nil
}
