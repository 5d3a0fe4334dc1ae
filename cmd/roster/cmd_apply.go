package main

import (
	"context"
	"fmt"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
)

type applyOptions struct {
	planFile    string
	file        string
	live        liveOptions
	guards      plan.Guards
	concurrency int
	format      report.Format
}

func applyCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "apply",
		Usage:     "apply a plan saved with roster plan --out, if it still holds",
		UsageText: "roster apply [--file PATH] [--concurrency N] [--emulator | --endpoint URL] PLAN.json",
		Description: `Applies a saved plan only if nothing it was computed from has changed:
members.toml must have the same content, it must still validate, and every
live group must have the members and settings the plan started from (a
fingerprint in the plan). Otherwise it changes nothing and says what moved;
make a new plan. The guards apply as in sync.

  roster plan --out plan.json      # reviewed, e.g. as a CI artifact
  roster apply plan.json
  roster apply plan.json --emulator

Exit status: 0 applied, 1 refused or anything failed.`,
		Flags: append(append([]cli.Flag{
			fileFlag(),
			formatFlag("text", "`FORMAT` of the report: text or json"),
		}, liveFlags()...), applyFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return fmt.Errorf("apply needs one argument, the plan file (make one with roster plan --out plan.json)")
			}
			opts := applyOptions{planFile: c.Args().First(), file: e.membersFile(c), concurrency: c.Int("concurrency")}
			var err error
			if opts.format, err = report.ParseFormat(c.String("format"), report.Text, report.JSON); err != nil {
				return err
			}
			if opts.live, err = e.liveOptions(c, true); err != nil {
				return err
			}
			if opts.guards, err = guardsFrom(c); err != nil {
				return err
			}
			if err := checkInt("concurrency", opts.concurrency, 1, 1000); err != nil {
				return err
			}
			if len(c.StringSlice("list")) > 0 {
				return fmt.Errorf("apply takes the lists from the plan; --list is for plan and sync")
			}
			return runApply(c.Context, e, opts)
		},
	}
}

func runApply(ctx context.Context, e *env, opts applyOptions) error {
	data, err := os.ReadFile(e.path(opts.planFile))
	if err != nil {
		return fmt.Errorf("read plan: %w", err)
	}
	saved, err := plan.Read(opts.planFile, data)
	if err != nil {
		return err
	}
	c, err := e.loadGated(opts.file)
	if err != nil {
		return err
	}
	var ids []string
	for _, l := range saved.Lists {
		ids = append(ids, l.ID)
	}
	now, lv, err := e.buildPlan(ctx, c, opts.file, ids, opts.live)
	if err != nil {
		return err
	}
	defer lv.stop()
	// The saved plan is applied as recomputed now, and only if that is
	// the same plan: a plan file is never trusted on its own, so an
	// edited one cannot add anyone the file and its vetting do not.
	if diffs := plan.Diff(saved, now); len(diffs) > 0 {
		fmt.Fprintf(e.stderr, "roster: the plan in %s no longer holds; nothing was changed:\n", opts.planFile)
		for _, d := range diffs {
			fmt.Fprintf(e.stderr, "  - %s\n", d)
		}
		fmt.Fprintf(e.stderr, "make a new one with: roster plan --out %s\n", opts.planFile)
		return exitError{code: exitFailed}
	}
	return e.applyPlan(ctx, now, lv, opts.guards, opts.concurrency, opts.format)
}
