package google

import (
	"context"
	"errors"
	"fmt"
	"net/http"
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
	return s.tokenContext(context.Background())
}

// tokenContext is Token for a call with a deadline: it stops waiting
// for the fetch when ctx ends (the fetch goes on for the calls after).
func (s *sharedTokenSource) tokenContext(ctx context.Context) (*oauth2.Token, error) {
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
	select {
	case <-f.done:
		return f.tok, f.err
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: %w", errTokenWait, context.Cause(ctx))
	}
}

// errTokenWait marks a call whose deadline ended while it waited for
// its token: the token endpoint, not the API, did not answer.
var errTokenWait = errors.New("no token from the token endpoint in time")

// authTransport authorizes each request with the shared token, waiting
// for it no longer than the request's own context allows: a call's
// deadline covers the token too (oauth2.Transport asks its source with
// no context at all).
type authTransport struct {
	src  *sharedTokenSource
	base http.RoundTripper
}

// RoundTrip sends req with the token's Authorization header.
func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	tok, err := t.src.tokenContext(req.Context())
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	out := req.Clone(req.Context())
	tok.SetAuthHeader(out)
	return t.base.RoundTrip(out)
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
