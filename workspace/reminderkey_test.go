package workspace_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/pullrequest/githubtest"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// reminderOutcome is what the JSON report of an audit --github-issue
// says became of the issue.
func reminderOutcome(t *testing.T, r outcome) string {
	t.Helper()
	var doc struct {
		Reminder *struct {
			Outcome string `json:"outcome"`
			Error   string `json:"error"`
		} `json:"reminder"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.Reminder == nil {
		t.Fatalf("exit %d, %v:\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	return doc.Reminder.Outcome + doc.Reminder.Error
}

// TestReminderIssueTheSameFromAnyDirectory: the issue's body, the
// positions and commands of its findings included, is written from the
// top of the repository, whichever directory the run is in and however
// it names the file: one file gives one body, which no later run
// rewrites, and the vet it quotes edits that file when run from the top.
func TestReminderIssueTheSameFromAnyDirectory(t *testing.T) {
	t.Parallel()
	for _, dir := range []string{"sec", "it's lists/sec`x"} {
		_, _, _, file := reminderFixture(t)
		// grace vets for nothing any more: ada is on reports with no
		// record that admits her, a finding that quotes 'roster vet'.
		file = strings.Replace(file, `lists = { reports = "member" }`, `lists = { }`, 1)
		f, gh, g := reminderRepo(t, dir+"/members.toml")
		f.write(dir+"/members.toml", file)
		g.Login = githubtest.Self
		top := dir + "/members.toml"
		for i, run := range [][2]string{{dir, "members.toml"}, {"", top}, {"", "ABS"}, {dir + "/..", filepath.Base(dir) + "/members.toml"}} {
			name, hint := run[1], workspace.Context{File: run[1]}
			switch {
			case name == "ABS":
				name = filepath.Join(f.dir, top)
				hint.File = name
			case name == "members.toml":
				hint.File = ""
			}
			if err := os.MkdirAll(filepath.Join(f.dir, run[0]), 0o755); err != nil {
				t.Fatal(err)
			}
			r := f.auditIn(run[0], name, hint, g, report.JSON)
			want := "unchanged"
			if i == 0 {
				want = "created"
			}
			if got := reminderOutcome(t, r); got != want {
				t.Errorf("%s: run %d (--file %s from %q): the issue was %s, want %s\n%s", dir, i, name, run[0], got, want, r.stderr)
			}
		}
		is := ours(gh, githubtest.Self)
		if len(is) != 1 {
			t.Fatalf("%s: %d issues, want one", dir, len(is))
		}
		body := fmt.Sprint(is[0]["body"])
		at := report.MD(top + ":19:12: member ada@example.org")
		vet := report.MD(workspace.Context{File: top}.Rewrite("'roster vet ada@example.org --by WHO --method METHOD --note TEXT'"))
		if !strings.Contains(body, at) || !strings.Contains(body, vet) || strings.Contains(body, f.dir) {
			t.Errorf("%s: the issue does not give %s and %s from the top:\n%s", dir, at, vet, body)
		}
	}
}

// TestReminderIssueCarriesUpcoming: an issue written with --upcoming
// lists what lapses in that window, and the audit it names to see them,
// and to keep it, has the same window.
func TestReminderIssueCarriesUpcoming(t *testing.T) {
	t.Parallel()
	f, gh, g := reminderRepo(t, "members.toml")
	g.Login = githubtest.Self
	ws := f.ws(workspace.Context{})
	// grace's record lapses on 2027-05-20, beyond the default 30 days.
	r := f.outcome(ws.Audit(ctx, workspace.AuditOptions{Source: membersFile, Format: report.Text, At: todayDate, Upcoming: 200 * 24 * time.Hour, Issue: &g}))
	is := ours(gh, githubtest.Self)
	if len(is) != 1 {
		t.Fatalf("exit %d, %d issues\n%s", r.code, len(is), r.stderr)
	}
	body := fmt.Sprint(is[0]["body"])
	if !strings.Contains(body, "grace@example.org") || !strings.Contains(body, "kept up to date by `roster audit --upcoming 200d --github-issue`") || strings.Contains(body, "`roster audit`") {
		t.Errorf("the issue:\n%s", body)
	}
	// As written: 12w stays 12w in the issue, not 84d.
	r = f.outcome(ws.Audit(ctx, workspace.AuditOptions{Source: membersFile, Format: report.Text, At: todayDate, Upcoming: 84 * 24 * time.Hour, UpcomingWritten: "12w", Issue: &g}))
	if is := ours(gh, githubtest.Self); len(is) != 1 || !strings.Contains(fmt.Sprint(is[0]["body"]), "`roster audit --upcoming 12w --github-issue`") {
		t.Errorf("exit %d, the issue does not give --upcoming as written:\n%v", r.code, is)
	}
}

