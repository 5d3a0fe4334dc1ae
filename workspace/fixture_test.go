package workspace_test

import (
	"bytes"
	"context"
	"flag"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/workspace"
)

var update = flag.Bool("update", false, "rewrite golden files with the current output")

// today is the day every use case test runs on.
var today = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// fixture is one use-case test: a directory holding a members file (a
// git repository when the test needs history), an emulated Google domain
// reached through the real Google client, and the output captured.
type fixture struct {
	t      *testing.T
	dir    string
	repo   *historytest.Repo
	emu    *emulator.Server
	url    string
	stdout bytes.Buffer
	stderr bytes.Buffer
	vars   map[string]string
}

// newFixture starts an empty domain and a working directory; with a case
// name it copies testdata/<case>/ there (members.toml, live.json as the
// domain's state, and any other file).
func newFixture(t *testing.T, testCase string) *fixture {
	t.Helper()
	f := &fixture{t: t, dir: t.TempDir(), vars: map[string]string{}}
	opts := emulator.Options{}
	if testCase != "" {
		src := filepath.Join("testdata", testCase)
		entries, err := os.ReadDir(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".golden") || e.IsDir() {
				continue
			}
			data, err := os.ReadFile(filepath.Join(src, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if e.Name() == "live.json" {
				st, err := emulator.ParseState("live.json", data)
				if err != nil {
					t.Fatal(err)
				}
				opts.State = st
				continue
			}
			f.write(e.Name(), string(data))
		}
	}
	f.startDomain(opts)
	return f
}

// newFixtureWith is newFixture with no case and a domain of its own.
func newFixtureWith(t *testing.T, opts emulator.Options) *fixture {
	t.Helper()
	f := &fixture{t: t, dir: t.TempDir(), vars: map[string]string{}}
	f.startDomain(opts)
	return f
}

// newRepoFixture is newFixture in a git repository.
func newRepoFixture(t *testing.T) *fixture {
	t.Helper()
	r := historytest.New(t)
	f := &fixture{t: t, dir: r.Dir, repo: r, vars: map[string]string{}}
	f.startDomain(emulator.Options{})
	return f
}

func (f *fixture) startDomain(opts emulator.Options) {
	emu, err := emulator.New(opts)
	if err != nil {
		f.t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	f.t.Cleanup(srv.Close)
	f.emu, f.url = emu, srv.URL+"/"
}

func (f *fixture) write(name, content string) {
	f.t.Helper()
	p := filepath.Join(f.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		f.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) read(name string) string {
	f.t.Helper()
	data, err := os.ReadFile(filepath.Join(f.dir, name))
	if err != nil {
		f.t.Fatal(err)
	}
	return string(data)
}

// ws returns the use cases with fresh output buffers, in context ctx.
func (f *fixture) ws(hint workspace.Context) *workspace.Workspace {
	f.stdout.Reset()
	f.stderr.Reset()
	return workspace.New(workspace.Env{
		Stdout: &f.stdout, Stderr: &f.stderr,
		Now:     func() time.Time { return today },
		Getenv:  func(k string) string { return f.vars[k] },
		Workdir: f.dir, Context: hint,
		UserAgent: "roster/test",
	})
}

// live reaches the fixture's domain through the real Google client, fast.
func (f *fixture) live() workspace.LiveOptions {
	return workspace.LiveOptions{Endpoint: f.url, Rate: 10000, RetryBase: time.Millisecond, Concurrency: 8}
}

// group returns a group's live members as "email ROLE", sorted.
func (f *fixture) group(address string) []string {
	var out []string
	for _, m := range f.emu.Members(address) {
		out = append(out, strings.ToLower(m.Email)+" "+m.Role)
	}
	sort.Strings(out)
	return out
}

func (f *fixture) calls() int64 { return f.emu.Counters()["calls"] }

// golden compares got with testdata/<name>, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
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
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

var ctx = context.Background()

// header is a file with one list, security@example.org, whose policy
// keeps people the file never listed (unmanaged = "report").
const header = `schema = 1
admins = ["ada-x"]

[lists.reports]
address = "security@example.org"
policy = "p"

[policies.p]
min_owners = 1
vetting_methods = ["video-call"]
vetted_by = "member"
unmanaged = "report"
`

// person is a [[member]] entry vetted by ada.
func person(email, lists string) string {
	by := "ada@example.org"
	if strings.HasPrefix(email, "ada@") {
		by = "grace@example.org"
	}
	return "\n[[member]]\nemail = \"" + email + "\"\nlists = { " + lists + " }\nvetting = [{ by = \"" + by + "\", on = 2026-06-01, method = \"video-call\" }]\n"
}
