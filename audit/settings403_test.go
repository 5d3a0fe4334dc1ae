package audit_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/plan"
)

// TestAttributeASettingWhenALogIsRefused: the Groups UI's log answers
// 403 and no log read has the setting's change: the setting's line says
// where it may be, as a member's does, never nothing.
func TestAttributeASettingWhenALogIsRefused(t *testing.T) {
	t.Parallel()
	refuseGroupsLog := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/applications/groups") {
				googleError(w, http.StatusForbidden, "forbidden", "Not Authorized to access this resource/api")
				return
			}
			h.ServeHTTP(w, r)
		})
	}
	d := newDomain(t, emulator.Options{}, refuseGroupsLog, map[string][]string{g: nil})
	d.clk.advance(time.Hour)
	// Where roster's own write is the newest change the logs read hold
	// (an owner's since would be in the Groups UI's, not read), its line
	// says so too, not nothing, which reads as "no one".
	const h = "other@example.org"
	d2 := newDomain(t, emulator.Options{}, refuseGroupsLog, map[string][]string{h: nil})
	set := d2.rosterDoes(func(ctx context.Context, c *google.Client) error {
		return c.PatchSettings(ctx, h, map[string]string{"whoCanJoin": "ALL_IN_DOMAIN_CAN_JOIN"})
	})
	d2.clk.advance(time.Hour)
	p2, l2 := onePlan(h, plan.List{Settings: []plan.SettingChange{{Name: "who_can_join", Field: "whoCanJoin", Live: "ALL_IN_DOMAIN_CAN_JOIN", Desired: "INVITED_CAN_JOIN", Widens: true}}})
	d2.attribute(p2, audit.AttributeOptions{ClientIDs: []string{roster}})
	if got := l2.Settings[0].ChangedBy; !strings.HasPrefix(got, "set by roster on "+stamp(set)) || !strings.Contains(got, "unless a later change is in the Groups UI") {
		t.Errorf("roster's own setting, the Groups UI's log not read: %q", got)
	}
	p, l := onePlan(g, plan.List{
		Settings:  []plan.SettingChange{{Name: "who_can_join", Field: "whoCanJoin", Live: "ALL_IN_DOMAIN_CAN_JOIN", Desired: "INVITED_CAN_JOIN", Widens: true}},
		Unmanaged: []plan.LiveMember{{Email: "walk-in@example.org", Role: "member"}},
	})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
	if got := l.Settings[0].ChangedBy; !strings.Contains(got, "Groups UI") {
		t.Errorf("setting: %q; member: %q; attribution %q", got, l.Unmanaged[0].ChangedBy, l.Attribution)
	}
	// The refusal is the log's alone: the Admin console's was read with
	// the same token, so no scope is blamed.
	if got := l.Unmanaged[0].ChangedBy; strings.Contains(got, "needs the scope") || !strings.Contains(got, "the Admin console's log was read with the same credentials") {
		t.Errorf("the Groups UI's refusal blames the scope: %q", got)
	}
}
