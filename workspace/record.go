package workspace

import (
	"fmt"
	"slices"
	"strings"

	"github.com/roster-dev/roster/internal/nearest"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
)

// What an edit writes is checked against the policies of the lists it
// concerns before anything is written: the vetting record's method,
// vetter and date.

// vetterAsWritten is by as the file writes the person it names: a
// handle in another case, or with an '@', is the handle the file gives
// them; an address in another spelling, their address. A vetter the file
// does not know stays as given (checkRecord refuses one who may not vet).
func vetterAsWritten(f *members.File, by string) string {
	key := vetting.VetterKey(by)
	for _, m := range f.Members {
		if m.GitHub != "" && key == vetting.VetterKey(m.GitHub) {
			return m.GitHub
		}
		if key == vetting.VetterKey(m.Email) {
			return m.Email
		}
	}
	return strings.TrimSpace(by)
}

// checkOn refuses a record's date no vetting can have: one to come, or
// one before members.MinYear, which the file would not parse.
func (w *Workspace) checkOn(v members.Vetting) error {
	today := w.today().Format(members.DateLayout)
	switch {
	case v.On.Year() < members.MinYear:
		return fmt.Errorf("--on %s is before %d, no day anyone was vetted on; write the date the vetting happened (YYYY-MM-DD, today is %s UTC); nothing was written", v.On.Format(members.DateLayout), members.MinYear, today)
	case v.On.After(w.today()):
		// roster's days are UTC's (a record's date is compared with
		// dates everywhere alike): east of Greenwich, a local today may
		// be UTC's tomorrow still.
		return fmt.Errorf("--on %s is in the future (today is %s UTC, the day roster dates records by); write the date the vetting happened; nothing was written", v.On.Format(members.DateLayout), today)
	}
	return nil
}

