package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
	"github.com/roster-dev/roster/report"
)

// gitPath splits the members file path into the directory git runs in and
// the file's name there.
func (e *env) gitPath(file string) (dir, name string) {
	full := e.path(file)
	return filepath.Dir(full), filepath.Base(full)
}

func historyCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "history",
		Usage:     "membership events over the git history of members.toml",
		UsageText: "roster history [--file PATH] [--list ID]... [--member EMAIL] [--since REV|DATE] [--until REV|DATE] [--format text|json|csv]",
		Description: `Lists every membership change on the main line, oldest first: added,
removed, role_changed, and vetted, each with the commit, its author, date
and subject (which names the pull request in a squash or merge workflow).
Follows the file across renames. A revision that does not parse is
reported on stderr and skipped.

  roster history --member ada@example.org
  roster history --list security-reports --since 2026-01-01 --format csv > q1.csv
  roster history --since v1.2 --format json

JSON is an array of {"commit","date","author","subject","list","email",
"action","role","previous_role"} (and "vetting" for vetted events).`,
		Flags: []cli.Flag{
			fileFlag(),
			formatFlag("text", "`FORMAT`: text, json or csv"),
			&cli.StringSliceFlag{Name: "list", Aliases: []string{"l"}, Usage: "only the list `ID` (repeatable)"},
			&cli.StringFlag{Name: "member", Usage: "only the member `EMAIL` (any spelling of the mailbox)"},
			&cli.StringFlag{Name: "since", Usage: "only commits after `REV` or on or after DATE (YYYY-MM-DD)"},
			&cli.StringFlag{Name: "until", Usage: "only commits up to `REV` or DATE"},
		},
		Action: func(c *cli.Context) error {
			format, err := report.ParseFormat(c.String("format"), report.Text, report.JSON, report.CSV)
			if err != nil {
				return err
			}
			dir, name := e.gitPath(e.membersFile(c))
			events, problems, err := history.History(c.Context, dir, name, history.Options{
				LogOptions: history.LogOptions{Since: c.String("since"), Until: c.String("until")},
				Lists:      c.StringSlice("list"),
				Member:     c.String("member"),
			})
			if err != nil {
				return err
			}
			for _, p := range problems {
				fmt.Fprintf(e.stderr, "roster: skipped %s (%s, %s): %v\n", p.Revision.Short(), p.Revision.Subject, p.Revision.Date.Format("2006-01-02"), p.Err)
			}
			return report.Events(e.stdout, format, events)
		},
	}
}

func diffCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "diff",
		Usage:     "membership difference between two revisions",
		UsageText: "roster diff [--file PATH] [--list ID]... [--format text|json|markdown] REV [REV2]",
		Description: `Compares who is on each list at REV and at REV2 (default: the working
tree), with the vetting notes of everyone added. A revision is a commit,
branch or tag, or a date (the file as it was at the end of that day).

  roster diff main                 # what this branch changes
  roster diff 2026-01-01 2026-06-30 --format markdown
  roster diff origin/main --exit-code    # exit 1 when the membership differs

Exit status 0, or with --exit-code 1 when anything differs.`,
		Flags: []cli.Flag{
			fileFlag(),
			formatFlag("text", "`FORMAT`: text, json or markdown"),
			&cli.StringSliceFlag{Name: "list", Aliases: []string{"l"}, Usage: "only the list `ID` (repeatable)"},
			&cli.BoolFlag{Name: "exit-code", Usage: "exit 1 when the membership differs, as git diff --exit-code"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() < 1 || c.NArg() > 2 {
				return fmt.Errorf("diff needs one or two revisions: roster diff [flags] REV [REV2]")
			}
			format, err := report.ParseFormat(c.String("format"), report.Text, report.JSON, report.Markdown)
			if err != nil {
				return err
			}
			file := e.membersFile(c)
			dir, name := e.gitPath(file)
			from, _, err := history.FileAt(c.Context, dir, name, c.Args().Get(0))
			if err != nil {
				return err
			}
			toName := "the working tree"
			var to *members.File
			if c.NArg() == 2 {
				toName = c.Args().Get(1)
				if to, _, err = history.FileAt(c.Context, dir, name, toName); err != nil {
					return err
				}
			} else {
				if to, _, err = e.parsedMembers(file, "nothing to compare with"); err != nil {
					return err
				}
			}
			d := history.Compare(from, to, c.StringSlice("list"))
			if err := report.Diff(e.stdout, format, c.Args().Get(0), toName, d); err != nil {
				return err
			}
			if c.Bool("exit-code") {
				for _, l := range d {
					if !l.Empty() {
						return exitError{code: exitFailed}
					}
				}
			}
			return nil
		},
	}
}

func showCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "show",
		Usage:     "membership as it was at a revision or date",
		UsageText: "roster show --at REV|DATE [--file PATH] [--list ID]... [--format text|json|csv]",
		Description: `Prints who was on each list, with which role and who vetted them, as
the file stood at a commit or at the end of a day.

  roster show --at 2026-03-31 --list security-reports`,
		Flags: []cli.Flag{
			fileFlag(),
			formatFlag("text", "`FORMAT`: text, json or csv"),
			&cli.StringFlag{Name: "at", Usage: "the `REV` or DATE (YYYY-MM-DD) to show"},
			&cli.StringSliceFlag{Name: "list", Aliases: []string{"l"}, Usage: "only the list `ID` (repeatable)"},
		},
		Action: func(c *cli.Context) error {
			if c.String("at") == "" {
				return fmt.Errorf("show needs --at REV or --at YYYY-MM-DD")
			}
			format, err := report.ParseFormat(c.String("format"), report.Text, report.JSON, report.CSV)
			if err != nil {
				return err
			}
			dir, name := e.gitPath(e.membersFile(c))
			f, rev, err := history.FileAt(c.Context, dir, name, c.String("at"))
			if err != nil {
				return err
			}
			lists, err := selectLists(f, c.StringSlice("list"))
			if err != nil {
				return err
			}
			var shown []report.ShownMember
			for _, l := range lists {
				ms := f.MembersOf(l.ID)
				sort.Slice(ms, func(i, j int) bool { return ms[i].Email < ms[j].Email })
				for _, m := range ms {
					role, _ := m.RoleOn(l.ID)
					sm := report.ShownMember{List: l.ID, Email: m.Email, Name: m.Name, Role: role}
					if n := len(m.Vetting); n > 0 {
						v := m.Vetting[n-1]
						sm.VettedBy, sm.VettedOn, sm.Method = v.By, v.On.Format(members.DateLayout), v.Method
					}
					shown = append(shown, sm)
				}
			}
			label := fmt.Sprintf("%s (commit %s, %s, %q)", c.String("at"), rev.Short(), rev.Date.Format("2006-01-02"), rev.Subject)
			return report.Membership(e.stdout, format, label, shown)
		},
	}
}

func auditCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "audit",
		Usage:     "lapsed vetting, capacity, owners, and drift from the live groups",
		UsageText: "roster audit [--file PATH] [--at DATE] [--live] [--format text|json|markdown] [--emulator | --endpoint URL]",
		Description: `Reports, for every list: vetting that has lapsed or lapses within 30
days (who vetted, when), members with no qualifying vetting, size and
owners against the policy, and members on no list. With --live, also the
drift between the file and the live groups: members there that the file
does not name, roles that differ, and group settings wider than the
policy allows.

Exit status 1 when it finds something policy forbids, so that a scheduled
job can alert; notices (lapsing soon, not yet synced) do not fail it.

  roster audit --live --format markdown`,
		Flags: append([]cli.Flag{
			fileFlag(),
			formatFlag("text", "`FORMAT`: text, json or markdown"),
			&cli.StringFlag{Name: "at", Usage: "audit as of `DATE` (YYYY-MM-DD) instead of today"},
			&cli.BoolFlag{Name: "live", Usage: "also compare with the live groups (read-only), with who changed them by hand"},
			attributionFlag(),
		}, liveFlags()...),
		Action: func(c *cli.Context) error {
			format, err := report.ParseFormat(c.String("format"), report.Text, report.JSON, report.Markdown)
			if err != nil {
				return err
			}
			at := e.today()
			if c.IsSet("at") {
				if at, err = parseDay("at", c.String("at")); err != nil {
					return err
				}
			}
			var lo *liveOptions
			if c.Bool("live") {
				o, err := e.liveOptions(c, false)
				if err != nil {
					return err
				}
				lo = &o
			}
			return runAudit(c.Context, e, e.membersFile(c), c.StringSlice("list"), at, lo, format, c.Bool("no-attribution"))
		},
	}
}

func runAudit(ctx context.Context, e *env, file string, ids []string, at time.Time, lo *liveOptions, format report.Format, noAttribution bool) error {
	c, err := e.loadFile(file)
	if err != nil {
		return err
	}
	a := policies.RunAudit(c.file, at)
	if lo != nil {
		p, lv, err := e.buildPlan(ctx, c, file, ids, *lo)
		if err != nil {
			return err
		}
		if !noAttribution {
			e.attribute(ctx, p, lv)
		}
		a.Add(policies.Drift(p)...)
		for _, l := range p.Lists {
			if len(l.Groups) == 0 {
				continue
			}
			rs, err := directory.Expand(ctx, lv.providers[l.ID], l.Address, l.Groups)
			lines, items := policies.Receivers(c.file, c.file.List(l.ID), rs)
			a.Receivers = append(a.Receivers, lines...)
			a.Add(items...)
			if err != nil {
				a.Add(policies.AuditItem{Level: policies.Violation, Kind: policies.KindReceiver, List: l.ID,
					Message: fmt.Sprintf("cannot tell who receives %s's mail: %v", l.Address, err)})
			}
		}
		lv.stop()
	}
	if err := report.AuditReport(e.stdout, format, a); err != nil {
		return err
	}
	if a.Violations() > 0 {
		return exitError{code: exitFailed}
	}
	return nil
}
