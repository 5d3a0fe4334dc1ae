package members

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// comment is one comment of a file, found by reading its text as TOML's
// lexer does: a '#' outside any string, to the end of its line.
type comment struct {
	off  int    // offset of the '#'
	text string // from '#', without the line end or trailing space
	// own is true for a comment alone on its line (after indentation).
	own bool
}

// scanComments returns every comment of src, in order. It knows TOML's
// four kinds of strings, so a '#' inside one is not a comment; it needs no
// valid TOML around them.
func scanComments(src []byte) []comment {
	var out []comment
	lineStart := 0
	for i := 0; i < len(src); {
		switch c := src[i]; {
		case c == '\n':
			i++
			lineStart = i
		case c == '#':
			end := bytes.IndexByte(src[i:], '\n')
			if end < 0 {
				end = len(src) - i
			}
			text := strings.TrimRight(string(src[i:i+end]), " \t\r")
			own := len(bytes.TrimSpace(src[lineStart:i])) == 0
			out = append(out, comment{off: i, text: text, own: own})
			i += end
		case c == '"' || c == '\'':
			i = skipString(src, i)
		default:
			i++
		}
	}
	return out
}

// skipString returns the offset after the string starting at i: basic or
// literal, one line or multi-line. An unterminated string runs to the end
// of its line (one-line) or of the file (multi-line), as a lexer would
// give up.
func skipString(src []byte, i int) int {
	q := src[i]
	triple := bytes.HasPrefix(src[i:], []byte{q, q, q})
	if triple {
		j := i + 3
		for j < len(src) {
			if q == '"' && src[j] == '\\' {
				j += 2
				continue
			}
			if bytes.HasPrefix(src[j:], []byte{q, q, q}) {
				j += 3
				// A closing run may be four or five quotes long.
				for k := 0; k < 2 && j < len(src) && src[j] == q; k++ {
					j++
				}
				return j
			}
			j++
		}
		return len(src)
	}
	for j := i + 1; j < len(src); j++ {
		switch {
		case src[j] == '\n':
			return j
		case q == '"' && src[j] == '\\':
			j++
		case src[j] == q:
			return j + 1
		}
	}
	return len(src)
}

// Comments returns the text of every comment in src, in order: what fmt
// and every edit must keep.
func Comments(src []byte) []string {
	cs := scanComments(src)
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.text
	}
	return out
}

// LostComment returns a comment of before that after does not have (as
// many times), with its line in before; ok is false when none is lost.
// Comments are compared as a multiset: moving one is fine.
func LostComment(before, after []byte) (line int, text string, ok bool) {
	have := make(map[string]int)
	for _, c := range scanComments(after) {
		have[c.text]++
	}
	for _, c := range scanComments(before) {
		if have[c.text] > 0 {
			have[c.text]--
			continue
		}
		return 1 + bytes.Count(before[:c.off], []byte{'\n'}), c.text, true
	}
	return 0, "", false
}

// note records the order in which anchors got comments, so that those no
// element writes can still be written, in file order, at the end.
func (c *comments) note(anchor string) {
	if _, ok := c.lead[anchor]; ok {
		return
	}
	if _, ok := c.tail[anchor]; ok {
		return
	}
	if _, ok := c.under[anchor]; ok {
		return
	}
	if _, ok := c.below[anchor]; ok {
		return
	}
	c.order = append(c.order, anchor)
}

// span is one expression of the file with the anchor its comments go to.
type span struct {
	anchor     string
	start, end int // from the line of its key or header to the end of its value
}

