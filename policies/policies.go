// Package policies evaluates every rule of members.toml over the whole
// file and returns all findings, each with the position it concerns. It
// never stops at the first problem, so that one CI run tells a maintainer
// everything that is wrong with a pull request.
package policies

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/roster-dev/roster/internal/nearest"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
)

// checker collects the findings of one evaluation.
type checker struct {
	f  *members.File
	at time.Time
	// before holds, per group (the identity of a list's address, so that
	// a list renamed or moved since is the same list), the identities on
	// it in Options.Before and their roles there.
	before        map[string]map[string]members.Role
	lapsingWithin time.Duration
	live          map[string]map[string]bool
	heldSince     func(list, email string, role members.Role) (time.Time, bool, error)
	// structural: no vetting record is judged (Structural), since
	// none of what a run refuses whole or per list waits on one.
	structural bool
	findings   []Finding

	// groups maps the identity of each list's address to its id
	// (indexGroups, before the members are checked side by side): a
	// member whose address is one is a group.
	groups map[string]string
	// groupDomains are their domains, lower-case: most addresses are at
	// none, and are not looked up.
	groupDomains map[string]bool
}

// indexGroups fills in c.groups.
func (c *checker) indexGroups() {
	c.groups = make(map[string]string, len(c.f.Lists))
	c.groupDomains = map[string]bool{}
	for _, l := range c.f.Lists {
		box := members.MailboxOf(l.Address)
		c.groups[box] = l.ID
		if _, domain, ok := strings.Cut(box, "@"); ok {
			c.groupDomains[domain] = true // as the mailbox writes it: lower case, punycode
		}
	}
}

// listAt returns the id of the file's list whose group is at addr, or
// "".
func (c *checker) listAt(addr members.Address) string {
	// An ASCII domain in lower case is the mailbox's own; one in Unicode
	// ("bücher.de") is looked up by its mailbox whatever it is.
	if ascii := strings.ToLower(addr.Domain); isASCII(ascii) && !c.groupDomains[ascii] {
		return ""
	}
	// By mailbox: a group's +tag address reaches the group.
	return c.groups[addr.Mailbox()]
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
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
	// BeforeElsewhere are the lists of other members files of the base
	// that manage a group a list of the file now does and Before's
	// lists do not: a list moved in from another file. The people on
	// those lists (and on no other list of those files) were on the
	// groups before the change, as Before's are: a move adds no one
	// (history and sync follow it).
	BeforeElsewhere []ListElsewhere
	// LapsingWithin, when positive, adds a RuleVettingLapsing notice for
	// every qualifying record that lapses within it (audit, reminders).
	LapsingWithin time.Duration
	// Live, when set, says who is on each list's live group (list id ->
	// mailbox), for a run against the live side: someone already on the
	// group stays there, so a lapse of theirs is a warning, as for
	// someone on Before; for anyone else it blocks their addition.
	Live map[string]map[string]bool
	// HeldSince, when set, says since when the file (as committed) has
	// listed email on list in role or higher without a break (history's
	// Timeline.HeldSince), false when unknown: with the zero time when
	// they are not listed so, with the earliest day history knows when
	// the spell began no later than that. A record that had lapsed by
	// then never admitted them: someone on the live group on it got there
	// around roster, who refused to add or promote them. An error says
	// history could not be read (a partial clone, a missing object):
	// the record is then judged as one that never admitted them, with
	// the error named, never as one that did.
	HeldSince func(list, email string, role members.Role) (time.Time, bool, error)
}

func (c *checker) add(p members.Pos, effect Effect, rule Rule, subject about, format string, args ...any) {
	c.findings = append(c.findings, newFinding(c.f.Name, p, rule, effect, subject, fmt.Sprintf(format, args...)))
}

// addMember reports a finding about one member (on one list, or on all
// of theirs when list is ""): by default it blocks that member's
// additions and promotions, and nothing else.
func (c *checker) addMember(m *members.Member, list string, p members.Pos, rule Rule, format string, args ...any) *Finding {
	c.add(p, Block, rule, aboutMember(m), format, args...)
	f := &c.findings[len(c.findings)-1]
	f.List = list
	f.Member = m.Email
	return f
}

// Check evaluates every rule over a parsed file as of the date at and
// returns the findings in file order. The file must have parsed without
// errors; rules read its fields as typed values.
func Check(f *members.File, at time.Time) []Finding {
	return CheckWith(f, Options{At: at})
}

