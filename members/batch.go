package members

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
)

// Edits change a members file by splicing its text: the bytes of a new
// block are inserted, or a byte range replaced, and everything else —
// comments, blank lines, order, formatting — stays as it was. Every edit
// then re-parses the result and checks that it is the old model plus
// exactly the intended change; if not, it returns an error and no text.

// ErrEdit wraps every refusal of an edit.
var ErrEdit = errors.New("cannot edit the members file")

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
	// byHandle are the file's members by HandleKey of their GitHub handle,
	// built when first needed; addedHandles are those added in this batch.
	byHandle     map[string]*Member
	addedHandles map[string]string
	// touched are the parts of members' text a splice already rewrites:
	// a member's lists and its vetting records are apart in the text, so
	// one edit may put someone on a list and add their record; a second
	// change of one part, or removing an entry changed otherwise, would
	// make overlapping splices.
	touched map[*Member]part
	// dropped are the ranges removed with their comments: whole entries,
	// and the lines of lists a member leaves.
	dropped [][2]int
	// text is src read for its multi-line strings, when first needed.
	text *source
}

// source is the batch's text, read once for where its multi-line strings
// are (src does not change while a batch is made: splices are applied at
// the end).
func (b *Batch) source() *source {
	if b.text == nil {
		b.text = newSource(b.src)
	}
	return b.text
}

// NewBatch starts a batch of edits to the file f parsed from src.
func NewBatch(f *File, src []byte) *Batch {
	b := &Batch{f: f, src: src, byBox: make(map[string]*Member, len(f.Members)), added: map[string]string{},
		addedHandles: map[string]string{}, touched: map[*Member]part{}}
	for _, m := range f.Members {
		b.byBox[mailboxKey(m.Email)] = m
	}
	return b
}

// handles returns the file's members by GitHub handle.
func (b *Batch) handles() map[string]*Member {
	if b.byHandle == nil {
		b.byHandle = make(map[string]*Member)
		for _, m := range b.f.Members {
			if m.GitHub == "" {
				continue
			}
			if h := HandleKey(m.GitHub); b.byHandle[h] == nil {
				b.byHandle[h] = m
			}
		}
	}
	return b.byHandle
}

// mailboxKey is Address.Mailbox, and for what does not parse the same
// key IdentityOf gives it, so that no spelling finds a second entry.
func mailboxKey(email string) string {
	if a, err := ParseAddress(email); err == nil {
		return a.Mailbox()
	}
	return canonicalLocal(email)
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

// part is a part of a member's text that an edit rewrites.
type part uint8

const (
	partLists   part = 1 << iota // the lists key (SetLists, JoinList, SetRole)
	partVetting                  // the vetting records (AddVetting)
	partDetails                  // name, github, affiliation (FillDetails)
	partEntry   = partLists | partVetting | partDetails
)

func (p part) String() string {
	switch p {
	case partLists:
		return "their lists are"
	case partVetting:
		return "their vetting records are"
	case partDetails:
		return "their details are"
	}
	return "the entry is"
}

// claim reports a second edit of one part of a member's text in a
// batch, which would make overlapping splices.
func (b *Batch) claim(m *Member, p part) error {
	if b.touched[m]&p != 0 {
		return fmt.Errorf("%w: %s: %s changed twice in one edit", ErrEdit, m.Email, (b.touched[m] & p).String())
	}
	b.touched[m] |= p
	return nil
}

// lateSeq orders a splice after every other one the batch makes at the
// same offset, whenever it was made: a member's new vetting record goes
// after the lists key an edit writes at the end of the entry's keys, or
// the key would fall inside the [[member.vetting]] table.
const lateSeq = 1 << 30

func (b *Batch) addLate(s splice, change func(*File) error) {
	b.add(s, change)
	b.splices[len(b.splices)-1].seq += lateSeq
}

// Apply makes the batch's edits and returns the new text and its parse.
// It re-parses the result and checks that it is the old model plus
// exactly the batch's changes; if not, it returns an error and no text.
func (b *Batch) Apply() ([]byte, *File, error) {
	out := applySplices(b.src, append([]splice(nil), b.splices...))
	want, err := Parse(b.f.Name, b.src)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrEdit, err)
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
		return nil, fmt.Errorf("%w: the %s would not parse, so nothing was written (this is a bug in roster; please report it): %w", ErrEdit, what, err)
	}
	// Both in one fixed style: the style Format reads off a
	// file is not its data, and one record more or less can tip it.
	if !bytes.Equal(format(want, nil, style{}), format(nf, nil, style{})) {
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

// editable returns the member email names, if roster can edit its entry:
// members written as a member = [...] array have no block of their own.
func (b *Batch) editable(email string) (*Member, error) {
	m := b.Find(email)
	if m == nil {
		return nil, fmt.Errorf("%w: no member %s in %s; add them first with 'roster add'", ErrEdit, email, b.f.Name)
	}
	if m.End == 0 {
		line := m.Pos.Line
		if b.f.inlineMembers.IsValid() {
			line = b.f.inlineMembers.Line // where the array is, whichever entry
		}
		return nil, errInlineMembers(b.f, line)
	}
	return m, nil
}

func errInlineMembers(f *File, line int) error {
	return fmt.Errorf("%w: %s writes its members as one member = [...] array (line %d), which roster does not edit in place; rewrite them as [[member]] tables (run 'roster fmt', which does) and run the command again", ErrEdit, f.Name, line)
}
