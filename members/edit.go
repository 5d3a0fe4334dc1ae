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
	// Splices at one offset go in key order, then in the order they were
	// made: new members inserted before one entry stay in email order.
	key string
	seq int
}

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

// Batch is a set of edits to one file, made together: every splice is
// computed on the original text, and the result is parsed and checked
// once. Importing a thousand members is one edit, not a thousand.
type Batch struct {
	f       *File
	src     []byte
	splices []splice
	changes []func(*File) error
	byBox   map[string]*Member // the file's members by mailbox
	added   map[string]string  // mailboxes added in this batch
	touched map[*Member]bool   // members whose text a splice already rewrites
	dropped [][2]int           // ranges removed with their comments (whole entries)
}

// NewBatch starts a batch of edits to the file f parsed from src.
func NewBatch(f *File, src []byte) *Batch {
	b := &Batch{f: f, src: src, byBox: make(map[string]*Member, len(f.Members)), added: map[string]string{}, touched: map[*Member]bool{}}
	for _, m := range f.Members {
		b.byBox[mailboxKey(m.Email)] = m
	}
	return b
}

func mailboxKey(email string) string {
	if a, err := ParseAddress(email); err == nil {
		return a.Mailbox()
	}
	return strings.ToLower(email)
}

// Find returns the file's member with email's mailbox, or nil.
func (b *Batch) Find(email string) *Member { return b.byBox[mailboxKey(email)] }

// FindMember returns the member whose mailbox is email's, or nil.
func (f *File) FindMember(email string) *Member {
	key := mailboxKey(email)
	for _, m := range f.Members {
		if mailboxKey(m.Email) == key {
			return m
		}
	}
	return nil
}

func (b *Batch) add(s splice, change func(*File) error) {
	s.seq = len(b.splices)
	if s.start == len(b.src) && len(b.src) > 0 && b.src[len(b.src)-1] != '\n' {
		s.text = "\n" + s.text
	}
	b.splices = append(b.splices, s)
	b.changes = append(b.changes, change)
}

// claim reports a second edit of one member's text in a batch, which
// would make overlapping splices.
func (b *Batch) claim(m *Member) error {
	if b.touched[m] {
		return fmt.Errorf("%w: %s is changed twice in one edit", ErrEdit, m.Email)
	}
	b.touched[m] = true
	return nil
}

// Apply makes the batch's edits and returns the new text and its parse.
// It re-parses the result and checks that it is the old model plus
// exactly the batch's changes; if not, it returns an error and no text.
func (b *Batch) Apply() ([]byte, *File, error) {
	out := applySplices(b.src, append([]splice(nil), b.splices...))
	want, err := Parse(b.f.Name, b.src)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrEdit, err)
	}
	// Changes find their member by address, not index: removals shift
	// indexes.
	for _, change := range b.changes {
		if err := change(want); err != nil {
			return nil, nil, err
		}
	}
	want.Index()
	nf, err := verify(b.f.Name, b.keptText(), out, want, "edit")
	if err != nil {
		return nil, nil, err
	}
	return out, nf, nil
}

// Reformat is Format checked as every edit is: the result parses, holds
// the same model, and keeps every comment; otherwise it returns an error
// naming what would be lost, and no text. Like an edit, it returns the
// new text and its parse.
func Reformat(f *File, src []byte) ([]byte, *File, error) {
	out := Format(f, src)
	nf, err := verify(f.Name, src, out, f, "formatting")
	if err != nil {
		return nil, nil, err
	}
	return out, nf, nil
}

// verify checks the text an edit or fmt would write: it keeps every
// comment of before (as a multiset: moving one is fine), parses, and is
// the model want. It is the one check between roster and the disk.
func verify(name string, before, out []byte, want *File, what string) (*File, error) {
	if line, text, lost := LostComment(before, out); lost {
		return nil, fmt.Errorf("%w: the %s would drop the comment %q at line %d, so nothing was written; move the comment to its own line above the key it describes and run the command again", ErrEdit, what, text, line)
	}
	nf, err := Parse(name, out)
	if err != nil {
		return nil, fmt.Errorf("%w: the %s would not parse, so nothing was written (this is a bug in roster; please report it): %v", ErrEdit, what, err)
	}
	if !bytes.Equal(Format(want, nil), Format(nf, nil)) {
		return nil, fmt.Errorf("%w: the %s would change more than intended, so nothing was written (this is a bug in roster; please report it)", ErrEdit, what)
	}
	return nf, nil
}

