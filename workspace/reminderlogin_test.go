package workspace_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// reminderDoc is the reminder of an audit's JSON report.
type reminderDoc struct {
	Outcome string `json:"outcome"`
	Issue   int    `json:"issue"`
	URL     string `json:"url"`
	Error   string `json:"error"`
}

func reminderOf(t *testing.T, r outcome) reminderDoc {
	t.Helper()
	var doc struct {
		Reminder *reminderDoc `json:"reminder"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.Reminder == nil {
		t.Fatalf("exit %d, %v:\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	return *doc.Reminder
}

// TestReminderWithAWrongLogin: a --github-login no account has is
// refused before anything is written; one that is not a personal
// token's user too; a bot's mistyped (github-actions for
// github-actions[bot]) writes one issue, which the JSON report names
// with the error, and no later run writes another. So for the review's
// comment.
func TestReminderWithAWrongLogin(t *testing.T) {
	t.Parallel()
	f, gh, g := reminderRepo(t, "members.toml")
	for _, login := range []string{"bad login", "@ada-x"} {
		g.Login = login
		if r := f.auditIn("", "members.toml", workspace.Context{}, g, report.JSON); r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "--github-login") || strings.Contains(r.stdout, `"reminder"`) {
			t.Errorf("--github-login %q: exit %d\n%s%s", login, r.code, r.stdout, r.stderr)
		}
	}
	gh.As, g.Login = "alice-pat", "bob"
	if r := f.auditIn("", "members.toml", workspace.Context{}, g, report.JSON); r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "--github-login alice-pat") {
		t.Errorf("--github-login bob with alice's token: exit %d\n%s", r.code, r.stderr)
	}
	if len(gh.Issues) != 0 || len(gh.Writes) != 0 {
		t.Fatalf("written as a login refused: %v", gh.Writes)
	}

	gh.As, g.Login = "", "github-actions"
	rem := reminderOf(t, f.auditIn("", "members.toml", workspace.Context{}, g, report.JSON))
	if rem.Outcome != "created" || rem.Issue == 0 || rem.URL == "" || !strings.Contains(rem.Error, "--github-login github-actions\\[bot\\]") {
		t.Errorf("the run that writes the issue as github-actions[bot]: %+v", rem)
	}
	for range 2 {
		r := f.auditIn("", "members.toml", workspace.Context{}, g, report.JSON)
		if rem := reminderOf(t, r); r.code != workspace.ExitFailed || rem.Outcome != "" || !strings.Contains(rem.Error, "--github-login github-actions\\[bot\\]") {
			t.Errorf("a later run: exit %d, %+v", r.code, rem)
		}
	}
	if len(gh.Issues) != 1 {
		t.Errorf("%d issues, want the first run's alone", len(gh.Issues))
	}

	pr, _, pg := prRepo(t, func(s string) string { return s + reviewEntry("lin@example.org", "lin-x", `reports = "member"`) }, "lin-x", "lin-x")
	pg.Login = "github-actions"
	var doc struct {
		Comment *struct {
			Review    string `json:"review"`
			ReviewURL string `json:"review_url"`
			Error     string `json:"error"`
		} `json:"comment"`
	}
	for i := range 3 {
		r := pr.outcome(pr.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.JSON, PR: 7, Comment: true, GitHub: pg}))
		doc.Comment = nil
		// Each run writes its comment and fails naming the login: another
		// login's comment, however marked, never stops the gate's.
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.Comment == nil || !strings.Contains(doc.Comment.Error, "--github-login github-actions\\[bot\\]") || doc.Comment.Review != "created" || doc.Comment.ReviewURL == "" {
			t.Errorf("review run %d: exit %d, %v:\n%s", i, r.code, err, r.stdout)
		}
	}
	pg.Login = "bad login"
	if r := pr.outcome(pr.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.JSON, PR: 7, Comment: true, GitHub: pg})); r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "--github-login") || r.stdout != "" {
		t.Errorf("review --comment --github-login 'bad login': exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
