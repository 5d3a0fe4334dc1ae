package audit

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/visible"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
)

// How a change by hand is written: who, what, when and where, and what a
// difference no event explains says.

// unexplainedOf is what a live difference no event explains says:
// Google's log lags, and keeps six months; a bulk upload names nobody.
// A bulk upload names neither its group nor its members, so one in the
// domain is only a possibility beside the log's delay, never the answer;
// and for a member (address or id; "" for none), one older than their
// last logged removal put nobody there who is there now. A member on
// the group (every caller's, in role) whose newest logged event is their
// removal was put back since, more recently than the log's delay: not
// "older than what the log keeps", which the removal rules out.
func (a attributor) unexplainedOf(member, memberID string, role members.Role) string {
	var after time.Time
	if member != "" || memberID != "" {
		if ev, st := a.lastEvent(member, memberID, directory.EffectRemoved); st == current {
			after = ev.Time
		}
	}
	if bulk := a.bulkAfter(after); bulk != "" {
		return bulk
	}
	if !after.IsZero() {
		// On the group now, though the log's newest word of them is
		// their removal: put back since, and that is not logged yet
		// (it cannot be older than what the log keeps); by roster's
		// sync when a version of the file listed them since.
		if landed, ok := a.syncedListing(member, true, role, after); ok {
			return a.listingSynced("added back", "removal", landed)
		}
		return a.sinceLogged("added back", "removal", addLogs)
	}
	if ev, ok := a.unnamed(after, directory.EffectAdded); ok {
		// Google names whoever an add is of (the joiner is a join's
		// actor); an event that names nobody may be this one, and the
		// log does hold it: not "not logged yet" alone.
		return fmt.Sprintf("perhaps the change %s, which names no member; or %s", a.describe(ev), a.notInLog(addLogs))
	}
	return a.notInLog(addLogs)
}

// unnamed is the newest event of the group's log after a time with one
// of effects that names no member, by address or id.
func (a attributor) unnamed(after time.Time, effects ...directory.Effect) (directory.Activity, bool) {
	for j := len(a.acts) - 1; j >= 0; j-- {
		ev := a.acts[j]
		if !ev.Time.After(after) {
			break
		}
		if ev.Member == "" && ev.MemberID == "" && slices.Contains(effects, ev.Effect()) {
			return ev, true
		}
	}
	return directory.Activity{}, false
}

// bulkAfter offers the bulk uploads after a time as what may have made a
// difference, beside the log's delay; "" when there is none. Google
// logs no names, nor groups, for them: each that could have made it is
// offered, newest first ("perhaps one of 2 bulk uploads: …"), not the
// newest alone, which named one uploader for another's members. An
// upload every member of which failed (Google counts them) added nobody,
// and is never offered; uploads offered for more differences than they
// added members say so (claimBulk, markOverclaimed).
func (a attributor) bulkAfter(after time.Time) string {
	var offered []directory.Activity
	for j := len(a.acts) - 1; j >= 0; j-- {
		if ev := a.acts[j]; ev.Effect() == directory.EffectBulkUpload && ev.Time.After(after) && !(ev.Count > 0 && ev.Failed >= ev.Count) {
			offered = append(offered, ev)
		}
	}
	if len(offered) == 0 {
		return ""
	}
	if a.claimBulk != nil {
		a.claimBulk(offered)
	}
	return fmt.Sprintf("%s (GROUP_MEMBER_BULK_UPLOAD, Admin console: Google logs no names for it, nor its group); or a change not in Google's audit log yet (newer than its delay, up to %d minutes)%s",
		bulkPhrase(offered), int(LogDelay(directory.AppGroups).Minutes()), a.orUnread())
}

// bulkPhrase names the bulk uploads a difference's line offers,
// newest first.
func bulkPhrase(evs []directory.Activity) string {
	one := func(ev directory.Activity) string {
		count := words.Plural(int(ev.Count), "member")
		if ev.Count <= 0 {
			count = "members" // no count, or none to believe (directory/google)
		}
		return fmt.Sprintf("%s by %s on %s", count, actorOf(ev), ev.Time.UTC().Format(changedLayout))
	}
	if len(evs) == 1 {
		return "perhaps a bulk upload of " + one(evs[0])
	}
	var parts []string
	for _, ev := range evs[:min(len(evs), bulkNamed)] {
		parts = append(parts, "of "+one(ev))
	}
	if more := len(evs) - bulkNamed; more > 0 {
		// Every line that offers them says it: the line stays a line.
		parts = append(parts, fmt.Sprintf("and %d older", more))
	}
	return fmt.Sprintf("perhaps one of %d bulk uploads: %s", len(evs), strings.Join(parts, "; "))
}

