package plan

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
)

// ErrChecklist marks a list whose provider cannot write (a csv snapshot):
// its changes are a checklist for a person, not something sync did.
var ErrChecklist = errors.New("changes must be made by hand")

// ErrSkipped marks a change that was not tried because another change it
// waits for failed.
var ErrSkipped = errors.New("not tried")

// ErrPolicyFails marks a list whose own policy fails in the file: it was
// neither read nor written.
var ErrPolicyFails = errors.New("not read or synced: its policy fails")

// ErrSharedGroup marks a list whose group is another list's too: it was
// not planned, and nothing is written to it.
var ErrSharedGroup = errors.New("not planned or synced: its group is another list's too")

// ErrBlocked marks an add or promotion the file's own findings refuse (no
// qualifying vetting, a lapsed record, a list over its cap).
var ErrBlocked = errors.New("refused")

// ApplyOptions tune Apply.
type ApplyOptions struct {
	// Concurrency bounds the calls in flight across all lists.
	Concurrency int
	// Report, if set, is called once per change and once per settings
	// patch as it finishes; calls are serialised.
	Report func(Event)
}

// Event is the outcome of one change, for progress output.
type Event struct {
	List    string
	Address string
	Change  *Change         // nil for a settings patch
	Setting []SettingChange // for a settings patch
	Created bool            // the group was created
	Err     error
	// Found, for an addition Google answered "already a member", is the
	// address it lists that member under (the entry is an alias of
	// theirs): nobody was added.
	Found string
}

// Failure is a change that did not happen, and why.
type Failure struct {
	Change Change
	Err    error
}

// ListResult is what Apply did to one list.
type ListResult struct {
	ID, Address string
	Applied     []Change
	Failed      []Failure
	// Interrupted are the changes not made because the run was
	// cancelled (Ctrl-C, SIGTERM): not failures, the next run makes them.
	Interrupted []Change
	// Kept are removals not made because an add turned out to be an
	// alias of the member to remove (Google answered "already a member"
	// and named them): the file spells them differently, nothing more;
	// and role changes not made because the group, read again before
	// them, has the role already.
	Kept []Failure

	// Aliased are the live members an add found under another address
	// (Google answered "already a member" and named them): live member
	// id -> the file's address for them. Such a member is in the file,
	// written another way: no walk-in.
	Aliased map[string]string
	owners  *owners
	made    *madeMembers
	// stalled is the first write to the group that got no answer at all,
	// try after try (directory.Stuck): the rest would hang as long each,
	// so they are left for the next run, and the list fails alone in
	// minutes, not hours. (A server error may be the one address's, and
	// holds back nothing but its phase, run-wide, once it repeats: see
	// applier.failing.)
	stalled error
	// SettingsErr is the error of the settings patch, if it failed.
	SettingsErr error
	// SettingsPlanned are the settings the run set out to patch,
	// SettingsApplied those it did (all or none: one patch).
	SettingsPlanned, SettingsApplied int
	// Create: the plan creates the list's group; Created: it exists now,
	// made by this run (Google's 409 to a retry whose first answer was
	// lost is this run's own creation). The run's count has both.
	Create, Created bool
	// Err is set when nothing could be done on the list at all.
	Err error
}

// MadeBy returns the file's address whose addition this run made the
// live member with id, "" when none did: Google may hold the member
// under another address (an alias resolved to its user).
func (r ListResult) MadeBy(id string) string { return r.made.of(id) }

// OK reports whether everything planned for the list happened.
func (r ListResult) OK() bool {
	return r.Err == nil && len(r.Failed) == 0 && len(r.Interrupted) == 0 && r.SettingsErr == nil
}

// Result is what Apply did.
type Result struct {
	Lists []ListResult
}

// OK reports whether every list's changes all happened.
func (r Result) OK() bool {
	for _, l := range r.Lists {
		if !l.OK() {
			return false
		}
	}
	return true
}

// Interrupted counts the changes a cancelled run did not make, and all
// the changes it planned.
func (r Result) Interrupted() (notDone, total int) {
	for _, l := range r.Lists {
		notDone += len(l.Interrupted)
		total += len(l.Applied) + len(l.Failed) + len(l.Interrupted)
	}
	return notDone, total
}

