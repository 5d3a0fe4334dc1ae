package google_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
)

func TestSettingsThroughTheClient(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, emulator.Options{}, google.Config{})
	if err := f.emu.AddGroup("g@example.org"); err != nil {
		t.Fatal(err)
	}
	got, err := f.client.Settings(ctx, "g@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if got["whoCanJoin"] != "CAN_REQUEST_TO_JOIN" || got["allowExternalMembers"] != "false" || got["email"] != "g@example.org" {
		t.Fatalf("settings %v", got)
	}
	// One PATCH with only the changed fields; the rest stays.
	if err := f.client.PatchSettings(ctx, "g@example.org", map[string]string{"whoCanJoin": "INVITED_CAN_JOIN", "allowExternalMembers": "true"}); err != nil {
		t.Fatal(err)
	}
	got, err = f.client.Settings(ctx, "g@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if got["whoCanJoin"] != "INVITED_CAN_JOIN" || got["allowExternalMembers"] != "true" || got["whoCanViewGroup"] != "ALL_IN_DOMAIN_CAN_VIEW" {
		t.Fatalf("after patch %v", got)
	}
	if c := f.emu.Counters(); c["settings.patch"] != 1 || c["settings.get"] != 2 {
		t.Errorf("calls %v", c)
	}
	if err := f.client.PatchSettings(ctx, "g@example.org", map[string]string{"whoCanJoin": "EVERYONE"}); !errors.Is(err, directory.ErrInvalid) {
		t.Errorf("an invalid value: %v", err)
	}
	if _, err := f.client.Settings(ctx, "nope@example.org"); !errors.Is(err, directory.ErrGroupNotFound) {
		t.Errorf("a missing group: %v", err)
	}
	// PUT, as the client's Update sends it, is served too.
	req, _ := http.NewRequest(http.MethodPut, f.srv.URL+"/groups/v1/groups/g@example.org?alt=json", strings.NewReader(`{"whoCanViewGroup":"ALL_MEMBERS_CAN_VIEW"}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("PUT: %v %v", err, resp)
	}
	resp.Body.Close()
	if got, _ := f.client.Settings(ctx, "g@example.org"); got["whoCanViewGroup"] != "ALL_MEMBERS_CAN_VIEW" {
		t.Errorf("after PUT %v", got)
	}
}

func TestJournalNamesWhoWasTouched(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, emulator.Options{}, google.Config{})
	if err := f.emu.AddGroup("g@example.org", emulator.Member{Email: "old@example.org"}); err != nil {
		t.Fatal(err)
	}
	live, _ := f.client.Members(ctx, "g@example.org")
	if _, err := f.client.Add(ctx, "g@example.org", "new@example.org", directory.RoleOwner); err != nil {
		t.Fatal(err)
	}
	if err := f.client.Remove(ctx, "g@example.org", live[0].ID); err != nil {
		t.Fatal(err)
	}
	j := f.emu.Journal()
	if len(j) != 2 || j[0].Method != "members.insert" || j[0].Email != "new@example.org" || j[1].Method != "members.delete" || j[1].Email != "old@example.org" {
		t.Errorf("journal %+v", j)
	}
}
