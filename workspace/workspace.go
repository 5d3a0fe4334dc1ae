// Package workspace holds roster's use cases: a members file, its git
// history and its live side (Google, a CSV export or the built-in
// emulator), and what people do with them — validate, plan, sync, apply,
// audit, import, review, edit, read history, build the site. Each use
// case is one method taking an options struct; the command line (cmd/roster)
// only parses flags into those structs and turns the returned error into
// an exit code.
//
// Where to look:
//   - how a file is read and judged, and what its findings stop or
//     block: open.go (the verdict itself is policies.Check);
//   - how sync decides a removal: plan.Compute, fed by live.go (the live
//     groups) and managed.go (whom the file ever listed, from history);
//   - how the base of a change is found: base, in validate.go.
package workspace

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
	"github.com/roster-dev/roster/report"
)

// Env is everything a use case reads from or writes to the world outside
// its options, so that tests run the real use cases with a fixed clock,
// a fixed environment and captured output.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Now is the clock; vetting ages are counted in UTC days of it.
	Now func() time.Time
	// Getenv reads environment variables ($ROSTER_GOOGLE_ENDPOINT,
	// $GOOGLE_APPLICATION_CREDENTIALS, $GITHUB_TOKEN...).
	Getenv func(string) string
	// Workdir resolves relative paths; "" means the process's.
	Workdir string
	// Terminal reports whether Stderr is a terminal, for progress lines
	// drawn in place.
	Terminal bool
	// Logger writes diagnostics to Stderr.
	Logger *slog.Logger
	// JSONLogs is true when every line on Stderr must be JSON
	// (--log-format json): notices and progress then go through Logger.
	JSONLogs bool
	// UserAgent names roster to Google and GitHub.
	UserAgent string
	// Context carries the flags of this run that a printed command must
	// repeat to run in the same context (--file, --emulator, --endpoint).
	Context Context
}

// Workspace runs use cases in one environment.
type Workspace struct {
	env Env
	// out and errw are Stdout and Stderr behind report.Guard: whatever
	// a field holds, no output line can start a GitHub workflow command
	// or carry a terminal control sequence.
	out, errw io.Writer
	// annotations is Stdout without the guard's filter, for GitHub
	// workflow annotations, which report.Annotation escapes field by
	// field; progress is Stderr without it, for a line redrawn in place.
	annotations, progress io.Writer
	// maskLive, while a pull request's plan runs, shortens the live
	// groups' addresses in what the run prints beside the plan (its
	// notes, warnings and errors): stderr is the job's log, which anyone
	// reads where the repository is public.
	maskLive func(string) string
}

// maskedError is err with its message masked (maskLive), its chain (and
// so its exit code) err's; nil for nil.
func (w *Workspace) maskedError(err error) error {
	if err == nil || w.maskLive == nil {
		return err
	}
	if msg := w.maskLive(err.Error()); msg != err.Error() {
		return maskedErr{err: err, msg: msg}
	}
	return err
}

// maskedErr is an error said in other words: what maskedError returns.
type maskedErr struct {
	err error
	msg string
}

func (e maskedErr) Error() string { return e.msg }
func (e maskedErr) Unwrap() error { return e.err }

// masked is s as the run may print it (maskLive).
func (w *Workspace) masked(s string) string {
	if w.maskLive == nil {
		return s
	}
	return w.maskLive(s)
}

