package review

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
)

// members compares every entry of the two files: entries are paired by
// mailbox, then, for those left, by GitHub handle (an entry whose
// address changed).
func (d *decider) members() {
	baseBy := map[string]*members.Member{}
	for _, m := range d.base.Members {
		baseBy[members.IdentityOf(m.Email)] = m
	}
	paired := map[*members.Member]*members.Member{} // head -> base
	used := map[*members.Member]bool{}
	var unpairedHead []*members.Member
	var byIdentity []*members.Member
	for _, m := range d.head.Members {
		if b := baseBy[members.IdentityOf(m.Email)]; b != nil && !used[b] {
			paired[m], used[b] = b, true
			continue
		}
		byIdentity = append(byIdentity, m)
	}
	// Then by mailbox: dana+lists@ for the base's dana@ is one person
	// respelled (validate lets the file list a mailbox once), not one
	// leaving and another coming with her records.
	baseByMailbox := map[string]*members.Member{}
	for _, m := range d.base.Members {
		if !used[m] {
			baseByMailbox[members.MailboxOf(m.Email)] = m
		}
	}
	for _, m := range byIdentity {
		if b := baseByMailbox[members.MailboxOf(m.Email)]; b != nil && !used[b] {
			paired[m], used[b] = b, true
			continue
		}
		unpairedHead = append(unpairedHead, m)
	}
	baseByHandle := map[string]*members.Member{}
	for _, m := range d.base.Members {
		if !used[m] && m.GitHub != "" {
			baseByHandle[key(m.GitHub)] = m
		}
	}
	for _, m := range unpairedHead {
		if m.GitHub != "" {
			if b := baseByHandle[key(m.GitHub)]; b != nil && !used[b] {
				paired[m], used[b] = b, true
				continue
			}
		}
		d.member(nil, m)
	}
	for _, m := range d.head.Members {
		if b := paired[m]; b != nil {
			d.member(b, m)
		}
	}
	for _, b := range d.base.Members {
		if !used[b] {
			d.member(b, nil)
		}
	}
}

// member compares one person's entry before (was) and after (now); either
// may be nil.
func (d *decider) member(was, now *members.Member) {
	name := func(m *members.Member) string { return m.Email }
	lists := map[string]bool{}
	var order []string
	headRole := map[string]members.Role{}
	if now != nil {
		for _, ms := range now.Lists {
			if id := d.baseID(ms.List); id != "" {
				headRole[id] = ms.Role
			}
		}
	}
	if now != nil {
		d.onNewLists(was, now)
	}
	for _, m := range []*members.Member{was, now} {
		if m == nil {
			continue
		}
		for _, ms := range m.Lists {
			id := ms.List
			if m == now {
				id = d.baseID(id) // a new group's members come with it
			}
			if id != "" && !lists[id] {
				lists[id] = true
				order = append(order, id)
			}
		}
	}
	for _, l := range order {
		var before members.Role
		if was != nil {
			before = strictest(was.RoleOn(l))
		}
		role, on := headRole[l]
		after := strictest(role, on)
		switch {
		case before == "" && after != "":
			sensitive := after == members.RoleOwner || after == members.RoleManager
			// The owner approves a person on the strength of a record,
			// which may have come in an earlier change: it is named.
			what := fmt.Sprintf(MarkAdd+"%s (%s), %s", name(now), after, d.admittingRecord(l, now))
			if sensitive {
				what += ": a new " + string(after)
			}
			d.owners(l, sensitive, what)
		case before != "" && after == "":
			sensitive := before == members.RoleOwner
			what := fmt.Sprintf(MarkRemove+"%s (was %s)", name(was), before)
			if sensitive {
				what += ": an owner removed"
			}
			d.owners(l, sensitive, what)
		case before != after:
			raised := after.Rank() > before.Rank() && (after == members.RoleOwner || after == members.RoleManager)
			ownerLost := before == members.RoleOwner
			what := fmt.Sprintf(MarkRole+"%s (%s -> %s)", name(now), before, after)
			switch {
			case raised:
				what += ": a new " + string(after)
			case ownerLost:
				what += ": an owner removed"
			}
			d.owners(l, raised || ownerLost, what)
		}
	}
	if was != nil && now != nil {
		d.details(was, now)
	}
	d.records(was, now)
}

