// Package audit answers "does every list meet its policy, and do the live
// groups match the file": the file's findings as an auditor reads them,
// the drift between the file and the live groups (from the same plan
// sync runs), who receives a list's mail through nested groups, and who
// changed a group by hand (Google's audit log). It judges nothing the
// policies package already judged: a finding's effect decides whether it
// is a violation.
package audit

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
	"github.com/roster-dev/roster/vetting"
)

// Report is the state of every list against its policy on a date: what
// an auditor asks for, and what a scheduled job alerts on.
type Report struct {
	At   time.Time `json:"-"`
	Date string    `json:"at"`
	// Until is the last day of the window of records about to lapse
	// that the audit lists (audit --upcoming); "" when not known.
	Until string        `json:"until,omitempty"`
	Lists []ListSummary `json:"lists"`
	Items []Item        `json:"items"`
	// Receivers are the people who get a list's mail through nested
	// groups (audit --live).
	Receivers []Receiver `json:"receivers,omitempty"`
	// Reminder is what the run did with the reminder issue (audit
	// --github-issue), or why it could not: a script reading the report
	// learns why the run failed when GitHub did.
	Reminder *Reminder `json:"reminder,omitempty"`
}

// Reminder is the outcome of keeping the reminder issue.
type Reminder struct {
	// Outcome is created, updated, closed or unchanged; "" with Error.
	Outcome string `json:"outcome,omitempty"`
	Issue   int    `json:"issue,omitempty"`
	URL     string `json:"url,omitempty"`
	// Error says why the issue could not be kept.
	Error string `json:"error,omitempty"`
}

// ListSummary counts one list against its policy.
type ListSummary struct {
	ID         string `json:"id"`
	Address    string `json:"address"`
	Policy     string `json:"policy"`
	Members    int    `json:"members"`
	MaxMembers int    `json:"max_members,omitempty"`
	Owners     int    `json:"owners"`
	MinOwners  int    `json:"min_owners"`
	// OwnerHandles are the GitHub handles the file gives the list's
	// owners: whom a reminder mentions for records whose vetter it
	// cannot (grandfathered, or a vetter the file gives no handle).
	OwnerHandles []string `json:"owner_handles,omitempty"`
	// NotRead: an incremental audit --live did not read the list's live
	// group (nothing says it changed in the window); its drift is the
	// next full run's to tell.
	NotRead bool `json:"not_read,omitempty"`
}

// Level says whether an item is something policy forbids.
type Level string

// Levels.
const (
	Violation Level = "violation" // policy forbids it: the job should alert
	Notice    Level = "notice"    // worth knowing: lapses soon, not yet synced
)

// Kinds of items. Findings of the file keep the names auditors know
// (lapsed, lapsing, unvetted, capacity, owners, no-lists) or their rule.
const (
	KindLapsed   = "lapsed"
	KindLapsing  = "lapsing"
	KindUnvetted = "unvetted"
	KindCapacity = "capacity"
	KindOwners   = "owners"
	KindNoLists  = "no-lists"
	KindDrift    = "drift"
	KindSettings = "settings"
	// KindReceiver: someone receives a list's mail through a nested group
	// without an entry on that list.
	KindReceiver = "receiver"
	// KindAlias: a file entry Google knows under another address.
	KindAlias = "alias"
)

// Item is one thing the audit found.
type Item struct {
	Level Level         `json:"level"`
	Kind  string        `json:"kind"`
	Rule  policies.Rule `json:"rule,omitempty"`
	List  string        `json:"list,omitempty"`
	Email string        `json:"email,omitempty"`
	// Type is GROUP or CUSTOMER for a live member that is not one
	// person, as the plan's JSON gives it (Email is then a group's
	// address, or words for the whole domain).
	Type string `json:"type,omitempty"`
	// Lookalike names each letter of Email that only looks like an
	// ASCII one, as the plan's JSON does; set by the JSON writer.
	Lookalike string `json:"lookalike,omitempty"`
	Message   string `json:"message"`
	// For vetting items: the record concerned and when it lapses, and
	// the GitHub handle the file gives the vetter (however the record
	// names them: handle or email, any case).
	VettedBy     string `json:"vetted_by,omitempty"`
	VetterGitHub string `json:"vetter_github,omitempty"`
	VettedOn     string `json:"vetted_on,omitempty"`
	Expires      string `json:"expires,omitempty"`
	// ChangedBy says who made a live difference by hand, and when.
	ChangedBy string `json:"changed_by,omitempty"`
	// Change is Message without ChangedBy (which Message ends with, in
	// brackets): for a page that gives who its own column.
	Change string `json:"-"`
	// Summary says what differs in fixed words, with no reason (which
	// may quote a vetting record) and no address but the member's: for
	// the public roster's drift section.
	Summary string `json:"-"`
}

// Violations counts what policy forbids.
func (r *Report) Violations() int {
	n := 0
	for _, it := range r.Items {
		if it.Level == Violation {
			n++
		}
	}
	return n
}

