package audit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// The tests below read Google's audit log through roster's real client
// (google.golang.org/api over HTTP) from the emulator, on a clock of
// their own: t0 and every event a minute apart, long enough ago that
// neither the client nor the emulator sees a start time in the future.

var t0 = time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)

const (
	g     = "g@example.org"
	other = "other@example.org"
	// roster is the OAuth client ID the emulator logs roster's own
	// writes under (on loopback roster sends no token).
	roster = emulator.DefaultClientID
	// unexplained is what a difference no event explains says.
	unexplained = "not in Google's audit log: newer than its delay (up to 30 minutes) or older than 180 days, or made while the group had another address"
)

// clock is the emulator's clock, which the test moves.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// advance moves the clock and returns the new time.
func (c *clock) advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// set puts the clock at a time.
func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// stamp is a time as attributions print it.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// domain is an emulated Google Workspace domain and roster's client for
// it.
type domain struct {
	t      *testing.T
	emu    *emulator.Server
	client *google.Client
	clk    *clock
	log    *syncBuffer
}

// syncBuffer collects the client's log.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newDomain starts an emulator with groups (each with owner@example.org
// as owner, and the members given) behind an optional stand-in
// wrapping it, and roster's Google client pointed at it.
func newDomain(t *testing.T, opts emulator.Options, wrap func(http.Handler) http.Handler, groups map[string][]string) *domain {
	t.Helper()
	clk := &clock{now: t0}
	opts.Now = clk.Now
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = emu.Close() })
	var h http.Handler = emu
	if wrap != nil {
		h = wrap(emu)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	log := &syncBuffer{}
	client, err := google.New(context.Background(), google.Config{
		Endpoint: srv.URL,
		Rate:     100000,
		Retry:    google.Retry{Attempts: 2, Base: time.Millisecond, Max: 2 * time.Millisecond},
		Logger:   slog.New(slog.NewTextHandler(log, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	for group, emails := range groups {
		ms := []emulator.Member{{Email: "owner@example.org", Role: "OWNER"}}
		for _, e := range emails {
			ms = append(ms, emulator.Member{Email: e})
		}
		if err := emu.AddGroup(group, ms...); err != nil {
			t.Fatal(err)
		}
	}
	return &domain{t: t, emu: emu, client: client, clk: clk, log: log}
}

// byHand makes a change as a person would, a minute after the last
// one, and returns when.
func (d *domain) byHand(c emulator.Change) time.Time {
	d.t.Helper()
	at := d.clk.advance(time.Minute)
	if _, err := d.emu.ByHand(c); err != nil {
		d.t.Fatalf("%s %s: %v", c.Application, c.Event, err)
	}
	return at
}

// console is a change in the Admin console by root@example.org.
func (d *domain) console(event, group, member, role string) time.Time {
	d.t.Helper()
	return d.byHand(emulator.Change{Application: "admin", Event: event, Group: group, Actor: "root@example.org", Member: member, Role: role})
}

// rosterDoes makes a write through roster's client, a minute after the
// last change, and returns when.
func (d *domain) rosterDoes(write func(context.Context, *google.Client) error) time.Time {
	d.t.Helper()
	at := d.clk.advance(time.Minute)
	if err := write(context.Background(), d.client); err != nil {
		d.t.Fatal(err)
	}
	return at
}

// id is a live member's id.
func (d *domain) id(group, email string) string {
	d.t.Helper()
	for _, m := range d.emu.Members(group) {
		if strings.EqualFold(m.Email, email) {
			return m.ID
		}
	}
	d.t.Fatalf("%s is not on %s", email, group)
	return ""
}

// attribute runs Attribute now with roster's client as the provider of
// every list of p, as workspace wires it.
func (d *domain) attribute(p *plan.Plan, opts audit.AttributeOptions) string {
	d.t.Helper()
	if opts.Now.IsZero() {
		opts.Now = d.clk.Now()
	}
	providers := map[string]directory.Provider{}
	for _, l := range p.Lists {
		providers[l.ID] = d.client
	}
	return audit.Attribute(context.Background(), p, providers, opts)
}

// onePlan is a plan of one list "l" of group address.
func onePlan(address string, l plan.List) (*plan.Plan, *plan.List) {
	l.ID, l.Address, l.Provider = "l", address, "google"
	return &plan.Plan{Version: plan.FormatVersion, Lists: []*plan.List{&l}}, &l
}

// changedBy sums up who Attribute says made each difference of a list:
// change and unmanaged member by address, setting by field.
func changedBy(l *plan.List) map[string]string {
	out := map[string]string{}
	for _, c := range l.Changes {
		out[c.Email] = c.ChangedBy
	}
	for _, u := range l.Unmanaged {
		out[u.Email] = u.ChangedBy
	}
	for _, s := range l.Settings {
		out[s.Field] = s.ChangedBy
	}
	return out
}

// TestAttributeNamesWhoChangedByHand: every difference made by a person
// names who, when and where: the Admin console, the Groups UI (join,
// add_user, approve_join_request, change_acl_permission) and the Cloud
// console (by member id); roster's own writes before them do not hide
// them.
func TestAttributeNamesWhoChangedByHand(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: {"bob@example.org", "quiet@example.org"}})
	d.rosterDoes(func(ctx context.Context, c *google.Client) error {
		_, err := c.Add(ctx, g, "ada@example.org", directory.RoleMember)
		return err
	})
	walkIn := d.console("ADD_GROUP_MEMBER", g, "walk-in@example.org", "")
	join := d.byHand(emulator.Change{Event: "join", Group: g, Actor: "joiner@example.org"})
	addUser := d.byHand(emulator.Change{Event: "add_user", Group: g, Actor: "owner@example.org", Member: "friend@example.org", Role: "MANAGER"})
	approve := d.byHand(emulator.Change{Event: "approve_join_request", Group: g, Actor: "owner@example.org", Member: "asker@example.org"})
	cloud := d.byHand(emulator.Change{Application: "groups_enterprise", Event: "add_member", Group: g, Actor: "cloud@example.org", Member: "gcloud@example.org"})
	role := d.console("UPDATE_GROUP_MEMBER", g, "ada@example.org", "OWNER")
	removed := d.console("REMOVE_GROUP_MEMBER", g, "bob@example.org", "")
	setting := d.byHand(emulator.Change{Application: "admin", Event: "CHANGE_GROUP_SETTING", Group: g, Actor: "root@example.org",
		Settings: map[string]string{"whoCanJoin": "ALL_IN_DOMAIN_CAN_JOIN"}})
	acl := d.byHand(emulator.Change{Event: "change_acl_permission", Group: g, Actor: "owner@example.org", Setting: "can_contact_owner",
		Old: []string{"ALL_IN_DOMAIN_CAN_CONTACT"}, New: []string{"ANYONE_CAN_CONTACT"}, Settings: map[string]string{"whoCanContactOwner": "ANYONE_CAN_CONTACT"}})
	d.clk.advance(time.Minute)

	p, l := onePlan(g, plan.List{
		Changes: []plan.Change{
			{Action: plan.ActionAdd, Email: "bob@example.org", Role: "member"},
			{Action: plan.ActionRemove, Email: "walk-in@example.org", PreviousRole: "member", Reason: plan.ReasonUnmanagedRemove, MemberID: d.id(g, "walk-in@example.org")},
			{Action: plan.ActionSetRole, Email: "ada@example.org", Role: "member", PreviousRole: "owner", MemberID: d.id(g, "ada@example.org")},
		},
		Unmanaged: []plan.LiveMember{
			{Email: "joiner@example.org", Role: "member", ID: d.id(g, "joiner@example.org")},
			{Email: "friend@example.org", Role: "manager", ID: d.id(g, "friend@example.org")},
			{Email: "asker@example.org", Role: "member", ID: d.id(g, "asker@example.org")},
			{Email: "gcloud@example.org", Role: "member", ID: d.id(g, "gcloud@example.org")},
			// No event names quiet, by address or by id.
			{Email: "quiet@example.org", Role: "member", ID: d.id(g, "quiet@example.org")},
		},
		Settings: []plan.SettingChange{
			{Name: "who_can_join", Field: "whoCanJoin", Live: "ALL_IN_DOMAIN_CAN_JOIN", Desired: "INVITED_CAN_JOIN", Widens: true},
			{Name: "who_can_contact_owner", Field: "whoCanContactOwner", Live: "ANYONE_CAN_CONTACT", Desired: "ALL_MEMBERS_CAN_CONTACT", Widens: true},
		},
	})
	if note := d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}}); note != "" || l.Attribution != "" {
		t.Fatalf("note %q, attribution %q", note, l.Attribution)
	}
	want := map[string]string{
		"bob@example.org":     "removed by root@example.org on " + stamp(removed) + " (REMOVE_GROUP_MEMBER, Admin console or API)",
		"walk-in@example.org": "added by root@example.org on " + stamp(walkIn) + " (ADD_GROUP_MEMBER, Admin console or API)",
		"ada@example.org":     "role changed by root@example.org on " + stamp(role) + " (UPDATE_GROUP_MEMBER, Admin console or API)",
		"joiner@example.org":  "joined by joiner@example.org on " + stamp(join) + " (join, Groups UI)",
		"friend@example.org":  "added by owner@example.org on " + stamp(addUser) + " (add_user, Groups UI)",
		"asker@example.org":   "approved to join by owner@example.org on " + stamp(approve) + " (approve_join_request, Groups UI)",
		"gcloud@example.org":  "added by cloud@example.org on " + stamp(cloud) + " (add_member, Cloud console, Cloud Identity or gcloud)",
		"quiet@example.org":   unexplained,
		"whoCanJoin":          "set by root@example.org on " + stamp(setting) + " (CHANGE_GROUP_SETTING, Admin console or API)",
		"whoCanContactOwner":  "set by owner@example.org on " + stamp(acl) + " (change_acl_permission, Groups UI)",
	}
	if diff := cmp.Diff(want, changedBy(l)); diff != "" {
		t.Errorf("changed by (-want +got):\n%s", diff)
	}
}

