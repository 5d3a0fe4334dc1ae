package workspace_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestValidateInAShallowCloneReadsHeadsVersion: the base of a change is
// the file as committed at HEAD, which HEAD's tree holds in any shallow
// clone: validate gives the full clone's verdict there, with no note,
// for every verdict history plays no part in. A lapsed record of someone
// already listed, which only history can say admitted them once, is
// judged as one that never did, the fix named, as the full history
// judges it here: a shallow checkout never turns that error into a
// warning (and sync reports them on the group, exit 3, and removes
// nobody). Only a HEAD whose version does not parse, where the base is
// an earlier one, needs the history, and says it is missing.
func TestValidateInAShallowCloneReadsHeadsVersion(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-06-05")
	grace := entry("grace@example.org", "member", "ada@example.org", "2026-06-05")
	old := entry("old@example.org", "member", "ada@example.org", "2025-01-05")
	f.repo.Commit("members.toml", hdr+ada+grace, "Create the list (#1)")
	f.repo.Commit("members.toml", hdr+ada+grace+old, "Add old (#2)")
	// old's record had lapsed when the file listed them: the full
	// history says it never admitted them; a shallow clone cannot tell,
	// judges it the same, and names the fix.
	full := f.doValidate("members.toml", report.Text, "")
	if !strings.Contains(full.stdout, "error: member old@example.org") || !strings.Contains(full.stdout, "it never admitted them") {
		t.Fatalf("the full clone: exit %d\n%s%s", full.code, full.stdout, full.stderr)
	}
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org", Role: "MEMBER"}, emulator.Member{Email: "old@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	fullSync := f.doSync(workspace.SyncOptions{})
	f.shallowClone()
	shallow := f.doValidate("members.toml", report.Text, "")
	if shallow.code != 1 || !strings.Contains(shallow.stdout, "error: member old@example.org") || !strings.Contains(shallow.stdout, "fetch-depth: 0") {
		t.Errorf("a shallow clone judges old's record otherwise, or without the fix:\nexit %d\n%s%s", shallow.code, shallow.stdout, shallow.stderr)
	}
	if r := f.doSync(workspace.SyncOptions{}); r.code != workspace.ExitWalkIns || r.code != fullSync.code || !strings.Contains(r.stderr, "old@example.org") || f.writes() != 0 {
		t.Errorf("sync in the shallow clone: exit %d (the full clone's %d), %d writes\n%s%s", r.code, fullSync.code, f.writes(), r.stdout, r.stderr)
	}
	// A lapse that history plays no part in: the same verdict, no note.
	f.write("members.toml", hdr+ada+grace)
	if full, shallow := f.doValidate("members.toml", report.Text, ""), f.doValidate("members.toml", report.Text, ""); shallow.stdout != full.stdout || strings.Contains(shallow.stderr, "shallow") {
		t.Errorf("exit %d\n%s%s", shallow.code, shallow.stdout, shallow.stderr)
	}

	broken := newRepoFixture(t)
	broken.repo.Commit("members.toml", hdr+ada+grace+old, "Create the list (#1)")
	broken.repo.Commit("members.toml", hdr+ada+grace+old+"\n[[member]\n", "Break it (#2)")
	broken.shallowClone()
	broken.write("members.toml", hdr+ada+grace+old)
	if r := broken.doValidate("members.toml", report.Text, ""); !strings.Contains(r.stderr, "shallow clone") || !strings.Contains(r.stdout, "error: member old@example.org") {
		t.Errorf("HEAD's version does not parse, and the one before is not there: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestAShallowCloneNeverPassesWhatTheFullOneRefuses: a shallow clone
// (actions/checkout's default) cannot check the date of the commit it
// was cut at against the commits before it, so a listing since that
// commit proves nothing: bob, added with a lapsed record by a commit
// backdated to before the lapse, is refused by the full clone (the
// commit's parent tells the date is false) and by clones cut at that
// commit or at the tip alike (depth 1 and 2), validate and sync; with
// --base HEAD the shallow clone's verdict is the one it gives without.
func TestAShallowCloneNeverPassesWhatTheFullOneRefuses(t *testing.T) {
	t.Parallel()
	f := backdatedTip(t)
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	full := f.doValidate("members.toml", report.Text, "")
	fullSync := f.doSync(workspace.SyncOptions{})
	if full.code != workspace.ExitFailed || fullSync.code != workspace.ExitWalkIns {
		t.Fatalf("the full clone: validate exit %d, sync exit %d\n%s%s", full.code, fullSync.code, full.stdout, fullSync.stderr)
	}
	src := f.dir
	for _, depth := range []string{"1", "2"} {
		clone := filepath.Join(t.TempDir(), "clone")
		f.repo.Git("clone", "-q", "--depth", depth, "file://"+src, clone)
		f.dir = clone
		implicit, based := f.doValidate("members.toml", report.Text, ""), f.doValidate("members.toml", report.Text, "HEAD")
		if implicit.code != workspace.ExitFailed || !strings.Contains(implicit.stdout, "error: member bob@example.org") || !strings.Contains(implicit.stdout+implicit.stderr, "fetch-depth: 0") {
			t.Errorf("depth %s: validate passes what the full clone refuses, or without the fix:\nexit %d\n%s%s", depth, implicit.code, implicit.stdout, implicit.stderr)
		}
		if based.code != implicit.code || based.stdout != implicit.stdout {
			t.Errorf("depth %s: --base HEAD gives another verdict: exit %d\n%s%s", depth, based.code, based.stdout, based.stderr)
		}
		if r := f.doSync(workspace.SyncOptions{}); r.code != workspace.ExitWalkIns || !strings.Contains(r.stderr, "bob@example.org") {
			t.Errorf("depth %s: sync exit %d (the full clone's %d)\n%s", depth, r.code, fullSync.code, r.stderr)
		}
	}
}
