package google

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// stallingSource is a token endpoint that answers after a while, with
// err or a token, counting the fetches.
type stallingSource struct {
	fetches atomic.Int32
	wait    time.Duration
	err     error
}

func (s *stallingSource) Token() (*oauth2.Token, error) {
	s.fetches.Add(1)
	time.Sleep(s.wait)
	if s.err != nil {
		return nil, s.err
	}
	return &oauth2.Token{AccessToken: "t", Expiry: time.Now().Add(time.Hour)}, nil
}

// TestCallsWaitingForATokenShareOneFetch: twelve calls that need a token
// while the endpoint stalls wait for one fetch, not one after another
// (ReuseTokenSource's lock made twelve stalls of it); a failure is each
// of theirs at once, and the next call tries again; a token fetched is
// reused.
func TestCallsWaitingForATokenShareOneFetch(t *testing.T) {
	stall := &stallingSource{wait: 100 * time.Millisecond, err: errors.New("timeout")}
	s := &sharedTokenSource{src: stall}
	var wg sync.WaitGroup
	var failed atomic.Int32
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.Token(); err != nil {
				failed.Add(1)
			}
		}()
	}
	wg.Wait()
	if n := stall.fetches.Load(); n != 1 || failed.Load() != 12 {
		t.Errorf("%d fetches, %d calls failed; want 1 fetch shared by 12 failed calls", n, failed.Load())
	}
	stall.err = nil
	for range 3 {
		if tok, err := s.Token(); err != nil || tok.AccessToken != "t" {
			t.Fatalf("after the endpoint recovered: %v %v", tok, err)
		}
	}
	if n := stall.fetches.Load(); n != 2 {
		t.Errorf("%d fetches, want 2: one more after the failure, its token reused", n)
	}
}

// blockedSource is a token endpoint that answers once released.
type blockedSource struct{ release chan struct{} }

func (s *blockedSource) Token() (*oauth2.Token, error) {
	<-s.release
	return &oauth2.Token{AccessToken: "t", Expiry: time.Now().Add(time.Hour)}, nil
}

// TestACallsDeadlineCoversItsToken: a request whose context ends while
// the token it waits for is still being fetched ends with its context's
// error (the call's deadline, the run's read timeout), not when the
// token endpoint answers; the fetch goes on, and serves the next call.
func TestACallsDeadlineCoversItsToken(t *testing.T) {
	src := &blockedSource{release: make(chan struct{})}
	var sent atomic.Int32
	tr := &authTransport{src: &sharedTokenSource{src: src}, base: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		sent.Add(1)
		if r.Header.Get("Authorization") != "Bearer t" {
			t.Errorf("sent without the token: %q", r.Header.Get("Authorization"))
		}
		return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
	})}
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1/x", nil)
	done := make(chan error, 1)
	go func() {
		_, err := tr.RoundTrip(req)
		done <- err
	}()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) || !errors.Is(err, errTokenWait) || sent.Load() != 0 {
		t.Fatalf("a call whose context ended: %v, %d sent", err, sent.Load())
	}
	close(src.release)
	req2, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1/x", nil)
	if _, err := tr.RoundTrip(req2); err != nil || sent.Load() != 1 {
		t.Errorf("the next call: %v, %d sent", err, sent.Load())
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestATooManyRequestsTokenAnswerIsPassing: a 429 from the token
// endpoint is retried, as a 5xx is: every call waiting shares one
// fetch's outcome, and a 429 refused for good would fail every list.
func TestATooManyRequestsTokenAnswerIsPassing(t *testing.T) {
	for code, want := range map[int]bool{429: true, 503: true, 400: false, 401: false} {
		e := &credentialError{err: &oauth2.RetrieveError{Response: &http.Response{StatusCode: code}}}
		if got := e.transient(); got != want {
			t.Errorf("token answer %d: transient %v, want %v", code, got, want)
		}
	}
}
