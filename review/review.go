// Package review decides who must approve a change to the members file
// (a pull request), from the file before the change (base) and after it
// (head), and whether the approvals given suffice. Decide is one pure
// function: no I/O, no clock, no GitHub. The caller brings the facts (the
// pull request's author, its commit authors, the approvals that count);
// this package holds the policy, written as a table in the README:
//
//	change                                                   who approves
//	members, roles, vetting records of list L                an owner of L
//	email/github of an owner, manager or vetter              the owners of each list concerned
//	a new vetting record by = X                              X (authored or approved), plus the above
//	new owner or manager, owner removed, loosened policy     `approvals` owners of L (default 2)
//	new list, address, provider, policy, rename, admins      one of the file's admins
//
// Who may approve is always read from the base: a change never approves
// itself, and the pull request's author and the authors of its commits
// never count.
package review

import (
	"fmt"
	"sort"
	"strings"

	"github.com/roster-dev/roster/members"
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
	// Approvals are the logins whose approval counts: their latest
	// review approves the head commit and they may write to the
	// repository.
	Approvals []string
	// Attestations are further logins whose latest review approves the
	// head commit but who may not write to the repository: enough for a
	// vetter to attest to their own record, never to approve a change.
	Attestations []string
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

	sensitive bool
	// without are eligible people who wrote the change: shown, never
	// counted.
	without []string
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
	d.renames = renames(in.Base, in.Head)
	d.members()
	d.lists()
	d.admins()
	return d.verdict()
}

type decider struct {
	in         Input
	base, head *members.File
	reqs       map[string]*Requirement
	order      []string
	authors    map[string]string // handle key -> why it does not count
	approvals  map[string]string // handle key -> login as given
	attests    map[string]bool
	baseAdmins []string
	// renames maps a head list id to the base id of the same group
	// (a renamed list): its members are compared as one list's.
	renames map[string]string
}

// renames finds lists the change renamed: a head list whose id the base
// lacks, with the address of a base list the head lacks.
func renames(base, head *members.File) map[string]string {
	out := map[string]string{}
	baseByAddr := map[string]*members.List{}
	for _, l := range base.Lists {
		baseByAddr[members.IdentityOf(l.Address)] = l
	}
	for _, l := range head.Lists {
		if base.List(l.ID) != nil {
			continue
		}
		if old := baseByAddr[members.IdentityOf(l.Address)]; old != nil && head.List(old.ID) == nil {
			out[l.ID] = old.ID
		}
	}
	return out
}

// baseID is the base's id of a head list.
func (d *decider) baseID(list string) string {
	if old, ok := d.renames[list]; ok {
		return old
	}
	return list
}

func newDecider(in Input) *decider {
	d := &decider{in: in, base: in.Base, head: in.Head, reqs: map[string]*Requirement{},
		authors: map[string]string{}, approvals: map[string]string{}, attests: map[string]bool{}}
	for _, c := range in.CommitAuthors {
		if c != "" {
			d.authors[key(c)] = "authored a commit of the change"
		}
	}
	if in.Author != "" {
		d.authors[key(in.Author)] = "authored the change"
	}
	for _, a := range in.Approvals {
		if a != "" {
			d.approvals[key(a)] = strings.TrimPrefix(strings.TrimSpace(a), "@")
		}
	}
	for _, a := range in.Attestations {
		d.attests[key(a)] = true
	}
	seen := map[string]bool{}
	for _, a := range in.Base.Admins {
		if k := key(a); k != "" && !seen[k] {
			seen[k] = true
			d.baseAdmins = append(d.baseAdmins, strings.TrimPrefix(strings.TrimSpace(a), "@"))
		}
	}
	return d
}

func key(h string) string { return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "@")) }

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
	for _, c := range r.Changes {
		if c == change {
			return
		}
	}
	r.Changes = append(r.Changes, change)
}

