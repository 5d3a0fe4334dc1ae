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
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// list attributes one list's differences.
func (r *attribution) list(ctx context.Context, l *plan.List, ap directory.ActivityProvider) {
	// Every log of the group: an event that explains a difference in
	// one (an add in the Admin console) may have been undone since in
	// another (a removal and a re-add in the Groups UI), and only the
	// newest event across them says who made the group as it is. The
	// Admin console's first: without it nothing is named.
	// The Admin console's log first: without it nothing is named. The
	// Groups UI's and Cloud Identity's (read through groups.get and a
	// scope of its own, doctor says which) beside it: whatever keeps one
	// closed, the others are still the record; what is named or left
	// unexplained says it was not read. The run's first list reads them
	// all at once, its writes waiting for them (one round trip, not two);
	// the others read the Admin console's after the first read of it is
	// over, and the rest only if it did not fail for the domain.
	type result struct {
		acts    []directory.Activity
		skipped bool
		err     error
	}
	all := directory.Applications()
	read := make([]result, len(all))
	readEach := func(apps []int) {
		var wg sync.WaitGroup
		for _, i := range apps {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var res result
				res.acts, res.skipped, res.err = r.read(ctx, ap, all[i], logKey(l))
				read[i] = res
			}()
		}
		wg.Wait()
	}
	admin := slices.Index(all, directory.AppAdmin)
	others := make([]int, 0, len(all)-1)
	for i := range all {
		if i != admin {
			others = append(others, i)
		}
	}
	first := r.firstToRead(directory.AppAdmin)
	if first {
		readEach(append(others, admin))
	} else {
		readEach([]int{admin})
	}
	switch res := read[admin]; {
	case res.skipped:
		l.Attribution = r.notAsked(l.Address)
		return
	case res.err != nil:
		l.Attribution = fmt.Sprintf("who changed %s by hand is unknown: %v", l.Address, res.err)
		if refused(res.err) {
			l.Attribution = r.refusal()
		}
		return
	}
	acts := read[admin].acts
	if !first {
		readEach(others)
	}
	var apps []string
	var results []result
	for _, i := range others {
		apps, results = append(apps, all[i]), append(results, read[i])
	}
	var unread []unreadLog // every log not read, for what is left unexplained
	for i, app := range apps {
		u := unreadLog{app: app}
		switch res := results[i]; {
		case res.skipped:
			u.cause = r.notAskedLog(app)
		case res.err != nil:
			u.cause = res.err.Error()
			if refused(res.err) {
				u.cause = refusedAlone(res.err)
			}
		default:
			acts = append(acts, res.acts...)
			continue
		}
		unread = append(unread, u)
		if app == directory.AppGroups {
			// What the Admin console's log names may have been undone
			// in the Groups UI since. (Cloud Identity's log is a bonus,
			// which many domains do not grant: without it, only what is
			// left unexplained says so.)
			l.Attribution = fmt.Sprintf("who changed %s by hand may be more than the lines say: %s", l.Address, u.why())
		}
	}
	acts = sinceCreated(byTime(readBefore(acts, l, attributor{opts: r.opts}.byRoster), r.opts.Now))
	resolved := resolvedEarlier(l, acts, r.opts)
	if (attributor{l: l, opts: r.opts, acts: acts, unread: unread, resolved: resolved}).run(false) == 0 {
		return
	}
	// Bulk uploads name no group, so no group's read has them: read them
	// once, domain-wide, for whatever is left (those before the group
	// was created are of no group it was).
	bulk, bulkUnread := r.bulkUploads(ctx, ap)
	if len(acts) > 0 && (acts[0].Effect() == directory.EffectGroupCreated || acts[0].Effect() == directory.EffectGroupRenamed) {
		bulk = slices.DeleteFunc(slices.Clone(bulk), func(b directory.Activity) bool { return b.Time.Before(acts[0].Time) })
	}
	bulk = readBefore(bulk, l, nil)
	if bulkUnread != nil {
		unread = append(slices.Clone(unread), *bulkUnread)
	}
	(attributor{l: l, opts: r.opts, acts: byTime(append(slices.Clone(acts), bulk...), r.opts.Now), unread: unread, resolved: resolved, liveIDs: liveIDs(ctx, l, ap), claimBulk: r.claimBulk}).run(true)
}

