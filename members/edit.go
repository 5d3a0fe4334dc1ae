package members

import (
	"bytes"
	"fmt"
	"github.com/roster-dev/roster/internal/visible"
	"strings"
)

// Edits of members: add one, add a vetting record, remove one, and
// import a list's live members. Each splices the text (splice.go) inside
// a Batch (batch.go), which checks the result.

// AddMember inserts a new [[member]] block for nm (its positions are
// ignored): in email order when the members are sorted by email, else
// after the last member.
//
// It refuses what validate would refuse as a duplicate: an address that
// is one mailbox with an entry's (in any case, with Gmail dots, a +tag,
// googlemail.com, accents composed or not, the domain in Unicode or
// punycode), or a GitHub handle an entry has in any case; the refusal
// names the entry's line. It refuses, too, what the parser would: a
// handle, list id, role, vetter or method outside their forms.
func (b *Batch) AddMember(nm Member) error {
	if b.f.inlineMembers.IsValid() {
		return errInlineMembers(b.f, b.f.inlineMembers.Line)
	}
	if err := checkNewMember(nm); err != nil {
		for _, v := range nm.Vetting {
			err = b.f.vetterNamed(err, v.By, nm.Email)
		}
		return err
	}
	key := mailboxKey(nm.Email)
	if prev := b.byBox[key]; prev != nil {
		return fmt.Errorf("%w: %s is already in the file as %s (line %d)", ErrEdit, nm.Email, prev.Email, prev.Pos.Line)
	}
	if prev, ok := b.added[key]; ok {
		return fmt.Errorf("%w: %s is added twice (also as %s)", ErrEdit, nm.Email, prev)
	}
	if prev := b.lookAlikeOf(nm.Email); prev != nil {
		return fmt.Errorf("%w: %s%s reads like %s%s (line %d), another mailbox already in the file; check which address the person gave", ErrEdit, nm.Email, visible.LookalikeNote(nm.Email), prev.Email, visible.LookalikeNote(prev.Email), prev.Pos.Line)
	}
	if nm.GitHub != "" {
		h := HandleKey(nm.GitHub)
		if prev := b.handles()[h]; prev != nil {
			return fmt.Errorf("%w: GitHub handle %s is already in the file, on %s (line %d); one person has one entry", ErrEdit, nm.GitHub, prev.Email, prev.Pos.Line)
		}
		if prev, ok := b.addedHandles[h]; ok {
			return fmt.Errorf("%w: GitHub handle %s is added twice (also for %s)", ErrEdit, nm.GitHub, prev)
		}
		b.addedHandles[h] = nm.Email
	}
	b.added[key] = nm.Email
	f, src := b.f, b.src
	block := renderMemberBlock(newMember(nm), vettingIndent(f, src))
	s := splice{key: strings.ToLower(nm.Email)}
	switch next := insertBefore(f, nm.Email); {
	case next != nil:
		start := b.source().blockStart(next.Start)
		s.start, s.end, s.text = start, start, block+"\n"
	case len(f.Members) > 0:
		// After the comment lines inside the last entry, which are its.
		end := b.source().entryEnd(memberEnd(f.Members[len(f.Members)-1]))
		s.start, s.end, s.text = end, end, "\n"+block
	default:
		end := b.source().contentEnd(len(src))
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

// lookAlikeOf returns the entry whose address reads like email's while
// it is another mailbox (ReadsAlike), or nil: validate refuses the pair.
func (b *Batch) lookAlikeOf(email string) *Member {
	// Either side may be the imitation: a plain ace@ added beside the
	// file's Cyrillic асе@ reads alike as much as the other way round.
	imitates := MayImitate(email)
	sk := ""
	for _, m := range b.f.Members {
		if !imitates && !MayImitate(m.Email) {
			continue
		}
		if sk == "" {
			sk = Skeleton(email) // once, not once per entry compared
		}
		if Skeleton(m.Email) == sk && ReadsAlike(m.Email, email) {
			return m
		}
	}
	return nil
}

// checkNewMember refuses a new entry the parser would refuse, with a
// message that says which value, rather than an edit that fails its own
// check.
func checkNewMember(nm Member) error {
	if _, err := ParseAddress(nm.Email); err != nil {
		return fmt.Errorf("%w: %w", ErrEdit, err)
	}
	if nm.GitHub != "" {
		if err := CheckMemberHandle(nm.GitHub); err != nil {
			return fmt.Errorf("%w: github %q is not a GitHub handle: %w", ErrEdit, nm.GitHub, err)
		}
	}
	for _, ms := range nm.Lists {
		if err := checkMembership(ms.List, ms.Role); err != nil {
			return err
		}
	}
	for _, v := range nm.Vetting {
		if err := checkRecord(v); err != nil {
			return err
		}
	}
	return nil
}

// checkMembership refuses a list id outside CheckName's form and a role
// that is not owner, manager or member.
func checkMembership(list string, role Role) error {
	if err := CheckName(list); err != nil {
		return fmt.Errorf("%w: list %q: %w", ErrEdit, list, err)
	}
	if !role.Valid() {
		return fmt.Errorf("%w: role %q on %s is not owner, manager or member", ErrEdit, role, list)
	}
	return nil
}

// checkRecord refuses a vetting record whose vetter or method the parser
// would refuse.
func checkRecord(v Vetting) error {
	if err := CheckVetter(v.By); err != nil {
		return fmt.Errorf("%w: by %q is not a vetter: %w", ErrEdit, v.By, err)
	}
	if err := CheckName(v.Method); err != nil {
		return fmt.Errorf("%w: method %q is not a vetting method: %w", ErrEdit, v.Method, err)
	}
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
			if err := b.JoinList(m.Email, list, p.Role); err != nil {
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
	if err := checkRecord(v); err != nil {
		return b.f.vetterNamed(err, v.By, email)
	}
	m, err := b.editable(email)
	if err != nil {
		return err
	}
	if err := b.claim(m, partVetting); err != nil {
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
			return fmt.Errorf("%w: %s at line %d: %w; write its records as [[member.vetting]] tables ('roster fmt' does) and run the command again", ErrEdit, email, m.At("vetting").Line, err)
		}
		b.addLate(s, change)
		return nil
	}
	var sb strings.Builder
	w := &writer{b: &sb, comments: &comments{lead: map[string][]string{}, tail: map[string]string{}}, indent: vettingIndent(b.f, b.src)}
	writeVetting(w, &v, "new")
	end := b.source().recordEnd(memberEnd(m))
	b.addLate(splice{start: end, end: end, text: "\n" + sb.String()}, change)
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

// AddVetting appends one record; see Batch.AddVetting.
func AddVetting(f *File, src []byte, email string, v Vetting) ([]byte, *File, error) {
	b := NewBatch(f, src)
	if err := b.AddVetting(email, v); err != nil {
		return nil, nil, err
	}
	return b.Apply()
}

// RemoveMember deletes a member's whole entry, with its vetting records,
// the comment lines directly above it and those inside it: under its
// last key, up to those directly above the next header (see entryEnd).
func (b *Batch) RemoveMember(email string) error {
	m, err := b.editable(email)
	if err != nil {
		return err
	}
	if err := b.claim(m, partEntry); err != nil {
		return err
	}
	src := b.src
	start := b.source().blockStart(m.Start)
	end := b.source().entryEnd(memberEnd(m))
	if line := scattered(b.f, m, m.Start, end); line != 0 {
		return errScattered(b.f, email, line)
	}
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

// vetterNamed adds to err, a refusal of a record's vetter by, the
// handle (or address) of the member whose name by is: a vetter named by
// their name ("Amara Okafor") is meant as them. Never the person the
// record is for (vettee): they cannot vet themselves.
func (f *File) vetterNamed(err error, by, vettee string) error {
	folded := strings.ToLower(strings.Join(strings.Fields(by), " "))
	if !strings.Contains(folded, " ") {
		return err
	}
	for _, m := range f.Members {
		if m.Name != "" && strings.ToLower(strings.Join(strings.Fields(m.Name), " ")) == folded && mailboxKey(m.Email) != mailboxKey(vettee) {
			who := m.Handle()
			if who == "" {
				who = m.Email
			}
			return fmt.Errorf("%w; a record names its vetter by GitHub handle or address: did you mean %s (%s)?", err, who, m.Name)
		}
	}
	return err
}
