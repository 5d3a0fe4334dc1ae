package audit_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
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

// TestAttributeASettingLeftAtGooglesDefault: a setting nothing changed
// since the group was created (roster's sync with create = true, or an
// admin in the Admin console), which a policy pins only now, is Google's
// default since that creation, by whom and when: not a change too new or
// too old for the log. One changed since is still named; with a log not
// read that could hold a change, the line says so.
func TestAttributeASettingLeftAtGooglesDefault(t *testing.T) {
	t.Parallel()
	const (
		created = "new@example.org"
		field   = "whoCanPostMessage"
		day     = 24 * time.Hour
	)
	byRoster := func(d *domain) time.Time {
		at := d.rosterDoes(func(ctx context.Context, c *google.Client) error {
			_, err := c.CreateGroup(ctx, created, "New", "")
			return err
		})
		// The policy pinned who_can_join then: roster set it, and
		// nothing else.
		d.rosterDoes(func(ctx context.Context, c *google.Client) error {
			return c.PatchSettings(ctx, created, map[string]string{"whoCanJoin": "INVITED_CAN_JOIN"})
		})
		return at
	}
	inConsole := func(d *domain) time.Time {
		at := d.clk.advance(time.Minute)
		req := httptest.NewRequest(http.MethodPost, "/admin/directory/v1/groups", strings.NewReader(`{"email":"`+created+`"}`))
		req.Header.Set(emulator.HeaderActor, "root@example.org")
		rec := httptest.NewRecorder()
		d.emu.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("groups.insert in the Admin console: %d %s", rec.Code, rec.Body)
		}
		return at
	}
	for _, tc := range []struct {
		name   string
		wrap   func(http.Handler) http.Handler
		create func(d *domain) time.Time
		// then changes the group after its creation; nil for nothing.
		then func(d *domain) time.Time
		// want is the line, given when the group was created and when
		// it was changed since.
		want func(createdAt, changedAt time.Time) string
	}{
		{
			name: "created by roster", create: byRoster,
			want: func(at, _ time.Time) string {
				return "Google's default since the group was created by roster on " + stamp(at) + " (CREATE_GROUP, API, OAuth client " + roster + "): no log changes it since"
			},
		},
		{
			// The domain's defaults for groups made in the console are
			// its own, which roster cannot read: never "Google's".
			name: "created in the Admin console", create: inConsole,
			want: func(at, _ time.Time) string {
				return "no log read changes it since the group was created by root@example.org on " + stamp(at) + " (CREATE_GROUP, Admin console or API): the domain's default for new groups, or a change no log names"
			},
		},
		{
			name: "changed in the Groups UI since", create: byRoster,
			then: func(d *domain) time.Time {
				return d.byHand(emulator.Change{Event: "change_acl_permission", Group: created, Actor: "owner@example.org", Setting: "can_post",
					New: []string{"anyone_can_post"}, Settings: map[string]string{field: "ANYONE_CAN_POST"}})
			},
			want: func(_, at time.Time) string {
				return "set by owner@example.org on " + stamp(at) + " (change_acl_permission, Groups UI)"
			},
		},
		{
			name: "the Groups UI's log failing", create: byRoster, wrap: failGroupsLog,
			want: func(at, _ time.Time) string {
				return "no log read changes it since the group was created by roster on " + stamp(at) + " (CREATE_GROUP, API, OAuth client " + roster +
					"): Google's default, unless it is in the Groups UI's log, which was not read: activities.list groups " + created + ": service unavailable (HTTP 503 backendError: Backend Error"
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := newDomain(t, emulator.Options{}, tc.wrap, nil)
			createdAt := tc.create(d)
			var changedAt time.Time
			if tc.then != nil {
				changedAt = tc.then(d)
			}
			d.clk.advance(3 * day)
			live, err := d.client.Settings(context.Background(), created)
			if err != nil {
				t.Fatal(err)
			}
			p, l := onePlan(created, plan.List{Settings: []plan.SettingChange{{Name: "who_can_post_message", Field: field, Live: live[field], Desired: "ALL_MEMBERS_CAN_POST"}}})
			d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
			got, want := l.Settings[0].ChangedBy, tc.want(createdAt, changedAt)
			if !strings.HasPrefix(got, want) {
				t.Errorf("%s (live %s): changed by %q, want %q", field, live[field], got, want)
			}
		})
	}
}

// TestAttributeASettingGoogleNeverGaveIsNoDefault: roster created the
// group; an owner then widened who may discover it and let external
// members in, through the Groups UI, where the emulator (as Google)
// logs no event roster reads for those. The values are not what Google
// gives a new group: never called its default, the line says so.
func TestAttributeASettingGoogleNeverGaveIsNoDefault(t *testing.T) {
	t.Parallel()
	const created = "new@example.org"
	d := newDomain(t, emulator.Options{}, nil, nil)
	d.rosterDoes(func(ctx context.Context, c *google.Client) error {
		_, err := c.CreateGroup(ctx, created, "New", "")
		return err
	})
	d.clk.advance(time.Minute)
	req := httptest.NewRequest(http.MethodPatch, "/groups/v1/groups/"+created, strings.NewReader(`{"whoCanDiscoverGroup":"ANYONE_CAN_DISCOVER","allowExternalMembers":"true"}`))
	req.Header.Set(emulator.HeaderActor, "ann@example.org")
	req.Header.Set(emulator.HeaderApplication, "groups")
	rec := httptest.NewRecorder()
	d.emu.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("settings in the Groups UI: %d %s", rec.Code, rec.Body)
	}
	d.clk.advance(time.Hour)
	live, err := d.client.Settings(context.Background(), created)
	if err != nil {
		t.Fatal(err)
	}
	p, l := onePlan(created, plan.List{Settings: []plan.SettingChange{
		{Name: "who_can_discover_group", Field: "whoCanDiscoverGroup", Live: live["whoCanDiscoverGroup"], Desired: "ALL_MEMBERS_CAN_DISCOVER"},
		{Name: "allow_external_members", Field: "allowExternalMembers", Live: live["allowExternalMembers"], Desired: "false"},
	}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
	for _, sc := range l.Settings {
		if strings.Contains(sc.ChangedBy, "Google's default") || (!strings.Contains(sc.ChangedBy, "Google gives a new group") && !strings.Contains(sc.ChangedBy, "ann@example.org")) {
			t.Errorf("%s (live %s): %q", sc.Field, sc.Live, sc.ChangedBy)
		}
	}
}
