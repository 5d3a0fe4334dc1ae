// Package bodylimit caps what roster reads of an HTTP answer. An API
// page has a size; an answer far past it (an endless stream of members,
// a hostile server) must fail its call rather than be read into memory
// whole. A read past the cap fails instead of truncating, so that a cut
// JSON array cannot pass for a short page.
package bodylimit

import (
	"errors"
	"io"
)

// ErrTooLarge is the read error of a body past its cap.
var ErrTooLarge = errors.New("response body too large")

// Wrap returns rc, reading at most max bytes: the next read fails with
// ErrTooLarge when more follow, and ends as rc does when none do.
func Wrap(rc io.ReadCloser, max int64) io.ReadCloser {
	return &body{rc: rc, left: max}
}

type body struct {
	rc   io.ReadCloser
	left int64
}

func (b *body) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more tells a body of exactly the cap from a longer one.
		var one [1]byte
		n, err := b.rc.Read(one[:])
		if n > 0 {
			return 0, ErrTooLarge
		}
		if err == nil {
			err = io.EOF
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *body) Close() error { return b.rc.Close() }
