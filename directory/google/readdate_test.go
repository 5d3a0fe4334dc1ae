package google_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/google"
)

// TestAReadIsDatedByGooglesClockOnlyWithinASkew: a members.list answer
// whose Date is an hour behind roster's clock (a wrong clock, or a proxy
// that rewrites it) no longer dates the read an hour early, which had
// every change of that hour left out as made after the read, each hand
// change then "not in Google's audit log" (s31-attr finding 2): the read
// is dated by roster's clock, and the run is warned, once. A Date a
// little off is Google's clock and dates the read as before, and so does
// one far ahead: dated later, a read leaves out no event made before it.
func TestAReadIsDatedByGooglesClockOnlyWithinASkew(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		off  time.Duration // of the Date from roster's clock
		want time.Time
		warn bool
	}{
		{"an hour behind", -time.Hour, now, true},
		{"a day behind", -24 * time.Hour, now, true},
		{"two minutes behind", -2 * time.Minute, now.Add(-2 * time.Minute), false},
		{"two minutes ahead", 2 * time.Minute, now.Add(2 * time.Minute), false},
		{"an hour ahead", time.Hour, now.Add(time.Hour), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("Date", now.Add(tt.off).Format(http.TimeFormat))
				if r.URL.Query().Get("pageToken") == "" {
					fmt.Fprint(w, `{"members":[`+member("1", "a@example.org")+`],"nextPageToken":"t1"}`)
					return
				}
				fmt.Fprint(w, `{"members":[`+member("2", "b@example.org")+`]}`)
			}))
			t.Cleanup(srv.Close)
			var logs bytes.Buffer
			client, err := google.New(context.Background(), google.Config{Endpoint: srv.URL, Retry: fastRetry,
				Now:    func() time.Time { return now.Add(400 * time.Millisecond) },
				Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if err != nil {
				t.Fatal(err)
			}
			for _, group := range []string{"g@example.org", "h@example.org"} {
				ms, err := client.Members(context.Background(), group)
				if err != nil {
					t.Fatal(err)
				}
				if at := client.MembersReadAt(group); !at.Equal(tt.want) {
					t.Errorf("%s read at %v, want %v", group, at, tt.want)
				}
				for _, m := range ms {
					if !m.Seen.Equal(tt.want) {
						t.Errorf("%s seen at %v, want %v", m.Email, m.Seen, tt.want)
					}
				}
			}
			warned := strings.Count(logs.String(), "behind roster's clock")
			switch {
			case tt.warn && (warned != 1 || !strings.Contains(logs.String(), "check this machine's clock")):
				t.Errorf("warned %d times, want once, saying what to check:\n%s", warned, logs.String())
			case !tt.warn && warned != 0:
				t.Errorf("warned of a Date within the skew:\n%s", logs.String())
			}
		})
	}
}
