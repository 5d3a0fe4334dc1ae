package workspace

// What the edit commands take from their arguments: a list and a role,
// a role, a vetting day, as the command line writes them.

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/roster-dev/roster/internal/nearest"
	"github.com/roster-dev/roster/members"
)

// ListRole is a list and a role, as --list ID[:ROLE] gives them.
type ListRole struct {
	List string
	Role members.Role
	// Written says the role was written (ID:ROLE), not taken by
	// default: adding someone to a list they are on with another role
	// changes nothing, unless a role was asked for.
	Written bool
}

// ParseListRole reads ID or ID:ROLE (role member by default).
func ParseListRole(s string) (ListRole, error) {
	id, role, hasRole := strings.Cut(s, ":")
	lr := ListRole{List: id, Role: members.RoleMember, Written: hasRole}
	if id == "" {
		return lr, fmt.Errorf("--list %q: write a list id, optionally with a role (ID:owner)", s)
	}
	if hasRole {
		r, near, err := parseRole(role)
		if err != nil {
			if near != "" {
				return lr, fmt.Errorf("--list %s: %w; did you mean %s:%s?", s, err, id, near)
			}
			return lr, fmt.Errorf("--list %s: %w", s, err)
		}
		lr.Role = r
	}
	return lr, nil
}

// roles are the roles a list has, as the file writes them.
var roles = []string{string(members.RoleOwner), string(members.RoleManager), string(members.RoleMember)}

// ParseRole reads a role as the command line gives it (in any case);
// a role that is none of owner, manager and member is refused with the
// nearest one named ("did you mean manager?").
func ParseRole(s string) (members.Role, error) {
	r, near, err := parseRole(s)
	if err != nil && near != "" {
		return r, fmt.Errorf("%w; did you mean %s?", err, near)
	}
	return r, err
}

// NearestRole is the role s, a mistyped one, most likely meant ("manger":
// "manager"), or "" when none is near.
func NearestRole(s string) string {
	_, near, _ := parseRole(s)
	return near
}

// parseRole is ParseRole, with the nearest role apart.
func parseRole(s string) (r members.Role, near string, err error) {
	r = members.Role(strings.ToLower(strings.TrimSpace(s)))
	if r.Valid() {
		return r, "", nil
	}
	near = nearest.Word(string(r), roles, max(2, len(r)/2))
	return r, near, fmt.Errorf("role %q: use owner, manager or member", s)
}

// ParseVettingDay reads --on, the day a vetting happened (ParseDay);
// nothing is written when it is refused.
func ParseVettingDay(s string, today time.Time) (time.Time, error) {
	t, err := ParseDay("on", "the day the vetting happened", s, today)
	if err != nil {
		return t, fmt.Errorf("%w; nothing was written", err)
	}
	return t, nil
}

// ParseDay reads a date flag (--on, --at) as YYYY-MM-DD; what is the
// day it asks for, in words. What does not read as one is refused with
// the format, an example (today), and the part that is wrong when the
// date is shaped right but is not a day (2026-13-01, 2026-02-30), or
// the day meant when it is written another way (2026-11-4, 2026/11/04).
// Every date flag of every command reads its value here, so that each
// says the same of the same mistake.
func ParseDay(flag, what, s string, today time.Time) (time.Time, error) {
	t, err := time.Parse(members.DateLayout, s)
	if err == nil {
		return t, nil
	}
	how := fmt.Sprintf("write %s as YYYY-MM-DD, like %s (today)", what, today.Format(members.DateLayout))
	switch near, wrong, ok := members.NearestDay(s); {
	case ok && near == "":
		return time.Time{}, fmt.Errorf("--%s %s %s; %s", flag, s, wrong, how)
	case ok && strings.HasPrefix(wrong, "is not"):
		return time.Time{}, fmt.Errorf("--%s %s %s: did you mean %s?; %s", flag, s, wrong, near, how)
	case ok:
		_, mend, _ := strings.Cut(wrong, ": ")
		return time.Time{}, fmt.Errorf("--%s %s: %s: did you mean %s?", flag, s, mend, near)
	}
	return time.Time{}, fmt.Errorf("--%s %q is not a date; %s", flag, s, how)
}

// checkList refuses a list id the file does not have, naming the
// nearest; one that differs from a list's id only in case names that
// list (ids are written as the file writes them).
func checkList(f *members.File, id string) error {
	err := noSuchList(id, "the file", f)
	if err == nil {
		return nil
	}
	for _, l := range f.Lists {
		if strings.EqualFold(l.ID, id) {
			return fmt.Errorf("--list %s: no such list in the file; list ids are written as the file writes them, in its case: did you mean %s?; nothing was written", id, l.ID)
		}
	}
	if list, role, ok := strings.Cut(id, ":"); ok && f.List(list) != nil {
		// add's ID:ROLE given where only an id goes (remove, role).
		return fmt.Errorf("--list %s: this command takes a list id alone, not ID:ROLE; give --list %s (to change a role to %s, use roster role instead); nothing was written", id, list, role)
	}
	return fmt.Errorf("%w; nothing was written", err)
}

// uniqueIDs is ids in their order, each once: --list x --list x names x.
func uniqueIDs(ids []string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// uniqueListRoles is lrs with each list once; a list given twice with
// two roles is refused, since neither can be meant.
func uniqueListRoles(lrs []ListRole) ([]ListRole, error) {
	var out []ListRole
	for _, lr := range lrs {
		i := slices.IndexFunc(out, func(x ListRole) bool { return x.List == lr.List })
		switch {
		case i < 0:
			out = append(out, lr)
		case out[i].Role != lr.Role && lr.Written && out[i].Written:
			return nil, fmt.Errorf("--list %s is given twice, as %s and as %s; give it once", lr.List, out[i].Role, lr.Role)
		case lr.Written:
			out[i] = lr // "x" and "x:owner": the role written
		}
	}
	return out, nil
}
