package history

import (
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
)

// Version is the members file as one commit left it, as History read it
// (with Options.Versions): what it says beyond the events it made, which
// a page about the past must judge by rather than by the file now: the
// lists' caps then, and who could vet for a list when someone joined
// it. It keeps only what those questions read (the lists and policies,
// and the entries of who joined in it and of who vetted them), not the
// whole version. Its methods only read it.
type Version struct {
	// Commit and Date are the commit and when it landed, as an event's.
	Commit string
	Date   time.Time

	pre *preamble
	// joined are the entries of who joined a list in this version, by
	// their email as written (an addition's Event.Email), each with its
	// place in the file; vetters are the entries their records name,
	// in file order (see finish).
	joined  map[string]placed
	vetters []placed
	// v is the whole version until finish has read it.
	v *version

	mu     sync.Mutex
	judged map[judgedKey]*admitJudge // see judgeFor
}

// placed is an entry and its index in its version's members; for the
// entry of someone who joined, what Admitting reads of it (see finish).
type placed struct {
	st   *memberState
	at   int
	read *entryRead
}

// entryRead is what Admitting reads of an entry whatever the list,
// worked out once per entry and version (finish) rather than for each
// list it joined: an entry on n lists with a record for each cost n²
// to judge when each of its joins read all its lists and dates again.
type entryRead struct {
	listOf map[string]string // group -> the entry's first list of it, in file order
	on     []time.Time       // st.vetting[i]'s date, when ok[i] (it parses)
	ok     []bool
}

// readEntry reads st in a version of preamble pre (see entryRead).
func readEntry(st *memberState, pre *preamble) *entryRead {
	rd := &entryRead{listOf: make(map[string]string, len(st.order)), on: make([]time.Time, len(st.vetting)), ok: make([]bool, len(st.vetting))}
	for _, l := range st.order {
		if g := pre.groups[l]; g != "" && rd.listOf[g] == "" {
			rd.listOf[g] = l
		}
	}
	for i, r := range st.vetting {
		on, err := time.Parse(members.DateLayout, r.On)
		rd.on[i], rd.ok[i] = on, err == nil
	}
	return rd
}

// Cap returns the max_members of the policy of the list of group (the
// identity of its address, as Event.Group) in this version, 0 when it
// has none, and whether the version has a list of the group at all.
// Where two lists share a group (which validate refuses), the first in
// id order speaks for it, as listFor reads it.
func (v *Version) Cap(group string) (limit int, listed bool) {
	return capIn(v.pre, group)
}

// capIn is Version.Cap of a version's preamble.
func capIn(pre *preamble, group string) (limit int, listed bool) {
	id := listFor(pre, group)
	if id == "" {
		return 0, false
	}
	if p := pre.policies[pre.lists[id].Policy]; p != nil {
		return p.MaxMembers, true
	}
	return 0, true
}

// CapAt is the cap (max_members; 0 for none) another file gave a list
// from the day a commit landed on: see Options.Caps.
type CapAt struct {
	Date time.Time
	Cap  int
	// File is the file that gave it, Commit the commit.
	File, Commit string
}

// Admitting returns the record that admitted the member an addition (e,
// whose Version this is) names to its list, judged as of at, the file
// being this version: among the records their entry had here dated by
// at, the one vetting.Admitting names with the list's policy then and
// the roles its vetters had on it then (the newest that satisfies the
// policy, else the newest that would but for its age, else the
// newest); nil when the entry had none, or e is no addition in this
// version. The answer depends on the version and at only, never on the
// file as it is now.
func (v *Version) Admitting(e Event, at time.Time) *Record {
	j, ok := v.joined[joinKey(e)]
	if !ok || e.Action != Added {
		return nil
	}
	st, rd := j.st, j.read
	if rd == nil {
		rd = readEntry(st, v.pre) // not read by finish: read now
	}
	// The list the member is on for the event's group, by the id it had
	// here (the event names it by its id now).
	id := ""
	if e.Group != "" {
		id = rd.listOf[e.Group]
	} else if _, on := st.lists[e.List]; on {
		id = e.List
	}
	l := v.pre.lists[id]
	var pol *members.Policy
	if l != nil {
		pol = v.pre.policies[l.Policy]
	}
	jd := v.judgeFor(j, rd, at)
	chosen := vetting.Admits(l, pol, jd.people, jd.m, at)
	for k := range jd.m.Vetting {
		if &jd.m.Vetting[k] == chosen {
			rec := j.st.vetting[jd.from[k]]
			return &rec
		}
	}
	return nil
}

