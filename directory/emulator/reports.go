package emulator

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Applications of the audit log, as activities.list names them.
const (
	appAdmin      = "admin"             // the Admin SDK and the Admin console
	appGroups     = "groups"            // the Groups UI
	appEnterprise = "groups_enterprise" // the Cloud console, Cloud Identity, gcloud
)

// Activity is one event of the emulated domain's audit log, as
// activities.list returns it.
type Activity struct {
	Time time.Time `json:"time"`
	// VisibleAt is when activities.list starts returning it: Time plus
	// the application's log delay.
	VisibleAt   time.Time `json:"visible_at"`
	Application string    `json:"application"`
	Type        string    `json:"type"` // GROUP_SETTINGS, acl_change, moderator_action
	Event       string    `json:"event"`
	Actor       string    `json:"actor"`
	// ActorID is actor.profileId: the id of the actor's account, which
	// Google gives as their member id too (members.list), so that an
	// event that names its actor by id alone can be matched to a member.
	ActorID string `json:"actor_id,omitempty"`
	// ClientID is actor.applicationInfo.oauthClientId: the OAuth client
	// of an Admin SDK call. "" for the Admin console, the Groups UI and
	// the Cloud console, which Google logs without applicationInfo.
	ClientID      string  `json:"client_id,omitempty"`
	Impersonation bool    `json:"impersonation,omitempty"`
	Params        []Param `json:"parameters"`
}

// Param is one parameter of an event, in Google's spelling
// (GROUP_EMAIL for admin, group_email for groups, group_id for
// groups_enterprise).
type Param struct {
	Name       string   `json:"name"`
	Value      string   `json:"value,omitempty"`
	MultiValue []string `json:"multiValue,omitempty"`
}

func (a Activity) has(name string) (Param, bool) {
	for _, p := range a.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// Headers a test or a person using the emulator sets on an API request
// to say that a person made the change, and where: the Admin console
// ("admin", the default) or an owner in the Groups UI ("groups"). Such
// changes are logged without applicationInfo, as Google logs them.
// Without these headers a request is an Admin SDK call, logged with the
// delegated admin as actor and the OAuth client in applicationInfo.
const (
	HeaderActor       = "X-Emulator-Actor"
	HeaderApplication = "X-Emulator-Application"
)

// Activities returns the whole audit log, oldest first, including events
// activities.list does not show yet.
func (s *Server) Activities() []Activity {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.st.Activities)
}

// SetLogDelay changes how long activities.list holds back the events of
// an application ("admin", "groups", "groups_enterprise") of a running
// server.
func (s *Server) SetLogDelay(application string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.LogDelay = maps.Clone(s.opts.LogDelay)
	if s.opts.LogDelay == nil {
		s.opts.LogDelay = make(map[string]time.Duration)
	}
	s.opts.LogDelay[application] = d
}

func param(name, value string) Param { return Param{Name: name, Value: value} }

func multi(name string, values []string) Param {
	return Param{Name: name, MultiValue: slices.Clone(values)}
}

// event builds an event of an application, its parameters in the order
// Google's reference lists them (by name).
func event(app, name string, params ...Param) Activity {
	typ := "GROUP_SETTINGS" // every group event of the admin log
	switch {
	case app == appGroups && name == "change_acl_permission":
		typ = "acl_change"
	case app != appAdmin:
		typ = "moderator_action"
	}
	slices.SortFunc(params, func(a, b Param) int { return strings.Compare(a.Name, b.Name) })
	return Activity{Application: app, Type: typ, Event: name, Params: params}
}

// LogRetention is how long the audit log keeps an event, as Google's
// does (about six months), and MaxLogEvents how many a saved state keeps
// at most: a state file used run after run does not grow for ever.
const (
	LogRetention = 180 * 24 * time.Hour
	MaxLogEvents = 100_000
)

// retained is the part of a loaded audit log Google would still return
// at now: the events of the last LogRetention, at most MaxLogEvents of
// them, the newest. It runs at start only: page tokens index the log.
func retained(log []Activity, now time.Time) []Activity {
	cut := 0
	for cut < len(log) && now.Sub(log[cut].Time) > LogRetention {
		cut++
	}
	cut = max(cut, len(log)-MaxLogEvents)
	return log[cut:]
}

// record adds an event to the audit log; called with s.mu held.
func (s *Server) record(c caller, a Activity) Activity {
	now := s.now().UTC()
	a.Time = now
	a.VisibleAt = now.Add(s.opts.LogDelay[a.Application])
	a.Actor = c.actor
	a.ActorID = s.actorID(c.actor)
	a.ClientID = c.clientID
	a.Impersonation = c.delegated && c.clientID != ""
	s.st.Activities = append(s.st.Activities, a)
	s.changed()
	return a
}

