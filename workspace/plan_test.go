package workspace_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// addLive adds a member through the emulator's HTTP API, as someone
// clicking in the Admin console would.
func (f *fixture) addLive(group, email string) {
	f.t.Helper()
	body := strings.NewReader(`{"email": "` + email + `", "role": "MEMBER"}`)
	resp, err := http.Post(f.url+"admin/directory/v1/groups/"+group+"/members", "application/json", body)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		f.t.Fatalf("add %s: %s", email, resp.Status)
	}
}

// TestPlanGolden: the plan of each case in each format is its golden
// file, with the exit code that says whether anything is to do, and no
// write.
func TestPlanGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		exit int
	}{{"plan-basic", workspace.ExitFailed}, {"plan-uptodate", workspace.ExitOK}, {"plan-walkin", workspace.ExitOK}} { // plan-basic has a list with no group, which fails sync
		for _, format := range []report.Format{report.Text, report.Markdown, report.JSON} {
			t.Run(tc.name+"/"+string(format), func(t *testing.T) {
				t.Parallel()
				f := newFixture(t, tc.name)
				r := f.doPlan(workspace.PlanOptions{Format: format})
				if r.code != tc.exit {
					t.Errorf("exit %d, want %d; stderr:\n%s", r.code, tc.exit, r.stderr)
				}
				if f.writes() != 0 {
					t.Errorf("plan made %d writes", f.writes())
				}
				golden(t, filepath.Join(tc.name, "want."+string(format)+".golden"), r.stdout)
			})
		}
	}
}

// TestPlanReadsWithFewestCalls: one list call per google group, and
// only the calls the plan's findings need.
func TestPlanReadsWithFewestCalls(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "plan-basic")
	f.doPlan(workspace.PlanOptions{})
	c := f.emu.Counters()
	// One list call per existing or missing google group, one settings
	// read for the one group whose policy pins settings, one lookup for
	// the one entry missing from a group that has a member the file does
	// not list (is it an alias of theirs?), and for each of the two groups
	// with drift, the Admin console's audit log, then, as neither explains
	// its live member the file does not list, the Groups UI's and Cloud
	// Identity's (which needs the group's id: one groups.get; asked in
	// both forms of the id, two calls), and once
	// for the run the domain's bulk uploads, which name no group; and one
	// groups.get for the one address the plan adds to a list whose policy
	// does not allow groups (is it a group?).
	if c["members.list"] != 3 || c["settings.get"] != 1 || c["members.get"] != 1 || c["activities.list"] != 9 || c["groups.get"] != 3 || c["calls"] != 17 {
		t.Errorf("plan made these calls: %v", c)
	}
}

// TestPlanJSONIsStable: the JSON plan's fields, as scripts read them.
func TestPlanJSONIsStable(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "plan-basic")
	r := f.doPlan(workspace.PlanOptions{Format: report.JSON})
	var got struct {
		Lists []struct {
			ID       string `json:"id"`
			Address  string `json:"address"`
			Provider string `json:"provider"`
			Changes  []struct {
				Action       string `json:"action"`
				Email        string `json:"email"`
				Role         string `json:"role"`
				PreviousRole string `json:"previous_role"`
			} `json:"changes"`
			Settings []struct{ Name, Live, Desired string } `json:"settings"`
		} `json:"lists"`
		Summary struct{ Add, Remove, SetRole int } `json:"summary"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if got.Summary.Add != 4 || got.Summary.Remove != 1 || got.Lists[0].Changes[0].Action != "set_role" || got.Lists[0].Changes[0].Role != "owner" || got.Lists[0].Changes[0].PreviousRole != "member" {
		t.Errorf("unexpected plan JSON:\n%s", r.stdout)
	}
}

// TestPlanUnreadableGroupExitsOne: a group the credentials may not read
// fails the plan (exit 1) and says why.
func TestPlanUnreadableGroupExitsOne(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "plan-uptodate")
	forbidden := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"error":{"code":403,"message":"Not Authorized to access this resource/api","errors":[{"domain":"global","reason":"forbidden","message":"Not Authorized to access this resource/api"}]}}`))
	}))
	defer forbidden.Close()
	lo := f.live()
	lo.Endpoint = forbidden.URL
	r := f.doPlan(workspace.PlanOptions{Live: lo})
	if r.code != workspace.ExitFailed || !strings.Contains(r.stdout, "cannot read the live group") || !strings.Contains(r.stdout, "forbidden") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestSettingsDriftIsAuditedAndSynced: a live setting wider than the
