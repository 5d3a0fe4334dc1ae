package site

import (
	"bytes"
	"encoding/binary"
)

// The formats mediaText reads part by part. Each leaves out only the
// bytes that are compressed pixels or glyph outlines, found where the
// format says they are; everything else (a chunk or segment of a kind it
// does not know, bytes after the image's end, a part cut short) is read
// as it is, so that no tool's view of the file holds text roster did not
// read.

// pngText is a PNG's chunks but its image data before IEND (IDAT,
// fdAT), the zTXt, iTXt and iCCP ones inflated, and whatever follows
// IEND.
func pngText(data []byte) ([]byte, bool) {
	var out []byte
	in := newInflater()
	p := 8
	for p+8 <= len(data) {
		n := int(binary.BigEndian.Uint32(data[p:]))
		typ := string(data[p+4 : p+8])
		end := p + 8 + n
		if n < 0 || end > len(data) {
			end = len(data) // cut short: the rest as it is
		}
		chunk := data[p+8 : end]
		p = min(end+4, len(data))
		var z []byte
		switch typ {
		case "IDAT", "fdAT":
			continue // compressed pixels
		case "IEND":
			out = append(append(out, '\n'), chunk...)
			return append(append(out, '\n'), data[p:]...), true
		case "zTXt", "iCCP":
			// keyword (a profile's name), NUL, method, the compressed
			// text (a profile, whose description is text)
			i := bytes.IndexByte(chunk, 0)
			if i < 0 || i+2 > len(chunk) {
				return nil, false
			}
			out = append(append(out, '\n'), chunk[:i]...)
			z = chunk[i+2:]
		case "iTXt":
			// keyword, NUL, compressed?, method, language, NUL,
			// translated keyword, NUL, the text
			i := bytes.IndexByte(chunk, 0)
			if i < 0 || i+3 > len(chunk) || chunk[i+1] == 0 {
				out = append(append(out, '\n'), chunk...) // not compressed
				continue
			}
			rest := chunk[i+3:]
			for range 2 {
				j := bytes.IndexByte(rest, 0)
				if j < 0 {
					return nil, false
				}
				rest = rest[j+1:]
			}
			out = append(append(out, '\n'), chunk[:len(chunk)-len(rest)]...)
			z = rest
		default:
			out = append(append(out, '\n'), chunk...)
			continue
		}
		text, ok := in.inflate(z)
		if !ok {
			return nil, false
		}
		out = append(append(out, '\n'), text...)
	}
	return append(append(out, '\n'), data[p:]...), true
}

// jpegText is a JPEG's segments (APP, comments, tables), not the
// entropy-coded data of its scans, and whatever follows its end.
func jpegText(data []byte) ([]byte, bool) {
	var out []byte
	p := 2
	for p+1 < len(data) {
		if data[p] != 0xff {
			return append(append(out, '\n'), data[p:]...), true // not a marker: the rest as it is
		}
		// Fill bytes (0xFF) may come before a marker.
		for p+1 < len(data) && data[p+1] == 0xff {
			p++
		}
		if p+1 >= len(data) {
			break
		}
		marker := data[p+1]
		switch {
		case marker == 0xd9: // the end: what follows is read as it is
			return append(append(out, '\n'), data[p+2:]...), true
		case marker == 0x01 || marker >= 0xd0 && marker <= 0xd7: // no length
			p += 2
			continue
		}
		if p+4 > len(data) {
			break
		}
		n := int(binary.BigEndian.Uint16(data[p+2:]))
		if n < 2 {
			// A length that counts less than itself: not a segment,
			// the rest as it is.
			return append(append(out, '\n'), data[p:]...), true
		}
		end := min(p+2+n, len(data))
		out = append(append(out, '\n'), data[p+4:end]...)
		p = end
		if marker == 0xda {
			// A scan's data: to the next marker that is not a stuffed
			// byte or a restart.
			for p+1 < len(data) && !(data[p] == 0xff && data[p+1] != 0x00 && (data[p+1] < 0xd0 || data[p+1] > 0xd7)) {
				p++
			}
		}
	}
	return append(append(out, '\n'), data[min(p, len(data)):]...), true
}

// gifText is a GIF's extensions (comments, application and plain-text
// blocks), not the LZW data of its images, and whatever follows its
// trailer.
func gifText(data []byte) ([]byte, bool) {
	if len(data) < 13 {
		return data, true
	}
	out := bytes.Clone(data[:13])
	p := 13
	if data[10]&0x80 != 0 {
		p += 3 << (int(data[10]&7) + 1) // the global colour table
	}
	blocks := func(keep bool) {
		for p < len(data) {
			n := int(data[p])
			p++
			if n == 0 {
				return
			}
			end := min(p+n, len(data))
			if keep {
				out = append(out, data[p:end]...)
			}
			p = end
		}
	}
	for p < len(data) {
		switch data[p] {
		case 0x21: // an extension: its label, then its blocks
			p += 2
			out = append(out, '\n')
			blocks(true)
		case 0x2c: // an image: its descriptor, colour table, then LZW data
			if p+10 > len(data) {
				return append(append(out, '\n'), data[p:]...), true
			}
			flags := data[p+9]
			p += 10
			if flags&0x80 != 0 {
				p += 3 << (int(flags&7) + 1)
			}
			p++ // LZW minimum code size
			blocks(false)
		case 0x3b: // the trailer: what follows as it is
			return append(append(out, '\n'), data[p+1:]...), true
		default:
			return append(append(out, '\n'), data[p:]...), true
		}
	}
	return out, true
}

