package audit_test

import (
	"testing"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/plan"
)

// TestAttributeEveryPinnedSettingTheGroupsUIChanges: an owner changing,
// in the Groups UI, any setting a policy pins that the UI has (Google
// logs change_acl_permission with its acl_permission name) is named
// for it, whether the log's values are the API's (any case), the UI's
// own words, or who may, for a setting the API keeps as a boolean.
func TestAttributeEveryPinnedSettingTheGroupsUIChanges(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		acl, name, field, live string
		logged                 []string
	}{
		{"can_post", "who_can_post_message", "whoCanPostMessage", "ANYONE_CAN_POST", []string{"anyone_can_post"}},
		{"can_view_membership", "who_can_view_membership", "whoCanViewMembership", "ALL_IN_DOMAIN_CAN_VIEW", []string{"ALL_IN_DOMAIN_CAN_VIEW"}},
		{"can_view_group", "who_can_view_group", "whoCanViewGroup", "ANYONE_CAN_VIEW", []string{"public"}},
		{"can_join", "who_can_join", "whoCanJoin", "ALL_IN_DOMAIN_CAN_JOIN", []string{"domain_users"}},
		{"can_contact_owner", "who_can_contact_owner", "whoCanContactOwner", "ANYONE_CAN_CONTACT", []string{"anyone_can_contact"}},
		{"can_post_as_group", "members_can_post_as_the_group", "membersCanPostAsTheGroup", "true", []string{"owners", "managers", "members"}},
	} {
		t.Run(tc.acl, func(t *testing.T) {
			t.Parallel()
			d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: nil})
			at := d.byHand(emulator.Change{Event: "change_acl_permission", Group: g, Actor: "mallory@example.org", Setting: tc.acl,
				New: tc.logged, Settings: map[string]string{tc.field: tc.live}})
			d.clk.advance(time.Minute)
			p, l := onePlan(g, plan.List{Settings: []plan.SettingChange{{Name: tc.name, Field: tc.field, Live: tc.live, Desired: "x"}}})
			d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
			if got, want := l.Settings[0].ChangedBy, "set by mallory@example.org on "+stamp(at)+" (change_acl_permission, Groups UI)"; got != want {
				t.Errorf("%s: changed by %q, want %q", tc.name, got, want)
			}
		})
	}
}

// TestAttributeASettingNotLoggedYet: a setting an owner changed a minute
// ago, which the Groups UI's log has only after its delay, says so, as a
// member would; once the delay has passed, it is named.
func TestAttributeASettingNotLoggedYet(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{LogDelay: map[string]time.Duration{directory.AppGroups: audit.LogDelay(directory.AppGroups)}}, nil, map[string][]string{g: nil})
	at := d.byHand(emulator.Change{Event: "change_acl_permission", Group: g, Actor: "mallory@example.org", Setting: "can_post",
		New: []string{"anyone_can_post"}, Settings: map[string]string{"whoCanPostMessage": "ANYONE_CAN_POST"}})
	d.clk.advance(time.Minute)
	attribute := func() string {
		p, l := onePlan(g, plan.List{Settings: []plan.SettingChange{{Name: "who_can_post_message", Field: "whoCanPostMessage", Live: "ANYONE_CAN_POST", Desired: "ALL_MEMBERS_CAN_POST", Widens: true}}})
		d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
		return l.Settings[0].ChangedBy
	}
	if got := attribute(); got != unexplained {
		t.Errorf("a minute after: %q, want %q", got, unexplained)
	}
	d.clk.set(at.Add(audit.LogDelay(directory.AppGroups)))
	if got, want := attribute(), "set by mallory@example.org on "+stamp(at)+" (change_acl_permission, Groups UI)"; got != want {
		t.Errorf("after the delay: %q, want %q", got, want)
	}
}
