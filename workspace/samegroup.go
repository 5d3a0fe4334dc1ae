package workspace

import (
	"context"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// sameGroup reports whether Google says named, the group an export
// names, is the group of list l, written at another of its addresses
// (an alias): asked of the live side o names; false when it cannot be
// asked (no credentials, no emulator) or says otherwise. An export of
// another group is never read as l's on the file's word alone.
func (w *Workspace) sameGroup(ctx context.Context, f *members.File, o ImportOptions, l *members.List, named string) bool {
	lv, err := w.openLive(ctx, f, o.File, []*members.List{l}, o.Live, access{})
	if err != nil {
		return false
	}
	defer lv.stop()
	gr, ok := lv.providers[l.ID].(directory.GroupReader)
	if !ok {
		return false
	}
	g, err := gr.Group(ctx, l.Address)
	if err != nil {
		return false
	}
	for _, a := range g.Addresses() {
		if members.IdentityOf(a) == members.IdentityOf(named) {
			return true
		}
	}
	return false
}
