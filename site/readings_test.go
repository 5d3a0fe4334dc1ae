package site

import (
	"strings"
	"testing"
)

// shownBlanks are characters a page shows as a blank, or as an escape
// a reader takes for a gap between words: s15-22's (zero-width space,
// soft hyphen, word joiner, BOM, Mongolian vowel separator, braille
// blank, ogham space mark) and more of the same categories (Cf, Zs).
var shownBlanks = []string{"\u200b", "\u00ad", "\u2060", "\ufeff", "\u180e", "\u2800", "\u1680",
	"\u2061", "\u2063", "\u206a", "\u00a0", "\u2002", "\u2009", "\u202f", "\u205f", "\u3000", "\u3164", "\u115f", "\U000e0020"}

// TestBlanksAreReadAsSpacesAndAsNothing: a field with a blank, or a
// character drawn as nothing, between the words of an address is read
// with each one a space (as a reader reads the escape a page shows for
// it) and with each dropped: hidden whole if either spells one. Names
// with such blanks, and the joiners names need, stay.
func TestBlanksAreReadAsSpacesAndAsNothing(t *testing.T) {
	t.Parallel()
	for _, b := range shownBlanks {
		var cases []classCase
		for _, words := range [][]string{
			{"jane.doe", "at", "zorbix", "dot", "com"}, {"jdoe1", "gmail.com"}, {"jane.doe", "at", "zorbix.io"},
			{"jdoe1", "at", "hey"}, {"jane", "doe", "at", "gmail", "dot", "com"},
		} {
			cases = append(cases, classCase{strings.Join(words, b), false})
		}
		cases = append(cases, classCase{"Jane" + b + "Doe", true}, classCase{"Engineer" + b + "at" + b + "Acme", true},
			classCase{"Red" + b + "Hat", true})
		for i := range cases {
			// As a page shows it: a reader sees an escape, or a blank.
			c := &cases[i]
			if got := hideField(pageText(c.field)); c.show && got != pageText(c.field) || !c.show && got != hidden {
				t.Errorf("hideField(%q) = %q, want shown %v", pageText(c.field), got, c.show)
			}
		}
	}
	// Escapes typed into a field read as what they write, and as a gap.
	checkClasses(t, []classCase{
		{`jane.doe\u200bat\u200bzorbix\u200bdot\u200bcom`, false}, {`jdoe1\u180egmail.com`, false},
		{`jdoe1\ud834\udd1egmail.com`, false}, {`C:\new\task`, true},
	})
	for _, s := range []string{"👩\u200d🔬 Lab", "علی\u200cرضا", "❤\ufe0f Team"} {
		if got := hideField(pageText(s)); got != pageText(s) {
			t.Errorf("hideField(%q) = %q", s, got)
		}
	}
}

// TestBlanksInFieldsSideBySide: fields set side by side are read with
// their blanks as spaces too, and the input's addresses in what a
// reader reads.
func TestBlanksInFieldsSideBySide(t *testing.T) {
	t.Parallel()
	k := newKnown()
	k.add("dana.whitfield@example.org")
	f := newFields(true, k)
	if !f.spelledBeside(pageText("jane.doe\u200bat") + " " + pageText("zorbix\u2060dot\u2060com")) {
		t.Error("an address across two fields, its words apart by invisibles, was not read")
	}
	if got := f.text("dana\u200bwhitfield\u200bexample\u200borg"); got != hidden {
		t.Errorf("text = %q, want the known address hidden", got)
	}
}
