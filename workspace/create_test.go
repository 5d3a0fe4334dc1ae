package workspace_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

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
	if !strings.Contains(r.stdout, "Applied 3 of 3 changes (1 group created, 2 added, 0 removed, 0 roles changed, 3 settings)") {
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
