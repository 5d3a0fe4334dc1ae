package site

import (
	"strings"
	"testing"
)

// TestClipMarks: a letter keeps the marks writing needs, and a name of
// stacked marks loses those beyond maxMarks, which would draw over the
// rows around it.
func TestClipMarks(t *testing.T) {
	t.Parallel()
	zalgo := "Z" + strings.Repeat("\u0300\u0301\u0302\u0336", 12) + "a" + strings.Repeat("\u20dd", 30) + "lgo"
	for _, tc := range []struct{ in, want string }{
		{"Ada Lovelace", "Ada Lovelace"},
		{"Nguy\u1ec5n Vi\u1ec7t", "Nguy\u1ec5n Vi\u1ec7t"},
		{"Nguye\u0302\u0303n", "Nguye\u0302\u0303n"},
		{"\u0f66\u0f92\u0fb2\u0f72\u0f56", "\u0f66\u0f92\u0fb2\u0f72\u0f56"}, // Tibetan: three marks on one letter
		{"\u05e9\u05bc\u05c1\u05b8\u0591", "\u05e9\u05bc\u05c1\u05b8\u0591"}, // Hebrew: four
		{zalgo, "Z\u0300\u0301\u0302\u0336a\u20dd\u20dd\u20dd\u20ddlgo"},
		{"x" + strings.Repeat("\u0301", 5) + "y", "x\u0301\u0301\u0301\u0301y"},
	} {
		if got := clipMarks(tc.in); got != tc.want {
			t.Errorf("clipMarks(%+q) = %+q, want %+q", tc.in, got, tc.want)
		}
		// Every field a page shows, private ones too, is clipped.
		if got := pageText(tc.in); got != tc.want {
			t.Errorf("pageText(%+q) = %+q, want %+q", tc.in, got, tc.want)
		}
		if got := pageLine(tc.in); got != tc.want {
			t.Errorf("pageLine(%+q) = %+q, want %+q", tc.in, got, tc.want)
		}
	}
	// With the joiners pageText keeps.
	if got := pageText("a\u200d" + strings.Repeat("\u0301", 9)); got != "a\u200d\u0301\u0301\u0301\u0301" {
		t.Errorf("pageText kept %+q", got)
	}
}

// TestSpelledTogether: a member's name, handle and affiliation that
// spell an address side by side are hidden together; ones that only
// name a person and where they work are not, even when the input holds
// the address they would make (that is no concern of this reading).
func TestSpelledTogether(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, github, affiliation string
		spelled                   bool
	}{
		{"elif.demir", "at", "example.org", true},
		{"dana.whitfield at", "", "example.org", true},
		{"jo at example.", "org", "", true},
		{"jo", "at", "example dot org", true},
		{"Jo At", "", "Example Dot Com", true},
		{"chen", "atTheRate", "example.com", true},
		{"dana", "", "at example dotcom", true},
		{"Elif Demir", "elifd", "Example.org", false},
		{"Elif Demir", "", "Example.org", false},
		{"Ana Silva", "asilva", "Booking.com", false},
		{"Kat", "kat", "Example.org", false},
		{"Pat", "", "Works at Dot Com Ventures", false},
		{"Jo", "", "Postdoc at MIT", false},
		{"Jo", "jo-at", "", false},
		// The gap between two cells read as a domain's dot, after an
		// '@' (s15-22).
		{"jane.doe at", "zorbix", "io", true},
		{"jdoe1", "at-zorbix", "io", true},
		{"jdoe1 arroba zorbix", "", "io", true},
		{"jane.doe at", "zorbix\u2800", "io", true},
		{"jane.doe at", "", "zorbix io", true},
		{"Kat At", "", "Example", false},
		{"Pat", "at", "Example", false},
		{"Ana At", "ana-at", "Booking", false},
		{"Jo", "", "Engineer at Acme", false},
		{"Jo at", "", "Acme", false},
		// No dot before the '@': a handle and a job beside it are no
		// mailbox (s15-22b).
		{"Jo Smith", "jsmith", "Engineer at GMX", false},
		{"Alex Morgan", "amorgan", "Maintainer at kernel.org", false},
		{"Jo Smith", "jsmith", "Developer at python.org", false},
		{"Jo Smith", "jsmith", "Engineer at Proton", false},
		// A surname "At", or a handle "at-…", beside an employer: the
		// gaps read as dots only before a real ending (s16-22 item 6).
		{"Jo At", "joat", "Acme Corp", false},
		{"Jo At", "jsmith", "Example Project", false},
		{"Minh At", "minhat", "Google", false},
		{"Nguyen Van At", "nvat", "FPT Software", false},
		{"Jo", "at-jo", "Acme Corp", false},
		{"Jo At", "jsmith", "Jobs Inc", false},
		{"jane.doe at", "zorbix", "COM", true},
		{"Abdullah At-Tamimi", "at-tamimi", "Saudi CERT", false},
		{"Hassan At-Turki", "at-turki", "Red Hat", false},
		{"Minh At", "minhat", "IT department", false},
		{"Zhang Wei", "zhangwei", "qq.com", true},
		// An employer written as its domain, beside a handle (s16-final).
		{"Ivan Petrov", "ipetrov", "Mail.ru Group", false},
		{"Tomáš Novák", "tnovak", "Seznam.cz", false},
		{"Priya Sharma", "priyasharma", "Outlook.com team", false},
		{"Sofia Rossi", "srossi", "Libero.it", false},
		{"jane.doe at", "zorbix", "Com", true},
		{"jane.doe at", "zorbix", "рф", true}, // an ending beyond ASCII
		// A field hidden on its own shows nothing to join; an '@' before
		// a domain is hidden, as in one field, whatever is before it.
		{hidden, "at", "example.org", true},
		{hidden, "jo", "example.org", false},
		// Long fields are read where they meet: an address across the
		// seam is found, whatever is before and after it.
		{strings.Repeat("x at ", 5000) + "elif.demir", "at", "example.org" + strings.Repeat(" y", 5000), true},
		{strings.Repeat("é", 5000) + " dana.whitfield at", "", "example.org" + strings.Repeat(" é", 5000), true},
		{strings.Repeat("x at ", 5000) + "Elif Demir", "elifd", "Example.org" + strings.Repeat(" y", 5000), false},
	} {
		v := shownMember{name: tc.name, github: tc.github, affiliation: tc.affiliation}
		if got := newFields(true, nil).spelledTogether(v); got != tc.spelled {
			t.Errorf("spelledTogether(%q, %q, %q) = %v", tc.name, tc.github, tc.affiliation, got)
		}
	}
}