// details are the changes to a paired entry's own fields. The identity
// fields (email, github) of anyone who owns or manages a list, or vets
// anyone, decide who approves and vouches from then on: the owners of
// every list concerned approve them.
func (d *decider) details(was, now *members.Member) {
	var changed []string
	if was.Email != now.Email {
		changed = append(changed, fmt.Sprintf("email %s -> %s", was.Email, now.Email))
	}
	if key(was.GitHub) != key(now.GitHub) {
		changed = append(changed, fmt.Sprintf("github %s -> %s", orNone(was.GitHub), orNone(now.GitHub)))
	}
	if len(changed) > 0 {
		what := fmt.Sprintf(identityPrefix+"%s: %s", was.Email, strings.Join(changed, ", "))
		// The identity of an owner or manager is their seat: whoever the
		// new handle or mailbox belongs to approves and manages from then
		// on, so it is approved as a new owner or manager would be.
		concerned := map[string]bool{} // list -> sensitive
		for _, f := range []struct {
			file *members.File
			m    *members.Member
		}{{d.base, was}, {d.head, now}} {
			for _, ms := range f.m.Lists {
				id := ms.List
				if f.file == d.head {
					id = d.baseID(id)
				}
				if id == "" {
					continue
				}
				seat := strictest(ms.Role, true) == members.RoleOwner || ms.Role == members.RoleManager
				concerned[id] = concerned[id] || seat
			}
			for _, l := range vettedLists(f.file, f.m) {
				if f.file == d.head {
					l = d.baseID(l)
				}
				if _, ok := concerned[l]; !ok && l != "" {
					concerned[l] = false
				}
			}
		}
		// An entry on no list that vets nobody concerns no list's
		// owners, but its records go with the new identity and admit
		// whoever it now names when a later change lists them, showing
		// only the membership: an admin approves the move now, as for a
		// record changed on such an entry.
		// Whatever lists its records vetted others for: those owners see
		// a vetter renamed, not records that will vouch for a new person.
		other := members.IdentityOf(was.Email) != members.IdentityOf(now.Email) || key(was.GitHub) != key(now.GitHub)
		// On no list in the base, whatever the head puts it on: the
		// records were written for the person the base names.
		if len(d.listsOf(was, nil)) == 0 && other && (len(was.Vetting) > 0 || len(now.Vetting) > 0) {
			d.need(Admins, "", "", false, what+": the entry is on no list, and its vetting records would vouch for the new identity")
		}
		// Another identity, not only another mailbox: a "+tag" reaches
		// the same inbox where the domain's mail server says so, and
		// not every server does; the vetter says whether it is theirs.
		if members.IdentityOf(was.Email) != members.IdentityOf(now.Email) && len(d.listsOf(was, nil)) > 0 {
			d.retargeted(was, now) // (on no list, an admin attests above)
		}
		for _, l := range slices.Sorted(maps.Keys(concerned)) {
			change := what
			if concerned[l] {
				change += ": the seat of an owner or manager"
			}
			d.owners(l, concerned[l], change)
		}
	}
	if was.Name != now.Name || was.Affiliation != now.Affiliation {
		what := fmt.Sprintf("details of %s (name, affiliation)", now.Email)
		for _, l := range d.listsOf(was, now) {
			d.owners(l, false, what)
		}
	}
}

