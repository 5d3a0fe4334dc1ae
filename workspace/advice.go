package workspace

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/policies"
)

// advise says, after an edit of one entry, what validate finds about it
// and exactly what the next sync will do with it, and with the others
// on its lists where the edit changes that. Both are judged as validate
// and plan judge them, against what the groups are taken to hold
// (syncBase): the file as last committed, which the scheduled sync
// converged the groups to. Every line agrees with what roster plan
// shows for groups that match it; the last line says that this is the
// assumption.
//
// An edit that leaves validate failing where it passed (an entry
// without the record its list asks for, over a cap, a vetter demoted),
// or takes a list that failed further from its policy (newFailures),
// is written, so that the next command (roster vet) can complete it,
// and fails: a script's "roster add ... && git commit" stops there.
func (w *Workspace) advise(ctx context.Context, ed edited, file, email string) error {
	if !ed.changed || ed.after == nil {
		return nil
	}
	base := w.syncBase(ctx, file, ed)
	after, _, others := w.findingsAbout(ed, base.validated(), base.live(), email)
	before := w.check(ed.before, policies.Options{At: w.today(), Before: base.validated(), Live: base.live(), HeldSince: w.heldBy(ed, ed.before)})
	lines := w.syncWill(ed, base, file, newVerdict(before), newVerdict(after), email)
	for _, line := range lines {
		w.notef("%s", line)
	}
	// What the edit made, judged over every finding at once: a list
	// taken further over its cap is blamed once, on the entry or list
	// that says so, whether or not it is the edited one.
	isMine := aboutEntries(ed, email)
	failing := 0
	var made []policies.Finding // about other entries
	for _, f := range newFailures(before, after, further(ed.before, ed.after)) {
		if isMine(f) {
			failing++
		} else {
			made = append(made, f)
		}
	}
	if others > 0 {
		// Errors about other entries that this edit made (a vetter
		// demoted, so their records stop counting) are the edit's:
		// shown, not left to read as the file's old trouble.
		failing += len(made)
		if len(made) > 0 {
			w.notef("%s (what CI runs) now fails on %s that this edit makes about other entries:", w.hint("validate"), words.Plural(len(made), "error"))
			w.stderrFindings(made)
		}
		if rest := others - len(made); rest > 0 {
			w.notef("%s has %s about other entries, as it had before this edit; %s shows %s", file, words.Plural(rest, "more error"), w.hint("validate"), words.Pick(rest, "it", "them"))
		}
	}
	if len(lines) > 0 {
		why := "as the scheduled sync keeps them"
		if !base.committed {
			why = base.why
		}
		exports := ""
		if len(base.exports) > 0 {
			// Those it read: the note must not say they were assumed.
			exports = ", and a csv list's group to be its member export"
		}
		if base.committed {
			w.notef("note: this is judged against %s, taking the groups to match it (%s)%s; %s reads the groups themselves", base.describe(file), why, exports, w.hint("plan"))
		} else {
			// Not the file before the edit alone: validate's findings,
			// and whom a cap holds back, take no one to be on a list.
			w.notef("note: this is judged as %s judges it, with no one on a list yet, and against %s for whom the groups may have already (%s, so roster cannot tell what they hold)%s; %s reads the groups themselves", w.hint("validate"), base.describe(file), why, exports, w.hint("plan"))
		}
	}
	if failing > 0 {
		w.errorf("%s is written, but %s (what CI runs) now fails on %s this edit made; fix %s as named above before committing", file, w.hint("validate"), words.Plural(failing, "error"), words.Pick(failing, "it", "them"))
		return exit(ExitFailed)
	}
	return nil
}

// findingsAbout checks the file an edit wrote against base (the file
// as the groups are taken to hold it, so that a cap is blamed on the
// entries new to a list) and live (who is on the groups read: csv
// lists' exports), prints the findings about the entries of emails, and
// returns every finding, those printed, and how many others fail.
func (w *Workspace) findingsAbout(ed edited, base *members.File, live map[string]map[string]bool, emails ...string) (all, mine []policies.Finding, others int) {
	all = w.check(ed.after, policies.Options{At: w.today(), Before: base, Live: live, HeldSince: w.heldBy(ed, ed.after)})
	isMine := aboutEntries(ed, emails...)
	for _, f := range all {
		switch {
		case isMine(f):
			mine = append(mine, f)
		case f.Fails():
			others++
		}
	}
	if len(mine) > 0 {
		w.stderrFindings(mine)
	}
	return all, mine, others
}

