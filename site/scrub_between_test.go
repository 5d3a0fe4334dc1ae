package site

import (
	"fmt"
	"testing"
)

// readerCase is a field and whether a public page may show it.
type readerCase struct {
	field string
	show  bool
}

// checkReaders asserts, for each case, what a field shows (hideField:
// hidden whole, or as it is) and that the page check refuses a page
// that shows a field to hide as it is, so that a reading the field
// misses fails the build rather than publishing the address.
func checkReaders(t *testing.T, cases []readerCase) {
	t.Helper()
	for _, c := range cases {
		got := hideField(c.field)
		switch {
		case c.show && got != c.field:
			t.Errorf("hideField(%q) = %q, want it shown", c.field, got)
		case !c.show && got != hidden:
			t.Errorf("hideField(%q) = %q, want it hidden whole", c.field, got)
		case !c.show && !pageRefuses(c.field):
			t.Errorf("the page check passes a page that shows %q", c.field)
		}
	}
}

// TestAnAtWithAWordBetweenAMailboxAndADomain: an '@' with a word run
// into it, as a mention's, is the address's own '@' when it stands
// between a word shaped as a mailbox and a domain; a mention after a
// name, or with no domain after it, stays.
func TestAnAtWithAWordBetweenAMailboxAndADomain(t *testing.T) {
	t.Parallel()
	checkReaders(t, []readerCase{
		{"jane.doe @sign gmail.com", false},
		{"jane.doe @symbol gmail dot com", false},
		{"jane.doe @at gmail.com", false},
		{"jane.doe @. gmail DOT com", false},
		{"jane.doe @gmail-com", false},
		{"jane.doe @example-org", false},
		{"jdoe1987 @sign proton.me", false},
		{"jane.doe ＠symbol gmail.com", false},
		{"jane.doe @sign gmail ° com", false},
		{"Security @kubernetes/security", true},
		{"Maintainer @kubernetes/security, kubernetes.io", true},
		{"see @sign in docs", true},
		{"ask @ada-example", true},
		{"Lead @rust-lang", true},
		{"Platform team @acme-dev", true},
		{"jane.doe @jdoe", true},
	})
}

// TestAnArrowOfAnyBlockBetweenAMailboxAndADomain: every arrow of
// Unicode, and ASCII's, stands for the '@' between a mailbox and a
// domain, set apart by spaces or not; between words of prose, or before
// a domain after a name, it is an arrow.
func TestAnArrowOfAnyBlockBetweenAMailboxAndADomain(t *testing.T) {
	t.Parallel()
	var cases []readerCase
	for _, r := range []rune{0x2190, 0x21A6, 0x21AA, 0x21BB, 0x21BA, 0x21E8, 0x21A3, 0x21A0, 0x21FE, 0x21FF,
		0x27F0, 0x27F2, 0x27F6, 0x27F9, 0x27FC, 0x27FF, 0x2900, 0x290F, 0x2940, 0x297F,
		0x2794, 0x279C, 0x27A1, 0x27BF, 0x2B00, 0x2B0C, 0x2B95, 0x2BA9, 0x1F800, 0x1F882} {
		cases = append(cases, readerCase{fmt.Sprintf("jane.doe %c gmail.com", r), false},
			readerCase{fmt.Sprintf("jane.doe%cgmail.com", r), false})
	}
	cases = append(cases,
		readerCase{"jane.doe --> gmail.com", false},
		readerCase{"jane.doe ==> example.org", false},
		readerCase{"jane.doe ⟶ gmail dot com", false},
		readerCase{"jdoe1987 ↪ mail.example.co.uk", false},
		readerCase{"Arrow → Next", true},
		readerCase{"Rust ⟶ Go", true},
		readerCase{"Build ⟶ Test ⟶ Deploy", true},
		readerCase{"Kernel ⇒ Linux Foundation", true},
		readerCase{"Security ↦ kernel.org", true},
		readerCase{"v1 → v2", true},
		readerCase{"Moved ↻ weekly", true},
	)
	checkReaders(t, cases)
}

