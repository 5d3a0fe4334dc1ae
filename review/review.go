package policies

import (
	"fmt"
	"sort"
	"strings"

	"github.com/roster-dev/roster/members"
)

// ListReview is what a change (a pull request) does to one list, who may
// approve it, and whether the given approvals suffice.
type ListReview struct {
	List string `json:"list"`
	// Changes say what the change does to the list, one line each:
	// "+ lin@example.org (member)", "vetting: ...", "policy receivers".
	Changes []string `json:"changes"`
	// Owners are the GitHub handles of the list's owners before the
	// change: the people who may approve it. A change never approves
	// itself, so owners it adds do not count.
	Owners []string `json:"owners"`
	// OwnersWithoutHandle are owners with no github field: they cannot
	// approve through GitHub until the file says who they are there.
	OwnersWithoutHandle []string `json:"owners_without_handle,omitempty"`
	// ApprovedBy are the given approvers who are among Owners.
	ApprovedBy []string `json:"approved_by"`
	OK         bool     `json:"ok"`
	// Why says what is missing when not OK.
	Why string `json:"why,omitempty"`
}

// Review compares the file before a change (base) with after it (head),
// and decides, per list the change touches, whether the approvers
// suffice: a change to list L (members added, removed or re-roled, a new
// vetting record of one of L's members, L's table or its policy) needs an
// approving review from an owner of L as the base file names them, by
// their github field. A list the base does not have needs an owner of
// any list of the base. Lists the change does not touch are left out.
func Review(base, head *members.File, approvedBy []string) []ListReview {
	approved := make(map[string]string, len(approvedBy))
	for _, a := range approvedBy {
		approved[handle(a)] = strings.TrimPrefix(strings.TrimSpace(a), "@")
	}
	changes := changedLists(base, head)
	var ids []string
	for id := range changes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var out []ListReview
	for _, id := range ids {
		r := ListReview{List: id, Changes: changes[id], Owners: []string{}, ApprovedBy: []string{}}
		owners := ownersOf(base, id)
		if base.List(id) == nil {
			// A new list: its owners-to-be cannot approve their own list.
			for _, l := range base.Lists {
				owners = append(owners, ownersOf(base, l.ID)...)
			}
		}
		seen := map[string]bool{}
		for _, m := range owners {
			if m.GitHub == "" {
				r.OwnersWithoutHandle = appendOnce(r.OwnersWithoutHandle, m.Email)
				continue
			}
			h := handle(m.GitHub)
			if seen[h] {
				continue
			}
			seen[h] = true
			r.Owners = append(r.Owners, strings.TrimPrefix(m.GitHub, "@"))
			if a, ok := approved[h]; ok {
				r.ApprovedBy = append(r.ApprovedBy, a)
			}
		}
		sort.Strings(r.Owners)
		sort.Strings(r.ApprovedBy)
		switch {
		case len(r.ApprovedBy) > 0:
			r.OK = true
		case len(r.Owners) == 0 && base.List(id) == nil:
			r.Why = fmt.Sprintf("%s is a new list and no owner of an existing list has a github handle in the file to approve it", id)
		case len(r.Owners) == 0:
			r.Why = fmt.Sprintf("no owner of %s has a github handle in the file; add one (github = \"HANDLE\") in a separate change", id)
		default:
			who := "an owner of " + id
			if base.List(id) == nil {
				who = "an owner of an existing list (" + id + " is new)"
			}
			r.Why = fmt.Sprintf("needs an approving review from %s: %s", who, strings.Join(prefixAll("@", r.Owners), ", "))
		}
		out = append(out, r)
	}
	return out
}

func handle(h string) string { return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "@")) }

func prefixAll(p string, ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = p + s
	}
	return out
}

func appendOnce(ss []string, s string) []string {
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	return append(ss, s)
}

