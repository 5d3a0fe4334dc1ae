package directory_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/roster-dev/roster/directory"
)

// FuzzParseSnapshot feeds arbitrary bytes to the member-export reader:
// it never panics, refuses with a SnapshotError, and never reads an
// export as "no members".
//
//	go test -fuzz=FuzzParseSnapshot ./directory
func FuzzParseSnapshot(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/snapshots/*.csv")
	more, _ := filepath.Glob("../testdata/bad/snapshots/*.csv")
	for _, s := range append(seeds, more...) {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ms, err := directory.ParseSnapshot("export.csv", data)
		if err != nil {
			var se *directory.SnapshotError
			if !errors.As(err, &se) {
				t.Fatalf("%T %v is not a SnapshotError", err, err)
			}
			return
		}
		for _, m := range ms {
			if m.Email == "" && m.Type != "CUSTOMER" {
				t.Fatalf("a member with no address: %+v", m)
			}
			if _, ok := directory.ParseRole(string(m.Role)); !ok {
				t.Fatalf("a member with role %q", m.Role)
			}
		}
	})
}
