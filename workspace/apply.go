package workspace

import (
	"context"
	"fmt"
	"github.com/roster-dev/roster/history"
	"strings"

	"github.com/roster-dev/roster/internal/regular"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
)

// ApplyOptions configure Apply.
type ApplyOptions struct {
	Source
	// PlanFile is a plan saved by Plan's Out.
	PlanFile string
	Format   report.Format
	Live     LiveOptions
	Guards   plan.Guards
	// NoAttribution skips Google's audit log for who changed a group by
	// hand, which apply reads again (a plan file's word on it is not
	// taken: it is no part of what apply compares).
	NoAttribution bool
}

// Apply applies a saved plan, only if it still holds: the plan is
// recomputed now and applied only if it is the same plan, so a plan file
// is never trusted on its own and an edited one cannot add anyone.
func (w *Workspace) Apply(ctx context.Context, o ApplyOptions) error {
	ctx, done := history.WithReads(ctx)
	defer done()
	return w.oneDocument(o.Format, o.Path, func(w *Workspace) error { return w.apply(ctx, o) })
}

func (w *Workspace) apply(ctx context.Context, o ApplyOptions) error {
	data, err := regular.ReadFile(w.path(o.PlanFile))
	if err != nil {
		return fmt.Errorf("read plan: %w; make one with: %s", err, w.hint("plan", "--out", o.PlanFile))
	}
	saved, err := plan.Read(o.PlanFile, data)
	if err != nil {
		return err
	}

	var ids []string
	for _, l := range saved.Lists {
		ids = append(ids, l.ID)
	}
	tw, err := w.openToWrite(ctx, o.Source, o.Format, ids, o.Live)
	if err != nil {
		return err
	}
	op, lists, failing, lv := tw.op, tw.lists, tw.failing, tw.lv
	defer lv.stop()
	now, err := w.buildPlan(ctx, op, lists, lv, o.Live, false)
	if err != nil {
		return err
	}
	// In the plan as plan saved it: skipped, then and now.
	now.WithSkipped(failing)
	if diffs := plan.Diff(saved, now); len(diffs) > 0 {
		w.errorf("the plan in %s no longer holds; nothing was changed:", o.PlanFile)
		for _, d := range diffs {
			w.notef("  - %s", d)
		}
		again := []string{"--out", o.PlanFile}
		if len(ids) < len(op.File.Lists) {
			again = append(again, listArgs(ids)...) // the lists the plan had
		}
		w.notef("make a new one with: %s", w.hint("plan", append(again, guardArgs(o.Guards)...)...))
		if also := onTheGroups(report.WalkIns(now, plan.Result{}), report.Unvetted(now), report.NestedReceivers(now), report.HeldRemovals(now, true)); also != "" {
			// Read to tell the plan is stale, the groups name whoever sits
			// there unadmitted: the last line says so, as every failed
			// run's does.
			w.errorf("apply changed nothing%s", also)
		}
		return &ExitError{Code: ExitFailed, Reason: fmt.Sprintf("the plan in %s no longer holds: %s", o.PlanFile, strings.Join(diffs, "; "))}
	}
	// Who changed each group by hand, read again as plan and sync read
	// it, for apply's lines to say as theirs do.
	if !o.NoAttribution {
		w.attribute(ctx, op, now, lv)
	}
	w.warnUnpinned(op, now)
	return w.applyPlan(ctx, now, lv, o.Guards, o.Live.Concurrency, o.Format, "apply", o.PlanFile)
}
