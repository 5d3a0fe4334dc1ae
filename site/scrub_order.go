package site

import (
	"strings"
	"unicode/utf8"
)

// Addresses whose '@' is a sign with no space around it, empty
// brackets, or the sign's code in brackets, and addresses written
// domain first (s12-22b finding 3). Each needs a local part with a dot
// between letters, lower case, that is no domain itself (dottedLocal),
// or any mailbox's local part before a mail provider's domain, and a
// domain with a real ending: "k8s (kubernetes.io)", "Node.js/Deno",
// "LWN.net, kernel.org" and "Maintainer (kernel.org)" stay.

// signLocal and signDomain are a local part and a domain as these
// readers take them.
const (
	signLocal  = `([\p{L}\p{N}][\p{L}\p{N}._%\-]*[\p{L}\p{N}])`
	signDomain = `((?:[\p{L}\p{N}][\p{L}\p{N}\-]*\.)+(?:xn--[\p{L}\p{N}\-]+|\p{L}{2,11}))`
)

var (
	// gluedSign is a local part, a sign or emptied brackets where the
	// '@' was, and a domain, with no space between: "jane.doe&zorbix.io",
	// "jane.doe()zorbix.io".
	gluedSign = lazyRE(`(?:^|[^\p{L}\p{N}._%+\-])` + signLocal +
		`(?:[&~*^$=|/:;,+?<>!#%]|\(\)|\[\]|<>|\{\})` + signDomain + `(?:[^\p{L}\p{N}\-]|$)`)
	// bracketedDomain is a local part and its domain in brackets:
	// "jane.doe (zorbix.io)". A name or a word before one is an
	// affiliation ("Maintainer (kernel.org)"); a mailbox's local part
	// before one is its address.
	bracketedDomain = lazyRE(`(?:^|[^\p{L}\p{N}._%+\-])` + signLocal +
		`\s*[(\[{<]\s*` + signDomain + `\s*[)\]}>]`)
	// domainFirst is a domain, then a sign pointing back or setting it
	// apart, then the local part: "gmail.com ← jdoe1", "zorbix.io /
	// jane.doe", "zorbix.io: jane.doe", and the signs of routes that
	// name the host first ("zorbix.io!jane.doe", as UUCP's bang path).
	// Not '#': after a host it starts a link's fragment
	// ("python.org#os.path").
	domainThenLocal = lazyRE(`(?:^|[^\p{L}\p{N}._%+\-@])` + signDomain +
		`\s*(?:[←⟵⇐⬅⇠↤]+[-–—]*|<-+|<=+|[/:|!%])\s*` + signLocal + `(?:[^\p{L}\p{N}._%+\-@]|$)`)
	// bracketedAtCode is the '@' written as its code in brackets, or as
	// a call that makes it: "(0x40)", "[64]", "<U+0040>", "chr(0x40)".
	bracketedAtCode = lazyRE(`(?i)(?:chr|char|fromcharcode)?\s*[(\[{<]\s*(?:0x0*40|\\x40|u\+0*40|\\u0*40|&#0*64;|&#x0*40;|0*64|0o?100)\s*[)\]}>]`)
)

// addressByOrder reports whether s holds an address written so.
func addressByOrder(s string) bool {
	// Cheapest first: this is asked of every field, in every reading.
	brackets := strings.ContainsAny(s, "([{<")
	if brackets && (strings.Contains(s, "40") || strings.Contains(s, "64") || strings.Contains(s, "100")) &&
		bracketedAtCode.MatchString(s) && spellsRead(bracketedAtCode.ReplaceAllString(s, " @ ")) {
		return true
	}
	if !strings.Contains(s, ".") {
		return false
	}
	if !mayGlue(s) && !brackets && !strings.ContainsAny(s, "/:|!%←⟵⇐⬅⇠↤") {
		return false
	}
	for _, m := range gluedSign.FindAllStringSubmatch(s, -1) {
		if signedLocal(m[1], m[2]) && domainEnds(m[2]) {
			return true
		}
	}
	for _, m := range bracketedDomain.FindAllStringSubmatch(s, -1) {
		if signedLocal(m[1], m[2]) && domainEnds(m[2]) {
			return true
		}
	}
	for _, m := range domainThenLocal.FindAllStringSubmatch(s, -1) {
		if signedLocal(m[2], m[1]) && domainEnds(m[1]) {
			return true
		}
	}
	return false
}

// mayGlue reports whether s has a sign of gluedSign, or a pair of
// brackets, between a letter or digit and another.
func mayGlue(s string) bool {
	for i := 1; i+1 < len(s); i++ {
		if !strings.ContainsRune("&~*^$=|/:;,+?<>!#%()[]{}", rune(s[i])) || !isAlnum(s[i-1]) {
			continue
		}
		if isAlnum(s[i+1]) || i+2 < len(s) && isAlnum(s[i+2]) {
			return true
		}
	}
	return false
}

// isAlnum reports whether the byte c is an ASCII letter or digit, or a
// byte of a letter beyond ASCII.
func isAlnum(c byte) bool {
	return c >= utf8.RuneSelf || isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'z'
}

// signedLocal reports whether local is a mailbox's local part at domain
// and no domain itself: "jane.doe", or "jdoe1" at a mail provider; not
// "kernel.org", nor "k8s" or "v8" before a project's domain.
func signedLocal(local, domain string) bool {
	if !mailboxLike(local) {
		return false
	}
	first, _, _ := strings.Cut(strings.ToLower(domain), ".")
	if !innerDot.MatchString(local) && !isMailProvider(first) {
		return false
	}
	if i := strings.LastIndexByte(local, '.'); i >= 0 && realEnding(local[i+1:]) {
		return false
	}
	return true
}

// domainEnds reports whether domain ends in a real ending, and is no
// file's name ("setup.py").
func domainEnds(domain string) bool {
	end := domain[strings.LastIndexByte(domain, '.')+1:]
	lower := strings.ToLower(end)
	return realEnding(end) && !notTLDs[lower] && !fileTypes[lower]
}
