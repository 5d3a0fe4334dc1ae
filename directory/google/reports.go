package google

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	reports "google.golang.org/api/admin/reports/v1"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/internal/words"
)

// Activities reads the audit log of one application (activities.list,
// maxResults 1000, paged) since a time: the events of group, filtered by
// Google on the group's parameter, or with group "" those of the whole
// domain, so that an incremental run learns which groups changed in a
// window (directory.TouchedGroups). Google may return an event minutes
// (admin) to half an hour (groups) after it happened, with its own time:
// a window must reach back over that delay.
//
// Google's filter is not trusted: the reference says a filter on a
// parameter it does not know is ignored, and a stand-in may ignore it
// too, so events that do not name group are dropped here (a bulk upload
// names no group and so is only in a whole-domain read). For
// groups_enterprise, which names groups by id, the group's id is read
// first (groups.get, ScopeGroupRead).
func (g *Client) Activities(ctx context.Context, application, group string, since time.Time) ([]directory.Activity, error) {
	label := "activities.list " + application
	if group != "" {
		label += " " + group
	}
	var filter, groupID string
	// Google logs a group's address as it keeps it, in lower case; the
	// file may write it in any case ("Sec@Example.ORG"), and the filter
	// compares the value as given.
	logged := strings.ToLower(group)
	switch application {
	case directory.AppAdmin:
		filter = "GROUP_EMAIL==" + logged
	case directory.AppGroups:
		filter = "group_email==" + logged
	case directory.AppGroupsEnterprise:
		if group != "" {
			var err error
			if groupID, err = g.GroupID(ctx, group); err != nil {
				return nil, lookupError{err}
			}
			filter = "group_id==" + groupID
		}
	default:
		return nil, &directory.APIError{Op: label, Kind: directory.ErrInvalid,
			Message: "application must be " + strings.Join(directory.Applications(), ", ")}
	}
	if group == "" {
		filter = ""
	}
	if since.After(time.Now()) {
		// Google refuses a startTime after the time of the request; there
		// is nothing to read anyway.
		return nil, nil
	}
	dropped := 0
	keep := func(act directory.Activity) bool {
		if group != "" && !names(act, group, groupID) {
			dropped++
			return false
		}
		return true
	}
	out, err := g.activities(ctx, label, application, filter, "", since, keep)
	if err != nil {
		return nil, err
	}
	if application == directory.AppGroupsEnterprise && groupID != "" {
		// Google's reference calls group_id "the identifier of the
		// target group" without saying in which form: the id groups.get
		// gives ("03abc"), or Cloud Identity's resource name
		// ("groups/03abc"). Its filter compares the value as written, so
		// the log is asked in both forms: a change logged in the form
		// not asked for would never be found.
		named, err := g.activities(ctx, label, application, "group_id==groups/"+groupID, "", since, keep)
		if err != nil {
			return nil, err
		}
		out = append(out, named...)
		directory.SortActivities(out)
		out = directory.Distinct(out)
	}
	if dropped > 0 {
		g.log.Warn("the audit log answered with events of other groups than the one asked for; they are left out", "op", label, "dropped", dropped)
	}
	return out, nil
}

// activitiesPage is the maxResults asked of activities.list, the most
// Google allows. A page of more is no page Google sends: read whole, a
// misbehaving endpoint's pages (each under MaxResponseBytes, up to
// DefaultMaxPages of them) would grow memory without bound.
const activitiesPage = 1000

// maxEventsPerActivity bounds the events of one audit-log activity.
// Google's activities carry one event or a few (the emulator, in
// Google's shapes, logs one each), so 100 leaves ample room: an activity
// of more is refused with its page, as a page of too many activities is,
// since 1,000 activities of unbounded events bound nothing.
const maxEventsPerActivity = 100

// maxEventsPerRead bounds the events one read of the log keeps (one
// activities call: a group's read, a whole-domain window, the bulk
// uploads). activitiesPage and maxEventsPerActivity bound a page, not a
// read: up to DefaultMaxPages pages of 1,000 activities of 100 events,
// at about 1 KB of memory each once read, bound nothing, and an endpoint
// that sends them (or a log far busier than any real domain's) had the
// run killed for lack of memory before its read timeout. Google logs a
// group change as one activity of one event: 100,000 is a per-group read
// of 180 days at over 500 changes a day, or a whole-domain window of an
// hour and a half (the hourly job's, with the log's delay) at over 18
// changes a second around the clock; kept, about 100 MB. A read past it
// fails, as a page not to trust does, and the run reads every list (or
// says who changed a group is unknown), which is slower but right.
const maxEventsPerRead = 100_000

