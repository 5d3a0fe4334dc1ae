package workspace

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// What the advice after an edit takes the next sync to plan for one
// list, against the groups as syncBase has them, with sync's guards.

// planned is what plan computes for one list of f, its live group taken
// to hold base's members of the list (whom base lists are whom the file
// listed, so they are removed when f no longer does), as changes by
// mailbox. ok is false for a list f has no policy for.
func planned(f *members.File, list string, base syncBase, v verdict, removals removalCounts) (changes map[string]plan.Change, unvetted map[string]plan.LiveMember, ok bool) {
	l := f.List(list)
	if l == nil {
		return nil, nil, false
	}
	pol := f.PolicyOf(l)
	if pol == nil {
		return nil, nil, false
	}
	in := plan.Input{Want: f.MembersOf(list), Listed: map[string]string{}, Full: v.gate.Full(list), IsGroup: plan.FileGroups(f),
		Blocked:    func(email string) string { return v.blocked(list, email) },
		Unadmitted: func(email string, role members.Role) string { return v.gate.Unadmitted(list, email, role) }}
	ex, isCSV := base.exports[list]
	if isCSV {
		// The export is the group, as sync reads it.
		in.Have.Members = ex.members
	}
	// Outside git (base not committed) sync cannot tell a demotion the
	// file made from an owner made by hand, and weighs every one.
	in.OwnersUnknown = !base.committed
	if base.file != nil {
		// The group's list in base, whatever its id there: a list
		// renamed since (same address) is the same group, as sync reads
		// it; a list pointed at another group since has none.
		was := base.idOf(f, list)
		for _, m := range base.file.MembersOf(was) {
			id := members.IdentityOf(m.Email)
			in.Listed[id] = "the committed file"
			role := base.roleOn(m, was)
			if role == members.RoleOwner && base.committed {
				// Owner in the committed file, lower in the edit's: a
				// demotion, weighed as sync weighs it (ListedOwners).
				if in.ListedOwners == nil {
					in.ListedOwners = map[string]bool{}
				}
				in.ListedOwners[members.MailboxOf(m.Email)] = true
			}
			if isCSV || role == "" {
				continue // the export says who is on it; sync never put them there
			}
			in.Have.Members = append(in.Have.Members, directory.Member{ID: id, Email: m.Email, Role: plan.ToLiveRole(role), Type: "USER", Status: "ACTIVE"})
		}
	}
	// An entry the edit spells otherwise (dana+x@ for the group's dana@)
	// is the member under that mailbox, as the run's look-up finds them:
	// plan matches them so, and so must the advice.
	byMailbox := make(map[string]directory.Member, len(in.Have.Members))
	for _, hm := range in.Have.Members {
		byMailbox[members.MailboxOf(hm.Email)] = hm
	}
	for _, m := range in.Want {
		id := members.IdentityOf(m.Email)
		if hm, ok := byMailbox[members.MailboxOf(m.Email)]; ok && members.IdentityOf(hm.Email) != id {
			if in.Aliases == nil {
				in.Aliases = map[string]directory.Member{}
			}
			in.Aliases[id] = hm
		}
	}
	pl := plan.Compute(l, pol, in)
	if !base.committed {
		// The group is the file before the edit only as a guess (see
		// othersOnFirstSync): room on it is no verdict on the entry.
		for i := range pl.Changes {
			if c := &pl.Changes[i]; strings.HasPrefix(c.Blocked, plan.CapHeld) {
				c.Blocked = ""
			}
		}
	}
	holdBackAsSync(pl, pl.Removals()+removals.elsewhere(list))
	// By mailbox: plan matches the file's dana+x@ with the group's dana@
	// (one person, whom validate lets the file list once), and so must
	// the advice that looks the entry up.
	changes = map[string]plan.Change{}
	for _, c := range pl.Changes {
		changes[members.MailboxOf(c.Email)] = c
	}
	unvetted = map[string]plan.LiveMember{}
	for _, u := range pl.Unvetted {
		unvetted[members.MailboxOf(u.Email)] = u
	}
	return changes, unvetted, true
}

// validated is the file validate judges the edited file against
// (policies.Options.Before): HEAD's version, or none when the file is
// not committed. Validate then takes no one to be on a list yet (a cap
// is blamed on the last entries in file order, every lapse is an
// error), and so does a first sync, on groups without them: the advice
// must name the entries validate names, not those new since the file
// before the edit, which validate never sees.
func (b syncBase) validated() *members.File {
	if b.committed {
		return b.file
	}
	return nil
}

// removalCounts is, per list, whom base lists and f does not (on a csv
// list, whom its export shows that sync removes): the removals a sync
// of f makes there, on groups that hold base, which the guard of all
// lists counts together. Counted once per edit (every
// list's members read once), not once per list the entry is on.
type removalCounts struct {
	byList map[string]int
	total  int
}

func countRemovals(f *members.File, sb syncBase) removalCounts {
	rc := removalCounts{byList: map[string]int{}}
	base := sb.file
	if base == nil || f == nil {
		return rc
	}
	for _, fl := range f.Lists {
		id := sb.idOf(f, fl.ID)
		now := map[string]bool{}
		for _, m := range f.MembersOf(fl.ID) {
			now[members.MailboxOf(m.Email)] = true
		}
		if ex, ok := sb.exports[fl.ID]; ok {
			// Whom the export shows and f does not list: removed when the
			// policy removes strangers, or base listed them.
			listed := map[string]bool{}
			for _, m := range base.MembersOf(id) {
				listed[members.MailboxOf(m.Email)] = true
			}
			for _, m := range ex.members {
				if mb := members.MailboxOf(m.Email); !now[mb] && (listed[mb] || removesUnmanaged(f, fl.ID)) {
					rc.byList[fl.ID]++
					rc.total++
				}
			}
			continue
		}
		for _, m := range base.MembersOf(id) {
			if mb := members.MailboxOf(m.Email); !now[mb] && !sb.never(id, mb) {
				rc.byList[fl.ID]++
				rc.total++
			}
		}
	}
	return rc
}

