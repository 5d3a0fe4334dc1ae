package workspace

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/review"
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
func passing(ctx context.Context, dir, name, baseRev, headRev string, base, head *members.File) (byList map[string][]string, elsewhere []string, away map[string][]string, err error) {
	if baseRev == "" || headRev == "" {
		return nil, nil, nil, nil
	}
	listed, err := history.ListedBetween(ctx, dir, name, baseRev, headRev)
	if err != nil {
		return nil, nil, nil, err
	}
	byList, away = map[string][]string{}, map[string][]string{}
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
		if l := listOfGroup(base, g); l != nil {
			for person, email := range listed.People[g] {
				if trip := roundTrip(base, head, g, person, listed.Away[g][person]); trip != "" {
					away[l.ID] = append(away[l.ID], review.MarkRoundTrip+email+": "+trip)
				}
			}
			slices.Sort(away[l.ID])
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
			elsewhere = append(elsewhere, fmt.Sprintf(review.MarkPassing+"%s on %s: listed by a commit of the change and taken off by a later one: merged with a merge commit, that takes them off the group as roster reads history, and sync removes them from it once a list writes to it", email, where))
		}
	}
	return byList, elsewhere, away, nil
}

// roundTrip says how a commit of the change took person off group, or
// gave them another role there, where the base and the head agree
// (seen: the roles the change's versions give them, history.Absent for
// none); "" when none did.
func roundTrip(base, head *members.File, group, person string, seen []members.Role) string {
	was, inBase := roleOnGroup(base, group, person)
	now, inHead := roleOnGroup(head, group, person)
	if !inBase || !inHead || was != now {
		return "" // a change of its own, which the owners approve as such
	}
	for _, r := range seen {
		switch {
		case r == history.Absent:
			return fmt.Sprintf("taken off by a commit of the change and put back by a later one: merged with a merge commit, history records them leaving and joining again (as %s)", now)
		case r != now:
			return fmt.Sprintf("made %s by a commit of the change and %s again by a later one: merged with a merge commit, history records both", r, now)
		}
	}
	return ""
}

// roleOnGroup is person's strongest role on a list of group in f.
func roleOnGroup(f *members.File, group, person string) (members.Role, bool) {
	var best members.Role
	on := false
	for _, m := range f.Members {
		if history.PersonOf(m.Email) != person {
			continue
		}
		for _, ms := range m.Lists {
			if l := f.List(ms.List); l != nil && members.IdentityOf(l.Address) == group && (!on || ms.Role.Rank() > best.Rank()) {
				best, on = ms.Role, true
			}
		}
	}
	return best, on
}

// listsOn reports whether f lists person (history.PersonOf) on a list of
// group (the identity of its address).
func listsOn(f *members.File, group, person string) bool {
	_, on := roleOnGroup(f, group, person)
	return on
}
