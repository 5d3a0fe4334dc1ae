package policies

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
)

// Audit is the state of every list against its policy on a date: what an
// auditor asks for, and what a scheduled job alerts on.
type Audit struct {
	At    time.Time   `json:"-"`
	Date  string      `json:"at"`
	Lists []ListAudit `json:"lists"`
	Items []AuditItem `json:"items"`
	// Receivers are the people who get a list's mail through nested
	// groups (audit --live).
	Receivers []Receiver `json:"receivers,omitempty"`
}

// ListAudit counts one list against its policy.
type ListAudit struct {
	ID         string `json:"id"`
	Address    string `json:"address"`
	Policy     string `json:"policy"`
	Members    int    `json:"members"`
	MaxMembers int    `json:"max_members,omitempty"`
	Owners     int    `json:"owners"`
	MinOwners  int    `json:"min_owners"`
}

// Level says whether an audit item is something policy forbids.
type Level string

// Levels.
const (
	Violation Level = "violation" // policy forbids it: the job should alert
	Notice    Level = "notice"    // worth knowing: lapses soon, not yet synced
)

// Kinds of audit items.
const (
	KindLapsed   = "lapsed"
	KindLapsing  = "lapsing"
	KindUnvetted = "unvetted"
	KindCapacity = "capacity"
	KindOwners   = "owners"
	KindNoLists  = "no-lists"
	KindDrift    = "drift"
	KindSettings = "settings"
)

// AuditItem is one thing the audit found.
type AuditItem struct {
	Level   Level  `json:"level"`
	Kind    string `json:"kind"`
	List    string `json:"list,omitempty"`
	Email   string `json:"email,omitempty"`
	Message string `json:"message"`
	// For vetting items: the record concerned and when it lapses.
	VettedBy string `json:"vetted_by,omitempty"`
	VettedOn string `json:"vetted_on,omitempty"`
	Expires  string `json:"expires,omitempty"`
}

// Violations reports whether the audit found anything policy forbids.
func (a *Audit) Violations() int {
	n := 0
	for _, it := range a.Items {
		if it.Level == Violation {
			n++
		}
	}
	return n
}

// Add appends an item and keeps the items in a stable order.
func (a *Audit) Add(items ...AuditItem) {
	a.Items = append(a.Items, items...)
	sort.SliceStable(a.Items, func(i, j int) bool {
		x, y := a.Items[i], a.Items[j]
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

// RunAudit audits a parsed file on the date at: vetting that has lapsed
// or lapses within vetting.LapsingWithin (who vetted, when), members with
// no qualifying vetting for another reason, each list's size and owners
// against its policy, and members on no list.
func RunAudit(f *members.File, at time.Time) *Audit {
	at = truncateDay(at)
	a := &Audit{At: at, Date: at.Format(members.DateLayout), Lists: []ListAudit{}, Items: []AuditItem{}}
	people := vetting.NewPeople(f)
	var items []AuditItem
	for _, l := range f.Lists {
		p := f.PolicyOf(l)
		la := ListAudit{ID: l.ID, Address: l.Address, Policy: l.Policy}
		var req vetting.Requirement
		if p != nil {
			la.MaxMembers, la.MinOwners = p.MaxMembers, p.MinOwners
			req = vetting.RequirementFor(l, p, people)
		}
		for _, m := range f.MembersOf(l.ID) {
			la.Members++
			if role, _ := m.RoleOn(l.ID); role == members.RoleOwner {
				la.Owners++
			}
			if p != nil {
				items = append(items, vettingItems(m, l, p, req, at)...)
			}
		}
		if p != nil && p.MaxMembers > 0 && la.Members > p.MaxMembers {
			items = append(items, AuditItem{Level: Violation, Kind: KindCapacity, List: l.ID,
				Message: fmt.Sprintf("%s has %d members; policy %s allows %d", l.ID, la.Members, p.ID, p.MaxMembers)})
		}
		if p != nil && la.Owners < p.MinOwners {
			items = append(items, AuditItem{Level: Violation, Kind: KindOwners, List: l.ID,
				Message: fmt.Sprintf("%s has %d owners; policy %s needs %d", l.ID, la.Owners, p.ID, p.MinOwners)})
		}
		a.Lists = append(a.Lists, la)
	}
	for _, m := range f.Members {
		if len(m.Lists) == 0 {
			items = append(items, AuditItem{Level: Notice, Kind: KindNoLists, Email: m.Email,
				Message: fmt.Sprintf("%s is on no list (entry kept at line %d)", m.Email, m.Pos.Line)})
		}
	}
	a.Add(items...)
	return a
}

func vettingItems(m *members.Member, l *members.List, p *members.Policy, req vetting.Requirement, at time.Time) []AuditItem {
	v := vetting.Evaluate(m, req, at)
	if v.OK() {
		if p.VettingValidFor.IsZero() {
			return nil
		}
		exp := p.VettingValidFor.Expires(v.Qualifying.On)
		if exp.Sub(at) <= vetting.LapsingWithin {
			return []AuditItem{{Level: Notice, Kind: KindLapsing, List: l.ID, Email: m.Email,
				Message:  fmt.Sprintf("%s's vetting for %s by %s on %s lapses on %s; re-vet with roster vet", m.Email, l.ID, v.Qualifying.By, v.Qualifying.On.Format(members.DateLayout), exp.Format(members.DateLayout)),
				VettedBy: v.Qualifying.By, VettedOn: v.Qualifying.On.Format(members.DateLayout), Expires: exp.Format(members.DateLayout)}}
		}
		return nil
	}
	it := AuditItem{Level: Violation, Kind: KindUnvetted, List: l.ID, Email: m.Email}
	if v.Newest != nil {
		it.VettedBy, it.VettedOn = v.Newest.By, v.Newest.On.Format(members.DateLayout)
	}
	var msgs []string
	for _, prob := range v.Problems {
		msgs = append(msgs, prob.Msg)
		if prob.Rule == vetting.RuleStale {
			it.Kind = KindLapsed
			it.Expires = p.VettingValidFor.Expires(v.Newest.On).Format(members.DateLayout)
		}
	}
	it.Message = m.Email + " on " + l.ID + ": " + strings.Join(msgs, "; ")
	return []AuditItem{it}
}
