package site

import (
	"regexp"
	"strings"
	"unicode"
)

// A mailbox's two halves in one field, apart: a local part shaped as
// only a mailbox's is ("jane.doe", "jdoe1") and a domain, written in
// any way a field writes one ("gmail", "g-mail", "gmail dot com",
// "zorbix.io", "proton dot me"), with anything between them or around
// them ("jane.doe is my gmail", "Mailbox jane.doe, host zorbix.io",
// "jdoe1 (gmail dot com)", "jane.doe «gmail.com»"); or joined in one
// word by a sign ("jane.doe_gmail_dot_com", "jdoe1-yahoo-dot-com",
// "jane.doe-gmail", "jane.doe_zorbix.io"). A reader puts the halves
// together whatever stands between them; the field is hidden whole.
//
// A name and an employer are not such halves: "Dana Whitfield",
// "CTO at zorbix.io", "Security team, example.org" show. What decides
// is a word no name or job is written as: letters joined by a dot or an
// underscore, or letters ending in digits.

// spokenDot is the dot of a domain spelled out: " dot ", "(dot)",
// "[dot]", "-dot-", "_dot_".
var spokenDot = regexp.MustCompile(`(?i)\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+|[-_]dot[-_]`)

// handleWords are words of letters and digits that name things, not
// mailboxes: "python3 maintainer at example.org" is a job.
var handleWords = wordSet("web2 web3 python2 python3 ipv4 ipv6 html5 css3 http2 http3 utf8 utf16 sha1 sha256 sha512 es5 es6 k8s k3s s3 ec2 x86 x64 arm64 amd64 win32 win64 log4j c99 c11 c17 c23 gpt4 md5 mp3 mp4 h264 h265 p2p b2b b2c 3d 2fa mfa2 oauth2 fido2 tls13")

// halvesInField reports whether s, one field, holds a mailbox's two
// halves (see above).
func halvesInField(s string) bool {
	words := halfWords(s)
	var domains, handles int
	for i, w := range words {
		if joinedHalves(w) {
			return true
		}
		switch {
		case domainWord(w):
			domains |= 1 << min(i, 62)
		case mailboxWord(w):
			handles |= 1 << min(i, 62)
		}
	}
	return domains != 0 && handles != 0
}

// halfWords are the words of s as halfInField reads them: a spoken dot
// read as a dot, lower case, split at every sign but the dot, the
// underscore and the hyphen.
func halfWords(s string) []string {
	s = strings.ToLower(spokenDot.ReplaceAllString(s, "."))
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '_' && r != '-'
	})
}

// domainWord reports whether w is a domain written whole ("zorbix.io",
// "gmail.com": labels joined by dots, the last one a top-level domain
// that is not a file's type) or a mail provider's name ("gmail",
// "g-mail", "protonmail").
func domainWord(w string) bool {
	w = strings.Trim(w, ".-_")
	if isMailProvider(strings.ReplaceAll(w, "-", "")) {
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
	last := labels[len(labels)-1]
	return tlds[last] && !fileTypes[last] && len([]rune(labels[len(labels)-2])) >= 2
}

// mailboxWord reports whether w is shaped as only a mailbox's local part
// is: runs of two letters or more joined by dots or underscores
// ("jane.doe", "dana_whitfield"), the last no file's type or script's
// ending ("node.js" names a project), or letters ending in digits
// ("jdoe1").
func mailboxWord(w string) bool {
	w = strings.Trim(w, ".-_")
	if w == "" || handleWords[w] || domainWord(w) {
		return false
	}
	if parts := strings.FieldsFunc(w, func(r rune) bool { return r == '.' || r == '_' }); len(parts) > 1 {
		for _, p := range parts {
			if len([]rune(p)) < 2 || !allLetters(p) {
				return false
			}
		}
		last := parts[len(parts)-1]
		return !fileTypes[last] && !scriptEndings[last]
	}
	i := strings.IndexFunc(w, unicode.IsDigit)
	return i >= 3 && allLetters(w[:i]) && strings.TrimFunc(w[i:], unicode.IsDigit) == ""
}

// scriptEndings are the endings a project's name takes after a dot
// ("node.js", "vue.js", "asp.net"), which no local part needs.
var scriptEndings = wordSet("js ts jsx tsx mjs cjs py rb go rs pl php java kt net core")

// joinedHalves reports whether w, one word, is a local part and a domain
// joined by a sign: "jane.doe_gmail.com" (after "_dot_" was read as a
// dot), "jdoe1-yahoo.com", "jane.doe-gmail", "jane.doe_zorbix.io". The
// part before the sign must be a mailbox's (mailboxWord), or letters
// with digits ("team1-gmail"): "rust-lang", "gmail-users" are names.
func joinedHalves(w string) bool {
	w = strings.Trim(w, ".-_")
	for i, r := range w {
		if r != '-' && r != '_' && r != '.' {
			continue
		}
		local, domain := w[:i], w[i+1:]
		domain = strings.TrimPrefix(strings.TrimPrefix(domain, "at-"), "at_")
		if local == "" || domain == "" || !domainWord(domain) {
			continue
		}
		if mailboxWord(local) || strings.ContainsFunc(local, unicode.IsDigit) && strings.ContainsFunc(local, unicode.IsLetter) {
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
