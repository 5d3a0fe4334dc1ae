package policies

import (
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
)

// Gate is what validation findings mean for a run that changes live
// groups. A file whose structure is broken stops everything; a member's
// own finding (unvetted, lapsed, a denied domain) blocks only that
// member's additions and promotions, so that an urgent removal on one
// list never waits for someone to re-vet an unrelated person on another.
type Gate struct {
	// Stop are the findings that stop every change.
	Stop []Finding
	// Member are the findings that block one member's additions and
	// promotions, and, when nothing of theirs is planned, are warnings.
	Member []Finding
	// Other are the findings that change nothing by themselves (warnings,
	// too few owners in the file: the guards keep live owners).
	Other []Finding

	blocked map[string]map[string]string // list ("" for all) -> identity -> why
	full    map[string]string            // list -> why no one may be added
}

// memberRules are the rules about one member's own entry.
var memberRules = map[string]bool{
	vetting.RuleMissing: true, vetting.RuleMethod: true, vetting.RuleVetter: true,
	vetting.RuleSelf: true, vetting.RuleStale: true, vetting.RuleFuture: true,
	"domain-denied": true, "domain-not-allowed": true, "required-fields": true,
	"email-non-ascii": true, "email-confusable": true, "email-invalid": true,
}

// NewGate sorts findings into what stops a run and what blocks a member.
func NewGate(fs []Finding) *Gate {
	g := &Gate{blocked: map[string]map[string]string{}, full: map[string]string{}}
	for _, f := range fs {
		switch {
		case f.Rule == "max-members" && f.List != "":
			// Over capacity: nobody may be added to the list until it is
			// back under its cap; removals still go ahead.
			g.Member = append(g.Member, f)
			if _, ok := g.full[f.List]; !ok {
				g.full[f.List] = f.Message
			}
		case memberRules[f.Rule] && f.Member != "":
			g.Member = append(g.Member, f)
			id := members.IdentityOf(f.Member)
			if g.blocked[f.List] == nil {
				g.blocked[f.List] = map[string]string{}
			}
			if _, ok := g.blocked[f.List][id]; !ok {
				g.blocked[f.List][id] = f.Message
			}
		case f.Severity == Error && f.Rule != "min-owners":
			g.Stop = append(g.Stop, f)
		default:
			g.Other = append(g.Other, f)
		}
	}
	return g
}

// Blocked says why email may not be added to or promoted on list, or ""
// when nothing in the file stands in the way.
func (g *Gate) Blocked(list, email string) string {
	id := members.IdentityOf(email)
	if why := g.blocked[list][id]; why != "" {
		return why
	}
	if why := g.blocked[""][id]; why != "" {
		return why
	}
	return ""
}

// Full says why no one may be added to list, or "".
func (g *Gate) Full(list string) string { return g.full[list] }