// maxActivitiesPerRead bounds the activities one read looks at, kept or
// not: each is remembered by its id to tell a page sent again (repeats),
// so an endpoint that ignores the filter, sending other groups' changes
// page after page, grew that memory until the page budget, some hundreds
// of MB. Five times maxEventsPerRead: a read whose filter Google honours
// keeps most of what it sends.
const maxActivitiesPerRead = 5 * maxEventsPerRead

// maxTextPerRead bounds the bytes of text (addresses, ids, values) the
// events of one read keep, since a few events with huge values grow
// memory as many events do. A real event carries a few hundred bytes
// (addresses, ids, a role), so 100,000 of them (maxEventsPerRead) are
// some 30 MB: 64 MiB leaves ample room.
const maxTextPerRead = 64 << 20

// textOf is the bytes of text an event keeps, counted per event (values
// it shares with the other events of its activity are counted again,
// which errs towards a smaller bound, never a larger one).
func textOf(a directory.Activity) int {
	n := 0
	for _, s := range []string{a.ID, a.Application, a.Event, a.Actor, a.ActorID, a.ActorKey, a.CallerType,
		a.ClientID, a.ClientName, a.Group, a.Member, a.Role, a.Setting, a.Old, a.New, a.GroupID, a.MemberID, a.MemberType} {
		n += len(s)
	}
	for _, s := range a.OldValues {
		n += len(s)
	}
	for _, s := range a.NewValues {
		n += len(s)
	}
	return n
}

// tooMany is the error of a read that went past maxEventsPerRead or
// maxTextPerRead: not to trust, as a read cut short would pass the
// changes left out for none. events and text are what it had kept.
func tooMany(label string, since time.Time, events, text int) error {
	log := "the audit log"
	if !since.IsZero() {
		log += " since " + since.UTC().Format(time.RFC3339)
	}
	return &directory.APIError{Op: label, Kind: directory.ErrInvalid,
		Message: fmt.Sprintf("%s is more than roster keeps in memory for one read (%d events and %d MiB of their text so far, past the bound of %d events or %d MiB, far more than a real domain logs); a read cut short would pass the changes left out for none, so it is not trusted and the run goes on without it; if the domain's log is this busy, read a shorter window (--changed-since), else check that --endpoint answers as Google does",
			log, events, text>>20, maxEventsPerRead, maxTextPerRead>>20)}
}

