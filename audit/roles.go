package audit

// A member's role on the group that the file does not give: who set it,
// and when the log cannot say yet.

import (
	"fmt"
	"strings"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// roleChange fills in who gave c's member the role they have live
// (c.PreviousRole), and reports whether the events read so far settle
// it (found) and, if not, whether the last pass is to say nothing of it
// (silent).
//
// The newest logged add or role change of theirs explains the live role
// only if it set that role: one that set another (roster's add as
// owner, for someone now a member) was followed by a change the log
// does not have yet, whoever made the logged one; so was a logged
// removal, as they are on the group now. With no event of theirs, a
// role no version of the file ever gave them was set by someone other
// than roster, too long ago or too recently for the log; any other is
// no news (the file may have changed since roster's last write).
func (a attributor) roleChange(c *plan.Change) (found, silent bool) {
	// An add that logs no role (ADD_GROUP_MEMBER, join) agrees with the
	// file only if the file then gave them the role they have now.
	a.liveRole = c.PreviousRole
	by, st := a.byHand(c.Email, c.MemberID, directory.EffectRole, directory.EffectAdded)
	a.liveRole = ""
	switch st {
	case current:
		ev, _ := a.lastEvent(c.Email, c.MemberID, directory.EffectRole, directory.EffectAdded)
		if a.leftRole(ev, c.PreviousRole) {
			c.ChangedBy = by
			return true, false
		}
		if landed, ok := a.syncedRole(c.Email, c.PreviousRole, ev); ok {
			c.ChangedBy = a.roleSynced(ev, landed)
			return true, false
		}
		return false, false
	case stale:
		return false, false
	}
	if a.opts.File != nil && !a.everGave(c.Email, string(c.PreviousRole)) {
		return false, false
	}
	return !a.expected(c.Email, c.Role), true
}

// leftRole reports whether an add or role change may have left its
// member with role: it logs that role (remove_member_role logs the role
// taken away, so any other); a join always makes a member; roster adds
// with the file's role, so its add that logs none (ADD_GROUP_MEMBER)
// gave the one the file gave them then. Anyone else's add that logs no
// role may have given any.
func (a attributor) leftRole(ev directory.Activity, role members.Role) bool {
	switch {
	case ev.Event == directory.EventRemoveMemberRole:
		return !strings.EqualFold(ev.Role, string(role))
	case ev.Role != "":
		return strings.EqualFold(ev.Role, string(role))
	case ev.Event == directory.EventJoin || ev.Event == directory.EventAcceptInvitation || ev.Event == directory.EventApproveJoinRequest:
		return role == members.RoleMember
	case ev.Effect() != directory.EffectAdded || !a.byRoster(ev) || a.opts.File == nil || ev.Member == "":
		return true
	}
	a.liveRole = role
	if a.agrees(ev) {
		return true
	}
	// Not the role the file gave them then; one it did not list them
	// under (a sync of an uncommitted file) says nothing of the role.
	return !a.listedNear(ev.Member, ev.Time)
}

// RoleHistory is what a FileTimeline may also do: say when the file
// changed a member's role on a group's list, so that a role roster's own
// sync set, which the log does not show yet, is told from one set by
// hand (syncedRole).
type RoleHistory interface {
	// RoleChanges returns the dates the versions landed (as Role dates
	// them) that listed member on group's list, gave them another role
	// there, or took them off it, oldest first.
	RoleChanges(group, member string) []time.Time
}

// syncedRole reports whether a version of the file gave member role, the
// one they have live, while in effect after ev (their newest logged add
// or role change) and within the Admin console's log delay of now, and
// when it landed. roster's sync of that version set the role, and Google
// logs roster's write minutes late: the role is roster's, not logged
// yet, as an add after a logged removal is. A version whose time ended
// longer ago than that would have had roster's write logged by now.
func (a attributor) syncedRole(member string, role members.Role, ev directory.Activity) (time.Time, bool) {
	return a.syncedVersion(member, ev.Time, func(r members.Role, listed bool) bool {
		return listed && strings.EqualFold(string(r), string(role))
	})
}

// syncedListing reports whether a version of the file listed member on
// the group (listed, in role, the one they have live), or did not, while
// in effect after after (their newest logged removal, or add) and within
// the Admin console's log delay of now, and when it landed: roster's
// sync of that version put them on the group, or took them off, and
// Google logs roster's write minutes late, as syncedRole reads a role.
func (a attributor) syncedListing(member string, listed bool, role members.Role, after time.Time) (time.Time, bool) {
	if member == "" {
		return time.Time{}, false
	}
	// Listed, in the role they have live: roster's sync of it writes
	// that role, never another.
	return a.syncedVersion(member, after, func(r members.Role, on bool) bool {
		return on == listed && (!listed || strings.EqualFold(string(r), string(role)))
	})
}

// syncedVersion is syncedRole's and syncedListing's reading: the newest
// version of the file, among those in effect after after and within the
// Admin console's log delay of now, whose listing of member (role, and
// whether it lists them) wants says roster's sync made the group so,
// and when it landed. A version whose time ended longer ago than the
// delay would have had roster's write logged by now.
func (a attributor) syncedVersion(member string, after time.Time, wants func(members.Role, bool) bool) (time.Time, bool) {
	rh, ok := a.opts.File.(RoleHistory)
	if !ok {
		return time.Time{}, false
	}
	recent := a.opts.Now.Add(-LogDelay(directory.AppAdmin) - commitSlack)
	for alt := range a.spellingsAsWritten(member) {
		landed := a.roleChanges(rh, alt)
		for k := len(landed) - 1; k >= 0; k-- {
			until := a.opts.Now // the version in effect now
			if k+1 < len(landed) {
				until = landed[k+1]
			}
			if until.Before(recent) || !until.After(after) {
				break // and every version before it ended earlier still
			}
			if r, listed := a.roleAt(alt, landed[k]); wants(r, listed) {
				return landed[k], true
			}
		}
	}
	return time.Time{}, false
}

// listingSynced is what a difference says that roster's sync of a
// version of the file that landed after the member's newest logged event
// (since: "add") made (what: "taken off"), syncedListing: not in the log
// yet, never a change by someone else. No date after " on ", which
// WhenChanged would read as the change's.
func (a attributor) listingSynced(what, since string, landed time.Time) string {
	return fmt.Sprintf("not in Google's audit log yet: %s since their logged %s as %s's version of %s has it, as roster's sync of it does, more recently than the log's delay (up to %d minutes)%s",
		what, since, a.fileName(), landed.UTC().Format(changedLayout), int(LogDelay(directory.AppAdmin).Minutes()), a.unlessLater())
}

// roleSynced is what a role says that roster's sync of a version of the
// file that landed after ev set (syncedRole): not in the log yet, never
// a change perhaps made by hand in the Groups UI. The version's date is
// written without " on ", which WhenChanged would read as the change's.
func (a attributor) roleSynced(ev directory.Activity, landed time.Time) string {
	since := "role change"
	if ev.Effect() == directory.EffectAdded {
		since = "add"
	}
	return fmt.Sprintf("not in Google's audit log yet: role changed since their logged %s to the one %s gave them in its version of %s, as roster's sync of it does, more recently than the log's delay (up to %d minutes)%s",
		since, a.fileName(), landed.UTC().Format(changedLayout), int(LogDelay(directory.AppAdmin).Minutes()), a.unlessLater())
}

// roleUnexplained is what a role no event explains says (see
// roleChange). Google's Groups UI log has no event for a role change
// (its reference lists add_user with a role, and remove_user, but no
// change of one), so a role changed there is in no log, ever: the line
// says so, beside the log's delay, rather than "not logged yet" run
// after run. With their newest logged add or role change setting
// another role, the role changed since; added back since their logged
// removal, the add is in some log (any may hold it); with no event of
// theirs, the log does not go back far enough, has not caught up, or
// the role was set in the Groups UI.
func (a attributor) roleUnexplained(c *plan.Change) string {
	ev, st := a.lastEvent(c.Email, c.MemberID, directory.EffectRole, directory.EffectAdded)
	switch {
	case st == current && ev.Effect() == directory.EffectAdded:
		return a.roleSince("add")
	case st == current:
		return a.roleSince("role change")
	case st == noEvent:
		if bulk := a.bulkAfter(time.Time{}); bulk != "" {
			return bulk
		}
		return a.roleNotInLog()
	}
	return a.unexplainedOf(c.Email, c.MemberID, c.PreviousRole)
}

// roleLogs is for a role change, which the Admin console's and Cloud
// Identity's logs hold, and the Groups UI's never does (nor a bulk
// upload, which adds only those not on the group).
func roleLogs(app string) bool { return app != directory.AppGroups && app != bulkLog }

// roleSetLogs is for a role no event of the member's explains at all:
// roleLogs, or a bulk upload that added them with it.
func roleSetLogs(app string) bool { return app != directory.AppGroups }

// inGroupsUI is the place a role change may have been made that no log
// shows.
const inGroupsUI = "in the Groups UI, where Google logs no role change"

// roleSince is what a role says that changed since the newest logged
// event of its member (since: "add", "role change"). No date:
// WhenChanged would read the logged event's as the change's.
func (a attributor) roleSince(since string) string {
	if in := a.unreadMayHold(roleLogs); in != "" {
		return fmt.Sprintf("role changed since their logged %s, in no log read: it may be in %s; or it was changed %s", since, in, inGroupsUI)
	}
	return fmt.Sprintf("role changed since their logged %s, and no log shows who changed it: perhaps %s, or more recently than the log's delay (up to %d minutes)",
		since, inGroupsUI, int(LogDelay(directory.AppGroups).Minutes()))
}

// roleNotInLog is what a role says that no event of its member
// explains at all.
func (a attributor) roleNotInLog() string {
	if in := a.unreadMayHold(roleSetLogs); in != "" {
		return fmt.Sprintf("not in the logs read: it may be in %s; or it was set %s, or more than %d days ago", in, inGroupsUI, AuditLogDays)
	}
	return fmt.Sprintf("not in Google's audit log: perhaps set %s; or newer than the log's delay (up to %d minutes) or older than %d days",
		inGroupsUI, int(LogDelay(directory.AppGroups).Minutes()), AuditLogDays)
}
