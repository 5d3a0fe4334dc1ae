package history

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"path"
	"reflect"
	"sort"
	"sync"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

// memberState is what history compares of one member between versions.
type memberState struct {
	email   string
	id      string // identity of email, computed once
	mailbox string // its Mailbox ("" when it does not parse): two in one version are one person twice
	// person is whom the entry is across versions: its Mailbox, so that
	// a respelling with or without a +tag (bob@, then bob+lists@) is
	// the same person staying, as plan and validate read it, not one
	// leaving and another joining.
	person  string
	lists   map[string]members.Role
	order   []string // lists in file order, for deterministic events
	vetting []Record
	fields  [3]string // name, github, affiliation
	// entry is the entry as its block parsed alone (parseBlock), which
	// the reader's tally judges (see reader.judge): whether sync takes
	// the version is the policies' to say, from the entry itself. Nil
	// for a version parsed whole, which keeps no parse of its file.
	entry *members.Member
}

// preamble is what a version says besides its members: its lists, by id,
// with the identity of each list's group address, and its policies.
// Consecutive versions with the same text before their first member share
// one *preamble.
type preamble struct {
	lists    map[string]*members.List
	groups   map[string]string // list id -> identity of its address
	policies map[string]*members.Policy
	// file is the parse of the preamble alone (reader.preamble), which
	// the reader's tally judges the lists and policies of; nil for a
	// version parsed whole, which keeps no parse of its file.
	file *members.File
	// indexed builds firstOf once, on first use (see byGroup): groups
	// must not change after that.
	indexed sync.Once
	firstOf map[string]string
}

// byGroup returns the first list id, in id order, of each group pre
// has (listFor, groupIn): indexed once per preamble, where a walk of
// every list for each group asked made a preamble of n lists cost n²
// to compare with the next, or to read the cap of each list from.
// Safe for concurrent use (Version's methods read it).
func (pre *preamble) byGroup() map[string]string {
	pre.indexed.Do(func() {
		pre.firstOf = make(map[string]string, len(pre.groups))
		for id, g := range pre.groups {
			if have, ok := pre.firstOf[g]; !ok || id < have {
				pre.firstOf[g] = id
			}
		}
	})
	return pre.firstOf
}

var emptyPreamble = &preamble{}

func preambleOf(f *members.File) *preamble {
	p := &preamble{lists: make(map[string]*members.List, len(f.Lists)), groups: make(map[string]string, len(f.Lists)),
		policies: make(map[string]*members.Policy, len(f.Policies))}
	for _, l := range f.Lists {
		p.lists[l.ID] = l
		if l.Address != "" {
			p.groups[l.ID] = members.IdentityOf(l.Address)
		}
	}
	for _, pol := range f.Policies {
		p.policies[pol.ID] = pol
	}
	return p
}

// sameGroups reports whether two preambles map every list to the same
// group: then members whose block is unchanged are on the same groups.
func sameGroups(a, b *preamble) bool {
	if a == b {
		return true
	}
	if len(a.groups) != len(b.groups) || len(a.lists) != len(b.lists) {
		return false
	}
	for id, g := range a.groups {
		if h, ok := b.groups[id]; !ok || h != g {
			return false
		}
	}
	for id := range a.lists {
		if _, ok := b.lists[id]; !ok {
			return false
		}
	}
	return true
}

// sameList compares what a list says, not where it is written.
func sameList(a, b *members.List) bool {
	x, y := *a, *b
	x.Located, y.Located = members.Located{}, members.Located{}
	return reflect.DeepEqual(x, y)
}

// version is the membership of one revision: its members in file order.
// Consecutive versions share the *memberState of every unchanged block.
type version struct {
	members []*memberState
	pre     *preamble
	// carried holds the ids of the lists whose own policy fails in the
	// version: sync leaves them alone, so their members are those of
	// the last version read that applied them (see reader.carry).
	carried []string
}

var emptyVersion = &version{pre: emptyPreamble}

// block is a parsed member block: its text (a copy, for exact comparison)
// and its member.
type block struct {
	text []byte
	st   *memberState
}

