package workspace

import (
	"fmt"
	"slices"
	"strings"

	"github.com/roster-dev/roster/internal/nearest"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
	"github.com/roster-dev/roster/vetting"
)

// checkRecord refuses, before anything is written, a vetting record that
// could not count for any of the lists it is for: a method none of their
// policies accepts (a typo would surface only when the old record
// lapses), a vetter who may vet for none of them, or the member vetting
// themself. Each refusal names the nearest valid value.
func (w *Workspace) checkRecord(f *members.File, m *members.Member, v members.Vetting, lists []string) error {
	if v.By == vetting.ImportVetter && v.Method == vetting.Grandfathered {
		return nil
	}
	if v.On.After(w.today()) {
		return fmt.Errorf("--on %s is in the future (today is %s); write the date the vetting happened", v.On.Format(members.DateLayout), w.today().Format(members.DateLayout))
	}
	var pols []*members.Policy
	var reqs []vetting.Requirement
	people := vetting.NewPeople(f)
	for _, id := range lists {
		l := f.List(id)
		if l == nil {
			continue
		}
		if p := f.PolicyOf(l); p != nil {
			pols = append(pols, p)
			reqs = append(reqs, vetting.RequirementFor(l, p, people))
		}
	}
	if len(pols) == 0 {
		pols = f.Policies
	}
	var methods []string
	for _, p := range pols {
		for _, meth := range p.VettingMethods {
			if !slices.Contains(methods, meth) {
				methods = append(methods, meth)
			}
		}
	}
	if !slices.Contains(methods, v.Method) {
		msg := fmt.Sprintf("--method %q is not a vetting method the policies of %s accept (%s)", v.Method, listsOr(lists), strings.Join(methods, ", "))
		if near := nearest.Word(v.Method, methods, max(2, len(v.Method)/3)); near != "" {
			msg += fmt.Sprintf("; did you mean %q?", near)
		}
		return fmt.Errorf("%s; nothing was written", msg)
	}
	if vetting.IsSelf(v, m) {
		return fmt.Errorf("--by %s is %s themself; someone else must vet them; nothing was written", v.By, m.Email)
	}
	if len(reqs) == 0 {
		return nil
	}
	var may []string
	for _, req := range reqs {
		if req.Qualifies(v.By) {
			return nil
		}
		for _, other := range f.MembersOf(req.List) {
			if role, _ := other.RoleOn(req.List); role.AtLeast(req.VettedBy) && !vetting.IsSelf(members.Vetting{By: other.Email}, m) {
				name := other.GitHub
				if name == "" {
					name = other.Email
				}
				if !slices.Contains(may, name) {
					may = append(may, name)
				}
			}
		}
	}
	msg := fmt.Sprintf("--by %s may not vet for %s: the vetter must be on the list with the role its policy asks (vetted_by)", v.By, listsOr(lists))
	if near := nearest.Word(v.By, may, max(2, len(v.By)/3)); near != "" {
		msg += fmt.Sprintf("; did you mean %s?", near)
	} else if len(may) > 0 {
		if len(may) > 8 {
			may = append(may[:8], "...")
		}
		msg += "; who may: " + strings.Join(may, ", ")
	}
	return fmt.Errorf("%s; nothing was written", msg)
}

func listsOr(lists []string) string {
	if len(lists) == 0 {
		return "any list"
	}
	return strings.Join(lists, ", ")
}

// advise says, after an edit, what validate finds about the entry the
// edit made (judged against the file before it, so that a cap is blamed
// on the people just added), and exactly what sync will do with it.
func (w *Workspace) advise(ed edited, file, email string) {
	if !ed.changed || ed.after == nil {
		return
	}
	findings, _, others := w.findingsAbout(ed, email)
	gate := policies.NewGate(findings)
	was, now := ed.before.FindMember(email), ed.after.FindMember(email)
	for _, line := range syncWill(gate, was, now) {
		w.notef("%s", line)
	}
	if others > 0 {
		w.notef("%s has %s about other entries; %s shows them", file, words.Plural(others, "more error"), w.hint("validate"))
	}
}

