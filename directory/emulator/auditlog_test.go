package emulator_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	admin "google.golang.org/api/admin/directory/v1"
	reports "google.golang.org/api/admin/reports/v1"
	groupssettings "google.golang.org/api/groupssettings/v1"
	"google.golang.org/api/option"

	"github.com/roster-dev/roster/directory/emulator"
)

// clock is a settable time for the audit log's delays and CreateLag.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// logDomain serves an emulator with opts and returns Google's clients of
// it.
func logDomain(t *testing.T, opts emulator.Options) (*emulator.Server, *httptest.Server, *admin.Service, *reports.Service) {
	t.Helper()
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	ctx := context.Background()
	dir, err := admin.NewService(ctx, option.WithEndpoint(srv.URL+"/"), option.WithoutAuthentication())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := reports.NewService(ctx, option.WithEndpoint(srv.URL+"/"), option.WithoutAuthentication())
	if err != nil {
		t.Fatal(err)
	}
	return emu, srv, dir, rep
}

// event is an activity's event reduced to what the tests compare.
type event struct {
	App, Name, Type, Actor, Client string
	Params                         map[string]string
}

func flatten(items []*reports.Activity) []event {
	var out []event
	for _, a := range items {
		for _, ev := range a.Events {
			e := event{App: a.Id.ApplicationName, Name: ev.Name, Type: ev.Type, Actor: a.Actor.Email, Params: map[string]string{}}
			if a.Actor.ApplicationInfo != nil {
				e.Client = a.Actor.ApplicationInfo.OauthClientId
			}
			for _, p := range ev.Parameters {
				v := p.Value
				if len(p.MultiValue) > 0 {
					v = "[" + strings.Join(p.MultiValue, ",") + "]"
				}
				e.Params[p.Name] = v
			}
			out = append(out, e)
		}
	}
	return out
}

func list(t *testing.T, rep *reports.Service, app, filter string) []event {
	t.Helper()
	call := rep.Activities.List("all", app)
	if filter != "" {
		call = call.Filters(filter)
	}
	var items []*reports.Activity
	err := call.MaxResults(2).Pages(context.Background(), func(p *reports.Activities) error {
		items = append(items, p.Items...)
		return nil
	})
	if err != nil {
		t.Fatalf("activities.list %s: %v", app, err)
	}
	return flatten(items)
}

// mint gets a token from the emulator's token endpoint for a service
// account acting for subject, as a key's JWT-bearer grant would.
func mint(t *testing.T, url, iss, sub string) string {
	t.Helper()
	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	assertion := b64(`{"alg":"RS256"}`) + "." + b64(`{"iss":"`+iss+`","sub":"`+sub+`","scope":"x"}`) + ".sig"
	resp, err := http.PostForm(url+"/token", map[string][]string{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {assertion}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("token: %v", err)
	}
	return tok.AccessToken
}

// bearer sends a fixed token with every request.
type bearer string

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+string(b))
	return http.DefaultTransport.RoundTrip(r)
}

