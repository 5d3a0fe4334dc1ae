package workspace_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestAnUnreadableHistoryNeverPassesALapse: whether a lapsed record ever
// admitted someone is history's to say; a history git cannot read (a
// partial clone, one object missing) says nothing, and the record is
// judged as one that never admitted them, on every route (validate,
// sync with them on the group by hand, audit), with the cause said once;
// never the lenient verdict of a record that did.
func TestAnUnreadableHistoryNeverPassesALapse(t *testing.T) {
	t.Parallel()
	onGroup := &emulator.State{Groups: []*emulator.Group{{Email: "security@example.org", Members: []*emulator.Member{
		{Email: "ada@example.org", Role: "OWNER"}, {Email: "grace@example.org", Role: "MEMBER"}, {Email: "old@example.org", Role: "MEMBER"},
	}}}}
	setup := func(t *testing.T) *fixture {
		f := newFixtureFrom(t, "", emulator.Options{State: onGroup}, true)
		f.listedOnALapsedRecord()
		return f
	}
	for _, tc := range []struct {
		name   string
		break_ func(t *testing.T, f *fixture)
	}{
		{"one object missing", func(t *testing.T, f *fixture) {
			blob := strings.TrimSpace(f.repo.Git("rev-parse", "HEAD~1:members.toml"))
			if err := os.Remove(filepath.Join(f.repo.Dir, ".git", "objects", blob[:2], blob[2:])); err != nil {
				t.Fatal(err)
			}
		}},
		{"a partial clone", func(t *testing.T, f *fixture) {
			f.repo.Git("config", "uploadpack.allowFilter", "true")
			clone := filepath.Join(t.TempDir(), "clone")
			if out, err := exec.Command("git", "clone", "-q", "--no-local", "--filter=blob:none", "file://"+f.repo.Dir, clone).CombinedOutput(); err != nil {
				t.Fatalf("clone: %v %s", err, out)
			}
			f.dir = clone
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			tc.break_(t, f)
			r := f.doValidate("members.toml", report.Text, "")
			if r.code != 1 || !strings.Contains(r.stdout, "error: member old@example.org") || !strings.Contains(r.stdout, "cannot be told") || strings.Count(r.stderr, "history cannot be read") != 1 {
				t.Errorf("validate: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if r := f.doSync(workspace.SyncOptions{}); r.code == 0 || !strings.Contains(r.stdout+r.stderr, "old@example.org") {
				t.Errorf("sync with old on the group: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if r := f.doAudit(false, workspace.AuditOptions{}); r.code == 0 || !strings.Contains(r.stdout, "old@example.org") {
				t.Errorf("audit: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}
