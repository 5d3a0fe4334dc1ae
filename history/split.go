package history

import "bytes"

// split finds where a file's member blocks start: the text before the
// first [[member]] header is the preamble (preEnd is its length), and
// each block runs from its header to the next (its keys and its
// sub-tables). A file that uses another form for its members is not split
// (ok is false); a header inside a multi-line string splits wrongly, and
// the block that then fails to parse sends the version to a full parse.
func split(data []byte) (preEnd int, starts []int, ok bool) {
	starts = headerStarts(data)
	preEnd = len(data)
	if len(starts) > 0 {
		preEnd = starts[0]
	}
	// The members must all be [[member]] tables: a "member = [...]" or
	// [member...] form outside them is parsed whole.
	for rest := data[:preEnd]; len(rest) > 0; {
		line, after, _ := bytes.Cut(rest, []byte{'\n'})
		rest = after
		if t := bytes.TrimSpace(line); bytes.HasPrefix(t, []byte("member")) || bytes.HasPrefix(t, []byte("[member")) {
			return 0, nil, false
		}
	}
	return preEnd, starts, true
}

// headerStarts returns the offsets of the lines of data that are a
// [[member]] header: the header at the start of the line (after blanks),
// nothing but blanks or a comment after it. Whether a line is one
// depends on that line alone.
func headerStarts(data []byte) []int {
	header := []byte(memberHeader)
	starts := make([]int, 0, bytes.Count(data, header))
	for off := 0; ; {
		i := bytes.Index(data[off:], header)
		if i < 0 {
			return starts
		}
		at := off + i
		off = at + len(memberHeader)
		ls := bytes.LastIndexByte(data[:at], '\n') + 1
		if len(bytes.TrimLeft(data[ls:at], " \t")) != 0 {
			continue // not at the start of a line
		}
		le := bytes.IndexByte(data[off:], '\n')
		if le < 0 {
			le = len(data) - off
		}
		if rest := bytes.TrimSpace(data[off : off+le]); len(rest) != 0 && rest[0] != '#' {
			continue
		}
		starts = append(starts, ls)
	}
}
