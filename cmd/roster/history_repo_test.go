package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/history/historytest"
)

// commitAt commits content with the given author and committer dates, as
// a rebase or cherry-pick leaves a commit authored long before it landed.
func commitAt(t *testing.T, r *historytest.Repo, content, subject, authored, committed string) {
	t.Helper()
	writeFile(t, filepath.Join(r.Dir, "members.toml"), []byte(content))
	for _, args := range [][]string{{"add", "members.toml"}, {"commit", "-q", "-m", subject}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = r.Dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+authored, "GIT_COMMITTER_DATE="+committed)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
}

// TestDatesAreWhenChangesLanded: a commit authored in June and landed in
// November is a November change for show --at, diff and history.
func TestDatesAreWhenChangesLanded(t *testing.T) {
	r := historytest.New(t)
	ada := histMember("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	commitAt(t, r, histHeader+ada, "Create the list (#1)", "2026-01-10T12:00:00Z", "2026-01-10T12:00:00Z")
	lin := histMember("lin@example.org", "member", "ada@example.org", "2026-06-01")
	commitAt(t, r, histHeader+ada+lin, "Add lin (#2)", "2026-06-01T12:00:00Z", "2026-11-02T12:00:00Z")
	if res := runRoster(t, r.Dir, "show", "--at", "2026-07-01"); res.code != 0 || strings.Contains(res.stdout, "lin@") {
		t.Errorf("show --at July lists a change that landed in November:\n%s%s", res.stdout, res.stderr)
	}
	if res := runRoster(t, r.Dir, "show", "--at", "2026-11-03"); res.code != 0 || !strings.Contains(res.stdout, "lin@") {
		t.Errorf("show --at November:\n%s%s", res.stdout, res.stderr)
	}
	res := runRoster(t, r.Dir, "history", "--since", "2026-10-01", "--format", "json")
	var events []struct{ Email, Date string }
	if err := json.Unmarshal([]byte(res.stdout), &events); err != nil || len(events) == 0 {
		t.Fatalf("history --since October: %v\n%s%s", err, res.stdout, res.stderr)
	}
	if !strings.HasPrefix(events[0].Date, "2026-11-02") {
		t.Errorf("the event is dated %s, not when it landed", events[0].Date)
	}
	if res := runRoster(t, r.Dir, "diff", "2026-10-01", "2026-11-30"); !strings.Contains(res.stdout, "+ lin@example.org") {
		t.Errorf("diff over the window where it landed:\n%s%s", res.stdout, res.stderr)
	}
}

func TestShallowCloneHistoryIsRefused(t *testing.T) {
	r := histRepo(t)
	clone := filepath.Join(t.TempDir(), "clone")
	if out, err := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+r.Dir, clone).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	for _, args := range [][]string{{"history"}, {"show", "--at", "2026-03-02"}, {"diff", "HEAD"}, {"audit"}} {
		res := runRoster(t, clone, args...)
		if args[0] == "audit" {
			continue // audit reads no history
		}
		if res.code != 1 || !strings.Contains(res.stderr, "fetch-depth: 0") || !strings.Contains(res.stderr, "git fetch --unshallow") {
			t.Errorf("%v in a shallow clone: exit %d %s", args, res.code, res.stderr)
		}
	}
}

// TestRevisionsOnOtherBranches: a revision is that commit on any branch.
func TestRevisionsOnOtherBranches(t *testing.T) {
	r := historytest.New(t)
	ada := histMember("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	r.Commit("members.toml", histHeader+ada, "Create the list (#1)")
	r.Git("checkout", "-q", "-b", "feature")
	lin := histMember("lin@example.org", "member", "ada@example.org", "2026-03-02")
	r.Commit("members.toml", histHeader+ada+lin, "Add lin")
	r.Git("checkout", "-q", "main")
	res := runRoster(t, r.Dir, "diff", "main", "feature")
	if res.code != 0 || !strings.Contains(res.stdout, "+ lin@example.org") {
		t.Errorf("diff main feature, on main: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	res = runRoster(t, r.Dir, "show", "--at", "feature")
	if res.code != 0 || !strings.Contains(res.stdout, "lin@example.org") {
		t.Errorf("show --at feature: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
}

// TestHostileGitInput: a control byte in a subject does not break
// history, a revision that looks like an option is refused and writes
// nothing, and CSV cells are never formulas.
func TestHostileGitInput(t *testing.T) {
	r := historytest.New(t)
	ada := histMember("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	r.Commit("members.toml", histHeader+ada, "Create the list\x1e(#1)")
	lin := histMember("lin@example.org", "member", "ada@example.org", "2026-03-02")
	r.Commit("members.toml", histHeader+ada+lin, "=HYPERLINK(\"http://evil.example/\",\"Add lin\")")
	res := runRoster(t, r.Dir, "history", "--format", "csv")
	if res.code != 0 || strings.Count(res.stdout, "\n") != 5 {
		t.Fatalf("history with a control byte in a subject: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if strings.Contains(res.stdout, ",=HYPERLINK") || !strings.Contains(res.stdout, "'=HYPERLINK") {
		t.Errorf("a formula reached the CSV:\n%s", res.stdout)
	}
	before := readFile(t, filepath.Join(r.Dir, "members.toml"))
	for _, args := range [][]string{
		{"show", "--at=--output=members.toml"},
		{"diff", "--output=members.toml"},
		{"history", "--since=--output=members.toml"},
		{"show", "--at", "HEAD~0:members.toml"},
	} {
		res := runRoster(t, r.Dir, args...)
		if res.code != 1 {
			t.Errorf("%v: exit %d %s", args, res.code, res.stderr)
		}
	}
	if got := readFile(t, filepath.Join(r.Dir, "members.toml")); got != before {
		t.Fatal("a revision argument wrote members.toml")
	}
}
