package site

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"io"
	"strings"
)

// mediaTextLimit bounds what one compressed text chunk or font table
// may inflate to: a zip bomb in an image is no way to stall a build.
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

// inflate is a zlib stream inflated, up to mediaTextLimit.
func inflate(z []byte) ([]byte, bool) {
	r, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, false
	}
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, mediaTextLimit+1))
	if err != nil || len(out) > mediaTextLimit {
		return nil, false
	}
	return out, true
}

// pngText is a PNG's bytes with its compressed text chunks inflated.
func pngText(data []byte) ([]byte, bool) {
	out := bytes.Clone(data)
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
		case "zTXt":
			// keyword, NUL, method, the compressed text
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
		text, ok := inflate(z)
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
	tables := int(binary.BigEndian.Uint16(data[12:]))
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
		text, ok := inflate(data[off : off+comp])
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
						// Short ones ("ok", "call") are words of any page.
						if t = strings.TrimSpace(t); len([]rune(t)) >= 12 {
							notes = append(notes, strings.ToLower(t))
						}
					}
				}
			}
		}
		if known.spells(text) {
			return "one of the members file's addresses, written out of shape"
		}
		lower := strings.ToLower(text)
		for _, n := range notes {
			if strings.Contains(lower, n) {
				return "the text of a vetting note or evidence"
			}
		}
		return ""
	}
}
