package site

import (
	"regexp"
	"strings"
)

// Readings of an '@' written as no word roster knows, for the skeleton
// of a field (skeletonOf, with words), once its dots are read: a
// CamelCase handle or id ("JaneDoeAtGmailDotCom"), a lone "a" ("jane.roe
// a gmail.com") or an ASCII sign ("jane.poe # gmail.com") between a
// mailbox and a domain. Each stands for the '@' only where the words on
// either side are shaped as a mailbox and a domain: a real ending, and,
// for the sign (an arrow and a dagger among them) or the "a", a local
// part no prose writes (a dot or a digit inside it, in lower case) or a
// mail provider's domain.

// camelTitle is "At" and "Dot" run into CamelCase words:
// "JaneDoeAtGmailDotCom", "janeDoeAtGmailDotcom".
var camelTitle = regexp.MustCompile(`([\p{Ll}\p{N}])At(\p{Lu}[\p{L}\p{N}]*?)Dot(\p{Lu}?\p{Ll}+|\p{Lu}+)\b`)

// camelTitleAt is "At" run into a CamelCase domain written whole:
// "jane.doeAtGmail.com".
var camelTitleAt = regexp.MustCompile(`([\p{Ll}\p{N}])At(\p{Lu}[\p{L}\p{N}\-]*(?:\.[\p{L}\p{N}\-]+)*\.(\p{L}{2,}))\b`)

// readCamelTitle reads each camelTitle and camelTitleAt whose last word
// is a top-level domain as the address it spells.
func readCamelTitle(s string) string {
	if !strings.Contains(s, "At") {
		return s
	}
	s = camelTitle.ReplaceAllStringFunc(s, func(m string) string {
		sub := camelTitle.FindStringSubmatch(m)
		if !tlds[strings.ToLower(sub[3])] {
			return m
		}
		return sub[1] + "@" + sub[2] + "." + sub[3]
	})
	return camelTitleAt.ReplaceAllStringFunc(s, func(m string) string {
		sub := camelTitleAt.FindStringSubmatch(m)
		if !tlds[strings.ToLower(sub[3])] {
			return m
		}
		return sub[1] + "@" + sub[2]
	})
}

// loneSignAt is a word shaped as a mailbox's local part, a lone "a" or an
// ASCII sign set apart by spaces, and a domain with its ending.
var loneSignAt = regexp.MustCompile(`(^|[\s(\[<"'])([\p{L}\p{N}][\p{L}\p{N}._%+\-]*)\s+([aA]|[#*^~|&/:=!+$%]{1,3}|->|=>|[→⇒➔➜†‡※§¶])\s+([\p{L}\p{N}][\p{L}\p{N}\-]*(?:\.[\p{L}\p{N}\-]+)*\.(\p{L}{2,}))\b`)

// mailboxShaped is a local part no prose writes: a dot or a digit
// between its letters, in lower case ("jane.poe", "jdoe1987").
var mailboxShaped = regexp.MustCompile(`^[\p{Ll}\p{N}_%+\-]*(?:[\p{Ll}_%+\-][.\p{N}]|[.\p{N}][\p{Ll}_%+\-])[\p{Ll}\p{N}._%+\-]*$`)

// readSignAt reads each loneSignAt whose ending is real and whose words are
// shaped as an address's as the address.
func readSignAt(s string) string {
	if !strings.Contains(s, ".") || !strings.Contains(s, " ") {
		return s // no domain, or no words apart: most fields, cheaply
	}
	return loneSignAt.ReplaceAllStringFunc(s, func(m string) string {
		sub := loneSignAt.FindStringSubmatch(m)
		local, domain, end := sub[2], sub[4], strings.ToLower(sub[5])
		if !tlds[end] || fileTypes[end] {
			return m
		}
		first, _, _ := strings.Cut(strings.ToLower(domain), ".")
		if !mailboxShaped.MatchString(local) && !(strings.EqualFold(sub[3], "a") && mailProvider.MatchString(first)) {
			return m
		}
		return sub[1] + local + "@" + domain
	})
}
