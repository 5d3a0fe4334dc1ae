package site

import (
	"bytes"
	"regexp"
	"strings"
)

// hidden replaces an address in a public site.
const hidden = "[address hidden]"

// atSign matches the ways an '@' is written in text people paste: the
// sign itself, its full-width and small forms, and its HTML, URL and
// JavaScript encodings.
const atSign = `(?:@|＠|﹫|&(?:amp;)?#0*64;?|&(?:amp;)?#[xX]0*40;?|&(?:amp;)?commat;|%(?:25)?40|\\u0040|\\u\{0*40\}|\\x40|\\100)`

// tokenChars are the characters of a word that may hold an address:
// everything but space and the brackets and quotes that surround one.
const tokenChars = `[^\s<>"'(),\[\]{}` + "`" + `]`

// addressToken finds a word with an '@' in it, in any of its spellings.
var addressToken = regexp.MustCompile(`(?i)` + tokenChars + `*` + atSign + tokenChars + `*`)

// atSplit finds the '@' within such a word.
var atSplit = regexp.MustCompile(`(?i)` + atSign)

// spelledAt is an '@' as people write one to get past a search for it:
// the sign (in any spelling) or the word "at" in brackets or quotes, or
// the sign set apart by spaces.
const spelledAt = `(?:\s*[\[\(\{<"'` + "`" + `]\s*(?:` + atSign + `|at)\s*[\]\)\}>"'` + "`" + `]\s*|\s+` + atSign + `\s*|` + atSign + `\s+)`

// spelledDot is a dot of a domain as people write one: '.', its
// ideographic and full-width forms, or "dot" in brackets.
const spelledDot = `(?:\s*(?:[.。．｡]|[\[\(\{<]\s*dot\s*[\]\)\}>])\s*)`

// spelledAddress finds an address written out of shape: alice[@]example.org,
// bob @ example.org, carol(at)example。org.
var spelledAddress = regexp.MustCompile(`(?i)[\p{L}\p{N}._%+\-]+` + spelledAt + `[\p{L}\p{N}\-]+(?:` + spelledDot + `[\p{L}\p{N}\-]+)+`)

// scrub removes every email address from untrusted text for a public
// site. It is deliberately greedy: an address written out of shape
// (spelledAddress) is replaced whole, and any word with an '@' inside it
// is replaced, whatever follows, unless it is a bare "@handle" mention
// (an '@' first, a handle after it, and no dot), which names a GitHub
// account, not a mailbox; a lone '@' is replaced too.
func scrub(s string) string {
	s = spelledAddress.ReplaceAllString(s, hidden)
	if !strings.ContainsAny(s, "@＠﹫&%\\") {
		return s
	}
	return addressToken.ReplaceAllStringFunc(s, func(tok string) string {
		loc := atSplit.FindStringIndex(tok)
		if loc != nil && loc[0] == 0 && loc[1] < len(tok) && !strings.ContainsAny(tok[loc[1]:], ".%&@＠﹫\\") {
			return tok
		}
		return hidden
	})
}

// atForms are the spellings of '@' the public check looks for, lower
// case; the input is compared case-insensitively.
var atForms = []string{"@", "＠", "﹫", "&commat;", "%40", `\u0040`, `\x40`}

// domainAfter matches the domain of an address, right after its '@'.
var domainAfter = regexp.MustCompile(`^[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+`)

// findAddress returns where data holds something like an email address,
// as html/template or a URL may have encoded it: an '@' in any spelling
// followed by a domain of two labels or more. It looks only where such a
// sign can start, so that checking a large site costs little.
func findAddress(data []byte) []int {
	for at, c := range data {
		// The first byte of every form: '＠' and '﹫' start with 0xEF.
		if c != '@' && c != '&' && c != '%' && c != '\\' && c != 0xef {
			continue
		}
		end := atEnd(data, at)
		if end == at {
			continue
		}
		if m := domainAfter.Find(data[end:min(len(data), end+256)]); m != nil {
			start := at
			for start > 0 && at-start < 64 && !isSpaceOrMarkup(data[start-1]) {
				start--
			}
			return []int{start, end + len(m)}
		}
	}
	return nil
}

// atEnd returns the end of the '@' written at data[at:], or at when none
// starts there: the sign itself, one of atForms, or a numeric character
// reference to it (&#64; &#064 &#x40; ...).
func atEnd(data []byte, at int) int {
	rest := data[at:]
	for _, f := range atForms {
		if len(rest) >= len(f) && bytes.EqualFold(rest[:len(f)], []byte(f)) {
			return at + len(f)
		}
	}
	if len(rest) < 3 || rest[0] != '&' || rest[1] != '#' {
		return at
	}
	k, want := 2, "64"
	if rest[k] == 'x' || rest[k] == 'X' {
		k, want = 3, "40"
	}
	for k < len(rest) && rest[k] == '0' {
		k++
	}
	if !bytes.HasPrefix(rest[k:], []byte(want)) {
		return at
	}
	k += len(want)
	if k < len(rest) && rest[k] >= '0' && rest[k] <= '9' {
		return at // &#640; is another character
	}
	if k < len(rest) && rest[k] == ';' {
		k++
	}
	return at + k
}

func isSpaceOrMarkup(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '>' || c == '<' || c == '"' || c == '\''
}
