package site

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// A mailbox's two halves in one field, apart: a local part shaped as
// only a mailbox's is ("jane.doe", "jdoe1") and a domain, with anything
// between or around them; or joined in one word by a sign
// ("jane.doe_gmail_dot_com", "jdoe1-yahoo-dot-com", "jane.doe-gmail",
// "jane.doe_zorbix.io"). A reader puts the halves together; the field is
// hidden whole.
//
// Apart, the halves are read only where a field says it is a mailbox:
// the domain is a mail provider's ("jane.doe is my gmail", "jdoe1 (gmail
// dot com)"), or spelled out so that it is no link ("zorbix dot io",
// "zorbix[.]io": no employer is written so), or the field names a
// mailbox's parts ("Mailbox jane.doe, host zorbix.io"). A handle and an
// employer's domain ("OpenSSL3 maintainer, openssl.org", "Zhang.Wei" of
// "alibabacloud.com", "Independent (github.com/jdoe1)") are a team's
// data, and show.

// spokenDot is the dot of a domain spelled out: " dot ", "(dot)",
// "[dot]", "[.]", "«dot»", "'dot'", "-dot-", "_dot_", " . " with spaces
// around it, and the word in a few languages ("punkt", "point",
// "punto", "period", "точка", "点"). A dot drawn as
// another sign ("·", "。") is not one: people set words apart with it
// ("Engineer · Cloudflare"), and end sentences.
var spokenDot = lazyRE(writtenDots + `|\s+(?:dot|точка|点|\.)\s+`)

// spelledProvider is a mail provider's domain written out ("gmail dot
// com", "gmail.com", "proton [.] me", "yahoo dot co dot in"), read as
// the provider's name alone: "jdoe (gmail dot com)" is "jdoe (gmail)".
var spelledProvider = lazyRE(`(?i)\b(` + providerNames(pureMail, mailEmployer) + `)(?:\s*(?:\.|\s+dot\s+|[\[(]\s*(?:dot|\.)\s*[\])])\s*[a-z]{2,6}){1,2}\b`)

// providerBare is s with each mail provider's domain written out read as
// the provider's name (spelledProvider).
func providerBare(s string) string {
	n := norm.NFKC.String(s)
	if !mentionsProvider(n) {
		return s // nothing to read so: most fields name no provider
	}
	return spelledProvider.ReplaceAllString(n, "$1")
}

// mentionsProvider reports whether a word of s is a mail provider's
// name (isMailProvider): the one thing spelledProvider needs.
func mentionsProvider(s string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if isMailProvider(w) {
			return true
		}
	}
	return false
}

// mailboxDomainIn reports whether s names a mailbox's domain: a mail
// provider's, or one spelled so that it is no link (halvesInField).
func mailboxDomainIn(s string) bool {
	s = norm.NFKC.String(s)
	words := halfWords(s)
	if slices.ContainsFunc(words, mailDomainWord) {
		return true
	}
	return domainSpokenIn(s, words)
}

// domainSpokenIn reports whether s writes a domain with a spoken dot:
// one of words (halfWords(s)) is a domain only once the spoken dots are
// read as dots ("zorbix dot io"); "Blue Dot Security" spells none.
func domainSpokenIn(s string, words []string) bool {
	if !maySpeakDot(s) || !spokenDot.MatchString(s) {
		return false
	}
	plain := map[string]bool{}
	for _, w := range halfWordsAsWritten(strings.ToLower(s)) {
		plain[strings.Trim(w, ".-_")] = true
	}
	for _, w := range words {
		if domainWord(w) && !plain[strings.Trim(w, ".-_")] {
			return true
		}
	}
	return false
}

// writtenDot is the spoken dots of spokenDot that no sentence writes:
// in brackets or quotes, or joined by signs ("[dot]", "-dot-").
var writtenDot = lazyRE(writtenDots)

const writtenDots = `(?i)\s*[\[({<«'"]\s*(?:dot|punkt|period|point|punto|ponto|точка|点|\.)\s*[\])}>»'"]\s*|\s*-dot-\s*|_dot_`

// maySpeakDot reports whether spokenDot or writtenDot may match s: it
// holds one of their words, or a '.' set apart by spaces or after an
// opening bracket or quote. Most fields hold none, and the patterns
// cost a tenth of a public roster's reading.
func maySpeakDot(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '.' {
			continue
		}
		j := i - 1
		for j >= 0 && isASCIISpace(s[j]) {
			j--
		}
		k := i + 1
		for k < len(s) && isASCIISpace(s[k]) {
			k++
		}
		if j < i-1 && k > i+1 || j >= 0 && strings.IndexByte(`[({<'"`, s[j]) >= 0 || j >= 1 && s[j-1:j+1] == "\u00ab" {
			return true
		}
	}
	if strings.Contains(s, "点") {
		return true
	}
	l := strings.ToLower(s)
	for _, w := range spokenDotWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// spokenDotWords are the words of spokenDot and writtenDot, lower case.
