//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package atomicfile

import "time"

// Lock is a no-op where there is no flock: an edit still refuses to
// rename over a file that changed since it was read.
func Lock(path string, wait time.Duration) (unlock func(), err error) {
	return func() {}, nil
}
