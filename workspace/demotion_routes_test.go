package workspace_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// The demotion tests: ada, dan and grace own the list, each vetted by
// another owner (vetted_by = "owner", min_owners = 2); the file makes ada
// a member. Dan's record is ada's, so the demotion would leave one owner
// the file admits: it waits, by whatever route the run comes, however
// the history is shaped.

var demoteHdr = strings.Replace(strings.Replace(header, "min_owners = 1", "min_owners = 2", 1), `vetted_by = "member"`, `vetted_by = "owner"`, 1)

// demoteOwners is the file with ada (at adaEmail) in adaRole.
func demoteOwners(adaRole, adaEmail string) string {
	return demoteHdr + entry(adaEmail, adaRole, "grace@example.org", "2026-06-01") + entry("dan@example.org", "owner", "ada@example.org", "2026-06-01") +
		entry("grace@example.org", "owner", "dan@example.org", "2026-06-01")
}

// demoteFixture commits the three owners, and gives the group them.
func demoteFixture(t *testing.T) *fixture {
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", demoteOwners("owner", "ada@example.org"), "Three owners")
	threeOwners(t, f, "ada@example.org")
	f.repo.Tick()
	return f
}

// threeOwners gives the group its three owners, ada at adaEmail.
func threeOwners(t *testing.T, f *fixture, adaEmail string) {
	t.Helper()
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: adaEmail, Role: "OWNER"}, emulator.Member{Email: "dan@example.org", Role: "OWNER"},
		emulator.Member{Email: "grace@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
}

// adaStillOwns reports whether ada still owns the group.
func adaStillOwns(f *fixture) bool {
	return slices.Contains(f.group("security@example.org"), "ada@example.org OWNER")
}

