package workspace_test

import (
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
)

// TestADemotionAsTheFileSaysIsNotByHand: frank, an owner, is made
// manager in the Admin console exactly as the file then asks: a
// demotion roster would make whatever his record says, so it is never
// named as a change by hand when he is later removed, whether his record
// is valid or has lapsed (he is held where he is). Only a raise is asked
// whether the file admitted him.
func TestADemotionAsTheFileSaysIsNotByHand(t *testing.T) {
	t.Parallel()
	for _, rec := range []string{"2026-05-01" /* valid */, "2025-09-01" /* lapses 2026-06-28 */} {
		t.Run(rec, func(t *testing.T) {
			t.Parallel()
			hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nvetting_valid_for = \"300d\"", 1)
			owners := entry("ada@example.org", "owner", "bob@example.org", "2026-02-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-02-01")
			f, clk := newClockedRepoFixture(t)
			if err := f.emu.AddGroup("security@example.org"); err != nil {
				t.Fatal(err)
			}
			for range 100 {
				f.repo.Tick()
			}
			clk.set(f.repo.Date())
			f.repo.Commit("members.toml", hdr+owners+entry("frank@example.org", "owner", "ada@example.org", rec), "Start")
			clk.set(f.repo.Date().Add(time.Hour))
			if r := clk.sync(f); r.code != 0 {
				t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			for range 60 {
				f.repo.Tick()
			}
			f.repo.Commit("members.toml", hdr+owners+entry("frank@example.org", "manager", "ada@example.org", rec), "Frank steps down to manager")
			clk.set(f.repo.Date().Add(time.Hour))
			if _, err := f.emu.ByHand(emulator.Change{Application: "admin", Event: "UPDATE_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "frank@example.org", Role: "MANAGER"}); err != nil {
				t.Fatal(err)
			}
			f.repo.Tick()
			f.repo.Commit("members.toml", strings.Replace(hdr, `unmanaged = "report"`, `unmanaged = "remove"`, 1)+owners, "Frank leaves")
			clk.set(today)
			r := clk.plan(f, "")
			if !strings.Contains(r.stdout, "- frank@example.org") || strings.Contains(r.stdout, "root@example.org") {
				t.Errorf("record %s: the demotion the file asked for is named as by hand:\n%s", rec, r.stdout)
			}
		})
	}
}
