package main

import (
	"bytes"
	"context"
	"fmt"
	"math"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/internal/atomicfile"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
)

type planOptions struct {
	file          string
	lists         []string
	format        report.Format
	out           string
	live          liveOptions
	guards        plan.Guards
	noAttribution bool
}

// attributionFlag turns off reading who changed a group by hand.
func attributionFlag() cli.Flag {
	return &cli.BoolFlag{Name: "no-attribution", Usage: "do not read Google's audit log for who changed a group by hand"}
}

// attribute reads, for the lists whose live state differs from the file,
// who changed them by hand; when the audit log cannot be read it says so
// once, with how to grant it.
func (e *env) attribute(ctx context.Context, p *plan.Plan, lv *live) {
	if note := plan.Attribute(ctx, p, lv.providers, e.now()); note != "" {
		fmt.Fprintf(e.stderr, "roster: note: %s\n", note)
	}
}

func guardFlags() []cli.Flag {
	return []cli.Flag{
		&cli.IntFlag{Name: "max-removals", Value: plan.DefaultGuards.MaxRemovals, Usage: "refuse a run that removes more than `N` members in all"},
		&cli.Float64Flag{Name: "max-removal-ratio", Value: plan.DefaultGuards.MaxRemovalRatio, Usage: "refuse a run that removes more than this `FRACTION` of one live group"},
	}
}

func guardsFrom(c *cli.Context) (plan.Guards, error) {
	g := plan.Guards{MaxRemovals: c.Int("max-removals"), MaxRemovalRatio: c.Float64("max-removal-ratio")}
	if err := checkInt("max-removals", g.MaxRemovals, 0, math.MaxInt32); err != nil {
		return g, err
	}
	return g, checkFloat("max-removal-ratio", g.MaxRemovalRatio, 0, 1)
}

func planCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "plan",
		Usage:     "show what sync would change on the live groups",
		UsageText: "roster plan [--file PATH] [--list ID]... [--format text|json|markdown] [--out plan.json] [--emulator | --endpoint URL]",
		Description: `Reads every selected list's live group (one members.list call per 200
members) and prints the adds, removals and role changes that would make it
match members.toml, and the group settings its policy pins. Live members
the file does not name are removed or only reported, as the list's policy
says (unmanaged). Never writes.

  roster plan --emulator                  # try it with no Google account
  roster plan --format markdown           # a pull-request comment
  roster plan --out plan.json             # for roster apply plan.json

Exit status: 0 nothing to do, 2 changes pending, 1 error.`,
		Flags: append(append([]cli.Flag{
			fileFlag(),
			formatFlag("text", "`FORMAT`: text, json or markdown"),
			&cli.StringFlag{Name: "out", Usage: "also save the plan to `FILE` for roster apply"},
			attributionFlag(),
		}, liveFlags()...), guardFlags()...),
		Action: func(c *cli.Context) error {
			opts := planOptions{file: e.membersFile(c), lists: c.StringSlice("list"), out: c.String("out"), noAttribution: c.Bool("no-attribution")}
			var err error
			if opts.format, err = report.ParseFormat(c.String("format"), report.Text, report.JSON, report.Markdown); err != nil {
				return err
			}
			if opts.live, err = e.liveOptions(c, false); err != nil {
				return err
			}
			if opts.guards, err = guardsFrom(c); err != nil {
				return err
			}
			return runPlan(c.Context, e, opts)
		},
	}
}

func runPlan(ctx context.Context, e *env, opts planOptions) error {
	c, err := e.loadFile(opts.file)
	if err != nil {
		return err
	}
	p, lv, err := e.buildPlan(ctx, c, opts.file, opts.lists, opts.live)
	if err != nil {
		return err
	}
	if !opts.noAttribution {
		e.attribute(ctx, p, lv)
	}
	lv.stop()
	if err := report.Plan(e.stdout, opts.format, p); err != nil {
		return err
	}
	if opts.out != "" {
		var buf bytes.Buffer
		if err := p.Write(&buf); err != nil {
			return err
		}
		// The plan names live members who may not be in the repository:
		// a new file gets the umask's permissions, an existing one keeps
		// its own.
		if err := atomicfile.Write(e.path(opts.out), buf.Bytes(), 0o666); err != nil {
			return fmt.Errorf("save plan: %w", err)
		}
		fmt.Fprintf(e.stderr, "roster: plan saved to %s; apply it with: roster apply %s\n", opts.out, opts.out)
	}
	if n := len(c.gate.Stop); n > 0 {
		fmt.Fprintf(e.stderr, "roster: warning: %s has %s in its structure (roster validate shows %s); sync and apply refuse to run until %s fixed\n",
			opts.file, words.Plural(n, "error"), words.Pick(n, "it", "them"), words.Pick(n, "it is", "they are"))
	}
	if gerr := p.Check(opts.guards); gerr != nil {
		fmt.Fprintf(e.stderr, "roster: warning: sync would refuse this plan: %v\n", gerr)
	}
	switch {
	case p.Summary.Unreadable > 0:
		return exitError{code: exitFailed}
	case p.Pending():
		return errChanges
	}
	return nil
}

// buildPlan opens the live side for the selected lists and plans them.
// The caller stops the returned live side when it is done with it.
func (e *env) buildPlan(ctx context.Context, c *checked, file string, ids []string, o liveOptions) (*plan.Plan, *live, error) {
	lists, err := selectLists(c.file, ids)
	if err != nil {
		return nil, nil, err
	}
	lv, err := e.openLive(ctx, c.file, file, lists, o)
	if err != nil {
		return nil, nil, err
	}
	p := plan.Build(ctx, c.file, lists, lv.providers, plan.BuildOptions{
		Source:  plan.Source{File: file, SHA256: plan.FileDigest(c.data)},
		Blocked: c.gate.Blocked,
		Full:    c.gate.Full,
		Listed:  e.listedFor(file),
	})
	if err := ctx.Err(); err != nil {
		lv.stop()
		return nil, nil, fmt.Errorf("interrupted while reading the live groups: %w", context.Cause(ctx))
	}
	return p, lv, nil
}
