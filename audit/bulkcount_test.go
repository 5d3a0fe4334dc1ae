package audit_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/plan"
)

// TestABulkUploadOfACountNoUploadHasIsNamedWithoutIt: Google's log read
// through a proxy that sends a bulk upload's count as -7 (and its failed
// as -9): the walk-in is still offered the upload, by who made it and
// when, but no count is printed ("a bulk upload of -7 members", s31-attr
// finding 4).
func TestABulkUploadOfACountNoUploadHasIsNamedWithoutIt(t *testing.T) {
	t.Parallel()
	lie := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			body := rec.Body.Bytes()
			if strings.Contains(r.URL.Path, "/activity/") {
				for _, c := range []struct{ name, to string }{
					{"GROUP_MEMBER_BULK_UPLOAD_TOTAL_NUMBER", "-7"}, {"GROUP_MEMBER_BULK_UPLOAD_FAILED_NUMBER", "-9"},
				} {
					for _, form := range []string{`"value":"1"`, `"value":"0"`, `"intValue":"1"`, `"intValue":"0"`} {
						body = bytes.ReplaceAll(body, []byte(`"name":"`+c.name+`",`+form), []byte(`"name":"`+c.name+`","intValue":"`+c.to+`"`))
					}
				}
			}
			for k, v := range rec.Header() {
				if k != "Content-Length" {
					w.Header()[k] = v
				}
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(body)
		})
	}
	d := newDomain(t, emulator.Options{}, lie, map[string][]string{g: nil})
	at := d.byHand(emulator.Change{Application: "admin", Event: "GROUP_MEMBER_BULK_UPLOAD", Group: g, Actor: "root@example.org",
		Members: []emulator.Member{{Email: "walk-in@example.org"}}})
	d.clk.advance(time.Minute)
	p, l := onePlan(g, plan.List{Unmanaged: []plan.LiveMember{{Email: "walk-in@example.org", Role: "member", ID: d.id(g, "walk-in@example.org")}}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}})
	want := "perhaps a bulk upload of members by root@example.org on " + stamp(at) + " (GROUP_MEMBER_BULK_UPLOAD, Admin console"
	if got := l.Unmanaged[0].ChangedBy; !strings.HasPrefix(got, want) {
		t.Errorf("changed by %q, want it to begin %q", got, want)
	}
}
