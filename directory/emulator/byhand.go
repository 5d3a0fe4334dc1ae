package emulator

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
)

// Change is a change made by hand, as a person makes it outside the
// Admin SDK, and logged as Google logs it. Application says where:
//
//   - "groups" (the default), the Groups UI: join and accept_invitation
//     (Actor joins), approve_join_request (Actor lets Member in), add_user
//     (Actor adds Member with Role), remove_user, and
//     change_acl_permission (Setting is the acl_permission, like
//     can_join; Old and New its repeated values; Settings, if given, the
//     Groups Settings fields it changes);
//   - "admin", the Admin console, logged without applicationInfo:
//     ADD_GROUP_MEMBER, REMOVE_GROUP_MEMBER, UPDATE_GROUP_MEMBER (Member
//     gets Role), CHANGE_GROUP_SETTING (Settings), and
//     GROUP_MEMBER_BULK_UPLOAD (Members, logged by their counts only),
//     and DELETE_USER (Member's account, which leaves every group; no
//     Group: the log names the user only);
//   - "groups_enterprise", the Cloud console, Cloud Identity or gcloud,
//     naming group and member by id: add_member, remove_member,
//     add_member_role and remove_member_role (Role), join and
//     accept_invitation.
//
// Over HTTP it is the JSON body of POST /_emulator/by-hand.
type Change struct {
	Application string `json:"application,omitempty"`
	Event       string `json:"event"`
	Group       string `json:"group"`
	// Actor is who made the change; for the Admin console it defaults to
	// Options.Admin.
	Actor  string `json:"actor,omitempty"`
	Member string `json:"member,omitempty"`
	// Role is OWNER, MANAGER or MEMBER, in any case; MEMBER when empty.
	Role    string   `json:"role,omitempty"`
	Members []Member `json:"members,omitempty"`
	Setting string   `json:"setting,omitempty"`
	Old     []string `json:"old,omitempty"`
	New     []string `json:"new,omitempty"`
	// Settings are Groups Settings fields ("whoCanJoin") and values the
	// change sets.
	Settings map[string]string `json:"settings,omitempty"`
}

// ByHand makes a change as a person would outside the Admin SDK, and
// logs it in the application's audit log. It returns the last event
// logged. Errors are Google's, as an API call would get them: a missing
// group or member, an address already a member, an invalid value.
func (s *Server) ByHand(c Change) (Activity, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, rep := s.byHand(c)
	if rep != nil {
		return Activity{}, replyError{*rep}
	}
	s.changed()
	return a, nil
}

// replyError is an error answer of the emulator as a Go error.
type replyError struct{ rep reply }

func (e replyError) Error() string {
	if m, ok := e.rep.body.(map[string]any); ok {
		if inner, ok := m["error"].(map[string]any); ok {
			return strconv.Itoa(e.rep.code) + " " + inner["message"].(string)
		}
	}
	return http.StatusText(e.rep.code)
}

func (s *Server) byHandHTTP(w http.ResponseWriter, r *http.Request) {
	var c Change
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		rep := apiError(http.StatusBadRequest, "parseError", "Parse Error: "+err.Error())
		writeJSON(w, rep.code, rep.body)
		return
	}
	a, err := s.ByHand(c)
	var rerr replyError
	switch {
	case errors.As(err, &rerr):
		writeJSON(w, rerr.rep.code, rerr.rep.body)
	case err != nil:
		writeJSON(w, http.StatusInternalServerError, apiError(http.StatusInternalServerError, "backendError", err.Error()).body)
	default:
		writeJSON(w, http.StatusOK, a)
	}
}

func badChange(msg string) *reply {
	rep := apiError(http.StatusBadRequest, "invalid", msg)
	return &rep
}

