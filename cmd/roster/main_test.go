package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/internal/shipped"
	"github.com/roster-dev/roster/internal/testmain"
	"github.com/roster-dev/roster/members"
)

// The command line's tests are a thin layer over the workspace's: flags
// and the rules between them (options_test.go), exit codes, argument
// order and usage errors (args_test.go), one or two runs of each command
// end to end (commands_test.go), what only processes can show
// (reliability_test.go), and the command lines the docs, --help and
// roster's hints print, run as printed (docs_test.go). What a command
// does is tested in ../../workspace, from the cases in its testdata.

// testToday is the fixed date every command test runs on, so that vetting
// ages in testdata do not drift with the calendar.
var testToday = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// TestMain lets the test binary run as roster itself, so that tests can
// start, and kill, real roster processes without building one.
func TestMain(m *testing.M) {
	if os.Getenv("ROSTER_TEST_AS_MAIN") == "1" {
		main()
		return
	}
	testmain.Main(m)
}

// asMain is the environment of a roster process started from a test:
// the test binary runs as roster, and a race-detecting binary exits at
// once instead of sleeping a second for late reports (GORACE's
// atexit_sleep_ms), which every process test would otherwise pay.
func asMain(vars ...string) []string {
	race := strings.TrimSpace(os.Getenv("GORACE") + " atexit_sleep_ms=0")
	return append(append(os.Environ(), "ROSTER_TEST_AS_MAIN=1", "GORACE="+race), vars...)
}

// inProcess is held by every run of roster in the test's own process
// that a parallel test makes. urfave/cli applies its global --help and
// --version flags to each command line it parses (a write to package
// state), so two in-process runs at once race: the tests that run roster
// in-process are sequential, but for a few slow ones whose runs take
// turns here while their fixtures, shells and processes overlap.
var inProcess sync.Mutex

type result struct {
	code           int
	stdout, stderr string
}

// lockedBuffer is a bytes.Buffer safe for the writers of one run: run
// guards stderr for the logger, the workspace guards it again for its
// notices and progress, and both may write at once from different
// goroutines (as two writes to os.Stderr may).
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

// runRoster runs the real command in-process, in dir, with a fixed clock.
func runRoster(t testing.TB, dir string, args ...string) result {
	t.Helper()
	return runRosterEnv(t, dir, nil, args...)
}

func runRosterEnv(t testing.TB, dir string, vars map[string]string, args ...string) result {
	t.Helper()
	var stdout, stderr lockedBuffer
	e := &env{
		stdin:   bytes.NewReader(nil),
		stdout:  &stdout,
		stderr:  &stderr,
		now:     func() time.Time { return testToday },
		getenv:  func(k string) string { return vars[k] },
		workdir: dir,
	}
	inProcess.Lock()
	code := run(context.Background(), e, append([]string{"roster"}, args...))
	inProcess.Unlock()
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
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

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// exampleFile is the project's own members.toml.
func exampleFile(t *testing.T) []byte {
	t.Helper()
	return shipped.Example(t)
}

// caseDir is a case of the workspace's tests: the command line runs the
// same files end to end.
func caseDir(name string) string {
	return filepath.Join("..", "..", "workspace", "testdata", name)
}

// copyCase copies the files of a workspace case but its golden files to
// a temporary directory.
func copyCase(t *testing.T, name string) string {
	t.Helper()
	src := caseDir(name)
	dst := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".golden") || e.IsDir() {
			continue
		}
		writeFile(t, filepath.Join(dst, e.Name()), []byte(readFile(t, filepath.Join(src, e.Name()))))
	}
	return dst
}

// domain is an emulated Google domain for command tests, seeded from a
// state file, reachable through $ROSTER_GOOGLE_ENDPOINT.
type domain struct {
	emu *emulator.Server
	url string
}

func newDomain(t testing.TB, opts emulator.Options, statePath string) *domain {
	t.Helper()
	if statePath != "" {
		st, err := emulator.LoadState(statePath)
		if err != nil {
			t.Fatal(err)
		}
		opts.State = st
	}
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return &domain{emu: emu, url: srv.URL + "/"}
}

