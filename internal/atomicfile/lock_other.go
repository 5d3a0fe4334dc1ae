//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package atomicfile

import (
	"context"
	"time"
)

// Lock is a no-op where there is no flock: an edit still refuses to
// rename over a file that changed since it was read. It fails only when
// ctx is done.
func Lock(ctx context.Context, path string, wait time.Duration) (unlock func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return func() {}, nil
}
