package audit

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/visible"
)

// How a change by hand is written: who, what, when and where, and what a
// difference no event explains says.

// unexplainedOf is what a live difference no event explains says:
// Google's log lags, and keeps six months; a bulk upload names nobody.
// A bulk upload names neither its group nor its members, so one in the
// domain is only a possibility beside the log's delay, never the answer;
// and for a member (address or id; "" for none), one older than their
// last logged removal put nobody there who is there now.
func (a attributor) unexplainedOf(member, memberID string) string {
	delay := int(LogDelay(directory.AppGroups).Minutes())
	var after time.Time
	if member != "" || memberID != "" {
		if ev, st := a.lastEvent(member, memberID, directory.EffectRemoved); st == current {
			after = ev.Time
		}
	}
	for j := len(a.acts) - 1; j >= 0; j-- {
		if ev := a.acts[j]; ev.Effect() == directory.EffectBulkUpload && ev.Time.After(after) {
			return fmt.Sprintf("perhaps a bulk upload of %d members by %s on %s (GROUP_MEMBER_BULK_UPLOAD, Admin console: Google logs no names for it, nor its group); or a change not in Google's audit log yet (newer than its delay, up to %d minutes)%s", ev.Count, actorOf(ev), ev.Time.UTC().Format(changedLayout), delay, a.unreadNote())
		}
	}
	return fmt.Sprintf("not in Google's audit log: newer than its delay (up to %d minutes) or older than %d days%s", delay, AuditLogDays, a.unreadNote())
}

// unreadNote names the log that could not be read, for a difference
// the others do not explain: the change may be in it.
func (a attributor) unreadNote() string {
	if a.unread == "" {
		return ""
	}
	return "; " + a.unread
}

// describe is describe(ev), with a warning when Google dates the event
// after this run began: a clock is wrong, or the log is not Google's.
func (a attributor) describe(ev directory.Activity) string {
	d := describe(ev)
	if !a.opts.Now.IsZero() && ev.Time.After(a.opts.Now.Add(futureSkew)) {
		d += fmt.Sprintf(" (dated after this run began, %s: a clock is wrong)", a.opts.Now.UTC().Format(changedLayout))
	}
	return d
}

// futureSkew is how far ahead of roster's clock Google's may be before
// an event's date is called wrong.
const futureSkew = 5 * time.Minute

// byIDOnly is the newest event of effect on this group that names its
// member by id alone (Cloud Identity's log) and that roster did not
// make, as a possibility: "perhaps removed by ... (member id ...)"; ""
// when there is none.
func (a attributor) byIDOnly(effect directory.Effect) string {
	for j := len(a.acts) - 1; j >= 0; j-- {
		ev := a.acts[j]
		if ev.Member != "" || ev.MemberID == "" || ev.Effect() != effect || a.byRoster(ev) {
			continue
		}
		return fmt.Sprintf("perhaps %s: Cloud Identity's log names the member by id only (%s)", a.describe(ev), ev.MemberID)
	}
	return ""
}

func hasEffect(es []directory.Effect, e directory.Effect) bool {
	for _, x := range es {
		if x == e {
			return true
		}
	}
	return false
}

// sameSetting compares a setting name as the audit log writes it
// (WHO_CAN_JOIN, or a field) with the API's field (whoCanJoin).
func sameSetting(logged, field string) bool {
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }
	return logged != "" && norm(logged) == norm(field)
}

// actorOf names who made an event: their email, else the account id
// Google gives (actor.profileId), else someone.
func actorOf(a directory.Activity) string {
	switch {
	case a.Actor != "":
		// A look-alike of an admin's address (rооt@ with Cyrillic о)
		// must not read as the admin wherever the line is printed.
		return a.Actor + visible.LookalikeNote(a.Actor)
	case a.ActorID != "":
		return "the account with id " + a.ActorID
	}
	return "someone"
}

// describe says who did what, when, and where: "added by
// root@example.org on 2026-11-21 09:14 UTC (ADD_GROUP_MEMBER, Admin
// console or API)".
func describe(a directory.Activity) string {
	verb := "changed"
	switch a.Effect() {
	case directory.EffectAdded:
		verb = "added"
		if a.Event == directory.EventJoin || a.Event == directory.EventAcceptInvitation {
			verb = "joined"
		}
		if a.Event == directory.EventApproveJoinRequest {
			verb = "approved to join"
		}
	case directory.EffectRemoved:
		verb = "removed"
	case directory.EffectRole:
		verb = "role changed"
	case directory.EffectSetting:
		verb = "set"
	}
	where := "Admin console or API"
	switch a.Application {
	case directory.AppGroups:
		where = "Groups UI"
	case directory.AppGroupsEnterprise:
		where = "Cloud console, Cloud Identity or gcloud"
	}
	if a.ClientID != "" {
		where += ", OAuth client " + a.ClientID
	}
	return fmt.Sprintf("%s by %s on %s (%s, %s)", verb, actorOf(a), a.Time.UTC().Format(changedLayout), a.Event, where)
}

// changedLayout is how a description of a change by hand (ChangedBy)
// writes when it was made: " on 2006-01-02 15:04 UTC".
const changedLayout = "2006-01-02 15:04 UTC"

// changedOn finds that time in a description.
var changedOn = regexp.MustCompile(` on (\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC)`)

// WhenChanged is when the change a ChangedBy describes was made, as
// Attribute wrote it there; false when it names no time (a difference
// the log does not explain).
func WhenChanged(changedBy string) (time.Time, bool) {
	// The last: the actor's name comes before the time and may hold
	// " on 2001-01-01 00:00 UTC" itself.
	all := changedOn.FindAllStringSubmatch(changedBy, -1)
	if len(all) == 0 {
		return time.Time{}, false
	}
	t, err := time.Parse(changedLayout, all[len(all)-1][1])
	return t, err == nil
}
