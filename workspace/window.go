package workspace

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/policies"
)

// windowAdds is who Google's audit log says was put on each group by
// hand in an incremental run's window.
type windowAdds struct {
	since time.Time
	// emails holds, by group identity, the identities of members added.
	emails map[string]map[string]bool
	// ids holds, by group identity, the member ids Cloud Identity's log
	// named (it names members by id only).
	ids map[string][]string
	// arrived holds the groups whose address came to another group in
	// the window (renamed onto it, or created at it): everyone on the
	// group at that address arrived there in it.
	arrived map[string]bool
	// named holds, by group identity, the identities of the members any
	// event of the window names there; byIDOnly the groups one of whose
	// events names its member by id alone (whom, the window cannot say).
	named    map[string]map[string]bool
	byIDOnly map[string]bool
}

// newIn reports whether the file, as tl tells, listed member on group
// only since the window began, and no event of the window names them
// there (audit.AttributeOptions.NewInWindow).
func (w *windowAdds) newIn(tl *history.Timeline) func(group, member string) bool {
	return func(group, member string) bool {
		g := members.IdentityOf(group)
		if w.byIDOnly[g] || w.named[g][members.IdentityOf(member)] {
			return false
		}
		_, listed := tl.Role(group, member, w.since)
		return !listed && tl.Covers(w.since)
	}
}

// addsIn reads the additions of acts; byID maps Cloud Identity's group
// ids to addresses.
func addsIn(acts []directory.Activity, byID map[string]string) windowAdds {
	w := windowAdds{emails: map[string]map[string]bool{}, ids: map[string][]string{}, arrived: map[string]bool{},
		named: map[string]map[string]bool{}, byIDOnly: map[string]bool{}}
	for _, a := range acts {
		if group := cmp.Or(a.Group, byID[a.GroupID]); group != "" {
			g := members.IdentityOf(group)
			switch {
			case a.Member != "":
				if w.named[g] == nil {
					w.named[g] = map[string]bool{}
				}
				w.named[g][members.IdentityOf(a.Member)] = true
			case a.MemberID != "":
				w.byIDOnly[g] = true
			}
		}
		switch {
		case a.Effect() == directory.EffectGroupRenamed && a.New != "":
			w.arrived[members.IdentityOf(a.New)] = true
			continue
		case a.Effect() == directory.EffectGroupCreated && a.Group != "":
			w.arrived[members.IdentityOf(a.Group)] = true
			continue
		case a.Effect() != directory.EffectAdded:
			continue
		}
		group := a.Group
		if group == "" {
			group = byID[a.GroupID]
		}
		if group == "" {
			continue
		}
		g := members.IdentityOf(group)
		if a.Member != "" {
			if w.emails[g] == nil {
				w.emails[g] = map[string]bool{}
			}
			w.emails[g][members.IdentityOf(a.Member)] = true
		}
		if a.MemberID != "" {
			w.ids[g] = append(w.ids[g], a.MemberID)
		}
	}
	return w
}

// alsoAt copies what the window says of each group logged at one
// address (its own) to the addresses lists write it at (its aliases,
// by identity).
func (w *windowAdds) alsoAt(aliases map[string][]string) {
	for logged, ats := range aliases {
		for _, at := range ats {
			for m := range w.emails[logged] {
				if w.emails[at] == nil {
					w.emails[at] = map[string]bool{}
				}
				w.emails[at][m] = true
			}
			w.ids[at] = append(w.ids[at], w.ids[logged]...)
			w.arrived[at] = w.arrived[at] || w.arrived[logged]
			w.byIDOnly[at] = w.byIDOnly[at] || w.byIDOnly[logged]
			for m := range w.named[logged] {
				if w.named[at] == nil {
					w.named[at] = map[string]bool{}
				}
				w.named[at][m] = true
			}
		}
	}
}

// lineageDates is what explains asks of the file's history.
type lineageDates interface {
	LeftAt(group, member string) (time.Time, bool)
	GainedAt(group string) (time.Time, bool)
}