// TestAdminSDKWritesNameTheDelegatedAdminAndTheClient: every Admin SDK
// write is in the admin log with the delegated admin as actor and the
// OAuth client in applicationInfo: the configured ones for a call with
// no token (roster on loopback), the token's subject and service
// account for a token the token endpoint minted.
func TestAdminSDKWritesNameTheDelegatedAdminAndTheClient(t *testing.T) {
	emu, srv, dir, rep := logDomain(t, emulator.Options{Admin: "groups-admin@example.org", ClientID: "111",
		ServiceAccounts: map[string]string{"roster@p.iam.gserviceaccount.com": "222"}})
	if err := emu.AddGroup("g@example.org"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	m, err := dir.Members.Insert("g@example.org", &admin.Member{Email: "ada@example.org"}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	tok := mint(t, srv.URL, "roster@p.iam.gserviceaccount.com", "delegate@example.org")
	withToken, err := admin.NewService(ctx, option.WithEndpoint(srv.URL+"/"), option.WithHTTPClient(&http.Client{Transport: bearer(tok)}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := withToken.Members.Patch("g@example.org", m.Id, &admin.Member{Role: "OWNER"}).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	if err := withToken.Members.Delete("g@example.org", m.Id).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	got := list(t, rep, "admin", "GROUP_EMAIL==g@example.org")
	want := []event{
		{App: "admin", Name: "REMOVE_GROUP_MEMBER", Type: "GROUP_SETTINGS", Actor: "delegate@example.org", Client: "222",
			Params: map[string]string{"GROUP_EMAIL": "g@example.org", "USER_EMAIL": "ada@example.org"}},
		{App: "admin", Name: "UPDATE_GROUP_MEMBER", Type: "GROUP_SETTINGS", Actor: "delegate@example.org", Client: "222",
			Params: map[string]string{"GROUP_EMAIL": "g@example.org", "USER_EMAIL": "ada@example.org", "OLD_VALUE": "MEMBER", "NEW_VALUE": "OWNER"}},
		{App: "admin", Name: "ADD_GROUP_MEMBER", Type: "GROUP_SETTINGS", Actor: "groups-admin@example.org", Client: "111",
			Params: map[string]string{"GROUP_EMAIL": "g@example.org", "USER_EMAIL": "ada@example.org"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("admin log (-want +got):\n%s", diff)
	}
}

// byHand posts a change to the emulator's HTTP endpoint, as a person
// scripting the emulator with curl would.
func byHand(t *testing.T, url string, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(url+"/_emulator/by-hand", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

// TestChangesByHandAreLoggedAsGoogleLogsThem scripts, over HTTP, each
// kind of change a person makes outside the Admin SDK, and reads them
// back with Google's client: the parameters are those of Google's
// reference pages, and the state changes as the event says.
func TestChangesByHandAreLoggedAsGoogleLogsThem(t *testing.T) {
	emu, srv, dir, rep := logDomain(t, emulator.Options{})
	if err := emu.AddGroup("g@example.org", emulator.Member{Email: "owner@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{
		`{"event":"join","group":"g@example.org","actor":"joiner@example.org"}`,
		`{"event":"accept_invitation","group":"g@example.org","actor":"invited@example.org"}`,
		`{"event":"approve_join_request","group":"g@example.org","actor":"owner@example.org","member":"asked@example.org"}`,
		`{"event":"add_user","group":"g@example.org","actor":"owner@example.org","member":"added@example.org","role":"manager"}`,
		`{"event":"remove_user","group":"g@example.org","actor":"owner@example.org","member":"JOINER@example.org"}`,
		`{"event":"change_acl_permission","group":"g@example.org","actor":"owner@example.org","setting":"can_join","old":["invited"],"new":["domain_users"],"settings":{"whoCanJoin":"ALL_IN_DOMAIN_CAN_JOIN"}}`,
		`{"application":"admin","event":"GROUP_MEMBER_BULK_UPLOAD","group":"g@example.org","actor":"root@example.org","members":[{"email":"b1@example.org"},{"email":"b2@example.org","role":"OWNER"},{"email":"added@example.org"}]}`,
		`{"application":"admin","event":"ADD_GROUP_MEMBER","group":"g@example.org","actor":"root@example.org","member":"console@example.org"}`,
		`{"application":"groups_enterprise","event":"add_member","group":"g@example.org","actor":"cloud@example.org","member":"gcloud@example.org"}`,
		`{"application":"groups_enterprise","event":"add_member_role","group":"g@example.org","actor":"cloud@example.org","member":"gcloud@example.org","role":"owner"}`,
	} {
		if code, out := byHand(t, srv.URL, body); code != http.StatusOK {
			t.Fatalf("%s: %d %s", body, code, out)
		}
	}
	// Google's errors, as an API call would get them.
	for body, code := range map[string]int{
		`{"event":"join","group":"nope@example.org","actor":"a@example.org"}`:                              http.StatusNotFound,
		`{"event":"add_user","group":"g@example.org","actor":"o@example.org","member":"b1@example.org"}`:   http.StatusConflict,
		`{"event":"remove_user","group":"g@example.org","actor":"o@example.org","member":"x@example.org"}`: http.StatusNotFound,
		`{"event":"leave","group":"g@example.org","actor":"o@example.org"}`:                                http.StatusBadRequest,
		`{"event":"join","group":"g@example.org"}`:                                                         http.StatusBadRequest,
		`{"event":"join","group":"g@example.org","actor":"a@example.org","surprise":1}`:                    http.StatusBadRequest,
	} {
		if got, out := byHand(t, srv.URL, body); got != code {
			t.Errorf("%s: %d %s, want %d", body, got, out, code)
		}
	}

	live, err := dir.Members.List("g@example.org").Context(context.Background()).Do()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	var roles []string
	for _, m := range live.Members {
		ids[m.Email] = m.Id
		roles = append(roles, m.Email+" "+m.Role)
	}
	wantRoles := []string{"owner@example.org OWNER", "invited@example.org MEMBER", "asked@example.org MEMBER", "added@example.org MANAGER",
		"b1@example.org MEMBER", "b2@example.org OWNER", "console@example.org MEMBER", "gcloud@example.org OWNER"}
	if diff := cmp.Diff(wantRoles, roles); diff != "" {
		t.Errorf("live members (-want +got):\n%s", diff)
	}
	g, err := dir.Groups.Get("g@example.org").Context(context.Background()).Do()
	if err != nil {
		t.Fatal(err)
	}

	groupsUI := list(t, rep, "groups", "group_email==g@example.org")
	wantUI := []event{
		{App: "groups", Name: "change_acl_permission", Type: "acl_change", Actor: "owner@example.org",
			Params: map[string]string{"group_email": "g@example.org", "acl_permission": "can_join", "old_value_repeated": "[invited]", "new_value_repeated": "[domain_users]"}},
		{App: "groups", Name: "remove_user", Type: "moderator_action", Actor: "owner@example.org", Params: map[string]string{"group_email": "g@example.org", "user_email": "joiner@example.org"}},
		{App: "groups", Name: "add_user", Type: "moderator_action", Actor: "owner@example.org",
			Params: map[string]string{"group_email": "g@example.org", "user_email": "added@example.org", "member_role": "manager"}},
		{App: "groups", Name: "approve_join_request", Type: "moderator_action", Actor: "owner@example.org",
			Params: map[string]string{"group_email": "g@example.org", "user_email": "asked@example.org"}},
		// The actor is the person joining; the event names the group only.
		{App: "groups", Name: "accept_invitation", Type: "moderator_action", Actor: "invited@example.org", Params: map[string]string{"group_email": "g@example.org"}},
		{App: "groups", Name: "join", Type: "moderator_action", Actor: "joiner@example.org", Params: map[string]string{"group_email": "g@example.org"}},
	}
	if diff := cmp.Diff(wantUI, groupsUI); diff != "" {
		t.Errorf("groups log (-want +got):\n%s", diff)
	}

	// The bulk upload names no group: a group filter leaves it out, a
	// whole-domain read has it, with its counts only.
	wantAdmin := []event{
		{App: "admin", Name: "ADD_GROUP_MEMBER", Type: "GROUP_SETTINGS", Actor: "root@example.org", Params: map[string]string{"GROUP_EMAIL": "g@example.org", "USER_EMAIL": "console@example.org"}},
	}
	if diff := cmp.Diff(wantAdmin, list(t, rep, "admin", "GROUP_EMAIL==g@example.org")); diff != "" {
		t.Errorf("admin log of the group (-want +got):\n%s", diff)
	}
	wantAdmin = append(wantAdmin, event{App: "admin", Name: "GROUP_MEMBER_BULK_UPLOAD", Type: "GROUP_SETTINGS", Actor: "root@example.org",
		Params: map[string]string{"GROUP_MEMBER_BULK_UPLOAD_TOTAL_NUMBER": "3", "GROUP_MEMBER_BULK_UPLOAD_FAILED_NUMBER": "1"}})
	if diff := cmp.Diff(wantAdmin, list(t, rep, "admin", "")); diff != "" {
		t.Errorf("admin log of the domain (-want +got):\n%s", diff)
	}

	// groups_enterprise names the group and the member by the ids the
	// Directory API gives them.
	wantCloud := []event{
		{App: "groups_enterprise", Name: "add_member_role", Type: "moderator_action", Actor: "cloud@example.org",
			Params: map[string]string{"group_id": g.Id, "member_id": ids["gcloud@example.org"], "member_role": "owner", "member_type": "user"}},
		{App: "groups_enterprise", Name: "add_member", Type: "moderator_action", Actor: "cloud@example.org",
			Params: map[string]string{"group_id": g.Id, "member_id": ids["gcloud@example.org"], "member_role": "member", "member_type": "user"}},
	}
	if diff := cmp.Diff(wantCloud, list(t, rep, "groups_enterprise", "group_id=="+g.Id)); diff != "" {
		t.Errorf("groups_enterprise log (-want +got):\n%s", diff)
	}
	if got := emu.Activities(); len(got) != 10 {
		t.Errorf("the log holds %d events, want 10", len(got))
	}
}

// TestAFilterOnAnUnknownParameterIsIgnored: Google ignores a filter on a
// parameter the application does not have, and returns everything; so
// does the emulator, and a client must filter again.
func TestAFilterOnAnUnknownParameterIsIgnored(t *testing.T) {
	emu, srv, _, rep := logDomain(t, emulator.Options{})
	for _, g := range []string{"a@example.org", "b@example.org"} {
		if err := emu.AddGroup(g); err != nil {
			t.Fatal(err)
		}
		if code, out := byHand(t, srv.URL, `{"application":"admin","event":"ADD_GROUP_MEMBER","group":"`+g+`","member":"x@example.org"}`); code != 200 {
			t.Fatal(out)
		}
	}
	if got := list(t, rep, "admin", "group_email==a@example.org"); len(got) != 2 {
		t.Errorf("the groups spelling of the filter on the admin log gave %d events, want both", len(got))
	}
	if got := list(t, rep, "admin", "GROUP_EMAIL==a@example.org"); len(got) != 1 {
		t.Errorf("GROUP_EMAIL filter gave %d events, want 1", len(got))
	}
}

// TestLogDelay: an application's events appear in activities.list only
// once its delay has passed, each application with its own.
func TestLogDelay(t *testing.T) {
	c := &clock{t: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)}
	emu, srv, dir, rep := logDomain(t, emulator.Options{Now: c.Now, LogDelay: map[string]time.Duration{"admin": 3 * time.Minute, "groups": 30 * time.Minute}})
	if err := emu.AddGroup("g@example.org"); err != nil {
		t.Fatal(err)
	}
	if _, err := dir.Members.Insert("g@example.org", &admin.Member{Email: "api@example.org"}).Context(context.Background()).Do(); err != nil {
		t.Fatal(err)
	}
	if code, out := byHand(t, srv.URL, `{"event":"join","group":"g@example.org","actor":"ui@example.org"}`); code != 200 {
		t.Fatal(out)
	}
	count := func() (int, int) { return len(list(t, rep, "admin", "")), len(list(t, rep, "groups", "")) }
	if a, g := count(); a != 0 || g != 0 {
		t.Errorf("at once: %d admin, %d groups events visible, want none", a, g)
	}
	c.Advance(3 * time.Minute)
	if a, g := count(); a != 1 || g != 0 {
		t.Errorf("after 3 minutes: %d admin, %d groups events visible, want 1 and 0", a, g)
	}
	emu.SetLogDelay("groups", 10*time.Minute)
	c.Advance(7 * time.Minute)
	if a, g := count(); a != 1 || g != 0 {
		t.Errorf("a shorter delay applies to later events only: %d admin, %d groups", a, g)
	}
	c.Advance(20 * time.Minute)
	if a, g := count(); a != 1 || g != 1 {
		t.Errorf("after 30 minutes: %d admin, %d groups events visible, want 1 and 1", a, g)
	}
	// The event's own time is when it happened, not when it showed up.
	items, err := rep.Activities.List("all", "groups").Context(context.Background()).Do()
	if err != nil || items.Items[0].Id.Time != "2026-05-01T12:00:00Z" {
		t.Errorf("event time: %v %+v", err, items.Items[0].Id)
	}
}

// TestQuotaPerService: the Directory, Groups Settings and Reports APIs
// each refuse past their own quota with 403 userRateLimitExceeded.
func TestQuotaPerService(t *testing.T) {
	emu, srv, dir, rep := logDomain(t, emulator.Options{Quota: emulator.Quota{Calls: 1, Per: time.Minute},
		Quotas: map[emulator.Service]emulator.Quota{emulator.ServiceReports: {Calls: 2, Per: time.Second}}})
	if err := emu.AddGroup("g@example.org"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	gs, err := groupssettings.NewService(ctx, option.WithEndpoint(srv.URL+"/groups/v1/groups/"), option.WithoutAuthentication())
	if err != nil {
		t.Fatal(err)
	}
	calls := []struct {
		name    string
		call    func() error
		refused bool
	}{
		{"members.list", func() error { _, err := dir.Members.List("g@example.org").Context(ctx).Do(); return err }, false},
		{"members.list again", func() error { _, err := dir.Members.List("g@example.org").Context(ctx).Do(); return err }, true},
		{"settings.get", func() error { _, err := gs.Groups.Get("g@example.org").Context(ctx).Do(); return err }, false},
		{"settings.get again", func() error { _, err := gs.Groups.Get("g@example.org").Context(ctx).Do(); return err }, true},
		{"activities.list", func() error { _, err := rep.Activities.List("all", "admin").Context(ctx).Do(); return err }, false},
		{"activities.list again", func() error { _, err := rep.Activities.List("all", "admin").Context(ctx).Do(); return err }, false},
		{"activities.list a third time", func() error { _, err := rep.Activities.List("all", "admin").Context(ctx).Do(); return err }, true},
	}
	for _, c := range calls {
		err := c.call()
		refused := isCode(err, http.StatusForbidden) && strings.Contains(err.Error(), "userRateLimitExceeded")
		if refused != c.refused || (err != nil && !refused) {
			t.Errorf("%s: %v, want refused=%v", c.name, err, c.refused)
		}
	}
	got := emu.Counters()
	if got["refused.quota.directory"] != 1 || got["refused.quota.groupssettings"] != 1 || got["refused.quota.reports"] != 1 {
		t.Errorf("counters %v", got)
	}
}

// TestGroupsInsertGivesGoogleDefaultsAndLags: a group made through
// groups.insert starts with Google's defaults for API groups, which are
// open, is logged as CREATE_GROUP, and answers 404 for CreateLag.
func TestGroupsInsertGivesGoogleDefaultsAndLags(t *testing.T) {
	c := &clock{t: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)}
	emu, srv, dir, rep := logDomain(t, emulator.Options{Now: c.Now, CreateLag: 20 * time.Second})
	ctx := context.Background()
	g, err := dir.Groups.Insert(&admin.Group{Email: "new@example.org", Name: "New", Description: "made by roster"}).Context(ctx).Do()
	if err != nil || g.Id == "" || g.Name != "New" || g.Description != "made by roster" {
		t.Fatalf("insert: %v %+v", err, g)
	}
	if _, err := dir.Groups.Insert(&admin.Group{Email: "NEW@example.org"}).Context(ctx).Do(); !isCode(err, http.StatusConflict) {
		t.Errorf("the same address again: %v, want 409 even while the group lags", err)
	}
	if _, err := dir.Groups.Insert(&admin.Group{Email: "not an address"}).Context(ctx).Do(); !isCode(err, http.StatusBadRequest) {
		t.Errorf("a malformed address: %v, want 400", err)
	}
	gs, err := groupssettings.NewService(ctx, option.WithEndpoint(srv.URL+"/groups/v1/groups/"), option.WithoutAuthentication())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gs.Groups.Get("new@example.org").Context(ctx).Do(); !isCode(err, http.StatusNotFound) {
		t.Errorf("settings right after creation: %v, want 404", err)
	}
	if _, err := dir.Members.Insert("new@example.org", &admin.Member{Email: "a@example.org"}).Context(ctx).Do(); !isCode(err, http.StatusNotFound) {
		t.Errorf("members.insert right after creation: %v, want 404", err)
	}
	c.Advance(20 * time.Second)
	s, err := gs.Groups.Get("new@example.org").Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{"whoCanJoin": s.WhoCanJoin, "whoCanViewMembership": s.WhoCanViewMembership, "whoCanPostMessage": s.WhoCanPostMessage,
		"whoCanContactOwner": s.WhoCanContactOwner, "whoCanDiscoverGroup": s.WhoCanDiscoverGroup, "allowExternalMembers": s.AllowExternalMembers,
		"isArchived": s.IsArchived, "messageModerationLevel": s.MessageModerationLevel}
	want := map[string]string{"whoCanJoin": "CAN_REQUEST_TO_JOIN", "whoCanViewMembership": "ALL_MEMBERS_CAN_VIEW", "whoCanPostMessage": "ANYONE_CAN_POST",
		"whoCanContactOwner": "ANYONE_CAN_CONTACT", "whoCanDiscoverGroup": "ALL_IN_DOMAIN_CAN_DISCOVER", "allowExternalMembers": "false",
		"isArchived": "false", "messageModerationLevel": "MODERATE_NONE"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("a new API group's settings (-want +got):\n%s", diff)
	}
	created := list(t, rep, "admin", "GROUP_EMAIL==new@example.org")
	if len(created) != 1 || created[0].Name != "CREATE_GROUP" || created[0].Client != emulator.DefaultClientID {
		t.Errorf("creation log %+v", created)
	}
	if n := emu.Counters()["refused.creating"]; n != 2 {
		t.Errorf("%d calls refused while the group lagged, want 2", n)
	}
}

// TestASavedLogKeepsWhatGoogleWould: a state used run after run keeps
// the audit log Google would still return (six months), not every
// event it ever held.
func TestASavedLogKeepsWhatGoogleWould(t *testing.T) {
	now := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	st := &emulator.State{Activities: []emulator.Activity{
		{Time: now.AddDate(0, -7, 0), Application: "admin", Event: "ADD_GROUP_MEMBER", Params: []emulator.Param{}},
		{Time: now.AddDate(0, -1, 0), Application: "admin", Event: "REMOVE_GROUP_MEMBER", Params: []emulator.Param{}},
	}}
	emu, err := emulator.New(emulator.Options{State: st, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	if got := emu.Activities(); len(got) != 1 || got[0].Event != "REMOVE_GROUP_MEMBER" {
		t.Errorf("kept %+v", got)
	}
}

// TestGroupsUISettingsAreLoggedByTheirPermission: a setting an owner
// changes in the Groups UI is logged as change_acl_permission under the
// permission Google names it by, for every setting a policy pins that
// the UI has.
func TestGroupsUISettingsAreLoggedByTheirPermission(t *testing.T) {
	emu, srv, _, rep := logDomain(t, emulator.Options{})
	if err := emu.AddGroup("g@example.org"); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPatch, srv.URL+"/groups/v1/groups/g@example.org",
		strings.NewReader(`{"whoCanPostMessage":"ANYONE_CAN_POST","whoCanViewGroup":"ANYONE_CAN_VIEW","whoCanViewMembership":"ALL_MEMBERS_CAN_VIEW","membersCanPostAsTheGroup":"true"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(emulator.HeaderActor, "owner@example.org")
	req.Header.Set(emulator.HeaderApplication, "groups")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("patch: %v %v", err, resp)
	}
	resp.Body.Close()
	got := map[string]string{}
	for _, e := range list(t, rep, "groups", "group_email==g@example.org") {
		if e.Name == "change_acl_permission" {
			got[e.Params["acl_permission"]] = e.Params["new_value_repeated"]
		}
	}
	want := map[string]string{"can_post": "[ANYONE_CAN_POST]", "can_view_group": "[ANYONE_CAN_VIEW]", "can_view_membership": "[ALL_MEMBERS_CAN_VIEW]", "can_post_as_group": "[true]"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("logged permissions (-want +got):\n%s", diff)
	}
}

// TestActorProfileIdIsTheAccountsID: actor.profileId is the id of the
// actor's account, the member id members.list gives them, as Google's
// is: for the person joining, for an owner acting on their group, for
// an admin who joins a group only later, and for an event of a log
// saved before events carried it.
func TestActorProfileIdIsTheAccountsID(t *testing.T) {
	emu, srv, dir, rep := logDomain(t, emulator.Options{})
	if err := emu.AddGroup("g@example.org", emulator.Member{Email: "owner@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{
		`{"event":"join","group":"g@example.org","actor":"joiner@example.org"}`,
		`{"event":"add_user","group":"g@example.org","actor":"owner@example.org","member":"friend@example.org"}`,
		`{"application":"admin","event":"ADD_GROUP_MEMBER","group":"g@example.org","actor":"root@example.org","member":"console@example.org"}`,
		// root acted before he was a member: his member id is the one
		// the log gave him.
		`{"event":"join","group":"g@example.org","actor":"root@example.org"}`,
	} {
		if code, out := byHand(t, srv.URL, body); code != http.StatusOK {
			t.Fatalf("%s: %d %s", body, code, out)
		}
	}
	ctx := context.Background()
	live, err := dir.Members.List("g@example.org").Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, m := range live.Members {
		ids[m.Email] = m.Id
	}
	profiles := func(rep *reports.Service, app string) map[string]string {
		t.Helper()
		got, err := rep.Activities.List("all", app).Context(ctx).Do()
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, a := range got.Items {
			out[a.Events[0].Name+" "+a.Actor.Email] = a.Actor.ProfileId
		}
		return out
	}
	want := map[string]string{
		"join joiner@example.org":    ids["joiner@example.org"],
		"add_user owner@example.org": ids["owner@example.org"],
		"join root@example.org":      ids["root@example.org"],
	}
	if diff := cmp.Diff(want, profiles(rep, "groups")); diff != "" {
		t.Errorf("groups log's actor.profileId (-want +got, by event and actor):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"ADD_GROUP_MEMBER root@example.org": ids["root@example.org"]}, profiles(rep, "admin")); diff != "" {
		t.Errorf("admin log's actor.profileId (-want +got):\n%s", diff)
	}

	// A log saved without the actor's id gets the account's at load.
	old := &emulator.State{
		Groups:     []*emulator.Group{{ID: "01", Email: "h@example.org", Members: []*emulator.Member{{ID: "1007", Email: "ann@example.org", Role: "MEMBER"}}}},
		Activities: []emulator.Activity{{Time: time.Now().Add(-time.Hour), Application: "groups", Type: "moderator_action", Event: "join", Actor: "ann@example.org", Params: []emulator.Param{{Name: "group_email", Value: "h@example.org"}}}},
	}
	_, _, _, rep2 := logDomain(t, emulator.Options{State: old})
	if diff := cmp.Diff(map[string]string{"join ann@example.org": "1007"}, profiles(rep2, "groups")); diff != "" {
		t.Errorf("a saved log's actor.profileId (-want +got):\n%s", diff)
	}
}
