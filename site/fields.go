package site

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/roster-dev/roster/internal/visible"
	"github.com/roster-dev/roster/members"
)

// fields reads the free text of one build as its pages show it: through
// pageText, and on a public site through hideField and the search for
// the addresses the input holds (knownAddresses). A member's name and
// handle appear on every event of theirs and a list's id on every page:
// each distinct string is read once per build (the reading is most of
// a public build's time), and forgotten with the build.
type fields struct {
	public  bool
	known   *knownAddresses // nil on a private site
	seen    map[string]string
	members map[*members.Member]shownMember
	// across and plains remember the readings across a table's rows
	// (spelledAcross, plain): names meet again in every list's tables.
	across map[string]bool
	plains map[string]bool
	// holds remembers mayHold's readings of runs of plain words.
	holds map[string]bool
	// hiddenBy holds, for each field a reading across rows hid, which
	// reading (its seq's number, passes): a reading bridges a gap it
	// made, or one a field's own reading made, never another's (a
	// column's, then its rows', would each hide two fields more).
	hiddenBy map[*string]int
	passes   int
	// settled holds the fields that begin one of the input's addresses
	// whose completing field a reading across rows hid (completes).
	settled map[*string]bool
	// localsAt are the local parts of the known addresses, by domain
	// (ownTitle), made when first asked.
	localsAt map[string]map[string]bool
	// warm remembers spelledAlone's readings; nil reads each anew.
	warm *Warm
}

// shownMember is what a page shows of a member: each field as read, or
// hidden.
type shownMember struct {
	name, github, affiliation string
}

// newFields reads the fields of a site, public or not; known are the
// addresses of its input, for a public one.
func newFields(public bool, known *knownAddresses) *fields {
	return &fields{public: public, known: known, seen: map[string]string{}, members: map[*members.Member]shownMember{},
		across: map[string]bool{}, plains: map[string]bool{}, holds: map[string]bool{}, hiddenBy: map[*string]int{}, settled: map[*string]bool{}}
}

// text is one field as a page shows it.
func (f *fields) text(s string) string {
	if v, ok := f.seen[s]; ok {
		return v
	}
	in := s
	if f.public {
		// Tag characters are invisible, and a page would show each
		// escaped: their codes spell ASCII (U+E0061 is "a"), an address
		// among them. A public page drops them (a subdivision flag's
		// tags with them: its black flag stays).
		in = dropTags(s)
	}
	v := pageText(in)
	if f.public {
		// The known addresses are read in what the field shows, and in
		// what it was when scrub hid part of it: "dana.w hitfield (at)
		// example.org" would show "dana.w [address hidden]".
		shown := hideField(v)
		if shown != hidden && f.known != nil && (f.known.spells(shown) || shown != v && f.known.spells(v) || f.knownBlank(v) || f.known.halvesIn(v)) {
			shown = hidden
		}
		v = shown
	}
	f.seen[s] = v
	return v
}

// member is what a page shows of m: its name, GitHub handle (without
// its '@') and affiliation, each read as text is, and on a public site
// hidden together when, side by side as a page sets them, they spell an
// address.
func (f *fields) member(m *members.Member) shownMember {
	if v, ok := f.members[m]; ok {
		return v
	}
	v := f.alone(m)
	if f.public && f.spelledTogether(v) {
		v = shownMember{name: hidden}
	}
	f.members[m] = v
	return v
}

// spelledTogether reports whether a member's fields, each shown, spell
// an address side by side: a page sets the name, the handle below it
// and the affiliation in the next cell, and "elif.demir", "at" and
// "example.org", or "dana.whitfield at" and "example.org", read (and
// copy) as one (spelledBeside).
func (f *fields) spelledTogether(v shownMember) bool {
	shown := func(s string) string {
		if s == hidden {
			return "" // nothing of it shows
		}
		return s
	}
	name, handle, affiliation := shown(v.name), shown(v.github), shown(v.affiliation)
	// A name written as only a local part is ("jane.doe") beside an
	// affiliation that names a mailbox's domain ("(gmail dot com)",
	// "zorbix dot io") is the address's two halves in one row
	// (scrub_halves.go); "Zhang.Wei" beside "alibabacloud.com" is a name
	// and an employer, and a handle is shaped as a local part by nature.
	if name != "" && mailboxWord(strings.ToLower(strings.TrimSpace(name))) && mailboxDomainIn(affiliation) {
		return true
	}
	// An affiliation (or a name) that says the handle beside it is a
	// mailbox's local part, and names the provider or the domain.
	if handle != "" && (namesHandleMailbox(affiliation) || namesHandleMailbox(name)) {
		return true
	}
	// Each was read alone: only where they meet is there more to read.
	for _, s := range togetherJoins(name, handle, affiliation) {
		if f.spelledBeside(s) {
			return true
		}
	}
	name, affiliation = fieldEnd(name), fieldStart(affiliation)
	// The gaps between them read as a domain's dots too (cells.go).
	return f.spelledCells(name, handle, affiliation) || handle != "" && f.spelledCells(name, affiliation)
}

