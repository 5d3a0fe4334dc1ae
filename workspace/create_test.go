package workspace_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestACreationWhoseAnswerIsLostIsCounted: Google creates the group but
// its answer is lost, and the retry hears 409 (the group exists). The
// group is roster's own, and the run says so as the plan did: a "group
// created: done" line, and the creation counted among the changes
// applied ("1 group to create" in the plan, "Applied 3 of 3").
func TestACreationWhoseAnswerIsLostIsCounted(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", createHeader+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`))
	// Every write's answer is lost until the first groups.insert is
	// done; from then on, none is.
	f.emu.SetFaults(0, 1)
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.emu.ServeHTTP(w, r)
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/groups") {
			once.Do(func() { f.emu.SetFaults(0, 0) })
		}
	}))
	t.Cleanup(srv.Close)
	f.url = srv.URL + "/"
	r := f.doSync(workspace.SyncOptions{})
	if r.code != 0 || !strings.Contains(r.stdout, "Plan: 1 group to create, 2 to add") {
		t.Fatalf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if c := f.emu.Counters(); c["groups.insert"] < 2 {
		t.Fatalf("the creation's answer was not lost and retried: %v", c)
	}
	if !strings.Contains(r.stderr, "reports: group created: done") {
		t.Errorf("no progress line for the creation:\n%s", r.stderr)
	}
	if !strings.Contains(r.stdout, "Applied 6 of 6 changes (1 group created, 2 added, 0 removed, 0 roles changed, 3 settings)") {
		t.Errorf("the count leaves out the group created:\n%s", r.stdout)
	}
}

// unpinnedHeader is createHeader with a policy that pins no setting:
// sync creates the group with Google's defaults.
var unpinnedHeader = strings.NewReplacer(
	"who_can_join = \"INVITED_CAN_JOIN\"\n", "",
	"who_can_view_group = \"ALL_MEMBERS_CAN_VIEW\"\n", "",
	"who_can_post_message = \"ANYONE_CAN_POST\"\n", "").Replace(createHeader)

