package members

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/roster-dev/roster/internal/visible"
	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// Address is a syntactically valid email address, as written, split at its
// '@'. Every comparison of addresses in roster goes through Identity or
// Mailbox, never through the raw spelling.
type Address struct {
	Local, Domain string
	raw           string // as written, returned by Identity when already canonical
}

// ErrInvalidEmail is wrapped by every error ParseAddress returns.
var ErrInvalidEmail = errors.New("invalid email address")

// ParseAddress checks that s is an address Google Groups can hold: a
// dot-atom local part, '@', and a domain of at least two labels. It accepts
// internationalised letters (RFC 6531), which policies reject unless they
// allow them, but never invisible, control or symbol characters that only
// serve to make one address look like another. An internationalised
// domain, written in Unicode or as punycode ("xn--"), must be one that
// IDNA lookup accepts (golang.org/x/net/idna, profile Lookup).
func ParseAddress(s string) (Address, error) {
	bad := func(format string, args ...any) (Address, error) {
		return Address{}, fmt.Errorf("%w %q: %s", ErrInvalidEmail, s, fmt.Sprintf(format, args...))
	}
	if s == "" {
		return bad("empty")
	}
	if !utf8.ValidString(s) {
		return bad("not valid UTF-8")
	}
	if strings.TrimSpace(s) != s {
		return bad("leading or trailing space")
	}
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			return bad("quoted local parts are not supported by Google Groups")
		case r == ' ' || r == '<' || r == '>' || r == ',' || r == ';' || r == '(' || r == ')' || r == '[' || r == ']' || r == ':':
			return bad("%q is not allowed; write the bare address, without a display name", r)
		case r < 0x20 || r == 0x7f:
			return bad("control character %U", r)
		case visible.Invisible(r):
			// A combining grapheme joiner or a variation selector is a
			// mark, but shows nothing: one mailbox, written with and
			// without it, would print the same and be two entries.
			return bad("character %U %s is not allowed", r, describeRune(r))
		case r >= utf8.RuneSelf && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r):
			// Fullwidth '＠', zero-width joiners, bidi controls, lookalike
			// punctuation: none belong in a mailbox name.
			return bad("character %U %s is not allowed", r, describeRune(r))
		}
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return bad("no '@'")
	}
	local, domain := s[:at], s[at+1:]
	if strings.IndexByte(local, '@') >= 0 {
		return bad("more than one '@'")
	}
	if err := checkLocal(local); err != "" {
		return bad("%s", err)
	}
	if err := checkDomain(domain); err != "" {
		return bad("%s", err)
	}
	if err := checkIDN(domain); err != "" {
		return bad("%s", err)
	}
	a := Address{Local: local, Domain: domain, raw: s}
	if !isASCII(local) && len(canonicalLocal(local)) > 64 {
		// Normalisation can lengthen a few characters; the limit is
		// on the form Google compares.
		return bad("the part before '@' is longer than 64 bytes in Unicode normal form C")
	}
	return a, nil
}

// checkIDN checks the labels of a domain that IDNA applies to: non-ASCII
// labels and punycode ("xn--") labels. Plain ASCII labels were checked
// above and are left as they are (IDNA would refuse "ab--cd", which DNS
// serves).
func checkIDN(domain string) string {
	if !needsIDNA(domain) {
		return ""
	}
	total := 0
	for _, l := range strings.Split(domain, ".") {
		ascii := l
		if needsIDNA(l) {
			var err error
			if ascii, err = idna.Lookup.ToASCII(l); err != nil {
				return fmt.Sprintf("the domain %q is not a valid internationalised domain name (%v)", domain, err)
			}
			if isASCII(l) && ascii != strings.ToLower(l) {
				// Two punycode spellings of one name would be two
				// identities.
				return fmt.Sprintf("the domain label %q is not in the form IDNA writes it; write %q", l, ascii)
			}
		}
		if len(ascii) > 63 {
			return "a domain label is longer than 63 bytes in its ASCII (punycode) form"
		}
		total += len(ascii) + 1
	}
	if total-1 > 253 {
		return "the domain is longer than 253 bytes in its ASCII (punycode) form"
	}
	return ""
}

// needsIDNA reports whether a domain has a non-ASCII label or a punycode
// label ("xn--" in any case).
func needsIDNA(domain string) bool {
	for i := 0; i < len(domain); i++ {
		if domain[i] >= utf8.RuneSelf {
			return true
		}
	}
	return hasACELabel(domain)
}

