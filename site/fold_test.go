package site

import (
	"strings"
	"testing"
)

// drawIn writes the Latin letters of s in the enclosed block that starts
// at first (A or a), as an attacker draws an address in emoji.
func drawIn(s string, first rune, sep string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 {
			b.WriteString(sep)
		}
		switch l := r | 0x20; {
		case l >= 'a' && l <= 'z':
			b.WriteRune(first + l - 'a')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestEnclosedLettersAreRead: an address drawn in letters in circles,
// squares, brackets, negative ones or regional indicators (NFKC folds
// some of these, not the others), run together or spaced out, is read
// as its Latin letters: the field is hidden, by the heuristic and by
// the reading for the input's addresses, and the page check reads it
// too. An 'a' drawn so alone is an '@'; a flag or an emoji letter in a
// name stays.
func TestEnclosedLettersAreRead(t *testing.T) {
	t.Parallel()
	k := newKnown()
	k.add("dana.whitfield@example.org")
	blocks := []rune{0x24B6, 0x24D0, 0x249C, 0x1F110, 0x1F130, 0x1F150, 0x1F170, 0x1F1E6, 0xFF21, 0x1D400, 0x1D586}
	for _, first := range blocks {
		for _, s := range []string{
			drawIn("dana.whitfield (at) example.org", first, ""), drawIn("dana.whitfield@example.org", first, " "),
			drawIn("dana.whitfield", first, "") + " (" + drawIn("at", first, "") + ") " + drawIn("example.org", first, ""),
			drawIn("dana.whitfield", first, "") + " at " + drawIn("example", first, "") + " dot " + drawIn("org", first, ""),
		} {
			if got := hideField(s); got != hidden {
				t.Errorf("hideField(%q) = %q", s, got)
			}
			if !k.spells(s) {
				t.Errorf("spells(%q) = false", s)
			}
		}
	}
	if s := "🇩 🇦 🇳 🇦 . 🇼 🇭 🇮 🇹 🇫 🇮 🇪 🇱 🇩 @ 🇪 🇽 🇦 🇲 🇵 🇱 🇪 . 🇴 🇷 🇬"; hideField(s) != hidden {
		t.Errorf("hideField(%q) = %q", s, hideField(s))
	}
	for _, s := range []string{
		"🅳🅰🅽🅰.🆆🅷🅸🆃🅵🅸🅴🅻🅳 (🅰🆃) 🅴🆇🅰🅼🅿🅻🅴.🅾🆁🅶", "🇩🇦🇳🇦.🇼🇭🇮🇹🇫🇮🇪🇱🇩@🇪🇽🇦🇲🇵🇱🇪.🇴🇷🇬", "jo 🅰 example.org", "jo🅐example.org", "jo 🄰 example.org",
		"jo🇦example.org", "🅹🅾@🅴🆇🅰🅼🅿🅻🅴.🅾🆁🅶", "jo \U0001F170\ufe0f example.org",
	} {
		if got := hideField(s); got != hidden {
			t.Errorf("hideField(%q) = %q", s, got)
		}
		if _, loc := addressOnPage([]byte(s)); loc == nil {
			t.Errorf("the page check reads no address in %q", s)
		}
	}
	for _, s := range []string{"Paris 🇫🇷", "🇦🇹 Wien", "Ⓡ Corp", "🅰🅱 Blood Drive", "Engineer at 🅰🅲🅼🅴"} {
		if got := hideField(s); got != s {
			t.Errorf("hideField(%q) = %q", s, got)
		}
	}
	if got := readEnclosed("🅳🅰🅽🅰, ⓐ, 🇦🇹 (🅰) 🆎 🇦 🇹 🅳 ⓐ"); got != "DANA, @, AT (@) AB A T D @" {
		t.Errorf("readEnclosed = %q", got)
	}
	// Read the other way, an 'a' apart from the letters around it is an
	// '@': the readings read a field both ways.
	if got := readEnclosedApart("🅳🅰🅽🅰 🅰 🅴🆇 🇦 🇹"); got != "DANA @ EX @ T" {
		t.Errorf("readEnclosedApart = %q", got)
	}
	for _, s := range []string{"🅳🅰🅽🅰.🆆🅷🅸🆃🅵🅸🅴🅻🅳 🅰 🅴🆇🅰🅼🅿🅻🅴.🅾🆁🅶", "🅳🅰🅽🅰 ⓐ 🅴🆇🅰🅼🅿🅻🅴.🅾🆁🅶"} {
		if got := hideField(s); got != hidden {
			t.Errorf("hideField(%q) = %q", s, got)
		}
	}
}

// TestLookAlikesAreRead: letters of other scripts (Cyrillic ԝ,
// Armenian ո հ ց, Greek, Cherokee of either case, Lisu, Coptic,
// Canadian syllabics), Latin letters with a stroke, digits inside a word
// (leet) and a bar or an exclamation mark between letters are read as
// the Latin letters a reader takes them for: by the reading for the
// input's addresses, by the heuristic's words for the signs and its
// mail providers, and by the page check. Text in those scripts, numbers
// and bars between words stay.
func TestLookAlikesAreRead(t *testing.T) {
	t.Parallel()
	k := newKnown()
	for _, a := range []string{"dana.whitfield@example.org", "jane.doe@gmail.com", "hana.kim@example.net"} {
		k.add(a)
	}
	for _, s := range []string{
		"Escalations: dana.\u051dhitfield \u00aba\u00bb example.org", "Backup: dana.whitfie|d a/t example.org",
		"dana.whitfie!d, example.org", "da\u0578a.whitfield at example.org", "dana.w\u0570itfield at example.org",
		"jane.doe at \u0581mail.com", "dana.wh1tf13ld at 3xampl3.org", "d4n4.wh1tf13ld @ 3x4mpl3 d0t 0rg",
		"\ua4d3\ua4ee\ua4e0\ua4ee.\ua4ea\ua4e7\ua4f2\ua4d4\ua4dd\ua4f2\ua4f0\ua4e1\ua4d3 at example.org", "d\u03b1n\u03b1.whitfi\u03b5ld at example.org",
		"\u13a0\u13aaNA.WHITFIELD AT EXAMPLE.ORG", "dana.whitfie\u0142d at example.org", "\u0111ana.whitfield at example.org",
		"hana.kim at exa\u2c98ple.net", "jane.doe\u2223at\u2223gmail.com", "jane.doe at gma!l.com",
	} {
		if !k.spells(s) {
			t.Errorf("spells(%q) = false", s)
		}
	}
	for _, s := range []string{
		"jo 4t example.org", "jo at example d07 org", "jo \u2c81t example.org", "jo \u15c5T example.org", "jo at example \u15ea\ua4f3\ua4d4 org",
		"jo at example \u0111ot org", "jo @ gma!l", "jo @ gmai1", "jo (at) out|ook", "jo \uab7a\uab72 example.org", "jo \u13aa\u13a2 example d\u0585t org",
		"jo @ example.c0m", "jo at example d\u2c9ft org", "jo at example dot c\u0585m",
	} {
		if got := hideField(s); got != hidden {
			t.Errorf("hideField(%q) = %q", s, got)
		}
	}
	for _, s := range []string{"jo \uab7a\uab72 example dot com", "jo 4t example d0t com", "jo \u15c5\u13a2 example.org", "jo (\u0430t) example.org"} {
		if _, loc := addressOnPage([]byte(s)); loc == nil {
			t.Errorf("the page check reads no address in %q", s)
		}
	}
	for _, s := range []string{"Engineer at 360\u00b0 Labs", "Team \u03b1", "Research @ 3M", "Chat at 3 p.m.", "\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac",
		"\u0418\u0432\u0430\u043d \u041f\u0435\u0442\u0440\u043e\u0432", "Yahoo! Japan", "R&D|Ops", "4th floor", "Product @ 126 Design", "Foo|Bar Labs",
		"AC/DC", "Micha\u0142 Kowalski", "\u0110or\u0111e", "x86_64 at Intel", "Hi!there", "\u0540\u0561\u0575\u0561\u057d\u057f\u0561\u0576"} {
		if got := hideField(s); got != strings.ReplaceAll(s, " @ ", " at ") {
			t.Errorf("hideField(%q) = %q", s, got)
		}
		if k.spells(s) {
			t.Errorf("spells(%q) = true", s)
		}
	}
}

// TestAtFormsAreRead: an 'a' or "at" between brackets or quotes of any
// script (any opening and closing punctuation, any opening and closing
// quote), "at" with a sign between its letters, an 'a' raised, lowered,
// ordinal or drawn as an APL alpha, all stand for the '@': nothing of
// the address is left, and the page check reads them too. An ordinal
// after a number, a letter in brackets before no domain, "n/a" and
// "A/B" stay.
func TestAtFormsAreRead(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"jo \u00aba\u00bb example.org", "jo \u2039a\u203a example.org", "jo \u300ca\u300d example.org", "jo \u3010a\u3011 example.org",
		"jo \u3008a\u3009 example.org", "jo \u27e8a\u27e9 example.org", "jo \u2985a\u2986 example.org", "jo \u201ea\u201c example.org",
		"jo \u201ca\u201d example.org", "jo \u300ea\u300f example.org", "jo \u3014a\u3015 example.org", "jo \u2e28a\u2e29 example.org",
		"jo\u00aba\u00bbexample.org", "jo \u00abA\u00bb example.org", "jo \u300cat\u300d example.org", "jo \u27e8at\u27e9 example.org",
		"jo a/t example.org", "jo a+t example.org", "jo a:t example.org", "jo a;t example.org", "jo a|t example.org", "jo a~t example.org",
		"jo a//t example.org", "jo A/T example.org", "jo a / t example.org", "jo \u00aba/t\u00bb example.org", "jo (a+t) example.org",
		"jo \u00aa example.org", "jo \u2090 example.org", "jo \u2376 example.org", "jo \uab31 example.org", "jo \u1d43 example.org",
		"jo \u2c81\u20dd example.org", "jo \uab7a\u20dd example.org", "jo \u15c5\u20de example.org", "jo \u0250\u20dd example.org",
		"jo\u1d43example.org", "jo \u1d2c example.org", "jo \u1d45 example.org", "jo \uab64 example.org", "jo\u2090example.org",
		"carol \u00abat\u00bb gmail", "carol \u300ca\u300d gmail", "carol a/t gmail", "jo \u00aba\u00bb example dot org",
	} {
		got := hideField("Maintainer; " + s)
		if got != hidden && got != "Maintainer; "+hidden {
			t.Errorf("hideField(%q) = %q", s, got)
		}
	}
	for _, s := range []string{"jo \u00aba\u00bb example.org", "jo a/t example.org", "jo \u2090 example.org", "jo \u3010a\u3011 example.org",
		"jo \u2376 example dot com", "jo \u00aa example.org", "jo \u300cat\u300d example.org"} {
		if _, loc := addressOnPage([]byte(s)); loc == nil {
			t.Errorf("the page check reads no address in %q", s)
		}
	}
	for _, s := range []string{"1\u00aa Turma", "Coordenadora da 2\u00aa Vara", "M\u00aa Jos\u00e9 Garc\u00eda", "Section \u00aba\u00bb and \u00abb\u00bb",
		"Plan \u300ca\u300d or \u300cb\u300d", "n/a", "A/B testing at Acme", "A. T. Kearney", "R+T Labs", "Engineer at AT&T", "pK\u2090 values", "Jo \u00bbat\u00ab home"} {
		if got := hideField(s); got != s {
			t.Errorf("hideField(%q) = %q", s, got)
		}
	}
}

// TestEnclosedAOfAnyScriptJoinsFields: an 'a' of another script in a
// combining circle is the '@' to the heuristic itself, not only to the
// page check: a name that ends in one and an affiliation that is a
// domain spell an address side by side, which no page check reads.
func TestEnclosedAOfAnyScriptJoinsFields(t *testing.T) {
	t.Parallel()
	for _, a := range []string{"a", "\u0430", "\u2c81", "\uab7a", "\u15c5", "\u0250"} {
		if !newFields(true, nil).spelledTogether(shownMember{name: "jo " + a + "\u20dd", affiliation: "example.org"}) {
			t.Errorf("jo %s\\u20dd and example.org are not read together", a)
		}
	}
}
