package members

import (
	"bytes"
	"errors"
	"sort"
	"strings"
)

// Text splicing: the byte ranges an edit replaces and the text it puts
// there, found in the original text without re-reading it as TOML.

// splice replaces the bytes [start, end) of the original text with text.
type splice struct {
	start, end int
	text       string
	// Splices at one offset go in key order, then in the order they were
	// made: new members inserted before one entry stay in email order.
	key string
	seq int
}

// applySplices returns src with the splices made, in the file's line
// endings.
func applySplices(src []byte, ss []splice) []byte {
	// From the end of the file back, so that earlier offsets stay right;
	// at one offset the splice that should come last goes in first.
	sort.SliceStable(ss, func(i, j int) bool {
		x, y := ss[i], ss[j]
		if x.start != y.start {
			return x.start > y.start
		}
		if x.key != y.key {
			return x.key > y.key
		}
		return x.seq > y.seq
	})
	crlf := usesCRLF(src)
	var out bytes.Buffer
	out.Grow(len(src))
	rest := src
	var parts [][]byte
	for _, s := range ss {
		text := s.text
		if crlf {
			text = strings.ReplaceAll(text, "\n", "\r\n")
		}
		parts = append(parts, rest[s.end:], []byte(text))
		rest = rest[:s.start]
	}
	out.Write(rest)
	for i := len(parts) - 1; i >= 0; i-- {
		out.Write(parts[i])
	}
	return out.Bytes()
}

// usesCRLF reports whether a file ends its lines with CRLF, so that edits
// and formatting keep its line endings.
func usesCRLF(src []byte) bool {
	crlf := bytes.Count(src, []byte("\r\n"))
	return crlf > 0 && crlf*2 >= bytes.Count(src, []byte("\n"))
}

// appendToArray returns the splice that adds elem as the last element of
// the array that is the value of the key at off: on the same line for a
// one-line array, on a line of its own (indented as the elements above)
// for a multi-line one, with a comma after the element before it.
func appendToArray(src []byte, off int, elem string) (splice, error) {
	eq := bytes.IndexByte(src[off:], '=')
	if eq < 0 {
		return splice{}, errors.New("no value")
	}
	open := off + eq + 1
	for open < len(src) && (src[open] == ' ' || src[open] == '\t') {
		open++
	}
	if open >= len(src) || src[open] != '[' {
		return splice{}, errors.New("the value is not an array")
	}
	// Find the closing bracket, and the last element's end before it.
	depth, last := 0, open
	closing := -1
	for i := open; i < len(src) && closing < 0; i++ {
		switch c := src[i]; {
		case c == '"' || c == '\'':
			i = skipString(src, i) - 1
			last = i + 1
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth == 0 {
				closing = i
			} else {
				last = i + 1
			}
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		default:
			last = i + 1
		}
	}
	if closing < 0 {
		return splice{}, errors.New("the array is not closed")
	}
	empty := last == open
	comma := ""
	if !empty && src[last-1] != ',' {
		comma = ","
	}
	if lineOf(src, open) == lineOf(src, closing) {
		// One line: [a] -> [a, b]
		if empty {
			return splice{start: closing, end: closing, text: elem}, nil
		}
		return splice{start: last, end: last, text: comma + " " + elem}, nil
	}
	// Several lines: a new line before the one that closes the array.
	indent := "  "
	if !empty {
		ls := lineStartOf(src, last-1)
		indent = string(src[ls : ls+len(src[ls:])-len(bytes.TrimLeft(src[ls:], " \t"))])
	}
	cl := lineStartOf(src, closing)
	if len(bytes.TrimSpace(src[cl:closing])) != 0 {
		// "...} ]": the bracket shares a line with the last element.
		return splice{start: last, end: last, text: comma + "\n" + indent + elem + ",\n"}, nil
	}
	text := indent + elem + ",\n"
	if comma != "" {
		// The comma goes after the last element, the new line before ']'.
		return splice{start: last, end: cl, text: comma + string(src[last:cl]) + text}, nil
	}
	return splice{start: cl, end: cl, text: text}, nil
}

// memberEnd is where a member's text ends: after its last vetting record.
func memberEnd(m *Member) int {
	end := m.End
	for _, v := range m.Vetting {
		end = max(end, v.End)
	}
	return end
}

func lineStart(src []byte, off int) int {
	if off <= 0 {
		return 0
	}
	off = min(off, len(src))
	return bytes.LastIndexByte(src[:off], '\n') + 1
}

// lineEnd is the offset after the '\n' ending the line at off.
func lineEnd(src []byte, off int) int {
	i := bytes.IndexByte(src[off:], '\n')
	if i < 0 {
		return len(src)
	}
	return off + i + 1
}

func isCommentOrBlank(line []byte) bool {
	t := bytes.TrimSpace(line)
	return len(t) == 0 || t[0] == '#'
}

