package workspace_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
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
	file := nestingFile() +
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
	// Its last line does not say the groups match the file.
	if strings.Contains(p.stdout, "the live groups match") || !strings.Contains(p.stdout, "2 people receive a list's mail through a nested group without an entry on the list") {
		t.Errorf("plan's last line:\n%s", p.stdout)
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

// TestAGroupAmongManyAdditionsIsNeverAdded: the look-up that refuses a
// group is made for every addition, however many the change makes: on
// the group's own list (30 others added beside it) or after other lists
// took many look-ups first; past a few, as one listing of the
// Workspace's groups. Where Google refuses the look-up (the group-read
// scope not granted), each addition says what stands between a group
// and the list.
func TestAGroupAmongManyAdditionsIsNeverAdded(t *testing.T) {
	t.Parallel()
	many := func(prefix, list string) string {
		var b strings.Builder
		for i := range 30 {
			b.WriteString(person(fmt.Sprintf("%s%02d@example.org", prefix, i), list+` = "member"`))
		}
		return b.String()
	}
	second := strings.Replace(header, "[policies.p]", "[lists.notices]\naddress = \"notices@example.org\"\npolicy = \"p\"\n\n[policies.p]", 1)
	for _, tc := range []struct{ name, file string }{
		{"beside thirty others", header + person("ada@example.org", `reports = "owner"`) + many("new", "reports") + person("all-staff@example.org", `reports = "member"`)},
		{"after another list's thirty", second + person("ada@example.org", `reports = "owner", notices = "owner"`) + many("new", "notices") + person("all-staff@example.org", `reports = "member"`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			live := &emulator.State{Groups: []*emulator.Group{
				{Email: "security@example.org", Members: []*emulator.Member{{Email: "ada@example.org", Role: "OWNER"}}},
				{Email: "notices@example.org", Members: []*emulator.Member{{Email: "ada@example.org", Role: "OWNER"}}},
				{Email: "all-staff@example.org", Members: []*emulator.Member{{Email: "zed@example.org", Role: "MEMBER"}}},
			}}
			f := newFixtureFrom(t, "", emulator.Options{State: live}, true)
			f.repo.Commit("members.toml", tc.file, "Lists (#1)")
			if r := f.doPlan(workspace.PlanOptions{}); !strings.Contains(r.stdout, "BLOCKED: all-staff@example.org is a group (Google says)") {
				t.Errorf("plan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			// Thirty-one to ask: one listing of the Workspace's groups,
			// not a groups.get each.
			if c := f.emu.Counters(); c["groups.list"] != 1 || c["groups.get"] > 3 {
				t.Errorf("%d groups.list, %d groups.get for 31 additions", c["groups.list"], c["groups.get"])
			}
			f.doSync(workspace.SyncOptions{})
			for _, ch := range f.emu.Journal() {
				if strings.Contains(ch.Email, "all-staff") {
					t.Errorf("the group was written: %+v", ch)
				}
			}
		})
	}
	t.Run("the look-up refused", func(t *testing.T) {
		t.Parallel()
		live := &emulator.State{Groups: []*emulator.Group{
			{Email: "security@example.org", Members: []*emulator.Member{{Email: "ada@example.org", Role: "OWNER"}}},
			{Email: "all-staff@example.org", Members: []*emulator.Member{{Email: "zed@example.org", Role: "MEMBER"}}},
		}}
		f := newFixtureFrom(t, "", emulator.Options{State: live}, true)
		f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+many("new", "reports")+person("all-staff@example.org", `reports = "member"`), "Lists (#1)")
		// Google without the group-read scope: groups.get and
		// groups.list are refused, as a token lacking its scope is.
		var refused atomic.Int64
		refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet && (r.URL.Path == "/admin/directory/v1/groups" || strings.HasPrefix(r.URL.Path, "/admin/directory/v1/groups/") && !strings.Contains(r.URL.Path, "/members")) {
				refused.Add(1)
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusForbidden)
				io.WriteString(w, `{"error":{"code":403,"message":"Request had insufficient authentication scopes.","errors":[{"message":"Insufficient Permission","domain":"global","reason":"insufficientPermissions"}],"status":"PERMISSION_DENIED"}}`)
				return
			}
			f.emu.ServeHTTP(w, r)
		}))
		t.Cleanup(refusing.Close)
		lo := f.live()
		lo.Endpoint = refusing.URL + "/"
		r := f.doPlan(workspace.PlanOptions{Live: lo})
		if !strings.Contains(r.stdout, "whether it is a group could not be asked") {
			t.Errorf("plan does not say the group check was refused: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		// The listing, the look-ups already in flight (8), the list's own.
		if n := refused.Load(); n > 12 {
			t.Errorf("%d groups.get: the look-ups went on after the first was refused", n)
		}
	})
}