// checkRecord refuses, before anything is written, a vetting record that
// could not count for any of the lists it is for: a method none of their
// policies accepts (a typo would surface only when the old record
// lapses), a vetter who may vet for none of them, or the member vetting
// themself. Each refusal names the nearest valid value.
func (w *Workspace) checkRecord(f *members.File, m *members.Member, v members.Vetting, lists []string) error {
	if vetting.VetterKey(v.By) == vetting.VetterKey(vetting.ImportVetter) {
		// Only roster import writes "import": its records stand for
		// people who were on a group before roster, read from the group
		// itself. A record an edit writes names a person who vetted.
		return fmt.Errorf("--by %s is how roster import marks the people it found on a group; name who vetted %s (roster import grandfathers what the group already holds); nothing was written", v.By, m.Email)
	}
	if v.Method == vetting.Grandfathered {
		// A grandfathered record says the person was on the group before
		// roster, which nobody vetted; validate checks no vetter for it.
		// Written by a person's hand it would let anyone be added
		// unvetted: only roster import writes it, from the group itself.
		return fmt.Errorf("--method %s is how roster import marks the people it found on a group, which nobody vetted; give the method %s was vetted by (%s), or bring the group's members in with roster import; nothing was written", v.Method, m.Email, strings.Join(Suggestions{f: f}.Methods(lists, ""), ", "))
	}
	if err := w.checkOn(v); err != nil {
		return err
	}
	var pols []*members.Policy
	var reqs []vetting.Requirement
	people := vetting.NewPeople(f)
	// A member on no list is judged against every list: the record is
	// for the list they go on next, and a vetter who may vet for none
	// (a typo, someone not in the file) is refused now, not when the
	// add that needs the record fails.
	judged := lists
	if len(judged) == 0 {
		for _, l := range f.Lists {
			judged = append(judged, l.ID)
		}
	}
	for _, id := range judged {
		l := f.List(id)
		if l == nil {
			continue
		}
		if p := f.PolicyOf(l); p != nil {
			pols = append(pols, p) // pols[i] is reqs[i]'s
			reqs = append(reqs, vetting.RequirementFor(l, p, people))
		}
	}
	if len(pols) == 0 {
		pols = f.Policies
	}
	var methods []string // those an edit may write: not grandfathered
	for _, p := range pols {
		for _, meth := range p.VettingMethods {
			if meth != vetting.Grandfathered && !slices.Contains(methods, meth) {
				methods = append(methods, meth)
			}
		}
	}
	if !slices.Contains(methods, v.Method) {
		msg := fmt.Sprintf("--method %q is not a vetting method the policies of %s accept (%s)", v.Method, listsOr(lists), strings.Join(methods, ", "))
		if near := nearest.Meant(v.Method, methods, max(2, len(v.Method)/3)); near != "" {
			msg += fmt.Sprintf("; did you mean %q?", near)
		}
		return fmt.Errorf("%s; nothing was written", msg)
	}
	if vetting.IsSelf(v, m) {
		return fmt.Errorf("--by %s is %s themself; someone else must vet them; nothing was written", v.By, m.Email)
	}
	// A record lapsed, for any list it is for, before it is written (a
	// year mistyped) admits no one there, and would read as done. A list
	// whose policy takes no record of this method is none it is for.
	var lapsed []string
	said := map[*members.Policy]bool{} // once a policy, however many of the lists it governs
	for _, p := range pols {
		if !slices.Contains(p.VettingMethods, v.Method) || said[p] {
			continue
		}
		said[p] = true
		if vetting.Stale(vetting.Record(v), p.VettingValidFor, w.today()) {
			lapsed = append(lapsed, fmt.Sprintf("policy %s takes a record for %s from its date, so it lapsed on %s", p.ID, p.VettingValidFor, p.VettingValidFor.Expires(v.On).Format(members.DateLayout)))
		}
	}
	if len(lapsed) > 0 {
		return fmt.Errorf("--on %s: the record would have lapsed already (%s); write the date the vetting happened; nothing was written", v.On.Format(members.DateLayout), strings.Join(lapsed, "; "))
	}
	if len(reqs) == 0 {
		return nil
	}
	var may, mayEmails []string
	holders := 0 // on a list with the role that vets, the vettee too
	vetterCounts := false
	for i, req := range reqs {
		if req.Qualifies(v.By) {
			if slices.Contains(pols[i].VettingMethods, v.Method) {
				return nil
			}
			vetterCounts = true
		}
		for _, other := range f.MembersOf(req.List) {
			role, _ := other.RoleOn(req.List)
			if role.AtLeast(req.VettedBy) {
				holders++
			}
			if role.AtLeast(req.VettedBy) && !vetting.IsSelf(members.Vetting{By: other.Email}, m) {
				name := other.Handle()
				if name == "" {
					name = other.Email
				}
				if !slices.Contains(may, name) {
					may = append(may, name)
					mayEmails = append(mayEmails, other.Email)
				}
			}
		}
	}
	if vetterCounts {
		// Each half counts somewhere, the two nowhere together: the
		// record would admit them to no list.
		var why []string
		for i, req := range reqs {
			switch {
			case req.Qualifies(v.By):
				why = append(why, fmt.Sprintf("%s does not accept %q (%s)", req.List, v.Method, strings.Join(pols[i].VettingMethods, ", ")))
			case slices.Contains(pols[i].VettingMethods, v.Method):
				why = append(why, fmt.Sprintf("%s may not be vetted for by %s", req.List, v.By))
			}
		}
		return fmt.Errorf("a record by %s with method %q counts for none of %s: %s; give a method and a vetter one list accepts both of; nothing was written", v.By, v.Method, listsOr(lists), strings.Join(why, "; "))
	}
	msg := fmt.Sprintf("--by %s may not vet for %s: the vetter must be on the list with the role its policy asks (vetted_by)", v.By, listsOr(lists))
	// An address is compared with the addresses of those who may, a
	// handle with their names.
	candidates := may
	if strings.Contains(v.By, "@") {
		candidates = mayEmails
	}
	if near := nearest.Word(v.By, candidates, max(2, len(v.By)/3)); near != "" {
		msg += fmt.Sprintf("; did you mean %s?", near)
	} else if len(may) > 0 {
		if len(may) > 8 {
			may = append(may[:8], "...")
		}
		msg += "; who may: " + strings.Join(may, ", ")
	} else if len(may) == 0 && holders > 0 {
		// Only they hold the role that vets: no one vets themself.
		msg += fmt.Sprintf("; only %s holds that role on %s, and no one vets themself: give it to someone else first (%s, or %s for someone on it already), who then vets them",
			m.Email, listsOr(lists), w.hint("add", "EMAIL", "--list", reqs[0].List+":"+string(reqs[0].VettedBy)), w.hint("role", "EMAIL", "--list", reqs[0].List, string(reqs[0].VettedBy)))
	} else if len(may) == 0 {
		// A new list: nobody on it may vet yet. Its first owners go on
		// without a record, then vet each other, as owners may.
		var roles []string
		for _, req := range reqs {
			roles = append(roles, fmt.Sprintf("%s (vetted_by = %q)", req.List, req.VettedBy))
		}
		msg += fmt.Sprintf("; nobody is on %s with that role yet: put its first owners on it without --by (%s), then have them vet each other (%s)",
			strings.Join(roles, ", "), w.hint("add", "EMAIL", "--list", reqs[0].List+":owner"), w.hint("vet", "EMAIL", "--by", "WHO", "--method", "METHOD", "--note", "TEXT"))
	}
	return fmt.Errorf("%s; nothing was written", msg)
}

func listsOr(lists []string) string {
	if len(lists) == 0 {
		return "any list"
	}
	return strings.Join(lists, ", ")
}