// CheckWith is Check with options.
func CheckWith(f *members.File, opts Options) []Finding {
	c := &checker{f: f, at: truncateDay(opts.At), lapsingWithin: opts.LapsingWithin, live: opts.Live, heldSince: opts.HeldSince}
	if opts.Before != nil || len(opts.BeforeElsewhere) > 0 {
		c.before = make(map[string]map[string]members.Role)
		if opts.Before != nil {
			c.addBefore(opts.Before, "")
		}
		for _, l := range opts.BeforeElsewhere {
			if l.File != nil && l.List != "" {
				c.addBefore(l.File, l.List)
			}
		}
	}
	return c.run()
}

// ListElsewhere is one list of another members file (Options.
// BeforeElsewhere): File, and the id of the list in it.
type ListElsewhere struct {
	File *members.File
	List string
}

// addBefore records who is on each group b's lists manage (only's
// alone, when only is a list id), in which role (the highest, when one
// person is listed twice).
func (c *checker) addBefore(b *members.File, only string) {
	for _, m := range b.Members {
		id := members.MailboxOf(m.Email) // one person, however respelled since
		for _, ms := range m.Lists {
			l := b.List(ms.List)
			if l == nil || only != "" && ms.List != only {
				continue
			}
			g := members.IdentityOf(l.Address)
			if c.before[g] == nil {
				c.before[g] = make(map[string]members.Role)
			}
			if was, ok := c.before[g][id]; !ok || ms.Role.Rank() > was.Rank() {
				c.before[g][id] = ms.Role
			}
		}
	}
}

