package audit_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// TestAttributeALaterEventInAnotherLog: the Admin console's log has an
// event of the effect asked for, then one that undid it; what made the
// group as it is now is in a later log (the Groups UI's). The undone
// event is never cited, whatever the direction, and a change the plan
// reverts names whose it was.
func TestAttributeALaterEventInAnotherLog(t *testing.T) {
	t.Parallel()
	t.Run("a walk-in added, removed by roster, added again by an owner", func(t *testing.T) {
		t.Parallel()
		d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: nil})
		d.console("ADD_GROUP_MEMBER", g, "walk-in@example.org", "")
		d.rosterDoes(func(ctx context.Context, c *google.Client) error {
			return c.Remove(ctx, g, d.id(g, "walk-in@example.org"))
		})
		again := d.byHand(emulator.Change{Event: "add_user", Group: g, Actor: "owner@example.org", Member: "walk-in@example.org"})
		d.clk.advance(time.Minute)
		p, l := onePlan(g, plan.List{Unmanaged: []plan.LiveMember{{Email: "walk-in@example.org", Role: "member", ID: d.id(g, "walk-in@example.org")}}})
		d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
		if want := "added by owner@example.org on " + stamp(again) + " (add_user, Groups UI)"; l.Unmanaged[0].ChangedBy != want {
			t.Errorf("changed by %q\nwant        %q", l.Unmanaged[0].ChangedBy, want)
		}
		if !l.Unmanaged[0].AddedAt.Equal(again) {
			t.Errorf("added at %v, want %v", l.Unmanaged[0].AddedAt, again)
		}
	})
	t.Run("the file dropped linus, roster removed him, an owner added him again", func(t *testing.T) {
		t.Parallel()
		d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: nil})
		d.rosterDoes(func(ctx context.Context, c *google.Client) error {
			_, err := c.Add(ctx, g, "linus@example.org", directory.RoleMember)
			return err
		})
		drop := d.clk.advance(time.Minute)
		d.rosterDoes(func(ctx context.Context, c *google.Client) error {
			return c.Remove(ctx, g, d.id(g, "linus@example.org"))
		})
		again := d.byHand(emulator.Change{Event: "add_user", Group: g, Actor: "owner@example.org", Member: "linus@example.org"})
		d.clk.advance(time.Minute)
		tl := timeline{
			{from: t0, roles: map[string]members.Role{g + " linus@example.org": "member"}},
			{from: drop, roles: map[string]members.Role{}},
		}
		p, l := onePlan(g, plan.List{Changes: []plan.Change{{Action: plan.ActionRemove, Email: "linus@example.org", PreviousRole: "member",
			Reason: "taken off the list in members.toml", MemberID: d.id(g, "linus@example.org")}}})
		d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: tl})
		if want := "added by owner@example.org on " + stamp(again) + " (add_user, Groups UI)"; l.Changes[0].ChangedBy != want {
			t.Errorf("the removal reverts a change by hand without naming it: changed by %q\nwant %q", l.Changes[0].ChangedBy, want)
		}
	})
	t.Run("removed in the console, added again by roster, removed by an owner", func(t *testing.T) {
		t.Parallel()
		d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: {"bob@example.org"}})
		d.console("REMOVE_GROUP_MEMBER", g, "bob@example.org", "")
		d.rosterDoes(func(ctx context.Context, c *google.Client) error {
			_, err := c.Add(ctx, g, "bob@example.org", directory.RoleMember)
			return err
		})
		rm := d.byHand(emulator.Change{Event: "remove_user", Group: g, Actor: "owner@example.org", Member: "bob@example.org"})
		d.clk.advance(time.Minute)
		p, l := onePlan(g, plan.List{Changes: []plan.Change{{Action: plan.ActionAdd, Email: "bob@example.org", Role: "member"}}})
		d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
		if want := "removed by owner@example.org on " + stamp(rm) + " (remove_user, Groups UI)"; l.Changes[0].ChangedBy != want {
			t.Errorf("changed by %q\nwant        %q", l.Changes[0].ChangedBy, want)
		}
	})
	t.Run("added in the console, removed and added again in the Groups UI", func(t *testing.T) {
		t.Parallel()
		d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: nil})
		d.console("ADD_GROUP_MEMBER", g, "walk-in@example.org", "")
		d.byHand(emulator.Change{Event: "remove_user", Group: g, Actor: "owner@example.org", Member: "walk-in@example.org"})
		again := d.byHand(emulator.Change{Event: "add_user", Group: g, Actor: "owner2@example.org", Member: "walk-in@example.org"})
		d.clk.advance(time.Minute)
		p, l := onePlan(g, plan.List{Unmanaged: []plan.LiveMember{{Email: "walk-in@example.org", Role: "member", ID: d.id(g, "walk-in@example.org")}}})
		d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
		if want := "added by owner2@example.org on " + stamp(again) + " (add_user, Groups UI)"; l.Unmanaged[0].ChangedBy != want {
			t.Errorf("changed by %q\nwant        %q", l.Unmanaged[0].ChangedBy, want)
		}
	})
	t.Run("roster pinned a setting, an owner changed it in the Groups UI", func(t *testing.T) {
		t.Parallel()
		d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: nil})
		d.rosterDoes(func(ctx context.Context, c *google.Client) error {
			return c.PatchSettings(ctx, g, map[string]string{"whoCanJoin": "INVITED_CAN_JOIN"})
		})
		acl := d.byHand(emulator.Change{Event: "change_acl_permission", Group: g, Actor: "owner@example.org", Setting: "can_join",
			Old: []string{"INVITED_CAN_JOIN"}, New: []string{"ALL_IN_DOMAIN_CAN_JOIN"}, Settings: map[string]string{"whoCanJoin": "ALL_IN_DOMAIN_CAN_JOIN"}})
		d.clk.advance(time.Minute)
		p, l := onePlan(g, plan.List{Settings: []plan.SettingChange{{Name: "who_can_join", Field: "whoCanJoin", Live: "ALL_IN_DOMAIN_CAN_JOIN", Desired: "INVITED_CAN_JOIN", Widens: true}}})
		d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
		if want := "set by owner@example.org on " + stamp(acl) + " (change_acl_permission, Groups UI)"; l.Settings[0].ChangedBy != want {
			t.Errorf("changed by %q\nwant        %q", l.Settings[0].ChangedBy, want)
		}
	})
	t.Run("roster added ada, Cloud Identity made her a manager", func(t *testing.T) {
		t.Parallel()
		d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: nil})
		d.rosterDoes(func(ctx context.Context, c *google.Client) error {
			_, err := c.Add(ctx, g, "ada@example.org", directory.RoleMember)
			return err
		})
		role := d.byHand(emulator.Change{Application: "groups_enterprise", Event: "add_member_role", Group: g, Actor: "cloud@example.org", Member: "ada@example.org", Role: "MANAGER"})
		d.clk.advance(time.Minute)
		p, l := onePlan(g, plan.List{Changes: []plan.Change{{Action: plan.ActionSetRole, Email: "ada@example.org", Role: "member", PreviousRole: "manager", MemberID: d.id(g, "ada@example.org")}}})
		d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
		if want := "role changed by cloud@example.org on " + stamp(role); !strings.HasPrefix(l.Changes[0].ChangedBy, want) {
			t.Errorf("changed by %q\nwant        %q...", l.Changes[0].ChangedBy, want)
		}
	})
	t.Run("the file dropped someone long listed: no event, no bulk read", func(t *testing.T) {
		t.Parallel()
		var reads atomic.Int64
		count := func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.Contains(r.URL.Path, "/activity/") {
					reads.Add(1)
				}
				h.ServeHTTP(w, r)
			})
		}
		d := newDomain(t, emulator.Options{}, count, map[string][]string{g: {"old@example.org"}})
		d.clk.advance(time.Minute)
		p, l := onePlan(g, plan.List{Changes: []plan.Change{{Action: plan.ActionRemove, Email: "old@example.org", PreviousRole: "member",
			Reason: "taken off the list in members.toml", MemberID: d.id(g, "old@example.org")}}})
		d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
		if l.Changes[0].ChangedBy != "" || reads.Load() != 4 {
			t.Errorf("changed by %q after %d reads of the log, want nothing after four (one of each log, Cloud Identity's in both forms of the id; no bulk upload)", l.Changes[0].ChangedBy, reads.Load())
		}
	})
}

