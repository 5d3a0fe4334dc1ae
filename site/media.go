package site

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"html"
	"io"
	"strings"
)

// mediaTextLimit bounds what one file's compressed text chunks or font
// tables may inflate to, all together: a zip bomb in an image is no way
// to stall a build (one that would inflate past it is refused).
const mediaTextLimit = 16 << 20

// mediaText is an image or a font as text to read for addresses: its
// bytes, and the text its compressed parts hold inflated after them (a
// PNG's zTXt and iTXt chunks, a WOFF font's tables), which a viewer or
// a font tool shows though the bytes do not. False for a WOFF2 font,
// whose tables are Brotli-compressed (no reader in Go's library), and for
// a compressed part that does not inflate: either could hide an address.
func mediaText(data []byte) ([]byte, bool) {
	switch {
	case bytes.HasPrefix(data, []byte("wOF2")):
		return nil, false
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return pngText(data)
	case bytes.HasPrefix(data, []byte("wOFF")):
		return woffText(data)
	}
	return data, true
}

// inflater inflates a file's zlib streams within one budget of
// mediaTextLimit bytes for them all.
type inflater struct{ left int }

func newInflater() *inflater { return &inflater{left: mediaTextLimit} }

// inflate is a zlib stream inflated; false when it does not inflate, or
// would take the file past its budget.
func (in *inflater) inflate(z []byte) ([]byte, bool) {
	r, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, false
	}
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, int64(in.left)+1))
	if err != nil || len(out) > in.left {
		return nil, false
	}
	in.left -= len(out)
	return out, true
}

// pngText is a PNG's bytes with its compressed text chunks inflated.
func pngText(data []byte) ([]byte, bool) {
	out := bytes.Clone(data)
	in := newInflater()
	for p := 8; p+8 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[p:]))
		typ := string(data[p+4 : p+8])
		end := p + 8 + n
		if end > len(data) {
			// Cut short: the rest is read as its bytes are (a
			// compressed chunk cut short does not inflate, below).
			end = len(data)
		}
		chunk := data[p+8 : end]
		p = end + 4
		var z []byte
		switch typ {
		case "zTXt", "iCCP":
			// keyword (a profile's name), NUL, method, the compressed
			// text (a profile, whose description is text)
			if i := bytes.IndexByte(chunk, 0); i >= 0 && i+2 <= len(chunk) {
				z = chunk[i+2:]
			}
		case "iTXt":
			// keyword, NUL, compressed?, method, language, NUL,
			// translated keyword, NUL, the text
			i := bytes.IndexByte(chunk, 0)
			if i < 0 || i+3 > len(chunk) || chunk[i+1] == 0 {
				continue // not compressed: its bytes are read as they are
			}
			rest := chunk[i+3:]
			for range 2 {
				j := bytes.IndexByte(rest, 0)
				if j < 0 {
					return nil, false
				}
				rest = rest[j+1:]
			}
			z = rest
		default:
			continue
		}
		text, ok := in.inflate(z)
		if !ok {
			return nil, false
		}
		out = append(append(out, '\n'), text...)
	}
	return out, true
}

// woffText is a WOFF font's bytes with its compressed tables inflated.
func woffText(data []byte) ([]byte, bool) {
	if len(data) < 44 {
		return nil, false
	}
	out := bytes.Clone(data)
	in := newInflater()
	// The extended metadata (credits, a vendor's mailto:), compressed.
	if off, n := int(binary.BigEndian.Uint32(data[24:])), int(binary.BigEndian.Uint32(data[28:])); n > 0 {
		if off+n > len(data) {
			return nil, false
		}
		text, ok := in.inflate(data[off : off+n])
		if !ok {
			return nil, false
		}
		out = append(append(out, '\n'), text...)
	}
	tables := int(binary.BigEndian.Uint16(data[12:]))
	seen := map[int]bool{} // a table's offset: two entries at one are a bomb
	for t := range tables {
		e := 44 + 20*t
		if e+20 > len(data) {
			return nil, false
		}
		off := int(binary.BigEndian.Uint32(data[e+4:]))
		comp := int(binary.BigEndian.Uint32(data[e+8:]))
		orig := int(binary.BigEndian.Uint32(data[e+12:]))
		if off < 0 || comp < 0 || off+comp > len(data) {
			return nil, false
		}
		if comp >= orig {
			continue // stored as it is
		}
		if seen[off] {
			return nil, false
		}
		seen[off] = true
		text, ok := in.inflate(data[off : off+comp])
		if !ok {
			return nil, false
		}
		out = append(append(out, '\n'), text...)
	}
	return out, true
}

// privateIn returns what a file kept in a public roster's directory
// shows of in's private side, read as the pages' fields are: one of the
// file's addresses written out of shape (the readers that hide a field
// spelling one), or the text of a vetting note or evidence; "" when
// nothing. A file the build did not write is read no less than a field.
func privateIn(in Input) func(string) string {
	if !in.Public {
		return func(string) string { return "" }
	}
	var known *knownAddresses
	var notes []string
	return func(text string) string {
		if known == nil {
			known = newKnownAddresses(in.File, in.Events)
			for _, a := range in.Known {
				known.add(a)
			}
			for _, m := range in.File.Members {
				for _, v := range m.Vetting {
					for _, t := range []string{v.Note, v.Evidence} {
						// Short ones ("ok", "checked on a call") are words
						// of any page.
						if t = noteText(t); len([]rune(t)) >= 20 && len(strings.Fields(t)) >= 3 {
							notes = append(notes, t)
						}
					}
				}
			}
		}
		if known.spells(text) {
			return "one of the members file's addresses, written out of shape"
		}
		read := noteText(text)
		for _, n := range notes {
			if strings.Contains(read, n) {
				return "the text of a vetting note or evidence"
			}
		}
		return ""
	}
}

// noteText is text as a note is compared: HTML entities decoded, quotes
// of every kind one, spaces and line breaks between words one space, in
// lower case (a README wraps and a page escapes what it copies).
func noteText(s string) string {
	s = html.UnescapeString(s)
	s = strings.NewReplacer("\u2018", "'", "\u2019", "'", "\u201a", "'", "\u2032", "'", "`", "'", "\u201c", "\"", "\u201d", "\"", "\u201e", "\"").Replace(s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
