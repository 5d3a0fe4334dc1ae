package audit_test

import (
	"context"
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

// What a change made by hand inside the log's delay says: Google logs
// it minutes late, so the newest event the log has may be older than
// what the group shows.

const (
	// roleAfterAdd and roleAfterRole are what a role changed since the
	// member's newest logged add, or role change, says: the Groups UI
	// logs no role change, so it may never be logged.
	roleAfterAdd  = "role changed since their logged add, and no log shows who changed it: perhaps in the Groups UI, where Google logs no role change, or more recently than the log's delay (up to 30 minutes)"
	roleAfterRole = "role changed since their logged role change, and no log shows who changed it: perhaps in the Groups UI, where Google logs no role change, or more recently than the log's delay (up to 30 minutes)"
	// roleUnlogged is what a role says that no event of the member
	// explains.
	roleUnlogged = "not in Google's audit log: perhaps set in the Groups UI, where Google logs no role change; or newer than the log's delay (up to 30 minutes) or older than 180 days"
	// addedBack is what someone on the group whose newest logged event
	// is their removal says.
	addedBack = "not in Google's audit log yet: added back since their logged removal, more recently than the log's delay (up to 30 minutes)"
)

// TestAttributeRoleChangedInsideTheLogsDelay: a role changed by hand
// that the log does not have yet says so, as an add or a removal does;
// the newest logged event of the member, which set another role, is
// never cited for it (nor taken for the word that the group is as roster
// left it). A role the file asked for since roster's last write, with
// the log up to date, says nothing.
func TestAttributeRoleChangedInsideTheLogsDelay(t *testing.T) {
	t.Parallel()
	addAs := func(email string, role directory.Role) func(context.Context, *google.Client) error {
		return func(ctx context.Context, c *google.Client) error {
			_, err := c.Add(ctx, g, email, role)
			return err
		}
	}
	cloud := func(event, member, role string) emulator.Change {
		return emulator.Change{Application: "groups_enterprise", Event: event, Group: g, Actor: "cloud@example.org", Member: member, Role: role}
	}
	// The file lists ann as owner from t0 on (asOf: from then, as
	// member: a version that landed since roster's write).
	owner := timeline{{t0, map[string]members.Role{g + " ann@example.org": members.RoleOwner}}}
	tests := []struct {
		name string
		// delay holds back the logs' events, roster's own included.
		delay map[string]time.Duration
		do    func(d *domain)
		file  timeline
		// live is ann's role on the group now; want what her line says.
		live, want string
	}{
		{
			name:  "demoted in the Cloud console after roster added her",
			delay: map[string]time.Duration{directory.AppGroupsEnterprise: 30 * time.Minute},
			do: func(d *domain) {
				d.rosterDoes(addAs("ann@example.org", directory.RoleOwner))
				d.byHand(cloud("remove_member_role", "ann@example.org", "owner"))
			},
			file: owner, live: "member", want: roleAfterAdd,
		},
		{
			name:  "made manager in the Cloud console after roster added her",
			delay: map[string]time.Duration{directory.AppGroupsEnterprise: 30 * time.Minute},
			do: func(d *domain) {
				d.rosterDoes(addAs("ann@example.org", directory.RoleOwner))
				d.byHand(cloud("remove_member_role", "ann@example.org", "owner"))
				d.byHand(cloud("add_member_role", "ann@example.org", "manager"))
			},
			file: owner, live: "manager", want: roleAfterAdd,
		},
		{
			name:  "demoted after roster promoted her",
			delay: map[string]time.Duration{directory.AppGroupsEnterprise: 30 * time.Minute},
			do: func(d *domain) {
				d.rosterDoes(addAs("ann@example.org", directory.RoleMember))
				d.rosterDoes(func(ctx context.Context, c *google.Client) error {
					return c.SetRole(ctx, g, d.id(g, "ann@example.org"), directory.RoleOwner)
				})
				d.byHand(cloud("remove_member_role", "ann@example.org", "owner"))
			},
			file: owner, live: "member", want: roleAfterRole,
		},
		{
			name:  "promoted after she joined",
			delay: map[string]time.Duration{directory.AppGroupsEnterprise: 30 * time.Minute},
			do: func(d *domain) {
				d.byHand(emulator.Change{Event: "join", Group: g, Actor: "ann@example.org"})
				d.byHand(cloud("add_member_role", "ann@example.org", "manager"))
			},
			file: timeline{{t0, map[string]members.Role{g + " ann@example.org": members.RoleMember}}}, live: "manager", want: roleAfterAdd,
		},
		{
			name:  "taken off in the Admin console and put back as manager in the Groups UI",
			delay: map[string]time.Duration{directory.AppGroups: 30 * time.Minute},
			do: func(d *domain) {
				d.rosterDoes(addAs("ann@example.org", directory.RoleOwner))
				d.console("REMOVE_GROUP_MEMBER", g, "ann@example.org", "")
				d.byHand(emulator.Change{Event: "add_user", Group: g, Actor: "owner@example.org", Member: "ann@example.org", Role: "MANAGER"})
			},
			file: owner, live: "manager", want: addedBack,
		},
		{
			// Roster's add is not logged yet either: a role no version
			// of the file gave her was set by someone else, and the log
			// does not have it.
			name:  "every log behind",
			delay: map[string]time.Duration{directory.AppAdmin: 5 * time.Minute, directory.AppGroupsEnterprise: 30 * time.Minute},
			do: func(d *domain) {
				d.rosterDoes(addAs("ann@example.org", directory.RoleOwner))
				d.byHand(cloud("remove_member_role", "ann@example.org", "owner"))
			},
			file: owner, live: "member", want: roleUnlogged,
		},
		{
			name:  "named once logged",
			delay: nil,
			do: func(d *domain) {
				d.rosterDoes(addAs("ann@example.org", directory.RoleOwner))
				d.byHand(cloud("remove_member_role", "ann@example.org", "owner"))
			},
			file: owner, live: "member", want: "role changed by cloud@example.org on 2025-06-02 09:02 UTC (remove_member_role, Cloud console, Cloud Identity or gcloud)",
		},
		{
			// roster added her as a member; the file made her owner
			// since: nothing was done by hand.
			name:  "promoted in the file since roster's add",
			delay: map[string]time.Duration{directory.AppGroupsEnterprise: 30 * time.Minute},
			do:    func(d *domain) { d.rosterDoes(addAs("ann@example.org", directory.RoleMember)) },
			file: timeline{
				{t0, map[string]members.Role{g + " ann@example.org": members.RoleMember}},
				{t0.Add(90 * time.Second), map[string]members.Role{g + " ann@example.org": members.RoleOwner}},
			},
			live: "member", want: "",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := newDomain(t, emulator.Options{LogDelay: tc.delay}, nil, map[string][]string{g: nil})
			tc.do(d)
			d.clk.advance(time.Minute)
			p, l := onePlan(g, plan.List{Changes: []plan.Change{{
				Action: plan.ActionSetRole, Email: "ann@example.org", Role: mustRole(t, tc.file, "ann@example.org", d.clk.Now()),
				PreviousRole: members.Role(tc.live), MemberID: d.id(g, "ann@example.org"),
			}}})
			if got := d.groupRole("ann@example.org"); got != tc.live {
				t.Fatalf("ann is %s on the group, the case says %s", got, tc.live)
			}
			d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: tc.file})
			if diff := cmp.Diff(tc.want, l.Changes[0].ChangedBy); diff != "" {
				t.Errorf("ann's role (-want +got):\n%s", diff)
			}
		})
	}
}

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

// groupRole is a live member's role, in lower case.
func (d *domain) groupRole(email string) string {
	d.t.Helper()
	for _, m := range d.emu.Members(g) {
		if m.Email == email {
			return map[string]string{"OWNER": "owner", "MANAGER": "manager", "MEMBER": "member"}[m.Role]
		}
	}
	d.t.Fatalf("%s is not on %s", email, g)
	return ""
}

// mustRole is member's role on g in the file at at.
func mustRole(t *testing.T, tl timeline, member string, at time.Time) members.Role {
	t.Helper()
	r, ok := tl.Role(g, member, at)
	if !ok {
		t.Fatalf("the file does not list %s on %s", member, g)
	}
	return r
}
