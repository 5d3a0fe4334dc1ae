package review

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/roster-dev/roster/members"
)

// lists compares the lists and their policies, each head list with the
// base list of the same group (see counterparts).
func (d *decider) lists() {
	paired := map[string]bool{}
	for _, l := range d.head.Lists {
		bid := d.baseID(l.ID)
		if bid == "" {
			if bl, other := d.sharedGroup(l); bl != nil {
				// A base list's group, which another list of the head
				// names too and took in the pairing: two lists for one
				// group, which stops every sync. Said as it is, not as
				// a new list or a move from an address to itself; the
				// group's owners approve all the same.
				d.need(Admins, "", "", false, fmt.Sprintf("list %s: %s is also the group of list %s in this change, which validate refuses", l.ID, l.Address, other))
				d.need(Owners, bl.ID, "", true, fmt.Sprintf("list %s shares the group %s with list %s: its owners approve whom each holds there", l.ID, l.Address, other))
			} else if bl := d.base.List(l.ID); bl != nil {
				d.need(Admins, "", "", false, fmt.Sprintf("list %s: address %s -> %s: another address, which roster manages as a new list", l.ID, bl.Address, l.Address))
				// The file cannot tell another group from another
				// address of the same one (Google resolves a group's
				// aliases): the people the list holds would join the
				// group its owners keep, new owners among them. So its
				// owners approve the move as they would a new owner.
				// Whatever list takes the old address now (a new list
				// there is paired with the old group, as a rename).
				d.need(Owners, bl.ID, "", true, fmt.Sprintf("list %s moves from %s to %s, which may be an alias of the same group: its owners approve whom it holds there", l.ID, bl.Address, l.Address))
			} else {
				d.need(Admins, "", "", false, fmt.Sprintf("new list %s (%s, provider %s, policy %s)", l.ID, l.Address, l.Provider, l.Policy))
			}
			d.takenBack(l)
			continue
		}
		paired[bid] = true
		bl := d.base.List(bid)
		if bid != l.ID {
			d.need(Admins, "", "", false, fmt.Sprintf("list %s renamed to %s (%s)", bid, l.ID, l.Address))
		}
		if bl.Address != l.Address {
			// The same group by identity, written otherwise: a spelling
			// the API may not resolve to it (a full-width letter folds
			// to the same identity, and names no group) would leave the
			// real group unmanaged, so any respelling is an admin's call.
			d.need(Admins, "", "", false, fmt.Sprintf("list %s: address %s -> %s, respelled", l.ID, bl.Address, l.Address))
		}
		if bl.Provider != l.Provider || bl.Snapshot != l.Snapshot {
			// Where roster reads the group's members from is an admin's
			// call, and what it then reads is the owners', as for an
			// edited snapshot: pointing a list at another export (an
			// older one the repository holds, or one without a walk-in's
			// row) would otherwise change who roster sees on the group
			// with no owner asked.
			d.need(Admins, "", "", false, fmt.Sprintf("list %s: provider %s -> %s", l.ID, describeProvider(bl), describeProvider(l)))
			// From a group roster writes to one it only reads (a csv
			// export): walk-ins stay and settings go unpinned, looser
			// than unmanaged = "report", so as many owners approve.
			stops := bl.Provider == members.ProviderGoogle && l.Provider != members.ProviderGoogle
			what := "the group's members as roster reads them"
			if stops {
				what = "roster stops writing to the group (nobody removed, no setting pinned)"
			}
			d.owners(bid, stops, fmt.Sprintf("list %s: provider %s -> %s: %s", l.ID, describeProvider(bl), describeProvider(l), what))
		} else if slices.Contains(d.in.Snapshots, l.ID) {
			d.owners(bid, false, fmt.Sprintf("list %s: snapshot %s edited: the group's members as roster reads them", l.ID, l.Snapshot))
		}
		if bl.Create != l.Create {
			d.need(Admins, "", "", false, fmt.Sprintf("list %s: create = %t -> %t", l.ID, bl.Create, l.Create))
		}
		if bl.Policy != l.Policy {
			d.need(Admins, "", "", false, fmt.Sprintf("list %s: policy %s -> %s", l.ID, bl.Policy, l.Policy))
		}
		if bl.Description != l.Description {
			d.owners(bid, false, fmt.Sprintf("list %s: description changed", l.ID))
		}
		// A list moved to another policy is compared with the policy it
		// had: switching to a looser one needs the owners the loosening
		// would, besides the admin the switch itself needs.
		d.policy(bid, l, d.base.PolicyOf(bl), d.head.PolicyOf(l))
	}
	for _, l := range d.base.Lists {
		if !paired[l.ID] && d.head.List(l.ID) == nil {
			d.need(Admins, "", "", false, fmt.Sprintf("list %s (%s) deleted: roster stops managing the group", l.ID, l.Address))
			// Its people stay on the group and anyone may join: the
			// loosest policy there is, which its owners approve as they
			// would any loosening.
			d.need(Owners, l.ID, "", true, fmt.Sprintf("list %s (%s) deleted: nobody is removed from the group again and no setting is pinned", l.ID, l.Address))
		}
	}
}

// sharedGroup is, for head list l paired with no base list, the base
// list of l's group and the head list paired with it instead, or nil.
func (d *decider) sharedGroup(l *members.List) (*members.List, string) {
	group := members.IdentityOf(l.Address)
	for _, bl := range d.base.Lists {
		if members.IdentityOf(bl.Address) != group {
			continue
		}
		for _, h := range d.head.Lists {
			if h != l && d.baseID(h.ID) == bl.ID {
				return bl, h.ID
			}
		}
	}
	return nil, ""
}

