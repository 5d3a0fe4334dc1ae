package policies

import (
	"slices"

	"github.com/roster-dev/roster/members"
)

// Structural returns the findings of Check, on any day, that make a run
// which changes live groups refuse the file whole (those NewGate files
// under Stop) or leave one list alone (Effect Fail: Gate.ListFails),
// in file order, without the vetting rules: whether a run goes ahead,
// whole or per list, never waits on a vetting record's date, and
// judging every record is most of what Check costs. A reader of many
// versions (history) asks it of each version it reads, so that a
// version counts as what sync did with it, whatever the reason sync
// refused it.
func Structural(f *members.File) []Finding {
	c := &checker{f: f, structural: true}
	return stopsAndFails(c.run())
}

// stopsAndFails keeps, of fs, the findings NewGate files under Stop and
// those of Effect Fail, in their order.
func stopsAndFails(fs []Finding) []Finding {
	g := NewGate(fs)
	var out []Finding
	k := 0
	for _, f := range fs {
		// g.Stop is fs's stopping findings in fs's order.
		if k < len(g.Stop) && f == g.Stop[k] {
			out = append(out, f)
			k++
			continue
		}
		if f.Effect == Fail {
			out = append(out, f)
		}
	}
	return out
}

// stopsAlone reports whether NewGate files f under Stop: the gate says
// what stops a run, once.
func stopsAlone(f Finding) bool { return len(NewGate([]Finding{f}).Stop) > 0 }

// Tally is Structural for a reader of many versions of one file that
// differ from each other in a few entries (history): it keeps what
// the rules need of each entry, so that a version read as the last one
// with some entries replaced (Replace) is judged in the time those take,
// and one read anew (Reset) in the time its entries take, without
// parsing an address again for an entry it has seen.
//
// Its answer is exact but for one rule: two entries that read alike
// (checkLookAlikes) are judged by which comes first in the file, which
// a tally does not know; MayStop is then true, and the caller asks
// Structural of the whole file.
type Tally struct {
	pre      *members.File // lists and policies; its members are not read
	preStops bool          // the lists or policies stop a run, whoever is listed
	lists    map[string]*listContext
	entries  map[*members.Member]*tallied
	// byKey counts the entries by mailbox and by "h:" and GitHub handle
	// key; twice is how many keys two entries or more have.
	byKey map[string]int
	twice int
	// skeletons counts the entries by Skeleton while one of them may
	// imitate another (nil while none may); alike is how many
	// skeletons two entries have, one of which may imitate.
	skeletons map[string]*skeleton
	imitators int
	alike     int
	stops     int            // entries whose own findings stop a run
	owners    map[string]int // list id -> owners
	on        map[string]int // list id -> memberships
}

// tallied is what a Tally knows of one entry.
type tallied struct {
	n        int // how many times the version has it (one text twice)
	keys     [2]string
	skeleton string // "" until asked for
	imitates bool
	stops    bool // under the tally's lists and policies
}

type skeleton struct{ n, imitators int }

// NewTally returns a tally of a file with no lists and no entries.
func NewTally() *Tally {
	t := &Tally{}
	t.Reset(&members.File{}, nil)
	return t
}

// Reset makes the tally that of the file with pre's lists and policies
// (pre's members are not read) and entries, in any order. What it knew
// of an entry it had before, and that entries has, it keeps.
func (t *Tally) Reset(pre *members.File, entries []*members.Member) {
	old := t.entries
	if t.pre != pre {
		c := &checker{f: pre, structural: true}
		c.checkPolicies()
		c.checkLists()
		t.preStops = slices.ContainsFunc(c.findings, stopsAlone)
		t.lists = c.listContexts()
		t.pre = pre
		old = nil // an entry's own findings depend on the lists
	}
	t.entries = make(map[*members.Member]*tallied, len(entries))
	t.byKey = make(map[string]int, 2*len(entries))
	t.twice, t.stops, t.imitators, t.alike, t.skeletons = 0, 0, 0, 0, nil
	t.owners = make(map[string]int, len(pre.Lists))
	t.on = make(map[string]int, len(pre.Lists))
	for _, m := range entries {
		if e := t.entries[m]; e != nil {
			e.n++
			t.count(e, m, 1)
			continue
		}
		e := old[m]
		if e == nil {
			e = t.judge(m)
		}
		e.n = 1
		t.entries[m] = e
		t.count(e, m, 1)
	}
}

// Replace makes the tally that of the file with the entries out taken
// away (each must be in it) and those of in added.
func (t *Tally) Replace(out, in []*members.Member) {
	for _, m := range out {
		e := t.entries[m]
		t.count(e, m, -1)
		if e.n--; e.n == 0 {
			delete(t.entries, m)
		}
	}
	for _, m := range in {
		e := t.entries[m]
		if e == nil {
			e = t.judge(m)
			t.entries[m] = e
		}
		e.n++
		t.count(e, m, 1)
	}
}

