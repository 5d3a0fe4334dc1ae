package audit_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
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

// TestAttributeAnIDOnlyRemovalIsCitedOnlyForWhomItCanBeAbout: Cloud
// Identity logs a removal by member id alone. Once that member is back
// on the group (with the id Google gives them for good), the removal is
// no news of anyone else: not of a member an owner took off since in the
// Groups UI (not logged yet: the line says so), not of an entry whose
// insert failed (no account), not of an entry a sync killed midway never
// added. Nobody is blamed for what the log cannot be about.
func TestAttributeAnIDOnlyRemovalIsCitedOnlyForWhomItCanBeAbout(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{
		State:    &emulator.State{NoAccount: []string{"ghost@example.org"}},
		LogDelay: map[string]time.Duration{directory.AppGroups: audit.LogDelay(directory.AppGroups)},
	}, nil, map[string][]string{g: nil})
	add := func(email string) func(context.Context, *google.Client) error {
		return func(ctx context.Context, c *google.Client) error {
			_, err := c.Add(ctx, g, email, directory.RoleMember)
			return err
		}
	}
	f0 := map[string]members.Role{
		g + " bob@example.org": members.RoleMember, g + " carol@example.org": members.RoleMember, g + " ghost@example.org": members.RoleMember,
	}
	file := timeline{{t0, f0}}
	// The first sync: bob and carol added; ghost has no Google account.
	d.rosterDoes(add("bob@example.org"))
	d.rosterDoes(add("carol@example.org"))
	if _, err := d.client.Add(context.Background(), g, "ghost@example.org", directory.RoleMember); !errors.Is(err, directory.ErrNoAccount) {
		t.Fatalf("adding ghost: %v, want no account", err)
	}
	// bob is taken off in the Cloud console, logged by his id alone, and
	// the next sync puts him back.
	d.byHand(emulator.Change{Application: "groups_enterprise", Event: "remove_member", Group: g, Actor: "cloud@example.org", Member: "bob@example.org"})
	d.rosterDoes(add("bob@example.org"))
	// The file lists dave and newbie; a sync adds dave and is killed.
	f1 := map[string]members.Role{g + " dave@example.org": members.RoleMember, g + " newbie@example.org": members.RoleMember}
	for k, v := range f0 {
		f1[k] = v
	}
	file = append(file, version{d.clk.advance(time.Minute), f1})
	d.rosterDoes(add("dave@example.org"))
	// An owner takes carol off in the Groups UI: its log has it only in
	// half an hour.
	d.byHand(emulator.Change{Event: "remove_user", Group: g, Actor: "mallory@example.org", Member: "carol@example.org"})
	d.clk.advance(time.Minute)

	p, l := onePlan(g, plan.List{Changes: []plan.Change{
		{Action: plan.ActionAdd, Email: "carol@example.org", Role: "member"},
		{Action: plan.ActionAdd, Email: "ghost@example.org", Role: "member"},
		{Action: plan.ActionAdd, Email: "newbie@example.org", Role: "member"},
	}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: file})
	got := changedBy(l)
	for who, by := range got {
		if strings.Contains(by, "cloud@example.org") {
			t.Errorf("%s: %q blames cloud@ for bob's removal, and bob is back on the group", who, by)
		}
	}
	if by := got["carol@example.org"]; !strings.HasPrefix(by, "not in Google's audit log yet") || !strings.Contains(by, "up to 30 minutes") {
		t.Errorf("carol: %q, want that her removal is not in the log yet (its delay)", by)
	}
	if _, ok := audit.WhenChanged(got["carol@example.org"]); ok {
		t.Errorf("carol: %q names a time the removal was made", got["carol@example.org"])
	}
	for _, never := range []string{"ghost@example.org", "newbie@example.org"} {
		if by := got[never]; by != "" {
			t.Errorf("%s, never on the group, is said to be %q", never, by)
		}
	}
}

