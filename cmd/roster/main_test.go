package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files with the current output")

// testToday is the fixed date every command test runs on, so that vetting
// ages in testdata do not drift with the calendar.
var testToday = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

type result struct {
	code           int
	stdout, stderr string
}

// runRoster runs the real command in-process, in dir, with a fixed clock.
func runRoster(t testing.TB, dir string, args ...string) result {
	t.Helper()
	return runRosterEnv(t, dir, nil, args...)
}

func runRosterEnv(t testing.TB, dir string, vars map[string]string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := &env{
		stdin:   bytes.NewReader(nil),
		stdout:  &stdout,
		stderr:  &stderr,
		now:     func() time.Time { return testToday },
		getenv:  func(k string) string { return vars[k] },
		workdir: dir,
	}
	code := run(context.Background(), e, append([]string{"roster"}, args...))
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func (r result) golden() string {
	return "exit: " + strconv.Itoa(r.code) + "\n--- stdout\n" + r.stdout + "--- stderr\n" + r.stderr
}

// checkGolden compares got with the golden file, or rewrites it with -update.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", filepath.Base(path), diff)
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// exampleFile is the project's own members.toml.
func exampleFile(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "members.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
