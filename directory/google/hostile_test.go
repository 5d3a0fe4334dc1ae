package google_test

import (
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

// hostile is a stand-in for Google that answers members.list with the
// pages a test gives it: page n is answered for pageToken "t<n>" (the
// first for none), whatever its own nextPageToken says.
func hostile(t *testing.T, pages []string, cfg google.Config) (*google.Client, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		n := 0
		if tok := r.URL.Query().Get("pageToken"); tok != "" {
			fmt.Sscanf(tok, "t%d", &n)
		}
		if n >= len(pages) {
			n = len(pages) - 1
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, pages[n])
	}))
	t.Cleanup(srv.Close)
	cfg.Endpoint = srv.URL
	cfg.Retry = google.Retry{Attempts: 2, Base: time.Millisecond}
	c, err := google.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, &calls
}

func member(id, email string) string {
	return fmt.Sprintf(`{"id":%q,"email":%q,"role":"MEMBER","type":"USER","status":"ACTIVE"}`, id, email)
}

func TestHostilePages(t *testing.T) {
	ctx := context.Background()
	t.Run("overlapping pages count each member once", func(t *testing.T) {
		c, _ := hostile(t, []string{
			`{"members":[` + member("1", "a@example.org") + `,` + member("2", "b@example.org") + `],"nextPageToken":"t1"}`,
			`{"members":[` + member("2", "b@example.org") + `,` + member("2", "b@example.org") + `,` + member("3", "c@example.org") + `]}`,
		}, google.Config{})
		ms, err := c.Members(ctx, "g@example.org")
		if err != nil || len(ms) != 3 {
			t.Fatalf("%v, %d members %v", err, len(ms), ms)
		}
	})
	t.Run("a token that cycles is an error, not a loop", func(t *testing.T) {
		c, calls := hostile(t, []string{
			`{"members":[` + member("1", "a@example.org") + `],"nextPageToken":"t1"}`,
			`{"members":[` + member("2", "b@example.org") + `],"nextPageToken":"t0"}`,
		}, google.Config{})
		_, err := c.Members(ctx, "g@example.org")
		if !errors.Is(err, directory.ErrInvalid) || !strings.Contains(err.Error(), "cycle") {
			t.Fatalf("got %v, want a cycle error", err)
		}
		if calls.Load() > 3 {
			t.Errorf("%d calls", calls.Load())
		}
	})
	t.Run("a page that names itself next is a cycle", func(t *testing.T) {
		c, _ := hostile(t, []string{`{"members":[],"nextPageToken":"t0"}`}, google.Config{})
		if _, err := c.Members(ctx, "g@example.org"); !errors.Is(err, directory.ErrInvalid) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("a listing past the page budget is an error", func(t *testing.T) {
		var pages []string
		for i := 0; i < 50; i++ {
			pages = append(pages, fmt.Sprintf(`{"members":[%s],"nextPageToken":"t%d"}`, member(fmt.Sprint(i), fmt.Sprintf("m%d@example.org", i)), i+1))
		}
		c, calls := hostile(t, pages, google.Config{MaxPages: 10})
		_, err := c.Members(ctx, "g@example.org")
		if !errors.Is(err, directory.ErrInvalid) || !strings.Contains(err.Error(), "did not end after 10 pages") {
			t.Fatalf("got %v", err)
		}
		if calls.Load() != 10 {
			t.Errorf("%d calls, want the budget of 10", calls.Load())
		}
	})
}
