// Package vetting decides whether a vetting record (who checked a member,
// when and how) satisfies a list's policy: the method is one the policy
// accepts, the vetter holds the required role on that list and is not the
// member themself, and the record is neither stale nor in the future.
package vetting

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/roster-dev/roster/internal/shell"
	"github.com/roster-dev/roster/members"
)

// Record is one vetting record. It is part of the members file model, so
// it is defined there; this package holds what a record means.
type Record = members.Vetting

const (
	// Grandfathered is the method `roster import` writes for people who
	// were on a live list before roster managed it. Policies accept it only
	// where their vetting_methods name it.
	Grandfathered = "grandfathered"
	// ImportVetter is the vetter `roster import` writes in grandfathered
	// records; nobody vetted them, so no vetter role is checked.
	ImportVetter = members.ImportVetter
)

// Rule names what a Problem breaks; policies gives each its effect.
type Rule string

// Rule ids of the problems Check reports.
const (
	RuleMissing Rule = "vetting-missing"
	RuleMethod  Rule = "vetting-method"
	RuleVetter  Rule = "vetting-vetter"
	RuleSelf    Rule = "vetting-self"
	RuleStale   Rule = "vetting-stale"
	RuleFuture  Rule = "vetting-future"
)

// Requirement is what one list's policy asks of a vetting record.
type Requirement struct {
	List     string
	Policy   string
	Methods  []string
	VettedBy members.Role
	ValidFor members.Validity
	People   *People
}

// RequirementFor builds the requirement of list l under policy p; people
// indexes the file l belongs to.
func RequirementFor(l *members.List, p *members.Policy, people *People) Requirement {
	return Requirement{
		List:     l.ID,
		Policy:   p.ID,
		Methods:  p.VettingMethods,
		VettedBy: p.VettedBy,
		ValidFor: p.VettingValidFor,
		People:   people,
	}
}

// People finds the members of a file by the way vetting records name
// them: an email address (by its identity) or a GitHub handle (any case,
// with or without '@'), and answers their role on a list in constant
// time (File.RoleOf), however many lists they are on. One index serves
// every list, built in two passes over the members.
//
// It indexes only the people the file's records name, which are few
// (the owners of each list, in practice): a file of a million members
// does not hold two maps of a million entries to find a handful of
// vetters. A name no record in the file uses is looked up by reading
// the members, once per call.
type People struct {
	f        *members.File
	byEmail  map[string]*members.Member
	byHandle map[string]*members.Member
	// others are, for a name two entries share (the duplicate validate
	// reports), the entries Find does not return: a record is judged by
	// the best role any of them has, so that the duplicate is the one
	// error, not a false "is not on the list" on each record.
	others map[string][]*members.Member
	// books holds the index of the records of each member who has many
	// (*members.Member -> *book), built on first use: validate checks
	// members side by side.
	books sync.Map
}

// NewPeople indexes the vetters of f.
func NewPeople(f *members.File) *People {
	p := &People{f: f, byEmail: make(map[string]*members.Member), byHandle: make(map[string]*members.Member)}
	for _, m := range f.Members {
		for i := range m.Vetting {
			if by := strings.TrimSpace(m.Vetting[i].By); isEmail(by) {
				p.byEmail[members.MailboxOf(by)] = nil
			} else if by != "" {
				p.byHandle[members.HandleKey(by)] = nil
			}
		}
	}
	for _, m := range f.Members {
		if len(p.byEmail) > 0 {
			if id := members.MailboxOf(m.Email); hasKey(p.byEmail, id) {
				p.shadow("@"+id, p.byEmail[id])
				p.byEmail[id] = m
			}
		}
		if m.GitHub != "" {
			if h := members.HandleKey(m.GitHub); hasKey(p.byHandle, h) {
				p.shadow(h, p.byHandle[h])
				p.byHandle[h] = m
			}
		}
	}
	return p
}

// shadow keeps prev, an entry a later one with the same name hides.
func (p *People) shadow(key string, prev *members.Member) {
	if prev == nil {
		return
	}
	if p.others == nil {
		p.others = make(map[string][]*members.Member)
	}
	p.others[key] = append(p.others[key], prev)
}

func hasKey(m map[string]*members.Member, k string) bool {
	_, ok := m[k]
	return ok
}