// explains reports whether the window says why c, a removal from the
// group at address, is due: the member was put on the group by hand in
// it (or the group came to the address in it, renamed or created
// there, and everyone on it with it), or the file took them off in it. A list the file gained in it
// (moved in from another file) explains nothing: whether the other file
// took them off in the window or long before (a removal a full run held
// back over --max-removals) is that file's history, which an incremental
// run does not weigh; deferOlderRemovals says so.
func (w *windowAdds) explains(address string, c plan.Change, tl lineageDates) bool {
	g := members.IdentityOf(address)
	if w.emails[g][members.IdentityOf(c.Email)] || w.arrived[g] {
		return true
	}
	for _, id := range w.ids[g] {
		if c.MemberID != "" && directory.MatchID(id, c.MemberID) {
			return true
		}
	}
	// (Under unmanaged = "remove" the plan gives every removal that
	// reason: whether the file listed them is history's to say.)
	if tl == nil {
		return false
	}
	if at, ok := tl.LeftAt(address, c.Email); ok && !at.Before(w.since) {
		return true
	}
	if c.ListedAs != "" {
		// Listed under an alias of theirs, which the file took off.
		if at, ok := tl.LeftAt(address, c.ListedAs); ok && !at.Before(w.since) {
			return true
		}
	}
	return false
}

// gainedIn reports whether the file gained the list of the group at
// address in the window: moved in from another file, or given the
// address.
func (w *windowAdds) gainedIn(address string, tl lineageDates) bool {
	if tl == nil {
		return false
	}
	at, ok := tl.GainedAt(address)
	return ok && !at.Before(w.since)
}

// deferOlderRemovals holds back, in an incremental run that read only
// some lists, each removal the window does not explain: one pending from
// before it (a full run refused it, over --max-removals) waits for the
// next full run, which weighs it with every list's removals. Read alone,
// one list's share would pass the guard that all of them together fail.
func (w *Workspace) deferOlderRemovals(ctx context.Context, op *openedFile, p *plan.Plan) {
	var tl lineageDates
	t, err := w.timeline(ctx, op)
	if err == nil {
		tl = t
	}
	uncommitted := w.takenOffSinceHead(ctx, op)
	held := 0
	for _, l := range p.Lists {
		for i := range l.Changes {
			c := &l.Changes[i]
			if c.Action != plan.ActionRemove || c.Blocked != "" || op.window.explains(l.Address, *c, tl) ||
				uncommitted(l.Address, c.Email) || c.ListedAs != "" && uncommitted(l.Address, c.ListedAs) {
				continue
			}
			why := "pending since before the --changed-since window; the next full run makes it, weighing it with every list's removals (--max-removals)"
			if c.WalkIn() {
				// Someone the file never listed, whose add no log of the
				// window has: put there before it (a removal a full run
				// held), or too lately for Google to have logged yet.
				// Which, only the log will tell.
				why = fmt.Sprintf("not in the audit log of the --changed-since window: put there before it (a removal a full run held back), or within the log's delay (up to %d minutes), not logged yet; a later hourly run whose window covers the add makes it once Google logs it, and the next full run makes it either way, weighing it with every list's removals (--max-removals)", int(audit.LogDelay(directory.AppGroups).Minutes()))
			}
			if c.WalkIn() && err == nil && walkInsKeptAt(ctx, t, l.Address, op.window.since) {
				// A walk-in whom the file, as it stood when the window
				// began, kept (its policy reported walk-ins, or it had
				// no list for the group): a change in the window made
				// the removal due. Still the full run's to make: one may
				// have refused it since, with other lists' removals, and
				// a few at a time would pass what it refused whole.
				why = "made due in the --changed-since window (the list's policy now removes walk-ins, or the list is new); the next full run makes it, weighing it with every list's removals (--max-removals), which an incremental run reading some lists cannot"
			}
			if op.window.gainedIn(l.Address, tl) {
				// Moved in within the window: a removal the move made
				// (the other file listed them up to it) is the window's;
				// one the other file made before it is not.
				at, ok := w.removedOn(ctx, op, l.Address, c.Email)
				if ok && !at.Before(op.window.since) {
					continue
				}
				why = "the list came into " + op.Path + " in the --changed-since window, and the file it came from took them off before the window (a removal a full run held back, or one no run has weighed yet); the next full run makes it, weighing it with every list's removals (--max-removals)"
				if !ok {
					why = "the list came into " + op.Path + " in the --changed-since window, and whether the file it came from kept them, or a full run held their removal back, is that file's history; the next full run makes it, weighing it with every list's removals (--max-removals)"
				}
			}
			c.Blocked = plan.GuardHeld + why
			held++
		}
	}
	if held > 0 {
		// Those removals made room in the plan: without them, an
		// addition may take a group past its cap.
		p.HoldAddsPastCaps()
		w.notef("note: %s the --changed-since window does not explain %s held back (each line says why) for a run that reads what it needs: the next full run weighs %s with every list's removals (--max-removals), which an incremental run reading only some lists cannot",
			words.Plural(held, "removal"), words.Pick(held, "is", "are"), words.Pick(held, "it", "them"))
	}
}

