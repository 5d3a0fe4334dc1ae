package site

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/roster-dev/roster/members"
)

// The vetting notes and evidence a public roster publishes nowhere: not
// in a file kept in its directory, nor in a field of its pages (a
// member's affiliation that quotes a note). Each is compared as a
// person reads it, word by word: what stands between two words (a
// semicolon, a dash, a line break, a tag, the end of a CSS content
// string and the start of the text after it) is only a gap, a word's
// case and width (full-width letters) are the letter's, escapes read as
// what they write (HTML entities, %73, \u0046 of JavaScript and JSON, a
// CSS escape), and a link is the same link without its scheme, with
// http:// for https://, or with a slash after it.

// privateText is a vetting note or evidence the public roster may not
// quote, which record's it is, for the refusal, and its words.
type privateText struct {
	text     string
	evidence bool
	what     string
	// owner is the address of the member whose record it is, lower
	// case; "" for a record of a day after the one built for.
	owner string
	words []string
	// letters are its words joined, as letters spaced out read.
	letters string
	// link is true for evidence and a note of one word (a link, a
	// ticket): one that a link's sign joins to more is another link
	// ("github.com/ada" in "github.com/ada/project"). A note of words is
	// a phrase: quoted in a query string ("?q=Founding%20maintainer…")
	// or after a hyphen, it is still read.
	link bool
	// query is true for a link with a query of its own ("?id=12"):
	// another parameter after it ("&lang=en") is the same page.
	query bool
}

// noteSet is the notes and evidence of an input, by their first word.
type noteSet struct {
	notes   []privateText
	byFirst map[string][]int
	// links are the notes that are links, as a browser resolves them
	// (notes_link.go).
	links []privateLink
}

// privateNotes are the notes and evidence of every record in: the
// file's, history's (someone taken off since) and those of days after
// the one built for (KnownNotes). A short note ("ok", "checked on a
// call") is words of any page: only a note of 20 letters or more is
// private, and of two words or more (a note of two words is private
// when its words are 20 letters: "Passport-checked,
// interviewed-by-phone"), or of one (a ticket's id, a link); so is
// evidence of 20 letters (a link, a ticket), which is no page's but the
// record's, unless it is a link the public roster shows anyway
// (publicEvidence).
func privateNotes(in Input) *noteSet {
	var texts []privateText
	for _, t := range in.KnownNotes {
		texts = append(texts, privateText{text: t, evidence: true, what: "a record made after the day the roster is built for"})
	}
	// Named by its date alone: the refusal is printed where the public
	// roster is built, a log anyone may read.
	add := func(owner, on, note, evidence string) {
		owner = strings.ToLower(owner)
		texts = append(texts, privateText{text: note, owner: owner, what: "the note of a record dated " + on},
			privateText{text: evidence, evidence: true, owner: owner, what: "the evidence of a record dated " + on})
	}
	if in.File != nil {
		for _, m := range in.File.Members {
			for _, v := range m.Vetting {
				add(m.Email, v.On.Format(members.DateLayout), v.Note, v.Evidence)
			}
		}
	}
	for _, e := range in.Events {
		if v := e.Vetting; v != nil {
			add(e.Email, v.On, v.Note, v.Evidence)
		}
	}
	ns := &noteSet{byFirst: map[string][]int{}}
	// A history whose every commit rewrites every note holds each
	// record's text thousands of times: each is read once, as written,
	// before the reading that costs.
	type raw struct {
		text, owner string
		evidence    bool
	}
	seenRaw := map[raw]bool{}
	seen := map[string]bool{}
	for _, t := range texts {
		if k := (raw{t.text, t.owner, t.evidence}); t.text == "" || seenRaw[k] {
			continue
		} else {
			seenRaw[k] = true
		}
		shown := noteText(t.text)
		n := len(strings.Fields(shown))
		if len([]rune(shown)) < 20 {
			continue
		}
		t.words = readWords(shown).words
		t.letters = strings.Join(t.words, "")
		if n == 2 && !t.evidence && len([]rune(t.letters)) < 20 || n == 0 {
			continue
		}
		t.link = t.evidence || n == 1
		t.query = t.link && strings.Contains(t.text, "?")
		key := strings.Join(t.words, " ")
		if t.evidence {
			// Whose it is decides whether it is public (dropPublic).
			key = t.owner + "\x00" + key
		}
		if len(t.words) == 0 || seen[key] {
			continue
		}
		seen[key] = true
		ns.byFirst[t.words[0]] = append(ns.byFirst[t.words[0]], len(ns.notes))
		ns.notes = append(ns.notes, t)
	}
	ns.dropPublic(in)
	ns.links = ns.privateLinks()
	return ns
}

