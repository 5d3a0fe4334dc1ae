// Command roster keeps the membership of private mailing lists as code:
// members.toml is the source of truth, roster validates it against each
// list's policy, plans and syncs the live Google Groups to it, and answers
// auditors from git history.
//
// This package only reads the command line: one options struct per
// command (options.go, where every cross-flag rule is), one call into the
// workspace package, and the returned error turned into an exit code.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// env is everything the command line reads from or writes to the world
// outside its arguments, so that tests run the real commands with a fixed
// clock and captured output.
type env struct {
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
	now     func() time.Time
	getenv  func(string) string
	workdir string // "" means the process's
	// terminal reports whether stderr is a terminal, for progress lines.
	terminal bool
	// logger and jsonLogs are set from --verbose and --log-format before
	// any command runs.
	logger   *slog.Logger
	jsonLogs bool
	// hints is the context the command ran in, once it has: the command
	// lines an error quotes are printed in it, to run as printed.
	hints workspace.Context
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{
		stdin:    os.Stdin,
		stdout:   os.Stdout,
		stderr:   os.Stderr,
		now:      time.Now,
		getenv:   os.Getenv,
		terminal: isTerminal(os.Stderr),
	}
	os.Exit(run(ctx, e, os.Args))
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// run executes roster with args (args[0] is the program name) and returns
// the exit code.
func run(ctx context.Context, e *env, args []string) (code int) {
	if e.getenv == nil {
		e.getenv = func(string) string { return "" }
	}
	if e.now == nil {
		e.now = time.Now
	}
	// Everything roster writes goes through the guard: no field can start
	// a workflow command or send a terminal an escape sequence. The
	// logger and the workspace share one guard per stream, so their
	// lines never interleave; the workspace passes what must pass as it
	// is (annotations, a progress line redrawn in place) under the same
	// lock (report.Unguarded).
	//
	// Under the guard, stdout is counted: a command asked for JSON that
	// fails without writing its document gets one written for it
	// (oneDocument).
	stdout := &countingWriter{w: e.stdout}
	e.stdout, e.stderr = report.Guard(stdout), report.Guard(e.stderr)
	defer func() {
		_ = report.Flush(e.stdout)
		_ = report.Flush(e.stderr)
	}()
	defer func() {
		// A crash is a failure like any other: exit 1, not Go's 2 (which
		// plan's callers read as "changes pending"), in the log format
		// asked for, with what a bug report needs.
		if r := recover(); r != nil {
			stack := string(debug.Stack())
			if e.jsonLogs && e.logger != nil {
				e.logger.Error("roster crashed: this is a bug; report it with this record", "panic", fmt.Sprint(r), "stack", stack)
			} else {
				fmt.Fprintf(e.stderr, "roster: crashed: %v\nroster: this is a bug; report it with the lines below\n%s", r, stack)
			}
			code = workspace.ExitFailed
		}
	}()
	app := newApp(e)
	if isCompletion(args) {
		// Shell completion never runs a command: whatever the words
		// typed so far ("roster help" included), it only prints what may
		// come next.
		complete(e, app, args)
		return workspace.ExitOK
	}
	args = helpAsFlag(app, args)
	l := parseLine(app, args)
	// --log-format json holds for every line on stderr, those printed
	// before or instead of running a command included: set it up now,
	// in case the rest of the command line does not parse.
	e.earlyLogs(l.global)
	// Under diff --exit-code, 1 means "differs": anything that stops the
	// comparison, a usage error included, is 2, as diff(1) reports
	// trouble.
	failed := workspace.ExitFailed
	if s, ok := findSpec(commands(e), l.cmd); ok && s.troubleFlag != "" && boolValue(l.flags, s.troubleFlag) {
		failed = workspace.ExitChanges
	}
	if err := l.check(app); err != nil {
		printError(e, err)
		e.oneDocument(l, stdout, e.hints.Rewrite(err.Error()), err)
		return failed
	}
	err := app.RunContext(ctx, l.args)
	if err == nil {
		return workspace.ExitOK
	}
	if ctx.Err() != nil {
		// Ctrl-C or SIGTERM: one line, not the error of every call that
		// was cut short.
		var ee *workspace.ExitError
		also := ""
		if errors.As(err, &ee) {
			also = ee.OnTheGroups
		}
		cut := fmt.Errorf("interrupted (%v); nothing is left half-done that a run again does not finish%s", context.Cause(ctx), also)
		printError(e, cut)
		e.oneDocument(l, stdout, cut.Error(), cut)
		return workspace.ExitInterrupted
	}
	var ee *workspace.ExitError
	if errors.As(err, &ee) {
		if ee.Code != workspace.ExitOK {
			e.oneDocument(l, stdout, "", err)
		}
		return ee.Code
	}
	err = workspace.ExplainNotInGit(err, e.getenv)
	printError(e, err)
	e.oneDocument(l, stdout, e.hints.Rewrite(err.Error()), err)
	return failed
}

// helpAsFlag reads "roster help" and "roster help COMMAND", as people
// type them, as "roster --help" and "roster COMMAND --help", global
// flags written before "help" included ("roster --verbose help add").
func helpAsFlag(app *cli.App, args []string) []string {
	i := 1
	for i < len(args) && strings.HasPrefix(args[i], "-") && args[i] != "-" && args[i] != "--" {
		if !strings.Contains(args[i], "=") && takesValue(app.Flags, strings.TrimLeft(args[i], "-")) {
			i++ // its value
		}
		i++
	}
	if i >= len(args) || args[i] != "help" {
		return args
	}
	out := append([]string{}, args[:i]...)
	out = append(out, args[i+1:]...)
	return append(out, "--help")
}

// takesValue reports whether the flag of flags named name takes a value
// ("--log-format json").
func takesValue(flags []cli.Flag, name string) bool {
	for _, f := range flags {
		if slices.Contains(f.Names(), name) {
			v, ok := f.(cli.DocGenerationFlag)
			return ok && v.TakesValue()
		}
	}
	return false
}

// printError prints an error on one line per joined error, each made
// safe: an error message quotes data (an address, a revision) that must
// not break or forge lines.
func printError(e *env, err error) {
	// Only errors.Join's errors are several lines, one per error; one
	// made by fmt.Errorf with two %w ("members.toml at abc %w: %w") is
	// one message, whatever its parts hold.
	if j, ok := err.(interface{ Unwrap() []error }); ok && joinedErrors(err, j.Unwrap()) {
		for _, one := range j.Unwrap() {
			printError(e, one)
		}
		return
	}
	if prefix, parts, ok := wrappedJoin(err); ok {
		// "--at D: members.toml at X does not parse: " and its errors,
		// one a line under it, as they would print unwrapped.
		printError(e, errors.New(strings.TrimSuffix(prefix, " ")))
		for _, one := range parts {
			if !e.jsonLogs {
				one = indented{one}
			}
			printError(e, one)
		}
		return
	}
	msg := e.hints.Rewrite(err.Error())
	if e.jsonLogs && e.logger != nil {
		e.logger.Error(msg)
		return
	}
	fmt.Fprintf(e.stderr, "roster: %s\n", report.Line(msg))
}

// indented is an error printed under the line that introduces it.
type indented struct{ error }

func (i indented) Error() string { return "  " + i.error.Error() }

// wrappedJoin finds, among the errors err wraps, errors.Join's errors
// (or a members.ErrorList) that end its message: prefix is what the
// wraps put before them. A wrap of two ("%w: %w") is followed by its
// last, which ends its message.
func wrappedJoin(err error) (prefix string, parts []error, ok bool) {
	msg := err.Error()
	inner := err
	for {
		switch u := inner.(type) {
		case interface{ Unwrap() error }:
			inner = u.Unwrap()
		case interface{ Unwrap() []error }:
			all := u.Unwrap()
			if inner != err && joinedErrors(inner, all) {
				p, found := strings.CutSuffix(msg, inner.Error())
				return p, all, found && p != ""
			}
			if len(all) == 0 {
				return "", nil, false
			}
			inner = all[len(all)-1]
		default:
			return "", nil, false
		}
		if inner == nil {
			return "", nil, false
		}
	}
}

// joinedErrors reports whether err's message is its parts' messages, one per
// line, as errors.Join writes them.
func joinedErrors(err error, parts []error) bool {
	msgs := make([]string, 0, len(parts))
	for _, p := range parts {
		if p != nil {
			msgs = append(msgs, p.Error())
		}
	}
	return len(msgs) > 1 && err.Error() == strings.Join(msgs, "\n")
}

// versionString says what this binary is, from its build information:
// the module version ("v0.2.0" for go install ...@v0.2.0 or a release
// built from its tag; "(devel)" otherwise) and the VCS revision it was
// built from, when known.
func versionString() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, when, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = ", modified"
			}
		}
	}
	if rev == "" {
		return v + " (" + bi.GoVersion + ")"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	return fmt.Sprintf("%s (commit %s%s, %s, %s)", v, rev, dirty, when, bi.GoVersion)
}