// New returns a workspace for env.
func New(env Env) *Workspace {
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.Logger == nil {
		env.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if env.Stdout == nil {
		env.Stdout = io.Discard
	}
	if env.Stderr == nil {
		env.Stderr = io.Discard
	}
	// One guard per stream, shared with whoever passed it in (the CLI's
	// logger writes through the same one), and the unfiltered writers
	// take its lock: lines from the logger, the progress and the results
	// never interleave.
	out, errw := report.Guard(env.Stdout), report.Guard(env.Stderr)
	return &Workspace{env: env, out: out, errw: errw, annotations: report.Unguarded(out), progress: report.Unguarded(errw)}
}

// Exit codes scripts and CI depend on (README, "Commands").
const (
	ExitOK      = 0 // success, or nothing to do
	ExitFailed  = 1 // an error, a policy violation, or a failed change
	ExitChanges = 2 // plan found pending changes; diff --exit-code: an error
	// ExitWalkIns: sync did everything it could, but unvetted people
	// sit on a list: people the file does not name, whom the list's
	// policy keeps (unmanaged = "report"), or people it names without a
	// vetting record that admits them, who got on by hand. Someone must
	// vet them, or take them off.
	ExitWalkIns = 3
	// ExitInterrupted: stopped by Ctrl-C or SIGTERM (128 + SIGINT); a
	// run again finishes the job.
	ExitInterrupted = 130
)

// ExitError is a failure whose explanation was already printed; Code is
// the process's exit status.
type ExitError struct {
	Code int
	// Reason, when set, is why the run failed, for a JSON document
	// that must say it (stderr said it already).
	Reason string
	// OnTheGroups, for a sync or apply cut short, is what the line
	// saying so must add: the people on the groups whom the file does
	// not admit there, who stay on them ("; walk-ins on the groups: …").
	// A log read from its end names them whatever stopped the run.
	OnTheGroups string
}

// Error says the exit status.
func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// exit returns an *ExitError for code.
func exit(code int) error { return &ExitError{Code: code} }

// Code returns the exit status err means: 0 for nil, the code of an
// *ExitError, else 1.
func Code(err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return ExitFailed
}

// path resolves a path from the command line against Env.Workdir.
func (w *Workspace) path(p string) string {
	if w.env.Workdir == "" || filepath.IsAbs(p) {
		return p
	}
	if p == "" {
		return w.env.Workdir
	}
	// Not cleaned, as the system reads the path from the directory:
	// "sub/../m.toml" goes through sub, which may be a link.
	return strings.TrimSuffix(w.env.Workdir, string(filepath.Separator)) + string(filepath.Separator) + p
}

// today is the current date in UTC, the day vetting ages are counted in.
func (w *Workspace) today() time.Time { return members.Day(w.env.Now()) }

// notef prints a notice for the person running roster: a line on stderr,
// or a JSON log record when every stderr line must be JSON.
func (w *Workspace) notef(format string, args ...any) {
	msg := w.masked(fmt.Sprintf(format, args...))
	if w.env.JSONLogs {
		w.env.Logger.Info(msg)
		return
	}
	fmt.Fprintf(w.errw, "roster: %s\n", report.Line(msg))
}

// errorf is notef for what makes the run fail (it exits 1 after it):
// the same line on a terminal as an error roster returns, and an
// ERROR record in JSON logs, so that a filter on the level finds it.
func (w *Workspace) errorf(format string, args ...any) {
	msg := w.masked(fmt.Sprintf(format, args...))
	if w.env.JSONLogs {
		w.env.Logger.Error(msg)
		return
	}
	fmt.Fprintf(w.errw, "roster: %s\n", report.Line(msg))
}

// failed is the exit of a run whose output already says why it fails
// (audit's violations, review's missing approvals): with JSON logs, an
// ERROR record says so too, for whoever filters stderr on the level.
func (w *Workspace) failed(format string, args ...any) error {
	if w.env.JSONLogs {
		w.env.Logger.Error(fmt.Sprintf(format, args...))
	}
	return exit(ExitFailed)
}

// warnf is notef for a warning.
func (w *Workspace) warnf(format string, args ...any) {
	msg := w.masked(fmt.Sprintf(format, args...))
	if w.env.JSONLogs {
		w.env.Logger.Warn(msg)
		return
	}
	fmt.Fprintf(w.errw, "roster: warning: %s\n", report.Line(msg))
}

// stderrFindings prints findings for the person running roster: text
// lines on stderr, or, when every stderr line must be JSON, one log
// record each.
func (w *Workspace) stderrFindings(fs []policies.Finding) {
	if !w.env.JSONLogs {
		_ = report.Findings(w.errw, report.Text, fs)
		return
	}
	for _, f := range fs {
		level := slog.LevelError
		if !f.Fails() {
			level = slog.LevelWarn
		}
		w.env.Logger.Log(context.Background(), level, f.Message, "file", f.File, "line", f.Line, "column", f.Column,
			"rule", string(f.Rule), "effect", string(f.Effect), "list", f.List, "member", f.Member)
	}
}