// source is a members file's source with where its multi-line strings lie:
// the helpers below read it line by line, and a line of a multi-line
// string that starts with '#' ("#1234 in the tracker", in a note) is
// the string's, never a comment to keep or a heading to leave behind.
type source struct {
	src  []byte
	strs [][2]int // the multi-line strings, [start, end), in order
}

// newSource reads where src's multi-line strings are, as TOML's lexer
// does: outside comments and other strings.
func newSource(src []byte) *source {
	t := &source{src: src}
	for i := 0; i < len(src); {
		switch c := src[i]; {
		case c == '#':
			i = lineEnd(src, i)
		case c == '"' || c == '\'':
			end := skipString(src, i)
			if bytes.HasPrefix(src[i:], []byte{c, c, c}) {
				t.strs = append(t.strs, [2]int{i, end})
			}
			i = max(end, i+1)
		default:
			i++
		}
	}
	return t
}

// inString reports whether off is inside one of the multi-line strings.
func (t *source) inString(off int) bool {
	k := sort.Search(len(t.strs), func(k int) bool { return t.strs[k][1] > off })
	return k < len(t.strs) && t.strs[k][0] < off
}

// comment reports whether the line [from, to) is a comment alone on its
// line (after indentation), not a line of a multi-line string.
func (t *source) comment(from, to int) bool {
	l := bytes.TrimSpace(t.src[from:to])
	return len(l) > 0 && l[0] == '#' && !t.inString(from)
}

// blank reports whether the line [from, to) is empty, outside strings.
func (t *source) blank(from, to int) bool {
	return len(bytes.TrimSpace(t.src[from:to])) == 0 && !t.inString(from)
}

// blockStart moves a header's line start up over the comment lines
// directly above it (no blank line between): they describe the block.
func (t *source) blockStart(start int) int {
	for start > 0 {
		prev := lineStart(t.src, start-1)
		if !t.comment(prev, start) {
			break
		}
		start = prev
	}
	return start
}

// contentEnd moves an element's end (the start of the next header) up
// over blank lines and the comments that belong to the next block, to
// just after its own last line.
func (t *source) contentEnd(end int) int {
	for end > 0 {
		prev := lineStart(t.src, end-1)
		if !t.comment(prev, end) && !t.blank(prev, end) {
			break
		}
		end = prev
	}
	return end
}

// entryEnd is where a whole entry's text ends, for deleting it, given
// its end (the start of the next header, or the end of the file): the
// comment lines under its last key are inside it and go with it, up to
// the comments directly above the next header (no blank line between),
// which describe that block as blockStart reads them, and up to a
// heading: a paragraph of comments a blank line below the entry whose
// first line starts at the margin (an entry's own comments are directly
// under it, or indented) heads what follows, or closes the file, and
// stays.
func (t *source) entryEnd(end int) int {
	if end < len(t.src) {
		end = t.blockStart(end)
	}
	if h := t.headingAfter(t.contentEnd(end), end); h >= 0 {
		end = h
	}
	// Up over the blank lines that separate the entry from the next.
	for end > 0 {
		prev := lineStart(t.src, end-1)
		if !t.blank(prev, end) {
			break
		}
		end = prev
	}
	return end
}

// recordEnd is where a record added after an entry's last one goes,
// given the entry's end as entryEnd takes it: after the comment lines
// directly under its last key (no blank line between), which annotate
// that record and would annotate the new one were it put above them;
// not past a blank line, nor into comments that run on directly into the
// next header, which are that block's (blockStart).
func (t *source) recordEnd(end int) int {
	content := t.contentEnd(end)
	at := content
	for at < end {
		next := lineEnd(t.src, at)
		if !t.comment(at, next) {
			break
		}
		at = next
	}
	if at == end && end < len(t.src) {
		return content
	}
	return at
}

// headingAfter returns where the first heading between from and to
// starts (a comment at the margin after a blank line; see entryEnd), or
// -1 when there is none.
func (t *source) headingAfter(from, to int) int {
	blank := false
	for at := from; at < to; {
		next := lineEnd(t.src, at)
		switch {
		case t.blank(at, next):
			blank = true
		case blank && t.src[at] == '#' && t.comment(at, next):
			return at
		default:
			blank = false
		}
		at = next
	}
	return -1
}

// inlineTableEnd returns the offset after the '}' closing the inline table
// that opens at off, skipping braces inside strings and comments: the
// table may run over lines (lists = {, a pair a line, }), as the parser
// accepts it.
func inlineTableEnd(src []byte, off int) (int, bool) {
	depth := 0
	for i := off; i < len(src); i++ {
		switch c := src[i]; c {
		case '"', '\'':
			j := i + 1
			for j < len(src) && src[j] != c && src[j] != '\n' {
				if c == '"' && src[j] == '\\' {
					j++
				}
				j++
			}
			i = j
		case '#':
			i = lineEnd(src, i) - 1 // to its '\n'
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i + 1, true
			}
		}
	}
	return 0, false
}

// multiLine reports whether the inline table from open to end (after
// its '}') runs over more than one line.
func multiLine(src []byte, open, end int) bool {
	return bytes.IndexByte(src[open:end], '\n') >= 0
}
