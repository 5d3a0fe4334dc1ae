package workspace_test

import (
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/workspace"
)

// TestAnIncrementalRunReadsTheListsOfADeletedAccount: an account deleted
// in the Admin console leaves every group it was on, and the admin log
// names the user (DELETE_USER), not the groups: the hourly run reads the
// lists that name the account, says whose deletion it was, and fails on
// the add back Google refuses (no account), and leaves the others
// unread.
func TestAnIncrementalRunReadsTheListsOfADeletedAccount(t *testing.T) {
	hdr := header + "\n[lists.other]\naddress = \"other@example.org\"\npolicy = \"p\"\n"
	f, clk := newClockedRepoFixture(t)
	clk.set(f.repo.Date().Add(-time.Hour))
	file := hdr + person("ada@example.org", `reports = "owner", other = "owner"`) + person("bo@example.org", `reports = "member"`)
	f.repo.Commit("members.toml", strings.ReplaceAll(file, "2026-06-01", "2026-01-01"), "The lists (#1)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bo@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	if err := f.emu.AddGroup("other@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	clk.set(f.repo.Date().Add(5 * time.Hour))
	if _, err := f.emu.ByHand(emulator.Change{Application: "admin", Event: "DELETE_USER", Actor: "it-admin@example.org", Member: "bo@example.org"}); err != nil {
		t.Fatal(err)
	}
	err := clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 2 * time.Hour}})
	out := f.stdout.String() + f.stderr.String()
	// The account is gone: the add back fails and names it, the run
	// fails (exit 1), and the file must let them go.
	if err == nil || !strings.Contains(out, "1 list of 2 changed") || !strings.Contains(out, "bo@example.org's account deleted by it-admin@example.org") ||
		!strings.Contains(out, "FAILED reports: + bo@example.org") || !strings.Contains(out, "no Google account") {
		t.Errorf("an account deleted in the window: %v\n%s", err, out)
	}
}
