package site

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// loneAtSign is s, a field scrub and the readings left, with each '@'
// that starts no mention written as the word "at", or hidden whole
// after a mailbox's local part: a public page shows no '@' but a
// mention's, whatever follows it. "farid.haddad @ the project's
// domain" is an address to a reader who knows the domain (s12-22b
// finding 5); "R&D @ HQ" reads "R&D at HQ".
func loneAtSign(s string) string {
	if !strings.ContainsAny(s, "@＠﹫") {
		return s
	}
	var b strings.Builder
	last := 0
	for i, r := range s {
		if r != '@' && r != '＠' && r != '﹫' {
			continue
		}
		n := utf8.RuneLen(r)
		if next, _ := utf8.DecodeRuneInString(s[i+n:]); next < utf8.RuneSelf && (unicode.IsLetter(next) || unicode.IsDigit(next)) {
			continue // "@handle", "@org/team": a mention
		}
		if words := strings.Fields(s[:i]); len(words) > 0 {
			if mailboxLike(strings.Trim(words[len(words)-1], `()[]{}<>"'`)) {
				return hidden
			}
		}
		b.WriteString(s[last:i])
		b.WriteString("at")
		last = i + n
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}