func (d *domain) vars() map[string]string { return map[string]string{"ROSTER_GOOGLE_ENDPOINT": d.url} }

// run runs roster against the domain, fast: no rate limit to wait for,
// and a short first backoff. The flags go right after the command name,
// before any argument.
func (d *domain) run(t *testing.T, dir string, args ...string) result {
	t.Helper()
	full := append([]string{args[0], "--rate", "10000", "--retry-base", "1ms"}, args[1:]...)
	return runRosterEnv(t, dir, d.vars(), full...)
}

func (d *domain) writes() int64 {
	c := d.emu.Counters()
	return c["members.insert"] + c["members.delete"] + c["members.patch"] + c["members.update"] + c["settings.patch"]
}

// members returns a group's live members as "email ROLE", sorted.
func (d *domain) members(group string) []string {
	var out []string
	for _, m := range d.emu.Members(group) {
		out = append(out, strings.ToLower(m.Email)+" "+m.Role)
	}
	sort.Strings(out)
	return out
}

// TestHelpCommand: "roster help" and "roster help COMMAND", as people type
// them, print the help --help prints; an unknown command is named.
func TestHelpCommand(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
		code int
	}{
		{[]string{"help"}, "roster - keep private mailing-list membership as code", 0},
		{[]string{"help", "validate"}, "roster validate - check members.toml", 0},
		{[]string{"help", "nosuch"}, `unknown command "nosuch"`, 1},
		// Global flags may come first, as on any command line.
		{[]string{"--verbose", "help", "validate"}, "roster validate - check members.toml", 0},
		{[]string{"--log-format", "json", "help", "validate"}, "roster validate - check members.toml", 0},
		{[]string{"--log-format=json", "help", "nosuch"}, `unknown command \"nosuch\"`, 1},
		// --help after an argument, as flags may come after arguments.
		{[]string{"vet", "x@example.org", "--help"}, "roster vet - record that someone vetted a member", 0},
		{[]string{"diff", "HEAD", "extra", "--help"}, "roster diff - membership difference", 0},
		{[]string{"validate", "-h", "extra"}, "roster validate - check members.toml", 0},
	} {
		r := runRoster(t, dir, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stdout+r.stderr, tc.want) {
			t.Errorf("roster %s: exit %d\n%s%s", strings.Join(tc.args, " "), r.code, r.stdout, r.stderr)
		}
	}
}

// TestPrintErrorOneLinePerJoinedError: errors.Join's errors print one
// line each; an error wrapping two with %w prints whole, its prefix
// kept, whatever its parts hold.
func TestPrintErrorOneLinePerJoinedError(t *testing.T) {
	parse := errors.New("line 3: bad key\nline 9: bad value")
	for _, tc := range []struct {
		err  error
		want string
	}{
		{errors.Join(errors.New("first"), errors.New("second")), "roster: first\nroster: second\n"},
		{fmt.Errorf("members.toml at abc1234 %w: %w", errors.New("does not parse"), parse), "roster: members.toml at abc1234 does not parse: line 3: bad key\\nline 9: bad value\n"},
		{fmt.Errorf("%w: %w", errors.New("git cat-file"), io.EOF), "roster: git cat-file: EOF\n"},
		// A file's errors under the words that wrap them (site --at a
		// day whose file does not parse), one a line, each still made
		// safe (s31-site).
		{fmt.Errorf("--at 2026-10-15: %w", fmt.Errorf("members.toml at abc1234 %w: %w", errors.New("does not parse"), members.ErrorList{
			{File: "m.toml", Pos: members.Pos{Line: 3, Col: 1}, Msg: "bad key"}, {File: "m.toml", Pos: members.Pos{Line: 9, Col: 1}, Msg: "bad\nvalue"}})),
			"roster: --at 2026-10-15: members.toml at abc1234 does not parse:\nroster:   m.toml:3:1: bad key\nroster:   m.toml:9:1: bad\\nvalue\n"},
	} {
		var b strings.Builder
		printError(&env{stderr: &b}, tc.err)
		if b.String() != tc.want {
			t.Errorf("printError(%q) printed\n%q\nwant\n%q", tc.err, b.String(), tc.want)
		}
	}
}
