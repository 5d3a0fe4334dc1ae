package plan

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// ErrChecklist marks a list whose provider cannot write (a csv snapshot):
// its changes are a checklist for a person, not something sync did.
var ErrChecklist = errors.New("changes must be made by hand")

// ErrSkipped marks a change that was not tried.
var ErrSkipped = errors.New("not tried")

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
	Err     error
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
	// SettingsErr is the error of the settings patch, if it failed.
	SettingsErr     error
	SettingsApplied int
	// Err is set when nothing could be done on the list at all.
	Err error
}

// OK reports whether everything planned for the list happened.
func (r ListResult) OK() bool { return r.Err == nil && len(r.Failed) == 0 && r.SettingsErr == nil }

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

// Apply makes the planned changes through each list's provider. Lists are
// independent: one failing does not stop the others. Within a list, adds
// and promotions run first; removals and demotions run only if all of
// them succeeded, and never take the list below its min_owners.
// Cancelling ctx stops between calls; what is not done is reported.
func Apply(ctx context.Context, p *Plan, providers map[string]directory.Provider, opts ApplyOptions) Result {
	if opts.Concurrency < 1 {
		opts.Concurrency = 1
	}
	a := &applier{sem: make(chan struct{}, opts.Concurrency), report: opts.Report}
	results := make([]ListResult, len(p.Lists))
	var wg sync.WaitGroup
	for i, l := range p.Lists {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = a.list(ctx, l, providers[l.ID])
		}()
	}
	wg.Wait()
	return Result{Lists: results}
}

type applier struct {
	sem    chan struct{}
	mu     sync.Mutex // serialises report
	report func(Event)
}

func (a *applier) emit(ev Event) {
	if a.report == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.report(ev)
}

func (a *applier) list(ctx context.Context, l *List, prov directory.Provider) ListResult {
	r := ListResult{ID: l.ID, Address: l.Address}
	switch {
	case l.Error != "":
		// Checked first: an unreadable list has no changes, and must not
		// pass for one that is up to date.
		r.Err = fmt.Errorf("list %s: live state unreadable: %s", l.ID, l.Error)
		return r
	case !l.Pending():
		return r
	case l.GroupMissing:
		r.Err = fmt.Errorf("list %s: group %s: %w; create it in the Admin console, then sync again", l.ID, l.Address, directory.ErrGroupNotFound)
		return r
	case l.Checklist:
		r.Err = fmt.Errorf("list %s (%s): %w: provider %s cannot change the group; make the %d changes in the group's web page, then export its members again", l.ID, l.Address, ErrChecklist, l.Provider, len(l.Changes)+len(l.Settings))
		return r
	case prov == nil:
		r.Err = fmt.Errorf("list %s: no provider", l.ID)
		return r
	}
	if len(l.Settings) > 0 {
		a.settings(ctx, l, prov, &r)
	}
	var first, second []Change
	for _, c := range l.Changes {
		if c.Phase() == 1 {
			first = append(first, c)
		} else {
			second = append(second, c)
		}
	}
	a.run(ctx, l, prov, first, &r)
	if len(r.Failed) > 0 {
		for _, c := range second {
			r.Failed = append(r.Failed, Failure{Change: c, Err: fmt.Errorf("%w: an add or promotion on this list failed, and removals wait for them so the list never loses its owners midway", ErrSkipped)})
		}
		return r
	}
	// Count the owners the list has now, and let removals and demotions
	// take it down to min_owners but not below, whatever the plan says.
	owners := l.liveOwners
	for _, c := range r.Applied {
		if c.Role == members.RoleOwner && c.PreviousRole != members.RoleOwner {
			owners++
		}
	}
	var allowed []Change
	for _, c := range second {
		if c.PreviousRole == members.RoleOwner && c.Role != members.RoleOwner {
			if owners-1 < l.minOwners {
				r.Failed = append(r.Failed, Failure{Change: c, Err: fmt.Errorf("%w: it would leave %s with %d owners; policy needs %d", ErrSkipped, l.Address, owners-1, l.minOwners)})
				continue
			}
			owners--
		}
		allowed = append(allowed, c)
	}
	a.run(ctx, l, prov, allowed, &r)
	return r
}

func (a *applier) settings(ctx context.Context, l *List, prov directory.Provider, r *ListResult) {
	sp, ok := prov.(directory.SettingsProvider)
	if !ok {
		r.SettingsErr = fmt.Errorf("list %s: provider %s has no group settings", l.ID, l.Provider)
		return
	}
	changes := make(map[string]string, len(l.Settings))
	for _, s := range l.Settings {
		changes[s.Field] = s.Desired
	}
	a.sem <- struct{}{}
	err := sp.PatchSettings(ctx, l.Address, changes)
	<-a.sem
	if err != nil {
		r.SettingsErr = fmt.Errorf("list %s: settings: %w", l.ID, err)
	} else {
		r.SettingsApplied = len(l.Settings)
	}
	a.emit(Event{List: l.ID, Address: l.Address, Setting: l.Settings, Err: r.SettingsErr})
}

// run applies changes concurrently, at most cap(a.sem) calls in flight
// across all lists.
func (a *applier) run(ctx context.Context, l *List, prov directory.Provider, cs []Change, r *ListResult) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, c := range cs {
		select {
		case a.sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			mu.Lock()
			r.Failed = append(r.Failed, Failure{Change: c, Err: fmt.Errorf("%w: interrupted (%v)", ErrSkipped, context.Cause(ctx))})
			mu.Unlock()
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := applyChange(ctx, prov, l.Address, c)
			<-a.sem
			mu.Lock()
			if err != nil {
				r.Failed = append(r.Failed, Failure{Change: c, Err: err})
			} else {
				r.Applied = append(r.Applied, c)
			}
			mu.Unlock()
			a.emit(Event{List: l.ID, Address: l.Address, Change: &c, Err: err})
		}()
	}
	wg.Wait()
	sortFailures(r.Failed)
	sortChanges(r.Applied)
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

// applyChange makes one change and treats the outcomes that mean "already
// done" as success: a 409 on insert (then the role is fixed if it
// differs), a 404 on delete. This is what makes a re-run after a crash, a
// lost answer, or a second sync running at once converge.
func applyChange(ctx context.Context, prov directory.Provider, group string, c Change) error {
	switch c.Action {
	case ActionAdd:
		return ensureMember(ctx, prov, group, c.Email, ToLiveRole(c.Role))
	case ActionRemove:
		err := prov.Remove(ctx, group, c.MemberID)
		if errors.Is(err, directory.ErrMemberNotFound) {
			return nil
		}
		return err
	case ActionSetRole:
		err := prov.SetRole(ctx, group, c.MemberID, ToLiveRole(c.Role))
		if errors.Is(err, directory.ErrMemberNotFound) {
			// Removed by someone else since the plan: the file still
			// wants them, with this role.
			return ensureMember(ctx, prov, group, c.Email, ToLiveRole(c.Role))
		}
		return err
	}
	return fmt.Errorf("unknown action %q", c.Action)
}

func ensureMember(ctx context.Context, prov directory.Provider, group, email string, role directory.Role) error {
	_, err := prov.Add(ctx, group, email, role)
	if !errors.Is(err, directory.ErrAlreadyMember) {
		return err
	}
	m, err := prov.Member(ctx, group, email)
	if err != nil {
		return fmt.Errorf("%s is already a member, but reading their role failed: %w", email, err)
	}
	if m.Role == role {
		return nil
	}
	return prov.SetRole(ctx, group, m.ID, role)
}