// activities pages through activities.list of one application with a
// filter and an event name (either may be ""), keeping the events keep
// accepts, oldest first, at most maxEventsPerRead of them
// (maxTextPerRead of their text).
func (g *Client) activities(ctx context.Context, label, application, filter, event string, since time.Time, keep func(directory.Activity) bool) ([]directory.Activity, error) {
	// The events kept, in the order Google sent their activities (newest
	// first), an activity's own events in their order; sizes is how many
	// each activity that kept any kept, to put them the other way round
	// in place, without a copy of every event.
	var kept []directory.Activity
	var sizes []int
	text := 0
	undated, early := 0, 0
	looked := 0 // activities sent, kept or not
	// Activities by their id: pages in a row that send only activities
	// sent already end the listing (repeats), as for members.
	var rep repeats
	err := g.pages(ctx, callActivities, label, "audit log", func(ctx context.Context, token string) (string, error) {
		call := g.activity.List("all", application).MaxResults(activitiesPage).Context(ctx)
		if filter != "" {
			call = call.Filters(filter)
		}
		if event != "" {
			call = call.EventName(event)
		}
		if !since.IsZero() {
			call = call.StartTime(since.UTC().Format(time.RFC3339))
		}
		if token != "" {
			call = call.PageToken(token)
		}
		resp, err := call.Do()
		if err != nil {
			return "", err
		}
		if len(resp.Items) > activitiesPage {
			return "", &directory.APIError{Op: label, Kind: directory.ErrInvalid,
				Message: fmt.Sprintf("a page of %d activities, more than the %d asked for; refusing to trust it", len(resp.Items), activitiesPage)}
		}
		for _, a := range resp.Items {
			if a != nil && len(a.Events) > maxEventsPerActivity {
				return "", &directory.APIError{Op: label, Kind: directory.ErrInvalid,
					Message: fmt.Sprintf("an activity of %d events, more than the %d any Google activity carries; refusing to trust the page", len(a.Events), maxEventsPerActivity)}
			}
			if a != nil && a.Id != nil && a.Id.ApplicationName != "" && !strings.EqualFold(a.Id.ApplicationName, application) {
				// Another log's page: what this one holds is unknown, and
				// read as empty a hand change would pass for none.
				return "", &directory.APIError{Op: label, Kind: directory.ErrInvalid,
					Message: fmt.Sprintf("an activity of the %q log in an answer for the %q log; refusing to trust the page", a.Id.ApplicationName, application)}
			}
		}
		if looked += len(resp.Items); looked > g.maxActivities {
			return "", &directory.APIError{Op: label, Kind: directory.ErrInvalid,
				Message: fmt.Sprintf("more than %d activities in one read of the audit log, most of them not about what was asked (%d kept); a read cut short would pass the changes left out for none, so it is not trusted and the run goes on without it; check that --endpoint honours the filter as Google does, or read a shorter window (--changed-since)", g.maxActivities, len(kept))}
		}
		keys := make([]string, 0, len(resp.Items))
		for _, a := range resp.Items {
			key := "" // no id to know it by: new
			if a != nil && a.Id != nil && (a.Id.UniqueQualifier != 0 || a.Id.Time != "") {
				key = fmt.Sprintf("%d %s", a.Id.UniqueQualifier, a.Id.Time)
			}
			keys = append(keys, key)
		}
		if rep.page(keys, resp.NextPageToken != "") {
			return "", rep.endless(label, "activities")
		}
		for _, a := range resp.Items {
			n := 0
			for _, act := range activitiesOf(application, a) {
				if act.Time.IsZero() {
					// Google dates every event. One whose time cannot be
					// read cannot say who changed a group when, nor
					// whether in the window: left out, a hand change would
					// pass for none (an incremental run would skip its
					// group). The read fails, as for any page not to
					// trust, and the run reads every group.
					undated++
				}
				if !since.IsZero() && act.Time.Before(since) {
					// Before the startTime asked for, which Google
					// honours: a server that does not would have a change
					// of days ago read as one of the window.
					early++
					continue
				}
				if !keep(act) {
					continue
				}
				if text += textOf(act); len(kept) >= maxEventsPerRead || text > maxTextPerRead {
					return "", tooMany(label, since, len(kept)+1, text)
				}
				kept = append(kept, act)
				n++
			}
			if n > 0 {
				sizes = append(sizes, n)
			}
		}
		if undated > 0 {
			return "", &directory.APIError{Op: label, Kind: directory.ErrInvalid,
				Message: fmt.Sprintf("%s whose time cannot be read, which Google always sends; refusing to trust the page", words.Plural(undated, "event"))}
		}
		return resp.NextPageToken, nil
	})
	if err != nil {
		return nil, err
	}
	if early > 0 {
		g.log.Warn("the audit log answered with events from before the start time asked for; they are left out", "op", label, "dropped", early)
	}
	// Google sends the newest activity first: taken in reverse,
	// activities of the same instant stay in the order they happened,
	// and the sort only mends what a page sent out of order. The whole
	// is reversed, then each activity's events back into their order.
	slices.Reverse(kept)
	at := 0
	for _, n := range slices.Backward(sizes) {
		slices.Reverse(kept[at : at+n])
		at += n
	}
	directory.SortActivities(kept)
	// An activity sent twice (in one page, or again on the next) is one
	// event, whichever read it came in.
	return directory.Distinct(kept), nil
}

// BulkUploads reads the Admin console's bulk uploads of group members
// since a time, domain-wide (activities.list with eventName
// GROUP_MEMBER_BULK_UPLOAD): Google logs them with counts and no group,
// so a group's own read never has them. Few events, one call or two.
func (g *Client) BulkUploads(ctx context.Context, since time.Time) ([]directory.Activity, error) {
	if since.After(time.Now()) {
		return nil, nil
	}
	label := "activities.list admin " + directory.EventGroupMemberBulkUpload
	return g.activities(ctx, label, directory.AppAdmin, "", directory.EventGroupMemberBulkUpload, since, func(act directory.Activity) bool {
		return act.Event == directory.EventGroupMemberBulkUpload
	})
}