// Only keeps the lists of ids and what was found about them (audit
// --list), with the findings about the whole file; none of ids keeps
// everything. Members on no list concern no list, and are left out.
func (r *Report) Only(ids []string) {
	if len(ids) == 0 {
		return
	}
	r.Lists = slices.DeleteFunc(r.Lists, func(s ListSummary) bool { return !slices.Contains(ids, s.ID) })
	r.Items = slices.DeleteFunc(r.Items, func(it Item) bool {
		if it.List == "" {
			return it.Kind == KindNoLists
		}
		return !slices.Contains(ids, it.List)
	})
	r.Receivers = slices.DeleteFunc(r.Receivers, func(rc Receiver) bool { return !slices.Contains(ids, rc.List) })
}

// Add appends items and keeps all items in a stable order.
func (r *Report) Add(items ...Item) {
	r.Items = append(r.Items, items...)
	sort.SliceStable(r.Items, func(i, j int) bool {
		x, y := r.Items[i], r.Items[j]
		if x.Level != y.Level {
			return x.Level == Violation
		}
		if x.Kind != y.Kind {
			return x.Kind < y.Kind
		}
		if x.List != y.List {
			return x.List < y.List
		}
		return strings.ToLower(x.Email) < strings.ToLower(y.Email)
	})
}

// FromFindings builds the audit of a file on the date at from what
// policies found (checked with a lapsing window, so that records about
// to lapse are notices): every finding an auditor must act on is a
// violation (Finding.Violation), the rest notices; one capacity item per
// list. Lists are counted against their policies.
func FromFindings(f *members.File, findings []policies.Finding, at time.Time) *Report {
	y, m, d := at.Date()
	at = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	r := &Report{At: at, Date: at.Format(members.DateLayout), Lists: []ListSummary{}, Items: []Item{}}
	for _, l := range f.Lists {
		s := ListSummary{ID: l.ID, Address: l.Address, Policy: l.Policy}
		if p := f.PolicyOf(l); p != nil {
			s.MaxMembers, s.MinOwners = p.MaxMembers, p.MinOwners
		}
		for _, m := range f.MembersOf(l.ID) {
			s.Members++
			// A group made owner (a list of this file's) is no person
			// to own the list, as min_owners counts it.
			if role, _ := m.RoleOn(l.ID); role == members.RoleOwner && f.ListAt(m.Email) == nil {
				s.Owners++
				if h := m.Handle(); h != "" {
					s.OwnerHandles = append(s.OwnerHandles, h)
				}
			}
		}
		r.Lists = append(r.Lists, s)
	}
	vetters := map[string]*members.Member{} // vetting.VetterKey -> entry
	for _, m := range f.Members {
		if m.Handle() != "" {
			vetters[vetting.VetterKey(m.GitHub)] = m
			vetters[vetting.VetterKey(m.Email)] = m
		}
	}
	// remindable is the handle of the vetter of a record on list, who
	// may vet for it now: on the list with the role its policy asks. A
	// vetter who left it cannot re-vet, and is not told of it: the
	// record goes to the list's owners.
	remindable := func(by, list string) string {
		m := vetters[vetting.VetterKey(by)]
		l := f.List(list)
		if m == nil || l == nil {
			return ""
		}
		role, on := m.RoleOn(list)
		if p := f.PolicyOf(l); !on || p != nil && !role.AtLeast(p.VettedBy) {
			return ""
		}
		return m.Handle()
	}
	full := map[string]bool{}
	var items []Item
	for _, fd := range findings {
		it := Item{Level: Notice, Kind: kindOf(fd.Rule), Rule: fd.Rule, List: fd.List, Email: fd.Member, Message: fd.Plain()}
		if fd.Violation() {
			it.Level = Violation
		}
		if fd.Vetting != nil {
			it.VettedBy, it.VettedOn, it.Expires = fd.Vetting.By, fd.Vetting.On, fd.Vetting.Expires
			it.VetterGitHub = remindable(fd.Vetting.By, fd.List)
		}
		if fd.Rule == policies.RuleMaxMembers {
			if full[fd.List] {
				continue
			}
			full[fd.List] = true
			it.Email = ""
			it.Message = capacityMessage(f, fd.List)
		}
		items = append(items, it)
	}
	r.Add(items...)
	return r
}

func kindOf(rule policies.Rule) string {
	switch rule {
	case policies.RuleVettingStale, policies.RuleVettingLapsedWhenListed:
		// A record that had lapsed before the file listed them is as due
		// as one that lapsed since: its vetter (or the list's owners)
		// must re-vet, and the reminders say so.
		return KindLapsed
	case policies.RuleVettingLapsing:
		return KindLapsing
	case policies.RuleVettingMissing, policies.RuleVettingMethod, policies.RuleVettingVetter, policies.RuleVettingSelf, policies.RuleVettingFuture:
		return KindUnvetted
	case policies.RuleMaxMembers:
		return KindCapacity
	case policies.RuleMinOwners:
		return KindOwners
	case policies.RuleMemberNoLists:
		return KindNoLists
	}
	return string(rule)
}

func capacityMessage(f *members.File, list string) string {
	l := f.List(list)
	if l == nil {
		return list + " is over its max_members"
	}
	p := f.PolicyOf(l)
	if p == nil {
		return list + " is over its max_members"
	}
	return fmt.Sprintf("%s has %d members; policy %s allows %d", list, len(f.MembersOf(list)), p.ID, p.MaxMembers)
}
