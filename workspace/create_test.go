package workspace_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

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