// rawEvent is one activity as Google's Reports API sends it.
type rawEvent struct {
	app, name, actor, profile string
	at                        time.Time
	params                    map[string]string
}

func (e rawEvent) json() map[string]any {
	actor := map[string]any{"callerType": "USER"}
	if e.actor != "" {
		actor["email"] = e.actor
	}
	if e.profile != "" {
		actor["profileId"] = e.profile
	}
	var params []any
	for k, v := range e.params {
		params = append(params, map[string]any{"name": k, "value": v})
	}
	return map[string]any{
		"kind":   "admin#reports#activity",
		"id":     map[string]any{"time": e.at.UTC().Format(time.RFC3339Nano), "uniqueQualifier": fmt.Sprint(e.at.UnixNano()), "applicationName": e.app, "customerId": "C0"},
		"actor":  actor,
		"events": []any{map[string]any{"type": "x", "name": e.name, "parameters": params}},
	}
}

// reportsStandIn serves activities.list with events in Google's shape
// (filters ignored: the client keeps the group's own), groups.get with
// id "gid1", and lets serve take over any request first. It counts the
// activities.list calls.
func reportsStandIn(t *testing.T, evs []rawEvent, serve func(w http.ResponseWriter, r *http.Request) bool, cfg google.Config) (*google.Client, *atomic.Int64) {
	t.Helper()
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/activity/") {
			calls.Add(1)
		}
		if serve != nil && serve(w, r) {
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if strings.Contains(r.URL.Path, "/admin/directory/v1/groups/") {
			fmt.Fprint(w, `{"id":"gid1","email":"g@example.org"}`)
			return
		}
		app := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		items := []any{}
		for _, e := range evs {
			if e.app == app {
				items = append(items, e.json())
			}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"kind": "admin#reports#activities", "items": items})
	}))
	t.Cleanup(srv.Close)
	cfg.Endpoint, cfg.Rate = srv.URL, 1e6
	if cfg.Retry.Attempts == 0 {
		cfg.Retry = google.Retry{Attempts: 2, Base: time.Millisecond, Max: 2 * time.Millisecond}
	}
	c, err := google.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, &calls
}