// owners records that a change to list needs its owners. A list the base
// does not have is new: it is approved as a whole by an admin, and the
// people on it with it.
func (d *decider) owners(list string, sensitive bool, change string) {
	list = d.baseID(list)
	if d.base.List(list) == nil {
		return
	}
	d.need(Owners, list, "", sensitive, change)
}

// members compares every entry of the two files: entries are paired by
// mailbox, then, for those left, by GitHub handle (an entry whose
// address changed).
func (d *decider) members() {
	baseBy := map[string]*members.Member{}
	for _, m := range d.base.Members {
		baseBy[members.IdentityOf(m.Email)] = m
	}
	paired := map[*members.Member]*members.Member{} // head -> base
	used := map[*members.Member]bool{}
	var unpairedHead []*members.Member
	for _, m := range d.head.Members {
		if b := baseBy[members.IdentityOf(m.Email)]; b != nil && !used[b] {
			paired[m], used[b] = b, true
			continue
		}
		unpairedHead = append(unpairedHead, m)
	}
	baseByHandle := map[string]*members.Member{}
	for _, m := range d.base.Members {
		if !used[m] && m.GitHub != "" {
			baseByHandle[key(m.GitHub)] = m
		}
	}
	for _, m := range unpairedHead {
		if m.GitHub != "" {
			if b := baseByHandle[key(m.GitHub)]; b != nil && !used[b] {
				paired[m], used[b] = b, true
				continue
			}
		}
		d.member(nil, m)
	}
	for _, m := range d.head.Members {
		if b := paired[m]; b != nil {
			d.member(b, m)
		}
	}
	for _, b := range d.base.Members {
		if !used[b] {
			d.member(b, nil)
		}
	}
}

// member compares one person's entry before (was) and after (now); either
// may be nil.
func (d *decider) member(was, now *members.Member) {
	name := func(m *members.Member) string { return m.Email }
	lists := map[string]bool{}
	var order []string
	headRole := map[string]members.Role{}
	if now != nil {
		for _, ms := range now.Lists {
			headRole[d.baseID(ms.List)] = ms.Role
		}
	}
	for _, m := range []*members.Member{was, now} {
		if m == nil {
			continue
		}
		for _, ms := range m.Lists {
			id := ms.List
			if m == now {
				id = d.baseID(id)
			}
			if !lists[id] {
				lists[id] = true
				order = append(order, id)
			}
		}
	}
	for _, l := range order {
		var before, after members.Role
		if was != nil {
			before, _ = was.RoleOn(l)
		}
		after = headRole[l]
		switch {
		case before == "" && after != "":
			sensitive := after == members.RoleOwner || after == members.RoleManager
			what := fmt.Sprintf("+ %s (%s)", name(now), after)
			if sensitive {
				what = fmt.Sprintf("+ %s (%s): a new %s", name(now), after, after)
			}
			d.owners(l, sensitive, what)
		case before != "" && after == "":
			sensitive := before == members.RoleOwner
			what := fmt.Sprintf("- %s (was %s)", name(was), before)
			if sensitive {
				what += ": an owner removed"
			}
			d.owners(l, sensitive, what)
		case before != after:
			raised := after.Rank() > before.Rank() && (after == members.RoleOwner || after == members.RoleManager)
			ownerLost := before == members.RoleOwner
			what := fmt.Sprintf("~ %s (%s -> %s)", name(now), before, after)
			switch {
			case raised:
				what += ": a new " + string(after)
			case ownerLost:
				what += ": an owner removed"
			}
			d.owners(l, raised || ownerLost, what)
		}
	}
	if was != nil && now != nil {
		d.details(was, now)
	}
	d.records(was, now)
}

