package site

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// pageName is the file name of a list's page: its id when that is a safe
// file name, else a safe form of it with a hash of the id.
func pageName(id string, taken map[string]bool) string {
	var b strings.Builder
	safe := id != ""
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
			safe = false
		default:
			if b.Len() < 40 {
				b.WriteByte('-')
			}
			safe = false
		}
		if b.Len() >= 40 {
			safe = false
			break
		}
	}
	name := b.String()
	if !safe || taken["list-"+name+".html"] {
		sum := sha256.Sum256([]byte(id))
		name += "-" + hex.EncodeToString(sum[:4])
	}
	for k := 2; taken["list-"+name+".html"]; k++ {
		name += "-" + strconv.Itoa(k)
	}
	name = "list-" + name + ".html"
	taken[name] = true
	return name
}

// publicPageName is pageName on the public roster, where a page's file
// name, and the links to it, are as public as its text: a list whose id
// the scrubber hides in any way (hidden), or whose file name would read
// as an address ("list-jo_at_example_dot_org"), is named by its place
// among the lists (list-3.html) instead. Not by a hash of its id either:
// anyone could hash a guessed address and find its page. numbered says
// it is.
func publicPageName(id string, hidden bool, n int, taken map[string]bool) (name string, numbered bool) {
	if !hidden {
		name := pageName(id, taken)
		if nameShowable(name) {
			return name, false
		}
		delete(taken, name)
	}
	return pageName(strconv.Itoa(n), taken), true
}

// nameShowable reports whether a file name or a link's target may be on
// the public roster: read as its text is read (hideField), each '-' as
// the dot it may have been (pageName writes one for every sign a file
// name cannot hold: "jo.at.example.org" becomes "jo-at-example-org"),
// and without the ".html" roster adds, which a reader would not take for
// a domain's ending ("list-chat-at-acme.html" names no mailbox).
func nameShowable(name string) bool {
	stem := strings.ReplaceAll(strings.TrimSuffix(name, ".html"), "-", ".")
	return findAddress([]byte(name)) == nil && findSpelled([]byte(name)) == nil && hideField(stem) == stem
}

// idShowable reports whether an id that names no page (a policy's) may
// show on the public roster: whether the file name it would make, were
// it a list's, is showable, as a list's id must be to show
// ("jane.doe-at-gmail-com" is not).
func idShowable(id string) bool {
	return id == "" || nameShowable(pageName(id, map[string]bool{}))
}