// togetherJoins are the texts spelledTogether reads of a member's
// fields as shown ("" for one that shows nothing): where they meet.
func togetherJoins(name, handle, affiliation string) []string {
	name, affiliation = fieldEnd(name), fieldStart(affiliation)
	var joins []string
	if name != "" && handle != "" {
		// Copied, the handle may run into the name: "jo at example." and
		// "org".
		joins = append(joins, name+handle, name+" "+handle)
	}
	if affiliation != "" && (name != "" || handle != "") {
		joins = append(joins, name+" "+handle+" "+affiliation, name+" "+affiliation)
	}
	return joins
}

// spelledBeside reports whether s, the text of fields a page sets side
// by side joined by spaces, spells an address: by the heuristic, as a
// field is read (hidesAddress), or as the page check would read it
// (pageRefuses), and for the input's addresses as spellsApart reads
// them, so that "Mail jane.doe on" beside "example.net" is read as
// "Mail jane.doe on example.net" is in one field, and "Elif Demir"
// beside "Example.org" is a name and an employer. The readings of s
// alone, which are most of the time, are remembered in f.warm, where
// a build reads them ahead (Warm).
func (f *fields) spelledBeside(s string) bool {
	return f.warm.spelledAlone(s) || f.knownBeside(s)
}

// spelledAlone is spelledBeside without the input's addresses: what s
// spells whatever the input holds.
func spelledAlone(s string) bool {
	// Read with the blanks a page shows as spaces, and dropped
	// (blankReadings), as a field is.
	for _, r := range blankReadings(s) {
		if spelledAlone(r) {
			return true
		}
	}
	if t := scrub(s); t != s || hidesAddress(t) || pageRefuses(s) {
		return true
	}
	// A provider's domain written out, read as its name: "jdoe" beside
	// "(gmail dot com)" is "jdoe (gmail)".
	if b := providerBare(s); b != s && hidesAddress(b) {
		return true
	}
	// The halves of an address in fields side by side ("Mailbox
	// jane.doe" beside "host zorbix.io", a list's id "jane.doe" beside
	// its description "(zorbix dot io)"), as in one field, for a local
	// part no GitHub handle can be (halvesApart).
	if halvesApart(s) {
		return true
	}
	// An id split where the fields meet: "jdoe_at" beside "zorbix_com"
	// reads "jdoe_at_zorbix_com", which the space between them hides
	// from the readings of one field.
	if id := idSeam(s); id != s {
		return hidesAddress(scrub(id))
	}
	return false
}

// knownBeside is what spelledBeside reads of the input's own
// addresses, with the blanks read as spelledAlone reads them.
func (f *fields) knownBeside(s string) bool {
	if f.known == nil {
		return false
	}
	for _, r := range blankReadings(s) {
		if f.knownBeside(r) {
			return true
		}
	}
	if f.known.spellsApart(s) {
		return true
	}
	if id := idSeam(s); id != s {
		return f.known.spells(id)
	}
	return false
}

// idSeam is s with each space between an id's "at" and its joiner on
// one side and a word on the other an underscore: "jdoe_at zorbix_com"
// is "jdoe_at_zorbix_com".
func idSeam(s string) string {
	if !strings.Contains(strings.ToLower(s), "at") {
		return s
	}
	return idSeamAfter.ReplaceAllString(idSeamBefore.ReplaceAllString(s, "${1}_"), "_${1}")
}

var (
	// idSeamBefore is an id's joiner and "at" ending a field, and the
	// spaces after it.
	idSeamBefore = lazyRE(`(?i)([\p{L}\p{N}][` + idJoiners + `]{1,2}at)\s+`)
	// idSeamAfter is the spaces before an "at" and a joiner starting a
	// field.
	idSeamAfter = lazyRE(`(?i)\s+(at[` + idJoiners + `]{1,2}[\p{L}\p{N}])`)
)

