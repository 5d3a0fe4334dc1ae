package policies

import (
	"strings"

	"github.com/roster-dev/roster/members"
)

// Gate is what findings mean for a run that changes live groups, read
// from their effects. A Stop finding stops everything; a Block finding
// refuses one member's additions and promotions (or, for a list over its
// cap, every addition to the list), so that an urgent removal on one
// list never waits for someone to re-vet an unrelated person on another.
type Gate struct {
	// Stop are the findings that stop every change.
	Stop []Finding
	// Member are the findings that block one member's additions and
	// promotions, or a list's additions; when nothing of theirs is
	// planned, they are warnings.
	Member []Finding
	// Other are the Fail, Hold and Warn findings: a list whose own policy
	// fails (too few owners in the file), which ListFails keeps the run
	// off; members held where they are (not promoted, not added back);
	// and warnings, which change nothing.
	Other []Finding

	blocked map[string]map[string]string // list ("" for all) -> identity -> why
	// unadmitted holds, of the blocked, those whose entry admits them to
	// the list at all in no role (no qualifying vetting record, a
	// domain the policy refuses): on the live group, they are people
	// the file names but policy does not let on.
	unadmitted map[string]map[string]string
	// unadmittedAbove holds, of the blocked, those admitted to the list
	// only below the role the file gives them (a record that lapsed
	// before a promotion): on the group in that role, they are where
	// policy does not let them.
	unadmittedAbove map[string]map[string]string
	full            map[string]string // list -> why no one may be added
	// fails holds ListFails's answer for every list, built by NewGate:
	// a run over 10,000 lists asks it of each, and a scan of the
	// findings each time made that quadratic.
	fails map[string]string
}

// NewGate sorts findings by their effect.
func NewGate(fs []Finding) *Gate {
	g := &Gate{blocked: map[string]map[string]string{}, full: map[string]string{}, unadmitted: map[string]map[string]string{}, unadmittedAbove: map[string]map[string]string{}}
	for _, f := range fs {
		switch f.Effect {
		case Stop:
			g.Stop = append(g.Stop, f)
		case Block:
			if f.Rule == RuleMaxMembers && f.Member == "" {
				// Over capacity with no entry to blame (the cap was
				// lowered): nobody may be added to the list until it is
				// back under its cap; removals still go ahead.
				g.Member = append(g.Member, f)
				if _, ok := g.full[f.List]; !ok {
					g.full[f.List] = f.Message
				}
				continue
			}
			// Over capacity at named entries (those new to the list, else
			// the last in file order), or any other member's finding: that
			// entry waits; the others go ahead, so a group roster creates
			// still gets its owners, and the list stays within its cap.
			g.Member = append(g.Member, f)
			g.block(f)
			switch {
			case f.Rule == RuleVettingLapsedWhenListed && f.Role.Rank() > members.RoleMember.Rank():
				addReason(g.unadmittedAbove, f)
			case refusesAdmission(f.Rule):
				addReason(g.unadmitted, f)
			}
		case Hold:
			// Someone already on the list on a lapsed record stays
			// there, and that is all: they are not promoted, nor added
			// back once gone, until re-vetted.
			g.Other = append(g.Other, f)
			g.block(f)
		default:
			g.Other = append(g.Other, f)
		}
	}
	g.fails = map[string]string{}
	for _, fs := range [][]Finding{g.Stop, g.Other} {
		for _, f := range fs {
			if _, seen := g.fails[f.List]; !seen && f.Member == "" && f.Fails() {
				g.fails[f.List] = f.String()
			}
		}
	}
	return g
}

// block records that f's member may not be added to or promoted on
// f's list.
func (g *Gate) block(f Finding) { addReason(g.blocked, f) }

// addReason adds f's message to the reasons by list and member.
func addReason(reasons map[string]map[string]string, f Finding) {
	id := members.IdentityOf(f.Member)
	if reasons[f.List] == nil {
		reasons[f.List] = map[string]string{}
	}
	// Every reason, in file order: fixing one at a time, only to meet
	// the next, is what the plan must spare its reader.
	switch was := reasons[f.List][id]; {
	case was == "":
		reasons[f.List][id] = f.Message
	case !strings.Contains(was, f.Message): // messages hold "; " themselves
		reasons[f.List][id] = was + "; " + f.Message
	}
}