// bulkNamed is how many of the bulk uploads a line offers it names, the
// newest; the others it counts.
const bulkNamed = 3

// sinceLogged is what a difference says that came after the newest
// logged event of its member (since: "add"), which left them otherwise:
// what came after (what: "taken off") is not in the log yet. When a log
// that could hold it (could) was not read, it may be there, whenever it
// was made: no word of the log's delay, which would be false run after
// run. No date: WhenChanged would read the logged event's as the
// change's.
func (a attributor) sinceLogged(what, since string, could func(app string) bool) string {
	if in := a.unreadMayHold(could); in != "" {
		return fmt.Sprintf("%s since their logged %s, in no log read: it may be in %s", what, since, in)
	}
	account := ""
	if what == "taken off" {
		// The admin log names a deleted or renamed account, not the
		// groups it leaves: no read of the group's log finds it.
		account = ", or with their account (deleted or renamed: Google logs that as the user's, DELETE_USER or RENAME_USER, not the group's)"
	}
	return fmt.Sprintf("not in Google's audit log yet: %s since their logged %s, more recently than the log's delay (up to %d minutes)%s",
		what, since, int(LogDelay(directory.AppGroups).Minutes()), account)
}

// unexplainedSetting is what a setting no event explains says: the
// change is newer than the log's delay, or older than what it keeps (a
// bulk upload changes no setting).
func (a attributor) unexplainedSetting() string { return a.notInLog(anyLog) }

// settingSinceLogged is what a setting says whose newest logged change
// (ev) set another value than the live one: it changed since, more
// recently than the log's delay, or where no log names the change (the
// Groups UI logs some settings under no name roster reads); never
// "older than the log", which ev rules out. Neither ev's actor nor its
// date: they are not the live value's (WhenChanged would read the date
// as the change's). A log not read may hold it.
func (a attributor) settingSinceLogged(ev directory.Activity) string {
	since := "changed since its logged change"
	if a.ours(ev) {
		since = "changed since roster set it"
	}
	if v := ev.NewValues; len(v) > 0 {
		since += " (to " + visible.Line(strings.Join(v, ", ")) + ")"
	} else if ev.New != "" {
		since += " (to " + visible.Line(ev.New) + ")"
	}
	if in := a.unreadMayHold(anyLog); in != "" {
		return fmt.Sprintf("%s, in no log read: it may be in %s", since, in)
	}
	return fmt.Sprintf("not in Google's audit log yet: %s, more recently than the log's delay (up to %d minutes), or where no log names the change", since, int(LogDelay(directory.AppGroups).Minutes()))
}

// created is the event of the group's creation, when the log holds it
// and nothing since made another group's past this one's (a deletion,
// the address given to another group): then every change of the group
// since is in the log, or newer than its delay.
func (a attributor) created() (directory.Activity, bool) {
	for j := len(a.acts) - 1; j >= 0; j-- {
		switch ev := a.acts[j]; ev.Effect() {
		case directory.EffectGroupCreated:
			return ev, true
		case directory.EffectGroupDeleted, directory.EffectGroupRenamed:
			return directory.Activity{}, false
		}
	}
	return directory.Activity{}, false
}

