package policies

import (
	"fmt"
	"runtime"
	"slices"
	"strings"

	"github.com/roster-dev/roster/internal/shell"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
	"golang.org/x/sync/errgroup"
)

// checkMembers applies the per-member rules: a valid, unambiguous address
// on no other entry; lists and roles that exist; the fields, domains and
// vetting each list's policy asks for. Members are independent of each
// other except for duplicates, so they are checked in parallel chunks
// while one goroutine looks for duplicates; findings are merged in a
// fixed order, so output does not depend on scheduling.
func (c *checker) checkMembers() {
	lists := c.listContexts()
	c.indexGroups()
	workers := runtime.GOMAXPROCS(0)
	if len(c.f.Members) < 1000 {
		workers = 1
	}
	chunks := make([]*checker, workers)
	// Each part checks with every option of the run (a copy, so that a
	// new option cannot be left out), into findings of its own.
	fork := func() *checker { part := *c; part.findings = nil; return &part }
	dups := fork()
	var g errgroup.Group
	g.Go(func() error {
		dups.checkDuplicates()
		dups.checkLookAlikes()
		return nil
	})
	size := (len(c.f.Members) + workers - 1) / workers
	for w := range chunks {
		lo, hi := min(w*size, len(c.f.Members)), min((w+1)*size, len(c.f.Members))
		part := fork()
		chunks[w] = part
		g.Go(func() error {
			for _, m := range c.f.Members[lo:hi] {
				part.checkMember(m, lists)
			}
			return nil
		})
	}
	_ = g.Wait()
	for _, part := range chunks {
		c.findings = append(c.findings, part.findings...)
	}
	c.findings = append(c.findings, dups.findings...)
}

func (c *checker) checkMember(m *members.Member, lists map[string]*listContext) {
	addr, addrOK := c.checkAddress(m, lists)
	groupOf := "" // the list whose group the entry's address is
	if addrOK {
		groupOf = c.listAt(addr)
	}
	if len(m.Lists) == 0 {
		c.add(m.At("lists"), Warn, RuleMemberNoLists, aboutMember(m), "is on no list; remove the entry with '%s' or add a list", shell.Command("remove", m.Email))
	}
	for _, ms := range m.Lists {
		lc := lists[ms.List]
		if lc == nil {
			c.addMember(m, ms.List, ms.Pos, RuleListUnknown, "list %q is not defined; add [lists.%s] or fix the name%s", ms.List, ms.List, c.suggestList(ms.List)).setEffect(Stop)
			continue
		}
		if !ms.Role.Valid() {
			c.addMember(m, ms.List, ms.Pos, RuleRoleInvalid, "role %q on %s; use owner, manager or member%s", ms.Role, ms.List, suggestRole(string(ms.Role))).setEffect(Stop)
		}
		if lc.policy == nil {
			continue // reported once on the list
		}
		c.checkMemberPolicy(m, lc, ms, addr, addrOK, groupOf)
	}
}

func (c *checker) suggestList(name string) string {
	for _, l := range c.f.Lists {
		if strings.EqualFold(l.ID, name) || strings.Contains(l.ID, name) || strings.Contains(name, l.ID) {
			return fmt.Sprintf(" (did you mean %q?)", l.ID)
		}
	}
	return ""
}

// checkAddress reports an address that does not parse, mixes scripts, or
// (unless every one of its lists allows it) is not plain ASCII: a Cyrillic
// 'а' in place of a Latin 'a' would put an attacker's mailbox on a private
// list under a name the reviewer reads as someone else's.
func (c *checker) checkAddress(m *members.Member, lists map[string]*listContext) (members.Address, bool) {
	if m.Email == "" {
		if m.Has("email") {
			c.addMember(m, "", m.At("email"), RuleEmailInvalid, "email is empty")
		}
		return members.Address{}, false
	}
	addr, err := members.ParseAddress(m.Email)
	if err != nil {
		c.addMember(m, "", m.At("email"), RuleEmailInvalid, "%v", err)
		return addr, false
	}
	if why := addr.Confusable(); why != "" {
		c.addMember(m, "", m.At("email"), RuleEmailConfusable, "address %s could be mistaken for another: %s", m.Email, why)
		return addr, true
	}
	if r, ok := addr.NonASCII(); ok {
		// One finding per list whose policy refuses it: each blocks the
		// member on its own list, and a finding for the first alone let
		// sync add them to the others.
		for _, ms := range m.Lists {
			lc := lists[ms.List]
			if lc != nil && lc.policy != nil && !lc.policy.AllowNonASCII {
				c.addMember(m, ms.List, m.At("email"), RuleEmailNonASCII,
					"address has the non-ASCII character %s, which policy %s of %s does not allow (allow_non_ascii = false); check it is the address the person gave",
					members.DescribeRune(r), lc.policy.ID, ms.List)
			}
		}
	}
	return addr, true
}

