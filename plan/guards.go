package plan

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
)

// Guards bound what one run may remove. They are checked before any
// write. A run that removes more than MaxRemovals in all changes
// nothing; a list that breaks a guard of its own (its removal ratio, an
// empty list, its min_owners) has its membership changes held back, and
// the other lists, and that list's settings, go ahead: a few strangers
// added to one small group by hand must not stop every list, settings
// pins included, from converging.
type Guards struct {
	// MaxRemovals is the most members one run may remove, in all lists.
	MaxRemovals int
	// MaxRemovalRatio is the largest fraction of one live group one run
	// may remove. A single removal never trips it, so that small lists
	// can lose one member.
	MaxRemovalRatio float64
}

// DefaultGuards returns the limits sync uses unless raised.
func DefaultGuards() Guards { return Guards{MaxRemovals: 5, MaxRemovalRatio: 0.25} }

// GuardError lists every guard a plan breaks.
type GuardError struct {
	Violations []string
	// Global is set when the run as a whole breaks a guard (MaxRemovals):
	// nothing may be changed. Otherwise Lists holds, per list id, why its
	// removals and owners' departures are held back (HoldBack).
	Global bool
	Lists  map[string]string
	// Owners holds, per list id, why only its owners' departures are
	// held back (min_owners): its other changes, a revocation among
	// them, go ahead.
	Owners map[string]string
	// MaxRemovals and MaxRemovalRatio are the guards the run would need
	// for its removals to go ahead, where they are over this run's (0
	// where they are not): what "if this is intended, run again with"
	// gives. A list emptied, or left below min_owners, no flag allows.
	MaxRemovals     int
	MaxRemovalRatio float64
}

// Refuses says why no change of the run may be made, when the run as a
// whole breaks a guard (Global): the guard of the whole run, which Check
// puts first; "" otherwise.
func (e *GuardError) Refuses() string {
	if !e.Global || len(e.Violations) == 0 {
		return ""
	}
	return e.Violations[0]
}

// Error names every guard broken.
func (e *GuardError) Error() string {
	if !e.Global {
		var held []string
		if len(e.Lists) > 0 {
			held = append(held, "every membership change of "+strings.Join(slices.Sorted(maps.Keys(e.Lists)), ", "))
		}
		var owners []string
		for _, id := range slices.Sorted(maps.Keys(e.Owners)) {
			if _, whole := e.Lists[id]; !whole {
				owners = append(owners, id)
			}
		}
		if len(owners) > 0 {
			held = append(held, "the owners' departures from "+strings.Join(owners, ", "))
		}
		return "holding back " + strings.Join(held, ", and ") + ": " + strings.Join(e.Violations, "; ")
	}
	return "refusing to change anything: " + strings.Join(e.Violations, "; ")
}

// GuardHeld begins the Blocked of a change HoldBack held back: not the
// file's verdict on a member, but the guards' of a run, which plan and
// sync (and apply) each judge with their own.
const GuardHeld = "held back by the sync guards: "

// HoldBack blocks every membership change of each list e names, with
// the guard's reason: Apply then leaves them, and reports them refused.
// Additions are held too: were they made, the group would grow, and the
// next run would measure the same removals against more members and let
// them through. The list's settings still go ahead.
func (p *Plan) HoldBack(e *GuardError) {
	for _, l := range p.Lists {
		why, whole := e.Lists[l.ID]
		owners, ok := e.Owners[l.ID]
		if !whole && !ok {
			continue
		}
		for i := range l.Changes {
			c := &l.Changes[i]
			switch {
			case c.Blocked != "":
			case whole:
				c.Blocked = GuardHeld + why
			case c.lowersOwners():
				c.Blocked = GuardHeld + owners
			}
		}
	}
	p.Summarize()
}

// HoldBackGuards checks p against g (Check) and holds back what a
// guard refuses on a list of its own (HoldBack), as sync does: plan,
// audit and the advice after an edit show those changes held back, not
// only warned of. A run over the guard of all lists (Global) is left to
// the caller, which refuses it whole. It returns Check's error.
func (p *Plan) HoldBackGuards(g Guards) error {
	err := p.Check(g)
	var ge *GuardError
	if errors.As(err, &ge) && !ge.Global {
		p.HoldBack(ge)
	}
	return err
}