// aboutEntries reports whether a finding belongs with the edit of the
// entries of emails: it is about one of them, or it is a failing
// finding of a list they are on, before or after the edit.
func aboutEntries(ed edited, emails ...string) func(policies.Finding) bool {
	ids := make(map[string]bool, len(emails))
	lists := map[string]bool{} // the lists of those entries, before and after
	for _, e := range emails {
		ids[members.IdentityOf(e)] = true
		for _, f := range []*members.File{ed.before, ed.after} {
			if m := f.FindMember(e); m != nil {
				for _, ms := range m.Lists {
					lists[ms.List] = true
				}
			}
		}
	}
	return func(f policies.Finding) bool {
		if f.Member != "" {
			return ids[members.IdentityOf(f.Member)]
		}
		// The list's own finding (too few owners) may be the edit's
		// doing: it belongs with the edit, not with "other entries".
		return lists[f.List] && f.Fails()
	}
}

// verdict is what a file's findings mean for sync, as plan reads them
// (policies.Gate), with every reason a member's addition or promotion
// waits for, not only the first.
type verdict struct {
	gate *policies.Gate
	why  map[string]map[string][]string // list ("" for all) -> identity -> messages
	// capped are, by list, the entries blamed for taking it over its
	// max_members.
	capped map[string][]string
}

func newVerdict(fs []policies.Finding) verdict {
	v := verdict{gate: policies.NewGate(fs), why: map[string]map[string][]string{}, capped: map[string][]string{}}
	for _, f := range fs {
		if f.Effect != policies.Block || f.Member == "" {
			continue
		}
		if f.Rule == policies.RuleMaxMembers && !slices.Contains(v.capped[f.List], f.Member) {
			v.capped[f.List] = append(v.capped[f.List], f.Member)
		}
		id := members.IdentityOf(f.Member)
		if v.why[f.List] == nil {
			v.why[f.List] = map[string][]string{}
		}
		if !slices.Contains(v.why[f.List][id], f.Message) {
			v.why[f.List][id] = append(v.why[f.List][id], f.Message)
		}
	}
	return v
}

// blocked says every reason email's addition to or promotion on list
// waits for, "" when none: non-empty exactly when the gate blocks them.
func (v verdict) blocked(list, email string) string {
	id := members.IdentityOf(email)
	var all []string
	for _, msg := range append(slices.Clone(v.why[list][id]), v.why[""][id]...) {
		if !slices.Contains(all, msg) {
			all = append(all, msg)
		}
	}
	if len(all) == 0 {
		return v.gate.Blocked(list, email)
	}
	return strings.Join(all, "; ")
}

