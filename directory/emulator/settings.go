package emulator

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"

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

// settingsGroup finds the group a Groups Settings call names. That API
// takes the group's email address only (its reference: "groupUniqueId:
// The group's email address"), not the Directory id that groups.get
// accepts, so an id finds nothing.
func (s *Server) settingsGroup(r *http.Request) *Group {
	key := r.PathValue("groupKey")
	if !strings.Contains(key, "@") {
		return nil
	}
	return s.group(key)
}

func (s *Server) settingsGet(r *http.Request) reply {
	g := s.settingsGroup(r)
	if g == nil {
		return groupNotFound()
	}
	return reply{code: http.StatusOK, body: settingsJSON(g)}
}

// settingsUpdate applies PATCH (only the fields sent) and PUT alike;
// values are checked against the API's enumerations, and archiveOnly
// and whoCanPostMessage are kept consistent as Google keeps them.
func (s *Server) settingsUpdate(r *http.Request) reply {
	g := s.settingsGroup(r)
	if g == nil {
		return groupNotFound()
	}
	var in map[string]any
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		return apiError(http.StatusBadRequest, "parseError", "Parse Error")
	}
	values := make(map[string]string)
	for field, raw := range in {
		if v, ok := raw.(string); ok {
			values[field] = v
		}
	}
	changed, fail := s.applySettings(g, values)
	if fail != nil {
		return *fail
	}
	return reply{code: http.StatusOK, body: settingsJSON(g), wrote: &Write{Group: g.Email, Settings: changed}}
}

// applySettings sets the given settings of g, checked against the API's
// enumerations, with archiveOnly and whoCanPostMessage kept consistent
// as Google keeps them, and returns what changed, in field order; called
// with s.mu held.
func (s *Server) applySettings(g *Group, in map[string]string) ([]SettingChange, *reply) {
	fail := func(r reply) ([]SettingChange, *reply) { return nil, &r }
	changes := make(map[string]string)
	for field, v := range in {
		spec, known := specByField(field)
		if !known {
			continue // fields roster does not pin are accepted and ignored
		}
		if !spec.Allows(v) {
			return fail(apiError(http.StatusBadRequest, "invalid", "Invalid Value: "+field))
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
		return fail(apiError(http.StatusBadRequest, "invalid", "Invalid Value: whoCanPostMessage cannot be NONE_CAN_POST while archiveOnly is false"))
	}
	var out []SettingChange
	for _, k := range slices.Sorted(maps.Keys(next)) {
		if g.Settings[k] != next[k] {
			out = append(out, SettingChange{Field: k, Old: g.Settings[k], New: next[k]})
		}
	}
	g.Settings = next
	return out, nil
}

func specByField(field string) (members.SettingSpec, bool) {
	for _, s := range members.SettingSpecs() {
		if s.Field == field {
			return s, true
		}
	}
	return members.SettingSpec{}, false
}