// Apply makes the planned changes through each list's provider. Lists are
// independent: one failing does not stop the others. Within a list, adds
// and promotions run first; removals and demotions of owners run only if
// all of them succeeded, and never take the list below its min_owners;
// other removals always run (an urgent removal never waits for an
// unrelated add). Blocked changes are not tried. Cancelling ctx stops
// between calls; what is not done is reported as interrupted.
func Apply(ctx context.Context, p *Plan, providers map[string]directory.Provider, opts ApplyOptions) Result {
	a := &applier{sem: semaphore.NewWeighted(int64(max(1, opts.Concurrency))), report: opts.Report}
	results := make([]ListResult, len(p.Lists))
	var g errgroup.Group
	for i, l := range p.Lists {
		g.Go(func() error {
			r := a.list(ctx, l, providers[l.ID])
			r.Err, r.SettingsErr = cutShort(ctx, r.Err), cutShort(ctx, r.SettingsErr)
			results[i] = r
			return nil
		})
	}
	_ = g.Wait()
	return Result{Lists: results}
}

// cutShort marks an error of a run that Ctrl-C stopped as the
// interruption it is: the call's own error may carry only the signal's
// cause ("interrupt signal received"), which reports would label a
// failure.
func cutShort(ctx context.Context, err error) error {
	if err == nil || ctx.Err() == nil || errors.Is(err, context.Canceled) {
		return err
	}
	return fmt.Errorf("%w (%w)", err, context.Canceled)
}

type applier struct {
	sem    *semaphore.Weighted // calls in flight, across all lists
	mu     sync.Mutex          // serialises report
	report func(Event)

	// failing holds, by phase (1: additions and promotions; 2: removals
	// and demotions), the addresses whose writes the run gave up in a
	// row; once it holds failingInRow, the run writes no more of that
	// phase. By phase: additions Google keeps failing must never hold
	// back a revocation, which is tried until removals fail as well.
	failing [3]streak
}

func (a *applier) emit(ctx context.Context, ev Event) {
	ev.Err = cutShort(ctx, ev.Err)
	if a.report == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.report(ev)
}

