package members

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Edits change a members file by splicing its text: the bytes of a new
// block are inserted, or a byte range replaced, and everything else —
// comments, blank lines, order, formatting — stays as it was. Every edit
// then re-parses the result and checks that it is the old model plus
// exactly the intended change; if not, it returns an error and no text.

// ErrEdit wraps every refusal of an edit.
var ErrEdit = errors.New("cannot edit the members file")

type splice struct {
	start, end int
	text       string
}

func applySplices(src []byte, ss []splice) []byte {
	sort.Slice(ss, func(i, j int) bool { return ss[i].start > ss[j].start })
	crlf := usesCRLF(src)
	out := append([]byte(nil), src...)
	for _, s := range ss {
		text := s.text
		if crlf {
			text = strings.ReplaceAll(text, "\n", "\r\n")
		}
		out = append(out[:s.start], append([]byte(text), out[s.end:]...)...)
	}
	return out
}

// usesCRLF reports whether a file ends its lines with CRLF, so that edits
// and formatting keep its line endings.
func usesCRLF(src []byte) bool {
	crlf := bytes.Count(src, []byte("\r\n"))
	return crlf > 0 && crlf*2 >= bytes.Count(src, []byte("\n"))
}

// edit splices src and verifies the result against change applied to a
// fresh parse of src.
func edit(f *File, src []byte, ss []splice, change func(*File) error) ([]byte, *File, error) {
	out := applySplices(src, ss)
	nf, err := Parse(f.Name, out)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: the edited file would not parse, so nothing was written (this is a bug in roster; please report it): %v", ErrEdit, err)
	}
	want, err := Parse(f.Name, src)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrEdit, err)
	}
	if err := change(want); err != nil {
		return nil, nil, err
	}
	want.Index()
	if !bytes.Equal(Format(want, nil), Format(nf, nil)) {
		return nil, nil, fmt.Errorf("%w: the edit would change more than intended, so nothing was written (this is a bug in roster; please report it)", ErrEdit)
	}
	return out, nf, nil
}

// FindMember returns the member whose mailbox is email's, or nil.
func (f *File) FindMember(email string) *Member {
	a, err := ParseAddress(email)
	key := strings.ToLower(email)
	if err == nil {
		key = a.Mailbox()
	}
	for _, m := range f.Members {
		if ma, err := ParseAddress(m.Email); err == nil && ma.Mailbox() == key || strings.EqualFold(m.Email, email) {
			return m
		}
	}
	return nil
}

func (f *File) memberIndex(m *Member) int {
	for i, x := range f.Members {
		if x == m {
			return i
		}
	}
	return -1
}

// AddMember inserts a new [[member]] block for nm (its positions are
// ignored): in email order when the members are sorted by email, else
// after the last member.
func AddMember(f *File, src []byte, nm Member) ([]byte, *File, error) {
	if prev := f.FindMember(nm.Email); prev != nil {
		return nil, nil, fmt.Errorf("%w: %s is already in the file as %s (line %d)", ErrEdit, nm.Email, prev.Email, prev.Pos.Line)
	}
	m := newMember(nm)
	block := renderMemberBlock(m, vettingIndent(f))
	var s splice
	switch next := insertBefore(f, nm.Email); {
	case next != nil:
		start := blockStart(src, next.Start)
		s = splice{start, start, block + "\n"}
	case len(f.Members) > 0:
		end := contentEnd(src, memberEnd(f.Members[len(f.Members)-1]))
		s = splice{end, end, "\n" + block}
	default:
		end := contentEnd(src, len(src))
		s = splice{end, end, "\n" + block}
	}
	if s.start == len(src) && len(src) > 0 && src[len(src)-1] != '\n' {
		s.text = "\n" + s.text
	}
	return edit(f, src, []splice{s}, func(want *File) error {
		want.Members = append(want.Members, newMember(nm))
		return nil
	})
}

// newMember is a copy of nm with the keys it will be written with.
func newMember(nm Member) *Member {
	m := &Member{Email: nm.Email, Name: nm.Name, GitHub: nm.GitHub, Affiliation: nm.Affiliation, Lists: nm.Lists,
		Vetting: append([]Vetting(nil), nm.Vetting...)}
	m.Keys = []KeyPos{{Key: "email"}, {Key: "lists"}}
	for k, v := range map[string]string{"name": nm.Name, "github": nm.GitHub, "affiliation": nm.Affiliation} {
		if v != "" {
			m.Keys = append(m.Keys, KeyPos{Key: k})
		}
	}
	for i := range m.Vetting {
		m.Vetting[i].Keys = vettingKeysOf(m.Vetting[i])
	}
	return m
}

func vettingKeysOf(v Vetting) []KeyPos {
	keys := []KeyPos{{Key: "by"}, {Key: "on"}, {Key: "method"}}
	if v.Note != "" {
		keys = append(keys, KeyPos{Key: "note"})
	}
	if v.Evidence != "" {
		keys = append(keys, KeyPos{Key: "evidence"})
	}
	return keys
}

// insertBefore returns the member a new email sorts before, when the
// members are in email order; nil to append.
func insertBefore(f *File, email string) *Member {
	for i := 1; i < len(f.Members); i++ {
		if strings.ToLower(f.Members[i-1].Email) > strings.ToLower(f.Members[i].Email) {
			return nil // not sorted: append
		}
	}
	for _, m := range f.Members {
		if strings.ToLower(m.Email) > strings.ToLower(email) {
			return m
		}
	}
	return nil
}

func renderMemberBlock(m *Member, indent string) string {
	var b strings.Builder
	w := &writer{b: &b, comments: &comments{lead: map[string][]string{}, tail: map[string]string{}}}
	writeMember(w, m, "new", indent)
	return b.String()
}

