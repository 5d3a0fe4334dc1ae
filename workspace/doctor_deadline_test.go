package workspace_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// doctorGoogle is a stand-in for Google in front of a fixture's
// emulator: the calls answer picks are never answered (answerStall) or get
// an error status; the others reach the emulator. It counts the calls
// it held and how many it held at once.
type doctorGoogle struct {
	url string

	mu                 sync.Mutex
	held, now, maxHeld int
}

// answerStall and status are what answer returns for a call that is never
// answered, or answered with that HTTP status; answerPass lets it through.
const (
	answerPass  = 0
	answerStall = -1
)

func newDoctorGoogle(t *testing.T, f *fixture, answer func(r *http.Request) int) *doctorGoogle {
	g := &doctorGoogle{}
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch code := answer(r); code {
		case answerPass:
			f.emu.ServeHTTP(w, r)
		case answerStall:
			_, _ = io.Copy(io.Discard, r.Body)
			g.mu.Lock()
			g.held++
			g.now++
			g.maxHeld = max(g.maxHeld, g.now)
			g.mu.Unlock()
			select {
			case <-r.Context().Done():
			case <-done:
			}
			g.mu.Lock()
			g.now--
			g.mu.Unlock()
		default:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(code)
			fmt.Fprintf(w, `{"error":{"code":%d,"message":"The service is currently unavailable.","errors":[{"reason":"The service is currently unavailable","message":"The service is currently unavailable."}]}}`, code)
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(done) }) // runs first
	g.url = srv.URL + "/"
	return g
}

// counts returns the calls held, and the most held at once.
func (g *doctorGoogle) counts() (held, atOnce int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.held, g.maxHeld
}

// isReports says whether a call is to the Reports API (the audit log).
func isReports(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/admin/reports/") }

// line is the report's line for check name, with its fix line if any.
func checkLine(stdout, name string) string {
	lines := strings.Split(stdout, "\n")
	for i, l := range lines {
		if len(l) > 6 && strings.HasPrefix(l[6:], name+" ") {
			if i+1 < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i+1]), "fix:") {
				return l + "\n" + lines[i+1]
			}
			return l
		}
	}
	return ""
}

// TestDoctorTellsNoAnswerFromARefusal: an audit log or settings read
// that gets no answer within the call timeout, or a 5xx, is said to be
// the endpoint's: its fix is to check the endpoint, never a grant or a
// role, which would not help. A refusal (403) keeps the grant's fix
// (the audit-log-unavailable golden file).
func TestDoctorTellsNoAnswerFromARefusal(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		answer func(r *http.Request) int
		check  string // the check's name
		status string
		want   []string // in its lines
		exit   int
	}{
		{"audit log unanswered", func(r *http.Request) int {
			if isReports(r) {
				return answerStall
			}
			return answerPass
			// The groups' reads of the same host passed: the Reports API is
			// what did not answer, not the way to the host.
		}, "audit log", "WARN", []string{"the Reports API (audit log) at", "did not answer", "no answer within the call timeout of 250ms", "the other reads of", "so it can be reached", "--call-timeout"}, 0},
		{"audit log 503", func(r *http.Request) int {
			if isReports(r) {
				return http.StatusServiceUnavailable
			}
			return answerPass
		}, "audit log", "WARN", []string{"failed to answer", "The service is currently unavailable", "run 'roster doctor' again later"}, 0},
		{"settings unanswered", func(r *http.Request) int {
			if strings.HasPrefix(r.URL.Path, "/groups/v1/") {
				return answerStall
			}
			return answerPass
		}, "settings security@example.org", "FAIL", []string{"did not answer", "no answer within the call timeout of 250ms", "can be reached from here"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "doctor")
			g := newDoctorGoogle(t, f, tc.answer)
			live := f.live()
			live.Endpoint, live.CallTimeout = g.url, 250*time.Millisecond
			r := f.outcome(f.ws(workspace.Context{}).Doctor(ctx, workspace.DoctorOptions{File: "members.toml", Format: report.Text, Live: live}))
			got := checkLine(r.stdout, tc.check)
			if r.code != tc.exit || !strings.HasPrefix(got, tc.status) {
				t.Errorf("exit %d, want %d; want %s %s:\n%s%s", r.code, tc.exit, tc.status, tc.check, r.stdout, r.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s does not say %q:\n%s", tc.check, w, got)
				}
			}
			for _, wrong := range []string{"grant", "privilege", "enable the", "admin role"} {
				if strings.Contains(strings.ToLower(got), strings.ToLower(wrong)) {
					t.Errorf("%s blames permissions (%q) for an endpoint's failure:\n%s", tc.check, wrong, got)
				}
			}
		})
	}
}

