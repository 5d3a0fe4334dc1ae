package site

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The mail providers a field may name for a domain ("jane.doe at
// yahoo", "gmail: jdoe1", "jdoe1 (gmail)"): one list, read by every
// reading that names them, each name with what else it may mean.

// providerKind says what else a provider's name may mean.
type providerKind int

const (
	// pureMail is a name that means mail and nothing else ("gmail"):
	// "at gmail" is a mailbox whatever stands before it.
	pureMail providerKind = iota + 1
	// mailEmployer is a name of mail first, and of a company people
	// work at ("yandex", "fastmail", "gmx", "tutanota"): after a job's
	// word ("Engineer at Yandex", "Engineer at GMX") it is an
	// affiliation.
	mailEmployer
	// companyWord is a provider's name that is a company's or a word
	// too ("yahoo", "outlook", "live"): it names a mailbox only beside
	// a handle shaped as one, or ending the field after an "at".
	companyWord
	// domainLabel is a provider's label that is a word of its own
	// ("me", "mail", "web"): read only in a domain before its ending.
	domainLabel
)

// isMailProvider reports whether w, in lower case, is a provider's name
// that means mail (pureMail, mailEmployer): "-at-gmail" and
// "@gmail-com" name a mailbox, "-at-live" and "@rust-lang" do not.
func isMailProvider(w string) bool {
	k := mailProviders[w]
	return k == pureMail || k == mailEmployer
}

// providerNames are the names of mailProviders of the kinds given, as
// alternatives of an expression, longest first.
func providerNames(kinds ...providerKind) string {
	var names []string
	for w, k := range mailProviders {
		for _, want := range kinds {
			if k == want {
				names = append(names, regexp.QuoteMeta(w))
			}
		}
	}
	// Longest first, then in order: the expression is the same from
	// one build to the next.
	sortByLength(names)
	return strings.Join(names, "|")
}

func sortByLength(ws []string) {
	for i := 1; i < len(ws); i++ {
		for j := i; j > 0 && (len(ws[j]) > len(ws[j-1]) || len(ws[j]) == len(ws[j-1]) && ws[j] < ws[j-1]); j-- {
			ws[j], ws[j-1] = ws[j-1], ws[j]
		}
	}
}

// A provider named beside a handle. The handle is a word a mailbox's
// local part may be: letters, digits and its signs.
const providerHandle = `([\p{L}\p{N}][\p{L}\p{N}._%+\-]*[\p{L}\p{N}]|[\p{L}\p{N}])`

var (
	// providerWord is a provider's name (of the kinds that name mail
	// alone) and the word for what it holds: "gmail", "Yahoo Mail",
	// "gmail address".
	providerWord = `(google[\s_\-]*mail|` + providerNames(pureMail, mailEmployer, companyWord) + `)(?:[\s_\-]*(?:mail|e-?mail|address|account|id|handle|user(?:name)?))?`
	// providerThenHandle is the name (or its domain, "gmail.com"), then
	// a colon, an equals sign, a dash, an arrow, a slash, a bracket or
	// "is", then the handle: "gmail: jdoe1", "my gmail is jdoe1",
	// "ProtonMail - jdoe1", "naver.com: jdoe1". Groups: the name, the
	// sign, the handle.
	providerThenHandle = lazyRE(`(?i)(?:^|[^\p{L}\p{N}])` + providerWord + `(?:\.(?:co\.)?` + providerTLDs + `)?` +
		`\s*(:|=|-{1,2}>?|→|–|—|/|[(\[]|\s(?:is|=)\s)\s*` + providerHandle)
	// handleThenProvider is the handle, then the name in brackets, or
	// after "at", "on", "via" or an '@' ("jdoe1 (gmail)", "jdoe1 on
	// gmail", "jane.doe at yahoo"), or after a sign or an arrow ("jdoe1
	// → gmail", "jdoe1 # gmail", "jdoe1 | gmail"); what follows the name says whether
	// it ends the field.
	handleThenProvider = lazyRE(`(?i)(?:^|[^\p{L}\p{N}._%+\-])` + providerHandle +
		`(?:\s*[(\[{<]\s*` + providerWord + `\s*[)\]}>]|\s+(?:at|on|via|@|a[^\p{L}\p{N}\s]{1,3}t|[(\[{<]\s*at\s*[)\]}>])\s+` + providerWord +
		`|\s*(?:[#|~/:>` + arrowRunes + `]{1,3}|-+>|=+>)\s*` + providerWord + `)` +
		`([^\p{L}\p{N}\-]|$)`)
	// handleSpaceMail is a handle only a mailbox has (words joined by a
	// dot, an underscore or a plus, or letters then digits: no name nor
	// GitHub handle reads so), a space, and a provider of mail alone,
	// the '@' and the ending left out: "jane.doe gmail", "jdoe1 yahoo".
	handleSpaceMail = lazyRE(`(?i)(?:^|[^\p{L}\p{N}._%+\-])([\p{L}\p{N}]+(?:[._+][\p{L}\p{N}]+)+|\p{L}+\p{N}+)\s+(` + providerNames(pureMail, mailEmployer) + `)(?:[^\p{L}\p{N}\-.]|$)`)
	// handleBesideDomain is a handle, then a mail provider's domain
	// with its ending, with only a space, a comma or an underscore
	// between them, the '@' left out: "jdoe1 gmail.com", "jane.doe,
	// gmail.com", "jdoe1_gmail_com". A provider of mail alone and its
	// ending: no affiliation reads so.
	handleBesideDomain = lazyRE(`(?i)(?:^|[^\p{L}\p{N}._%+\-])` + providerHandle +
		`(?:(?:\s*[,;/]\s*|\s+(?:of|on|via|from|at)\s+|\s+|_+)(` + providerNames(pureMail, mailEmployer, companyWord, domainLabel) + `)(?:\s*[._]\s*|_+)` + providerTLDs +
		`|\s*[(\[{<（「"“]\s*(` + providerNames(pureMail, mailEmployer, companyWord, domainLabel) + `)(?:\s*[._]\s*|_+)` + providerTLDs + `\s*[)\]}>）」"”])` +
		`([^\p{L}\p{N}\-]|$)`)
	// handleJoinedToDomain is a handle joined to a mail provider's
	// domain by what writes a dot (one to three, of any script), a
	// hyphen or dash, an underscore, a comma or a space, the '@' left
	// out: "jane.doe.gmail.com", "jdoe1.yahoo.com", "jane.doe·gmail.com",
	// "jdoe1_yahoo_com", "jdoe1-gmail-com" (a list id, a page's file
	// name). Groups: the handle, the joiner, the provider's name, the
	// dot before the ending, the ending; providerJoined weighs them.
	handleJoinedToDomain = lazyRE(`(?i)(?:^|[^\p{L}\p{N}._%+\-])` + providerHandle +
		`(\s*[` + joinDots + `]{1,3}\s*|\s*[` + joinDashes + `_,]\s*|\s+)` +
		`(` + providerNames(pureMail, mailEmployer, companyWord, domainLabel) + `|` + joinedOnly + `)` +
		`(\s*[` + joinDots + joinDashes + `_,]\s*|\s+)(\p{L}{2,})(?:[^\p{L}\p{N}\-]|$)`)
)

// joinedOnly are mail providers whose names are words too common to
// read anywhere but joined to their domain ("jdoe1.hey.com"): read as
// companyWord's there, never by the other readings.
const joinedOnly = `mac|aim|hey|duck|att|fastmail|yandex`

// joinDots and joinDashes are the signs that stand for a dot, and the
// hyphens and dashes, between a handle and a provider's domain.
const (
	joinDots   = `.·•∙‧・。．｡﹒․⸱`
	joinDashes = `\-‐‑‒–—―−`
)

// providerJoined reports whether s holds a handle joined to a mail
// provider's domain (handleJoinedToDomain): an address with its '@'
// written as a dot or a hyphen.
func providerJoined(s string) bool { return findProviderJoined(s) != nil }

// findProviderJoined returns where s holds such an address, the handle
// to the ending; nil when it holds none. The ending must be one; the
// handle one a mailbox has (namesMailbox). A provider hosts its own
// subdomains ("research.yahoo.com", "cloud.yandex.com") and a domain
// may end in a provider's name ("team-gmail.com"), so the handle must
// be shaped as a mailbox's ("jdoe1", "jane.doe") unless the provider is
// one of mail alone, joined by a dot, with a handle no word: a
// provider of mail alone hosts no one's subdomain.
//
// A page is megabytes, and roster knows a couple of hundred providers,
// some of whose names are words ("list", "post"): the expression reads
// only a window around each place a provider's name stands between
// joiners (providerCues), from a handle's length before it to an
// ending's after.
func findProviderJoined(s string) []int {
	for _, cue := range providerCues(s) {
		at := cue[0]
		if !endingAfter(s[cue[1]:]) {
			continue // "the list of": no ending after the name
		}
		from, to := windowStart(s, at), min(len(s), at+joinedAfter)
		for to < len(s) && to < at+4*joinedAfter && isAlnum(s[to]) {
			to++ // the ending whole: "co" of "company" is none
		}
		for to < len(s) && !utf8.RuneStart(s[to]) {
			to++
		}
		if loc := providerJoinedIn(s[from:to]); loc != nil {
			return []int{from + loc[0], from + loc[1]}
		}
	}
	return nil
}

// joinedAfter is how far past the start of a provider's name its
// window reads: the longest name, two joiners and a long ending.
const joinedAfter = 64

// providerJoinedIn is findProviderJoined for a window of text.
func providerJoinedIn(s string) []int {
	for _, m := range handleJoinedToDomain.FindAllStringSubmatchIndex(s, -1) {
		handle, joiner, name, ending := s[m[2]:m[3]], strings.TrimSpace(s[m[4]:m[5]]), strings.ToLower(s[m[6]:m[7]]), s[m[10]:m[11]]
		kind, known := mailProviders[name]
		if !tlds[strings.ToLower(ending)] || known && kind != domainLabel && !namesMailbox(name, handle) {
			continue
		}
		if i := strings.LastIndexByte(handle, '.'); i >= 0 && tlds[strings.ToLower(handle[i+1:])] {
			continue // a domain before another ("Gmail.com, Outlook.com"): no handle
		}
		byDot := joiner != "" && strings.ContainsAny(joiner, joinDots)
		if kind == pureMail && byDot || mailboxLike(strings.ToLower(handle)) || known && mailNumber(handle) && namesMailbox(name, handle) || asID(handle, s[m[4]:m[5]], s[m[8]:m[9]], kind) {
			return []int{m[2], m[11]}
		}
	}
	return nil
}

// asID reports whether a handle joined to a provider's name, and the
// name to its ending, each by a hyphen or an underscore alone, is an
// address written as an id or a GitHub handle writes one, which holds
// no dot ("jane-doe-gmx-de", "jane_doe_gmail_com"): with no dot in it,
// it is no domain that ends in a provider's name ("team-gmail.com").
// A provider of mail (pureMail, mailEmployer) names a mailbox after any
// handle namesMailbox takes; one that is a company or a word too
// (companyWord, joinedOnly), after a handle of words joined as an id's
// are ("jane-doe-yahoo-com", "jane-doe-hey-com"); a label that is a word
// of its own ("security-list-de") never.
func asID(handle, joiner, last string, kind providerKind) bool {
	idJoin := func(j string) bool { return j == "-" || j == "_" }
	if !idJoin(joiner) || !idJoin(last) || strings.ContainsAny(handle, ".") {
		return false
	}
	switch {
	case kind == pureMail || kind == mailEmployer:
		return true // namesMailbox held already
	case kind == companyWord || kind == 0:
		// A company's name, or joinedOnly's ("jane-doe-hey-com").
		return strings.ContainsAny(handle, "-_") && handle == strings.ToLower(handle)
	}
	return false
}

// providerSaid reports whether s, a field as a reader reads it (no
// digit read as a letter: "jdoe1" is a handle), names a mailbox at a
// provider by the provider's name alone. The handle is one a mailbox
// has: no word of prose or of a job, and written as a handle is, not as
// a name ("Jane Doe (Yahoo)", "Gmail - Product team" stay). A name that
// is a company's or a word too needs more: a handle shaped as a mailbox
// ("jane.doe", "jdoe1"), or both written in lower case; and after "at"
// or "on", the field's end ("Works at Outlook team" stays).
func providerSaid(s string) bool {
	// Each expression only where its name stands (guards_provider.go).
	named := mayNameProvider(s) && mayProviderWord(s)
	// A provider's domain written whole may be one whose name is a word
	// of its own ("mail.ru", "163.com", "web.de"), which mayNameProvider
	// passes over: any domain-shaped run is read for it.
	if !named && !strings.ContainsAny(s, "._") {
		return false
	}
	for _, m := range handleBesideDomainIn(s) {
		handle, name := m[1], m[2]
		if name == "" {
			name = m[3] // in brackets: "janedoe (gmail.com)"
		}
		if i := strings.LastIndexByte(handle, '.'); i >= 0 && tlds[strings.ToLower(handle[i+1:])] {
			continue // a domain before another ("Gmail.com, Outlook.com"): no handle
		}
		if len(handle) > 1 && namesMailboxAt(name, handle) { // "a gmail.com plugin" names no one
			return true
		}
	}
	if !named {
		return false
	}
	for _, m := range providerThenHandle.FindAllStringSubmatch(s, -1) {
		name, sign, handle := m[1], strings.TrimSpace(m[2]), m[3]
		if i := strings.LastIndexByte(handle, '.'); i >= 0 && tlds[strings.ToLower(handle[i+1:])] {
			continue // a domain after the name ("Tuta (tuta.com)"): no handle
		}
		// A company's name, a hyphen and a word is an id's or a team's
		// ("naver-security", "yandex-security"): a mailbox only when the
		// handle is shaped as one (a mail-only provider's is one anyway).
		if k := mailProviders[strings.ToLower(name)]; (sign == "-" || sign == "–") && (k == companyWord || k == mailEmployer) && !mailboxLike(strings.ToLower(handle)) {
			continue
		}
		if namesMailbox(name, handle) {
			return true
		}
	}
	for _, m := range handleSpaceMail.FindAllStringSubmatch(s, -1) {
		if namesMailbox(m[2], m[1]) {
			return true
		}
	}
	for _, loc := range handleThenProvider.FindAllStringSubmatchIndex(s, -1) {
		handle := s[loc[2]:loc[3]]
		var name string
		if loc[4] >= 0 {
			name = s[loc[4]:loc[5]] // in brackets
		} else {
			// After a word for the '@', or a sign ("jdoe1 → gmail").
			a, b := loc[6], loc[7]
			if a < 0 {
				a, b = loc[8], loc[9]
			}
			name = s[a:b]
			if mailProviders[strings.ToLower(name)] == companyWord && !endsField(s[b:]) {
				continue
			}
		}
		if namesMailbox(name, handle) {
			return true
		}
	}
	return false
}

// handleBesideDomainIn is handleBesideDomain's matches in s, read only
// where a provider's name may stand before its ending.
func handleBesideDomainIn(s string) [][]string {
	if !mayHandleBesideDomain(s) {
		return nil
	}
	return handleBesideDomain.FindAllStringSubmatch(s, -1)
}

// endingAfter reports whether rest, what follows a provider's name,
// starts with what may join it to its ending and an ending: a sign or
// a few, or a space, then letters that are a top-level domain. A cheap
// look before handleJoinedToDomain, which reads the same.
func endingAfter(rest string) bool {
	i := 0
	for i < len(rest) && i < 12 && !asciiAlnum(rest[i]) {
		i++
	}
	j := i
	for j < len(rest) && asciiAlnum(rest[j]) {
		j++
	}
	if j == len(rest) || j-i < 2 || rest[j] < utf8.RuneSelf {
		return j-i >= 2 && tlds[strings.ToLower(rest[i:j])]
	}
	return true // an ending in another script, or run on into one: the expression decides
}

// providerCues returns where in s the name of a provider
// handleJoinedToDomain reads (every provider's, and joinedOnly's)
// starts and ends as a word between joiners: a cheap look, byte by
// byte, which most fields and most of a page fail.
func providerCues(s string) [][2]int {
	var at [][2]int
	for i := 0; i < len(s); {
		if !asciiAlnum(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && asciiAlnum(s[j]) {
			j++
		}
		if j < len(s) && joinerByte(s[j]) {
			switch {
			case i > 0 && joinerByte(s[i-1]) && providerNamed(s[i:j]):
				at = append(at, [2]int{i, j})
			case i > 2 && s[i-1] == '-' && asciiAlnum(s[i-2]) && joinerByte(s[i-3]) && providerNamed(s[i-2:j]):
				at = append(at, [2]int{i - 2, j}) // "t-online"
			}
		}
		i = j
	}
	return at
}

// providerNamed reports whether w, ASCII, is a provider's name in any
// case, as handleJoinedToDomain reads them.
func providerNamed(w string) bool {
	var buf [24]byte
	if len(w) > len(buf) {
		return false
	}
	for k := 0; k < len(w); k++ {
		c := w[k]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[k] = c
	}
	_, ok := mailProviders[string(buf[:len(w)])]
	return ok || joinedOnlyNames[string(buf[:len(w)])]
}

// asciiAlnum reports whether c is an ASCII letter or digit.
func asciiAlnum(c byte) bool { return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'z' }

// joinerByte reports whether c may be (a byte of) what joins a handle
// to a provider's name, or the name to its ending: a dot, a hyphen, an
// underscore, a comma, a space, or a byte of a sign beyond ASCII.
func joinerByte(c byte) bool {
	return c == '.' || c == '-' || c == '_' || c == ',' || c == ' ' || c == '\t' || c >= 0x80
}

// mayNameProvider reports whether s may hold a provider's name: a
// cheap look before the expressions, which most fields fail.
func mayNameProvider(s string) bool {
	lower := strings.ToLower(s)
	if strings.Contains(lower, "google") {
		return true // "Google Mail"
	}
	for w, k := range mailProviders {
		if k != domainLabel && strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// endsField reports whether rest, what follows a provider's name, is
// the end of the field, or of it and a sentence.
func endsField(rest string) bool {
	return strings.TrimLeftFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(".,;:!?)]", r) }) == ""
}

// namesMailbox reports whether handle beside the provider name names a
// mailbox there (see providerSaid).
func namesMailbox(name, handle string) bool {
	lower := strings.ToLower(handle)
	if mailNumber(handle) {
		// QQ's and NetEase's mailboxes are numbers ("12345678 → qq.com").
		k := mailProviders[strings.NewReplacer(" ", "", "-", "", "_", "").Replace(strings.ToLower(name))]
		return k == pureMail || k == mailEmployer || k == companyWord
	}
	if !strings.ContainsFunc(handle, unicode.IsLetter) || proseWords[lower] || jobWords[lower] || affiliationWords[lower] {
		return false
	}
	shaped := mailboxLike(lower)
	if upper, low := latinCase(handle); upper && low && !shaped {
		return false // a name: "Jane Doe (Gmail)", "Gmail - Product"
	}
	// "Google Mail" is "googlemail".
	switch mailProviders[strings.NewReplacer(" ", "", "-", "", "_", "").Replace(strings.ToLower(name))] {
	case pureMail, mailEmployer:
		return true
	case companyWord:
		return shaped || name == strings.ToLower(name) && handle == lower
	}
	return false
}

// affiliationWords are the words before "at" that say where someone
// works, or worked, as a job's word does: "Now at Fly.io", "Formerly
// at Salesforce.com", "Writes at LWN.net".
var affiliationWords = wordSet("now currently previously formerly formely former ex recently lately later then once also " +
	"writes writing blogs blogging contributes contributing consults consulting teaches teaching studies studying " +
	"retired joined joining moved hosted archived mirrored published operated")

// providerTLDs are the endings a provider's domain has: the common ones,
// and the countries' whose providers handleBesideDomain names ("proton.me",
// "mail.ru", "web.de", "seznam.cz").
const providerTLDs = `(?:` + commonTLDs + `|me|cz|sk|pl|hu|ro|bg|ua|kz|kr|tw|hk|sg|in|vn|th|my|mx|ar|cl|za|tr|gr|pt|it|dk|no|fi|be|at|ie|nz|il)`

// namesMailboxAt is namesMailbox for a handle beside a provider's
// domain written with its ending ("janedoe outlook.com", "janedoe
// (mail.ru)"): the ending says it is the mail domain, not the company
// or the word, so a provider of any kind takes a handle written in lower
// case, or shaped as a mailbox's.
func namesMailboxAt(name, handle string) bool {
	if namesMailbox(name, handle) {
		return true
	}
	// A company's domain written as its name is ("Mail.ru Group",
	// "Seznam.cz", "Outlook.com team") is an employer beside a handle;
	// a mail domain is typed in lower case.
	if name != strings.ToLower(name) {
		return false
	}
	lower := strings.ToLower(handle)
	if !strings.ContainsFunc(handle, unicode.IsLetter) || proseWords[lower] || jobWords[lower] || affiliationWords[lower] {
		return false
	}
	return mailboxLike(lower) || handle == lower
}

// mailNumber reports whether a handle is a number a mail provider gives
// as a mailbox (QQ's run to ten digits and more): five digits or more, a
// year or a room being four.
func mailNumber(handle string) bool {
	if len(handle) < 5 || len(handle) > 12 {
		return false
	}
	for i := 0; i < len(handle); i++ {
		if handle[i] < '0' || handle[i] > '9' {
			return false
		}
	}
	return true
}
