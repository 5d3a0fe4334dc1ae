package workspace

import (
	"testing"
	"time"

	"github.com/roster-dev/roster/directory"
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
