package audit

// Reading a group's audit logs for Attribute: every application's,
// what could not be read, and the events since the group was created.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/plan"
)

// list attributes one list's differences.
func (r *attribution) list(ctx context.Context, l *plan.List, ap directory.ActivityProvider) {
	// Every log of the group: an event that explains a difference in
	// one (an add in the Admin console) may have been undone since in
	// another (a removal and a re-add in the Groups UI), and only the
	// newest event across them says who made the group as it is.
	var acts []directory.Activity
	var unread []string // every log not read, for what is left unexplained
	groupsUnread := ""  // the Groups UI's, for what is named too
	for _, app := range directory.Applications() {
		if app != directory.AppAdmin {
			if why := r.appUnread(app); why != "" {
				unread = append(unread, why)
				if app == directory.AppGroups {
					groupsUnread = why
				}
				continue
			}
		}
		got, err := ap.Activities(ctx, app, l.Address, r.since)
		if err != nil {
			if app != directory.AppAdmin {
				// The Groups UI's and Cloud Identity's logs beside the
				// Admin console's (Cloud Identity's read through
				// groups.get and a scope of its own, doctor says which):
				// whatever keeps one closed, the others are still the
				// record, for this list and, when it is the domain's, the
				// next, which do not wait for it again. What is named or
				// left unexplained says it was not read.
				why := fmt.Sprintf("%s was not read: %v", logName(app), err)
				unread = append(unread, why)
				if app == directory.AppGroups {
					groupsUnread = why
				}
				if domainWide(ctx, err) {
					r.mu.Lock()
					if r.unreadApp == nil {
						r.unreadApp = map[string]string{}
					}
					if r.unreadApp[app] == "" {
						r.unreadApp[app] = why
					}
					r.mu.Unlock()
				}
				continue
			}
			l.Attribution = fmt.Sprintf("who changed %s by hand is unknown: %v", l.Address, err)
			if domainWide(ctx, err) {
				// A log that does not answer (a deadline, 5xx or 429
				// after the retries, a broken connection) is the
				// domain's, as a refusal is: the other lists do not wait
				// for it too, one after another, before anything is
				// written. Attribution is a bonus; the sync is not.
				r.mu.Lock()
				if r.note == "" {
					r.note = fmt.Sprintf("who changed the groups by hand is unknown: Google's audit log could not be read for %s (%v); the other lists' logs were not read this run", l.Address, err)
				}
				r.mu.Unlock()
			}
			if errors.Is(err, directory.ErrForbidden) || errors.Is(err, directory.ErrAuth) {
				l.Attribution = fmt.Sprintf("who changed the groups by hand is unknown: roster may not read the audit log (%v); grant the client ID the scope https://www.googleapis.com/auth/admin.reports.audit.readonly in the Admin console (Security > API controls > Domain-wide delegation) and give --subject the Reports privilege", err)
				r.mu.Lock()
				r.note = l.Attribution // the refusal says what to do: it wins
				r.mu.Unlock()
			}
			return
		}
		acts = append(acts, got...)
	}
	if groupsUnread != "" {
		// What the Admin console's log names may have been undone in
		// the Groups UI since. (Cloud Identity's log is a bonus, which
		// many domains do not grant: without it, only what is left
		// unexplained says so.)
		l.Attribution = fmt.Sprintf("who changed %s by hand may be more than the lines say: %s", l.Address, groupsUnread)
	}
	acts = sinceCreated(byTime(acts))
	if (attributor{l: l, opts: r.opts, acts: acts}).run(false) == 0 {
		return
	}
	// Bulk uploads name no group, so no group's read has them: read them
	// once, domain-wide, for whatever is left (those before the group
	// was created are of no group it was).
	bulk := r.bulkUploads(ctx, ap)
	if len(acts) > 0 && acts[0].Effect() == directory.EffectGroupCreated {
		bulk = slices.DeleteFunc(slices.Clone(bulk), func(b directory.Activity) bool { return b.Time.Before(acts[0].Time) })
	}
	(attributor{l: l, opts: r.opts, acts: byTime(append(slices.Clone(acts), bulk...)), unread: strings.Join(unread, "; "), liveIDs: liveIDs(ctx, l, ap)}).run(true)
}

// liveIDs returns a reader of the ids of the members on l's group now,
// which reads them once, when first asked: the plan's live members, and
// the group's members through the provider (one members.list, only when
// an event names its member by id alone). False when the provider cannot
// list them or the read fails: then whose an id is cannot be told.
func liveIDs(ctx context.Context, l *plan.List, ap directory.ActivityProvider) func() ([]string, bool) {
	return sync.OnceValues(func() ([]string, bool) {
		var ids []string
		for _, c := range l.Changes {
			if c.MemberID != "" {
				ids = append(ids, c.MemberID)
			}
		}
		for _, ms := range [][]plan.LiveMember{l.Unmanaged, l.Unvetted} {
			for _, m := range ms {
				if m.ID != "" {
					ids = append(ids, m.ID)
				}
			}
		}
		p, ok := ap.(directory.Provider)
		if !ok {
			return ids, false
		}
		ms, err := p.Members(ctx, l.Address)
		if err != nil {
			return ids, false
		}
		for _, m := range ms {
			ids = append(ids, m.ID)
		}
		return ids, true
	})
}

// sinceCreated is acts (oldest first) from the group's newest creation
// or deletion on: what happened before it happened to another group
// that had the address (renamed away, or deleted), never this one's.
func sinceCreated(acts []directory.Activity) []directory.Activity {
	for j := len(acts) - 1; j >= 0; j-- {
		if e := acts[j].Effect(); e == directory.EffectGroupCreated || e == directory.EffectGroupDeleted {
			return acts[j:]
		}
	}
	return acts
}

// appUnread says why a log is not read this run, or "".
func (r *attribution) appUnread(app string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.unreadApp[app]
}

// logName names an application's log for a person.
func logName(app string) string {
	switch app {
	case directory.AppGroups:
		return "the Groups UI's log"
	case directory.AppGroupsEnterprise:
		return "Cloud Identity's log (Cloud console, gcloud)"
	}
	return "the Admin console's log"
}

// domainWide reports whether a log's read failed for the domain, not
// for one group: a log that does not answer (a deadline, 5xx or 429
// after the retries, a broken connection), a listing that never ends,
// a refusal. Asking again for the next group would cost the same wait.
func domainWide(ctx context.Context, err error) bool {
	if ctx.Err() != nil || errors.Is(err, directory.ErrGroupNotFound) {
		return false
	}
	return !errors.Is(err, directory.ErrInvalid) || errors.Is(err, directory.ErrEndless)
}

// byTime is the events of several logs, oldest first. Each log's read
// holds the group's events only (directory.ActivityProvider promises
// it, whatever the server sent), and bulk uploads, which name no group.
func byTime(acts []directory.Activity) []directory.Activity {
	out := append([]directory.Activity(nil), acts...)
	directory.SortActivities(out)
	return out
}
