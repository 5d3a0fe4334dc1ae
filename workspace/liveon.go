package workspace

import (
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// liveOn is, per list whose group the run read, the mailboxes on it
// (policies.Options.Live): people op.unseen names are on none, and a
// group that does not exist yet has nobody on it.
func liveOn(op *openedFile, obs []plan.Observed) map[string]map[string]bool {
	live := make(map[string]map[string]bool, len(obs))
	for _, o := range obs {
		if o.Err != nil || o.Unread != "" {
			continue // not known: judged by the file before the change
		}
		ids := make(map[string]bool, len(o.Have.Members))
		for _, m := range o.Have.Members {
			if m.Email != "" && (op.unseen == nil || !op.unseen(o.List.ID, m.Email)) {
				ids[members.MailboxOf(m.Email)] = true
			}
		}
		// An entry written at an alias of a live member is on the group
		// as that member.
		for entry, m := range o.Aliases {
			if ids[members.MailboxOf(m.Email)] {
				ids[members.MailboxOf(entry)] = true
			}
		}
		live[o.List.ID] = ids
	}
	return live
}
