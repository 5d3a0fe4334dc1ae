package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/history/historytest"
)

// truthRepo is a git repository whose members.toml has the report list
// "reports" (unmanaged = "report") with ada (owner), grace and lin, and a
// live group with the same three and a walk-in the file never listed.
func truthRepo(t *testing.T) (*historytest.Repo, *domain) {
	t.Helper()
	r := historytest.New(t)
	ada := histMember("ada@example.org", "owner", "grace@example.org", "2026-06-05")
	grace := histMember("grace@example.org", "member", "ada@example.org", "2026-06-05")
	lin := histMember("lin@example.org", "member", "ada@example.org", "2026-06-05")
	r.Commit("members.toml", histHeader+ada+grace+lin, "Create the list (#1)")
	d := newDomain(t, emulator.Options{}, "")
	if err := d.emu.AddGroup("security@example.org",
		emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"},
		emulator.Member{Email: "lin@example.org"}, emulator.Member{Email: "walk-in@example.org"}); err != nil {
		t.Fatal(err)
	}
	return r, d
}

// TestRemovalFromTheFileTakesEffect: taking someone off a report list in
// the file (with roster remove, or by hand in a commit) removes them on
// the next sync; plan, sync and audit --live agree on every live member,
// and someone the file never listed is kept.
func TestRemovalFromTheFileTakesEffect(t *testing.T) {
	for _, how := range []string{"roster remove --list", "roster remove", "by hand, committed"} {
		t.Run(how, func(t *testing.T) {
			r, d := truthRepo(t)
			switch how {
			case "roster remove --list":
				if res := runRoster(t, r.Dir, "remove", "--list", "reports", "lin@example.org"); res.code != 0 {
					t.Fatalf("remove: %d %s", res.code, res.stderr)
				}
			case "roster remove":
				if res := runRoster(t, r.Dir, "remove", "lin@example.org"); res.code != 0 {
					t.Fatalf("remove: %d %s", res.code, res.stderr)
				}
			default:
				ada := histMember("ada@example.org", "owner", "grace@example.org", "2026-06-05")
				grace := histMember("grace@example.org", "member", "ada@example.org", "2026-06-05")
				r.Commit("members.toml", histHeader+ada+grace, "Remove lin (#2)")
			}
			res := d.run(t, r.Dir, "plan")
			if res.code != 2 || !strings.Contains(res.stdout, "- lin@example.org") || !strings.Contains(res.stdout, "taken off the list in members.toml") {
				t.Fatalf("plan: exit %d\n%s%s", res.code, res.stdout, res.stderr)
			}
			if !strings.Contains(res.stdout, `? walk-in@example.org`) {
				t.Errorf("the walk-in the file never listed is not kept:\n%s", res.stdout)
			}
			audit := d.run(t, r.Dir, "audit", "--live", "--format", "json")
			var a struct {
				Items []struct{ Level, Email, Message string }
			}
			if err := json.Unmarshal([]byte(audit.stdout), &a); err != nil {
				t.Fatalf("audit: %v\n%s", err, audit.stdout)
			}
			verdict := map[string]string{}
			for _, it := range a.Items {
				verdict[it.Email] += it.Message + "; "
			}
			if !strings.Contains(verdict["lin@example.org"], "the next sync removes them") || !strings.Contains(verdict["walk-in@example.org"], "kept because unmanaged") {
				t.Errorf("audit --live disagrees with plan: %v", verdict)
			}
			// The walk-in stays (unmanaged = "report") but the scheduled
			// job must not stay green: exit 3, and the last line names them.
			res = d.run(t, r.Dir, "sync")
			if res.code != 3 {
				t.Fatalf("sync: exit %d, want 3\n%s%s", res.code, res.stdout, res.stderr)
			}
			if lines := strings.Split(strings.TrimSpace(res.stderr), "\n"); !strings.Contains(lines[len(lines)-1], "walk-in@example.org (reports)") {
				t.Errorf("the last line does not name the walk-in:\n%s", res.stderr)
			}
			want := []string{"ada@example.org OWNER", "grace@example.org MEMBER", "walk-in@example.org MEMBER"}
			if got := d.members("security@example.org"); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("live after sync: %v, want %v", got, want)
			}
			if res := d.run(t, r.Dir, "plan"); res.code != 0 {
				t.Errorf("not converged: exit %d\n%s", res.code, res.stdout)
			}
		})
	}
}