// TestHalvesLeftAroundAHiddenSign: where scrub hides only the sign of
// an address (the word it is in), the halves around the placeholder
// are hidden with it, whatever spells the dots; an address hidden in a
// sentence leaves the sentence.
func TestHalvesLeftAroundAHiddenSign(t *testing.T) {
	t.Parallel()
	checkReaders(t, []readerCase{
		{"jane.doe -@ gmail 점 com", false},
		{"jane.doe @-sign gmail 점 com", false},
		{"jane.doe ＠-sign gmail 점 com", false},
		{"jane.doe :@ gmail 점 com", false},
		{`jane.doe \@ gmail 점 com`, false},
		{"jane.doe .@. gmail 점 com", false},
		{"jane.doe @- gmail 점 com", false},
		{"jane.doe x@y gmail 닷 com", false},
	})
	// Read by its shape: the page check reads no shape around an '@'
	// after a name ("Lead @acme acme.com" is a mention and an employer).
	if got := hideField("jane -@ othercorp ⊕ com"); got != hidden {
		t.Errorf("hideField(%q) = %q, want it hidden whole", "jane -@ othercorp ⊕ com", got)
	}
	for s, want := range map[string]string{
		"Write to sec@example.org for access": "Write to [address hidden] for access",
		"Reports go to jo@example.org today":  "Reports go to [address hidden] today",
		"jo@example.org, ops team":            "[address hidden], ops team",
	} {
		if got := hideField(s); got != want {
			t.Errorf("hideField(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestFindHalvesLeftReadsOneRun: the page check reads the placeholder
// as the '@' in one run of a page's text only: a field hidden whole is
// an element of its own, and the next field is no domain of it.
func TestFindHalvesLeftReadsOneRun(t *testing.T) {
	t.Parallel()
	for page, want := range map[string]bool{
		`<td>jane.doe [address hidden] gmail 점 com</td>`:                       true,
		`<td>jane.doe</td><td>[address hidden]</td><td>gmail 점 com</td>`:       false,
		`<li><span class="person">[address hidden]</span></li><li>gmail 점 com`: false,
	} {
		if got := findHalvesLeft([]byte(page)) != nil; got != want {
			t.Errorf("findHalvesLeft(%q) = %v, want %v", page, got, want)
		}
	}
}

// TestAtTheRateOf: Indian English says '@' as "at the rate" and "at
// the rate of"; a rate in prose has no domain after it.
func TestAtTheRateOf(t *testing.T) {
	t.Parallel()
	checkReaders(t, []readerCase{
		{"jane.doe at the rate of gmail.com", false},
		{"jane.doe at the rate of gmail dot com", false},
		{"jane at the rate of gmail.com", false},
		{"jane at-the-rate-of gmail dot com", false},
		{"jane at d rate gmail dot com", false},
		{"Paid at the rate of 5 per hour", true},
		{"Grows at the rate of Moore's law", true},
		{"Billed at the rate agreed", true},
	})
}

// TestAnEndingBeyondASCII: a country's code in its own script (".рф",
// ".中国") and one in punycode (".xn--p1ai") are real endings, for every
// reading of an address's shape; a word of those scripts in prose is no
// domain.
func TestAnEndingBeyondASCII(t *testing.T) {
	t.Parallel()
	checkReaders(t, []readerCase{
		{"jane.doe # yandex.рф", false},
		{"jane.doe # othercorp.xn--p1ai", false},
		{"jane.doe # 例子.中国", false},
		{"jane.doe a yandex.рф", false},
		{"jane 골뱅이 othercorp 점 рф", false},
		{"jane 골뱅이 othercorp 점 xn--p1ai", false},
		{"jane.doe → почта.укр", false},
		{"jane.doe # mail.한국", false},
		{"jane bei othercorp punkt ελ", false},
		{"Yandex (Россия)", true},
		{"Работаю в Яндексе", true},
		{"Researcher, 中国科学院", true},
		{"Engineer at Яндекс.рф", true},
		{"Team рф", true},
		{"東京 · 日本", true},
	})
}
