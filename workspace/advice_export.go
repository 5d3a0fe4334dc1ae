package workspace

import (
	"context"
	"fmt"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// A csv list's group is its member export, a file beside the members
// file: the advice after an edit reads it as plan and sync do, rather
// than take the group to hold the committed file, and says that what
// sync plans there is a person's to do (sync cannot write the group).

// export is a csv list's group as its member export shows it.
type export struct {
	// snapshot is the export's path as the list writes it.
	snapshot string
	members  []directory.Member
	// err says why the export could not be read: sync cannot read the
	// group either, and plans nothing for it.
	err error
}

// exports reads the export of each csv list of f, as sync reads it,
// by list id.
func (w *Workspace) exports(ctx context.Context, file string, f *members.File) map[string]export {
	if f == nil {
		return nil
	}
	out := map[string]export{}
	for _, l := range f.Lists {
		if l.Provider != members.ProviderCSV {
			continue
		}
		ex := export{snapshot: l.Snapshot}
		path, err := w.snapshotPath(ctx, file, l)
		if err == nil {
			ex.members, err = directory.CSV{Path: path}.Members(ctx, l.Address)
		}
		ex.err = err
		out[l.ID] = ex
	}
	return out
}

// roleOf is email's role on the group as the export shows it, "" when
// it does not show them.
func (ex export) roleOf(email string) members.Role {
	mb := members.MailboxOf(email)
	for _, m := range ex.members {
		if members.MailboxOf(m.Email) == mb {
			return plan.FromLiveRole(m.Role)
		}
	}
	return ""
}

// live is policies.Options.Live for the exports read: whoever one shows
// is on that list's group, as plan judges them.
func (b syncBase) live() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for id, ex := range b.exports {
		if ex.err != nil {
			continue
		}
		on := map[string]bool{}
		for _, m := range ex.members {
			on[members.MailboxOf(m.Email)] = true
		}
		out[id] = on
	}
	return out
}

// checklistItem says that c, a change sync may make on a csv list, is a
// person's to make: sync lists it, and fails until the export shows it.
func checklistItem(c plan.Change, list, snapshot string) string {
	var what string
	switch c.Action {
	case plan.ActionAdd:
		what = fmt.Sprintf("add %s to %s as %s", c.Email, list, c.Role)
	case plan.ActionRemove:
		what = fmt.Sprintf("take %s off %s", c.Email, list)
	default:
		what = fmt.Sprintf("change %s on %s from %s to %s", c.Email, list, c.PreviousRole, c.Role)
	}
	return fmt.Sprintf("sync cannot %s (provider csv): a person must, in the group's page (sync's checklist; it exits 1 until the export %s shows it)", what, snapshot)
}
