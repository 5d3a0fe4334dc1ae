package workspace

import (
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// withFileSettings gives each list a pull request's plan read (members
// only: its settings are never read there) the settings the change
// itself sets, from the file alone (plan.FileSettings): the pinned
// values that differ between the base's policy for the list's group and
// the head's. Sync applies them after the merge, so the plan must show
// them pending rather than "up to date". It summarizes p again.
func withFileSettings(head, base *members.File, p *plan.Plan) {
	// The base's list of a group, paired by address as pullRequestLists
	// pairs them: a list read is one whose group the base managed.
	was := map[string]*members.List{}
	for _, bl := range base.Lists {
		was[members.IdentityOf(bl.Address)] = bl
	}
	for _, l := range p.Lists {
		// Unread lists show what creation pins; a list that failed or is
		// created from scratch has its settings said otherwise, and only
		// Google groups have settings.
		if l.Unread != "" || l.Error != "" || l.Create || l.Settings != nil || l.Provider != string(members.ProviderGoogle) {
			continue
		}
		hl := head.List(l.ID)
		if hl == nil {
			continue
		}
		var before *members.Policy
		if bl := was[members.IdentityOf(l.Address)]; bl != nil {
			before = base.PolicyOf(bl)
		}
		l.Settings = plan.FileSettings(before, head.PolicyOf(hl))
	}
	p.Summarize()
}
