package plan

import (
	"context"
	"fmt"
	"maps"
	"sync"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
)

// owners counts a group's live owners while changes run, so that every
// write that can lower them (a removal, a demotion, a role fixed on a
// member Google found under another address) passes one check: never
// below the policy's min_owners, whichever path produced the write and in
// whatever order concurrent writes finish.
type owners struct {
	mu    sync.Mutex
	n     int // owners now, counting lowering writes in flight as done
	min   int
	group string
	// reread counts the group's owners again (a page of owners and
	// managers), for every write that lowers them: another run, or a
	// person, may have taken an owner off since the last count.
	reread func(ctx context.Context) (owners map[string]liveOwner, err error) // by live member id (countedOwners)
	// departingWeighs says whether the departure lowerAfterReading let
	// through is weighed against the owners the guard counts
	// (List.weighs); held, as the departure, under departing.
	departingWeighs bool
	// departing is held from a departure's count to the end of its
	// write: one departure at a time, so that each count sees every
	// earlier one landed (owner departures are few).
	departing sync.Mutex
}

// lowerAfterReading is lower on the owners as they are now, for a write
// that takes the owner with live member id (when known) off: it counts
// them again and decides on that count alone, so that an owner removed
// since the last count (by hand, or by another run at once) is not
// counted. Departures run one at a time from the count to the end of
// the write (release ends it), so no departure of this run is in flight
// uncounted; an addition still in flight is not counted yet, which errs
// on the side of owners.
func (o *owners) lowerAfterReading(ctx context.Context, does bool, id string) (release func(done bool), counted bool, err error) {
	if !does || o == nil || o.reread == nil {
		release, err = o.lower(does)
		return release, false, err
	}
	o.departing.Lock()
	now, err := o.reread(ctx)
	if err != nil {
		o.departing.Unlock()
		return nil, false, fmt.Errorf("%w: the group's owners could not be read again before this change, which lowers them: %w", ErrSkipped, err)
	}
	dep, owner := now[id]
	if id != "" && !owner {
		// No longer an owner (another run, or a person, took them off
		// or demoted them meanwhile): the write lowers nobody.
		o.departing.Unlock()
		return func(bool) {}, false, nil
	}
	// Both counts hold: the people owning the group, and those of them
	// the file stands behind (countedOwners). A walk-in owner leaves
	// the second as it is; whoever leaves, the group is never left with
	// fewer people owning it than min_owners.
	after, admitted := ownerCounts(now, id)
	if id == "" {
		// Not known by id: one fewer of each, erring on the side of
		// owners.
		after, admitted = after-1, admitted-1
		dep.weighs = true
	}
	if after < o.min || dep.weighs && admitted < o.min {
		o.departing.Unlock()
		left := after
		if after >= o.min {
			left = admitted
		}
		return nil, false, fmt.Errorf("%w: it would leave %s with %s; policy needs %d", ErrSkipped, o.group, words.Plural(left, "owner")+whomTheFileAdmits(after >= o.min), o.min)
	}
	o.departingWeighs = dep.weighs
	o.mu.Lock()
	o.n = after
	o.mu.Unlock()
	return func(done bool) {
		if !done {
			o.mu.Lock()
			o.n++
			o.mu.Unlock()
		}
		o.departing.Unlock()
	}, true, nil
}