// Find returns the member a record's "by" names, or nil. When two
// entries share the name (validate reports it), the later one is found.
func (p *People) Find(by string) *members.Member {
	by = strings.TrimSpace(by)
	if isEmail(by) {
		id := members.MailboxOf(by)
		if m, ok := p.byEmail[id]; ok || p.f == nil {
			return m
		}
		return p.scan(func(m *members.Member) bool { return members.MailboxOf(m.Email) == id })
	}
	h := members.HandleKey(by)
	if m, ok := p.byHandle[h]; ok || p.f == nil {
		return m
	}
	return p.scan(func(m *members.Member) bool { return m.GitHub != "" && members.HandleKey(m.GitHub) == h })
}

// scan finds the last member that matches, for a name no record of the
// file uses.
func (p *People) scan(match func(*members.Member) bool) *members.Member {
	for i := len(p.f.Members) - 1; i >= 0; i-- {
		if match(p.f.Members[i]) {
			return p.f.Members[i]
		}
	}
	return nil
}

// RoleOf returns a member's role on a list, in constant time.
func (p *People) RoleOf(m *members.Member, list string) (members.Role, bool) {
	return m.RoleOn(list)
}

// Qualifies reports whether the person named by "by" may vet for the list
// of req: they are on it with at least the required role.
func (req Requirement) Qualifies(by string) bool {
	role, ok := req.roleOf(by)
	return ok && role.AtLeast(req.VettedBy)
}

func (req Requirement) roleOf(by string) (members.Role, bool) {
	if req.People == nil {
		return "", false
	}
	m := req.People.Find(by)
	if m == nil {
		return "", false
	}
	role, ok := req.People.RoleOf(m, req.List)
	for _, o := range req.People.shadowed(by) {
		if r, on := req.People.RoleOf(o, req.List); on && (!ok || r.AtLeast(role)) {
			role, ok = r, true
		}
	}
	return role, ok
}

// shadowed are the entries that share by's name with the one Find
// returns (see People.others).
func (p *People) shadowed(by string) []*members.Member {
	if len(p.others) == 0 {
		return nil
	}
	by = strings.TrimSpace(by)
	if isEmail(by) {
		return p.others["@"+members.MailboxOf(by)]
	}
	return p.others[members.HandleKey(by)]
}

func isEmail(by string) bool { return strings.Contains(by, "@") && !strings.HasPrefix(by, "@") }

// VetterKey is the comparison key of a record's `by`: the mailbox of an
// email, or the key of a GitHub handle ("h:" in front, so that the two
// never meet). A member is named by VetterKey(m.Email), or by
// VetterKey(m.GitHub) when they have a handle.
func VetterKey(by string) string {
	by = strings.TrimSpace(by)
	if isEmail(by) {
		return members.MailboxOf(by)
	}
	return "h:" + members.HandleKey(by)
}

// IsSelf reports whether the record names the member it is about.
func IsSelf(r Record, m *members.Member) bool {
	by := strings.TrimSpace(r.By)
	if isEmail(by) {
		return members.MailboxOf(by) == members.MailboxOf(m.Email)
	}
	return m.GitHub != "" && members.HandleKey(by) == members.HandleKey(m.GitHub)
}

// Problem is one reason a record does not satisfy a requirement.
type Problem struct {
	Rule Rule
	Msg  string
}