// TestAttributeReadsEveryLogOfTheGroup: the Admin console's, the Groups
// UI's and Cloud Identity's (which needs the group's id) logs, each
// once: an event one explains may have been undone in another. The
// domain's bulk uploads only while a difference is still unexplained;
// what no log explains says so.
func TestAttributeReadsEveryLogOfTheGroup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		change        *emulator.Change // how walk-in got on the group; nil: no event
		reads, lookup int64
		want          string
	}{
		{"admin console", &emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Actor: "root@example.org", Member: "walk-in@example.org"}, 4, 1,
			"added by root@example.org on 2025-06-02 09:01 UTC (ADD_GROUP_MEMBER, Admin console or API)"},
		{"groups ui", &emulator.Change{Event: "add_user", Actor: "owner@example.org", Member: "walk-in@example.org"}, 4, 1,
			"added by owner@example.org on 2025-06-02 09:01 UTC (add_user, Groups UI)"},
		// Mail to the group's -join address: the actor joined, as in join.
		{"by mail", &emulator.Change{Event: "join_via_mail", Actor: "walk-in@example.org"}, 4, 1,
			"joined by walk-in@example.org on 2025-06-02 09:01 UTC (join_via_mail, Groups UI)"},
		{"cloud console", &emulator.Change{Application: "groups_enterprise", Event: "add_member", Actor: "cloud@example.org", Member: "walk-in@example.org"}, 4, 1,
			"added by cloud@example.org on 2025-06-02 09:01 UTC (add_member, Cloud console, Cloud Identity or gcloud)"},
		// Every log of the group (Cloud Identity's asked in both forms
		// of the group's id), then the domain's bulk uploads.
		{"no event", nil, 5, 1, unexplained},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var initial []string
			if tc.change == nil {
				initial = []string{"walk-in@example.org"}
			}
			d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: initial})
			if tc.change != nil {
				c := *tc.change
				c.Group = g
				d.byHand(c)
			}
			d.clk.advance(time.Minute)
			d.emu.ResetCounters()
			p, l := onePlan(g, plan.List{Unmanaged: []plan.LiveMember{{Email: "walk-in@example.org", Role: "member", ID: d.id(g, "walk-in@example.org")}}})
			d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
			if got := l.Unmanaged[0].ChangedBy; got != tc.want {
				t.Errorf("changed by %q, want %q", got, tc.want)
			}
			if c := d.emu.Counters(); c["activities.list"] != tc.reads || c["groups.get"] != tc.lookup {
				t.Errorf("read the audit log %d times and looked the group up %d times, want %d and %d: %v", c["activities.list"], c["groups.get"], tc.reads, tc.lookup, c)
			}
		})
	}
}

// TestAttributeNeverCitesRostersOwnWrites: a write through roster's
// OAuth client is never a change by hand, and being the newest event
// about a member it hides older changes by hand; without the client ID
// the same writes are cited (with the client), so the option is what
// tells them apart.
func TestAttributeNeverCitesRostersOwnWrites(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: {"bob@example.org"}})
	add := func(email string) func(context.Context, *google.Client) error {
		return func(ctx context.Context, c *google.Client) error {
			_, err := c.Add(ctx, g, email, directory.RoleMember)
			return err
		}
	}
	d.console("ADD_GROUP_MEMBER", g, "walk-in@example.org", "")
	d.console("REMOVE_GROUP_MEMBER", g, "walk-in@example.org", "")
	addWalkIn := d.rosterDoes(add("walk-in@example.org"))
	d.rosterDoes(add("ada@example.org"))
	d.console("UPDATE_GROUP_MEMBER", g, "ada@example.org", "MANAGER")
	promote := d.rosterDoes(func(ctx context.Context, c *google.Client) error {
		return c.SetRole(ctx, g, d.id(g, "ada@example.org"), directory.RoleOwner)
	})
	remove := d.rosterDoes(func(ctx context.Context, c *google.Client) error { return c.Remove(ctx, g, d.id(g, "bob@example.org")) })
	setting := d.rosterDoes(func(ctx context.Context, c *google.Client) error {
		return c.PatchSettings(ctx, g, map[string]string{"whoCanJoin": "ALL_IN_DOMAIN_CAN_JOIN"})
	})
	d.clk.advance(time.Minute)

	newPlan := func() (*plan.Plan, *plan.List) {
		return onePlan(g, plan.List{
			Changes: []plan.Change{
				{Action: plan.ActionRemove, Email: "walk-in@example.org", PreviousRole: "member", Reason: plan.ReasonUnmanagedRemove, MemberID: d.id(g, "walk-in@example.org")},
				{Action: plan.ActionSetRole, Email: "ada@example.org", Role: "member", PreviousRole: "owner", MemberID: d.id(g, "ada@example.org")},
				{Action: plan.ActionAdd, Email: "bob@example.org", Role: "member"},
			},
			Settings: []plan.SettingChange{{Name: "who_can_join", Field: "whoCanJoin", Live: "ALL_IN_DOMAIN_CAN_JOIN", Desired: "INVITED_CAN_JOIN", Widens: true}},
		})
	}

	p, l := newPlan()
	if note := d.attribute(p, audit.AttributeOptions{ClientIDs: []string{"someone-else", roster}}); note != "" {
		t.Fatalf("note %q", note)
	}
	want := map[string]string{"walk-in@example.org": "", "ada@example.org": "", "bob@example.org": "", "whoCanJoin": ""}
	if diff := cmp.Diff(want, changedBy(l)); diff != "" {
		t.Errorf("roster's own writes cited (-want +got):\n%s", diff)
	}

	p, l = newPlan()
	d.attribute(p, audit.AttributeOptions{})
	client := ", OAuth client " + roster + ")"
	want = map[string]string{
		"walk-in@example.org": "added by admin@example.org on " + stamp(addWalkIn) + " (ADD_GROUP_MEMBER, API" + client,
		"ada@example.org":     "role changed by admin@example.org on " + stamp(promote) + " (UPDATE_GROUP_MEMBER, API" + client,
		"bob@example.org":     "removed by admin@example.org on " + stamp(remove) + " (REMOVE_GROUP_MEMBER, API" + client,
		"whoCanJoin":          "set by admin@example.org on " + stamp(setting) + " (CHANGE_GROUP_SETTING, API" + client,
	}
	if diff := cmp.Diff(want, changedBy(l)); diff != "" {
		t.Errorf("without roster's client ID (-want +got):\n%s", diff)
	}
}

