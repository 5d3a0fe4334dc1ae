package workspace

import (
	"fmt"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/policies"
)

// warnUnpinned prints, for a run whose plan creates a group its policy
// pins no setting of, the file's create-unpinned finding: sync creates
// it open, with Google's defaults. Validate and audit say so too, but the
// run that makes the group is the one whose log must.
func (w *Workspace) warnUnpinned(op *openedFile, p *plan.Plan) {
	creates := map[string]bool{}
	for _, l := range p.Lists {
		if (l.Create || l.CreateIfMissing) && l.Unpinned != "" {
			creates[l.ID] = true
		}
	}
	var fs []policies.Finding
	for _, f := range op.Findings {
		if f.Rule == policies.RuleCreateUnpinned && creates[f.List] {
			fs = append(fs, f)
		}
	}
	if len(fs) > 0 {
		w.stderrFindings(fs)
	}
}

// createdHow says how sync creates l's group when it is missing, after
// "sync creates it (create = true)": settings pinned first, or Google's
// open defaults when l's policy pins none.
func createdHow(f *members.File, l *members.List) string {
	if p := f.PolicyOf(l); p == nil || len(p.Settings) == 0 {
		name := l.Policy
		if p != nil {
			name = p.ID
		}
		return fmt.Sprintf(" with Google's default settings: nothing in policy %s pins them, so anyone in the domain may find it and ask to join", name)
	}
	return " and pins its settings before anyone is added"
}
