package workspace_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

var update = flag.Bool("update", false, "rewrite golden files with the current output")

// today is the day every use case test runs on.
var today = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// todayDate is today's date, as the command line passes it for --at.
var todayDate = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

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
	return newFixtureFrom(t, testCase, emulator.Options{}, false)
}

// newFixtureWith is newFixture with no case and a domain of its own.
func newFixtureWith(t *testing.T, opts emulator.Options) *fixture {
	t.Helper()
	return newFixtureFrom(t, "", opts, false)
}

// newRepoFixture is newFixture in a git repository.
func newRepoFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureFrom(t, "", emulator.Options{}, true)
}

// newFixtureFrom is every fixture: the files of testdata/<case>/ (none
// for "") copied into a working directory, a git repository when inRepo
// (the files are written, not committed), and a domain started with opts,
// whose state is the case's live.json when it has one.
func newFixtureFrom(t *testing.T, testCase string, opts emulator.Options, inRepo bool) *fixture {
	t.Helper()
	f := &fixture{t: t, vars: map[string]string{}}
	if inRepo {
		f.repo = historytest.New(t)
		f.dir = f.repo.Dir
	} else {
		f.dir = t.TempDir()
	}
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

// founded is hdr with its policy accepting grandfathered records, for
// founder's: a list's first owner has nobody on the list to vet them.
func founded(hdr string) string {
	return strings.Replace(hdr, `vetting_methods = ["video-call"]`, `vetting_methods = ["video-call", "grandfathered"]`, 1)
}

// founder is ada's [[member]] entry with a grandfathered record (see
// founded), on lists.
func founder(lists string) string {
	return "\n[[member]]\nemail = \"ada@example.org\"\nlists = { " + lists + " }\nvetting = [{ by = \"import\", on = 2026-01-05, method = \"grandfathered\" }]\n"
}

// readTestdata returns the text of testdata/<name>.
func readTestdata(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// writes counts the writes the domain took: member inserts, deletes,
// patches and updates, and settings patches.
func (f *fixture) writes() int64 {
	c := f.emu.Counters()
	return c["members.insert"] + c["members.delete"] + c["members.patch"] + c["members.update"] + c["settings.patch"]
}

// outcome is what a use case did, as the command line reports it: the
// exit code, stdout, and stderr with the returned error printed as
// roster prints it (an *ExitError was explained already).
type outcome struct {
	code           int
	stdout, stderr string
}

// wrote reports whether an edit wrote the file: it exits 0, or 1 when
// validate now fails on what it wrote (it says so, and the file is
// written for the next command to complete).
func (r outcome) wrote() bool {
	return r.code == 0 || r.code == workspace.ExitFailed && strings.Contains(r.stderr, " is written, but ")
}

func (f *fixture) outcome(err error) outcome {
	r := outcome{code: workspace.Code(err), stdout: f.stdout.String(), stderr: f.stderr.String()}
	var ee *workspace.ExitError
	if err != nil && !errors.As(err, &ee) {
		r.stderr += errorLines(err)
	}
	return r
}

// errorLines is an error as roster prints it: one line per error that
// errors.Join joined (its message is its parts', one per line), one
// line for any other.
func errorLines(err error) string {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var msgs []string
		for _, one := range j.Unwrap() {
			if one != nil {
				msgs = append(msgs, one.Error())
			}
		}
		if len(msgs) > 1 && err.Error() == strings.Join(msgs, "\n") {
			var b strings.Builder
			for _, one := range j.Unwrap() {
				if one != nil {
					b.WriteString(errorLines(one))
				}
			}
			return b.String()
		}
	}
	return "roster: " + report.Line(err.Error()) + "\n"
}

// golden is the outcome as a golden file holds it.
func (r outcome) golden() string {
	return "exit: " + strconv.Itoa(r.code) + "\n--- stdout\n" + r.stdout + "--- stderr\n" + r.stderr
}

// membersFile is the file every use case test reads, ./members.toml.
var membersFile = workspace.Source{Path: "members.toml"}

// doPlan runs Plan with o's zero fields filled in: members.toml, text,
// the fixture's domain, the default guards.
func (f *fixture) doPlan(o workspace.PlanOptions) outcome {
	f.t.Helper()
	if o.Path == "" {
		o.Source = membersFile
	}
	if o.Format == "" {
		o.Format = report.Text
	}
	if o.Live == (workspace.LiveOptions{}) {
		o.Live = f.live()
	}
	if o.Guards == (plan.Guards{}) {
		o.Guards = plan.DefaultGuards()
	}
	return f.outcome(f.ws(workspace.Context{}).Plan(ctx, o))
}

// doSync runs Sync with o's zero fields filled in as doPlan does.
func (f *fixture) doSync(o workspace.SyncOptions) outcome {
	f.t.Helper()
	if o.Path == "" {
		o.Source = membersFile
	}
	if o.Format == "" {
		o.Format = report.Text
	}
	if o.Live == (workspace.LiveOptions{}) {
		o.Live = f.live()
	}
	if o.Guards == (plan.Guards{}) {
		o.Guards = plan.DefaultGuards()
	}
	return f.outcome(f.ws(workspace.Context{}).Sync(ctx, o))
}

// doApply runs Apply of planFile with o's zero fields filled in.
func (f *fixture) doApply(planFile string, o workspace.ApplyOptions) outcome {
	f.t.Helper()
	o.PlanFile = planFile
	if o.Path == "" {
		o.Source = membersFile
	}
	if o.Format == "" {
		o.Format = report.Text
	}
	if o.Live == (workspace.LiveOptions{}) {
		o.Live = f.live()
	}
	if o.Guards == (plan.Guards{}) {
		o.Guards = plan.DefaultGuards()
	}
	return f.outcome(f.ws(workspace.Context{}).Apply(ctx, o))
}

// doAudit runs Audit of members.toml today, in text unless o says
// otherwise; live reads the fixture's domain too.
func (f *fixture) doAudit(live bool, o workspace.AuditOptions) outcome {
	f.t.Helper()
	if o.Path == "" {
		o.Source = membersFile
	}
	if o.Format == "" {
		o.Format = report.Text
	}
	if o.At.IsZero() {
		o.At = todayDate
	}
	if live && o.Live == nil {
		lo := f.live()
		o.Live = &lo
	}
	return f.outcome(f.ws(workspace.Context{}).Audit(ctx, o))
}

// entry is a [[member]] of the list reports with one video-call record,
// written with a [[member.vetting]] table, as the history tests commit
// them after testdata/report-list/members.toml.
func entry(email, role, by, on string) string {
	return "\n[[member]]\nemail = \"" + email + "\"\nlists = { reports = \"" + role + "\" }\n\n  [[member.vetting]]\n  by = \"" + by + "\"\n  on = " + on + "\n  method = \"video-call\"\n  note = \"Checked.\"\n"
}

// shallowClone clones the fixture's repository with --depth 1 and
// makes the clone the fixture's working directory.
func (f *fixture) shallowClone() {
	f.t.Helper()
	clone := filepath.Join(f.t.TempDir(), "clone")
	if out, err := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+f.repo.Dir, clone).CombinedOutput(); err != nil {
		f.t.Fatalf("clone: %v %s", err, out)
	}
	f.dir = clone
}

