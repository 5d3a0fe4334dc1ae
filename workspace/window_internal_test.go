package workspace

import (
	"maps"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// TestAGroupThatCameToTheAddressInTheWindowExplainsItsMembers: a group
// renamed onto a list's address, or created at it, in an incremental
// run's window brought everyone on it there in the window: their
// removal is the window's to make, not one pending from before it.
func TestAGroupThatCameToTheAddressInTheWindowExplainsItsMembers(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	walkIn := plan.Change{Action: plan.ActionRemove, Email: "evil1@example.org", MemberID: "1"}
	for _, tc := range []struct {
		name     string
		act      directory.Activity
		explains bool
	}{
		{"renamed onto the address", directory.Activity{Application: directory.AppAdmin, Event: directory.EventChangeGroupEmail, Group: "evil@example.org", New: "Sec@example.org", Time: now}, true},
		{"renamed away from it", directory.Activity{Application: directory.AppAdmin, Event: directory.EventChangeGroupEmail, Group: "sec@example.org", New: "other@example.org", Time: now}, false},
		{"created at it", directory.Activity{Application: directory.AppAdmin, Event: directory.EventCreateGroup, Group: "sec@example.org", Time: now}, true},
		{"another group renamed", directory.Activity{Application: directory.AppAdmin, Event: directory.EventChangeGroupEmail, Group: "evil@example.org", New: "ann@example.org", Time: now}, false},
	} {
		w := addsIn([]directory.Activity{tc.act}, nil)
		w.since = now.Add(-2 * time.Hour)
		if got := w.explains("sec@example.org", walkIn, nil); got != tc.explains {
			t.Errorf("%s: explains %v, want %v", tc.name, got, tc.explains)
		}
	}
}

// TestDatedInReadsTheListsARecordCrossedOn: a record that comes into
// force in the window marks every list of its member; one that lapses
// in it, by each list's own vetting_valid_for, marks the lists whose
// validity ran out then; records that did neither mark nothing.
func TestDatedInReadsTheListsARecordCrossedOn(t *testing.T) {
	t.Parallel()
	file := `schema = 1
[lists.short]
address = "short@example.org"
policy = "short"
[lists.long]
address = "long@example.org"
policy = "long"
[policies.short]
vetting_methods = ["video-call"]
vetting_valid_for = "30d"
[policies.long]
vetting_methods = ["video-call"]
vetting_valid_for = "1y"
[[member]]
email = "lapsing@example.org"
lists = { short = "member", long = "member" }
vetting = [{ by = "x@example.org", on = 2026-11-05, method = "video-call" }]
[[member]]
email = "due@example.org"
lists = { short = "member", long = "member" }
vetting = [{ by = "x@example.org", on = 2026-12-05, method = "video-call" }]
[[member]]
email = "quiet@example.org"
lists = { long = "member" }
vetting = [{ by = "x@example.org", on = 2026-10-01, method = "video-call" }]
`
	f, err := members.Parse("members.toml", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		since, now time.Time
		want       map[string]bool
	}{
		// lapsing's record runs out on short (30 days) on 2026-12-05.
		{"the lapse of a 30-day record", time.Date(2026, 12, 4, 23, 0, 0, 0, time.UTC), time.Date(2026, 12, 5, 1, 0, 0, 0, time.UTC),
			map[string]bool{"short@example.org": true, "long@example.org": true}},
		{"nothing crossed", time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC), time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC), map[string]bool{}},
	} {
		got := datedIn(f, tc.since, tc.now)
		if !maps.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	// Only the lapse, no record coming into force: short alone.
	f.Members = f.Members[:1]
	if got := datedIn(f, time.Date(2026, 12, 4, 23, 0, 0, 0, time.UTC), time.Date(2026, 12, 5, 1, 0, 0, 0, time.UTC)); !maps.Equal(got, map[string]bool{"short@example.org": true}) {
		t.Errorf("a lapse alone: %v", got)
	}
}
