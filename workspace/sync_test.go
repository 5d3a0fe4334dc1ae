package workspace_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/policies"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestSyncAppliesAndConverges: sync applies what it can, reports what
// it cannot (a csv list needs a person, a group is missing), fails, and
// a re-run once the group exists finishes the job.
func TestSyncAppliesAndConverges(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "plan-basic")
	// The csv list needs a person and the new list's group is missing:
	// sync applies the rest, reports both, and exits 1.
	r := f.doSync(workspace.SyncOptions{})
	if r.code != workspace.ExitFailed {
		t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"NEEDS A PERSON consumer", "FAILED new-list", "group not found", "Applied 5 of 5 changes"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	sameMembers(t, f, "security@example.org", "ada@example.org OWNER", "alan@example.org MEMBER", "grace@example.org OWNER")
	sameMembers(t, f, "announce@example.org", "ada@example.org OWNER", "grace@example.org MEMBER", "lin@example.org MEMBER", "stranger@example.org MEMBER")
	// One line per change in CI logs (stderr is not a terminal here).
	if !strings.Contains(r.stderr, "reports: - mallory@example.org (was member): done") {
		t.Errorf("no per-change log line:\n%s", r.stderr)
	}
	// Once the group exists, a re-run finishes the job, then has nothing
	// left but the checklist.
	if err := f.emu.AddGroup("new-list@example.org"); err != nil {
		t.Fatal(err)
	}
	f.doSync(workspace.SyncOptions{Lists: []string{"new-list"}})
	r = f.doPlan(workspace.PlanOptions{Lists: []string{"reports", "announce", "new-list"}})
	if r.code != 0 || !strings.Contains(r.stdout, "No changes") {
		t.Errorf("after sync, plan exit %d:\n%s", r.code, r.stdout)
	}
}

// TestSyncExitCodes: 0 with nothing to do and no write; plan 2 (a dry
// run, no write) with a change; sync makes exactly that change.
func TestSyncExitCodes(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "plan-uptodate")
	if r := f.doSync(workspace.SyncOptions{}); r.code != 0 || f.writes() != 0 {
		t.Errorf("nothing to do: exit %d, %d writes", r.code, f.writes())
	}
	if r := f.doPlan(workspace.PlanOptions{}); r.code != 0 {
		t.Errorf("plan with nothing to do: exit %d", r.code)
	}
	if err := f.emu.AddGroup("other@example.org"); err != nil {
		t.Fatal(err)
	}
	f.emu.SetFaults(0, 0)
	f.write("members.toml", strings.Replace(f.read("members.toml"), `lists = { reports = "member" }`, `lists = { reports = "owner" }`, 1))
	if r := f.doPlan(workspace.PlanOptions{}); r.code != workspace.ExitChanges || f.writes() != 0 {
		t.Errorf("plan (sync --dry-run) with a change: exit %d, %d writes", r.code, f.writes())
	}
	if r := f.doSync(workspace.SyncOptions{}); r.code != 0 || f.writes() != 1 {
		t.Errorf("sync: exit %d, %d writes\n%s", r.code, f.writes(), r.stderr)
	}
}

// TestSyncVettingGate: an unvetted addition never reaches a live group,
// whatever the options; everything else the file asks for still happens.
// A file whose structure is broken changes nothing and makes no call.
func TestSyncVettingGate(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "plan-uptodate")
	unvetted := f.read("members.toml") + "\n[[member]]\nemail = \"mallory@example.org\"\nlists = { reports = \"owner\" }\n"
	f.write("members.toml", unvetted)
	concurrent := f.live()
	concurrent.Concurrency = 50
	for _, o := range []workspace.SyncOptions{
		{},
		{Guards: plan.Guards{MaxRemovals: 1000, MaxRemovalRatio: 1}},
		{Lists: []string{"reports"}, Live: concurrent},
	} {
		r := f.doSync(o)
		if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "no vetting record") || !strings.Contains(r.stdout, "REFUSED reports: + mallory@example.org (owner)") {
			t.Errorf("%+v: exit %d\n%s%s", o, r.code, r.stdout, r.stderr)
		}
	}
	if f.writes() != 0 {
		t.Errorf("the gate let %d writes through", f.writes())
	}
	for _, m := range f.group("security@example.org") {
		if strings.HasPrefix(m, "mallory") {
			t.Fatal("an unvetted person reached the live group")
		}
	}
	f.write("members.toml", strings.Replace(unvetted, `lists = { reports = "owner" }`+"\n", `lists = { nosuchlist = "owner" }`+"\n", 1))
	f.emu.ResetCounters()
	r := f.doSync(workspace.SyncOptions{})
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "refusing to change any live group") || f.calls() != 0 {
		t.Errorf("an unknown list: exit %d, %v\n%s", r.code, f.emu.Counters(), r.stderr)
	}
}

