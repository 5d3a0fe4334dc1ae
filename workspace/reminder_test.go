package workspace_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/pullrequest/githubtest"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// reminderRepo is reminderFixture's file committed at path in a git
// repository, with a stand-in GitHub whose options it returns (no
// --github-login).
func reminderRepo(t *testing.T, path string) (*fixture, *githubtest.Server, workspace.GitHubOptions) {
	t.Helper()
	_, gh, srv, file := reminderFixture(t)
	f := newRepoFixture(t)
	f.repo.Commit(path, file, "Lists (#1)")
	return f, gh, workspace.GitHubOptions{API: srv.URL, Repo: "o/r", Token: githubtest.Token}
}

// auditIn runs audit --github-issue of file from the directory dir (in
// the fixture's), with hint as the run's context, today.
func (f *fixture) auditIn(dir, file string, hint workspace.Context, g workspace.GitHubOptions, format report.Format) outcome {
	f.t.Helper()
	f.stdout.Reset()
	f.stderr.Reset()
	ws := workspace.New(workspace.Env{Stdout: &f.stdout, Stderr: &f.stderr, Now: func() time.Time { return today },
		Getenv: func(string) string { return "" }, Workdir: filepath.Join(f.dir, dir), Context: hint, UserAgent: "roster/test"})
	return f.outcome(ws.Audit(ctx, workspace.AuditOptions{Source: workspace.Source{Path: file}, Format: format, At: todayDate, Issue: &g}))
}

// ours are the issues of the stand-in that login opened.
func ours(gh *githubtest.Server, login string) []githubtest.Obj {
	var out []githubtest.Obj
	for _, is := range gh.Issues {
		if fmt.Sprint(is["user"].(githubtest.Obj)["login"]) == login {
			out = append(out, is)
		}
	}
	return out
}

