package plan

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// AuditLogDays is how far back Attribute reads: Google keeps the Admin
// audit log for about six months.
const AuditLogDays = 180

// Attribute fills in, from Google's audit log, who made each live member
// or setting of the plan differ from the file: for every list with
// drift, one activities.list of the Admin console's log (paged), and one
// of the Groups UI's only when a live member the file never listed is
// still unexplained (an owner may have added them there). A list whose log
// cannot be read says why in its Attribution; nothing else changes. It
// returns the first such reason, for a note, or "".
func Attribute(ctx context.Context, p *Plan, providers map[string]directory.Provider, now time.Time) string {
	since := now.AddDate(0, 0, -AuditLogDays)
	note := ""
	for _, l := range p.Lists {
		ap, ok := providers[l.ID].(directory.ActivityProvider)
		if !ok || l.Error != "" || l.GroupMissing || !l.drifted() {
			continue
		}
		if note != "" {
			continue // the same refusal for every group; asked once
		}
		for _, app := range []string{directory.AppAdmin, directory.AppGroups} {
			acts, err := ap.Activities(ctx, app, l.Address, since)
			if err != nil {
				why := fmt.Sprintf("who changed %s by hand is unknown: %v", l.Address, err)
				if errors.Is(err, directory.ErrForbidden) || errors.Is(err, directory.ErrAuth) {
					why = fmt.Sprintf("who changed the groups by hand is unknown: roster may not read the audit log (%v); grant the client ID the scope https://www.googleapis.com/auth/admin.reports.audit.readonly in the Admin console (Security > API controls > Domain-wide delegation) and give --subject the Reports privilege", err)
					note = why
				}
				l.Attribution = why
				break
			}
			if !l.attribute(acts) {
				break // everything explained
			}
		}
	}
	return note
}

// drifted reports whether a list has anything someone may have done by
// hand.
func (l *List) drifted() bool {
	return len(l.Changes) > 0 || len(l.Unmanaged) > 0 || len(l.Settings) > 0
}

// attribute matches activities to the list's drift, newest first, and
// reports whether a live member the file never listed is still
// unexplained: the other drift may well be the file's own change.
func (l *List) attribute(acts []directory.Activity) (unexplained bool) {
	sort.SliceStable(acts, func(i, j int) bool { return acts[i].Time.After(acts[j].Time) })
	find := func(email string, events ...string) string {
		id := members.IdentityOf(email)
		for _, a := range acts {
			if a.Member == "" || members.IdentityOf(a.Member) != id {
				continue
			}
			for _, ev := range events {
				if a.Event == ev {
					return describe(a)
				}
			}
		}
		return ""
	}
	added := []string{"ADD_GROUP_MEMBER", "add_user", "join", "accept_invitation"}
	removed := []string{"REMOVE_GROUP_MEMBER", "remove_user", "leave"}
	changed := []string{"UPDATE_GROUP_MEMBER", "change_user_access", "change_acl_permission", "ADD_GROUP_MEMBER", "add_user"}
	for i := range l.Changes {
		c := &l.Changes[i]
		if c.ChangedBy != "" {
			continue
		}
		switch c.Action {
		case ActionAdd:
			c.ChangedBy = find(c.Email, removed...)
		case ActionRemove:
			c.ChangedBy = find(c.Email, added...)
		case ActionSetRole:
			c.ChangedBy = find(c.Email, changed...)
		}
	}
	for i := range l.Unmanaged {
		u := &l.Unmanaged[i]
		if u.ChangedBy == "" {
			u.ChangedBy = find(u.Email, added...)
		}
		unexplained = unexplained || u.ChangedBy == ""
	}
	for i := range l.Settings {
		s := &l.Settings[i]
		if s.ChangedBy != "" {
			continue
		}
		for _, a := range acts {
			if a.Setting != "" && sameSetting(a.Setting, s.Field) {
				s.ChangedBy = describe(a)
				break
			}
		}
	}
	return unexplained
}

// sameSetting compares a setting name as the audit log writes it
// (WHO_CAN_JOIN) with the API's field (whoCanJoin).
func sameSetting(logged, field string) bool {
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }
	return norm(logged) == norm(field)
}

func describe(a directory.Activity) string {
	verb := map[string]string{
		"ADD_GROUP_MEMBER": "added", "add_user": "added", "join": "joined", "accept_invitation": "joined",
		"REMOVE_GROUP_MEMBER": "removed", "remove_user": "removed", "leave": "left",
		"UPDATE_GROUP_MEMBER": "role changed", "change_user_access": "role changed", "change_acl_permission": "changed",
		"CHANGE_GROUP_SETTING": "set",
	}[a.Event]
	if verb == "" {
		verb = "changed"
	}
	where := "Admin console or API"
	if a.Application == directory.AppGroups {
		where = "Groups UI"
	}
	actor := a.Actor
	if actor == "" {
		actor = "someone"
	}
	return fmt.Sprintf("%s by %s on %s (%s, %s)", verb, actor, a.Time.UTC().Format("2006-01-02 15:04 UTC"), a.Event, where)
}
