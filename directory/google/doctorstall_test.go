package google

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
)

// TestDoctorSaysAStalledGroupsHostAnsweredItsOtherReads: one group's
// members.list sends its headers and then stalls, while the other
// group's and the audit log's reads of the same host answer. The
// stalled group's line says the host answered the other reads, so it
// can be reached, as the audit log's line does, not to check the way to
// it (a proxy, a firewall, DNS), which the other reads have shown is
// fine (s31-attr finding 4). When nothing answers, that is still the
// fix.
func TestDoctorSaysAStalledGroupsHostAnsweredItsOtherReads(t *testing.T) {
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []string{"security@example.org", "stalled@example.org"} {
		if err := emu.AddGroup(g); err != nil {
			t.Fatal(err)
		}
	}
	stalling := func(all bool) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !all && !strings.Contains(r.URL.Path, "/groups/stalled@example.org/members") {
				emu.ServeHTTP(w, r)
				return
			}
			// Headers and the start of a body, then nothing.
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			fmt.Fprint(w, `{"kind":"admin#directory#members","members":[{"id":"1",`)
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		})
	}
	for _, tt := range []struct {
		name      string
		all       bool   // every read stalls
		want, not string // in the stalled group's fix
	}{
		{"one group stalls", false, "the other reads of 127.0.0.1", "a proxy, a firewall, DNS"},
		{"every read stalls", true, "a proxy, a firewall, DNS", "the other reads of"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			api := httptest.NewServer(stalling(tt.all))
			t.Cleanup(api.Close)
			checks := Diagnose(context.Background(), Config{Endpoint: api.URL, Subject: "admin@example.org", ClientID: emulator.DefaultClientID,
				CallTimeout: 200 * time.Millisecond, Retry: Retry{Base: time.Millisecond}},
				[]Target{{Group: "security@example.org"}, {Group: "stalled@example.org"}})
			c, ok := find(checks, "group stalled@example.org", "did not answer")
			if !ok || c.Status != directory.Fail || !strings.Contains(c.Fix, tt.want) || strings.Contains(c.Fix, tt.not) {
				t.Fatalf("the stalled group's line, want its fix to say %q and not %q:\n%+v", tt.want, tt.not, checks)
			}
			if tt.all {
				return
			}
			if !strings.Contains(c.Detail, "the listing of stalled@example.org's members at 127.0.0.1") || !strings.Contains(c.Fix, "so it can be reached") {
				t.Errorf("the stalled group's line should name its listing and say the host can be reached: %+v", c)
			}
			if _, ok := find(checks, "group security@example.org", "can read its members"); !ok {
				t.Errorf("the other group should pass:\n%+v", checks)
			}
		})
	}
}
