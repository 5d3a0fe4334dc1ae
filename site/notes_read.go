package site

import (
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/roster-dev/roster/members"
)

// spacedOut returns the note whose letters read, spaced out, spell
// ("M a i n t a i n e r  o f  t h e …"), as the address readers join
// letters spaced out (joinSpaced): read is text as noteReading has it,
// one space between words. A run of three or more words of one letter
// (or digit, or sign) is read as its letters joined, which hold the
// note's letters; and as one word among the words around it ("M a i n
// t a i n e r of the network …").
func (ns *noteSet) spacedOut(read string) *privateText {
	fields := strings.Fields(read)
	var runs []string
	joined := make([]string, 0, len(fields))
	for i := 0; i < len(fields); {
		j := i
		for j < len(fields) && utf8.RuneCountInString(fields[j]) == 1 {
			j++
		}
		if j-i < 3 {
			joined = append(joined, fields[i])
			i++
			continue
		}
		run := strings.Join(fields[i:j], "")
		runs, joined, i = append(runs, run), append(joined, run), j
	}
	if len(runs) == 0 {
		return nil
	}
	for _, run := range runs {
		letters := strings.Join(readWords(run).words, "")
		for k := range ns.notes {
			if n := &ns.notes[k]; strings.Contains(letters, n.letters) {
				return n
			}
		}
	}
	return ns.find(readWords(strings.Join(joined, " ")))
}

// contentLimit bounds the CSS content strings one text is read for: a
// stylesheet sets a few, and each costs a pass over the notes.
const contentLimit = 256

// splitByContent returns the note a CSS content string and the text
// beside it spell together: a ::after rule's string that starts with
// the note's last words, the first ones in the text ("<style>p::after
// {content:'stack since 2020.'}</style><p>Maintainer of the network"),
// or a ::before rule's that ends with its first words. A browser sets
// the string where the rule's selector says, which only a browser
// tells: the halves are sought anywhere in the text (read, as noteReading
// has it).
func (ns *noteSet) splitByContent(text, read string) *privateText {
	contents := cssContents(text)
	if len(contents) == 0 {
		return nil
	}
	rest := readWords(read)
	phrase := &privateText{} // a half is words, not a link
	holds := func(words []string) bool {
		for i := range rest.words {
			if rest.holdsAt(i, words, phrase) {
				return true
			}
		}
		return false
	}
	for _, c := range contents {
		cw := readWords(noteText(c)).words
		if len(cw) == 0 {
			continue
		}
		for k := range ns.notes {
			n := &ns.notes[k]
			for cut := 1; cut < len(n.words); cut++ {
				head, tail := n.words[:cut], n.words[cut:]
				if len(cw) >= len(tail) && equalWords(cw[:len(tail)], tail) && holds(head) ||
					len(cw) >= len(head) && equalWords(cw[len(cw)-len(head):], head) && holds(tail) {
					return n
				}
			}
		}
	}
	return nil
}

// cssContents are the strings of text's CSS content properties
// (content: "a" "b"), each property's strings joined, as written
// (escapes are read where the note is compared, by readable).
func cssContents(text string) []string {
	var out []string
	for i := indexFold(text, "content", 0); i >= 0 && len(out) < contentLimit; i = indexFold(text, "content", i+1) {
		j := i + len("content")
		if i > 0 && (isCSSName(text[i-1])) {
			continue // another property's name: "--my-content"
		}
		j += len(text[j:]) - len(strings.TrimLeft(text[j:], " \t\r\n"))
		if j >= len(text) || text[j] != ':' {
			continue
		}
		j++
		var b strings.Builder
		for {
			j += len(text[j:]) - len(strings.TrimLeft(text[j:], " \t\r\n"))
			if j >= len(text) || text[j] != '"' && text[j] != '\'' {
				break
			}
			q := text[j]
			k := j + 1
			for k < len(text) && text[k] != q && text[k] != '\n' {
				if text[k] == '\\' {
					k++
				}
				k++
			}
			b.WriteString(text[j+1 : min(k, len(text))])
			j = min(k+1, len(text))
		}
		if b.Len() > 0 {
			out = append(out, b.String())
		}
	}
	return out
}