// driftedLists is a plan of n lists, each with one walk-in, all read
// through c.
func driftedLists(n int, c directory.Provider) (*plan.Plan, map[string]directory.Provider) {
	p := &plan.Plan{}
	providers := map[string]directory.Provider{}
	for i := range n {
		id := fmt.Sprint("l", i)
		p.Lists = append(p.Lists, &plan.List{ID: id, Address: id + "@example.org", Provider: "google", Unmanaged: []plan.LiveMember{{Email: "w@example.org", Role: "member"}}})
		providers[id] = c
	}
	return p, providers
}

// TestAttributeGoogleShapesAStandInSends: a join whose actor Google
// names by profile id alone is the member of that id; an event Google
// dates after the run began says a clock is wrong; an address that only
// Unicode folding would match (the Kelvin sign) is another group's; an
// actor's look-alike letters are named.
func TestAttributeGoogleShapesAStandInSends(t *testing.T) {
	t.Parallel()
	now := time.Now().UTC()
	evs := []rawEvent{
		{app: "groups", name: "join", profile: "1234", at: now.Add(-time.Hour), params: map[string]string{"group_email": g}},
		{app: "admin", name: "ADD_GROUP_MEMBER", actor: "root@example.org", at: now.Add(48 * time.Hour), params: map[string]string{"GROUP_EMAIL": g, "USER_EMAIL": "future@example.org"}},
		{app: "admin", name: "ADD_GROUP_MEMBER", actor: "root@example.org", at: now.Add(-time.Hour), params: map[string]string{"GROUP_EMAIL": "\u212a@example.org", "USER_EMAIL": "kelvin@example.org"}},
		{app: "admin", name: "ADD_GROUP_MEMBER", actor: "r\u043e\u043et@example.org", at: now.Add(-time.Hour), params: map[string]string{"GROUP_EMAIL": g, "USER_EMAIL": "walk-in@example.org"}},
	}
	c, _ := reportsStandIn(t, evs, nil, google.Config{})
	p, l := onePlan(g, plan.List{Unmanaged: []plan.LiveMember{
		{Email: "joiner@example.org", Role: "member", ID: "1234"},
		{Email: "future@example.org", Role: "member", ID: "2"},
		{Email: "walk-in@example.org", Role: "member", ID: "3"},
	}})
	audit.Attribute(context.Background(), p, map[string]directory.Provider{"l": c}, audit.AttributeOptions{Now: now})
	got := changedBy(l)
	if want := "joined by the account with id 1234 on " + stamp(now.Add(-time.Hour)) + " (join, Groups UI)"; got["joiner@example.org"] != want {
		t.Errorf("joiner: %q\nwant    %q", got["joiner@example.org"], want)
	}
	if f := got["future@example.org"]; !strings.Contains(f, "added by root@example.org") || !strings.Contains(f, "dated after this run began") {
		t.Errorf("future: %q", f)
	}
	if w := got["walk-in@example.org"]; !strings.Contains(w, "added by r\u043e\u043et@example.org [non-ASCII: \u043e is U+043E a Cyrillic letter]") {
		t.Errorf("a look-alike of root reads as root: %q", w)
	}
	acts, err := c.Activities(context.Background(), directory.AppAdmin, "k@example.org", time.Time{})
	if err != nil || len(acts) != 0 {
		t.Errorf("k@example.org's log holds the Kelvin sign's group's event: %+v %v", acts, err)
	}
}