// takenBack asks, for a head list whose group the base has no list for
// but another members file has at the base, or an earlier revision had,
// the owners that list has there or had then, as many as a new owner or
// a looser policy needs: moving a list's address away
// in one change and back in the next, or deleting a list and making it
// again, must not take the group from its owners with an admin's
// approval of each step, where the same change in one step needs them.
func (d *decider) takenBack(l *members.List) {
	for _, f := range d.in.Elsewhere[members.IdentityOf(l.Address)] {
		if f.File == nil || f.File.List(f.List) == nil {
			continue
		}
		name := f.List + " in " + f.Path
		d.former[name] = f
		d.need(Owners, name, "", true, fmt.Sprintf("list %s takes on %s, which list %s of %s manages in the base revision: its owners there approve its members, owners and policy here", l.ID, l.Address, f.List, f.Path))
	}
	// Each list that let the group go approves. Another file's whose
	// owners are all gone since drops out beside the members file's own,
	// whose owners can approve (its admins would stand in for them, and
	// may be too few ever to: the group could never come back); beside
	// another file's only, it does not: that one may be of a file no gate
	// reviews, made and emptied for the purpose with owners of its
	// author's choosing, and the gone owners' own admins stand in (none:
	// the review fails closed). The members file's own never drops out
	// (s16-delta finding 2, s27-gate2 finding 1, s27-regress5 finding 1).
	var names []string
	ownSeated := false
	seated := map[string]bool{}
	for _, f := range d.in.Former[members.IdentityOf(l.Address)] {
		if f.File == nil || f.File.List(f.List) == nil {
			continue
		}
		name := f.List + " as of " + f.Revision
		d.former[name] = f
		handles, _ := d.ownersOf(name)
		seated[name] = len(handles) > 0
		// (Not a list found only aside the line: a change's commits may
		// make and drop one there, owned by its author's friends.)
		ownSeated = ownSeated || seated[name] && f.LetGoBy == "" && !f.Aside
		names = append(names, name)
	}
	for _, name := range names {
		f := d.former[name]
		if ownSeated && !seated[name] && f.LetGoBy != "" {
			delete(d.former, name)
			continue
		}
		d.need(Owners, name, "", true, fmt.Sprintf("list %s takes on %s, which list %s managed until %s: the group's owners then approve its members, owners and policy now", l.ID, l.Address, f.List, f.Revision))
	}
}

func describeProvider(l *members.List) string {
	if l.Snapshot != "" {
		return fmt.Sprintf("%s (snapshot %s)", l.Provider, l.Snapshot)
	}
	return string(l.Provider)
}

// policy compares the policy a list had with the one it has: a change
// that lets more people on, or makes them easier to get on, needs the
// policy's approvals; any other change, one owner.
//
// A list whose policy the base does not define (its table deleted, or
// named otherwise, in an earlier change: sync refused to touch the list
// since) and the head does, is given a policy with nothing to compare it
// with: as for a new list, an admin's call, and as loose as can be, the
// policy's approvals. Otherwise deleting the table in one change and
// writing it back loosened in the next would need nobody.
func (d *decider) policy(baseID string, l *members.List, was, now *members.Policy) {
	switch {
	case was == nil && now == nil:
		return
	case was == nil:
		change := fmt.Sprintf("list %s: policy %s defined, where the base defines no policy %s for it: nothing to compare it with, so taken as loosened", l.ID, now.ID, d.base.List(baseID).Policy)
		d.need(Admins, "", "", false, change)
		d.owners(baseID, true, change)
		return
	case now == nil:
		// Sync refuses the list until a policy is written back, which
		// is then compared with nothing: the deletion needs what a
		// loosening of the policy it had would (its approvals).
		d.owners(baseID, true, fmt.Sprintf("list %s: policy %s no longer defined (sync refuses the list until it is; written back, it is compared with nothing)", l.ID, was.ID))
		return
	}
	loosened := Loosened(was, now)
	changed := Changed(was, now)
	name := "policy " + now.ID
	if was.ID != now.ID {
		name = fmt.Sprintf("list %s: policy %s -> %s", l.ID, was.ID, now.ID)
	}
	switch {
	case len(loosened) > 0:
		d.owners(baseID, true, fmt.Sprintf("%s loosened: %s", name, strings.Join(loosened, "; ")))
	case len(changed) > 0:
		d.owners(baseID, false, fmt.Sprintf("%s changed: %s", name, strings.Join(changed, "; ")))
	}
}

// admins compares the set of admins: changing it needs an existing admin.
func (d *decider) admins() {
	was, now := handleSet(d.base.Admins), handleSet(d.head.Admins)
	var added, removed []string
	for k, h := range now {
		if _, ok := was[k]; !ok {
			added = append(added, "@"+h)
		}
	}
	for k, h := range was {
		if _, ok := now[k]; !ok {
			removed = append(removed, "@"+h)
		}
	}
	sort.Strings(added)
	sort.Strings(removed)
	if len(added) > 0 {
		d.need(Admins, "", "", false, "admins added: "+strings.Join(added, ", "))
	}
	if len(removed) > 0 {
		d.need(Admins, "", "", false, "admins removed: "+strings.Join(removed, ", "))
	}
}

func handleSet(hs []string) map[string]string {
	out := map[string]string{}
	for _, h := range hs {
		if k := key(h); k != "" {
			out[k] = strings.TrimPrefix(strings.TrimSpace(h), "@")
		}
	}
	return out
}