// userAgent names roster to Google and GitHub: its version, for their
// logs.
func userAgent() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return "roster/" + bi.Main.Version
	}
	return "roster/(devel)"
}

// today is the current date in UTC, the day vetting ages are counted in.
func (e *env) today() time.Time { return workspace.Today(e.now()) }

// log returns the logger set up by the global flags, or one that
// discards when a command runs without them.
func (e *env) log() *slog.Logger {
	if e.logger == nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return e.logger
}

// workspace returns the use cases, in this environment, with the
// context c was run in (for the hints roster prints).
func (e *env) workspace(c *cli.Context) *workspace.Workspace {
	e.hints = e.hintContext(c)
	return e.newWorkspace(e.hints)
}

// newWorkspace returns the use cases, in this environment, with the
// context hints (for the hints roster prints).
func (e *env) newWorkspace(hints workspace.Context) *workspace.Workspace {
	return workspace.New(workspace.Env{
		Stdin: e.stdin, Stdout: e.stdout, Stderr: e.stderr,
		Now: e.now, Getenv: e.getenv, Workdir: e.workdir,
		Terminal: e.terminal, Logger: e.log(), JSONLogs: e.jsonLogs,
		UserAgent: userAgent(), Context: hints,
	})
}

// earlyLogs sets up the logger from the global flags, as written
// (joined, by parseLine), before urfave/cli reads them: a --log-format it
// cannot read is left for the app's Before to refuse.
func (e *env) earlyLogs(global []string) {
	// JSON if any --log-format asks for it: the line that says the flag
	// is given twice, or has no value, is read by whatever asked for
	// JSON (a job's log collector) first.
	format := "text"
	for _, f := range global {
		if n, v, _ := strings.Cut(f, "="); n == "--log-format" && v == "json" {
			format = "json"
		}
	}
	_ = e.setLogs(boolValue(global, "verbose"), format)
}

