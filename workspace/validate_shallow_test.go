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

// TestAShallowCloneJudgesALapseAsTheFullOneWhereItCan: a shallow clone
// (actions/checkout's default) has the history since the commit it was
// cut at, which decides most lapses: dee, listed since before the cut,
// whose record lapsed after it, was admitted by it whatever came
// before; fay, listed after the cut on a record lapsed by then, never
// was. validate (with no base, and with --base HEAD) and audit give the
// full clone's verdicts there. Only a record that lapsed before the cut,
// of someone listed since before it, is judged as never admitting them,
// with a note naming the fix.
func TestAShallowCloneJudgesALapseAsTheFullOneWhereItCan(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	owners := entry("ada@example.org", "owner", "grace@example.org", "2026-06-05") + entry("grace@example.org", "member", "ada@example.org", "2026-06-05")
	dee := entry("dee@example.org", "member", "ada@example.org", "2025-06-01") // lapses 2026-06-01, after the cut
	fay := entry("fay@example.org", "member", "ada@example.org", "2025-01-05") // lapsed 2026-01-05, before she was listed
	f.repo.Commit("members.toml", hdr+owners+dee, "Create the list (#1)")
	f.repo.Commit("members.toml", hdr+owners+dee+"\n", "Tidy (#2)")
	f.repo.Commit("members.toml", hdr+owners+dee+fay, "Add fay (#3)")
	full := []outcome{f.doValidate("members.toml", report.Text, ""), f.doValidate("members.toml", report.Text, "HEAD"), f.doAudit(false, workspace.AuditOptions{})}
	if !strings.Contains(full[0].stdout, "warning: member dee@example.org") || !strings.Contains(full[0].stdout, "error: member fay@example.org") {
		t.Fatalf("the full clone:\n%s%s", full[0].stdout, full[0].stderr)
	}
	f.repo.Git("update-ref", "refs/keep", "HEAD")
	clone := filepath.Join(t.TempDir(), "clone")
	// Cut at "Tidy (#2)": dee was listed before it, fay after.
	f.repo.Git("clone", "-q", "--depth", "2", "file://"+f.dir, clone)
	f.dir = clone
	shallow := []outcome{f.doValidate("members.toml", report.Text, ""), f.doValidate("members.toml", report.Text, "HEAD"), f.doAudit(false, workspace.AuditOptions{})}
	for i, what := range []string{"validate", "validate --base HEAD", "audit"} {
		if shallow[i].stdout != full[i].stdout || shallow[i].code != full[i].code {
			t.Errorf("%s: the shallow clone's verdict differs:\nexit %d\n%s%s\nthe full clone's: exit %d\n%s", what, shallow[i].code, shallow[i].stdout, shallow[i].stderr, full[i].code, full[i].stdout)
		}
	}

	// A record that lapsed before the cut, of someone listed since
	// before it: the clone cannot tell, and judges it as never admitting
	// them, naming the fix.
	g := newRepoFixture(t)
	old := entry("old@example.org", "member", "ada@example.org", "2025-01-05")
	g.repo.Commit("members.toml", hdr+owners+old, "Create the list (#1)")
	g.repo.Commit("members.toml", hdr+owners+old+"\n", "Tidy (#2)")
	g.shallowClone()
	if r := g.doValidate("members.toml", report.Text, ""); r.code != workspace.ExitFailed || !strings.Contains(r.stdout, "error: member old@example.org") || !strings.Contains(r.stdout+r.stderr, "fetch-depth: 0") {
		t.Errorf("a lapse before the cut: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
