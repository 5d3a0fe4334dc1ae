package plan

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// removalsFirstAtCap makes, before the additions (first), as many of
// the members' removals among second as the additions would take l
// past its cap, and returns first and second without what it made or
// held. A list at its cap that swaps members would otherwise, adding
// first, hold more than its policy allows until the removals land: mail
// sent meanwhile goes to one person too many (a report address that may
// forward to ten).
//
// A removal goes first only when it is safe to make then: the group is
// read again (as before any removal), and whoever is an owner now waits
// for the owners replacing them, as in the second phase; an addition
// that Google finds on the group already (an alias of a live member)
// adds nobody, and the member it found is not removed. When a removal
// that made room fails, as many additions wait for the next run, so
// that the group never ends past its cap for a write of the run's own.
func (a *applier) removalsFirstAtCap(ctx context.Context, l *List, prov directory.Provider, first, second []Change, r *ListResult) ([]Change, []Change) {
	adds := 0
	for _, c := range first {
		if c.Action == ActionAdd {
			adds++
		}
	}
	over := l.Live + adds - l.maxMembers
	if l.maxMembers <= 0 || over <= 0 || ctx.Err() != nil {
		return first, second
	}
	// Additions already on the group under another address. Where the
	// plan could not look the file's new entries up (AliasesUnknown),
	// the BLOCKED ones too: never tried, they would find no one, and a
	// live member one of them names must not be removed to make room.
	found := map[string]bool{}
	lookUp := slices.Clone(first)
	if l.AliasesUnknown {
		for _, c := range l.Changes {
			if c.Action == ActionAdd && c.Blocked != "" {
				lookUp = append(lookUp, c)
			}
		}
	}
	for _, c := range lookUp {
		blocked := c.Blocked != ""
		if c.Action != ActionAdd || over <= 0 && !blocked {
			continue
		}
		if err := a.sem.Acquire(ctx, 1); err != nil {
			return first, second
		}
		m, err := prov.Member(ctx, l.Address, c.Email)
		a.sem.Release(1)
		switch {
		case err == nil:
			found[m.ID] = true
			if !blocked {
				over--
			}
		case !errors.Is(err, directory.ErrMemberNotFound):
			return first, second // unknown: the usual order
		}
	}
	if over <= 0 {
		return first, second
	}
	live, err := a.recount(ctx, l, prov, r)
	if err != nil {
		return first, second
	}
	var early, rest []Change
	for _, c := range second {
		now := live[c.MemberID]
		if over > 0 && c.Action == ActionRemove && c.MemberID != "" && !found[c.MemberID] && c.PreviousRole != members.RoleOwner && now != directory.RoleOwner {
			if now == directory.RoleManager {
				c.PreviousRole = members.RoleManager
			}
			early = append(early, c)
			over--
			continue
		}
		rest = append(rest, c)
	}
	failedBefore, interruptedBefore := len(r.Failed), len(r.Interrupted)
	a.run(ctx, l, prov, early, r)
	held := len(r.Failed) - failedBefore + len(r.Interrupted) - interruptedBefore
	if held == 0 {
		return first, rest
	}
	// What did not make room holds back as many additions (the last
	// ones): the group stays within its cap.
	var kept []Change
	for i := len(first) - 1; i >= 0; i-- {
		if c := first[i]; c.Action == ActionAdd && held > 0 {
			r.Failed = append(r.Failed, Failure{Change: c, Err: fmt.Errorf("%w: %s is at its cap (max_members %d), and the removal that was to make room for this addition was not made; it is left for the next run", ErrSkipped, l.Address, l.maxMembers)})
			held--
			continue
		}
		kept = append([]Change{first[i]}, kept...)
	}
	return kept, rest
}