// sitePage builds the auditor's site of the fixture's file as of today
// into a fresh directory and returns one of its pages.
func (f *fixture) sitePage(page string) string {
	f.t.Helper()
	out := filepath.Join(f.t.TempDir(), "site")
	if err := f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: todayDate}); err != nil {
		f.t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, page))
	if err != nil {
		f.t.Fatal(err)
	}
	return string(data)
}

// owners counts the owners of a group of the fixture's domain.
func (f *fixture) owners(group string) int {
	n := 0
	for _, m := range f.group(group) {
		if strings.HasSuffix(m, " OWNER") {
			n++
		}
	}
	return n
}

// handChangesMidRun returns live options that reach the fixture's domain
// through a stand-in making the hand changes the moment a run goes back
// to group after its first read (its first write, a second read, or a
// read of one member): someone acting between a sync's plan and its
// writes.
func (f *fixture) handChangesMidRun(group string, hand ...emulator.Change) workspace.LiveOptions {
	f.t.Helper()
	var reads, once atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/groups/"+group+"/members") && r.URL.Query().Get("pageToken") == "" {
			reads.Add(1)
		}
		// Going back to the group: a second read of its members, a
		// read of one of them (members.get), or a write.
		back := reads.Load() >= 2 || r.Method != http.MethodGet || strings.Contains(r.URL.Path, "/groups/"+group+"/members/")
		if back && once.Add(1) == 1 {
			for _, c := range hand {
				if _, err := f.emu.ByHand(c); err != nil {
					f.t.Error(err)
				}
			}
		}
		f.emu.ServeHTTP(w, r)
	}))
	f.t.Cleanup(srv.Close)
	live := f.live()
	live.Endpoint = srv.URL + "/"
	return live
}

