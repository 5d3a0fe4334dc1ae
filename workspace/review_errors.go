package workspace

import (
	"context"
	"fmt"
	"io"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
	"github.com/roster-dev/roster/review"
)

// newErrors judges the change's head as validate --base judges it, and
// puts in in the errors the base did not have: those that stop every
// sync (HeadStops) and the others (HeadInvalid). It returns how many of
// the head's stopping errors the base had already.
//
// A head that stops every sync once merged (a broken policy no list
// uses yet, an entry on an undefined list) halts every removal,
// walk-ins' too: the review names why, and no approval passes it. A
// head validate fails on otherwise (an unvetted addition, a list over
// its cap) keeps the validate step red: the review says so rather than
// "Approved" beside it. An error the base has already is not the
// change's to fix (one that mends one error of two is progress), and
// the review says it is there.
func (w *Workspace) newErrors(ctx context.Context, o ReviewOptions, base, head *members.File, headRev string, in *review.Input) (baseStops int) {
	// A finding is the base's when the base has it of the same list and
	// person: the list paired as review pairs them, by its group (a
	// change may swap two lists' ids), else, for an address the base has
	// no list for, by its id (a list moved to another address); the
	// person by identity, whatever the spelling. The rule, the base's
	// list, and whom or what it is about.
	//
	// And, for a rule that gives one person several findings on a list
	// (one per required field missing), which one (Finding.Field; "" for
	// every other rule): one must not stand in for another. Nothing else
	// of the message, which names policies, vetters and counts a
	// harmless change may move.
	findingKey := func(list string, f policies.Finding) string {
		about := f.Subject
		switch {
		case f.Member != "":
			about = "m:" + members.IdentityOf(f.Member)
		case f.List != "":
			// The list's own finding: its subject names the list by its
			// id in that file, which the pairing has already read.
			about = ""
		}
		return string(f.Rule) + "\x00" + list + "\x00" + about + "\x00" + f.Field
	}
	atBase := map[string]int{}
	// A list short of owners at base and shorter at head is worse by the
	// change: the owners it had at base, to tell.
	baseOwners := map[string]int{}
	// The base as committed, as validate judges it, not the version
	// review judges approvals by (for a list that fails its own policy,
	// settled to whom the last version that applied it listed; for a
	// base sync refuses whole, the last one it applied): an error of the
	// file as committed is the base's. One that does not parse has its
	// errors in the version review judges by, the last that does, and a
	// change that repairs it is asked for none of them.
	asIs := base
	if f, _, _, err := w.read(ctx, Source{Path: o.File, Rev: o.Base}); err == nil && f != nil {
		asIs = f
	}
	// Both judged quietly: their notes (a version passed over) are
	// review's own, said once by baseOf.
	quiet := *w
	quiet.errw, quiet.env.JSONLogs = io.Discard, false
	if asIs != nil {
		// Against base, the file at --base as Base reads it, which
		// review has read already (baseOf), as validate --base reads it
		// again.
		for _, f := range quiet.judgedAgainst(ctx, Source{Path: o.File, Rev: o.Base}, asIs, base, o.Base, w.today()) {
			if f.Fails() {
				k := findingKey(f.List, f)
				atBase[k]++
				if f.Rule == policies.RuleMinOwners {
					baseOwners[k] = f.Owners
				}
			}
		}
	}
	baseList := pairedLists(asIs, head)
	for _, f := range quiet.judgedAgainst(ctx, Source{Path: o.File, Rev: headRev}, head, base, o.Base, w.today()) {
		if !f.Fails() {
			continue
		}
		k := findingKey(baseList(f.List), f)
		if f.Rule == policies.RuleMinOwners && f.Owners < baseOwners[k] {
			// One owner fewer on a list already short of them: the
			// change's, not the base's.
			f.Message += fmt.Sprintf(" (%d before this change)", baseOwners[k])
		} else if atBase[k] > 0 {
			atBase[k]--
			if f.Effect == policies.Stop {
				baseStops++
			}
			continue
		}
		if f.Effect == policies.Stop {
			in.HeadStops = append(in.HeadStops, f.Plain())
		} else {
			in.HeadInvalid = append(in.HeadInvalid, f.Plain())
		}
	}
	return baseStops
}

// pairedLists returns, for a list id of head, the id of base's list it
// is: the one of the same group, else, when base has no list of that
// group, the one of the same id (a list moved to another address) that
// no list of head is by its group; "" when base has none of these (a
// new list), and the id itself when base is nil.
func pairedLists(base, head *members.File) func(string) string {
	if base == nil {
		return func(id string) string { return id }
	}
	byGroup := map[string]string{}
	claimed := map[string]bool{} // base ids a head list is by its group
	for _, l := range head.Lists {
		if b := base.ListOfGroup(members.IdentityOf(l.Address)); b != nil {
			byGroup[l.ID] = b.ID
			claimed[b.ID] = true
		}
	}
	return func(id string) string {
		if b, ok := byGroup[id]; ok {
			return b
		}
		if head.List(id) == nil {
			// An id no list of head has (an entry on an undefined list):
			// the same words in both files.
			return id
		}
		if base.List(id) != nil && !claimed[id] {
			return id
		}
		return ""
	}
}
