package audit_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// TestAttributeACitedEventSaysALogNotReadMayHoldALaterOne: a log that
// was not read may hold a later event than the one a line cites, which
// would be the one to name: eve joined in the Groups UI, and mallory
// took her off and put her back in the Cloud console since. With Cloud
// Identity's log unread (groups.get refused: the optional scope not
// granted), the join is cited, never as the last word: the line says a
// later change may be in that log, and why it was not read. So for
// every kind of line that cites an event: a walk-in's add, a removal, a
// removal logged by id only, a setting. Once the log is read, its later
// event is the one named.
func TestAttributeACitedEventSaysALogNotReadMayHoldALaterOne(t *testing.T) {
	t.Parallel()
	const day = 24 * time.Hour
	tests := []struct {
		name string
		wrap func(http.Handler) http.Handler
		// do makes the changes and returns the plan's list of g.
		do   func(d *domain) plan.List
		file timeline
		// who is the line checked (an address, or a setting's field);
		// cited how it begins unread, later the log not read, and read
		// how it begins once every log is read.
		who, cited, later, read string
	}{
		{
			name: "a walk-in's join, re-added in the Cloud console",
			wrap: refuseGroupsGet,
			do: func(d *domain) plan.List {
				d.byHand(emulator.Change{Event: "join", Group: g, Actor: "eve@example.org"})
				d.clk.advance(day)
				d.byHand(emulator.Change{Application: "groups_enterprise", Event: "remove_member", Group: g, Actor: "mallory@example.org", Member: "eve@example.org"})
				d.byHand(emulator.Change{Application: "groups_enterprise", Event: "add_member", Group: g, Actor: "mallory@example.org", Member: "eve@example.org"})
				d.clk.advance(day)
				return plan.List{Unmanaged: []plan.LiveMember{{Email: "eve@example.org", Role: "member", ID: d.id(g, "eve@example.org")}}}
			},
			who:   "eve@example.org",
			cited: "joined by eve@example.org on ",
			later: "; unless a later change is in Cloud Identity's log (Cloud console, gcloud), which was not read: groups.get " + g + ": ",
			read:  "added by mallory@example.org on ",
		},
		{
			name: "a removal in the Admin console, re-added and taken off in the Groups UI",
			wrap: failGroupsLog,
			do: func(d *domain) plan.List {
				d.console("REMOVE_GROUP_MEMBER", g, "bob@example.org", "")
				d.clk.advance(day)
				d.byHand(emulator.Change{Event: "add_user", Group: g, Actor: "owner@example.org", Member: "bob@example.org"})
				d.byHand(emulator.Change{Event: "remove_user", Group: g, Actor: "owner@example.org", Member: "bob@example.org"})
				d.clk.advance(day)
				return plan.List{Changes: []plan.Change{{Action: plan.ActionAdd, Email: "bob@example.org", Role: "member"}}}
			},
			file:  timeline{{t0.AddDate(-1, 0, 0), map[string]members.Role{g + " bob@example.org": members.RoleMember}}},
			who:   "bob@example.org",
			cited: "removed by root@example.org on ",
			later: "; unless a later change is in the Groups UI's log, which was not read: activities.list groups " + g + ": ",
			read:  "removed by owner@example.org on ",
		},
		{
			name: "a removal logged by id only",
			wrap: failGroupsLog,
			do: func(d *domain) plan.List {
				d.rosterDoes(func(ctx context.Context, c *google.Client) error {
					_, err := c.Add(ctx, g, "erin@example.org", directory.RoleMember)
					return err
				})
				d.byHand(emulator.Change{Application: "groups_enterprise", Event: "remove_member", Group: g, Actor: "cloud@example.org", Member: "erin@example.org"})
				d.clk.advance(day)
				return plan.List{Changes: []plan.Change{{Action: plan.ActionAdd, Email: "erin@example.org", Role: "member"}}}
			},
			file:  timeline{{t0, map[string]members.Role{g + " erin@example.org": members.RoleMember}}},
			who:   "erin@example.org",
			cited: "perhaps removed by cloud@example.org on ",
			later: "; unless a later change is in the Groups UI's log, which was not read: activities.list groups " + g + ": ",
			read:  "perhaps removed by cloud@example.org on ",
		},
		{
			name: "a setting in the Admin console, set again in the Groups UI",
			wrap: failGroupsLog,
			do: func(d *domain) plan.List {
				d.byHand(emulator.Change{Application: "admin", Event: "CHANGE_GROUP_SETTING", Group: g, Actor: "root@example.org",
					Settings: map[string]string{"whoCanContactOwner": "ANYONE_CAN_CONTACT"}})
				d.clk.advance(day)
				d.byHand(emulator.Change{Event: "change_acl_permission", Group: g, Actor: "owner@example.org", Setting: "can_contact_owner",
					Old: []string{"ANYONE_CAN_CONTACT"}, New: []string{"ALL_IN_DOMAIN_CAN_CONTACT"}, Settings: map[string]string{"whoCanContactOwner": "ALL_IN_DOMAIN_CAN_CONTACT"}})
				d.byHand(emulator.Change{Event: "change_acl_permission", Group: g, Actor: "owner@example.org", Setting: "can_contact_owner",
					Old: []string{"ALL_IN_DOMAIN_CAN_CONTACT"}, New: []string{"ANYONE_CAN_CONTACT"}, Settings: map[string]string{"whoCanContactOwner": "ANYONE_CAN_CONTACT"}})
				d.clk.advance(day)
				return plan.List{Settings: []plan.SettingChange{{Name: "who_can_contact_owner", Field: "whoCanContactOwner", Live: "ANYONE_CAN_CONTACT", Desired: "ALL_MEMBERS_CAN_CONTACT", Widens: true}}}
			},
			who:   "whoCanContactOwner",
			cited: "set by root@example.org on ",
			later: "; unless a later change is in the Groups UI's log, which was not read: activities.list groups " + g + ": ",
			read:  "set by owner@example.org on ",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, readable := range []bool{false, true} {
				wrap := tc.wrap
				if readable {
					wrap = nil
				}
				d := newDomain(t, emulator.Options{}, wrap, map[string][]string{g: {"bob@example.org"}})
				p, l := onePlan(g, tc.do(d))
				opts := audit.AttributeOptions{ClientIDs: []string{roster}}
				if tc.file != nil {
					opts.File = tc.file
				}
				d.attribute(p, opts)
				got := changedBy(l)[tc.who]
				if readable {
					if !strings.HasPrefix(got, tc.read) || strings.Contains(got, "not read") {
						t.Errorf("every log read: %q, want it to begin %q", got, tc.read)
					}
					continue
				}
				if !strings.HasPrefix(got, tc.cited) || !strings.Contains(got, tc.later) {
					t.Errorf("%q\nwant it to begin %q and say %q", got, tc.cited, tc.later)
				}
			}
		})
	}
}
