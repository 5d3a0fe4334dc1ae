package history

import (
	"bytes"
	"context"
	"fmt"
	"hash/maphash"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/roster-dev/roster/members"
)

// Action is what happened to a member in a commit.
type Action string

// Actions.
const (
	Added       Action = "added"
	Removed     Action = "removed"
	RoleChanged Action = "role_changed"
	Vetted      Action = "vetted"
)

// Event is one change of one member in one commit.
type Event struct {
	Commit       string       `json:"commit"`
	Date         time.Time    `json:"date"`
	Author       string       `json:"author"`
	Subject      string       `json:"subject"`
	List         string       `json:"list"`
	Email        string       `json:"email"`
	Action       Action       `json:"action"`
	Role         members.Role `json:"role"`
	PreviousRole members.Role `json:"previous_role"`
	// Vetting is the record a "vetted" event is about.
	Vetting *Record `json:"vetting,omitempty"`
}

// Record is a vetting record as history reports it.
type Record struct {
	By       string `json:"by"`
	On       string `json:"on"`
	Method   string `json:"method"`
	Note     string `json:"note,omitempty"`
	Evidence string `json:"evidence,omitempty"`
}

// Problem is a revision that could not be read; it is skipped, and the
// next good revision is compared with the last good one.
type Problem struct {
	Revision Revision
	Err      error
}

// Options select the events of a history.
type Options struct {
	LogOptions
	Lists  []string // only these lists (vetting events are kept for their members)
	Member string   // only this member
}

// memberState is what history compares of one member between versions.
type memberState struct {
	email   string
	id      string // identity of email, computed once
	lists   map[string]members.Role
	order   []string // lists in file order, for deterministic events
	vetting []Record
}

// version is the membership of one revision: its members in file order.
// Consecutive versions share the *memberState of every unchanged block.
type version struct {
	members []*memberState
}

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
	blobs *Blobs
	seed  maphash.Seed
	// cache holds the previous version's blocks by the hash of their
	// text; next is filled for the current one, and the two swap. Two
	// texts with one hash keep only the first cached: the other is
	// parsed again, which is slower but still right.
	cache, next map[uint64]*block
	pre         map[string]error // the last preamble's text and its parse error
}

func newReader(blobs *Blobs) *reader {
	return &reader{blobs: blobs, seed: maphash.MakeSeed(), cache: map[uint64]*block{}, next: map[uint64]*block{}, pre: map[string]error{}}
}