// aclPermission is the Groups UI's name (change_acl_permission's
// acl_permission) of a Groups Settings field, for the names whose
// meaning Google's reference makes plain ("can_join: Who can join
// setting"). The emulator keeps its own copy of this table so that tests
// of roster's are not circular.
var aclPermission = map[string]string{
	"whoCanJoin":               "can_join",
	"whoCanViewMembership":     "can_view_membership",
	"whoCanViewGroup":          "can_view_group",
	"whoCanPostMessage":        "can_post",
	"whoCanContactOwner":       "can_contact_owner",
	"membersCanPostAsTheGroup": "can_post_as_group",
	"whoCanAdd":                "can_add_members",
	"whoCanInvite":             "can_invite_members",
	"whoCanApproveMembers":     "can_approve_members",
	"whoCanBanUsers":           "can_ban_users",
	"whoCanModifyMembers":      "can_modify_members",
}

// recordWrite logs an API write where its caller made it: the admin log
// for the Admin SDK and the Admin console, the groups log for the Groups
// UI. Parameters are those of Google's reference pages, "Admin Audit
// Activity Events - Group Settings" and "Groups Audit Activity Events".
// Called with s.mu held.
func (s *Server) recordWrite(c caller, w Write) {
	if c.app == appGroups {
		s.recordGroupsUI(c, w)
		return
	}
	switch w.Method {
	case "members.insert":
		s.record(c, event(appAdmin, "ADD_GROUP_MEMBER", param("GROUP_EMAIL", w.Group), param("USER_EMAIL", w.Email)))
	case "members.delete":
		s.record(c, event(appAdmin, "REMOVE_GROUP_MEMBER", param("GROUP_EMAIL", w.Group), param("USER_EMAIL", w.Email)))
	case "members.patch", "members.update":
		if w.Previous != w.Role {
			s.record(c, event(appAdmin, "UPDATE_GROUP_MEMBER", param("GROUP_EMAIL", w.Group), param("USER_EMAIL", w.Email),
				param("OLD_VALUE", w.Previous), param("NEW_VALUE", w.Role)))
		}
	case "settings.patch", "settings.update":
		for _, ch := range w.Settings {
			s.record(c, event(appAdmin, "CHANGE_GROUP_SETTING", param("GROUP_EMAIL", w.Group), param("SETTING_NAME", ch.Field),
				param("OLD_VALUE", ch.Old), param("NEW_VALUE", ch.New)))
		}
	case "groups.insert":
		s.record(c, event(appAdmin, "CREATE_GROUP", param("GROUP_EMAIL", w.Group)))
	}
}

// recordGroupsUI logs a write an owner made in the Groups UI. A role
// change there has no event in Google's reference, so none is logged.
func (s *Server) recordGroupsUI(c caller, w Write) {
	switch w.Method {
	case "members.insert":
		s.record(c, event(appGroups, "add_user", param("group_email", w.Group), param("user_email", w.Email), param("member_role", strings.ToLower(w.Role))))
	case "members.delete":
		s.record(c, event(appGroups, "remove_user", param("group_email", w.Group), param("user_email", w.Email)))
	case "settings.patch", "settings.update":
		for _, ch := range w.Settings {
			if name, ok := aclPermission[ch.Field]; ok {
				s.record(c, event(appGroups, "change_acl_permission", param("group_email", w.Group), param("acl_permission", name),
					multi("old_value_repeated", []string{ch.Old}), multi("new_value_repeated", []string{ch.New})))
			}
		}
	case "groups.insert":
		s.record(c, event(appGroups, "create_group", param("group_email", w.Group)))
	}
}

// filterParams are the parameters each application can be filtered on
// in activities.list, from Google's reference pages. Google ignores a
// filter on a parameter it does not know ("if an invalid parameter is
// supplied in the API request, the API ignores that parameter"), and so
// does the emulator: a client must not trust the filter alone.
var filterParams = map[string][]string{
	appAdmin:      {"GROUP_EMAIL", "USER_EMAIL", "SETTING_NAME", "OLD_VALUE", "NEW_VALUE", "GROUP_MEMBER_BULK_UPLOAD_FAILED_NUMBER", "GROUP_MEMBER_BULK_UPLOAD_TOTAL_NUMBER"},
	appGroups:     {"group_email", "user_email", "member_role", "acl_permission"},
	appEnterprise: {"group_id", "member_id", "member_role", "member_type"},
}

// filter is one condition of activities.list's filters.
type filter struct {
	name, value string
	not         bool // <>
}

// parseFilters reads filters=NAME==value,NAME<>value for an application.
func parseFilters(app, s string) ([]filter, *reply) {
	var out []filter
	if s == "" {
		return nil, nil
	}
	for _, part := range strings.Split(s, ",") {
		var f filter
		var ok bool
		if f.name, f.value, ok = strings.Cut(part, "=="); !ok {
			if f.name, f.value, ok = strings.Cut(part, "<>"); !ok {
				rep := apiError(http.StatusBadRequest, "invalid", "Invalid value for filters: "+s)
				return nil, &rep
			}
			f.not = true
		}
		if slices.Contains(filterParams[app], f.name) {
			out = append(out, f)
		}
	}
	return out, nil
}