// admitJudge is what Admitting judges an entry's joins by, as of one
// moment: the entry on all its lists with its records dated by then,
// and a file of those lists, their policies and the entries its
// records can name (each on those lists only), in the order the version
// had them: vetting.People finds the later of two entries of one name,
// as it does in the whole file. One serves every list the entry joined
// in the version: an entry on n lists with a record for each cost n² to
// judge when each join built its own.
type admitJudge struct {
	m      *members.Member
	from   []int // m.Vetting[k] is the entry's st.vetting[from[k]]
	people *vetting.People
}

type judgedKey struct {
	st *memberState
	at time.Time
}

// judgeFor returns, built once, the admitJudge of j's entry (read as rd)
// as of at.
func (v *Version) judgeFor(j placed, rd *entryRead, at time.Time) *admitJudge {
	v.mu.Lock()
	defer v.mu.Unlock()
	key := judgedKey{j.st, at}
	if got := v.judged[key]; got != nil {
		return got
	}
	st := j.st
	out := &admitJudge{m: entryOn(st, st)}
	for i, r := range st.vetting {
		on := rd.on[i]
		if !rd.ok[i] || on.After(at) {
			continue
		}
		out.m.Vetting = append(out.m.Vetting, members.Vetting{By: r.By, On: on, Method: r.Method, Note: r.Note, Evidence: r.Evidence})
		out.from = append(out.from, i)
	}
	f := &members.File{}
	pols := map[string]bool{}
	for _, id := range st.order {
		l := v.pre.lists[id]
		if l == nil {
			continue
		}
		f.Lists = append(f.Lists, l)
		if p := v.pre.policies[l.Policy]; p != nil && !pols[p.ID] {
			pols[p.ID] = true
			f.Policies = append(f.Policies, p)
		}
	}
	self := false
	for _, p := range v.vetters {
		if p.at > j.at && !self {
			f.Members, self = append(f.Members, out.m), true
		}
		if p.st == st {
			continue // the member's own entry is m
		}
		f.Members = append(f.Members, entryOn(p.st, st))
	}
	if !self {
		f.Members = append(f.Members, out.m)
	}
	f.Index()
	out.people = vetting.NewPeople(f)
	if v.judged == nil {
		v.judged = map[judgedKey]*admitJudge{}
	}
	v.judged[key] = out
	return out
}

// entryOn is the entry of st as vetting reads it for the lists of
// joiner: its address, its GitHub handle and its roles on those lists
// only (whichever of the two has fewer is walked).
func entryOn(st, joiner *memberState) *members.Member {
	m := &members.Member{Email: st.email, GitHub: st.fields[1]}
	if len(st.order) <= len(joiner.order) {
		for _, id := range st.order {
			if _, on := joiner.lists[id]; on {
				m.Lists = append(m.Lists, members.Membership{List: id, Role: st.lists[id]})
			}
		}
		return m
	}
	for _, id := range joiner.order {
		if role, on := st.lists[id]; on {
			m.Lists = append(m.Lists, members.Membership{List: id, Role: role})
		}
	}
	return m
}

// versionSet makes the Versions of one History: one per version of the
// members file's walk, and one per version of another file (a list's
// earlier file, a merged branch) that an addition is in.
type versionSet struct {
	walked []*Version            // the members file's, in the window, oldest first
	byIdx  map[int]*Version      // the same, by revision index
	others map[*version]*Version // other files' and branches', by version
}

func newVersionSet() *versionSet {
	return &versionSet{byIdx: map[int]*Version{}, others: map[*version]*Version{}}
}

// walk notes the members file's version at revision i, landed at date;
// keep holds the whole version for finish, for a revision a branch
// landed as (attachLanded), whose own joiners may be none.
func (s *versionSet) walk(i int, commit string, date time.Time, cur *version, keep bool) {
	ver := &Version{Commit: commit, Date: date, pre: cur.pre}
	if keep {
		ver.v = cur
	}
	s.walked = append(s.walked, ver)
	s.byIdx[i] = ver
}

// namesGroup reports whether the entry st is on a list that pre gives
// the group.
func namesGroup(st *memberState, pre *preamble, group string) bool {
	for _, id := range st.order {
		if pre.groups[id] == group {
			return true
		}
	}
	return false
}

// joinKey is an addition's key among its version's joins: the person
// and the group, so that one person's joins of two lists (one the
// line's, one a branch's, or two of a branch's commits) are each judged
// by their own entry in the same version.
func joinKey(e Event) string { return e.Email + "\x00" + e.Group }

