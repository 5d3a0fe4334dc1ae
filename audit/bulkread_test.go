package audit_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// isBulkRead reports whether a request is the read of the domain's bulk
// uploads: the admin log, for GROUP_MEMBER_BULK_UPLOAD alone.
func isBulkRead(r *http.Request) bool {
	return strings.HasSuffix(r.URL.Path, "/applications/admin") && r.URL.Query().Get("eventName") == "GROUP_MEMBER_BULK_UPLOAD"
}

// TestAttributeABulkUploadReadThatFailsIsALogNotRead: root@ uploaded
// zed@ to the group in bulk (as a member) and zoe@ (as an owner, which
// the file never made her). When the read of the domain's bulk uploads
// fails, their lines say the upload may be in that log, which was not
// read, and why: never "not in Google's audit log", as a fact.
func TestAttributeABulkUploadReadThatFailsIsALogNotRead(t *testing.T) {
	t.Parallel()
	failBulk := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if isBulkRead(r) {
				googleError(w, http.StatusServiceUnavailable, "backendError", "Backend Error")
				return
			}
			h.ServeHTTP(w, r)
		})
	}
	const unread = "the Admin console's log of bulk uploads (GROUP_MEMBER_BULK_UPLOAD), which was not read: activities.list admin GROUP_MEMBER_BULK_UPLOAD: "
	for _, readable := range []bool{false, true} {
		wrap := failBulk
		if readable {
			wrap = nil
		}
		d := newDomain(t, emulator.Options{}, wrap, map[string][]string{g: nil})
		file := timeline{{t0.AddDate(-1, 0, 0), map[string]members.Role{g + " zoe@example.org": members.RoleMember}}}
		d.clk.advance(24 * time.Hour)
		d.byHand(emulator.Change{Application: "admin", Event: "GROUP_MEMBER_BULK_UPLOAD", Group: g, Actor: "root@example.org",
			Members: []emulator.Member{{Email: "zed@example.org"}, {Email: "zoe@example.org", Role: "OWNER"}}})
		d.clk.advance(24 * time.Hour)
		p, l := onePlan(g, plan.List{
			Changes:   []plan.Change{{Action: plan.ActionSetRole, Email: "zoe@example.org", Role: "member", PreviousRole: "owner", MemberID: d.id(g, "zoe@example.org")}},
			Unmanaged: []plan.LiveMember{{Email: "zed@example.org", Role: "member", ID: d.id(g, "zed@example.org")}},
		})
		d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: file})
		for who, by := range changedBy(l) {
			if readable {
				if !strings.HasPrefix(by, "perhaps a bulk upload of 2 members by root@example.org") {
					t.Errorf("%s, the bulk uploads read: %q", who, by)
				}
				continue
			}
			if !strings.HasPrefix(by, "not in the logs read: it may be in "+unread) || strings.Contains(by, "not in Google's audit log") {
				t.Errorf("%s: %q\nwant it to say the upload may be in %q", who, by, unread)
			}
		}
	}
}

// TestAttributeAfterALogThatDoesNotAnswerTheBulkUploadsAreNotAsked: the
// Groups UI's log and the read of the bulk uploads both get no answer
// (a Retry-After of days, a stalled endpoint). The bulk uploads are not
// asked after the Groups UI's log went unanswered: the run waits out one
// read's tries, not two, and the walk-in's line says why that log was not
// read either.
func TestAttributeAfterALogThatDoesNotAnswerTheBulkUploadsAreNotAsked(t *testing.T) {
	t.Parallel()
	const timeout, attempts = 300 * time.Millisecond, 2
	var bulkAsked atomic.Int64
	hang := func(w http.ResponseWriter, r *http.Request) bool {
		bulk := isBulkRead(r)
		if !bulk && !strings.HasSuffix(r.URL.Path, "/applications/groups") {
			return false
		}
		if bulk {
			bulkAsked.Add(1)
		}
		<-r.Context().Done()
		return true
	}
	c, _ := reportsStandIn(t, nil, hang, google.Config{CallTimeout: timeout,
		Retry: google.Retry{Attempts: attempts, Base: time.Millisecond, Max: 2 * time.Millisecond}})
	p, l := onePlan(g, plan.List{Unmanaged: []plan.LiveMember{{Email: "zed@example.org", Role: "member", ID: "7"}}})
	start := time.Now()
	audit.Attribute(context.Background(), p, map[string]directory.Provider{"l": c}, audit.AttributeOptions{Now: time.Now()})
	took := time.Since(start)
	if n := bulkAsked.Load(); n != 0 {
		t.Errorf("the bulk uploads were asked %d times after the Groups UI's log did not answer", n)
	}
	if limit := 2 * attempts * timeout; took >= limit {
		t.Errorf("took %v: two reads' waits or more (%v)", took, limit)
	}
	by := l.Unmanaged[0].ChangedBy
	for _, want := range []string{
		"the Groups UI's log, which was not read: ",
		"the Admin console's log of bulk uploads (GROUP_MEMBER_BULK_UPLOAD), which was not read: it was not asked, as the Groups UI's log did not answer this run (",
	} {
		if !strings.Contains(by, want) {
			t.Errorf("zed: %q\nwant it to say %q", by, want)
		}
	}
}

// TestAttributeAfterTheChangedSinceReadDidNotAnswerTheBulkUploadsAreNotAsked:
// the Groups UI's log did not answer --changed-since's read of the whole
// domain (AttributeOptions.Failed): attribution asks neither it nor the
// bulk uploads, and says why.
func TestAttributeAfterTheChangedSinceReadDidNotAnswerTheBulkUploadsAreNotAsked(t *testing.T) {
	t.Parallel()
	var bulkAsked atomic.Int64
	count := func(w http.ResponseWriter, r *http.Request) bool {
		if isBulkRead(r) {
			bulkAsked.Add(1)
		}
		return false
	}
	c, _ := reportsStandIn(t, nil, count, google.Config{})
	p, l := onePlan(g, plan.List{Unmanaged: []plan.LiveMember{{Email: "zed@example.org", Role: "member", ID: "7"}}})
	stalled := &directory.APIError{Op: "activities.list groups", Kind: directory.ErrUnavailable, Message: "no answer within the call timeout of 2s", NoAnswer: true}
	audit.Attribute(context.Background(), p, map[string]directory.Provider{"l": c}, audit.AttributeOptions{Now: time.Now(), Failed: map[string]error{directory.AppGroups: stalled}})
	if n := bulkAsked.Load(); n != 0 {
		t.Errorf("the bulk uploads were asked %d times after the Groups UI's log did not answer", n)
	}
	if by, want := l.Unmanaged[0].ChangedBy, "(GROUP_MEMBER_BULK_UPLOAD), which was not read: it was not asked, as the Groups UI's log did not answer this run"; !strings.Contains(by, want) {
		t.Errorf("zed: %q\nwant it to say %q", by, want)
	}
}
