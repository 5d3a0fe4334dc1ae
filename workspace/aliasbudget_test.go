package workspace_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/workspace"
)

// TestAliasLookUpsHaveARunBudget: one walk-in of the domain on each of
// many groups makes every new entry of the domain a possible alias of
// them; a run looks up at most plan.MaxAliasLookupsPerRun of them in
// all, the first lists first, and plans the rest as an adoption is.
func TestAliasLookUpsHaveARunBudget(t *testing.T) {
	t.Parallel()
	const lists, perList = 10, 20 // 200 candidates
	var b strings.Builder
	b.WriteString("schema = 1\nadmins = [\"ada-x\"]\n")
	st := &emulator.State{}
	for i := range lists {
		fmt.Fprintf(&b, "\n[lists.l%d]\naddress = \"l%d@example.org\"\npolicy = \"p\"\n", i, i)
		st.Groups = append(st.Groups, &emulator.Group{Email: fmt.Sprintf("l%d@example.org", i), Members: []*emulator.Member{
			{Email: "ada@example.org", Role: "OWNER", Type: "USER", Status: "ACTIVE"},
			{Email: fmt.Sprintf("walk%d@example.org", i), Role: "MEMBER", Type: "USER", Status: "ACTIVE"},
		}})
	}
	b.WriteString(strings.Replace(header[strings.Index(header, "\n[policies.p]"):], `unmanaged = "report"`, `unmanaged = "remove"`, 1))
	var on []string
	for i := range lists {
		on = append(on, fmt.Sprintf("l%d = \"owner\"", i))
	}
	b.WriteString(person("ada@example.org", strings.Join(on, ", ")))
	for i := range lists {
		for k := range perList {
			b.WriteString(person(fmt.Sprintf("new%d-%d@example.org", i, k), fmt.Sprintf("l%d = \"member\"", i)))
		}
	}
	f := newFixtureWith(t, emulator.Options{State: st})
	f.write("members.toml", b.String())
	r := f.doPlan(workspace.PlanOptions{})
	if got := f.emu.Counters()["members.get"]; got > plan.MaxAliasLookupsPerRun || got == 0 {
		t.Errorf("%d alias look-ups for %d lists of %d candidates, want 1..%d\n%s", got, lists, perList, plan.MaxAliasLookupsPerRun, r.stderr)
	}
	if !strings.Contains(r.stdout, "too many to look up") {
		t.Errorf("the lists past the budget do not say their removals are hedged:\n%s", r.stdout)
	}
}