// TestReminderIssueOfAFileByItsPathInTheRepository: the reminder issue
// of a members file is keyed by its path in the repository, whichever
// directory a run names it from (a subdirectory's ../members.toml, an
// absolute path): one issue, titled and written as from the top of the
// repository, where the workflow runs, its commands running there as
// printed.
func TestReminderIssueOfAFileByItsPathInTheRepository(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file, title, audit, vet string
		// runs are (directory, --file) pairs, "" for none.
		runs [][2]string
	}{
		{"members.toml", "roster: vetting to renew", "`roster audit --github-issue`", "`roster vet EMAIL --by WHO --method METHOD --note TEXT`",
			[][2]string{{"", ""}, {"sub", "../members.toml"}, {"sub", "ABS"}, {"", "./members.toml"}}},
		{"team/members.toml", "roster: vetting to renew (team/members.toml)", "`roster audit --file team/members.toml --github-issue`", "`roster vet EMAIL --by WHO --method METHOD --note TEXT --file team/members.toml`",
			[][2]string{{"", "team/members.toml"}, {"team", ""}, {"team/sub", "../members.toml"}, {"sub", "ABS"}}},
	} {
		f, gh, g := reminderRepo(t, tc.file)
		g.Login = githubtest.Self
		if err := os.MkdirAll(filepath.Join(f.dir, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(f.dir, "team", "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, run := range tc.runs {
			file, hint := run[1], workspace.Context{File: run[1]}
			switch file {
			case "":
				file = "members.toml"
			case "ABS":
				file = filepath.Join(f.dir, tc.file)
				hint.File = file
			}
			if r := f.auditIn(run[0], file, hint, g, report.Text); r.code != 0 {
				t.Fatalf("%s: audit --file %s from %q: exit %d\n%s%s", tc.file, file, run[0], r.code, r.stdout, r.stderr)
			}
		}
		is := ours(gh, githubtest.Self)
		if len(is) != 1 {
			t.Fatalf("%s: %d issues, want one: %v", tc.file, len(is), is)
		}
		body := fmt.Sprint(is[0]["body"])
		if is[0]["title"] != tc.title || !strings.Contains(body, tc.audit) || !strings.Contains(body, tc.vet) || strings.Contains(body, "..") || strings.Contains(body, f.dir) {
			t.Errorf("%s: issue %q:\n%s", tc.file, is[0]["title"], body)
		}
	}
}

// TestReminderIssueNamesNoLiveFlags: a run with --live keeps the same
// issue as one without, and the command the issue names runs as printed
// and publishes neither a key's path nor the delegated admin.
func TestReminderIssueNamesNoLiveFlags(t *testing.T) {
	t.Parallel()
	f, gh, g := reminderRepo(t, "members.toml")
	g.Login = githubtest.Self
	hint := workspace.Context{Live: []string{"--credentials", "k ey.json", "--subject", "boss@example.org"}}
	f.stdout.Reset()
	f.stderr.Reset()
	lo := f.live()
	r := f.outcome(f.ws(hint).Audit(ctx, workspace.AuditOptions{Source: membersFile, Format: report.Text, At: todayDate, Live: &lo, NoAttribution: true, Issue: &g}))
	is := ours(gh, githubtest.Self)
	if len(is) != 1 {
		t.Fatalf("exit %d, %d issues\n%s%s", r.code, len(is), r.stdout, r.stderr)
	}
	body := fmt.Sprint(is[0]["body"])
	if strings.Contains(body, "k ey.json") || strings.Contains(body, "boss@") || strings.Contains(body, "--credentials") || !strings.Contains(body, "kept up to date by `roster audit --github-issue`") {
		t.Errorf("the issue's body:\n%s", body)
	}
	// Without --live: the same issue, unchanged.
	if r := f.auditIn("", "members.toml", workspace.Context{}, g, report.Text); r.code != 0 || strings.Contains(r.stderr, "reminder issue") || len(ours(gh, githubtest.Self)) != 1 {
		t.Errorf("audit without --live: exit %d, %d issues\n%s", r.code, len(ours(gh, githubtest.Self)), r.stderr)
	}
}

// TestReminderIssueWithAPersonalToken: a personal token writes as its
// user, whom GitHub names: with no --github-login, roster asks GitHub
// for the token's login, and keeps one issue, and one review comment,
// over runs. An app's token, whose login GitHub does not answer, writes
// as its bot: the run that opens the issue says so, and what to pass.
func TestReminderIssueWithAPersonalToken(t *testing.T) {
	t.Parallel()
	f, gh, g := reminderRepo(t, "members.toml")
	gh.As = "alice-pat"
	for range 3 {
		if r := f.auditIn("", "members.toml", workspace.Context{}, g, report.Text); r.code != 0 {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	}
	if n := len(gh.Issues); n != 1 {
		t.Errorf("%d issues after three runs with a personal token, want one", n)
	}

	f, gh, g = reminderRepo(t, "members.toml")
	gh.As = "roster-app[bot]"
	r := f.auditIn("", "members.toml", workspace.Context{}, g, report.Text)
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "was written as roster-app[bot], not as github-actions[bot]") || !strings.Contains(r.stderr, `--github-login roster-app\[bot\]`) {
		t.Errorf("an app's token: exit %d\n%s", r.code, r.stderr)
	}

	pr, prGH, pg := prRepo(t, func(s string) string { return s + reviewEntry("lin@example.org", "lin-x", `reports = "member"`) }, "lin-x", "lin-x")
	prGH.As, pg.Login = "alice-pat", ""
	for range 2 {
		_ = pr.outcome(pr.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, PR: 7, Comment: true, GitHub: pg}))
	}
	if cs := prGH.Comments(7); len(cs) != 1 {
		t.Errorf("%d review comments after two runs with a personal token, want one\n%s", len(cs), pr.stderr.String())
	}
}

