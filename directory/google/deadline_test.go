package google_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
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

// failsafe waits for a call to return, and fails the test (instead of
// hanging it) if it does not within a generous bound.
func failsafe[T any](t *testing.T, what string, done <-chan T) T {
	t.Helper()
	select {
	case v := <-done:
		return v
	case <-time.After(20 * time.Second):
		t.Fatalf("%s hung", what)
		panic("unreachable")
	}
}

// stall answers nothing until the client gives up on the request. It
// reads the body first: the server notices a client hanging up only
// once the request's body has been read.
func stall(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	<-r.Context().Done()
}

// stallBody sends the headers and the start of a body, then nothing.
func stallBody(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, `{"kind":"admin#directory#members","members":[{"id":"1",`)
	w.(http.Flusher).Flush()
	<-r.Context().Done()
}

// TestAServerThatNeverAnswersFailsTheCall: every try of a call has a
// deadline; a server that never answers, or answers the headers and then
// stalls the body, makes the call fail, retryable, naming the timeout,
// after three tries that got no answer (not the whole retry budget),
// never hang.
func TestAServerThatNeverAnswersFailsTheCall(t *testing.T) {
	t.Parallel() // waits more than it computes: see TestMain
	for name, h := range map[string]http.HandlerFunc{"no answer": stall, "stalled body": stallBody} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var tries atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				tries.Add(1)
				h(w, r)
			}))
			t.Cleanup(srv.Close)
			// Ten tries allowed, as by default: a server that answers
			// none of three is stuck, and the call is given up then.
			// Written as the user gave it: the message names it so.
			client, err := google.New(context.Background(), google.Config{Endpoint: srv.URL, CallTimeout: 50 * time.Millisecond, CallTimeoutText: "0.05s",
				Retry: google.Retry{Attempts: 10, Base: time.Millisecond, Max: 2 * time.Millisecond}})
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { _, err := client.Members(context.Background(), "g@example.org"); done <- err }()
			err = failsafe(t, "a call to a server that never answers", done)
			if !errors.Is(err, directory.ErrUnavailable) || !directory.IsRetryable(err) || !strings.Contains(err.Error(), "call timeout of 0.05s (--call-timeout gives a slow API longer)") {
				t.Fatalf("got %v, want a retryable ErrUnavailable naming the timeout as given", err)
			}
			if tries.Load() != 3 || client.Stats().TimedOut != 3 {
				t.Errorf("%d tries, %d timed out; want each of the 3 tries to time out", tries.Load(), client.Stats().TimedOut)
			}
		})
	}
}

