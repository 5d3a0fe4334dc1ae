package workspace

import (
	"fmt"
	"slices"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

// newFailures are the failing findings of after that the edit made,
// in after's order. A finding is the edit's when it is new in kind:
// after has more findings of its rule about its entry (by identity) and
// list than before had, every rule that says the entry is unvetted for
// the list counting as one. Its message is not compared: a count
// in it ("takes team to 4" becoming "to 3") or a line number (a
// duplicate's "(line 23)" moved by an entry added above) changes
// without the edit making anything.
//
// A list that already failed on max_members or min_owners and that the
// edit took further (more members over the cap, fewer owners short of
// the minimum: further reports it) is made worse by the edit, which is
// blamed for it once, unless a finding of that rule on the list is new
// already (the entry added over the cap has its own). A list taken
// back towards its policy, or left as it was, is not the edit's.
func newFailures(before, after []policies.Finding, further func(policies.Finding) bool) []policies.Finding {
	kind := func(f policies.Finding) string {
		rule := string(f.Rule)
		if f.Rule.AboutVetting() {
			// One fact, whichever record and rule say it: the entry is
			// not vetted for the list. A record added by a vetter who
			// counts on another of their lists only leaves it as it was.
			rule = "unvetted"
		}
		return fmt.Sprint(rule, "\x00", members.IdentityOf(f.Member), "\x00", f.List)
	}
	onList := func(f policies.Finding) string { return fmt.Sprint(f.Rule, "\x00", f.List) }
	had := map[string]int{}
	for _, f := range before {
		if f.Fails() {
			had[kind(f)]++
		}
	}
	var blamed []int
	isNew := map[string]bool{} // rule and list of a finding new in kind
	worse := map[string]int{}  // rule and list -> the first finding taken further
	for i, f := range after {
		if !f.Fails() {
			continue
		}
		if k := kind(f); had[k] > 0 {
			had[k]--
			if _, seen := worse[onList(f)]; !seen && further != nil && further(f) {
				worse[onList(f)] = i
			}
			continue
		}
		blamed = append(blamed, i)
		isNew[onList(f)] = true
	}
	for rl, i := range worse {
		if !isNew[rl] {
			blamed = append(blamed, i)
		}
	}
	slices.Sort(blamed)
	out := make([]policies.Finding, len(blamed))
	for j, i := range blamed {
		out[j] = after[i]
	}
	return out
}

// further reports whether the edit from before to after took the list
// of a finding further from its policy: more members, for max_members;
// fewer owners, for min_owners. No other finding has a measure.
func further(before, after *members.File) func(policies.Finding) bool {
	owners := func(f *members.File, list string) int {
		n := 0
		for _, m := range f.MembersOf(list) {
			if r, _ := m.RoleOn(list); r == members.RoleOwner {
				n++
			}
		}
		return n
	}
	return func(f policies.Finding) bool {
		switch f.Rule {
		case policies.RuleMaxMembers:
			return after.CountOn(f.List) > before.CountOn(f.List)
		case policies.RuleMinOwners:
			return owners(after, f.List) < owners(before, f.List)
		}
		return false
	}
}