// TestCreatingAGroupNothingPins: a list with create = true whose policy
// pins no setting. Nothing says its settings are pinned: plan (text and
// markdown), sync and doctor say the group is created with Google's
// defaults and name the policy, and plan and sync, the runs that create
// it, warn as validate does (create-unpinned).
func TestCreatingAGroupNothingPins(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", unpinnedHeader+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`))
	const said = "sync will create it with Google's default settings (nothing in policy p pins them"
	const warned = "warning: list reports: create = true, but policy p pins no group settings"
	for _, format := range []report.Format{report.Text, report.Markdown} {
		r := f.doPlan(workspace.PlanOptions{Format: format})
		if r.code != workspace.ExitChanges || !strings.Contains(r.stdout, said) || strings.Contains(r.stdout, "pin its settings") || !strings.Contains(r.stderr, warned) {
			t.Errorf("plan --format %s: exit %d\n%s%s", format, r.code, r.stdout, r.stderr)
		}
	}
	d := f.outcome(f.ws(workspace.Context{}).Doctor(ctx, workspace.DoctorOptions{File: "members.toml", Format: report.Text, Live: f.live()}))
	if !strings.Contains(d.stdout, "with Google's default settings: nothing in its policy pins them") || strings.Contains(d.stdout, "settings pinned") {
		t.Errorf("doctor: exit %d\n%s%s", d.code, d.stdout, d.stderr)
	}
	r := f.doSync(workspace.SyncOptions{})
	if r.code != 0 || !strings.Contains(r.stdout, said) || !strings.Contains(r.stderr, warned) {
		t.Errorf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Once the group exists, nothing is created: no warning.
	if r := f.doSync(workspace.SyncOptions{}); r.code != 0 || strings.Contains(r.stderr, warned) {
		t.Errorf("second sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestAPullRequestPlanShowsTheListsItDoesNotRead: a pull request adds
// two lists, libfoo with create = true and bar without. Its plan reads
// neither group (anyone who opens a pull request could name any group),
// but shows both, in every format, from the file alone: not read, why,
// libfoo's group created if missing with its settings pinned, and the
// additions the change writes. It names them in not_read, counts the
// creation, never says the groups match, and exits 2.
func TestAPullRequestPlanShowsTheListsItDoesNotRead(t *testing.T) {
	t.Parallel()
	base := strings.Replace(header, "[policies.p]", "[policies.p]\nwho_can_join = \"INVITED_CAN_JOIN\"", 1) +
		person("ada@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "owner"`)
	lists := "[lists.libfoo]\naddress = \"libfoo-security@example.org\"\npolicy = \"p\"\ncreate = true\n\n[lists.bar]\naddress = \"bar@example.org\"\npolicy = \"p\"\n\n[policies.p]"
	head := strings.Replace(strings.Replace(base, "[policies.p]", lists, 1), `reports = "owner"`, `reports = "owner", libfoo = "owner", bar = "owner"`, 2) +
		person("lin@example.org", `libfoo = "member"`)
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", base, "Base (#1)")
	f.repo.Commit("members.toml", head, "New lists (#2)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	// bar's group exists, with someone the file does not name: the
	// plan must not say so.
	if err := f.emu.AddGroup("bar@example.org", emulator.Member{Email: "mallory@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	pr := workspace.PlanOptions{Source: workspace.Source{Path: "members.toml", Rev: "HEAD"}, Base: "HEAD~1", NoAttribution: true}
	for _, tc := range []struct {
		format report.Format
		want   []string
	}{
		{report.Text, []string{
			"list libfoo: libfoo-security@example.org (google): not read (its group is new in this change, and is read only once the change is approved and merged); if the group does not exist, sync will create it, pin its settings, then, from the file alone:",
			"! setting who_can_join  (unset) -> INVITED_CAN_JOIN",
			"+ lin@example.org       member",
			"list bar: bar@example.org (google): not read (its group is new in this change, and is read only once the change is approved and merged); sync does not create the group (the list has no create = true); once it exists, sync will, from the file alone:",
			`note: if a group exists at this address already, sync takes it over after the merge: it keeps everyone on it the file does not list, and reports them (unmanaged = "report"), and sets every setting its policy pins (who_can_join), whatever its value now`,
			"Plan: 1 group to create if it does not exist, 5 to add, 0 to remove, 0 roles to change, 1 setting to change. 2 lists were not read (libfoo, bar)",
		}},
		{report.Markdown, []string{
			"**libfoo** (`libfoo-security@example.org`, google): not read (its group is new in this change, and is read only once the change is approved and merged); if the group does not exist, sync will create it, pin its settings, then, from the file alone:",
			"| add | lin@example.org | member |",
			"**bar** (`bar@example.org`, google): not read (",
			"2 lists were not read (libfoo, bar)",
		}},
	} {
		f.pendingPlanSays(pr, tc.format, tc.want, "No changes", "mallory")
	}
	pr.Format = report.JSON
	r := f.doPlan(pr)
	var got struct {
		Lists []struct {
			ID              string
			Unread          string
			Create          bool
			CreateIfMissing bool `json:"create_if_missing"`
			Changes         []struct{ Action, Email string }
		}
		Summary struct {
			Create, Add     int
			CreateIfMissing int `json:"create_if_missing"`
		}
		NotRead []string `json:"not_read"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != workspace.ExitChanges {
		t.Fatalf("plan --format json: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	// Whether libfoo's group exists was not read: its creation is
	// conditional, never counted as one that will happen.
	if got.Summary.Create != 0 || got.Summary.CreateIfMissing != 1 || got.Summary.Add != 5 || !slices.Equal(got.NotRead, []string{"libfoo", "bar"}) {
		t.Errorf("summary %+v, not_read %v; want 1 group to create if missing, 5 adds, libfoo and bar not read", got.Summary, got.NotRead)
	}
	for _, l := range got.Lists {
		if l.Create || l.ID == "libfoo" && (!l.CreateIfMissing || l.Unread == "" || len(l.Changes) != 3) || l.ID == "bar" && (l.CreateIfMissing || l.Unread == "" || len(l.Changes) != 2) {
			t.Errorf("list %+v", l)
		}
	}
}

// TestAJoinWhileTheRunCreatesTheGroupIsNamed: someone who joins a group
// between its creation by the run (Google's defaults) and the end of the
// run is on it unvetted: the run reads the group it created once more
// and exits 3 naming them, as the next run would, never 0. The list's
// policy removing whom the file does not list, the last line says the
// next sync takes them off, never "kept because unmanaged = report",
// which the list does not say; and the next sync does (s29-everyday
// finding 2).
func TestAJoinWhileTheRunCreatesTheGroupIsNamed(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", createHeader+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`))
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/members") {
			once.Do(func() {
				if _, err := f.emu.ByHand(emulator.Change{Event: "join", Group: "security@example.org", Actor: "mallory@evil.example"}); err != nil {
					t.Error(err)
				}
			})
		}
		f.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	f.url = srv.URL + "/"
	r := f.doSync(workspace.SyncOptions{NoAttribution: true})
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	last := lines[len(lines)-1]
	if r.code != workspace.ExitWalkIns || !strings.Contains(last, "mallory@evil.example (reports)") || strings.Contains(last, `unmanaged = "report"`) || !strings.Contains(last, "the next sync takes them off") {
		t.Errorf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := f.doSync(workspace.SyncOptions{NoAttribution: true}); r.code != 0 || strings.Contains(fmt.Sprint(f.group("security@example.org")), "mallory") {
		t.Errorf("the next sync: exit %d, %v\n%s", r.code, f.group("security@example.org"), r.stderr)
	}
}

// TestAMissingGroupOnAnEmulatorSaysHowToMakeIt: against an emulator on
// this machine (no Admin console), plan's line for a list whose group is
// missing says to start it with --group, not to use the Admin console.
func TestAMissingGroupOnAnEmulatorSaysHowToMakeIt(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", header+entry("ada@example.org", "owner", "bob@example.org", "2026-06-01")+entry("bob@example.org", "owner", "ada@example.org", "2026-06-01"))
	r := f.doPlan(workspace.PlanOptions{NoAttribution: true})
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "start the emulator with --group ADDRESS") || strings.Contains(r.stderr, "(create it in the Admin console") {
		t.Errorf("plan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