func (a Activity) matches(fs []filter) bool {
	for _, f := range fs {
		p, ok := a.has(f.name)
		if !ok {
			return false // "an empty report is returned if the request's parameter doesn't belong to the eventName"
		}
		if strings.EqualFold(p.Value, f.value) == f.not {
			return false
		}
	}
	return true
}

// activitiesList serves activities.list for applications admin, groups
// and groups_enterprise: userKey all or an actor's address, eventName,
// filters, startTime and endTime, maxResults 1..1000, newest first, as
// Google returns them, and only events whose log delay has passed.
func (s *Server) activitiesList(r *http.Request) reply {
	app := r.PathValue("app")
	if _, ok := filterParams[app]; !ok {
		return apiError(http.StatusBadRequest, "invalid", "Invalid value for applicationName: "+app)
	}
	limit, after, bad := page(r, 1000)
	if bad != nil {
		return *bad
	}
	q := r.URL.Query()
	filters, bad := parseFilters(app, q.Get("filters"))
	if bad != nil {
		return *bad
	}
	now := s.now()
	var since, until time.Time
	for _, b := range []struct {
		name string
		t    *time.Time
	}{{"startTime", &since}, {"endTime", &until}} {
		if v := q.Get(b.name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return apiError(http.StatusBadRequest, "invalid", "Invalid value for "+b.name+": "+v)
			}
			*b.t = t
		}
	}
	if since.After(now) {
		// "The startTime must be before ... the current time when the
		// request is made, or the API returns an error."
		return apiError(http.StatusBadRequest, "invalid", "Start time must be earlier than the current time")
	}
	userKey := r.PathValue("userKey")
	from := len(s.st.Activities)
	if after != "" {
		n, err := strconv.Atoi(after)
		if err != nil || n < 0 || n > len(s.st.Activities) {
			return apiError(http.StatusBadRequest, "invalid", "Invalid Input: pageToken")
		}
		from = n
	}
	var items []any
	next := ""
	for i := from - 1; i >= 0; i-- {
		a := s.st.Activities[i]
		switch {
		case a.Application != app, a.VisibleAt.After(now), a.Time.Before(since),
			!until.IsZero() && a.Time.After(until),
			userKey != "all" && !strings.EqualFold(userKey, a.Actor),
			q.Get("eventName") != "" && q.Get("eventName") != a.Event,
			!a.matches(filters):
			continue
		}
		if len(items) == limit {
			next = pageToken(strconv.Itoa(i + 1))
			break
		}
		items = append(items, activityJSON(a, i+1))
	}
	resp := map[string]any{"kind": "admin#reports#activities", "etag": etag(len(items), after)}
	if len(items) > 0 {
		resp["items"] = items
	}
	if next != "" {
		resp["nextPageToken"] = next
	}
	return reply{code: http.StatusOK, body: resp}
}

// activityJSON is an event as activities.list returns it: actor with
// applicationInfo for an Admin SDK call, and without for a person.
func activityJSON(a Activity, seq int) map[string]any {
	actor := map[string]any{"callerType": "USER", "email": a.Actor}
	if a.ActorID != "" {
		actor["profileId"] = a.ActorID
	}
	if a.ClientID != "" {
		actor["applicationInfo"] = map[string]any{"oauthClientId": a.ClientID, "impersonation": a.Impersonation}
	}
	params := make([]any, 0, len(a.Params))
	for _, p := range a.Params {
		m := map[string]any{"name": p.Name}
		if p.MultiValue != nil {
			m["multiValue"] = p.MultiValue
		} else {
			m["value"] = p.Value
		}
		params = append(params, m)
	}
	return map[string]any{
		"kind": "admin#reports#activity",
		"etag": etag(seq),
		"id": map[string]any{
			"time":            a.Time.Format(time.RFC3339Nano),
			"uniqueQualifier": strconv.Itoa(seq),
			"applicationName": a.Application,
			"customerId":      "C0emulated",
		},
		"actor":       actor,
		"ownerDomain": domainOf(a.Actor),
		"events":      []any{map[string]any{"type": a.Type, "name": a.Event, "parameters": params}},
	}
}

// actorID is the account id of an actor (by their address, or an alias
// of it): the member id they have, or would have, on any group, as
// Google's actor.profileId is. "" for no actor. Called with s.mu held.
func (s *Server) actorID(actor string) string {
	if actor == "" {
		return ""
	}
	primary, _ := s.primaryOf(actor)
	return s.st.accountID(primary)
}