// syncWill says what the next sync does, after an edit of email's
// entry, on each of the entry's lists (before or after the edit) that
// the edit bears on: add, promote, demote or remove them, or not until a
// finding is fixed, or nothing; and what the edit changes for others
// there (an addition that takes a list over its cap holds back everyone
// new to it). On the entry's other lists it says only what sync will
// change there (an earlier edit not synced yet, or one this edit makes
// elsewhere): that it does nothing, or cannot, where the edit changed
// nothing, is no news, and for a member on thousands of lists, thousands
// of lines. Each line is what plan shows for groups that hold base.
func (w *Workspace) syncWill(ed edited, base syncBase, file string, before, after verdict, email string) []string {
	if n := len(after.gate.Stop); n > 0 {
		return []string{fmt.Sprintf("sync will change no group, this change included, until the %s in the file's structure %s fixed (%s shows %s): %s",
			words.Plural(n, "error"), words.Pick(n, "is", "are"), w.hint("validate"), words.Pick(n, "it", "them"), after.gate.Stop[0].String())}
	}
	was, now := ed.before.FindMember(email), ed.after.FindMember(email)
	if now != nil {
		email = now.Email
	} else if was != nil {
		email = was.Email
	}
	id := members.MailboxOf(email)
	roles := roleTable{}
	role := roles.of
	// A record or a field bears on every list of the entry; a role, on
	// its list.
	whole := changedBesidesRoles(was, now)
	bears := func(l string) bool { return whole || role(was, l) != role(now, l) }
	// The lists the entry is on after the edit, was on before it, or
	// is on in the groups (an earlier edit, not yet synced, may have
	// taken them off one).
	var lists []string
	seen := map[string]bool{}
	var synced *members.Member
	if base.file != nil {
		synced = base.file.FindMember(email)
	}
	for _, m := range []*members.Member{now, was} {
		if m == nil {
			continue
		}
		for _, ms := range m.Lists {
			if !seen[ms.List] {
				seen[ms.List] = true
				lists = append(lists, ms.List)
			}
		}
	}
	// The groups base has them on, by the list that now names each: a
	// group no list names any longer, sync neither reads nor writes.
	var left []string
	if synced != nil {
		groups := plan.IndexAddresses(ed.after)
		for _, ms := range synced.Lists {
			bl := base.file.List(ms.List)
			if bl == nil || base.never(ms.List, id) {
				continue // no group, or sync never put them on it
			}
			switch l := groups.IDAt(bl.Address); {
			case l == "":
				// Said where the edit changed the list that wrote to the
				// group: elsewhere it is an older change's doing.
				if bears(ms.List) {
					left = append(left, fmt.Sprintf("sync will leave %s on %s, which roster no longer manages: no list names it now (%s did)", email, bl.Address, ms.List))
				}
			case !seen[l]:
				seen[l] = true
				lists = append(lists, l)
			}
		}
	}
	var out []string
	var quiet []quietList
	var asNew *[2]verdict // before and after, judged with no base; read once
	removalsAfter, removalsBefore := countRemovals(ed.after, base), countRemovals(ed.before, base)
	for _, l := range lists {
		edited := role(was, l) != role(now, l)
		ex, isCSV := base.exports[l]
		if isCSV && ex.err != nil {
			// Nor can sync read it: it plans nothing there. Where the
			// edit changed nothing, that is no news.
			if bears(l) {
				out = append(out, fmt.Sprintf("sync will not touch %s until its export can be read: %v", l, ex.err))
			}
			continue
		}
		if why := after.gate.ListFails(l); why != "" {
			// A list whose own policy fails is neither read nor
			// written: none of its changes is made. It is said whether
			// or not the list failed before the edit: what the next
			// sync does there is no less so for an edit (a record)
			// that leaves the entry's role as it was. On a list the
			// edit did not change, it failed as much before: no news.
			if !bears(l) {
				continue
			}
			if edited {
				out = append(out, fmt.Sprintf("sync will not touch %s, this change included, until its policy holds: %s", l, why))
			} else {
				out = append(out, fmt.Sprintf("sync will not touch %s until its policy holds: %s", l, why))
			}
			continue
		}
		pa, ua, ok := planned(ed.after, l, base, after, removalsAfter)
		if !ok {
			continue
		}
		pb, ub, _ := planned(ed.before, l, base, before, removalsBefore)
		failedBefore := before.gate.ListFails(l)
		if failedBefore != "" {
			pb, ub = nil, nil // sync did not touch it before the edit
		}
		heldBack, released := othersChanged(pa, pb, id, isCSV)
		unsure := ""
		if !base.committed && !isCSV {
			// The file before the edit is no record of the group, and
			// validate takes no one to be on it yet: whom the edit holds
			// back or lets through is whom a first sync would.
			heldBack, released = othersOnFirstSync(ed, l, after, before, id, failedBefore != "")
			unsure = fmt.Sprintf("if the group does not have them yet (%s is not committed, so roster cannot tell)", file)
		}
		var alsoNow string
		if failedBefore != "" {
			var intro string
			intro, alsoNow = nowTouched(ed.after, ed.after.List(l), pa, id, failedBefore, base.newGroup(ed.after.List(l)))
			out = append(out, intro)
		}
		ca, hasA := pa[id]
		cb, hasB := pb[id]
		switch {
		case hasA && ca.Action == plan.ActionRemove && !waits(ca) && !base.committed && !removesUnmanaged(ed.after, l):
			// Outside git or before the file's first commit, sync
			// cannot tell it put them there, and keeps them, as the
			// policy keeps anyone it did not add: a walk-in, for whom it
			// exits 3 on every run until someone removes them.
			out = append(out, fmt.Sprintf("sync will not take %s off %s: %s is not committed, so roster cannot tell it put them on the group, and list %s keeps whom it did not (unmanaged = \"report\"); it exits 3 for them, as for a walk-in, until they are removed from the group by hand", email, l, file, l))
		case hasA && isCSV && !waits(ca):
			out = append(out, checklistItem(ca, l, ex.snapshot))
		case hasA && ca.Action != plan.ActionRemove && !base.committed && !isCSV:
			// The file before the edit is no record of the group: an
			// earlier edit may have taken them off the file and left
			// them on the group (as sync does outside git), or changed
			// their role with no sync since.
			out = append(out, describeUnknown(ca, l, file, len(heldBack) > 0)+overCapUnknown(ca, l, after.capped[l]))
		case hasA:
			now := !edited && hasB && waits(cb) && !waits(ca)
			line := describeChange(ca, l, now, len(heldBack) > 0)
			if why := base.doubtful[base.idOf(ed.after, l)][id]; why != "" && ca.Action != plan.ActionAdd {
				// Taken off, or a role the group may not have: sync
				// may never have put them there.
				line += fmt.Sprintf("; the group may not have them at all: %s does not admit them there (%s), and sync adds no one so", base.describe(file), why)
			}
			out = append(out, line)
		case edited || hasB || role(now, l) != "":
			// Said where the edit changed their role, or took away a
			// change sync had planned for them, or (below) lifted what
			// held back their addition; on the entry's other lists it
			// changed nothing.
			said := edited || hasB
			line := fmt.Sprintf("sync has nothing to do for %s on %s: %s does not list them there either", email, l, base.describe(file))
			switch bl := base.idOf(ed.after, l); {
			case isCSV && ex.roleOf(email) != "":
				line = fmt.Sprintf("sync has nothing to do for %s on %s: its export %s shows them there as %s already", email, l, ex.snapshot, ex.roleOf(email))
			case isCSV:
				line = fmt.Sprintf("sync has nothing to do for %s on %s: its export %s does not show them there either", email, l, ex.snapshot)
			case bl == "" && base.file != nil && base.file.List(l) != nil:
				line = fmt.Sprintf("sync has nothing to do for %s on %s: its group is now %s, on which %s lists no one", email, l, ed.after.List(l).Address, base.describe(file))
			case base.roleOn(synced, bl) != role(synced, bl):
				// Listed in a role sync refused them (no record, or one
				// lapsed by then): the group has them as it left them.
				has := "does not have them"
				if r := base.roleOn(synced, bl); r != "" {
					has = "has them as " + string(r)
				}
				line = fmt.Sprintf("sync has nothing to do for %s on %s: the group %s: sync refused them the %s role that %s gives them", email, l, has, role(synced, bl), base.describe(file))
			case role(synced, bl) != "":
				line = fmt.Sprintf("sync has nothing to do for %s on %s: %s lists them there as %s too", email, l, base.describe(file), role(synced, bl))
			}
			if !edited && !isCSV && whole {
				// Judged as for someone new to the group (sync holds back
				// the addition of a lapsed or missing record): a record
				// that lifts what held them back lets the next sync add
				// them, if one left them off for it. An edit of roles
				// alone lifts nothing on a list whose role it left: not
				// judged again (a check of the whole file, twice) there.
				if asNew == nil {
					asNew = &[2]verdict{newVerdict(w.check(ed.before, policies.Options{At: w.today()})), newVerdict(w.check(ed.after, policies.Options{At: w.today()}))}
				}
				if was := asNew[0].blocked(l, email); was != "" && asNew[1].blocked(l, email) == "" {
					// The problem alone: its mend ("record a new one with
					// 'roster vet …'") is what this edit just did.
					was, _, _ = strings.Cut(was, "; ")
					line += fmt.Sprintf("; if a sync left them off the group for want of this record (%s), the next one adds them", was)
					said = true
				}
			}
			switch {
			case said:
				out = append(out, line)
			case bears(l):
				// A record or field changed: it bears on this list too,
				// where sync does nothing; said below, in one line when
				// the lists are many.
				quiet = append(quiet, quietList{l, line})
			}
		}
		for _, g := range heldBack {
			when := ""
			if unsure != "" {
				when = " " + unsure
			}
			out = append(out, fmt.Sprintf("this edit holds back %s on %s too, whom sync would have %s before it%s: %s", names(g.emails), l, g.verb(true), when, g.why))
		}
		if g := released; len(g.emails) > 0 {
			when := ""
			if unsure != "" {
				when = ", " + unsure
			}
			out = append(out, fmt.Sprintf("sync will now also %s %s %s, which it held back before this edit%s", g.verb(false), g.whom(), l, when))
		}
		if alsoNow != "" {
			out = append(out, alsoNow)
		}
		out = append(out, unvettedChanged(l, ua, ub, pa, id)...)
	}
	return append(append(out, quietLines(email, quiet)...), left...)
}

// removesUnmanaged reports whether list's policy in f removes whom the
// file does not list (unmanaged = "remove"), whoever put them there.
func removesUnmanaged(f *members.File, list string) bool {
	l := f.List(list)
	if l == nil {
		return false
	}
	p := f.PolicyOf(l)
	return p != nil && p.Unmanaged == members.UnmanagedRemove
}