// TestAttributeSettingRosterOverwrote: a setting a person changed by
// hand and roster then set back is roster's; when the policy has since
// changed, the live value is still roster's doing, not the person's.
func TestAttributeSettingRosterOverwrote(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: nil})
	d.byHand(emulator.Change{Application: "admin", Event: "CHANGE_GROUP_SETTING", Group: g, Actor: "root@example.org",
		Settings: map[string]string{"whoCanJoin": "ALL_IN_DOMAIN_CAN_JOIN"}})
	d.rosterDoes(func(ctx context.Context, c *google.Client) error {
		return c.PatchSettings(ctx, g, map[string]string{"whoCanJoin": "INVITED_CAN_JOIN"})
	})
	d.clk.advance(time.Minute)
	// The policy now pins another value; the live one is what roster set.
	p, l := onePlan(g, plan.List{Settings: []plan.SettingChange{{Name: "who_can_join", Field: "whoCanJoin", Live: "INVITED_CAN_JOIN", Desired: "CAN_REQUEST_TO_JOIN"}}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
	if got := l.Settings[0].ChangedBy; got != "" {
		t.Errorf("who_can_join is INVITED_CAN_JOIN because roster set it (newest CHANGE_GROUP_SETTING, roster's client ID), yet Attribute says %q: "+
			"attributor.run skips roster's setting events and cites the older change by hand it overwrote", got)
	}
}

// timeline is what the members file listed when, for
// AttributeOptions.File: versions in the order they landed.
type timeline []version

type version struct {
	from time.Time
	// roles: "group member" (lower case) -> role
	roles map[string]members.Role
}

func (tl timeline) Role(group, member string, at time.Time) (members.Role, bool) {
	var roles map[string]members.Role
	for _, v := range tl {
		if !v.from.After(at) {
			roles = v.roles
		}
	}
	r, ok := roles[strings.ToLower(group)+" "+strings.ToLower(member)]
	return r, ok
}

func (tl timeline) Covers(at time.Time) bool { return len(tl) > 0 && !tl[0].from.After(at) }

// Spelled is Ever: the roles are keyed by spelling.
func (tl timeline) Spelled(group, member string) bool { return tl.Ever(group, member) }

func (tl timeline) Ever(group, member string) bool {
	for _, v := range tl {
		if _, ok := v.roles[strings.ToLower(group)+" "+strings.ToLower(member)]; ok {
			return true
		}
	}
	return false
}

// TestAttributeWritesTheFileAsked: a write by hand that made the group
// agree with the file as it stood then (someone doing what the file
// said) is not cited, whether it added, removed or changed a role; a
// write the file did not ask for (another member, another role) is; and
// so is every write from before the file's history begins.
func TestAttributeWritesTheFileAsked(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: {"ada@example.org", "carol@example.org", "erin@example.org", "frank@example.org"}})
	addBob := d.console("ADD_GROUP_MEMBER", g, "bob@example.org", "")                 // the file lists bob
	promoteAda := d.console("UPDATE_GROUP_MEMBER", g, "ada@example.org", "OWNER")     // the file says owner
	removeCarol := d.console("REMOVE_GROUP_MEMBER", g, "carol@example.org", "")       // the file does not list carol
	addDave := d.console("ADD_GROUP_MEMBER", g, "dave@example.org", "")               // the file never lists dave
	promoteErin := d.console("UPDATE_GROUP_MEMBER", g, "erin@example.org", "MANAGER") // the file says member
	later := d.clk.advance(time.Minute)
	d.clk.advance(time.Minute)
	then := version{t0, map[string]members.Role{
		g + " ada@example.org":   members.RoleOwner,
		g + " bob@example.org":   members.RoleMember,
		g + " erin@example.org":  members.RoleMember,
		g + " frank@example.org": members.RoleMember,
	}}
	now := version{later, map[string]members.Role{
		g + " ada@example.org":   members.RoleMember,
		g + " carol@example.org": members.RoleMember,
		g + " erin@example.org":  members.RoleMember,
	}}
	cited := map[string]string{
		"bob@example.org":   "added by root@example.org on " + stamp(addBob) + " (ADD_GROUP_MEMBER, Admin console or API)",
		"ada@example.org":   "role changed by root@example.org on " + stamp(promoteAda) + " (UPDATE_GROUP_MEMBER, Admin console or API)",
		"carol@example.org": "removed by root@example.org on " + stamp(removeCarol) + " (REMOVE_GROUP_MEMBER, Admin console or API)",
		"dave@example.org":  "added by root@example.org on " + stamp(addDave) + " (ADD_GROUP_MEMBER, Admin console or API)",
		"erin@example.org":  "role changed by root@example.org on " + stamp(promoteErin) + " (UPDATE_GROUP_MEMBER, Admin console or API)",
		// Taken off in the file, with no event: the commit says why,
		// and the log has nothing to add.
		"frank@example.org": "",
	}
	tests := []struct {
		name string
		file audit.FileTimeline
		want map[string]string
	}{
		{"no history", nil, cited},
		{"history from before the writes", timeline{then, now}, map[string]string{
			"bob@example.org": "", "ada@example.org": "", "carol@example.org": "", "frank@example.org": "",
			"dave@example.org": cited["dave@example.org"], "erin@example.org": cited["erin@example.org"],
		}},
		{"history that begins after them", timeline{now}, cited},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, l := onePlan(g, plan.List{Changes: []plan.Change{
				{Action: plan.ActionRemove, Email: "bob@example.org", PreviousRole: "member", Reason: "taken off in members.toml", MemberID: d.id(g, "bob@example.org")},
				{Action: plan.ActionSetRole, Email: "ada@example.org", Role: "member", PreviousRole: "owner", MemberID: d.id(g, "ada@example.org")},
				{Action: plan.ActionAdd, Email: "carol@example.org", Role: "member"},
				{Action: plan.ActionRemove, Email: "dave@example.org", PreviousRole: "member", Reason: plan.ReasonUnmanagedRemove, MemberID: d.id(g, "dave@example.org")},
				{Action: plan.ActionSetRole, Email: "erin@example.org", Role: "member", PreviousRole: "manager", MemberID: d.id(g, "erin@example.org")},
				{Action: plan.ActionRemove, Email: "frank@example.org", PreviousRole: "member", Reason: "taken off in members.toml", MemberID: d.id(g, "frank@example.org")},
			}})
			d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: tc.file})
			if diff := cmp.Diff(tc.want, changedBy(l)); diff != "" {
				t.Errorf("changed by (-want +got):\n%s", diff)
			}
		})
	}
}

// stripFilters is a stand-in for a server that ignores activities.list's
// filter and answers with the events of every group.
func stripFilters(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/admin/reports/") {
			q := r.URL.Query()
			q.Del("filters")
			r.URL.RawQuery = q.Encode()
		}
		h.ServeHTTP(w, r)
	})
}

// TestAttributeNeverCitesAnotherGroup: changes by hand to another group,
// of the same people and settings, are never cited for this one, even
// from a server that ignores the filter.
func TestAttributeNeverCitesAnotherGroup(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		wrap    func(http.Handler) http.Handler
		dropped bool
	}{{"filtered", nil, false}, {"filter ignored", stripFilters, true}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := newDomain(t, emulator.Options{}, tc.wrap, map[string][]string{g: {"stray@example.org"}, other: {"ada@example.org"}})
			d.console("ADD_GROUP_MEMBER", other, "walk-in@example.org", "")
			d.rosterDoes(func(ctx context.Context, c *google.Client) error {
				_, err := c.Add(ctx, g, "walk-in@example.org", directory.RoleMember)
				return err
			})
			d.byHand(emulator.Change{Event: "remove_user", Group: other, Actor: "owner@example.org", Member: "ada@example.org"})
			d.console("ADD_GROUP_MEMBER", other, "stray@example.org", "")
			d.byHand(emulator.Change{Application: "groups_enterprise", Event: "add_member", Group: other, Actor: "cloud@example.org", Member: "cloudy@example.org"})
			d.byHand(emulator.Change{Application: "admin", Event: "CHANGE_GROUP_SETTING", Group: other, Actor: "root@example.org",
				Settings: map[string]string{"whoCanJoin": "ALL_IN_DOMAIN_CAN_JOIN"}})
			d.clk.advance(time.Minute)

			p, l := onePlan(g, plan.List{
				Changes: []plan.Change{
					{Action: plan.ActionRemove, Email: "walk-in@example.org", PreviousRole: "member", Reason: plan.ReasonUnmanagedRemove, MemberID: d.id(g, "walk-in@example.org")},
					{Action: plan.ActionAdd, Email: "ada@example.org", Role: "member"},
				},
				Unmanaged: []plan.LiveMember{
					{Email: "stray@example.org", Role: "member", ID: d.id(g, "stray@example.org")},
					// cloudy's id on the other group: an id match across
					// groups must not count either.
					{Email: "cloudy@example.org", Role: "member", ID: d.id(other, "cloudy@example.org")},
				},
				Settings: []plan.SettingChange{{Name: "who_can_join", Field: "whoCanJoin", Live: "ALL_IN_DOMAIN_CAN_JOIN", Desired: "INVITED_CAN_JOIN", Widens: true}},
			})
			d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
			want := map[string]string{
				"walk-in@example.org": "",
				"ada@example.org":     "",
				"stray@example.org":   unexplained,
				"cloudy@example.org":  unexplained,
				// Changed on the other group only: nothing in this one's
				// log, which says so.
				"whoCanJoin": unexplained,
			}
			if diff := cmp.Diff(want, changedBy(l)); diff != "" {
				t.Errorf("changed by (-want +got):\n%s", diff)
			}
			if got := strings.Contains(d.log.String(), "events of other groups"); got != tc.dropped {
				t.Errorf("the client dropped events of other groups: %v, want %v (the stand-in is not what the test thinks)\n%s", got, tc.dropped, d.log.String())
			}
		})
	}
}

// googleError answers as Google does when it refuses a call.
func googleError(w http.ResponseWriter, code int, reason, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"code": code, "message": msg,
		"errors": []any{map[string]any{"domain": "global", "reason": reason, "message": msg}},
	}})
}

// refuseReports is a stand-in that answers every audit log read with
// code, counting them.
func refuseReports(code int, reason string, reads *atomic.Int64) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/admin/reports/") {
				reads.Add(1)
				googleError(w, code, reason, "Not Authorized to access this resource/api")
				return
			}
			h.ServeHTTP(w, r)
		})
	}
}

