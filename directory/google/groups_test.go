package google_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
)

// TestCreateGroup creates a group through the real client: it exists
// with Google's open defaults for API groups, answers 404 for a while
// as Google's can (a caller pinning settings first must retry), and
// creating it again, or a malformed address, or without the right, is a
// typed error.
func TestCreateGroup(t *testing.T) {
	ctx := context.Background()
	var clock atomic.Int64
	clock.Store(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC).UnixNano())
	f := newFixture(t, emulator.Options{CreateLag: 10 * time.Second, Now: func() time.Time { return time.Unix(0, clock.Load()) }}, google.Config{})
	var creator directory.GroupCreator = f.client // what a caller type-asserts
	g, err := creator.CreateGroup(ctx, "security@example.org", "Security", "Private vulnerability reports")
	if err != nil || g.ID == "" || g.Email != "security@example.org" || g.Name != "Security" || g.Description != "Private vulnerability reports" {
		t.Fatalf("create: %v %+v", err, g)
	}
	if _, err := f.client.Settings(ctx, "security@example.org"); !errors.Is(err, directory.ErrGroupNotFound) {
		t.Errorf("settings right after creation: %v, want ErrGroupNotFound (Google lags)", err)
	}
	clock.Add(int64(10 * time.Second))
	s, err := f.client.Settings(ctx, "security@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if s["whoCanPostMessage"] != "ANYONE_CAN_POST" || s["whoCanJoin"] != "CAN_REQUEST_TO_JOIN" || s["whoCanContactOwner"] != "ANYONE_CAN_CONTACT" {
		t.Errorf("a new group's settings are Google's open defaults for API groups: %v", s)
	}
	if id, err := f.client.GroupID(ctx, "security@example.org"); err != nil || id != g.ID {
		t.Errorf("GroupID: %q %v, want %q", id, err, g.ID)
	}
	// Google takes the group's id wherever it takes its address, as
	// Cloud Identity's log names it ("groups/ID").
	if byID, err := f.client.Group(ctx, directory.GroupKey("groups/"+g.ID)); err != nil || byID.Email != "security@example.org" {
		t.Errorf("the group by its id: %+v %v", byID, err)
	}
	for _, tt := range []struct {
		name  string
		email string
		want  error
	}{
		{"again", "Security@example.org", directory.ErrGroupExists},
		{"malformed", "not an address", directory.ErrInvalid},
	} {
		if _, err := f.client.CreateGroup(ctx, tt.email, "", ""); !errors.Is(err, tt.want) || directory.IsRetryable(err) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	f.emu.SetAuth(&emulator.Auth{NotAdmin: true})
	if _, err := f.client.CreateGroup(ctx, "other@example.org", "", ""); !errors.Is(err, directory.ErrForbidden) {
		t.Errorf("without the right: %v, want ErrForbidden", err)
	}
	if _, err := f.client.GroupID(ctx, "nope@example.org"); !errors.Is(err, directory.ErrForbidden) {
		t.Errorf("groups.get without the right: %v", err)
	}
	f.emu.SetAuth(nil)
	if _, err := f.client.GroupID(ctx, "nope@example.org"); !errors.Is(err, directory.ErrGroupNotFound) {
		t.Errorf("groups.get of a missing group: %v", err)
	}
	acts, err := f.client.Activities(ctx, directory.AppAdmin, "security@example.org", time.Time{})
	if err != nil || len(acts) != 1 || acts[0].Event != directory.EventCreateGroup || acts[0].Effect() != directory.EffectGroupCreated {
		t.Errorf("creation is logged: %v %+v", err, acts)
	}
}

// TestGroupNamesItsAliases: groups.get in Google's shape (aliases, and
// the domain aliases' forms in nonEditableAliases) gives every address
// that resolves to the group, read once per run.
func TestGroupNamesItsAliases(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if !strings.HasSuffix(r.URL.Path, "/groups/sec-team@example.org") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"kind":"admin#directory#group","id":"03abc","email":"security@example.org","name":"Security",
			"aliases":["sec-team@example.org"],"nonEditableAliases":["security@example.test-google-a.com"]}`)
	}))
	t.Cleanup(srv.Close)
	client, err := google.New(context.Background(), google.Config{Endpoint: srv.URL, Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		g, err := client.Group(context.Background(), "sec-team@example.org")
		if err != nil || g.Email != "security@example.org" || !slices.Equal(g.Aliases, []string{"sec-team@example.org", "security@example.test-google-a.com"}) {
			t.Fatalf("Group: %+v %v", g, err)
		}
	}
	if calls.Load() != 1 {
		t.Errorf("%d groups.get calls for one group, want 1", calls.Load())
	}
}
