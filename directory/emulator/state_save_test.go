package emulator_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
)

// TestAStateThatCannotBeSavedIsRefusedAtOnce: a new domain whose state
// file cannot be written (a link to nowhere, a directory that is not
// writable) is refused before it serves, not logged after a run whose
// writes then count for nothing; one that can is written at once, 0600.
func TestAStateThatCannotBeSavedIsRefusedAtOnce(t *testing.T) {
	dir := t.TempDir()
	dangling := filepath.Join(dir, "emulator.json")
	if err := os.Symlink(filepath.Join(dir, "gone", "state.json"), dangling); err != nil {
		t.Fatal(err)
	}
	if _, err := emulator.New(emulator.Options{StatePath: dangling}); err == nil || !strings.Contains(err.Error(), "cannot save its state") {
		t.Errorf("a dangling link: %v, want refused", err)
	}
	// A link to a state that exists: loaded, it could not be saved.
	real := filepath.Join(dir, "real.json")
	if srv, err := emulator.New(emulator.Options{StatePath: real}); err != nil {
		t.Fatal(err)
	} else {
		srv.Close()
	}
	linked := filepath.Join(dir, "linked.json")
	if err := os.Symlink(real, linked); err != nil {
		t.Fatal(err)
	}
	if _, err := emulator.New(emulator.Options{StatePath: linked}); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("a link to a state: %v, want refused", err)
	}
	fresh := filepath.Join(dir, "fresh.json")
	srv, err := emulator.New(emulator.Options{StatePath: fresh, Groups: []string{"g@example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if fi, err := os.Stat(fresh); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the new state: %v, %v", fi, err)
	}
}

// TestEveryAnswerNamesItsStateAbsolutely: an emulator that persists its
// domain names the file on every answer (StateHeader), as an absolute
// path: a run started from another directory compares it with its own
// (s30-regress2).
func TestEveryAnswerNamesItsStateAbsolutely(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Mkdir("sub", 0o700); err != nil {
		t.Fatal(err)
	}
	srv, err := emulator.New(emulator.Options{StatePath: filepath.Join("sub", "state.json")})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/_emulator/counters", nil))
	if got, want := rec.Header().Get(emulator.StateHeader), filepath.Join(dir, "sub", "state.json"); got != want {
		t.Errorf("%s: %q, want %q", emulator.StateHeader, got, want)
	}
}
