// Package review decides who must approve a change to the members file
// (a pull request), from the file before the change (base) and after it
// (head), and whether the approvals given suffice. Decide is one pure
// function: no I/O, no clock, no GitHub. The caller brings the facts (the
// pull request's author, its commit authors, the approvals that count);
// this package holds the policy, written as a table in the README:
//
//	change                                                   who approves
//	members, roles, vetting records of list L                an owner of L
//	vetting records of an entry on no list                   one of the file's admins
//	email/github of a vetter                                 the owners of each list concerned
//	email/github of an owner or manager of L                 `approvals` owners of L
//	a new vetting record by = X                              X (opened or approved), plus the above
//	new owner or manager, owner removed, loosened policy     `approvals` owners of L (default 2)
//	new list, address, provider, policy, rename, admins      one of the file's admins
//	.gitattributes on the members file's path                one of the file's admins
//
// Lists are paired by group (the identity of their address), never by
// id. Who may approve is always read from the base: a change never
// approves itself, and the pull request's author and the authors of its commits
// never count. Only the pull request's author is a fact GitHub vouches
// for; a commit's author line is typed by whoever committed, so it
// excludes an approver but never attests nor lowers how many must
// approve, and a commit GitHub links to no account costs one approval
// more. Owners without a github handle count: admins fill the seats
// they cannot, every seat of a list none of whose owners can approve.
package review

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
)

// DefaultApprovals is how many owners approve a sensitive change (a new
// owner or manager, an owner removed, a loosened policy) when the list's
// policy does not say `approvals`.
const DefaultApprovals = 2

// Input is everything Decide needs.
type Input struct {
	// Base and Head are the file before and after the change.
	Base, Head *members.File
	// Author is the pull request's author; CommitAuthors are the GitHub
	// logins of the authors and committers of its commits. None of them
	// counts as an approver: a change never approves itself.
	Author        string
	CommitAuthors []string
	// AuthorVouches is true when the author made every commit, as GitHub
	// can tell (pullrequest.PullRequest.OwnCommits: verified signatures):
	// only then does opening the pull request count as their word for
	// all of it. A review outside a pull request sets it for the author
	// it names.
	AuthorVouches bool
	// Approvals are the logins whose approval counts: their latest
	// review approves the head commit and they may write to the
	// repository.
	Approvals []string
	// Attestations are further logins whose latest review approves the
	// head commit but who may not write to the repository: enough for a
	// vetter to attest to their own record, never to approve a change.
	Attestations []string
	// UnknownAuthors are the git identities of commits GitHub links to no
	// account. Any approver may have written them (any number of people
	// may write under one email), so no requirement of owners or admins
	// is met while there is one.
	UnknownAuthors []string
	// Attributes are the .gitattributes files on the members file's path
	// that the change edits (history.AttributesChanged): they decide how
	// the file is checked out, so the file sync reads could differ from
	// the file reviewed. One of the admins approves them.
	Attributes []string
	// Snapshots are the ids (in Head) of the csv lists whose snapshot
	// file the change edits: roster reads it as the group's live
	// members, so editing it changes what sync and audit see on the
	// group (a walk-in's row deleted hides them). One of the list's
	// owners approves it, as they would a change of its members.
	Snapshots []string
	// Former is, for each group (by the identity of its address) that
	// the head has a list for and the base has none, the last lists that
	// managed it in revisions before the base: the members file's own
	// last one, and the last of another members file that let it go
	// since. A list that takes a group back (an address moved away in
	// one change and back in the next, a list deleted and made again) is
	// judged against the owners each had, who would have approved the
	// same change made in one step: all of them, not the newest, since
	// a commit's date is its author's to write.
	Former map[string][]Former
	// Elsewhere is, for each group (by identity) that the head has a
	// list for and the base members file has none, the lists other
	// members files of the repository hold for it at the base
	// (history.ListsElsewhereAt): a list moved in from another file, or
	// a group that file manages still, is its owners' to hand over.
	Elsewhere map[string][]Former
	// Passing is, per list of Base (by id), whom a commit of the change
	// lists on the list's group that neither Base nor Head lists there:
	// listed by one commit, taken off by a later one. Merged with a
	// merge commit, the change took them off the list as roster reads
	// history, and sync removes them from the group if they are on it:
	// the list's owners approve it, as they would the removal.
	Passing map[string][]string
	// RoundTrips is, per list of Base (by id), one line each, whom a
	// commit of the change took off the list's group, or gave another
	// role there, and a later one put back as Base and Head have them:
	// no change to the file, but, merged with a merge commit, a leave
	// and a join (or two role changes) in the list's history, by the
	// change's authors. The list's owners approve it, as they would the
	// removal and the addition.
	RoundTrips map[string][]string
	// PassingElsewhere is, one line each, whom the change's commits list
	// and take off again on a group Base has no list for (a list the
	// change adds, or an address a list pointed at on the way): once a
	// list writes to that group, sync removes them from it. One of the
	// admins approves it, as they approve a new list.
	PassingElsewhere []string
	// BaseBroken, when set, says that the members file at the base
	// revision does not parse, and which earlier version Base is: the
	// owners and policy the change is judged by may be older than the
	// base's, so an admin approves as well.
	BaseBroken string
	// HeadStops are, one line each with its position, the findings of
	// Head that stop every sync (policies.Stop): merged, the file would
	// halt every removal, walk-ins' too, whoever approved it.
	HeadStops []string
	// HeadInvalid are, one line each, the other findings of Head that
	// fail validate and Base did not have (an unvetted addition, a list
	// over its cap, fewer owners than min_owners): the validate step
	// beside the review stays red on them, whoever approves.
	HeadInvalid []string
	// At is the day vetting is judged as of (today): the record that
	// admits someone to a list, which the change's lines name, is the
	// newest that satisfies the list's policy then.
	At time.Time
}