func (a *applier) list(ctx context.Context, l *List, prov directory.Provider) ListResult {
	r := ListResult{ID: l.ID, Address: l.Address, Create: l.Create, owners: &owners{n: l.guardOwners, min: l.minOwners, group: l.Address}}
	r.owners.reread = func(ctx context.Context) (map[string]liveOwner, error) {
		ms, err := prov.Managers(ctx, l.Address)
		_, ids := l.countedOwners(ms)
		// An owner this run added counts as the entry that made them,
		// whatever address Google holds them under (the file may name
		// an alias).
		for id, o := range ids {
			if f := r.made.of(id); f != "" && l.counted[members.MailboxOf(f)] {
				o.counted, o.weighs = true, true
				ids[id] = o
			}
		}
		return ids, err
	}
	switch {
	case l.PolicyFails:
		r.Err = fmt.Errorf("list %s: %w: %s", l.ID, ErrPolicyFails, l.Error)
		return r
	case l.SharedGroup:
		r.Err = fmt.Errorf("list %s: %w: %s", l.ID, ErrSharedGroup, l.Error)
		return r
	case l.Error != "":
		// Checked first: an unreadable list has no changes, and must not
		// pass for one that is up to date.
		r.Err = fmt.Errorf("list %s: live state unreadable: %s", l.ID, l.Error)
		return r
	case !l.Pending():
		return r
	case l.GroupMissing && !l.Create:
		r.Err = fmt.Errorf("list %s: group %s: %w; create it (in the Admin console; for an emulator, its --group) or set create = true on the list, then sync again", l.ID, l.Address, directory.ErrGroupNotFound)
		return r
	case l.Checklist:
		n, blocked := len(l.Settings), 0
		for _, c := range l.Changes {
			if c.Blocked != "" {
				blocked++
				continue
			}
			n++
		}
		also := ""
		if blocked > 0 {
			also = fmt.Sprintf(" (not the %d BLOCKED %s: the policy refuses %s)", blocked, words.Pick(blocked, "one", "ones"), words.Pick(blocked, "it", "them"))
		}
		r.Err = fmt.Errorf("list %s (%s): %w: provider %s cannot change the group; make the %s of the checklist%s in the group's web page, then export its members again", l.ID, l.Address, ErrChecklist, l.Provider, words.Plural(n, "change"), also)
		return r
	case prov == nil:
		r.Err = fmt.Errorf("list %s: no provider", l.ID)
		return r
	}
	if l.Create {
		// A new group is created with Google's defaults, which let more
		// people in than a private list allows: its settings are pinned
		// before the first member is added, so it is never open with
		// anyone on it, and no member is added if they cannot be.
		if err := a.create(ctx, l, prov, &r); err != nil {
			r.Err = err
			// Its members were planned: they count as not made, so that
			// "applied N of M" counts every planned change.
			if ctx.Err() != nil {
				r.Interrupted = append(r.Interrupted, l.Changes...)
			} else {
				why := fmt.Errorf("not made: the group %s could not be created", l.Address)
				if r.SettingsErr != nil {
					why = fmt.Errorf("not made: the group %s was created, but its settings could not be pinned, and no one is added to a group open with Google's defaults", l.Address)
				}
				for _, c := range l.Changes {
					r.Failed = append(r.Failed, Failure{Change: c, Err: why})
				}
			}
			return r
		}
	}
	if len(l.Settings) > 0 && !l.Create {
		a.settings(ctx, l, prov, &r)
	}
	// A group whose settings let more people see, join or post than the
	// policy allows (one a run created and was stopped before pinning,
	// or one changed by hand) gets nobody new while they cannot be
	// pinned: adding someone to a list open wider than its policy is
	// what the pin is there to prevent.
	// (A write cut short by Ctrl-C was not refused: what follows is
	// interrupted, not skipped.)
	unpinned := r.SettingsErr != nil && ctx.Err() == nil && slices.ContainsFunc(l.Settings, func(s SettingChange) bool { return s.Widens })
	var first, second []Change
	for _, c := range l.Changes {
		switch {
		case c.Blocked != "":
			r.Failed = append(r.Failed, Failure{Change: c, Err: fmt.Errorf("%w: %s", ErrBlocked, c.Blocked)})
		case c.Phase() == 1 && unpinned:
			r.Failed = append(r.Failed, Failure{Change: c, Err: fmt.Errorf("%w: the group's settings let more people in than its policy allows and could not be pinned; nobody is added or promoted until they are", ErrSkipped)})
		case c.Phase() == 1:
			first = append(first, c)
		default:
			second = append(second, c)
		}
	}
	first, second = a.removalsFirstAtCap(ctx, l, prov, first, second, &r)
	// An owner's add or promotion that is blocked is a replacement that
	// is not coming: it holds back the owners' departures as a failed
	// one does. A member's or a manager's replaces no owner.
	newOwner := func(c Change) bool { return c.Phase() == 1 && c.Role == members.RoleOwner }
	blockedFirst := false
	for _, c := range l.Changes {
		blockedFirst = blockedFirst || (c.Blocked != "" || unpinned) && newOwner(c)
	}
	failedBefore := len(r.Failed)
	if l.minOwners > 0 && l.liveOwners < l.minOwners {
		// A group short of owners (created by this run, or emptied)
		// gets its owners first, and members only once it has the
		// owners its policy needs: an owner's add Google refuses (no
		// such account) must not leave a group filled that nobody owns.
		var owning, joining []Change
		for _, c := range first {
			if newOwner(c) {
				owning = append(owning, c)
			} else {
				joining = append(joining, c)
			}
		}
		appliedBefore := len(r.Applied)
		a.run(ctx, l, prov, owning, &r)
		// People, as every owner count is: an owner added under a second
		// spelling of someone who owns the group already is no new one.
		tally := l.ownerTally(l.liveOwners)
		for _, c := range r.Applied[appliedBefore:] {
			tally.apply(c, func(Change) bool { return true })
		}
		have := tally.n
		if have < l.minOwners && ctx.Err() == nil {
			var rest []Change
			for _, c := range joining {
				if c.Action != ActionAdd {
					rest = append(rest, c)
					continue
				}
				r.Failed = append(r.Failed, Failure{Change: c, Err: fmt.Errorf("%w: %s has %s, and policy needs %d (min_owners): an owner's add failed, and members join once its owners are in", ErrSkipped, l.Address, words.Plural(have, "owner"), l.minOwners)})
			}
			joining = rest
		}
		first = joining
	}
	a.run(ctx, l, prov, first, &r)
	firstFailed := blockedFirst || slices.ContainsFunc(r.Failed[failedBefore:], func(f Failure) bool { return newOwner(f.Change) })
	if len(r.Aliased) > 0 {
		// No run removes a member because the file writes them with an
		// alias: the add found them, so they are not a stranger.
		var rest []Change
		for _, c := range second {
			if file, ok := r.Aliased[c.MemberID]; ok && c.MemberID != "" {
				r.Kept = append(r.Kept, Failure{Change: c, Err: fmt.Errorf("kept: %s in members.toml is this member (an alias or a former address); write %s in the file", file, c.Email)})
				continue
			}
			rest = append(rest, c)
		}
		second = rest
	}
	second = a.holdForUnmadeAdds(ctx, l, second, &r)
	var allowed []Change
	lowers := false
	// With a replacement that is not coming, an owner still leaves when
	// the owners in (the live ones, and this run's adds and promotions
	// that landed) carry the list without them: a revocation is never
	// held back by an unrelated add Google keeps failing. Otherwise the
	// owners stay until the file's new ones are in.
	// Both counts: the people owning the group, and those of them the
	// file stands behind (guardAfter), whom a walk-in's leaving does
	// not lower.
	everyone := func(Change) bool { return true }
	ownersIn, countedIn := l.ownerTally(l.liveOwners), l.ownerTally(l.guardOwners)
	for _, c := range r.Applied {
		ownersIn.apply(c, everyone)
		countedIn.apply(c, l.countsFor)
	}
	for _, c := range second {
		owner := c.PreviousRole == members.RoleOwner && !c.Group
		if owner && firstFailed && (ownersIn.without(c, everyone) < max(l.minOwners, 1) || l.weighs(c.Email) && countedIn.without(c, l.countsFor) < max(l.minOwners, 1)) {
			r.Failed = append(r.Failed, Failure{Change: c, Err: fmt.Errorf("%w: an owner's add or promotion on this list failed or is blocked, and owners are only removed once the owners replacing them are in", ErrSkipped)})
			continue
		}
		ownersIn.apply(c, everyone)
		countedIn.apply(c, l.countsFor)
		demotes := c.Action == ActionSetRole && c.Role.Rank() < c.PreviousRole.Rank()
		lowers = lowers || c.PreviousRole == members.RoleOwner || c.Action == ActionRemove || demotes
		allowed = append(allowed, c)
	}
	if lowers && ctx.Err() == nil {
		// The owners the plan counted, and the roles it saw, were read
		// before the run; someone (a person, another run) may have
		// removed an owner or promoted someone to be removed since. Read
		// the group's owners and managers again, once, before the first
		// removal or owner's departure: a removal of someone who is now
		// an owner is an owner's departure, and one of an owner made a
		// member since is not.
		live, err := a.recount(ctx, l, prov, &r)
		var rest []Change
		for _, c := range allowed {
			if err != nil && (c.PreviousRole == members.RoleOwner || c.Action == ActionRemove || c.Action == ActionSetRole) {
				if ctx.Err() != nil {
					// Cut short by Ctrl-C, not refused: the next run does it.
					r.Interrupted = append(r.Interrupted, c)
					continue
				}
				r.Failed = append(r.Failed, Failure{Change: c, Err: fmt.Errorf("%w: the group could not be read again before this change: %w", ErrSkipped, err)})
				continue
			}
			if err == nil && c.Action != ActionAdd && c.MemberID != "" {
				planned := c.PreviousRole
				c.PreviousRole = members.RoleMember // neither owner nor manager now: a member, or gone, which the call's 404 tells
				role, there := live[c.MemberID]
				if there {
					c.PreviousRole = FromLiveRole(role)
				}
				if !there && c.Action == ActionSetRole && c.Role == members.RoleMember {
					// No owner or manager now: made a member since, or
					// gone. One look says which, so that a demotion
					// another run made is not written again and logged
					// as "member -> member".
					if m, gerr := prov.Member(ctx, l.Address, c.MemberID); gerr == nil && FromLiveRole(m.Role) == members.RoleMember {
						there = true
					}
				}
				if there && c.Action == ActionSetRole && c.PreviousRole == c.Role {
					// Made since the plan read the group (another run at
					// once, or a person): nothing to write, and no change
					// of this run's to count. (To be made a member, they
					// are no owner or manager now: a member already, or
					// gone, which only the write's 404 tells.)
					c.PreviousRole = planned
					r.Kept = append(r.Kept, Failure{Change: c, Err: fmt.Errorf("kept: already %s on the group, made since the plan read it (by another run at once, or a person); nothing to write", c.Role)})
					continue
				}
			}
			rest = append(rest, c)
		}
		allowed = rest
	}
	a.run(ctx, l, prov, allowed, &r)
	sortFailures(r.Failed)
	sortChanges(r.Applied)
	sortChanges(r.Interrupted)
	return r
}