// takenOffSinceHead reports whether the working copy, edited since the
// last commit, takes member off the list of the group at address that
// the file as committed puts them on: a removal newer than any window,
// the run's own (false for a file as committed).
func (w *Workspace) takenOffSinceHead(ctx context.Context, op *openedFile) func(address, member string) bool {
	none := func(string, string) bool { return false }
	if op.Rev != "" {
		return none
	}
	dir, name := w.gitPath(ctx, op.Path)
	if dirty, err := history.Uncommitted(ctx, dir, name, op.Data); err != nil || !dirty {
		return none
	}
	head, _, err := history.BaseAtHead(ctx, dir, name, op.Data, op.File)
	if err != nil || head == nil {
		return none
	}
	before, now := mailboxesByGroup(head), mailboxesByGroup(op.File)
	return func(address, member string) bool {
		g, id := members.IdentityOf(address), members.MailboxOf(member)
		return before[g][id] && !now[g][id]
	}
}

// mailboxesByGroup is, per group (its address's identity) f has a list
// for, the mailboxes f lists on it: built once, for a question asked of
// each removal.
func mailboxesByGroup(f *members.File) map[string]map[string]bool {
	out := make(map[string]map[string]bool, len(f.Lists))
	for _, l := range f.Lists {
		g := members.IdentityOf(l.Address)
		if out[g] == nil {
			out[g] = map[string]bool{}
		}
		for _, m := range f.MembersOf(l.ID) {
			out[g][members.MailboxOf(m.Email)] = true
		}
	}
	return out
}

// walkInsKeptAt reports whether the members file as it stood at a time
// (its version then, read from tl) would have left a walk-in on the
// group at address: it had no list for the group, or that list's policy
// kept walk-ins (unmanaged other than "remove"). False when that version
// cannot be read: the removal then waits, as one that cannot be told
// new does.
func walkInsKeptAt(ctx context.Context, tl *history.Timeline, address string, at time.Time) bool {
	r, ok := tl.RevisionAt(at)
	if !ok {
		// No file then: every removal is the window's. A file that did
		// not parse: none can be told.
		return !tl.Existed(at)
	}
	f, err := tl.VersionOf(ctx, r)
	if err != nil {
		return false
	}
	g := members.IdentityOf(address)
	for _, l := range f.Lists {
		if members.IdentityOf(l.Address) != g {
			continue
		}
		p := f.PolicyOf(l)
		return p == nil || p.Unmanaged != members.UnmanagedRemove
	}
	return true
}