// attachLanded gives e, a branch's addition, the line's version at
// revision i, the file as it stood on the line when the branch landed:
// its lists, policies and vetters judge the record that admitted them,
// read from the branch's entry (c.now). When the line's version has an
// addition of that address of its own, or was not kept, e is judged by
// the branch's version (attach).
func (s *versionSet) attachLanded(e *Event, c change, i int) {
	if s == nil || e.Action != Added || c.now == nil {
		return
	}
	ver := s.byIdx[i]
	if ver == nil || ver.v == nil {
		s.attach(e, c, -1)
		return
	}
	if _, taken := ver.joined[joinKey(*e)]; taken {
		// Taken by the line's own join of the same group.
		s.attach(e, c, -1)
		return
	}
	st := c.now
	if !namesGroup(st, ver.pre, e.Group) {
		// The branch's entry names its lists by the ids the branch
		// gave them; the line may have renamed one since: read by its
		// group, in the line's ids. With no list of the group there,
		// the line's file cannot say who could vet for it: the
		// branch's judges.
		tr, ok := inLineIDs(st, c.in, ver.pre, e.Group)
		if !ok {
			s.attach(e, c, -1)
			return
		}
		st = tr
	}
	if ver.joined == nil {
		ver.joined = map[string]placed{}
	}
	ver.joined[joinKey(*e)] = placed{st: st, at: -1}
	e.Version = ver
}

// inLineIDs is st, an entry of the branch version in, with its lists
// named by the ids the line's preamble to gives their groups (those it
// has no list of left out); false when to has no list of group, or in
// is not known.
func inLineIDs(st *memberState, in *version, to *preamble, group string) (*memberState, bool) {
	if in == nil || in.pre == nil || to.byGroup()[group] == "" {
		return nil, false
	}
	tr := *st
	tr.lists = make(map[string]members.Role, len(st.lists))
	tr.order = nil
	for _, id := range st.order {
		lid := to.byGroup()[in.pre.groups[id]]
		if _, dup := tr.lists[lid]; lid == "" || dup {
			continue
		}
		tr.lists[lid] = st.lists[id]
		tr.order = append(tr.order, lid)
	}
	return &tr, namesGroup(&tr, to, group)
}

// attach gives e, made from c, the version c is in, when e adds
// someone: the walk's at revision i (i < 0 for a version of another
// file or a branch, then dated as e is).
func (s *versionSet) attach(e *Event, c change, i int) {
	if s == nil || e.Action != Added || c.in == nil || c.now == nil {
		return
	}
	ver := s.byIdx[i]
	if i < 0 || ver == nil {
		if ver = s.others[c.in]; ver == nil {
			ver = &Version{Commit: e.Commit, Date: e.Date, pre: c.in.pre}
			s.others[c.in] = ver
		}
	}
	if ver.v == nil {
		ver.v = c.in
	}
	if ver.joined == nil {
		ver.joined = map[string]placed{}
	}
	ver.joined[joinKey(*e)] = placed{st: c.now, at: -1}
	e.Version = ver
}

// finish reads, in each version someone joined in, where the entries
// of who joined are and which entries their records can name (one pass
// over the version's members), and lets the rest of the version go.
func (s *versionSet) finish() {
	all := slices.Concat(s.walked, slices.Collect(maps.Values(s.others)))
	for _, ver := range all {
		if ver.v == nil {
			continue
		}
		names := map[string]bool{}
		mine := make(map[*memberState][]string, len(ver.joined))
		read := make(map[*memberState]*entryRead, len(ver.joined))
		for k, p := range ver.joined {
			mine[p.st] = append(mine[p.st], k)
			if read[p.st] == nil {
				for _, r := range p.st.vetting {
					names[vetting.VetterKey(r.By)] = true
				}
				read[p.st] = readEntry(p.st, ver.pre)
			}
			p.read = read[p.st]
			ver.joined[k] = p
		}
		for at, st := range ver.v.members {
			for _, k := range mine[st] {
				p := ver.joined[k]
				p.st, p.at = st, at
				ver.joined[k] = p
			}
			if names[mailboxOf(st)] || st.fields[1] != "" && names["h:"+members.HandleKey(st.fields[1])] {
				ver.vetters = append(ver.vetters, placed{st: st, at: at})
			}
		}
		ver.v = nil
	}
}

// mailboxOf is the mailbox of an entry's address as vetting.People
// keys it (members.MailboxOf, also for one that does not parse).
func mailboxOf(st *memberState) string {
	if st.mailbox != "" {
		return st.mailbox
	}
	return members.MailboxOf(st.email)
}
