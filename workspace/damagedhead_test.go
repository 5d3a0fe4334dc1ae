package workspace_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/workspace"
)

// TestADroppedMemberIsRemovedOrRefusedWhenHEADIsUnreadable: bob was
// synced, the next commit drops him, and HEAD's commit then goes missing
// (a clone whose alternates are gone). Whether the file listed him is
// unknown, and said so with the cause: the list is not read, plan and
// sync fail; never "no commits yet", which keeps him with a note and
// exits 0.
func TestADroppedMemberIsRemovedOrRefusedWhenHEADIsUnreadable(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`)+person("bob@example.org", `reports = "member"`), "The list (#1)")
	if err := f.emu.AddGroup("security@example.org"); err != nil {
		t.Fatal(err)
	}
	f.doSync(workspace.SyncOptions{})
	head := f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`), "Drop bob (#2)")
	if err := os.Remove(filepath.Join(f.dir, ".git", "objects", head[:2], head[2:])); err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]outcome{"plan": f.doPlan(workspace.PlanOptions{}), "sync": f.doSync(workspace.SyncOptions{})} {
		out := r.stdout + r.stderr
		if r.code != workspace.ExitFailed || !strings.Contains(out, "which git cannot read as a commit") || strings.Contains(out, "no commits") {
			t.Errorf("%s: exit %d\n%s", name, r.code, out)
		}
	}
	if got := strings.Join(f.group("security@example.org"), " "); !strings.Contains(got, "bob@") {
		t.Errorf("the group changed on a history roster cannot read: %s", got)
	}
}
