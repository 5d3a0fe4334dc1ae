package workspace_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/internal/atomicfile"
	"github.com/roster-dev/roster/workspace"
)

// TestTwoRunsOnTheBuiltInEmulatorKeepEachOthersWrites: two members files
// in one directory share the built-in emulator's domain (.roster/). Two
// syncs at once each load it; without one waiting for the other, the
// last to save dropped the other's writes, both having said they
// applied them.
func TestTwoRunsOnTheBuiltInEmulatorKeepEachOthersWrites(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	file := func(group string) string {
		s := founded(strings.Replace(header, "security@example.org", group, 1)) + founder(`reports = "owner"`)
		for i := range 30 {
			s += person(fmt.Sprintf("m%02d@example.org", i), `reports = "member"`)
		}
		return s
	}
	f.write("a.toml", file("a@example.org"))
	f.write("b.toml", file("b@example.org"))
	var wg sync.WaitGroup
	results := make([]outcome, 2)
	for i, path := range []string{"a.toml", "b.toml"} {
		// Each run its own output, in the one directory.
		run := &fixture{t: f.t, dir: f.dir, repo: f.repo, emu: f.emu, url: f.url, vars: f.vars}
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = run.doSync(workspace.SyncOptions{Source: workspace.Source{Path: path}, Live: workspace.LiveOptions{Emulator: true, Rate: 10000, RetryBase: time.Millisecond}})
		}()
	}
	wg.Wait()
	for i, r := range results {
		if r.code != 0 {
			t.Fatalf("run %d: exit %d\n%s%s", i, r.code, r.stdout, r.stderr)
		}
	}
	state := filepath.Join(f.dir, ".roster", "emulator.json")
	data, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := emulator.New(emulator.Options{StatePath: state})
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	defer srv.Close()
	for _, g := range []string{"a@example.org", "b@example.org"} {
		if got := len(srv.Members(g)); got != 31 {
			t.Errorf("%s has %d members in the saved domain, want 31: a run's writes were lost", g, got)
		}
	}
}

// TestAnEmulatorServesNoStateAnotherRunHolds: `roster emulator --state`
// on a domain a run holds refuses at once, saying why, rather than load
// it and save over the run's writes.
func TestAnEmulatorServesNoStateAnotherRunHolds(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", founded(header)+founder(`reports = "owner"`))
	state := filepath.Join(".roster", "emulator.json")
	if err := os.MkdirAll(filepath.Join(f.dir, ".roster"), 0o700); err != nil {
		t.Fatal(err)
	}
	unlock, err := atomicfile.Lock(ctx, filepath.Join(f.dir, state), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	err = f.ws(workspace.Context{}).Emulator(ctx, workspace.EmulatorOptions{File: "members.toml", Listen: "127.0.0.1:0", State: state})
	if err == nil || !strings.Contains(err.Error(), "in use by another roster") {
		t.Errorf("err = %v", err)
	}
}

// TestARunWaitingForTheBuiltInEmulatorSaysSo: a run whose built-in
// emulator's domain another run holds says it is waiting, and for how
// long, before it waits: a run that seems stuck says why.
func TestARunWaitingForTheBuiltInEmulatorSaysSo(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", founded(header)+founder(`reports = "owner"`))
	if err := os.MkdirAll(filepath.Join(f.dir, ".roster"), 0o700); err != nil {
		t.Fatal(err)
	}
	unlock, err := atomicfile.Lock(ctx, filepath.Join(f.dir, ".roster", "emulator.json"), 0)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(200 * time.Millisecond)
		unlock()
	}()
	r := f.doPlan(workspace.PlanOptions{Live: workspace.LiveOptions{Emulator: true, Rate: 10000, RetryBase: time.Millisecond}})
	if !strings.Contains(r.stderr, "waiting for another roster run, which holds the built-in emulator's domain") {
		t.Errorf("exit %d, no word of the wait:\n%s", r.code, r.stderr)
	}
}

