package google

import (
	"errors"
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