// policy is a violation for audit --live until sync pins it.
func TestSettingsDriftIsAuditedAndSynced(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "plan-uptodate")
	f.write("members.toml", strings.Replace(f.read("members.toml"), `unmanaged = "remove"`, "unmanaged = \"remove\"\nwho_can_join = \"INVITED_CAN_JOIN\"\nwho_can_view_membership = \"ALL_IN_DOMAIN_CAN_VIEW\"", 1))
	r := f.doAudit(true, workspace.AuditOptions{})
	if r.code != workspace.ExitFailed || !strings.Contains(r.stdout, "who_can_join is CAN_REQUEST_TO_JOIN, the policy says INVITED_CAN_JOIN; it lets more people in than the policy allows") {
		t.Fatalf("audit --live: exit %d\n%s", r.code, r.stdout)
	}
	r = f.doPlan(workspace.PlanOptions{Format: report.JSON})
	if r.code != workspace.ExitChanges || !strings.Contains(r.stdout, `"name": "who_can_join"`) || !strings.Contains(r.stdout, `"desired": "INVITED_CAN_JOIN"`) {
		t.Fatalf("plan: exit %d\n%s", r.code, r.stdout)
	}
	if r := f.doSync(workspace.SyncOptions{}); r.code != 0 || f.emu.Counters()["settings.patch"] != 1 {
		t.Fatalf("sync: exit %d %v\n%s", r.code, f.emu.Counters(), r.stderr)
	}
	if r := f.doAudit(true, workspace.AuditOptions{}); r.code != 0 {
		t.Errorf("after sync, audit --live: exit %d\n%s", r.code, r.stdout)
	}
}

