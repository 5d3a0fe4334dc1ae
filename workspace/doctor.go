package workspace

import (
	"context"
	"fmt"
	"github.com/roster-dev/roster/history"
	"net/url"
	"slices"
	"strings"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
)

// DoctorOptions configure Doctor.
type DoctorOptions struct {
	File   string
	Lists  []string
	Format report.Format
	Live   LiveOptions
}

// Doctor checks, one line each, that a sync would work, and says what
// fixes each failure. It never changes a group.
func (w *Workspace) Doctor(ctx context.Context, o DoctorOptions) error {
	ctx, done := history.WithReads(ctx)
	defer done()
	var checks []directory.Check
	add := func(st directory.CheckStatus, name, detail, fix string) {
		checks = append(checks, directory.Check{Status: st, Name: name, Detail: detail, Fix: fix})
	}
	op, err := w.open(ctx, Source{Path: o.File})
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		// Still a checklist: what else stands in the way (credentials,
		// the endpoint) is worth knowing while the file is fixed.
		add(directory.Fail, "members file", err.Error(), w.hint("validate")+" shows what to fix")
		if !o.Live.Emulator {
			checks = append(checks, google.Diagnose(ctx, w.googleConfig(o.Live, o.Live.Endpoint, nil), nil)...)
		}
		if !slices.ContainsFunc(checks, func(c directory.Check) bool { return c.Name == "groups" }) {
			add(directory.Skip, "groups", "not read: the members file names them, and it cannot be read", "")
		}
		return w.doctorReport(o, checks)
	}
	lists, err := selectLists(op.File, o.Lists)
	if err != nil {
		return err
	}
	f := op.File
	switch {
	case len(op.Gate.Stop) > 0:
		add(directory.Fail, "members file", fmt.Sprintf("%s has %s in its structure: %s", o.File, words.Plural(len(op.Gate.Stop), "error"), op.Gate.Stop[0]),
			w.hint("validate")+" shows every one; sync refuses to run until they are fixed")
	case len(op.Gate.Member) > 0:
		add(directory.Warn, "members file", fmt.Sprintf("%s: %s, %s; %s about single members (their additions wait)", o.File, words.Plural(len(f.Lists), "list"), words.Plural(len(f.Members), "member"), words.Plural(len(op.Gate.Member), "finding")),
			w.hint("validate")+" shows them")
	default:
		add(directory.Pass, "members file", fmt.Sprintf("%s: %s, %s", o.File, words.Plural(len(f.Lists), "list"), words.Plural(len(f.Members), "member")), "")
	}
	var targets []google.Target
	failing := 0
	for _, l := range lists {
		// A list whose own policy fails is neither read nor written by
		// sync: it fails here, and its group is not checked.
		if why := op.Gate.ListFails(l.ID); why != "" {
			if failing++; failing <= 20 {
				add(directory.Fail, "list "+l.ID, "not read or synced: its policy fails: "+why, w.hint("validate")+" shows what to fix")
			}
			continue
		}
		if l.Provider == members.ProviderCSV {
			path, err := w.snapshotPath(ctx, o.File, l)
			// The snapshot's path is the file's, relative to it: said
			// as from here, where the export is to be written.
			shown := l.Snapshot
			if path != "" {
				shown = w.shownPath(path)
			}
			if err == nil {
				var ms []directory.Member
				if ms, err = (directory.CSV{Path: path}).Members(ctx, l.Address); err == nil {
					add(directory.Pass, "snapshot "+l.ID, fmt.Sprintf("%s: %s (csv: a person makes the changes)", shown, words.Plural(len(ms), "member")), "")
					continue
				}
			}
			add(directory.Fail, "snapshot "+l.ID, err.Error(), "export the group's members (Google Groups > Members > Export) to "+shown)
			continue
		}
		p := f.PolicyOf(l)
		targets = append(targets, google.Target{Group: l.Address, Settings: p != nil && len(p.Settings) > 0, Create: l.Create, List: l.ID, File: o.File})
	}
	if failing > 20 {
		add(directory.Fail, "lists", fmt.Sprintf("and %d more lists whose policy fails", failing-20), w.hint("validate")+" lists them all")
	}
	if len(targets) > 0 || failing > 0 {
		// With every list failing, the credentials are still worth
		// checking while the file is fixed.
		endpoint, stop := o.Live.Endpoint, func() {}
		if o.Live.Emulator {
			if endpoint, stop, err = w.startBuiltinEmulator(ctx, o.File, f); err != nil {
				return err
			}
		}
		checks = append(checks, onEmulator(endpoint, google.Diagnose(ctx, w.googleConfig(o.Live, endpoint, nil), targets))...)
		// Asked only of a domain every other check passed: an endpoint
		// that did not answer is asked nothing more.
		if len(targets) > 0 && len(f.Lists) > 1 && !slices.ContainsFunc(checks, func(c directory.Check) bool { return c.Status == directory.Fail }) {
			checks = append(checks, w.oneGroupChecks(ctx, o, endpoint, f, targets)...)
		}
		stop()
	}
	return w.doctorReport(o, checks)
}

// doctorReport prints the checklist and fails when a check failed.
func (w *Workspace) doctorReport(o DoctorOptions, checks []directory.Check) error {
	for i := range checks {
		// The command lines a check's advice quotes run as printed.
		checks[i].Detail, checks[i].Fix = w.inContext(checks[i].Detail), w.inContext(checks[i].Fix)
	}
	if err := report.Doctor(w.out, o.Format, checks); err != nil {
		return err
	}
	failing := 0
	for _, ch := range checks {
		if ch.Status == directory.Fail {
			failing++
		}
	}
	if failing > 0 {
		return w.failed("doctor found %s; each says what fixes it", words.Plural(failing, "failing check"))
	}
	return nil
}

// oneGroupChecks says which lists write to one Google group under two
// addresses (an alias of another list's group): sync refuses both, so a
// doctor that passed them would promise a sync that fails. Nothing is
// said when the groups cannot be asked: Diagnose says which scope that
// takes.
func (w *Workspace) oneGroupChecks(ctx context.Context, o DoctorOptions, endpoint string, f *members.File, targets []google.Target) []directory.Check {
	g, err := google.New(ctx, w.googleConfig(o.Live, endpoint, []string{google.ScopeRead}))
	if err != nil {
		return nil
	}
	providers := map[string]directory.Provider{}
	var lists []*members.List
	for _, t := range targets {
		if l := f.List(t.List); l != nil {
			providers[l.ID], lists = g, append(lists, l)
		}
	}
	lines, _ := plan.SharedGroups(ctx, f, lists, providers, DefaultConcurrency)
	var out []directory.Check
	for _, line := range lines {
		out = append(out, directory.Check{Status: directory.Fail, Name: "one group", Detail: line,
			Fix: "keep one list for the group, with everyone it should hold, or point the other at a group of its own"})
	}
	return out
}

// onEmulator words the fixes of checks made against endpoint for an
// emulator on this machine, which has no Admin console: a missing group
// comes from its --group flag (as plan says), or from create = true.
func onEmulator(endpoint string, checks []directory.Check) []directory.Check {
	u, err := url.Parse(endpoint)
	if err != nil || endpoint == "" || !google.IsLoopback(u.Hostname()) {
		return checks
	}
	for i, c := range checks {
		if rest, ok := strings.CutPrefix(c.Fix, "create the group in the Admin console (Directory > Groups)"); ok {
			checks[i].Fix = "start the emulator with --group " + strings.TrimPrefix(c.Name, "group ") + " (it has no Admin console), or set create = true on the list" + rest
		}
	}
	return checks
}