// seam is how much of a field's end, or start, spelledTogether reads
// with the field beside it: more than an address spelled out at its
// longest (a local part of 64 letters and a domain of 253, in words or
// spaced out), so that a name of 100 KB is not read again whole for each
// way a page may join it.
const seam = 4096

// fieldEnd is the last seam bytes of s, or all of it.
func fieldEnd(s string) string {
	if len(s) <= seam {
		return s
	}
	i := len(s) - seam
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return s[i:]
}

// fieldStart is the first seam bytes of s, or all of it.
func fieldStart(s string) string {
	if len(s) <= seam {
		return s
	}
	i := seam
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

// pageText is visible.Line for a page: control characters, bidi
// overrides and other invisibles shown escaped, but the joiners and
// variation selectors names and emoji need (U+200C, U+200D, U+FE00 to
// U+FE0F) kept, as html/template escapes for the page itself; and no
// more than maxMarks combining marks on one letter (clipMarks).
func pageText(s string) string {
	keep := func(r rune) bool { return r == '\u200c' || r == '\u200d' || r >= '\ufe00' && r <= '\ufe0f' }
	if !strings.ContainsFunc(s, keep) {
		return pageLine(s)
	}
	var b strings.Builder
	start := 0
	for i, r := range s {
		if keep(r) {
			b.WriteString(visible.Line(s[start:i]))
			b.WriteRune(r)
			start = i + utf8.RuneLen(r)
		}
	}
	b.WriteString(visible.Line(s[start:]))
	return clipMarks(b.String())
}

// pageLine is visible.Line for a page, with clipMarks: for the fields
// shown without the joiners pageText keeps (addresses, vetting detail,
// findings).
func pageLine(s string) string { return clipMarks(visible.Line(s)) }

// pageAddress is an address (a member's, a vetter's, a list's) as the
// auditor's site shows it: pageLine, and the note naming each letter
// that only looks like an ASCII one (a Cyrillic а), as every text output
// names it, so that one person leaving and another joining never read as
// one respelled, nor a look-alike vetter as the real one.
func pageAddress(s string) string { return pageLine(s) + visible.LookalikeNote(s) }

// maxMarks is how many nonspacing or enclosing marks (Mn, Me) in a row a
// page keeps on one letter. Writing needs few: Vietnamese stacks two,
// pointed and cantillated Hebrew and Tibetan's subjoined letters three
// or four. A name of dozens ("Zalgo" text) draws them above and below
// its line, over the rows around it; they are dropped, and with them
// nothing a reader needs.
const maxMarks = 4

// clipMarks drops the marks beyond maxMarks on each letter of s.
func clipMarks(s string) string {
	// No mark is below U+0300: plain ASCII and Latin-1 pass as they are.
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x300 }) {
		return s
	}
	var b strings.Builder
	run, cut := 0, false
	for i, r := range s {
		if !unicode.In(r, unicode.Mn, unicode.Me) {
			run = 0
		} else if run++; run > maxMarks {
			if !cut {
				b.Grow(len(s))
				b.WriteString(s[:i])
				cut = true
			}
			continue
		}
		if cut {
			b.WriteRune(r)
		}
	}
	if !cut {
		return s
	}
	return b.String()
}

// dropTags is s without the tag characters (U+E0000 to U+E007F) and the
// variation selectors past the BMP (U+E0100 to U+E01EF).
func dropTags(s string) string {
	if isASCII(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		// The variation selectors past the BMP (U+E0100 to U+E01EF) too:
		// escaped, their last digits spell bytes as the tags' do.
		if r >= 0xE0000 && r <= 0xE007F || r >= 0xE0100 && r <= 0xE01EF {
			return -1
		}
		return r
	}, s)
}

// publicName is how a public page names m in a line of drift: as its
// tables do, by name or else GitHub handle, each as shown (hidden where
// the tables hide it); someone the file does not name, whom no table of
// the site shows (on no list shown), or whose fields are all hidden, by
// no more than that an address stood there.
func publicName(fs *fields, m *members.Member, shown func(list string) bool) string {
	if m == nil || !slices.ContainsFunc(m.Lists, func(ms members.Membership) bool { return shown(ms.List) }) {
		// On no list the site shows (another list, left out with
		// --list; none at all): no table names them, and naming them
		// here would tell that the file has them.
		return hidden
	}
	v := fs.member(m)
	for _, s := range []string{v.name, v.github} {
		if s != "" && s != hidden {
			return s
		}
	}
	return hidden
}