// refusesAdmission reports whether a member's finding under rule r says
// that the entry admits them to the list in no role: unvetted (no
// qualifying record: missing, by a vetter the policy does not accept,
// by an unlisted method, self-vetted, dated in the future, or lapsed
// before the file listed them), at an address the policy refuses, or
// without a field the policy requires. A record that lapsed while they
// were listed does not: whoever is on the list on one stays until
// re-vetted. Nor does the list's cap: which entry is past it is not the
// entry's own fact (a group over its cap is the plan's problem).
func refusesAdmission(r Rule) bool { return r.RefusesAdmission() }

// RefusesAdmission reports whether a member's finding under r says that
// the entry admits them to the list in no role (see refusesAdmission).
func (r Rule) RefusesAdmission() bool {
	switch r {
	case RuleVettingMissing, RuleVettingMethod, RuleVettingVetter, RuleVettingSelf, RuleVettingFuture, RuleVettingLapsedWhenListed,
		RuleDomainDenied, RuleDomainNotAllowed, RuleEmailConfusable, RuleEmailNonASCII,
		RuleRequiredFields, RuleMemberIsGroup:
		return true
	}
	return false
}

// NeverAdmitted reports whether a member's finding under r held of the
// entry whenever it was written, so that sync never added them on it:
// no record at all, or fields of the entry the policy refuses (a field
// it requires missing, a domain it denies, a look-alike or non-ASCII
// address). A record by a vetter no longer on the list, or by a method
// the policy dropped since, may have admitted them when it was written.
func (r Rule) NeverAdmitted() bool {
	switch r {
	case RuleVettingMissing, RuleRequiredFields, RuleDomainDenied, RuleDomainNotAllowed, RuleEmailConfusable, RuleEmailNonASCII, RuleMemberIsGroup:
		return true
	}
	return false
}

// LikelyNeverAdmitted reports whether a member's finding under r says
// their record most likely never admitted them, though it may have: a
// method the policy does not take, a self-vetting, a date to come (the
// policy may have changed since it was written). A record by a vetter
// who has left the list since did admit them when it was written.
func (r Rule) LikelyNeverAdmitted() bool {
	switch r {
	case RuleVettingMethod, RuleVettingSelf, RuleVettingFuture:
		return true
	}
	return false
}

// RefusesRecord reports whether a member's finding under r refuses the
// record itself for the list (its vetter, its method, its date, a
// self-vetting), whenever the member was listed, as no lapse does.
func (r Rule) RefusesRecord() bool {
	switch r {
	case RuleVettingMethod, RuleVettingVetter, RuleVettingSelf, RuleVettingFuture:
		return true
	}
	return false
}

// AboutVetting reports whether r judges a member's vetting records for
// a list: every such finding says one thing, that the entry is not (or
// soon not) vetted for it, whichever record and rule say it.
func (r Rule) AboutVetting() bool {
	switch r {
	case RuleVettingMissing, RuleVettingMethod, RuleVettingVetter, RuleVettingSelf, RuleVettingFuture,
		RuleVettingStale, RuleVettingLapsedWhenListed, RuleVettingLapsing:
		return true
	}
	return false
}

// Unadmitted says why the file's entry for email does not admit them to
// list in role, the one they have on the live group (see
// refusesAdmission: in no role at all, or only below role), or "":
// someone on the live group so is on a private list unvetted, though
// the file names them.
func (g *Gate) Unadmitted(list, email string, role members.Role) string {
	if why := reasonOf(g.unadmitted, list, email); why != "" {
		return why
	}
	if role.Rank() > members.RoleMember.Rank() {
		return reasonOf(g.unadmittedAbove, list, email)
	}
	return ""
}

// Blocked says why email may not be added to or promoted on list, or ""
// when nothing in the file stands in the way.
func (g *Gate) Blocked(list, email string) string { return reasonOf(g.blocked, list, email) }

// reasonOf joins the reasons about email on list and on every list ("").
func reasonOf(reasons map[string]map[string]string, list, email string) string {
	id := members.IdentityOf(email)
	why, all := reasons[list][id], reasons[""][id]
	switch {
	case why == "":
		return all
	case all == "":
		return why
	}
	return why + "; " + all
}

// Full says why no one may be added to list, or "".
func (g *Gate) Full(list string) string { return g.full[list] }

// ListFails reports whether list's own policy fails in the file: a Stop
// finding about the list or its policy, or too few owners. Such a list is
// neither read nor written by sync, and the run says so at once. It
// returns the finding as validate prints it (file:line:col: message), or
// "".
func (g *Gate) ListFails(list string) string {
	if g.fails != nil {
		return g.fails[list]
	}
	for _, fs := range [][]Finding{g.Stop, g.Other} {
		for _, f := range fs {
			if f.List == list && f.Member == "" && f.Fails() {
				return f.String()
			}
		}
	}
	return ""
}