// liveIDs returns a reader of the ids of the members on l's group now,
// which reads them once, when first asked: the ids the plan read, or,
// for a plan that does not carry them (one from a file), the plan's live
// members and the group's members through the provider (one
// members.list, only when an event names its member by id alone). False when the provider cannot
// list them or the read fails: then whose an id is cannot be told.
func liveIDs(ctx context.Context, l *plan.List, ap directory.ActivityProvider) func() ([]string, bool) {
	return sync.OnceValues(func() ([]string, bool) {
		if l.LiveIDs != nil {
			return l.LiveIDs, true // read with the plan: no second read
		}
		var ids []string
		for _, c := range l.Changes {
			if c.MemberID != "" {
				ids = append(ids, c.MemberID)
			}
		}
		for _, ms := range [][]plan.LiveMember{l.Unmanaged, l.Unvetted, l.OverCapListed} {
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
// or deletion on, or the newest renaming of a group away from the
// address: what happened before it happened to another group that had
// the address (renamed away, or deleted), never this one's. (Had this
// very group been renamed away and back, its older events are left out
// too: a change then unexplained, never another group's cited.)
func sinceCreated(acts []directory.Activity) []directory.Activity {
	for j := len(acts) - 1; j >= 0; j-- {
		if e := acts[j].Effect(); e == directory.EffectGroupCreated || e == directory.EffectGroupDeleted || e == directory.EffectGroupRenamed {
			return acts[j:]
		}
	}
	return acts
}

// firstRead is the first read of one log in an Attribute call: done is
// closed once it is over and, if it failed for the domain, failed says
// so.
type firstRead struct {
	claimed bool
	done    chan struct{}
}

// logFailure is how a log failed for the domain: the error, met reading
// it for group, or by the --changed-since read of the whole domain's log
// (group changedSinceRead).
type logFailure struct {
	group string
	err   error
}

// changedSinceRead stands for the group of a log failure met by the
// --changed-since read of the whole domain's log (AttributeOptions.Failed).
const changedSinceRead = "--changed-since"

// where says where a log failed for the domain: on another list's read,
// or on --changed-since's read of the whole domain, which the run's
// first warning names too.
func (f logFailure) where() string {
	if f.group == changedSinceRead {
		return "when --changed-since read the whole domain's log"
	}
	return "when read for another list"
}

// firstToRead reports whether no read of app's log has begun in the
// call yet: the next is the first.
func (r *attribution) firstToRead(app string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := r.first[app]
	return f == nil || !f.claimed
}

// read is ap.Activities of app's log for group. The first read of each
// log in the call goes alone, the others waiting for it: a log that
// fails for the domain (no answer after the retries, a refusal, pages
// that never end) costs one read's wait for the whole run, not one per
// list nor one per list at a time, and holds one call in flight while
// it does. Once a log has failed for the domain it is not asked again:
// skipped says so, and notAsked and notAskedLog say why.
func (r *attribution) read(ctx context.Context, ap directory.ActivityProvider, app, group string) (acts []directory.Activity, skipped bool, err error) {
	r.mu.Lock()
	f := r.first[app]
	if f == nil {
		f = &firstRead{done: make(chan struct{})}
		r.first[app] = f
	}
	first := !f.claimed
	f.claimed = true
	r.mu.Unlock()
	if first {
		defer close(f.done)
	} else {
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, false, fmt.Errorf("%s: %w", logName(app), context.Cause(ctx))
		}
	}
	if r.failure(app).err != nil {
		return nil, true, nil
	}
	acts, err = ap.Activities(ctx, app, group, r.since)
	if err != nil && domainWide(ctx, err) {
		r.fail(app, group, err)
	}
	return acts, false, err
}

// fail records that app's log failed for the domain, as first met; the
// Admin console's failure is the call's note, a refusal its first.
func (r *attribution) fail(app, group string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.failed[app]; !ok {
		r.failed[app] = logFailure{group: group, err: err}
	}
	if app != directory.AppAdmin {
		return
	}
	if refused(err) {
		// The refusal says what to do, for every list alike: it names
		// no group's call, and it wins.
		r.note = fmt.Sprintf("who changed the groups by hand is unknown: roster may not read the audit log (%s); grant the client ID the scope https://www.googleapis.com/auth/admin.reports.audit.readonly in the Admin console (Security > API controls > Domain-wide delegation) and give --subject the Reports privilege", withoutGroup(err, group))
		return
	}
	switch {
	case r.note != "":
	case group == changedSinceRead:
		r.note = fmt.Sprintf("who changed the groups by hand is unknown: Google's audit log could not be read when --changed-since read the whole domain's log (%v); no list's log was read this run", err)
	default:
		// A log that does not answer (a deadline, 5xx or 429 after the
		// retries, a broken connection) is the domain's, as a refusal
		// is: the other lists do not wait for it too, one after
		// another, before anything is written. Attribution is a bonus;
		// the sync is not.
		r.note = fmt.Sprintf("who changed the groups by hand is unknown: Google's audit log could not be read for %s (%v); the other lists' logs were not read this run", group, err)
	}
}

func (r *attribution) failure(app string) logFailure {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failed[app]
}

// notAsked is the Attribution of a list whose logs were not read, the
// Admin console's having failed for the domain on another list's read,
// or on --changed-since's: the refusal, or that the log could not be
// read this run, in words that name no other group as if it were this
// one.
func (r *attribution) notAsked(address string) string {
	f := r.failure(directory.AppAdmin)
	if refused(f.err) {
		return r.refusal()
	}
	return fmt.Sprintf("who changed %s by hand is unknown: Google's audit log failed this run %s (%s), and was not asked again for this one", address, f.where(), withoutGroup(f.err, f.group))
}

// notAskedLog says why a log after the Admin console's was not read for
// a list: it failed for the domain on another list's read, or on
// --changed-since's.
func (r *attribution) notAskedLog(app string) string {
	f := r.failure(app)
	err := f.err
	if refused(err) {
		err = errors.New(refusedAlone(err)) // the Admin console's was read
	}
	return fmt.Sprintf("it failed this run %s (%s), and was not asked again", f.where(), withoutGroup(err, f.group))
}

// refusedAlone is a log's refusal (its activities.list's) met when the Admin console's log was
// read with the same credentials: the scope and the Reports privilege
// are there, so the client's hint to grant them is left out, and what
// is left said.
func refusedAlone(err error) string {
	var aerr *directory.APIError
	if !errors.As(err, &aerr) || !strings.HasPrefix(aerr.Op, "activities.list ") {
		return err.Error() // another call's (Cloud Identity's groups.get)
	}
	c := *aerr
	c.Hint = ""
	return c.Error() + "; the Admin console's log was read with the same credentials, so the scope and the Reports privilege are granted: Google refuses this log to the domain (its edition may not include it)"
}

// unreadLog is a log of a list's group that was not read, and why.
type unreadLog struct {
	app   string
	cause string // the failed read's error, or why it was not asked
}

// why says that the log was not read, and why.
func (u unreadLog) why() string { return logName(u.app) + " was not read: " + u.cause }

// mayHold says that a change may be in the log, which was not read.
func (u unreadLog) mayHold() string { return logName(u.app) + ", which was not read: " + u.cause }

// withoutGroup is err without the group it was met on (the call's
// "activities.list groups rep@example.org"), for another list's line.
func withoutGroup(err error, group string) string {
	var aerr *directory.APIError
	if errors.As(err, &aerr) {
		c := *aerr
		c.Op = strings.TrimSuffix(c.Op, " "+group)
		return c.Error()
	}
	return strings.ReplaceAll(err.Error(), " "+group, "")
}

// refused reports whether roster may not read the log at all: no scope,
// no Reports privilege, or credentials Google refuses.
func refused(err error) bool {
	return errors.Is(err, directory.ErrForbidden) || errors.Is(err, directory.ErrAuth)
}

// logName names an application's log for a person.
func logName(app string) string {
	switch app {
	case directory.AppGroups:
		return "the Groups UI's log"
	case directory.AppGroupsEnterprise:
		return "Cloud Identity's log (Cloud console, gcloud)"
	case bulkLog:
		return "the Admin console's log of bulk uploads (GROUP_MEMBER_BULK_UPLOAD)"
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
	if errors.Is(err, directory.ErrGroupLookup) && !refused(err) {
		return false // that group's id would not come; another's may
	}
	return !errors.Is(err, directory.ErrInvalid) || errors.Is(err, directory.ErrEndless)
}

// byTime is the events of several logs, oldest first, each once. Each
// log's read holds the group's events only (directory.ActivityProvider
// promises it, whatever the server sent), and bulk uploads, which name
// no group. An event a provider sent twice is one event (Distinct): a
// removal counted twice is offered as two people's.
//
// An event Google dates after now (beyond futureSkew) is put first, as
// if oldest: a clock is wrong, and any event dated in the past is the
// better witness of who changed what last. Cited only when nothing else
// is, it says its date is wrong (attributor.describe).
func byTime(acts []directory.Activity, now time.Time) []directory.Activity {
	out := append([]directory.Activity(nil), acts...)
	directory.SortActivities(out)
	out = directory.Distinct(out)
	if now.IsZero() {
		return out
	}
	future := func(ev directory.Activity) bool { return ev.Time.After(now.Add(futureSkew)) }
	if !slices.ContainsFunc(out, future) {
		return out
	}
	ahead := slices.DeleteFunc(slices.Clone(out), func(ev directory.Activity) bool { return !future(ev) })
	return append(ahead, slices.DeleteFunc(out, future)...)
}

// logKey is the address l's group is logged under: its own (Google logs
// GROUP_EMAIL as the group's address, never an alias of it), where the
// plan read one other than the list's.
func logKey(l *plan.List) string {
	if l.GroupAddress != "" {
		return l.GroupAddress
	}
	return l.Address
}

// readBefore is acts without the events that cannot have made what the
// plan read of l's group at l.ReadAt (by Google's clock, to the second:
// directory.ReadClock; a member listed on a page, when that page was
// answered): any dated a second or more after it; and each
// write through roster's own client (ours: another run's, made as this
// one ran) dated in that second that is the newest event of its member
// and that the read did not see (an add of someone it did not find, a
// removal of someone it found, a role it did not find them in). Weighed
// against the read, such an event made its own difference look like a
// change by hand made since ("added back since their logged removal").
// A plan that carries no read time keeps them all.
func readBefore(acts []directory.Activity, l *plan.List, ours func(directory.Activity) bool) []directory.Activity {
	if l.ReadAt.IsZero() {
		return acts
	}
	// A member listed on a page was read when that page was answered.
	// Someone no page listed would have stood on a page of their own,
	// by their id, which may be the first: their absence is dated by
	// it (a re-add logged after the first page, before the page that
	// would list them, is not in what was read). An event that names
	// no member, by the listing's end.
	first := l.ReadAt
	for _, t := range l.ReadSeen {
		if !t.IsZero() && t.Before(first) {
			first = t
		}
	}
	readOf := func(ev directory.Activity) time.Time {
		if ev.Member == "" {
			return l.ReadAt
		}
		if t, ok := l.ReadSeen[members.IdentityOf(ev.Member)]; ok && !t.IsZero() {
			return t
		}
		return first
	}
	newest := map[string]time.Time{} // member -> their newest event's time
	for _, ev := range acts {
		if k := members.IdentityOf(ev.Member); ev.Member != "" && ev.Time.After(newest[k]) {
			newest[k] = ev.Time
		}
	}
	unseen := func(ev directory.Activity) bool {
		role, found := l.ReadRoles[members.IdentityOf(ev.Member)]
		switch ev.Effect() {
		case directory.EffectAdded:
			return !found
		case directory.EffectRemoved:
			return found
		case directory.EffectRole:
			return !found || ev.Role != "" && !strings.EqualFold(ev.Role, role)
		}
		return false
	}
	after := func(ev directory.Activity) bool {
		read := readOf(ev)
		switch {
		case !ev.Time.Before(read.Add(time.Second)):
			return true
		case ours == nil || l.ReadRoles == nil || ev.Member == "" || ev.Time.Before(read) || !ours(ev):
			return false
		}
		return !ev.Time.Before(newest[members.IdentityOf(ev.Member)]) && unseen(ev)
	}
	if !slices.ContainsFunc(acts, after) {
		return acts
	}
	return slices.DeleteFunc(slices.Clone(acts), after)
}
