package workspace_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/workspace"
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

// TestADemotedOwnerWeighsAsARemovedOne: the file's history lists bob as
// owner, and the file now keeps him as a member. His demotion is weighed
// against the owners the file admits, as his removal would be: a
// walk-in owner (dave) stands in for nobody, so bob stays owner while
// carol, who takes his place, cannot be added; and where the owners
// left are vetted by bob as owner (vetted_by = "owner"), his demotion
// would leave too few the file admits, and waits. Whether the
// demotion is committed or only in the working copy, it weighs the same.
// zed, whom the file has only ever listed as a member and who was made
// owner by hand, is simply demoted (TestAMemberMadeOwnerByHandIsDemoted).
func TestADemotedOwnerWeighsAsARemovedOne(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(strings.Replace(header, "min_owners = 1", "min_owners = 2", 1), `unmanaged = "report"`, `unmanaged = "remove"`, 1)
	before := hdr + person("ada@example.org", `reports = "owner"`) + person("bob@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "member"`) + person("zed@example.org", `reports = "member"`)
	after := hdr + person("ada@example.org", `reports = "owner"`) + person("carol@example.org", `reports = "owner"`) + person("bob@example.org", `reports = "member"`) + person("grace@example.org", `reports = "member"`) + person("zed@example.org", `reports = "member"`)
	for _, committed := range []bool{true, false} {
		t.Run(map[bool]string{true: "committed", false: "in the working copy"}[committed], func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "", emulator.Options{State: &emulator.State{NoAccount: []string{"carol@example.org"}}}, true)
			f.repo.Commit("members.toml", before, "The list")
			if committed {
				f.repo.Commit("members.toml", after, "Carol takes Bob's place")
			} else {
				f.write("members.toml", after)
			}
			if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "OWNER"},
				emulator.Member{Email: "dave@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org", Role: "MEMBER"}, emulator.Member{Email: "zed@example.org", Role: "OWNER"}); err != nil {
				t.Fatal(err)
			}
			r := f.doSync(workspace.SyncOptions{Guards: plan.Guards{MaxRemovals: 100, MaxRemovalRatio: 1}})
			g := f.group("security@example.org")
			if !slices.Contains(g, "bob@example.org OWNER") || r.code != workspace.ExitFailed {
				t.Errorf("bob was demoted with a walk-in owner standing in for him (exit %d)\n%v\n%s%s", r.code, g, r.stdout, r.stderr)
			}
			if !slices.Contains(g, "zed@example.org MEMBER") {
				t.Errorf("zed, an owner by hand the file lists as a member, kept his ownership\n%v\n%s%s", g, r.stdout, r.stderr)
			}
		})
	}
}

// TestADemotionThatLeavesTooFewAdmittedOwnersWaits: every owner of the
// list was vetted by another owner (vetted_by = "owner"); demoting ada
// leaves dan, whose record is hers, admitted nowhere, and so one owner
// the file admits where the policy needs two. The plan holds the
// demotion as it holds her removal, and sync leaves her owner.
func TestADemotionThatLeavesTooFewAdmittedOwnersWaits(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(strings.Replace(header, "min_owners = 1", "min_owners = 2", 1), `vetted_by = "member"`, `vetted_by = "owner"`, 1)
	owners := func(adaRole string) string {
		return hdr + entry("ada@example.org", adaRole, "grace@example.org", "2026-06-01") + entry("dan@example.org", "owner", "ada@example.org", "2026-06-01") +
			entry("grace@example.org", "owner", "dan@example.org", "2026-06-01")
	}
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", owners("owner"), "Three owners")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "dan@example.org", Role: "OWNER"},
		emulator.Member{Email: "grace@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	f.repo.Commit("members.toml", owners("member"), "Ada steps down")
	r := f.doSync(workspace.SyncOptions{Guards: plan.Guards{MaxRemovals: 100, MaxRemovalRatio: 1}})
	if !slices.Contains(f.group("security@example.org"), "ada@example.org OWNER") || r.code != workspace.ExitFailed || !strings.Contains(r.stdout+r.stderr, "owner the file admits there; policy needs 2") {
		t.Errorf("ada's demotion left one owner the file admits (exit %d)\n%v\n%s%s", r.code, f.group("security@example.org"), r.stdout, r.stderr)
	}
}

// TestASuspendedOwnerCountsForNoOwner: bjorn owns the group but his
// account is suspended; he cannot sign in to manage it. min_owners
// counts owners who can: demoting chen would leave amara alone, so the
// demotion waits, and promoting grace in bjorn's stead goes ahead.
func TestASuspendedOwnerCountsForNoOwner(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 2", 1)
	owners := func(chen string) string {
		return hdr + entry("amara@example.org", "owner", "chen@example.org", "2026-06-01") + entry("chen@example.org", chen, "amara@example.org", "2026-06-01") +
			entry("bjorn@example.org", "owner", "amara@example.org", "2026-06-01")
	}
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", owners("owner"), "Three owners")
	f.repo.Commit("members.toml", owners("member"), "Chen steps down")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "amara@example.org", Role: "OWNER"}, emulator.Member{Email: "chen@example.org", Role: "OWNER"},
		emulator.Member{Email: "bjorn@example.org", Role: "OWNER", Status: "SUSPENDED"}); err != nil {
		t.Fatal(err)
	}
	r := f.doSync(workspace.SyncOptions{Guards: plan.Guards{MaxRemovals: 100, MaxRemovalRatio: 1}})
	if !slices.Contains(f.group("security@example.org"), "chen@example.org OWNER") || r.code != workspace.ExitFailed || !strings.Contains(r.stdout+r.stderr, "would be left with 1 owner (not counting 1 owner, whose account is suspended: bjorn@example.org)") {
		t.Errorf("chen was demoted with a suspended owner counted (exit %d)\n%v\n%s%s", r.code, f.group("security@example.org"), r.stdout, r.stderr)
	}
}
