package history

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/roster-dev/roster/internal/plainjson"
	"github.com/roster-dev/roster/internal/visible"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
)

// MemberChange is one member's change on one list between two versions.
type MemberChange struct {
	Email string `json:"email"`
	// Lookalike is Event.Lookalike, of Email.
	Lookalike    string       `json:"lookalike,omitempty"`
	Role         members.Role `json:"role,omitempty"`
	PreviousRole members.Role `json:"previous_role,omitempty"`
	// Vetting are the records of an added member, the reviewer's
	// question being "who vetted them, and how"; Admitted is the one
	// that admits them to the list under its policy (vetting.Admitting).
	Vetting  []Record `json:"vetting,omitempty"`
	Admitted *Record  `json:"admitted,omitempty"`
	// MovedTo is, for a removal, the members file the list moved to,
	// which lists them on it: they went with it, off no group.
	MovedTo string `json:"moved_to,omitempty"`
}

// MarshalJSON writes c with Lookalike made from Email.
func (c MemberChange) MarshalJSON() ([]byte, error) {
	type fields MemberChange
	v := fields(c)
	v.Lookalike = visible.Lookalike(c.Email)
	return plainjson.Marshal(v)
}

// ListDiff is the membership difference of one list.
type ListDiff struct {
	List string `json:"list"`
	// Group is the identity of the list's address (the group).
	Group       string         `json:"group,omitempty"`
	Added       []MemberChange `json:"added"`
	Removed     []MemberChange `json:"removed"`
	RoleChanged []MemberChange `json:"role_changed"`
}

// Empty reports whether the list did not change.
func (d ListDiff) Empty() bool {
	return len(d.Added) == 0 && len(d.Removed) == 0 && len(d.RoleChanged) == 0
}

// Compare returns the membership difference between two versions of the
// file, per list (all lists of either version, or only those named by
// either id). Lists are paired by group (the identity of their address):
// a list renamed between the versions is one list, under its new id, and
// its members did not move. An added member's admitting record is the
// one cur's policy accepts as of at.
func Compare(old, cur *members.File, only []string, at time.Time) []ListDiff {
	type pair struct{ old, cur string }
	oldByGroup := map[string]string{}
	for _, l := range old.Lists {
		if g := members.IdentityOf(l.Address); oldByGroup[g] == "" {
			oldByGroup[g] = l.ID
		}
	}
	var ps []pair
	paired := map[string]bool{}
	for _, l := range cur.Lists {
		o := oldByGroup[members.IdentityOf(l.Address)]
		if paired[o] {
			o = ""
		}
		paired[o] = o != ""
		ps = append(ps, pair{o, l.ID})
	}
	for _, l := range old.Lists {
		if !paired[l.ID] {
			ps = append(ps, pair{l.ID, ""})
		}
	}
	// An id cur has names its list there; an id only old has names the
	// list it had then (renamed since). An id cur reuses for another
	// group does not bring in the group it named before.
	var keep []pair
	for _, p := range ps {
		if len(only) == 0 || slices.Contains(only, p.cur) || slices.Contains(only, p.old) && cur.List(p.old) == nil {
			keep = append(keep, p)
		}
	}
	name := func(p pair) string {
		if p.cur != "" {
			return p.cur
		}
		return p.old
	}
	sort.Slice(keep, func(i, j int) bool { return name(keep[i]) < name(keep[j]) })
	roleOn := func(m *members.Member, id string) (members.Role, bool) {
		if m == nil || id == "" {
			return "", false
		}
		return m.RoleOn(id)
	}
	oldByID, curByID := byPerson(old, cur)
	// Each list's members through the file's index, keyed as paired: a
	// pass over the list, not over every member for every list.
	keyOf := func(byKey map[string]*members.Member) map[*members.Member]string {
		out := make(map[*members.Member]string, len(byKey))
		for k, m := range byKey {
			out[m] = k
		}
		return out
	}
	oldKey, curKey := keyOf(oldByID), keyOf(curByID)
	type keyed struct {
		key string
		m   *members.Member
	}
	// In file order, so that two entries of one address (mid-edit) come
	// out in one order every run.
	on := func(f *members.File, keys map[*members.Member]string, id string) []keyed {
		if id == "" {
			return nil
		}
		var out []keyed
		for _, m := range f.MembersOf(id) {
			if k, ok := keys[m]; ok {
				out = append(out, keyed{k, m})
			}
		}
		return out
	}
	people := vetting.NewPeople(cur)
	var out []ListDiff
	for _, p := range keep {
		d := ListDiff{List: name(p), Added: []MemberChange{}, Removed: []MemberChange{}, RoleChanged: []MemberChange{}}
		if l := cur.List(p.cur); l != nil {
			d.Group = members.IdentityOf(l.Address)
		} else if l := old.List(p.old); l != nil {
			d.Group = members.IdentityOf(l.Address)
		}
		for _, km := range on(cur, curKey, p.cur) {
			key, m := km.key, km.m
			role, on := roleOn(m, p.cur)
			if !on {
				continue
			}
			oldRole, wasOn := roleOn(oldByID[key], p.old)
			switch {
			case !wasOn:
				mc := MemberChange{Email: m.Email, Role: role}
				for _, v := range m.Vetting {
					mc.Vetting = append(mc.Vetting, recordOf(v))
				}
				if l := cur.List(p.cur); l != nil {
					if r := vetting.Admits(l, cur.PolicyOf(l), people, m, at); r != nil {
						rec := recordOf(*r)
						mc.Admitted = &rec
					}
				}
				d.Added = append(d.Added, mc)
			case oldRole != role:
				d.RoleChanged = append(d.RoleChanged, MemberChange{Email: m.Email, Role: role, PreviousRole: oldRole})
			}
		}
		for _, km := range on(old, oldKey, p.old) {
			key, m := km.key, km.m
			role, wasOn := roleOn(m, p.old)
			if !wasOn {
				continue
			}
			if _, on := roleOn(curByID[key], p.cur); on {
				continue
			}
			d.Removed = append(d.Removed, MemberChange{Email: m.Email, PreviousRole: role})
		}
		for _, s := range [][]MemberChange{d.Added, d.Removed, d.RoleChanged} {
			sort.SliceStable(s, func(i, j int) bool { return strings.ToLower(s[i].Email) < strings.ToLower(s[j].Email) })
		}
		out = append(out, d)
	}
	return out
}

// byPerson keys the members of two files by person (PersonOf), so that
// a +tag respelling between them is one member; a mailbox either file
// has twice (which validate refuses) is keyed by identity in both, so
// that none is lost and the two files pair alike.
func byPerson(a, b *members.File) (map[string]*members.Member, map[string]*members.Member) {
	twice := map[string]bool{}
	for _, f := range []*members.File{a, b} {
		n := make(map[string]int, len(f.Members))
		for _, m := range f.Members {
			p := PersonOf(m.Email)
			if n[p]++; n[p] > 1 {
				twice[p] = true
			}
		}
	}
	index := func(f *members.File) map[string]*members.Member {
		out := make(map[string]*members.Member, len(f.Members))
		nth := map[string]int{}
		for _, m := range f.Members {
			key := PersonOf(m.Email)
			if twice[key] {
				// Apart from every person's key; the k-th entry of one
				// address in one file pairs with the k-th in the other.
				id := members.IdentityOf(m.Email)
				nth[id]++
				key = "\x00" + id + "\x00" + strconv.Itoa(nth[id])
			}
			out[key] = m
		}
		return out
	}
	return index(a), index(b)
}