// Former is the last list that managed a group, in a revision before
// the base (see Input.Former).
type Former struct {
	// File is the members file at that revision; List the id of the
	// group's list in it.
	File *members.File
	List string
	// Revision names the commit, as people read it.
	Revision string
	// Path is, for a list of another members file (Input.Elsewhere),
	// that file's path; empty for the members file's own history.
	Path string
	// LetGoBy is, for a list another members file had in an earlier
	// revision and let go before the base, that file's path; Now is
	// that file at the base (nil when the base has none). Its former
	// owners approve under the handles they had then and Now still
	// gives them (or the base guards), and the admins it had then, as
	// far as Now still has them, stand in for those who have none: that
	// file's people answer for the group, not this file's admins; and
	// that file is no file this gate reviews, so an edit of it since
	// can only take people away, never seat new ones. With no Now (the
	// file deleted since), the base's admins stand in: a file made and
	// deleted for the purpose seats nobody either.
	LetGoBy string
	Now     *members.File
	// Aside: a list of the members file's own found only on a side
	// merged into the line (a change's commits made it and took it out
	// again), never on the line itself: its owners approve, but it is
	// no list the group had, whose owners stand for it (takenBack).
	Aside bool
}

// Kind is who a requirement asks for.
type Kind string

// Kinds of requirements.
const (
	// Owners: Need distinct owners of List, as the base names them.
	Owners Kind = "owners"
	// Admins: one of the base file's admins.
	Admins Kind = "admins"
	// Vetter: the vetter named in a new record authored or approved the
	// change: they attest to what the record says they did.
	Vetter Kind = "vetter"
	// Fix: the head would stop every sync once merged (a policy no list
	// uses is broken, a member is listed twice): no approval satisfies
	// it; the change must be fixed.
	Fix Kind = "fix"
	// Invalid: the head fails validate on errors the base did not have
	// (an unvetted addition, a list over its cap): they do not stop
	// every sync, but no approval makes the file valid either.
	Invalid Kind = "invalid"
)