// run applies every rule and returns the findings in file order.
func (c *checker) run() []Finding {
	c.checkPolicies()
	c.checkLists()
	c.checkMembers()
	c.checkCapacity()
	for i := range c.findings {
		// A member's finding with no address to block (an entry without
		// an email) has nothing narrower than the run to hold back: its
		// effect says so, so that every reader (the gate, JSON, the
		// annotations) reads the same. A list over its cap with no entry
		// to blame blocks additions to that list only.
		if f := &c.findings[i]; f.Effect == Block && f.Member == "" && f.Rule != RuleMaxMembers {
			f.setEffect(Stop)
		}
	}
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
		subject := aboutPolicy(p.ID)
		if len(p.VettingMethods) == 0 {
			c.add(p.At("vetting_methods"), Stop, RulePolicyMethods, subject,
				"vetting_methods is empty or missing; list the methods this policy accepts, like [\"known-maintainer\", \"video-call\"]")
		}
		if !p.VettedBy.Valid() {
			c.add(p.At("vetted_by"), Stop, RulePolicyVettedBy, subject, "vetted_by = %q; use owner, manager or member%s", p.VettedBy, suggestRole(string(p.VettedBy)))
		}
		if p.Unmanaged != members.UnmanagedRemove && p.Unmanaged != members.UnmanagedReport {
			c.add(p.At("unmanaged"), Stop, RulePolicyUnmanaged, subject, "unmanaged = %q; use \"remove\" or \"report\"%s", p.Unmanaged, suggestValue(string(p.Unmanaged), "remove", "report"))
		}
		for _, rf := range p.RequiredFields {
			if !slices.Contains(members.PersonFields(), rf) {
				c.add(p.At("required_fields"), Stop, RulePolicyRequiredFields, subject,
					"required_fields names %q; a member has %s", rf, strings.Join(members.PersonFields(), ", "))
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
	subject := aboutPolicy(p.ID)
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
		subject := aboutList(l.ID)
		if l.Address != "" {
			addr, err := members.ParseAddress(l.Address)
			if err != nil {
				c.add(l.At("address"), Stop, RuleListAddress, subject, "%v", err)
			} else {
				nonASCII := func(r rune) bool { return r > unicode.MaxASCII }
				if at := strings.IndexFunc(l.Address, nonASCII); at >= 0 {
					// One group, two spellings: a full-width letter folds
					// to the same identity, but the API resolves the
					// spelling, so the real group would go unmanaged.
					r, _ := utf8.DecodeRuneInString(l.Address[at:])
					hint := ""
					if id := addr.Identity(); strings.IndexFunc(id, nonASCII) < 0 {
						hint = fmt.Sprintf(": write %s", id)
					}
					c.add(l.At("address"), Stop, RuleListAddress, subject,
						"address %s has the non-ASCII character %s; a group's address is written in ASCII (a domain in punycode)%s", l.Address, members.DescribeRune(r), hint)
				}
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
			p := c.f.Policy(l.Policy)
			switch {
			case !l.Create || p == nil:
			case len(p.Settings) == 0:
				// A group created with Google's defaults is open (anyone
				// in the domain may find it and ask to join, anyone may
				// post) until someone closes it by hand.
				c.add(l.At("create"), Warn, RuleCreateUnpinned, subject,
					"create = true, but policy %s pins no group settings: sync would create %s with Google's defaults, which let anyone in the domain find it and ask to join; pin at least who_can_join = \"INVITED_CAN_JOIN\" in [policies.%s]", p.ID, l.Address, p.ID)
			case !slices.ContainsFunc(p.Settings, func(s members.Setting) bool { return s.Name == "who_can_join" }):
				// Other settings pinned, but not who may join: Google's
				// default for that one lets the domain ask.
				c.add(l.At("create"), Warn, RuleCreateUnpinned, subject,
					"create = true, but policy %s does not pin who_can_join: sync would create %s with Google's default for it, which lets anyone in the domain find it and ask to join; pin who_can_join = \"INVITED_CAN_JOIN\" in [policies.%s]", p.ID, l.Address, p.ID)
			}
		case members.ProviderCSV:
			switch clean := path.Clean(filepath.ToSlash(l.Snapshot)); {
			case l.Snapshot == "":
				c.add(l.At("provider"), Stop, RuleProvider, subject, "provider = \"csv\" needs snapshot = \"FILE\", the path of the group's member export CSV")
			case path.IsAbs(clean) || filepath.IsAbs(l.Snapshot) || clean == ".." || strings.HasPrefix(clean, "../"):
				// What review compares between two revisions, and what
				// sync reads, must be one file of the repository.
				c.add(l.At("snapshot"), Stop, RuleProvider, subject, "snapshot = %q: write the export's path relative to the members file's directory, inside the repository", l.Snapshot)
			case strings.ContainsFunc(l.Snapshot, func(r rune) bool { return r != ' ' && (!unicode.IsGraphic(r) || unicode.IsSpace(r)) }):
				// A path is printed by every output that names the
				// export; a line break or escape in one has no use.
				c.add(l.At("snapshot"), Stop, RuleProvider, subject, "snapshot = %q holds a control character or a line break: write the export's path in printable characters", l.Snapshot)
			}
			if l.Create {
				// Nothing roster reaches can create a consumer group: the
				// key would promise what no run does.
				c.add(l.At("create"), Warn, RuleProvider, subject,
					"create = true does nothing on a csv list: roster reads the group's member export and cannot create a consumer group; create it by hand, and remove the key")
			}
			if p := c.f.Policy(l.Policy); p != nil && len(p.Settings) > 0 {
				c.add(l.At("provider"), Warn, RuleSettingsUnchecked, subject,
					"policy %s pins group settings, which a member export does not show; check them by hand in the group's settings page", p.ID)
			}
		default:
			c.add(l.At("provider"), Stop, RuleProvider, subject, "provider = %q; use \"google\" or \"csv\"%s", l.Provider, suggestValue(string(l.Provider), "google", "csv"))
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

// checkCapacity enforces max_members and min_owners per list: a report
// address that forwards to more people than agreed, or a list that could
// lose its last owner, is a policy breach even when each entry is fine.
func (c *checker) checkCapacity() {
	// The file's index knows who is on each list; only owners are
	// counted here, into a map the size of the lists.
	owners := make(map[string]int, len(c.f.Lists))
	groupOwners := map[string][]string{} // list id -> owner entries that are the file's groups
	for _, m := range c.f.Members {
		for _, ms := range m.Lists {
			if ms.Role != members.RoleOwner {
				continue
			}
			// A group made owner (one of the file's own lists, under
			// allow_groups) is no person to own the list: sync counts it
			// as none on the live group, and so does the file.
			if c.f.ListAt(m.Email) != nil {
				groupOwners[ms.List] = append(groupOwners[ms.List], m.Email)
				continue
			}
			owners[ms.List]++
		}
	}
	for _, l := range c.f.Lists {
		p := c.f.PolicyOf(l)
		if p == nil {
			continue
		}
		subject := aboutList(l.ID)
		if n := c.f.CountOn(l.ID); p.MaxMembers > 0 && n > p.MaxMembers {
			c.overCapacity(l, p, c.f.MembersOf(l.ID))
		}
		switch {
		case c.f.CountOn(l.ID) == 0 && l.Create:
			// No group to take members from, nor to leave as it is:
			// sync creates none with nobody on it.
			c.add(l.Pos, Fail, RuleEmptyList, subject, "has nobody on it, and sync creates no group with nobody on it (create = true): put its owners and members on it with 'roster add EMAIL --list %s:owner'; sync creates %s with them", l.ID, l.Address)
		case c.f.CountOn(l.ID) == 0:
			c.add(l.Pos, Fail, RuleEmptyList, subject, "has nobody on it, and an empty list never means \"remove everyone\": sync leaves %s as it is; put its members on it ('roster add', or 'roster import --list %s' to take the group's as they are), or, to stop managing the group, delete the list from the file", l.Address, l.ID)
		case owners[l.ID] < p.MinOwners:
			groups := ""
			if g := groupOwners[l.ID]; len(g) > 0 {
				groups = fmt.Sprintf(" (%s, the group of a list in this file, %s as none: a group made owner is no person)", strings.Join(g, ", "), words.Pick(len(g), "counts", "count"))
			}
			c.add(l.Pos, Fail, RuleMinOwners, subject, "has %s%s; policy %s needs at least %d (min_owners)", words.Plural(owners[l.ID], "owner"), groups, p.ID, p.MinOwners)
			c.findings[len(c.findings)-1].Owners = owners[l.ID]
		}
	}
}

// overCapacity reports a list over its max_members at the entries that
// take it over, so that a pull request's annotation lands on a line the
// pull request changed: the members new to the list since Options.Before
// when known, else the last ones in file order. When no entry is new
// (the cap itself was lowered), it points at max_members.
//
// The entries blamed are those sync leaves out, so they must be enough
// to keep the group within its cap: when the list is over it even
// without the new ones (an entry the file had before, held back then for
// the same reason and still not on the live group), the last entries in
// file order that are not on the live group are blamed too.
func (c *checker) overCapacity(l *members.List, p *members.Policy, on []*members.Member) {
	n := len(on)
	fix := fmt.Sprintf("take %d off the list, or raise max_members in [policies.%s]", n-p.MaxMembers, p.ID)
	over := on[p.MaxMembers:]
	if len(c.before[members.IdentityOf(l.Address)]) > 0 || len(c.live[l.ID]) > 0 {
		// The list had members before: the entries new to it are the
		// ones a reviewer must weigh.
		blamed := make(map[*members.Member]bool, n-p.MaxMembers)
		for _, m := range on {
			if !c.onBefore(l.ID, m.Email) {
				blamed[m] = true
			}
		}
		if len(blamed) > 0 {
			for i := len(on) - 1; i >= 0 && n-len(blamed) > p.MaxMembers; i-- {
				if m := on[i]; !blamed[m] && !c.live[l.ID][members.MailboxOf(m.Email)] {
					blamed[m] = true
				}
			}
		}
		over = nil
		for _, m := range on {
			if blamed[m] {
				over = append(over, m)
			}
		}
	}
	if len(over) == 0 {
		c.add(p.At("max_members"), Block, RuleMaxMembers, aboutList(l.ID), "%s has %s; policy %s allows at most %d (max_members); %s", l.ID, words.Plural(n, "member"), p.ID, p.MaxMembers, fix)
		c.findings[len(c.findings)-1].List = l.ID
		return
	}
	for _, m := range over {
		ms, _ := membershipOn(m, l.ID)
		c.addMember(m, l.ID, ms.Pos, RuleMaxMembers, "this entry takes %s to %s; policy %s allows at most %d (max_members); %s", l.ID, words.Plural(n, "member"), p.ID, p.MaxMembers, fix)
	}
}

// suggestRole returns ` (did you mean "owner"?)` for a mistyped role, or
// "".
func suggestRole(got string) string {
	return suggestValue(got, "owner", "manager", "member")
}

// suggestValue returns ` (did you mean "x"?)` for a mistyped value of a
// key that takes one of known, or "".
func suggestValue(got string, known ...string) string {
	return nearest.DidYouMean(strings.ToLower(got), known)
}
