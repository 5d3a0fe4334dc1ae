package members_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

// FuzzParse feeds arbitrary bytes to the parser and, when they parse, to
// every policy: nothing may panic or hang, every error must carry a
// position inside the input, and a parsed file must check cleanly or with
// positioned findings.
//
//	go test -fuzz=FuzzParse ./members
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/bad/*.toml")
	seeds = append(seeds, "../members.toml")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err == nil {
			f.Add(data)
		}
	}
	at := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := members.Parse("fuzz.toml", data)
		if err != nil {
			list, ok := err.(members.ErrorList)
			if !ok || len(list) == 0 {
				t.Fatalf("Parse error %T %v is not a non-empty ErrorList", err, err)
			}
			for _, e := range list {
				if e.Pos.Line < 1 || e.Pos.Offset > len(data) {
					t.Fatalf("error %v points outside the input (%d bytes)", e, len(data))
				}
			}
			return
		}
		for _, fd := range policies.Check(file, at) {
			if fd.Line < 1 || fd.Pos.Offset > len(data) {
				t.Fatalf("finding %v points outside the input", fd)
			}
		}
	})
}
