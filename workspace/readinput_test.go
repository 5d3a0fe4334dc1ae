package workspace_test

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestAMembersFileThatIsAPipeIsRefused: a members file (or a plan, an
// export) that is a FIFO would block the run for ever, Ctrl-C and all:
// it is refused at once, saying what it is.
func TestAMembersFileThatIsAPipeIsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	if err := syscall.Mkfifo(filepath.Join(f.dir, "members.toml"), 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	done := make(chan outcome, 1)
	go func() {
		done <- f.outcome(f.ws(workspace.Context{}).Validate(ctx, workspace.ValidateOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text}))
	}()
	select {
	case r := <-done:
		if r.code == 0 || !strings.Contains(r.stdout+r.stderr, "is a named pipe (FIFO)") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("validate blocked on a FIFO")
	}
}