// byHand does a Change; called with s.mu held.
func (s *Server) byHand(c Change) (Activity, *reply) {
	app := c.Application
	if app == "" {
		app = appGroups
	}
	if app == appAdmin && c.Event == "DELETE_USER" {
		return s.deleteUser(c)
	}
	g := s.lookup(c.Group)
	if g == nil {
		rep := groupNotFound()
		return Activity{}, &rep
	}
	actor := c.Actor
	if actor == "" {
		if app != appAdmin {
			return Activity{}, badChange("actor is required: who made the change")
		}
		actor = s.defaultAdmin(g.Email)
	}
	who := caller{app: app, actor: actor}
	role := strings.ToUpper(c.Role)
	if role == "" {
		role = "MEMBER"
	}
	if !validRole(role) {
		return Activity{}, badChange("Invalid Input: role " + c.Role)
	}
	journal := func(email, role, previous string) {
		s.journal = append(s.journal, Write{Method: "by-hand " + c.Event, Group: g.Email, Email: email, Role: role, Previous: previous})
	}
	add := func(email, role string) (*Member, *reply) {
		if email == "" {
			return nil, badChange("member is required")
		}
		m, rep := s.insertMember(g, email, role)
		if rep == nil {
			journal(m.Email, m.Role, "")
		}
		return m, rep
	}
	remove := func(email string) (*Member, *reply) {
		m := g.byCanon[canonical(email)]
		if m == nil {
			if primary, alias := s.primaryOf(email); alias {
				m = g.byCanon[canonical(primary)]
			}
		}
		if m == nil {
			rep := memberNotFound()
			return nil, &rep
		}
		g.remove(m)
		journal(m.Email, m.Role, "")
		return m, nil
	}
	setRole := func(email, role string) (*Member, string, *reply) {
		m := g.byCanon[canonical(email)]
		if m == nil {
			rep := memberNotFound()
			return nil, "", &rep
		}
		old := m.Role
		m.Role = role
		journal(m.Email, m.Role, old)
		return m, old, nil
	}

	switch app + " " + c.Event {
	// The Groups UI: "Groups Audit Activity Events". In join and
	// accept_invitation the actor is the person joining, and the only
	// parameter is the group.
	case "groups join", "groups accept_invitation":
		if _, rep := add(actor, "MEMBER"); rep != nil {
			return Activity{}, rep
		}
		return s.record(who, event(appGroups, c.Event, param("group_email", g.Email))), nil
	// Mail to the group's -join and -unsubscribe addresses: the actor is
	// the person joining or leaving, as in join.
	case "groups join_via_mail":
		if _, rep := add(actor, "MEMBER"); rep != nil {
			return Activity{}, rep
		}
		return s.record(who, event(appGroups, c.Event, param("group_email", g.Email))), nil
	case "groups unsubscribe_via_mail":
		if _, rep := remove(actor); rep != nil {
			return Activity{}, rep
		}
		return s.record(who, event(appGroups, c.Event, param("group_email", g.Email))), nil
	// A moderator bans a member: they are off the group.
	case "groups ban_user_with_moderation":
		m, rep := remove(c.Member)
		if rep != nil {
			return Activity{}, rep
		}
		return s.record(who, event(appGroups, c.Event, param("group_email", g.Email), param("user_email", m.Email))), nil
	case "groups approve_join_request":
		m, rep := add(c.Member, "MEMBER")
		if rep != nil {
			return Activity{}, rep
		}
		return s.record(who, event(appGroups, c.Event, param("group_email", g.Email), param("user_email", m.Email))), nil
	case "groups add_user":
		m, rep := add(c.Member, role)
		if rep != nil {
			return Activity{}, rep
		}
		return s.record(who, event(appGroups, c.Event, param("group_email", g.Email), param("user_email", m.Email), param("member_role", strings.ToLower(m.Role)))), nil
	case "groups remove_user":
		m, rep := remove(c.Member)
		if rep != nil {
			return Activity{}, rep
		}
		return s.record(who, event(appGroups, c.Event, param("group_email", g.Email), param("user_email", m.Email))), nil
	case "groups change_acl_permission":
		if c.Setting == "" {
			return Activity{}, badChange("setting is required: the acl_permission, like can_join")
		}
		if len(c.Settings) > 0 {
			if _, rep := s.applySettings(g, c.Settings); rep != nil {
				return Activity{}, rep
			}
		}
		return s.record(who, event(appGroups, c.Event, param("group_email", g.Email), param("acl_permission", c.Setting),
			multi("old_value_repeated", c.Old), multi("new_value_repeated", c.New))), nil

	// The Admin console: "Admin Audit Activity Events - Group Settings",
	// logged without applicationInfo.
	case "admin ADD_GROUP_MEMBER":
		m, rep := add(c.Member, role)
		if rep != nil {
			return Activity{}, rep
		}
		return s.record(who, event(appAdmin, c.Event, param("GROUP_EMAIL", g.Email), param("USER_EMAIL", m.Email))), nil
	case "admin REMOVE_GROUP_MEMBER":
		m, rep := remove(c.Member)
		if rep != nil {
			return Activity{}, rep
		}
		return s.record(who, event(appAdmin, c.Event, param("GROUP_EMAIL", g.Email), param("USER_EMAIL", m.Email))), nil
	case "admin UPDATE_GROUP_MEMBER":
		m, old, rep := setRole(c.Member, role)
		if rep != nil {
			return Activity{}, rep
		}
		return s.record(who, event(appAdmin, c.Event, param("GROUP_EMAIL", g.Email), param("USER_EMAIL", m.Email),
			param("OLD_VALUE", old), param("NEW_VALUE", m.Role))), nil
	case "admin CHANGE_GROUP_SETTING":
		changes, rep := s.applySettings(g, c.Settings)
		if rep != nil {
			return Activity{}, rep
		}
		if len(changes) == 0 {
			return Activity{}, badChange("settings change nothing")
		}
		var last Activity
		for _, ch := range changes {
			last = s.record(who, event(appAdmin, c.Event, param("GROUP_EMAIL", g.Email), param("SETTING_NAME", ch.Field),
				param("OLD_VALUE", ch.Old), param("NEW_VALUE", ch.New)))
		}
		return last, nil
	case "admin GROUP_MEMBER_BULK_UPLOAD":
		// Google logs a bulk upload by its counts only: no group, no
		// member ("A total of {TOTAL} members selected for upload.
		// {FAILED} out of {TOTAL} members failed to be uploaded").
		failed := 0
		for _, m := range c.Members {
			r := strings.ToUpper(m.Role)
			if r == "" {
				r = "MEMBER"
			}
			if _, rep := add(m.Email, r); rep != nil {
				failed++
			}
		}
		return s.record(who, event(appAdmin, c.Event,
			param("GROUP_MEMBER_BULK_UPLOAD_TOTAL_NUMBER", strconv.Itoa(len(c.Members))),
			param("GROUP_MEMBER_BULK_UPLOAD_FAILED_NUMBER", strconv.Itoa(failed)))), nil

	// The Cloud console, Cloud Identity, gcloud: "Enterprise Groups Audit
	// Activity Events", naming group and member by id.
	case "groups_enterprise add_member":
		m, rep := add(c.Member, role)
		if rep != nil {
			return Activity{}, rep
		}
		return s.record(who, event(appEnterprise, c.Event, param("group_id", g.ID), param("member_id", m.ID),
			param("member_role", strings.ToLower(m.Role)), param("member_type", strings.ToLower(m.Type)))), nil
	case "groups_enterprise remove_member":
		m, rep := remove(c.Member)
		if rep != nil {
			return Activity{}, rep
		}
		return s.record(who, event(appEnterprise, c.Event, param("group_id", g.ID), param("member_id", m.ID),
			param("member_type", strings.ToLower(m.Type)))), nil
	case "groups_enterprise add_member_role", "groups_enterprise remove_member_role":
		if role == "MEMBER" {
			return Activity{}, badChange("role must be OWNER or MANAGER: every member has the role MEMBER")
		}
		next := role
		if c.Event == "remove_member_role" {
			next = "MEMBER"
		}
		m, _, rep := setRole(c.Member, next)
		if rep != nil {
			return Activity{}, rep
		}
		return s.record(who, event(appEnterprise, c.Event, param("group_id", g.ID), param("member_id", m.ID),
			param("member_role", strings.ToLower(role)), param("member_type", strings.ToLower(m.Type)))), nil
	case "groups_enterprise join", "groups_enterprise accept_invitation":
		if _, rep := add(actor, "MEMBER"); rep != nil {
			return Activity{}, rep
		}
		return s.record(who, event(appEnterprise, c.Event, param("group_id", g.ID))), nil
	}
	return Activity{}, badChange("the emulator does not script " + app + " event " + strconvQuote(c.Event))
}

