package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestACrashExitsOneInTheLogFormatAsked: a panic (a bug) exits 1, not
// Go's 2, which plan's callers read as "changes pending"; under
// --log-format json it is one JSON record with the panic and its stack,
// as every other line on stderr is.
func TestACrashExitsOneInTheLogFormatAsked(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "members.toml"), exampleFile(t))
	for _, json1 := range []bool{false, true} {
		var stdout, stderr lockedBuffer
		e := &env{
			stdin:  bytes.NewReader(nil),
			stdout: &stdout,
			stderr: &stderr,
			now:    func() time.Time { return testToday },
			// Reading the environment is the first thing a command
			// does after its flags are read: the bug planted here.
			getenv:  func(string) string { panic("planted bug") },
			workdir: dir,
		}
		args := []string{"roster", "validate"}
		if json1 {
			args = []string{"roster", "--log-format", "json", "validate"}
		}
		inProcess.Lock()
		code := run(context.Background(), e, args)
		inProcess.Unlock()
		if code != 1 {
			t.Errorf("%v: exit %d, want 1", args, code)
		}
		out := stderr.String()
		if !strings.Contains(out, "planted bug") || !strings.Contains(out, "report it") {
			t.Errorf("%v: stderr does not say what crashed:\n%s", args, out)
		}
		if !json1 {
			continue
		}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Errorf("not a JSON record: %q", line)
			}
		}
	}
}