// History computes the membership events of the file at path (relative
// to dir), oldest first. Revisions that do not parse are returned as
// problems and skipped, never aborting the whole history.
func History(ctx context.Context, dir, path string, opts Options) ([]Event, []Problem, error) {
	revs, err := Log(ctx, dir, path)
	if err != nil {
		return nil, nil, err
	}
	from, to, err := Select(ctx, dir, revs, opts.LogOptions)
	if err != nil || from == to {
		return nil, nil, err
	}
	blobs, err := OpenBlobs(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	defer blobs.Close()
	var events []Event
	want := filter(opts)
	problems, err := walk(ctx, blobs, revs, from, to, func(r Revision, e Event) {
		if want(e) {
			e.Commit, e.Date, e.Author, e.Subject = r.Commit, r.Date, r.Author, r.Subject
			events = append(events, e)
		}
	})
	if err != nil {
		return nil, nil, err
	}
	return events, problems, nil
}

// walk reads the file at each of revs[from:to] and calls fn with every
// change each revision made, in order. The first is compared with the
// last good version before it, so that a window shows what each commit
// changed, not everyone as added. Revisions that delete the file or do
// not parse are returned as problems and skipped.
func walk(ctx context.Context, blobs *Blobs, revs []Revision, from, to int, fn func(Revision, Event)) ([]Problem, error) {
	rd := newReader(blobs)
	prev := &version{}
	for i := from - 1; i >= 0; i-- {
		if revs[i].Blob == "" {
			continue
		}
		data, err := blobs.Read(revs[i].Blob)
		if err != nil {
			return nil, err
		}
		if v, err := rd.version(revs[i].Path, data); err == nil {
			prev = v
			break
		}
	}
	var problems []Problem
	for _, r := range revs[from:to] {
		if r.Blob == "" {
			problems = append(problems, Problem{Revision: r, Err: fmt.Errorf("the commit deletes %s; its membership is not read as \"everyone removed\"", r.Path)})
			continue
		}
		data, err := blobs.Read(r.Blob)
		if err != nil {
			return nil, err
		}
		cur, err := rd.version(r.Path, data)
		if err != nil {
			problems = append(problems, Problem{Revision: r, Err: err})
			continue
		}
		for _, e := range diff(prev, cur) {
			fn(r, e)
		}
		prev = cur
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return problems, nil
}

func filter(opts Options) func(Event) bool {
	lists := map[string]bool{}
	for _, l := range opts.Lists {
		lists[l] = true
	}
	member := ""
	if opts.Member != "" {
		member = members.IdentityOf(opts.Member)
	}
	return func(e Event) bool {
		if member != "" && members.IdentityOf(e.Email) != member {
			return false
		}
		return len(lists) == 0 || e.Action == Vetted || lists[e.List]
	}
}

// version reads one revision's membership. Its member blocks are split at
// [[member]] headers; a block whose text the previous version had is
// reused, a new one parsed on its own. Anything the split cannot handle
// is parsed whole.
func (rd *reader) version(path string, data []byte) (*version, error) {
	name := filepath.Base(path)
	pre, blocks, ok := split(data)
	if ok {
		if perr, seen := rd.pre[string(pre)]; seen {
			if perr != nil {
				return nil, perr
			}
		} else {
			_, perr := members.Parse(name, pre)
			rd.pre = map[string]error{string(pre): perr}
			if perr != nil {
				return nil, perr
			}
		}
		v := &version{members: make([]*memberState, 0, len(blocks))}
		clear(rd.next)
		for _, b := range blocks {
			h := maphash.Bytes(rd.seed, b)
			found := rd.cache[h]
			if found == nil || !bytes.Equal(found.text, b) {
				st, parsed := parseBlock(name, b)
				if !parsed {
					ok = false
					break
				}
				found = &block{text: bytes.Clone(b), st: st}
			}
			if _, taken := rd.next[h]; !taken {
				rd.next[h] = found
			}
			v.members = append(v.members, found.st)
		}
		if ok {
			rd.cache, rd.next = rd.next, rd.cache
			return v, nil
		}
	}
	f, err := members.Parse(name, data)
	if err != nil {
		return nil, err
	}
	v := &version{members: make([]*memberState, 0, len(f.Members))}
	for _, m := range f.Members {
		v.members = append(v.members, stateOf(m))
	}
	clear(rd.cache)
	return v, nil
}

var memberHeader = []byte("[[member]]")

// split cuts a file into the text before its first [[member]] header and
// one block per member (the header, its keys and its sub-tables). A file
// that uses another form for its members is not split (ok is false); a
// header inside a multi-line string splits wrongly, and the block that
// then fails to parse sends the version to a full parse.
func split(data []byte) (pre []byte, blocks [][]byte, ok bool) {
	blocks = make([][]byte, 0, bytes.Count(data, memberHeader))
	start := -1
	for off := 0; ; {
		i := bytes.Index(data[off:], memberHeader)
		if i < 0 {
			break
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
		if start < 0 {
			pre = data[:ls]
		} else {
			blocks = append(blocks, data[start:ls])
		}
		start = ls
	}
	if start < 0 {
		pre = data
	}
	// The members must all be [[member]] tables: a "member = [...]" or
	// [member...] form outside them is parsed whole.
	for rest := pre; len(rest) > 0; {
		line, after, _ := bytes.Cut(rest, []byte{'\n'})
		rest = after
		if t := bytes.TrimSpace(line); bytes.HasPrefix(t, []byte("member")) || bytes.HasPrefix(t, []byte("[member")) {
			return nil, nil, false
		}
	}
	if start < 0 {
		return pre, nil, true
	}
	return pre, append(blocks, data[start:]), true
}

// parseBlock parses one member block on its own. A block that does not
// hold exactly one well-formed member sends the version to a full parse,
// which reports the problem with its real line numbers.

func parseBlock(name string, block []byte) (*memberState, bool) {
	doc := make([]byte, 0, len(block)+16)
	doc = append(append(doc, "schema = 1\n"...), block...)
	f, err := members.Parse(name, doc)
	if err != nil || len(f.Members) != 1 {
		return nil, false
	}
	return stateOf(f.Members[0]), true
}

func stateOf(m *members.Member) *memberState {
	st := &memberState{email: m.Email, id: members.IdentityOf(m.Email), lists: make(map[string]members.Role, len(m.Lists))}
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

// diff returns the events that turn prev into cur, in a stable order:
// by member email, then list. The two versions are walked together;
// members whose block is unchanged (the same pointer) are skipped, and
// only the stretches that differ are compared by identity.
func diff(prev, cur *version) []Event {
	var out []Event
	a, b := prev.members, cur.members
	for len(a) > 0 || len(b) > 0 {
		if len(a) > 0 && len(b) > 0 && a[0] == b[0] {
			a, b = a[1:], b[1:]
			continue
		}
		i, j := resync(a, b)
		out = append(out, stretchEvents(a[:i], b[:j])...)
		a, b = a[i:], b[j:]
	}
	sort.SliceStable(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if kx, ky := strings.ToLower(x.Email), strings.ToLower(y.Email); kx != ky {
			return kx < ky
		}
		if x.Action == Vetted || y.Action == Vetted {
			return x.Action != Vetted && y.Action == Vetted
		}
		return x.List < y.List
	})
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

// stretchEvents compares two runs of members that differ, by identity:
// a member moved within the stretch keeps its block and gives no event.
func stretchEvents(was, now []*memberState) []Event {
	var out []Event
	old := make(map[string]*memberState, len(was))
	for _, m := range was {
		old[m.id] = m
	}
	for _, m := range now {
		w, existed := old[m.id]
		delete(old, m.id)
		if !existed {
			w = nil
		}
		if w != m {
			out = append(out, memberEvents(w, m)...)
		}
	}
	for _, w := range was {
		if _, gone := old[w.id]; gone {
			out = append(out, memberEvents(w, nil)...)
		}
	}
	return out
}

func memberEvents(was, now *memberState) []Event {
	var out []Event
	if was == nil {
		was = &memberState{lists: map[string]members.Role{}}
	}
	if now == nil {
		now = &memberState{email: was.email, lists: map[string]members.Role{}}
	}
	for _, l := range now.order {
		role := now.lists[l]
		old, ok := was.lists[l]
		switch {
		case !ok:
			out = append(out, Event{List: l, Email: now.email, Action: Added, Role: role})
		case old != role:
			out = append(out, Event{List: l, Email: now.email, Action: RoleChanged, Role: role, PreviousRole: old})
		}
	}
	for _, l := range was.order {
		if _, ok := now.lists[l]; !ok {
			out = append(out, Event{List: l, Email: was.email, Action: Removed, PreviousRole: was.lists[l]})
		}
	}
	seen := make(map[Record]bool, len(was.vetting))
	for _, r := range was.vetting {
		seen[r] = true
	}
	for _, r := range now.vetting {
		if !seen[r] {
			rec := r
			out = append(out, Event{Email: now.email, Action: Vetted, Vetting: &rec})
		}
	}
	return out
}
