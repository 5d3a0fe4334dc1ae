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
