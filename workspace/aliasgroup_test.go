package workspace_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// Two lists on one group: Google resolves a group's aliases to it, so a
// list at sec-team@ writes to the group another list manages at
// security@. Sync refuses both, whatever route made them so, rather
// than writing people into a group whose owners never approved them.

// team is a second list at address, with two people a pull request put
// on it as owner and member.
func team(address string) string {
	return strings.Replace(header, "\n[policies.p]", "\n[lists.team]\naddress = \""+address+"\"\npolicy = \"p\"\n\n[policies.p]", 1) +
		person("ada@example.org", `reports = "owner"`) + person("bo@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "member"`) +
		person("mallory@example.org", `team = "owner"`) + person("friend@example.org", `team = "member"`)
}

func TestTwoListsOfOneGroupUnderAnAliasAreNotSynced(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, reports, team, alias string
	}{
		{"a new list at the group's alias", "security@example.org", "sec-team@example.org", "sec-team@example.org"},
		{"both lists at aliases", "sec@example.org", "sec-team@example.org", "sec@example.org"},
		{"the new list at the group's own address, the old at its alias", "sec-team@example.org", "security@example.org", "sec-team@example.org"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, false)
			f.emu.AddAlias(c.alias, "security@example.org")
			if c.reports != "security@example.org" && c.reports != c.alias {
				f.emu.AddAlias(c.reports, "security@example.org")
			}
			if c.team != "security@example.org" && c.team != c.alias {
				f.emu.AddAlias(c.team, "security@example.org")
			}
			file := strings.Replace(team(c.team), "address = \"security@example.org\"", "address = \""+c.reports+"\"", 1)
			f.write("members.toml", file)
			before := f.group("security@example.org")
			for _, format := range []report.Format{report.Text, report.JSON} {
				p := f.doPlan(workspace.PlanOptions{Format: format})
				if p.code != workspace.ExitFailed || !strings.Contains(p.stdout+p.stderr, "to one group, security@example.org") || !strings.Contains(p.stdout, "shared_group") && format == report.JSON {
					t.Errorf("plan (%s): exit %d, want %d and the shared group named\n%s%s", format, p.code, workspace.ExitFailed, p.stdout, p.stderr)
				}
				if strings.Contains(p.stdout, "+ mallory") {
					t.Errorf("plan (%s) still adds mallory:\n%s", format, p.stdout)
				}
			}
			s := f.doSync(workspace.SyncOptions{})
			if s.code != workspace.ExitFailed || !strings.Contains(s.stdout+s.stderr, "to one group, security@example.org") {
				t.Errorf("sync: exit %d\n%s%s", s.code, s.stdout, s.stderr)
			}
			if got := f.group("security@example.org"); !slices.Equal(got, before) {
				t.Errorf("sync wrote to the shared group: %v, was %v", got, before)
			}
		})
	}
}

