package site

import (
	"slices"
	"strings"
)

// A mailbox's local part the page shows in another column: the GitHub
// handle beside an affiliation that says the handle is the local part
// ("Independent (gmail, same handle)", "email: same as GitHub,
// othermail.net"). Neither field holds an address; side by side, as the
// public table sets them, they are one.

// handleReference is a phrase that points at a member's handle (or
// user name) as the one used elsewhere: "same handle", "my username",
// "same as GitHub", "this handle".
var handleReference = lazyRE(`(?i)(?:^|[^\p{L}\p{N}])(?:(?:same|this|my|github|gh)[\s\-]*(?:\p{L}+[\s\-]+)?(?:handle|user[\s\-_]?name|login|nick(?:name)?)|handle\s+works|same\s+as\s+(?:(?:my|the|on)\s+)?(?:github|gh|handle|user[\s\-_]?name|login|above))(?:[^\p{L}\p{N}]|$)`)

// providerAsWord is a mail provider's name of any kind as a word, or
// said in two words ("Proton Mail").
var providerAsWord = lazyRE(`(?i)(?:^|[^\p{L}\p{N}])(?:` + providerNames(pureMail, mailEmployer, companyWord) + `)(?:[\s\-]*mail)?(?:[^\p{L}\p{N}]|$)`)

// handleOnPlatform is a handle reference followed by where the handle
// is used ("same handle on Slack", "same login on codeberg.org"):
// group 1 is that place, its first two words ("Microsoft Outlook").
var handleOnPlatform = lazyRE(`(?i)(?:handle|user[\s\-_]?name|login|nick(?:name)?|github|gh|works)\s+(?:on|at|in|for)\s+([\p{L}\p{N}][\p{L}\p{N}.\-]*(?:\s+[\p{L}\p{N}][\p{L}\p{N}.\-]*)?)`)

// providerEmployer is a provider's name as an employer writes it,
// with the company's form after it ("Fastmail Pty Ltd", "Proton AG",
// "Yandex team"): the group is the form, what the name leaves.
var providerEmployer = lazyRE(`(?i)(?:^|[^\p{L}\p{N}])(?:` + providerNames(pureMail, mailEmployer, companyWord) + `),?\s+(pty|ltd|ag|inc|gmbh|group|llc|sa|se|corp|corporation|e\.[vk]\.|team|labs|internet)(?:[^\p{L}\p{N}]|$)`)

// namesHandleMailbox reports whether s, a field beside a handle, says
// the handle is a mailbox's local part: a phrase pointing at the
// handle, and a mail provider or its domain in the same field (not as
// an employer's name: "Fastmail Pty Ltd (same handle on Slack)"), or a
// provider of any kind as the place the handle is used ("same handle
// on Yahoo"); or a word about mail and any provider or domain ("email:
// same as GitHub, othermail.net"). "Same handle on gitlab.com" names a
// forge, not mail.
func namesHandleMailbox(s string) bool {
	if s == "" || !handleReference.MatchString(s) {
		return false
	}
	if mailboxDomainIn(providerEmployer.ReplaceAllString(s, " $1 ")) {
		return true
	}
	if m := handleOnPlatform.FindStringSubmatch(s); m != nil && providerAsWord.MatchString(m[1]) {
		return true
	}
	words := halfWords(s)
	// A word about mail (labelledReading's cues: "email", "mail",
	// "contact", "reach", "address"...) and any provider or domain.
	return slices.ContainsFunc(words, func(w string) bool { return mailboxCueWords[strings.Trim(w, ".-_")] }) &&
		(providerAsWord.MatchString(s) || slices.ContainsFunc(words, func(w string) bool {
			return strings.Contains(strings.Trim(w, ".-_"), ".") && domainWord(w)
		}))
}