// names reports whether an event is about the group asked for.
func names(a directory.Activity, group, groupID string) bool {
	if a.Application == directory.AppGroupsEnterprise {
		return directory.MatchID(a.GroupID, groupID)
	}
	return directory.SameAddress(a.Group, group)
}

// paramValue is a parameter's value in whichever form Google sent it:
// value, multiValue, intValue, multiIntValue or boolValue.
type paramValue struct {
	s    string   // the value; repeated values joined with ","
	list []string // repeated values, or the single one
	n    int64    // the value as a number, when it is one
}

func valueOf(p *reports.ActivityEventsParameters) paramValue {
	var v paramValue
	switch {
	case p.Value != "":
		v.s, v.list = p.Value, []string{p.Value}
	case len(p.MultiValue) > 0:
		v.s, v.list = strings.Join(p.MultiValue, ","), p.MultiValue
	case len(p.MultiIntValue) > 0:
		for _, n := range p.MultiIntValue {
			v.list = append(v.list, strconv.FormatInt(n, 10))
		}
		v.s = strings.Join(v.list, ",")
	case p.IntValue != 0:
		v.s, v.n = strconv.FormatInt(p.IntValue, 10), p.IntValue
		v.list = []string{v.s}
	case p.BoolValue:
		v.s, v.list = "true", []string{"true"}
	}
	if v.n == 0 {
		v.n, _ = strconv.ParseInt(strings.TrimSpace(v.s), 10, 64)
	}
	return v
}

// setter files one parameter into an Activity.
type setter func(a *directory.Activity, v paramValue)

var (
	setGroup   setter = func(a *directory.Activity, v paramValue) { a.Group = v.s }
	setMember  setter = func(a *directory.Activity, v paramValue) { a.Member = v.s }
	setRole    setter = func(a *directory.Activity, v paramValue) { a.Role = v.s }
	setSetting setter = func(a *directory.Activity, v paramValue) { a.Setting = v.s }
	setOld     setter = func(a *directory.Activity, v paramValue) { a.Old, a.OldValues = v.s, v.list }
	setNew     setter = func(a *directory.Activity, v paramValue) { a.New, a.NewValues = v.s, v.list }
)

// parameters holds, for each application, the parameters roster reads,
// by the names Google's reference pages give them:
//
//   - admin ("Admin Audit Activity Events - Group Settings"):
//     ADD_GROUP_MEMBER and REMOVE_GROUP_MEMBER carry GROUP_EMAIL and
//     USER_EMAIL; UPDATE_GROUP_MEMBER also OLD_VALUE and NEW_VALUE (the
//     roles); CHANGE_GROUP_SETTING GROUP_EMAIL, SETTING_NAME, OLD_VALUE,
//     NEW_VALUE; GROUP_MEMBER_BULK_UPLOAD only
//     GROUP_MEMBER_BULK_UPLOAD_TOTAL_NUMBER and
//     GROUP_MEMBER_BULK_UPLOAD_FAILED_NUMBER, no group, no member.
//   - groups ("Groups Audit Activity Events"): group_email everywhere;
//     user_email in add_user, remove_user, approve_join_request;
//     member_role in add_user; change_acl_permission carries
//     acl_permission and old_value_repeated / new_value_repeated
//     (multiValue); join and accept_invitation carry only group_email,
//     the actor being the person joining.
//   - groups_enterprise ("Enterprise Groups Audit Activity Events"):
//     group_id, member_id, member_role, member_type; settings in
//     info_setting, security_setting and old_value / new_value / value.
var parameters = map[string]map[string]setter{
	directory.AppAdmin: {
		"GROUP_EMAIL":                            setGroup,
		"USER_EMAIL":                             setMember,
		"SETTING_NAME":                           setSetting,
		"OLD_VALUE":                              setOld,
		"NEW_VALUE":                              setNew,
		"GROUP_MEMBER_BULK_UPLOAD_TOTAL_NUMBER":  func(a *directory.Activity, v paramValue) { a.Count = bulkCount(v.n) },
		"GROUP_MEMBER_BULK_UPLOAD_FAILED_NUMBER": func(a *directory.Activity, v paramValue) { a.Failed = bulkCount(v.n) },
	},
	directory.AppGroups: {
		"group_email":        setGroup,
		"user_email":         setMember,
		"member_role":        setRole,
		"acl_permission":     setSetting,
		"basic_setting":      setSetting,
		"info_setting":       setSetting,
		"old_value_repeated": setOld,
		"new_value_repeated": setNew,
		"old_value":          setOld,
		"new_value":          setNew,
		"value":              setNew,
	},
	directory.AppGroupsEnterprise: {
		// Google documents both only as "identifier of" the group and
		// the member: one written as an address is read as one, so that
		// the event is matched by address as the other logs' are.
		"group_id":         func(a *directory.Activity, v paramValue) { idOrAddress(&a.GroupID, &a.Group, v.s) },
		"member_id":        func(a *directory.Activity, v paramValue) { idOrAddress(&a.MemberID, &a.Member, v.s) },
		"member_type":      func(a *directory.Activity, v paramValue) { a.MemberType = v.s },
		"member_role":      setRole,
		"info_setting":     setSetting,
		"security_setting": setSetting,
		"old_value":        setOld,
		"new_value":        setNew,
		"value":            setNew,
	},
}