// in returns the note or evidence text quotes, as a person reads it
// where it is shown (noteText: a tag no gap, and each tag a space) and
// as its markup holds it (an href, an alt or title attribute, which a
// browser shows as a tooltip or in place of an image), its letters
// spaced out, or split between a CSS content string and the text
// beside it; nil when none.
func (ns *noteSet) in(text string) *privateText {
	if ns == nil || len(ns.notes) == 0 {
		return nil
	}
	for _, tags := range []tagReading{tagsDropped, tagsSpaced, tagsKept} {
		read := noteReading(text, tags)
		decoded := readText(read)
		if n := ns.find(noteWords(decoded)); n != nil {
			return n
		}
		if tags == tagsKept {
			// A link as a browser resolves it, in the markup (an href)
			// too: as written, where a '\' is a slash that decoding
			// may read as an escape, and decoded.
			if n := ns.linkIn(read, decoded); n != nil {
				return n
			}
			// A browser drops a tab or line break anywhere in a link
			// ("SEC-44&Tab;71", an href over two lines opens SEC-4471),
			// which a reading, spacing them, splits: read without them.
			if n := ns.linkJoined(text, read); n != nil {
				return n
			}
		}
		if tags == tagsSpaced {
			if n := ns.spacedOut(read); n != nil {
				return n
			}
			if n := ns.splitByContent(text, read); n != nil {
				return n
			}
		}
	}
	return nil
}

// linkJoined is linkIn for text (read as read, tags kept) with its
// tabs and line breaks, written or as character references, dropped.
func (ns *noteSet) linkJoined(text, read string) *privateText {
	if len(ns.links) == 0 || !strings.ContainsAny(text, "\t\n\r") && !strings.Contains(text, "&#") &&
		!strings.Contains(text, "&Tab;") && !strings.Contains(text, "&NewLine;") {
		// Most fields hold none ("Black & Decker" an ampersand alone).
		return nil
	}
	joined := noteReading(hrefBreaks.Replace(html.UnescapeString(text)), tagsKept)
	if joined == read {
		return nil
	}
	return ns.linkIn(joined, readText(joined))
}

// hrefBreaks drops what a browser drops from a link: ASCII tab, line
// feed and carriage return (WHATWG URL parsing).
var hrefBreaks = strings.NewReplacer("\t", "", "\n", "", "\r", "")

// find returns the note whose words w holds as a phrase, whole: not
// the start of a longer word (evidence github.com/ada in
// github.com/adafruit), nor the end of one, and a link not the start of
// a longer link (github.com/ada/project).
func (ns *noteSet) find(w wordReading) *privateText {
	for i, first := range w.words {
		for _, k := range ns.byFirst[first] {
			if n := &ns.notes[k]; w.holdsAt(i, n.words, n) {
				return n
			}
		}
	}
	return nil
}

// holdsAt reports whether w holds words at its i-th word, whole, as
// note n (for its link and query) is read: a link joined by a link's
// sign to more before or after it is another link, but for a fragment
// ("#contacts") or a query ("?x=1"; "&x=1" after a query of its own)
// after it, which are the same page.
func (w wordReading) holdsAt(i int, words []string, n *privateText) bool {
	end := i + len(words)
	if end > len(w.words) || !equalWords(w.words[i:end], words) {
		return false
	}
	if !n.link {
		return true
	}
	if i > 0 && w.glued[i] {
		return false
	}
	if end < len(w.words) && w.glued[end] {
		switch sep := strings.TrimLeft(w.seps[end], "/"); {
		case strings.HasPrefix(sep, "#"), strings.HasPrefix(sep, "?") && !n.query, strings.HasPrefix(sep, "&") && n.query:
		default:
			return false
		}
	}
	return true
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// wordReading is text as notes are compared: its words, what stands
// before each, and for each whether a link joins it to the word before
// (glued: only signs a link holds between them, "/", "-", "?", "=").
type wordReading struct {
	words []string
	seps  []string
	glued []bool
}

// linkSigns are the signs that join the words of one link or one
// hyphenated word: a note or evidence ends at none of them.
const linkSigns = "/-_%?#=&+"

// readWords reads s, as noteText has it, as readable does (escapes
// decoded, normal form KC: full-width letters are ASCII), look-alike
// letters as the Latin letters they are taken for (a Cyrillic 'о', as
// the address readers fold them), in words of letters, numbers and
// marks, in lower case; a link's scheme ("https://") is dropped, so
// that a link with another, or none, is the same words.
func readWords(s string) wordReading { return noteWords(readText(s)) }

// readText is s read as readWords reads it, before it is cut into
// words: decoded, look-alike letters folded, in lower case.
func readText(s string) string { return strings.ToLower(foldLookAlikes(readable(s))) }

// noteWords is readWords of s as readText has it.
func noteWords(s string) wordReading {
	var r wordReading
	sepStart := 0
	for i := 0; i < len(s); {
		c, n := utf8.DecodeRuneInString(s[i:])
		if !wordRune(c) {
			i += n
			continue
		}
		sep := s[sepStart:i]
		j := i
		for j < len(s) {
			c, n := utf8.DecodeRuneInString(s[j:])
			if !wordRune(c) {
				break
			}
			j += n
		}
		word := s[i:j]
		if (word == "https" || word == "http" || word == "ftp") && strings.HasPrefix(s[j:], "://") {
			// The scheme goes, and with it what joined it to the word
			// before: "see https://x" is "see x" (the gap after it is
			// none: no word is glued to the one after it).
			i, sepStart = j+3, j+3
			continue
		}
		r.words = append(r.words, word)
		r.seps = append(r.seps, sep)
		r.glued = append(r.glued, len(r.words) > 1 && sep != "" && strings.Trim(sep, linkSigns) == "")
		i, sepStart = j, j
	}
	return r
}

// wordRune reports whether r is part of a word: a letter, a number or
// a mark.
func wordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r))
}
