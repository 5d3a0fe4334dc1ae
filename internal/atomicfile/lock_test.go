//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package atomicfile_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/roster-dev/roster/internal/atomicfile"
)

// TestLockStopsWaitingWhenCancelled: while another editor holds the
// lock, Ctrl-C (a cancelled context) ends the wait with the context's
// error, not after the whole wait, and not with the lock taken.
func TestLockStopsWaitingWhenCancelled(t *testing.T) {
	path := filepath.Join(t.TempDir(), "members.toml")
	if err := os.WriteFile(path, []byte("schema = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	unlock, err := atomicfile.Lock(context.Background(), path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	done := make(chan error, 1)
	go func() {
		u, err := atomicfile.Lock(ctx, path, time.Hour)
		if err == nil {
			u()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Lock while another holds it, cancelled: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Lock kept waiting after its context was cancelled")
	}
}

// TestLockClearsWhatAKilledEditLeft: an edit killed between writing its
// temporary file and the rename leaves ".members.toml.tmp-<hex>"; the
// next edit, holding the lock, removes it, and nothing else.
func TestLockClearsWhatAKilledEditLeft(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "members.toml")
	for name, data := range map[string]string{
		"members.toml":                   "schema = 1\n",
		".members.toml.tmp-0123456789ab": "schema = 1\n",
		".members.toml.tmp-notours":      "kept",
		".other.toml.tmp-0123456789ab":   "kept",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	unlock, err := atomicfile.Lock(context.Background(), path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	unlock()
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{".members.toml.tmp-notours", ".other.toml.tmp-0123456789ab", "members.toml"}
	if !slices.Equal(names, want) {
		t.Errorf("left %q, want %q", names, want)
	}
}