// TestAttributeWithoutAuditLogAccess: when roster may not read the audit
// log, every drifted list says so, with the scope to grant, and the log
// is asked once; nothing is marked as missing from the log, and lists
// with no drift say nothing.
func TestAttributeWithoutAuditLogAccess(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		code   int    // the stand-in's answer; 0: the emulator's own refusal
		reason string // and its reason
	}{
		{"emulator without the Reports privilege", 0, ""},
		{"403 forbidden", http.StatusForbidden, "forbidden"},
		{"401 unauthorized", http.StatusUnauthorized, "authError"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var reads atomic.Int64
			var wrap func(http.Handler) http.Handler
			if tc.code != 0 {
				wrap = refuseReports(tc.code, tc.reason, &reads)
			}
			d := newDomain(t, emulator.Options{}, wrap, map[string][]string{g: {"walk-in@example.org"}, other: nil, "quiet@example.org": nil})
			if tc.code == 0 {
				d.emu.SetAuth(&emulator.Auth{NoReports: true})
			}
			d.emu.ResetCounters()
			p := &plan.Plan{Lists: []*plan.List{
				{ID: "quiet", Address: "quiet@example.org"},
				{ID: "g", Address: g, Unmanaged: []plan.LiveMember{{Email: "walk-in@example.org", Role: "member"}}},
				{ID: "other", Address: other, Changes: []plan.Change{{Action: plan.ActionAdd, Email: "ada@example.org", Role: "member"}}},
			}}
			note := d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
			for _, s := range []string{
				"who changed the groups by hand is unknown: roster may not read the audit log (",
				"grant the client ID the scope https://www.googleapis.com/auth/admin.reports.audit.readonly",
				"Security > API controls > Domain-wide delegation",
				"give --subject the Reports privilege",
			} {
				if !strings.Contains(note, s) {
					t.Errorf("note %q lacks %q", note, s)
				}
			}
			if p.Lists[0].Attribution != "" || p.Lists[1].Attribution != note || p.Lists[2].Attribution != note {
				t.Errorf("attributions %q, %q, %q; want none, then the note", p.Lists[0].Attribution, p.Lists[1].Attribution, p.Lists[2].Attribution)
			}
			if p.Lists[1].Unmanaged[0].ChangedBy != "" || p.Lists[2].Changes[0].ChangedBy != "" {
				t.Errorf("changed by filled in without the log: %+v %+v", p.Lists[1].Unmanaged, p.Lists[2].Changes)
			}
			n := reads.Load()
			if tc.code == 0 {
				n = d.emu.Counters()["activities.list"]
			}
			// Each log once, the run's first list asking them side by
			// side; no list after it asks again.
			if want := int64(len(directory.Applications())); n != want {
				t.Errorf("asked the audit logs %d times, want once each (%d)", n, want)
			}
		})
	}
}

// TestAttributeOtherLogErrors: a log that fails for another reason says
// so on its list only, and the next list is still attributed; Cloud
// Identity's log failing is no reason to say nothing.
func TestAttributeOtherLogErrors(t *testing.T) {
	t.Parallel()
	wrap := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case strings.HasSuffix(r.URL.Path, "/applications/admin") && strings.Contains(r.URL.Query().Get("filters"), g):
				googleError(w, http.StatusBadRequest, "invalid", "Invalid value for filters")
				return
			case strings.HasSuffix(r.URL.Path, "/applications/groups_enterprise"):
				googleError(w, http.StatusBadRequest, "invalid", "Invalid value for applicationName")
				return
			}
			h.ServeHTTP(w, r)
		})
	}
	d := newDomain(t, emulator.Options{}, wrap, map[string][]string{g: {"walk-in@example.org"}, other: {"stray@example.org"}})
	added := d.byHand(emulator.Change{Event: "add_user", Group: other, Actor: "owner@example.org", Member: "friend@example.org"})
	d.clk.advance(time.Minute)
	p := &plan.Plan{Lists: []*plan.List{
		{ID: "g", Address: g, Unmanaged: []plan.LiveMember{{Email: "walk-in@example.org", Role: "member"}}},
		{ID: "other", Address: other, Unmanaged: []plan.LiveMember{
			{Email: "friend@example.org", Role: "member"},
			{Email: "stray@example.org", Role: "member"},
		}},
	}}
	if note := d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}}); note != "" {
		t.Errorf("note %q: only a refusal is a note for every list", note)
	}
	gl, ol := p.Lists[0], p.Lists[1]
	if !strings.HasPrefix(gl.Attribution, "who changed g@example.org by hand is unknown: ") || !strings.Contains(gl.Attribution, "Invalid value for filters") || strings.Contains(gl.Attribution, "scope") {
		t.Errorf("g: attribution %q", gl.Attribution)
	}
	if gl.Unmanaged[0].ChangedBy != "" {
		t.Errorf("g: changed by %q with its log unreadable", gl.Unmanaged[0].ChangedBy)
	}
	if ol.Attribution != "" {
		t.Errorf("other: attribution %q", ol.Attribution)
	}
	want := map[string]string{
		// The log it could not read may hold a later change: it says
		// so after the one it cites.
		"friend@example.org": "added by owner@example.org on " + stamp(added) + " (add_user, Groups UI); unless a later change is in Cloud Identity's log (Cloud console, gcloud), which was not read: activities.list groups_enterprise other@example.org: invalid request (HTTP 400 invalid: Invalid value for applicationName)",
		// The log it could not read may hold the change: it says so.
		"stray@example.org": "not in the logs read: it may be in Cloud Identity's log (Cloud console, gcloud), which was not read: activities.list groups_enterprise other@example.org: invalid request (HTTP 400 invalid: Invalid value for applicationName); or it is newer than the log's delay (up to 30 minutes) or older than 180 days, or made while the group had another address",
	}
	if diff := cmp.Diff(want, changedBy(ol)); diff != "" {
		t.Errorf("other: changed by (-want +got):\n%s", diff)
	}
}

// TestAttributeSkipsWhatIsNotDrift: a list that could not be read, whose
// group is missing, that has no drift or no audit log of its own, is
// neither read nor touched.
func TestAttributeSkipsWhatIsNotDrift(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: {"walk-in@example.org"}})
	d.console("ADD_GROUP_MEMBER", g, "friend@example.org", "")
	d.clk.advance(time.Minute)
	d.emu.ResetCounters()
	walkIn := []plan.LiveMember{{Email: "friend@example.org", Role: "member"}}
	p := &plan.Plan{Lists: []*plan.List{
		{ID: "unreadable", Address: g, Error: "boom", Unmanaged: walkIn},
		{ID: "missing", Address: "missing@example.org", GroupMissing: true, Changes: []plan.Change{{Action: plan.ActionAdd, Email: "ada@example.org", Role: "member"}}},
		{ID: "clean", Address: g, Aliases: []plan.Alias{{File: "a@example.org", Live: "b@example.org"}}, Groups: []string{"team@example.org"}},
		{ID: "csv", Address: g, Unmanaged: append([]plan.LiveMember(nil), walkIn...)},
	}}
	providers := map[string]directory.Provider{"unreadable": d.client, "missing": d.client, "clean": d.client}
	if note := audit.Attribute(context.Background(), p, providers, audit.AttributeOptions{Now: d.clk.Now()}); note != "" {
		t.Errorf("note %q", note)
	}
	for _, l := range p.Lists {
		if l.Attribution != "" {
			t.Errorf("%s: attribution %q", l.ID, l.Attribution)
		}
		for k, v := range changedBy(l) {
			if v != "" {
				t.Errorf("%s: %s changed by %q", l.ID, k, v)
			}
		}
	}
	if n := d.emu.Counters()["calls"]; n != 0 {
		t.Errorf("made %d calls: %v", n, d.emu.Counters())
	}
}

// TestAttributeLogDelayAndRetention: a change too recent for its log
// (admin: audit.LogDelay) is not there yet, and the attribution says the
// log may lag; once the delay has passed it is cited; older than
// AuditLogDays it is out of reach again.
func TestAttributeLogDelayAndRetention(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{LogDelay: map[string]time.Duration{
		directory.AppAdmin:            audit.LogDelay(directory.AppAdmin),
		directory.AppGroups:           audit.LogDelay(directory.AppGroups),
		directory.AppGroupsEnterprise: audit.LogDelay(directory.AppGroupsEnterprise),
	}}, nil, map[string][]string{g: nil})
	added := d.console("ADD_GROUP_MEMBER", g, "walk-in@example.org", "")
	at := func(now time.Time) string {
		d.clk.set(now)
		p, l := onePlan(g, plan.List{Unmanaged: []plan.LiveMember{{Email: "walk-in@example.org", Role: "member"}}})
		d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
		return l.Unmanaged[0].ChangedBy
	}
	cited := "added by root@example.org on " + stamp(added) + " (ADD_GROUP_MEMBER, Admin console or API)"
	for _, tc := range []struct {
		after time.Duration
		want  string
	}{
		{time.Minute, unexplained},
		{audit.LogDelay(directory.AppAdmin) - time.Second, unexplained},
		{audit.LogDelay(directory.AppAdmin), cited},
		{(audit.AuditLogDays - 1) * 24 * time.Hour, cited},
		{(audit.AuditLogDays + 1) * 24 * time.Hour, unexplained},
	} {
		if got := at(added.Add(tc.after)); got != tc.want {
			t.Errorf("%v after the change: changed by %q, want %q", tc.after, got, tc.want)
		}
	}
}

// TestLogDelay: minutes for the Admin console and the API, up to half an
// hour for the Groups UI and Cloud Identity, and as long for anything
// else.
func TestLogDelay(t *testing.T) {
	t.Parallel()
	for app, want := range map[string]time.Duration{
		directory.AppAdmin:            10 * time.Minute,
		directory.AppGroups:           30 * time.Minute,
		directory.AppGroupsEnterprise: 30 * time.Minute,
		"":                            30 * time.Minute,
		"ADMIN":                       30 * time.Minute,
	} {
		if got := audit.LogDelay(app); got != want {
			t.Errorf("LogDelay(%q) = %v, want %v", app, got, want)
		}
	}
	if audit.AuditLogDays != 180 {
		t.Errorf("AuditLogDays = %d", audit.AuditLogDays)
	}
}

