// Package lookalike knows which letters a reader of Latin letters takes
// for a Latin one: the part of Unicode's confusables (TR39) that maps one
// letter to one Latin letter. The address parser (members), which must
// tell two mailboxes a reviewer cannot tell apart, and the public site,
// which must find an address however it is spelled, read letters by the
// same table, so that no spelling one of them reads is missed by the
// other.
package lookalike

import (
	"slices"
	"strings"
)

// Latin returns the Latin letter r is drawn like, and whether there is
// one. A capital maps to a capital and a small letter to a small one,
// unless its shape is the other case's (Cherokee Ꮟ is a 'b'). Letters
// whose compatibility form NFKC folds to ASCII (fullwidth, mathematical,
// circled) have no entry: callers fold those first.
func Latin(r rune) (rune, bool) {
	l, ok := table[r]
	return l, ok
}

// Imitators returns the letters Latin reads as one of latin, in code
// point order, for a character class of a pattern.
func Imitators(latin ...rune) string {
	var found []rune
	for r, l := range table {
		if slices.Contains(latin, l) {
			found = append(found, r)
		}
	}
	slices.Sort(found)
	var b strings.Builder
	for _, r := range found {
		b.WriteRune(r)
	}
	return b.String()
}

// table holds letters of other scripts, and Latin letters no NFKD
// decomposes (a stroke, a small capital, a turned form), that a reader
// takes for a Latin letter: Cyrillic, Greek, Armenian, Cherokee (both
// cases), Lisu, Coptic, Canadian syllabics, Tifinagh, runes, the zeros
// of other scripts drawn as an 'o', and the APL letters. It is the part
// of Unicode's confusables that maps one letter to one Latin letter, for
// the scripts an address is spelled in to get past a reader of Latin
// letters. Case is kept because the site's readings read case ("Dot" in
// title case is a name).
var table = map[rune]rune{
	'а': 'a', 'ɑ': 'a', 'α': 'a', 'ᴀ': 'a', 'ɐ': 'a', 'ⲁ': 'a', 'ꭺ': 'a',
	'ᗩ': 'A', 'А': 'A', 'Α': 'A', 'Ꭺ': 'A', 'ꓮ': 'A', 'ᗅ': 'A', 'Ⲁ': 'A',
	'ҍ': 'b', 'ƅ': 'b', 'Ь': 'b', 'ь': 'b', 'Ꮟ': 'b', 'ᑲ': 'b', 'ᖯ': 'b', 'ʙ': 'b', 'ƀ': 'b', 'ꮟ': 'b', 'ᏼ': 'b',
	'В': 'B', 'Β': 'B', 'Ᏼ': 'B', 'ꓐ': 'B', 'ᗷ': 'B', 'Ⲃ': 'B',
	'ƈ': 'c', 'с': 'c', 'ϲ': 'c', 'ᴄ': 'c', 'ⲥ': 'c', 'ꮯ': 'c', 'ς': 'c', 'ҫ': 'c', 'ȼ': 'c',
	'С': 'C', 'Ϲ': 'C', 'Ꮯ': 'C', 'ꓚ': 'C', 'Ⲥ': 'C', 'ᑕ': 'C', 'Ҫ': 'C',
	'ժ': 'd', 'ԁ': 'd', 'Ꮷ': 'd', 'ᑯ': 'd', 'ꓒ': 'd', 'ɗ': 'd', 'ᴅ': 'd', 'ꮷ': 'd', 'đ': 'd', 'ꭰ': 'd',
	'Ꭰ': 'D', 'ꓓ': 'D', 'ᗪ': 'D', 'ᗞ': 'D', 'Đ': 'D',
	'е': 'e', 'ҽ': 'e', '℮': 'e', 'ꬲ': 'e', 'ε': 'e', 'ᴇ': 'e', 'є': 'e', 'ɇ': 'e', 'ꭼ': 'e',
	'ᗴ': 'E', 'Е': 'E', 'Ε': 'E', 'Ꭼ': 'E', 'ꓰ': 'E', 'ⴹ': 'E', 'Ⲉ': 'E',
	'ϝ': 'f', 'ք': 'f', 'ꜰ': 'f',
	'Ϝ': 'F', 'ꓝ': 'F', 'ᖴ': 'F',
	'ɠ': 'g', 'ɡ': 'g', 'ց': 'g', 'ᶃ': 'g', 'ƍ': 'g', 'ɢ': 'g', 'ǥ': 'g', 'ꮐ': 'g', 'ᏻ': 'g',
	'ᘜ': 'G', 'Ԍ': 'G', 'Ꮐ': 'G', 'Ᏻ': 'G', 'ꓖ': 'G', 'Ǥ': 'G',
	'һ': 'h', 'հ': 'h', 'Ꮒ': 'h', 'н': 'h', 'ʜ': 'h', 'ꮒ': 'h', 'ħ': 'h', 'ꮋ': 'h',
	'Н': 'H', 'Η': 'H', 'Ꮋ': 'H', 'ᕼ': 'H', 'ꓧ': 'H', 'Ⲏ': 'H', 'Ħ': 'H',
	'і': 'i', 'ı': 'i', 'ɩ': 'i', 'ι': 'i', 'ꙇ': 'i', 'Ꭵ': 'i', 'ɪ': 'i', 'ꭵ': 'i', 'ɨ': 'i', '⍳': 'i',
	'І': 'I', 'Ι': 'I', 'ꓲ': 'I', 'Ⲓ': 'I', 'ⵏ': 'I',
	'ʝ': 'j', 'ј': 'j', 'ϳ': 'j', 'ȷ': 'j', 'ᴊ': 'j', 'յ': 'j', 'ɉ': 'j', 'ꭻ': 'j',
	'Ј': 'J', 'Ꭻ': 'J', 'ꓙ': 'J', 'ᒍ': 'J', 'Ϳ': 'J',
	'к': 'k', 'κ': 'k', 'ᴋ': 'k', 'ĸ': 'k', 'ꮶ': 'k',
	'К': 'K', 'Κ': 'K', 'Ꮶ': 'K', 'ꓗ': 'K', 'ᛕ': 'K', 'Ⲕ': 'K',
	'ʅ': 'l', 'ӏ': 'l', 'ʟ': 'l', 'ߊ': 'l', 'ꮮ': 'l', 'Ӏ': 'l', 'ł': 'l', 'ǀ': 'l', 'ƚ': 'l', 'ɫ': 'l', 'ɭ': 'l', 'Ɩ': 'l',
	'Ꮮ': 'L', 'ꓡ': 'L', 'ᒪ': 'L', 'Ⳑ': 'L', 'Լ': 'L', 'Ł': 'L',
	'ɱ': 'm', 'м': 'm', 'ᴍ': 'm', 'ꮇ': 'm',
	'М': 'M', 'Μ': 'M', 'Ꮇ': 'M', 'ꓟ': 'M', 'ᗰ': 'M', 'Ϻ': 'M', 'Ⲙ': 'M',
	'ղ': 'n', 'ո': 'n', 'ռ': 'n', 'η': 'n', 'ɴ': 'n',
	'ᑎ': 'N', 'Ν': 'N', 'ꓠ': 'N', 'Ⲛ': 'N',
	'о': 'o', 'ο': 'o', 'օ': 'o', 'ᴏ': 'o', 'ⲟ': 'o', '০': 'o', 'ଠ': 'o', 'ø': 'o', '०': 'o', '૦': 'o', '੦': 'o', '๐': 'o', '໐': 'o', '߀': 'o', 'ዐ': 'o', 'σ': 'o', 'ഠ': 'o', 'ဝ': 'o', '၀': 'o', 'ꭷ': 'o',
	'О': 'O', 'Ο': 'O', 'Օ': 'O', 'ꓳ': 'O', 'Ⲟ': 'O', 'Ø': 'O', 'ⵔ': 'O', 'Ꭷ': 'O',
	'р': 'p', 'ρ': 'p', 'ⲣ': 'p', 'ᴘ': 'p', 'ꮲ': 'p', '⍴': 'p',
	'Р': 'P', 'Ρ': 'P', 'Ꮲ': 'P', 'ꓑ': 'P', 'ᑭ': 'P', 'Ⲣ': 'P',
	'ԛ': 'q', 'գ': 'q', 'զ': 'q', 'ꞯ': 'q',
	'ᑫ': 'Q', 'Ԛ': 'Q', 'ⵕ': 'Q',
	'г': 'r', 'ᴦ': 'r', 'ⲅ': 'r', 'ꭇ': 'r', 'ꮁ': 'r', 'ʀ': 'r', 'ɾ': 'r', 'ɍ': 'r', 'ꭱ': 'r', 'ꮢ': 'r',
	'Ꭱ': 'R', 'Ꮢ': 'R', 'ꓣ': 'R', 'ᖇ': 'R', 'Ʀ': 'R',
	'ѕ': 's', 'ꜱ': 's', 'ƽ': 's', 'ꮪ': 's', 'ꮥ': 's',
	'ᔕ': 'S', 'Ѕ': 'S', 'Ꮪ': 'S', 'Ꮥ': 'S', 'ꓢ': 'S', 'Տ': 'S',
	'է': 't', 'т': 't', 'τ': 't', 'ᴛ': 't', 'ꭲ': 't', 'ŧ': 't',
	'Т': 'T', 'Τ': 'T', 'Ꭲ': 'T', 'ꓔ': 'T', 'Ⲧ': 'T', 'Ŧ': 'T',
	'υ': 'u', 'ս': 'u', 'ᴜ': 'u', 'ʋ': 'u', 'ꭎ': 'u', 'ʉ': 'u',
	'Ս': 'U', 'ꓴ': 'U', 'ᑌ': 'U',
	'ν': 'v', 'ѵ': 'v', 'ᴠ': 'v', 'ꮩ': 'v',
	'Ꮩ': 'V', 'ꓦ': 'V', 'Ѵ': 'V', 'ⴸ': 'V', 'ᐯ': 'V',
	'ԝ': 'w', 'ա': 'w', 'ѡ': 'w', 'ɯ': 'w', 'ᴡ': 'w', 'ꮃ': 'w', 'ω': 'w', 'ꮤ': 'w', '⍵': 'w',
	'ᗯ': 'W', 'Ԝ': 'W', 'Ꮃ': 'W', 'Ꮤ': 'W', 'ꓪ': 'W',
	'ҳ': 'x', 'х': 'x', 'χ': 'x', 'ᕁ': 'x', 'ⲭ': 'x',
	'᙭': 'X', 'Х': 'X', 'Χ': 'X', 'ꓫ': 'X', 'Ⲭ': 'X', 'ᚷ': 'X',
	'у': 'y', 'ү': 'y', 'ʏ': 'y', 'ꭚ': 'y', 'γ': 'y', 'ყ': 'y', 'ꭹ': 'y', 'ɣ': 'y',
	'Υ': 'Y', 'Ү': 'Y', 'ꓬ': 'Y', 'Ⲩ': 'Y', 'Ꭹ': 'Y', 'У': 'Y',
	'ȥ': 'z', 'ᴢ': 'z', 'ꮓ': 'z', 'ƶ': 'z',
	// Digits drawn by letters: a Latin ou as an 8, an ezh as a 3, a
	// reversed s (tone two) as a 2.
	'ȣ': '8', 'Ȣ': '8', 'ʒ': '3', 'Ʒ': '3', 'ӡ': '3', 'Ӡ': '3', 'ȝ': '3', 'ƨ': '2', 'Ƨ': '2',
	'ᘔ': 'Z', 'Ζ': 'Z', 'Ꮓ': 'Z', 'ꓜ': 'Z', 'Ƶ': 'Z',
}
