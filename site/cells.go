package site

import (
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fields a page sets side by side are cells a reader reads on through,
// and the gap between two cells reads as whatever the address needs
// there: a space ("jane.doe at" beside "zorbix.io"), and where an '@'
// stands before it, a domain's dot: "jane.doe at", "zorbix" and "io",
// in a member's name, handle and affiliation, are jane.doe@zorbix.io,
// as are "jdoe1", "at-zorbix" and "io". So a row's cells are read with
// each gap between two words a space, and, when a word or sign for the
// '@' is among them, with one gap or more a dot.

// cellDotReadings returns the readings of cells (in order, none empty)
// with a dot for one gap or more between a letter or digit that ends a
// cell and one that starts the next, and a space for the others; none
// when no word or sign for the '@' is among them, nor such a gap.
func cellDotReadings(cells []string) []string {
	if len(cells) < 2 || len(cells) > maxAcross {
		return nil
	}
	// A blank a cell ends or starts with reads as the gap itself.
	trimmed := make([]string, len(cells))
	for i, c := range cells {
		trimmed[i] = strings.TrimFunc(c, func(r rune) bool { return unicode.IsSpace(r) || shownBlank(r) })
		if trimmed[i] == "" {
			return nil
		}
	}
	cells = trimmed
	joined := strings.Join(cells, " ")
	if !mayAtWord(joined, true) && !strings.ContainsAny(joined, "@＠﹫") && !mayForeignWord(joined) {
		return nil
	}
	// A dot stands only in a gap after the '@': a domain's dot. Before
	// it, a dot would make a mailbox of a name and a job ("jsmith" and
	// "Engineer at GMX" read as jsmith.Engineer at GMX).
	at := slices.IndexFunc(cells, func(c string) bool {
		return mayAtWord(c, true) || strings.ContainsAny(c, "@＠﹫") || mayForeignWord(c)
	})
	if at < 0 {
		return nil
	}
	var gaps []int // the gaps a dot may stand in
	for i := at; i+1 < len(cells); i++ {
		last, _ := utf8.DecodeLastRuneInString(cells[i])
		first, _ := utf8.DecodeRuneInString(cells[i+1])
		if isWordRune(last) && isWordRune(first) {
			gaps = append(gaps, i)
		}
	}
	var out []string
	for mask := 1; mask < 1<<len(gaps); mask++ {
		// The dot read into the last gap ends the domain: the word after
		// it is a real ending, written as one (not "Example" or "Acme",
		// the employer beside a surname "At").
		last := gaps[bits.Len(uint(mask))-1]
		if !endsDomain(cells[last+1]) {
			continue
		}
		var b strings.Builder
		b.WriteString(cells[0])
		for i := 1; i < len(cells); i++ {
			sep := " "
			for k, g := range gaps {
				if g == i-1 && mask&(1<<k) != 0 {
					sep = "."
				}
			}
			b.WriteString(sep)
			b.WriteString(cells[i])
		}
		out = append(out, b.String())
	}
	return out
}

// spelledCells reports whether cells, read with a dot in a gap between
// two of them (cellDotReadings), spell an address (spelledBeside).
func (f *fields) spelledCells(cells ...string) bool {
	var shown []string
	for _, c := range cells {
		if c != "" {
			shown = append(shown, c)
		}
	}
	for _, r := range cellDotReadings(shown) {
		if f.spelledBeside(r) {
			return true
		}
	}
	return false
}

// endsDomain reports whether a cell starts with a word that is a real
// top-level domain (idEnding: any of tlds, or one beyond ASCII); one
// that is a word of prose too (weakTLDs) only in lower case: in title
// case it is a name ("Jobs Inc", "Cloud Team"), in capitals an acronym
// ("IT department").
func endsDomain(cell string) bool {
	// The cell's first label, hyphens and all: "at-tamimi" ends no
	// domain in "at" (a handle, beside a surname "At-Tamimi").
	end := strings.IndexFunc(cell, func(r rune) bool { return !isWordRune(r) && r != '-' })
	if end < 0 {
		end = len(cell)
	}
	w := cell[:end]
	return idEnding(w) && (!weakTLDs[strings.ToLower(w)] || w == strings.ToLower(w))
}