// Check returns why record r does not satisfy req for member m on the
// date at, or nothing when it does.
func Check(r Record, m *members.Member, req Requirement, at time.Time) []Problem {
	var out []Problem
	// Messages name the record; they are built only for a record that
	// fails, so checking a valid file formats nothing.
	add := func(rule Rule, format string, args ...any) {
		out = append(out, Problem{Rule: rule, Msg: Describe(r) + fmt.Sprintf(format, args...)})
	}
	switch {
	case !slices.Contains(req.Methods, r.Method) && len(req.Methods) == 0:
		// No record can mend it: the policy's own finding says what
		// to write in it.
		add(RuleMethod, " uses method %q, and policy %s accepts none (vetting_methods = [])", r.Method, req.Policy)
	case !slices.Contains(req.Methods, r.Method):
		add(RuleMethod, " uses method %q, which policy %s does not accept (vetting_methods = [%s]); record one by a method it accepts with '%s'",
			r.Method, req.Policy, quoteAll(req.Methods), VetCommand(m.Email))
	}
	switch {
	case IsSelf(r, m):
		add(RuleSelf, " is self-vetting; someone else with the %s role on %s must vet them", req.VettedBy, req.List)
	case r.Method == Grandfathered:
		// Nobody vetted an imported member; the policy accepting the
		// method is the whole check.
	case !req.Qualifies(r.By):
		// The other way to mend it, when the vetter is in the file: give
		// them the role that vets (a new list's first owners were vetted
		// elsewhere, by people not on it yet).
		var vetter *members.Member
		if req.People != nil {
			vetter = req.People.Find(r.By)
		}
		if role, on := req.roleOf(r.By); on {
			add(RuleVetter, ": %s is %s of %s, but policy %s needs %s to vet (vetted_by = %q); have one vet them again with '%s'%s",
				r.By, article(role), req.List, req.Policy, rolesFrom(req.VettedBy), req.VettedBy, VetCommand(m.Email), orGiveRole(vetter, req, true))
		} else {
			add(RuleVetter, ": %s is not on %s, so cannot vet for it; policy %s needs %s of %s (vetted_by = %q); have one vet them again with '%s'%s",
				r.By, req.List, req.Policy, rolesFrom(req.VettedBy), req.List, req.VettedBy, VetCommand(m.Email), orGiveRole(vetter, req, false))
		}
	}
	if !r.On.IsZero() {
		if r.On.After(at) {
			// The list named: on each list that would read the record,
			// the finding is that list's (another record may admit them
			// elsewhere), and two of them must not read as one repeated.
			add(RuleFuture, " is dated in the future (today is %s UTC), so it admits them to %s in no role; write the date it happened", at.Format(members.DateLayout), req.List)
		} else if Stale(r, req.ValidFor, at) {
			// "lapsed on", not "older than": on the day it lapses a
			// record is exactly as old as the policy allows.
			add(RuleStale, " lapsed on %s (policy %s takes a record for %s from its date); record a new one with '%s'",
				req.ValidFor.Expires(r.On).Format(members.DateLayout), req.Policy, req.ValidFor, VetCommand(m.Email))
		}
	}
	return out
}

// Stale reports whether a record made on r.On has lapsed by the date at.
func Stale(r Record, valid members.Validity, at time.Time) bool {
	return !valid.IsZero() && !valid.Expires(r.On).After(at)
}

// Describe names a record in messages: "vetting by grace on 2024-01-17".
func Describe(r Record) string {
	if r.On.IsZero() {
		return "vetting by " + r.By
	}
	return fmt.Sprintf("vetting by %s on %s", r.By, r.On.Format(members.DateLayout))
}

// Verdict is the outcome of checking a member's records against one list.
type Verdict struct {
	// Qualifying is the newest record that satisfies the requirement.
	Qualifying *Record
	// Newest is the record the verdict speaks of when none qualifies:
	// the newest that would qualify but for its age (a lapse, which
	// keeps someone on the list), else the newest of all. Problems are
	// its problems.
	Newest   *Record
	Problems []Problem
}

// OK reports whether some record qualifies.
func (v Verdict) OK() bool { return v.Qualifying != nil }

// Evaluate checks all of a member's records against a list's requirement.
// A member needs one qualifying record; when none qualifies, the problems
// worth fixing are those of the record Verdict.Newest names: the newest
// that would qualify but for its age, else the newest of all.
func Evaluate(m *members.Member, req Requirement, at time.Time) Verdict {
	if b := req.bookOf(m); b != nil {
		return b.evaluate(m, req, at)
	}
	return evaluate(m, req, at)
}

