package audit

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory"
)

// TestActorOfNamesWhoeverMadeIt: an event is said to be by its actor's
// address, else its account id, else the key Google's own systems log
// with (callerType KEY), quoted as data; "someone" only when Google
// gave nothing.
func TestActorOfNamesWhoeverMadeIt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a    directory.Activity
		want string
	}{
		{directory.Activity{Actor: "root@example.org"}, "root@example.org"},
		{directory.Activity{ActorID: "1234"}, "the account with id 1234"},
		{directory.Activity{ActorKey: "SYSTEM", CallerType: "KEY"}, `Google's "SYSTEM" (no person; logged as callerType KEY)`},
		{directory.Activity{ActorKey: "x\n::error::y"}, `Google's "x\n::error::y"`},
		{directory.Activity{}, "someone"},
	} {
		if got := actorOf(tc.a); !strings.HasPrefix(got, tc.want) {
			t.Errorf("actorOf(%+v) = %q, want %q...", tc.a, got, tc.want)
		}
	}
}