// TestAttributeAnIDOnlyRemovalOfSomeoneGone: a removal Cloud Identity
// logs by an id nobody on the group has now, after the member's logged
// add, is offered as perhaps theirs; one from before their add is not.
func TestAttributeAnIDOnlyRemovalOfSomeoneGone(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{LogDelay: map[string]time.Duration{directory.AppGroups: audit.LogDelay(directory.AppGroups)}},
		nil, map[string][]string{g: {"frank@example.org"}})
	add := func(email string) func(context.Context, *google.Client) error {
		return func(ctx context.Context, c *google.Client) error {
			_, err := c.Add(ctx, g, email, directory.RoleMember)
			return err
		}
	}
	file := timeline{{t0, map[string]members.Role{g + " erin@example.org": members.RoleMember, g + " gus@example.org": members.RoleMember}}}
	d.byHand(emulator.Change{Application: "groups_enterprise", Event: "remove_member", Group: g, Actor: "cloud@example.org", Member: "frank@example.org"})
	d.rosterDoes(add("gus@example.org"))
	d.rosterDoes(add("erin@example.org"))
	gone := d.byHand(emulator.Change{Application: "groups_enterprise", Event: "remove_member", Group: g, Actor: "cloud2@example.org", Member: "erin@example.org"})
	d.clk.advance(time.Minute)
	p, l := onePlan(g, plan.List{Changes: []plan.Change{{Action: plan.ActionAdd, Email: "erin@example.org", Role: "member"}}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: file})
	if by, want := l.Changes[0].ChangedBy, "perhaps removed by cloud2@example.org on "+stamp(gone); !strings.HasPrefix(by, want) {
		t.Errorf("erin: %q, want %q...", by, want)
	}
	// gus, taken off in the Groups UI (not logged yet), after frank's
	// removal and before erin's: only erin's is after gus's add, and it
	// may be gus's as well as erin's.
	d.byHand(emulator.Change{Event: "remove_user", Group: g, Actor: "mallory@example.org", Member: "gus@example.org"})
	d.clk.advance(time.Minute)
	p, l = onePlan(g, plan.List{Changes: []plan.Change{{Action: plan.ActionAdd, Email: "gus@example.org", Role: "member"}}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: file})
	if by := l.Changes[0].ChangedBy; !strings.Contains(by, "cloud2@") || strings.Contains(by, "cloud@") {
		t.Errorf("gus: %q, want erin's removal as a possibility, never frank's, from before gus was added", by)
	}
}

// TestAttributeTwoIDOnlyRemovalsAreNeverOnePersonsTwice: linus and kim
// are taken off in the Cloud console, each logged by id alone. Neither
// id is on the group now, so either removal may be either's: each line
// offers both, never the newest alone as if it were both people's, and
// never leaves the other out.
func TestAttributeTwoIDOnlyRemovalsAreNeverOnePersonsTwice(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: nil})
	file := timeline{{t0, map[string]members.Role{g + " linus@example.org": members.RoleMember, g + " kim@example.org": members.RoleMember}}}
	for _, who := range []string{"linus@example.org", "kim@example.org"} {
		d.rosterDoes(func(ctx context.Context, c *google.Client) error {
			_, err := c.Add(ctx, g, who, directory.RoleMember)
			return err
		})
	}
	d.byHand(emulator.Change{Application: "groups_enterprise", Event: "remove_member", Group: g, Actor: "alice@example.org", Member: "linus@example.org"})
	d.clk.advance(time.Second)
	d.byHand(emulator.Change{Application: "groups_enterprise", Event: "remove_member", Group: g, Actor: "zed@example.org", Member: "kim@example.org"})
	d.clk.advance(time.Minute)
	p, l := onePlan(g, plan.List{Changes: []plan.Change{
		{Action: plan.ActionAdd, Email: "linus@example.org", Role: "member"},
		{Action: plan.ActionAdd, Email: "kim@example.org", Role: "member"},
	}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: file})
	for who, by := range changedBy(l) {
		if !strings.Contains(by, "alice@example.org") || !strings.Contains(by, "zed@example.org") || !strings.Contains(by, "one of 2 removals") {
			t.Errorf("%s: %q, want both removals offered", who, by)
		}
		if _, ok := audit.WhenChanged(by); ok {
			t.Errorf("%s: %q names one time the change was made", who, by)
		}
	}
}

// hideActorEmails is a stand-in that sends the audit log without actor
// emails, as Google may: an actor is then only actor.profileId, the id
// of their account.
func hideActorEmails(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/admin/reports/") {
			h.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		var body map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		items, _ := body["items"].([]any)
		for _, it := range items {
			if actor, ok := it.(map[string]any)["actor"].(map[string]any); ok {
				delete(actor, "email")
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rec.Code)
		_ = json.NewEncoder(w).Encode(body)
	})
}

// TestAttributeAJoinByActorIDAlone: someone who joined, in the Groups
// UI or the Cloud console, with the log giving the actor by
// actor.profileId alone, is matched to the live member by id: Google's
// profileId is the member id members.list gives the same person.
func TestAttributeAJoinByActorIDAlone(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{}, hideActorEmails, map[string][]string{g: nil})
	ui := d.byHand(emulator.Change{Event: "join", Group: g, Actor: "walk-in@example.org"})
	cloud := d.byHand(emulator.Change{Application: "groups_enterprise", Event: "join", Group: g, Actor: "cloud-in@example.org"})
	d.clk.advance(time.Minute)
	walkIn, cloudIn := d.id(g, "walk-in@example.org"), d.id(g, "cloud-in@example.org")
	p, l := onePlan(g, plan.List{Unmanaged: []plan.LiveMember{
		{Email: "walk-in@example.org", Role: "member", ID: walkIn},
		{Email: "cloud-in@example.org", Role: "member", ID: cloudIn},
	}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
	want := map[string]string{
		"walk-in@example.org":  "joined by the account with id " + walkIn + " on " + stamp(ui) + " (join, Groups UI)",
		"cloud-in@example.org": "joined by the account with id " + cloudIn + " on " + stamp(cloud) + " (join, Cloud console, Cloud Identity or gcloud)",
	}
	if diff := cmp.Diff(want, changedBy(l)); diff != "" {
		t.Errorf("changed by (-want +got):\n%s", diff)
	}
}