// ownAgreeing drops from acts the writes roster's own OAuth client
// (clientID) made that agree with file as it stands: someone added whom
// the file lists and sync admits in the role it gives (the admin log
// names no role for an add, so a sync of another copy that gave them a
// higher role is left to the nightly run), a role set to the one the
// file gives and admits, someone taken off whose mailbox no entry has
// (one the file lists by an alias, which the log never names, is not
// told apart), a setting set to the value the list's policy pins. A
// group it created is not dropped: what follows a creation (its pinned
// settings, its first members) may not have landed.
// Such a write cannot have made the group differ from the file, so an
// incremental run need not read the group for it: the hourly run after
// a nightly sync that wrote to every group would otherwise read them all
// again. A write of roster's that does not agree (a sync of an older
// checkout) still counts as a change, and so does every write of any
// other client or person, and of a client many share (gcloud's, which
// application-default user credentials carry: any admin's script).
func ownAgreeing(acts []directory.Activity, clientIDs []string, file *members.File, gate *policies.Gate) []directory.Activity {
	clientIDs = slices.DeleteFunc(slices.Clone(clientIDs), func(id string) bool { return id == "" || sharedClients[id] })
	if len(clientIDs) == 0 {
		return acts
	}
	type entry struct {
		email string
		role  members.Role
	}
	type listed struct {
		list  *members.List
		on    map[string]entry // by identity
		boxes map[string]bool  // the entries' mailboxes
	}
	var byGroup map[string]*listed
	index := func() {
		byGroup = make(map[string]*listed, len(file.Lists))
		for _, l := range file.Lists {
			g := members.IdentityOf(l.Address)
			if byGroup[g] != nil {
				// Two lists of one group: which one a write agreed
				// with cannot be told; neither is trusted.
				byGroup[g] = &listed{}
				continue
			}
			byGroup[g] = &listed{list: l, on: map[string]entry{}, boxes: map[string]bool{}}
		}
		for _, m := range file.Members {
			for _, ms := range m.Lists {
				l := file.List(ms.List)
				if l == nil {
					continue
				}
				if e := byGroup[members.IdentityOf(l.Address)]; e != nil && e.list == l {
					e.on[members.IdentityOf(m.Email)] = entry{m.Email, ms.Role}
					e.boxes[members.MailboxOf(m.Email)] = true
				}
			}
		}
	}
	agrees := func(a directory.Activity) bool {
		if a.Application != directory.AppAdmin || !slices.ContainsFunc(clientIDs, a.By) || a.Group == "" {
			return false
		}
		if byGroup == nil {
			index()
		}
		e := byGroup[members.IdentityOf(a.Group)]
		if e == nil || e.list == nil {
			return false
		}
		admitted := func(ent entry) bool {
			return gate == nil || gate.Blocked(e.list.ID, ent.email) == "" && gate.Unadmitted(e.list.ID, ent.email, ent.role) == ""
		}
		ent, on := e.on[members.IdentityOf(a.Member)]
		switch a.Effect() {
		case directory.EffectAdded:
			// Google logs no role for an add: it is taken at the one
			// the file gives, which sync admits them in.
			return a.Member != "" && on && admitted(ent)
		case directory.EffectRemoved:
			// (Someone the file lists by an alias of theirs, which the
			// log never names, is not told apart: a removal of theirs
			// by another copy's sync waits for the nightly run, as it
			// takes mail from someone, and gives it to nobody.)
			return a.Member != "" && !on && !e.boxes[members.MailboxOf(a.Member)]
		case directory.EffectRole:
			return a.Member != "" && on && strings.EqualFold(a.Role, string(ent.role)) && admitted(ent)
		case directory.EffectGroupCreated:
			// A creation is no state the file asks for by itself: the
			// settings pinned and the members added after it may not
			// all have landed (a refused patch leaves the group open on
			// Google's defaults). The group is read: one read, once.
			return false
		case directory.EffectSetting:
			return pinsTo(file.PolicyOf(e.list), a.SettingField(), a.New)
		}
		return false
	}
	out := acts[:0:0]
	for _, a := range acts {
		if !agrees(a) {
			out = append(out, a)
		}
	}
	return out
}

// sharedClients are OAuth clients many people's tools use: the Google
// Cloud SDK's, which gcloud auth application-default login gives every
// user who runs it. A write through one is anyone's, never roster's own.
var sharedClients = map[string]bool{
	"764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com": true,
	"32555940559.apps.googleusercontent.com":                                   true,
}

// pinsTo reports whether policy pins the Groups Settings API field to
// value.
func pinsTo(policy *members.Policy, field, value string) bool {
	if policy == nil || field == "" {
		return false
	}
	for _, spec := range members.SettingSpecs() {
		if spec.Field != field {
			continue
		}
		for _, s := range policy.Settings {
			if s.Name == spec.Key {
				return strings.EqualFold(s.Value, value)
			}
		}
	}
	return false
}

// datedIn returns, by group identity, the lists on which a vetting
// record of file took or lost effect in the window (since, now]: a
// record dated in the future comes into force on its day, one lapses
// on the day its list's vetting_valid_for runs out. No commit marks
// either, yet each changes what sync does (an addition held back until
// the record's day is due; a lapse weighs on the list's people), so an
// incremental run reads those lists too.
func datedIn(file *members.File, since, now time.Time) map[string]bool {
	out := map[string]bool{}
	crossed := func(day time.Time) bool { return day.After(since) && !day.After(now) }
	for _, m := range file.Members {
		if len(m.Vetting) == 0 {
			continue
		}
		// The member's lists' groups, by the validity their policy gives a
		// record: a member on 10,000 lists has a handful of those, and each
		// record is weighed once for each, not once a list.
		var groups []string
		byValidity := map[members.Validity][]string{}
		for _, ms := range m.Lists {
			l := file.List(ms.List)
			if l == nil {
				continue
			}
			g := members.IdentityOf(l.Address)
			groups = append(groups, g)
			if p := file.PolicyOf(l); p != nil && !p.VettingValidFor.IsZero() {
				v := members.Validity{Days: p.VettingValidFor.Days}
				byValidity[v] = append(byValidity[v], g)
			}
		}
		mark := func(gs []string) {
			for _, g := range gs {
				out[g] = true
			}
		}
		for _, v := range m.Vetting {
			if crossed(v.On) {
				mark(groups)
				break
			}
			for valid, gs := range byValidity {
				if crossed(valid.Expires(v.On)) {
					mark(gs)
				}
			}
		}
	}
	return out
}
