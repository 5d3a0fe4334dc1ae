package google_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/google"
)

// endlessLog is a stand-in for the Reports API that answers every page
// of activities.list with perPage activities of events events each, all
// new, and a next page, up to pages pages (the last names none): a log
// far busier than any domain's, or an endpoint that misbehaves. member
// is the address each event names, as long as a test wants it.
func endlessLog(t *testing.T, pages, perPage, events int, member string) (string, *atomic.Int32) {
	t.Helper()
	var served atomic.Int32
	at := time.Now().Add(-time.Minute).UTC().Format("2006-01-02T15:04:05")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := served.Add(1)
		var b bytes.Buffer
		b.WriteString(`{"kind":"admin#reports#activities","items":[`)
		for i := range perPage {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":{"applicationName":"groups","time":"%s.%06dZ","uniqueQualifier":"%d"},"actor":{"email":"x@example.org"},"events":[`, at, i, int(n)*perPage+i)
			for j := range events {
				if j > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, `{"name":"add_user","parameters":[{"name":"group_email","value":"g@example.org"},{"name":"user_email","value":"%s"}]}`, member)
			}
			b.WriteString(`]}`)
		}
		b.WriteString(`]`)
		if int(n) < pages {
			fmt.Fprintf(&b, `,"nextPageToken":"p%d"`, n)
		}
		b.WriteString(`}`)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(b.Bytes())
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &served
}

// TestAnAuditLogPastWhatAReadKeepsIsNotTrusted: the pages of a log far
// busier than a real domain's, each within what one page may hold, fail
// the read once it has kept 100,000 events (or 64 MiB of their text),
// rather than growing memory page after page until the run is killed
// (s31-attr finding 1); the error says what happened and what to do, and
// is one not to trust (ErrInvalid), as an undated event's, so that the
// run reads every list. The stand-in ends its log after a few pages more
// than the bound: without it the whole is read and kept.
func TestAnAuditLogPastWhatAReadKeepsIsNotTrusted(t *testing.T) {
	tests := []struct {
		name                   string
		pages, perPage, events int
		member                 string
		want                   string
		wantPages              int32
	}{
		// 10,000 events a page: the 11th page passes 100,000.
		{"many events", 13, 1000, 10, "m@example.org", "100001 events", 11},
		// 200 events of 120 KB each, 23 MiB a page: the 3rd passes 64 MiB.
		{"few events of huge values", 5, 200, 1, strings.Repeat("m", 120<<10) + "@example.org", "64 MiB", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, served := endlessLog(t, tt.pages, tt.perPage, tt.events, tt.member)
			client, err := google.New(context.Background(), google.Config{Endpoint: url, Retry: fastRetry})
			if err != nil {
				t.Fatal(err)
			}
			got, err := client.Activities(context.Background(), directory.AppGroups, "", time.Time{})
			if !errors.Is(err, directory.ErrInvalid) || !strings.Contains(err.Error(), tt.want) ||
				!strings.Contains(err.Error(), "not trusted") || !strings.Contains(err.Error(), "--changed-since") {
				t.Fatalf("got %d events, %.300v; want the read refused, saying %q and what to do", len(got), err, tt.want)
			}
			if n := served.Load(); n != tt.wantPages {
				t.Errorf("%d pages read, want %d: the read stops at the page that passes the bound", n, tt.wantPages)
			}
		})
	}
}

// TestActivitiesOfManyEventsKeepTheirOrder: activities come newest
// first and are read oldest first, each one's events in their own order
// (the events of one instant stay in the order they happened).
func TestActivitiesOfManyEventsKeepTheirOrder(t *testing.T) {
	url, _ := standIn(t,
		map[string]any{"id": map[string]any{"time": "2026-05-01T12:00:00Z", "uniqueQualifier": "2", "applicationName": "groups"},
			"events": []any{
				map[string]any{"name": "add_user", "parameters": []any{p("group_email", "g@example.org"), p("user_email", "c@example.org")}},
				map[string]any{"name": "add_user", "parameters": []any{p("group_email", "g@example.org"), p("user_email", "d@example.org")}},
			}},
		map[string]any{"id": map[string]any{"time": "2026-05-01T12:00:00Z", "uniqueQualifier": "1", "applicationName": "groups"},
			"events": []any{
				map[string]any{"name": "add_user", "parameters": []any{p("group_email", "g@example.org"), p("user_email", "a@example.org")}},
				map[string]any{"name": "add_user", "parameters": []any{p("group_email", "g@example.org"), p("user_email", "b@example.org")}},
				map[string]any{"name": "remove_user", "parameters": []any{p("group_email", "g@example.org"), p("user_email", "b@example.org")}},
			}},
	)
	client, err := google.New(context.Background(), google.Config{Endpoint: url, Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	got, err := client.Activities(context.Background(), directory.AppGroups, "g@example.org", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, a := range got {
		order = append(order, a.Event+" "+a.Member)
	}
	want := "add_user a@example.org, add_user b@example.org, remove_user b@example.org, add_user c@example.org, add_user d@example.org"
	if strings.Join(order, ", ") != want {
		t.Errorf("read %s\nwant %s", strings.Join(order, ", "), want)
	}
}
