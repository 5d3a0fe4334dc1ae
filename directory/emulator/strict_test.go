package emulator_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	admin "google.golang.org/api/admin/directory/v1"
	reports "google.golang.org/api/admin/reports/v1"
	groupssettings "google.golang.org/api/groupssettings/v1"
	"google.golang.org/api/option"

	"github.com/roster-dev/roster/directory/emulator"
)

// strictDomain serves an emulator to Google's own clients.
func strictDomain(t *testing.T, st *emulator.State) (*emulator.Server, *httptest.Server, *admin.Service) {
	t.Helper()
	emu, err := emulator.New(emulator.Options{State: st})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	svc, err := admin.NewService(context.Background(), option.WithEndpoint(srv.URL+"/"), option.WithoutAuthentication())
	if err != nil {
		t.Fatal(err)
	}
	return emu, srv, svc
}

// TestNestedGroupsAndCycles: a group added to a group is a member of type
// GROUP; adding a group to one it contains is 400 conditionNotMet; a
// derived listing reaches the nested members.
func TestNestedGroupsAndCycles(t *testing.T) {
	emu, _, svc := strictDomain(t, nil)
	ctx := context.Background()
	for _, g := range []string{"outer@example.org", "middle@example.org", "inner@example.org"} {
		if err := emu.AddGroup(g); err != nil {
			t.Fatal(err)
		}
	}
	for _, pair := range [][2]string{{"outer@example.org", "middle@example.org"}, {"middle@example.org", "inner@example.org"}, {"inner@example.org", "ada@example.org"}} {
		m, err := svc.Members.Insert(pair[0], &admin.Member{Email: pair[1]}).Context(ctx).Do()
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(pair[1], "middle@example.org") || strings.HasSuffix(pair[1], "inner@example.org") {
			if m.Type != "GROUP" {
				t.Errorf("%s in %s has type %s, want GROUP", pair[1], pair[0], m.Type)
			}
		}
	}
	_, err := svc.Members.Insert("inner@example.org", &admin.Member{Email: "outer@example.org"}).Context(ctx).Do()
	if !isCode(err, http.StatusBadRequest) || !strings.Contains(err.Error(), "Cyclic memberships not allowed") {
		t.Errorf("a cycle through nesting: %v", err)
	}
	all, err := svc.Members.List("outer@example.org").IncludeDerivedMembership(true).Context(ctx).Do()
	if err != nil || len(all.Members) != 3 {
		t.Fatalf("derived listing: %v, %d members", err, len(all.Members))
	}
}

// TestSettingsCoupling: archiveOnly and whoCanPostMessage hold together
// as Google holds them.
func TestSettingsCoupling(t *testing.T) {
	emu, srv, _ := strictDomain(t, nil)
	if err := emu.AddGroup("g@example.org"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	gs, err := groupssettings.NewService(ctx, option.WithEndpoint(srv.URL+"/groups/v1/groups/"), option.WithoutAuthentication())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gs.Groups.Patch("g@example.org", &groupssettings.Groups{WhoCanPostMessage: "NONE_CAN_POST"}).Context(ctx).Do(); !isCode(err, http.StatusBadRequest) {
		t.Errorf("NONE_CAN_POST on a live group: %v, want 400", err)
	}
	got, err := gs.Groups.Patch("g@example.org", &groupssettings.Groups{ArchiveOnly: "true"}).Context(ctx).Do()
	if err != nil || got.WhoCanPostMessage != "NONE_CAN_POST" {
		t.Fatalf("archiving: %v, whoCanPostMessage %q", err, got.WhoCanPostMessage)
	}
	got, err = gs.Groups.Patch("g@example.org", &groupssettings.Groups{ArchiveOnly: "false"}).Context(ctx).Do()
	if err != nil || got.WhoCanPostMessage != "ALL_MANAGERS_CAN_POST" {
		t.Fatalf("reopening: %v, whoCanPostMessage %q", err, got.WhoCanPostMessage)
	}
	// The Groups Settings API names a group by its address only; the
	// Directory id that groups.get takes finds nothing there.
	ds, err := admin.NewService(ctx, option.WithEndpoint(srv.URL+"/"), option.WithoutAuthentication())
	if err != nil {
		t.Fatal(err)
	}
	g, err := ds.Groups.Get("g@example.org").Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ds.Groups.Get(g.Id).Context(ctx).Do(); err != nil {
		t.Errorf("groups.get by id: %v", err)
	}
	if _, err := gs.Groups.Get(g.Id).Context(ctx).Do(); !isCode(err, http.StatusNotFound) {
		t.Errorf("settings get by id: %v, want 404", err)
	}
	if _, err := gs.Groups.Patch(g.Id, &groupssettings.Groups{WhoCanJoin: "INVITED_CAN_JOIN"}).Context(ctx).Do(); !isCode(err, http.StatusNotFound) {
		t.Errorf("settings patch by id: %v, want 404", err)
	}
}

// TestAltAndFields: alt other than json is refused, and fields trims the
// response as Google's partial responses do.
func TestAltAndFields(t *testing.T) {
	emu, srv, _ := strictDomain(t, nil)
	if err := emu.AddGroup("g@example.org", emulator.Member{Email: "a@example.org"}); err != nil {
		t.Fatal(err)
	}
	get := func(query string) (int, map[string]any) {
		resp, err := http.Get(srv.URL + "/admin/directory/v1/groups/g@example.org/members?" + query)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]any
		data, _ := io.ReadAll(resp.Body)
		_ = json.Unmarshal(data, &body)
		return resp.StatusCode, body
	}
	if code, _ := get("alt=proto"); code != http.StatusBadRequest {
		t.Errorf("alt=proto: %d, want 400", code)
	}
	code, body := get("alt=json&fields=members(email)")
	if code != http.StatusOK {
		t.Fatalf("fields: %d", code)
	}
	ms := body["members"].([]any)
	if len(body) != 1 || len(ms[0].(map[string]any)) != 1 || ms[0].(map[string]any)["email"] != "a@example.org" {
		t.Errorf("fields=members(email) gave %v", body)
	}
	if code, _ := get("fields=members("); code != http.StatusBadRequest {
		t.Errorf("a broken selection: %d, want 400", code)
	}
}