// findingsAbout checks the file an edit wrote (against the file before
// it, so that a cap is blamed on the entries just written), prints the
// findings about the entries of emails, and returns every finding, those
// printed, and how many others fail.
func (w *Workspace) findingsAbout(ed edited, emails ...string) (all, mine []policies.Finding, others int) {
	all = w.check(ed.after, policies.Options{At: w.today(), Before: ed.before})
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
	for _, f := range all {
		switch {
		case f.Member != "" && ids[members.IdentityOf(f.Member)]:
			mine = append(mine, f)
		case f.Member == "" && lists[f.List] && f.Fails():
			// The list's own finding (too few owners) may be the edit's
			// doing: it belongs with the edit, not with "other entries".
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

// adviseImport says, after an import, what validate finds about the
// entries it wrote: a policy that does not take grandfathered records,
// or that requires fields an import cannot know, fails them, and sync
// would then add none of them again were they to leave the group.
func (w *Workspace) adviseImport(ed edited, file, list string, emails []string) {
	if !ed.changed || ed.after == nil {
		return
	}
	_, mine, others := w.findingsAbout(ed, emails...)
	failing := map[string]bool{}
	for _, f := range mine {
		if f.Fails() {
			failing[members.IdentityOf(f.Member)] = true
		}
	}
	if n := len(failing); n > 0 {
		w.notef("%s of the %d imported into %s %s findings above: sync keeps %s on %s as %s, but %s fails until they are fixed (vet them, or fill in the fields the policy requires)",
			words.Count(n, "entry", "entries"), len(emails), file, words.Pick(n, "has", "have"), words.Pick(n, "it", "them"), list, words.Pick(n, "it is", "they are"), w.hint("validate"))
	}
	if others > 0 {
		w.notef("%s has %s about other entries; %s shows them", file, words.Plural(others, "more error"), w.hint("validate"))
	}
}

// syncWill says what the next sync does with one entry's lists after an
// edit: add, promote, demote or remove, or not add until a finding is
// fixed.
func syncWill(gate *policies.Gate, was, now *members.Member) []string {
	var out []string
	role := func(m *members.Member, list string) members.Role {
		if m == nil {
			return ""
		}
		r, _ := m.RoleOn(list)
		return r
	}
	var lists []string
	for _, m := range []*members.Member{was, now} {
		if m == nil {
			continue
		}
		for _, ms := range m.Lists {
			if !slices.Contains(lists, ms.List) {
				lists = append(lists, ms.List)
			}
		}
	}
	email := ""
	if now != nil {
		email = now.Email
	} else if was != nil {
		email = was.Email
	}
	for _, l := range lists {
		before, after := role(was, l), role(now, l)
		if before != after {
			if why := gate.ListFails(l); why != "" {
				// A list whose own policy fails is neither read nor
				// written: none of its changes is made.
				out = append(out, fmt.Sprintf("sync will not touch %s, this change included, until its policy holds again: %s", l, why))
				continue
			}
		}
		blocked := gate.Blocked(l, email)
		if blocked == "" {
			blocked = gate.Full(l)
		}
		switch {
		case before == after:
		case after == "":
			out = append(out, fmt.Sprintf("sync will take %s off %s", email, l))
		case blocked != "" && (before == "" || after.Rank() > before.Rank()):
			out = append(out, fmt.Sprintf("sync will not put %s on %s as %s until this is fixed: %s (it goes ahead with everything else)", email, l, after, blocked))
		case before == "":
			out = append(out, fmt.Sprintf("sync will add %s to %s as %s", email, l, after))
		default:
			out = append(out, fmt.Sprintf("sync will change %s on %s from %s to %s", email, l, before, after))
		}
	}
	return out
}
