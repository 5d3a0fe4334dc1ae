package audit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// roleTimeline is a timeline that says when it changed a member's role
// (audit.RoleHistory), as the members file's history does.
type roleTimeline struct{ timeline }

func (tl roleTimeline) RoleChanges(group, member string) []time.Time {
	var out []time.Time
	var was members.Role
	listed := false
	for _, v := range tl.timeline {
		r, ok := v.roles[strings.ToLower(group)+" "+strings.ToLower(member)]
		if ok != listed || r != was {
			out = append(out, v.from)
		}
		was, listed = r, ok
	}
	return out
}

// TestAttributeARoleTheFileGaveSinceTheLoggedAdd: roster added ann as a
// member; the file made her an owner, then a member again; she is an
// owner, and no log has the change yet. While the version that made her
// an owner was in effect within the Admin console's log delay, that is
// roster's sync of it, not logged yet. Once it ended longer ago, roster's
// write would be in the log by now: the role was changed where no log
// shows it (perhaps the Groups UI), as before. So too without the file's
// role history.
func TestAttributeARoleTheFileGaveSinceTheLoggedAdd(t *testing.T) {
	t.Parallel()
	const day = 24 * time.Hour
	const synced = "not in Google's audit log yet: role changed since their logged add to the one members.toml gave them in its version of "
	for _, tc := range []struct {
		name string
		// ended is how long before the run the owner version ended.
		ended   time.Duration
		history bool
		want    string
	}{
		{"the version ended minutes ago", 3 * time.Minute, true, synced + stamp(t0.Add(day))},
		{"the version ended an hour ago", time.Hour, true, roleAfterAdd},
		{"no role history", 3 * time.Minute, false, roleAfterAdd},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := newDomain(t, emulator.Options{LogDelay: map[string]time.Duration{directory.AppGroupsEnterprise: audit.LogDelay(directory.AppGroupsEnterprise)}},
				nil, map[string][]string{g: nil})
			ann := func(r members.Role) map[string]members.Role {
				return map[string]members.Role{g + " ann@example.org": r}
			}
			tl := timeline{{t0, ann(members.RoleMember)}, {t0.Add(day), ann(members.RoleOwner)}, {t0.Add(2 * day), ann(members.RoleMember)}}
			d.rosterDoes(func(ctx context.Context, c *google.Client) error {
				_, err := c.Add(ctx, g, "ann@example.org", directory.RoleMember)
				return err
			})
			// Her role changes where the log does not show it yet (the
			// Cloud console's, half an hour late, standing in for
			// roster's write, minutes late).
			d.clk.set(t0.Add(2*day + tc.ended - 2*time.Minute))
			d.byHand(emulator.Change{Application: "groups_enterprise", Event: "add_member_role", Group: g, Actor: "cloud@example.org", Member: "ann@example.org", Role: "owner"})
			d.clk.set(t0.Add(2*day + tc.ended))
			p, l := onePlan(g, plan.List{Changes: []plan.Change{{Action: plan.ActionSetRole, Email: "ann@example.org", Role: "member", PreviousRole: "owner", MemberID: d.id(g, "ann@example.org")}}})
			var file audit.FileTimeline = tl
			if tc.history {
				file = roleTimeline{tl}
			}
			d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: file})
			if by := l.Changes[0].ChangedBy; !strings.HasPrefix(by, tc.want) {
				t.Errorf("%q\nwant it to begin %q", by, tc.want)
			}
		})
	}
}

// TestAttributeAListingTheFileMadeSinceTheLoggedEvent: roster's own add
// or removal is logged minutes late, as its role changes are. Someone
// off the group since their logged add, while a version of the file that
// did not list them was in effect within the Admin console's log delay,
// was taken off by roster's sync of it; someone on the group since their
// logged removal, while one that listed them was, was put back by it.
// Neither is a change by someone else (s16-2425 finding 1); once that
// version ended longer ago, the line is what it was.
func TestAttributeAListingTheFileMadeSinceTheLoggedEvent(t *testing.T) {
	t.Parallel()
	const day = 24 * time.Hour
	on := map[string]members.Role{g + " carol@example.org": members.RoleMember}
	for _, tc := range []struct {
		name  string
		ended time.Duration // how long before the run the version ended
		back  bool          // the file put carol back (else took her off)
		want  string
		owner bool // carol is an owner on the group (the file listed a member)
	}{
		{"taken off by roster, minutes ago", 3 * time.Minute, false, "not in Google's audit log yet: taken off since their logged add as members.toml's version of " + stamp(t0.Add(day)) + " has it, as roster's sync of it does", false},
		{"taken off, an hour ago", time.Hour, false, "not in Google's audit log yet: taken off since their logged add, more recently than the log's delay", false},
		{"put back by roster, minutes ago", 3 * time.Minute, true, "not in Google's audit log yet: added back since their logged removal as members.toml's version of " + stamp(t0.Add(2*day)) + " has it, as roster's sync of it does", false},
		{"put back, an hour ago", time.Hour, true, addedBack, false},
		// Back as an owner, where the file listed a member: someone's
		// hand, not roster's sync (s16-delta finding 3).
		{"put back in another role, minutes ago", 3 * time.Minute, true, addedBack, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := newDomain(t, emulator.Options{LogDelay: map[string]time.Duration{directory.AppGroupsEnterprise: audit.LogDelay(directory.AppGroupsEnterprise)}},
				nil, map[string][]string{g: nil})
			d.rosterDoes(func(ctx context.Context, c *google.Client) error {
				_, err := c.Add(ctx, g, "carol@example.org", directory.RoleMember)
				return err
			})
			// roster's write the log does not have yet stands in as the
			// Cloud console's, half an hour late.
			unlogged := func(event string, at time.Time) {
				d.clk.set(at)
				d.byHand(emulator.Change{Application: "groups_enterprise", Event: event, Group: g, Actor: "cloud@example.org", Member: "carol@example.org"})
			}
			tl := timeline{{t0, on}, {t0.Add(day), nil}}
			var c plan.Change
			if tc.back {
				d.clk.set(t0.Add(day))
				d.rosterDoes(func(ctx context.Context, cl *google.Client) error {
					return cl.Remove(ctx, g, d.id(g, "carol@example.org"))
				})
				tl = append(tl, version{t0.Add(2 * day), on}, version{t0.Add(2*day + 5*time.Minute), nil})
				unlogged("add_member", t0.Add(2*day+5*time.Minute+tc.ended-3*time.Minute))
				live := members.Role("member")
				if tc.owner {
					live = members.RoleOwner
				}
				c = plan.Change{Action: plan.ActionRemove, Email: "carol@example.org", PreviousRole: live, Reason: "taken off the list in members.toml", MemberID: d.id(g, "carol@example.org")}
				d.clk.set(t0.Add(2*day + 5*time.Minute + tc.ended))
			} else {
				tl = append(tl, version{t0.Add(2 * day), on})
				unlogged("remove_member", t0.Add(2*day+tc.ended-3*time.Minute))
				c = plan.Change{Action: plan.ActionAdd, Email: "carol@example.org", Role: "member"}
				d.clk.set(t0.Add(2*day + tc.ended))
			}
			p, l := onePlan(g, plan.List{Changes: []plan.Change{c}})
			d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: roleTimeline{tl}})
			if by := l.Changes[0].ChangedBy; !strings.HasPrefix(by, tc.want) {
				t.Errorf("%q\nwant it to begin %q", by, tc.want)
			}
		})
	}
}
