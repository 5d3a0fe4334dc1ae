package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/internal/shipped"
)

// TestVetOfSomeoneNewHintsAnAddThatRuns: vet for an address the file
// does not have prints the add that puts them on a list with the same
// record, and that line runs as printed (no LIST to fill in): the
// person is then in the file, on a list whose policy takes the method.
func TestVetOfSomeoneNewHintsAnAddThatRuns(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "members.toml"), shipped.Example(t))
	r := runRoster(t, dir, "vet", "newcomer@example.org", "--by", "amara-okafor", "--method", "video-call", "--note", "Met on a call")
	// The command ends the line, what else it may be given said
	// before it, so that it is copied whole.
	_, hint, ok := strings.Cut(r.stderr, "add them with the record")
	_, hint, ok2 := strings.Cut(hint, ": roster ")
	if r.code == 0 || !ok || !ok2 {
		t.Fatalf("vet: exit %d\n%s", r.code, r.stderr)
	}
	hint, _, _ = strings.Cut(hint, "\n")
	if strings.Contains(hint, "LIST") {
		t.Fatalf("the hint is a template: %s", hint)
	}
	// The list's policy may need fields the record cannot give (the
	// example's needs a name and an affiliation): the add writes the
	// entry and says so, exit 1, as for any edit validate then fails.
	if r := runRoster(t, dir, shellWords(hint)...); r.code > 1 || strings.Contains(r.stderr, "takes at most") || strings.Contains(r.stderr, "no such list") {
		t.Fatalf("roster %s: exit %d\n%s", hint, r.code, r.stderr)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "members.toml")); !strings.Contains(string(data), `email = "newcomer@example.org"`) || !strings.Contains(string(data), "Met on a call") {
		t.Errorf("the add did not write the member with the record:\n%s", data)
	}
}