// TestAttributeAFutureEventHidesNoOne: of two adds of one member, one
// dated in the future (a clock is wrong) and one in the past, the past
// one is cited: a wrong clock must not hide who really added them. A
// future event alone is still cited, saying its date is wrong.
func TestAttributeAFutureEventHidesNoOne(t *testing.T) {
	t.Parallel()
	now := time.Now().UTC().Truncate(time.Second)
	add := func(actor, member string, at time.Time) rawEvent {
		return rawEvent{app: "admin", name: "ADD_GROUP_MEMBER", actor: actor, at: at, params: map[string]string{"GROUP_EMAIL": g, "USER_EMAIL": member}}
	}
	c, _ := reportsStandIn(t, []rawEvent{
		add("gam-admin@example.org", "walk-in@example.org", now.Add(-20*time.Minute)),
		add("future@example.org", "walk-in@example.org", now.AddDate(0, 6, 0)),
		add("future@example.org", "alone@example.org", now.AddDate(0, 6, 0)),
	}, nil, google.Config{})
	p, l := onePlan(g, plan.List{Unmanaged: []plan.LiveMember{{Email: "walk-in@example.org", Role: "member", ID: "3"}, {Email: "alone@example.org", Role: "member", ID: "4"}}})
	audit.Attribute(context.Background(), p, map[string]directory.Provider{"l": c}, audit.AttributeOptions{Now: now})
	got := changedBy(l)
	if w := got["walk-in@example.org"]; !strings.HasPrefix(w, "added by gam-admin@example.org") {
		t.Errorf("walk-in: %q, want gam-admin's add, the newest dated in the past", w)
	}
	if a := got["alone@example.org"]; !strings.Contains(a, "added by future@example.org") || !strings.Contains(a, "dated after this run began") {
		t.Errorf("alone: %q, want the future add, said to be misdated", a)
	}
}