func (a *applier) settings(ctx context.Context, l *List, prov directory.Provider, r *ListResult) {
	a.patchSettings(ctx, l, prov, r)
	a.emit(ctx, Event{List: l.ID, Address: l.Address, Setting: l.Settings, Err: r.SettingsErr})
}

// patchSettings is settings without the event: for a group just created,
// whose settings Google may not find for a few seconds, the tries that
// wait for it are no failure to report.
func (a *applier) patchSettings(ctx context.Context, l *List, prov directory.Provider, r *ListResult) {
	r.SettingsPlanned = len(l.Settings)
	sp, ok := prov.(directory.SettingsProvider)
	if !ok {
		r.SettingsErr = fmt.Errorf("list %s: provider %s has no group settings", l.ID, l.Provider)
		return
	}
	changes := make(map[string]string, len(l.Settings))
	for _, s := range l.Settings {
		if s.FromFile && s.Desired == "" {
			// A pin a pull request's plan saw dropped: nothing to set,
			// and never "" written over the live value.
			continue
		}
		changes[s.Field] = s.Desired
	}
	if err := a.sem.Acquire(ctx, 1); err != nil {
		r.SettingsErr = fmt.Errorf("list %s: settings: interrupted: %w", l.ID, err)
		return
	}
	err := sp.PatchSettings(ctx, l.Address, changes)
	a.sem.Release(1)
	if err != nil {
		r.SettingsErr = fmt.Errorf("list %s: settings: %w", l.ID, err)
	} else {
		r.SettingsApplied = len(l.Settings)
	}
}

