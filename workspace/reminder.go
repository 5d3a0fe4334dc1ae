package workspace

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/internal/shell"
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
	// upcomingWritten is upcoming as the run wrote it (see
	// AuditOptions.UpcomingWritten).
	upcomingWritten string
	// dir is the directory git runs in for the file (gitPath's).
	dir string
}

// issuePath names the members file at p (as the run gave it) by its path
// from the top of its git repository, the reminder issue's key, and the
// directory git runs in for it. Outside
// git there is no such path: a path as the run wrote it differs with the
// directory it ran in (one file would keep an issue per spelling), and
// an absolute one would publish the runner's directories in the title.
func (w *Workspace) issuePath(ctx context.Context, p string) (file, dir string, err error) {
	dir, name := w.gitPath(ctx, p)
	top, err := history.PathInRepo(ctx, dir, name)
	if err != nil {
		return "", "", fmt.Errorf("--github-issue keeps one issue per members file, keyed by its path in the git repository, and %s is in none (%w): run it in a checkout of the repository, as the workflow does", p, err)
	}
	return top, dir, nil
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
		written := r.upcomingWritten
		if written == "" {
			written = fmt.Sprintf("%dd", r.upcoming/(24*time.Hour))
		}
		args = append(args, "--upcoming", shell.Quote(written))
	}
	return issueContext(r.file).Command("audit", args...)
}

// remind keeps the reminder issue up to date: opened or edited with the
// records that lapse, per vetter, or closed when nothing is due. What it
// did, or why it could not, goes into rep (the JSON report says it).
func (w *Workspace) remind(ctx context.Context, f *members.File, rem reminder, rep *audit.Report, g GitHubOptions) error {
	res, err := w.keepReminder(ctx, f, rem, rep, g)
	// What was written is said even when the write failed after it (an
	// issue created as another login): the JSON says it exists.
	rep.Reminder = &audit.Reminder{Outcome: string(res.Outcome), Issue: res.Number, URL: res.URL}
	if err != nil {
		rep.Reminder.Error = err.Error()
		return err
	}
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
		Retire: func(body string, kept pullrequest.Result) string {
			return w.retired(ctx, rem, body, kept)
		},
	})
	for _, n := range res.Retired {
		w.notef("reminder issue #%d closed: its members file is no longer in the repository", n)
	}
	for _, n := range res.Foreign {
		w.notef("note: issue #%d carries the reminder's marker and label but another login opened it (a run with another token, a person's?); roster never edits it: close it if it is an old reminder", n)
	}
	for _, n := range res.Duplicates {
		w.notef("reminder issue #%d closed: a second open reminder of this file (#%d is the one kept)", n, res.Number)
	}
	return res, written(err)
}

// retired is the comment closing another reminder issue of roster's
// login (body), one of a members file that is no longer in the
// repository, at HEAD, in the index or on disk (moved, as by git mv, or
// deleted): no run keeps that issue any more, and it would stand open
// for ever, listing records as lapsed that may have been renewed since.
// It is "" for an issue to leave: of a file still there, or when in
// doubt.
func (w *Workspace) retired(ctx context.Context, rem reminder, body string, kept pullrequest.Result) string {
	old, ok := report.ReminderFileOf(body)
	if !ok || old == rem.file || rem.inRepo(ctx, old) {
		return ""
	}
	now := "nothing is due in " + report.Code(rem.file)
	if kept.Number > 0 && kept.Outcome != pullrequest.Closed {
		now = fmt.Sprintf("what is due in %s is in #%d", report.Code(rem.file), kept.Number)
	}
	return fmt.Sprintf("%s is no longer a file of the repository (moved or deleted), so no run keeps this issue any more; %s. (%s --github-issue)", report.Code(old), now, rem.auditCommand())
}

// inRepo reports whether the repository holds a file at p (from its
// top): at HEAD, in the index or on disk; true too when git cannot
// tell. A path no run of roster keys an issue by (absolute, "..", or
// not clean: written by a run outside git, or before keys were paths
// in the repository) is in none.
func (r reminder) inRepo(ctx context.Context, p string) bool {
	if p != path.Clean(p) || path.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../") {
		return false
	}
	// p from r.dir, which is r.file's directory: up to the top, then down.
	// Not cleaned: the kernel resolves ".." past any link as git did.
	rel := p
	if d := path.Dir(r.file); d != "." {
		rel = strings.Repeat("../", strings.Count(d, "/")+1) + p
	}
	if _, err := os.Lstat(r.dir + string(filepath.Separator) + filepath.FromSlash(rel)); err == nil {
		return true
	}
	for _, rev := range []string{"", "HEAD"} {
		if mode, err := history.ModeAt(ctx, r.dir, rel, rev); err != nil || mode != "" {
			return true
		}
	}
	return false
}
