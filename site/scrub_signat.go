package site

import (
	"strings"
)

// Readings of an '@' written as no word roster knows, for the skeleton
// of a field (skeletonOf, with words), once its dots are read: a
// CamelCase handle or id ("JaneDoeAtGmailDotCom", "jane.doeAtGmail.com"),
// where the last word is a real ending. A lone "a", a sign, an arrow or
// an '@' with a word run into it between a mailbox and a domain
// ("jane.roe a gmail.com", "jane.poe # gmail.com") are read by
// scrub_between.go, which the page check shares.

// camelTitle is "At" and "Dot" run into CamelCase words:
// "JaneDoeAtGmailDotCom", "janeDoeAtGmailDotcom".
var camelTitle = lazyRE(`([\p{Ll}\p{N}])At(\p{Lu}[\p{L}\p{N}]*?)Dot(\p{Lu}?\p{Ll}+|\p{Lu}+)\b`)

// camelTitleAt is "At" run into a CamelCase domain written whole:
// "jane.doeAtGmail.com".
var camelTitleAt = lazyRE(`([\p{Ll}\p{N}])At(\p{Lu}[\p{L}\p{N}\-]*(?:\.[\p{L}\p{N}\-]+)*\.(\p{L}{2,}))\b`)

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

// mailboxShaped is a local part no prose writes: a dot or a digit
// between its letters, in lower case ("jane.poe", "jdoe1987").
var mailboxShaped = lazyRE(`^[\p{Ll}\p{N}_%+\-]*(?:[\p{Ll}_%+\-][.\p{N}]|[.\p{N}][\p{Ll}_%+\-])[\p{Ll}\p{N}._%+\-]*$`)