// collectComments attaches every comment of src to the element it
// describes, by an anchor that survives reordering ("member:3/vetting:0/by"):
// whole-line comments directly above an element lead it; a comment at the
// end of a key's or header's line is its tail; any comment inside a
// multi-line value (between array elements, after an element) moves above
// its key. Whole-line comments between two elements are read as the edits
// read them (see entryEnd): those directly under a key, up to a blank
// line, are under it; those a blank line further down stay below it, up
// to the ones directly above the next element, which lead that. So an
// entry that sorts elsewhere takes its trailing comments along, and a
// removal after fmt takes the same comments as one before it.
// Nothing is dropped: a comment no element claims goes to the end.
func collectComments(f *File, src []byte) *comments {
	c := &comments{lead: map[string][]string{}, tail: map[string]string{}, under: map[string][]string{}, below: map[string][]string{}}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	spans := expressionSpans(src)
	cs := scanComments(src)
	next := 0 // the first span that starts after the comment
	var pending []comment
	for _, cm := range cs {
		for next < len(spans) && spans[next].start <= cm.off {
			c.place(src, spans, next, pending)
			pending = nil
			next++
		}
		if next > 0 {
			s := spans[next-1]
			if cm.off < s.end {
				if !cm.own && lineOf(src, cm.off) == lineOf(src, s.end-1) {
					if c.tail[s.anchor] == "" {
						c.note(s.anchor)
						c.tail[s.anchor] = cm.text
						continue
					}
				}
				// Inside a multi-line value: above its key.
				c.note(s.anchor)
				c.lead[s.anchor] = append(c.lead[s.anchor], cm.text)
				continue
			}
			if !cm.own && lineOf(src, cm.off) == lineOf(src, s.end-1) && c.tail[s.anchor] == "" {
				c.note(s.anchor)
				c.tail[s.anchor] = cm.text
				continue
			}
		}
		pending = append(pending, cm)
	}
	for ; next < len(spans); next++ {
		c.place(src, spans, next, pending)
		pending = nil
	}
	c.place(src, spans, len(spans), pending)
	return c
}

// place attaches the whole-line comments found between the span before
// spans[next] and spans[next] (or the end of the file, when next is
// len(spans)), by the paragraphs blank lines make of them.
func (c *comments) place(src []byte, spans []span, next int, pending []comment) {
	if len(pending) == 0 {
		return
	}
	var paras [][]string
	var margin []bool // whether a paragraph's first line starts at the margin
	end := -1
	for _, cm := range pending {
		if end < 0 || bytes.Count(src[end:cm.off], []byte{'\n'}) >= 2 {
			paras = append(paras, nil)
			margin = append(margin, cm.off == 0 || src[cm.off-1] == '\n')
		}
		paras[len(paras)-1] = append(paras[len(paras)-1], cm.text)
		end = cm.off + len(cm.text)
	}
	// lines joins paragraphs with the blank lines between them.
	lines := func(ps [][]string) []string {
		var out []string
		for i, p := range ps {
			if i > 0 {
				out = append(out, "")
			}
			out = append(out, p...)
		}
		return out
	}
	var lead []string
	if next < len(spans) && bytes.Count(src[end:spans[next].start], []byte{'\n'}) == 1 {
		// Directly above the next element (even if also directly under
		// the one before, as blockStart reads it): that element's.
		lead = paras[len(paras)-1]
		paras = paras[:len(paras)-1]
	}
	// Under an element's last key, or a blank line below it and indented,
	// a comment is that element's, whatever it is (a member, a list, a
	// policy, the file's own keys): sorted elsewhere, it goes along; a
	// heading, at the margin between blank lines, leads what follows. So
	// the edits count a member's comments (entryEnd, blockStart).
	if next > 0 && len(paras) > 0 {
		prev := spans[next-1]
		if lineOf(src, pending[0].off) == lineOf(src, prev.end)+1 {
			c.note(prev.anchor)
			c.under[prev.anchor] = append(c.under[prev.anchor], paras[0]...)
			paras, margin = paras[1:], margin[1:]
		}
		if len(paras) > 0 {
			// Apart from both: below the element before, a blank
			// line from each, as entryEnd counts it in that entry,
			// up to a heading (at the margin), which leads what
			// follows, as entryEnd leaves it.
			k := slices.Index(margin, true)
			if k < 0 {
				k = len(paras)
			}
			if k > 0 {
				c.note(prev.anchor)
				c.below[prev.anchor] = append(c.below[prev.anchor], lines(paras[:k])...)
			}
			paras = paras[k:]
		}
	}
	if next == len(spans) {
		// After a blank line under the last element: the file's end.
		c.lead["eof"] = append(c.lead["eof"], lines(paras)...)
		return
	}
	if len(paras) > 0 {
		// Above the first element, or after a list's or policy's keys.
		direct := len(lead) > 0
		if direct {
			paras = append(paras, lead)
		}
		lead = lines(paras)
		if !direct && isTableAnchor(spans[next].anchor) {
			// A heading a blank line above an entry (a member, a list,
			// a policy) keeps that blank line: so blockStart does not
			// count it in the entry, and fmt leaves a section's heading
			// as its author spaced it.
			lead = append(lead, "")
		}
	}
	if len(lead) > 0 {
		anchor := spans[next].anchor
		c.note(anchor)
		c.lead[anchor] = append(c.lead[anchor], lead...)
	}
}

