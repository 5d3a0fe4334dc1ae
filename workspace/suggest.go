package workspace

import (
	"context"
	"slices"

	"github.com/roster-dev/roster/internal/regular"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
)

// Suggestions are what may fill a flag or an argument of an edit, read
// from the members file as the edits would accept it: shell completion
// and the placeholders of a printed command ask them. The zero value (a
// missing or broken file) suggests nothing.
type Suggestions struct {
	f *members.File
}

// Suggest reads the members file quietly: completion must not print,
// and a file it cannot read, or no command would read
// (CheckFileName), completes nothing.
func (w *Workspace) Suggest(ctx context.Context, file string) Suggestions {
	if w.CheckFileName(ctx, file) != nil {
		return Suggestions{}
	}
	path := w.path(file)
	data, err := regular.ReadFile(path)
	if err != nil {
		return Suggestions{}
	}
	f, err := members.Parse(path, data)
	if err != nil {
		return Suggestions{}
	}
	return Suggestions{f: f}
}

// Lists are the file's list ids; withRoles adds each as ID:ROLE, the
// form add's --list takes.
func (s Suggestions) Lists(withRoles bool) []string {
	if s.f == nil {
		return nil
	}
	var out []string
	for _, l := range s.f.Lists {
		out = append(out, l.ID)
		if withRoles {
			for _, r := range roles {
				out = append(out, l.ID+":"+r)
			}
		}
	}
	return out
}

// Members are the addresses of everyone in the file.
func (s Suggestions) Members() []string {
	if s.f == nil {
		return nil
	}
	out := make([]string, 0, len(s.f.Members))
	for _, m := range s.f.Members {
		out = append(out, m.Email)
	}
	return out
}

// MembersOn are the addresses of the members who are on every one of
// lists (on), or on none of them (!on): whom role and remove may name,
// and whom add may put on them.
func (s Suggestions) MembersOn(lists []string, on bool) []string {
	if s.f == nil {
		return nil
	}
	var out []string
	for _, m := range s.f.Members {
		n := 0
		for _, id := range lists {
			if _, ok := m.RoleOn(id); ok {
				n++
			}
		}
		if on && n == len(lists) || !on && n == 0 {
			out = append(out, m.Email)
		}
	}
	return out
}

// Methods are the vetting methods of the policies of the lists
// concerned: lists, and those the member (an address, or "") is on; of
// every policy when neither names a list. Sorted, once each, without
// grandfathered, which only import writes: no method a person who
// vetted can name.
func (s Suggestions) Methods(lists []string, member string) []string {
	if s.f == nil {
		return nil
	}
	lists = s.withMembersLists(lists, member)
	ps := s.f.Policies
	if len(lists) > 0 {
		ps = nil
		for _, id := range lists {
			if l := s.f.List(id); l != nil && s.f.PolicyOf(l) != nil {
				ps = append(ps, s.f.PolicyOf(l))
			}
		}
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.VettingMethods...)
	}
	slices.Sort(out)
	return slices.DeleteFunc(slices.Compact(out), func(m string) bool { return m == vetting.Grandfathered })
}

// Vetters are how --by names a vetter: the GitHub handle the file gives
// a member, or their address when it gives none; never the member
// named, who may not vet themself. Where policies decide (the lists
// given, as add checks them; else the member's own, as vet does), only
// those one of them lets vet: on the list, with the role vetted_by asks.
func (s Suggestions) Vetters(lists []string, member string) []string {
	if s.f == nil {
		return nil
	}
	f := s.f
	var self *members.Member
	if member != "" {
		self = f.FindMember(member)
	}
	if len(lists) == 0 {
		lists = s.withMembersLists(nil, member)
	}
	people := vetting.NewPeople(f)
	ok := map[*members.Member]bool{}
	decided := false
	for _, id := range lists {
		l := f.List(id)
		if l == nil || f.PolicyOf(l) == nil {
			continue
		}
		decided = true
		req := vetting.RequirementFor(l, f.PolicyOf(l), people)
		for _, other := range f.MembersOf(l.ID) {
			if role, _ := other.RoleOn(l.ID); role.AtLeast(req.VettedBy) {
				ok[other] = true
			}
		}
	}
	out := make([]string, 0, len(f.Members))
	for _, m := range f.Members {
		switch {
		case m == self || decided && !ok[m]:
		case m.Handle() != "":
			out = append(out, m.Handle())
		default:
			out = append(out, m.Email)
		}
	}
	return out
}

// withMembersLists adds to lists those the member named is on.
func (s Suggestions) withMembersLists(lists []string, member string) []string {
	if member == "" {
		return lists
	}
	m := s.f.FindMember(member)
	if m == nil {
		return lists
	}
	out := slices.Clone(lists)
	for _, ms := range m.Lists {
		out = append(out, ms.List)
	}
	return out
}
