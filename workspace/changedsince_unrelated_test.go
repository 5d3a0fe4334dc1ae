package workspace_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/workspace"
)

// TestIncrementalRunPassesOverAnUnrelatedGroup: a hand change to a
// group no list writes (at its address or an alias) is looked up, to
// find a list at one of its aliases; where the domain did not grant the
// optional group.readonly scope, the look-up is refused, and the hourly
// run says so and reads none of the lists, not every one.
func TestIncrementalRunPassesOverAnUnrelatedGroup(t *testing.T) {
	for _, status := range []int{403, 0} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			hdr := header + "\n[lists.other]\naddress = \"other@example.org\"\npolicy = \"p\"\n"
			f, clk := newClockedRepoFixture(t)
			clk.set(f.repo.Date().Add(-time.Hour))
			f.repo.Commit("members.toml", strings.ReplaceAll(hdr+person("ada@example.org", `reports = "owner", other = "owner"`), "2026-06-01", "2026-01-01"), "The lists (#1)")
			for _, g := range []string{"security@example.org", "other@example.org", "marketing@example.org"} {
				if err := f.emu.AddGroup(g, emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
					t.Fatal(err)
				}
			}
			var gets atomic.Int64
			live := f.live()
			if status != 0 {
				live.Endpoint = answeringGoogle(t, f, func(w http.ResponseWriter, r *http.Request) bool {
					if r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/admin/directory/v1/groups/") && !strings.Contains(r.URL.Path, "/members") {
						gets.Add(1)
						w.Header().Set("Content-Type", "application/json")
						w.WriteHeader(status)
						fmt.Fprint(w, `{"error":{"code":403,"message":"Request had insufficient authentication scopes.","errors":[{"reason":"insufficientPermissions","domain":"global","message":"Insufficient Permission"}]}}`)
						return true
					}
					return false
				})
			}
			clk.set(f.repo.Date().Add(5 * time.Hour))
			if _, err := f.emu.ByHand(emulator.Change{Event: "ADD_GROUP_MEMBER", Application: "admin", Group: "marketing@example.org", Actor: "it-admin@example.org", Member: "someone@example.net"}); err != nil {
				t.Fatal(err)
			}
			err := clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: live, Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 2 * time.Hour}})
			out := f.stdout.String() + f.stderr.String()
			if err != nil || strings.Contains(out, "reading every list") || !strings.Contains(out, "0 lists of 2 changed") || (status != 0) != (gets.Load() > 0) {
				t.Errorf("a change to a group no list writes (groups.get answering %d, %d refused): %v\n%s", status, gets.Load(), err, out)
			}
		})
	}
}