// TestADemotionWaitsInEveryRoute: plan, the pull-request plan and apply
// of a saved plan hold it, saying why.
func TestADemotionWaitsInEveryRoute(t *testing.T) {
	t.Parallel()
	f := demoteFixture(t)
	f.repo.Commit("members.toml", demoteOwners("member", "ada@example.org"), "Ada steps down (#2)")
	p := f.doPlan(workspace.PlanOptions{})
	if !strings.Contains(p.stdout, "BLOCKED: held back by the sync guards: security@example.org would be left with 1 owner the file admits there; policy needs 2") {
		t.Errorf("plan does not say why ada's demotion waits:\n%s%s", p.stdout, p.stderr)
	}
	pr := f.outcome(f.ws(workspace.Context{}).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml", Rev: "HEAD"}, Base: "HEAD~1", NoAttribution: true, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text}))
	if !strings.Contains(pr.stdout+pr.stderr, "policy needs 2") {
		t.Errorf("PR plan does not hold ada's demotion (exit %d)\n%s%s", pr.code, pr.stdout, pr.stderr)
	}
	out := filepath.Join(t.TempDir(), "plan.json")
	f.doPlan(workspace.PlanOptions{Out: out})
	if a := f.doApply(out, workspace.ApplyOptions{}); !adaStillOwns(f) || a.code != workspace.ExitFailed {
		t.Errorf("apply demoted ada (exit %d)\n%s%s", a.code, a.stdout, a.stderr)
	}
}

// TestADemotionWaitsInAnIncrementalRun: sync --changed-since holds it.
func TestADemotionWaitsInAnIncrementalRun(t *testing.T) {
	t.Parallel()
	f, clk := newClockedRepoFixture(t)
	f.repo.Commit("members.toml", demoteOwners("owner", "ada@example.org"), "Three owners")
	threeOwners(t, f, "ada@example.org")
	f.repo.Tick()
	f.repo.Commit("members.toml", demoteOwners("member", "ada@example.org"), "Ada steps down (#2)")
	clk.set(f.repo.Date().Add(time.Hour))
	r := f.outcome(clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: membersFile, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text, ChangedSince: workspace.Window{Length: 2 * time.Hour, Written: "2h"}}))
	if !adaStillOwns(f) {
		t.Errorf("--changed-since demoted ada (exit %d)\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestADemotionWaitsInAShallowClone: with no history to tell a
// demotion from an owner made by hand, it waits (failing closed).
func TestADemotionWaitsInAShallowClone(t *testing.T) {
	t.Parallel()
	f := demoteFixture(t)
	f.repo.Commit("members.toml", demoteOwners("member", "ada@example.org"), "Ada steps down (#2)")
	f.shallowClone()
	r := f.doSync(workspace.SyncOptions{})
	if !adaStillOwns(f) {
		t.Errorf("shallow clone demoted ada (exit %d)\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestADemotionWaitsUnderAPlusTag: ada is listed, and on the group, at a
// +tag spelling in another case.
func TestADemotionWaitsUnderAPlusTag(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", demoteOwners("owner", "Ada+sec@example.org"), "Three owners")
	threeOwners(t, f, "ada+sec@example.org")
	f.repo.Tick()
	f.repo.Commit("members.toml", demoteOwners("member", "ada+sec@example.org"), "Ada steps down (#2)")
	r := f.doSync(workspace.SyncOptions{})
	if !slices.Contains(f.group("security@example.org"), "ada+sec@example.org OWNER") {
		t.Errorf("+tag/case: ada demoted (exit %d)\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestADemotionWaitsWithTheListRenamed: the list's id is renamed in the
// commit that demotes ada.
func TestADemotionWaitsWithTheListRenamed(t *testing.T) {
	t.Parallel()
	f := demoteFixture(t)
	c := strings.NewReplacer("[lists.reports]", "[lists.sec]", `reports = "`, `sec = "`).Replace(demoteOwners("member", "ada@example.org"))
	f.repo.Commit("members.toml", c, "Rename, Ada steps down (#2)")
	r := f.doSync(workspace.SyncOptions{})
	if !adaStillOwns(f) {
		t.Errorf("rename: ada demoted (exit %d)\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestADemotionWaitsWrittenAtAnAlias: the commit that demotes ada also
// writes her at ada.l@, an alias Google resolves to her.
func TestADemotionWaitsWrittenAtAnAlias(t *testing.T) {
	t.Parallel()
	f := demoteFixture(t)
	f.emu.AddAlias("ada.l@example.org", "ada@example.org")
	c := strings.Replace(demoteOwners("member", "ada.l@example.org"), `by = "ada@example.org"`, `by = "ada.l@example.org"`, -1)
	f.repo.Commit("members.toml", c, "Alias, Ada steps down (#2)")
	if p := f.doPlan(workspace.PlanOptions{}); !strings.Contains(p.stdout, "policy needs 2") {
		t.Errorf("the plan does not hold ada's demotion:\n%s%s", p.stdout, p.stderr)
	}
	r := f.doSync(workspace.SyncOptions{})
	if !adaStillOwns(f) {
		t.Errorf("user alias: ada demoted (exit %d)\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestADemotionWaitsWithTheListMovedIn: the list moves in from
// other.toml in the commit that demotes ada.
func TestADemotionWaitsWithTheListMovedIn(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	empty := strings.Replace(demoteHdr, "[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n", "", 1)
	f.repo.CommitFiles("Two files", "members.toml", empty, "other.toml", demoteOwners("owner", "ada@example.org"))
	threeOwners(t, f, "ada@example.org")
	f.repo.Tick()
	f.repo.CommitFiles("Move reports into members.toml; Ada steps down (#2)", "members.toml", demoteOwners("member", "ada@example.org"), "other.toml", empty)
	r := f.doSync(workspace.SyncOptions{})
	if !adaStillOwns(f) {
		t.Errorf("moved list: ada demoted, leaving 1 admitted owner where policy needs 2 (exit %d)\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestADemotionWaitsWithTheAddressRespelledToAnAlias: the commit that
// demotes ada also writes the list's address as sec@, an alias of its
// group: her ownership is read under every name of the group.
func TestADemotionWaitsWithTheAddressRespelledToAnAlias(t *testing.T) {
	t.Parallel()
	f := demoteFixture(t)
	f.emu.AddAlias("sec@example.org", "security@example.org")
	c := strings.Replace(demoteOwners("member", "ada@example.org"), `address = "security@example.org"`, `address = "sec@example.org"`, 1)
	f.repo.Commit("members.toml", c, "Group alias; Ada steps down (#2)")
	p := f.doPlan(workspace.PlanOptions{})
	r := f.doSync(workspace.SyncOptions{})
	if !adaStillOwns(f) {
		t.Errorf("group alias respelled: ada demoted (exit %d)\nplan:\n%s%s\nsync:\n%s%s", r.code, p.stdout, p.stderr, r.stdout, r.stderr)
	}
}

// TestAnOwnerMadeByHandAfterAnOldStintUnderAnAliasIsDemoted: ada owned
// the list while the file wrote it at sec@ (an alias of the group); the
// file took her off, moved the list to security@, and later put her back
// as a member; someone made her owner by hand since. Her old stint under
// the alias ended before the file put her back: her ownership is not the
// file's, and she is simply demoted, as with the list at one address
// throughout.
func TestAnOwnerMadeByHandAfterAnOldStintUnderAnAliasIsDemoted(t *testing.T) {
	t.Parallel()
	for _, first := range []string{"security@example.org", "sec@example.org"} {
		t.Run(first, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			f.repo.Commit("members.toml", strings.Replace(demoteOwners("owner", "ada@example.org"), `address = "security@example.org"`, `address = "`+first+`"`, 1), "Three owners")
			f.repo.Tick()
			f.repo.Commit("members.toml", strings.Replace(demoteOwners("owner", "ada@example.org"), `lists = { reports = "owner" }`, `lists = {}`, 1), "Ada leaves the list")
			f.repo.Tick()
			f.repo.Commit("members.toml", demoteOwners("member", "ada@example.org"), "Ada back as a member")
			threeOwners(t, f, "ada@example.org")
			f.emu.AddAlias("sec@example.org", "security@example.org")
			if r := f.doSync(workspace.SyncOptions{}); adaStillOwns(f) {
				t.Errorf("ada, put back as a member and made owner by hand, kept as owner (exit %d)\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}
