// Package policies evaluates every rule of members.toml over the whole
// file and returns all findings, each with the position it concerns. It
// never stops at the first problem, so that one CI run tells a maintainer
// everything that is wrong with a pull request.
package policies

import (
	"fmt"
	"hash/maphash"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
	"golang.org/x/sync/errgroup"
)

// checker collects the findings of one evaluation.
type checker struct {
	f             *members.File
	at            time.Time
	before        map[string]map[string]bool // list -> identities on it in Options.Before
	lapsingWithin time.Duration
	live          map[string]map[string]bool
	findings      []Finding
}

// Options tune CheckWith.
type Options struct {
	// At is the day vetting ages are counted on.
	At time.Time
	// Before is the file as it was before the change being checked (the
	// base of a pull request), when known. A member on a list there is
	// already on it: a lapsed vetting record of theirs is a warning (they
	// stay on the list until re-vetted), while a member who is new to the
	// list cannot be added on a lapsed record, an error. Before also
	// tells which entries take a list over its max_members. Nil means
	// unknown: every lapse is an error, as for a new member.
	Before *members.File
	// LapsingWithin, when positive, adds a RuleVettingLapsing notice for
	// every qualifying record that lapses within it (audit, reminders).
	LapsingWithin time.Duration
	// Live, when set, says who is on each list's live group (list id ->
	// identity), for a run against the live side: someone already on the
	// group stays there, so a lapse of theirs is a warning, as for
	// someone on Before; for anyone else it blocks their addition.
	Live map[string]map[string]bool
}

func (c *checker) add(p members.Pos, effect Effect, rule Rule, subject, format string, args ...any) {
	c.findings = append(c.findings, newFinding(c.f.Name, p, rule, effect, subject, fmt.Sprintf(format, args...)))
}

// addMember reports a finding about one member (on one list, or on all
// of theirs when list is ""): by default it blocks that member's
// additions and promotions, and nothing else.
func (c *checker) addMember(m *members.Member, list string, p members.Pos, rule Rule, format string, args ...any) *Finding {
	c.add(p, Block, rule, subjectOf(m), format, args...)
	f := &c.findings[len(c.findings)-1]
	f.List = list
	f.Member = m.Email
	return f
}

func subjectOf(m *members.Member) string {
	if m.Email != "" {
		return "member " + m.Email
	}
	return fmt.Sprintf("member at line %d", m.Pos.Line)
}

// Check evaluates every rule over a parsed file as of the date at and
// returns the findings in file order. The file must have parsed without
// errors; rules read its fields as typed values.
func Check(f *members.File, at time.Time) []Finding {
	return CheckWith(f, Options{At: at})
}

