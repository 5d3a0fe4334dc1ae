package workspace

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
)

// passing returns whom a commit of the change lists on a group that
// neither base nor head lists there (history.ListedBetween): listed by
// one commit and taken off by a later one, which the two ends do not
// show and which sync, reading every commit a merge brought in, counts
// as taken off. byList holds them per list of base (by id), for its
// owners; elsewhere, one line each, those on a group base has no list
// for (a list the change adds, or an address a list pointed at on the
// way), for an admin: once a list writes to that group, sync removes
// them from it. Nothing for a review of the working copy, which has no
// commits of its own.
func passing(ctx context.Context, dir, name, baseRev, headRev string, base, head *members.File) (byList map[string][]string, elsewhere []string, err error) {
	if baseRev == "" || headRev == "" {
		return nil, nil, nil
	}
	listed, err := history.ListedBetween(ctx, dir, name, baseRev, headRev)
	if err != nil {
		return nil, nil, err
	}
	byList = map[string][]string{}
	groups := make([]string, 0, len(listed.People))
	for g := range listed.People {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	for _, g := range groups {
		var who []string
		for person, email := range listed.People[g] {
			if !listsOn(base, g, person) && !listsOn(head, g, person) {
				who = append(who, email)
			}
		}
		if len(who) == 0 {
			continue
		}
		slices.Sort(who)
		if l := listOfGroup(base, g); l != nil {
			byList[l.ID] = append(byList[l.ID], who...)
			continue
		}
		where := fmt.Sprintf("%s, a group the base has no list for", listed.Address[g])
		if l := listOfGroup(head, g); l != nil {
			where = fmt.Sprintf("%s, the group of list %s, new in the change", l.Address, l.ID)
		}
		for _, email := range who {
			elsewhere = append(elsewhere, fmt.Sprintf("± %s on %s: listed by a commit of the change and taken off by a later one: merged with a merge commit, that takes them off the group as roster reads history, and sync removes them from it once a list writes to it", email, where))
		}
	}
	return byList, elsewhere, nil
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
