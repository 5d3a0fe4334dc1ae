package audit

// Whether roster may have put someone on a group before the log's
// window, where the log has nothing of them: what a missing member's
// line may say (goneUnexplained).

import (
	"time"

	"github.com/roster-dev/roster/plan"
)

// maySyncedBefore reports whether roster may have put member on the
// group: the file admitted them when the log's window began (not only
// listed them: an entry blocked until today was never added), and the
// group shows it was synced: it holds others the file lists, the log
// holds a write of roster's to it, or it has the settings its policy
// pins (a group emptied by hand keeps those; one never synced has
// Google's).
func (a attributor) maySyncedBefore(member string) bool {
	start := a.opts.Now.AddDate(0, 0, -ReadLogDays)
	if a.opts.Versions != nil {
		if ok, known := a.admittedIn(func(g string) (bool, bool) { return a.opts.Versions.Admitted(g, member, start) }); known && !ok {
			return false
		}
	}
	if a.holdsListed() || a.rosterWroteSince(time.Time{}) {
		return true // others the file lists are on it, or roster wrote to it
	}
	if a.opts.Versions == nil || a.l.GroupMissing || a.l.Create || len(a.l.Settings) > 0 {
		return false
	}
	pins, ok := a.settingsIn(func(g string) (map[string]string, bool) { return a.opts.Versions.Settings(g, a.opts.Now) })
	return ok && len(pins) > 0
}

// holdsListed reports whether the group holds anyone the file lists
// on it: its live members less the walk-ins (those the plan removes or
// keeps as unmanaged).
func (a attributor) holdsListed() bool {
	walkIns := len(a.l.Unmanaged)
	for _, c := range a.l.Changes {
		if c.Action == plan.ActionRemove {
			walkIns++
		}
	}
	return a.l.Live > walkIns
}

// rosterWroteSince reports whether the log holds a write of roster's own
// client to the group after since (the zero time: anywhere in it).
func (a attributor) rosterWroteSince(since time.Time) bool {
	for j := len(a.acts) - 1; j >= 0; j-- {
		ev := a.acts[j]
		if ev.Time.Before(since) {
			return false
		}
		if a.byRoster(ev) {
			return true
		}
	}
	return false
}
