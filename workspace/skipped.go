package workspace

import (
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
)

// runnable leaves out the lists whose own policy fails in the file (a
// list with fewer owners than its min_owners): they are neither read nor
// written, and the run says so at once and fails.
func (w *Workspace) runnable(op *openedFile, lists []*members.List) (runnable []*members.List, failing []*plan.List, err error) {
	for _, l := range lists {
		if why := op.Gate.ListFails(l.ID); why != "" {
			// In the plan too, so that its reader (a pull request's
			// comment, a script reading JSON) sees the list was skipped.
			failing = append(failing, &plan.List{ID: l.ID, Address: l.Address, Provider: string(l.Provider), Changes: []plan.Change{}, Error: why, PolicyFails: true})
			if len(failing) <= 20 {
				w.warnf("list %s is not read or synced: its policy fails: %s", l.ID, why)
			}
			continue
		}
		runnable = append(runnable, l)
	}
	if n := len(failing); n > 20 {
		w.warnf("and %d more lists whose policy fails; %s lists them all", n-20, w.hint("validate"))
	}
	if len(failing) > 0 && len(runnable) == 0 {
		w.errorf("no list can be synced: every selected list fails its policy in %s (%s shows why)", op.Path, w.hint("validate"))
		return nil, failing, exit(ExitFailed)
	}
	return runnable, failing, nil
}

// printSkipped prints, for a run whose every list fails its own policy,
// the plan it would have shown: each list, not read, and why, so that
// the plan's reader (a comment, a script) never sees an empty plan. It
// returns that plan (nil when no list failed).
func (w *Workspace) printSkipped(op *openedFile, failing []*plan.List, format report.Format) *plan.Plan {
	if len(failing) == 0 {
		return nil
	}
	p := &plan.Plan{Version: plan.FormatVersion, Source: plan.Source{File: op.Path, SHA256: plan.FileDigest(op.Data)}, Lists: []*plan.List{}}
	p.WithSkipped(failing)
	_ = report.Plan(w.out, format, p)
	return p
}