// setLogs sets up the logger: --verbose logs every API call, and
// --log-format json makes every line on stderr a JSON record.
func (e *env) setLogs(verbose bool, format string) error {
	level := slog.LevelInfo
	if verbose {
		level = slog.LevelDebug
	}
	switch format {
	case "text":
		// A line like every other roster prints on stderr: "roster: "
		// first, no timestamp (a job's log has its own).
		hopts := &slog.HandlerOptions{Level: level, ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				return slog.Attr{}
			}
			return durationText(a)
		}}
		e.logger = slog.New(slog.NewTextHandler(prefixed{e.stderr}, hopts))
		e.jsonLogs = false
	case "json":
		hopts := &slog.HandlerOptions{Level: level, ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr { return durationText(a) }}
		e.logger = slog.New(slog.NewJSONHandler(e.stderr, hopts))
		e.jsonLogs = true
	default:
		return fmt.Errorf("--log-format %q: use text or json", format)
	}
	return nil
}

// durationText writes a duration as people read one ("36.467s"), where
// the JSON handler would write bare nanoseconds.
func durationText(a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindDuration {
		a.Value = slog.StringValue(a.Value.Duration().String())
	}
	return a
}

// prefixed starts each record the text handler writes (one Write each)
// with "roster: ", as every other line roster prints on stderr starts.
type prefixed struct{ w io.Writer }

func (p prefixed) Write(b []byte) (int, error) {
	if _, err := p.w.Write(append([]byte("roster: "), b...)); err != nil {
		return 0, err
	}
	return len(b), nil
}