// isTableAnchor reports whether anchor is a [[member]], [lists.ID] or
// [policies.ID] header's.
func isTableAnchor(anchor string) bool {
	return !strings.Contains(anchor, "/") && (isMemberAnchor(anchor) || strings.HasPrefix(anchor, "list:") || strings.HasPrefix(anchor, "policy:"))
}

// isMemberAnchor reports whether anchor is a [[member]] header's.
func isMemberAnchor(anchor string) bool {
	return strings.HasPrefix(anchor, "member:") && !strings.Contains(anchor, "/")
}

func lineOf(src []byte, off int) int { return bytes.Count(src[:min(off, len(src))], []byte{'\n'}) }

// expressionSpans lists the file's tables and keys, in order, with their
// anchors and the bytes they cover.
func expressionSpans(src []byte) []span {
	var p unstable.Parser
	p.Reset(src)
	var out []span
	ctx := "root"
	memberIdx, vetIdx := -1, -1
	for p.NextExpression() {
		e := p.Expression()
		path := keyPath(e.Key())
		if len(path) == 0 {
			continue
		}
		start := lineStartOf(src, keyOffset(e))
		var anchor string
		end := lineEndOf(src, start)
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			switch {
			case len(path) == 2 && path[0] == "lists":
				ctx = "list:" + path[1]
			case len(path) == 2 && path[0] == "policies":
				ctx = "policy:" + path[1]
			case len(path) == 1 && path[0] == "member":
				memberIdx++
				vetIdx = -1
				ctx = fmt.Sprintf("member:%d", memberIdx)
			case len(path) == 2 && path[0] == "member" && path[1] == "vetting":
				vetIdx++
				ctx = fmt.Sprintf("member:%d/vetting:%d", memberIdx, vetIdx)
			case len(path) == 2 && path[0] == "member" && path[1] == "lists":
				// [member.lists] renders as the member's lists key.
				ctx = fmt.Sprintf("member:%d/lists", memberIdx)
			case len(path) == 1 && (path[0] == "lists" || path[0] == "policies"):
				ctx = "root/" + path[0]
			default:
				ctx = "root"
			}
			anchor = ctx
		case unstable.KeyValue:
			switch {
			case strings.HasSuffix(ctx, "/lists"):
				anchor = ctx
			case (ctx == "root/lists" || ctx == "root/policies") && len(path) >= 1:
				anchor = strings.TrimSuffix(strings.TrimPrefix(ctx, "root/"), "s") + ":" + path[0]
				if ctx == "root/policies" {
					anchor = "policy:" + path[0]
				}
				if len(path) > 1 {
					anchor += "/" + path[1]
				}
			case ctx == "root" && len(path) == 1:
				anchor = "root/" + path[0]
			case ctx == "root" && len(path) >= 2 && (path[0] == "lists" || path[0] == "policies"):
				anchor = strings.TrimSuffix(path[0], "s")
				if path[0] == "policies" {
					anchor = "policy"
				}
				anchor += ":" + path[1]
				if len(path) > 2 {
					anchor += "/" + path[2]
				}
			case len(path) >= 1 && path[0] == "lists" && strings.HasPrefix(ctx, "member:"):
				anchor = ctx + "/lists"
			default:
				anchor = ctx + "/" + path[0]
			}
			end = valueEnd(src, keyOffset(e))
		}
		out = append(out, span{anchor: anchor, start: start, end: end})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// keyOffset is where an expression's key starts.
func keyOffset(e *unstable.Node) int {
	it := e.Key()
	if it.Next() {
		return int(it.Node().Raw.Offset)
	}
	return 0
}

func lineStartOf(src []byte, off int) int {
	return bytes.LastIndexByte(src[:min(off, len(src))], '\n') + 1
}

func lineEndOf(src []byte, off int) int {
	i := bytes.IndexByte(src[off:], '\n')
	if i < 0 {
		return len(src)
	}
	return off + i
}

// valueEnd returns the end of the line on which the value of the key at
// off ends: past a multi-line array, inline table or string.
func valueEnd(src []byte, off int) int {
	i := off
	// Past the key and '='.
	for i < len(src) && src[i] != '=' && src[i] != '\n' {
		if src[i] == '"' || src[i] == '\'' {
			i = skipString(src, i)
			continue
		}
		i++
	}
	if i >= len(src) || src[i] != '=' {
		return lineEndOf(src, off)
	}
	depth := 0
	for i++; i < len(src); i++ {
		switch c := src[i]; {
		case c == '"' || c == '\'':
			i = skipString(src, i) - 1
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			i--
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		case c == '\n' && depth <= 0:
			return i
		}
	}
	return len(src)
}