// TestReminderIssueNeedsGit: outside a git repository, a file has no
// path that is the same from every directory, and none that publishes
// nothing of the runner's: audit --github-issue refuses, before writing
// anything, and says where to run it.
func TestReminderIssueNeedsGit(t *testing.T) {
	t.Parallel()
	_, gh, srv, file := reminderFixture(t)
	f := newFixture(t, "")
	f.write("sub/members.toml", file)
	g := workspace.GitHubOptions{API: srv.URL, Repo: "o/r", Token: githubtest.Token, Login: githubtest.Self}
	for _, run := range [][2]string{{"sub", "members.toml"}, {"", "sub/members.toml"}, {"", filepath.Join(f.dir, "sub/members.toml")}} {
		r := f.auditIn(run[0], run[1], workspace.Context{}, g, report.Text)
		if r.code != workspace.ExitFailed || r.stdout != "" || !strings.Contains(r.stderr, "git repository") || !strings.Contains(r.stderr, "checkout") {
			t.Errorf("--file %s from %q: exit %d\n%s%s", run[1], run[0], r.code, r.stdout, r.stderr)
		}
	}
	if len(gh.Issues) != 0 {
		t.Errorf("issues written outside git: %v", gh.Issues)
	}
}

// TestReminderIssueOfAMovedFile: a members file moved in git (git mv)
// keeps its issue under its new path, and the run that keeps it closes
// the issue of the old path, which no run keeps any more, saying where
// the reminders are now. An issue of another file still there stays.
func TestReminderIssueOfAMovedFile(t *testing.T) {
	t.Parallel()
	f, gh, g := reminderRepo(t, "members.toml")
	g.Login = githubtest.Self
	other := strings.ReplaceAll(f.read("members.toml"), "grace", "gus")
	f.repo.Commit("other.toml", other, "Other (#2)")
	for _, file := range []string{"members.toml", "other.toml"} {
		if r := f.auditIn("", file, workspace.Context{}, g, report.Text); len(ours(gh, githubtest.Self)) == 0 {
			t.Fatalf("audit of %s: exit %d\n%s", file, r.code, r.stderr)
		}
	}
	if err := os.Mkdir(filepath.Join(f.dir, "sec"), 0o755); err != nil {
		t.Fatal(err)
	}
	f.repo.Git("mv", "members.toml", "sec/members.toml")
	f.repo.Git("commit", "-q", "-m", "Move")
	r := f.auditIn("sec", "members.toml", workspace.Context{}, g, report.Text)
	state := map[string]any{}
	for _, is := range ours(gh, githubtest.Self) {
		state[fmt.Sprint(is["title"])] = is["state"]
	}
	want := map[string]any{"roster: vetting to renew": "closed", "roster: vetting to renew (other.toml)": "open", "roster: vetting to renew (sec/members.toml)": "open"}
	if fmt.Sprint(state) != fmt.Sprint(want) {
		t.Errorf("issues %v, want %v\n%s", state, want, r.stderr)
	}
	old := fmt.Sprint(ours(gh, githubtest.Self)[0]["number"])
	var n int
	fmt.Sscan(old, &n)
	cs := gh.Comments(n)
	if len(cs) != 1 || !strings.Contains(fmt.Sprint(cs[0]["body"]), "`members.toml` is no longer a file of the repository") || !strings.Contains(fmt.Sprint(cs[0]["body"]), "`sec/members.toml` is in #") {
		t.Errorf("the old issue's closing comments: %v", cs)
	}
	if !strings.Contains(r.stderr, "reminder issue #"+old+" closed") {
		t.Errorf("the run does not say it closed #%s:\n%s", old, r.stderr)
	}
}
