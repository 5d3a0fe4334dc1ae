package plan_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/roster-dev/roster/plan"
)

// FuzzRead feeds arbitrary bytes to the plan-file reader: it never
// panics, every refusal names the file, and a plan it accepts writes
// back to a plan it reads the same.
//
//	go test -fuzz=FuzzRead ./plan
func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"version":1,"source":{"file":"members.toml","sha256":"sha256:00"},"lists":[{"id":"l","address":"l@example.org","provider":"google","base":"sha256:00","live_members":0,"changes":[{"action":"add","email":"a@example.org","role":"owner"}]}],"summary":{"add":1,"remove":0,"set_role":0,"settings":0,"unmanaged":0,"blocked":0,"problems":0,"unreadable":0}}`))
	seeds, _ := filepath.Glob("../testdata/bad/plans/*.json")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := plan.Read("plan.json", data)
		if err != nil {
			if !bytes.HasPrefix([]byte(err.Error()), []byte("plan.json")) {
				t.Fatalf("the refusal does not name the file: %v", err)
			}
			return
		}
		var b bytes.Buffer
		if err := p.Write(&b); err != nil {
			t.Fatal(err)
		}
		again, err := plan.Read("plan.json", b.Bytes())
		if err != nil {
			t.Fatalf("a plan roster wrote does not read back: %v\n%s", err, b.String())
		}
		if d := plan.Diff(p, again); len(d) != 0 {
			t.Fatalf("the plan changed through a write and a read: %v", d)
		}
	})
}
