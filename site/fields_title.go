package site

import (
	"strings"

	"github.com/roster-dev/roster/members"
)

// A job's title before a domain in lower case is shown as an
// affiliation ("Product security lead at kernel.org", writtenAsTitle),
// which hideField decides with no address of the file to go by. The
// file's own addresses say more: a field that names one of them, its
// local part then "at" and its domain ("Jdoe co-maintainer at
// zorbix.io" of jdoe@zorbix.io, "Security product engineer at
// example.org" of security@example.org), spells it, whatever stands
// between; and a member's own local part or handle is their name, never
// a word of a title ("previously jdoe maintainer at zorbix.io" is a
// lone "maintainer" after a name).

// titleToken is one word of a field as ownTitle reads it, and where it
// is in the field.
type titleToken struct {
	text       string // lower case
	start, end int
}

// titleTokens are the words of s: runs of letters, numbers, marks and
// the signs a local part or a domain holds inside it ('.', '-', '_',
// '+'), those signs trimmed from their ends ("zorbix.io." ends a
// sentence).
func titleTokens(s string) []titleToken {
	var out []titleToken
	inside := func(r rune) bool { return wordRune(r) || r == '.' || r == '-' || r == '_' || r == '+' }
	start := -1
	for i, r := range s + " " {
		if i < len(s) && inside(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			w := s[start:i]
			trimmed := strings.TrimLeft(w, ".-_+")
			st := start + len(w) - len(trimmed)
			trimmed = strings.TrimRight(trimmed, ".-_+")
			if trimmed != "" {
				out = append(out, titleToken{strings.ToLower(foldLookAlikes(trimmed)), st, st + len(trimmed)})
			}
			start = -1
		}
	}
	return out
}

// ownTitle reports whether field, a field of m as a public page shows
// it, is to be hidden for the file's own addresses: it names one of
// them as its local part, "at" and its domain, apart or not; or it reads
// as an address once m's local part, m's handle and the local parts the
// file holds at a domain the field names are no title's words.
func (f *fields) ownTitle(m *members.Member, field string) bool {
	if f.known == nil || field == "" || field == hidden || indexFold(field, "at", 0) < 0 {
		return false
	}
	if f.localsAt == nil {
		f.localsAt = map[string]map[string]bool{}
		for a := range f.known.seen {
			if at := strings.LastIndexByte(a, '@'); at > 0 {
				local, domain := a[:at], a[at+1:]
				if f.localsAt[domain] == nil {
					f.localsAt[domain] = map[string]bool{}
				}
				f.localsAt[domain][local] = true
			}
		}
	}
	tokens := titleTokens(field)
	names := map[string]bool{}
	if local, _, ok := strings.Cut(strings.ToLower(m.Email), "@"); ok && local != "" {
		names[local] = true
	}
	if h := strings.ToLower(m.Handle()); h != "" {
		names[h] = true
	}
	at := false
	for j, t := range tokens {
		if t.text != "at" || j+1 == len(tokens) {
			continue
		}
		at = true
		locals := f.localsAt[tokens[j+1].text]
		for _, w := range tokens[:j] {
			if locals[w.text] {
				return true
			}
		}
		for l := range locals {
			names[l] = true
		}
	}
	if !at {
		return false
	}
	// Each name a sign instead, which ends a title's clause: the title
	// is what follows it.
	var b strings.Builder
	last, named := 0, false
	for _, t := range tokens {
		if names[t.text] {
			b.WriteString(field[last:t.start])
			b.WriteString(";")
			last, named = t.end, true
		}
	}
	if !named {
		return false
	}
	b.WriteString(field[last:])
	return strings.Count(hideField(b.String()), hidden) > strings.Count(hideField(field), hidden)
}

// alone is m's fields each read alone, as a page shows them: a name or
// an affiliation that names m's address, or one the file holds
// (ownTitle), hidden.
func (f *fields) alone(m *members.Member) shownMember {
	v := shownMember{name: f.text(m.Name), github: f.text(m.Handle()), affiliation: f.text(m.Affiliation)}
	if f.public {
		if f.ownTitle(m, v.name) {
			v.name = hidden
		}
		if f.ownTitle(m, v.affiliation) {
			v.affiliation = hidden
		}
	}
	return v
}