// TestAttributeBulkUpload: a member added by a bulk upload in the Admin
// console, which Google logs by counts only, is named as perhaps that
// upload.
func TestAttributeBulkUpload(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: nil})
	at := d.byHand(emulator.Change{Application: "admin", Event: "GROUP_MEMBER_BULK_UPLOAD", Group: g, Actor: "root@example.org",
		Members: []emulator.Member{{Email: "walk-in@example.org"}}})
	d.clk.advance(time.Minute)
	p, l := onePlan(g, plan.List{Unmanaged: []plan.LiveMember{{Email: "walk-in@example.org", Role: "member", ID: d.id(g, "walk-in@example.org")}}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
	want := "perhaps a bulk upload of 1 member by root@example.org on " + stamp(at) + " (GROUP_MEMBER_BULK_UPLOAD, Admin console: Google logs no names for it, nor its group); or a change not in Google's audit log yet (newer than its delay, up to 30 minutes)"
	if got := l.Unmanaged[0].ChangedBy; got != want {
		if got == unexplained {
			t.Errorf("Attribute reads each group's log with the group's address, and the Google client drops every event that does not name "+
				"that group, bulk uploads included (they name none): the bulk-upload attribution can never be made; got %q", got)
		}
		t.Errorf("changed by %q, want %q", got, want)
	}
}

// TestABulkUploadIsOfferedForNoMoreThanItAdded: an upload of one
// member may be any one of the three walk-ins no log explains, on two
// lists: Google does not log which. Each is offered it, saying it was
// offered for three though it added one, so that none passes for the
// one it made (whichever list was read first would otherwise take it,
// and the one it did add would read "not logged").
func TestABulkUploadIsOfferedForNoMoreThanItAdded(t *testing.T) {
	t.Parallel()
	const g2 = "other@example.org"
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: {"stray1@example.org"}, g2: {"stray2@example.org"}})
	d.byHand(emulator.Change{Application: "admin", Event: "GROUP_MEMBER_BULK_UPLOAD", Group: g, Actor: "root@example.org",
		Members: []emulator.Member{{Email: "walk-in@example.org"}}})
	d.clk.advance(time.Minute)
	p := walkInsPlan(d, g, g2)
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
	offered, unmarked := 0, 0
	for _, l := range p.Lists {
		for _, m := range l.Unmanaged {
			if strings.HasPrefix(m.ChangedBy, "perhaps a bulk upload of 1 member") {
				offered++
				if !strings.Contains(m.ChangedBy, "offered for 3 differences though it added at most 1 member") {
					unmarked++
				}
			}
		}
	}
	if offered != 3 || unmarked != 0 {
		t.Errorf("the upload of one member is offered %d times (want 3), %d of them without saying it added one", offered, unmarked)
		for _, l := range p.Lists {
			for _, m := range l.Unmanaged {
				t.Logf("%s %s: %q", l.ID, m.Email, m.ChangedBy)
			}
		}
	}
}

// TestAttributeNoBulkUploadThatAddedNobody: an upload every member of
// which failed (they were on the group already) put nobody there, and
// is never offered for a walk-in who came after it.
func TestAttributeNoBulkUploadThatAddedNobody(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{LogDelay: map[string]time.Duration{directory.AppGroups: audit.LogDelay(directory.AppGroups)}}, nil, map[string][]string{g: {"ann@example.org"}})
	d.byHand(emulator.Change{Application: "admin", Event: "GROUP_MEMBER_BULK_UPLOAD", Group: g, Actor: "root@example.org",
		Members: []emulator.Member{{Email: "ann@example.org"}}})
	d.clk.advance(time.Minute)
	d.byHand(emulator.Change{Event: "join", Group: g, Actor: "walk-in@example.org"})
	d.clk.advance(time.Minute)
	p, l := onePlan(g, plan.List{Unmanaged: []plan.LiveMember{{Email: "walk-in@example.org", Role: "member", ID: d.id(g, "walk-in@example.org")}}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
	if got := l.Unmanaged[0].ChangedBy; strings.Contains(got, "bulk upload") {
		t.Errorf("an upload that added nobody is offered: %q", got)
	}
}

// TestAttributeRemovedInGroupsUI: a member the file lists whom an owner
// removed in the Groups UI is attributed to that owner, whether or not
// some other difference of the group is unexplained.
func TestAttributeRemovedInGroupsUI(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		stray bool // another live member that no log explains
	}{{"with another unexplained difference", true}, {"alone", false}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			initial := []string{"ada@example.org"}
			if tc.stray {
				initial = append(initial, "stray@example.org")
			}
			d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: initial})
			at := d.byHand(emulator.Change{Event: "remove_user", Group: g, Actor: "owner@example.org", Member: "ada@example.org"})
			d.clk.advance(time.Minute)
			l := plan.List{Changes: []plan.Change{{Action: plan.ActionAdd, Email: "ada@example.org", Role: "member"}}}
			if tc.stray {
				l.Unmanaged = []plan.LiveMember{{Email: "stray@example.org", Role: "member"}}
			}
			p, pl := onePlan(g, l)
			d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
			want := "removed by owner@example.org on " + stamp(at) + " (remove_user, Groups UI)"
			if got := pl.Changes[0].ChangedBy; got != want {
				if got == "" && !tc.stray {
					t.Errorf("a removal in the Groups UI is cited only when another difference makes Attribute read the groups log: "+
						"attributor.run counts an add (and a role change) as explained whether or not an event was found, so after the admin log "+
						"nothing is pending and the groups log is never read; got %q, want %q", got, want)
				}
				t.Errorf("changed by %q, want %q", got, want)
			}
		})
	}
}

// TestReceiversThroughNestedGroups: the receivers of a list read from
// the live groups (directory.Expand through roster's client), groups
// inside groups, against the file's entries.
func TestReceiversThroughNestedGroups(t *testing.T) {
	t.Parallel()
	f := parse(t, driftFile)
	const team, inner = "team@example.org", "inner@example.org"
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{inner: {"deep@example.org", "Ada@example.org"}})
	if err := d.emu.AddGroup(team, emulator.Member{Email: "lin@example.org"}, emulator.Member{Email: "jdoe@gmail.com"}, emulator.Member{Email: inner}); err != nil {
		t.Fatal(err)
	}
	if err := d.emu.AddGroup(reportsAddr, emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: team}); err != nil {
		t.Fatal(err)
	}
	rs, err := directory.Expand(context.Background(), d.client, reportsAddr, []string{team})
	if err != nil {
		t.Fatal(err)
	}
	lines, items := audit.Receivers(f, f.List("reports"), rs, nil)
	type line struct {
		email, typ, via string
		entry           bool
	}
	var got []line
	for _, r := range lines {
		if r.List != "reports" {
			t.Errorf("receiver %+v", r)
		}
		got = append(got, line{r.Email, r.Type, r.Via, r.Entry})
	}
	viaTeam, viaInner := reportsAddr+" > "+team, reportsAddr+" > "+team+" > "+inner
	want := []line{
		{team, "GROUP", reportsAddr, false},
		{"lin@example.org", "USER", viaTeam, false},
		{"jdoe@gmail.com", "USER", viaTeam, true},
		{inner, "GROUP", viaTeam, false},
		{"owner@example.org", "USER", viaInner, false},
		{"deep@example.org", "USER", viaInner, false},
		{"Ada@example.org", "USER", viaInner, true},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(line{})); diff != "" {
		t.Errorf("receivers (-want +got):\n%s", diff)
	}
	var flagged []string
	for _, it := range items {
		if it.Level != audit.Violation || it.Kind != audit.KindReceiver {
			t.Errorf("item %+v", it)
		}
		flagged = append(flagged, it.Email)
	}
	if diff := cmp.Diff([]string{"lin@example.org", "owner@example.org", "deep@example.org"}, flagged); diff != "" {
		t.Errorf("flagged (-want +got):\n%s", diff)
	}
}

