package plan_test

import (
	"testing"

	"github.com/roster-dev/roster/plan"
)

// TestListedOfNamesTheLaterRemoval: someone the file listed under two
// of a group's names (its own address and an alias a list pointed at on
// the way) left the group when they left the later: the commit that
// took them off, not the one that moved the list to the alias, is named
// (s16-20 finding 2); someone the last commit lists under either name
// is listed.
func TestListedOfNamesTheLaterRemoval(t *testing.T) {
	l := plan.Listed{ByGroup: map[string]map[string]string{
		"sec@example.org": {
			"carl@example.org": "removed in c2c2c2c on 2026-12-01: use the alias",
			"dan@example.org":  "listed in the last commit, c3c3c3c",
			"eve@example.org":  "removed in c3c3c3c on 2026-12-06: drop eve",
		},
		"security@example.org": {
			"carl@example.org": "removed in c3c3c3c on 2026-12-06: back to the address, without carl",
			"dan@example.org":  "removed in c3c3c3c on 2026-12-06: back to the address",
			"eve@example.org":  "removed in c0c0c0c on 2026-11-01: old",
		},
	}}
	got := l.Of("sec@example.org", "sec@example.org", "security@example.org")
	for who, want := range map[string]string{
		"carl@example.org": "removed in c3c3c3c on 2026-12-06: back to the address, without carl",
		"dan@example.org":  "listed in the last commit, c3c3c3c",
		"eve@example.org":  "removed in c3c3c3c on 2026-12-06: drop eve",
	} {
		if got[who] != want {
			t.Errorf("%s: %q, want %q", who, got[who], want)
		}
	}
}
