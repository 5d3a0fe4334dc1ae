package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/report"
)

func doctorCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "doctor",
		Usage:     "check that a sync would work: file, credentials, scopes, subject, groups",
		UsageText: "roster doctor [--file PATH] [--list ID]... [--credentials FILE] [--subject EMAIL] [--impersonate-service-account EMAIL] [--format text|json] [--emulator | --endpoint URL]",
		Description: `Checks, one line each with PASS, WARN, FAIL or SKIP and the fix: that the
members file parses with a sound structure; which Google credential is found
and its kind; whether it can carry --subject (only a service-account key
can, or keyless delegation with --impersonate-service-account); that a
token can be minted for each scope roster asks for, naming the one the
Admin console has not granted to the client ID; that the subject can read
each list's group and its settings; each csv list's snapshot; and, as a
warning only, the audit log. Read-only: it never changes a group.

  roster doctor --credentials key.json --subject groups-admin@example.org
  roster doctor --emulator

Exit status 0 only when a sync would work (warnings allowed), 1 otherwise.`,
		Flags: append([]cli.Flag{
			fileFlag(),
			formatFlag("text", "`FORMAT`: text or json"),
		}, liveFlags()...),
		Action: func(c *cli.Context) error {
			format, err := report.ParseFormat(c.String("format"), report.Text, report.JSON)
			if err != nil {
				return err
			}
			o, err := e.liveOptions(c, false)
			if err != nil {
				return err
			}
			return runDoctor(c.Context, e, e.membersFile(c), c.StringSlice("list"), o, format)
		},
	}
}

func runDoctor(ctx context.Context, e *env, file string, ids []string, o liveOptions, format report.Format) error {
	var checks []directory.Check
	add := func(st directory.CheckStatus, name, detail, fix string) {
		checks = append(checks, directory.Check{Status: st, Name: name, Detail: detail, Fix: fix})
	}
	c, err := e.loadFile(file)
	if err != nil {
		return err
	}
	lists, err := selectLists(c.file, ids)
	if err != nil {
		return err
	}
	switch {
	case len(c.gate.Stop) > 0:
		add(directory.Fail, "members file", fmt.Sprintf("%s has %s in its structure: %s", file, words.Plural(len(c.gate.Stop), "error"), c.gate.Stop[0]),
			"roster validate shows every one; sync refuses to run until they are fixed")
	case len(c.gate.Member) > 0:
		add(directory.Warn, "members file", fmt.Sprintf("%s: %s, %s; %s about single members (their additions wait)", file, words.Plural(len(c.file.Lists), "list"), words.Plural(len(c.file.Members), "member"), words.Plural(len(c.gate.Member), "finding")),
			"roster validate shows them")
	default:
		add(directory.Pass, "members file", fmt.Sprintf("%s: %s, %s", file, words.Plural(len(c.file.Lists), "list"), words.Plural(len(c.file.Members), "member")), "")
	}
	var targets []google.Target
	for _, l := range lists {
		if l.Provider == members.ProviderCSV {
			path := l.Snapshot
			if !filepath.IsAbs(path) {
				path = filepath.Join(filepath.Dir(e.path(file)), path)
			}
			data, err := os.ReadFile(path)
			if err == nil {
				var ms []directory.Member
				if ms, err = directory.ParseSnapshot(l.Snapshot, data); err == nil {
					add(directory.Pass, "snapshot "+l.ID, fmt.Sprintf("%s: %s (csv: a person makes the changes)", l.Snapshot, words.Plural(len(ms), "member")), "")
					continue
				}
			}
			add(directory.Fail, "snapshot "+l.ID, err.Error(), "export the group's members (Google Groups > Members > Export) to "+l.Snapshot)
			continue
		}
		p := c.file.PolicyOf(l)
		targets = append(targets, google.Target{Group: l.Address, Settings: p != nil && len(p.Settings) > 0})
	}
	if len(targets) > 0 {
		endpoint, stop := o.endpoint, func() {}
		if o.emulator {
			if endpoint, stop, err = e.startBuiltinEmulator(file); err != nil {
				return err
			}
		}
		checks = append(checks, google.Diagnose(ctx, e.googleConfig(o, endpoint, nil), targets)...)
		stop()
	}
	if err := report.Doctor(e.stdout, format, checks); err != nil {
		return err
	}
	for _, ch := range checks {
		if ch.Status == directory.Fail {
			return exitError{code: exitFailed}
		}
	}
	return nil
}