// isCSSName reports whether c may be part of a CSS property's name.
func isCSSName(c byte) bool {
	return c == '-' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// dropPublic drops from ns the evidence the public roster shows anyway,
// which no quote of it can leak. Evidence is a link someone publishes
// (a profile, a project's pages); it is private for what it says of a
// person's vetting, and for a link no page shows (a ticket, a mail
// archive's thread). So it is public when it is:
//   - the GitHub profile of the member whose record it is
//     (github.com/<handle>): the page shows the handle, and links it;
//   - a site's root alone (no path, query or fragment) or a GitHub
//     repository (github.com/<owner>/<repo>), written in the description
//     of a list the roster shows: the file publishes it as the list's
//     (the project's homepage or repository).
//
// Anything longer written in a description (a ticket, an archive's
// thread: a record's link pasted there, by mistake or to publish it),
// and anything in a member's field (which a page may show, or hide as
// an address, while the exemption would still hold), stays private; a
// note is always.
func (ns *noteSet) dropPublic(in Input) {
	if in.File == nil || len(ns.notes) == 0 {
		return
	}
	shownList := func(list string) bool { return len(in.Lists) == 0 || slices.Contains(in.Lists, list) }
	handles := map[string]string{}
	var descriptions []wordReading
	for _, l := range in.File.Lists {
		if shownList(l.ID) && l.Description != "" {
			descriptions = append(descriptions, readWords(noteText(l.Description)))
		}
	}
	for _, m := range in.File.Members {
		if !slices.ContainsFunc(m.Lists, func(ms members.Membership) bool { return shownList(ms.List) }) {
			continue
		}
		if h := m.Handle(); h != "" {
			handles[strings.ToLower(m.Email)] = h
		}
	}
	written := func(n *privateText, in []wordReading) bool {
		for _, w := range in {
			for i := range w.words {
				if w.holdsAt(i, n.words, n) {
					return true
				}
			}
		}
		return false
	}
	public := func(n *privateText) bool {
		if !n.evidence {
			return false
		}
		if h, ok := handles[n.owner]; ok && slices.Equal(readWords(noteText("github.com/"+h)).words, n.words) {
			return true
		}
		return (siteRoot(n.text) || gitHubRepository(n.text)) && written(n, descriptions)
	}
	kept := ns.notes[:0]
	for _, n := range ns.notes {
		if !public(&n) {
			kept = append(kept, n)
		}
	}
	ns.notes, ns.byFirst = kept, map[string][]int{}
	for k, n := range ns.notes {
		ns.byFirst[n.words[0]] = append(ns.byFirst[n.words[0]], k)
	}
}

// gitHubRepository reports whether evidence is a link to a GitHub
// repository's page alone (github.com/<owner>/<repo>, a scheme and a
// trailing slash or not): a project's public home, not an issue, a
// discussion or an advisory of it.
func gitHubRepository(evidence string) bool {
	s := strings.TrimSpace(evidence)
	for _, p := range []string{"https://", "http://"} {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.TrimPrefix(strings.TrimSuffix(s, "/"), "www.")
	parts := strings.Split(s, "/")
	return len(parts) == 3 && strings.EqualFold(parts[0], "github.com") && parts[1] != "" && parts[2] != "" &&
		!strings.ContainsAny(s, "?#%@ \t")
}

// siteRoot reports whether evidence is a link to a site's root alone:
// a host name of two labels or more, with or without a scheme and a
// slash after it, and nothing more.
func siteRoot(evidence string) bool {
	s := strings.TrimSpace(evidence)
	if s == "" || strings.ContainsFunc(s, unicode.IsSpace) {
		return false
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.User != nil || u.Opaque != "" || u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(s, "#") || strings.HasSuffix(s, "?") {
		return false
	}
	host := u.Hostname()
	return (u.Scheme == "https" || u.Scheme == "http") && (u.Path == "" || u.Path == "/") && strings.Contains(host, ".") && !strings.Contains(host, "@")
}