// TestAttributeEventsOfOneInstant: Google sends a log newest first; of
// events of one instant, the first sent is the newest, and it is the one
// cited.
func TestAttributeEventsOfOneInstant(t *testing.T) {
	t.Parallel()
	now := time.Now().UTC().Truncate(time.Second)
	at := now.Add(-time.Hour)
	ev := func(name, actor string) rawEvent {
		return rawEvent{app: "admin", name: name, actor: actor, at: at, params: map[string]string{"GROUP_EMAIL": g, "USER_EMAIL": "walk-in@example.org"}}
	}
	c, _ := reportsStandIn(t, []rawEvent{ev("ADD_GROUP_MEMBER", "b@example.org"), ev("REMOVE_GROUP_MEMBER", "root@example.org"), ev("ADD_GROUP_MEMBER", "a@example.org")}, nil, google.Config{})
	p, l := onePlan(g, plan.List{Unmanaged: []plan.LiveMember{{Email: "walk-in@example.org", Role: "member", ID: "3"}}})
	audit.Attribute(context.Background(), p, map[string]directory.Provider{"l": c}, audit.AttributeOptions{Now: now})
	if got := l.Unmanaged[0].ChangedBy; !strings.HasPrefix(got, "added by b@example.org") {
		t.Errorf("changed by %q, want b's add, the newest", got)
	}
}

