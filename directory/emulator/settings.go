package emulator

import (
	"encoding/json"
	"net/http"

	"github.com/roster-dev/roster/members"
)

// defaultSettings are what a new group gets: open to the domain, as a
// group created in the Admin console is, so that a policy pinning private
// settings has drift to fix.
var defaultSettings = map[string]string{
	"whoCanJoin":                 "CAN_REQUEST_TO_JOIN",
	"whoCanViewMembership":       "ALL_IN_DOMAIN_CAN_VIEW",
	"whoCanViewGroup":            "ALL_IN_DOMAIN_CAN_VIEW",
	"whoCanPostMessage":          "ALL_IN_DOMAIN_CAN_POST",
	"whoCanDiscoverGroup":        "ALL_IN_DOMAIN_CAN_DISCOVER",
	"whoCanContactOwner":         "ALL_IN_DOMAIN_CAN_CONTACT",
	"allowExternalMembers":       "false",
	"allowWebPosting":            "true",
	"membersCanPostAsTheGroup":   "false",
	"includeInGlobalAddressList": "true",
	"isArchived":                 "true",
	"archiveOnly":                "false",
	"messageModerationLevel":     "MODERATE_NONE",
}

func fillSettings(g *Group) {
	if g.Settings == nil {
		g.Settings = make(map[string]string)
	}
	for k, v := range defaultSettings {
		if _, ok := g.Settings[k]; !ok {
			g.Settings[k] = v
		}
	}
}

func settingsJSON(g *Group) map[string]any {
	out := map[string]any{
		"kind":        "groupsSettings#groups",
		"email":       g.Email,
		"name":        g.Name,
		"description": g.Description,
	}
	for k, v := range g.Settings {
		out[k] = v
	}
	return out
}

func (s *Server) settingsGet(r *http.Request) reply {
	g := s.group(r.PathValue("groupKey"))
	if g == nil {
		return groupNotFound()
	}
	return reply{code: http.StatusOK, body: settingsJSON(g)}
}

// settingsUpdate applies PATCH (only the fields sent) and PUT alike;
// values are checked against the API's enumerations, and archiveOnly
// and whoCanPostMessage are kept consistent as Google keeps them.
func (s *Server) settingsUpdate(r *http.Request) reply {
	g := s.group(r.PathValue("groupKey"))
	if g == nil {
		return groupNotFound()
	}
	var in map[string]any
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		return apiError(http.StatusBadRequest, "parseError", "Parse Error")
	}
	changes := make(map[string]string)
	for field, raw := range in {
		v, ok := raw.(string)
		if !ok {
			continue
		}
		spec, known := specByField(field)
		if !known {
			continue // fields roster does not pin are accepted and ignored
		}
		if !spec.Allows(v) {
			return apiError(http.StatusBadRequest, "invalid", "Invalid Value: "+field)
		}
		changes[field] = v
	}
	next := make(map[string]string, len(g.Settings))
	for k, v := range g.Settings {
		next[k] = v
	}
	for k, v := range changes {
		next[k] = v
	}
	if a, ok := changes["archiveOnly"]; ok && a != g.Settings["archiveOnly"] {
		if _, pinned := changes["whoCanPostMessage"]; !pinned {
			// Archiving closes the group to mail; reopening it lets the
			// managers post again (Groups Settings API reference).
			if a == "true" {
				next["whoCanPostMessage"] = "NONE_CAN_POST"
			} else {
				next["whoCanPostMessage"] = "ALL_MANAGERS_CAN_POST"
			}
		}
	}
	switch {
	case next["archiveOnly"] == "true" && next["whoCanPostMessage"] != "NONE_CAN_POST":
		next["whoCanPostMessage"] = "NONE_CAN_POST"
	case next["whoCanPostMessage"] == "NONE_CAN_POST" && next["archiveOnly"] != "true":
		return apiError(http.StatusBadRequest, "invalid", "Invalid Value: whoCanPostMessage cannot be NONE_CAN_POST while archiveOnly is false")
	}
	for k, v := range next {
		if g.Settings[k] != v {
			s.record(r, Activity{Application: "admin", Event: "CHANGE_GROUP_SETTING", Group: g.Email, Setting: k, Old: g.Settings[k], New: v})
		}
	}
	g.Settings = next
	return reply{code: http.StatusOK, body: settingsJSON(g), wrote: &Write{Group: g.Email}}
}

func specByField(field string) (members.SettingSpec, bool) {
	for _, s := range members.SettingSpecs {
		if s.Field == field {
			return s, true
		}
	}
	return members.SettingSpec{}, false
}