// judge reads what the rules need of m: its keys, and whether its own
// findings (checkMember: a list the file does not define, a role that
// is none, no address) stop a run.
func (t *Tally) judge(m *members.Member) *tallied {
	c := &checker{f: t.pre, structural: true}
	c.checkMember(m, t.lists)
	e := &tallied{stops: slices.ContainsFunc(c.findings, stopsAlone), imitates: mayStopAsImitation(m.Email)}
	if m.Email == "" {
		// Whatever else it says is about no address, which nothing but
		// the whole run can hold back (NewGate).
		e.stops = true
	}
	if a, err := members.ParseAddress(m.Email); err == nil {
		e.keys[0] = a.Mailbox()
	}
	if h := members.HandleKey(m.GitHub); h != "" {
		e.keys[1] = "h:" + h
	}
	return e
}

// count adds (d = 1) or takes away (d = -1) one entry's share.
func (t *Tally) count(e *tallied, m *members.Member, d int) {
	if e.stops {
		t.stops += d
	}
	for _, k := range e.keys {
		if k == "" {
			continue
		}
		if d < 0 && t.byKey[k] == 2 {
			t.twice--
		}
		t.byKey[k] += d
		if d > 0 && t.byKey[k] == 2 {
			t.twice++
		}
		if t.byKey[k] == 0 {
			delete(t.byKey, k)
		}
	}
	for _, ms := range m.Lists {
		t.on[ms.List] += d
		if ms.Role == members.RoleOwner {
			t.owners[ms.List] += d
		}
	}
	if m.Email == "" {
		return // checkLookAlikes passes over it
	}
	if e.imitates {
		if t.imitators == 0 && d > 0 {
			t.countSkeletons(m)
		}
		t.imitators += d
		if t.imitators == 0 {
			t.skeletons, t.alike = nil, 0
			return
		}
	}
	if t.skeletons != nil {
		t.countSkeleton(e, m, d)
	}
}

// countSkeletons starts counting skeletons, as the first entry that
// may imitate another (first) joins: an entry may only read like
// another when one of them is outside ASCII, so a file without one
// computes no skeleton.
func (t *Tally) countSkeletons(first *members.Member) {
	t.skeletons = map[string]*skeleton{}
	for m, e := range t.entries {
		if m == first || m.Email == "" {
			continue
		}
		for range e.n {
			t.countSkeleton(e, m, 1)
		}
	}
}

func (t *Tally) countSkeleton(e *tallied, m *members.Member, d int) {
	if e.skeleton == "" {
		e.skeleton = members.Skeleton(m.Email)
	}
	s := t.skeletons[e.skeleton]
	if s == nil {
		s = &skeleton{}
		t.skeletons[e.skeleton] = s
	}
	was := s.n >= 2 && s.imitators > 0
	s.n += d
	if e.imitates {
		s.imitators += d
	}
	switch now := s.n >= 2 && s.imitators > 0; {
	case now && !was:
		t.alike++
	case was && !now:
		t.alike--
	}
	if s.n == 0 {
		delete(t.skeletons, e.skeleton)
	}
}

// MayStop reports whether Structural may find, in the file tallied,
// a finding that stops a run: false means it finds none. True means it
// finds one, unless two entries read alike, where only the whole file
// tells.
func (t *Tally) MayStop() bool {
	return t.preStops || t.stops > 0 || t.twice > 0 || t.alike > 0
}

// Preamble is the file whose lists and policies the tally holds (as
// Reset was given it).
func (t *Tally) Preamble() *members.File { return t.pre }

// PreambleStops reports whether the lists and policies tallied (pre, as
// Reset was given it) stop a run whoever is listed: the finding is then
// the preamble's, the same for every version with that preamble.
func (t *Tally) PreambleStops(pre *members.File) bool { return t.preStops && t.pre == pre }

// Fails returns the lists, in file order, whose own policy fails in the
// file tallied (Gate.ListFails of Structural's findings) when MayStop is
// false: nobody on it, or too few owners.
func (t *Tally) Fails() []string {
	var out []string
	for _, l := range t.pre.Lists {
		if p := t.pre.PolicyOf(l); p != nil && (t.on[l.ID] == 0 || t.owners[l.ID] < p.MinOwners) {
			out = append(out, l.ID)
		}
	}
	return out
}

// mayStopAsImitation reports whether an entry at email may be the one
// checkLookAlikes stops a run for: outside ASCII, and not an address
// whose own mix of scripts is the finding already (its entry's, which
// holds back that entry alone). A file with an entry "pаypal@" beside
// "paypal@" then costs a history no reading of each whole version.
func mayStopAsImitation(email string) bool {
	if !members.MayImitate(email) {
		return false
	}
	a, err := members.ParseAddress(email)
	return err == nil && a.Confusable() == ""
}