// afterDeparture, once a departure lowerAfterReading counted has landed
// and before its release,
// counts the owners again: another run at once, deciding on the same
// count, may have taken another owner off between this run's count and
// its write (Google has no write that checks a count). Below min_owners,
// restore puts the one who left back as owner, and the change fails,
// saying so: two runs at once can dip the group for a moment, but leave
// it at min_owners. A count that cannot be read leaves the departure be
// (the count before it held, and putting them back would be a write
// on no count either), but the change fails, saying the group's owners
// are unknown: a run must not end green on a group it cannot tell is
// still owned.
func (o *owners) afterDeparture(ctx context.Context, who string, restore func(context.Context) error) error {
	if o == nil || o.reread == nil {
		return nil
	}
	// Not cut short by a cancelled run: the write has landed, and the
	// group must not be left below min_owners for want of a count.
	ctx = context.WithoutCancel(ctx)
	now, err := o.reread(ctx)
	if err != nil {
		return fmt.Errorf("%s left %s, but its owners could not be counted again after it (%w): check that it has at least %d (min_owners); the next run counts them", who, o.group, err, o.min)
	}
	total, counted := ownerCounts(now, "")
	if total >= o.min && (!o.departingWeighs || counted >= o.min) {
		return nil
	}
	left := words.Plural(total, "owner")
	if total >= o.min {
		left = words.Plural(counted, "owner") + whomTheFileAdmits(true)
	}
	if err := restore(ctx); err != nil {
		return fmt.Errorf("%s left %s, which then had %s, below min_owners %d (another run at once, or a person, took one off meanwhile), and putting them back as owner failed: %w; make someone owner by hand", who, o.group, left, o.min, err)
	}
	return fmt.Errorf("%s left %s, which then had %s, below min_owners %d (another run at once, or a person, took one off meanwhile): put back as owner; run again", who, o.group, left, o.min)
}