// retargeted asks, for an entry whose email names another mailbox, each
// vetter of a record it keeps to attest it: the record was written for
// the person the base names, and would now vouch for whoever the new
// address is, on every list a later change puts them on (whose owners
// then see an old record, not a new person). A grandfathered record,
// which no vetter wrote, needs an admin.
func (d *decider) retargeted(was, now *members.Member) {
	for _, v := range now.Vetting {
		if !slices.ContainsFunc(was.Vetting, func(o members.Vetting) bool {
			return vetting.VetterKey(o.By) == vetting.VetterKey(v.By) && o.On.Equal(v.On) && o.Method == v.Method
		}) {
			continue // a new record: records() asks its vetter
		}
		desc := fmt.Sprintf("vetting of %s by %s on %s (%s), written for %s: it now vouches for another mailbox", now.Email, v.By, v.On.Format(members.DateLayout), v.Method, was.Email)
		if v.Method == vetting.Grandfathered || v.By == vetting.ImportVetter {
			d.need(Admins, "", "", false, desc+"; no vetter wrote it, so an admin attests")
			continue
		}
		d.need(Vetter, "", v.By, false, desc)
	}
}

// vettedLists returns the lists of the members whose records in f name m
// as their vetter.
func vettedLists(f *members.File, m *members.Member) []string {
	var out []string
	seen := map[string]bool{}
	for _, other := range f.Members {
		for _, v := range other.Vetting {
			if !vetting.IsSelf(vetting.Record{By: v.By}, m) {
				continue
			}
			for _, ms := range other.Lists {
				if !seen[ms.List] {
					seen[ms.List] = true
					out = append(out, ms.List)
				}
			}
		}
	}
	return out
}

// records compares vetting records: a new one needs its member's lists'
// owners and its vetter's word; a changed or removed one the owners.
func (d *decider) records(was, now *members.Member) {
	type id struct{ by, on, method string }
	idOf := func(v members.Vetting) id {
		return id{key(v.By), v.On.Format(members.DateLayout), v.Method}
	}
	// Records are a multiset: two of the same vetter, day and method (a
	// record written by add, then by vet) are two records, not one the
	// other overwrites.
	old := map[id][]members.Vetting{}
	if was != nil {
		for _, v := range was.Vetting {
			old[idOf(v)] = append(old[idOf(v)], v)
		}
	}
	lists := d.listsOf(was, now)
	// A record on an entry that is on no list after the change concerns
	// no list's owners, but it waits there for a later change that puts
	// the person on one, which then shows only the membership: an admin
	// approves it now, whatever lists the entry left in the same change.
	listless := now != nil && len(d.listsOf(nil, now)) == 0
	why := "the entry is on no list after the change, so no list's owners vouch for it"
	if now != nil && len(now.Lists) > 0 {
		// On lists only, all new: their owners are named by this very
		// change, and approve nothing yet.
		why = "the entry is only on lists this change creates, whose owners cannot yet vouch for it"
	}
	vouch := func(change string) {
		for _, l := range lists {
			d.owners(l, false, change)
		}
		if listless || len(lists) == 0 {
			d.need(Admins, "", "", false, change+": "+why)
		}
	}
	if now != nil {
		// The records the base has as they are, first; what is left of
		// the same vetter, day and method is a record changed.
		var rest []members.Vetting
		for _, v := range now.Vetting {
			same := old[idOf(v)]
			if k := slices.IndexFunc(same, func(o members.Vetting) bool { return o.Note == v.Note && o.Evidence == v.Evidence }); k >= 0 {
				old[idOf(v)] = slices.Delete(same, k, k+1)
				continue
			}
			rest = append(rest, v)
		}
		for _, v := range rest {
			same := old[idOf(v)]
			existed := len(same) > 0
			var o members.Vetting
			if existed {
				o = same[0]
				old[idOf(v)] = same[1:]
			}
			desc := fmt.Sprintf("vetting of %s by %s on %s (%s)", now.Email, v.By, v.On.Format(members.DateLayout), v.Method)
			switch {
			case !existed:
				vouch("new " + desc)
				// Only what roster import writes needs no vetter's
				// attestation: by exactly "import", method grandfathered.
				// "@import" or "Import" is a GitHub handle, and vouches
				// like any other.
				if v.By != vetting.ImportVetter || v.Method != vetting.Grandfathered {
					d.need(Vetter, "", v.By, false, "new "+desc)
				}
				if v.Method == vetting.Grandfathered {
					// A grandfathered record says the person was on the
					// group before roster, which anyone can write by hand,
					// and validate checks no vetter for it, whoever "by"
					// names: an admin attests it, as for a new list's
					// import.
					d.need(Admins, "", "", false, "new "+desc+": a grandfathered record stands for someone already on the group, which no vetter attests; an admin does")
				}
			case o.Note != v.Note || o.Evidence != v.Evidence:
				vouch("changed " + desc + ": a record is a fact; add a new one rather than edit it")
			}
		}
	}
	email := ""
	if was != nil {
		email = was.Email
	}
	for _, vs := range old {
		for _, v := range vs {
			if now == nil {
				break // the whole entry left; its lists say so
			}
			vouch(fmt.Sprintf("removed vetting of %s by %s on %s (%s)", email, v.By, v.On.Format(members.DateLayout), v.Method))
		}
	}
}