// TestSyncGuards: a run that removes more than the guards allow, in all
// or of one group, is refused before any write; an empty list in the
// file never means "remove everyone".
func TestSyncGuards(t *testing.T) {
	t.Parallel()
	var eight []string
	for i := range 8 {
		eight = append(eight, fmt.Sprintf("extra%02d@example.org", i))
	}
	for _, tt := range []struct {
		name   string
		edit   func(string) string
		extra  []string // live members to add first
		guards plan.Guards
		refuse string
	}{
		{"count", nil, eight, plan.DefaultGuards(), "cannot remove 8 members in all (limit 5; --max-removals 8 allows it)"},
		{"count raised, then ratio", nil, eight, plan.Guards{MaxRemovals: 10, MaxRemovalRatio: plan.DefaultGuards().MaxRemovalRatio}, "cannot remove 8 of 10 members (0.800)"},
		{"both raised", nil, eight, plan.Guards{MaxRemovals: 10, MaxRemovalRatio: 0.9}, ""},
		{"empty list", func(s string) string {
			return strings.NewReplacer(`lists = { reports = "owner" }`, `lists = {}`, `lists = { reports = "member" }`, `lists = {}`).Replace(s)
		}, nil, plan.Guards{MaxRemovals: 100, MaxRemovalRatio: 1}, "has nobody on it, and an empty list never means \"remove everyone\""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "plan-uptodate")
			if tt.edit != nil {
				// An empty list fails its policy whatever min_owners
				// says: asking for no owners, it is refused all the same,
				// and its group is not even read.
				f.write("members.toml", strings.Replace(tt.edit(f.read("members.toml")), "min_owners = 1", "min_owners = 0", 1))
			}
			for _, e := range tt.extra {
				f.addLive("security@example.org", e)
			}
			f.emu.ResetCounters()
			r := f.doSync(workspace.SyncOptions{Guards: tt.guards})
			if tt.refuse == "" {
				// Allowed: the eight are removed, and nobody else is.
				if r.code != 0 {
					t.Fatalf("exit %d\n%s", r.code, r.stderr)
				}
				sameMembers(t, f, "security@example.org", "ada@example.org OWNER", "grace@example.org MEMBER")
				return
			}
			if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, tt.refuse) {
				t.Errorf("exit %d, stderr:\n%s\nwant %q", r.code, r.stderr, tt.refuse)
			}
			if f.writes() != 0 {
				t.Errorf("a refused run made %d writes", f.writes())
			}
			if reads := f.emu.Counters()["members.list"]; tt.edit != nil && reads != 0 {
				t.Errorf("the emptied list's group was read (%d members.list)", reads)
			}
			// The line that says how to make the removals names the whole
			// command, with both guards as far as they need to go: run as
			// printed, it removes the eight. A list emptied gets none.
			m := regexp.MustCompile(`if these removals are intended, make them with: roster sync(?: --max-removals (\d+))?(?: --max-removal-ratio ([\d.]+))?\n`).FindStringSubmatch(r.stderr)
			if tt.edit != nil {
				if m != nil {
					t.Errorf("a refusal no flag allows names a command:\n%s", r.stderr)
				}
				return
			}
			if m == nil {
				t.Fatalf("no command to make the removals:\n%s", r.stderr)
			}
			g := tt.guards
			if m[1] != "" {
				g.MaxRemovals, _ = strconv.Atoi(m[1])
			}
			if m[2] != "" {
				g.MaxRemovalRatio, _ = strconv.ParseFloat(m[2], 64)
			}
			if r := f.doSync(workspace.SyncOptions{Guards: g}); r.code != 0 {
				t.Errorf("the printed command (%s) still refuses: exit %d\n%s", m[0], r.code, r.stderr)
			}
			sameMembers(t, f, "security@example.org", "ada@example.org OWNER", "grace@example.org MEMBER")
		})
	}
}

// TestASavedPlanHeldBackNamesItsApply: plan --out of removals a guard
// holds back says to apply the saved plan (the one reviewed) with the
// guards it needs, not to apply it as it is (which fails) nor to plan
// anew with sync; run as printed, it applies.
func TestASavedPlanHeldBackNamesItsApply(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "plan-uptodate")
	for i := range 8 {
		f.addLive("security@example.org", fmt.Sprintf("extra%02d@example.org", i))
	}
	r := f.doPlan(workspace.PlanOptions{Out: "p.json"})
	m := regexp.MustCompile(`if these removals are intended, make them with: roster apply p\.json(?: --max-removals (\d+))?(?: --max-removal-ratio ([\d.]+))?\n`).FindStringSubmatch(r.stderr)
	if m == nil || strings.Contains(r.stderr, "apply it with") || strings.Contains(r.stderr, "roster sync") {
		t.Fatalf("exit %d, want the saved plan's apply with the guards it needs, and no other command:\n%s", r.code, r.stderr)
	}
	g := plan.DefaultGuards()
	if m[1] != "" {
		g.MaxRemovals, _ = strconv.Atoi(m[1])
	}
	if m[2] != "" {
		g.MaxRemovalRatio, _ = strconv.ParseFloat(m[2], 64)
	}
	if a := f.doApply("p.json", workspace.ApplyOptions{Guards: g}); a.code != 0 {
		t.Errorf("the printed command (%s) refuses: exit %d\n%s", strings.TrimSpace(m[0]), a.code, a.stderr)
	}
	sameMembers(t, f, "security@example.org", "ada@example.org OWNER", "grace@example.org MEMBER")
}

// TestSyncRefusesBrokenFiles: a truncated, emptied or mis-edited file
// never empties a live group.
func TestSyncRefusesBrokenFiles(t *testing.T) {
	t.Parallel()
	for name, content := range map[string]string{
		"truncated":    "schema = 1\n[lists.reports]\naddress = \"security@exa",
		"emptied":      "",
		"renamed list": strings.Replace(readTestdata(t, "plan-uptodate/members.toml"), "[lists.reports]", "[lists.reports-renamed]", 1),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "plan-uptodate")
			f.write("members.toml", content)
			r := f.doSync(workspace.SyncOptions{Guards: plan.Guards{MaxRemovals: 100, MaxRemovalRatio: 1}})
			if r.code != workspace.ExitFailed || f.writes() != 0 {
				t.Errorf("exit %d, %d writes\n%s%s", r.code, f.writes(), r.stdout, r.stderr)
			}
			if got := f.group("security@example.org"); len(got) != 2 {
				t.Errorf("live group now %v", got)
			}
		})
	}
}