// TestAttributeManyListsAtOnce: lists are attributed side by side, each
// with its own group's events only, whatever the concurrency; the
// domain's bulk uploads are read once for the whole call.
func TestAttributeManyListsAtOnce(t *testing.T) {
	t.Parallel()
	const n = 12
	groups := map[string][]string{}
	for i := range n {
		groups[fmt.Sprintf("g%d@example.org", i)] = nil
	}
	for _, concurrency := range []int{1, 4, n} {
		t.Run(fmt.Sprint(concurrency), func(t *testing.T) {
			t.Parallel()
			d := newDomain(t, emulator.Options{}, nil, groups)
			at := make([]time.Time, n)
			for i := range n {
				at[i] = d.byHand(emulator.Change{Event: "add_user", Group: fmt.Sprintf("g%d@example.org", i), Actor: fmt.Sprintf("owner%d@example.org", i), Member: "walk-in@example.org"})
			}
			d.clk.advance(time.Minute)
			p := &plan.Plan{Version: plan.FormatVersion}
			for i := range n {
				p.Lists = append(p.Lists, &plan.List{ID: fmt.Sprintf("l%d", i), Address: fmt.Sprintf("g%d@example.org", i), Provider: "google",
					Unmanaged: []plan.LiveMember{{Email: "walk-in@example.org", Role: "member"}, {Email: "ghost@example.org", Role: "member"}}})
			}
			d.emu.ResetCounters()
			d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, Concurrency: concurrency})
			for i, l := range p.Lists {
				want := fmt.Sprintf("added by owner%d@example.org on %s (add_user, Groups UI)", i, stamp(at[i]))
				if got := l.Unmanaged[0].ChangedBy; got != want {
					t.Errorf("%s: %q, want %q", l.ID, got, want)
				}
			}
			// Per list: three logs (Cloud Identity's in both forms of the
			// group's id) and the group's id; once: bulk uploads.
			if c := d.emu.Counters(); c["activities.list"] != 4*n+1 {
				t.Errorf("%d log reads, want %d: %v", c["activities.list"], 4*n+1, c)
			}
		})
	}
}

// TestAttributeKnowsWhatTheFileHasNotSynced: someone the file listed
// after roster last wrote to the group is not yet synced, no event will
// explain their absence, and no further log is read for them; someone
// it listed before, removed in the Groups UI since, is cited from there.
func TestAttributeKnowsWhatTheFileHasNotSynced(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: nil})
	synced := d.rosterDoes(func(ctx context.Context, c *google.Client) error {
		_, err := c.Add(ctx, g, "ada@example.org", directory.RoleMember)
		return err
	})
	removed := d.byHand(emulator.Change{Event: "remove_user", Group: g, Actor: "owner@example.org", Member: "ada@example.org"})
	listedLin := d.clk.advance(time.Minute)
	d.clk.advance(time.Minute)
	file := timeline{
		{synced.Add(-time.Hour), map[string]members.Role{g + " ada@example.org": members.RoleMember}},
		{listedLin, map[string]members.Role{g + " ada@example.org": members.RoleMember, g + " lin@example.org": members.RoleMember}},
	}
	for _, tc := range []struct {
		name  string
		email string
		want  string
		reads int64
	}{
		// Every log of the group, each once (Cloud Identity's in both
		// forms of the group's id).
		{"listed before roster last wrote, removed by hand since", "ada@example.org", "removed by owner@example.org on " + stamp(removed) + " (remove_user, Groups UI)", 4},
		{"listed after roster last wrote", "lin@example.org", "", 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, l := onePlan(g, plan.List{Changes: []plan.Change{{Action: plan.ActionAdd, Email: tc.email, Role: "member"}}})
			d.emu.ResetCounters()
			d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: file})
			if got := l.Changes[0].ChangedBy; got != tc.want {
				t.Errorf("changed by %q, want %q", got, tc.want)
			}
			if n := d.emu.Counters()["activities.list"]; n != tc.reads {
				t.Errorf("%d log reads, want %d", n, tc.reads)
			}
		})
	}
}

// TestAttributeSettingOnlyDriftReadsTheGroupsLog: a list whose only
// difference is a setting an owner changed in the Groups UI is
// attributed from that log, though the Admin console's has nothing.
func TestAttributeSettingOnlyDriftReadsTheGroupsLog(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: nil})
	acl := d.byHand(emulator.Change{Event: "change_acl_permission", Group: g, Actor: "owner@example.org", Setting: "can_contact_owner",
		Old: []string{"ALL_IN_DOMAIN_CAN_CONTACT"}, New: []string{"ANYONE_CAN_CONTACT"}, Settings: map[string]string{"whoCanContactOwner": "ANYONE_CAN_CONTACT"}})
	d.clk.advance(time.Minute)
	p, l := onePlan(g, plan.List{Settings: []plan.SettingChange{{Name: "who_can_contact_owner", Field: "whoCanContactOwner", Live: "ANYONE_CAN_CONTACT", Desired: "ALL_IN_DOMAIN_CAN_CONTACT"}}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
	if got, want := l.Settings[0].ChangedBy, "set by owner@example.org on "+stamp(acl)+" (change_acl_permission, Groups UI)"; got != want {
		t.Errorf("changed by %q, want %q", got, want)
	}
}

// TestAttributeWithoutCloudIdentity: Cloud Identity's log needs the
// group's id (groups.get, a scope of its own); when that is refused, the
// other logs still attribute this list and the next, each line saying
// that a later change may be in the log not read, and no list is told
// roster may not read the audit log.
func TestAttributeWithoutCloudIdentity(t *testing.T) {
	t.Parallel()
	const g2 = "other@example.org"
	refuseGroupsGet := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/admin/directory/v1/groups/") && !strings.Contains(r.URL.Path, "/members") {
				googleError(w, http.StatusForbidden, "forbidden", "Not Authorized to access this resource/api")
				return
			}
			h.ServeHTTP(w, r)
		})
	}
	d := newDomain(t, emulator.Options{}, refuseGroupsGet, map[string][]string{g: nil, g2: nil})
	at := map[string]time.Time{}
	for _, grp := range []string{g, g2} {
		at[grp] = d.byHand(emulator.Change{Event: "add_user", Group: grp, Actor: "owner@example.org", Member: "walk-in@example.org"})
	}
	d.clk.advance(time.Minute)
	p := &plan.Plan{Version: plan.FormatVersion}
	for i, grp := range []string{g, g2} {
		p.Lists = append(p.Lists, &plan.List{ID: fmt.Sprintf("l%d", i), Address: grp, Provider: "google",
			Unmanaged: []plan.LiveMember{{Email: "walk-in@example.org", Role: "member"}, {Email: "ghost@example.org", Role: "member"}}})
	}
	if note := d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, Concurrency: 1}); note != "" {
		t.Errorf("note %q", note)
	}
	for i, l := range p.Lists {
		grp := []string{g, g2}[i]
		want := "added by owner@example.org on " + stamp(at[grp]) + " (add_user, Groups UI); unless a later change is in Cloud Identity's log (Cloud console, gcloud), which was not read: "
		if by := l.Unmanaged[0].ChangedBy; !strings.HasPrefix(by, want) || !strings.Contains(by, "admin.directory.group.readonly") || l.Attribution != "" {
			t.Errorf("%s: changed by %q, attribution %q", l.ID, l.Unmanaged[0].ChangedBy, l.Attribution)
		}
	}
}

// TestAttributeAddsRosterDidNotMake: an owner re-adding someone the file
// lists, with a higher role than the file's, made a change by hand
// (roster adds with the file's role); a removal Cloud Identity logs by
// member id only is offered as the likely one for someone the file lists
// who is gone.
func TestAttributeAddsRosterDidNotMake(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: {"bob@example.org"}})
	file := timeline{{t0.AddDate(-1, 0, 0), map[string]members.Role{g + " linus@example.org": members.RoleMember, g + " bob@example.org": members.RoleMember}}}
	readd := d.byHand(emulator.Change{Application: "groups", Event: "add_user", Group: g, Actor: "ada@example.org", Member: "linus@example.org", Role: "owner"})
	gone := d.byHand(emulator.Change{Application: "groups_enterprise", Event: "remove_member", Group: g, Actor: "cloud@example.org", Member: "bob@example.org"})
	p, l := onePlan(g, plan.List{Live: 1, Changes: []plan.Change{ // linus, whom the file lists, is on the group
		{Action: plan.ActionSetRole, Email: "linus@example.org", Role: "member", PreviousRole: "owner", MemberID: d.id(g, "linus@example.org")},
		{Action: plan.ActionAdd, Email: "bob@example.org", Role: "member"},
	}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: file})
	got := changedBy(l)
	if want := "added by ada@example.org on " + stamp(readd); !strings.HasPrefix(got["linus@example.org"], want) {
		t.Errorf("linus: %q, want %q...", got["linus@example.org"], want)
	}
	if want := "perhaps removed by cloud@example.org on " + stamp(gone); !strings.HasPrefix(got["bob@example.org"], want) || !strings.Contains(got["bob@example.org"], "by id only") {
		t.Errorf("bob: %q, want %q...", got["bob@example.org"], want)
	}
	// pat's add is blocked: roster never put pat on the group, so the
	// removal of someone known by id only is no news of pat.
	p, l = onePlan(g, plan.List{Changes: []plan.Change{{Action: plan.ActionAdd, Email: "pat@example.org", Role: "member", Blocked: "no vetting record"}}})
	file = append(file, version{t0.AddDate(-1, 0, 0), map[string]members.Role{g + " pat@example.org": members.RoleMember}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: file})
	if by := changedBy(l)["pat@example.org"]; by != "" {
		t.Errorf("pat, never added (blocked), is said to be %q", by)
	}
}

