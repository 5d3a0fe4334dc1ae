package google_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
)

// endlessPages is a stand-in for a half-dead Directory endpoint: every
// page of members.list names a next page, for ever. page answers page
// n (0 for the first); calls to healthy@example.org go to an emulator
// holding that group's 3 members, so that a test can show the other
// lists are read.
func endlessPages(t *testing.T, page func(w http.ResponseWriter, r *http.Request, n int)) (string, *atomic.Int32) {
	t.Helper()
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := emu.AddGroup("healthy@example.org", people(3)...); err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "healthy@") {
			emu.ServeHTTP(w, r)
			return
		}
		calls.Add(1)
		n := 0
		if tok := r.URL.Query().Get("pageToken"); tok != "" {
			fmt.Sscanf(tok, "t%d", &n)
		}
		page(w, r, n)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &calls
}

// onePerPage answers page n with member n alone and names page n+1.
func onePerPage(w http.ResponseWriter, n int) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"members":[%s],"nextPageToken":"t%d"}`, member(fmt.Sprint(n), fmt.Sprintf("m%d@example.org", n)), n+1)
}

// late waits d before answering, or less if the client hangs up.
func late(r *http.Request, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

// readTimedOut reports whether err is the read timeout's failure: retryable,
// naming the timeout and the flag that gives a read longer, and said as
// a read that timed out, not a service that failed (no call may have).
func readTimedOut(err error, timeout string) bool {
	return errors.Is(err, directory.ErrUnavailable) && errors.Is(err, directory.ErrReadTimeout) && directory.IsRetryable(err) &&
		strings.Contains(err.Error(), ": read timed out: ") && !strings.Contains(err.Error(), "service unavailable") &&
		strings.Contains(err.Error(), "the read did not end within the read timeout of "+timeout) &&
		strings.Contains(err.Error(), "--read-timeout") && strings.Contains(err.Error(), "check --endpoint")
}

// TestAListingThatNeverEndsFailsAtTheReadTimeout: neither the call
// timeout (each page answers within it) nor the page budget (far off)
// ends a listing whose pages come slowly, or fail retryably once each,
// for ever; the read timeout does, for that list alone: the same client
// then reads another group whole. Real time is short here: a read
// timeout of 300ms in place of ten minutes, pages of a few
// milliseconds in place of 29 s.
func TestAListingThatNeverEndsFailsAtTheReadTimeout(t *testing.T) {
	t.Parallel() // waits more than it computes: see TestMain
	for name, page := range map[string]func(w http.ResponseWriter, r *http.Request, n int){
		"slow one-member pages": func(w http.ResponseWriter, r *http.Request, n int) {
			late(r, 20*time.Millisecond)
			onePerPage(w, n)
		},
		"a retryable 503 on every page": func() func(w http.ResponseWriter, r *http.Request, n int) {
			var mu sync.Mutex
			refused := map[int]bool{}
			return func(w http.ResponseWriter, r *http.Request, n int) {
				mu.Lock()
				first := !refused[n]
				refused[n] = true
				mu.Unlock()
				if first {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusServiceUnavailable)
					fmt.Fprint(w, `{"error":{"code":503,"message":"Backend Error","errors":[{"reason":"backendError"}]}}`)
					return
				}
				onePerPage(w, n)
			}
		}(),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			url, calls := endlessPages(t, page)
			client, err := google.New(context.Background(), google.Config{Endpoint: url, Rate: 100000,
				CallTimeout: time.Second, ReadTimeout: 300 * time.Millisecond, ReadTimeoutText: "0.3s", MaxPages: 1 << 30,
				Retry: google.Retry{Attempts: 10, Base: 10 * time.Millisecond, Max: 20 * time.Millisecond}})
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { _, err := client.Members(context.Background(), "slow@example.org"); done <- err }()
			err = failsafe(t, "a listing that never ends", done)
			if !readTimedOut(err, "0.3s") || !strings.Contains(err.Error(), "members.list slow@example.org") || !strings.Contains(err.Error(), "pages read") {
				t.Fatalf("got %v, want the read timeout's failure of members.list slow@", err)
			}
			if calls.Load() < 2 {
				t.Errorf("%d calls: the listing should have been read until the timeout", calls.Load())
			}
			if ms, err := client.Members(context.Background(), "healthy@example.org"); err != nil || len(ms) != 3 {
				t.Errorf("another group after the failed one: %d members, %v", len(ms), err)
			}
		})
	}
}

// TestEveryReadHasTheReadTimeout: a get that fails retryably on every
// try, with a retry policy that would go on for an hour, ends at the
// read timeout; so does an audit-log listing that pages for ever.
func TestEveryReadHasTheReadTimeout(t *testing.T) {
	t.Parallel() // waits more than it computes: see TestMain
	url, _ := endlessPages(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if strings.Contains(r.URL.Path, "/activity/") {
			late(r, 10*time.Millisecond)
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"items":[],"nextPageToken":"t%d"}`, n+1)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `{"error":{"code":503,"message":"Backend Error","errors":[{"reason":"backendError"}]}}`)
	})
	client, err := google.New(context.Background(), google.Config{Endpoint: url, Rate: 100000,
		CallTimeout: time.Second, ReadTimeout: 200 * time.Millisecond, MaxPages: 1 << 30,
		Retry: google.Retry{Attempts: 1 << 20, Base: 10 * time.Millisecond, Max: 20 * time.Millisecond, Budget: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for op, read := range map[string]func() error{
		"members.get":  func() error { _, err := client.Member(ctx, "g@example.org", "a@example.org"); return err },
		"settings.get": func() error { _, err := client.Settings(ctx, "g@example.org"); return err },
		"groups.get":   func() error { _, err := client.Group(ctx, "g@example.org"); return err },
		"activities.list": func() error {
			_, err := client.Activities(ctx, directory.AppAdmin, "", time.Now().Add(-time.Hour))
			return err
		},
	} {
		t.Run(op, func(t *testing.T) {
			done := make(chan error, 1)
			go func() { done <- read() }()
			err := failsafe(t, op, done)
			if !readTimedOut(err, "200ms") || !strings.Contains(err.Error(), op) {
				t.Fatalf("got %v, want the read timeout's failure of %s", err, op)
			}
			// What it leaves undone is said of what it read: an
			// audit-log read leaves no list alone.
			if leftAlone := strings.Contains(err.Error(), "the list is left alone"); leftAlone == (op == "activities.list") {
				t.Errorf("%s: %v", op, err)
			}
		})
	}
}

// TestACancelledOrShorterDeadlineIsNotTheReadTimeout: a run cancelled,
// or a caller's deadline that comes first, is reported as such, not as
// an endpoint too slow (which would send the user to --read-timeout).
func TestACancelledOrShorterDeadlineIsNotTheReadTimeout(t *testing.T) {
	t.Parallel() // waits more than it computes: see TestMain
	url, _ := endlessPages(t, func(w http.ResponseWriter, r *http.Request, n int) {
		late(r, 10*time.Millisecond)
		onePerPage(w, n)
	})
	client, err := google.New(context.Background(), google.Config{Endpoint: url, Rate: 100000, MaxPages: 1 << 30, Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := client.Members(ctx, "slow@example.org"); done <- err }()
	if err := failsafe(t, "a listing under a caller's deadline", done); !errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "--read-timeout") {
		t.Fatalf("got %v, want the caller's deadline", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	go func() { _, err := client.Members(ctx, "slow@example.org"); done <- err }()
	cancel()
	if err := failsafe(t, "a listing cancelled", done); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want it cancelled", err)
	}
}

// TestPagesOfMembersListedAlreadyEndTheListing: pages that list again
// the members listed already, each under a new token, end the listing
// after a few, long before the page budget or the read timeout. Empty
// pages do not count: a role filter may leave many pages of a big group
// empty.
func TestPagesOfMembersListedAlreadyEndTheListing(t *testing.T) {
	url, calls := endlessPages(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"members":[%s,%s],"nextPageToken":"t%d"}`, member("1", "a@example.org"), member("2", "b@example.org"), n+1)
	})
	client, err := google.New(context.Background(), google.Config{Endpoint: url, Rate: 100000, Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.Members(context.Background(), "g@example.org")
	if !errors.Is(err, directory.ErrEndless) || !strings.Contains(err.Error(), "5 pages in a row listed only members listed already") {
		t.Fatalf("got %v, want the listing refused as endless", err)
	}
	if calls.Load() != 6 {
		t.Errorf("%d calls, want the first page and 5 repeats", calls.Load())
	}

	c, _ := hostile(t, []string{
		`{"members":[` + member("1", "a@example.org") + `],"nextPageToken":"t1"}`,
		`{"members":[],"nextPageToken":"t2"}`, `{"nextPageToken":"t3"}`, `{"members":[],"nextPageToken":"t4"}`,
		`{"members":[],"nextPageToken":"t5"}`, `{"members":[],"nextPageToken":"t6"}`, `{"members":[],"nextPageToken":"t7"}`,
		`{"members":[` + member("2", "b@example.org") + `]}`,
	}, google.Config{})
	if ms, err := c.Managers(context.Background(), "g@example.org"); err != nil || len(ms) != 2 {
		t.Errorf("a listing with empty pages between: %d members, %v", len(ms), err)
	}
}

// TestABigGroupIsReadWhole: a group of 10,000 members, 50 pages of 200
// as Google sends them, is read whole under the default read timeout
// and page budget.
func TestABigGroupIsReadWhole(t *testing.T) {
	var pages atomic.Int32
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := emu.AddGroup("big@example.org", people(10000)...); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pages.Add(1)
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	client, err := google.New(context.Background(), google.Config{Endpoint: srv.URL, Rate: 100000})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := client.Members(context.Background(), "big@example.org")
	if err != nil || len(ms) != 10000 {
		t.Fatalf("%d members, %v; want all 10,000", len(ms), err)
	}
	if pages.Load() != 50 {
		t.Errorf("%d pages, want 50 of 200", pages.Load())
	}
}