// AddVetting appends a vetting record under a member, after its last
// record.
func AddVetting(f *File, src []byte, email string, v Vetting) ([]byte, *File, error) {
	m := f.FindMember(email)
	if m == nil {
		return nil, nil, fmt.Errorf("%w: no member %s in %s; add them first with 'roster add'", ErrEdit, email, f.Name)
	}
	idx := f.memberIndex(m)
	v.Keys = vettingKeysOf(v)
	var b strings.Builder
	w := &writer{b: &b, comments: &comments{lead: map[string][]string{}, tail: map[string]string{}}, indent: vettingIndent(f)}
	writeVetting(w, &v, "new")
	end := contentEnd(src, memberEnd(m))
	text := "\n" + b.String()
	if end == len(src) && len(src) > 0 && src[len(src)-1] != '\n' {
		text = "\n" + text
	}
	return edit(f, src, []splice{{end, end, text}}, func(want *File) error {
		want.Members[idx].Vetting = append(want.Members[idx].Vetting, v)
		return nil
	})
}

// RemoveMember deletes a member's whole entry, with its vetting records
// and the comment lines directly above it.
func RemoveMember(f *File, src []byte, email string) ([]byte, *File, error) {
	m := f.FindMember(email)
	if m == nil {
		return nil, nil, fmt.Errorf("%w: no member %s in %s", ErrEdit, email, f.Name)
	}
	idx := f.memberIndex(m)
	start := blockStart(src, m.Start)
	end := contentEnd(src, memberEnd(m))
	// Take the blank line that separated the entry from the one above.
	if ls := lineStart(src, start-1); start > 0 && len(bytes.TrimSpace(src[ls:start])) == 0 {
		start = ls
	}
	return edit(f, src, []splice{{start, end, ""}}, func(want *File) error {
		want.Members = append(want.Members[:idx], want.Members[idx+1:]...)
		return nil
	})
}

// SetLists replaces a member's lists with the given ones, rewriting only
// the lists key (an inline table, a [member.lists] table or dotted keys
// become one inline table where they were).
func SetLists(f *File, src []byte, email string, lists []Membership) ([]byte, *File, error) {
	m := f.FindMember(email)
	if m == nil {
		return nil, nil, fmt.Errorf("%w: no member %s in %s", ErrEdit, email, f.Name)
	}
	idx := f.memberIndex(m)
	line := "lists = " + InlineLists(lists)
	var ss []splice
	switch {
	case !m.Has("lists"):
		end := contentEnd(src, m.End)
		ss = []splice{{end, end, line + "\n"}}
	default:
		at := m.At("lists").Offset
		switch {
		case at < len(src) && src[at] == '[':
			// [member.lists] table: replace its header and keys.
			start := lineStart(src, at)
			end := contentEnd(src, tableEnd(src, at))
			ss = []splice{{start, end, line + "\n"}}
		case bytes.HasPrefix(bytes.TrimLeft(src[at+len("lists"):], " \t"), []byte(".")):
			// dotted keys: the first line becomes the table, the others go.
			for i, ms := range m.Lists {
				start, end := lineStart(src, ms.Pos.Offset), lineEnd(src, ms.Pos.Offset)
				text := ""
				if i == 0 {
					text = line + "\n"
				}
				ss = append(ss, splice{start, end, text})
			}
		default:
			valStart := bytes.IndexByte(src[at:], '{')
			if valStart < 0 {
				return nil, nil, fmt.Errorf("%w: cannot find the lists of %s at line %d", ErrEdit, email, m.At("lists").Line)
			}
			end, ok := inlineTableEnd(src, at+valStart)
			if !ok {
				return nil, nil, fmt.Errorf("%w: cannot find the end of the lists of %s at line %d", ErrEdit, email, m.At("lists").Line)
			}
			ss = []splice{{at, end, line}}
		}
	}
	return edit(f, src, ss, func(want *File) error {
		wm := want.Members[idx]
		wm.Lists = append([]Membership(nil), lists...)
		if !wm.Has("lists") {
			wm.Keys = append(wm.Keys, KeyPos{Key: "lists"})
		}
		return nil
	})
}

// memberEnd is where a member's text ends: after its last vetting record.
func memberEnd(m *Member) int {
	end := m.End
	for _, v := range m.Vetting {
		end = max(end, v.End)
	}
	return end
}

// tableEnd is where the table whose header is at off ends: the start of
// the next header line, or the end of the file.
func tableEnd(src []byte, off int) int {
	for i := lineEnd(src, off); i < len(src); i = lineEnd(src, i) {
		if t := bytes.TrimLeft(src[i:lineEnd(src, i)], " \t"); len(t) > 0 && t[0] == '[' {
			return i
		}
	}
	return len(src)
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

// blockStart moves a header's line start up over the comment lines
// directly above it (no blank line between): they describe the block.
func blockStart(src []byte, start int) int {
	for start > 0 {
		prev := lineStart(src, start-1)
		t := bytes.TrimSpace(src[prev:start])
		if len(t) == 0 || t[0] != '#' {
			break
		}
		start = prev
	}
	return start
}

// contentEnd moves an element's end (the start of the next header) up
// over blank lines and the comments that belong to the next block, to
// just after its own last line.
func contentEnd(src []byte, end int) int {
	for end > 0 {
		prev := lineStart(src, end-1)
		if !isCommentOrBlank(src[prev:end]) {
			break
		}
		end = prev
	}
	if end > 0 && end <= len(src) && src[end-1] != '\n' {
		// The last content line has no newline (end of file).
		return end
	}
	return end
}

// inlineTableEnd returns the offset after the '}' closing the inline table
// that opens at off, skipping braces inside strings.
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
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i + 1, true
			}
		case '\n':
			return 0, false
		}
	}
	return 0, false
}