// TestImportDoesNotBringBackWhomTheFileRemoved: import skips, and says
// so, a live member the file took off the list.
func TestImportDoesNotBringBackWhomTheFileRemoved(t *testing.T) {
	r, d := truthRepo(t)
	if res := runRoster(t, r.Dir, "remove", "--list", "reports", "lin@example.org"); res.code != 0 {
		t.Fatal(res.stderr)
	}
	writeFile(t, filepath.Join(r.Dir, "members.toml"), []byte(strings.Replace(readFile(t, filepath.Join(r.Dir, "members.toml")), `vetting_methods = ["video-call"]`, `vetting_methods = ["video-call", "grandfathered"]`, 1)))
	res := d.run(t, r.Dir, "import", "--list", "reports")
	if res.code != 0 || !strings.Contains(res.stderr, "skipped lin@example.org") || !strings.Contains(res.stderr, "took them off reports") {
		t.Fatalf("import: exit %d\n%s", res.code, res.stderr)
	}
	file := readFile(t, filepath.Join(r.Dir, "members.toml"))
	if !strings.Contains(file, "walk-in@example.org") {
		t.Errorf("the walk-in was not imported")
	}
	if strings.Contains(file, `email = "lin@example.org"`) && strings.Contains(strings.SplitAfter(file, `email = "lin@example.org"`)[1][:60], "reports") {
		t.Errorf("lin was put back on the list:\n%s", file)
	}
}

// TestShallowCloneIsRefusedNotKept: a report list with a member the file
// does not list cannot be planned from a shallow clone: the error names
// the fix, and nothing is silently kept or removed.
func TestShallowCloneIsRefusedNotKept(t *testing.T) {
	r, d := truthRepo(t)
	ada := histMember("ada@example.org", "owner", "grace@example.org", "2026-06-05")
	grace := histMember("grace@example.org", "member", "ada@example.org", "2026-06-05")
	r.Commit("members.toml", histHeader+ada+grace, "Remove lin (#2)")
	clone := filepath.Join(t.TempDir(), "clone")
	if out, err := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+r.Dir, clone).CombinedOutput(); err != nil {
		t.Fatalf("clone: %v %s", err, out)
	}
	for _, cmd := range []string{"plan", "sync"} {
		res := d.run(t, clone, cmd)
		if res.code != 1 || !strings.Contains(res.stdout+res.stderr, "fetch-depth: 0") {
			t.Errorf("%s in a shallow clone: exit %d\n%s%s", cmd, res.code, res.stdout, res.stderr)
		}
	}
	if d.writes() != 0 {
		t.Errorf("%d writes from a shallow clone", d.writes())
	}
}

