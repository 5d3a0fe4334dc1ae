package google

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
)

// TestAnAuditLogOfOtherGroupsIsNotReadForEver: an endpoint that ignores a
// group's filter, sending other groups' changes page after page, keeps
// none of them, but each is remembered to tell a page sent again: the
// read fails once it has looked at maxActivities (500,000; lowered here
// to 5,000), rather than reading to the page budget with that memory
// growing (s31-attr).
func TestAnAuditLogOfOtherGroupsIsNotReadForEver(t *testing.T) {
	var served atomic.Int32
	at := time.Now().Add(-time.Minute).UTC().Format("2006-01-02T15:04:05")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := served.Add(1)
		var b bytes.Buffer
		b.WriteString(`{"items":[`)
		for i := range 1000 {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":{"applicationName":"groups","time":"%s.%06dZ","uniqueQualifier":"%d"},"actor":{"email":"x@example.org"},"events":[{"name":"add_user","parameters":[{"name":"group_email","value":"another@example.org"},{"name":"user_email","value":"m@example.org"}]}]}`, at, i, int(n)*1000+i)
		}
		fmt.Fprintf(&b, `],"nextPageToken":"p%d"}`, n)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(b.Bytes())
	}))
	t.Cleanup(srv.Close)
	client, err := New(context.Background(), Config{Endpoint: srv.URL, Retry: Retry{Attempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	client.maxActivities = 5000
	got, err := client.Activities(context.Background(), directory.AppGroups, "other@example.org", time.Time{})
	if !errors.Is(err, directory.ErrInvalid) || !strings.Contains(err.Error(), "more than 5000 activities") || !strings.Contains(err.Error(), "not trusted") {
		t.Fatalf("got %d events, %.300v; want the read refused", len(got), err)
	}
	if n := served.Load(); n != 6 {
		t.Errorf("%d pages read, want 6", n)
	}
}