// run applies changes concurrently, at most the applier's limit of calls
// in flight across all lists. A change not started, or cut short, because
// ctx was cancelled is interrupted, not failed.
func (a *applier) run(ctx context.Context, l *List, prov directory.Provider, cs []Change, r *ListResult) {
	var mu sync.Mutex
	var g errgroup.Group
	// The live members the file does not list: an add that Google
	// answers with one of them found an alias; with anyone else, it found
	// a member another entry of the file already is.
	strangers := map[string]bool{}
	for _, ch := range l.Changes {
		if ch.Action == ActionRemove && ch.MemberID != "" {
			strangers[ch.MemberID] = true
		}
	}
	for _, u := range l.Unmanaged {
		if u.ID != "" {
			strangers[u.ID] = true
		}
	}
	if r.made == nil {
		r.made = &madeMembers{by: map[string]string{}}
	}
	for _, c := range cs {
		if err := a.sem.Acquire(ctx, 1); err != nil {
			mu.Lock()
			r.Interrupted = append(r.Interrupted, c)
			mu.Unlock()
			continue
		}
		g.Go(func() error {
			mu.Lock()
			stuck := r.stalled
			mu.Unlock()
			var found directory.Member
			var err error
			what := "additions and promotions"
			if c.Phase() == 2 {
				what = "removals and demotions"
			}
			switch failing := a.failing[c.Phase()].since(); {
			case stuck != nil:
				err = fmt.Errorf("%w: an earlier write to %s got no answer, or could not reach Google, try after try (%v); this one is left for the next run", ErrSkipped, l.Address, stuck)
			case failing != nil:
				err = fmt.Errorf("%w: the run's last %s of %d addresses got no answer or a server error, try after try (the last: %v); Google is failing them, and this one is left for the next run", ErrSkipped, what, failingInRow, failing)
			default:
				found, err = applyChange(ctx, prov, l.Address, c, r.owners, strangers, r.made, l.allowGroups)
				a.failing[c.Phase()].record(members.IdentityOf(c.Email), err)
			}
			mu.Lock()
			// Marked before the slot is given back: the next write to
			// take it must see that this one stalled.
			if r.stalled == nil && directory.Stuck(err) {
				r.stalled = err
			}
			mu.Unlock()
			a.sem.Release(1)
			mu.Lock()
			if found.ID != "" && members.IdentityOf(found.Email) != members.IdentityOf(c.Email) {
				if r.Aliased == nil {
					r.Aliased = make(map[string]string)
				}
				r.Aliased[found.ID] = c.Email
			}
			switch {
			case err != nil && ctx.Err() != nil:
				r.Interrupted = append(r.Interrupted, c)
			case err != nil:
				r.Failed = append(r.Failed, Failure{Change: c, Err: err})
			default:
				r.Applied = append(r.Applied, c)
			}
			mu.Unlock()
			if ctx.Err() == nil || err == nil {
				ev := Event{List: l.ID, Address: l.Address, Change: &c, Err: err}
				if found.ID != "" && members.IdentityOf(found.Email) != members.IdentityOf(c.Email) {
					ev.Found = found.Email
				}
				a.emit(ctx, ev)
			}
			return nil
		})
	}
	_ = g.Wait()
}

func sortFailures(fs []Failure) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i].Change, fs[j].Change
		if a.Phase() != b.Phase() {
			return a.Phase() < b.Phase()
		}
		return strings.ToLower(a.Email) < strings.ToLower(b.Email)
	})
}
