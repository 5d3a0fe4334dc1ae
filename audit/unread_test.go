package audit_test

import (
	"context"
	"net/http"
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

// refuseGroupsGet is a stand-in whose groups.get answers 403
// insufficientPermissions, as Google does for a domain that did not
// grant the optional admin.directory.group.readonly scope: roster cannot
// learn the group's id, and so cannot read Cloud Identity's log.
func refuseGroupsGet(h http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /admin/directory/v1/groups/{groupKey}", func(w http.ResponseWriter, r *http.Request) {
		googleError(w, http.StatusForbidden, "insufficientPermissions", "Request had insufficient authentication scopes.")
	})
	mux.Handle("/", h)
	return mux
}

// failGroupsLog is a stand-in whose Groups UI log answers 503 to every
// read: a log that has stalled.
func failGroupsLog(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/applications/groups") {
			googleError(w, http.StatusServiceUnavailable, "backendError", "Backend Error")
			return
		}
		h.ServeHTTP(w, r)
	})
}

// TestAttributeAChangeInALogNotReadClaimsNoTiming: a change made days
// ago in a log roster could not read is not "more recent than the log's
// delay": the line says it may be in that log, which was not read (and
// why), and names no time; once the log can be read, its event is cited.
// Someone taken off in the Cloud console after roster's add, with
// groups.get refused (no group id, so no Cloud Identity log); someone
// joining in the Groups UI after a logged removal, with the Groups UI's
// log failing.
func TestAttributeAChangeInALogNotReadClaimsNoTiming(t *testing.T) {
	t.Parallel()
	const day = 24 * time.Hour
	tests := []struct {
		name string
		wrap func(http.Handler) http.Handler
		// do makes the changes; l is the plan's list of g.
		do func(d *domain) plan.List
		// file is the members file's history.
		file timeline
		// who is the member whose line is checked; want how it begins,
		// and read how it begins once the log is read.
		who, want, read string
	}{
		{
			name: "taken off in the Cloud console, groups.get refused",
			wrap: refuseGroupsGet,
			do: func(d *domain) plan.List {
				d.clk.advance(7 * day)
				d.rosterDoes(func(ctx context.Context, c *google.Client) error {
					_, err := c.Add(ctx, g, "linus@example.org", directory.RoleMember)
					return err
				})
				d.clk.advance(day)
				d.byHand(emulator.Change{Application: "groups_enterprise", Event: "remove_member", Group: g, Actor: "cloud@example.org", Member: "linus@example.org"})
				d.clk.advance(2 * day)
				return plan.List{Changes: []plan.Change{{Action: plan.ActionAdd, Email: "linus@example.org", Role: "member"}}}
			},
			file: timeline{{t0, map[string]members.Role{g + " linus@example.org": members.RoleMember}}},
			who:  "linus@example.org",
			want: "taken off since their logged add, in no log read: it may be in Cloud Identity's log (Cloud console, gcloud), which was not read: groups.get " + g + ": ",
			read: "perhaps removed by cloud@example.org on ",
		},
		{
			name: "joined in the Groups UI after a logged removal, the Groups UI's log failing",
			wrap: failGroupsLog,
			do: func(d *domain) plan.List {
				d.clk.advance(7 * day)
				d.console("ADD_GROUP_MEMBER", g, "x1@example.org", "")
				d.clk.advance(day)
				d.console("REMOVE_GROUP_MEMBER", g, "x1@example.org", "")
				d.clk.advance(day)
				d.byHand(emulator.Change{Event: "join", Group: g, Actor: "x1@example.org"})
				d.clk.advance(day)
				return plan.List{Unmanaged: []plan.LiveMember{{Email: "x1@example.org", Role: "member", ID: d.id(g, "x1@example.org")}}}
			},
			file: timeline{{t0, nil}},
			who:  "x1@example.org",
			want: "added back since their logged removal, in no log read: it may be in the Groups UI's log, which was not read: activities.list groups " + g + ": ",
			read: "joined by x1@example.org on ",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, readable := range []bool{false, true} {
				wrap := tc.wrap
				if readable {
					wrap = nil
				}
				d := newDomain(t, emulator.Options{}, wrap, map[string][]string{g: nil})
				p, l := onePlan(g, tc.do(d))
				d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: tc.file})
				got := changedBy(l)[tc.who]
				if readable {
					if !strings.HasPrefix(got, tc.read) {
						t.Errorf("log read: %q, want it to begin %q", got, tc.read)
					}
					continue
				}
				if !strings.HasPrefix(got, tc.want) {
					t.Errorf("%q, want it to begin %q", got, tc.want)
				}
				if strings.Contains(got, "delay") || strings.Contains(got, "yet") {
					t.Errorf("%q claims the change is newer than the log's delay: it is days old, in a log not read", got)
				}
				if _, ok := audit.WhenChanged(got); ok {
					t.Errorf("%q names a time, which WhenChanged would take for the change's", got)
				}
			}
		})
	}
}
