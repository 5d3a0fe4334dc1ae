package site

import (
	"bytes"
	"encoding/binary"
	"maps"
	"slices"
)

// The formats mediaText reads part by part. A file is read whole, but
// for the byte ranges a format's own structure says are compressed
// pixels or glyph outlines (found where the format puts them, in a file
// that starts as that format does); the compressed parts that hold text
// are inflated and read besides. Whatever is not such a range (a
// header, a palette, a chunk or segment of any other kind, a gap between
// tables, bytes after the image's end, a file that only starts like an
// image) is read as it is: no tool's view of the file holds text roster
// did not read.

// mediaReading is what a reader finds in a file: the ranges to leave out,
// and the text its compressed parts inflate to.
type mediaReading struct {
	drop  [][2]int
	extra [][]byte
	in    *inflater
}

func newMediaReading() *mediaReading { return &mediaReading{in: newInflater()} }

// leave leaves data[from:to] out.
func (r *mediaReading) leave(from, to int) {
	if from < to {
		r.drop = append(r.drop, [2]int{from, to})
	}
}

// inflate reads the text zlib stream z inflates to; false when it does
// not, or would take the file past its budget.
func (r *mediaReading) inflate(z []byte) bool {
	text, _, ok := r.in.inflateRest(z)
	if ok {
		r.extra = append(r.extra, text)
	}
	return ok
}

// inflateAt reads the text the zlib stream at data[from:to] inflates
// to instead of its compressed bytes (which spell an address's shape by
// chance), and whatever follows the stream's end there as it is; data is
// at offset base of the file.
func (r *mediaReading) inflateAt(data []byte, base, from, to int) bool {
	text, rest, ok := r.in.inflateRest(data[from:to])
	if !ok {
		return false
	}
	r.extra = append(r.extra, text)
	r.leave(base+from, base+to-rest)
	return true
}

// text is data but the ranges left out, each a line break, then the
// inflated text.
func (r *mediaReading) text(data []byte) []byte {
	slices.SortFunc(r.drop, func(a, b [2]int) int { return a[0] - b[0] })
	var out []byte
	at := 0
	for _, d := range r.drop {
		if d[0] > at {
			out = append(out, data[at:d[0]]...)
		}
		out = append(out, '\n')
		at = max(at, d[1])
	}
	if at < len(data) {
		out = append(out, data[at:]...)
	}
	for _, e := range r.extra {
		out = append(append(out, '\n'), e...)
	}
	return out
}

// pngText is a PNG but the image data before IEND (IDAT, fdAT), with
// its zTXt, iTXt and iCCP chunks inflated too.
func pngText(data []byte) ([]byte, bool) {
	r := newMediaReading()
	if !r.png(data, 0) {
		return nil, false
	}
	return r.text(data), true
}

// png reads the PNG data at offset base of the file.
func (r *mediaReading) png(data []byte, base int) bool {
	animated := false
	for p := 8; p+8 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[p:]))
		typ := string(data[p+4 : p+8])
		end := p + 8 + n
		if n < 0 || end > len(data) {
			return true // cut short: the rest as it is
		}
		chunk := data[p+8 : end]
		from := p + 8
		p = end + 4
		switch {
		case typ == "acTL":
			animated = true
		case typ == "IDAT", typ == "fdAT" && animated:
			r.leave(base+from, base+end) // compressed pixels (fdAT: an animation's, after its acTL)
			continue
		}
		switch typ {
		case "IEND":
			return true
		case "zTXt", "iCCP":
			// keyword, NUL, method, the compressed text
			i := bytes.IndexByte(chunk, 0)
			if i < 0 || i+2 > len(chunk) || !r.inflateAt(data, base, from+i+2, end) {
				return false
			}
		case "iTXt":
			// keyword, NUL, compressed?, method, language, NUL,
			// translated keyword, NUL, the text
			i := bytes.IndexByte(chunk, 0)
			if i < 0 || i+3 > len(chunk) || chunk[i+1] == 0 {
				continue // not compressed: read as it is
			}
			rest := chunk[i+3:]
			for range 2 {
				j := bytes.IndexByte(rest, 0)
				if j < 0 {
					return false
				}
				rest = rest[j+1:]
			}
			if !r.inflateAt(data, base, end-len(rest), end) {
				return false
			}
		}
	}
	return true
}