// TestAttributeALogThatFailsForTheDomainIsAskedOnce: Cloud Identity's
// log never answers, or a log's pages never end. Either is the domain's:
// the first list meets it, the others do not wait for it again, and what
// the others leave unexplained says which log was not read.
func TestAttributeALogThatFailsForTheDomainIsAskedOnce(t *testing.T) {
	t.Parallel()
	t.Run("Cloud Identity's log never answers", func(t *testing.T) {
		t.Parallel()
		var enterprise atomic.Int64
		hang := func(w http.ResponseWriter, r *http.Request) bool {
			if !strings.Contains(r.URL.Path, "groups_enterprise") {
				return false
			}
			enterprise.Add(1)
			<-r.Context().Done()
			return true
		}
		c, _ := reportsStandIn(t, nil, hang, google.Config{CallTimeout: 100 * time.Millisecond, MaxInFlight: 1,
			Retry: google.Retry{Attempts: 2, Base: time.Millisecond, Max: 2 * time.Millisecond}})
		p, providers := driftedLists(6, c)
		// Side by side, as a run reads them: the first list meets the
		// failure before the others start.
		audit.Attribute(context.Background(), p, providers, audit.AttributeOptions{Now: time.Now()})
		if n := enterprise.Load(); n > 2 {
			t.Errorf("Cloud Identity's log was asked %d times: each list waited for it", n)
		}
		for _, l := range p.Lists {
			if by := l.Unmanaged[0].ChangedBy; !strings.Contains(by, "it may be in Cloud Identity's log (Cloud console, gcloud), which was not read") {
				t.Errorf("%s: %q does not say the log was not read", l.ID, by)
			}
		}
	})
	t.Run("the admin log's pages never end", func(t *testing.T) {
		t.Parallel()
		var page atomic.Int64
		endless := func(w http.ResponseWriter, r *http.Request) bool {
			if !strings.Contains(r.URL.Path, "/activity/") {
				return false
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"kind":"admin#reports#activities","items":[],"nextPageToken":"p%d"}`, page.Add(1))
			return true
		}
		c, calls := reportsStandIn(t, nil, endless, google.Config{MaxPages: 20})
		p, providers := driftedLists(4, c)
		note := audit.Attribute(context.Background(), p, providers, audit.AttributeOptions{Now: time.Now(), Concurrency: 1})
		// Each log's budget once, the first list reading them side by
		// side: no list after it walks them again.
		if n := calls.Load(); n > int64(20*len(directory.Applications())) {
			t.Errorf("%d calls of activities.list: every list walked the endless pages", n)
		}
		if !strings.Contains(note, "could not be read") {
			t.Errorf("note %q", note)
		}
	})
}

// TestAttributeALaterLogThatFails: the Admin console's log explains a
// walk-in; the Groups UI's log cannot be read. What the Admin log says
// is kept, with a note that the unread log may hold more; the other
// lists do not wait for the failing log, and no list loses what the
// logs it read say.
func TestAttributeALaterLogThatFails(t *testing.T) {
	t.Parallel()
	var groups atomic.Int64
	fail := func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasSuffix(r.URL.Path, "/groups") {
			return false
		}
		groups.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `{"error":{"code":503,"message":"Backend Error","errors":[{"reason":"backendError"}]}}`)
		return true
	}
	now := time.Now().UTC()
	var evs []rawEvent
	for i := range 4 {
		evs = append(evs, rawEvent{app: "admin", name: "ADD_GROUP_MEMBER", actor: "root@example.org", at: now.Add(-time.Hour),
			params: map[string]string{"GROUP_EMAIL": fmt.Sprintf("l%d@example.org", i), "USER_EMAIL": "w@example.org"}})
	}
	c, _ := reportsStandIn(t, evs, fail, google.Config{})
	p, providers := driftedLists(4, c)
	note := audit.Attribute(context.Background(), p, providers, audit.AttributeOptions{Now: now, Concurrency: 1})
	if note != "" {
		t.Errorf("note %q: the Admin console's log answered", note)
	}
	if n := groups.Load(); n > 2 {
		t.Errorf("the Groups UI's log was asked %d times", n)
	}
	for _, l := range p.Lists {
		if by := l.Unmanaged[0].ChangedBy; !strings.HasPrefix(by, "added by root@example.org") {
			t.Errorf("%s: changed by %q, want root's add", l.ID, by)
		}
		if !strings.Contains(l.Attribution, "the Groups UI's log was not read") {
			t.Errorf("%s: attribution %q does not say the Groups UI's log was not read", l.ID, l.Attribution)
		}
	}
}

// TestAFewFailingListsAreAskedWhoTookTheirMembersOff: a list whose own
// policy fails, whose only differences are members the group lacks,
// has its log asked who took them off (an owner pulled by hand is
// named) while few such lists are read; past failingListsAsked, none is
// asked (three reads a group, for lists sync leaves alone), and each
// says so, naming how to ask.
func TestAFewFailingListsAreAskedWhoTookTheirMembersOff(t *testing.T) {
	t.Parallel()
	now := time.Now().UTC()
	for _, n := range []int{1, 51} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			var evs []rawEvent
			p := &plan.Plan{}
			providers := map[string]directory.Provider{}
			for i := range n {
				g := fmt.Sprintf("l%d@example.org", i)
				evs = append(evs, rawEvent{app: "groups", name: "remove_user", actor: "mallory@example.org", at: now.Add(-time.Hour),
					params: map[string]string{"group_email": g, "user_email": "bob@example.org"}})
				p.Lists = append(p.Lists, &plan.List{ID: fmt.Sprint("l", i), Address: g, Provider: "google", PolicyFails: true,
					Changes: []plan.Change{{Action: plan.ActionAdd, Email: "bob@example.org", Role: members.RoleOwner}}})
			}
			c, calls := reportsStandIn(t, evs, nil, google.Config{})
			for _, l := range p.Lists {
				providers[l.ID] = c
			}
			audit.Attribute(context.Background(), p, providers, audit.AttributeOptions{Now: now, Concurrency: 4})
			asked := n <= 50
			for _, l := range p.Lists {
				by := l.Changes[0].ChangedBy
				if asked != strings.Contains(by, "removed by mallory@example.org") {
					t.Fatalf("%d failing lists: %s: changed by %q", n, l.ID, by)
				}
				if !asked && !strings.Contains(l.Attribution, "was not asked of Google's audit log") {
					t.Fatalf("%s: attribution %q does not say the log was not asked", l.ID, l.Attribution)
				}
			}
			if !asked && calls.Load() != 0 {
				t.Errorf("%d audit-log reads for %d failing lists, want none", calls.Load(), n)
			}
		})
	}
}
