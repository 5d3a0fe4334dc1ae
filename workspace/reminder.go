package workspace

import (
	"context"
	"fmt"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
	"github.com/roster-dev/roster/pullrequest"
	"github.com/roster-dev/roster/report"
)

// reminder is what the reminder issue is made of: the members file by
// its path from the top of its git repository, its findings as the
// issue words them, and the run's --upcoming.
type reminder struct {
	file     string
	findings []policies.Finding
	upcoming time.Duration
}

// issuePath names the members file at p (as the run gave it) by its path
// from the top of its git repository, the reminder issue's key. Outside
// git there is no such path: a path as the run wrote it differs with the
// directory it ran in (one file would keep an issue per spelling), and
// an absolute one would publish the runner's directories in the title.
func (w *Workspace) issuePath(ctx context.Context, p string) (string, error) {
	dir, name := w.gitPath(ctx, p)
	top, err := history.PathInRepo(ctx, dir, name)
	if err != nil {
		return "", fmt.Errorf("--github-issue keeps one issue per members file, keyed by its path in the git repository, and %s is in none (%v): run it in a checkout of the repository, as the workflow does", p, err)
	}
	return top, nil
}

// issueContext is the context of the commands the reminder issue gives:
// run from the top of the repository, as the workflow runs them, and
// without the flags that reach the live groups: those name key files
// and the delegated admin, which an issue must not publish, and the
// issue says nothing they change.
func issueContext(file string) Context {
	if file == "members.toml" {
		return Context{}
	}
	return Context{File: file}
}

// forIssue is r's findings as the issue gives them: positions in the
// file by its path in the repository, and the commands the messages
// quote in the issue's context, so that the body is the same whatever
// directory the run is in, and runs as printed from the top.
func (r reminder) forIssue(name string) []policies.Finding {
	at := issueContext(r.file)
	out := make([]policies.Finding, len(r.findings))
	for i, fd := range r.findings {
		if fd.File == name {
			fd.File = r.file
		}
		fd.Message = at.Rewrite(fd.Message)
		out[i] = fd
	}
	return out
}

// auditCommand is the audit the issue names, which lists what it does:
// with the run's --upcoming when it is not the default, or a record it
// lists as lapsing would be missing from the audit, and the next run
// printed would take it out of the issue.
func (r reminder) auditCommand() string {
	var args []string
	if r.upcoming > 0 && r.upcoming != DefaultUpcoming {
		args = append(args, "--upcoming", fmt.Sprintf("%dd", r.upcoming/(24*time.Hour)))
	}
	return issueContext(r.file).Command("audit", args...)
}

// remind keeps the reminder issue up to date: opened or edited with the
// records that lapse, per vetter, or closed when nothing is due. What it
// did, or why it could not, goes into rep (the JSON report says it).
func (w *Workspace) remind(ctx context.Context, f *members.File, rem reminder, rep *audit.Report, g GitHubOptions) error {
	res, err := w.keepReminder(ctx, f, rem, rep, g)
	if err != nil {
		rep.Reminder = &audit.Reminder{Error: err.Error()}
		return err
	}
	rep.Reminder = &audit.Reminder{Outcome: string(res.Outcome), Issue: res.Number, URL: res.URL}
	if res.Outcome != pullrequest.Unchanged {
		w.notef("reminder issue #%d %s", res.Number, res.Outcome)
	}
	return nil
}

// keepReminder is remind but for the report. The issue is made from
// its own report of f's findings (rep's are worded for the run), with
// rep's window.
func (w *Workspace) keepReminder(ctx context.Context, f *members.File, rem reminder, rep *audit.Report, g GitHubOptions) (pullrequest.Result, error) {
	gh, err := g.client(w.env.UserAgent, w.env.Logger)
	if err != nil {
		return pullrequest.Result{}, err
	}
	self, err := g.self(ctx, gh)
	if err != nil {
		return pullrequest.Result{}, err
	}
	issued := audit.FromFindings(f, rem.forIssue(f.Name), rep.At)
	issued.Until = rep.Until
	at := issueContext(rem.file)
	title := "roster: vetting to renew"
	if at.File != "" {
		title += " (" + at.File + ")"
	}
	auditCmd := rem.auditCommand()
	body := report.ReminderMarkdown(issued, at.File, auditCmd, at.Command("vet", "EMAIL", "--by", "WHO", "--method", "METHOD", "--note", "TEXT"))
	res, err := gh.SyncReminder(ctx, pullrequest.Reminder{
		Self:    self,
		Marker:  report.ReminderMarkerFor(at.File),
		Label:   "roster",
		Title:   title,
		Body:    body,
		Closing: "Nothing is due any more: every record is current. (" + auditCmd + " --github-issue)",
	})
	return res, written(err)
}
