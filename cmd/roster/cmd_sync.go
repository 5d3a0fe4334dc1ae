package main

import (
	"context"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
)

// defaultConcurrency is enough workers to reach the default rate when a
// call takes half a second: 38 calls/s x 0.5 s.
const defaultConcurrency = 20

type syncOptions struct {
	file        string
	lists       []string
	dryRun      bool
	format      report.Format
	live        liveOptions
	guards      plan.Guards
	concurrency int
}

func applyFlags() []cli.Flag {
	return append([]cli.Flag{
		&cli.IntFlag{Name: "concurrency", Value: defaultConcurrency, Usage: "at most `N` API calls in flight"},
	}, guardFlags()...)
}

func syncCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "sync",
		Usage:     "make the live groups match members.toml (the scheduled job)",
		UsageText: "roster sync [--file PATH] [--list ID]... [--dry-run] [--max-removals N] [--max-removal-ratio F] [--concurrency N] [--rate R] [--emulator | --endpoint URL]",
		Description: `Validates the whole file and refuses to touch anything while validate
finds an error: an unvetted addition never reaches a live group. Then it
plans every selected list and applies the plan: adds and promotions first,
then removals and demotions, never below a list's min_owners. A run that
would remove more than --max-removals members in all, or more than
--max-removal-ratio of one group, is refused before any write.

Calls are rate-limited under Google's quota and retried with backoff on
429, rate-limit 403s and 5xx. "Already a member" on add and "not found" on
remove count as done, so a run killed at any point, or two runs at once,
converge when run again. One failing list does not stop the others.

  roster sync --emulator                    # the example, against an emulated domain
  roster sync --dry-run                     # the same as roster plan
  roster sync --max-removals 20             # an intended large clean-up

Exit status: 0 all done or nothing to do, 1 anything failed or refused
(--dry-run: 2 when changes are pending).`,
		Flags: append(append([]cli.Flag{
			fileFlag(),
			formatFlag("text", "`FORMAT` of the report on stdout: text or json"),
			&cli.BoolFlag{Name: "dry-run", Usage: "plan only; change nothing"},
		}, liveFlags()...), applyFlags()...),
		Action: func(c *cli.Context) error {
			opts := syncOptions{file: e.membersFile(c), lists: c.StringSlice("list"), dryRun: c.Bool("dry-run"), concurrency: c.Int("concurrency")}
			var err error
			if opts.format, err = report.ParseFormat(c.String("format"), report.Text, report.JSON); err != nil {
				return err
			}
			if opts.live, err = e.liveOptions(c, !opts.dryRun); err != nil {
				return err
			}
			if opts.guards, err = guardsFrom(c); err != nil {
				return err
			}
			if err := checkInt("concurrency", opts.concurrency, 1, 1000); err != nil {
				return err
			}
			if opts.dryRun {
				return runPlan(c.Context, e, planOptions{file: opts.file, lists: opts.lists, format: opts.format, live: opts.live, guards: opts.guards})
			}
			return runSync(c.Context, e, opts)
		},
	}
}

func runSync(ctx context.Context, e *env, opts syncOptions) error {
	c, err := e.loadGated(opts.file)
	if err != nil {
		return err
	}
	p, lv, err := e.buildPlan(ctx, c, opts.file, opts.lists, opts.live)
	if err != nil {
		return err
	}
	defer lv.stop()
	return e.applyPlan(ctx, p, lv, opts.guards, opts.concurrency, opts.format)
}

// applyPlan checks the guards, applies a plan and reports; shared by sync
// and apply.
func (e *env) applyPlan(ctx context.Context, p *plan.Plan, lv *live, guards plan.Guards, concurrency int, format report.Format) error {
	if format == report.Text {
		if err := report.Plan(e.stdout, report.Text, p); err != nil {
			return err
		}
	}
	if err := p.Check(guards); err != nil {
		fmt.Fprintf(e.stderr, "roster: %v\n", err)
		return exitError{code: exitFailed}
	}
	start := e.now()
	prog := newProgress(e, p)
	res := plan.Apply(ctx, p, lv.providers, plan.ApplyOptions{Concurrency: concurrency, Report: prog.event})
	prog.finish()
	summary := report.ApplySummary{Result: res, Duration: e.now().Sub(start), Stats: lv.stats()}
	if format == report.JSON {
		if err := report.SyncJSON(e.stdout, p, summary); err != nil {
			return err
		}
	} else if p.Pending() || !res.OK() {
		if err := report.Applied(e.stdout, summary); err != nil {
			return err
		}
	}
	if notDone, _ := res.Interrupted(); notDone > 0 || ctx.Err() != nil {
		return exitError{code: exitInterrupted}
	}
	if !res.OK() || p.Summary.Problems > 0 {
		return exitError{code: exitFailed}
	}
	return nil
}