var spokenDotWords = []string{"dot", "punkt", "period", "point", "punto", "ponto", "точка"}

// isASCIISpace is \s of a pattern.
func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == '\v'
}

// mailboxCues are words that say a field gives a mailbox's parts.
var mailboxCues = wordSet("email e-mail mail mailbox inbox address addr contact host domain local user username login server " +
	"courriel mél serveur domaine correo correio servidor dominio posta postfach mailadresse почта адрес сервер домен 邮箱 域名 メール ドメイン " +
	// "at" in other languages, as an address is read aloud in them
	// ("jane.doe presso zorbix.io"); not "de", "in" or "of", which
	// a name and an employer's domain are joined by as often.
	"presso przy bei hos bij pri při chez na на")

// handleWords are words of letters and digits that name things, not
// mailboxes: "python3 maintainer at example.org" is a job.
var handleWords = wordSet("web2 web3 python2 python3 ipv4 ipv6 html5 css3 http2 http3 utf8 utf16 sha1 sha256 sha512 es5 es6 k8s k3s s3 ec2 x86 x64 arm64 amd64 win32 win64 log4j c99 c11 c17 c23 gpt4 md5 mp3 mp4 h264 h265 p2p b2b b2c 3d 2fa mfa2 oauth2 fido2 tls13")

// halvesInField reports whether s, one field, holds a mailbox's two
// halves (see above). A local part of letters joined by a dot or an
// underscore ("jane.doe") is one with any mailbox's domain; one of
// letters ending in digits only as written in lower case ("jdoe1", not
// "SOC2" or "Microsoft365", a program's or a product's name) and beside
// a provider's domain or one spelled out, not where words merely name
// mail ("Mail team, Dovecot2 maintainer").
func halvesInField(s string) bool { return halves(s, true) }

// halvesApart is halvesInField for fields side by side (a row's cells, a
// list's id beside its description): only a local part of letters joined
// by a dot or an underscore counts, which no GitHub handle is (GitHub
// allows neither): "jdoe1" in the handle's cell beside "Yahoo, yahoo.com"
// is a handle and an employer.
func halvesApart(s string) bool { return halves(s, false) }

// halves is halvesInField, with words ending in digits read as local
// parts or not (digits).
func halves(s string, digits bool) bool {
	s = norm.NFKC.String(s)
	// Every half this reads has a sign in it (a local part's dot or
	// underscore, a word's digits, a joining hyphen) or a dot spoken:
	// most fields, names and jobs, have none, and are read no further.
	if !strings.ContainsAny(s, "._-0123456789") && (!maySpeakDot(s) || !spokenDot.MatchString(s)) {
		return false
	}
	words := halfWords(s)
	spelled := domainSpokenIn(s, words)
	cued := false
	for _, w := range words {
		if joinedHalves(w) {
			return true
		}
		cued = cued || mailboxCues[w]
	}
	var domain, provider, labelDomain, strong, weak bool
	for _, w := range words {
		switch {
		case mailDomainWord(w):
			provider = true
			labelDomain = labelDomain || !mailProviderDomain(w)
		case domainWord(w):
			domain = true
		}
	}
	// A local part is read with its dots as written, or spoken in
	// brackets ("jane[dot]doe"): a bare "dot" between words is English
	// as often ("member Dot Richardson" is no "member.richardson").
	written := s
	if maySpeakDot(s) {
		written = writtenDot.ReplaceAllString(s, ".")
	}
	for _, w := range halfWordsAsWritten(written) {
		lw := strings.ToLower(w)
		switch {
		case domainWord(lw):
		case mailboxWord(lw) && strings.ContainsAny(strings.Trim(lw, ".-_"), "._"):
			strong = true
		case mailboxWord(lw) && lw == w:
			weak = true
		}
	}
	switch {
	case strong:
		return provider || domain && (spelled || cued)
	case weak && digits:
		return provider && !labelDomain || domain && spelled
	}
	return false
}

// mailProviderDomain reports whether w, a mailDomainWord, is a provider
// whose name means mail or a company's mail ("gmail", "yahoo.com"), not
// a word of its own that is a provider's label only in its domain
// ("orange.com", "web.dev", "usa.gov").
func mailProviderDomain(w string) bool {
	w = strings.Trim(w, ".-_")
	k := mailProviders[strings.Split(strings.ReplaceAll(w, "-", ""), ".")[0]]
	return k == pureMail || k == mailEmployer || k == companyWord
}