// TestLapsedVettingBlocksOnlyThatMember: a lapsed record of someone
// already on a list is a warning, and other lists' removals go ahead; a
// new member with a lapsed record is refused, and only that.
func TestLapsedVettingBlocksOnlyThatMember(t *testing.T) {
	dir := t.TempDir()
	file := `schema = 1

[lists.reports]
address = "security@example.org"
policy = "p"

[lists.announce]
address = "announce@example.org"
policy = "p"

[policies.p]
vetting_methods = ["video-call"]
vetted_by = "member"
vetting_valid_for = "365d"
unmanaged = "remove"

[[member]]
email = "ada@example.org"
lists = { reports = "owner", announce = "owner" }
vetting = [{ by = "grace@example.org", on = 2026-06-01, method = "video-call" }]

[[member]]
email = "grace@example.org"
lists = { reports = "member", announce = "member" }
vetting = [{ by = "ada@example.org", on = 2026-06-01, method = "video-call" }]

[[member]]
email = "old@example.org"
lists = { reports = "member" }
vetting = [{ by = "ada@example.org", on = 2024-01-01, method = "video-call" }]

[[member]]
email = "late@example.org"
lists = { announce = "member" }
vetting = [{ by = "ada@example.org", on = 2024-01-01, method = "video-call" }]
`
	writeFile(t, filepath.Join(dir, "members.toml"), []byte(file))
	d := newDomain(t, emulator.Options{}, "")
	if err := d.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"}, emulator.Member{Email: "old@example.org"}); err != nil {
		t.Fatal(err)
	}
	if err := d.emu.AddGroup("announce@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"}, emulator.Member{Email: "compromised@example.org"}); err != nil {
		t.Fatal(err)
	}
	res := d.run(t, dir, "sync")
	if res.code != 1 {
		t.Fatalf("sync: exit %d, want 1 (an addition was refused)\n%s%s", res.code, res.stdout, res.stderr)
	}
	if !strings.Contains(res.stdout, "REFUSED announce: + late@example.org (member)") {
		t.Errorf("the refusal is not reported:\n%s", res.stdout)
	}
	if !strings.Contains(res.stderr, "warning: member old@example.org") {
		t.Errorf("old's lapse is not a warning:\n%s", res.stderr)
	}
	want := []string{"ada@example.org OWNER", "grace@example.org MEMBER"}
	if got := d.members("announce@example.org"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("announce@: %v, want the compromised account removed and late not added", got)
	}
	if got := d.members("security@example.org"); len(got) != 3 {
		t.Errorf("old@ was removed for a lapse: %v", got)
	}
	// With late's entry fixed (re-vetted), the same job exits 0; old's
	// lapse alone never fails it.
	writeFile(t, filepath.Join(dir, "members.toml"), []byte(strings.Replace(file, "email = \"late@example.org\"\nlists = { announce = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2024-01-01", "email = \"late@example.org\"\nlists = { announce = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-11-01", 1)))
	if res := d.run(t, dir, "sync"); res.code != 0 {
		t.Errorf("after re-vetting: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	// audit calls a lapse what it is: a violation.
	if res := d.run(t, dir, "audit"); res.code != 1 || !strings.Contains(res.stdout, "old@example.org") {
		t.Errorf("audit: exit %d\n%s", res.code, res.stdout)
	}
}

// TestNestedGroupsAreNotPeople: a group on a list is never imported, and
// audit --live lists who receives the list's mail through it, flagging
// everyone without an entry.
func TestNestedGroupsAreNotPeople(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "members.toml"), []byte(histHeader+
		histMember("ada@example.org", "owner", "grace@example.org", "2026-06-05")+
		histMember("grace@example.org", "member", "ada@example.org", "2026-06-05")))
	d := newDomain(t, emulator.Options{}, "")
	for _, g := range []struct {
		email string
		ms    []emulator.Member
	}{
		{"contractors@example.org", []emulator.Member{{Email: "carl@example.org"}, {Email: "grace@example.org"}}},
		{"all-staff@example.org", []emulator.Member{{Email: "bob@example.org"}, {Email: "contractors@example.org"}}},
		{"security@example.org", []emulator.Member{{Email: "ada@example.org", Role: "OWNER"}, {Email: "grace@example.org"}, {Email: "all-staff@example.org"}}},
	} {
		if err := d.emu.AddGroup(g.email, g.ms...); err != nil {
			t.Fatal(err)
		}
	}
	res := d.run(t, dir, "audit", "--live", "--format", "json")
	if res.code != 1 {
		t.Fatalf("audit --live: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	var a struct {
		Receivers []struct {
			Email, Via string
			Entry      bool
		}
		Items []struct{ Kind, Email, Message string }
	}
	if err := json.Unmarshal([]byte(res.stdout), &a); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range a.Receivers {
		got[r.Email] = fmt.Sprintf("%s %v", r.Via, r.Entry)
	}
	want := map[string]string{
		"all-staff@example.org":   "security@example.org false",
		"bob@example.org":         "security@example.org > all-staff@example.org false",
		"contractors@example.org": "security@example.org > all-staff@example.org false",
		"carl@example.org":        "security@example.org > all-staff@example.org > contractors@example.org false",
		"grace@example.org":       "security@example.org > all-staff@example.org > contractors@example.org true",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("receivers:\n got %v\nwant %v", got, want)
	}
	flagged := map[string]bool{}
	for _, it := range a.Items {
		if it.Kind == "receiver" {
			flagged[it.Email] = true
		}
	}
	if !flagged["bob@example.org"] || !flagged["carl@example.org"] || flagged["grace@example.org"] {
		t.Errorf("flagged receivers %v", flagged)
	}
	// import brings in people, never a group.
	writeFile(t, filepath.Join(dir, "members.toml"), []byte(strings.Replace(readFile(t, filepath.Join(dir, "members.toml")), `vetting_methods = ["video-call"]`, `vetting_methods = ["video-call", "grandfathered"]`, 1)))
	res = d.run(t, dir, "import", "--list", "reports")
	if res.code != 0 || strings.Contains(readFile(t, filepath.Join(dir, "members.toml")), "all-staff@example.org") || !strings.Contains(res.stderr, "all-staff@example.org is a group") {
		t.Errorf("import: exit %d\n%s", res.code, res.stderr)
	}
}