// TestAListMovedToItsGroupsAliasIsSynced: one list pointed at an alias
// of its own group is still one list on one group: nothing to refuse.
func TestAListMovedToItsGroupsAliasIsSynced(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, false)
	f.emu.AddAlias("sec-team@example.org", "security@example.org")
	f.write("members.toml", strings.Replace(header, "security@example.org", "sec-team@example.org", 1)+
		person("ada@example.org", `reports = "owner"`)+person("bo@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`)+person("lin@example.org", `reports = "member"`))
	s := f.doSync(workspace.SyncOptions{})
	if s.code != 0 || !slices.Contains(f.group("security@example.org"), "lin@example.org MEMBER") {
		t.Errorf("sync of a list at its group's alias: exit %d, group %v\n%s%s", s.code, f.group("security@example.org"), s.stdout, s.stderr)
	}
}

// TestAListMovedFromItsGroupsAliasKeepsItsRemovals: the file listed
// the group under its alias (sec@) and now under its own address: who
// it took off, in the commit that moved it or before, is off the one
// group, for plan, sync and import alike.
func TestAListMovedFromItsGroupsAliasKeepsItsRemovals(t *testing.T) {
	t.Parallel()
	people := person("ada@example.org", `reports = "owner"`) + person("bo@example.org", `reports = "owner"`)
	grace := person("grace@example.org", `reports = "member"`)
	atAlias := strings.Replace(header, "security@example.org", "sec@example.org", 1)
	for _, c := range []struct {
		name    string
		commits []string
	}{
		{"in the commit that moves it", []string{atAlias + people + grace, header + people}},
		{"before it moves", []string{atAlias + people + grace, atAlias + people, header + people}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
			f.emu.AddAlias("sec@example.org", "security@example.org")
			for i, content := range c.commits {
				f.repo.Commit("members.toml", content, fmt.Sprintf("Step %d", i))
			}
			p := f.doPlan(workspace.PlanOptions{})
			if !strings.Contains(p.stdout, "- grace@example.org") {
				t.Errorf("plan keeps grace:\n%s%s", p.stdout, p.stderr)
			}
			r := f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", Live: f.live()}))
			if strings.Contains(f.read("members.toml"), `email = "grace@example.org"`) {
				t.Errorf("import brought grace back: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			s := f.doSync(workspace.SyncOptions{})
			if slices.Contains(f.group("security@example.org"), "grace@example.org MEMBER") {
				t.Errorf("sync kept grace: exit %d\n%s%s", s.code, s.stdout, s.stderr)
			}
		})
	}
}

// TestAnUncheckedGroupIsSaid: where Google will not say which group an
// address is, the run goes on, as the README says, and says the check
// was not made, and what mends it: the group read scope for a refusal
// (not granted), asking again for any other failure (a timeout or an
// odd answer, which no grant mends: s16-2425 finding 3).
func TestAnUncheckedGroupIsSaid(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		status     int
		body, want string
		grant      bool
	}{
		{http.StatusForbidden, `{"error":{"code":403,"message":"Request had insufficient authentication scopes.","errors":[{"reason":"insufficientPermissions","domain":"global","message":"Insufficient Permission"}]}}`, "grant https://www.googleapis.com/auth/admin.directory.group.readonly", true},
		{http.StatusBadRequest, `{"error":{"code":400,"message":"Bad Request","errors":[{"reason":"badRequest","domain":"global","message":"Bad Request"}]}}`, "the next run asks again", false},
	} {
		f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, false)
		f.emu.AddAlias("sec-team@example.org", "security@example.org")
		f.url = answeringGoogle(t, f, func(w http.ResponseWriter, r *http.Request) bool {
			if r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/admin/directory/v1/groups/") && !strings.Contains(r.URL.Path, "/members") {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
				return true
			}
			return false
		})
		f.write("members.toml", team("sec-team@example.org"))
		p := f.doPlan(workspace.PlanOptions{})
		if !strings.Contains(p.stderr, "could not ask Google which group") || !strings.Contains(p.stderr, tt.want) || strings.Contains(p.stderr, "admin.directory.group.readonly") != tt.grant {
			t.Errorf("answered %d: plan does not say the shared-group check was not made, or what mends it:\n%s%s", tt.status, p.stdout, p.stderr)
		}
	}
}

