package plan

import (
	"errors"
	"sync"

	"github.com/roster-dev/roster/directory"
)

// failingInRow is how many keys (addresses written, groups read) whose
// calls were given up in a row stop the run making more such calls:
// each cost minutes of retries, and Google answering every call with a
// 503 would otherwise cost each group of a domain its own few minutes,
// an hourly job running for hours.
const failingInRow = 5

// streak counts the keys whose calls were given up, for getting no
// answer or a server error try after try (directory.Failing), since the
// last call that landed. By key, not by call: one address Google fails
// on many lists is that address's trouble, not Google's. A quota's
// refusals are pacing and count for nothing. The zero streak is ready
// to use.
type streak struct {
	// onTrip, if set, is called once, with the last failure, when the
	// streak reaches failingInRow keys.
	onTrip func(last error)
	// counts says which failures count (nil: directory.Failing).
	counts func(error) bool

	mu      sync.Mutex
	failing map[string]bool // guarded by mu
	last    error           // guarded by mu
	tripped bool            // guarded by mu: onTrip was called
}

// record counts the outcome of one call for key.
func (s *streak) record(key string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case err == nil:
		s.failing = nil
	case s.counts == nil && directory.Failing(err) || s.counts != nil && s.counts(err):
		if s.failing == nil {
			s.failing = map[string]bool{}
		}
		s.failing[key] = true
		s.last = err
		if len(s.failing) >= failingInRow && !s.tripped && s.onTrip != nil {
			s.tripped = true
			s.onTrip(err)
		}
	}
}

// since returns the last failure while failingInRow keys in a row
// have failed, nil otherwise.
func (s *streak) since() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.failing) >= failingInRow {
		return s.last
	}
	return nil
}

// readFailing reports whether a group's read failed in a way the next
// group's would most likely fail too: given up after its retries,
// whatever answered them (no answer, server errors, 429 or quota
// refusals: a read that fails is one the client gave up on), out of
// its time while its calls kept failing (answering 429 with ever
// longer Retry-After), or a listing that never ends within its page
// budget. A read out of its time while pages kept coming is a group
// too big for --read-timeout, or an endpoint sending pages slowly
// without end: either fails alone. A half-dead endpoint then costs a few
// groups' reads, not every group its own. (Writes count only no answer
// and server errors: a refused write is the quota pacing them.)
func readFailing(err error) bool {
	var aerr *directory.APIError
	if errors.Is(err, directory.ErrReadTimeout) {
		// Out of time while answers came, however slowly: a group too
		// big for --read-timeout, which fails alone.
		return errors.As(err, &aerr) && aerr.WhileFailing
	}
	// The day's quota spent: every group's read is refused until it
	// resets.
	return directory.Failing(err) || directory.IsRetryable(err) || errors.Is(err, directory.ErrEndless) || errors.Is(err, directory.ErrDailyLimit)
}