// jpegText is a JPEG but the entropy-coded data of its scans.
func jpegText(data []byte) ([]byte, bool) {
	r := newMediaReading()
	// Each kind of APP segment and the comments, joined as tools join
	// them (an extended XMP packet or a profile over several segments):
	// an address split over two reads as one.
	joined := map[byte][]byte{}
	for p := 2; p+3 < len(data); {
		if data[p] != 0xff {
			break // not a marker: the rest as it is
		}
		for p+1 < len(data) && data[p+1] == 0xff {
			p++ // fill bytes
		}
		if p+3 >= len(data) {
			break
		}
		marker := data[p+1]
		if marker == 0xd9 {
			break // the end: the rest as it is
		}
		if marker == 0x01 || marker >= 0xd0 && marker <= 0xd7 {
			p += 2
			continue
		}
		n := int(binary.BigEndian.Uint16(data[p+2:]))
		if n < 2 {
			break
		}
		if marker >= 0xe0 && marker <= 0xef || marker == 0xfe {
			joined[marker] = append(joined[marker], data[p+4:min(p+2+n, len(data))]...)
		}
		p = min(p+2+n, len(data))
		if marker == 0xda {
			// A scan's data: to the next marker that is not a stuffed
			// byte or a restart.
			from := p
			for p+1 < len(data) && !(data[p] == 0xff && data[p+1] != 0x00 && (data[p+1] < 0xd0 || data[p+1] > 0xd7)) {
				p++
			}
			r.leave(from, p)
		}
	}
	for _, m := range slices.Sorted(maps.Keys(joined)) {
		r.extra = append(r.extra, joined[m])
	}
	return r.text(data), true
}

// gifText is a GIF but the LZW data of its images and its colour
// tables.
func gifText(data []byte) ([]byte, bool) {
	r := newMediaReading()
	if len(data) < 13 {
		return data, true
	}
	p := 13
	if data[10]&0x80 != 0 {
		// The global colour table: numbers, which spell an address's
		// shape by chance (the members file's own addresses are sought
		// in it all the same: keepable).
		n := 3 << (int(data[10]&7) + 1)
		r.leave(p, min(p+n, len(data)))
		p += n
	}
	blocks := func(join bool) {
		var joined []byte
		for p < len(data) {
			n := int(data[p])
			p++
			if n == 0 {
				break
			}
			end := min(p+n, len(data))
			if join {
				joined = append(joined, data[p:end]...)
			}
			p = end
		}
		if join {
			// Read as tools show it too: its sub-blocks joined, without
			// the length bytes between them (a comment's address split
			// over two reads as one).
			r.extra = append(r.extra, joined)
		}
	}
	for p < len(data) {
		switch data[p] {
		case 0x21: // an extension, read
			p += 2
			blocks(true)
		case 0x2c: // an image: descriptor, colour table (read), LZW data
			if p+10 > len(data) {
				return r.text(data), true
			}
			flags := data[p+9]
			p += 10
			if flags&0x80 != 0 {
				n := 3 << (int(flags&7) + 1) // a local colour table
				r.leave(p, min(p+n, len(data)))
				p += n
			}
			p++ // LZW minimum code size
			from := p
			blocks(false)
			r.leave(from, min(p, len(data)))
		default: // the trailer, or anything else: the rest as it is
			return r.text(data), true
		}
	}
	return r.text(data), true
}

// icoText is an icon file but the image data of its PNG entries.
func icoText(data []byte) ([]byte, bool) {
	r := newMediaReading()
	if len(data) < 6 {
		return data, true
	}
	n := int(binary.LittleEndian.Uint16(data[4:]))
	for i := range n {
		e := 6 + 16*i
		if e+16 > len(data) {
			break
		}
		size, off := int(binary.LittleEndian.Uint32(data[e+8:])), int(binary.LittleEndian.Uint32(data[e+12:]))
		if off < 0 || size < 0 || off >= len(data) {
			continue
		}
		img := data[off:min(len(data), off+size)]
		if bytes.HasPrefix(img, []byte("\x89PNG\r\n\x1a\n")) && !r.png(img, off) {
			return nil, false
		}
	}
	return r.text(data), true
}