// CheckWith is Check with options.
func CheckWith(f *members.File, opts Options) []Finding {
	c := &checker{f: f, at: truncateDay(opts.At), lapsingWithin: opts.LapsingWithin, live: opts.Live}
	if opts.Before != nil {
		c.before = make(map[string]map[string]bool, len(opts.Before.Lists))
		for _, m := range opts.Before.Members {
			id := members.IdentityOf(m.Email)
			for _, ms := range m.Lists {
				if c.before[ms.List] == nil {
					c.before[ms.List] = make(map[string]bool)
				}
				c.before[ms.List][id] = true
			}
		}
	}
	c.checkPolicies()
	c.checkLists()
	c.checkMembers()
	c.checkCapacity()
	sort.SliceStable(c.findings, func(i, j int) bool {
		a, b := c.findings[i], c.findings[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return c.findings
}

func truncateDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// checkPolicies checks that each policy can be applied: a policy with no
// vetting methods would let nobody on, an unknown role or mode would be
// read as a default the author did not mean.
func (c *checker) checkPolicies() {
	used := make(map[string]bool)
	for _, l := range c.f.Lists {
		used[l.Policy] = true
	}
	for _, p := range c.f.Policies {
		subject := "policy " + p.ID
		if len(p.VettingMethods) == 0 {
			c.add(p.At("vetting_methods"), Stop, RulePolicyMethods, subject,
				"vetting_methods is empty or missing; list the methods this policy accepts, like [\"known-maintainer\", \"video-call\"]")
		}
		for _, m := range p.VettingMethods {
			if strings.TrimSpace(m) == "" {
				c.add(p.At("vetting_methods"), Stop, RulePolicyMethods, subject, "vetting_methods has an empty method")
			}
		}
		if !p.VettedBy.Valid() {
			c.add(p.At("vetted_by"), Stop, RulePolicyVettedBy, subject, "vetted_by = %q; use owner, manager or member", p.VettedBy)
		}
		if p.Unmanaged != members.UnmanagedRemove && p.Unmanaged != members.UnmanagedReport {
			c.add(p.At("unmanaged"), Stop, RulePolicyUnmanaged, subject, "unmanaged = %q; use \"remove\" or \"report\"", p.Unmanaged)
		}
		for _, rf := range p.RequiredFields {
			if !slices.Contains(members.PersonFields, rf) {
				c.add(p.At("required_fields"), Stop, RulePolicyRequiredFields, subject,
					"required_fields names %q; a member has %s", rf, strings.Join(members.PersonFields, ", "))
			}
		}
		if p.MaxMembers > 0 && p.MinOwners > p.MaxMembers {
			c.add(p.At("min_owners"), Stop, RulePolicyOwners, subject, "min_owners (%d) is more than max_members (%d)", p.MinOwners, p.MaxMembers)
		}
		if p.Has("max_members") && p.MaxMembers == 0 {
			c.add(p.At("max_members"), Stop, RulePolicyCapacity, subject, "max_members = 0 would allow nobody; remove the key for no limit")
		}
		for _, key := range []string{"allowed_domains", "denied_domains"} {
			domains := p.AllowedDomains
			if key == "denied_domains" {
				domains = p.DeniedDomains
			}
			for _, d := range domains {
				if _, err := members.ParseAddress("x@" + strings.TrimPrefix(d, "@")); err != nil {
					c.add(p.At(key), Stop, RulePolicyDomains, subject, "%s has %q, which is not a domain", key, d)
				}
			}
		}
		c.checkSettingPairs(p)
		if !used[p.ID] {
			c.add(p.Pos, Warn, RulePolicyUnused, subject, "no list uses this policy")
		}
	}
}

// checkSettingPairs rejects pinned group settings Google will not hold
// together (Groups Settings API reference): archive_only = true makes
// Google set who_can_post_message to NONE_CAN_POST, and NONE_CAN_POST is
// refused while archive_only is false. A policy pinning such a pair would
// fail or drift on every sync.
func (c *checker) checkSettingPairs(p *members.Policy) {
	var archive, post *members.Setting
	for i := range p.Settings {
		switch p.Settings[i].Name {
		case "archive_only":
			archive = &p.Settings[i]
		case "who_can_post_message":
			post = &p.Settings[i]
		}
	}
	subject := "policy " + p.ID
	switch {
	case archive != nil && archive.Value == "true" && post != nil && post.Value != "NONE_CAN_POST":
		c.add(post.Pos, Stop, RuleSettingsConflict, subject,
			"who_can_post_message = %q cannot hold with archive_only = true: Google sets who_can_post_message to NONE_CAN_POST for an archive-only group; pin NONE_CAN_POST or set archive_only = false", post.Value)
	case post != nil && post.Value == "NONE_CAN_POST" && (archive == nil || archive.Value != "true"):
		c.add(post.Pos, Stop, RuleSettingsConflict, subject,
			"who_can_post_message = \"NONE_CAN_POST\" needs archive_only = true: Google refuses it for a group that is not archive-only; add archive_only = true to the policy or pin another value")
	}
}

// checkLists checks each list's address, policy reference and provider. A
// consumer group (…@googlegroups.com) cannot be reached by the Admin SDK,
// so a list there must use the csv provider and its export.
func (c *checker) checkLists() {
	seen := make(map[string]*members.List)
	for _, l := range c.f.Lists {
		subject := "list " + l.ID
		if l.Address != "" {
			addr, err := members.ParseAddress(l.Address)
			if err != nil {
				c.add(l.At("address"), Stop, RuleListAddress, subject, "%v", err)
			} else {
				key := addr.Identity()
				if prev, ok := seen[key]; ok {
					c.add(l.At("address"), Stop, RuleListAddress, subject, "address %s is also the address of list %s (line %d)", l.Address, prev.ID, prev.Pos.Line)
				}
				seen[key] = l
				if l.Provider == members.ProviderGoogle && members.DomainMatches(addr.Domain, "googlegroups.com") {
					c.add(l.At("provider"), Stop, RuleProvider, subject,
						"%s is a consumer Google group, which the Admin SDK cannot reach; set provider = \"csv\" and snapshot = \"FILE\" (the group's member export)", l.Address)
				}
			}
		}
		if l.Has("policy") && c.f.Policy(l.Policy) == nil {
			c.add(l.At("policy"), Stop, RulePolicyUnknown, subject, "policy %q is not defined; add [policies.%s] or fix the name%s", l.Policy, l.Policy, c.suggestPolicy(l.Policy))
		}
		switch l.Provider {
		case members.ProviderGoogle:
			if l.Snapshot != "" {
				c.add(l.At("snapshot"), Stop, RuleProvider, subject, "snapshot is only read for provider = \"csv\"; remove it or set provider = \"csv\"")
			}
		case members.ProviderCSV:
			if l.Snapshot == "" {
				c.add(l.At("provider"), Stop, RuleProvider, subject, "provider = \"csv\" needs snapshot = \"FILE\", the path of the group's member export CSV")
			}
			if p := c.f.Policy(l.Policy); p != nil && len(p.Settings) > 0 {
				c.add(l.At("provider"), Warn, RuleSettingsUnchecked, subject,
					"policy %s pins group settings, which a member export does not show; check them by hand in the group's settings page", p.ID)
			}
		default:
			c.add(l.At("provider"), Stop, RuleProvider, subject, "provider = %q; use \"google\" or \"csv\"", l.Provider)
		}
	}
}

func (c *checker) suggestPolicy(name string) string {
	for _, p := range c.f.Policies {
		if strings.EqualFold(p.ID, name) || strings.Contains(p.ID, name) || strings.Contains(name, p.ID) {
			return fmt.Sprintf(" (did you mean %q?)", p.ID)
		}
	}
	return ""
}

// listContext is what the member rules need of each list, computed once
// so that checking n members costs O(n).
type listContext struct {
	list   *members.List
	policy *members.Policy
	req    vetting.Requirement
}

func (c *checker) listContexts() map[string]*listContext {
	out := make(map[string]*listContext, len(c.f.Lists))
	people := vetting.NewPeople(c.f)
	for _, l := range c.f.Lists {
		lc := &listContext{list: l, policy: c.f.PolicyOf(l)}
		if lc.policy != nil {
			lc.req = vetting.RequirementFor(l, lc.policy, people)
		}
		out[l.ID] = lc
	}
	return out
}

// checkMembers applies the per-member rules: a valid, unambiguous address
// on no other entry; lists and roles that exist; the fields, domains and
// vetting each list's policy asks for. Members are independent of each
// other except for duplicates, so they are checked in parallel chunks
// while one goroutine looks for duplicates; findings are merged in a
// fixed order, so output does not depend on scheduling.
func (c *checker) checkMembers() {
	lists := c.listContexts()
	workers := runtime.GOMAXPROCS(0)
	if len(c.f.Members) < 1000 {
		workers = 1
	}
	chunks := make([]*checker, workers)
	dups := &checker{f: c.f, at: c.at, before: c.before, lapsingWithin: c.lapsingWithin, live: c.live}
	var g errgroup.Group
	g.Go(func() error {
		dups.checkDuplicates()
		return nil
	})
	size := (len(c.f.Members) + workers - 1) / workers
	for w := range chunks {
		lo, hi := min(w*size, len(c.f.Members)), min((w+1)*size, len(c.f.Members))
		part := &checker{f: c.f, at: c.at, before: c.before, lapsingWithin: c.lapsingWithin, live: c.live}
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

// checkDuplicates reports a second entry for one mailbox or one GitHub
// handle. Two entries for one person would let one be removed while the
// other keeps them on the list, and make "by" in vetting ambiguous.
//
// The first entry of each key is found through a table of 8 bytes a slot
// (firstSeen) rather than a map of strings: at a million members the
// maps took 107 MB, a tenth of validate's peak memory.
func (c *checker) checkDuplicates() {
	ms := c.f.Members
	mailbox := func(i int) string {
		addr, err := members.ParseAddress(ms[i].Email)
		if err != nil {
			return ""
		}
		return addr.Mailbox()
	}
	handle := func(i int) string {
		if ms[i].GitHub == "" {
			return ""
		}
		return strings.ToLower(strings.TrimPrefix(ms[i].GitHub, "@"))
	}
	mailboxes, handles := newFirstSeen(len(ms)), newFirstSeen(len(ms))
	for i, m := range ms {
		if key := mailbox(i); key != "" {
			if j := mailboxes.add(key, i, mailbox); j >= 0 {
				prev := ms[j]
				c.addMember(m, "", m.At("email"), RuleDuplicateMailbox,
					"same mailbox as %s (line %d): addresses that differ only in case, dots at gmail.com, a +tag or googlemail.com reach one inbox; merge the two entries",
					prev.Email, prev.Pos.Line).setEffect(Stop)
			}
		}
		if key := handle(i); key != "" {
			if j := handles.add(key, i, handle); j >= 0 {
				prev := ms[j]
				c.addMember(m, "", m.At("github"), RuleDuplicateGitHub,
					"GitHub handle %s is also on %s (line %d); vetting records that name it would be ambiguous", m.GitHub, prev.Email, prev.Pos.Line).setEffect(Stop)
			}
		}
	}
}

// firstSeen finds, for each key added, the first index it was added
// with: an open-addressing table whose slots hold 32 bits of the key's
// hash and the index. Keys are not stored; on a match of the hash bits
// the earlier key is computed again (keyOf), which happens only for a
// duplicate or one time in four billion.
type firstSeen struct {
	seed  maphash.Seed
	slots []uint64 // hash>>32 << 32 | index+1; 0 is empty
	mask  uint64
}

func newFirstSeen(n int) *firstSeen {
	size := 8
	for size < 2*n {
		size <<= 1
	}
	return &firstSeen{seed: maphash.MakeSeed(), slots: make([]uint64, size), mask: uint64(size - 1)}
}

// add records key for index i (below 2^32 - 1) and returns the index an
// equal key was first added with, or -1 if none was.
func (t *firstSeen) add(key string, i int, keyOf func(int) string) int {
	h := maphash.String(t.seed, key)
	tag := h >> 32
	for s := h & t.mask; ; s = (s + 1) & t.mask {
		e := t.slots[s]
		if e == 0 {
			t.slots[s] = tag<<32 | uint64(uint32(i+1))
			return -1
		}
		if e>>32 == tag {
			if j := int(uint32(e)) - 1; keyOf(j) == key {
				return j
			}
		}
	}
}

func (c *checker) checkMember(m *members.Member, lists map[string]*listContext) {
	addr, addrOK := c.checkAddress(m, lists)
	if len(m.Lists) == 0 {
		c.add(m.At("lists"), Warn, RuleMemberNoLists, subjectOf(m), "is on no list; remove the entry with 'roster remove %s' or add a list", m.Email)
	}
	for i, v := range m.Vetting {
		if v.Has("by") && strings.TrimSpace(v.By) == "" {
			c.addMember(m, "", m.Vetting[i].At("by"), RuleVettingVetter, "vetting record has an empty \"by\"; name the vetter's GitHub handle or email")
		}
		if v.Has("method") && strings.TrimSpace(v.Method) == "" {
			c.addMember(m, "", m.Vetting[i].At("method"), RuleVettingMethod, "vetting record has an empty \"method\"")
		}
	}
	for _, ms := range m.Lists {
		lc := lists[ms.List]
		if lc == nil {
			c.addMember(m, ms.List, ms.Pos, RuleListUnknown, "list %q is not defined; add [lists.%s] or fix the name%s", ms.List, ms.List, c.suggestList(ms.List)).setEffect(Stop)
			continue
		}
		if !ms.Role.Valid() {
			c.addMember(m, ms.List, ms.Pos, RuleRoleInvalid, "role %q on %s; use owner, manager or member", ms.Role, ms.List).setEffect(Stop)
		}
		if lc.policy == nil {
			continue // reported once on the list
		}
		c.checkMemberPolicy(m, lc, ms, addr, addrOK)
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
		for _, ms := range m.Lists {
			lc := lists[ms.List]
			if lc != nil && lc.policy != nil && !lc.policy.AllowNonASCII {
				c.addMember(m, ms.List, m.At("email"), RuleEmailNonASCII,
					"address has the non-ASCII character %s, which policy %s does not allow (allow_non_ascii = false); check it is the address the person gave",
					members.DescribeRune(r), lc.policy.ID)
				break
			}
		}
	}
	return addr, true
}

// checkMemberPolicy applies one list's policy to one member.
func (c *checker) checkMemberPolicy(m *members.Member, lc *listContext, ms members.Membership, addr members.Address, addrOK bool) {
	p := lc.policy
	for _, rf := range p.RequiredFields {
		if strings.TrimSpace(m.Field(rf)) == "" && slices.Contains(members.PersonFields, rf) {
			c.addMember(m, lc.list.ID, m.Pos, RuleRequiredFields, "%s is required on %s (policy %s, required_fields)", rf, lc.list.ID, p.ID)
		}
	}
	if addrOK {
		for _, d := range p.DeniedDomains {
			if members.DomainMatches(addr.Domain, d) {
				c.addMember(m, lc.list.ID, m.At("email"), RuleDomainDenied, "domain %s is denied on %s (policy %s, denied_domains)", addr.Domain, lc.list.ID, p.ID)
			}
		}
		if len(p.AllowedDomains) > 0 {
			allowed := false
			for _, d := range p.AllowedDomains {
				allowed = allowed || members.DomainMatches(addr.Domain, d)
			}
			if !allowed {
				c.addMember(m, lc.list.ID, m.At("email"), RuleDomainNotAllowed, "domain %s is not allowed on %s (policy %s allows %s)",
					addr.Domain, lc.list.ID, p.ID, strings.Join(p.AllowedDomains, ", "))
			}
		}
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
		if c.onBefore(lc.list.ID, m.Email) {
			f = c.addMember(m, lc.list.ID, pos, RuleVettingStale, "%s; they stay on %s until re-vetted, but sync will not promote them", verdict.Problems[0].Msg, lc.list.ID)
			f.setEffect(Warn)
		} else {
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
	f := c.addMember(m, lc.list.ID, r.Pos, RuleVettingLapsing, "%s lapses on %s (policy %s, vetting_valid_for = %s); re-vet with 'roster vet %s --by WHO --method METHOD --note TEXT'",
		vetting.Describe(*r), exp.Format(members.DateLayout), p.ID, p.VettingValidFor, m.Email)
	f.setEffect(Warn)
	f.Vetting = &Lapse{By: r.By, On: r.On.Format(members.DateLayout), Expires: exp.Format(members.DateLayout)}
	_ = ms
}

// lapsedOnly reports whether a record's only problem is its age.
func lapsedOnly(ps []vetting.Problem) bool {
	return len(ps) == 1 && ps[0].Rule == vetting.RuleStale
}

// onBefore reports whether email was on the list before the change being
// checked, or is on its live group; false when that is unknown.
func (c *checker) onBefore(list, email string) bool {
	id := members.IdentityOf(email)
	return c.before[list][id] || c.live[list][id]
}

// checkCapacity enforces max_members and min_owners per list: a report
// address that forwards to more people than agreed, or a list that could
// lose its last owner, is a policy breach even when each entry is fine.
func (c *checker) checkCapacity() {
	// The file's index knows who is on each list; only owners are
	// counted here, into a map the size of the lists.
	owners := make(map[string]int, len(c.f.Lists))
	for _, m := range c.f.Members {
		for _, ms := range m.Lists {
			if ms.Role == members.RoleOwner {
				owners[ms.List]++
			}
		}
	}
	for _, l := range c.f.Lists {
		p := c.f.PolicyOf(l)
		if p == nil {
			continue
		}
		subject := "list " + l.ID
		if n := c.f.CountOn(l.ID); p.MaxMembers > 0 && n > p.MaxMembers {
			c.overCapacity(l, p, c.f.MembersOf(l.ID))
		}
		if owners[l.ID] < p.MinOwners {
			c.add(l.Pos, Fail, RuleMinOwners, subject, "has %s; policy %s needs at least %d (min_owners)", words.Plural(owners[l.ID], "owner"), p.ID, p.MinOwners)
		}
	}
}

// overCapacity reports a list over its max_members at the entries that
// take it over, so that a pull request's annotation lands on a line the
// pull request changed: the members new to the list since Options.Before
// when known, else the last ones in file order. When no entry is new
// (the cap itself was lowered), it points at max_members.
func (c *checker) overCapacity(l *members.List, p *members.Policy, on []*members.Member) {
	n := len(on)
	fix := fmt.Sprintf("take %d off the list, or raise max_members in [policies.%s]", n-p.MaxMembers, p.ID)
	over := on[p.MaxMembers:]
	if len(c.before[l.ID]) > 0 || len(c.live[l.ID]) > 0 {
		// The list had members before: the entries new to it are the
		// ones a reviewer must weigh.
		over = nil
		for _, m := range on {
			if !c.onBefore(l.ID, m.Email) {
				over = append(over, m)
			}
		}
	}
	if len(over) == 0 {
		c.add(p.At("max_members"), Block, RuleMaxMembers, "list "+l.ID, "%s has %s; policy %s allows at most %d (max_members); %s", l.ID, words.Plural(n, "member"), p.ID, p.MaxMembers, fix)
		c.findings[len(c.findings)-1].List = l.ID
		return
	}
	for _, m := range over {
		ms, _ := membershipOn(m, l.ID)
		c.addMember(m, l.ID, ms.Pos, RuleMaxMembers, "this entry takes %s to %s; policy %s allows at most %d (max_members); %s", l.ID, words.Plural(n, "member"), p.ID, p.MaxMembers, fix)
	}
}

func membershipOn(m *members.Member, list string) (members.Membership, bool) {
	for _, ms := range m.Lists {
		if ms.List == list {
			return ms, true
		}
	}
	return members.Membership{}, false
}
