package members

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/roster-dev/roster/internal/lookalike"
	"github.com/roster-dev/roster/internal/visible"
	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// foldsIntoASCII reports whether r, outside ASCII, becomes ASCII when an
// address's local part is put in canonical form (Unicode normal form C
// and lower case): the Kelvin sign is a K in form C and 'İ' lower-cases
// to an 'i'. Such a character is a look-alike of the ASCII letter, not
// a spelling of it: Identity keeps it as written.
func foldsIntoASCII(r rune) bool {
	if r < utf8.RuneSelf {
		return false
	}
	// Only what canonical form does: lower case and form C. A dotless
	// 'ı' upper-cases to an 'I', but no address is upper-cased, and it
	// is a letter of Turkish domains (kırmızı.com.tr), one identity in
	// Unicode and in punycode.
	if unicode.ToLower(r) < utf8.RuneSelf {
		return true
	}
	return isASCII(norm.NFC.String(string(r)))
}

// foldsIntoASCIIDomain is foldsIntoASCII for a domain label, which IDNA
// maps further: a fullwidth 'ｅ' becomes an 'e', a long 'ſ' an 's'.
func foldsIntoASCIIDomain(r rune) bool {
	if r < utf8.RuneSelf {
		return false
	}
	if foldsIntoASCII(r) {
		return true
	}
	a, err := idna.Lookup.ToASCII(string(r))
	return err == nil && a != "" && isASCII(a) && !hasACELabel(a)
}

// keepLookAlikes is canon applied to the runs of s between characters
// that folds says would turn into ASCII; those are kept as written, so
// that a look-alike never takes the identity of the ASCII address it
// imitates.
func keepLookAlikes(s string, folds func(rune) bool, canon func(string) string) (string, bool) {
	if strings.IndexFunc(s, folds) < 0 {
		return "", false
	}
	var b strings.Builder
	start := 0
	for i, r := range s {
		if folds(r) {
			b.WriteString(canon(s[start:i]))
			b.WriteRune(r)
			start = i + utf8.RuneLen(r)
		}
	}
	b.WriteString(canon(s[start:]))
	return b.String(), true
}

// asciiLookAlike describes a character of s outside ASCII that reads as
// an ASCII letter or digit (the Kelvin sign, a fullwidth letter, a
// dotted capital I), or "" when there is none.
func asciiLookAlike(s string) string {
	for _, r := range s {
		if r < utf8.RuneSelf {
			continue
		}
		if k := norm.NFKC.String(string(r)); isASCII(k) || unicode.ToLower(r) < utf8.RuneSelf {
			return fmt.Sprintf("%U reads as the ASCII %q", r, strings.ToLower(k))
		}
	}
	return ""
}

// MayImitate reports whether email could read like another address:
// it has a letter outside ASCII, or a punycode domain that may decode
// to such letters. A plain ASCII address imitates none.
func MayImitate(email string) bool {
	return !isASCII(email) || hasACELabel(email[strings.LastIndexByte(email, '@')+1:])
}

// ReadsAlike reports whether a and b are two mailboxes a reader cannot
// tell apart: one of them has letters outside ASCII (or a punycode
// domain), and their Skeletons are equal. Either may be the imitation.
func ReadsAlike(a, b string) bool {
	return (MayImitate(a) || MayImitate(b)) && Skeleton(a) == Skeleton(b) && MailboxOf(a) != MailboxOf(b)
}

// Skeleton is the form in which two addresses that read alike are
// equal: the Identity in compatibility form (a fullwidth or Kelvin
// letter as its ASCII letter), without invisible characters, and with
// the letters of other scripts that look like Latin ones read as those
// ("асе" in Cyrillic as "ace"; see lookalike.Latin). Two entries with one
// Skeleton and two identities are two mailboxes a reviewer cannot tell
// apart.
func Skeleton(email string) string {
	if !isASCII(email) {
		// Letters are read as written, before case folds them: a Greek
		// capital Η reads as an H, its small letter η as an n.
		email = readAsLatin(email)
	}
	id := IdentityOf(email)
	if at := strings.LastIndexByte(id, '@'); at >= 0 && hasACELabel(id[at+1:]) {
		// A domain is read as a reader sees it: "xn--e1argc3h.org" is
		// "ѕсоре.org", which reads like scope.org.
		id = id[:at+1] + unicodeDomain(id[at+1:])
	}
	if isASCII(id) {
		return id
	}
	// A sharp s reads as the "ss" IDNA makes of it in a domain (the
	// capital folds to it first; a Latin beta is drawn as one):
	// ann@STRAẞE.de and ann@strasse.de. A dental click pair reads as two
	// l's; a dot above an i or a dotless ı is the dot an i has.
	return readAsDigraphs.Replace(strings.ToLower(readAsLatin(id)))
}

// readAsDigraphs are the letters that read as two Latin ones, and the
// marks a reader does not see, as Skeleton reads them.
var readAsDigraphs = strings.NewReplacer("ß", "ss", "ꞵ", "ss", "ǁ", "ll", "i\u0307", "i", "j\u0307", "j")

// readAsLatin is s in compatibility form, without invisible characters,
// and with each letter lookalike.Latin knows as the Latin letter it is
// drawn like.
func readAsLatin(s string) string {
	read := func(r rune) rune {
		if visible.Invisible(r) {
			return -1
		}
		if l, ok := lookalike.Latin(r); ok {
			return l
		}
		return r
	}
	// Read before the compatibility form too: it turns a Greek lunate
	// Ϲ, drawn as a C, into a Σ.
	return strings.Map(read, norm.NFKC.String(strings.Map(read, s)))
}
