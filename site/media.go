package site

import (
	"bytes"
	"compress/zlib"
	"html"
	"io"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// mediaTextLimit bounds what one file's compressed text chunks or font
// tables may inflate to, all together: a zip bomb in an image is no way
// to stall a build (one that would inflate past it is refused).
const mediaTextLimit = 16 << 20

// mediaText is an image or a font as text to read for addresses: all of
// it but its compressed pixels and glyph outlines, whose bytes spell an
// address's shape by chance often enough to refuse an ordinary logo or
// font (media_read.go says, format by format, what is left out), the
// compressed parts that hold text inflated; of a format it does not know
// (WebP, BMP, AVIF), its bytes. False for a WOFF2 font, whose tables are
// Brotli-compressed (no reader in Go's library), and for a compressed
// part that does not inflate: either could hide an address.
//
// A format's reader is used only for a file named as that format is
// (GitHub Pages serves a file by its name: one named contact.html that
// starts as an image does is a page, and is read whole).
func mediaText(name string, data []byte) ([]byte, bool) {
	ext := strings.ToLower(path.Ext(name))
	is := func(exts ...string) bool { return slices.Contains(exts, ext) }
	switch {
	case bytes.HasPrefix(data, []byte("wOF2")):
		return nil, false
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) && is(".png", ".apng"):
		return pngText(data)
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")) && is(".jpg", ".jpeg", ".jpe", ".jfif"):
		return jpegText(data)
	case (bytes.HasPrefix(data, []byte("GIF87a")) || bytes.HasPrefix(data, []byte("GIF89a"))) && is(".gif"):
		return gifText(data)
	case bytes.HasPrefix(data, []byte("\x00\x00\x01\x00")) && is(".ico"):
		return icoText(data)
	case bytes.HasPrefix(data, []byte("wOFF")) && is(".woff"):
		return woffText(data)
	case (bytes.HasPrefix(data, []byte("\x00\x01\x00\x00")) || bytes.HasPrefix(data, []byte("OTTO"))) && is(".ttf", ".otf"):
		return sfntText(data)
	}
	return data, true
}

// inflater inflates a file's zlib streams within one budget of
// mediaTextLimit bytes for them all.
type inflater struct{ left int }

func newInflater() *inflater { return &inflater{left: mediaTextLimit} }

// inflateRest is a zlib stream inflated, and how many bytes of z follow
// the stream's end; false when it does not inflate, or would take the
// file past its budget.
func (in *inflater) inflateRest(z []byte) (text []byte, rest int, ok bool) {
	src := bytes.NewReader(z) // a ByteReader: the stream reads no byte past its end
	r, err := zlib.NewReader(src)
	if err != nil {
		return nil, 0, false
	}
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, int64(in.left)+1))
	if err != nil || len(out) > in.left {
		return nil, 0, false
	}
	in.left -= len(out)
	return out, src.Len(), true
}

// privateIn returns what a file kept in a public roster's directory
// shows of in's private side, read as the pages' fields are: one of the
// file's addresses written out of shape (the readers that hide a field
// spelling one), or the text of a vetting note or evidence; "" when
// nothing. A file the build did not write is read no less than a field.
// An address is named by whose it is (addressOwner), never quoted.
func privateIn(in Input) func(string) string {
	if !in.Public {
		return func(string) string { return "" }
	}
	var known *knownAddresses
	var notes *noteSet
	var addrs []string
	owner := addressOwner(in)
	byDomain := map[string]map[string]bool{} // the addresses, by domain: local parts
	return func(text string) string {
		if known == nil {
			known = newKnownAddresses(in.File, in.Events)
			for _, a := range in.Known {
				known.add(a)
			}
			addrs = append(addrs, in.Known...)
			for _, m := range in.File.Members {
				addrs = append(addrs, m.Email)
			}
			for _, a := range addrs {
				if local, domain, ok := strings.Cut(strings.ToLower(a), "@"); ok && local != "" && domain != "" {
					if byDomain[domain] == nil {
						byDomain[domain] = map[string]bool{}
					}
					byDomain[domain][local] = true
				}
			}
			notes = privateNotes(in)
		}
		// In windows that overlap by more than an address is long: a
		// reading of a big file all at once held gigabytes.
		for start := 0; start < len(text); start += spellWindow {
			end := min(len(text), start+spellWindow+spellOverlap)
			if known.spells(text[start:end]) {
				return "one of the members file's addresses" + ownedBy(owner(text[start:end])) + ", written out of shape"
			}
		}
		// As written, too: in the bytes of an image's pixels, which the
		// readings of a page's text do not take for one.
		if a := literally(strings.ToLower(strings.ReplaceAll(text, "\x00", "")), byDomain); a != "" {
			return "one of the members file's addresses" + ownedBy(owner(a))
		}
		// As shown, and as markup holds it (an href, an alt or title
		// attribute), which the text shown drops.
		if n := notes.in(text); n != nil {
			return "the text of a vetting note or evidence (" + n.what + ")"
		}
		return ""
	}
}

