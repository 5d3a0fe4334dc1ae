package site

import (
	"regexp"
	"strings"
	"unicode"
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

// mailProviders are the providers, by name in lower case.
var mailProviders = func() map[string]providerKind {
	m := map[string]providerKind{}
	for kind, names := range map[providerKind]string{
		pureMail:     "gmail googlemail hotmail ymail icloud protonmail riseup rediffmail",
		mailEmployer: "yandex fastmail rambler gmx tutanota posteo mailfence hushmail",
		companyWord:  "outlook live msn yahoo proton aol zoho tuta mailbox qq naver daum seznam libero comcast",
		domainLabel:  "me pm mail 163 126 web orange free laposte t-online bigpond",
	} {
		for _, w := range strings.Fields(names) {
			m[w] = kind
		}
	}
	return m
}()

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
	// providerThenHandle is the name, then a colon, an equals sign, a
	// dash, an arrow or "is", then the handle: "gmail: jdoe1", "my gmail
	// is jdoe1", "ProtonMail - jdoe1".
	providerThenHandle = lazyRE(`(?i)(?:^|[^\p{L}\p{N}])` + providerWord + `\s*(?::|=|-{1,2}>?|→|–|—|\s(?:is|=)\s)\s*` + providerHandle)
	// handleThenProvider is the handle, then the name in brackets, or
	// after "at", "on", "via" or an '@' ("jdoe1 (gmail)", "jdoe1 on
	// gmail", "jane.doe at yahoo"), or after a sign or an arrow ("jdoe1
	// → gmail", "jdoe1 # gmail", "jdoe1 | gmail"); what follows the name says whether
	// it ends the field.
	handleThenProvider = lazyRE(`(?i)(?:^|[^\p{L}\p{N}._%+\-])` + providerHandle +
		`(?:\s*[(\[{<]\s*` + providerWord + `\s*[)\]}>]|\s+(?:at|on|via|@|a[^\p{L}\p{N}\s]{1,3}t|[(\[{<]\s*at\s*[)\]}>])\s+` + providerWord +
		`|\s*(?:[#|~/:>` + arrowRunes + `]{1,3}|-+>|=+>)\s*` + providerWord + `)` +
		`([^\p{L}\p{N}\-]|$)`)
	// handleBesideDomain is a handle, then a mail provider's domain
	// with its ending, with only a space, a comma or an underscore
	// between them, the '@' left out: "jdoe1 gmail.com", "jane.doe,
	// gmail.com", "jdoe1_gmail_com". A provider of mail alone and its
	// ending: no affiliation reads so.
	handleBesideDomain = lazyRE(`(?i)(?:^|[^\p{L}\p{N}._%+\-])` + providerHandle + `(?:\s*[,;]\s*|\s+|_+)` +
		`(` + providerNames(pureMail, mailEmployer) + `)(?:\s*[._]\s*|_+)` + commonTLDs + `([^\p{L}\p{N}\-]|$)`)
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
func findProviderJoined(s string) []int {
	if !mayJoinProvider(s) {
		return nil
	}
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
		if kind == pureMail && byDot || mailboxLike(strings.ToLower(handle)) {
			return []int{m[2], m[11]}
		}
	}
	return nil
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
	if !mayNameProvider(s) {
		return false
	}
	for _, m := range providerThenHandle.FindAllStringSubmatch(s, -1) {
		if namesMailbox(m[1], m[2]) {
			return true
		}
	}
	for _, m := range handleBesideDomain.FindAllStringSubmatch(s, -1) {
		if len(m[1]) > 1 && namesMailbox(m[2], m[1]) { // "a gmail.com plugin" names no one
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

// mayJoinProvider is mayNameProvider for handleJoinedToDomain, which
// reads every provider's name, domainLabel's and joinedOnly's too.
func mayJoinProvider(s string) bool {
	lower := strings.ToLower(s)
	for _, w := range joinableProviders {
		for i := 0; ; {
			k := strings.Index(lower[i:], w)
			if k < 0 {
				break
			}
			at, end := i+k, i+k+len(w)
			if at > 0 && joinerByte(lower[at-1]) && end < len(lower) && joinerByte(lower[end]) {
				return true
			}
			i = at + 1
		}
	}
	return false
}

// joinableProviders are the names handleJoinedToDomain reads: every
// provider's, and joinedOnly's.
var joinableProviders = func() []string {
	var out []string
	for w := range mailProviders {
		out = append(out, w)
	}
	out = append(out, strings.Split(joinedOnly, "|")...)
	sortByLength(out)
	return out
}()

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
	"retired joined joining moved")