// TestARunBesideAServedBuiltInDomainIsToldWhereItIs: roster emulator
// serving the built-in emulator's domain (to script changes by hand
// against it) holds it until it is stopped: a run with --emulator
// meanwhile is told at once where to reach it, not left to wait five
// minutes and "try again when it is done" (s30-everyday finding 3).
func TestARunBesideAServedBuiltInDomainIsToldWhereItIs(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", founded(header)+founder(`reports = "owner"`))
	endpoint, stop := serveState(t, f, filepath.Join(".roster", "emulator.json"))
	start := time.Now()
	r := f.doPlan(workspace.PlanOptions{Live: workspace.LiveOptions{Emulator: true}})
	if r.code == 0 || !strings.Contains(r.stderr, "served by roster emulator at "+endpoint) || !strings.Contains(r.stderr, "--endpoint "+endpoint) || time.Since(start) > time.Minute {
		t.Errorf("exit %d after %v:\n%s", r.code, time.Since(start), r.stderr)
	}
	stop()
	if _, err := os.Stat(filepath.Join(f.dir, ".roster", "emulator.json.serving")); !os.IsNotExist(err) {
		t.Errorf("the serving note outlived the server: %v", err)
	}
}

// lockedBuffer is a buffer one goroutine writes while another reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestAServingNoteIsCheckedWithTheServer: a note an emulator killed since
// left behind, naming a port another server has taken, is not believed:
// the run waits for whoever holds the domain, as for a run; and an
// emulator serving another state of .roster (whose lock holds them all)
// is named, with its state, at once (s30-attr).
func TestAServingNoteIsCheckedWithTheServer(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", founded(header)+founder(`reports = "owner"`))
	if err := os.MkdirAll(filepath.Join(f.dir, ".roster"), 0o700); err != nil {
		t.Fatal(err)
	}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer other.Close()
	f.write(filepath.Join(".roster", "emulator.json.serving"), other.URL+"/\n")
	unlock, err := atomicfile.Lock(ctx, filepath.Join(f.dir, ".roster", "emulator.json"), 0)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(200 * time.Millisecond)
		unlock()
	}()
	r := f.doPlan(workspace.PlanOptions{Live: workspace.LiveOptions{Emulator: true, Rate: 10000, RetryBase: time.Millisecond}})
	if strings.Contains(r.stderr, "served by") || !strings.Contains(r.stderr, "waiting for another roster run") {
		t.Errorf("a stale note believed: exit %d\n%s", r.code, r.stderr)
	}

	_, stop := serveState(t, f, filepath.Join(".roster", "other.json"))
	r = f.doPlan(workspace.PlanOptions{Live: workspace.LiveOptions{Emulator: true}})
	if r.code == 0 || !strings.Contains(r.stderr, "other.json") || !strings.Contains(r.stderr, "holds every state in") {
		t.Errorf("an emulator of another state in .roster: exit %d\n%s", r.code, r.stderr)
	}
	stop()
}

// serveState runs roster emulator on the state at path (relative to
// f's directory) until stop, which waits for it to end; endpoint is
// where it serves, as its first line says.
func serveState(t *testing.T, f *fixture, path string) (endpoint string, stop func()) {
	t.Helper()
	serving, cancel := context.WithCancel(ctx)
	out := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		ws := workspace.New(workspace.Env{Stdout: out, Stderr: io.Discard, Now: func() time.Time { return today }, Getenv: func(string) string { return "" }, Workdir: f.dir})
		done <- ws.Emulator(serving, workspace.EmulatorOptions{File: "members.toml", Listen: "127.0.0.1:0", State: path})
	}()
	const serves = "roster emulator: serving the Directory API at "
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), serves) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	endpoint = strings.TrimSpace(strings.TrimPrefix(strings.SplitN(out.String(), "\n", 2)[0], serves))
	return endpoint, func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