// keptText is the source without the entries the batch removes: the
// comments every edit must keep are this text's.
func (b *Batch) keptText() []byte {
	if len(b.dropped) == 0 {
		return b.src
	}
	ds := append([][2]int(nil), b.dropped...)
	sort.Slice(ds, func(i, j int) bool { return ds[i][0] < ds[j][0] })
	var out []byte
	at := 0
	for _, d := range ds {
		if d[0] > at {
			out = append(out, b.src[at:d[0]]...)
		}
		at = max(at, d[1])
	}
	return append(out, b.src[at:]...)
}

// memberIn returns want's member with the same address as m.
func memberIn(want *File, m *Member) *Member {
	for _, x := range want.Members {
		if x.Email == m.Email && x.Pos == m.Pos {
			return x
		}
	}
	return nil
}

// AddMember inserts a new [[member]] block for nm (its positions are
// ignored): in email order when the members are sorted by email, else
// after the last member.
func (b *Batch) AddMember(nm Member) error {
	if len(b.f.Members) > 0 && b.f.Members[0].End == 0 {
		return errInlineMembers(b.f, b.f.Members[0].Pos.Line)
	}
	key := mailboxKey(nm.Email)
	if prev := b.byBox[key]; prev != nil {
		return fmt.Errorf("%w: %s is already in the file as %s (line %d)", ErrEdit, nm.Email, prev.Email, prev.Pos.Line)
	}
	if prev, ok := b.added[key]; ok {
		return fmt.Errorf("%w: %s is added twice (also as %s)", ErrEdit, nm.Email, prev)
	}
	b.added[key] = nm.Email
	f, src := b.f, b.src
	block := renderMemberBlock(newMember(nm), vettingIndent(f))
	s := splice{key: strings.ToLower(nm.Email)}
	switch next := insertBefore(f, nm.Email); {
	case next != nil:
		start := blockStart(src, next.Start)
		s.start, s.end, s.text = start, start, block+"\n"
	case len(f.Members) > 0:
		end := contentEnd(src, memberEnd(f.Members[len(f.Members)-1]))
		s.start, s.end, s.text = end, end, "\n"+block
	default:
		end := contentEnd(src, len(src))
		s.start, s.end, s.text = end, end, "\n"+block
	}
	if !sortedByEmail(f) {
		s.key = "" // appended in the order given
	}
	b.add(s, func(want *File) error {
		want.Members = append(want.Members, newMember(nm))
		return nil
	})
	return nil
}

// Imported is a live member import brings into the file.
type Imported struct {
	Email string
	Role  Role
}

// Import writes people into the file on list: each one missing from the
// file as a new entry with record (a grandfathered vetting record), each
// one already in it by having the list added with their live role.
// Those already on the list are left as they are, so that importing
// again changes nothing.
func (b *Batch) Import(list string, people []Imported, record Vetting) (added, joined int, err error) {
	for _, p := range people {
		if _, err := ParseAddress(p.Email); err != nil {
			return added, joined, fmt.Errorf("live member %q: %w", p.Email, err)
		}
		if m := b.Find(p.Email); m != nil {
			if _, on := m.RoleOn(list); on {
				continue
			}
			if err := b.SetLists(m.Email, append(append([]Membership(nil), m.Lists...), Membership{List: list, Role: p.Role})); err != nil {
				return added, joined, err
			}
			joined++
			continue
		}
		err := b.AddMember(Member{Email: p.Email, Lists: []Membership{{List: list, Role: p.Role}}, Vetting: []Vetting{record}})
		if err != nil {
			return added, joined, err
		}
		added++
	}
	return added, joined, nil
}

// AddMember inserts one member; see Batch.AddMember.
func AddMember(f *File, src []byte, nm Member) ([]byte, *File, error) {
	b := NewBatch(f, src)
	if err := b.AddMember(nm); err != nil {
		return nil, nil, err
	}
	return b.Apply()
}

// newMember is a copy of nm with the keys it will be written with.
func newMember(nm Member) *Member {
	m := &Member{Email: nm.Email, Name: nm.Name, GitHub: nm.GitHub, Affiliation: nm.Affiliation, Lists: nm.Lists,
		Vetting: append([]Vetting(nil), nm.Vetting...)}
	m.keys = withKeys(nil, "email", "lists")
	for k, v := range map[string]string{"name": nm.Name, "github": nm.GitHub, "affiliation": nm.Affiliation} {
		if v != "" {
			m.keys = withKeys(m.keys, k)
		}
	}
	for i := range m.Vetting {
		m.Vetting[i].keys = vettingKeysOf(m.Vetting[i])
	}
	return m
}

