package audit_test

import (
	"context"
	"net/http"
	"net/http/httptest"
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

// inGroupsUI changes a member's role as an owner does in the Groups UI:
// through the emulator's API with its Groups UI header, a minute after
// the last change. Google's groups log has no event for it.
func (d *domain) inGroupsUI(group, member, role string) time.Time {
	d.t.Helper()
	at := d.clk.advance(time.Minute)
	req := httptest.NewRequest(http.MethodPatch, "/admin/directory/v1/groups/"+group+"/members/"+member, strings.NewReader(`{"role":"`+role+`"}`))
	req.Header.Set(emulator.HeaderApplication, "groups")
	req.Header.Set(emulator.HeaderActor, "owner@example.org")
	rec := httptest.NewRecorder()
	d.emu.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		d.t.Fatalf("role change in the Groups UI: %d %s", rec.Code, rec.Body)
	}
	return at
}

// TestAttributeARoleChangedInTheGroupsUI: an owner demoted someone in
// the Groups UI days ago. Google logs no event for it, in any log, so
// the line never says it is "not logged yet", which would repeat every
// run: it says no log shows who changed it, perhaps the Groups UI. A
// Groups UI log that could not be read is no place it may be; Cloud
// Identity's, which logs role changes, is.
func TestAttributeARoleChangedInTheGroupsUI(t *testing.T) {
	t.Parallel()
	const since = "role changed since their logged add, "
	for _, tc := range []struct {
		name string
		wrap func(http.Handler) http.Handler
		want string
	}{
		{"every log read", nil, since + "and no log shows who changed it: perhaps in the Groups UI, where Google logs no role change, or more recently than the log's delay (up to 30 minutes)"},
		{"the Groups UI's log failing", failGroupsLog, since + "and no log shows who changed it: perhaps in the Groups UI, where Google logs no role change, or more recently than the log's delay (up to 30 minutes)"},
		{"Cloud Identity's log not read", refuseGroupsGet, since + "in no log read: it may be in Cloud Identity's log (Cloud console, gcloud), which was not read: groups.get " + g + ": "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := newDomain(t, emulator.Options{}, tc.wrap, map[string][]string{g: nil})
			d.rosterDoes(func(ctx context.Context, c *google.Client) error {
				_, err := c.Add(ctx, g, "ann@example.org", directory.RoleOwner)
				return err
			})
			logged := len(d.emu.Activities())
			d.inGroupsUI(g, "ann@example.org", "MEMBER")
			if n := len(d.emu.Activities()); n != logged {
				t.Fatalf("the emulator logged %d events for a role change in the Groups UI; Google logs none", n-logged)
			}
			d.clk.advance(3 * 24 * time.Hour)
			file := timeline{{t0, map[string]members.Role{g + " ann@example.org": members.RoleOwner}}}
			p, l := onePlan(g, plan.List{Changes: []plan.Change{{
				Action: plan.ActionSetRole, Email: "ann@example.org", Role: members.RoleOwner,
				PreviousRole: members.Role(d.groupRole("ann@example.org")), MemberID: d.id(g, "ann@example.org"),
			}}})
			d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: file})
			got := l.Changes[0].ChangedBy
			if !strings.HasPrefix(got, tc.want) {
				t.Errorf("ann's role: %q, want it to begin %q", got, tc.want)
			}
			if strings.Contains(got, "yet") || strings.Contains(got, "Groups UI's log") {
				t.Errorf("ann's role: %q says the change may still be logged, or be in the Groups UI's log: Google logs none", got)
			}
			if tc.wrap != nil && !strings.Contains(got, inGroupsUI) {
				t.Errorf("ann's role: %q does not say the Groups UI logs no role change", got)
			}
		})
	}
}

// inGroupsUI is where a role change no log shows may have been made.
const inGroupsUI = "in the Groups UI, where Google logs no role change"
