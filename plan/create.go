package plan

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// existing checks, after Google answered that l's address is taken, that
// a group holds it: one made meanwhile goes on to its settings; an
// address held by something else is an error that says so.
func (a *applier) existing(ctx context.Context, l *List, prov directory.Provider, created error) error {
	gr, ok := prov.(directory.GroupReader)
	if !ok {
		return nil // cannot look; the settings' answer will tell
	}
	g, err := gr.Group(ctx, l.Address)
	// After a try whose answer was lost, the taken address may be this
	// run's own group, which Google does not find yet (it can take
	// seconds): looked for again, as long as the pinning would wait for
	// it.
	for wait := 500 * time.Millisecond; errors.Is(created, directory.ErrLostAnswer) && errors.Is(err, directory.ErrGroupNotFound) && wait <= 16*time.Second; wait *= 2 {
		select {
		case <-ctx.Done():
			return fmt.Errorf("list %s: create %s: interrupted while looking for the group: %w", l.ID, l.Address, context.Cause(ctx))
		case <-time.After(wait):
		}
		g, err = gr.Group(ctx, l.Address)
	}
	switch {
	case errors.Is(err, directory.ErrGroupNotFound):
		return fmt.Errorf("list %s: Google says %s is taken, but no group answers at it: a user or a user's alias holds the address (if this run's own group is not found yet, the next run goes on); give the list another address", l.ID, l.Address)
	case err != nil:
		return nil // cannot look (the read scope may not be granted)
	case members.IdentityOf(g.Email) != members.IdentityOf(l.Address):
		return fmt.Errorf("list %s: %s is an alias of the group %s; write that address on the list, or give it another", l.ID, l.Address, g.Email)
	}
	return nil
}

// create creates the list's group, then pins its policy's settings,
// retrying while Google still answers that the new group does not exist
// (it can, for a short while after creation).
func (a *applier) create(ctx context.Context, l *List, prov directory.Provider, r *ListResult) error {
	gc, ok := prov.(directory.GroupCreator)
	if !ok {
		return fmt.Errorf("list %s: provider %s cannot create groups", l.ID, l.Provider)
	}
	if err := a.sem.Acquire(ctx, 1); err != nil {
		return fmt.Errorf("list %s: create %s: interrupted", l.ID, l.Address)
	}
	_, err := gc.CreateGroup(ctx, l.Address, l.ID, "")
	a.sem.Release(1)
	switch {
	case err == nil:
	case errors.Is(err, directory.ErrGroupExists):
		// Google answers so for a group made meanwhile (another run, or
		// this call's own lost answer), but also for an address a user,
		// a user's alias or another group's alias holds: look.
		if err := a.existing(ctx, l, prov, err); err != nil {
			return err
		}
	default:
		return fmt.Errorf("list %s: create %s: %w", l.ID, l.Address, err)
	}
	// The group the plan creates is there, whichever answer said so: the
	// progress line and the run's count say it was done, as the plan
	// said it would be (a retry's 409 after a lost answer is most often
	// this run's own creation).
	r.Created = true
	a.emit(ctx, Event{List: l.ID, Address: l.Address, Created: true})
	if len(l.Settings) == 0 {
		return a.found(ctx, l, prov)
	}
	for wait := 500 * time.Millisecond; ; wait *= 2 {
		a.patchSettings(ctx, l, prov, r)
		last := !errors.Is(r.SettingsErr, directory.ErrGroupNotFound) || wait > 16*time.Second
		if r.SettingsErr == nil || last {
			// One event for the settings, as for a group that existed:
			// the tries that waited for the new group to be found are
			// not failures.
			a.emit(ctx, Event{List: l.ID, Address: l.Address, Setting: l.Settings, Err: r.SettingsErr})
		}
		if r.SettingsErr == nil {
			return nil
		}
		if last {
			return fmt.Errorf("list %s: created %s, but could not pin its settings, so no member was added: %w", l.ID, l.Address, r.SettingsErr)
		}
		r.SettingsErr = nil
		select {
		case <-ctx.Done():
			// Said once, as the last try would have: the group is
			// created, its settings are not pinned.
			r.SettingsErr = fmt.Errorf("list %s: settings of the new group: %w", l.ID, context.Cause(ctx))
			a.emit(ctx, Event{List: l.ID, Address: l.Address, Setting: l.Settings, Err: r.SettingsErr})
			return r.SettingsErr
		case <-time.After(wait):
		}
	}
}

// found waits, for a group just created with no settings to pin (whose
// pinning would have waited), until Google finds it, as long as the
// settings would have: the members' additions made while it still
// answers "not found" would all fail.
func (a *applier) found(ctx context.Context, l *List, prov directory.Provider) error {
	gr, ok := prov.(directory.GroupReader)
	if !ok {
		return nil // cannot look: the additions' answers will tell
	}
	for wait := 500 * time.Millisecond; ; wait *= 2 {
		if err := a.sem.Acquire(ctx, 1); err != nil {
			return fmt.Errorf("list %s: created %s; interrupted before its members were added: %w", l.ID, l.Address, context.Cause(ctx))
		}
		_, err := gr.Group(ctx, l.Address)
		a.sem.Release(1)
		switch {
		case err == nil, !errors.Is(err, directory.ErrGroupNotFound):
			// Found, or the read cannot tell (its scope may not be
			// granted): the additions go ahead and say what they meet.
			return nil
		case wait > 16*time.Second:
			return fmt.Errorf("list %s: created %s, but Google does not find it yet, so no member was added; the next run adds them", l.ID, l.Address)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("list %s: created %s; interrupted before its members were added: %w", l.ID, l.Address, context.Cause(ctx))
		case <-time.After(wait):
		}
	}
}
