// Command roster keeps the membership of private mailing lists as code:
// members.toml is the source of truth, roster validates it against each
// list's policy, plans and syncs the live Google Groups to it, and answers
// auditors from git history.
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
	"sync"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"
)

// Exit codes scripts and CI depend on.
const (
	exitOK      = 0 // success, or nothing to do
	exitFailed  = 1 // an error, a policy violation, or a failed change
	exitChanges = 2 // plan found pending changes (like terraform plan -detailed-exitcode)
	// exitInterrupted: stopped by Ctrl-C or SIGTERM (128 + SIGINT, as
	// shells report it); a run again finishes the job.
	exitInterrupted = 130
)

// errChanges is returned by plan when there is something to do.
var errChanges = errors.New("changes pending")

// exitError carries an exit code for a failure whose message was already
// printed (findings, a failed sync summary).
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// env is everything a command reads from or writes to the world outside
// its arguments, so that tests run the real commands with a fixed clock
// and captured output.
type env struct {
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
	now     func() time.Time
	getenv  func(string) string
	workdir string // "" means the process's
	// terminal reports whether stderr is a terminal, for progress lines.
	terminal bool
	// logger writes diagnostics to stderr; set from --verbose and
	// --log-format before any command runs.
	logger *slog.Logger
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
func run(ctx context.Context, e *env, args []string) int {
	// Logs, progress and reports come from several goroutines; one lock
	// per stream keeps each write whole.
	e.stdout, e.stderr = &lockedWriter{w: e.stdout}, &lockedWriter{w: e.stderr}
	app := newApp(e)
	err := app.RunContext(ctx, reorder(app, args))
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errChanges):
		return exitChanges
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	if ctx.Err() != nil {
		// Ctrl-C or SIGTERM: one line, not the error of every call that
		// was cut short.
		fmt.Fprintf(e.stderr, "roster: interrupted (%v); nothing is left half-done that a run again does not finish\n", context.Cause(ctx))
		return exitInterrupted
	}
	fmt.Fprintf(e.stderr, "roster: %v\n", err)
	return exitFailed
}

func newApp(e *env) *cli.App {
	app := &cli.App{
		Name:    "roster",
		Usage:   "keep private mailing-list membership as code",
		Version: versionString(),
		Description: `roster reads members.toml, the checked-in source of truth for who is on
which Google Group, with which role, and who vetted them. It validates the
file against each list's policy, shows the plan, syncs the live groups to
it, and answers auditors from git history.

Exit codes: 0 success or nothing to do; 1 error, policy violation or failed
change; 2 plan found pending changes.

Start with:  roster validate   then   roster plan --emulator`,
		Writer:               e.stdout,
		ErrWriter:            e.stderr,
		EnableBashCompletion: true,
		HideHelpCommand:      true,
		// Errors are turned into exit codes by run, never by os.Exit deep
		// inside the CLI library.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError:   usageError,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "verbose", Usage: "log every API call and retry to stderr"},
			&cli.StringFlag{Name: "log-format", Value: "text", Usage: "`FORMAT` of logs on stderr: text or json"},
		},
		Before: func(c *cli.Context) error {
			level := slog.LevelInfo
			if c.Bool("verbose") {
				level = slog.LevelDebug
			}
			hopts := &slog.HandlerOptions{Level: level}
			switch c.String("log-format") {
			case "text":
				e.logger = slog.New(slog.NewTextHandler(e.stderr, hopts))
			case "json":
				e.logger = slog.New(slog.NewJSONHandler(e.stderr, hopts))
			default:
				return fmt.Errorf("--log-format %q: use text or json", c.String("log-format"))
			}
			return nil
		},
		Commands: []*cli.Command{
			validateCommand(e),
			planCommand(e),
			syncCommand(e),
			applyCommand(e),
			addCommand(e),
			vetCommand(e),
			removeCommand(e),
			importCommand(e),
			fmtCommand(e),
			historyCommand(e),
			diffCommand(e),
			showCommand(e),
			auditCommand(e),
			emulatorCommand(e),
			doctorCommand(e),
			reviewCommand(e),
			completionCommand(e),
		},
	}
	for _, c := range app.Commands {
		// A mistyped flag gets one line naming the nearest flag, not the
		// whole help page.
		c.OnUsageError = usageError
	}
	return app
}

// fileFlag is --file, shared by every command that reads members.toml.
func fileFlag() cli.Flag {
	// $ROSTER_FILE is read by env.membersFile, through env.getenv, so
	// that tests control it like every other variable.
	return &cli.StringFlag{
		Name:    "file",
		Aliases: []string{"f"},
		Value:   "members.toml",
		Usage:   "the members file `PATH` (or $ROSTER_FILE)",
	}
}

func formatFlag(def string, usage string) cli.Flag {
	return &cli.StringFlag{Name: "format", Value: def, Usage: usage}
}

// parseDay reads a YYYY-MM-DD date flag.
func parseDay(flag, s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--%s %q: write a date as YYYY-MM-DD", flag, s)
	}
	return t, nil
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

// userAgent names roster to Google: its version, for Google's logs and
// so that roster's own writes are told from changes made by hand.
func userAgent() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return "roster/" + bi.Main.Version
	}
	return "roster/(devel)"
}

// today is the current date in UTC, the day vetting ages are counted in.
func (e *env) today() time.Time {
	y, m, d := e.now().UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// log returns the logger set up by the global flags, or one that discards
// when a command runs without them (tests calling helpers directly).
func (e *env) log() *slog.Logger {
	if e.logger == nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return e.logger
}

// lockedWriter serialises writes to one stream.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