// TestReminderOfARecordLapsedBeforeTheFileListedThem: a record that had
// lapsed before the file listed its member is due as any lapsed one:
// audit lists it under its vetter to re-vet, and the reminder mentions
// them; its message reads in order.
func TestReminderOfARecordLapsedBeforeTheFileListedThem(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	gh := githubtest.New(t)
	srv := httptest.NewServer(gh)
	t.Cleanup(srv.Close)
	g := workspace.GitHubOptions{API: srv.URL, Repo: "o/r", Token: githubtest.Token, Login: githubtest.Self}
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nvetting_valid_for = \"300d\"", 1)
	owners := "\n[[member]]\nemail = \"ada@example.org\"\ngithub = \"ada-x\"\nlists = { reports = \"owner\" }\nvetting = [{ by = \"bob-x\", on = 2026-06-01, method = \"video-call\" }]\n" +
		"\n[[member]]\nemail = \"bob@example.org\"\ngithub = \"bob-x\"\nlists = { reports = \"owner\" }\nvetting = [{ by = \"ada-x\", on = 2026-06-01, method = \"video-call\" }]\n"
	// eve's record lapsed on 2025-10-28; the file lists her from March 2026.
	eve := "\n[[member]]\nemail = \"eve@example.org\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada-x\", on = 2025-01-01, method = \"video-call\" }]\n"
	f.repo.Commit("members.toml", hdr+owners, "Lists (#1)")
	f.repo.Commit("members.toml", hdr+owners+eve, "Eve (#2)")
	r := f.auditIn("", "members.toml", workspace.Context{}, g, report.Text)
	if !strings.Contains(r.stdout, "vetting-lapsed-when-listed") && !strings.Contains(r.stdout, "never admitted them") {
		t.Fatalf("audit does not find eve's record lapsed when listed:\n%s", r.stdout)
	}
	_, revet, _ := strings.Cut(r.stdout, "RE-VET, BY VETTER")
	if !strings.Contains(revet, "@ada-x:\n  eve@example.org on reports: lapsed on 2025-10-28") {
		t.Errorf("audit does not ask @ada-x to re-vet eve:\n%s", r.stdout)
	}
	if is := ours(gh, githubtest.Self); len(is) != 1 || !strings.Contains(fmt.Sprint(is[0]["body"]), "### @ada-x") || !strings.Contains(fmt.Sprint(is[0]["body"]), "eve@example.org on reports: lapsed on 2025-10-28") {
		t.Errorf("the reminder does not ask @ada-x to re-vet eve: %v", gh.Issues)
	}
	if strings.Contains(r.stdout, "', before") || !strings.Contains(r.stdout, "re-vet them: record a new one with 'roster vet eve@example.org") {
		t.Errorf("the finding does not read in order:\n%s", r.stdout)
	}
}

// TestReminderFailureInTheJSONReport: when GitHub refuses the reminder,
// the run fails, and its JSON report says why, not only stderr.
func TestReminderFailureInTheJSONReport(t *testing.T) {
	t.Parallel()
	f, gh, g := reminderRepo(t, "members.toml")
	gh.Fault = func(w http.ResponseWriter, r *http.Request, n int) bool {
		githubtest.Answer(w, http.StatusForbidden, githubtest.ErrForbidden())
		return true
	}
	r := f.auditIn("", "members.toml", workspace.Context{}, g, report.JSON)
	var doc struct {
		Reminder *struct {
			Error string `json:"error"`
		} `json:"reminder"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != workspace.ExitFailed || doc.Reminder == nil || !strings.Contains(doc.Reminder.Error, "HTTP 403") {
		t.Errorf("exit %d, %v:\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	// Kept, the report says which issue, and how.
	gh.Fault = nil
	r = f.auditIn("", "members.toml", workspace.Context{}, g, report.JSON)
	if !strings.Contains(r.stdout, `"outcome": "created"`) || !strings.Contains(r.stdout, `"issue": 100`) {
		t.Errorf("exit %d:\n%s", r.code, r.stdout)
	}
}

// TestReviewCommentFailureInTheJSONReport: when GitHub refuses the
// review's comment, the run fails, and its JSON says why, as audit's
// does for the reminder issue.
func TestReviewCommentFailureInTheJSONReport(t *testing.T) {
	t.Parallel()
	f, gh, g := prRepo(t, func(s string) string { return s + reviewEntry("lin@example.org", "lin-x", `reports = "member"`) }, "lin-x", "lin-x")
	gh.Review(7, "ada-x", "APPROVED", f.head())
	gh.Fault = func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method != http.MethodPost {
			return false
		}
		githubtest.Answer(w, http.StatusForbidden, githubtest.ErrForbidden())
		return true
	}
	review := func() outcome {
		return f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.JSON, PR: 7, Comment: true, GitHub: g}))
	}
	r := review()
	var doc struct {
		OK      bool `json:"ok"`
		Comment *struct {
			Review string `json:"review"`
			Error  string `json:"error"`
		} `json:"comment"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != workspace.ExitFailed || !doc.OK || doc.Comment == nil || !strings.Contains(doc.Comment.Error, "HTTP 403") {
		t.Errorf("exit %d, %v:\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	gh.Fault = nil
	r = review()
	doc.Comment = nil
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != 0 || doc.Comment == nil || doc.Comment.Review != "created" {
		t.Errorf("exit %d, %v:\n%s%s", r.code, err, r.stdout, r.stderr)
	}
}