// admittingRecord describes the record that admits m (in the head
// file) to the base list l, for the line that puts m on it: the one
// every other route names (vetting.Admitting), so the owner approves
// the person on the record the list's policy accepts, not on another
// of theirs that happens to be as new.
func (d *decider) admittingRecord(l string, m *members.Member) string {
	if d.people == nil {
		d.people = vetting.NewPeople(d.head)
	}
	var r *members.Vetting
	if hl := d.head.List(d.headID(l)); hl != nil {
		r = vetting.Admitting(hl, d.head.PolicyOf(hl), d.people, m, d.in.At)
	} else {
		r = vetting.Admitting(nil, nil, d.people, m, d.in.At)
	}
	if r == nil {
		return "with no vetting record"
	}
	return fmt.Sprintf("vetted by %s on %s (%s)", r.By, r.On.Format(members.DateLayout), r.Method)
}

// listsOf returns the base ids of the lists a person is on before (was)
// or after (now) the change; lists of groups new in the change come
// with them, approved by an admin.
func (d *decider) listsOf(was, now *members.Member) []string {
	seen := map[string]bool{}
	var out []string
	add := func(id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	if was != nil {
		for _, x := range was.Lists {
			add(x.List)
		}
	}
	if now != nil {
		for _, x := range now.Lists {
			add(d.baseID(x.List))
		}
	}
	return out
}

// strictest is a role as review weighs it: one the file does not spell
// as roster's roles ("Owner", "owner ") is weighed as an owner's, the
// role that needs the most approvals. validate refuses such a role; the
// gate must not be weaker than validate where only one of them runs.
// An entry that names the list (on) with an empty role has such a role
// too: "" is what an entry not on the list has ("" when !on).
func strictest(r members.Role, on bool) members.Role {
	if on && !r.Valid() {
		return members.RoleOwner
	}
	return r
}

// onNewLists names, for the admin who approves a new list, whom the
// entry now puts on it, and whom it puts on a list id the file does not
// define: sync refuses the whole file until a list of that id exists,
// and the change that then adds it would bring the entry in with it.
// An entry already on that undefined id in the base is no change.
func (d *decider) onNewLists(was, now *members.Member) {
	for _, ms := range now.Lists {
		if d.baseID(ms.List) != "" {
			continue
		}
		if d.head.List(ms.List) != nil {
			d.need(Admins, "", "", false, fmt.Sprintf(MarkAdd+"%s (%s) on new list %s", now.Email, ms.Role, ms.List))
			continue
		}
		if was != nil && slices.ContainsFunc(was.Lists, func(b members.Membership) bool { return b.List == ms.List && d.base.List(b.List) == nil }) {
			continue
		}
		d.need(Admins, "", "", false, fmt.Sprintf(MarkAdd+"%s (%s) on list %q, which the file does not define: sync refuses the whole file until a list of that id exists", now.Email, ms.Role, ms.List))
	}
}
