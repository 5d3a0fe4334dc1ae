package audit

import (
	"slices"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// The file's history is kept by group address, and a group answers to
// all of its addresses (its aliases, its domain aliases): a list the
// file moved from an alias of the group to its own address (or back) is
// one list to Google, and to whoever reads the log. Each question about
// the file's versions is asked of every address the group has, as the
// plan found them (plan.List.GroupNames), so that a removal the file
// asked for under the old address is never read as a stray write.

// names are the addresses of this list's group: the one the file writes
// first, then each other Google gave, once each.
func (a attributor) names() []string {
	out := []string{a.l.Address}
	for _, n := range a.l.GroupNames {
		if !directory.SameAddress(n, a.l.Address) {
			out = append(out, n)
		}
	}
	return out
}

// anyName reports whether ask holds for one of the group's addresses.
func (a attributor) anyName(ask func(group string) bool) bool {
	for _, n := range a.names() {
		if ask(n) {
			return true
		}
	}
	return false
}

// roleAt is member's role on the group's list as the file had landed by
// at, under whichever address the list had then.
func (a attributor) roleAt(member string, at time.Time) (members.Role, bool) {
	for _, n := range a.names() {
		if r, listed := a.opts.File.Role(n, member, at); listed {
			return r, true
		}
	}
	return "", false
}

// roleInVersion is roleAt in one version of the file.
func (a attributor) roleInVersion(v FileVersion, member string) (members.Role, bool) {
	for _, n := range a.names() {
		if r, listed := v.Role(n, member); listed {
			return r, true
		}
	}
	return "", false
}

// admittedIn asks admitted of the address the list had in that version:
// the first that admits the member there, else the answer for the
// list's own address.
func (a attributor) admittedIn(admitted func(group string) (bool, bool)) (ok, known bool) {
	var first [2]bool // the answer for the file's own address
	for i, n := range a.names() {
		if ok, known = admitted(n); ok {
			return ok, known
		}
		if i == 0 {
			first = [2]bool{ok, known}
		}
	}
	return first[0], first[1]
}

// settingsIn asks settings of the address the list had in that version.
func (a attributor) settingsIn(settings func(group string) (map[string]string, bool)) (map[string]string, bool) {
	for _, n := range a.names() {
		if pinned, ok := settings(n); ok {
			return pinned, true
		}
	}
	return nil, false
}

// roleChanges are the times the file changed member's role on the
// group, under any of its addresses, oldest first.
func (a attributor) roleChanges(rh RoleHistory, member string) []time.Time {
	var out []time.Time
	for _, n := range a.names() {
		out = append(out, rh.RoleChanges(n, member)...)
	}
	slices.SortFunc(out, func(x, y time.Time) int { return x.Compare(y) })
	return out
}