// Requirement is one approval the change needs, and what it covers.
type Requirement struct {
	Kind Kind   `json:"kind"`
	List string `json:"list,omitempty"`
	// Vetter is the record's `by`, for Kind Vetter.
	Vetter string `json:"vetter,omitempty"`
	// Need is how many distinct people must approve.
	Need int `json:"need"`
	// Eligible are the GitHub handles who may give it (for Owners and
	// Admins, from the base file, without the change's authors).
	Eligible []string `json:"eligible"`
	// Changes say what in the change needs it, one line each.
	Changes []string `json:"changes"`
	// Approved are the eligible people who approved (or, for a vetter,
	// authored).
	Approved []string `json:"approved_by"`
	// NotCounted are approvals given that do not count here, and why.
	NotCounted []NotCounted `json:"not_counted,omitempty"`
	OK         bool         `json:"ok"`
	// Why says what is missing when not OK.
	Why string `json:"why,omitempty"`
	// Unsatisfiable is true when no approval could satisfy the
	// requirement as the base stands (no owner has a handle, the only
	// owner wrote the change, no admins).
	Unsatisfiable bool `json:"unsatisfiable,omitempty"`
	// Raising are the Changes (the same strings) that raise what the
	// requirement needs above one owner's approval: every change an
	// admin or a vetter is asked for; of a list's owners, a new owner or
	// manager, an owner removed, a seat holder's identity, a loosened
	// policy, a group taken back. A review comment shows them first and
	// never cuts them for length.
	Raising []string `json:"raising,omitempty"`

	sensitive bool
}

// NotCounted is an approval that does not count for a requirement.
type NotCounted struct {
	Login string `json:"login"`
	Why   string `json:"why"`
}

// Verdict is the decision on a change.
type Verdict struct {
	Requirements []Requirement `json:"requirements"`
	OK           bool          `json:"ok"`
}

// Decide returns who must approve the change from in.Base to in.Head
// and whether the approvals in in suffice. A change with nothing that
// needs an approval is OK.
func Decide(in Input) Verdict {
	d := newDecider(in)
	d.group = counterparts(in.Base, in.Head)
	d.headOf = map[string]string{}
	for h, b := range d.group {
		if b != "" {
			d.headOf[b] = h
		}
	}
	d.members()
	d.passing()
	d.lists()
	d.admins()
	for _, a := range in.Attributes {
		d.need(Admins, "", "", false, a+" changed: it decides how git checks the members file out, so the file sync reads could differ from the one reviewed")
	}
	for _, stop := range in.HeadStops {
		d.need(Fix, "", "", false, stop)
	}
	for _, line := range in.HeadInvalid {
		d.need(Invalid, "", "", false, line)
	}
	if in.BaseBroken != "" {
		// A change judged by an older file's owners could undo what the
		// broken version changed with their approval alone.
		d.need(Admins, "", "", false, in.BaseBroken)
	}
	return d.verdict()
}

type decider struct {
	in Input
	// former holds the lists of Input.Former that a requirement names,
	// by the name it gives them ("reports as of 1a2b3c4d5e").
	former     map[string]Former
	base, head *members.File
	reqs       map[string]*Requirement
	order      []string
	authors    map[string]string // handle key -> why it does not count
	// opener is the pull request's author, the one author GitHub
	// authenticated: a commit's author is whatever its writer typed.
	opener     string
	approvals  map[string]string // handle key -> login as given
	attests    map[string]bool
	baseAdmins []string
	// group maps each head list id to the id of the base list of the
	// same group, "" for a group the base had no list for.
	group map[string]string
	// headOf is group the other way: base list id to head list id.
	headOf map[string]string
	// adminSeats are the admins an admins' requirement counted (resolved
	// before the owners'): they stand in for no owner too.
	adminSeats map[string]bool
	// people knows the head file's vetters, for naming admitting
	// records; read once, when first needed.
	people *vetting.People
}

