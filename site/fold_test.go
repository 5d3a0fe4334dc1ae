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
	if got := readEnclosed("🅳🅰🅽🅰, ⓐ, 🇦🇹 (🅰) 🆎 🇦 🇹"); got != "DANA, @, AT (@) AB A T" {
		t.Errorf("readEnclosed = %q", got)
	}
}
