package workspace_test

import (
	"fmt"
	"github.com/roster-dev/roster/directory/emulator"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestAVersionWithTwoListsOfOneGroupIsPassedOver: a committed version
// that gives one group two lists (validate refuses it, sync refuses it
// whole and never ran it) changed nothing on the group, on every route:
// history tells no change and says why, show lists bob once as the
// member he stayed, diff sees no change, and audit judges the version
// sync last applied, saying so, with the refusal that day's violation.
func TestAVersionWithTwoListsOfOneGroupIsPassedOver(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("bob@example.org", `reports = "member"`), "The list (#1)")
	day1 := f.repo.Date().Format("2006-01-02")
	f.repo.Tick()
	dup := "\n[lists.dup]\naddress = \"Security@example.org\"\npolicy = \"p\"\n"
	f.repo.Commit("members.toml", header+dup+person("ada@example.org", `reports = "owner"`)+person("bob@example.org", `reports = "member", dup = "owner"`), "A second list of the group (#2)")
	day2 := f.repo.Date().Format("2006-01-02")
	const why = "sync refuses it whole"
	h := f.doHistory(workspace.HistoryOptions{})
	if strings.Contains(h.stdout, "member -> owner") || !strings.Contains(h.stderr, why) {
		t.Errorf("history:\n%s%s", h.stdout, h.stderr)
	}
	for _, lists := range [][]string{nil, {"reports"}} {
		s := f.doShow(workspace.ShowOptions{At: day2, Lists: lists})
		if s.code != 0 || strings.Count(s.stdout, "bob@example.org") != 1 || !regexp.MustCompile(`bob@example.org\s+member`).MatchString(s.stdout) || !strings.Contains(s.stderr, why) {
			t.Errorf("show --at %s %v: exit %d\n%s%s", day2, lists, s.code, s.stdout, s.stderr)
		}
	}
	at, _ := time.Parse("2006-01-02", day2)
	// The day's refusal is the day's violation, named in the version
	// committed then, as today's audit of such a file says it; whom the
	// group held is judged in the version before.
	if a := f.doAudit(false, workspace.AuditOptions{At: at}); a.code != workspace.ExitFailed || !regexp.MustCompile(`VIOLATION +list-address .* members\.toml@[0-9a-f]+:15:1: list dup`).MatchString(a.stdout) || !strings.Contains(a.stderr, why) {
		t.Errorf("audit --at %s:\n%s%s", day2, a.stdout, a.stderr)
	}
	for _, format := range []report.Format{report.Text, report.JSON} {
		d := f.doDiff(workspace.DiffOptions{From: day1, To: day2, Format: format})
		if strings.Contains(d.stdout, "bob") || !strings.Contains(d.stderr, why) {
			t.Errorf("diff %s %s (%s):\n%s%s", day1, day2, format, d.stdout, d.stderr)
		}
	}
}

// TestALookAlikeOnTheGroupIsNamedWhenItBlocksTheEntry: a walk-in written
// with a Kelvin sign is a stranger to roster, but Google (as the
// emulator does) may take it for kim: the add of the real kim then
// fails, and the failure says what to remove rather than only that a
// read failed.
func TestALookAlikeOnTheGroupIsNamedWhenItBlocksTheEntry(t *testing.T) {
	t.Parallel()
	f := truthRepo(t)
	if _, err := f.emu.ByHand(emulator.Change{Application: "groups", Event: "join", Group: "security@example.org", Actor: "\u212aim@example.org"}); err != nil {
		t.Fatal(err)
	}
	f.repo.Commit("members.toml", f.read("members.toml")+entry("kim@example.org", "member", "ada@example.org", "2026-06-05"), "Add kim")
	r := f.doSync(workspace.SyncOptions{})
	if r.code != workspace.ExitFailed || !strings.Contains(r.stdout+r.stderr, "U+212A") || !strings.Contains(r.stdout+r.stderr, "Google may be taking it for this one") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestAdviceCountsEveryListsRemovals: edits that take three people off
// one list and three off another leave a sync that refuses all six
// (over --max-removals 5): the advice after the last must say so, not
// that sync will take that one off.
func TestAdviceCountsEveryListsRemovals(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	file := header + "\n[lists.beta]\naddress = \"beta@example.org\"\npolicy = \"p\"\n" + person("ada@example.org", `reports = "owner", beta = "owner"`) + person("grace@example.org", `reports = "member", beta = "member"`)
	for i := 0; i < 12; i++ {
		file += person(fmt.Sprintf("a%02d@example.org", i), `reports = "member"`) + person(fmt.Sprintf("b%02d@example.org", i), `beta = "member"`)
	}
	f.repo.Commit("members.toml", file, "Two lists (#1)")
	for _, email := range []string{"a00", "a01", "a02", "b00", "b01"} {
		if r := f.do(removeEdit(email + "@example.org")); r.code != 0 {
			t.Fatalf("remove %s: exit %d\n%s", email, r.code, r.stderr)
		}
	}
	r := f.do(removeEdit("b02@example.org"))
	if strings.Contains(r.stderr, "sync will take b02@example.org off beta") || !strings.Contains(r.stderr, "cannot remove 6 members in all") {
		t.Errorf("the sixth removal's advice:\n%s", r.stderr)
	}
}