// details are the changes to a paired entry's own fields. The identity
// fields (email, github) of anyone who owns or manages a list, or vets
// anyone, decide who approves and vouches from then on: the owners of
// every list concerned approve them.
func (d *decider) details(was, now *members.Member) {
	var changed []string
	if was.Email != now.Email {
		changed = append(changed, fmt.Sprintf("email %s -> %s", was.Email, now.Email))
	}
	if key(was.GitHub) != key(now.GitHub) {
		changed = append(changed, fmt.Sprintf("github %s -> %s", orNone(was.GitHub), orNone(now.GitHub)))
	}
	if len(changed) > 0 {
		what := fmt.Sprintf("identity of %s: %s", was.Email, strings.Join(changed, ", "))
		concerned := map[string]bool{}
		for _, f := range []struct {
			file *members.File
			m    *members.Member
		}{{d.base, was}, {d.head, now}} {
			for _, ms := range f.m.Lists {
				if ms.Role == members.RoleOwner || ms.Role == members.RoleManager {
					concerned[ms.List] = true
				}
			}
			for _, l := range vettedLists(f.file, f.m) {
				concerned[l] = true
			}
		}
		for _, ms := range now.Lists {
			concerned[ms.List] = true
		}
		for _, ms := range was.Lists {
			concerned[ms.List] = true
		}
		for _, l := range sortedKeys(concerned) {
			d.owners(l, false, what)
		}
	}
	if was.Name != now.Name || was.Affiliation != now.Affiliation {
		what := fmt.Sprintf("details of %s (name, affiliation)", now.Email)
		for _, l := range listsOf(was, now) {
			d.owners(l, false, what)
		}
	}
}

// vettedLists returns the lists of the members whose records in f name m
// as their vetter.
func vettedLists(f *members.File, m *members.Member) []string {
	var out []string
	seen := map[string]bool{}
	for _, other := range f.Members {
		for _, v := range other.Vetting {
			if !names(v.By, m) {
				continue
			}
			for _, ms := range other.Lists {
				if !seen[ms.List] {
					seen[ms.List] = true
					out = append(out, ms.List)
				}
			}
		}
	}
	return out
}

// names reports whether a record's `by` names m.
func names(by string, m *members.Member) bool {
	by = strings.TrimSpace(by)
	if strings.Contains(by, "@") && !strings.HasPrefix(by, "@") {
		return members.IdentityOf(by) == members.IdentityOf(m.Email)
	}
	return m.GitHub != "" && key(by) == key(m.GitHub)
}

// records compares vetting records: a new one needs its member's lists'
// owners and its vetter's word; a changed or removed one the owners.
func (d *decider) records(was, now *members.Member) {
	type id struct{ by, on, method string }
	idOf := func(v members.Vetting) id {
		return id{key(v.By), v.On.Format(members.DateLayout), v.Method}
	}
	old := map[id]members.Vetting{}
	if was != nil {
		for _, v := range was.Vetting {
			old[idOf(v)] = v
		}
	}
	lists := listsOf(was, now)
	if now != nil {
		for _, v := range now.Vetting {
			o, existed := old[idOf(v)]
			delete(old, idOf(v))
			desc := fmt.Sprintf("vetting of %s by %s on %s (%s)", now.Email, v.By, v.On.Format(members.DateLayout), v.Method)
			switch {
			case !existed:
				for _, l := range lists {
					d.owners(l, false, "new "+desc)
				}
				if key(v.By) != "import" {
					d.need(Vetter, "", v.By, false, "new "+desc)
				}
			case o.Note != v.Note || o.Evidence != v.Evidence:
				for _, l := range lists {
					d.owners(l, false, "changed "+desc+": a record is a fact; add a new one rather than edit it")
				}
			}
		}
	}
	email := ""
	if was != nil {
		email = was.Email
	}
	for _, v := range old {
		if now == nil {
			break // the whole entry left; its lists say so
		}
		desc := fmt.Sprintf("removed vetting of %s by %s on %s (%s)", email, v.By, v.On.Format(members.DateLayout), v.Method)
		for _, l := range lists {
			d.owners(l, false, desc)
		}
	}
}