// TestANestedLookAlikeGroupIsMarked: a nested group whose address
// passes for another's (tеam@, a Cyrillic е, inside team@) is marked
// wherever the path through it is printed: the plan (text and
// markdown), sync's last line, audit --live (text, CSV, JSON).
func TestANestedLookAlikeGroupIsMarked(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	file := nestingFile() +
		entry("team@example.org", "member", "ada@example.org", "2026-06-01")
	f.repo.Commit("members.toml", file, "Lists (#1)")
	const lookalike = "t\u0435am@example.org"
	for _, g := range []struct {
		address string
		members []emulator.Member
	}{
		{lookalike, []emulator.Member{{Email: "eve@evil.example"}}},
		{"team@example.org", []emulator.Member{{Email: lookalike}}},
		{"security@example.org", []emulator.Member{{Email: "ada@example.org", Role: "OWNER"}, {Email: "bob@example.org", Role: "OWNER"}, {Email: "team@example.org"}}},
	} {
		if err := f.emu.AddGroup(g.address, g.members...); err != nil {
			t.Fatal(err)
		}
	}
	marked := func(route, out string) {
		t.Helper()
		i := strings.Index(out, lookalike)
		if i < 0 {
			t.Errorf("%s does not name the nested group:\n%s", route, out)
			return
		}
		if !strings.Contains(out[i:], "non-ASCII") {
			t.Errorf("%s prints %s unmarked:\n%s", route, lookalike, out)
		}
	}
	marked("plan", f.doPlan(workspace.PlanOptions{NoAttribution: true}).stdout)
	marked("plan --format markdown", f.doPlan(workspace.PlanOptions{NoAttribution: true, Format: report.Markdown}).stdout)
	// JSON prints the path raw, and marks it beside, in the receiver's
	// "lookalike" (plan and audit --live alike).
	for _, route := range []struct {
		name, out string
	}{
		{"plan --format json", f.doPlan(workspace.PlanOptions{NoAttribution: true, Format: report.JSON}).stdout},
		{"audit --live --format json", f.doAudit(true, workspace.AuditOptions{Format: report.JSON}).stdout},
	} {
		if !regexp.MustCompile(`"lookalike": "е is U\+0435`).MatchString(route.out) {
			t.Errorf("%s: no receiver's lookalike names the е:\n%s", route.name, route.out)
		}
	}
	s := f.doSync(workspace.SyncOptions{NoAttribution: true})
	lines := strings.Split(strings.TrimSpace(s.stderr), "\n")
	marked("sync's last line", lines[len(lines)-1])
	for _, format := range []report.Format{report.Text, report.CSV, report.JSON} {
		marked("audit --live "+string(format), f.doAudit(true, workspace.AuditOptions{Format: format}).stdout)
	}
}

