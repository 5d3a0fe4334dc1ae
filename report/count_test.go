package report_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
)

// TestWhoCountsPeopleAndLists: sync's warnings say "a list" for people
// on one list and "lists" for people on several (s30-regress2), count a
// person on two lists once (s30-final), count from the plan, not from
// the words a line gives each (a reason in brackets is no list), and
// name the whole domain as itself, not as "1 person".
func TestWhoCountsPeopleAndLists(t *testing.T) {
	on := func(id string, walkIns ...string) *plan.List {
		l := &plan.List{ID: id}
		for _, e := range walkIns {
			l.Unmanaged = append(l.Unmanaged, plan.LiveMember{Email: e})
			l.Unvetted = append(l.Unvetted, plan.LiveMember{Email: e, Why: "vetting by ada@example.org (video-call) (lapsed)"})
		}
		return l
	}
	domain := plan.LiveMember{Email: "all users in the domain (CUSTOMER C01)", Type: "CUSTOMER"}
	for _, tc := range []struct {
		name  string
		lists []*plan.List
		want  string
	}{
		{"two people on one list", []*plan.List{on("reports", "w1@example.org", "w2@example.org")}, "2 people on a list"},
		{"two people on two lists", []*plan.List{on("reports", "w1@example.org"), on("announce", "w2@example.org")}, "2 people on lists"},
		{"one person on two lists, and another", []*plan.List{on("reports", "w1@example.org", "w2@example.org"), on("announce", "W1@example.org")}, "2 people on lists"},
		{"the whole domain is no person", []*plan.List{{ID: "reports", Unmanaged: []plan.LiveMember{domain}, Unvetted: []plan.LiveMember{domain}}}, "the whole domain on a list"},
		{"the whole domain and a person", []*plan.List{on("reports", "w1@example.org"), {ID: "announce", Unmanaged: []plan.LiveMember{domain}, Unvetted: []plan.LiveMember{domain}}}, "the whole domain and 1 person on lists"},
	} {
		p := &plan.Plan{Lists: tc.lists}
		if got := report.WalkInWho(p, plan.Result{}); got != tc.want {
			t.Errorf("%s: WalkInWho = %q; want %q", tc.name, got, tc.want)
		}
		if got := report.UnvettedWho(p); got != tc.want {
			t.Errorf("%s: UnvettedWho = %q; want %q", tc.name, got, tc.want)
		}
	}
}

// TestWalkInMendKnowsTheWholeDomain: the whole domain (a CUSTOMER
// member) cannot be vetted and added, only taken off, as audit --live
// says of it too (s30-routes2).
func TestWalkInMendKnowsTheWholeDomain(t *testing.T) {
	people := &plan.Plan{Lists: []*plan.List{{ID: "reports", Unmanaged: []plan.LiveMember{{Email: "w@example.org"}}}}}
	domain := &plan.Plan{Lists: []*plan.List{{ID: "reports", Unmanaged: []plan.LiveMember{{Email: "all users in the domain (CUSTOMER C01)", Type: "CUSTOMER"}}}}}
	if got := report.WalkInMend(people); got != "vet and add them, or remove them from the group" {
		t.Errorf("people: %q", got)
	}
	if got := report.WalkInMend(domain); got != "remove it from the group (the whole domain has no entry to write)" {
		t.Errorf("the whole domain: %q", got)
	}
	both := &plan.Plan{Lists: append(people.Lists, domain.Lists...)}
	if got := report.WalkInMend(both); !strings.Contains(got, "vet and add them") || !strings.Contains(got, "the whole domain, which has no entry to write: remove it") {
		t.Errorf("people and the whole domain: %q", got)
	}
}