// TestAliasesNeverFlap: a file entry written with an alias of a live
// member is matched to them: no run removes the primary address or
// re-adds it, and the plan says what to write instead.
func TestAliasesNeverFlap(t *testing.T) {
	dir := t.TempDir()
	head := strings.Replace(histHeader, `unmanaged = "report"`, `unmanaged = "remove"`, 1) +
		histMember("ada@example.org", "owner", "grace@example.org", "2026-06-05")
	hopper := histMember("grace.hopper@example.org", "member", "ada@example.org", "2026-06-05")
	file := head + hopper
	writeFile(t, filepath.Join(dir, "members.toml"), []byte(file))
	d := newDomain(t, emulator.Options{}, "")
	if err := d.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"}); err != nil {
		t.Fatal(err)
	}
	d.emu.AddAlias("grace.hopper@example.org", "grace@example.org")
	for i := 0; i < 3; i++ {
		res := d.run(t, dir, "sync")
		if res.code != 0 || strings.Contains(res.stdout, "- grace@example.org") {
			t.Fatalf("run %d: exit %d\n%s%s", i, res.code, res.stdout, res.stderr)
		}
		if i == 0 && !strings.Contains(res.stdout, "= grace.hopper@example.org") && !strings.Contains(res.stdout, "write grace@example.org in members.toml") {
			t.Errorf("the plan does not name the alias:\n%s", res.stdout)
		}
	}
	if d.writes() != 0 {
		t.Errorf("%d writes for a member who was there all along", d.writes())
	}
	// Among many additions (past the plan's lookups), apply still keeps
	// the member the alias names.
	var many strings.Builder
	for i := 0; i < 30; i++ {
		many.WriteString(histMember(fmt.Sprintf("new%02d@example.org", i), "member", "ada@example.org", "2026-06-05"))
	}
	d.emu.ResetCounters()
	before := len(d.emu.Journal())
	// The alias comes last, so a plan looking entries up one by one
	// would ask for all 30 others first.
	writeFile(t, filepath.Join(dir, "members.toml"), []byte(head+many.String()+hopper))
	res := d.run(t, dir, "sync")
	if res.code != 0 || !strings.Contains(res.stdout, "KEPT reports: - grace@example.org") {
		t.Errorf("many adds and an alias: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	for _, w := range d.emu.Journal()[before:] {
		if w.Method == "members.delete" {
			t.Errorf("removed %s", w.Email)
		}
	}
	// The plan looked none of the 31 up one by one (only apply, after
	// the alias's insert answered "already exists").
	if n := d.emu.Counters()["members.get"]; n > 1 {
		t.Errorf("%d members.get calls for 31 entries missing from the group, want at most 1", n)
	}
	writeFile(t, filepath.Join(dir, "members.toml"), []byte(file))
	if res := d.run(t, dir, "sync", "--max-removals", "100", "--max-removal-ratio", "1"); res.code != 0 {
		t.Fatalf("back to the small file: %d %s", res.code, res.stderr)
	}
	// A renamed account: the file still has the old address.
	d.emu.ResetCounters()
	d.emu.Rename("ada@example.org", "ada.lovelace@example.org")
	if res := d.run(t, dir, "sync"); res.code != 0 || d.writes() != 0 {
		t.Errorf("after a rename: exit %d, %d writes\n%s%s", res.code, d.writes(), res.stdout, res.stderr)
	}
}

