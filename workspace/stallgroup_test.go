package workspace_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/workspace"
)

// TestAStalledGroupLookupIsOneGroupsFailure: Google never answers
// groups.get for one group (sec-team@). The run asks it once (its
// tries), not once for each reason it has (is it another list's group,
// what is its id for Cloud Identity's log), and the other list's logs
// are still read: the stall is that group's, not the log's.
func TestAStalledGroupLookupIsOneGroupsFailure(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
	f.emu.AddGroup("sec-team@example.org")
	var stalled, enterprise atomic.Int64
	lo := f.live()
	lo.CallTimeout = 250 * time.Millisecond
	lo.Endpoint = stallingGoogle(t, f, func(r *http.Request) bool {
		if strings.Contains(r.URL.Path, "/applications/groups_enterprise") && strings.Contains(r.URL.RawQuery, "group_id") {
			enterprise.Add(1)
		}
		if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/groups/sec-team@example.org") {
			stalled.Add(1)
			return true
		}
		return false
	})
	f.repo.Commit("members.toml", team("sec-team@example.org"), "Two lists")
	f.hand(emulator.Change{Application: "groups_enterprise", Event: "add_member", Group: "security@example.org", Actor: "cloud@example.org", Member: "ci@example.org"})
	p := f.doPlan(workspace.PlanOptions{Live: lo})
	if n := stalled.Load(); n > 3 {
		t.Errorf("groups.get of the stalled group asked %d times, want one call's tries (3)", n)
	}
	if enterprise.Load() == 0 || !strings.Contains(p.stdout, "added by cloud@example.org") {
		t.Errorf("the other list's Cloud Identity log was not read (%d reads):\n%s%s", enterprise.Load(), p.stdout, p.stderr)
	}
}