// TestSavedPlans: apply applies a saved plan only while it still holds:
// the live group, the file and the plan itself unchanged.
func TestSavedPlans(t *testing.T) {
	t.Parallel()
	// setup saves the plan that adds lin to plan-uptodate.
	setup := func(t *testing.T) *fixture {
		f := newFixture(t, "plan-uptodate")
		f.write("members.toml", f.read("members.toml")+person("lin@example.org", `reports = "member"`))
		if r := f.doPlan(workspace.PlanOptions{Out: "plan.json"}); r.code != workspace.ExitChanges {
			t.Fatalf("plan --out: exit %d %s", r.code, r.stderr)
		}
		return f
	}
	noMallory := func(t *testing.T, f *fixture) {
		for _, m := range f.group("security@example.org") {
			if strings.HasPrefix(m, "mallory") {
				t.Fatal("an edited plan put mallory on the list")
			}
		}
	}
	for _, tc := range []struct {
		name string
		// change changes the fixture after the plan was saved.
		change func(t *testing.T, f *fixture)
		// want is in stderr when apply refuses; "" when it applies.
		want string
		// planFile is the plan applied; plan.json when "".
		planFile string
		check    func(t *testing.T, f *fixture)
	}{
		{name: "fresh", check: func(t *testing.T, f *fixture) {
			if got := f.group("security@example.org"); len(got) != 3 {
				t.Errorf("live %v", got)
			}
		}},
		{name: "live changed", change: func(t *testing.T, f *fixture) {
			f.addLive("security@example.org", "walk-in@example.org")
		}, want: "changed since the plan was made"},
		{name: "file changed", change: func(t *testing.T, f *fixture) {
			f.write("members.toml", f.read("members.toml")+"\n# a comment\n")
		}, want: "members.toml changed since the plan was made"},
		{name: "plan edited to add someone", change: func(t *testing.T, f *fixture) {
			f.write("plan.json", strings.Replace(f.read("plan.json"), "lin@example.org", "mallory@example.org", 1))
		}, want: "the plan was edited", check: noMallory},
		// A plan whose list address was edited is not applied to the
		// real address or any other.
		{name: "plan edited to another group", change: func(t *testing.T, f *fixture) {
			f.write("plan.json", strings.Replace(f.read("plan.json"), `"address": "security@example.org"`, `"address": "other@example.org"`, 1))
		}, want: "other@example.org"},
		{name: "not a plan", change: func(t *testing.T, f *fixture) {
			f.write("bad.json", `{"version": 1, "lists": "all"}`)
		}, planFile: "bad.json", want: "bad.json:1:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			if tc.change != nil {
				tc.change(t, f)
			}
			f.emu.ResetCounters()
			planFile := tc.planFile
			if planFile == "" {
				planFile = "plan.json"
			}
			r := f.doApply(planFile, workspace.ApplyOptions{})
			if tc.want == "" {
				if r.code != 0 {
					t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
				}
			} else if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, tc.want) || f.writes() != 0 {
				t.Errorf("exit %d, %d writes\n%s\nwant exit 1, no write, and %q", r.code, f.writes(), r.stderr, tc.want)
			}
			if tc.planFile != "" && f.calls() != 0 {
				t.Errorf("%d API calls for a file that is not a plan", f.calls())
			}
			if tc.check != nil {
				tc.check(t, f)
			}
		})
	}
}

// TestPlanOutRespectsTheUmask: a saved plan, which names live members,
// is created for its owner alone whatever the umask, and one saved over
// an existing plan that others could read is made private too. (Not
// parallel: the umask is the process's.)
func TestPlanOutRespectsTheUmask(t *testing.T) {
	f := newFixture(t, "plan-uptodate")
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	f.doPlan(workspace.PlanOptions{Out: "plan.json"})
	if mode := fileMode(t, filepath.Join(f.dir, "plan.json")); mode != 0o600 {
		t.Errorf("new plan file mode %o under umask 077, want 600", mode)
	}
	syscall.Umask(0o022)
	if err := os.Chmod(filepath.Join(f.dir, "plan.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	f.doPlan(workspace.PlanOptions{Out: "plan.json"})
	if mode := fileMode(t, filepath.Join(f.dir, "plan.json")); mode != 0o600 {
		t.Errorf("plan saved over a world-readable one: mode %o, want 600", mode)
	}
}

// TestEmulatorStateIsMadePrivate: `plan --emulator --out plan.json` where
// an older run (or a hand) left .roster/ 0755 and its state and the plan
// 0644 leaves them the owner's alone: the plan run writes no state, so
// the state file is made private when it is read, not when next saved.
func TestEmulatorStateIsMadePrivate(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "plan-uptodate")
	f.emu = nil // the built-in emulator, not the fixture's domain
	builtIn := workspace.LiveOptions{Emulator: true, Rate: 10000, RetryBase: time.Millisecond}
	f.doPlan(workspace.PlanOptions{Live: builtIn})
	state := filepath.Join(f.dir, ".roster", "emulator.json")
	f.write("plan.json", "{}")
	for path, mode := range map[string]os.FileMode{filepath.Dir(state): 0o755, state: 0o644, filepath.Join(f.dir, "plan.json"): 0o644} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
	}
	if r := f.doPlan(workspace.PlanOptions{Live: builtIn, Out: "plan.json"}); !strings.Contains(r.stderr, "plan saved to plan.json") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for path, want := range map[string]os.FileMode{filepath.Dir(state): 0o700, state: 0o600, filepath.Join(f.dir, "plan.json"): 0o600} {
		if mode := fileMode(t, path); mode != want {
			t.Errorf("%s: mode %o, want %o", path, mode, want)
		}
	}
}