// elsewhere is the removals on lists other than list.
func (rc removalCounts) elsewhere(list string) int { return rc.total - rc.byList[list] }

// waits reports whether a planned change will not be made: an addition
// or promotion a finding blocks, an owner's departure held while the
// owner replacing them cannot be made, or any change sync's guards hold
// back. Apply refuses every change the plan blocks.
func waits(c plan.Change) bool {
	return c.Blocked != ""
}

// runRefused begins the reason of a change sync's guard of the whole
// run holds back: sync changes nothing at all, on any list.
const runRefused = plan.GuardHeld + "sync refuses to change anything: "

// holdBackAsSync holds back what sync's guards (as a scheduled sync has
// them) would, on pl, whose run removes all members on every list: the
// advice says it is held back, as plan and sync do. A run over the
// guard of all lists (--max-removals) changes nothing, on pl either,
// for that reason and pl's own, each with the limit that allows it, as
// sync names them all: naming one, the advice would send its reader to
// a run that still refuses.
func holdBackAsSync(pl *plan.List, all int) {
	g := plan.DefaultGuards()
	p := &plan.Plan{Lists: []*plan.List{pl}}
	var ge *plan.GuardError
	errors.As(p.Check(g), &ge)
	if all <= g.MaxRemovals {
		if ge != nil {
			p.HoldBack(ge)
		}
		return
	}
	why := []string{fmt.Sprintf("cannot remove %s in all (limit %d; --max-removals %d allows it)", words.Plural(all, "member"), g.MaxRemovals, all)}
	if ge != nil {
		for _, v := range ge.Violations {
			if !slices.Contains(why, v) && !strings.Contains(v, " in all (limit ") {
				why = append(why, v)
			}
		}
	}
	held := runRefused + strings.Join(why, "; ")
	for i := range pl.Changes {
		// A change a finding holds back waits for that too.
		if c := &pl.Changes[i]; c.Blocked == "" {
			c.Blocked = held
		} else {
			c.Blocked += "; " + held
		}
	}
}

// describeChange says what sync does with one planned change of the
// edited entry. now says the edit unblocked it; holdsOthers that the
// edit holds others back on the list too (sync does not simply go ahead
// with everything else then, nor when it refuses the whole run).
func describeChange(c plan.Change, list string, now, holdsOthers bool) string {
	rest := goesAhead(c, holdsOthers)
	when := ""
	if now {
		when = "now "
	}
	switch {
	case c.Action == plan.ActionAdd && waits(c):
		return fmt.Sprintf("sync will not put %s on %s as %s until this is fixed: %s%s", c.Email, list, c.Role, c.Blocked, rest)
	case c.Action == plan.ActionAdd:
		return fmt.Sprintf("sync will %sadd %s to %s as %s", when, c.Email, list, c.Role)
	case c.Action == plan.ActionRemove && waits(c):
		return fmt.Sprintf("sync will not take %s off %s: %s", c.Email, list, c.Blocked)
	case c.Action == plan.ActionRemove:
		return fmt.Sprintf("sync will take %s off %s", c.Email, list)
	case waits(c):
		return fmt.Sprintf("sync will not make %s %s on %s until this is fixed: %s; they stay %s there%s", c.Email, c.Role, list, c.Blocked, c.PreviousRole, rest)
	}
	return fmt.Sprintf("sync will %schange %s on %s from %s to %s", when, c.Email, list, c.PreviousRole, c.Role)
}

// goesAhead says that sync goes ahead with everything else while c
// waits, "" when it does not: the edit holds others back too
// (holdsOthers), or sync refuses the whole run.
func goesAhead(c plan.Change, holdsOthers bool) string {
	if holdsOthers || strings.Contains(c.Blocked, runRefused) {
		return ""
	}
	return " (it goes ahead with everything else)"
}

// describeUnknown says what sync does with the planned addition or
// role change c of the edited entry when file is not committed: roster
// cannot tell what the group has, so an addition may be a role change,
// a role change an addition, and either nothing. Only the role sync
// gives them is certain. holdsOthers is describeChange's.
func describeUnknown(c plan.Change, list, file string, holdsOthers bool) string {
	unknown := fmt.Sprintf("(%s is not committed, so roster cannot tell)", file)
	switch {
	case waits(c):
		// Only an addition or a promotion waits.
		return fmt.Sprintf("sync will not add %s to %s as %s, nor promote them to it if the group has them already %s, until this is fixed: %s%s", c.Email, list, c.Role, unknown, c.Blocked, goesAhead(c, holdsOthers))
	case c.Action == plan.ActionAdd:
		return fmt.Sprintf("sync will add %s to %s as %s, or give them that role if the group has them already %s", c.Email, list, c.Role, unknown)
	}
	return fmt.Sprintf("sync will make %s %s on %s, if the group does not have them so already %s", c.Email, c.Role, list, unknown)
}
