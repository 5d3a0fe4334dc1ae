package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/google"
)

// startEmulatorCommand runs `roster emulator` in-process until the test
// ends and returns the endpoint it printed.
func startEmulatorCommand(t *testing.T, dir string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	var stderr bytes.Buffer
	e := &env{stdin: bytes.NewReader(nil), stdout: pw, stderr: &stderr, now: func() time.Time { return testToday },
		getenv: func(string) string { return "" }, workdir: dir}
	go func() {
		done <- run(ctx, e, append([]string{"roster", "emulator", "--listen", "127.0.0.1:0"}, args...))
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("roster emulator exited %d: %s", code, stderr.String())
		}
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("emulator printed nothing: %v %s", err, stderr.String())
	}
	go io.Copy(io.Discard, pr)
	i := strings.Index(line, "http://")
	if i < 0 {
		t.Fatalf("no endpoint in %q", line)
	}
	return strings.TrimSpace(line[i:])
}

func TestEmulatorCommand(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "domain.json")
	writeFile(t, filepath.Join(dir, "members.toml"), exampleFile(t))
	endpoint := startEmulatorCommand(t, dir, "--state", state, "--group", "extra@example.org")

	ctx := context.Background()
	client, err := google.New(ctx, google.Config{Endpoint: endpoint})
	if err != nil {
		t.Fatal(err)
	}
	// The example's google lists and --group exist, empty, but for the
	// list that says create = true: sync creates that one.
	for _, g := range []string{"security-announce@example.org", "extra@example.org"} {
		ms, err := client.Members(ctx, g)
		if err != nil || len(ms) != 0 {
			t.Fatalf("group %s: %v, %d members", g, err, len(ms))
		}
	}
	if _, err := client.Members(ctx, "security@example.org"); !errors.Is(err, directory.ErrGroupNotFound) {
		t.Fatalf("the group of a create = true list exists before any sync: %v", err)
	}
	if _, err := client.Add(ctx, "security-announce@example.org", "ada@example.org", directory.RoleOwner); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(endpoint + "_emulator/counters")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var counts map[string]int64
	if err := json.NewDecoder(resp.Body).Decode(&counts); err != nil {
		t.Fatal(err)
	}
	if counts["members.list"] != 3 || counts["members.insert"] != 1 {
		t.Errorf("counters %v", counts)
	}

	// A second emulator on the same state file sees the write, once the
	// first has saved it (within milliseconds of the write).
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if data, _ := os.ReadFile(state); strings.Contains(string(data), "ada@example.org") {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	// --group on a loaded state creates what it lacks, and leaves what
	// it has.
	endpoint2 := startEmulatorCommand(t, dir, "--state", state, "--group", "late@example.org", "--group", "security-announce@example.org")
	client2, err := google.New(ctx, google.Config{Endpoint: endpoint2})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := client2.Members(ctx, "security-announce@example.org")
	if err != nil || len(ms) != 1 || ms[0].Email != "ada@example.org" {
		t.Fatalf("after restart: %v %+v", err, ms)
	}
	if ms, err := client2.Members(ctx, "late@example.org"); err != nil || len(ms) != 0 {
		t.Fatalf("--group on a loaded state: %v %+v", err, ms)
	}
}

// TestEmulatorPortTakenHintKeepsTheRun: where the port is taken, the
// hint to start elsewhere carries the run's other flags, so that as
// printed it serves the same state, faults included.
func TestEmulatorPortTakenHintKeepsTheRun(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "members.toml"), exampleFile(t))
	endpoint := startEmulatorCommand(t, dir)
	hostPort := strings.TrimSuffix(strings.TrimPrefix(endpoint, "http://"), "/")
	r := runRoster(t, dir, "emulator", "--listen", hostPort, "--state", "my state.json", "--fail-rate", "0.2", "--group", "extra@example.org")
	want := `roster emulator --listen 127.0.0.1:0 --state my\ state.json --fail-rate 0.2 --group extra@example.org`
	if r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, want the hint %q in:\n%s", r.code, want, r.stderr)
	}
}

func TestEmulatorListensOnLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:8089", ":8089", "192.0.2.1:8089"} {
		r := runRoster(t, t.TempDir(), "emulator", "--listen", addr)
		if r.code != 1 || !strings.Contains(r.stderr, "loopback") {
			t.Errorf("--listen %s: exit %d, %q", addr, r.code, r.stderr)
		}
	}
}

func TestEmulatorRejectsBadState(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "state.json"), []byte(`{"groups": [{"email": "g@example.org", "members": [{"email": "a@example.org", "role": "boss"}]}]}`))
	r := runRoster(t, dir, "emulator", "--listen", "127.0.0.1:0", "--state", "state.json")
	if r.code != 1 || !strings.Contains(r.stderr, "state.json") || !strings.Contains(r.stderr, `role "boss"`) {
		t.Errorf("exit %d, %q", r.code, r.stderr)
	}
}