// TestHostileListingThroughTheCLI: a server whose page tokens cycle makes
// that list unreadable (exit 1, named), never an endless run.
func TestHostileListingThroughTheCLI(t *testing.T) {
	dir := copyCase(t, "uptodate")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"members":[{"id":"1","email":"ada@example.org","role":"OWNER","type":"USER"}],"nextPageToken":"again"}`)
	}))
	defer srv.Close()
	res := runRosterEnv(t, dir, map[string]string{"ROSTER_GOOGLE_ENDPOINT": srv.URL + "/"}, "sync")
	if res.code != 1 || !strings.Contains(res.stdout+res.stderr, "cycle") || !strings.Contains(res.stdout+res.stderr, "security@example.org") {
		t.Errorf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
}

// TestNumericFlagsAreRangeChecked: NaN, infinities, negatives and ratios
// above 1 are refused before any call.
func TestNumericFlagsAreRangeChecked(t *testing.T) {
	dir := copyCase(t, "uptodate")
	d := newDomain(t, emulator.Options{}, filepath.Join(dir, "live.json"))
	for _, args := range [][]string{
		{"sync", "--max-removal-ratio", "NaN"},
		{"sync", "--max-removal-ratio", "1.5"},
		{"sync", "--max-removal-ratio", "-0.1"},
		{"sync", "--max-removal-ratio", "+Inf"},
		{"sync", "--max-removals", "-1"},
		{"plan", "--rate", "NaN"},
		{"plan", "--rate", "Inf"},
		{"plan", "--rate", "-5"},
		{"sync", "--concurrency", "0"},
		{"sync", "--concurrency", "-3"},
	} {
		res := runRosterEnv(t, dir, d.vars(), args...)
		if res.code != 1 || !strings.Contains(res.stderr, args[1]) {
			t.Errorf("%v: exit %d %s", args, res.code, res.stderr)
		}
	}
	if c := d.emu.Counters()["calls"]; c != 0 {
		t.Errorf("%d API calls", c)
	}
}

// TestSavedPlanForAnotherGroupIsRefused: a plan whose list address was
// edited is not applied to the real address or any other.
func TestSavedPlanForAnotherGroupIsRefused(t *testing.T) {
	dir := copyCase(t, "uptodate")
	path := filepath.Join(dir, "members.toml")
	writeFile(t, path, []byte(readFile(t, path)+"\n[[member]]\nemail = \"lin@example.org\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-06-01, method = \"video-call\" }]\n"))
	d := newDomain(t, emulator.Options{}, filepath.Join(dir, "live.json"))
	if res := d.run(t, dir, "plan", "--out", "plan.json"); res.code != 2 {
		t.Fatal(res.stderr)
	}
	planPath := filepath.Join(dir, "plan.json")
	writeFile(t, planPath, []byte(strings.Replace(readFile(t, planPath), `"address": "security@example.org"`, `"address": "other@example.org"`, 1)))
	d.emu.ResetCounters()
	res := d.run(t, dir, "apply", "plan.json")
	if res.code != 1 || !strings.Contains(res.stderr, "other@example.org") || d.writes() != 0 {
		t.Errorf("exit %d, %d writes\n%s", res.code, d.writes(), res.stderr)
	}
}

// TestValidateKnowsWhoWasAlreadyOnTheList: against the committed file, a
// lapsed record of someone already on the list is a warning (a GitHub
// warning annotation), of someone being added an error; and a list over
// its cap is annotated at the entry the change added.
func TestValidateKnowsWhoWasAlreadyOnTheList(t *testing.T) {
	r := historytest.New(t)
	header := strings.Replace(histHeader, "min_owners = 1", "min_owners = 1\nmax_members = 3", 1)
	ada := histMember("ada@example.org", "owner", "grace@example.org", "2026-06-05")
	grace := histMember("grace@example.org", "member", "ada@example.org", "2026-06-05")
	old := histMember("old@example.org", "member", "ada@example.org", "2025-01-05")
	r.Commit("members.toml", header+ada+grace+old, "Create the list (#1)")
	late := histMember("late@example.org", "member", "ada@example.org", "2025-01-05")
	writeFile(t, filepath.Join(r.Dir, "members.toml"), []byte(header+ada+grace+old+late))
	res := runRoster(t, r.Dir, "validate", "--format", "github")
	if res.code != 1 {
		t.Fatalf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
	want := map[string]string{"old@example.org": "::warning", "late@example.org": "::error"}
	for who, level := range want {
		found := false
		for _, l := range lines {
			if strings.Contains(l, who) && strings.Contains(l, "vetting-stale") {
				found = strings.HasPrefix(l, level)
			}
		}
		if !found {
			t.Errorf("%s: want a %s annotation:\n%s", who, level, res.stdout)
		}
	}
	var capLine string
	for _, l := range lines {
		if strings.Contains(l, "max-members") {
			capLine = l
		}
	}
	lateLine := strings.Count(header+ada+grace+old, "\n") + 4 // the lists line of late's entry
	if !strings.Contains(capLine, fmt.Sprintf("line=%d,", lateLine)) || !strings.Contains(capLine, "raise max_members") {
		t.Errorf("the cap annotation is not on late's entry (line %d): %q", lateLine, capLine)
	}
	// Committed, the file is judged against itself: everyone on a list
	// at HEAD is on it, exactly as with --base HEAD, whatever the shape of
	// the history before (the verdict never depends on it). To judge the
	// commit, name its base.
	r.Git("commit", "-qam", "Add late (#2)")
	plain := runRoster(t, r.Dir, "validate")
	explicit := runRoster(t, r.Dir, "validate", "--base", "HEAD")
	if plain.stdout != explicit.stdout || plain.code != explicit.code {
		t.Errorf("validate and validate --base HEAD disagree on a clean checkout:\n%s\n---\n%s", plain.stdout, explicit.stdout)
	}
	if strings.Contains(plain.stdout, "will not add them") || !strings.Contains(plain.stdout, "warning: member late@example.org") {
		t.Errorf("after the commit (late already on the list): exit %d\n%s", plain.code, plain.stdout)
	}
	if res := runRoster(t, r.Dir, "validate", "--base", "HEAD~1"); res.code != 1 || !strings.Contains(res.stdout, "warning: member old@example.org") || !strings.Contains(res.stdout, "roster will not add them to reports") {
		t.Errorf("--base HEAD~1: exit %d\n%s", res.code, res.stdout)
	}
}