// halfWordsAsWritten is the words of s as halfWords splits them, in the
// case s writes them, its dots as they are.
func halfWordsAsWritten(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '_' && r != '-'
	})
}

// mailDomainWord reports whether w is a mail provider's name ("gmail",
// "g-mail", "protonmail") or a domain of one ("gmail.com", "proton.me",
// "yahoo.co.in"): a mailbox, whatever stands beside it.
func mailDomainWord(w string) bool {
	w = strings.Trim(w, ".-_")
	if isMailProvider(strings.ReplaceAll(w, "-", "")) {
		return true
	}
	// Written as a domain, any provider's label is its mail's: "proton",
	// "wp" or "web" alone are words, "proton.me", "wp.pl", "web.de" are
	// mailboxes' domains.
	labels := strings.Split(w, ".")
	_, known := mailProviders[labels[0]]
	return len(labels) >= 2 && len(labels) <= 4 && known && tlds[labels[len(labels)-1]]
}

// halfWords are the words of s as halvesInField reads them: a spoken
// dot read as a dot, lower case, split at every sign but the dot, the
// underscore and the hyphen.
func halfWords(s string) []string {
	if maySpeakDot(s) {
		s = spokenDot.ReplaceAllString(s, ".")
	}
	return halfWordsAsWritten(strings.ToLower(s))
}

// domainWord reports whether w is a domain written whole: labels joined
// by dots, the last a top-level domain, the one before it two letters
// or more ("zorbix.io", "wp.pl"), or a mail provider's name.
func domainWord(w string) bool {
	w = strings.Trim(w, ".-_")
	if mailDomainWord(w) {
		return true
	}
	labels := strings.Split(w, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" {
			return false
		}
	}
	return tlds[labels[len(labels)-1]] && len([]rune(labels[len(labels)-2])) >= 2
}

// mailboxWord reports whether w is shaped as only a mailbox's local part
// is: runs of two letters or more joined by dots or underscores
// ("jane.doe", "dana_whitfield"), the last no file's type or script's
// ending ("node.js" names a project), or two letters or more ending in
// digits ("jdoe1", "jd42").
func mailboxWord(w string) bool {
	w = strings.Trim(w, ".-_")
	if w == "" || handleWords[w] || domainWord(w) {
		return false
	}
	if parts := strings.FieldsFunc(w, func(r rune) bool { return r == '.' || r == '_' }); len(parts) > 1 {
		// Letters, each part (a middle initial, "jane.m.doe"; an
		// initial last, "doe.j"), a year or a number after the first
		// ("jane.doe.1990"): never a version ("3.12") nor a file's name.
		if len([]rune(parts[0])) < 2 || !allLetters(parts[0]) {
			return false
		}
		for _, p := range parts[1:] {
			// Letters, digits, or letters then digits ("doe42").
			if letters := strings.TrimRight(p, "0123456789"); letters != "" && !allLetters(letters) {
				return false
			}
		}
		last := parts[len(parts)-1]
		return !fileTypes[last] && !scriptEndings[last]
	}
	i := strings.IndexFunc(w, unicode.IsDigit)
	return i >= 2 && allLetters(w[:i]) && strings.TrimFunc(w[i:], unicode.IsDigit) == ""
}

// scriptEndings are the endings a project's name takes after a dot
// ("node.js", "vue.js", "asp.net"), which no local part needs.
var scriptEndings = wordSet("js ts jsx tsx mjs cjs py rb go rs pl php java kt net core")

// joinedHalves reports whether w, one word, is a local part and a domain
// joined by a sign: "jane.doe_gmail.com" (after "_dot_" was read as a
// dot), "jdoe1-yahoo.com", "jane.doe-gmail", "jane.doe_zorbix.io". The
// part before the sign must be a mailbox's (mailboxWord), or letters
// with digits ("team1-gmail"): "rust-lang", "gmail-users" are names;
// and the domain a mail provider's, or written whole after a mailbox
// of two words or more ("jane.doe_zorbix.io"): "docs.k8s.io",
// "github.com/jdoe1" are no mailbox.
func joinedHalves(w string) bool {
	w = strings.Trim(w, ".-_")
	for i, r := range w {
		if r != '-' && r != '_' && r != '.' {
			continue
		}
		local, domain := w[:i], w[i+1:]
		domain = strings.TrimPrefix(strings.TrimPrefix(domain, "at-"), "at_")
		if local == "" || domain == "" {
			continue
		}
		switch {
		case mailDomainWord(domain):
			if mailboxWord(local) || strings.ContainsFunc(local, unicode.IsDigit) && strings.ContainsFunc(local, unicode.IsLetter) {
				return true
			}
		case domainWord(domain) && r != '.' && strings.ContainsAny(local, "._") && mailboxWord(local):
			return true
		}
	}
	return false
}

func allLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}