// counterparts pairs the lists of the two files by group: the identity
// of their address, never their id. A list is the Google group it
// writes to: a change that keeps an id and points it at another group,
// then gives the old group a new id (with a looser policy, new owners),
// has renamed the group's list and added a new one, and is judged so.
func counterparts(base, head *members.File) map[string]string {
	baseByAddr := map[string]string{}
	for _, l := range base.Lists {
		if id := members.IdentityOf(l.Address); baseByAddr[id] == "" {
			baseByAddr[id] = l.ID
		}
	}
	out := map[string]string{}
	taken := map[string]bool{}
	// Two head lists of one group (which validate refuses) pair the one
	// that kept the base list's id first: the other is the newcomer,
	// wherever the file puts it.
	for _, l := range head.Lists {
		if b := baseByAddr[members.IdentityOf(l.Address)]; b == l.ID && !taken[b] {
			out[l.ID], taken[b] = b, true
		}
	}
	for _, l := range head.Lists {
		if _, ok := out[l.ID]; ok {
			continue
		}
		b := baseByAddr[members.IdentityOf(l.Address)]
		if b != "" && !taken[b] {
			out[l.ID], taken[b] = b, true
			continue
		}
		out[l.ID] = ""
	}
	return out
}

// baseID is the id of the base list of a head list's group: "" for a
// new group, or an id the head does not define.
func (d *decider) baseID(list string) string { return d.group[list] }

// headID is the id of the head list of a base list's group, "" when the
// head has none.
func (d *decider) headID(list string) string { return d.headOf[list] }

func newDecider(in Input) *decider {
	d := &decider{in: in, base: in.Base, head: in.Head, reqs: map[string]*Requirement{},
		authors: map[string]string{}, approvals: map[string]string{}, attests: map[string]bool{}, adminSeats: map[string]bool{},
		former: map[string]Former{}}
	for _, c := range in.CommitAuthors {
		if c != "" {
			d.authors[key(c)] = "authored a commit of the change"
		}
	}
	if in.Author != "" {
		d.opener = key(in.Author)
		d.authors[d.opener] = "authored the change"
	}
	for _, a := range in.Approvals {
		if a != "" {
			d.approvals[key(a)] = strings.TrimPrefix(strings.TrimSpace(a), "@")
		}
	}
	for _, a := range in.Attestations {
		d.attests[key(a)] = true
	}
	d.baseAdmins = adminHandles(in.Base.Admins)
	return d
}

// adminHandles are a file's admins as handles, each once.
func adminHandles(admins []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range admins {
		if k := key(a); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, strings.TrimPrefix(strings.TrimSpace(a), "@"))
		}
	}
	return out
}

// key is a GitHub handle's comparison key, as the file compares them.
func key(h string) string { return members.HandleKey(h) }

// need records that a change needs an approval.
func (d *decider) need(kind Kind, list, vetter string, sensitive bool, change string) {
	id := string(kind) + "\x00" + list + "\x00" + key(vetter)
	r := d.reqs[id]
	if r == nil {
		r = &Requirement{Kind: kind, List: list, Vetter: vetter}
		d.reqs[id] = r
		d.order = append(d.order, id)
	}
	r.sensitive = r.sensitive || sensitive
	// Marked before the duplicate check: a line recorded plain first may
	// be recorded raising later.
	if (sensitive || kind != Owners) && !slices.Contains(r.Raising, change) {
		r.Raising = append(r.Raising, change)
	}
	if slices.Contains(r.Changes, change) {
		return
	}
	r.Changes = append(r.Changes, change)
}

