package workspace

import (
	"context"
	"slices"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// sameGroup returns the addresses of list l's group (its own and its
// aliases) when Google says named, the group an export names, is one of
// them: l is written at another (an alias); asked of the live side o
// names. nil when it cannot be asked (no credentials, no emulator) or
// says otherwise: an export of another group is never read as l's on
// the file's word alone.
func (w *Workspace) sameGroup(ctx context.Context, f *members.File, o ImportOptions, l *members.List, named string) []string {
	lv, err := w.openLive(ctx, f, o.File, []*members.List{l}, o.Live, access{})
	if err != nil {
		return nil
	}
	defer lv.stop()
	gr, ok := lv.providers[l.ID].(directory.GroupReader)
	if !ok {
		return nil
	}
	g, err := gr.Group(ctx, l.Address)
	if err != nil {
		return nil
	}
	names := g.Addresses()
	if !slices.ContainsFunc(names, func(a string) bool { return members.IdentityOf(a) == members.IdentityOf(named) }) {
		return nil
	}
	return names
}