// defaultSince is what a setting says that no log changes since the
// group was created (created): it is the value Google gave the new
// group, named with who created it, roster or a person, and when (the
// date WhenChanged reads: the value dates from then). A log not read
// may hold a change since: then it says so.
//
// Only a value that is Google's for a group created through the API
// (directory.APIDefaultSettings), by roster, is called its default: a
// group created in the Admin console gets the domain's defaults, which
// roster cannot read, and a value that differs from Google's was set
// where no log names it (the Groups UI logs some settings under names
// no field has): said so, never "Google's default".
func (a attributor) defaultSince(created directory.Activity, field, live string) string {
	who := actorOf(created)
	byRoster := a.byRoster(created)
	if byRoster {
		who = "roster"
	}
	since := fmt.Sprintf("since the group was created by %s on %s (%s, %s)", who, created.Time.UTC().Format(changedLayout), created.Event, whereOf(created))
	def, known := directory.APIDefaultSettings()[field]
	switch {
	case byRoster && known && !strings.EqualFold(def, live):
		return fmt.Sprintf("no log read changes it %s, and Google gives a new group %s: set where no log names the change (the Groups UI logs some settings under no name roster reads)%s", since, def, a.orUnread())
	case !byRoster:
		return fmt.Sprintf("no log read changes it %s: the domain's default for new groups, or a change no log names%s", since, a.orUnread())
	}
	if in := a.unreadMayHold(anyLog); in != "" {
		return fmt.Sprintf("no log read changes it %s: Google's default, unless it is in %s", since, in)
	}
	return "Google's default " + since + ": no log changes it since"
}

// notInLog is what a difference no event explains says when nothing
// else may have made it; first, the logs not read that could hold it
// (could).
//
// Where the log was cut (sinceCreated) at the group's creation, nothing
// it did is older than the log: "older than 180 days" would be false,
// and a change Google logs under no event roster reads is the other
// way left. Cut at a deletion or a renaming of the address's group,
// what came before is another group's (or this one's under another
// address): the change may be older than that.
func (a attributor) notInLog(could func(app string) bool) string {
	delay := int(LogDelay(directory.AppGroups).Minutes())
	// A group renamed logs its earlier events, and the renaming itself,
	// under the address it had then, which a read by the address it
	// has now does not see.
	older := fmt.Sprintf("older than %d days, or made while the group had another address", AuditLogDays)
	if len(a.acts) > 0 {
		switch ev := a.acts[0]; ev.Effect() {
		case directory.EffectGroupCreated:
			older = fmt.Sprintf("made where Google logs no event roster reads (the log has the group's whole life, since its creation on %s)", ev.Time.UTC().Format(changedLayout))
		case directory.EffectGroupDeleted, directory.EffectGroupRenamed:
			older = fmt.Sprintf("made before %s, when the address's group was %s (%s): what the log has before is another group's, or this one's under another address", ev.Time.UTC().Format(changedLayout), cutWord(ev.Effect()), ev.Event)
		}
	}
	if in := a.unreadMayHold(could); in != "" {
		return fmt.Sprintf("not in the logs read: it may be in %s; or it is newer than the log's delay (up to %d minutes) or %s", in, delay, older)
	}
	return fmt.Sprintf("not in Google's audit log: newer than its delay (up to %d minutes) or %s", delay, older)
}

// cutWord says what an event that cuts a group's log did to it.
func cutWord(e directory.Effect) string {
	if e == directory.EffectGroupDeleted {
		return "deleted"
	}
	return "renamed away from it"
}

// anyLog is for a change any group's log may hold: an add, a removal, a
// setting. Not the domain's bulk uploads (bulkLog), which only add.
func anyLog(app string) bool { return app != bulkLog }

// addLogs is for the add of someone on the group now: any log, and the
// domain's bulk uploads.
func addLogs(string) bool { return true }

// unreadMayHold names the logs not read that could hold a change (could
// says which application's may), each with why it was not read: the
// change may be in one of them. "" when every one that could was read.
func (a attributor) unreadMayHold(could func(app string) bool) string {
	var each []string
	for _, u := range a.unread {
		if could(u.app) {
			each = append(each, u.mayHold())
		}
	}
	return strings.Join(each, "; or in ")
}

// unlessLater is what a cited event adds when a log was not read: that
// log may hold a later event of the member or setting (a removal and a
// re-add in the Cloud console after a join in the Groups UI), which
// would be the one to name. Without it, a domain that did not grant
// Cloud Identity's scope had an older event's actor named as a fact.
// "" when every log was read.
func (a attributor) unlessLater() string {
	if in := a.unreadMayHold(anyLog); in != "" {
		return "; unless a later change is in " + in
	}
	return ""
}

