package site

import (
	"strings"
)

// hyphenAt is "-at-" or "_at_" inside a word (or "+at+", "~at~", "__at__":
// any of idJoiners, once or twice), and the labels joined so after it:
// "janedoe-at-gmail-com", "jo-at-evil-example-org", "jdoe_at_zorbix_com",
// "JANE_DOE_AT_ZORBIX_IO", as an id or a handle writes an address, whose
// signs it cannot hold.
var hyphenAt = lazyRE(`(?i)([\p{L}\p{N}])[` + idJoiners + `]{1,2}at[` + idJoiners + `]{1,2}([\p{L}\p{N}]+(?:[` + idJoiners + `]{1,2}[\p{L}\p{N}]+)*)`)

// idJoiners are the signs an id or a handle joins its words with.
const idJoiners = "-_+~"

// readHyphenAt reads a hyphenAt as an address when a label after its
// first is a real ending (idEnding), or its first label or its last is
// a mail provider's name ("-at-gmail"): "jdoe_at_proton_me" and
// "jane_doe_at_zorbix_tech" are addresses whatever words their endings
// also are, and an id may hold one with words around it
// ("x_jdoe_at_zorbix_io_list"), so the address is read up to its last
// ending and the words after it set apart. "cat-at-home" and
// "meet_at_noon" name no domain; "stay_at_home_in" is hidden with
// "jdoe_at_zorbix_in", which it cannot be told from: a leak is worse.
func readHyphenAt(m string) string {
	sub := hyphenAt.FindStringSubmatch(m)
	labels := strings.FieldsFunc(sub[2], func(r rune) bool { return strings.ContainsRune(idJoiners, r) })
	end := -1
	for i := len(labels) - 1; i >= 1; i-- {
		if idEnding(labels[i]) && !clockTime(labels[i-1], labels[i]) {
			end = i
			break
		}
	}
	switch {
	case end >= 1:
		return sub[1] + "@" + strings.Join(labels[:end+1], ".") + " " + strings.Join(labels[end+1:], " ")
	case isMailProvider(strings.ToLower(labels[0])) || isMailProvider(strings.ToLower(labels[len(labels)-1])):
		return sub[1] + "@" + strings.Join(labels, ".")
	}
	return m
}

// clockTime reports whether label and ending are a time of day
// ("standup-at-9-pm"), not a domain whose ending is "pm".
func clockTime(label, ending string) bool {
	e := strings.ToLower(ending)
	return (e == "am" || e == "pm") && strings.Trim(label, "0123456789") == ""
}

// idEnding reports whether w, a label of an id, is a top-level domain:
// any of tlds in any case but title case for the weak ones ("In" of
// "Stay_At_Home_In" is a word's capital), or an ending beyond ASCII.
func idEnding(w string) bool {
	if !isASCII(w) || punycode(w) {
		return idnEnding(w)
	}
	lower := strings.ToLower(w)
	if weakTLDs[lower] {
		return tlds[lower] && (w == lower || w == strings.ToUpper(w))
	}
	return tlds[lower]
}