func listsOf(ms ...*members.Member) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		if m == nil {
			continue
		}
		for _, x := range m.Lists {
			if !seen[x.List] {
				seen[x.List] = true
				out = append(out, x.List)
			}
		}
	}
	return out
}

// lists compares the lists and their policies.
func (d *decider) lists() {
	renamedFrom := map[string]bool{}
	for _, l := range d.head.Lists {
		bl := d.base.List(l.ID)
		if bl == nil {
			if oldID, ok := d.renames[l.ID]; ok {
				old := d.base.List(oldID)
				renamedFrom[old.ID] = true
				d.need(Admins, "", "", false, fmt.Sprintf("list %s renamed to %s (%s)", old.ID, l.ID, l.Address))
				d.policy(l, d.base.PolicyOf(old), d.head.PolicyOf(l))
				continue
			}
			d.need(Admins, "", "", false, fmt.Sprintf("new list %s (%s, provider %s, policy %s)", l.ID, l.Address, l.Provider, l.Policy))
			continue
		}
		if members.IdentityOf(bl.Address) != members.IdentityOf(l.Address) {
			d.need(Admins, "", "", false, fmt.Sprintf("list %s: address %s -> %s", l.ID, bl.Address, l.Address))
		}
		if bl.Provider != l.Provider || bl.Snapshot != l.Snapshot {
			d.need(Admins, "", "", false, fmt.Sprintf("list %s: provider %s -> %s", l.ID, describeProvider(bl), describeProvider(l)))
		}
		if bl.Create != l.Create {
			d.need(Admins, "", "", false, fmt.Sprintf("list %s: create = %t -> %t", l.ID, bl.Create, l.Create))
		}
		if bl.Policy != l.Policy {
			d.need(Admins, "", "", false, fmt.Sprintf("list %s: policy %s -> %s", l.ID, bl.Policy, l.Policy))
		}
		if bl.Description != l.Description {
			d.owners(l.ID, false, fmt.Sprintf("list %s: description changed", l.ID))
		}
		if bl.Policy == l.Policy {
			d.policy(l, d.base.PolicyOf(bl), d.head.PolicyOf(l))
		}
	}
	for _, l := range d.base.Lists {
		if d.head.List(l.ID) == nil && !renamedFrom[l.ID] {
			d.need(Admins, "", "", false, fmt.Sprintf("list %s (%s) deleted: roster stops managing the group", l.ID, l.Address))
		}
	}
}

func describeProvider(l *members.List) string {
	if l.Snapshot != "" {
		return fmt.Sprintf("%s (snapshot %s)", l.Provider, l.Snapshot)
	}
	return string(l.Provider)
}

// policy compares the policy a list had with the one it has: a change
// that lets more people on, or makes them easier to get on, needs the
// policy's approvals; any other change, one owner.
func (d *decider) policy(l *members.List, was, now *members.Policy) {
	if was == nil || now == nil {
		return
	}
	loosened := Loosened(was, now)
	changed := Changed(was, now)
	switch {
	case len(loosened) > 0:
		d.owners(l.ID, true, fmt.Sprintf("policy %s loosened: %s", now.ID, strings.Join(loosened, "; ")))
	case len(changed) > 0:
		d.owners(l.ID, false, fmt.Sprintf("policy %s changed: %s", now.ID, strings.Join(changed, "; ")))
	}
}

// admins compares the set of admins: changing it needs an existing admin.
func (d *decider) admins() {
	was, now := handleSet(d.base.Admins), handleSet(d.head.Admins)
	var added, removed []string
	for k, h := range now {
		if _, ok := was[k]; !ok {
			added = append(added, "@"+h)
		}
	}
	for k, h := range was {
		if _, ok := now[k]; !ok {
			removed = append(removed, "@"+h)
		}
	}
	sort.Strings(added)
	sort.Strings(removed)
	if len(added) > 0 {
		d.need(Admins, "", "", false, "admins added: "+strings.Join(added, ", "))
	}
	if len(removed) > 0 {
		d.need(Admins, "", "", false, "admins removed: "+strings.Join(removed, ", "))
	}
}

