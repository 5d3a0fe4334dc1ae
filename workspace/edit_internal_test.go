package workspace

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEditDetectsConcurrentChange: a file changed on disk between read
// and write is not overwritten.
func TestEditDetectsConcurrentChange(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "members.toml")
	if err := os.WriteFile(path, []byte("schema = 1\n# edited by someone else\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := writeMembersFile(path, []byte("schema = 1\n"), []byte("schema = 1\n# roster's edit\n"))
	if err == nil || !strings.Contains(err.Error(), "changed on disk") {
		t.Fatalf("got %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "schema = 1\n# edited by someone else\n" {
		t.Errorf("overwritten: %q", got)
	}
}
