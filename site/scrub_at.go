package site

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// findSpacedAt returns where s holds an '@' between two words that no
// other reading takes for an address, or nil: set apart by spaces
// ("jane @ othercorp"), or a full-width or small '@' however set
// ("jane ＠ othercorp"). With read, s is a reading (see shapedAddress)
// whose '@' signs a sign was read as, and one with no space around it
// counts too ("jane⍺othercorp"). Both words are in lower case, as a mailbox and a
// domain are written: "R&D @ HQ", "Kat @ home", "Lead @ Atlassian" are
// a team and a place. A mention ("@handle" after a space) is none, nor
// is a word after the '@' that starts with a digit ("standup @ 9am").
//
// It gives up the same in lower case ("kat @ home", "sync @ noon").
func findSpacedAt(s string, read bool) []int {
	for i, r := range s {
		if r != '@' && r != '＠' && r != '﹫' {
			continue
		}
		before := strings.TrimRightFunc(s[:i], blank)
		after := s[i+utf8.RuneLen(r):]
		rest := strings.TrimLeftFunc(after, blank)
		spacedBefore, spacedAfter := len(before) < i, len(rest) < len(after)
		switch {
		case r == '@' && !read && !spacedAfter:
			continue // "jane@othercorp" is addressToken's, "@handle" a mention
		case r == '@' && spacedBefore && !spacedAfter:
			continue // a mention
		}
		start := len(before)
		for start > 0 {
			p, n := utf8.DecodeLastRuneInString(before[:start])
			if !isWordRune(p) && !strings.ContainsRune("._%+-", p) {
				break
			}
			start -= n
		}
		local := strings.TrimLeft(before[start:], "._%+-")
		end := 0
		for end < len(rest) {
			p, n := utf8.DecodeRuneInString(rest[end:])
			if !isWordRune(p) && p != '-' && p != '.' {
				break
			}
			end += n
		}
		domain := strings.TrimRight(rest[:end], ".-")
		first, _ := utf8.DecodeRuneInString(domain)
		if local == "" || domain == "" || !unicode.IsLetter(first) || proseWords[readWord(local)] || proseWords[readWord(domain)] {
			continue // and "userinfo@ is omitted", "as @ for"
		}
		if upper, _ := latinCase(local + domain); upper {
			continue
		}
		return []int{len(before) - len(local), len(s) - len(rest) + len(domain)}
	}
	return nil
}