// literally returns the address of those byDomain names that text
// holds as written, or "": at each '@', each domain that follows it,
// and the local parts that end before it (at most 64 letters, looked
// up).
func literally(text string, byDomain map[string]map[string]bool) string {
	for at := strings.IndexByte(text, '@'); at >= 0; {
		after := text[at+1:]
		for domain, locals := range byDomain {
			if !strings.HasPrefix(after, domain) {
				continue
			}
			for n := 1; n <= min(64, at); n++ {
				if locals[text[at-n:at]] {
					return text[at-n:at] + "@" + domain
				}
			}
		}
		next := strings.IndexByte(after, '@')
		if next < 0 {
			break
		}
		at += 1 + next
	}
	return ""
}

// spellWindow and spellOverlap are the windows a kept file is read in
// for the members file's addresses.
const (
	spellWindow  = 1 << 20
	spellOverlap = 4 << 10
)

// noteText is text as a note is compared, as a person reads it where it
// is shown: bytes that are not UTF-8 read as Latin-1 (a PNG's text), NUL
// bytes dropped (UTF-16 in a font's name table), HTML entities decoded
// and tags dropped (a word in bold is still the word), characters that
// show nothing dropped (a soft hyphen, a zero-width space), composed
// (NFC), a quote's '>' at the start of a line dropped, quotes of every
// kind one, spaces and line breaks between words one space, in lower
// case (a README wraps and a page escapes what it copies).
func noteText(s string) string { return noteReading(s, tagsDropped) }

// tagReading is how noteReading reads a tag. A note split by markup is
// read both ways: a tag inside a word is no gap ("<b>maint</b>ainer"),
// one between words is ("network<br>stack", "</td><td>", two SVG
// <text> elements), and which a page means cannot be told from it.
type tagReading int

const (
	// tagsDropped reads a tag as nothing: a word split by one is whole.
	tagsDropped tagReading = iota
	// tagsSpaced reads a tag as a space: the words either side of a
	// line break, a paragraph's or a cell's end are apart.
	tagsSpaced
	// tagsKept reads what markup holds too: an href, an alt or title
	// attribute, which a browser shows as a tooltip or in place of an
	// image.
	tagsKept
)

// noteQuotes reads every kind of quote as one, and drops Markdown's
// emphasis, which a page renders away (**FOSDEM**). Made once: a
// history whose every commit rewrites every note reads each of them.
var noteQuotes = strings.NewReplacer("\u2018", "'", "\u2019", "'", "\u201a", "'", "\u2032", "'", "`", "", "\u201c", "\"", "\u201d", "\"", "\u201e", "\"",
	"*", "", "~~", "")

// noteReading is noteText, with tags read as tags says.
func noteReading(s string, tags tagReading) string {
	if !utf8.ValidString(s) {
		var b strings.Builder
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				r = rune(s[i])
			}
			b.WriteRune(r)
			i += n
		}
		s = b.String()
	}
	s = strings.ReplaceAll(s, "\x00", "")
	s = html.UnescapeString(s)
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if tags != tagsKept && r == '<' && i+1 < len(s) && (s[i+1] == '/' || s[i+1] == '!' || s[i+1] >= 'a' && s[i+1] <= 'z' || s[i+1] >= 'A' && s[i+1] <= 'Z') {
			// A tag: what it says is markup, not text shown.
			if end := strings.IndexByte(s[i:min(len(s), i+256)], '>'); end > 0 {
				if tags == tagsSpaced {
					b.WriteByte(' ')
				}
				i += end + 1
				continue
			}
		}
		if !unicode.Is(unicode.Cf, r) && r != '\u00ad' {
			b.WriteRune(r)
		}
		i += n
	}
	s = norm.NFC.String(b.String())
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimLeft(l, "> \t")
	}
	s = noteQuotes.Replace(strings.Join(lines, "\n"))
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