// TestAGroupReachesNoListByAnotherRoute: the look-up that refuses a
// group is made on every route an addition takes: to a group sync is
// about to create (create = true), for a group at another domain of the
// Workspace than the lists' (a secondary or alias domain), and a group
// already on the list by hand is never promoted to the role the file
// gives it. Nothing is written for the group on any of them.
func TestAGroupReachesNoListByAnotherRoute(t *testing.T) {
	t.Parallel()
	allStaff := func(address string) *emulator.Group {
		return &emulator.Group{Email: address, Members: []*emulator.Member{{Email: "zed@example.org", Role: "MEMBER"}}}
	}
	list := &emulator.Group{Email: "security@example.org", Members: []*emulator.Member{{Email: "ada@example.org", Role: "OWNER"}}}
	created := strings.Replace(header, "policy = \"p\"\n", "policy = \"p\"\ncreate = true\n", 1)
	created = strings.Replace(created, "min_owners = 1\n", "min_owners = 1\nwho_can_join = \"INVITED_CAN_JOIN\"\n", 1)
	for _, tc := range []struct {
		name, file, group string
		live              []*emulator.Group
		onList            string // the group on the list by hand, as a member
	}{
		{"a group sync creates", created + person("ada@example.org", `reports = "owner"`) + person("all-staff@example.org", `reports = "member"`), "all-staff@example.org",
			[]*emulator.Group{allStaff("all-staff@example.org")}, ""},
		{"another domain of the Workspace", header + person("ada@example.org", `reports = "owner"`) + person("all-staff@example.net", `reports = "member"`), "all-staff@example.net",
			[]*emulator.Group{list, allStaff("all-staff@example.net")}, ""},
		{"a promotion", header + person("ada@example.org", `reports = "owner"`) + person("all-staff@example.org", `reports = "owner"`), "all-staff@example.org",
			[]*emulator.Group{{Email: "security@example.org", Members: []*emulator.Member{{Email: "ada@example.org", Role: "OWNER"}, {Email: "all-staff@example.org", Role: "MEMBER", Type: "GROUP"}}}, allStaff("all-staff@example.org")}, "all-staff@example.org"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "", emulator.Options{State: &emulator.State{Groups: tc.live}}, true)
			f.repo.Commit("members.toml", tc.file, "Lists (#1)")
			if r := f.doPlan(workspace.PlanOptions{}); !strings.Contains(r.stdout, "BLOCKED: "+tc.group+" is a group") {
				t.Errorf("plan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			f.doSync(workspace.SyncOptions{})
			for _, ch := range f.emu.Journal() {
				if strings.EqualFold(ch.Email, tc.group) {
					t.Errorf("the group was written: %+v", ch)
				}
			}
		})
	}
}

// TestTheSyncThatAddsANestedGroupNamesItsReceivers: on a list that
// allows groups, the sync whose addition made a group a member (Google
// says it is one only then) reads who receives the mail through it, and
// exits as the next run would: 3, naming the people with no entry and
// the whole domain, in text and in JSON.
func TestTheSyncThatAddsANestedGroupNamesItsReceivers(t *testing.T) {
	t.Parallel()
	for _, format := range []report.Format{report.Text, report.JSON} {
		t.Run(string(format), func(t *testing.T) {
			t.Parallel()
			f := innerListed(t, false)
			s := f.doSync(workspace.SyncOptions{Format: format, NoAttribution: true})
			if got := f.group("security@example.org"); !strings.Contains(strings.Join(got, ","), "inner@example.org") {
				t.Fatalf("inner was not added: %v\n%s", got, s.stderr)
			}
			if s.code != workspace.ExitWalkIns || !strings.Contains(s.stdout+s.stderr, "eve@evil.example") || !strings.Contains(s.stdout+s.stderr, "all users in the domain") {
				t.Errorf("sync: exit %d\n%s%s", s.code, s.stdout, s.stderr)
			}
		})
	}
}

// TestTheSiteNamesNestedReceivers: site --live says who receives a
// list's mail through a nested group with no entry, as audit --live
// does, never "the live group matched the file"; the public roster says
// it without an address.
func TestTheSiteNamesNestedReceivers(t *testing.T) {
	t.Parallel()
	f := innerListed(t, true)
	page := string(f.liveSitePage(false))
	if !strings.Contains(page, "eve@evil.example receives") || !strings.Contains(page, "all users of the domain receive") || strings.Contains(page, "matched the file") {
		t.Errorf("the auditor's site:\n%s", page)
	}
	public := string(f.liveSitePage(true))
	if strings.Contains(public, "evil.example") || !strings.Contains(public, "all users of the domain receive the list") || !strings.Contains(public, "receives the list&#39;s mail through a nested group") {
		t.Errorf("the public roster:\n%s", public)
	}
}