// reader turns revisions into versions, parsing each distinct member
// block once: consecutive versions share most blocks, and a shared block
// gives the same *memberState, which diffing skips by pointer.
type reader struct {
	seed maphash.Seed
	// cache holds the last version's blocks by the hash of their text.
	// Two texts with one hash keep only the first cached: the other is
	// parsed again, which is slower but still right.
	cache map[uint64]*block
	pre   map[string]preParse // the last preamble's text and its parse
	// last is the last version read by splitting, kept so that the next
	// one is read from what changed: consecutive versions of a members
	// file share all but a few blocks, and finding them by the common
	// prefix and suffix costs a memory comparison, where splitting and
	// hashing every block again cost most of a walk.
	last *splitVersion
	// spare, spareStarts and spareHashes are the buffers of the version
	// before last, reused for the next one.
	spare       []byte
	spareStarts []int
	spareHashes []uint64
	kept        bool // whether the last read's text was kept (see read)
	// tally is the policies' structural verdict on last's version, kept
	// up to date from what each incremental read replaced, so that
	// telling a version sync refuses costs no walk of the file.
	tally *policies.Tally
	// judged is the verdict on the last version judged (judge).
	judged verdict
	// preStop is the finding a preamble (preStopOf, the tally's) stops
	// every version for: read from the first whole version with it, and
	// given to the next ones, which a stretch of hundreds of refused
	// versions would otherwise each parse whole to say.
	preStop   *policies.Finding
	preStopOf *members.File
	// applied is the last version read that sync applied (carried lists
	// and all): whom a list whose policy fails in the next one keeps.
	applied *version
	// carrying is what the last carried version was made with, which
	// the next one reuses when it carries the same lists (carry).
	carrying *carrying
	// ahead is the blob of the version the walk reads next, asked for
	// once this one's is in (Blobs.Prefetch).
	ahead string
	// incrementals counts the versions read from the last one (tests).
	incrementals int
}

// splitVersion is a version read by splitting: its text, where its
// member blocks start, their hashes and the version.
type splitVersion struct {
	data   []byte
	preEnd int
	starts []int
	hashes []uint64
	v      *version
}

func newReader() *reader {
	return &reader{seed: maphash.MakeSeed(), cache: map[uint64]*block{}, pre: map[string]preParse{}, tally: policies.NewTally()}
}

// read reads one revision's version from blobs into the reader's own
// buffer, which version then keeps: a version sync refuses whole is an
// error (ErrUnparsable), and a list whose own policy fails in it has
// the members of the last version read that applied it.
func (rd *reader) read(blobs *Blobs, r Revision) (*version, error) {
	v, vd, err := rd.raw(blobs, r)
	if err != nil {
		return nil, err
	}
	if len(vd.fails) > 0 {
		v = rd.carry(v, vd.fails)
	}
	rd.applied = v
	return v, nil
}

// raw is read without carrying: the version as its text says, and the
// verdict on it.
func (rd *reader) raw(blobs *Blobs, r Revision) (*version, verdict, error) {
	if !r.Regular() {
		// A link's text is no version of the file (see Revision.Regular):
		// the walk reports it and skips it, as a version that does not
		// parse, rather than read whom it lists.
		return nil, verdict{}, fmt.Errorf("%s at %s %w: %w", r.Path, r.Short(), ErrUnparsable, notRegular(r))
	}
	data, err := blobs.readInto(r.Blob, rd.spare)
	if err != nil {
		return nil, verdict{}, err
	}
	if rd.ahead != "" {
		// git writes the next version while this one is read.
		blobs.Prefetch(rd.ahead)
		rd.ahead = ""
	}
	rd.spare, rd.kept = nil, false
	v, whole, err := rd.version(r.Path, data)
	var vd verdict
	if err == nil {
		vd = rd.judge(v, whole, r.Path, data)
	}
	if !rd.kept {
		rd.spare = data // not kept: read the next version into it
	}
	if err != nil {
		return nil, verdict{}, err
	}
	if vd.stop != nil {
		// Sync refuses the version whole (a Stop finding, whatever it
		// is about): it is no version of whom the lists had, and is
		// passed over as one that does not parse. Read as one, its
		// changes would be made and then undone by the fix.
		return nil, verdict{}, refusedFor(r, *vd.stop)
	}
	return v, vd, nil
}