// TestSyncUnderFaults: with a quarter of the calls failing before they
// act and a tenth failing after, one sync still converges.
func TestSyncUnderFaults(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "plan-uptodate", emulator.Options{FailRate: 0.25, FailAfterRate: 0.1, Seed: 11}, false)
	var b strings.Builder
	b.WriteString(f.read("members.toml"))
	for i := range 40 {
		b.WriteString(person(fmt.Sprintf("m%02d@example.org", i), `reports = "member"`))
	}
	f.write("members.toml", b.String())
	// f.live() has a short first backoff: the test is about converging,
	// not about sleeping Google's one-second waits.
	r := f.doSync(workspace.SyncOptions{})
	if r.code != 0 {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := len(f.group("security@example.org")); n != 42 {
		t.Errorf("%d live members, want 42", n)
	}
	if r := f.doPlan(workspace.PlanOptions{}); r.code != 0 {
		t.Errorf("not converged after one run:\n%s", r.stdout)
	}
}

// TestHostileListing: a server whose page tokens cycle makes that list
// unreadable (exit 1, named), never an endless run.
func TestHostileListing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "plan-uptodate")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"members":[{"id":"1","email":"ada@example.org","role":"OWNER","type":"USER"}],"nextPageToken":"again"}`)
	}))
	defer srv.Close()
	lo := f.live()
	lo.Endpoint = srv.URL + "/"
	r := f.doSync(workspace.SyncOptions{Live: lo})
	if r.code != workspace.ExitFailed || !strings.Contains(r.stdout+r.stderr, "cycle") || !strings.Contains(r.stdout+r.stderr, "security@example.org") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestLapsedVettingBlocksOnlyThatMember: a lapsed record of someone
// already on a list is a warning, and other lists' removals go ahead; a
// new member with a lapsed record is refused, and only that.
func TestLapsedVettingBlocksOnlyThatMember(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "lapsed-vetting")
	r := f.doSync(workspace.SyncOptions{})
	if r.code != workspace.ExitFailed {
		t.Fatalf("sync: exit %d, want 1 (an addition was refused)\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "REFUSED announce: + late@example.org (member)") {
		t.Errorf("the refusal is not reported:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "warning: member old@example.org") {
		t.Errorf("old's lapse is not a warning:\n%s", r.stderr)
	}
	sameMembers(t, f, "announce@example.org", "ada@example.org OWNER", "grace@example.org MEMBER") // compromised removed, late not added
	if got := f.group("security@example.org"); len(got) != 3 {
		t.Errorf("old@ was removed for a lapse: %v", got)
	}
	// With late's entry fixed (re-vetted), the same job exits 0; old's
	// lapse alone never fails it.
	f.write("members.toml", strings.Replace(f.read("members.toml"),
		"email = \"late@example.org\"\nlists = { announce = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2024-01-01",
		"email = \"late@example.org\"\nlists = { announce = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-11-01", 1))
	if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
		t.Errorf("after re-vetting: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// audit calls a lapse what it is: a violation.
	if r := f.doAudit(false, workspace.AuditOptions{}); r.code != workspace.ExitFailed || !strings.Contains(r.stdout, "old@example.org") {
		t.Errorf("audit: exit %d\n%s", r.code, r.stdout)
	}
}

// TestAliasesNeverFlap: a file entry written with an alias of a live
// member is matched to them: no run removes the primary address or
// re-adds it, and the plan says what to write instead.
func TestAliasesNeverFlap(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "aliases")
	file := f.read("members.toml")
	i := strings.Index(file, "\n[[member]]\nemail = \"grace.hopper@")
	head, hopper := file[:i], file[i:]
	for i := range 3 {
		r := f.doSync(workspace.SyncOptions{})
		if r.code != 0 || strings.Contains(r.stdout, "- grace@example.org") {
			t.Fatalf("run %d: exit %d\n%s%s", i, r.code, r.stdout, r.stderr)
		}
		if i == 0 && !strings.Contains(r.stdout, "= grace.hopper@example.org") && !strings.Contains(r.stdout, "write grace@example.org in members.toml") {
			t.Errorf("the plan does not name the alias:\n%s", r.stdout)
		}
	}
	if f.writes() != 0 {
		t.Errorf("%d writes for a member who was there all along", f.writes())
	}
	// Among many additions (past the plan's lookups), apply still keeps
	// the member the alias names.
	var many strings.Builder
	for i := range 30 {
		many.WriteString(entry(fmt.Sprintf("new%02d@example.org", i), "member", "ada@example.org", "2026-06-05"))
	}
	f.emu.ResetCounters()
	before := len(f.emu.Journal())
	// The alias comes last, so a plan looking entries up one by one
	// would ask for all 30 others first.
	f.write("members.toml", head+many.String()+hopper)
	r := f.doSync(workspace.SyncOptions{})
	if r.code != 0 || !strings.Contains(r.stdout, "KEPT reports: - grace@example.org") {
		t.Errorf("many adds and an alias: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, w := range f.emu.Journal()[before:] {
		if w.Method == "members.delete" {
			t.Errorf("removed %s", w.Email)
		}
	}
	// The plan looked none of the 31 up one by one (only apply, after
	// the alias's insert answered "already exists").
	if n := f.emu.Counters()["members.get"]; n > 1 {
		t.Errorf("%d members.get calls for 31 entries missing from the group, want at most 1", n)
	}
	f.write("members.toml", file)
	if r := f.doSync(workspace.SyncOptions{Guards: plan.Guards{MaxRemovals: 100, MaxRemovalRatio: 1}}); r.code != 0 {
		t.Fatalf("back to the small file: %d %s", r.code, r.stderr)
	}
	// A renamed account: the file still has the old address.
	f.emu.ResetCounters()
	f.emu.Rename("ada@example.org", "ada.lovelace@example.org")
	if r := f.doSync(workspace.SyncOptions{}); r.code != 0 || f.writes() != 0 {
		t.Errorf("after a rename: exit %d, %d writes\n%s%s", r.code, f.writes(), r.stdout, r.stderr)
	}
}

// structural reports whether a members file cannot be synced at all: it
// does not parse, or a finding stops every change.
func structural(content string) bool {
	f, err := members.Parse("members.toml", []byte(content))
	if err != nil {
		return true
	}
	return len(policies.NewGate(policies.Check(f, today)).Stop) > 0
}

// TestBadInputTouchesNothing: every malformed members file, plan file,
// snapshot and emulator state fails with a message naming the input,
// makes no API call (a file whose problems are single members' is read,
// but adds none of them) and writes nothing.
func TestBadInputTouchesNothing(t *testing.T) {
	t.Parallel()
	bad := filepath.Join("..", "testdata", "bad")
	good := readTestdata(t, "plan-uptodate/members.toml")
	var inputs []string
	// check checks one run; members is the members file whose findings
	// decide whether the run may read the live groups ("": it may not).
	check := func(t *testing.T, f *fixture, r outcome, wantInMessage, members string, files map[string]string) {
		t.Helper()
		if r.code != workspace.ExitFailed {
			t.Errorf("exit %d, want 1", r.code)
		}
		if !strings.Contains(r.stderr+r.stdout, wantInMessage) {
			t.Errorf("the message does not name %q:\n%s%s", wantInMessage, r.stdout, r.stderr)
		}
		if f.emu != nil {
			if c := f.calls(); c != 0 && (members == "" || structural(members)) {
				t.Errorf("%d API calls", c)
			}
			if w := f.writes(); w != 0 {
				t.Errorf("%d writes", w)
			}
		}
		for name, content := range files {
			if got := f.read(name); got != content {
				t.Errorf("%s was written", name)
			}
		}
	}
	tomls, _ := filepath.Glob(filepath.Join(bad, "*.toml"))
	plans, _ := filepath.Glob(filepath.Join(bad, "plans", "*.json"))
	snaps, _ := filepath.Glob(filepath.Join(bad, "snapshots", "*.csv"))
	states, _ := filepath.Glob(filepath.Join(bad, "states", "*.json"))
	inputs = append(append(append(append(inputs, tomls...), plans...), snaps...), states...)
	if len(inputs) < 60 {
		t.Errorf("the bad-input corpus has %d inputs, want at least 60", len(inputs))
	}
	read := func(t *testing.T, p string) string {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	for _, p := range tomls {
		t.Run("members/"+filepath.Base(p), func(t *testing.T) {
			t.Parallel()
			content := read(t, p)
			f := newFixture(t, "")
			f.write("members.toml", content)
			r := f.doSync(workspace.SyncOptions{Guards: plan.Guards{MaxRemovals: 1000, MaxRemovalRatio: 1}})
			check(t, f, r, "members.toml:", content, map[string]string{"members.toml": content})
		})
	}
	for _, p := range plans {
		t.Run("plan/"+filepath.Base(p), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "plan-uptodate")
			f.write("plan.json", read(t, p))
			r := f.doApply("plan.json", workspace.ApplyOptions{})
			check(t, f, r, "plan.json", good, map[string]string{"members.toml": good})
		})
	}
	for _, p := range snaps {
		t.Run("snapshot/"+filepath.Base(p), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "")
			file := strings.Replace(good, "policy = \"receivers\"\n", "policy = \"receivers\"\nprovider = \"csv\"\nsnapshot = \"export.csv\"\n", 1)
			f.write("members.toml", file)
			content := read(t, p)
			f.write("export.csv", content)
			r := f.doSync(workspace.SyncOptions{})
			want := "export.csv:"
			if content == "" {
				want = "export.csv: the snapshot is empty"
			}
			check(t, f, r, want, "", map[string]string{"export.csv": content})
		})
	}
	for _, p := range states {
		t.Run("state/"+filepath.Base(p), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "")
			content := read(t, p)
			f.write("members.toml", good)
			f.write(filepath.Join(".roster", "emulator.json"), content)
			r := f.doSync(workspace.SyncOptions{Live: workspace.LiveOptions{Emulator: true, Rate: 10000, RetryBase: time.Millisecond}})
			f.emu = nil // the built-in emulator, not the fixture's domain
			check(t, f, r, "emulator.json", "", map[string]string{filepath.Join(".roster", "emulator.json"): content})
		})
	}
}

// TestOneListsGuardHoldsBackOnlyItsRemovals: strangers added by hand to
// one small list (more than its removal ratio) hold back that list's
// membership changes, its new member included (were it added, the next
// run would measure the same removals against a bigger group and let
// them through), but not the rest of the run: the other list gets its
// settings pinned, and the run exits 1. Only the guard of all lists
// (--max-removals) stops everything.
func TestOneListsGuardHoldsBackOnlyItsRemovals(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	two := strings.Replace(header, `unmanaged = "report"`, `unmanaged = "remove"`+"\nwho_can_join = \"INVITED_CAN_JOIN\"", 1) +
		"\n[lists.announce]\naddress = \"announce@example.org\"\npolicy = \"p\"\n"
	f.write("members.toml", two+person("ada@example.org", `reports = "owner", announce = "owner"`)+
		person("grace@example.org", `reports = "member", announce = "member"`)+person("lin@example.org", `reports = "member"`))
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"},
		emulator.Member{Email: "stranger1@evil.example"}, emulator.Member{Email: "stranger2@evil.example"}); err != nil {
		t.Fatal(err)
	}
	if err := f.emu.AddGroup("announce@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"}); err != nil {
		t.Fatal(err)
	}
	r := f.doSync(workspace.SyncOptions{})
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "holding back every membership change of reports") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	sec := fmt.Sprint(f.group("security@example.org"))
	if !strings.Contains(sec, "stranger1@evil.example") || strings.Contains(sec, "lin@example.org") {
		t.Errorf("security@: %s, want every change held back", sec)
	}
	// The next run holds them back still.
	if r := f.doSync(workspace.SyncOptions{}); r.code != workspace.ExitFailed || !strings.Contains(f.read("members.toml"), "lin@") || strings.Contains(fmt.Sprint(f.group("security@example.org")), "lin@example.org") {
		t.Errorf("the second run: exit %d\n%s", r.code, r.stderr)
	}
	for _, g := range f.emu.State().Groups {
		if g.Email == "announce@example.org" && g.Settings["whoCanJoin"] != "INVITED_CAN_JOIN" {
			t.Errorf("announce@'s who_can_join is %q: the other list was not synced", g.Settings["whoCanJoin"])
		}
	}
}

// TestTheRecountReadsOnlyWhoManages: before its first removal a list's
// group is read again for the owners a removal is counted against; that
// read asks for the owners and managers alone, a page, not the 450
// members the plan read in three.
func TestTheRecountReadsOnlyWhoManages(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	file := strings.Replace(founded(header), `unmanaged = "report"`, `unmanaged = "remove"`, 1) + founder(`reports = "owner"`)
	live := []emulator.Member{{Email: "ada@example.org", Role: "OWNER"}, {Email: "leaving@example.org", Role: "MANAGER"}}
	for i := range 448 {
		email := fmt.Sprintf("m%03d@example.org", i)
		file += person(email, `reports = "member"`)
		live = append(live, emulator.Member{Email: email, Role: "MEMBER"})
	}
	f.write("members.toml", file)
	if err := f.emu.AddGroup("security@example.org", live...); err != nil {
		t.Fatal(err)
	}
	r := f.doSync(workspace.SyncOptions{})
	if r.code != 0 || !strings.Contains(r.stdout, "leaving@example.org") || slices.Contains(f.group("security@example.org"), "leaving@example.org") {
		t.Fatalf("sync: exit %d\n%v\n%s%s", r.code, f.group("security@example.org"), r.stdout, r.stderr)
	}
	if n := f.emu.Counters()["members.list"]; n != 4 {
		t.Errorf("%d members.list calls, want 4: 3 pages of 450 for the plan, 1 of the owners and managers before the removal", n)
	}
}

// TestPlanFileHintsKeepTheRun: the command a saved plan's notes print
// repeats what the plan was made with: apply gets the guards the plan
// was checked against (or it refuses what the plan allowed), and a stale
// plan's "make a new one" gets its lists and guards (or it plans every
// list).
func TestPlanFileHintsKeepTheRun(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	two := header + "\n[lists.other]\naddress = \"other@example.org\"\npolicy = \"p\"\n"
	f.repo.Commit("members.toml", two+person("ada@example.org", `reports = "owner", other = "owner"`), "Two lists")
	for _, g := range []string{"security@example.org", "other@example.org"} {
		if err := f.emu.AddGroup(g, emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
			t.Fatal(err)
		}
	}
	guards := plan.Guards{MaxRemovals: 9, MaxRemovalRatio: 1}
	r := f.doPlan(workspace.PlanOptions{Lists: []string{"reports"}, Out: "plan.json", Guards: guards})
	if !strings.Contains(r.stderr, "apply it with: roster apply plan.json --max-removals 9 --max-removal-ratio 1\n") {
		t.Errorf("the apply hint drops the guards:\n%s", r.stderr)
	}
	f.repo.Commit("members.toml", two+person("ada@example.org", `reports = "owner", other = "owner"`)+person("bob@example.org", `reports = "member"`), "Add bob")
	r = f.doApply("plan.json", workspace.ApplyOptions{Guards: guards})
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "roster: the plan in plan.json no longer holds") {
		t.Errorf("a stale plan: exit %d, not said as an error:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "make a new one with: roster plan --out plan.json --list reports --max-removals 9 --max-removal-ratio 1\n") {
		t.Errorf("the new plan's hint drops its list or guards:\n%s", r.stderr)
	}
}

// TestGuardHeldChangesAreShownHeld: a removal sync's guards hold back
// (over the ratio guard) is shown BLOCKED by plan, in every format,
// and audit --live says the next sync will not make it, as sync then
// refuses it; a plan saved so still applies (the guards are apply's to
// judge), and is refused there for the same reason.
func TestGuardHeldChangesAreShownHeld(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, `unmanaged = "report"`, `unmanaged = "remove"`, 1)
	f := newFixture(t, "")
	// Two strangers of four members: removing them is half the group,
	// over the ratio guard (a quarter).
	f.write("members.toml", hdr+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`))
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"},
		emulator.Member{Email: "bob@example.org"}, emulator.Member{Email: "cy@example.org"}); err != nil {
		t.Fatal(err)
	}
	for _, format := range []report.Format{report.Text, report.Markdown, report.JSON} {
		r := f.doPlan(workspace.PlanOptions{Format: format})
		if !strings.Contains(r.stdout, "held back by the sync guards") {
			t.Errorf("plan --format %s shows the removal as if it will be made:\n%s", format, r.stdout)
		}
	}
	if r := f.doAudit(true, workspace.AuditOptions{}); !strings.Contains(r.stdout, "the next sync will not remove them") {
		t.Errorf("audit --live:\n%s", r.stdout)
	}
	// The auditor's site's drift section says it too.
	if data := f.liveSitePage(false); !strings.Contains(string(data), "the next sync will not remove them") {
		t.Errorf("site --live:\n%s", data)
	}
	f.doPlan(workspace.PlanOptions{Out: "plan.json"})
	r := f.doApply("plan.json", workspace.ApplyOptions{})
	if strings.Contains(r.stderr, "no longer holds") || r.code != workspace.ExitFailed || !strings.Contains(r.stdout+r.stderr, "cannot remove 2 of 4 members") {
		t.Errorf("apply: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if got := f.group("security@example.org"); len(got) != 4 {
		t.Errorf("the guard let removals through: %v", got)
	}
}