// hasACELabel reports whether an ASCII domain has a label starting with
// "xn--", the prefix of punycode, in any case.
func hasACELabel(domain string) bool {
	for i := 0; i+4 <= len(domain); i++ {
		if domain[i+2] == '-' && domain[i+3] == '-' && (domain[i]|0x20) == 'x' && (domain[i+1]|0x20) == 'n' && (i == 0 || domain[i-1] == '.') {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func checkLocal(local string) string {
	switch {
	case local == "":
		return "nothing before '@'"
	case len(local) > 64:
		return "the part before '@' is longer than 64 bytes"
	case local[0] == '.' || local[len(local)-1] == '.':
		return "the part before '@' starts or ends with '.'"
	case strings.Contains(local, ".."):
		return "'..' in the part before '@'"
	}
	for _, r := range local {
		if r < utf8.RuneSelf && !isAtext(byte(r)) && r != '.' {
			return fmt.Sprintf("%q is not allowed before '@'", r)
		}
	}
	return ""
}

func isAtext(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

func checkDomain(domain string) string {
	switch {
	case domain == "":
		return "nothing after '@'"
	case len(domain) > 253:
		return "the domain is longer than 253 bytes"
	case strings.HasSuffix(domain, "."):
		return "the domain ends with '.'"
	}
	if !strings.Contains(domain, ".") {
		return fmt.Sprintf("the domain %q has no '.'; write the full domain, like example.org", domain)
	}
	tld := ""
	for rest := domain; rest != ""; {
		l, after, _ := strings.Cut(rest, ".")
		rest, tld = after, l
		switch {
		case l == "":
			return "empty label ('..') in the domain"
		case len(l) > 63:
			return "a domain label is longer than 63 bytes"
		case l[0] == '-' || l[len(l)-1] == '-':
			return fmt.Sprintf("domain label %q starts or ends with '-'", l)
		}
		for _, r := range l {
			if r < utf8.RuneSelf && !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return fmt.Sprintf("%q is not allowed in the domain", r)
			}
		}
	}
	if strings.Trim(tld, "0123456789") == "" {
		return "the domain ends in a number; IP-address literals are not supported"
	}
	return ""
}

// String returns the address as written.
func (a Address) String() string { return a.Local + "@" + a.Domain }

// Identity is the key under which Google treats two spellings as one
// member: case-folded, and for Gmail the dots of the local part dropped and
// googlemail.com read as gmail.com. Google answers 409 "Member already
// exists" for such a twin (kubernetes/k8s.io#7962), so plan and sync match
// live and file members by this key, and a re-run never churns a member
// between two spellings.
//
// The same mailbox can also be written with its accents precomposed or
// decomposed ("é" as U+00E9 or as "e" and U+0301) and with its domain in
// Unicode or in punycode ("bücher.de", "xn--bcher-kva.de"); Identity reads
// the local part in Unicode normal form C and the domain in its ASCII
// (punycode) form, so every spelling has one key.
func (a Address) Identity() string {
	if a.raw != "" && isCanonical(a.raw) {
		return a.raw // the common case, without allocating
	}
	local := canonicalLocal(a.Local)
	domain := mailDomain(a.Domain)
	if domain == "gmail.com" {
		local = strings.ReplaceAll(local, ".", "")
	}
	return local + "@" + domain
}

// canonicalLocal is a local part in lower case and Unicode normal form C
// (normalised before and after lower-casing, which can decompose). A
// character that either would turn into ASCII (the Kelvin sign, 'İ') is
// kept as written (foldsIntoASCII).
func canonicalLocal(local string) string {
	if isASCII(local) {
		return strings.ToLower(local)
	}
	if kept, ok := keepLookAlikes(local, foldsIntoASCII, foldLocal); ok {
		return kept
	}
	return foldLocal(local)
}

// foldLocal is the case fold in form C, keeping a letter whose lower
// case is ASCII ('İ', composed from an I and a dot above): it is
// foldsIntoASCII's case once composed. A letter with two lower cases
// folds to the one its upper case lowers to: the final sigma 'ς' is
// 'σ' ("ΝΊΚΟΣ" is "νίκος"), 'ϑ' is 'θ'; one whose upper case lowers to
// ASCII ('ſ', 'ı') is a look-alike and stays as written.
func foldLocal(s string) string {
	return norm.NFC.String(strings.Map(func(r rune) rune {
		l := unicode.ToLower(r)
		switch {
		case r < utf8.RuneSelf:
			return l
		case l < utf8.RuneSelf:
			return r
		}
		if f := unicode.ToLower(unicode.ToUpper(r)); f >= utf8.RuneSelf {
			return f
		}
		return l
	}, norm.NFC.String(s)))
}

// canonicalDomain is a domain in lower case and, when internationalised,
// in its ASCII (punycode) form. A domain IDNA refuses (ParseAddress
// refuses it too) is only lower-cased and normalised.
func canonicalDomain(domain string) string {
	if !needsIDNA(domain) {
		return strings.ToLower(domain)
	}
	labels := strings.Split(domain, ".")
	for i, l := range labels {
		if needsIDNA(l) && strings.IndexFunc(l, foldsIntoASCIIDomain) < 0 {
			// Composed first: "I" and a combining dot above is 'İ', a
			// look-alike kept as written, and must be whichever way it
			// was typed. Not a label that holds a look-alike already:
			// composing would turn the Kelvin sign into the K it imitates.
			l = norm.NFC.String(l)
		}
		if !needsIDNA(l) {
			labels[i] = strings.ToLower(l)
		} else if kept, ok := keepLookAlikes(l, foldsIntoASCIIDomain, foldLocal); ok {
			// IDNA would map a fullwidth or Kelvin letter to ASCII: the
			// label would take the identity of the one it imitates.
			labels[i] = kept
		} else if ascii, err := idna.Lookup.ToASCII(l); err == nil {
			labels[i] = strings.ToLower(ascii)
		} else {
			labels[i] = norm.NFC.String(strings.ToLower(l))
		}
	}
	return strings.Join(labels, ".")
}

// isCanonical reports whether an address is already its own Identity:
// lower-case ASCII and not at a Gmail domain. A punycode domain is
// canonical once ParseAddress has checked it: IDNA turns a valid
// lower-case "xn--" label into itself.
func isCanonical(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf {
			return false
		}
	}
	return !strings.HasSuffix(s, "@gmail.com") && !strings.HasSuffix(s, "@googlemail.com")
}

// Mailbox is the key under which two spellings reach one inbox: Identity
// with a "+tag" dropped. Two members of the file with the same Mailbox are
// one person entered twice.
func (a Address) Mailbox() string {
	id := a.Identity()
	if !strings.Contains(id, "+") {
		return id
	}
	at := strings.LastIndexByte(id, '@')
	local := id[:at]
	if plus := strings.IndexByte(local, '+'); plus > 0 {
		local = local[:plus]
	}
	return local + id[at:]
}

// NonASCII returns the first character outside ASCII, if there is one,
// reading a punycode ("xn--") domain label as the Unicode it encodes: a
// domain spelled in punycode is no more plain ASCII than its Unicode
// spelling.
func (a Address) NonASCII() (rune, bool) {
	for _, part := range [2]string{a.Local, a.Domain} {
		for _, r := range part {
			if r >= utf8.RuneSelf {
				return r, true
			}
		}
	}
	if hasACELabel(a.Domain) {
		for _, r := range unicodeDomain(a.Domain) {
			if r >= utf8.RuneSelf {
				return r, true
			}
		}
	}
	return 0, false
}

// unicodeDomain is a domain with its punycode labels decoded, for
// checks that must see what a reader of the domain sees. A label that
// does not decode is kept as written (ParseAddress refuses it).
func unicodeDomain(domain string) string {
	labels := strings.Split(domain, ".")
	for i, l := range labels {
		if !hasACELabel(l) {
			continue
		}
		if u, err := idna.Lookup.ToUnicode(l); err == nil {
			labels[i] = u
		} else if u, err := idna.Punycode.ToUnicode(l); err == nil {
			labels[i] = u
		}
	}
	return strings.Join(labels, ".")
}

// Confusable describes why the address could be mistaken for another one:
// a local part or domain label that mixes letters of different scripts,
// such as a Cyrillic 'а' among Latin letters. A punycode ("xn--") label
// is judged by the Unicode it encodes. It returns "" when there is no
// such mix.
func (a Address) Confusable() string {
	ace := hasACELabel(a.Domain)
	if _, ok := a.NonASCII(); !ok && !ace {
		return "" // ASCII letters are all Latin
	}
	if s := asciiLookAlike(a.String()); s != "" {
		return s
	}
	if s := mixedScripts(a.Local); s != "" {
		return fmt.Sprintf("%q mixes %s letters", a.Local, s)
	}
	for _, l := range strings.Split(a.Domain, ".") {
		decoded := l
		if hasACELabel(l) {
			decoded = unicodeDomain(l)
		}
		if s := mixedScripts(decoded); s != "" {
			if decoded != l {
				return fmt.Sprintf("%q (%s) mixes %s letters", l, decoded, s)
			}
			return fmt.Sprintf("%q mixes %s letters", l, s)
		}
	}
	return ""
}

var scripts = []struct {
	name  string
	table *unicode.RangeTable
}{
	{"Latin", unicode.Latin}, {"Cyrillic", unicode.Cyrillic}, {"Greek", unicode.Greek},
	{"Armenian", unicode.Armenian}, {"Cherokee", unicode.Cherokee}, {"Hebrew", unicode.Hebrew},
	{"Arabic", unicode.Arabic}, {"Han", unicode.Han}, {"Hangul", unicode.Hangul},
	{"Devanagari", unicode.Devanagari}, {"Thai", unicode.Thai},
}

func scriptOf(r rune) string {
	for _, s := range scripts {
		if unicode.Is(s.table, r) {
			return s.name
		}
	}
	return "other"
}

func mixedScripts(s string) string {
	first := ""
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		sc := scriptOf(r)
		if first == "" {
			first = sc
		} else if sc != first {
			return first + " and " + sc
		}
	}
	return ""
}

func describeRune(r rune) string {
	switch {
	case visible.Invisible(r):
		return "(an invisible character)"
	case unicode.IsSpace(r):
		return "(a space)"
	case r >= 0xFF00 && r <= 0xFFEF:
		return "(a fullwidth form)"
	}
	return "(" + scriptOf(r) + " symbol)"
}

// DescribeRune names a character for messages about addresses, such as
// "U+0430 (Cyrillic)", so that a reviewer can see what the eye cannot.
func DescribeRune(r rune) string {
	return fmt.Sprintf("%U (%s)", r, scriptOf(r))
}

// IdentityOf returns the Identity of a string that may not parse, such as
// an address a live group returned. It falls back to the case-folded
// string in Unicode normal form C, so that unusual live members still
// compare consistently.
func IdentityOf(s string) string {
	a, err := ParseAddress(s)
	if err != nil {
		return canonicalLocal(s)
	}
	return a.Identity()
}

// MailboxOf returns the Mailbox of a string that may not parse, falling
// back as IdentityOf does.
func MailboxOf(s string) string {
	a, err := ParseAddress(s)
	if err != nil {
		return canonicalLocal(s)
	}
	return a.Mailbox()
}

// mailDomain is the domain a mailbox is known by (canonicalDomain, and
// googlemail.com as gmail.com: one inbox under either name).
func mailDomain(domain string) string {
	if d := canonicalDomain(domain); d != "googlemail.com" {
		return d
	}
	return "gmail.com"
}

// inboxDomains are the domains under which a mail provider delivers one
// user's inbox, each read as the first of its family: a policy that
// denies one denies the same inbox written another way. (Identity folds
// only googlemail.com, which Google itself reads as gmail.com: to Google
// Groups jane@me.com and jane@icloud.com are two members.)
var inboxDomains = map[string]string{
	"me.com": "icloud.com", "mac.com": "icloud.com",
	"protonmail.ch": "protonmail.com", "proton.me": "protonmail.com", "pm.me": "protonmail.com",
	"ya.ru": "yandex.ru", "yandex.com": "yandex.ru", "yandex.by": "yandex.ru", "yandex.kz": "yandex.ru", "yandex.ua": "yandex.ru",
}

// inboxDomain is mailDomain with the other names of one provider's
// inboxes read as one (inboxDomains).
func inboxDomain(domain string) string {
	d := mailDomain(domain)
	if same, ok := inboxDomains[d]; ok {
		return same
	}
	return d
}

// DomainMatches reports whether domain is pattern or a subdomain of it,
// compared case-insensitively, with internationalised names in their
// ASCII (punycode) form, and the domains one provider delivers one inbox
// under as one (googlemail.com as gmail.com, me.com as icloud.com,
// proton.me as protonmail.com: inboxDomains): "lists.Example.org"
// matches "example.org", "bücher.de" matches "xn--bcher-kva.de",
// "googlemail.com" matches "gmail.com", "badexample.org" does not. A
// policy that denies gmail.com must deny the same inbox written the
// other way.
func DomainMatches(domain, pattern string) bool {
	pattern = inboxDomain(strings.TrimPrefix(pattern, "@"))
	// The domain and each domain it is under, each read as the inbox
	// domain it names: mail.me.com is under me.com, which is icloud.com.
	for d := mailDomain(domain); ; {
		if inboxDomain(d) == pattern {
			return true
		}
		i := strings.IndexByte(d, '.')
		if i < 0 {
			return false
		}
		d = d[i+1:]
	}
}

// DomainRefused reports whether p refuses an address at domain: denied
// (a denied_domains entry matches it), or not allowed (p has
// allowed_domains, and none matches). validate and the edit commands
// ask it alike, so that an edit refuses what validate would.
func (p *Policy) DomainRefused(domain string) (denied, notAllowed bool) {
	for _, d := range p.DeniedDomains {
		denied = denied || DomainMatches(domain, d)
	}
	if len(p.AllowedDomains) > 0 {
		notAllowed = true
		for _, d := range p.AllowedDomains {
			notAllowed = notAllowed && !DomainMatches(domain, d)
		}
	}
	return denied, notAllowed
}