func handleSet(hs []string) map[string]string {
	out := map[string]string{}
	for _, h := range hs {
		if k := key(h); k != "" {
			out[k] = strings.TrimPrefix(strings.TrimSpace(h), "@")
		}
	}
	return out
}

// verdict resolves every requirement against the approvals.
func (d *decider) verdict() Verdict {
	v := Verdict{Requirements: []Requirement{}, OK: true}
	sort.SliceStable(d.order, func(i, j int) bool {
		a, b := d.reqs[d.order[i]], d.reqs[d.order[j]]
		if a.Kind != b.Kind {
			return kindRank(a.Kind) < kindRank(b.Kind)
		}
		if a.List != b.List {
			return a.List < b.List
		}
		return key(a.Vetter) < key(b.Vetter)
	})
	for _, id := range d.order {
		r := d.reqs[id]
		switch r.Kind {
		case Owners:
			d.resolveOwners(r)
		case Admins:
			d.resolveAdmins(r)
		case Vetter:
			d.resolveVetter(r)
		}
		if r.Eligible == nil {
			r.Eligible = []string{}
		}
		if r.Approved == nil {
			r.Approved = []string{}
		}
		v.OK = v.OK && r.OK
		v.Requirements = append(v.Requirements, *r)
	}
	return v
}

func kindRank(k Kind) int {
	switch k {
	case Admins:
		return 0
	case Owners:
		return 1
	}
	return 2
}

// eligible splits the people who may approve into those who count and
// those who wrote the change.
func (d *decider) eligible(handles []string) (count, wrote []string) {
	seen := map[string]bool{}
	for _, h := range handles {
		k := key(h)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		if _, isAuthor := d.authors[k]; isAuthor {
			wrote = append(wrote, h)
			continue
		}
		count = append(count, h)
	}
	sort.Strings(count)
	sort.Strings(wrote)
	return count, wrote
}

// tally counts the approvals of eligible people and says why the others
// do not count.
func (d *decider) tally(r *Requirement, eligible []string, whom string) {
	ok := map[string]bool{}
	for _, h := range eligible {
		ok[key(h)] = true
	}
	var logins []string
	for k := range d.approvals {
		logins = append(logins, k)
	}
	sort.Strings(logins)
	for _, k := range logins {
		login := d.approvals[k]
		switch {
		case d.authors[k] != "":
			r.NotCounted = append(r.NotCounted, NotCounted{Login: login, Why: d.authors[k] + ", and a change never approves itself"})
		case ok[k]:
			r.Approved = append(r.Approved, login)
		default:
			r.NotCounted = append(r.NotCounted, NotCounted{Login: login, Why: "not " + whom + " in the base revision"})
		}
	}
}