// lower reserves one owner's departure when the write lowers owners
// (does is true): it fails with ErrSkipped when that would take the group
// below min. release(done) gives the reservation back when the write did
// not happen.
func (o *owners) lower(does bool) (release func(done bool), err error) {
	if !does || o == nil {
		return func(bool) {}, nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.n-1 < o.min {
		return nil, fmt.Errorf("%w: it would leave %s with %s; policy needs %d", ErrSkipped, o.group, words.Plural(o.n-1, "owner"), o.min)
	}
	o.n--
	return func(done bool) {
		if !done {
			o.mu.Lock()
			o.n++
			o.mu.Unlock()
		}
	}, nil
}

// raise counts a new owner.
func (o *owners) raise() {
	if o == nil {
		return
	}
	o.mu.Lock()
	o.n++
	o.mu.Unlock()
}

// recount reads the group's owners again into r's owner count, and
// returns the roles of its owners and managers, by id: a page, where
// every member of a large group is many.
func (a *applier) recount(ctx context.Context, l *List, prov directory.Provider, r *ListResult) (map[string]directory.Role, error) {
	if err := a.sem.Acquire(ctx, 1); err != nil {
		return nil, err
	}
	ms, err := prov.Managers(ctx, l.Address)
	a.sem.Release(1)
	if err != nil {
		return nil, err
	}
	live := make(map[string]directory.Role, len(ms))
	for _, m := range ms {
		live[m.ID] = m.Role
	}
	n, _ := l.countedOwners(ms)
	r.owners.mu.Lock()
	r.owners.n = n
	r.owners.mu.Unlock()
	return live, nil
}

// ownerEntries counts, by mailbox, the live members who own the group
// as people: its length is how many people own it (o1@ and o1+lists@
// are one person; a group made owner answers for nobody).
func ownerEntries(ms []directory.Member) map[string]int {
	out := make(map[string]int)
	for _, m := range ms {
		if m.Owning() {
			out[members.MailboxOf(m.Email)]++
		}
	}
	return out
}

// liveOwner is a person who owns the group, as read again before a
// write that lowers its owners: their mailbox, and whether the file
// lists them on the list and admits them there (List.counted).
type liveOwner struct {
	mailbox string
	counted bool
	// weighs: their departure is weighed against the count (List.weighs).
	weighs bool
}

// countedOwners counts the owners among ms that the guard on lowering
// writes counts: the people who own the group (ownersOf) whom the file
// lists on l and admits there (counted). ids gives every person owning
// it, by live member id.
func (l *List) countedOwners(ms []directory.Member) (n int, ids map[string]liveOwner) {
	ids = make(map[string]liveOwner)
	for _, m := range ms {
		if !m.Owning() {
			continue
		}
		mb := members.MailboxOf(m.Email)
		if m.ID != "" {
			ids[m.ID] = liveOwner{mailbox: mb, counted: l.counted[mb], weighs: l.weighs(m.Email)}
		}
	}
	_, n = ownerCounts(ids, "")
	if len(ids) == 0 {
		// No ids (a stand-in that sends none): counted by address.
		seen := make(map[string]bool)
		for _, m := range ms {
			if mb := members.MailboxOf(m.Email); m.Owning() && l.counted[mb] {
				seen[mb] = true
			}
		}
		n = len(seen)
	}
	return n, ids
}

// ownerCounts counts the mailboxes of owners, the one of id left out
// unless another id has it too: every one, and those the guard counts.
func ownerCounts(owners map[string]liveOwner, id string) (total, counted int) {
	all := make(map[string]bool, len(owners))
	admitted := make(map[string]bool, len(owners))
	for other, o := range owners {
		if other == id {
			continue
		}
		all[o.mailbox] = true
		if o.counted {
			admitted[o.mailbox] = true
		}
	}
	return len(all), len(admitted)
}

// whomTheFileAdmits qualifies a count of owners that is those the file
// admits.
func whomTheFileAdmits(yes bool) string {
	if yes {
		return " the file admits there"
	}
	return ""
}

// guardAfter is OwnersAfter for the owners the guard counts: the
// group's counted owners (guardOwners) after cs, where an owner leaves
// the count only if it counted them. A walk-in owner's removal lowers
// nothing the guard counts; an owner's add or promotion, which only an
// entry that admits them gets, raises it.
func (l *List) guardAfter(cs []Change) int {
	t := l.ownerTally(l.guardOwners)
	for _, c := range cs {
		t.apply(c, l.countsFor)
	}
	return t.n
}

// countsFor reports whether c's owner is one the guard counts.
func (l *List) countsFor(c Change) bool { return l.counted[members.MailboxOf(c.Email)] }

// ownerTally counts the people owning a group as its changes run. A
// person is a mailbox, which may own the group under several spellings
// (o1@ and o1+x@, each a member of its own): one spelling taken off or
// demoted leaves them an owner while another stays, and one added or
// promoted makes no new owner of someone who owns it already. Counting
// spellings, a second spelling an owner added by hand would make the
// revocation of another owner look like a departure too many.
type ownerTally struct {
	n int
	// entries is, by mailbox, how many live members own the group
	// under it; a mailbox absent is one that owns it under none.
	entries map[string]int
}

// ownerTally starts a tally at n people, with the group's owners as
// read.
func (l *List) ownerTally(n int) *ownerTally {
	entries := maps.Clone(l.ownerEntries)
	if entries == nil {
		entries = map[string]int{}
	}
	return &ownerTally{n: n, entries: entries}
}

// apply counts change c: a departure lowers the count when the person
// leaves (no spelling of theirs owns it any more) and counts says the
// count held them; an arrival raises it when the person owned it under
// no spelling.
func (t *ownerTally) apply(c Change, counts func(Change) bool) {
	mb := members.MailboxOf(c.Email)
	switch {
	case c.lowersOwners():
		if k := t.entries[mb]; k > 1 {
			t.entries[mb] = k - 1
			return
		}
		delete(t.entries, mb)
		if counts(c) {
			t.n--
		}
	case c.raisesOwners():
		t.entries[mb]++
		if t.entries[mb] == 1 {
			t.n++
		}
	}
}

// without is the count once departure c has run, leaving the tally as
// it is.
func (t *ownerTally) without(c Change, counts func(Change) bool) int {
	if c.lowersOwners() && t.entries[members.MailboxOf(c.Email)] <= 1 && counts(c) {
		return t.n - 1
	}
	return t.n
}