// TestAByIDRemovalAfterAYoungHistoryBegan: a members file whose history
// is younger than the audit log's window (a team that started with
// roster last week), synced by roster since, still offers a removal Cloud Identity logs by id
// only as the likely one for someone it listed from its first version
// on; not for someone its first version did not list, nor a removal
// before that version.
func TestAByIDRemovalAfterAYoungHistoryBegan(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: {"bob@example.org", "eve@example.org"}})
	early := d.byHand(emulator.Change{Application: "groups_enterprise", Event: "remove_member", Group: g, Actor: "cloud@example.org", Member: "eve@example.org"})
	d.clk.advance(time.Hour)
	begun := d.clk.now
	d.clk.advance(time.Hour)
	// roster synced the group since the file began: what the file
	// listed then, the group had.
	d.rosterDoes(func(ctx context.Context, c *google.Client) error {
		return c.PatchSettings(ctx, g, map[string]string{"whoCanJoin": "INVITED_CAN_JOIN"})
	})
	d.clk.advance(time.Minute)
	gone := d.byHand(emulator.Change{Application: "groups_enterprise", Event: "remove_member", Group: g, Actor: "cloud@example.org", Member: "bob@example.org"})
	d.clk.advance(time.Minute)
	file := timeline{{begun, map[string]members.Role{g + " bob@example.org": members.RoleMember}}, {begun.Add(time.Minute), map[string]members.Role{g + " bob@example.org": members.RoleMember, g + " pat@example.org": members.RoleMember}}}
	p, l := onePlan(g, plan.List{Changes: []plan.Change{
		{Action: plan.ActionAdd, Email: "bob@example.org", Role: "member"},
		{Action: plan.ActionAdd, Email: "pat@example.org", Role: "member"},
	}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: file})
	got := changedBy(l)
	if want := "perhaps removed by cloud@example.org on " + stamp(gone); !strings.HasPrefix(got["bob@example.org"], want) || strings.Contains(got["bob@example.org"], stamp(early)) {
		t.Errorf("bob: %q, want %q... (and not the removal before the history began)", got["bob@example.org"], want)
	}
	if strings.HasPrefix(got["pat@example.org"], "perhaps removed") {
		t.Errorf("pat, whom the first version did not list, is offered a removal: %q", got["pat@example.org"])
	}
}

// TestAttributeALogThatDoesNotAnswer: an audit log that does not answer
// (a 503 after the retries, as a deadline would) is the domain's: it is
// asked for the first list, and every other list says why it is not
// attributed instead of waiting for it in turn before anything is
// written.
func TestAttributeALogThatDoesNotAnswer(t *testing.T) {
	t.Parallel()
	var asked atomic.Int32
	wrap := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.Contains(r.URL.Path, "/activity/") {
				asked.Add(1)
				googleError(w, http.StatusServiceUnavailable, "backendError", "Backend Error")
				return
			}
			h.ServeHTTP(w, r)
		})
	}
	groups := map[string][]string{}
	p := &plan.Plan{}
	for i := range 6 {
		addr := fmt.Sprintf("l%d@example.org", i)
		groups[addr] = []string{"walk-in@example.org"}
		p.Lists = append(p.Lists, &plan.List{ID: fmt.Sprintf("l%d", i), Address: addr, Unmanaged: []plan.LiveMember{{Email: "walk-in@example.org", Role: "member"}}})
	}
	d := newDomain(t, emulator.Options{}, wrap, groups)
	note := d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, Concurrency: 1})
	if !strings.Contains(note, "could not be read") {
		t.Errorf("note %q", note)
	}
	// 2 tries of each log, the first list asking them side by side.
	if n := asked.Load(); n > int32(2*len(directory.Applications())) {
		t.Errorf("the audit logs were asked %d times (2 tries of each, by the first list), every list waiting its turn", n)
	}
	for _, l := range p.Lists {
		if l.Attribution == "" {
			t.Errorf("%s says nothing of its unread log", l.ID)
		}
	}
}

// TestAttributeRosterWritesAheadOfTheirCommit: a write of roster's made
// for a commit dated a little after it (a committer's clock ahead of
// Google's), or long after (a merge that put an older commit on the
// line), is roster's, and says nothing; an add that no committed version
// of the file ever asked for is named as roster's stray write.
func TestAttributeRosterWritesAheadOfTheirCommit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		landed time.Duration // after the write
		named  bool
	}{{"a commit dated 10 minutes after the write", 10 * time.Minute, false}, {"a commit dated two days after it", 48 * time.Hour, false}, {"no commit asked for it", 0, true}} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: nil})
			at := d.rosterDoes(func(ctx context.Context, c *google.Client) error {
				_, err := c.Add(ctx, g, "linus@example.org", directory.RoleMember)
				return err
			})
			d.clk.advance(time.Minute)
			file := timeline{{t0.AddDate(-1, 0, 0), map[string]members.Role{}}}
			if !tc.named {
				file = append(file, version{at.Add(tc.landed), map[string]members.Role{g + " linus@example.org": members.RoleMember}},
					version{at.Add(tc.landed).Add(30 * time.Minute), map[string]members.Role{}})
			}
			// A removal on a committed version's word says one listed
			// linus; with none, the plan removes him as unmanaged.
			reason := "taken off in members.toml"
			if tc.named {
				reason = plan.ReasonUnmanagedRemove
			}
			p, l := onePlan(g, plan.List{Changes: []plan.Change{
				{Action: plan.ActionRemove, Email: "linus@example.org", PreviousRole: "member", Reason: reason, MemberID: d.id(g, "linus@example.org")},
			}})
			d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: file})
			got := changedBy(l)["linus@example.org"]
			if named := strings.Contains(got, "added by roster"); named != tc.named || strings.Contains(got, "added by root") {
				t.Errorf("changed by %q", got)
			}
		})
	}
}

// TestWhenChanged: the time a description of a change by hand names is
// read back as Attribute wrote it; one that names no time has none.
func TestWhenChanged(t *testing.T) {
	at, ok := audit.WhenChanged("added by root@example.org on 2026-11-20 09:14 UTC (ADD_GROUP_MEMBER, Admin console or API)")
	if !ok || !at.Equal(time.Date(2026, 11, 20, 9, 14, 0, 0, time.UTC)) {
		t.Errorf("WhenChanged: %v %v", at, ok)
	}
	if _, ok := audit.WhenChanged("not in Google's audit log: newer than its delay (up to 30 minutes) or older than 180 days"); ok {
		t.Errorf("a time read from a description that names none")
	}
}

// TestTheLogIsReadWithinItsDays: Google keeps 180 days of its audit log
// and refuses a startTime before them; a stand-in that refuses so, as
// readers of the log met it, gets every read within them, and the walk-in
// is attributed, not "unknown: Start time is too old".
func TestTheLogIsReadWithinItsDays(t *testing.T) {
	t.Parallel()
	var d *domain
	wrap := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if v := r.URL.Query().Get("startTime"); v != "" {
				start, err := time.Parse(time.RFC3339, v)
				if err != nil || d.clk.Now().Add(time.Second).Sub(start) > 180*24*time.Hour { // arriving a moment after it was asked
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusBadRequest)
					_, _ = w.Write([]byte(`{"error":{"code":400,"message":"Invalid request: Start time is too old.","errors":[{"reason":"invalid","message":"Start time is too old."}]}}`))
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
	d = newDomain(t, emulator.Options{}, wrap, map[string][]string{g: nil})
	d.console("ADD_GROUP_MEMBER", g, "walk-in@example.org", "")
	d.clk.advance(time.Hour)
	p, _ := onePlan(g, plan.List{Unmanaged: []plan.LiveMember{{Email: "walk-in@example.org", Role: "member", ID: d.id(g, "walk-in@example.org")}}})
	if got := d.attribute(p, audit.AttributeOptions{}); strings.Contains(got, "too old") || !strings.Contains(p.Lists[0].Unmanaged[0].ChangedBy, "root@example.org") {
		t.Errorf("the walk-in is not attributed: %q\n%s", p.Lists[0].Unmanaged[0].ChangedBy, got)
	}
}

// TestAWalkInPromotedByAnotherNamesWhoAddedThem: on a list that
// reports walk-ins, one added by eve and later promoted by root is
// named with both: the promotion alone would hide who let them in.
func TestAWalkInPromotedByAnotherNamesWhoAddedThem(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: nil})
	added := d.byHand(emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: g, Actor: "eve@example.org", Member: "mallory@example.org"})
	promoted := d.console("UPDATE_GROUP_MEMBER", g, "mallory@example.org", "MANAGER")
	d.clk.advance(time.Minute)
	p, l := onePlan(g, plan.List{Unmanaged: []plan.LiveMember{{Email: "mallory@example.org", Role: "manager"}}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
	want := "added by eve@example.org on " + stamp(added) + " (ADD_GROUP_MEMBER, Admin console or API); role changed by root@example.org on " + stamp(promoted) + " (UPDATE_GROUP_MEMBER, Admin console or API)"
	if got := l.Unmanaged[0].ChangedBy; got != want {
		t.Errorf("changed by %q\nwant %q", got, want)
	}
}

// TestAByIDRemovalOfAListRosterNeverWrote: an imported list (everyone
// on the group before the file, a history younger than the log's
// window) that roster never had to write to: a removal Cloud Identity
// logs by id only is still offered for someone the file listed from
// its first version on, though no write of roster's says the group had
// them; nothing is said of someone with no such removal.
func TestAByIDRemovalOfAListRosterNeverWrote(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: {"bob@example.org", "cy@example.org"}})
	d.clk.advance(time.Hour)
	begun := d.clk.now
	d.clk.advance(time.Hour)
	gone := d.byHand(emulator.Change{Application: "groups_enterprise", Event: "remove_member", Group: g, Actor: "cloud@example.org", Member: "bob@example.org"})
	d.clk.advance(time.Minute)
	file := timeline{{begun, map[string]members.Role{g + " bob@example.org": members.RoleMember, g + " cy@example.org": members.RoleMember, g + " dee@example.org": members.RoleMember}}}
	p, l := onePlan(g, plan.List{Live: 1, Changes: []plan.Change{ // cy, whom the file lists, is on the group
		{Action: plan.ActionAdd, Email: "bob@example.org", Role: "member"},
		{Action: plan.ActionAdd, Email: "dee@example.org", Role: "member"},
	}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: file})
	got := changedBy(l)
	if want := "perhaps removed by cloud@example.org on " + stamp(gone); !strings.HasPrefix(got["bob@example.org"], want) {
		t.Errorf("bob: %q, want %q...", got["bob@example.org"], want)
	}
	if got["dee@example.org"] != "" && !strings.HasPrefix(got["dee@example.org"], "perhaps") {
		t.Errorf("dee, never seen on the group: %q", got["dee@example.org"])
	}
}