// maxBulkCount is the largest count of a bulk upload believed: twice
// the members roster reads of one group (DefaultMaxPages pages of 200).
const maxBulkCount = 1_000_000

// bulkCount is a count of a bulk upload's (members selected, or failed)
// as logged, or 0, unknown, when it is none an upload can have: below
// zero or past maxBulkCount. Printed, such a count read "a bulk upload
// of -7 members" (s31-attr finding 4); the upload is still offered, by
// who made it and when, since it happened whatever its count says.
func bulkCount(n int64) int64 {
	if n < 0 || n > maxBulkCount {
		return 0
	}
	return n
}

// idOrAddress sets address when s is an address (it has an '@' and no
// '/', as a resource name may), else id.
func idOrAddress(id, address *string, s string) {
	if strings.Contains(s, "@") && !strings.Contains(s, "/") {
		*address = s
		return
	}
	*id = s
}

// activitiesOf turns one activity of the log into one Activity per
// event it holds.
func activitiesOf(application string, a *reports.Activity) []directory.Activity {
	if a == nil {
		return nil
	}
	base := directory.Activity{Application: application}
	if a.Id != nil {
		base.Time, _ = time.Parse(time.RFC3339Nano, a.Id.Time)
		if a.Id.UniqueQualifier != 0 {
			base.ID = strconv.FormatInt(a.Id.UniqueQualifier, 10)
		}
	}
	if a.Actor != nil {
		base.Actor, base.ActorID, base.CallerType, base.ActorKey = a.Actor.Email, a.Actor.ProfileId, a.Actor.CallerType, a.Actor.Key
		if info := a.Actor.ApplicationInfo; info != nil {
			base.ClientID, base.ClientName, base.Impersonation = info.OauthClientId, info.ApplicationName, info.Impersonation
		}
	}
	known := parameters[application]
	var out []directory.Activity
	for i, ev := range a.Events {
		if ev == nil {
			continue
		}
		act := base
		act.Event, act.Index = ev.Name, i
		for _, p := range ev.Parameters {
			if p == nil {
				continue
			}
			if set, ok := known[p.Name]; ok {
				set(&act, valueOf(p))
			}
		}
		switch {
		case act.Event == directory.EventGroupMemberBulkUpload && act.Count > 0 && act.Failed > act.Count:
			// More failed than were uploaded: one of the two counts is
			// wrong, and which is unknown. Taken as all failed, the upload
			// would be offered for nobody; its failures are unknown.
			act.Failed = 0
		case application == directory.AppAdmin && act.Event == directory.EventUpdateGroupMember:
			act.Role = act.New
		case act.Event == directory.EventJoin || act.Event == directory.EventAcceptInvitation ||
			act.Event == directory.EventJoinViaMail || act.Event == directory.EventUnsubscribeViaMail:
			// The actor is the person joining (or, by mail, leaving); the
			// event names nobody else.
			// Without the actor's email, its profile id is the member id
			// members.list gives them.
			if act.Member == "" {
				act.Member = act.Actor
			}
			if act.Member == "" && act.MemberID == "" {
				act.MemberID = act.ActorID
			}
		}
		out = append(out, act)
	}
	return out
}

// lookupError is a failed read of the group's id for the log's filter:
// said as the read's own error, and marked directory.ErrGroupLookup.
type lookupError struct{ err error }

func (e lookupError) Error() string        { return e.err.Error() }
func (e lookupError) Unwrap() error        { return e.err }
func (e lookupError) Is(target error) bool { return target == directory.ErrGroupLookup }
