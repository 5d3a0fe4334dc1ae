package workspace_test

import (
	"regexp"
	"testing"

	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestFoxtrotMergeKeepsWhomMainTookOffRemoved: main lists bob and a sync
// adds him; main takes him off; then main is merged into a feature
// branch and fast-forwarded to that merge (a "foxtrot" merge), so that
// both of main's commits are the merge's second parent's, off the
// first-parent line. bob is no walk-in: the next sync removes him as
// taken off the list, naming the commit that did, and history shows
// his addition and his removal.
func TestFoxtrotMergeKeepsWhomMainTookOffRemoved(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	base := header + person("ada@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "member"`)
	f.repo.Commit("members.toml", base, "Start")
	if err := f.emu.AddGroup("security@example.org"); err != nil {
		t.Fatal(err)
	}
	if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
		t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	f.repo.Git("checkout", "-q", "-b", "feature")
	f.repo.Commit("members.toml", "# The lists.\n"+base, "Feature work")
	f.repo.Git("checkout", "-q", "main")
	f.repo.Commit("members.toml", base+person("bob@example.org", `reports = "member"`), "Add bob")
	if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
		t.Fatalf("sync adding bob: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	sameMembers(t, f, "security@example.org", "ada@example.org OWNER", "bob@example.org MEMBER", "grace@example.org MEMBER")
	remove := f.repo.Commit("members.toml", base, "Remove bob")
	f.repo.Git("checkout", "-q", "feature")
	f.repo.Tick()
	f.repo.Git("merge", "-q", "--no-edit", "-m", "Merge main into feature", "main")
	f.repo.Git("checkout", "-q", "main")
	f.repo.Git("merge", "-q", "--ff-only", "feature")

	r := f.doSync(workspace.SyncOptions{})
	removed := regexp.MustCompile(`- bob@example.org .*taken off the list in members.toml \(removed in ` + remove[:10] + ` on [0-9-]+: Remove bob\)`)
	if r.code != 0 || !removed.MatchString(r.stdout) {
		t.Fatalf("sync after the foxtrot merge: exit %d, want 0 and bob removed as taken off\n%s%s", r.code, r.stdout, r.stderr)
	}
	sameMembers(t, f, "security@example.org", "ada@example.org OWNER", "grace@example.org MEMBER")

	h := f.doHistory(workspace.HistoryOptions{Member: "bob@example.org", Format: report.CSV})
	if !regexp.MustCompile(`(?s)Add bob,reports,bob@example.org,added,member.*Remove bob,reports,bob@example.org,removed,,member`).MatchString(h.stdout) {
		t.Errorf("history --member bob@example.org: exit %d, want his addition and removal\n%s%s", h.code, h.stdout, h.stderr)
	}
}
