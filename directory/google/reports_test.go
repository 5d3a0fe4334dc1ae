package google_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
)

// byHand makes a change through the emulator as a person would.
func byHand(t *testing.T, emu *emulator.Server, c emulator.Change) {
	t.Helper()
	if _, err := emu.ByHand(c); err != nil {
		t.Fatalf("%s %s: %v", c.Application, c.Event, err)
	}
}

// brief is an Activity without its time and id, for comparing.
func brief(acts []directory.Activity) []directory.Activity {
	out := make([]directory.Activity, len(acts))
	for i, a := range acts {
		a.Time, a.ID, a.ActorID = time.Time{}, "", ""
		out[i] = a
	}
	return out
}

// TestAuditLogInGoogleShapes reads, through Google's client, every kind
// of change the emulator logs: roster's own Admin SDK writes (actor the
// delegated admin, ClientID roster's client), the Admin console's, the
// Groups UI's, a bulk upload and the Cloud console's, for one group and
// for the whole domain.
func TestAuditLogInGoogleShapes(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, emulator.Options{Admin: "groups-admin@example.org"}, google.Config{})
	for _, g := range []string{"g@example.org", "other@example.org"} {
		if err := f.emu.AddGroup(g, emulator.Member{Email: "owner@example.org", Role: "OWNER"}); err != nil {
			t.Fatal(err)
		}
	}
	ada, err := f.client.Add(ctx, "g@example.org", "ada@example.org", directory.RoleMember)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.client.SetRole(ctx, "g@example.org", ada.ID, directory.RoleManager); err != nil {
		t.Fatal(err)
	}
	if err := f.client.PatchSettings(ctx, "g@example.org", map[string]string{"whoCanJoin": "INVITED_CAN_JOIN"}); err != nil {
		t.Fatal(err)
	}
	byHand(t, f.emu, emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: "g@example.org", Actor: "root@example.org", Member: "console@example.org"})
	byHand(t, f.emu, emulator.Change{Event: "join", Group: "g@example.org", Actor: "joiner@example.org"})
	byHand(t, f.emu, emulator.Change{Event: "add_user", Group: "g@example.org", Actor: "owner@example.org", Member: "friend@example.org", Role: "MANAGER"})
	byHand(t, f.emu, emulator.Change{Event: "change_acl_permission", Group: "g@example.org", Actor: "owner@example.org", Setting: "can_join",
		Old: []string{"invited"}, New: []string{"domain_users", "public"}})
	byHand(t, f.emu, emulator.Change{Event: "add_user", Group: "other@example.org", Actor: "owner@example.org", Member: "elsewhere@example.org"})
	byHand(t, f.emu, emulator.Change{Application: "admin", Event: "GROUP_MEMBER_BULK_UPLOAD", Group: "other@example.org", Actor: "root@example.org",
		Members: []emulator.Member{{Email: "b1@example.org"}, {Email: "b2@example.org"}}})
	byHand(t, f.emu, emulator.Change{Application: "groups_enterprise", Event: "add_member", Group: "g@example.org", Actor: "cloud@example.org", Member: "gcloud@example.org"})
	byHand(t, f.emu, emulator.Change{Application: "groups_enterprise", Event: "remove_member", Group: "other@example.org", Actor: "cloud@example.org", Member: "b1@example.org"})

	roster := emulator.DefaultClientID
	admin, err := f.client.Activities(ctx, directory.AppAdmin, "g@example.org", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	wantAdmin := []directory.Activity{
		{Application: "admin", Event: "ADD_GROUP_MEMBER", Actor: "groups-admin@example.org", CallerType: "USER", ClientID: roster, Impersonation: true,
			Group: "g@example.org", Member: "ada@example.org"},
		{Application: "admin", Event: "UPDATE_GROUP_MEMBER", Actor: "groups-admin@example.org", CallerType: "USER", ClientID: roster, Impersonation: true,
			Group: "g@example.org", Member: "ada@example.org", Role: "MANAGER", Old: "MEMBER", New: "MANAGER", OldValues: []string{"MEMBER"}, NewValues: []string{"MANAGER"}},
		{Application: "admin", Event: "CHANGE_GROUP_SETTING", Actor: "groups-admin@example.org", CallerType: "USER", ClientID: roster, Impersonation: true,
			Group: "g@example.org", Setting: "whoCanJoin", Old: "CAN_REQUEST_TO_JOIN", New: "INVITED_CAN_JOIN", OldValues: []string{"CAN_REQUEST_TO_JOIN"}, NewValues: []string{"INVITED_CAN_JOIN"}},
		{Application: "admin", Event: "ADD_GROUP_MEMBER", Actor: "root@example.org", CallerType: "USER", Group: "g@example.org", Member: "console@example.org"},
	}
	if diff := cmp.Diff(wantAdmin, brief(admin)); diff != "" {
		t.Errorf("admin log of g (-want +got):\n%s", diff)
	}
	if !admin[0].By(roster) || admin[3].By(roster) || admin[0].Time.After(admin[3].Time) {
		t.Errorf("roster's own writes are told apart by client ID, oldest first: %+v", admin)
	}

	ui, err := f.client.Activities(ctx, directory.AppGroups, "g@example.org", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	wantUI := []directory.Activity{
		{Application: "groups", Event: "join", Actor: "joiner@example.org", CallerType: "USER", Group: "g@example.org", Member: "joiner@example.org"},
		{Application: "groups", Event: "add_user", Actor: "owner@example.org", CallerType: "USER", Group: "g@example.org", Member: "friend@example.org", Role: "manager"},
		{Application: "groups", Event: "change_acl_permission", Actor: "owner@example.org", CallerType: "USER", Group: "g@example.org", Setting: "can_join",
			Old: "invited", New: "domain_users,public", OldValues: []string{"invited"}, NewValues: []string{"domain_users", "public"}},
	}
	if diff := cmp.Diff(wantUI, brief(ui)); diff != "" {
		t.Errorf("groups log of g (-want +got):\n%s", diff)
	}
	if ui[2].SettingField() != "whoCanJoin" || ui[0].Effect() != directory.EffectAdded || ui[2].Effect() != directory.EffectSetting {
		t.Errorf("acl_permission can_join is whoCanJoin, join adds: %q %v %v", ui[2].SettingField(), ui[0].Effect(), ui[2].Effect())
	}

	gid, err := f.client.GroupID(ctx, "g@example.org")
	if err != nil {
		t.Fatal(err)
	}
	cloud, err := f.client.Activities(ctx, directory.AppGroupsEnterprise, "g@example.org", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var gcloudID string
	for _, m := range f.emu.Members("g@example.org") {
		if m.Email == "gcloud@example.org" {
			gcloudID = m.ID
		}
	}
	wantCloud := []directory.Activity{{Application: "groups_enterprise", Event: "add_member", Actor: "cloud@example.org", CallerType: "USER",
		Role: "member", GroupID: gid, MemberID: gcloudID, MemberType: "user"}}
	if diff := cmp.Diff(wantCloud, brief(cloud)); diff != "" {
		t.Errorf("groups_enterprise log of g (-want +got):\n%s", diff)
	}

	// The whole domain: another group's events, and the bulk upload,
	// which names no group and so makes every group suspect.
	var all []directory.Activity
	for _, app := range directory.Applications() {
		acts, err := f.client.Activities(ctx, app, "", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, acts...)
	}
	touched := directory.TouchedGroups(all)
	if !touched.Groups["g@example.org"] || !touched.Groups["other@example.org"] || len(touched.GroupIDs) != 2 || len(touched.Unknown) != 1 {
		t.Fatalf("touched %+v", touched)
	}
	if bulk := touched.Unknown[0]; bulk.Event != "GROUP_MEMBER_BULK_UPLOAD" || bulk.Count != 2 || bulk.Failed != 0 || bulk.Group != "" || bulk.Effect() != directory.EffectBulkUpload {
		t.Errorf("bulk upload %+v", bulk)
	}
	if !touched.Has("anything@example.org", "") {
		t.Error("after a bulk upload every group may have changed")
	}
	touched.Unknown = nil
	if !touched.Has("x@example.org", gid) || touched.Has("quiet@example.org", "0000") {
		t.Error("a group named only by id in groups_enterprise is found by its id, and only it")
	}
}

// TestActivitiesSince: a read since a time leaves out what came before.
func TestActivitiesSince(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	var clock atomic.Int64
	clock.Store(now.UnixNano())
	f := newFixture(t, emulator.Options{Now: func() time.Time { return time.Unix(0, clock.Load()) }}, google.Config{})
	if err := f.emu.AddGroup("g@example.org"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := f.client.Add(ctx, "g@example.org", "old@example.org", directory.RoleMember); err != nil {
		t.Fatal(err)
	}
	clock.Add(int64(2 * time.Hour))
	if _, err := f.client.Add(ctx, "g@example.org", "new@example.org", directory.RoleMember); err != nil {
		t.Fatal(err)
	}
	acts, err := f.client.Activities(ctx, directory.AppAdmin, "", now.Add(time.Hour))
	if err != nil || len(acts) != 1 || acts[0].Member != "new@example.org" {
		t.Fatalf("since an hour after the first add: %v %+v", err, acts)
	}
}

// TestWholeDomainReadIsAFewPagedCalls: a whole-domain read asks for
// pages of 1000.
func TestWholeDomainReadIsAFewPagedCalls(t *testing.T) {
	f := newFixture(t, emulator.Options{}, google.Config{})
	if err := f.emu.AddGroup("g@example.org"); err != nil {
		t.Fatal(err)
	}
	bulk := make([]emulator.Member, 2500)
	for i := range bulk {
		bulk[i] = emulator.Member{Email: fmt.Sprintf("u%04d@example.org", i)}
	}
	for _, m := range bulk {
		byHand(t, f.emu, emulator.Change{Event: "add_user", Group: "g@example.org", Actor: "owner@example.org", Member: m.Email})
	}
	f.emu.ResetCounters()
	acts, err := f.client.Activities(context.Background(), directory.AppGroups, "", time.Time{})
	if err != nil || len(acts) != 2500 {
		t.Fatalf("%v, %d events", err, len(acts))
	}
	if n := f.emu.Counters()["activities.list"]; n != 3 {
		t.Errorf("%d activities.list calls for 2,500 events, want 3", n)
	}
}

// standIn answers every activities.list with the given items, ignoring
// filters, as Google does for a parameter it does not know.
func standIn(t *testing.T, items ...map[string]any) (string, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if strings.HasPrefix(r.URL.Path, "/admin/directory/v1/groups/") {
			_ = json.NewEncoder(w).Encode(map[string]any{"id": "03abc", "email": strings.TrimPrefix(r.URL.Path, "/admin/directory/v1/groups/")})
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"kind": "admin#reports#activities", "items": items})
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &calls
}

func activity(app, name string, params ...map[string]any) map[string]any {
	return map[string]any{
		"id":     map[string]any{"time": "2026-05-01T12:00:00.000Z", "uniqueQualifier": "-42", "applicationName": app},
		"actor":  map[string]any{"callerType": "USER", "email": "someone@example.org"},
		"events": []any{map[string]any{"name": name, "parameters": params}},
	}
}

// adminEvents reads the admin log of g@example.org from a stand-in that
// answers items, since since.
func adminEvents(t *testing.T, since time.Time, items ...map[string]any) []directory.Activity {
	t.Helper()
	url, _ := standIn(t, items...)
	client, err := google.New(context.Background(), google.Config{Endpoint: url, Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	got, err := client.Activities(context.Background(), directory.AppAdmin, "g@example.org", since)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func p(name string, value any) map[string]any {
	switch v := value.(type) {
	case []string:
		return map[string]any{"name": name, "multiValue": v}
	case int:
		return map[string]any{"name": name, "intValue": fmt.Sprint(v)}
	case bool:
		return map[string]any{"name": name, "boolValue": v}
	}
	return map[string]any{"name": name, "value": value}
}

// TestAStandInThatIgnoresTheFilterCannotMisattribute: the events of
// other groups a server sends back are dropped, whatever form their
// parameters take; every parameter form is read.
func TestAStandInThatIgnoresTheFilterCannotMisattribute(t *testing.T) {
	url, _ := standIn(t,
		activity("admin", "ADD_GROUP_MEMBER", p("GROUP_EMAIL", "OTHER@example.org"), p("USER_EMAIL", "x@example.org")),
		activity("admin", "ADD_GROUP_MEMBER", p("GROUP_EMAIL", "G@Example.org"), p("USER_EMAIL", "mine@example.org")),
		activity("admin", "GROUP_MEMBER_BULK_UPLOAD", p("GROUP_MEMBER_BULK_UPLOAD_TOTAL_NUMBER", 12), p("GROUP_MEMBER_BULK_UPLOAD_FAILED_NUMBER", "2")),
		activity("admin", "CHANGE_GROUP_SETTING", p("GROUP_EMAIL", "g@example.org"), p("SETTING_NAME", "WHO_CAN_JOIN"), p("OLD_VALUE", []string{"a", "b"}), p("NEW_VALUE", true)),
	)
	client, err := google.New(context.Background(), google.Config{Endpoint: url, Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	got, err := client.Activities(context.Background(), directory.AppAdmin, "g@example.org", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	// Google sends the newest first: of events of one instant, the last
	// sent happened first.
	if len(got) != 2 || got[1].Member != "mine@example.org" || got[1].ID != "-42" {
		t.Fatalf("events of g: %+v", got)
	}
	if s := got[0]; s.Setting != "WHO_CAN_JOIN" || s.Old != "a,b" || s.New != "true" {
		t.Errorf("multiValue and boolValue: %+v", s)
	}
	all, err := client.Activities(context.Background(), directory.AppAdmin, "", time.Time{})
	if err != nil || len(all) != 4 {
		t.Fatalf("whole domain: %v %d", err, len(all))
	}
	if b := all[1]; b.Count != 12 || b.Failed != 2 {
		t.Errorf("intValue and value counts: %+v", b)
	}
}

// TestGroupsEnterpriseIDsMatchInEitherForm: groups_enterprise names the
// group by id; a resource name (groups/ID) matches the Directory id, and
// another group's id is dropped.
func TestGroupsEnterpriseIDsMatchInEitherForm(t *testing.T) {
	url, calls := standIn(t,
		activity("groups_enterprise", "add_member", p("group_id", "groups/03abc"), p("member_id", "groups/03abc/memberships/1123"), p("member_role", "member"), p("member_type", "user")),
		activity("groups_enterprise", "remove_member", p("group_id", "03abc"), p("member_id", "999"), p("member_type", "user")),
		activity("groups_enterprise", "add_member", p("group_id", "04zzz"), p("member_id", "1"), p("member_type", "user")),
		activity("groups_enterprise", "join", p("group_id", "03abc")),
		activity("groups_enterprise", "remove_member", p("group_id", "03abc"), p("member_id", "zed@example.org"), p("member_type", "user")),
	)
	client, err := google.New(context.Background(), google.Config{Endpoint: url, Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	got, err := client.Activities(context.Background(), directory.AppGroupsEnterprise, "g@example.org", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	// Oldest first: the reverse of the order sent, at one instant.
	want := []directory.Activity{
		// A member named by address, though Google's reference says
		// "identifier": matched by it, as the other logs' members are.
		{Application: "groups_enterprise", Event: "remove_member", Actor: "someone@example.org", CallerType: "USER", GroupID: "03abc", Member: "zed@example.org", MemberType: "user"},
		{Application: "groups_enterprise", Event: "join", Actor: "someone@example.org", CallerType: "USER", GroupID: "03abc", Member: "someone@example.org"},
		{Application: "groups_enterprise", Event: "remove_member", Actor: "someone@example.org", CallerType: "USER", GroupID: "03abc", MemberID: "999", MemberType: "user"},
		{Application: "groups_enterprise", Event: "add_member", Actor: "someone@example.org", CallerType: "USER", Role: "member",
			GroupID: "groups/03abc", MemberID: "groups/03abc/memberships/1123", MemberType: "user"},
	}
	if diff := cmp.Diff(want, brief(got), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if !directory.MatchID(got[3].MemberID, "1123") || directory.MatchID(got[2].MemberID, "1123") {
		t.Error("member ids match the id members.list gives")
	}
	if calls.Load() != 3 {
		t.Errorf("%d calls, want groups.get and an activities.list for each form of the id", calls.Load())
	}
	if _, err := client.Activities(context.Background(), "drive", "g@example.org", time.Time{}); !errors.Is(err, directory.ErrInvalid) {
		t.Errorf("an unknown application: %v", err)
	}
}

// TestGroupsEnterpriseIsAskedForInBothForms: Google's filter compares
// group_id as written, and its reference does not say whether the log
// writes the id groups.get gives ("03abc") or Cloud Identity's resource
// name ("groups/03abc"): against a stand-in that filters exactly, a
// change logged in either form is found, and each once.
func TestGroupsEnterpriseIsAskedForInBothForms(t *testing.T) {
	for _, form := range []string{"03abc", "groups/03abc"} {
		t.Run(form, func(t *testing.T) {
			items := []map[string]any{
				activity("groups_enterprise", "add_member", p("group_id", form), p("member_id", "1123"), p("member_role", "member"), p("member_type", "user")),
				activity("groups_enterprise", "add_member", p("group_id", "groups/04zzz"), p("member_id", "1"), p("member_type", "user")),
			}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if strings.HasPrefix(r.URL.Path, "/admin/directory/v1/groups/") {
					_ = json.NewEncoder(w).Encode(map[string]any{"id": "03abc", "email": "g@example.org"})
					return
				}
				name, value, _ := strings.Cut(r.URL.Query().Get("filters"), "==")
				var kept []map[string]any
				for _, it := range items {
					for _, prm := range it["events"].([]any)[0].(map[string]any)["parameters"].([]map[string]any) {
						if prm["name"] == name && prm["value"] == value {
							kept = append(kept, it)
						}
					}
				}
				_ = json.NewEncoder(w).Encode(map[string]any{"kind": "admin#reports#activities", "items": kept})
			}))
			t.Cleanup(srv.Close)
			client, err := google.New(context.Background(), google.Config{Endpoint: srv.URL, Retry: fastRetry})
			if err != nil {
				t.Fatal(err)
			}
			got, err := client.Activities(context.Background(), directory.AppGroupsEnterprise, "g@example.org", time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].GroupID != form || got[0].MemberID != "1123" {
				t.Errorf("got %+v, want the one change logged with group_id %q", brief(got), form)
			}
		})
	}
}

// TestAnEventWithNoTimeRefusesTheLog: an activity whose id.time is
// missing or unreadable (Google dates every one) dates nothing, and
// cannot say whether it falls in a window: it is never cited (as a change
// of the year 1), nor left out, which would have an incremental run skip
// its group; the read fails, group by group and domain-wide, as for any
// page not to trust.
func TestAnEventWithNoTimeRefusesTheLog(t *testing.T) {
	undated := activity("admin", "ADD_GROUP_MEMBER", p("GROUP_EMAIL", "g@example.org"), p("USER_EMAIL", "notime@example.org"))
	undated["id"] = map[string]any{"time": "", "uniqueQualifier": "-7", "applicationName": "admin"}
	garbled := activity("admin", "ADD_GROUP_MEMBER", p("GROUP_EMAIL", "g@example.org"), p("USER_EMAIL", "garbled@example.org"))
	garbled["id"] = map[string]any{"time": "2026-12-07 02:00:07", "uniqueQualifier": "-8", "applicationName": "admin"}
	dated := activity("admin", "ADD_GROUP_MEMBER", p("GROUP_EMAIL", "g@example.org"), p("USER_EMAIL", "dated@example.org"))
	for name, bad := range map[string]map[string]any{"no time": undated, "not RFC 3339": garbled} {
		url, _ := standIn(t, bad, dated)
		client, err := google.New(context.Background(), google.Config{Endpoint: url, Retry: fastRetry})
		if err != nil {
			t.Fatal(err)
		}
		for _, group := range []string{"g@example.org", ""} {
			got, err := client.Activities(context.Background(), directory.AppAdmin, group, time.Time{})
			if !errors.Is(err, directory.ErrInvalid) || !strings.Contains(err.Error(), "1 event whose time cannot be read") {
				t.Errorf("%s, group %q: got %+v, %v; want the read refused", name, group, brief(got), err)
			}
		}
	}
}

// TestEventsBeforeTheStartTimeAreLeftOut: a server that ignores
// startTime sends events of days before the window; they are no events
// of it, and are dropped as other groups' are.
func TestEventsBeforeTheStartTimeAreLeftOut(t *testing.T) {
	old := activity("admin", "ADD_GROUP_MEMBER", p("GROUP_EMAIL", "g@example.org"), p("USER_EMAIL", "old@example.org"))
	old["id"] = map[string]any{"time": "2026-04-28T12:00:00.000Z", "uniqueQualifier": "-9", "applicationName": "admin"}
	recent := activity("admin", "ADD_GROUP_MEMBER", p("GROUP_EMAIL", "g@example.org"), p("USER_EMAIL", "recent@example.org"))
	got := adminEvents(t, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), old, recent)
	if len(got) != 1 || got[0].Member != "recent@example.org" {
		t.Errorf("got %+v, want the event of the window alone", brief(got))
	}
	// The domain's bulk uploads, read unfiltered, alike.
	oldBulk := activity("admin", "GROUP_MEMBER_BULK_UPLOAD", p("GROUP_MEMBER_BULK_UPLOAD_TOTAL_NUMBER", 3))
	oldBulk["id"] = map[string]any{"time": "2026-04-28T12:00:00.000Z", "uniqueQualifier": "-10", "applicationName": "admin"}
	url, _ := standIn(t, oldBulk, activity("admin", "GROUP_MEMBER_BULK_UPLOAD", p("GROUP_MEMBER_BULK_UPLOAD_TOTAL_NUMBER", 1)))
	client, err := google.New(context.Background(), google.Config{Endpoint: url, Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	bulk, err := client.BulkUploads(context.Background(), time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || len(bulk) != 1 || bulk[0].Count != 1 {
		t.Errorf("bulk uploads %+v, %v: want the one of the window", bulk, err)
	}
}

// TestASystemActorIsReadByItsKey: an event Google's own systems made
// has an actor with no email nor id, only a key ("SYSTEM"), which is
// read.
func TestASystemActorIsReadByItsKey(t *testing.T) {
	sys := activity("admin", "ADD_GROUP_MEMBER", p("GROUP_EMAIL", "g@example.org"), p("USER_EMAIL", "x@example.org"))
	sys["actor"] = map[string]any{"callerType": "KEY", "key": "SYSTEM"}
	got := adminEvents(t, time.Time{}, sys)
	if len(got) != 1 || got[0].ActorKey != "SYSTEM" || got[0].Actor != "" {
		t.Errorf("got %+v", got)
	}
}

// TestOversizedAuditLogPagesAreRefused: a page of more activities than
// the 1,000 asked for, or an activity of more events than any Google
// sends, fails that log's read (not retried) rather than growing memory
// page after page; the largest honest shapes are read.
func TestOversizedAuditLogPagesAreRefused(t *testing.T) {
	withEvents := func(n int) map[string]any {
		a := activity("admin", "CHANGE_GROUP_SETTING")
		evs := make([]any, n)
		for i := range evs {
			evs[i] = map[string]any{"name": "CHANGE_GROUP_SETTING", "parameters": []any{p("GROUP_EMAIL", "g@example.org")}}
		}
		a["events"] = evs
		return a
	}
	many := func(n int) []map[string]any {
		out := make([]map[string]any, n)
		for i := range out {
			out[i] = activity("admin", "ADD_GROUP_MEMBER", p("GROUP_EMAIL", "g@example.org"), p("USER_EMAIL", "x@example.org"))
		}
		return out
	}
	tests := []struct {
		name  string
		items []map[string]any
		want  string // "" for a read that succeeds
	}{
		{"a page of 1,000 activities is read", many(1000), ""},
		{"a page of 1,001 activities is refused", many(1001), "a page of 1001 activities, more than the 1000 asked for"},
		{"an activity of 100 events is read", []map[string]any{withEvents(100)}, ""},
		{"an activity of 101 events is refused", []map[string]any{withEvents(1), withEvents(101)}, "an activity of 101 events"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, calls := standIn(t, tt.items...)
			client, err := google.New(context.Background(), google.Config{Endpoint: url, Retry: fastRetry})
			if err != nil {
				t.Fatal(err)
			}
			got, err := client.Activities(context.Background(), directory.AppAdmin, "", time.Time{})
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("an honest page: %v", err)
			case tt.want != "" && (!errors.Is(err, directory.ErrInvalid) || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("got %d events, %v; want an error saying %q", len(got), err, tt.want)
			}
			if calls.Load() != 1 {
				t.Errorf("%d calls: a refused page is not asked for again", calls.Load())
			}
		})
	}
}

// TestTheLogIsFilteredByTheAddressGoogleLogs: a group the file writes
// in capitals is asked for in lower case, as Google logs its address: a
// filter that compares the value as given would otherwise match
// nothing, and the group's changes would read as unexplained.
func TestTheLogIsFilteredByTheAddressGoogleLogs(t *testing.T) {
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var filters []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/activity/") {
			mu.Lock()
			filters = append(filters, r.URL.Query().Get("filters"))
			mu.Unlock()
		}
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	client, err := google.New(context.Background(), google.Config{Endpoint: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	for _, app := range []string{directory.AppAdmin, directory.AppGroups} {
		if _, err := client.Activities(context.Background(), app, "Sec@Example.ORG", time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"GROUP_EMAIL==sec@example.org", "group_email==sec@example.org"}; !cmp.Equal(filters, want) {
		t.Errorf("filters %q, want %q", filters, want)
	}
}

// TestAPageOfAnotherLogRefusesTheRead: an answer for the groups log that
// carries the admin log's activities (id.applicationName) is not the
// groups log: read as it, a hand change in the Groups UI would pass for
// none, and an incremental run skip its group. The read fails, as for
// any page not to trust, and the run reads every group.
func TestAPageOfAnotherLogRefusesTheRead(t *testing.T) {
	url, _ := standIn(t, activity("admin", "ADD_GROUP_MEMBER", p("GROUP_EMAIL", "g@example.org"), p("USER_EMAIL", "x@example.org")))
	client, err := google.New(context.Background(), google.Config{Endpoint: url, Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	for _, group := range []string{"g@example.org", ""} {
		if acts, err := client.Activities(context.Background(), directory.AppGroups, group, time.Time{}); !errors.Is(err, directory.ErrInvalid) || !strings.Contains(err.Error(), `the "admin" log in an answer for the "groups" log`) {
			t.Errorf("group %q: %+v, %v; want the read refused", group, brief(acts), err)
		}
	}
	if _, err := client.Activities(context.Background(), directory.AppAdmin, "g@example.org", time.Time{}); err != nil {
		t.Errorf("the admin log asked for: %v", err)
	}
}

// TestAnAuditLogThatRepeatsItsPagesEnds: a server that sends the same
// activities again under a new page token each time is refused after a
// few such pages, as a member listing is, not read up to the page
// budget (2,500 calls a log); pages that are empty while they name a
// next one, as Google's may be while it scans a filter's range, and
// pages that overlap, are read on (s29-auditlog finding 2b).
func TestAnAuditLogThatRepeatsItsPagesEnds(t *testing.T) {
	act := func(q int) map[string]any {
		a := activity("admin", "ADD_GROUP_MEMBER", p("GROUP_EMAIL", "g@example.org"), p("USER_EMAIL", fmt.Sprintf("u%d@example.org", q)))
		a["id"] = map[string]any{"time": "2026-05-01T12:00:00.000Z", "uniqueQualifier": fmt.Sprint(q), "applicationName": "admin"}
		return a
	}
	for _, tc := range []struct {
		name  string
		page  func(n int) []map[string]any // the n-th page's items; nil ends the listing
		pages int32                        // calls at most
		fails bool
	}{
		{"the same page again and again", func(int) []map[string]any { return []map[string]any{act(1), act(2)} }, 10, true},
		{"empty pages, then the events", func(n int) []map[string]any {
			switch {
			case n < 8:
				return []map[string]any{}
			case n == 8:
				return []map[string]any{act(1)}
			}
			return nil
		}, 9, false},
		{"pages that overlap by one", func(n int) []map[string]any {
			if n >= 12 {
				return nil
			}
			return []map[string]any{act(n), act(n + 1)}
		}, 12, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := int(calls.Add(1)) - 1
				items := tc.page(n)
				body := map[string]any{"kind": "admin#reports#activities", "items": items}
				if items != nil && tc.page(n+1) != nil {
					body["nextPageToken"] = fmt.Sprintf("t%d", n+1)
				}
				w.Header().Set("Content-Type", "application/json")
				_ = json.NewEncoder(w).Encode(body)
			}))
			t.Cleanup(srv.Close)
			client, err := google.New(context.Background(), google.Config{Endpoint: srv.URL, Retry: fastRetry})
			if err != nil {
				t.Fatal(err)
			}
			_, err = client.Activities(context.Background(), directory.AppAdmin, "", time.Time{})
			if tc.fails != errors.Is(err, directory.ErrEndless) || calls.Load() > tc.pages {
				t.Errorf("%d calls, %v", calls.Load(), err)
			}
		})
	}
}

// TestAGroupListingThatRepeatsItsPagesEnds: groups.list (the groups a
// group is in, every group of the domain) sending the same groups under
// new page tokens is refused after a few pages, as members.list and the
// audit log are, not read to the page budget (s29-regressB finding 3).
func TestAGroupListingThatRepeatsItsPagesEnds(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"groups": []any{map[string]any{"id": "g1", "email": "one@example.org"}}, "nextPageToken": fmt.Sprintf("t%d", n)})
	}))
	t.Cleanup(srv.Close)
	client, err := google.New(context.Background(), google.Config{Endpoint: srv.URL, Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	for name, list := range map[string]func() error{
		"AllGroups":    func() error { _, err := client.AllGroups(context.Background()); return err },
		"ParentGroups": func() error { _, err := client.ParentGroups(context.Background(), "inner@example.org"); return err },
	} {
		calls.Store(0)
		if err := list(); !errors.Is(err, directory.ErrEndless) || calls.Load() > 10 {
			t.Errorf("%s: %d calls, %v", name, calls.Load(), err)
		}
	}
}

// TestMembersReadAtIsGooglesClock: a group's read is dated by the answer's
// Date, the clock the audit log is dated by (the emulator's own), so that
// events logged after it are told apart from what it found.
func TestMembersReadAtIsGooglesClock(t *testing.T) {
	then := time.Date(2026, 5, 1, 12, 0, 7, 0, time.UTC)
	clock := func() time.Time { return then.Add(300 * time.Millisecond) }
	f := newFixture(t, emulator.Options{Now: clock}, google.Config{Now: clock})
	if err := f.emu.AddGroup("g@example.org"); err != nil {
		t.Fatal(err)
	}
	if got := f.client.MembersReadAt("g@example.org"); !got.IsZero() {
		t.Errorf("before any read: %v", got)
	}
	if _, err := f.client.Members(context.Background(), "g@example.org"); err != nil {
		t.Fatal(err)
	}
	if got := f.client.MembersReadAt("G@example.org"); !got.Equal(then) {
		t.Errorf("read at %v, want %v (the answer's Date, to the second)", got, then)
	}
}

// TestMembersReadAtIsTheLastPages: a listing of pages is dated by its
// last page's answer: a change shown on a later page was made before
// that page was read, and its event must not be taken for one after the
// read (s30-attr).
func TestMembersReadAtIsTheLastPages(t *testing.T) {
	start := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	var calls atomic.Int64
	f := newFixture(t, emulator.Options{Now: func() time.Time { return start.Add(time.Duration(calls.Add(1)) * 10 * time.Second) }},
		google.Config{Now: func() time.Time { return start.Add(time.Duration(calls.Load()) * 10 * time.Second) }})
	var ms []emulator.Member
	for i := range 250 {
		ms = append(ms, emulator.Member{Email: fmt.Sprintf("m%d@example.org", i), Role: "MEMBER"})
	}
	if err := f.emu.AddGroup("g@example.org", ms...); err != nil {
		t.Fatal(err)
	}
	got, err := f.client.Members(context.Background(), "g@example.org")
	if err != nil {
		t.Fatal(err)
	}
	last := start.Add(time.Duration(calls.Load()) * 10 * time.Second)
	if at := f.client.MembersReadAt("g@example.org"); !at.Equal(last) {
		t.Errorf("read at %v, want the last page's %v", at, last)
	}
	// Each member is dated by the page that listed them.
	if first := got[0].Seen; first.IsZero() || !first.Before(got[len(got)-1].Seen) || !got[len(got)-1].Seen.Equal(last) {
		t.Errorf("members seen at %v (first) and %v (last), want the first page's before the last's, %v", first, got[len(got)-1].Seen, last)
	}
}

// TestBulkUploadCountsGoogleCannotSendAreUnknown: a bulk upload logged
// with a negative count, one no upload can have, or more failed than
// uploaded, is still read (it happened, by whom and when), with that
// count unknown (0), never printed as "a bulk upload of -7 members"
// (s31-attr finding 4).
func TestBulkUploadCountsGoogleCannotSendAreUnknown(t *testing.T) {
	bulk := func(id string, total, failed int) map[string]any {
		a := activity("admin", "GROUP_MEMBER_BULK_UPLOAD", p("GROUP_MEMBER_BULK_UPLOAD_TOTAL_NUMBER", total), p("GROUP_MEMBER_BULK_UPLOAD_FAILED_NUMBER", failed))
		a["id"] = map[string]any{"time": "2026-05-01T12:00:00.000Z", "uniqueQualifier": id, "applicationName": "admin"}
		return a
	}
	url, _ := standIn(t, bulk("4", 12, 2), bulk("3", 3, 9), bulk("2", 5_000_000_000, 1), bulk("1", -7, -9))
	client, err := google.New(context.Background(), google.Config{Endpoint: url, Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	got, err := client.BulkUploads(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var counts []string
	for _, a := range got {
		counts = append(counts, fmt.Sprintf("%s:%d/%d", a.ID, a.Count, a.Failed))
	}
	if want := "1:0/0 2:0/1 3:3/0 4:12/2"; strings.Join(counts, " ") != want {
		t.Errorf("uploads (id:count/failed) %s, want %s", strings.Join(counts, " "), want)
	}
}