// orUnread is the logs not read, as one more place a change may be
// after others.
func (a attributor) orUnread() string {
	if in := a.unreadMayHold(anyLog); in != "" {
		return "; or one in " + in
	}
	return ""
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

// goneUnexplained says what is known of someone the file lists who is
// not on the group, when no event by their address says who took them
// off. An event is cited only when it can be about them: someone never
// on the group (an entry roster has not added yet, or could not: an
// address with no account) was taken off by nobody, whatever the log
// holds of others. Someone whose add the log has was on it since; a
// removal Cloud Identity logs by member id alone may be theirs, unless
// it came before that add or its id is that of someone on the group now;
// failing one, their removal is not logged yet.
func (a attributor) goneUnexplained(member string) string {
	since, logged, on := a.onGroupSince(member)
	if !on {
		return ""
	}
	if !logged && a.opts.File != nil && !a.maySyncedBefore(member) {
		// Nothing says roster ever put them on the group: new to it (a
		// file long written, its first sync), or never admitted until
		// now; a removal the log names by id only is someone else's.
		return ""
	}
	if by := a.byIDOnly(since); by != "" {
		return by
	}
	if !logged && a.opts.File == nil {
		// No history to say the file listed them before: they may be
		// new to it. Nothing to say.
		return ""
	}
	if !logged && a.rosterWroteSince(since) {
		// roster wrote to the group through its own client since the
		// file listed them, and never added them: they were not on it
		// (no account, blocked), so nobody took them off.
		return ""
	}
	if !logged && !since.IsZero() {
		// Listed since the history began inside the log's window, with
		// no event of theirs: most likely new to the group (a file just
		// written, its first sync), and nothing to say; a removal the
		// log names by id only was offered above.
		return ""
	}
	if !logged {
		// Listed since before the log's window, with no event of theirs
		// in the log, on a group that holds others the file lists (it
		// was synced): most likely on the group all along (roster added
		// them before the log's window), though perhaps never (an
		// addition blocked until now). Said so, never bare: sync puts
		// them back, and its log must say what it undid.
		return fmt.Sprintf("if they were on the group (the file has listed them since before the log's %d days), their removal is %s", AuditLogDays, a.notInLog(anyLog))
	}
	if landed, ok := a.syncedListing(member, false, "", since); ok {
		return a.listingSynced("taken off", "add", landed)
	}
	return a.sinceLogged("taken off", "add", anyLog)
}

// onGroupSince reports whether member may have been on the group (on),
// and since when: the time of their newest add (or role change) when the
// log has one and no removal of theirs came after (logged); with no
// event of theirs, the zero time when the file listed them before the
// log's window began (they may have been there since), or when there is
// no history to tell; the time of the history's first version when it
// began inside the window and listed them.
func (a attributor) onGroupSince(member string) (since time.Time, logged, on bool) {
	ev, st := a.lastEvent(member, "", directory.EffectAdded, directory.EffectRole)
	switch st {
	case current:
		return ev.Time, true, true
	case stale:
		return time.Time{}, false, false
	}
	if a.opts.File == nil {
		return time.Time{}, false, true
	}
	start := a.opts.Now.AddDate(0, 0, -ReadLogDays)
	if !a.opts.File.Covers(start) {
		// A history younger than the log's window: what the file listed
		// from its first version on says who may have been on the group
		// since then, and the log's events after it are theirs to weigh.
		first, ok := a.firstCovered(start)
		if !ok {
			return time.Time{}, false, false
		}
		_, listed := a.roleAt(member, first)
		return first, false, listed
	}
	_, listed := a.roleAt(member, start)
	return time.Time{}, false, listed
}

// firstCovered is the earliest time, after from and by now, at which the
// file's history has a version (FileTimeline.Covers, which holds from
// some time on): found to the second; false when none has landed.
func (a attributor) firstCovered(from time.Time) (time.Time, bool) {
	lo, hi := from, a.opts.Now
	if !a.opts.File.Covers(hi) {
		return time.Time{}, false
	}
	for hi.Sub(lo) > time.Second {
		mid := lo.Add(hi.Sub(lo) / 2)
		if a.opts.File.Covers(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, true
}

// byIDOnly is the removals from this group, after since, that name
// their member by id alone (Cloud Identity's log) and that roster did
// not make, as a possibility: "perhaps removed by ... (member id ...)"
// when there is one, "perhaps one of N removals ..." naming each (the
// newest first, up to maxIDOnly) when there are more, since which one
// was this member's the log cannot say: one removal is never cited as
// two people's, and none is left out; "" when there is none. A removal
// of an id someone on the group has now is theirs (they came back),
// never another's; when who is on the group cannot be read, none is
// cited.
func (a attributor) byIDOnly(since time.Time) string {
	var live []string
	read, known := false, false
	var found []directory.Activity
	for j := len(a.acts) - 1; j >= 0; j-- {
		ev := a.acts[j]
		if ev.Time.Before(since) {
			break
		}
		if ev.Member != "" || ev.MemberID == "" || ev.Effect() != directory.EffectRemoved || a.byRoster(ev) {
			continue
		}
		if !read {
			read = true
			if a.liveIDs != nil {
				live, known = a.liveIDs()
			}
		}
		if !known {
			return ""
		}
		if slices.ContainsFunc(live, func(id string) bool { return directory.MatchID(ev.MemberID, id) }) {
			continue
		}
		found = append(found, ev)
	}
	switch len(found) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("perhaps %s: Cloud Identity's log names the member by id only (%s)%s", a.describe(found[0]), found[0].MemberID, a.unlessLater())
	}
	var each []string
	for _, ev := range found[:min(len(found), maxIDOnly)] {
		each = append(each, fmt.Sprintf("%s (%s)", a.describe(ev), ev.MemberID))
	}
	more := ""
	if len(found) > maxIDOnly {
		more = fmt.Sprintf("; and %d more", len(found)-maxIDOnly)
	}
	return fmt.Sprintf("%s %d removals Cloud Identity's log names by member id only, which cannot tell whose: %s%s%s", oneOf, len(found), strings.Join(each, "; "), more, a.unlessLater())
}

// oneOf begins a description offering several changes: it names no one
// time the change was made (WhenChanged).
const oneOf = "perhaps one of"

// maxIDOnly is how many removals logged by id alone a line names.
const maxIDOnly = 3

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
	case a.ActorKey != "":
		// No person: Google's own systems ("SYSTEM"), or a service
		// named by its key.
		return fmt.Sprintf("Google's %q (no person; logged as callerType KEY)", a.ActorKey)
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
		if a.Event == directory.EventJoin || a.Event == directory.EventAcceptInvitation || a.Event == directory.EventJoinViaMail {
			// The actor is the person joining (by mail to the group's
			// -join address, too).
			verb = "joined"
		}
		if a.Event == directory.EventApproveJoinRequest {
			verb = "approved to join"
		}
	case directory.EffectRemoved:
		verb = "removed"
		if a.Event == directory.EventUnsubscribeViaMail {
			verb = "unsubscribed"
		}
	case directory.EffectRole:
		verb = "role changed"
	case directory.EffectSetting:
		verb = "set"
	}
	return fmt.Sprintf("%s by %s on %s (%s, %s)", verb, actorOf(a), a.Time.UTC().Format(changedLayout), a.Event, whereOf(a))
}