func vettingKeysOf(v Vetting) []keyAt {
	keys := withKeys(nil, "by", "on", "method")
	if v.Note != "" {
		keys = withKeys(keys, "note")
	}
	if v.Evidence != "" {
		keys = withKeys(keys, "evidence")
	}
	return keys
}

// insertBefore returns the member a new email sorts before, when the
// members are in email order; nil to append.
func insertBefore(f *File, email string) *Member {
	if !sortedByEmail(f) {
		return nil
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

// sortedByEmail reports whether the members are in email order.
func sortedByEmail(f *File) bool {
	for i := 1; i < len(f.Members); i++ {
		if strings.ToLower(f.Members[i-1].Email) > strings.ToLower(f.Members[i].Email) {
			return false
		}
	}
	return true
}

// AddVetting appends a vetting record under a member, after its last
// record: a [[member.vetting]] table, or an element of the member's
// vetting = [...] array when it writes its records that way.
func (b *Batch) AddVetting(email string, v Vetting) error {
	m, err := b.editable(email)
	if err != nil {
		return err
	}
	if err := b.claim(m); err != nil {
		return err
	}
	v.keys = vettingKeysOf(v)
	change := func(want *File) error {
		wm := memberIn(want, m)
		wm.Vetting = append(wm.Vetting, v)
		return nil
	}
	if m.Has("vetting") && !bytes.HasPrefix(b.src[m.At("vetting").Offset:], []byte("[")) {
		// vetting = [ {...}, ... ]: a new element before the ']'.
		s, err := appendToArray(b.src, m.At("vetting").Offset, inlineVetting(v))
		if err != nil {
			return fmt.Errorf("%w: %s at line %d: %v; write its records as [[member.vetting]] tables (roster fmt does) and run the command again", ErrEdit, email, m.At("vetting").Line, err)
		}
		b.add(s, change)
		return nil
	}
	var sb strings.Builder
	w := &writer{b: &sb, comments: &comments{lead: map[string][]string{}, tail: map[string]string{}}, indent: vettingIndent(b.f)}
	writeVetting(w, &v, "new")
	end := contentEnd(b.src, memberEnd(m))
	b.add(splice{start: end, end: end, text: "\n" + sb.String()}, change)
	return nil
}

// inlineVetting renders a record as an inline table.
func inlineVetting(v Vetting) string {
	parts := []string{"by = " + Quote(v.By), "on = " + v.On.Format(DateLayout), "method = " + Quote(v.Method)}
	if v.Note != "" {
		parts = append(parts, "note = "+Quote(v.Note))
	}
	if v.Evidence != "" {
		parts = append(parts, "evidence = "+Quote(v.Evidence))
	}
	return "{ " + strings.Join(parts, ", ") + " }"
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

// editable returns the member email names, if roster can edit its entry:
// members written as a member = [...] array have no block of their own.
func (b *Batch) editable(email string) (*Member, error) {
	m := b.Find(email)
	if m == nil {
		return nil, fmt.Errorf("%w: no member %s in %s; add them first with 'roster add'", ErrEdit, email, b.f.Name)
	}
	if m.End == 0 {
		return nil, errInlineMembers(b.f, m.Pos.Line)
	}
	return m, nil
}

func errInlineMembers(f *File, line int) error {
	return fmt.Errorf("%w: %s writes its members as one member = [...] array (line %d), which roster does not edit in place; rewrite them as [[member]] tables (run roster fmt, which does) and run the command again", ErrEdit, f.Name, line)
}

// AddVetting appends one record; see Batch.AddVetting.
func AddVetting(f *File, src []byte, email string, v Vetting) ([]byte, *File, error) {
	b := NewBatch(f, src)
	if err := b.AddVetting(email, v); err != nil {
		return nil, nil, err
	}
	return b.Apply()
}

// RemoveMember deletes a member's whole entry, with its vetting records
// and the comment lines directly above it.
func (b *Batch) RemoveMember(email string) error {
	m, err := b.editable(email)
	if err != nil {
		return err
	}
	if err := b.claim(m); err != nil {
		return err
	}
	src := b.src
	start := blockStart(src, m.Start)
	end := contentEnd(src, memberEnd(m))
	// Take the blank line that separated the entry from the one above.
	if ls := lineStart(src, start-1); start > 0 && len(bytes.TrimSpace(src[ls:start])) == 0 {
		start = ls
	}
	b.dropped = append(b.dropped, [2]int{start, end})
	b.add(splice{start: start, end: end}, func(want *File) error {
		wm := memberIn(want, m)
		for i, x := range want.Members {
			if x == wm {
				want.Members = append(want.Members[:i], want.Members[i+1:]...)
				break
			}
		}
		return nil
	})
	return nil
}

// RemoveMember deletes one entry; see Batch.RemoveMember.
func RemoveMember(f *File, src []byte, email string) ([]byte, *File, error) {
	b := NewBatch(f, src)
	if err := b.RemoveMember(email); err != nil {
		return nil, nil, err
	}
	return b.Apply()
}

// SetLists replaces a member's lists with the given ones, rewriting only
// the lists key (an inline table, a [member.lists] table or dotted keys
// become one inline table where they were).
func (b *Batch) SetLists(email string, lists []Membership) error {
	m, err := b.editable(email)
	if err != nil {
		return err
	}
	if err := b.claim(m); err != nil {
		return err
	}
	src := b.src
	line := "lists = " + InlineLists(lists)
	var ss []splice
	switch {
	case !m.Has("lists"):
		end := contentEnd(src, m.End)
		ss = []splice{{start: end, end: end, text: line + "\n"}}
	default:
		at := m.At("lists").Offset
		switch {
		case at < len(src) && src[at] == '[':
			// [member.lists] table: replace its header and keys.
			start := lineStart(src, at)
			end := contentEnd(src, tableEnd(src, at))
			ss = []splice{{start: start, end: end, text: line + "\n"}}
		case bytes.HasPrefix(bytes.TrimLeft(src[at+len("lists"):], " \t"), []byte(".")):
			// dotted keys: the first line becomes the table, the others go.
			for i, ms := range m.Lists {
				start, end := lineStart(src, ms.Pos.Offset), lineEnd(src, ms.Pos.Offset)
				text := ""
				if i == 0 {
					text = line + "\n"
				}
				ss = append(ss, splice{start: start, end: end, text: text})
			}
		default:
			valStart := bytes.IndexByte(src[at:], '{')
			if valStart < 0 {
				return fmt.Errorf("%w: cannot find the lists of %s at line %d", ErrEdit, email, m.At("lists").Line)
			}
			end, ok := inlineTableEnd(src, at+valStart)
			if !ok {
				return fmt.Errorf("%w: cannot find the end of the lists of %s at line %d", ErrEdit, email, m.At("lists").Line)
			}
			ss = []splice{{start: at, end: end, text: line}}
		}
	}
	change := func(want *File) error {
		wm := memberIn(want, m)
		wm.Lists = append([]Membership(nil), lists...)
		if !wm.Has("lists") {
			wm.keys = withKeys(wm.keys, "lists")
		}
		return nil
	}
	// The comments of the text replaced (a [member.lists] table's, the
	// ends of dotted-key lines) stay, above the new lists line.
	var kept []string
	for _, s := range ss {
		for _, c := range scanComments(src[s.start:s.end]) {
			kept = append(kept, c.text)
		}
	}
	if len(kept) > 0 {
		indent := string(src[lineStart(src, ss[0].start):ss[0].start])
		if strings.TrimSpace(indent) != "" {
			indent = ""
		}
		prefix := strings.Join(kept, "\n"+indent) + "\n" + indent
		if ss[0].start != lineStart(src, ss[0].start) {
			// Mid-line (lists = {...} after other text is not TOML, but
			// be safe): the comments go on lines of their own.
			prefix = "\n" + prefix
		}
		ss[0].text = prefix + ss[0].text
	}
	for i, s := range ss {
		if i == 0 {
			b.add(s, change)
		} else {
			b.add(s, func(*File) error { return nil })
		}
	}
	return nil
}

// SetLists rewrites one member's lists; see Batch.SetLists.
func SetLists(f *File, src []byte, email string, lists []Membership) ([]byte, *File, error) {
	b := NewBatch(f, src)
	if err := b.SetLists(email, lists); err != nil {
		return nil, nil, err
	}
	return b.Apply()
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
