package workspace_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/workspace"
)

// TestOutputsNeverOverwriteTheMembersFile: a plan's --out and the
// emulator's --state are refused, before anything is read or written,
// when they name the members file (by another spelling, or a link to
// it) or a path inside .git.
func TestOutputsNeverOverwriteTheMembersFile(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", readTestdata(t, "plan-uptodate/members.toml"), "The list (#1)")
	before := f.read("members.toml")
	if err := os.Symlink("members.toml", filepath.Join(f.dir, "link.json")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(".git/hooks", filepath.Join(f.dir, "hk")); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{"members.toml", "./members.toml", "link.json", ".git/plan.json", "hk/post-checkout"} {
		r := f.doPlan(workspace.PlanOptions{Out: out})
		if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "--out "+out) {
			t.Errorf("plan --out %s: exit %d\n%s", out, r.code, r.stderr)
		}
		err := f.ws(workspace.Context{}).Emulator(ctx, workspace.EmulatorOptions{File: "members.toml", Listen: "127.0.0.1:0", State: out})
		if err == nil || !strings.Contains(err.Error(), "--state "+out) {
			t.Errorf("emulator --state %s: %v", out, err)
		}
	}
	// The site's pages neither: its --out inside .git is refused too.
	for _, out := range []string{".git/refs/tags", "hk/site"} {
		err := f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: todayDate})
		if err == nil || !strings.Contains(err.Error(), "--out "+out+": a path inside .git") {
			t.Errorf("site --out %s: %v", out, err)
		}
	}
	if f.read("members.toml") != before {
		t.Error("the members file was written")
	}
}