// whereOf says where an event was made, by its log, and the OAuth
// client that made it: "Admin console or API"; "API, OAuth client
// 1234" for a call an application made.
func whereOf(a directory.Activity) string {
	where := "Admin console or API"
	if a.ClientID != "" {
		// The log names an OAuth client for a call an application made
		// (actor.applicationInfo): the API, never the console by hand.
		where = "API"
	}
	switch a.Application {
	case directory.AppGroups:
		where = "Groups UI"
	case directory.AppGroupsEnterprise:
		where = "Cloud console, Cloud Identity or gcloud"
	}
	if a.ClientID != "" {
		where += ", OAuth client " + a.ClientID
	}
	return where
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
	if strings.HasPrefix(changedBy, "perhaps ") || strings.HasPrefix(changedBy, "not in ") {
		// A possibility ("perhaps one of ...", "perhaps the change ...",
		// "perhaps a bulk upload ...") or no event at all: any time it
		// quotes is another event's, not this change's.
		return time.Time{}, false
	}
	// The last: the actor's name comes before the time and may hold
	// " on 2001-01-01 00:00 UTC" itself.
	all := changedOn.FindAllStringSubmatch(changedBy, -1)
	if len(all) == 0 {
		return time.Time{}, false
	}
	t, err := time.Parse(changedLayout, all[len(all)-1][1])
	return t, err == nil
}
