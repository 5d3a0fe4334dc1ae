package plan

import (
	"context"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// removalsFirstAtCap makes, before the additions (first), as many of
// the members' removals among second as the additions would take l
// past its cap, and returns second without them. A list at its cap
// that swaps members would otherwise, adding first, hold more than its
// policy allows until the removals land: mail sent meanwhile goes to
// one person too many (a report address that may forward to ten). An
// owner's removal still waits for the owners replacing them.
func (a *applier) removalsFirstAtCap(ctx context.Context, l *List, prov directory.Provider, first, second []Change, r *ListResult) []Change {
	over := l.Live + countAdds(first) - l.maxMembers
	if l.maxMembers <= 0 || over <= 0 {
		return second
	}
	var early, rest []Change
	for _, c := range second {
		if over > 0 && c.Action == ActionRemove && c.PreviousRole != members.RoleOwner {
			early = append(early, c)
			over--
			continue
		}
		rest = append(rest, c)
	}
	a.run(ctx, l, prov, early, r)
	return rest
}

// countAdds counts the additions among cs.
func countAdds(cs []Change) int {
	n := 0
	for _, c := range cs {
		if c.Action == ActionAdd {
			n++
		}
	}
	return n
}
