package site

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/idna"
)

// browserIDNA reads a host name as a browser's URL parser does (WHATWG
// "domain to ASCII", UTS 46 not strict): "crbug。com" (U+3002, as
// U+FF0E and U+FF61, is a full stop there) and "tïckets.example.org"
// open the host "crbug.com" and "xn--tckets-iwa.example.org" do, so a
// private link's host is compared in this one form. A browser checks
// neither hyphens ("r3---sn-x" hosts exist) nor STD3's letters ('_'),
// and maps without the transitional rules (ß stays ß).
var browserIDNA = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.Transitional(false),
	idna.StrictDomainName(false), idna.CheckHyphens(false))

// hostPort splits an authority ("user@host:0443") into its host, read
// as a browser reads it (browserHost), and its port without leading
// zeros; labels counts the labels the host is written with (an IPv4
// address in one number has one); ok is false when the host is no host
// a browser opens (a sign a host name does not hold, or nothing).
func hostPort(a string) (host, port string, labels int, ok bool) {
	if i := strings.LastIndexByte(a, '@'); i >= 0 {
		a = a[i+1:]
	}
	if i := strings.LastIndexByte(a, ':'); i >= 0 {
		p := a[i+1:]
		if strings.Trim(p, "0123456789") != "" {
			return "", "", 0, false
		}
		a, port = a[:i], strings.TrimLeft(p, "0")
		if port == "" && p != "" {
			port = "0"
		}
	}
	if d, err := url.PathUnescape(a); err == nil {
		a = d
	}
	host, labels, ok = browserHost(a)
	return host, port, labels, ok
}

// browserHost reads a host name, its escapes decoded, as a browser
// does: IDNA's ASCII form (browserIDNA) without a trailing dot, and an
// IPv4 address in dotted decimal (ipv4); labels counts its labels as
// written, before an address is read.
func browserHost(a string) (host string, labels int, ok bool) {
	if a == "" || strings.ContainsAny(a, " %") {
		return "", 0, false
	}
	h := a
	if !plainHost(a) {
		var err error
		if h, err = browserIDNA.ToASCII(a); err != nil {
			return "", 0, false
		}
	}
	h = strings.TrimSuffix(strings.ToLower(h), ".")
	if h == "" || strings.ContainsFunc(h, func(c rune) bool {
		return !(c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)) || c == '.' || c == '-' || c == '_')
	}) {
		return "", 0, false
	}
	labels = strings.Count(h, ".") + 1
	if addr, isAddr, ok := ipv4(h); isAddr {
		return addr, labels, ok
	}
	return h, labels, true
}

// plainHost reports whether a is a host name IDNA leaves as it is:
// lower-case ASCII letters, digits, '.', '-' and '_', no punycode. Each
// text's every would-be host goes through browserHost, most of them
// that, and IDNA costs far more than this look.
func plainHost(a string) bool {
	return !strings.Contains(a, "xn--") && !strings.ContainsFunc(a, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_')
	})
}

// ipv4 reads h as WHATWG's IPv4 parser does when its last label is a
// number: "3221225994", "0xc0.0.2.10", "192.0.522" and "0300.0.2.10"
// are the address "192.0.2.10" (up to four parts, each decimal, hex
// after "0x", or octal after a '0'; the last fills the bytes the others
// leave). isAddr is false for a host name; ok is false for a number a
// browser refuses (too large, five parts).
func ipv4(h string) (addr string, isAddr, ok bool) {
	parts := strings.Split(h, ".")
	if _, err := ipv4Number(parts[len(parts)-1]); err != nil && strings.Trim(parts[len(parts)-1], "0123456789") != "" {
		return "", false, false
	}
	if len(parts) > 4 {
		return "", true, false
	}
	var n uint64
	for i, p := range parts {
		v, err := ipv4Number(p)
		if err != nil {
			return "", true, false
		}
		if i < len(parts)-1 {
			if v > 255 {
				return "", true, false
			}
			n += v << (8 * (3 - i))
			continue
		}
		if v >= 1<<(8*(5-len(parts))) {
			return "", true, false
		}
		n += v
	}
	return strconv.FormatUint(n>>24, 10) + "." + strconv.FormatUint(n>>16&255, 10) + "." +
		strconv.FormatUint(n>>8&255, 10) + "." + strconv.FormatUint(n&255, 10), true, true
}

// ipv4Number reads one part of an IPv4 address as a browser does:
// "0x" before hex (none is 0), a leading '0' before octal, else decimal.
func ipv4Number(p string) (uint64, error) {
	base := 10
	switch {
	case strings.HasPrefix(p, "0x"):
		p, base = p[2:], 16
		if p == "" {
			return 0, nil
		}
	case len(p) > 1 && p[0] == '0':
		p, base = p[1:], 8
	}
	if p == "" || strings.ContainsAny(p, "+-_") {
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseUint(p, base, 64)
}
