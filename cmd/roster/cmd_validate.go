package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
	"github.com/roster-dev/roster/report"
)

type validateOptions struct {
	file   string
	format report.Format
	at     time.Time
	base   string // a revision; "" to find the version before the change
}

func validateCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check members.toml against every list's policy",
		UsageText: "roster validate [--file PATH] [--format text|json|github] [--at YYYY-MM-DD]",
		Description: `Parses the file strictly (unknown keys, wrong types and duplicate tables
are errors) and applies every policy: capacity, owners, required fields,
domains, duplicate mailboxes, and a qualifying vetting record for every
member on every list. Reports every problem at once, each with file:line:col.

A vetting record that has lapsed is a warning for someone already on the
list (they stay on it until re-vetted) and an error for someone being
added. Who was on it before comes from git: the file at --base, else the
committed file when the working copy differs from it, else the version
before its last commit (a pull request's merge commit). Outside git,
every lapse is an error.

  roster validate
  roster validate --format github                # annotations on the PR diff
  roster validate --base origin/main             # what a pull request changes
  roster validate --at 2027-01-01                # what will have lapsed by then

Exit status 0 when clean (warnings allowed), 1 on any error.`,
		Flags: []cli.Flag{
			fileFlag(),
			formatFlag("text", "`FORMAT`: text, json or github (workflow annotations)"),
			&cli.StringFlag{Name: "at", Usage: "evaluate vetting as of `DATE` (YYYY-MM-DD) instead of today"},
			&cli.StringFlag{Name: "base", Usage: "the revision `REV` the change is against (who was already on each list); default: found from git"},
		},
		Action: func(c *cli.Context) error {
			opts := validateOptions{file: e.membersFile(c), at: e.today(), base: c.String("base")}
			var err error
			if opts.format, err = report.ParseFormat(c.String("format"), report.Text, report.JSON, report.GitHub); err != nil {
				return err
			}
			if c.IsSet("at") {
				if opts.at, err = parseDay("at", c.String("at")); err != nil {
					return err
				}
			}
			return runValidate(c.Context, e, opts)
		},
	}
}

func runValidate(ctx context.Context, e *env, opts validateOptions) error {
	f, data, findings, err := e.readMembers(opts.file)
	if err != nil {
		return err
	}
	if f != nil {
		before, err := e.before(ctx, opts.file, data, opts.base)
		if err != nil {
			return err
		}
		findings = policies.CheckWith(f, policies.Options{At: opts.at, Before: before})
	}
	if err := report.Findings(e.stdout, opts.format, findings); err != nil {
		return err
	}
	errs, warns := count(findings)
	if opts.format == report.Text {
		switch {
		case errs == 0 && warns == 0:
			fmt.Fprintf(e.stderr, "%s: ok\n", opts.file)
		default:
			fmt.Fprintf(e.stderr, "%s: %s, %s\n", opts.file, words.Plural(errs, "error"), words.Plural(warns, "warning"))
		}
	}
	if errs > 0 {
		return exitError{code: exitFailed}
	}
	return nil
}

// before returns the members file as it was before the change being
// validated: at base when given (an error if it cannot be read), else
// what history.Before finds; nil, with a note on stderr, when git cannot
// tell, and then every lapse counts as an error.
func (e *env) before(ctx context.Context, file string, current []byte, base string) (*members.File, error) {
	dir, name := e.gitPath(file)
	if base != "" {
		f, _, err := history.FileAt(ctx, dir, name, base)
		if err != nil {
			return nil, fmt.Errorf("--base %s: %w", base, err)
		}
		return f, nil
	}
	f, _, err := history.Before(ctx, dir, name, current)
	switch {
	case err == nil:
		return f, nil
	case errors.Is(err, history.ErrShallow):
		fmt.Fprintf(e.stderr, "roster: note: %v; who was on each list before this change is unknown, so every lapsed vetting record counts as an error\n", err)
	case !errors.Is(err, history.ErrNotInGit) && !errors.Is(err, history.ErrUntracked):
		fmt.Fprintf(e.stderr, "roster: note: cannot read the file's history (%v); every lapsed vetting record counts as an error\n", err)
	}
	return nil, nil
}

// readMembers reads and parses the members file. A file that does not
// parse comes back as its findings with a nil file; the error is only for
// a file that cannot be read.
func (e *env) readMembers(path string) (*members.File, []byte, []policies.Finding, error) {
	data, err := os.ReadFile(e.path(path))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("read members file: %w (use --file to point at it)", err)
	}
	f, err := members.Parse(path, data)
	if err != nil {
		return nil, data, policies.FromParseError(path, err), nil
	}
	return f, data, nil, nil
}

// parsedMembers is readMembers for a command that cannot go on without
// the file: a file with errors has them printed, and the command stops,
// saying what it did not do.
func (e *env) parsedMembers(path, notDone string) (*members.File, []byte, error) {
	f, data, findings, err := e.readMembers(path)
	if err != nil {
		return nil, nil, err
	}
	if f == nil {
		_ = report.Findings(e.stderr, report.Text, findings)
		return nil, nil, fmt.Errorf("%s has errors; %s", path, notDone)
	}
	return f, data, nil
}

// path resolves a path from the command line against the working
// directory tests give.
func (e *env) path(p string) string {
	if e.workdir == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(e.workdir, p)
}

func count(fs []policies.Finding) (errs, warns int) {
	for _, f := range fs {
		if f.Severity == policies.Error {
			errs++
		} else {
			warns++
		}
	}
	return errs, warns
}