// icoText is an icon file's images, each read as its format is (a PNG's
// by pngText), and its header and directory.
func icoText(data []byte) ([]byte, bool) {
	if len(data) < 6 {
		return data, true
	}
	n := int(binary.LittleEndian.Uint16(data[4:]))
	if 6+16*n > len(data) {
		return data, true
	}
	out := bytes.Clone(data[:6+16*n])
	for i := range n {
		e := data[6+16*i:]
		size, off := int(binary.LittleEndian.Uint32(e[8:])), int(binary.LittleEndian.Uint32(e[12:]))
		if off < 0 || size < 0 || off > len(data) {
			continue
		}
		img := data[off:min(len(data), off+size)]
		if bytes.HasPrefix(img, []byte("\x89PNG\r\n\x1a\n")) {
			text, ok := pngText(img)
			if !ok {
				return nil, false
			}
			img = text
		}
		out = append(append(out, '\n'), img...)
	}
	return out, true
}

// outlines are the font tables that hold glyph outlines, bitmaps,
// hinting programs and layout numbers: no text a font tool shows.
var outlines = map[string]bool{
	"glyf": true, "loca": true, "CFF ": true, "CFF2": true, "GPOS": true, "GSUB": true, "GDEF": true,
	"hmtx": true, "vmtx": true, "kern": true, "cmap": true, "gasp": true, "fpgm": true, "prep": true,
	"cvt ": true, "hdmx": true, "LTSH": true, "VDMX": true, "EBDT": true, "EBLC": true, "CBDT": true,
	"CBLC": true, "sbix": true, "gvar": true, "HVAR": true, "MVAR": true, "VVAR": true, "avar": true,
	"fvar": true, "cvar": true, "BASE": true, "JSTF": true, "MATH": true, "COLR": true, "CPAL": true,
}

// sfntText is a TrueType or OpenType font's tables but its outlines
// (name, meta, post, OS/2 and any other read as they are), and its
// header and table directory.
func sfntText(data []byte) ([]byte, bool) {
	if len(data) < 12 {
		return data, true
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if 12+16*n > len(data) {
		return data, true
	}
	out := bytes.Clone(data[:12+16*n])
	for i := range n {
		e := data[12+16*i:]
		tag := string(e[:4])
		off, size := int(binary.BigEndian.Uint32(e[8:])), int(binary.BigEndian.Uint32(e[12:]))
		if outlines[tag] || off < 0 || size < 0 || off > len(data) {
			continue
		}
		out = append(append(out, '\n'), data[off:min(len(data), off+size)]...)
	}
	return out, true
}

// woffText is a WOFF font's header and directory, its metadata
// inflated, and its tables but its outlines, inflated where compressed.
// Two tables at one offset are refused: a bomb inflated twice over.
func woffText(data []byte) ([]byte, bool) {
	if len(data) < 44 {
		return nil, false
	}
	tables := int(binary.BigEndian.Uint16(data[12:]))
	if 44+20*tables > len(data) {
		return nil, false
	}
	out := bytes.Clone(data[:44+20*tables])
	in := newInflater()
	// The extended metadata (credits, a vendor's mailto:), compressed.
	if off, n := int(binary.BigEndian.Uint32(data[24:])), int(binary.BigEndian.Uint32(data[28:])); n > 0 {
		if off < 0 || off+n > len(data) {
			return nil, false
		}
		text, ok := in.inflate(data[off : off+n])
		if !ok {
			return nil, false
		}
		out = append(append(out, '\n'), text...)
	}
	// The private block, as it is.
	if off, n := int(binary.BigEndian.Uint32(data[36:])), int(binary.BigEndian.Uint32(data[40:])); n > 0 && off >= 0 && off+n <= len(data) {
		out = append(append(out, '\n'), data[off:off+n]...)
	}
	seen := map[int]bool{}
	for t := range tables {
		e := data[44+20*t:]
		tag := string(e[:4])
		off := int(binary.BigEndian.Uint32(e[4:]))
		comp := int(binary.BigEndian.Uint32(e[8:]))
		orig := int(binary.BigEndian.Uint32(e[12:]))
		if off < 0 || comp < 0 || off+comp > len(data) {
			return nil, false
		}
		if seen[off] {
			return nil, false
		}
		seen[off] = true
		table := data[off : off+comp]
		if comp < orig {
			text, ok := in.inflate(table)
			if !ok {
				return nil, false
			}
			table = text
		}
		if !outlines[tag] {
			out = append(append(out, '\n'), table...)
		}
	}
	return out, true
}