// TestActivitiesRecordChangesByHand: every write is in the audit log,
// roster's own included: an Admin SDK call with the delegated admin as
// actor and the OAuth client in applicationInfo, an Admin console change
// without applicationInfo, a Groups UI change in the groups log; and
// activities.list filters them by group.
func TestActivitiesRecordChangesByHand(t *testing.T) {
	emu, srv, _ := strictDomain(t, nil)
	for _, g := range []string{"g@example.org", "other@example.org"} {
		if err := emu.AddGroup(g); err != nil {
			t.Fatal(err)
		}
	}
	post := func(group, email, actor, app, ua string) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/admin/directory/v1/groups/"+group+"/members", strings.NewReader(`{"email":"`+email+`"}`))
		if actor != "" {
			req.Header.Set(emulator.HeaderActor, actor)
		}
		req.Header.Set(emulator.HeaderApplication, app)
		req.Header.Set("User-Agent", ua)
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("insert: %v %v", err, resp)
		}
		resp.Body.Close()
	}
	post("g@example.org", "walk-in@example.org", "root@example.org", "", "curl/8")
	post("g@example.org", "friend@example.org", "owner@example.org", "groups", "Mozilla/5.0")
	post("other@example.org", "x@example.org", "root@example.org", "", "curl/8")
	post("g@example.org", "synced@example.org", "", "", "roster/0.2.0 google-api-go-client/0.5")
	ctx := context.Background()
	rs, err := reports.NewService(ctx, option.WithEndpoint(srv.URL+"/"), option.WithoutAuthentication())
	if err != nil {
		t.Fatal(err)
	}
	admins, err := rs.Activities.List("all", "admin").Filters("GROUP_EMAIL==g@example.org").Context(ctx).Do()
	if err != nil || len(admins.Items) != 2 {
		t.Fatalf("admin activities: %v %+v", err, admins)
	}
	// Newest first: roster's own write, then the Admin console's.
	own, hand := admins.Items[0], admins.Items[1]
	if own.Actor.Email != "admin@example.org" || own.Actor.ApplicationInfo == nil || own.Actor.ApplicationInfo.OauthClientId != emulator.DefaultClientID ||
		own.Events[0].Name != "ADD_GROUP_MEMBER" || own.Events[0].Parameters[1].Value != "synced@example.org" {
		t.Errorf("roster's own write: actor %+v app %+v event %+v", own.Actor, own.Actor.ApplicationInfo, own.Events[0])
	}
	if hand.Actor.Email != "root@example.org" || hand.Actor.ApplicationInfo != nil || hand.Events[0].Parameters[1].Value != "walk-in@example.org" {
		t.Errorf("Admin console write: %+v %+v", hand.Actor, hand.Events[0])
	}
	owners, err := rs.Activities.List("all", "groups").Filters("group_email==g@example.org").Context(ctx).Do()
	if err != nil || len(owners.Items) != 1 || owners.Items[0].Events[0].Name != "add_user" || owners.Items[0].Actor.Email != "owner@example.org" {
		t.Fatalf("groups activities: %v %+v", err, owners)
	}
}

// TestTokenEndpointRefusesAsConfigured: the token endpoint refuses a
// scope domain-wide delegation does not grant, and an unknown subject.
func TestTokenEndpointRefusesAsConfigured(t *testing.T) {
	_, srv, _ := strictDomain(t, &emulator.State{Auth: &emulator.Auth{DeniedScopes: []string{"https://x/denied"}, UnknownSubjects: []string{"ghost@example.org"}}})
	assert := func(claims string) string {
		b64 := func(s string) string {
			return strings.TrimRight(strings.NewReplacer("+", "-", "/", "_").Replace(base64Std(s)), "=")
		}
		return b64(`{"alg":"RS256"}`) + "." + b64(claims) + ".sig"
	}
	for _, tt := range []struct {
		claims string
		code   int
		want   string
	}{
		{`{"iss":"sa@p","sub":"admin@example.org","scope":"https://x/ok"}`, 200, "access_token"},
		{`{"iss":"sa@p","sub":"admin@example.org","scope":"https://x/denied"}`, 401, "unauthorized_client"},
		{`{"iss":"sa@p","sub":"ghost@example.org","scope":"https://x/ok"}`, 400, "invalid_grant"},
	} {
		resp, err := http.PostForm(srv.URL+"/token", map[string][]string{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {assert(tt.claims)}})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.code || !strings.Contains(string(body), tt.want) {
			t.Errorf("%s: %d %s", tt.claims, resp.StatusCode, body)
		}
	}
}

func base64Std(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