// TestATokenEndpointThatNeverAnswersFailsTheCall: the token request,
// made inside the call's transport, has its deadline too.
func TestATokenEndpointThatNeverAnswersFailsTheCall(t *testing.T) {
	t.Parallel() // waits more than it computes: see TestMain
	tokens := httptest.NewServer(http.HandlerFunc(stall))
	t.Cleanup(tokens.Close)
	_, key := fakeServiceAccount(t, tokens.URL+"/token")
	client, err := google.New(context.Background(), google.Config{Endpoint: "https://admin.example.invalid/", CredentialsFile: key,
		Subject: "admin@example.org", CallTimeout: 50 * time.Millisecond, Retry: google.Retry{Attempts: 2, Base: time.Millisecond, Max: 2 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := client.Members(context.Background(), "g@example.org"); done <- err }()
	// The token request's own timeout and the call's deadline are the
	// same bound; whichever fires first, the call timed out.
	if err := failsafe(t, "a call behind a token endpoint that never answers", done); !directory.IsRetryable(err) || !strings.Contains(err.Error(), "call timeout of 50ms") {
		t.Fatalf("got %v, want a retryable error naming the timeout", err)
	}
	if n := client.Stats().TimedOut; n != 2 {
		t.Errorf("%d tries timed out, want both", n)
	}
}

// TestOtherGroupsDoNotWaitBehindAStalledCall: while one group's listing
// waits on a server that does not answer, other groups' calls go out and
// come back: neither the rate limiter nor anything else is held while a
// call waits for its answer.
func TestOtherGroupsDoNotWaitBehindAStalledCall(t *testing.T) {
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []string{"a@example.org", "b@example.org", "c@example.org"} {
		if err := emu.AddGroup(g, people(3)...); err != nil {
			t.Fatal(err)
		}
	}
	stalled := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "stuck@") {
			stalled <- struct{}{}
			stall(w, r)
			return
		}
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	client, err := google.New(context.Background(), google.Config{Endpoint: srv.URL, Rate: 1000, Burst: 1, CallTimeout: time.Hour, Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stuck := make(chan error, 1)
	go func() { _, err := client.Members(ctx, "stuck@example.org"); stuck <- err }()
	failsafe(t, "the stalled call's request", stalled)
	others := make(chan error, 1)
	go func() {
		for _, g := range []string{"a@example.org", "b@example.org", "c@example.org"} {
			if ms, err := client.Members(context.Background(), g); err != nil || len(ms) != 3 {
				others <- fmt.Errorf("%s: %v, %d members", g, err, len(ms))
				return
			}
		}
		others <- nil
	}()
	if err := failsafe(t, "other groups' calls behind a stalled one", others); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := failsafe(t, "the stalled call after cancel", stuck); !errors.Is(err, context.Canceled) {
		t.Errorf("the stalled call: %v, want it cancelled", err)
	}
}

// TestPagesOfDifferentGroupsAreInFlightAtOnce: listings of different
// groups run side by side, up to MaxInFlight calls on the wire and never
// more: what a caller sizes its readers by.
func TestPagesOfDifferentGroupsAreInFlightAtOnce(t *testing.T) {
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const groups = 6
	for i := range groups {
		if err := emu.AddGroup(fmt.Sprintf("g%d@example.org", i), people(450)...); err != nil {
			t.Fatal(err)
		}
	}
	for _, bound := range []int{2, 4} {
		t.Run(fmt.Sprint(bound), func(t *testing.T) {
			var mu sync.Mutex
			inFlight, most := 0, 0
			reached := make(chan struct{})
			var once sync.Once
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				inFlight++
				most = max(most, inFlight)
				if inFlight == bound {
					once.Do(func() { close(reached) })
				}
				mu.Unlock()
				// Hold every call until the bound has been reached once:
				// proof that that many were out together, without timing.
				select {
				case <-reached:
				case <-time.After(10 * time.Second):
				}
				emu.ServeHTTP(w, r)
				mu.Lock()
				inFlight--
				mu.Unlock()
			}))
			t.Cleanup(srv.Close)
			client, err := google.New(context.Background(), google.Config{Endpoint: srv.URL, Rate: 100000, MaxInFlight: bound, Retry: fastRetry})
			if err != nil {
				t.Fatal(err)
			}
			if client.MaxInFlight() != bound {
				t.Fatalf("MaxInFlight() = %d", client.MaxInFlight())
			}
			var wg sync.WaitGroup
			errs := make(chan error, groups)
			for i := range groups {
				wg.Go(func() {
					ms, err := client.Members(context.Background(), fmt.Sprintf("g%d@example.org", i))
					if err == nil && len(ms) != 450 {
						err = fmt.Errorf("%d members", len(ms))
					}
					errs <- err
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			select {
			case <-reached:
			default:
				t.Fatalf("never %d calls out at once (at most %d)", bound, most)
			}
			if most > bound {
				t.Errorf("%d calls out at once, more than MaxInFlight %d", most, bound)
			}
		})
	}
}

// TestALoopbackEndpointNobodyListensOnFailsAtOnce: a connection refused
// on loopback is an emulator not started, not an outage to retry for
// minutes: New and doctor say so at once, naming the command; an
// endpoint that listens is not refused.
func TestALoopbackEndpointNobodyListensOnFailsAtOnce(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/"
	ln.Close()
	_, err = google.New(context.Background(), google.Config{Endpoint: closed})
	if err == nil || !strings.Contains(err.Error(), "nothing is listening at "+closed) || !strings.Contains(err.Error(), "roster emulator --listen") {
		t.Errorf("New: %v", err)
	}
	var failed bool
	for _, c := range google.Diagnose(context.Background(), google.Config{Endpoint: closed}, nil) {
		failed = failed || c.Name == "endpoint" && c.Status == directory.Fail && strings.Contains(c.Detail, "nothing is listening")
	}
	if !failed {
		t.Errorf("doctor does not fail the endpoint nobody listens on")
	}
	srv := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	if _, err := google.New(context.Background(), google.Config{Endpoint: srv.URL}); err != nil {
		t.Errorf("New with a listening endpoint: %v", err)
	}
}
