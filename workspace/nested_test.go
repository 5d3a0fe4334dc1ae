package workspace_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestNestedReceiversFailTheScheduledJob: on a list whose policy lets it
// hold groups, someone who receives its mail through a nested group
// (two levels down too) with no entry on the list is named by plan,
// fails sync as a walk-in does (exit 3, its last line naming them, its
// JSON too), and is named by audit --live from the same reads; someone
// with an entry is not. A pull request's plan reads no nested group.
func TestNestedReceiversFailTheScheduledJob(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	file := strings.Replace(header, `unmanaged = "report"`, "unmanaged = \"report\"\nallow_groups = true", 1) +
		entry("ada@example.org", "owner", "bob@example.org", "2026-06-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-06-01") +
		entry("grace@example.org", "member", "ada@example.org", "2026-06-01") + entry("inner@example.org", "member", "ada@example.org", "2026-06-01")
	f.repo.Commit("members.toml", file, "Lists (#1)")
	for _, g := range []struct {
		address string
		members []emulator.Member
	}{
		{"deeper@example.org", []emulator.Member{{Email: "zed@example.org"}}},
		{"inner@example.org", []emulator.Member{{Email: "grace@example.org"}, {Email: "eve@evil.example"}, {Email: "deeper@example.org"}}},
		{"security@example.org", []emulator.Member{{Email: "ada@example.org", Role: "OWNER"}, {Email: "bob@example.org", Role: "OWNER"}, {Email: "grace@example.org"}, {Email: "inner@example.org"}}},
	} {
		if err := f.emu.AddGroup(g.address, g.members...); err != nil {
			t.Fatal(err)
		}
	}
	p := f.doPlan(workspace.PlanOptions{NoAttribution: true})
	if !strings.Contains(p.stdout, "? eve@evil.example") || !strings.Contains(p.stdout, "receives the list's mail through inner@example.org, with no entry on reports") ||
		!strings.Contains(p.stdout, "through inner@example.org > deeper@example.org") || strings.Contains(p.stdout, "? grace@") {
		t.Errorf("plan: exit %d\n%s%s", p.code, p.stdout, p.stderr)
	}
	s := f.doSync(workspace.SyncOptions{NoAttribution: true})
	lines := strings.Split(strings.TrimSpace(s.stderr), "\n")
	last := lines[len(lines)-1]
	if s.code != workspace.ExitWalkIns || !strings.Contains(last, "eve@evil.example (reports, through inner@example.org)") || !strings.Contains(last, "zed@example.org (reports, through inner@example.org > deeper@example.org)") {
		t.Errorf("sync: exit %d, last line %q\n%s", s.code, last, s.stderr)
	}
	j := f.doSync(workspace.SyncOptions{Format: report.JSON, NoAttribution: true})
	var doc struct {
		OK      bool     `json:"ok"`
		WalkIns []string `json:"walk_ins"`
	}
	if err := json.Unmarshal([]byte(j.stdout), &doc); err != nil || doc.OK || len(doc.WalkIns) != 2 {
		t.Errorf("sync --format json: %v, %+v\n%s", err, doc, j.stdout)
	}
	f.emu.ResetCounters()
	pr := f.doPlan(workspace.PlanOptions{Source: workspace.Source{Path: "members.toml", Rev: "HEAD"}, Base: "HEAD", NoAttribution: true})
	if n := f.emu.Counters()["members.list"]; n != 1 || strings.Contains(pr.stdout, "evil") {
		t.Errorf("a pull request's plan read %d member lists:\n%s", n, pr.stdout)
	}
}

// TestAGroupIsNeverAddedWhereGroupsAreNotAllowed: an entry whose
// address is a group, on a list whose policy does not allow groups, is
// refused before any write (Google says it is a group): never added and
// taken off again on every run, which left everyone in the group on the
// list for a moment each time.
func TestAGroupIsNeverAddedWhereGroupsAreNotAllowed(t *testing.T) {
	t.Parallel()
	live := &emulator.State{Groups: []*emulator.Group{
		{Email: "security@example.org", Members: []*emulator.Member{{Email: "ada@example.org", Role: "OWNER"}}},
		{Email: "all-staff@example.org", Members: []*emulator.Member{{Email: "zed@example.org", Role: "MEMBER"}}},
	}}
	f := newFixtureFrom(t, "", emulator.Options{State: live}, true)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("all-staff@example.org", `reports = "member"`), "Lists (#1)")
	if r := f.doPlan(workspace.PlanOptions{}); !strings.Contains(r.stdout, "BLOCKED: all-staff@example.org is a group (Google says)") {
		t.Errorf("plan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r := f.doSync(workspace.SyncOptions{})
	if r.code != 1 {
		t.Errorf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := f.emu.Counters()["members.insert"]; n != 0 {
		t.Errorf("%d members.insert: the group was added before it was refused", n)
	}
}
