package plan

import (
	"context"
	"fmt"
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
	reread func(ctx context.Context) (owners map[string]string, err error) // mailboxes by live member id (countedOwners)
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
	if _, counted := now[id]; id != "" && !counted {
		// No owner min_owners counts (another run, or a person, took
		// them off or demoted them meanwhile; or the file never
		// admitted them): the write lowers nobody it counts.
		o.departing.Unlock()
		return func(bool) {}, false, nil
	}
	after := distinctWithout(now, id)
	if id == "" {
		after = distinctWithout(now, "") - 1
	}
	if after < o.min {
		o.departing.Unlock()
		return nil, false, fmt.Errorf("%w: it would leave %s with %s; policy needs %d", ErrSkipped, o.group, words.Plural(after, "owner"), o.min)
	}
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
// (the count before it held).
func (o *owners) afterDeparture(ctx context.Context, who string, restore func(context.Context) error) error {
	if o == nil || o.reread == nil {
		return nil
	}
	// Not cut short by a cancelled run: the write has landed, and the
	// group must not be left below min_owners for want of a count.
	ctx = context.WithoutCancel(ctx)
	now, err := o.reread(ctx)
	if err != nil || distinctWithout(now, "") >= o.min {
		return nil
	}
	left := words.Plural(distinctWithout(now, ""), "owner")
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

// ownersOf counts the people who own the group among ms, each mailbox
// once (o1@ and o1+lists@ are one person; a group made owner answers
// for nobody).
func ownersOf(ms []directory.Member) int {
	seen := make(map[string]bool)
	for _, m := range ms {
		if m.Role == directory.RoleOwner && m.Person() {
			seen[members.MailboxOf(m.Email)] = true
		}
	}
	return len(seen)
}

// countedOwners counts the owners among ms that the guard on lowering
// writes counts: the people who own the group (ownersOf) but those the
// file lists on l on a record that admits them nowhere (notCounted).
// ids gives each counted owner's mailbox by live member id.
func (l *List) countedOwners(ms []directory.Member) (n int, ids map[string]string) {
	ids = make(map[string]string)
	seen := make(map[string]bool)
	for _, m := range ms {
		if m.Role != directory.RoleOwner || !m.Person() {
			continue
		}
		mb := members.MailboxOf(m.Email)
		if l.notCounted[mb] {
			continue
		}
		if m.ID != "" {
			ids[m.ID] = mb
		}
		if !seen[mb] {
			seen[mb] = true
			n++
		}
	}
	return n, ids
}

// distinctWithout counts the mailboxes of ids, the one of id left out
// unless another id has it too.
func distinctWithout(ids map[string]string, id string) int {
	seen := make(map[string]bool, len(ids))
	for other, mb := range ids {
		if other != id {
			seen[mb] = true
		}
	}
	return len(seen)
}