// version reads one revision's membership. Its member blocks are split at
// [[member]] headers; a block whose text the previous version had is
// reused, a new one parsed on its own. Anything the split cannot handle
// is parsed whole, and comes back with whole, the file parsed. The
// reader keeps data (see keep): the caller must not change it.
func (rd *reader) version(file string, data []byte) (v *version, whole *members.File, err error) {
	name := path.Base(file)
	// A file larger than members.Parse reads is refused whole, however
	// it splits.
	big := len(data) > members.MaxFileSize
	if !big {
		if v, ok := rd.incremental(name, data); ok {
			return v, nil, nil
		}
	}
	if rd.last != nil {
		rd.spare, rd.last = rd.last.data, nil
	}
	preEnd, starts := split(data)
	// Without a [[member]] line the preamble is the whole file, read
	// whole.
	ok := len(starts) > 0 && !big
	var pre0 *preamble
	if ok {
		pp := rd.preamble(name, data[:preEnd])
		// A preamble that does not parse on its own may be cut inside a
		// multi-line string that holds a [[member]] line: only the whole
		// file says whether the version parses.
		ok, pre0 = pp.err == nil && !pp.whole, pp.pre
	}
	if ok {
		v := &version{members: make([]*memberState, 0, len(starts)), pre: pre0}
		hashes := make([]uint64, 0, len(starts))
		next := make(map[uint64]*block, len(starts))
		for k := range starts {
			b := blockText(data, starts, k)
			h := maphash.Bytes(rd.seed, b)
			found := rd.lookup(h, b)
			if found == nil {
				st, parsed := parseBlock(name, b)
				if !parsed {
					ok = false
					break
				}
				found = &block{text: bytes.Clone(b), st: st}
			}
			if _, taken := next[h]; !taken {
				next[h] = found
			}
			v.members = append(v.members, found.st)
			hashes = append(hashes, h)
		}
		if ok {
			rd.cache = next
			rd.keep(data, preEnd, starts, hashes, v)
			rd.tally.Reset(pre0.file, entries(v.members))
			return v, nil, nil
		}
	}
	f, err := members.Parse(name, data)
	if err != nil {
		return nil, nil, err
	}
	return versionOf(f), f, nil
}

// entries is the parsed entries of states.
func entries(states []*memberState) []*members.Member {
	out := make([]*members.Member, len(states))
	for i, st := range states {
		out[i] = st.entry
	}
	return out
}

// lookup returns the cached block with text b, or nil.
func (rd *reader) lookup(h uint64, b []byte) *block {
	if found := rd.cache[h]; found != nil && bytes.Equal(found.text, b) {
		return found
	}
	return nil
}

// keep records a version read by splitting, and its text, for reading
// the next one from it. The last version's buffer becomes the spare one.
func (rd *reader) keep(data []byte, preEnd int, starts []int, hashes []uint64, v *version) {
	if rd.last != nil && !sameBuffer(rd.last.data, data) {
		rd.spare = rd.last.data
	}
	if rd.last != nil && len(rd.last.starts) > 0 && len(starts) > 0 && &rd.last.starts[0] != &starts[0] {
		rd.spareStarts, rd.spareHashes = rd.last.starts, rd.last.hashes
	}
	rd.last = &splitVersion{data: data, preEnd: preEnd, starts: starts, hashes: hashes, v: v}
	rd.kept = true
}

// sameBuffer reports whether a and b share their storage.
func sameBuffer(a, b []byte) bool {
	return cap(a) > 0 && cap(b) > 0 && &a[:cap(a)][cap(a)-1] == &b[:cap(b)][cap(b)-1]
}

