package workspace_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestAnotherSpellingAddedByHandIsNamed: the file lists dana@; someone
// adds dana+spy@ by hand. roster writes the spelling the file does, so
// that add is not roster's, however the mailbox folds: every route that
// reverts or reports it names who made it.
func TestAnotherSpellingAddedByHandIsNamed(t *testing.T) {
	t.Parallel()
	f := danaSynced(t)
	if _, err := f.emu.ByHand(emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "dana+spy@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	for _, format := range []report.Format{report.Text, report.Markdown, report.JSON} {
		out := f.doPlan(workspace.PlanOptions{Format: format}).stdout
		if !strings.Contains(out, "dana+spy@example.org") || !strings.Contains(out, "added by root@example.org") {
			t.Errorf("plan --format %s does not say who added dana+spy@:\n%s", format, out)
		}
	}
	r := f.doSync(workspace.SyncOptions{})
	if !strings.Contains(r.stdout, "added by root@example.org") {
		t.Errorf("sync reverts dana+spy@ without naming who added them: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestARoleRaisedUnderAnotherSpellingIsNamed: the file lists dana@ as a
// member; by hand, dana@ is taken off and dana+x@ put back as manager.
// Google's log names dana+x@; the plan's line is dana's: who raised the
// role is named all the same.
func TestARoleRaisedUnderAnotherSpellingIsNamed(t *testing.T) {
	t.Parallel()
	f := danaSynced(t)
	for _, c := range []emulator.Change{
		{Event: "remove_user", Group: "security@example.org", Actor: "ada@example.org", Member: "dana@example.org"},
		{Event: "add_user", Group: "security@example.org", Actor: "ada@example.org", Member: "dana+x@example.org", Role: "manager"},
	} {
		if _, err := f.emu.ByHand(c); err != nil {
			t.Fatal(err)
		}
	}
	out := f.doPlan(workspace.PlanOptions{}).stdout
	if !strings.Contains(out, "manager -> member") || !strings.Contains(out, "added by ada@example.org") {
		t.Errorf("the plan does not say who made dana+x@ a manager:\n%s", out)
	}
}

// TestAPullRequestRespellingPlansNoChange: a pull request that only
// writes dana@ as dana+lists@ takes nobody off and adds nobody: its plan
// shows the same mailbox, as sync will after the merge, not a removal
// and an addition.
func TestAPullRequestRespellingPlansNoChange(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	content := founded(header) + founder(`reports = "owner"`) + person("dana@example.org", `reports = "member"`)
	f.repo.Commit("members.toml", content, "The list (#1)")
	if err := f.emu.AddGroup("security@example.org"); err != nil {
		t.Fatal(err)
	}
	if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
		t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	f.write("members.toml", strings.Replace(content, `email = "dana@example.org"`, `email = "dana+lists@example.org"`, 1))
	r := f.doPlan(workspace.PlanOptions{Base: "HEAD", Format: report.Text})
	if strings.Contains(r.stdout, "+ dana+lists@example.org") || strings.Contains(r.stdout, "- dana@example.org") {
		t.Errorf("a respelling plans as a removal and an addition:\n%s%s", r.stdout, r.stderr)
	}
}

// TestAnotherSpellingKeptSaysWhereTheFileListsIt: a walk-in under a
// +tag of an entry the file lists on another list only is kept with a
// note naming that entry's line, as the entry's own spelling would be.
func TestAnotherSpellingKeptSaysWhereTheFileListsIt(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := header + "\n[lists.other]\naddress = \"other@example.org\"\npolicy = \"p\"\n"
	f.repo.Commit("members.toml", hdr+person("ada@example.org", `reports = "owner", other = "owner"`)+person("bob@example.org", `other = "member"`), "The lists (#1)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob+x@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	if err := f.emu.AddGroup("other@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	if out := f.doPlan(workspace.PlanOptions{Lists: []string{"reports"}}).stdout; !strings.Contains(out, "lists them only on other") {
		t.Errorf("the plan does not say where the file lists bob+x@'s mailbox:\n%s", out)
	}
}

// TestAnotherSpellingOnTheGroupIsNotTheEntrysEvents: with dana@ on the
// group, root makes her a manager, and mallory adds dana+x@, another
// member to Google: the role change of dana@ is root's, not mallory's.
func TestAnotherSpellingOnTheGroupIsNotTheEntrysEvents(t *testing.T) {
	t.Parallel()
	f := danaSynced(t)
	for _, c := range []emulator.Change{
		{Application: "admin", Event: "UPDATE_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "dana@example.org", Role: "MANAGER"},
		{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: "security@example.org", Actor: "mallory@example.org", Member: "dana+x@example.org", Role: "MEMBER"},
	} {
		if _, err := f.emu.ByHand(c); err != nil {
			t.Fatal(err)
		}
	}
	out := f.doPlan(workspace.PlanOptions{}).stdout
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "~ dana@example.org") && (!strings.Contains(line, "root@example.org") || strings.Contains(line, "mallory@")) {
			t.Errorf("dana@'s role change is not root's: %q\n%s", line, out)
		}
	}
	if !strings.Contains(out, "~ dana@example.org") {
		t.Errorf("no role change of dana@:\n%s", out)
	}
}

// danaSynced is a repository whose file lists dana@ on reports (and its
// founder), committed and synced to the fixture's domain.
func danaSynced(t *testing.T) *fixture {
	t.Helper()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`)+person("dana@example.org", `reports = "member"`), "The list (#1)")
	if err := f.emu.AddGroup("security@example.org"); err != nil {
		t.Fatal(err)
	}
	if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
		t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	return f
}