// passing records the owners' approval of whom the change's commits
// listed and took off again (Input.Passing).
func (d *decider) passing() {
	ids := make([]string, 0, len(d.in.Passing))
	for id := range d.in.Passing {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, line := range d.in.PassingElsewhere {
		d.need(Admins, "", "", false, line)
	}
	for _, id := range ids {
		for _, email := range d.in.Passing[id] {
			d.owners(id, false, fmt.Sprintf(MarkPassing+"%s: listed by a commit of the change and taken off by a later one: merged with a merge commit, that takes them off %s as roster reads history, and sync removes them from the group if they are on it", email, id))
		}
	}
	ids = ids[:0]
	for id := range d.in.RoundTrips {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		for _, line := range d.in.RoundTrips[id] {
			d.owners(id, false, line)
		}
	}
}

// owners records that a change to list, a base list id, needs its
// owners. A group the base has no list for is new, and one the head has
// no list for is no longer managed: either is approved as a whole by an
// admin, and the people on it with it.
func (d *decider) owners(list string, sensitive bool, change string) {
	if list == "" || d.base.List(list) == nil || d.headID(list) == "" {
		return
	}
	d.need(Owners, list, "", sensitive, change)
}

// ownersOf returns the github handles of list's owners in the base
// revision, and the addresses of those who have none.
func (d *decider) ownersOf(list string) (handles, noHandle []string) {
	file := d.base
	f, former := d.former[list]
	if former {
		file, list = f.File, f.List
	}
	// Another file's owners at the base approve under the handles that
	// file gives them: it is the base, not an old revision.
	former = former && f.Path == ""
	l := file.List(list)
	if l == nil {
		return nil, nil
	}
	for _, m := range file.MembersOf(l.ID) {
		if role, _ := m.RoleOn(l.ID); role != members.RoleOwner {
			continue
		}
		if former {
			// A former owner approves under the handle the base gives
			// them now: an old revision's handle may have been given up
			// (and taken by someone else) since. Only a handle review
			// guarded counts, though: the one they had then, or one
			// they hold a seat under in the base (changing it needed
			// its lists' owners). An entry on no list, which any change
			// may add or re-handle with no approval, must not seat a
			// friend in a departed owner's place: an admin stands in.
			h := guardedHandle(m, d.base)
			if h == "" {
				h = sameHandle(m, f.Now)
			}
			if h != "" {
				handles = append(handles, h)
			} else {
				noHandle = append(noHandle, m.Email)
			}
			continue
		}
		if m.GitHub == "" {
			noHandle = append(noHandle, m.Email)
			continue
		}
		handles = append(handles, m.Handle())
	}
	return handles, noHandle
}

// guardedHandle is the handle a former owner m approves under by base,
// the members file at the base revision: the one base gives them, if
// review guarded it there (see ownersOf); "" when it does not.
func guardedHandle(m *members.Member, base *members.File) string {
	now := base.FindMember(m.Email)
	if now != nil && now.GitHub != "" && (m.GitHub != "" && key(now.GitHub) == key(m.GitHub) || holdsSeat(now)) {
		return now.Handle()
	}
	return ""
}

// sameHandle is the handle a former owner m of a list another file let
// go approves under by that file as it is at the base (other; nil when
// there is none): the one they had when it held the list, and still
// have there. The other file is no members file this gate reviews: an
// edit of it since may give them another handle, or a seat, which
// counts for nothing; it can only take the one they had away. "" when
// it is not so.
func sameHandle(m *members.Member, other *members.File) string {
	if other == nil || m.GitHub == "" {
		return ""
	}
	if now := other.FindMember(m.Email); now != nil && key(now.GitHub) == key(m.GitHub) {
		return m.Handle()
	}
	return ""
}

// holdsSeat reports whether m owns or manages a list: the identity
// fields of such an entry change only with its lists' owners' approval.
func holdsSeat(m *members.Member) bool {
	for _, ms := range m.Lists {
		if ms.Role == members.RoleOwner || ms.Role == members.RoleManager {
			return true
		}
	}
	return false
}

// sensitiveNeed is the approvals a sensitive change to list needs by its
// policy: `approvals`, else DefaultApprovals.
func (d *decider) sensitiveNeed(list string) int {
	file := d.base
	if f, ok := d.former[list]; ok {
		file, list = f.File, f.List
	}
	if l := file.List(list); l != nil {
		if p := file.PolicyOf(l); p != nil && p.Approvals > 0 {
			return p.Approvals
		}
	}
	return DefaultApprovals
}