func (d *decider) resolveOwners(r *Requirement) {
	var handles, noHandle []string
	if l := d.base.List(r.List); l != nil {
		for _, m := range d.base.MembersOf(l.ID) {
			if role, _ := m.RoleOn(l.ID); role != members.RoleOwner {
				continue
			}
			if m.GitHub == "" {
				noHandle = append(noHandle, m.Email)
				continue
			}
			handles = append(handles, strings.TrimPrefix(m.GitHub, "@"))
		}
	}
	count, wrote := d.eligible(handles)
	r.Eligible, r.without = count, wrote
	need := 1
	if r.sensitive {
		need = DefaultApprovals
		if l := d.base.List(r.List); l != nil {
			if p := d.base.PolicyOf(l); p != nil && p.Approvals > 0 {
				need = p.Approvals
			}
		}
		// Two distinct owners when the list has two or more: as many as
		// the base has who did not write the change, up to the policy's
		// number, so that a list of two owners is never locked.
		need = max(1, min(need, len(count)))
	}
	r.Need = need
	d.tally(r, count, "an owner of "+r.List)
	r.OK = len(r.Approved) >= need
	switch {
	case r.OK:
	case d.base.List(r.List) == nil:
		r.Unsatisfiable = true
		r.Why = fmt.Sprintf("%s is not a list in the base revision; its changes are approved with the list itself (one of the admins)", r.List)
	case len(count) == 0 && len(wrote) > 0:
		r.Unsatisfiable = true
		r.Why = fmt.Sprintf("every owner of %s with a github handle (%s) wrote this change, and a change never approves itself; another owner must be added first in a change they do not write", r.List, strings.Join(at(wrote), ", "))
	case len(count) == 0:
		r.Unsatisfiable = true
		r.Why = fmt.Sprintf("no owner of %s has a github handle in the base revision%s; add one (github = \"HANDLE\") in a separate change", r.List, withoutHandle(noHandle))
	default:
		who := "an owner"
		if need > 1 {
			who = fmt.Sprintf("%d owners", need)
		}
		r.Why = fmt.Sprintf("needs approving reviews from %s of %s (%d so far): %s", who, r.List, len(r.Approved), strings.Join(at(count), ", "))
	}
}

func (d *decider) resolveAdmins(r *Requirement) {
	r.Need = 1
	if len(d.baseAdmins) == 0 {
		r.Unsatisfiable = true
		r.Why = "the base revision names no admins (admins = [\"HANDLE\", ...] at the top of the file); add them in a change merged by a repository administrator, then make this one"
		return
	}
	count, wrote := d.eligible(d.baseAdmins)
	r.Eligible, r.without = count, wrote
	d.tally(r, count, "one of the admins")
	r.OK = len(r.Approved) >= 1
	switch {
	case r.OK:
	case len(count) == 0:
		r.Unsatisfiable = true
		r.Why = fmt.Sprintf("every admin (%s) wrote this change, and a change never approves itself", strings.Join(at(wrote), ", "))
	default:
		r.Why = "needs an approving review from one of the admins: " + strings.Join(at(count), ", ")
	}
}

// resolveVetter checks that the vetter a new record names vouched for it:
// they wrote the change, or reviewed and approved its head commit (with
// or without write access: they attest, they do not approve).
func (d *decider) resolveVetter(r *Requirement) {
	r.Need = 1
	login, ok := d.vetterLogin(r.Vetter)
	if !ok {
		r.Unsatisfiable = true
		r.Why = fmt.Sprintf("%s is not a GitHub handle, nor the email of a member with a github handle in the base revision, so nobody can attest to being them; name the vetter by GitHub handle", r.Vetter)
		return
	}
	r.Eligible = []string{login}
	k := key(login)
	switch {
	case d.authors[k] != "":
		r.Approved = []string{login}
		r.OK = true
	case d.approvals[k] != "" || d.attests[k]:
		r.Approved = []string{login}
		r.OK = true
	default:
		r.Why = fmt.Sprintf("@%s, named as the vetter, must approve the pull request (or author it) to attest to the record", login)
	}
}

// vetterLogin resolves a record's `by` to a GitHub login: a handle is
// one; an email must name a member of the base with a handle.
func (d *decider) vetterLogin(by string) (string, bool) {
	by = strings.TrimSpace(by)
	if !strings.Contains(by, "@") || strings.HasPrefix(by, "@") {
		if h := strings.TrimPrefix(by, "@"); h != "" {
			return h, true
		}
		return "", false
	}
	if m := d.base.FindMember(by); m != nil && m.GitHub != "" {
		return strings.TrimPrefix(m.GitHub, "@"), true
	}
	return "", false
}

func at(hs []string) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = "@" + h
	}
	return out
}

func withoutHandle(emails []string) string {
	if len(emails) == 0 {
		return ""
	}
	return " (owners without one: " + strings.Join(emails, ", ") + ")"
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
