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
	return a.unexplainedOf(c.Email, c.MemberID)
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