// TestTheBuiltInEmulatorKeepsItsAuditLog: the built-in emulator's saved
// state keeps the audit log with the groups, so that the next run reads
// who made a change as it would from Google: lin, added by a sync of a
// file never committed, is named as roster's add of an uncommitted
// file, never as a change missing from the log.
func TestTheBuiltInEmulatorKeepsItsAuditLog(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.emu = nil // the built-in emulator, not the fixture's domain
	builtIn := workspace.LiveOptions{Emulator: true, Rate: 10000, RetryBase: time.Millisecond}
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	grace := entry("grace@example.org", "member", "ada@example.org", "2026-01-05")
	lin := entry("lin@example.org", "member", "ada@example.org", "2026-01-05")
	f.repo.Commit("members.toml", hdr+ada+grace, "The list (#1)")
	f.write("members.toml", hdr+ada+grace+lin)
	if r := f.doSync(workspace.SyncOptions{Live: builtIn}); r.code != 0 {
		t.Fatalf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	f.write("members.toml", hdr+ada+grace)
	r := f.doPlan(workspace.PlanOptions{Live: builtIn})
	if !regexp.MustCompile(`\? lin@example.org .*added by roster .*a sync of an uncommitted file`).MatchString(r.stdout) || strings.Contains(r.stdout, "not in Google's audit log") {
		t.Errorf("the second run does not know roster added lin:\n%s%s", r.stdout, r.stderr)
	}
}

// TestALapsedRecordPromotesNobody: old is on reports, a member, on a
// lapsed record. A change that makes them an owner is refused by
// validate against the base that had them a member, and sync, which
// keeps them on the group, does not promote them (whatever made the
// file and the group differ: the change, or a demotion by hand).
func TestALapsedRecordPromotesNobody(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "lapsed-vetting", emulator.Options{}, true)
	base := f.read("members.toml")
	f.repo.Commit("members.toml", base, "The lists (#1)")
	promoted := strings.Replace(base, "email = \"old@example.org\"\nlists = { reports = \"member\" }", "email = \"old@example.org\"\nlists = { reports = \"owner\" }", 1)
	f.write("members.toml", promoted)

	v := f.doValidate("members.toml", report.Text, "HEAD")
	if v.code != workspace.ExitFailed || !strings.Contains(v.stdout+v.stderr, "roster will not make them owner on a lapsed record") {
		t.Errorf("validate --base HEAD: exit %d\n%s%s", v.code, v.stdout, v.stderr)
	}
	r := f.doSync(workspace.SyncOptions{})
	if !strings.Contains(r.stdout, "REFUSED reports: ~ old@example.org (member -> owner)") || r.code != workspace.ExitFailed {
		t.Errorf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if got := f.group("security@example.org"); !slices.Contains(got, "old@example.org MEMBER") {
		t.Errorf("old was promoted on a lapsed record: %v", got)
	}
	// Committed as it is, the file judged against itself: history tells
	// that old's record had lapsed when the file made them an owner, so
	// it never admitted them as one (a member still, on it).
	f.repo.Commit("members.toml", promoted, "Make old an owner (#2)")
	if v := f.doValidate("members.toml", report.Text, "HEAD"); v.code != workspace.ExitFailed || !strings.Contains(v.stdout, "as owner") || !strings.Contains(v.stdout, "it never admitted them") {
		t.Errorf("validate of the committed file against itself: exit %d\n%s%s", v.code, v.stdout, v.stderr)
	}
}

// TestACapHoldsBackTheSameEntriesEverywhere: a list roster creates,
// with a cap of 4, and two owners committed; the working tree adds three
// people. validate names all three (new since HEAD), and so does sync:
// it creates the group with the owners and adds none of the three, not
// the first two in file order.
func TestACapHoldsBackTheSameEntriesEverywhere(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := strings.Replace(strings.Replace(header, "policy = \"p\"\n", "policy = \"p\"\ncreate = true\n", 1), "min_owners = 1\n", "min_owners = 1\nmax_members = 4\n", 1)
	committed := hdr + person("ada@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "owner"`)
	f.repo.Commit("members.toml", committed, "The list (#1)")
	f.write("members.toml", committed+person("b@example.org", `reports = "member"`)+person("c@example.org", `reports = "member"`)+person("d@example.org", `reports = "member"`))
	v := f.doValidate("members.toml", report.Text, "")
	for _, who := range []string{"b@example.org", "c@example.org", "d@example.org"} {
		if !strings.Contains(v.stderr+v.stdout, "member "+who+": this entry takes reports to 5 members") {
			t.Errorf("validate does not hold back %s:\n%s%s", who, v.stdout, v.stderr)
		}
	}
	r := f.doSync(workspace.SyncOptions{})
	if got := f.group("security@example.org"); !slices.Equal(got, []string{"ada@example.org OWNER", "grace@example.org OWNER"}) {
		t.Errorf("sync put %v on the new group, want the owners only\n%s%s", got, r.stdout, r.stderr)
	}
}

// TestABlockedMembersAddHoldsBackNoOwner: grace, a member in the file,
// is made owner by hand, and late's add is refused (a lapsed record). A
// member's add replaces no owner: the plan shows grace's demotion as
// one it will make, and sync makes it (failing for late alone). Only an
// owner's blocked add or promotion holds back owners' departures.
func TestABlockedMembersAddHoldsBackNoOwner(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "lapsed-vetting")
	if r := f.doSync(workspace.SyncOptions{}); r.code != workspace.ExitFailed {
		t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := f.emu.ByHand(emulator.Change{Application: "admin", Event: "UPDATE_GROUP_MEMBER", Group: "announce@example.org", Actor: "root@example.org", Member: "grace@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	p := f.doPlan(workspace.PlanOptions{Format: report.JSON})
	if strings.Contains(p.stdout, "held while") {
		t.Errorf("the plan holds back grace's demotion for a member's add:\n%s", p.stdout)
	}
	r := f.doSync(workspace.SyncOptions{})
	if r.code != workspace.ExitFailed || !strings.Contains(r.stdout, "REFUSED announce: + late@example.org (member)") {
		t.Errorf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	sameMembers(t, f, "announce@example.org", "ada@example.org OWNER", "grace@example.org MEMBER")
}

// TestJSONIsOneDocumentWhateverStopsTheRun: sync and apply asked for
// JSON write one document on stdout, ok false with the reason, however
// early the run stops: a file that does not parse, a plan file that is
// not there, a list id the file does not know.
func TestJSONIsOneDocumentWhateverStopsTheRun(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		file string
		run  func(f *fixture) outcome
		why  string
	}{
		{"sync of a file that does not parse", "schema = 1\n[lists.x\n",
			func(f *fixture) outcome { return f.doSync(workspace.SyncOptions{Format: report.JSON}) }, "has errors"},
		{"apply of a plan that is not there", header + person("ada@example.org", `reports = "owner"`),
			func(f *fixture) outcome { return f.doApply("nope.json", workspace.ApplyOptions{Format: report.JSON}) }, "read plan"},
		{"apply of a plan that no longer holds", header + person("ada@example.org", `reports = "owner"`),
			func(f *fixture) outcome {
				f.doPlan(workspace.PlanOptions{Out: "plan.json"})
				f.write("members.toml", f.read("members.toml")+person("lin@example.org", `reports = "member"`))
				return f.doApply("plan.json", workspace.ApplyOptions{Format: report.JSON})
			}, "no longer holds: "},
		{"sync of a list the file does not have", header + person("ada@example.org", `reports = "owner"`),
			func(f *fixture) outcome {
				return f.doSync(workspace.SyncOptions{Format: report.JSON, Lists: []string{"nope"}})
			}, "nope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "")
			f.write("members.toml", tc.file)
			r := tc.run(f)
			var doc struct {
				OK      *bool  `json:"ok"`
				Refused string `json:"refused"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.OK == nil || *doc.OK || !strings.Contains(doc.Refused, tc.why) || r.code != workspace.ExitFailed {
				t.Errorf("exit %d, %v: stdout\n%s\nstderr\n%s", r.code, err, r.stdout, r.stderr)
			}
		})
	}
}

// TestARefusedSyncCountsTheCallsItMade: a sync a guard of the whole run
// refuses read the groups first; its JSON counts those calls, as the
// emulator does, not 0.
func TestARefusedSyncCountsTheCallsItMade(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	owners := entry("ada@example.org", "owner", "bob@example.org", "2026-06-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-06-01")
	f.repo.Commit("members.toml", strings.Replace(header, `unmanaged = "report"`, `unmanaged = "remove"`, 1)+owners, "Start")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "OWNER"}, emulator.Member{Email: "cy@example.org"}, emulator.Member{Email: "di@example.org"}); err != nil {
		t.Fatal(err)
	}
	f.emu.ResetCounters()
	r := f.doSync(workspace.SyncOptions{Format: report.JSON, Guards: plan.Guards{MaxRemovals: 1, MaxRemovalRatio: 1}})
	var doc struct {
		Refused string `json:"refused"`
		Calls   int64  `json:"calls"`
	}
	calls := f.emu.Counters()["calls"]
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.Refused == "" || doc.Calls == 0 || doc.Calls != calls {
		t.Errorf("exit %d, %v: calls %d, the emulator counted %d %v\n%s%s", r.code, err, doc.Calls, calls, f.emu.Counters(), r.stdout, r.stderr)
	}
}

// TestPlanJSONIsOneDocumentWhateverStopsIt: plan asked for JSON writes a
// plan document on stdout however early it stops, with refused saying
// why and no lists; apply refuses such a document as a plan.
func TestPlanJSONIsOneDocumentWhateverStopsIt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, file string
		o          workspace.PlanOptions
		why        string
	}{
		{"a file that does not parse", "schema = 1\n[lists.x\n", workspace.PlanOptions{Format: report.JSON}, "has errors"},
		{"a list the file does not have", header + person("ada@example.org", `reports = "owner"`), workspace.PlanOptions{Format: report.JSON, Lists: []string{"nope"}}, "nope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "")
			f.write("members.toml", tc.file)
			r := f.doPlan(tc.o)
			var p plan.Plan
			if err := json.Unmarshal([]byte(r.stdout), &p); err != nil || !strings.Contains(p.Refused, tc.why) || len(p.Lists) != 0 || r.code != workspace.ExitFailed {
				t.Errorf("exit %d, %v: stdout\n%s\nstderr\n%s", r.code, err, r.stdout, r.stderr)
			}
			f.write("refused.json", r.stdout)
			if a := f.doApply("refused.json", workspace.ApplyOptions{}); a.code != workspace.ExitFailed || !strings.Contains(a.stderr, "records a plan that was refused") {
				t.Errorf("apply of a refused plan document: exit %d\n%s", a.code, a.stderr)
			}
		})
	}
}

// TestPlanThatCannotBeSavedSaysSoInItsDocument: --out to a directory
// that does not exist fails the run, and the JSON a script reads says
// nothing was saved, in text the plan is still shown before the error.
func TestPlanThatCannotBeSavedSaysSoInItsDocument(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", header+person("ada@example.org", `reports = "owner"`))
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(f.t.TempDir(), "missing", "plan.json")
	r := f.doPlan(workspace.PlanOptions{Format: report.JSON, Out: out})
	var p plan.Plan
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil || !strings.Contains(p.Refused, "nothing was saved") || r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "pass another --out") {
		t.Errorf("exit %d, %v: stdout\n%s\nstderr\n%s", r.code, err, r.stdout, r.stderr)
	}
	r = f.doPlan(workspace.PlanOptions{Out: out})
	if r.code != workspace.ExitFailed || !strings.Contains(r.stdout, "reports") || strings.Contains(r.stderr, "plan saved") {
		t.Errorf("text: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestSyncLogNamesWhoseChangeItUndid: the scheduled job's log line for
// each change it made says whose hand change it undid, as the plan read
// it from the audit log.
func TestSyncLogNamesWhoseChangeItUndid(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", strings.Replace(header, `unmanaged = "report"`, `unmanaged = "remove"`, 1)+person("ada@example.org", `reports = "owner"`), "The list")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.emu.ByHand(emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "walkin@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	r := f.doSync(workspace.SyncOptions{})
	if !strings.Contains(r.stderr, "reports: - walkin@example.org (was member): done (live: added by root@example.org") {
		t.Errorf("the job's log does not say whose change it undid: exit %d\n%s", r.code, r.stderr)
	}
}

// TestSettingsThatCannotBeReadLeaveTheMembersToSync: a Groups Settings
// API that fails (here, 503 on every try) makes the list's settings its
// problem, and the run fail, but its members are still planned and
// synced: a settings outage does not stop removals. Additions wait, as
// when a pin fails: the group may be open wider than its policy.
func TestSettingsThatCannotBeReadLeaveTheMembersToSync(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	hdr := strings.Replace(header, `unmanaged = "report"`, "unmanaged = \"report\"\nwho_can_join = \"INVITED_CAN_JOIN\"", 1)
	f.write("members.toml", hdr+person("ada@example.org", `reports = "owner"`)+person("lin@example.org", `reports = "member"`))
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "gone@example.org"}); err != nil {
		t.Fatal(err)
	}
	hdr = strings.Replace(hdr, `unmanaged = "report"`, `unmanaged = "remove"`, 1)
	f.write("members.toml", hdr+person("ada@example.org", `reports = "owner"`)+person("lin@example.org", `reports = "member"`))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/groups/v1/groups/") {
			http.Error(w, `{"error":{"code":503,"message":"backend error"}}`, http.StatusServiceUnavailable)
			return
		}
		f.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	lo := f.live()
	lo.Endpoint = srv.URL + "/"
	r := f.doSync(workspace.SyncOptions{Live: lo})
	if r.code != workspace.ExitFailed || !strings.Contains(r.stdout, "its settings could not be read") || !strings.Contains(r.stdout, "nobody is added or promoted until they are read and pinned") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// gone@ removed; lin@ waits.
	sameMembers(t, f, "security@example.org", "ada@example.org OWNER")
}

// TestARosterDirectoryLinkIsRefused: a branch that commits .roster as a
// link (to a directory outside the repository) does not get the
// built-in emulator to make that directory its owner's only, nor to
// write the emulated domain's members into it.
func TestARosterDirectoryLinkIsRefused(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.emu = nil // the built-in emulator
	victim := t.TempDir()
	if err := os.Chmod(victim, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, filepath.Join(f.dir, ".roster")); err != nil {
		t.Fatal(err)
	}
	f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`), "The list (#1)")
	r := f.doPlan(workspace.PlanOptions{Live: workspace.LiveOptions{Emulator: true, Rate: 10000, RetryBase: time.Millisecond}})
	fi, err := os.Stat(victim)
	entries, _ := os.ReadDir(victim)
	if r.code == 0 || !strings.Contains(r.stderr, "is not a directory") || err != nil || fi.Mode().Perm() != 0o755 || len(entries) != 0 {
		t.Errorf("exit %d, the directory the link names: %v %v %d entries\n%s%s", r.code, fi.Mode(), err, len(entries), r.stdout, r.stderr)
	}
}

// TestARosterGitignoreLinkWritesNothingElsewhere: inside a real
// .roster/, a .gitignore a branch commits as a dangling link is left
// alone: roster writes its own only where nothing is, and never through
// a link to a file outside the checkout.
func TestARosterGitignoreLinkWritesNothingElsewhere(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.emu = nil // the built-in emulator
	target := filepath.Join(t.TempDir(), "planted")
	if err := os.MkdirAll(filepath.Join(f.dir, ".roster"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(f.dir, ".roster", ".gitignore")); err != nil {
		t.Fatal(err)
	}
	f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`), "The list (#1)")
	f.doPlan(workspace.PlanOptions{Live: workspace.LiveOptions{Emulator: true, Rate: 10000, RetryBase: time.Millisecond}})
	if _, err := os.Lstat(target); err == nil {
		t.Error("roster wrote a file through the link")
	}
}
