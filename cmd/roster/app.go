package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// spec is one command: its words, flags, how many arguments it takes,
// and what it runs.
type spec struct {
	name, usage, usageText, description string
	flags                               []cli.Flag
	// minArgs and maxArgs bound the positional arguments; a stray one is
	// a usage error, never silently ignored (roster validate other.toml
	// must not validate members.toml).
	minArgs, maxArgs int
	argsHint         string
	// troubleFlag is a boolean flag that, when given, makes every failure
	// to run the command exit 2 instead of 1, usage errors included:
	// diff --exit-code keeps 1 for "differs", as diff(1) does.
	troubleFlag string
	run         func(c *cli.Context, ws *workspace.Workspace) error
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
change; 2 plan found pending changes; 3 sync left unvetted people on a
list (people the file does not name, with unmanaged = "report"; people it
names without a record that admits them; people in a nested group);
130 interrupted.

Start with:  roster validate   then   roster plan --emulator`,
		Writer:               e.stdout,
		ErrWriter:            e.stderr,
		EnableBashCompletion: true,
		HideHelpCommand:      true,
		// Errors are turned into exit codes by run, never by os.Exit deep
		// inside the CLI library.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError:   usageError,
		// roster's own --version, without urfave/cli's -v: a global flag
		// may follow the command, and "roster sync -v" must not print
		// the version and exit 0 without syncing.
		HideVersion: true,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "version", Usage: "print the version and exit"},
			&cli.BoolFlag{Name: "verbose", Usage: "log every API call and retry to stderr"},
			&cli.StringFlag{Name: "log-format", Value: "text", Usage: "`FORMAT` of every line on stderr: text, or json (logs, notices and progress alike)"},
		},
		Before: func(c *cli.Context) error {
			if c.Bool("version") {
				fmt.Fprintf(e.stdout, "roster version %s\n", versionString())
				return &workspace.ExitError{Code: workspace.ExitOK}
			}
			return e.setLogs(c.Bool("verbose"), c.String("log-format"))
		},
	}
	for _, s := range commands(e) {
		app.Commands = append(app.Commands, s.command(e))
	}
	return app
}

// findSpec returns the spec of cmd among specs.
func findSpec(specs []spec, cmd *cli.Command) (spec, bool) {
	if cmd == nil {
		return spec{}, false
	}
	for _, s := range specs {
		if s.name == cmd.Name {
			return s, true
		}
	}
	return spec{}, false
}

// command builds the urfave command of a spec: the argument count is
// checked before anything runs, and the action calls the use case with
// a workspace set up from the environment.
func (s spec) command(e *env) *cli.Command {
	return &cli.Command{
		Name:        s.name,
		Usage:       s.usage,
		UsageText:   s.usageText,
		Description: s.description,
		Flags:       s.flags,
		// A mistyped flag gets one line naming the nearest flag, not the
		// whole help page.
		OnUsageError: usageError,
		Action: func(c *cli.Context) error {
			if err := s.checkArgs(c, e.hintContext(c)); err != nil {
				return err
			}
			if err := e.checkFileName(c); err != nil {
				return err
			}
			return s.run(c, e.workspace(c))
		},
	}
}

// checkFileName refuses a members file review could not see (see
// refuseFileName), on every command that reads one.
func (e *env) checkFileName(c *cli.Context) error {
	if !slices.ContainsFunc(c.Command.Flags, func(f cli.Flag) bool { return slices.Contains(f.Names(), "file") }) {
		return nil
	}
	return e.refuseFileName(c, e.membersFile(c))
}

// refuseFileName is workspace.CheckFileName for the members file a
// command line names.
func (e *env) refuseFileName(c *cli.Context, name string) error {
	return e.workspace(c).CheckFileName(c.Context, name)
}

// checkArgs refuses a wrong number of positional arguments with a usage
// line.
//
// Its hints run as printed in the same context (hint: --file, the live
// flags), as every hint roster prints does.
func (s spec) checkArgs(c *cli.Context, hint workspace.Context) error {
	n := c.NArg()
	if n >= s.minArgs && n <= s.maxArgs {
		return nil
	}
	usage := "roster " + s.name + " [flags]"
	if s.argsHint != "" {
		usage += " " + s.argsHint
	}
	switch {
	case s.maxArgs == 0 && n > 0:
		another := ""
		if strings.HasSuffix(c.Args().First(), ".toml") {
			other := hint
			other.File = c.Args().First()
			another = fmt.Sprintf("; to use another members file: %s", other.Command(s.name))
		}
		return fmt.Errorf("roster %s takes no arguments, got %q%s (see roster %s --help)", s.name, c.Args().Slice(), another, s.name)
	case n < s.minArgs:
		if s.name == "role" {
			if err := roleInList(c, hint); err != nil {
				return err
			}
		}
		return fmt.Errorf("roster %s needs %s: %s (see roster %s --help)", s.name, s.argsHint, usage, s.name)
	}
	return fmt.Errorf("roster %s takes at most %d argument%s, got %d: %s (see roster %s --help)", s.name, s.maxArgs, words.Pick(s.maxArgs, "", "s"), n, usage, s.name)
}

// takesFlag reports whether the command being run has the flag name.
func takesFlag(c *cli.Context, name string) bool {
	if c.Command == nil {
		return false
	}
	for _, f := range c.Command.Flags {
		if slices.Contains(f.Names(), name) {
			return true
		}
	}
	return false
}

// hintContext is what a hint roster prints must repeat to run in the
// same context as this command line.
func (e *env) hintContext(c *cli.Context) workspace.Context {
	var ctx workspace.Context
	if c.IsSet("file") {
		ctx.File = c.String("file")
	} else if v := e.getenv("ROSTER_FILE"); v != "" {
		ctx.File = v
	}
	if c.Bool("emulator") {
		ctx.Live = append(ctx.Live, "--emulator")
	}
	for _, name := range []string{"endpoint", "credentials", "subject", "impersonate-service-account"} {
		if c.IsSet(name) {
			ctx.Live = append(ctx.Live, "--"+name, c.String(name))
		}
	}
	if v := e.getenv("ROSTER_GOOGLE_ENDPOINT"); v != "" && !c.IsSet("endpoint") && !c.Bool("emulator") && takesFlag(c, "endpoint") {
		// Given as a one-off prefix (ROSTER_GOOGLE_ENDPOINT=... roster
		// plan), it is gone when the hint runs, which would then reach
		// Google itself: written out, as --file is for $ROSTER_FILE.
		ctx.Live = append(ctx.Live, "--endpoint", v)
	}
	if v := e.getenv("ROSTER_GOOGLE_SUBJECT"); v != "" && !c.IsSet("subject") && !c.Bool("emulator") && takesFlag(c, "subject") {
		ctx.Live = append(ctx.Live, "--subject", v) // as for the endpoint
	}
	// The bounds on calls too, as written: a hint run without the
	// deadline that let this run through a slow link would fail there.
	for _, name := range []string{"call-timeout", "read-timeout"} {
		if _, written := flagDurationOf(c, name); c.IsSet(name) && written != "" {
			ctx.Live = append(ctx.Live, "--"+name, written)
		}
	}
	if c.IsSet("rate") {
		ctx.Live = append(ctx.Live, "--rate", strconv.FormatFloat(c.Float64("rate"), 'f', -1, 64))
	}
	if c.IsSet("concurrency") {
		ctx.Live = append(ctx.Live, "--concurrency", strconv.Itoa(c.Int("concurrency")))
	}
	if c.IsSet("log-format") {
		ctx.Global = append(ctx.Global, "--log-format", c.String("log-format"))
	}
	return ctx
}

// refused is err, for a command line parse refused, after the one JSON
// document the command prints when asked for JSON (workspace.Refused).
func refused(e *env, c *cli.Context, ws *workspace.Workspace, command string, err error) error {
	if f, ferr := formatOf(c); ferr != nil || f != report.JSON {
		return err
	}
	return ws.Refused(command, report.JSON, e.membersFile(c), err)
}
