package emulator

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Activity is one change the emulated domain's audit log holds: what the
// Admin Reports API's activities.list returns.
type Activity struct {
	Time        time.Time
	Actor       string
	Application string // admin, or groups for owners in the Groups UI
	Event       string // ADD_GROUP_MEMBER, REMOVE_GROUP_MEMBER, UPDATE_GROUP_MEMBER, CHANGE_GROUP_SETTING; add_user...
	Group       string
	Member      string
	Setting     string
	Old, New    string
}

// Headers a test or a person using the emulator sets on a request to say
// who made a change by hand, and where: the Admin console ("admin", the
// default) or an owner in the Groups UI ("groups").
const (
	HeaderActor       = "X-Emulator-Actor"
	HeaderApplication = "X-Emulator-Application"
)

// Activities returns the audit log, oldest first.
func (s *Server) Activities() []Activity {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Activity(nil), s.activity...)
}

// record adds a change to the audit log, unless roster made it: the
// audit log is how roster learns who changed a group by hand.
func (s *Server) record(r *http.Request, a Activity) {
	if isRoster(r) {
		return
	}
	a.Time = time.Now().UTC()
	a.Actor = r.Header.Get(HeaderActor)
	if a.Actor == "" {
		a.Actor = "admin@" + domainOf(a.Group)
	}
	if app := r.Header.Get(HeaderApplication); app == "groups" {
		a.Application = "groups"
		a.Event = map[string]string{
			"ADD_GROUP_MEMBER": "add_user", "REMOVE_GROUP_MEMBER": "remove_user",
			"UPDATE_GROUP_MEMBER": "change_user_access", "CHANGE_GROUP_SETTING": "change_acl_permission",
		}[a.Event]
	}
	s.activity = append(s.activity, a)
}

// recordWrite records a membership change.
func (s *Server) recordWrite(r *http.Request, w Write) {
	a := Activity{Application: "admin", Group: w.Group, Member: w.Email}
	switch w.Method {
	case "members.insert":
		a.Event, a.New = "ADD_GROUP_MEMBER", w.Role
	case "members.delete":
		a.Event, a.Old = "REMOVE_GROUP_MEMBER", w.Role
	case "members.patch", "members.update":
		if w.Previous == w.Role {
			return
		}
		a.Event, a.Old, a.New = "UPDATE_GROUP_MEMBER", w.Previous, w.Role
	default:
		return
	}
	s.record(r, a)
}

// activitiesList serves activities.list for applications admin and
// groups: filters=GROUP_EMAIL==x (group_email==x for groups), eventName,
// startTime, maxResults 1..1000, newest first, as Google returns them.
func (s *Server) activitiesList(r *http.Request) reply {
	app := r.PathValue("app")
	if app != "admin" && app != "groups" {
		return apiError(http.StatusBadRequest, "invalid", "Invalid value for applicationName: "+app)
	}
	limit, after, bad := page(r, 1000)
	if bad != nil {
		return *bad
	}
	q := r.URL.Query()
	group := ""
	if f := q.Get("filters"); f != "" {
		name, value, ok := strings.Cut(f, "==")
		if !ok || !strings.EqualFold(name, "GROUP_EMAIL") {
			return apiError(http.StatusBadRequest, "invalid", "Invalid value for filters: "+f)
		}
		group = value
	}
	var since time.Time
	if v := q.Get("startTime"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return apiError(http.StatusBadRequest, "invalid", "Invalid value for startTime: "+v)
		}
		since = t
	}
	var items []any
	next := ""
	for i := len(s.activity) - 1; i >= 0; i-- {
		a := s.activity[i]
		if after != "" {
			if from, _ := strconv.Atoi(after); i > from {
				continue // shown on an earlier page
			}
		}
		if a.Application != app || (group != "" && canonical(a.Group) != canonical(group)) ||
			(q.Get("eventName") != "" && q.Get("eventName") != a.Event) || a.Time.Before(since) {
			continue
		}
		if len(items) == limit {
			next = pageToken(strconv.Itoa(i))
			break
		}
		items = append(items, activityJSON(a, strconv.Itoa(i+1)))
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

func activityJSON(a Activity, seq string) map[string]any {
	param := func(name, value string) map[string]any {
		if a.Application == "groups" {
			name = strings.ToLower(name)
		}
		return map[string]any{"name": name, "value": value}
	}
	var params []any
	params = append(params, param("GROUP_EMAIL", a.Group))
	if a.Member != "" {
		params = append(params, param("USER_EMAIL", a.Member))
	}
	if a.Setting != "" {
		params = append(params, param("SETTING_NAME", a.Setting), param("OLD_VALUE", a.Old), param("NEW_VALUE", a.New))
	} else if a.New != "" {
		params = append(params, param("MEMBER_ROLE", a.New))
	}
	typ := "GROUP_SETTINGS"
	if a.Application == "groups" {
		typ = "acl_change"
	}
	return map[string]any{
		"kind": "admin#reports#activity",
		"id": map[string]any{
			"time":            a.Time.Format(time.RFC3339Nano),
			"uniqueQualifier": seq,
			"applicationName": a.Application,
			"customerId":      "C0emulated",
		},
		"actor":  map[string]any{"email": a.Actor, "profileId": fmt.Sprint(len(a.Actor))},
		"events": []any{map[string]any{"type": typ, "name": a.Event, "parameters": params}},
	}
}