// evaluate is Evaluate record by record.
func evaluate(m *members.Member, req Requirement, at time.Time) Verdict {
	var v Verdict
	var lapsed *Record
	var lapsedProblems []Problem
	for i := range m.Vetting {
		r := &m.Vetting[i]
		if v.Newest == nil || r.On.After(v.Newest.On) {
			v.Newest = r
		}
		ps := Check(*r, m, req, at)
		if (v.Qualifying == nil || r.On.After(v.Qualifying.On)) && len(ps) == 0 {
			v.Qualifying = r
		}
		// A record that would qualify but for its age: the member was
		// vetted as the list asks, and that has lapsed, whatever other
		// records (by a vetter of another list) say.
		if len(ps) == 1 && ps[0].Rule == RuleStale && (lapsed == nil || r.On.After(lapsed.On)) {
			lapsed, lapsedProblems = r, ps
		}
	}
	switch {
	case v.Qualifying != nil:
	case v.Newest == nil && len(req.Methods) == 0:
		// No record can be written: the policy's own finding says what
		// to write in it.
		v.Problems = []Problem{{Rule: RuleMissing, Msg: fmt.Sprintf(
			"no vetting record for %s (policy %s, which accepts no method yet)", req.List, req.Policy)}}
	case v.Newest == nil:
		v.Problems = []Problem{{Rule: RuleMissing, Msg: fmt.Sprintf(
			"no vetting record for %s (policy %s); add one with '%s'",
			req.List, req.Policy, VetCommand(m.Email))}}
	case lapsed != nil:
		v.Newest, v.Problems = lapsed, lapsedProblems
	default:
		v.Problems = Check(*v.Newest, m, req, at)
	}
	return v
}

// Admitting is the record that admits m to list l (with policy p, and
// the vetters people knows) as of at: the newest that satisfies the
// policy, else the one Evaluate's verdict names (the newest that would
// but for its age, else the newest of all); nil when m has none. It is the record
// every route names as "vetted by" (show, diff, the site), as audit and
// validate judge it.
func Admitting(l *members.List, p *members.Policy, people *People, m *members.Member, at time.Time) *Record {
	if p == nil {
		var newest *Record
		for i := range m.Vetting {
			if r := &m.Vetting[i]; newest == nil || r.On.After(newest.On) {
				newest = r
			}
		}
		return newest
	}
	v := Evaluate(m, RequirementFor(l, p, people), at)
	if v.Qualifying != nil {
		return v.Qualifying
	}
	return v.Newest
}

// Admits is the record that admits m to list l (with policy p) as of
// at: the newest that satisfies the policy then, nil when none does (or
// m has none). Where a route says who admitted someone ("vetted by" in
// show and diff, "the record that admitted them" on the site), a record
// that admits nobody (a method the policy refuses, a self-vetting, one
// lapsed before the day) is never named; Admitting, which falls back to
// it, is for the lines that judge a record. Without a policy, the
// newest record.
func Admits(l *members.List, p *members.Policy, people *People, m *members.Member, at time.Time) *Record {
	if p == nil {
		return Admitting(l, p, people, m, at)
	}
	return Evaluate(m, RequirementFor(l, p, people), at).Qualifying
}

// VetCommand is the command that records a vetting record for email,
// as the messages that ask for one print it: it runs as printed, the
// address quoted whatever it holds.
func VetCommand(email string) string {
	return shell.Command("vet", email, "--by", "WHO", "--method", "METHOD", "--note", "TEXT")
}

// orGiveRole is the second way to mend a record whose vetter (an entry
// of the file, or nil) may not vet for req's list: give them the role
// that may, with the command that does, when they are on the list. One
// who is not is never told to be put on it (as an owner, often) only to
// vouch for someone: that is the list's owners' call, not a fix.
func orGiveRole(vetter *members.Member, req Requirement, on bool) string {
	if vetter == nil || vetter.Email == "" || !on {
		return ""
	}
	role := req.VettedBy
	if role == "" {
		role = members.RoleMember
	}
	return fmt.Sprintf(", or, if they should be %s there, '%s'", article(role), shell.Command("role", vetter.Email, "--list", req.List, string(role)))
}

func article(r members.Role) string {
	switch r {
	case members.RoleOwner:
		return "an owner"
	case members.RoleManager, members.RoleMember:
		return "a " + string(r)
	}
	// Not a role (the file's own error says so): quoted, not made one.
	return fmt.Sprintf("in the role %q", string(r))
}

func rolesFrom(r members.Role) string {
	switch r {
	case members.RoleOwner:
		return "an owner"
	case members.RoleManager:
		return "an owner or manager"
	}
	return "a member"
}

func quoteAll(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