func fileMode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// sameMembers fails unless group's live members are want, as "email ROLE".
func sameMembers(t *testing.T, f *fixture, group string, want ...string) {
	t.Helper()
	if diff := cmp.Diff(want, f.group(group)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", group, diff)
	}
}

// TestApplyWritesNoListWhosePolicyFails: a plan file naming a list whose
// own policy fails in the file (a plan made while the list passed, its
// digest edited to the file's) is not applied: apply leaves such lists out, as plan
// and sync do, and the plan no longer holds.
func TestApplyWritesNoListWhosePolicyFails(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "plan-uptodate")
	passing := f.read("members.toml") + person("lin@example.org", `reports = "member"`)
	f.write("members.toml", passing)
	if r := f.doPlan(workspace.PlanOptions{Out: "passing.json"}); r.code != workspace.ExitChanges {
		t.Fatalf("plan while the list passes: exit %d %s", r.code, r.stderr)
	}
	failing := strings.Replace(passing, "min_owners = 1", "min_owners = 3", 1)
	f.write("members.toml", failing)
	// The passing plan, its source digest set to the failing file's.
	var forged map[string]any
	if err := json.Unmarshal([]byte(f.read("passing.json")), &forged); err != nil {
		t.Fatal(err)
	}
	forged["source"].(map[string]any)["sha256"] = plan.FileDigest([]byte(failing))
	data, err := json.Marshal(forged)
	if err != nil {
		t.Fatal(err)
	}
	f.write("forged.json", string(data))
	f.emu.ResetCounters()
	r := f.doApply("forged.json", workspace.ApplyOptions{})
	if r.code != workspace.ExitFailed || f.writes() != 0 || !strings.Contains(r.stderr, "not read or synced") {
		t.Errorf("exit %d, %d writes\n%s%s", r.code, f.writes(), r.stdout, r.stderr)
	}
}