// deleteUser deletes the account c.Member in the Admin console: it
// leaves every group it was on, and the admin log names the user, not
// the groups ("Admin Audit Activity Events - User Settings",
// DELETE_USER, USER_EMAIL). Called with s.mu held.
func (s *Server) deleteUser(c Change) (Activity, *reply) {
	if c.Member == "" {
		return Activity{}, badChange("member is required: the account deleted")
	}
	actor := c.Actor
	if actor == "" {
		actor = s.defaultAdmin(c.Member)
	}
	email, _ := s.primaryOf(c.Member)
	for _, g := range s.st.Groups {
		if m := g.byCanon[canonical(email)]; m != nil {
			g.remove(m)
			s.journal = append(s.journal, Write{Method: "by-hand DELETE_USER", Group: g.Email, Email: m.Email, Role: m.Role})
		}
	}
	// The account is gone: its aliases find nobody, and adding it again
	// answers as for any address with no account.
	for alias, primary := range s.st.Aliases {
		if canonical(primary) == canonical(email) {
			delete(s.st.Aliases, alias)
		}
	}
	if !s.noAccount(email) {
		s.st.NoAccount = append(s.st.NoAccount, email)
	}
	a := event(appAdmin, c.Event, param("USER_EMAIL", email))
	a.Type = "USER_SETTINGS"
	return s.record(caller{app: appAdmin, actor: actor}, a), nil
}

func strconvQuote(s string) string { return strconv.Quote(s) }