// manyLists is a members file of n lists, reports and l1 … l(n-1), each
// with its own group and ada as its owner.
func manyLists(n int) string {
	file, of := header, `reports = "owner"`
	for i := 1; i < n; i++ {
		file += fmt.Sprintf("\n[lists.l%d]\naddress = \"l%d@example.org\"\npolicy = \"p\"\n", i, i)
		of += fmt.Sprintf(`, l%d = "owner"`, i)
	}
	return file + person("ada@example.org", of)
}

// isAPI says whether a call is to one of Google's APIs (not the
// emulator's own token endpoint).
func isAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/admin/") || strings.HasPrefix(r.URL.Path, "/groups/")
}

// TestDoctorProbesListsSideBySide: against an endpoint that never
// answers, doctor reads the groups and the audit log at once, as many as
// --concurrency allows, not one after another (a minute each with the
// defaults): all of them are out together, and each group says its
// endpoint did not answer.
func TestDoctorProbesListsSideBySide(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, emulator.Options{})
	f.write("members.toml", manyLists(3))
	g := newDoctorGoogle(t, f, func(r *http.Request) int {
		if isAPI(r) {
			return answerStall
		}
		return answerPass
	})
	live := f.live()
	live.Endpoint, live.CallTimeout, live.Concurrency = g.url, 200*time.Millisecond, 8
	r := f.outcome(f.ws(workspace.Context{}).Doctor(ctx, workspace.DoctorOptions{File: "members.toml", Format: report.Text, Live: live}))
	held, atOnce := g.counts()
	// Three groups and the audit log, two tries each, all out at once.
	// (A try the stand-in has not yet seen given up on may overlap the
	// next one's retry: at least four, never one after another.)
	if r.code != workspace.ExitFailed || held != 8 || atOnce < 4 {
		t.Errorf("exit %d, %d calls, %d at once; want 1, 8 calls, at least 4 at once\n%s%s", r.code, held, atOnce, r.stdout, r.stderr)
	}
	for _, group := range []string{"security", "l1", "l2"} {
		if got := checkLine(r.stdout, "group "+group+"@example.org"); !strings.HasPrefix(got, "FAIL") || !strings.Contains(got, "did not answer") {
			t.Errorf("group %s:\n%s", group, got)
		}
	}
}

// TestDoctorStopsAskingAnEndpointThatDoesNotAnswer: with more lists than
// --concurrency, the reads not yet made when the endpoint has shown it
// does not answer are not made; one line says so, naming the timeout,
// and doctor fails: it ends in about one read's time, not one per list.
func TestDoctorStopsAskingAnEndpointThatDoesNotAnswer(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, emulator.Options{})
	f.write("members.toml", manyLists(6))
	g := newDoctorGoogle(t, f, func(r *http.Request) int {
		if isAPI(r) {
			return answerStall
		}
		return answerPass
	})
	live := f.live()
	live.Endpoint, live.CallTimeout, live.Concurrency = g.url, 200*time.Millisecond, 2
	r := f.outcome(f.ws(workspace.Context{}).Doctor(ctx, workspace.DoctorOptions{File: "members.toml", Format: report.Text, Live: live}))
	held, atOnce := g.counts()
	// The first two reads, two tries each; none of the five after them.
	// (A stalled try the client gave up on may still be held by the
	// stand-in when the retry arrives, on a loaded machine: up to the
	// four calls of the two reads at once, never more.)
	if r.code != workspace.ExitFailed || held > 4 || atOnce < 2 || atOnce > 4 {
		t.Errorf("exit %d, %d calls, %d at once; want 1, at most 4 calls, 2 to 4 at once\n%s%s", r.code, held, atOnce, r.stdout, r.stderr)
	}
	said := regexp.MustCompile(`(?m)^FAIL  endpoint .* did not answer a read within the call timeout of 200ms, on any try, so doctor asked it nothing more; not read: 4 groups and the audit log$`)
	if n := len(said.FindAllString(r.stdout, -1)); n != 1 {
		t.Errorf("said %d times that the endpoint did not answer, want once:\n%s", n, r.stdout)
	}
}