// TestImportAtAnAliasReadsTheGroupsLogAndRefusesASharedGroup: a list
// at its group's alias is the group to import too: a walk-in the Groups
// UI logged under the group's own address is not imported as someone
// who was there before roster, and a list whose group another list
// manages is not imported into at all.
func TestImportAtAnAliasReadsTheGroupsLogAndRefusesASharedGroup(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
	f.emu.AddAlias("sec-team@example.org", "security@example.org")
	people := person("ada@example.org", `reports = "owner"`) + person("bo@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "member"`)
	f.repo.Commit("members.toml", strings.Replace(header, "security@example.org", "sec-team@example.org", 1)+people, "The list at the alias")
	f.hand(emulator.Change{Event: "join", Group: "security@example.org", Actor: "walker@example.org"})
	r := f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", Live: f.live()}))
	if strings.Contains(f.read("members.toml"), `email = "walker@example.org"`) {
		t.Errorf("import took a walk-in the Groups UI logged taken for someone there before roster: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	g := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
	g.emu.AddAlias("sec-team@example.org", "security@example.org")
	g.repo.Commit("members.toml", team("sec-team@example.org"), "Two lists")
	r = g.outcome(g.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "team", Live: g.live()}))
	if r.code == 0 || !strings.Contains(r.stderr, "to one group") {
		t.Errorf("import into a list whose group another list manages: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestAGroupAddressThatIsNoAddressIsNeverPrinted: what Google answers
// for a group's own address becomes a line of the plan only when it is
// an address; a hostile answer still shows the two lists share a group.
func TestAGroupAddressThatIsNoAddressIsNeverPrinted(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, false)
	f.emu.AddAlias("sec-team@example.org", "security@example.org")
	var hostile atomic.Int64
	f.url = answeringGoogle(t, f, func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/groups/sec-team@example.org") {
			hostile.Add(1)
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"id":"0x","email":"sec\n::add-mask::hidden","aliases":["security@example.org"]}`)
			return true
		}
		return false
	})
	f.write("members.toml", team("sec-team@example.org"))
	for _, format := range []report.Format{report.Text, report.Markdown, report.JSON} {
		p := f.doPlan(workspace.PlanOptions{Format: format})
		if strings.Contains(p.stdout+p.stderr, "add-mask") || !strings.Contains(p.stdout, "one group") {
			t.Errorf("plan (%s) with a hostile group address:\n%s%s", format, p.stdout, p.stderr)
		}
	}
	if hostile.Load() == 0 {
		t.Errorf("the hostile answer was never asked for: the test read the emulator's")
	}
}

// TestRostersWriteUnderTheGroupsAliasIsRosters: roster added lin while
// the file wrote the list at the group's alias; the file, moved to the
// group's own address, takes lin off. The removal and the line that
// explains it tell one story: the add was the file's (under the alias),
// not a stray write of roster's credentials.
func TestRostersWriteUnderTheGroupsAliasIsRosters(t *testing.T) {
	t.Parallel()
	people := person("ada@example.org", `reports = "owner"`) + person("bo@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "member"`)
	lin := person("lin@example.org", `reports = "member"`)
	for _, c := range []struct{ name, from, to string }{
		{"from the alias to the group's address", "sec@example.org", "security@example.org"},
		{"from the group's address to the alias", "security@example.org", "sec@example.org"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
			f.emu.AddAlias("sec@example.org", "security@example.org")
			f.repo.Commit("members.toml", strings.Replace(header, "security@example.org", c.from, 1)+people+lin, "Add lin")
			if s := f.doSync(workspace.SyncOptions{}); s.code != 0 || !slices.Contains(f.group("security@example.org"), "lin@example.org MEMBER") {
				t.Fatalf("sync: exit %d\n%s%s", s.code, s.stdout, s.stderr)
			}
			f.repo.Tick()
			f.repo.Commit("members.toml", strings.Replace(header, "security@example.org", c.to, 1)+people, "Move the list, take lin off")
			p := f.doPlan(workspace.PlanOptions{})
			if !strings.Contains(p.stdout, "- lin@example.org") || strings.Contains(p.stdout, "no version of") {
				t.Errorf("plan:\n%s%s", p.stdout, p.stderr)
			}
		})
	}
}

// TestDoctorSaysTwoListsShareAGroup: doctor promises a sync that works;
// sync refuses two lists on one group, so doctor fails them too.
func TestDoctorSaysTwoListsShareAGroup(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, false)
	f.emu.AddAlias("sec-team@example.org", "security@example.org")
	f.write("members.toml", team("sec-team@example.org"))
	r := f.outcome(f.ws(workspace.Context{}).Doctor(ctx, workspace.DoctorOptions{File: "members.toml", Format: report.Text, Live: f.live()}))
	if r.code != workspace.ExitFailed || !strings.Contains(r.stdout, "lists reports (security@example.org) and team (sec-team@example.org) are one group, security@example.org") {
		t.Errorf("doctor: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	f.write("members.toml", team("team@example.org"))
	f.emu.AddGroup("team@example.org")
	if r := f.outcome(f.ws(workspace.Context{}).Doctor(ctx, workspace.DoctorOptions{File: "members.toml", Format: report.Text, Live: f.live()})); strings.Contains(r.stdout, "one group") {
		t.Errorf("doctor, two groups: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestARemovalOfOneDayUnderTwoOfAGroupsNamesNamesTheLaterCommit: the
// list moved to its group's alias, and back in a later commit of the
// same day that takes grace off: the removal plan names is that later
// commit, not the move (s29-routes finding 3): a day alone cannot tell
// the two apart, the landing times can.
func TestARemovalOfOneDayUnderTwoOfAGroupsNamesNamesTheLaterCommit(t *testing.T) {
	t.Parallel()
	people := person("ada@example.org", `reports = "owner"`) + person("bo@example.org", `reports = "owner"`)
	grace := person("grace@example.org", `reports = "member"`)
	atAlias := strings.Replace(header, "security@example.org", "sec@example.org", 1)
	f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
	f.emu.AddAlias("sec@example.org", "security@example.org")
	f.repo.Commit("members.toml", header+people+grace, "Start")
	f.repo.Commit("members.toml", atAlias+people+grace, "Alias address")
	drop := f.repo.CommitLater("members.toml", header+people, "Drop grace")
	p := f.doPlan(workspace.PlanOptions{})
	if !strings.Contains(p.stdout, "- grace@example.org") || !strings.Contains(p.stdout, "removed in "+drop[:10]) || strings.Contains(p.stdout, "Alias address") {
		t.Errorf("plan does not name %s, the commit that took grace off:\n%s%s", drop[:10], p.stdout, p.stderr)
	}
}
