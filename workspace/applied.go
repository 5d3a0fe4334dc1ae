package workspace

import (
	"context"
	"fmt"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

// applied is f, the members file as it is now, each list whose own
// policy fails in it keeping the members sync left its group with
// (history.Settled), or, when sync refuses it whole (a stop finding),
// the last version sync would apply (history.Base at HEAD), with a
// note: the groups stay as that one left them, as a day's refused
// version is passed over on every other route.
func (w *Workspace) applied(ctx context.Context, dir, name, file string, f *members.File) *members.File {
	g, _, _ := w.appliedAs(ctx, dir, name, file, f)
	return g
}

// appliedAs is applied, and, when a committed version stands in for f
// (instead), which: the commit a route names for what it read. Its
// revision's Kept names the lists settled (f's own, or the stand-in's).
func (w *Workspace) appliedAs(ctx context.Context, dir, name, file string, f *members.File) (_ *members.File, _ history.Revision, instead bool) {
	g := policies.NewGate(policies.Structural(f))
	if len(g.Stop) == 0 {
		// A list whose own policy fails keeps whom the last version that
		// applied it listed, as history reads a committed version.
		var fails []string
		for _, l := range f.Lists {
			if g.ListFails(l.ID) != "" {
				fails = append(fails, l.ID)
			}
		}
		if settled, err := history.Settled(ctx, dir, name, f, fails); err == nil && settled != f {
			// Kept names them, as for a committed version.
			return settled, history.Revision{Kept: fails}, false
		}
		return f, history.Revision{}, false
	}
	base, rv, err := history.Base(ctx, dir, name, nil, "HEAD")
	if err != nil {
		return f, history.Revision{}, false // no history to stand in: validate says what is wrong
	}
	using := "a file with no lists (no version sync would apply)"
	if rv.Commit != "" {
		using = fmt.Sprintf("%s (%s, %s), the last version sync would apply", rv.Short(), rv.Date.UTC().Format(members.DateLayout), rv.Subject)
	}
	w.notef("%s as it is now is one sync refuses whole (%s); using %s", file, g.Stop[0].Plain(), using)
	return base, rv, rv.Commit != ""
}
