package audit_test

import (
	"context"
	"testing"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// What a change made by hand inside the log's delay says: Google logs
// it minutes late, so the newest event the log has may be older than
// what the group shows.

const (
	// addedBack is what someone on the group whose newest logged event
	// is their removal says.
	addedBack = "not in Google's audit log yet: added back since their logged removal, more recently than the log's delay (up to 30 minutes)"
)

// TestAttributeAddedBackInsideTheLogsDelay: someone on the group whose
// newest logged event is their removal was put back since, and the log
// does not have it yet. That removal rules out a change older than what
// the log keeps, so the line says what came after it, as for a member
// taken off since their logged add.
func TestAttributeAddedBackInsideTheLogsDelay(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// file is the file's history: dave taken off it, or never on it.
		file timeline
		// removal takes dave off, logged.
		removal func(d *domain)
		// unmanaged: the policy keeps him (unmanaged = "report"), else
		// the plan removes him with reason.
		unmanaged bool
		reason    string
	}{
		{
			name: "taken off in the file, roster removed him",
			file: timeline{{t0, map[string]members.Role{g + " dave@example.org": members.RoleMember}}, {t0.Add(30 * time.Second), nil}},
			removal: func(d *domain) {
				d.rosterDoes(func(ctx context.Context, c *google.Client) error {
					return c.Remove(ctx, g, d.id(g, "dave@example.org"))
				})
			},
			reason: "taken off the list in members.toml",
		},
		{
			name:    "never listed, removed in the Admin console, removed by the plan",
			file:    timeline{{t0, nil}},
			removal: func(d *domain) { d.console("REMOVE_GROUP_MEMBER", g, "dave@example.org", "") },
			reason:  plan.ReasonUnmanagedRemove,
		},
		{
			name: "never listed, removed in the Cloud console, kept",
			file: timeline{{t0, nil}},
			removal: func(d *domain) {
				d.byHand(emulator.Change{Application: "groups_enterprise", Event: "remove_member", Group: g, Actor: "cloud@example.org", Member: "dave@example.org"})
			},
			unmanaged: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := newDomain(t, emulator.Options{LogDelay: map[string]time.Duration{directory.AppGroups: audit.LogDelay(directory.AppGroups)}},
				nil, map[string][]string{g: {"dave@example.org"}})
			tc.removal(d)
			d.byHand(emulator.Change{Event: "add_user", Group: g, Actor: "alice@example.org", Member: "dave@example.org"})
			d.clk.advance(time.Minute)

			id := d.id(g, "dave@example.org")
			l := plan.List{Changes: []plan.Change{{Action: plan.ActionRemove, Email: "dave@example.org", PreviousRole: "member", Reason: tc.reason, MemberID: id}}}
			if tc.unmanaged {
				l = plan.List{Unmanaged: []plan.LiveMember{{Email: "dave@example.org", Role: "member", ID: id}}}
			}
			p, pl := onePlan(g, l)
			d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: tc.file})
			if got := changedBy(pl)["dave@example.org"]; got != addedBack {
				t.Errorf("dave: %q, want %q", got, addedBack)
			}
		})
	}
	if _, ok := audit.WhenChanged(addedBack); ok {
		t.Errorf("%q names a time, which WhenChanged would take for the change's", addedBack)
	}
}