// incremental reads a version from the last one: the blocks wholly in
// their common prefix or suffix are the last version's (same text, same
// state); only the stretch between is split, hashed and looked up. Block
// boundaries depend only on the line they are on, so the result is what
// splitting the whole text gives. ok is false when it cannot tell (the
// preamble changed, or a block lost its header), and the caller reads the
// version whole.
func (rd *reader) incremental(name string, data []byte) (*version, bool) {
	last := rd.last
	if last == nil {
		return nil, false
	}
	old := last.data
	p := commonPrefix(old, data)
	if p == len(old) && p == len(data) {
		rd.keep(data, last.preEnd, last.starts, last.hashes, last.v)
		return last.v, true
	}
	if p < last.preEnd || len(last.starts) == 0 {
		return nil, false
	}
	s := commonSuffix(old, data, min(len(old), len(data))-p)
	// i0: the last block that starts before p (text inserted where a
	// block ends and the next begins belongs to the first); a change
	// right after the preamble is read from the first block, whose
	// header then decides. j1: the first block whose header line, and
	// the newline before it, are in the common suffix.
	i0 := max(sort.SearchInts(last.starts, p)-1, 0)
	j1 := sort.SearchInts(last.starts, len(old)-s+1)
	if j1 <= i0 {
		return nil, false
	}
	from := last.starts[i0]
	shift := len(data) - len(old)
	toOld := len(old)
	if j1 < len(last.starts) {
		toOld = last.starts[j1]
	}
	to := toOld + shift
	if to <= from {
		return nil, false
	}
	mid := members.MemberHeaders(data[from:to])
	if len(mid) == 0 || mid[0] != 0 {
		return nil, false
	}
	n := i0 + len(mid) + len(last.starts) - j1
	starts := append(rd.spareStarts[:0], last.starts[:i0]...)
	for _, m := range mid {
		starts = append(starts, from+m)
	}
	for _, st := range last.starts[j1:] {
		starts = append(starts, st+shift)
	}
	hashes := append(rd.spareHashes[:0], last.hashes[:i0]...)
	v := &version{members: make([]*memberState, 0, n), pre: last.v.pre}
	v.members = append(v.members, last.v.members[:i0]...)
	added := make([]*block, 0, len(mid))
	for k := i0; k < i0+len(mid); k++ {
		b := blockText(data, starts, k)
		h := maphash.Bytes(rd.seed, b)
		found := rd.lookup(h, b)
		if found == nil {
			st, parsed := parseBlock(name, b)
			if !parsed {
				return nil, false
			}
			found = &block{text: bytes.Clone(b), st: st}
		}
		added = append(added, found)
		hashes = append(hashes, h)
		v.members = append(v.members, found.st)
	}
	hashes = append(hashes, last.hashes[j1:]...)
	v.members = append(v.members, last.v.members[j1:]...)
	rd.tally.Replace(entries(last.v.members[i0:j1]), entries(v.members[i0:i0+len(added)]))
	// The cache follows: the replaced blocks leave it (unless another
	// block has their text), the new ones join.
	for k := i0; k < j1; k++ {
		if b := rd.cache[last.hashes[k]]; b != nil && b.st == last.v.members[k] {
			delete(rd.cache, last.hashes[k])
		}
	}
	for k, b := range added {
		if _, taken := rd.cache[hashes[i0+k]]; !taken {
			rd.cache[hashes[i0+k]] = b
		}
	}
	rd.keep(data, last.preEnd, starts, hashes, v)
	rd.incrementals++
	return v, true
}

// blockText is the text of block k.
func blockText(data []byte, starts []int, k int) []byte {
	if k+1 < len(starts) {
		return data[starts[k]:starts[k+1]]
	}
	return data[starts[k]:]
}

