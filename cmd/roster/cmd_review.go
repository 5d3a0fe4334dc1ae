package main

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
	"github.com/roster-dev/roster/pullrequest"
	"github.com/roster-dev/roster/report"
)

type reviewOptions struct {
	file, base, head string
	approvedBy       []string
	format           report.Format
	pr               int
	comment          bool
	planFile         string
}

func reviewCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "review",
		Usage:     "who must approve a change to the lists, and whether they have",
		UsageText: "roster review --base REV [--approved-by HANDLE]... [--format text|json|markdown] [--github-pr N [--comment] [--plan FILE]]",
		Description: `Compares members.toml at --base (the pull request's base) with the
working tree (or --head REV) and lists, per list the change touches, what
it does: members added, removed or re-roled, new vetting records of its
members, changes to the list's table or policy. Each such list needs an
approving review from one of its owners as the base file names them, by
their github field: a change never approves itself. A new list needs an
owner of an existing list.

  roster review --base origin/main --approved-by ada-example
  roster review --base "$BASE_SHA" --github-pr 42 --comment --plan plan.md

With --github-pr, the approvals are read from the pull request's reviews
(GITHUB_API_URL, GITHUB_REPOSITORY and GITHUB_TOKEN, as GitHub Actions sets
them) and added to --approved-by; with --comment, the review (and the plan
in --plan, a roster plan --format markdown) is posted as one comment of the
pull request, updated in place on every push.

Exit status 0 when every changed list is approved, 1 otherwise.`,
		Flags: []cli.Flag{
			fileFlag(),
			formatFlag("text", "`FORMAT`: text, json or markdown"),
			&cli.StringFlag{Name: "base", Usage: "the revision `REV` the change is against (required)"},
			&cli.StringFlag{Name: "head", Usage: "the revision `REV` of the change (default: the working tree)"},
			&cli.StringSliceFlag{Name: "approved-by", Usage: "a GitHub `HANDLE` that approved the change (repeatable)"},
			&cli.IntFlag{Name: "github-pr", Usage: "read approvals of pull request `N` from the GitHub API"},
			&cli.BoolFlag{Name: "comment", Usage: "post the review as one comment of --github-pr, updated in place"},
			&cli.StringFlag{Name: "plan", Usage: "a roster plan --format markdown `FILE` to include in the comment"},
		},
		Action: func(c *cli.Context) error {
			o := reviewOptions{file: e.membersFile(c), base: c.String("base"), head: c.String("head"), approvedBy: c.StringSlice("approved-by"),
				pr: c.Int("github-pr"), comment: c.Bool("comment"), planFile: c.String("plan")}
			var err error
			if o.format, err = report.ParseFormat(c.String("format"), report.Text, report.JSON, report.Markdown); err != nil {
				return err
			}
			if o.base == "" {
				return fmt.Errorf("review needs --base REV, the revision the change is against (in a pull request: its base commit)")
			}
			if o.comment && o.pr == 0 {
				return fmt.Errorf("--comment needs --github-pr N")
			}
			if err := checkInt("github-pr", o.pr, 0, 1<<30); err != nil {
				return err
			}
			return runReview(c.Context, e, o)
		},
	}
}

func runReview(ctx context.Context, e *env, o reviewOptions) error {
	dir, name := e.gitPath(o.file)
	base, _, err := history.FileAt(ctx, dir, name, o.base)
	if err != nil {
		return fmt.Errorf("--base %s: %w", o.base, err)
	}
	var head *members.File
	if o.head != "" {
		if head, _, err = history.FileAt(ctx, dir, name, o.head); err != nil {
			return fmt.Errorf("--head %s: %w", o.head, err)
		}
	} else if head, _, err = e.parsedMembers(o.file, "nothing was reviewed"); err != nil {
		return err
	}
	var gh *pullrequest.Client
	if o.pr > 0 {
		api := e.getenv("GITHUB_API_URL")
		if api == "" {
			api = "https://api.github.com"
		}
		if err := pullrequest.CheckAPI(api); err != nil {
			return err
		}
		gh = &pullrequest.Client{API: api, Repo: e.getenv("GITHUB_REPOSITORY"), Token: e.getenv("GITHUB_TOKEN")}
		if gh.Repo == "" {
			return fmt.Errorf("--github-pr needs GITHUB_REPOSITORY (owner/name), as GitHub Actions sets it")
		}
		approvers, err := gh.Approvers(ctx, o.pr)
		if err != nil {
			return err
		}
		o.approvedBy = append(o.approvedBy, approvers...)
	}
	rs := policies.Review(base, head, o.approvedBy)
	if err := report.Review(e.stdout, o.format, o.base, rs); err != nil {
		return err
	}
	if o.comment {
		plan := ""
		if o.planFile != "" {
			data, err := os.ReadFile(e.path(o.planFile))
			if err != nil {
				return fmt.Errorf("--plan: %w", err)
			}
			plan = string(data)
		}
		if err := gh.Upsert(ctx, o.pr, report.ReviewMarker, report.ReviewMarkdown(o.base, rs, plan)); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "roster: review posted on pull request #%s\n", strconv.Itoa(o.pr))
	}
	for _, r := range rs {
		if !r.OK {
			return exitError{code: exitFailed}
		}
	}
	return nil
}