// ownersOf returns the owners of list id in f.
func ownersOf(f *members.File, id string) []*members.Member {
	var out []*members.Member
	for _, m := range f.MembersOf(id) {
		if role, _ := m.RoleOn(id); role == members.RoleOwner {
			out = append(out, m)
		}
	}
	return out
}

// changedLists says, per list, what a change does to it.
func changedLists(base, head *members.File) map[string][]string {
	out := make(map[string][]string)
	note := func(list, line string) { out[list] = append(out[list], line) }
	before := make(map[string]*members.Member, len(base.Members))
	for _, m := range base.Members {
		before[members.IdentityOf(m.Email)] = m
	}
	after := make(map[string]bool, len(head.Members))
	for _, m := range head.Members {
		id := members.IdentityOf(m.Email)
		after[id] = true
		old := before[id]
		for _, ms := range m.Lists {
			var was members.Role
			if old != nil {
				was, _ = old.RoleOn(ms.List)
			}
			switch {
			case was == "":
				note(ms.List, fmt.Sprintf("+ %s (%s)", m.Email, ms.Role))
			case was != ms.Role:
				note(ms.List, fmt.Sprintf("~ %s (%s -> %s)", m.Email, was, ms.Role))
			}
		}
		if old != nil {
			for _, ms := range old.Lists {
				if _, on := m.RoleOn(ms.List); !on {
					note(ms.List, fmt.Sprintf("- %s (was %s)", old.Email, ms.Role))
				}
			}
		}
	}
	for _, m := range base.Members {
		if !after[members.IdentityOf(m.Email)] {
			for _, ms := range m.Lists {
				note(ms.List, fmt.Sprintf("- %s (was %s)", m.Email, ms.Role))
			}
		}
	}
	// New vetting records touch every list their member is on.
	for _, m := range head.Members {
		old := before[members.IdentityOf(m.Email)]
		for _, v := range m.Vetting {
			if old != nil && hasRecord(old, v) {
				continue
			}
			for _, ms := range m.Lists {
				note(ms.List, fmt.Sprintf("vetting of %s: %s (%s)", m.Email, describeRecord(v), v.Method))
			}
		}
	}
	// The list's own table and its policy.
	for _, l := range head.Lists {
		bl := base.List(l.ID)
		if bl == nil {
			note(l.ID, "new list "+l.ID+" ("+l.Address+")")
			continue
		}
		if listSignature(bl) != listSignature(l) {
			note(l.ID, "list "+l.ID+" changed ("+l.Address+")")
		}
		bp, hp := base.Policy(bl.Policy), head.Policy(l.Policy)
		if policySignature(bp) != policySignature(hp) {
			note(l.ID, "policy "+l.Policy+" changed")
		}
	}
	for _, l := range base.Lists {
		if head.List(l.ID) == nil {
			note(l.ID, "list "+l.ID+" deleted")
		}
	}
	return out
}

func hasRecord(m *members.Member, v members.Vetting) bool {
	for _, w := range m.Vetting {
		if w.By == v.By && w.On.Equal(v.On) && w.Method == v.Method && w.Note == v.Note && w.Evidence == v.Evidence {
			return true
		}
	}
	return false
}

func describeRecord(v members.Vetting) string {
	return fmt.Sprintf("by %s on %s", v.By, v.On.Format(members.DateLayout))
}

func listSignature(l *members.List) string {
	return strings.Join([]string{l.Address, string(l.Provider), l.Snapshot, l.Policy, l.Description}, "\x00")
}

// policySignature renders what a policy decides, without positions.
func policySignature(p *members.Policy) string {
	if p == nil {
		return ""
	}
	var settings []string
	for _, s := range p.Settings {
		settings = append(settings, s.Name+"="+s.Value)
	}
	sort.Strings(settings)
	return fmt.Sprint(p.MaxMembers, p.MinOwners, p.VettingMethods, p.VettedBy, p.VettingValidFor, p.RequiredFields,
		p.AllowedDomains, p.DeniedDomains, p.Unmanaged, p.AllowNonASCII, p.AllowGroups, settings)
}
