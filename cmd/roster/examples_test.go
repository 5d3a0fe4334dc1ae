package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestConsumerGroupExample keeps examples/consumer-group working: it
// validates, and its plan is the checklist the README shows.
func TestConsumerGroupExample(t *testing.T) {
	dir := filepath.Join("..", "..", "examples", "consumer-group")
	if r := runRoster(t, dir, "validate"); r.code != 0 {
		t.Fatalf("validate: exit %d\n%s", r.code, r.stdout)
	}
	r := runRoster(t, dir, "plan")
	if r.code != 2 || !strings.Contains(r.stdout, "[ ] add dana.whitfield@example.org as member") ||
		!strings.Contains(r.stdout, "[ ] remove former.vendor@example.net (now member)") {
		t.Fatalf("plan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// sync does not pretend to apply it, and says a person must.
	r = runRoster(t, dir, "sync")
	if r.code != 1 || !strings.Contains(r.stdout, "NEEDS A PERSON distros") {
		t.Fatalf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Its stderr, the log a scheduled job keeps, says why it failed too;
	// with JSON logs at ERROR.
	if !strings.Contains(r.stderr, "sync did not converge every group: 1 list whose changes a person must make (NEEDS A PERSON): distros") {
		t.Errorf("sync: stderr does not say why it failed:\n%s", r.stderr)
	}
	r = runRoster(t, dir, "--log-format", "json", "sync")
	if r.code != 1 || !strings.Contains(r.stderr, `"level":"ERROR"`) || !strings.Contains(r.stderr, "a person must make") {
		t.Errorf("sync with JSON logs: exit %d, no ERROR record:\n%s", r.code, r.stderr)
	}
	// audit --live says who makes a change there: a person, not sync.
	if r := runRoster(t, dir, "audit", "--live"); !strings.Contains(r.stdout, "sync cannot change a csv list: a person removes them") || strings.Contains(r.stdout, "the next sync removes them") {
		t.Errorf("audit --live of a csv list:\n%s", r.stdout)
	}
}
