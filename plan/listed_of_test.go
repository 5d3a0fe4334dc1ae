package plan_test

import (
	"testing"
	"time"

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

// TestListedOfComparesWithTheAnswerSoFar: under three of a group's
// names, each removal is weighed against the later one found so far,
// not against the group's own address's, by the landing times when
// known: the latest of the three is named (s29-regressB finding 2).
func TestListedOfComparesWithTheAnswerSoFar(t *testing.T) {
	at := map[string]time.Time{
		"own@example.org": time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC),
		"a1@example.org":  time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC),
		"a2@example.org":  time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC),
	}
	l := plan.Listed{
		ByGroup: map[string]map[string]string{
			"own@example.org": {"carl@example.org": "removed in c1 on 2026-12-02: one"},
			"a1@example.org":  {"carl@example.org": "removed in c3 on 2026-12-06: three"},
			"a2@example.org":  {"carl@example.org": "removed in c2 on 2026-12-04: two"},
		},
		RemovedAt: func(group, who string) (time.Time, bool) { t, ok := at[group]; return t, ok },
	}
	for _, order := range [][]string{{"a1@example.org", "a2@example.org"}, {"a2@example.org", "a1@example.org"}} {
		if got := l.Of("own@example.org", order...)["carl@example.org"]; got != "removed in c3 on 2026-12-06: three" {
			t.Errorf("names %v: %q, want the removal of 2026-12-06", order, got)
		}
	}
}