// TestSpelledTogetherReadsTheKnownAddresses: a member's fields side by
// side are read for the input's addresses too, as one field is, with
// something for the '@' between the local part, written whole, and the
// domain: a name and an employer that are the address's words are not.
func TestSpelledTogetherReadsTheKnownAddresses(t *testing.T) {
	t.Parallel()
	k := newKnown()
	for _, a := range []string{"jane.doe@example.net", "elif.demir@example.org", "elifdemir@example.org"} {
		k.add(a)
	}
	for _, tc := range []struct {
		name, github, affiliation string
		spelled                   bool
	}{
		{"Mail jane.doe on", "", "example.net", true},
		{"Mail jane.doe", "on", "example.net", true},
		{"jane.doe", "", "via example.net", true},
		{"Elif Demir", "", "Example.org", false},
		{"Elif Demir", "elifdemir", "Example.org", false},
		{"Elif Demir", "", "Security team of Example.org", false},
		{"Elif", "elifdemir", "example.org", false},
		// A local part only a mailbox has, and its domain, each written
		// whole in a field of its own (s15-22).
		{"jane.doe", "", "example.net", true},
		{"Jane Doe", "jane.doe", "Example.net", true},
		{"Jane", "", "jane.doe example.net", true},
		{"Jane Doe", "", "example.net", false},
		{"Jane Doe", "jane-doe", "example.net", false},
	} {
		v := shownMember{name: tc.name, github: tc.github, affiliation: tc.affiliation}
		if got := newFields(true, k).spelledTogether(v); got != tc.spelled {
			t.Errorf("spelledTogether(%q, %q, %q) = %v", tc.name, tc.github, tc.affiliation, got)
		}
	}
}

// TestBesideTextsReadsOverAGap: texts set side by side are read over
// one hidden or empty between them, as a reader reads over the gap; a
// name and an employer beside each other still show.
func TestBesideTextsReadsOverAGap(t *testing.T) {
	t.Parallel()
	f := newFields(true, nil)
	for _, tc := range []struct {
		texts []string
		want  bool
	}{
		{[]string{"jane.doe at", hidden, "zorbix.io"}, true},
		{[]string{"jane.doe-at", "", "zorbix.io"}, true},
		{[]string{"Ada Lovelace ada-x", hidden, "Grace Hopper grace-x"}, false},
		{[]string{"Ada Lovelace", "", "Example Cloud"}, false},
	} {
		if got := f.besideTexts(tc.texts...); got != tc.want {
			t.Errorf("besideTexts(%q) = %v, want %v", tc.texts, got, tc.want)
		}
	}
}
