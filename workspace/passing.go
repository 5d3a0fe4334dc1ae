package workspace

import (
	"context"
	"slices"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
)

// passing returns, per list of base (by id), the addresses a commit of
// the change lists on its group that neither base nor head lists there
// (history.ListedBetween): listed by one commit and taken off by a
// later one, which the two ends do not show and which sync, reading
// every commit a merge brought in, counts as taken off. Nil for a
// review of the working copy, which has no commits of its own.
func passing(ctx context.Context, dir, name, baseRev, headRev string, base, head *members.File) (map[string][]string, error) {
	if baseRev == "" || headRev == "" {
		return nil, nil
	}
	listed, err := history.ListedBetween(ctx, dir, name, baseRev, headRev)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, l := range base.Lists {
		g := members.IdentityOf(l.Address)
		for person, email := range listed[members.IdentityOf(l.Address)] {
			if listsOn(base, g, person) || listsOn(head, g, person) {
				continue
			}
			out[l.ID] = append(out[l.ID], email)
		}
		slices.Sort(out[l.ID])
	}
	return out, nil
}

// listsOn reports whether f lists person (history.PersonOf) on a list of
// group (the identity of its address).
func listsOn(f *members.File, group, person string) bool {
	for _, m := range f.Members {
		if history.PersonOf(m.Email) != person {
			continue
		}
		for _, ms := range m.Lists {
			if l := f.List(ms.List); l != nil && members.IdentityOf(l.Address) == group {
				return true
			}
		}
	}
	return false
}