// TestAFileWithNoListsSaysSo: a file that names no list does not claim
// the live groups match it.
func TestAFileWithNoListsSaysSo(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", "schema = 1\n")
	r := f.doPlan(workspace.PlanOptions{Format: report.Text})
	if strings.Contains(r.stdout, "match") || !strings.Contains(r.stdout, "No lists to sync") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestBuiltinEmulatorCreatesTheGroupOfANewList: a list added to the
// file after the built-in emulator's domain was made has no group, and
// the built-in emulator has no Admin console to make one in: it makes
// it, saying so, as it made the others on its first run. A state that
// does not parse names the fix.
func TestBuiltinEmulatorCreatesTheGroupOfANewList(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.emu = nil // the built-in emulator, not the fixture's domain
	builtIn := workspace.LiveOptions{Emulator: true, Rate: 10000, RetryBase: time.Millisecond}
	f.write("members.toml", founded(header)+founder(`reports = "owner"`))
	if r := f.doSync(workspace.SyncOptions{Live: builtIn}); r.code != 0 {
		t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	two := strings.Replace(founded(header), "[policies.p]", "[lists.two]\naddress = \"two@example.org\"\npolicy = \"p\"\n\n[policies.p]", 1)
	f.write("members.toml", two+founder(`reports = "owner", two = "owner"`))
	r := f.doSync(workspace.SyncOptions{Live: builtIn})
	if r.code != 0 || strings.Contains(r.stdout+r.stderr, "does not exist") || !strings.Contains(r.stderr, "the built-in emulator created the group two@example.org") {
		t.Errorf("a new list: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	f.write(".roster/emulator.json", "bogus")
	r = f.doPlan(workspace.PlanOptions{Live: builtIn})
	_, hint, _ := strings.Cut(r.stderr, "remove it (")
	hint, _, _ = strings.Cut(hint, ")")
	if r.code != workspace.ExitFailed || !strings.HasPrefix(hint, "rm -- ") {
		t.Fatalf("a state that does not parse: exit %d\n%s", r.code, r.stderr)
	}
	// The fix runs as printed: a path that starts with a dash is no
	// option of rm's.
	cmd := exec.Command("sh", "-c", hint)
	cmd.Dir = f.dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", hint, err, out)
	}
	if _, err := os.Stat(filepath.Join(f.dir, ".roster/emulator.json")); !os.IsNotExist(err) {
		t.Errorf("%s left the state: %v", hint, err)
	}
}

// TestANewEntryOnTwoListsIsAskedAboutOnce: whether an address sync is
// about to add is a group is asked of Google once a run, however many
// lists add it.
func TestANewEntryOnTwoListsIsAskedAboutOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	// zed, at a mail provider's domain, is never asked about (no
	// Workspace holds a group there): the lists have a change each, with
	// dave or without.
	lists := header + "\n[lists.l2]\naddress = \"l2@example.org\"\npolicy = \"p\"\n" +
		person("ada@example.org", `reports = "owner", l2 = "owner"`) + person("grace@example.org", `reports = "member", l2 = "member"`) +
		person("zed@gmail.com", `reports = "member", l2 = "member"`)
	for _, g := range []string{"security@example.org", "l2@example.org"} {
		if err := f.emu.AddGroup(g, emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"}); err != nil {
			t.Fatal(err)
		}
	}
	// The run's other look-ups (each list's own group, for a list with
	// changes), without dave; no audit log, whose look-ups are the
	// groups' ids.
	lookups := func(file string) (int64, outcome) {
		f.write("members.toml", file)
		f.emu.ResetCounters()
		r := f.doPlan(workspace.PlanOptions{NoAttribution: true})
		return f.emu.Counters()["groups.get"], r
	}
	before, _ := lookups(lists)
	after, r := lookups(lists + person("dave@example.org", `reports = "member", l2 = "member"`))
	if after != before+1 || !strings.Contains(r.stdout, "+ dave@example.org") {
		t.Errorf("groups.get %d with dave on two lists, %d without: want one more\n%s%s", after, before, r.stdout, r.stderr)
	}
}

// TestPlanOfAFileSyncRefusesWhole: a member on a list the file does not
// define is an error in the file's structure, which sync refuses whole.
// plan reads no group and shows no plan ("no changes" would say a file
// no run applies is sound), saves nothing for apply, names the finding,
// and fails; asked for JSON, its document says it was refused.
func TestPlanOfAFileSyncRefusesWhole(t *testing.T) {
	t.Parallel()
	for _, format := range []report.Format{report.Text, report.JSON, report.Markdown} {
		t.Run(string(format), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "")
			f.write("members.toml", founded(header)+founder(`reports = "owner", nosuch = "member"`))
			if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(f.dir, "plan.json")
			r := f.doPlan(workspace.PlanOptions{Format: format, Out: out})
			_, saved := os.Stat(out)
			if r.code != workspace.ExitFailed || f.calls() != 0 || saved == nil || !strings.Contains(r.stderr, "nosuch") ||
				strings.Contains(r.stdout, "No changes") || strings.Contains(r.stderr, "roster apply") {
				t.Errorf("exit %d, %d calls, saved %v:\n%s%s", r.code, f.calls(), saved == nil, r.stdout, r.stderr)
			}
			if format == report.JSON && (!strings.Contains(r.stdout, `"refused": "members.toml has 1 error in its structure`) || strings.Contains(r.stdout, `"sha256": ""`)) {
				t.Errorf("the JSON document does not say the plan was refused, of which file:\n%s", r.stdout)
			}
			if format == report.Markdown && !strings.Contains(r.stdout, "No plan: members.toml has 1 error in its structure") {
				t.Errorf("the markdown (a pull request's comment) does not say why there is no plan:\n%s", r.stdout)
			}
		})
	}
}