// innerListed is a fixture whose list (allow_groups) lists inner@, a
// group with eve@evil.example and the whole domain in it, beside its two
// owners; on the live group already when onGroup, else for sync to add.
func innerListed(t *testing.T, onGroup bool) *fixture {
	t.Helper()
	f := newRepoFixture(t)
	file := nestingFile() +
		entry("inner@example.org", "member", "ada@example.org", "2026-06-01")
	f.repo.Commit("members.toml", file, "Lists (#1)")
	if err := f.emu.AddGroup("inner@example.org", emulator.Member{Email: "eve@evil.example"}, emulator.Member{Type: "CUSTOMER", ID: "C01"}); err != nil {
		t.Fatal(err)
	}
	live := []emulator.Member{{Email: "ada@example.org", Role: "OWNER"}, {Email: "bob@example.org", Role: "OWNER"}}
	if onGroup {
		live = append(live, emulator.Member{Email: "inner@example.org"})
	}
	if err := f.emu.AddGroup("security@example.org", live...); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestApplyOfASavedPlanReadsNestedReceiversAsPlanDid: a plan saved for a
// list with a nested group holds whom the group gives the list's mail;
// apply reads them again, as plan did, so the plan holds, its changes
// are made, and the run exits as sync's would, naming the unvetted
// receiver (s16-20 finding 1).
func TestApplyOfASavedPlanReadsNestedReceiversAsPlanDid(t *testing.T) {
	t.Parallel()
	f := innerListed(t, true)
	f.repo.Commit("members.toml", f.read("members.toml")+entry("fay@example.org", "member", "ada@example.org", "2026-06-01"), "Add fay (#2)")
	out := filepath.Join(f.dir, "plan.json")
	if r := f.doPlan(workspace.PlanOptions{Out: out, NoAttribution: true}); !strings.Contains(r.stdout, "eve@evil.example") {
		t.Fatalf("plan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Someone joining the nested group since: the plan no longer holds,
	// and the refusal says why (s16-delta finding 8).
	if _, err := f.emu.ByHand(emulator.Change{Event: "join", Group: "inner@example.org", Actor: "zed@example.org"}); err != nil {
		t.Fatal(err)
	}
	if r := f.doApply(out, workspace.ApplyOptions{}); r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "someone joined or left a group nested in it since the plan") {
		t.Errorf("apply after a join: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	f.doPlan(workspace.PlanOptions{Out: out, NoAttribution: true})
	r := f.doApply(out, workspace.ApplyOptions{})
	if r.code != workspace.ExitWalkIns || strings.Contains(r.stderr, "no longer holds") || !strings.Contains(r.stderr, "eve@evil.example (reports, through inner@example.org)") ||
		!slices.Contains(f.group("security@example.org"), "fay@example.org MEMBER") {
		t.Errorf("apply: exit %d, the group %v\n%s%s", r.code, f.group("security@example.org"), r.stdout, r.stderr)
	}
}

// nestingFile is a list whose policy lets it hold groups, owned by ada
// and bob: the entries of the tests' nested groups follow it.
func nestingFile() string {
	return strings.Replace(header, `unmanaged = "report"`, "unmanaged = \"report\"\nallow_groups = true", 1) +
		entry("ada@example.org", "owner", "bob@example.org", "2026-06-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-06-01")
}

// TestTheSiteNamesReceiversBehindAGroupNoPolicyAllows: on a list whose
// policy allows no group, a nested group put on it by hand is a walk-in
// itself, and whoever receives the list's mail through it is named by
// the auditor's site as audit --live names them (s29-site lead 4), not
// left out because the plan reads no nested group there.
func TestTheSiteNamesReceiversBehindAGroupNoPolicyAllows(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+
		entry("ada@example.org", "owner", "bob@example.org", "2026-06-01")+entry("bob@example.org", "owner", "ada@example.org", "2026-06-01"), "Lists (#1)")
	if err := f.emu.AddGroup("inner@example.org", emulator.Member{Email: "eve@evil.example"}); err != nil {
		t.Fatal(err)
	}
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "OWNER"}, emulator.Member{Email: "inner@example.org"}); err != nil {
		t.Fatal(err)
	}
	a := f.doAudit(true, workspace.AuditOptions{})
	if !strings.Contains(a.stdout, "eve@evil.example") {
		t.Fatalf("audit --live does not name the receiver: exit %d\n%s%s", a.code, a.stdout, a.stderr)
	}
	page := string(f.liveSitePage(false))
	if !strings.Contains(page, "inner@example.org") || !strings.Contains(page, "eve@evil.example receives") {
		t.Errorf("the auditor's site names the group but not who receives through it:\n%s", page)
	}
	public := string(f.liveSitePage(true))
	if strings.Contains(public, "evil.example") || !strings.Contains(public, "receives the list&#39;s mail through a nested group") {
		t.Errorf("the public roster:\n%s", public)
	}
}