// Check returns a *GuardError if the plan removes more than the guards
// allow, empties a list the file has no members for, or would leave a
// list with fewer owners than its policy's min_owners.
func (p *Plan) Check(g Guards) error {
	e := &GuardError{Lists: map[string]string{}, Owners: map[string]string{}}
	hold := func(l *List, msg string) {
		e.Violations = append(e.Violations, msg)
		if _, ok := e.Lists[l.ID]; !ok {
			e.Lists[l.ID] = msg
		}
	}
	total := 0
	for _, l := range p.Lists {
		removals := l.Removals()
		total += removals
		if removals > 0 && l.wantEmpty {
			hold(l, fmt.Sprintf("list %s has no members in the file, and an empty list never means \"remove everyone\" from %s (%d live members); put the members back, or, to empty the group, delete the list from the file (roster stops managing the group) and remove its members in the Admin console", l.ID, l.Address, removals))
			continue
		}
		if removals >= 2 && l.Live > 0 {
			ratio := float64(removals) / float64(l.Live)
			if ratio > g.MaxRemovalRatio {
				need := math.Ceil(ratio*1000) / 1000
				hold(l, fmt.Sprintf("cannot remove %d of %d members (%.3f) of %s (limit %.3f; --max-removal-ratio %s allows it)", removals, l.Live, ratio, l.Address, g.MaxRemovalRatio, strconv.FormatFloat(need, 'f', -1, 64)))
				e.MaxRemovalRatio = max(e.MaxRemovalRatio, need)
			}
		}
		if total, counted := l.ownersAfter(); l.Live > 0 && l.removesOwners() && (total < l.minOwners || counted < l.minOwners && l.removesCountedOwners()) {
			left := words.Plural(total, "owner")
			if total >= l.minOwners {
				left = words.Plural(counted, "owner") + whomTheFileAdmits(true)
			}
			// Only the owners' departures wait: the list's other
			// changes (a revocation) do not lower its owners.
			msg := fmt.Sprintf("%s would be left with %s%s; policy needs %d (min_owners)", l.Address, left, l.SuspendedNote(), l.minOwners)
			e.Violations = append(e.Violations, msg)
			if _, ok := e.Owners[l.ID]; !ok {
				e.Owners[l.ID] = msg
			}
		}
	}
	if total > g.MaxRemovals {
		e.Global = true
		e.Violations = append([]string{fmt.Sprintf("cannot remove %s in all (limit %d; --max-removals %d allows it)", words.Plural(total, "member"), g.MaxRemovals, total)}, e.Violations...)
		e.MaxRemovals = total
	}
	if len(e.Violations) > 0 {
		return e
	}
	return nil
}

// ownersAfter counts the people who will own the live group once the
// changes it can run have run, and those of them the file stands behind
// (guardAfter).
func (l *List) ownersAfter() (total, counted int) {
	var runnable []Change
	for _, c := range l.Changes {
		if c.Blocked == "" {
			runnable = append(runnable, c)
		}
	}
	return l.ownersAfterAll(runnable), l.guardAfter(runnable)
}

// removesCountedOwners reports whether a change takes off the list, or
// demotes, an owner whose departure the guard weighs (List.weighs).
func (l *List) removesCountedOwners() bool {
	return slices.ContainsFunc(l.Changes, func(c Change) bool { return c.lowersOwners() && l.weighs(c.Email) })
}

// ownersAfterAll is how many people own the group after cs: the one
// count the guards (before any write) and Apply (between its phases)
// both use, so that they can never disagree.
func (l *List) ownersAfterAll(cs []Change) int {
	t := l.ownerTally(l.liveOwners)
	for _, c := range cs {
		t.apply(c, func(Change) bool { return true })
	}
	return t.n
}

func (l *List) removesOwners() bool {
	return slices.ContainsFunc(l.Changes, func(c Change) bool { return c.lowersOwners() })
}

// lowersOwners reports whether c takes an owner (a person) off the list
// or demotes them.
func (c Change) lowersOwners() bool {
	return !c.Group && !c.Suspended && c.Action != ActionAdd && c.PreviousRole == members.RoleOwner && (c.Action == ActionRemove || c.Role != members.RoleOwner)
}

// raisesOwners reports whether c makes a person an owner of the list:
// adds them as one, or promotes them (a group's role counts for no
// owner).
func (c Change) raisesOwners() bool {
	return !c.Group && !c.Suspended && c.Action != ActionRemove && c.Role == members.RoleOwner && (c.Action == ActionAdd || c.PreviousRole != members.RoleOwner)
}
