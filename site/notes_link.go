package site

import (
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// A link is private as the page a browser opens for it, not as the
// words it is written in: "https://tickets.example.org:443/browse/x/../
// SEC-4471" and "tickets.example.org\browse\SEC-4471" open the ticket
// "https://tickets.example.org/browse/SEC-4471" opens, yet read as
// other words (noteSet.find compares words: "443", "x" and ".." are
// more of them). So each private link is also read as a browser
// resolves it (WHATWG URL, for http and https): a tab or line break
// anywhere in it dropped (a browser strips them from an href, so
// "SEC-44&Tab;71" opens SEC-4471); the host as IDNA reads it for
// lookup ("crbug。com", Unicode or punycode alike), an IPv4 address in
// any form a browser reads ("3221225994"), in lower case, without a
// trailing dot; the scheme's default port (80, 443, with leading zeros
// or not) dropped; '\' read as '/'; the path's escapes decoded, its "."
// and ".." segments ("%2e" and "%2e%2e" too) resolved, its empty
// segments and case ignored; a fragment dropped; and the scheme
// optional. Any link in a text that resolves to the same page, with
// the link's query parameters among its own in any order, is the link.
// So is the link's path alone (with those parameters), wherever it is
// written as a path (with a slash, whole segments, at the end of the
// link that writes it), when it is specific enough to be the record's
// (specificPath): a ticket's path opens the ticket on the tracker's
// host, and names it on any other.
//
// Where the link ends is not sought: the text after its last segment
// (or a parameter's value) is read as the link's unless it continues
// that segment (continues): "SEC-4471—see", "SEC-4471。", "SEC-4471_"
// and "SEC-4471~" show a reader the ticket, whatever page a browser
// would make of them, while "SEC-4471-2", "SEC-44712", "SEC-4471.pdf"
// and "SEC-4471/comments" are other pages.

// privateLink is a private link as a browser resolves it (readLink).
type privateLink struct {
	note *privateText
	resolved
	// specific is true when the path alone is private (specificPath).
	specific bool
	// needles are texts one of which any writing of the link holds, read
	// as linkIn reads a text: its last segment; or, when its path is
	// empty, its host's longest label before the last, in IDNA's ASCII
	// and Unicode forms (none for an address: every text is read). A
	// text with none is not read further.
	needles []string
}

// resolved is a link as a browser resolves it: hasHost is false for a
// path alone (no scheme, and no host name before its first slash).
type resolved struct {
	hasHost, slash bool // slash: the text has a '/' (or '\')
	host, port     string
	segs           []string
	// params is the query's parameters, decoded ("id=4471").
	params []string
}

// specificPath reports whether a link's path, as segs, is specific
// enough to be private alone: two segments or more ("/browse/SEC-4471",
// "/ada/project"). A path of one segment ("/security", "/1234567", a
// profile's "/ada-example" on GitHub, Keybase or GitLab alike, which
// the public roster shows for a member's GitHub) is any site's: it is
// private only after its host.
func specificPath(segs []string) bool { return len(segs) >= 2 }

// privateLinks reads ns's links (evidence, and a note of one word,
// that readLink reads as an http or https link with a host) as a
// browser resolves them.
func (ns *noteSet) privateLinks() []privateLink {
	var out []privateLink
	for k := range ns.notes {
		n := &ns.notes[k]
		if !n.link {
			continue
		}
		r, ok := readLink(strings.ToLower(strings.TrimSpace(n.text)))
		if !ok || !r.hasHost || r.host == "" || !strings.Contains(r.host, ".") {
			continue
		}
		out = append(out, privateLink{note: n, resolved: r, specific: specificPath(r.segs), needles: needlesOf(r)})
	}
	return out
}

// needlesOf is the needles of a link as r (see privateLink).
func needlesOf(r resolved) []string {
	if len(r.segs) > 0 {
		return []string{r.segs[len(r.segs)-1]}
	}
	if _, isAddr, _ := ipv4(r.host); isAddr {
		return nil
	}
	labels := strings.Split(r.host, ".")
	longest := ""
	for _, l := range labels[:len(labels)-1] {
		if len(l) > len(longest) {
			longest = l
		}
	}
	needles := []string{longest}
	if u, err := idna.ToUnicode(longest); err == nil && u != longest {
		needles = append(needles, u)
	}
	return needles
}

// linkIn returns the note whose link one of texts (a text as read,
// and as decoded, both in lower case) writes as a browser resolves it;
// nil when none.
func (ns *noteSet) linkIn(texts ...string) *privateText {
	if len(ns.links) == 0 {
		return nil
	}
	for _, text := range texts {
		if n := ns.linkInText(text); n != nil {
			return n
		}
	}
	return nil
}

// linkInText is linkIn for one text.
func (ns *noteSet) linkInText(text string) *privateText {
	var links []*privateLink
	for k := range ns.links {
		l := &ns.links[k]
		if len(l.needles) == 0 || slices.ContainsFunc(l.needles, func(n string) bool { return strings.Contains(text, n) }) {
			links = append(links, l)
		}
	}
	if len(links) == 0 {
		return nil
	}
	for _, tok := range strings.FieldsFunc(text, linkEnd) {
		tok = strings.TrimRight(tok, ".,;:!?")
		if !strings.ContainsAny(tok, "/\\") && !slices.ContainsFunc(links, func(l *privateLink) bool { return len(l.segs) == 0 }) {
			continue
		}
		for _, l := range links {
			if l.writtenIn(tok) {
				return l.note
			}
		}
	}
	return nil
}

// linkEnd reports whether r ends a link written in text: a space, a
// quote, markup's brackets and the brackets prose sets a link in.
func linkEnd(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune("\"'`<>()[]{}|^", r)
}

// maxLinkStarts bounds where in one run of text without a space a link
// is sought to start: a minified script is one such run.
const maxLinkStarts = 32

// writtenIn reports whether tok, a run of text without a space, writes
// l: read from its start, or from after a sign a link follows in markup
// or prose ("href=", "url:", "see:", a scheme's colon), or from after
// prose in a script without spaces ("详见crbug.com/1234567").
func (l *privateLink) writtenIn(tok string) bool {
	starts := 0
	for i := 0; i < len(tok) && starts < maxLinkStarts; i++ {
		if i > 0 && !strings.ContainsRune("=:,;", rune(tok[i-1])) && !(tok[i-1] >= utf8.RuneSelf && tok[i] < utf8.RuneSelf) {
			continue
		}
		starts++
		if r, ok := readLink(tok[i:]); ok && l.is(r) {
			return true
		}
	}
	return false
}

// is reports whether r opens l's page: the same host, port and path,
// with l's query parameters among r's (in any order); or, when l's
// path is private alone, a link or path whose path ends in it, with
// those parameters too (a script's path, "/secure/ViewIssue.jspa",
// names no ticket without its "?id=").
func (l *privateLink) is(r resolved) bool {
	if r.hasHost && r.host == l.host && r.port == l.port {
		if whole, ok := pathAt(r.segs, len(l.segs)-1, l.segs); ok && l.queryIn(r, whole) {
			return true
		}
	}
	if !l.specific || !r.slash {
		return false
	}
	for end := len(l.segs) - 1; end < len(r.segs); end++ {
		if whole, ok := pathAt(r.segs, end, l.segs); ok && l.queryIn(r, whole) {
			return true
		}
	}
	return false
}

// pathAt reports whether segs writes want with its last segment at
// end: whole when it is segs' last, nothing after it (a longer path is
// another page), its query to compare; else the last written segment
// holds want's last and text that does not continue it, which is
// read as the link's (see above).
func pathAt(segs []string, end int, want []string) (whole, ok bool) {
	start := end - len(want) + 1
	if len(want) == 0 {
		return len(segs) == 0, len(segs) == 0
	}
	if start < 0 || end >= len(segs) || !slices.Equal(segs[start:end], want[:len(want)-1]) {
		return false, false
	}
	last, got := want[len(want)-1], segs[end]
	if got == last {
		return true, end == len(segs)-1
	}
	return false, strings.HasPrefix(got, last) && !continues(got[len(last):])
}

// queryIn reports whether r, whose path writes l's whole or (not
// whole) before prose, holds l's query: r's query holds each of l's
// parameters ("id=4471"), in any order, each whole or followed by text
// that does not continue it; after prose, l has none.
func (l *privateLink) queryIn(r resolved, whole bool) bool {
	if !whole {
		return len(l.params) == 0
	}
	for _, p := range l.params {
		if !slices.ContainsFunc(r.params, func(q string) bool {
			return q == p || strings.HasPrefix(q, p) && !continues(q[len(p):])
		}) {
			return false
		}
	}
	return true
}

// continues reports whether rest, the text after a segment or a
// parameter's value, continues it to another: a letter, digit or mark,
// or one of "-._~" before one ("-team", ".pdf"). Anything else (a
// dash, a CJK full stop, a closing quote, a trailing '_' or '~') ends
// it for a reader.
func continues(rest string) bool {
	word := func(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.IsMark(c) }
	c, n := utf8.DecodeRuneInString(rest)
	if n == 0 {
		return false
	}
	if word(c) {
		return true
	}
	next, _ := utf8.DecodeRuneInString(rest[n:])
	return strings.ContainsRune("-._~", c) && word(next)
}

// readLink reads s, in lower case, as a browser resolves a link (see
// above): ok is false for another scheme's ("mailto:", "javascript:").
// Without a scheme, s has a host when it starts with "//" or what
// stands before its first slash is a host name of two labels or more
// (with a port, or userinfo, or not); else it is a path alone. The
// host ends at a slash, '?' or '#', or at prose (a sign no link holds
// as written: "crbug.com:443—see").
func readLink(s string) (resolved, bool) {
	var r resolved
	rest, web := s, false
	for _, scheme := range []string{"https:", "http:"} {
		if strings.HasPrefix(s, scheme) {
			rest, web = s[len(scheme):], true
			r.port = map[string]string{"https:": "443", "http:": "80"}[scheme]
			break
		}
	}
	if !web && schemeOf(s) != "" {
		return r, false
	}
	r.slash = strings.ContainsAny(rest, "/\\")
	if trimmed := strings.TrimLeft(rest, "/\\"); web || len(rest)-len(trimmed) >= 2 {
		// A web scheme's, or a link relative to the scheme ("//host"):
		// the slashes after it, however many, of either kind.
		rest, r.hasHost = trimmed, true
	}
	end := strings.IndexFunc(rest, func(c rune) bool { return strings.ContainsRune("/\\?#", c) || prose(c) })
	if end < 0 {
		end = len(rest)
	}
	if host, port, labels, ok := hostPort(rest[:end]); ok && (r.hasHost || labels >= 2) {
		r.hasHost, r.host = true, host
		if port != "" && port != "80" && port != "443" || r.port != "" && port != "" && port != r.port {
			r.port = port
		} else {
			r.port = ""
		}
		rest = rest[end:]
		if c, _ := utf8.DecodeRuneInString(rest); prose(c) {
			rest = ""
		}
	} else if r.hasHost {
		return r, false
	}
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		for _, p := range strings.Split(rest[i+1:], "&") {
			if d, err := url.QueryUnescape(p); err == nil {
				p = d
			}
			if p != "" {
				r.params = append(r.params, p)
			}
		}
		rest = rest[:i]
	}
	for _, seg := range strings.FieldsFunc(rest, func(c rune) bool { return c == '/' || c == '\\' }) {
		if d, err := url.PathUnescape(seg); err == nil {
			seg = d
		}
		switch seg {
		case ".":
		case "..":
			if len(r.segs) > 0 {
				r.segs = r.segs[:len(r.segs)-1]
			}
		default:
			r.segs = append(r.segs, seg)
		}
	}
	return r, true
}

// prose reports whether c is a sign no link holds as written, which
// ends a host written in text: not a letter, digit or mark, not
// printable ASCII, not a full stop IDNA reads as a dot.
func prose(c rune) bool {
	return !(c > ' ' && c < utf8.RuneSelf || unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.IsMark(c) || strings.ContainsRune("。．｡", c))
}

// schemeOf is s's scheme with its colon ("mailto:"), or "": letters,
// then letters, digits, '+', '-' or '.', then a colon not followed by a
// digit (a host's port: "example.org:443").
func schemeOf(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			if i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
				return ""
			}
			return s[:i+1]
		default:
			return ""
		}
	}
	return ""
}