// checkMemberPolicy applies one list's policy to one member.
func (c *checker) checkMemberPolicy(m *members.Member, lc *listContext, ms members.Membership, addr members.Address, addrOK bool, groupOf string) {
	p := lc.policy
	for _, rf := range p.RequiredFields {
		if strings.TrimSpace(m.Field(rf)) == "" && slices.Contains(members.PersonFields(), rf) {
			placeholder := map[string]string{"name": "NAME", "github": "HANDLE", "affiliation": "ORG"}[rf]
			c.addMember(m, lc.list.ID, m.Pos, RuleRequiredFields, "%s is required on %s (policy %s, required_fields); fill it in with '%s'",
				rf, lc.list.ID, p.ID, shell.Command("add", m.Email, "--list", lc.list.ID, "--"+rf, placeholder)).Field = rf
		}
	}
	if id := groupOf; id != "" && !p.AllowGroups {
		// The file itself says the address is a group: everyone in it
		// would get the list's mail on this one entry's record.
		c.addMember(m, lc.list.ID, m.At("email"), RuleMemberIsGroup, "%s is the group of list %s, not a person: everyone in it would get %s's mail without a vetting record of their own (policy %s does not allow groups); take it off %s",
			m.Email, id, lc.list.ID, p.ID, lc.list.ID)
	}
	if addrOK {
		denied, notAllowed := p.DomainRefused(addr.Domain)
		if denied {
			c.addMember(m, lc.list.ID, m.At("email"), RuleDomainDenied, "domain %s is denied on %s (policy %s, denied_domains)", addr.Domain, lc.list.ID, p.ID)
		}
		if notAllowed {
			c.addMember(m, lc.list.ID, m.At("email"), RuleDomainNotAllowed, "domain %s is not allowed on %s (policy %s allows %s)",
				addr.Domain, lc.list.ID, p.ID, strings.Join(p.AllowedDomains, ", "))
		}
	}
	if c.structural {
		return
	}
	verdict := vetting.Evaluate(m, lc.req, c.at)
	if verdict.OK() {
		c.checkLapsing(m, lc, ms, verdict.Qualifying)
		return
	}
	pos := ms.Pos
	var lapse *Lapse
	if r := verdict.Newest; r != nil {
		pos = r.Pos
		lapse = &Lapse{By: r.By, On: r.On.Format(members.DateLayout)}
		if !p.VettingValidFor.IsZero() {
			lapse.Expires = p.VettingValidFor.Expires(r.On).Format(members.DateLayout)
		}
	}
	if lapsedOnly(verdict.Problems) {
		var f *Finding
		switch {
		case c.promotedSinceBefore(lc.list.ID, m.Email, ms.Role):
			// The change promotes them: that, roster will not do. Nor
			// do they stay "until re-vetted" if the record never
			// admitted them as a member (lapsedWhenListed asks of that
			// role first): a promotion written and not yet committed
			// must not turn someone on the group by hand into someone
			// admitted once.
			if c.onGroup(lc.list.ID, m.Email) {
				if f = c.lapsedWhenListed(m, lc, ms, verdict.Newest, verdict.Problems[0].Msg); f != nil {
					break
				}
			}
			f = c.addMember(m, lc.list.ID, pos, RuleVettingStale, "%s; they stay on %s until re-vetted, but roster will not make them %s on a lapsed record", verdict.Problems[0].Msg, lc.list.ID, ms.Role)
		case c.onGroup(lc.list.ID, m.Email):
			// Already on the list: they stay until re-vetted, if the
			// record ever admitted them there.
			if f = c.lapsedWhenListed(m, lc, ms, verdict.Newest, verdict.Problems[0].Msg); f != nil {
				break
			}
			f = c.addMember(m, lc.list.ID, pos, RuleVettingStale, "%s; they stay on %s until re-vetted, but sync will not promote them, nor add them to it while they are not on the group", verdict.Problems[0].Msg, lc.list.ID)
			f.setEffect(Hold)
		default:
			f = c.addMember(m, lc.list.ID, pos, RuleVettingStale, "%s; roster will not add them to %s on a lapsed record", verdict.Problems[0].Msg, lc.list.ID)
		}
		f.Vetting = lapse
		return
	}
	for _, prob := range verdict.Problems {
		c.addMember(m, lc.list.ID, pos, Rule(prob.Rule), "%s", prob.Msg).Vetting = lapse
	}
}

