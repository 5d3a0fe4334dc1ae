package google

import (
	"sync"

	"golang.org/x/oauth2"
)

// sharedTokenSource hands out one token to every call until it expires,
// as oauth2.ReuseTokenSource does, but fetches a new one once for all
// the calls that need it at that moment: the calls waiting share that
// fetch's outcome. ReuseTokenSource fetches under a lock, one caller
// after another, so that a token endpoint that stalls until its
// deadline held the run for that deadline once per waiting call (lists
// × tries × the call timeout: most of an hour for a 30-list domain).
type sharedTokenSource struct {
	src oauth2.TokenSource

	mu     sync.Mutex
	tok    *oauth2.Token
	flight *tokenFetch
}

// tokenFetch is one fetch in flight, done once its outcome is set.
type tokenFetch struct {
	done chan struct{}
	tok  *oauth2.Token
	err  error
}

// Token returns a valid token: the one held, or the outcome of the
// fetch in flight, or of one it starts.
func (s *sharedTokenSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	if s.tok.Valid() {
		t := s.tok
		s.mu.Unlock()
		return t, nil
	}
	f := s.flight
	if f == nil {
		f = &tokenFetch{done: make(chan struct{})}
		s.flight = f
		go s.fetch(f)
	}
	s.mu.Unlock()
	<-f.done
	return f.tok, f.err
}

// fetch runs f, the token request bounded by the HTTP client the source
// was made with (its timeout), and lets the next caller start another.
func (s *sharedTokenSource) fetch(f *tokenFetch) {
	f.tok, f.err = s.src.Token()
	s.mu.Lock()
	if f.err == nil {
		s.tok = f.tok
	}
	s.flight = nil
	s.mu.Unlock()
	close(f.done)
}
