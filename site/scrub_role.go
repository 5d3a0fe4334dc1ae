package site

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// An affiliation names a job at a company whose name is its domain:
// "Security Engineer at Booking.com", "Maintainer at Fly.io". Read as an
// address, every such line would be hidden, and a public roster would
// lose what it is for. It is read as a job when the word before the "at"
// is a job's, and the domain's first label is written as a company's
// name is, in title case ("Booking", not "booking"): "engineer at
// booking.com" and "jane at Booking.com" still read as addresses, and a
// mailbox a team shares ("security", "info") is no job.

// jobWords are the words for a job that end a title before "at".
var jobWords = wordSet("engineer engineers developer developers maintainer maintainers researcher researchers scientist architect " +
	"manager lead leader director founder cofounder co-founder consultant analyst contractor contributor contributors intern student " +
	"professor lecturer fellow cto ceo cso ciso coo vp svp evp officer specialist advisor adviser editor writer designer programmer " +
	"sre swe staff partner principal head chair member employee volunteer committer reviewer triager steward evangelist advocate " +
	"postdoc phd candidate teacher instructor tech technologist hacker works working worked sysadmin devops employed based dev " +
	"team teams contact contacts vendor vendors distributor distributors packager packagers co-chair cochair co-maintainer " +
	"comaintainer coordinator administrator liaison mentor translator responder handler")

// leadWords are words a title starts with in lower case, in prose
// ("previously security engineer at kernel.org", "formerly packager at
// debian.org"): no mailbox's name is written so.
var leadWords = wordSet("previously formerly currently now ex former also and then later since")

// jobAt reports whether before (text up to an "at") ends in a job's word
// (or a word that says where someone works: affiliationWords)
// and after (text after it) starts with a label in title case followed
// by a dot: an affiliation, not an address.
func jobAt(before, after string) bool {
	before = strings.TrimRightFunc(before, func(r rune) bool { return r == ' ' || r == '_' || r == '-' || unicode.IsSpace(r) })
	i := strings.LastIndexFunc(before, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	word := before[i+1:]
	if i >= 0 {
		// The job is a word of its own: "jane.engineer at
		// Othercorp.com" is a mailbox.
		r, n := utf8.DecodeRuneInString(before[i:])
		if !unicode.IsSpace(r) {
			return false
		}
		word = before[i+n:]
	}
	if !jobWords[strings.ToLower(word)] && !affiliationWords[strings.ToLower(word)] {
		return false
	}
	after = strings.TrimLeftFunc(after, func(r rune) bool { return r == ' ' || r == '_' || r == '-' || unicode.IsSpace(r) })
	if titleLabel.MatchString(after) {
		return true
	}
	// A job written as a title is ("Maintainer", "CTO") before a domain
	// in lower case is an affiliation too ("Maintainer at kernel.org",
	// s12-22b finding 6): a person's mailbox is named for them, not for
	// a job, and the input's own addresses are read apart (known). Not
	// at a mail provider's domain ("Engineer at gmail.com").
	m := lowerLabel.FindStringSubmatch(after)
	return m != nil && writtenAsTitle(before, len(before)-len(word)) && mailProviders[m[1]] == 0
}

// titleWords is how many words before a job's word writtenAsTitle
// reads for its title ("Senior product security lead").
const titleWords = 4

// writtenAsTitle reports whether the job's word at before[start:], and
// the words before it in its clause (up to a sign, a bracket or the
// text's start; titleWords of them), are written as a title is: one of
// them in title case or capitals ("Product security lead", "Distro
// packager", "CTO"), or the first a word that starts a title in prose
// ("previously security engineer"). A lone "engineer" before
// "booking.com" is not: a mailbox may be named so.
func writtenAsTitle(before string, start int) bool {
	word := before[start:]
	if titleWord(word) {
		return true
	}
	end := start
	for range titleWords {
		w := wordBefore(before, end)
		if w == "" {
			return false
		}
		i := strings.LastIndex(before[:end], w)
		if titleWord(w) {
			return true
		}
		// Only a space stands between the words of a title: a word
		// after a sign starts the clause.
		if gap := before[:i]; gap == "" || !strings.HasSuffix(gap, " ") || strings.TrimRightFunc(gap, unicode.IsSpace) == "" ||
			!unicode.IsLetter(lastRune(strings.TrimRightFunc(gap, unicode.IsSpace))) {
			return leadWords[strings.ToLower(w)]
		}
		if leadWords[strings.ToLower(w)] {
			return true
		}
		end = i
	}
	return false
}

// lastRune is the last rune of s, or utf8.RuneError.
func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// wordBefore is the word of s that ends before s[end] (blanks between),
// "" when there is none: "Security" of "Security lead", whose title it
// is ("Release manager", "Staff engineer").
func wordBefore(s string, end int) string {
	s = strings.TrimRightFunc(s[:end], unicode.IsSpace)
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	return s[i+1:]
}

// titleWord reports whether w is written as a title's word is: a
// capital, then lower case ("Maintainer"), or all capitals ("CTO").
func titleWord(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) && (w[n:] == strings.ToLower(w[n:]) || w == strings.ToUpper(w))
}

// lowerLabel is a domain's first label in lower case, then its dot.
var lowerLabel = lazyRE(`^([\p{Ll}\p{N}][\p{Ll}\p{N}\-]*)\.\p{L}`)

// titleLabel is a domain's first label written as a name is, with a
// capital first ("Booking", "GitHub", "OpenSSL"), then its dot.
var titleLabel = lazyRE(`^\p{Lu}[\p{L}\p{N}\-]*\.\p{L}`)