// outlines are the font tables that hold glyph outlines, bitmaps,
// hinting programs and layout numbers: no text a font tool shows. (CFF,
// whose strings are a font's notice and glyph names, is read.)
var outlines = map[string]bool{
	"glyf": true, "loca": true, "CFF2": true, "GPOS": true, "GSUB": true, "GDEF": true,
	"hmtx": true, "vmtx": true, "kern": true, "cmap": true, "gasp": true, "fpgm": true, "prep": true,
	"cvt ": true, "hdmx": true, "LTSH": true, "VDMX": true, "EBDT": true, "EBLC": true, "CBDT": true,
	"CBLC": true, "sbix": true, "gvar": true, "HVAR": true, "MVAR": true, "VVAR": true, "avar": true,
	"fvar": true, "cvar": true, "BASE": true, "JSTF": true, "MATH": true, "COLR": true, "CPAL": true,
}

// sfntText is a TrueType or OpenType font but its outline tables.
func sfntText(data []byte) ([]byte, bool) {
	r := newMediaReading()
	if len(data) < 12 {
		return data, true
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	var read [][2]int
	for i := range n {
		e := 12 + 16*i
		if e+16 > len(data) {
			break
		}
		tag := string(data[e : e+4])
		off, size := int(binary.BigEndian.Uint32(data[e+8:])), int(binary.BigEndian.Uint32(data[e+12:]))
		if off < 0 || size < 0 || off >= len(data) {
			continue
		}
		if outlines[tag] {
			r.leave(off, min(len(data), off+size))
		} else {
			read = append(read, [2]int{off, min(len(data), off+size)})
		}
	}
	if overlaps(r.drop, read) {
		return data, true // an outline over a table tools show: all of it
	}
	return r.text(data), true
}

// overlaps reports whether a range of drop overlaps one of read.
func overlaps(drop, read [][2]int) bool {
	for _, d := range drop {
		for _, k := range read {
			if d[0] < k[1] && k[0] < d[1] {
				return true
			}
		}
	}
	return false
}

// woffText is a WOFF font but its outline tables, its metadata and its
// other compressed tables inflated too. Two tables at one offset are
// refused: a bomb inflated twice over.
func woffText(data []byte) ([]byte, bool) {
	if len(data) < 44 {
		return nil, false
	}
	r := newMediaReading()
	if off, n := int(binary.BigEndian.Uint32(data[24:])), int(binary.BigEndian.Uint32(data[28:])); n > 0 {
		if off < 0 || off+n > len(data) || !r.inflate(data[off:off+n]) {
			return nil, false
		}
	}
	tables := int(binary.BigEndian.Uint16(data[12:]))
	seen := map[int]bool{}
	var read, outline [][2]int
	for t := range tables {
		e := 44 + 20*t
		if e+20 > len(data) {
			return nil, false
		}
		tag := string(data[e : e+4])
		off := int(binary.BigEndian.Uint32(data[e+4:]))
		comp := int(binary.BigEndian.Uint32(data[e+8:]))
		orig := int(binary.BigEndian.Uint32(data[e+12:]))
		if off < 0 || comp < 0 || off+comp > len(data) || seen[off] {
			return nil, false
		}
		seen[off] = true
		switch {
		case outlines[tag]:
			r.leave(off, off+comp)
			outline = append(outline, [2]int{off, off + comp})
		case comp < orig:
			read = append(read, [2]int{off, off + comp})
			if !r.inflateAt(data, 0, off, off+comp) {
				return nil, false
			}
		default:
			read = append(read, [2]int{off, off + comp})
		}
	}
	if overlaps(outline, read) {
		return nil, false // an outline over a table tools show
	}
	return r.text(data), true
}