// handChangesAtFirstDelete makes hand changes when the run's first delete
// arrives: before the domain serves it (another run's write landing
// between this run's count of the owners and its own write), or after
// it (between two of this run's writes).
func (f *fixture) handChangesAtFirstDelete(after bool, hand ...emulator.Change) workspace.LiveOptions {
	f.t.Helper()
	var deletes atomic.Int32
	change := func() {
		for _, c := range hand {
			if _, err := f.emu.ByHand(c); err != nil {
				f.t.Error(err)
			}
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first := r.Method == http.MethodDelete && deletes.Add(1) == 1
		if first && !after {
			change()
		}
		f.emu.ServeHTTP(w, r)
		if first && after {
			change()
		}
	}))
	f.t.Cleanup(srv.Close)
	live := f.live()
	live.Endpoint = srv.URL + "/"
	return live
}

// liveSitePage builds the site of members.toml with --live (the public
// roster when public) and returns its page of the list reports.
func (f *fixture) liveSitePage(public bool) []byte {
	f.t.Helper()
	out := filepath.Join(f.t.TempDir(), "site")
	lo := f.live()
	// Exit 1 is a run that wrote the site and failed as sync would (a
	// list whose own policy fails): the page is what is asked for.
	if err := f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: todayDate, Live: &lo, Public: public}); err != nil && workspace.Code(err) != workspace.ExitFailed {
		f.t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "list-reports.html"))
	if err != nil {
		f.t.Fatal(err)
	}
	return data
}

// pendingPlanSays runs the plan o in format and checks that it is
// pending (exit 2), says each of want, and says none of not.
func (f *fixture) pendingPlanSays(o workspace.PlanOptions, format report.Format, want []string, not ...string) outcome {
	f.t.Helper()
	o.Format = format
	r := f.doPlan(o)
	if r.code != workspace.ExitChanges {
		f.t.Errorf("plan --format %s: exit %d, want %d\n%s%s", format, r.code, workspace.ExitChanges, r.stdout, r.stderr)
	}
	for _, w := range want {
		if !strings.Contains(r.stdout, w) {
			f.t.Errorf("plan --format %s does not say %q:\n%s", format, w, r.stdout)
		}
	}
	for _, w := range not {
		if strings.Contains(r.stdout, w) {
			f.t.Errorf("plan --format %s says %q:\n%s", format, w, r.stdout)
		}
	}
	return r
}

// listedOnALapsedRecord commits the report list with ada and grace, then
// adds old on a record that had lapsed already: history says it never
// admitted them (vetting-lapsed-when-listed), which a clone without the
// history cannot tell. It returns the file as committed last.
func (f *fixture) listedOnALapsedRecord() string {
	f.t.Helper()
	hdr := readTestdata(f.t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-06-05")
	grace := entry("grace@example.org", "member", "ada@example.org", "2026-06-05")
	old := entry("old@example.org", "member", "ada@example.org", "2025-01-05")
	f.repo.Commit("members.toml", hdr+ada+grace, "Create the list (#1)")
	f.repo.Commit("members.toml", hdr+ada+grace+old, "Add old (#2)")
	return hdr + ada + grace + old
}

// standIn makes emu, behind a stand-in server, the fixture's domain:
// intercept answers a request itself when it returns true (a fault, a
// record of the call); every other request reaches emu.
func (f *fixture) standIn(emu *emulator.Server, intercept func(http.ResponseWriter, *http.Request) bool) {
	f.t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !intercept(w, r) {
			emu.ServeHTTP(w, r)
		}
	}))
	f.t.Cleanup(srv.Close)
	f.emu, f.url = emu, srv.URL+"/"
}

// backendError answers as Google does when a backend fails (503).
func backendError(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = w.Write([]byte(`{"error":{"code":503,"message":"Backend Error","errors":[{"reason":"backendError","message":"Backend Error"}]}}`))
}
