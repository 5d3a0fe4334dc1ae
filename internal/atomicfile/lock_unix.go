//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package atomicfile

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// Lock takes an exclusive lock for editing the file at path, held on the
// directory of the file it names (after symbolic links), so that no lock
// file is left behind and the lock is the same whichever link an editor
// came through. The kernel releases it when the process ends, even by a
// crash. It waits up to wait for another holder, then fails saying so;
// it stops waiting when ctx is done (Ctrl-C), with ctx's error.
func Lock(ctx context.Context, path string, wait time.Duration) (unlock func(), err error) {
	target, err := resolve(path)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(target)
	d, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(wait)
	for {
		err := syscall.Flock(int(d.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			// Held: no other edit is mid-write, so a temporary file of
			// the target's is one a killed edit left behind.
			removeLeftovers(dir, filepath.Base(target))
			return func() {
				_ = syscall.Flock(int(d.Fd()), syscall.LOCK_UN)
				d.Close()
			}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			d.Close()
			return nil, fmt.Errorf("lock %s for editing: %w", dir, err)
		}
		if time.Now().After(deadline) {
			d.Close()
			return nil, fmt.Errorf("another roster has been editing %s for %v; nothing was written, try again when it is done", target, wait)
		}
		select {
		case <-ctx.Done():
			d.Close()
			return nil, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}
