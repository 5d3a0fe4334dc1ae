package members

import (
	"fmt"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// HiddenSpelling says how two spellings of one mailbox differ where
// neither shows it: a letter written composed in one and decomposed in
// the other ("é" as U+00E9, or "e" and U+0301), or a domain in Unicode
// in one and in punycode in the other ("bücher.de", "xn--bcher-kva.de"),
// which print alike or name nothing a reader can compare. "" when the
// difference shows (case, dots, a +tag) or they are not one mailbox.
func HiddenSpelling(a, b string) string {
	if a == b || MailboxOf(a) == "" || MailboxOf(a) != MailboxOf(b) {
		return ""
	}
	var notes []string
	if norm.NFC.String(a) == norm.NFC.String(b) {
		notes = append(notes, "one writes a letter decomposed (a base letter and a combining mark, Unicode NFD), the other composed (NFC): they print alike")
	}
	_, da, _ := strings.Cut(a, "@")
	_, db, _ := strings.Cut(b, "@")
	if !strings.EqualFold(da, db) && norm.NFC.String(da) != norm.NFC.String(db) {
		ua, errA := idna.Lookup.ToUnicode(da)
		ub, errB := idna.Lookup.ToUnicode(db)
		if errA == nil && errB == nil && strings.EqualFold(norm.NFC.String(ua), norm.NFC.String(ub)) {
			puny, uni := da, ub
			if !strings.Contains(strings.ToLower(da), "xn--") {
				puny, uni = db, ua
			}
			notes = append(notes, fmt.Sprintf("one writes the domain in punycode: %s is %s", puny, uni))
		}
	}
	return strings.Join(notes, "; ")
}
