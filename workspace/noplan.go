package workspace

import (
	"fmt"

	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
)

// noPlan refuses to plan op, whose structure has n errors (sync refuses
// it whole): it reads nothing, and says so where the plan would have
// gone, in format: the JSON document with refused set, or a note in
// markdown for a pull request's comment, which would otherwise say only
// that the plan job made none.
func (w *Workspace) noPlan(op *openedFile, format report.Format, n int) error {
	validate := w.hint("validate")
	if op.Rev != "" {
		// The change's file, as the workflow names it: the checkout is
		// the base.
		validate = w.hint("validate", "--head", op.Rev)
	}
	why := fmt.Sprintf("%s has %s in its structure, so sync and apply refuse to run and there is no plan to show (nothing was read)", op.Path, words.Plural(n, "error"))
	fix := fmt.Sprintf("fix %s (%s shows %s) and plan again", words.Pick(n, "it", "them"), validate, words.Pick(n, "it", "them"))
	switch format {
	case report.JSON:
		p := &plan.Plan{Version: plan.FormatVersion, Source: plan.Source{File: op.Path, SHA256: plan.FileDigest(op.Data)}, Lists: []*plan.List{}, Refused: why + "; " + fix}
		if err := report.Plan(w.out, report.JSON, p); err != nil {
			return err
		}
	case report.Markdown:
		if _, err := fmt.Fprintf(w.out, "### roster plan\n\nNo plan: %s; %s.\n", report.MD(why), report.MD(fix)); err != nil {
			return err
		}
	}
	w.errorf("%s; %s", why, fix)
	return &ExitError{Code: ExitFailed, Reason: why}
}
