package site

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A provider named without its ending, after a word or a sign for the
// '@', at the end of a field: "jane.doe at hey", "jdoe arroba gmail",
// "jane.doe собака gmail", "jdoe1 (at) duck". The rest of the address
// is the one everyone knows. Every language's word for the sign counts
// here (foreignWordList), as it does before a domain written whole; and
// every provider roster knows, the names that are words too
// (domainLabel, joinedOnly) after a handle only a mailbox has: "Team
// lead at duck" and "Engineer at Sky" stay.

// joinedOnlyNames are the names of joinedOnly.
var joinedOnlyNames = wordSet(strings.ReplaceAll(joinedOnly, "|", " "))

// foreignAtWords are the words of foreignWordList for the '@', as
// alternatives of an expression.
var foreignAtWords = func() string {
	var words []string
	for _, w := range foreignWordList {
		if !foreignDotWords[w] {
			words = append(words, regexp.QuoteMeta(w))
		}
	}
	sortByLength(words)
	return strings.Join(words, "|")
}()

// handleBeforeAt is a handle and what stands for the '@' after it,
// ending the text before a provider's name: a word for it set apart by
// spaces (a plain "at" with "the" or "my" after it too), the sign, "at"
// (in any language) in brackets, and, as weakly as a plain "at", a
// dash or a comma, or "(my" or "(the": "jane.doe — gmail", "jane.doe
// (my gmail)".
// Groups: the handle, and a word or sign that is the '@' whatever
// stands around it (a language's word for it, the sign, "at" in
// brackets), where a plain "at" may be prose.
var handleBeforeAt = lazyRE(`(?i)(?:^|[^\p{L}\p{N}._%+\-])` + providerHandle +
	`(?:\s+(?:at|a[^\p{L}\p{N}\s]{1,3}t)\s+(?:(?:the|my|an?)\s+)?|\s*[,\-‐‑‒–—―]\s*|\s*[(\[]\s*(?:my|the)\s+|(\s+(?:` + foreignAtWords + `)\s+|\s*[@＠﹫]\s*|` +
	`\s*[(\[{<«‹「]\s*(?:at|` + foreignAtWords + `)\s*[)\]}>»›」]\s*))$`)

// trailingMailWord is a word after a provider's name that says it is a
// mailbox's ("jane.doe at the gmail domain"): read as if it were not
// there.
var trailingMailWord = lazyRE(`(?i)\s+(?:domain|address|account|mailbox|inbox|e-?mail)$`)

// providerAtEnd reports whether s, a field as readable reads it (and
// with its look-alike letters read as Latin, for the provider's name:
// "gmаil"), ends in a provider's name after a handle and an '@' of any
// language (see above).
func providerAtEnd(s string) bool {
	if providerAtEndOf(s, s) {
		return true
	}
	folded := foldLookAlikes(s)
	return folded != s && providerAtEndOf(s, folded)
}

// providerAtEndOf is providerAtEnd for the name read in folded, and the
// handle and the '@' in s, where its words for the sign are as written
// ("собака"). Both are s or of the same length in runes.
func providerAtEndOf(s, folded string) bool {
	t := strings.TrimRightFunc(folded, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(".,;:!?)]", r) })
	if loc := trailingMailWord.FindStringIndex(t); loc != nil {
		t = t[:loc[0]]
	}
	start := strings.LastIndexFunc(t, func(r rune) bool { return !isWordRune(r) && r != '-' })
	if start >= 0 {
		_, n := utf8.DecodeRuneInString(t[start:])
		start += n
	} else {
		start = 0
	}
	name := strings.ToLower(t[start:])
	kind, known := mailProviders[name]
	if !known && !joinedOnlyNames[name] {
		return false // most fields: no provider ends them
	}
	before := s[:start]
	if folded != s {
		// foldLookAlikes maps rune to rune: as many runes before the
		// name in both.
		before = string([]rune(s)[:utf8.RuneCountInString(t[:start])])
	}
	m := handleBeforeAt.FindStringSubmatch(before)
	if m == nil {
		return false
	}
	handle := m[1]
	if !known || kind == domainLabel {
		// A word too: only after a mailbox's handle.
		return mailboxLike(strings.ToLower(handle))
	}
	if lower := strings.ToLower(handle); m[2] != "" && !proseWords[lower] && !jobWords[lower] && !affiliationWords[lower] {
		return true // "Jane Doe arroba Gmail": no job is written so
	}
	return namesMailbox(name, handle)
}

// Providers named with an "at" in the words' reading (skeletonRead).
var (
	// splitProvider is a mail provider's name split in two words, as
	// it is said ("g mail", "hot-mail", "proton mail"): read as one.
	splitProvider = lazyRE(`(?i)(^|[^\p{L}\p{N}])(g|google|hot|fast|y|out|i|ya)[\s_\-]+(mail|look|cloud|hoo)([^\p{L}\p{N}]|$)`)
	// companyMail is a company's mail said by the company's name and
	// "Mail" ("Proton Mail", "Yahoo Mail"): read as the company's name,
	// which names a mailbox beside a handle and an employer after a
	// job ("jdoe at Proton Mail", "Engineer at Proton Mail").
	companyMail = lazyRE(`(?i)(^|[^\p{L}\p{N}])(proton|yahoo|outlook|aol|zoho|tuta|hey|icloud|gmx|yandex|posteo|mailbox)[\s_\-]+mail([^\p{L}\p{N}]|$)`)
	// joinedAtMail is a handle joined by an "at" (between dots, pluses,
	// hyphens, underscores, tildes, equals signs, dots of other
	// scripts or a defanged "[.]", no space) to a mail provider's name
	// at a word's end: "jdoe.at.gmail", "jdoe+at+outlook". Joined so,
	// no job is written ("Engineer at Yahoo" is an affiliation;
	// "engineer.at.yahoo" is not).
	joinedAtMail = lazyRE(`(?i)[\p{L}\p{N}](?:[\[(]\.[\])]|[.+~_\-=·•∙⋅‧・。]{1,2})at(?:[\[(]\.[\])]|[.+~_\-=·•∙⋅‧・。]{1,2})(?:` + providerNames(pureMail, mailEmployer, companyWord) + `)(?:[^\p{L}\p{N}\-.]|\.?$)`)
	// camelAtMail is "AT" in capitals run into a handle and a mail
	// provider's name in lower case, its ending left out: "jdoeATgmail".
	camelAtMail = lazyRE(`[\p{Ll}\p{N}]AT(?:` + providerNames(pureMail, mailEmployer, companyWord) + `)(?:[^\p{L}\p{N}\-.]|\.?$)`)
	atProvider2 = lazyRE(`(?i)(^|[^\p{L}\p{N}])at((?:` + providerNames(pureMail, mailEmployer, companyWord) + `)\.)`)
)

// companyMailSaid reports whether r names a mailbox at a company's mail
// said with "Mail" ("jdoe at Yahoo Mail"), read as the company's name
// as the words' reading reads it (companyMail).
func companyMailSaid(r string) bool {
	if !hasFold(r, "mail") {
		return false
	}
	rc := companyMail.ReplaceAllString(r, "${1}${2}${3}")
	return rc != r && (providerSaid(foldLookAlikes(rc)) || providerAtEnd(rc))
}
