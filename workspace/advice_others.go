package workspace

import (
	"fmt"
	"slices"
	"strings"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// What an edit of one entry changes for the others on its lists, as the
// advice after it says: whom sync now holds back or lets through, on a
// list it now works on, and whom it now counts as unvetted.

// nowTouched says that sync now works on a list of f it left alone
// before the edit, its policy failing (why), creating its group first if
// the list asks for it; and, in also, what it does there besides the edited
// entry's change (id): everyone else's changes go ahead too.
//
// newGroup says the group may never have been synced (no committed
// version of the file names it): without create = true, sync fails for
// a group that is not there, which the advice says then.
func nowTouched(f *members.File, l *members.List, pa map[string]plan.Change, id, why string, newGroup bool) (intro, also string) {
	intro = fmt.Sprintf("sync will now work on %s, which it left alone before this edit (%s)", l.ID, why)
	switch {
	case l.Create:
		intro += fmt.Sprintf("; if its group %s does not exist yet, sync creates it (create = true)%s", l.Address, createdHow(f, l))
	case newGroup && l.Provider != members.ProviderCSV:
		// Without create, a group that is not there fails the list's
		// sync: no advice may promise what follows unsaid.
		intro += fmt.Sprintf("; if its group %s does not exist yet, sync fails for %s: create the group, or set create = true on the list", l.Address, l.ID)
	}
	g := heldGroup{byHand: l.Provider == members.ProviderCSV}
	for key, c := range pa {
		if key != id && !waits(c) {
			g.emails = append(g.emails, c.Email)
			g.note(c)
		}
	}
	if len(g.emails) > 0 {
		slices.Sort(g.emails)
		also = fmt.Sprintf("sync will now also %s %s %s", g.verb(false), g.whom(), l.ID)
	}
	return intro, also
}

// unvettedChanged says whom the edit leaves on list l unvetted (ua, after
// it; ub, before it; by mailbox), where no change of theirs is planned
// (pa): people the groups hold, whose entries no longer admit them, make
// sync exit 3 as a walk-in does; and whom it no longer counts so (said
// as what sync would have done: the file before the edit may never have
// been synced).
func unvettedChanged(l string, ua, ub map[string]plan.LiveMember, pa map[string]plan.Change, id string) []string {
	var now, cleared []string
	whyOf := map[string]string{}
	for key, u := range ua {
		if _, planned := pa[key]; planned {
			continue
		}
		if _, was := ub[key]; !was {
			now = append(now, u.Email)
			whyOf[u.Email] = u.Why
		}
	}
	for key, u := range ub {
		if _, still := ua[key]; !still {
			cleared = append(cleared, u.Email)
		}
	}
	slices.Sort(now)
	slices.Sort(cleared)
	var out []string
	if len(now) > 0 {
		// The edited entry's reason when it is among them, else the
		// first's in order: the same line on every run.
		why := whyOf[now[0]]
		for e, w := range whyOf {
			if members.MailboxOf(e) == id {
				why = w
			}
		}
		out = append(out, fmt.Sprintf("sync will leave %s on %s, as the file lists them there, but as unvetted: it exits 3 for them, as for a walk-in, until a record admits them again (%s)",
			names(now), l, why))
	}
	if len(cleared) > 0 {
		out = append(out, fmt.Sprintf("sync no longer counts %s on %s as unvetted (before this edit, it would have exited 3 for them)", names(cleared), l))
	}
	return out
}

// heldGroup is who an edit holds back on one list, for one reason.
type heldGroup struct {
	why    string
	emails []string
	kinds  []string // what sync does with them: add, promote, demote, remove
	// roles are, by email, the role an addition or a role change gives.
	roles map[string]members.Role
	// byHand: the list's group is one sync cannot write (provider
	// csv), where what it does is ask a person to, on its checklist.
	byHand bool
}

// note records the kind of c, once.
func (g *heldGroup) note(c plan.Change) {
	kind := string(c.Action)
	switch c.Action {
	case plan.ActionSetRole:
		kind = "demote"
		if c.Role.Rank() > c.PreviousRole.Rank() {
			kind = "promote"
		}
	}
	if !slices.Contains(g.kinds, kind) {
		g.kinds = append(g.kinds, kind)
	}
	if c.Action != plan.ActionRemove && c.Role != "" {
		if g.roles == nil {
			g.roles = map[string]members.Role{}
		}
		g.roles[c.Email] = c.Role
	}
}

// whom names the group's people, each with the role sync gives them,
// and the list's preposition: "add ada@example.org (owner) to",
// "promote dan@example.org (owner) on".
func (g heldGroup) whom() string {
	labels := make([]string, len(g.emails))
	for i, e := range g.emails {
		labels[i] = e
		if r := g.roles[e]; r != "" {
			labels[i] += " (" + string(r) + ")"
		}
	}
	prep := "on"
	if len(g.kinds) == 1 && g.kinds[0] == "add" {
		prep = "to"
	}
	return names(labels) + " " + prep
}

// verb says what sync does with the group's people, in the past tense
// or not: "added", "take off or demote", "asked a person to add".
func (g heldGroup) verb(past bool) string {
	if g.byHand {
		ask := "ask a person to "
		if past {
			ask = "asked a person to "
		}
		return ask + heldGroup{kinds: g.kinds}.verb(false)
	}
	words := map[string][2]string{"add": {"add", "added"}, "promote": {"promote", "promoted"}, "demote": {"demote", "demoted"}, "remove": {"take off", "taken off"}}
	var out []string
	for _, k := range []string{"add", "promote", "demote", "remove"} {
		if slices.Contains(g.kinds, k) {
			w := words[k][0]
			if past {
				w = words[k][1]
			}
			out = append(out, w)
		}
	}
	return strings.Join(out, " or ")
}

// othersChanged compares, for everyone on a list but the entry edited
// (id), what sync planned before the edit (pb) with what it plans after
// (pa): who waits now who did not (by reason, in email order), and who
// no longer waits. byHand is heldGroup's, for the list.
func othersChanged(pa, pb map[string]plan.Change, id string, byHand bool) (held []heldGroup, released heldGroup) {
	released.byHand = byHand
	for key, ca := range pa {
		cb, ok := pb[key]
		if key == id || !ok || cb.Action != ca.Action || cb.Role != ca.Role {
			continue
		}
		switch {
		case waits(ca) && !waits(cb):
			i := slices.IndexFunc(held, func(g heldGroup) bool { return g.why == ca.Blocked })
			if i < 0 {
				held = append(held, heldGroup{why: ca.Blocked, byHand: byHand})
				i = len(held) - 1
			}
			held[i].emails = append(held[i].emails, ca.Email)
			held[i].note(ca)
		case waits(cb) && !waits(ca):
			released.emails = append(released.emails, ca.Email)
			released.note(ca)
		}
	}
	for i := range held {
		slices.Sort(held[i].emails)
	}
	slices.SortFunc(held, func(a, b heldGroup) int { return strings.Compare(a.emails[0], b.emails[0]) })
	slices.Sort(released.emails)
	return held, released
}

// othersOnFirstSync is othersChanged for a file not committed, whose
// version before the edit is no record of list l's group: what a sync
// plans for the others there (all but id) on a group that has none of
// them yet, as validate takes it (after, before: its verdicts), after
// the edit and before it; nothing before it when the list failed then
// (failedBefore: sync left it alone).
func othersOnFirstSync(ed edited, l string, after, before verdict, id string, failedBefore bool) (held []heldGroup, released heldGroup) {
	pa, _, _ := planned(ed.after, l, syncBase{}, after, removalCounts{})
	var pb map[string]plan.Change
	if !failedBefore {
		pb, _, _ = planned(ed.before, l, syncBase{}, before, removalCounts{})
	}
	return othersChanged(pa, pb, id, false)
}

// overCapUnknown qualifies what the advice says sync does with c, the
// edited entry's addition or promotion on list, when the file is not
// committed and list is over its cap: validate blames capped (the last
// entries in file order), as a sync does on a group that has none of
// them yet; on a group that has them, sync holds back those it does not
// have, c among them. "" when c waits anyway or nothing is over the cap.
func overCapUnknown(c plan.Change, list string, capped []string) string {
	var others []string
	for _, e := range capped {
		if members.MailboxOf(e) != members.MailboxOf(c.Email) {
			others = append(others, e)
		}
	}
	if waits(c) || len(others) == 0 {
		return ""
	}
	return fmt.Sprintf("; but if the group has %s already, sync holds %s back instead, as an entry that takes %s over its cap", names(others), c.Email, list)
}

// names lists addresses, the first eight and how many more.
func names(emails []string) string {
	if len(emails) <= 8 {
		return strings.Join(emails, ", ")
	}
	return strings.Join(emails[:8], ", ") + fmt.Sprintf(" and %d more", len(emails)-8)
}