// commonPrefix is the length of the longest common prefix of a and b.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	const chunk = 256
	for i+chunk <= n && bytes.Equal(a[i:i+chunk], b[i:i+chunk]) {
		i += chunk
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// commonSuffix is the length, at most limit, of the longest common
// suffix of a and b.
func commonSuffix(a, b []byte, limit int) int {
	i := 0
	const chunk = 256
	for i+chunk <= limit && bytes.Equal(a[len(a)-i-chunk:len(a)-i], b[len(b)-i-chunk:len(b)-i]) {
		i += chunk
	}
	for i < limit && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return i
}

// versionOf is the version of a parsed file.
func versionOf(f *members.File) *version {
	v := &version{members: make([]*memberState, 0, len(f.Members)), pre: preambleOf(f)}
	for _, m := range f.Members {
		v.members = append(v.members, stateOf(m))
	}
	return v
}

// memberHeader opens a member block written the usual way.
const memberHeader = "[[member]]"

func stateOf(m *members.Member) *memberState {
	st := &memberState{email: m.Email, lists: make(map[string]members.Role, len(m.Lists)),
		fields: [3]string{m.Name, m.GitHub, m.Affiliation}}
	// The address parsed once, for all three keys. As validate counts
	// them, an address that does not parse is its own finding, no
	// second entry of anyone: no mailbox, and itself as its person (as
	// IdentityOf and MailboxOf read it).
	if a, err := members.ParseAddress(m.Email); err == nil {
		st.id, st.mailbox = a.Identity(), a.Mailbox()
		st.person = st.mailbox
	} else {
		st.id = members.IdentityOf(m.Email)
		st.person = st.id
	}
	for _, ms := range m.Lists {
		st.lists[ms.List] = ms.Role
		st.order = append(st.order, ms.List)
	}
	for _, v := range m.Vetting {
		st.vetting = append(st.vetting, recordOf(v))
	}
	return st
}

func recordOf(v members.Vetting) Record {
	return Record{By: v.By, On: v.On.Format(members.DateLayout), Method: v.Method, Note: v.Note, Evidence: v.Evidence}
}

// pair is one member's state in two versions, matched by identity; was
// or now is nil when the member is only in one.
type pair struct {
	was, now *memberState
}

// pairs returns the members whose block differs between prev and cur,
// matched by identity. The two versions are walked together; blocks they
// share (the same pointer) are skipped, and the stretches that differ
// are collected and matched once at the end, so that a block moved far
// away in the file is still one member, not a removal and an addition.
// With full set, every member is returned, also those whose block is
// unchanged (when the lists' groups changed, an unchanged block can be
// on other groups).
func pairs(prev, cur *version, full bool) []pair {
	var was, now []*memberState
	if full {
		was, now = prev.members, cur.members
	} else {
		a, b := prev.members, cur.members
		for len(a) > 0 || len(b) > 0 {
			if len(a) > 0 && len(b) > 0 && a[0] == b[0] {
				a, b = a[1:], b[1:]
				continue
			}
			i, j := resync(a, b)
			was, now = append(was, a[:i]...), append(now, b[:j]...)
			a, b = a[i:], b[j:]
		}
	}
	if len(was) == 0 && len(now) == 0 {
		return nil
	}
	old := make(map[string]*memberState, len(was))
	for _, m := range was {
		old[m.id] = m
	}
	respelled := respellings(was, now, old)
	out := make([]pair, 0, max(len(was), len(now)))
	for _, m := range now {
		w, existed := old[m.id]
		if existed {
			delete(old, m.id)
		} else if w = respelled[m]; w != nil {
			delete(old, w.id)
		}
		if w != m || full {
			out = append(out, pair{w, m})
		}
	}
	for _, w := range was {
		if _, gone := old[w.id]; gone {
			delete(old, w.id)
			out = append(out, pair{w, nil})
		}
	}
	return out
}

// resync returns how far each side must advance to reach a member block
// both share again (after an insertion, a removal, or a few changed
// blocks). When none is near, everything left is one stretch.
func resync(a, b []*memberState) (int, int) {
	const window = 64
	pos := make(map[*memberState]int, min(len(a), window))
	for i := 0; i < len(a) && i < window; i++ {
		pos[a[i]] = i
	}
	for j := 0; j < len(b) && j < window; j++ {
		if i, ok := pos[b[j]]; ok && (i > 0 || j > 0) {
			return i, j
		}
	}
	return len(a), len(b)
}