// checkLapsing notes a qualifying record that lapses within the window
// Options.LapsingWithin asks about, so that someone re-vets the member
// before sync stops promoting them and audit flags them.
func (c *checker) checkLapsing(m *members.Member, lc *listContext, ms members.Membership, r *vetting.Record) {
	p := lc.policy
	if c.lapsingWithin <= 0 || p.VettingValidFor.IsZero() || r == nil {
		return
	}
	exp := p.VettingValidFor.Expires(r.On)
	if exp.Sub(c.at) > c.lapsingWithin {
		return
	}
	f := c.addMember(m, lc.list.ID, r.Pos, RuleVettingLapsing, "%s lapses on %s (policy %s, vetting_valid_for = %s); re-vet with '%s'",
		vetting.Describe(*r), exp.Format(members.DateLayout), p.ID, p.VettingValidFor, vetting.VetCommand(m.Email))
	f.setEffect(Warn)
	f.Vetting = &Lapse{By: r.By, On: r.On.Format(members.DateLayout), Expires: exp.Format(members.DateLayout)}
	_ = ms
}

// lapsedWhenListed reports, as a finding, a lapsed record that had
// lapsed already when the file came to list the member on the list (in
// any role, or in the role they have now): it never admitted them there.
// Whoever is on the group on it got there by hand, around the addition
// or promotion roster refused, and does not stay "until re-vetted" as
// someone admitted on it once does. Nil when history cannot tell.
func (c *checker) lapsedWhenListed(m *members.Member, lc *listContext, ms members.Membership, r *vetting.Record, why string) *Finding {
	if c.heldSince == nil || r == nil || lc.policy.VettingValidFor.IsZero() {
		return nil
	}
	expires := lc.policy.VettingValidFor.Expires(r.On)
	// why ends with how to mend it ("; record a new one with 'roster
	// vet ...'"), which goes last, after when the file listed them.
	lapsed, mend := why, ""
	if i := strings.LastIndex(why, "; "); i >= 0 {
		lapsed, mend = why[:i], ": "+why[i+2:]
	}
	since, ok, err := c.heldSince(lc.list.ID, m.Email, members.RoleMember)
	role := members.RoleMember
	if err == nil && (!ok || since.Before(expires)) {
		if ms.Role.Rank() <= members.RoleMember.Rank() {
			return nil
		}
		// Admitted as a member once; as what they are now?
		if since, ok, err = c.heldSince(lc.list.ID, m.Email, ms.Role); err == nil && (!ok || since.Before(expires)) {
			return nil
		}
		role = ms.Role
	}
	if err != nil {
		// History that cannot be read never says "admitted once": a
		// partial clone must not pass what the full one refuses.
		f := c.addMember(m, lc.list.ID, ms.Pos, RuleVettingLapsedWhenListed, "%s, and whether it admitted them on %s before it lapsed cannot be told (%v): judged as a record that never did; re-vet them%s, or read the full history",
			lapsed, lc.list.ID, err, mend)
		f.Role = ms.Role
		return f
	}
	listed, made := "", "add them to it"
	if role != members.RoleMember {
		listed, made = " as "+string(role), "make them "+string(role)+" on it"
	}
	f := c.addMember(m, lc.list.ID, ms.Pos, RuleVettingLapsedWhenListed, "%s, before the file listed them on %s%s (since %s): it never admitted them, and roster will not %s; re-vet them%s",
		lapsed, lc.list.ID, listed, since.Format(members.DateLayout), made, mend)
	f.Role = role
	return f
}

// lapsedOnly reports whether a record's only problem is its age.
func lapsedOnly(ps []vetting.Problem) bool {
	return len(ps) == 1 && ps[0].Rule == vetting.RuleStale
}

// onBefore reports whether email was on the list before the change being
// checked, or is on its live group; false when that is unknown.
func (c *checker) onBefore(list, email string) bool {
	id := members.MailboxOf(email)
	_, before := c.before[c.groupOf(list)][id]
	return before || c.live[list][id]
}

// onGroup reports whether email is on list's live group, where the run
// read it; else whether they were on the list before the change
// (onBefore). A lapsed record lets someone stay only where they are: a
// base that lists someone the group does not have (never synced) says
// nothing of the group, which the run knows.
func (c *checker) onGroup(list, email string) bool {
	if ids, read := c.live[list]; read {
		return ids[members.MailboxOf(email)]
	}
	return c.onBefore(list, email)
}

// promotedSinceBefore reports whether email's role on list is higher
// than the one Options.Before gave them there: a promotion the change
// makes.
func (c *checker) promotedSinceBefore(list, email string, role members.Role) bool {
	was, ok := c.before[c.groupOf(list)][members.MailboxOf(email)]
	return ok && role.Rank() > was.Rank()
}

// groupOf is the identity of list's group, which Options.Before is
// keyed by.
func (c *checker) groupOf(list string) string {
	if l := c.f.List(list); l != nil {
		return members.IdentityOf(l.Address)
	}
	return ""
}

func membershipOn(m *members.Member, list string) (members.Membership, bool) {
	for _, ms := range m.Lists {
		if ms.List == list {
			return ms, true
		}
	}
	return members.Membership{}, false
}