// TestARemovalOfALongListedMemberIsNeverBare: bob, listed by the file
// since before the log's window (roster added him long ago), is gone
// from the group and the log has nothing of him: neither his add (older
// than the log keeps) nor his removal (inside its delay, or older). The
// line says so rather than nothing, for sync's log says what it undid;
// with a write of roster's to the group since, and no add of his, he was
// never on it, and nothing is said; without the file's history either.
func TestARemovalOfALongListedMemberIsNeverBare(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: {"ada@example.org"}})
	file := timeline{{t0.AddDate(-1, 0, 0), map[string]members.Role{g + " bob@example.org": members.RoleMember, g + " ada@example.org": members.RoleMember}}}
	d.clk.advance(time.Hour)
	// ada, whom the file lists, is on the group: it was synced.
	p, l := onePlan(g, plan.List{Live: 1, Changes: []plan.Change{{Action: plan.ActionAdd, Email: "bob@example.org", Role: "member"}}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: file})
	if by := changedBy(l)["bob@example.org"]; !strings.HasPrefix(by, "if they were on the group (the file has listed them since before the log's 180 days), their removal is not in Google's audit log") {
		t.Errorf("bob: %q", by)
	}
	p, l = onePlan(g, plan.List{Changes: []plan.Change{{Action: plan.ActionAdd, Email: "bob@example.org", Role: "member"}}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
	if by := changedBy(l)["bob@example.org"]; by != "" {
		t.Errorf("without history, bob: %q", by)
	}
	// A file written an hour ago (its first sync): bob is new to the
	// group, and nothing is said of him.
	young := timeline{{d.clk.now.Add(-time.Hour), map[string]members.Role{g + " bob@example.org": members.RoleMember}}}
	p, l = onePlan(g, plan.List{Changes: []plan.Change{{Action: plan.ActionAdd, Email: "bob@example.org", Role: "member"}}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: young})
	if by := changedBy(l)["bob@example.org"]; by != "" {
		t.Errorf("a file written an hour ago, bob: %q", by)
	}
	d.rosterDoes(func(ctx context.Context, c *google.Client) error {
		return c.PatchSettings(ctx, g, map[string]string{"whoCanJoin": "INVITED_CAN_JOIN"})
	})
	d.clk.advance(time.Minute)
	p, l = onePlan(g, plan.List{Changes: []plan.Change{{Action: plan.ActionAdd, Email: "bob@example.org", Role: "member"}}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: file})
	if by := changedBy(l)["bob@example.org"]; by != "" {
		t.Errorf("roster wrote to the group since and never added bob: %q", by)
	}
	// A group that holds nobody the file lists was never synced: bob
	// is new to it.
	p, l = onePlan(g, plan.List{Changes: []plan.Change{{Action: plan.ActionAdd, Email: "bob@example.org", Role: "member"}}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: file})
	if by := changedBy(l)["bob@example.org"]; by != "" {
		t.Errorf("a group never synced, bob: %q", by)
	}
}

// TestAByIDRemovalIsNoNewsOfSomeoneNeverOnTheGroup: a file listing bob
// and cy for a year, never synced (nobody it lists on the group, no
// write of roster's); a walk-in added and removed in the Cloud console,
// logged by id only. The first sync adds bob and cy: the removal is
// the walk-in's, and no line offers it to them.
func TestAByIDRemovalIsNoNewsOfSomeoneNeverOnTheGroup(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: nil})
	d.byHand(emulator.Change{Application: "groups_enterprise", Event: "add_member", Group: g, Actor: "cloud@example.org", Member: "walkin@example.org"})
	d.clk.advance(time.Minute)
	d.byHand(emulator.Change{Application: "groups_enterprise", Event: "remove_member", Group: g, Actor: "cloud@example.org", Member: "walkin@example.org"})
	d.clk.advance(time.Minute)
	file := timeline{{t0.AddDate(-1, 0, 0), map[string]members.Role{g + " bob@example.org": members.RoleMember, g + " cy@example.org": members.RoleMember}}}
	p, l := onePlan(g, plan.List{Changes: []plan.Change{
		{Action: plan.ActionAdd, Email: "bob@example.org", Role: "member"},
		{Action: plan.ActionAdd, Email: "cy@example.org", Role: "member"},
	}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: file})
	for who, by := range changedBy(l) {
		if by != "" {
			t.Errorf("%s, never on the group, is said to be %q", who, by)
		}
	}
}

// TestTwoBulkUploadsAreBothOffered: alice uploads two members to one
// group and bob one to another; Google logs neither's group nor names.
// Every walk-in no log explains is offered both uploads, newest first,
// not bob's alone, and the two together added as many as are offered.
func TestTwoBulkUploadsAreBothOffered(t *testing.T) {
	t.Parallel()
	const g2 = "other@example.org"
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: nil, g2: nil})
	alice := d.byHand(emulator.Change{Application: "admin", Event: "GROUP_MEMBER_BULK_UPLOAD", Group: g, Actor: "alice@example.org",
		Members: []emulator.Member{{Email: "a1@example.org"}, {Email: "a2@example.org"}}})
	d.clk.advance(time.Minute)
	bob := d.byHand(emulator.Change{Application: "admin", Event: "GROUP_MEMBER_BULK_UPLOAD", Group: g2, Actor: "bob@example.org",
		Members: []emulator.Member{{Email: "b1@example.org"}}})
	d.clk.advance(time.Minute)
	p := walkInsPlan(d, g, g2)
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
	want := "perhaps one of 2 bulk uploads: of 1 member by bob@example.org on " + stamp(bob) + "; of 2 members by alice@example.org on " + stamp(alice) + " ("
	n := 0
	for _, l := range p.Lists {
		for _, m := range l.Unmanaged {
			n++
			if !strings.HasPrefix(m.ChangedBy, want) || strings.Contains(m.ChangedBy, "offered for") {
				t.Errorf("%s %s: %q, want it to start %q", l.ID, m.Email, m.ChangedBy, want)
			}
		}
	}
	if n != 3 {
		t.Errorf("%d walk-ins, want 3", n)
	}
}

// TestManyBulkUploadsKeepTheLineALine: sixty uploads to another group,
// and one walk-in no log explains: the line names the newest three,
// counts the rest, and stays a line (it is on every unexplained line,
// and in the JSON's changed_by).
func TestManyBulkUploadsKeepTheLineALine(t *testing.T) {
	t.Parallel()
	const g2 = "other@example.org"
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: {"stray@example.org"}, g2: nil})
	for i := range 60 {
		d.byHand(emulator.Change{Application: "admin", Event: "GROUP_MEMBER_BULK_UPLOAD", Group: g2, Actor: "bob@example.org",
			Members: []emulator.Member{{Email: fmt.Sprintf("b%d@example.org", i)}}})
		d.clk.advance(time.Hour)
	}
	p, l := onePlan(g, plan.List{Unmanaged: []plan.LiveMember{{Email: "stray@example.org", Role: "member", ID: d.id(g, "stray@example.org")}}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
	got := l.Unmanaged[0].ChangedBy
	if !strings.HasPrefix(got, "perhaps one of 60 bulk uploads: of 1 member by bob@example.org") || !strings.Contains(got, "; and 57 older (") || len(got) > 600 {
		t.Errorf("%d bytes: %q", len(got), got)
	}
}

// walkInsPlan is a plan of one list per group, each holding as walk-ins
// everyone on its group in d but its owner.
func walkInsPlan(d *domain, groups ...string) *plan.Plan {
	p := &plan.Plan{Version: plan.FormatVersion}
	for i, grp := range groups {
		var un []plan.LiveMember
		for _, m := range d.emu.Members(grp) {
			if m.Email != "owner@example.org" {
				un = append(un, plan.LiveMember{Email: m.Email, Role: "member", ID: m.ID})
			}
		}
		p.Lists = append(p.Lists, &plan.List{ID: fmt.Sprintf("l%d", i), Address: grp, Provider: "google", Unmanaged: un})
	}
	return p
}
