package audit_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/plan"
)

// otherAddress reports the first address of another list of p that
// text names, or "".
func otherAddress(p *plan.Plan, l *plan.List, text string) string {
	for _, o := range p.Lists {
		if o != l && strings.Contains(text, o.Address) {
			return o.Address
		}
	}
	return ""
}

// TestAttributeLogsThatHangCostOneWaitForTheRun: the Groups UI's and
// Cloud Identity's logs never answer (a proxy that drops
// applications/groups*). Each is asked once for the whole run, the two
// waited out together rather than one after the other, and every list
// says its log was not read, in words that name no other list's group
// as if the failed call were its own.
func TestAttributeLogsThatHangCostOneWaitForTheRun(t *testing.T) {
	t.Parallel()
	const timeout, attempts = 300 * time.Millisecond, 2
	var mu sync.Mutex
	inFlight, asked := map[string]int{}, map[string]int{}
	together := false
	hang := func(w http.ResponseWriter, r *http.Request) bool {
		app := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		if app != "groups" && app != "groups_enterprise" {
			return false
		}
		mu.Lock()
		inFlight[app]++
		asked[app]++
		together = together || inFlight["groups"] > 0 && inFlight["groups_enterprise"] > 0
		mu.Unlock()
		<-r.Context().Done()
		mu.Lock()
		inFlight[app]--
		mu.Unlock()
		return true
	}
	c, _ := reportsStandIn(t, nil, hang, google.Config{CallTimeout: timeout,
		Retry: google.Retry{Attempts: attempts, Base: time.Millisecond, Max: 2 * time.Millisecond}})
	p, providers := driftedLists(5, c)
	start := time.Now()
	note := audit.Attribute(context.Background(), p, providers, audit.AttributeOptions{Now: time.Now()})
	took := time.Since(start)
	if note != "" {
		t.Errorf("note %q: the Admin console's log answered", note)
	}
	mu.Lock()
	defer mu.Unlock()
	for app, n := range asked {
		if n > attempts {
			t.Errorf("%s's log was asked %d times, more than one read's %d tries", app, n, attempts)
		}
	}
	if !together {
		t.Errorf("the Groups UI's and Cloud Identity's logs were waited out one after the other")
	}
	if limit := 2 * attempts * timeout; took >= limit {
		t.Errorf("took %v: two reads' waits or more (%v)", took, limit)
	}
	for _, l := range p.Lists {
		by := l.Unmanaged[0].ChangedBy
		if !strings.Contains(by, "the Groups UI's log, which was not read") || !strings.Contains(l.Attribution, "the Groups UI's log was not read") {
			t.Errorf("%s: changed by %q, attribution %q: the unread log unsaid", l.ID, by, l.Attribution)
		}
		for _, text := range []string{by, l.Attribution} {
			if o := otherAddress(p, l, text); o != "" {
				t.Errorf("%s: %q quotes the call for %s as if it were this list's", l.ID, text, o)
			}
		}
	}
}

// TestAttributeAnAdminLogThatFailsNamesNoOtherList: the Admin console's
// log fails for the domain on one list's read; the others say the log
// could not be read this run, not another group's call as theirs.
func TestAttributeAnAdminLogThatFailsNamesNoOtherList(t *testing.T) {
	t.Parallel()
	fail := func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasSuffix(r.URL.Path, "/admin") {
			return false
		}
		googleError(w, http.StatusServiceUnavailable, "backendError", "Backend Error")
		return true
	}
	c, _ := reportsStandIn(t, nil, fail, google.Config{})
	p, providers := driftedLists(4, c)
	note := audit.Attribute(context.Background(), p, providers, audit.AttributeOptions{Now: time.Now()})
	if !strings.Contains(note, "could not be read") {
		t.Errorf("note %q", note)
	}
	named := 0
	for _, l := range p.Lists {
		if o := otherAddress(p, l, l.Attribution); o != "" {
			t.Errorf("%s: %q quotes the call for %s as if it were this list's", l.ID, l.Attribution, o)
		}
		if strings.Contains(l.Attribution, l.Address+":") {
			named++ // the list whose read met it
		}
		if !strings.Contains(l.Attribution, "unknown") {
			t.Errorf("%s: attribution %q", l.ID, l.Attribution)
		}
	}
	if named != 1 {
		t.Errorf("%d lists quote their own failed call, want the one that made it", named)
	}
}
