package workspace_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/workspace"
)

// ofStuck says whether a call is about the group stuck@: r.URL.Path is
// already decoded, however the client escaped the address.
func ofStuck(r *http.Request) bool { return strings.Contains(r.URL.Path, "/groups/stuck@") }

// stallingGoogle is a stand-in for Google: the fixture's emulator,
// except for the calls stall picks, never answered (until the client
// gives up on them). It returns the endpoint.
func stallingGoogle(t *testing.T, f *fixture, stall func(r *http.Request) bool) string {
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if stall(r) {
			// Read the body, so that the server sees the client hang
			// up; and let go when the test ends.
			_, _ = io.Copy(io.Discard, r.Body)
			select {
			case <-r.Context().Done():
			case <-done:
			}
			return
		}
		f.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(done) }) // runs first
	return srv.URL + "/"
}

// answeringGoogle is a stand-in for Google: the fixture's emulator,
// except for the calls answer answers itself (returning true), as
// Google may and the emulator should not. It returns the endpoint.
func answeringGoogle(t *testing.T, f *fixture, answer func(w http.ResponseWriter, r *http.Request) bool) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !answer(w, r) {
			f.emu.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/"
}

// TestAStalledListFailsAlone: when Google never answers the calls of one
// group, its read or its writes fail on their deadline, while the other
// lists are planned and synced; the run exits 1 and names the list that
// failed.
func TestAStalledListFailsAlone(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		stall func(r *http.Request) bool
	}{
		{"its read", func(r *http.Request) bool {
			return r.Method == http.MethodGet && ofStuck(r)
		}},
		{"its writes", func(r *http.Request) bool {
			return r.Method == http.MethodPost && ofStuck(r)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureWith(t, emulator.Options{})
			for _, g := range []string{"security@example.org", "stuck@example.org"} {
				if err := f.emu.AddGroup(g, emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
					t.Fatal(err)
				}
			}
			f.write("members.toml", header+"\n[lists.stuck]\naddress = \"stuck@example.org\"\npolicy = \"p\"\n"+
				person("ada@example.org", `reports = "owner", stuck = "owner"`)+person("lin@example.org", `reports = "member", stuck = "member"`))
			live := f.live()
			live.Endpoint, live.CallTimeout = stallingGoogle(t, f, tc.stall), 250*time.Millisecond
			r := f.doSync(workspace.SyncOptions{Live: live, NoAttribution: true})
			if r.code != workspace.ExitFailed {
				t.Errorf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
			}
			if got := f.group("security@example.org"); strings.Join(got, ",") != "ada@example.org OWNER,lin@example.org MEMBER" {
				t.Errorf("the other list was not synced: %v\n%s", got, r.stderr)
			}
			if !strings.Contains(r.stdout+r.stderr, "stuck") || !strings.Contains(r.stdout+r.stderr, "FAILED") {
				t.Errorf("the failed list is not named:\n%s%s", r.stdout, r.stderr)
			}
		})
	}
}

// TestAStalledGroupsWritesStopAtTheFirst: once a write to a group got no
// answer at all, try after try, the group's other writes are left for the
// next run rather than each hanging as long: a run with many changes
// pending on a stuck group ends in about one write's time, not hours.
func TestAStalledGroupsWritesStopAtTheFirst(t *testing.T) {
	t.Parallel()
	f := twelveToAdd(t)
	var mu sync.Mutex
	posts := 0
	live := f.live()
	live.Endpoint, live.CallTimeout, live.Concurrency = stallingGoogle(t, f, func(r *http.Request) bool {
		if r.Method != http.MethodPost || !ofStuck(r) {
			return false
		}
		mu.Lock()
		posts++
		mu.Unlock()
		return true
	}), 250*time.Millisecond, 2
	r := f.doSync(workspace.SyncOptions{Live: live, NoAttribution: true})
	mu.Lock()
	defer mu.Unlock()
	// Two writes in flight when the first gave up, three tries each.
	if r.code != workspace.ExitFailed || posts > 6 || !strings.Contains(r.stdout+r.stderr, "left for the next run") {
		t.Errorf("exit %d, %d inserts sent for 12 adds to a stuck group\n%s%s", r.code, posts, r.stdout, r.stderr)
	}
}

// TestASiteWhoseLiveGroupCannotBeReadFails: site --live with a group
// that never answers still writes the site (its page says the group
// could not be read), and fails naming the list, as plan and audit
// --live do: a scheduled job must not publish "no drift" in green.
func TestASiteWhoseLiveGroupCannotBeReadFails(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, emulator.Options{})
	if err := f.emu.AddGroup("stuck@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	f.write("members.toml", strings.Replace(header, "security@example.org", "stuck@example.org", 1)+person("ada@example.org", `reports = "owner"`))
	live := f.live()
	live.Endpoint, live.CallTimeout = stallingGoogle(t, f, func(r *http.Request) bool { return r.Method == http.MethodGet && ofStuck(r) }), 250*time.Millisecond
	// The public roster too: it gives no reason (which may quote
	// addresses), but never says the group matched.
	for _, public := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "site")
		r := f.outcome(f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: todayDate, Live: &live, Public: public}))
		if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "could not be read, as its page says: reports (") {
			t.Errorf("public %v: exit %d\n%s%s", public, r.code, r.stdout, r.stderr)
		}
		page, err := os.ReadFile(filepath.Join(out, "list-reports.html"))
		if err != nil {
			t.Fatalf("public %v: the site was not written: %v", public, err)
		}
		index, _ := os.ReadFile(filepath.Join(out, "index.html"))
		if !strings.Contains(string(page), "The live group could not be read") || strings.Contains(string(page), "matched the file") ||
			!strings.Contains(string(index), "One group could not be read") || strings.Contains(string(index), "every group matched") {
			t.Errorf("public %v: the pages do not say the group was not read:\n%s\n%s", public, page, index)
		}
	}
}

// TestADeadEndpointStopsEachGroupsWritesAtTheFirst: an endpoint that
// stops taking connections once the writes begin (refused, as a server
// that went down) is stuck as one that never answers: the group's other
// writes are left for the next run, not each retried for minutes.
func TestADeadEndpointStopsEachGroupsWritesAtTheFirst(t *testing.T) {
	t.Parallel()
	f := twelveToAdd(t)
	var once sync.Once
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			// Down: no connection is taken from now on, and this one
			// breaks.
			once.Do(func() { _ = srv.Listener.Close(); go srv.CloseClientConnections() })
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					_ = conn.Close()
				}
			}
			return
		}
		f.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	live := f.live()
	live.Endpoint, live.Concurrency = srv.URL+"/", 1
	r := f.doSync(workspace.SyncOptions{Live: live, NoAttribution: true})
	if r.code != workspace.ExitFailed || !strings.Contains(r.stdout+r.stderr, "left for the next run") || strings.Count(r.stderr, "FAILED") != 1 {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// adaOwnsLists is a fixture of n lists (l00@, l01@ ...), ada the owner
// of each in the file and on its group, and on list i the members
// newOn(i) too, in the file only: for sync to add.
func adaOwnsLists(t *testing.T, n int, newOn func(i int) []string) *fixture {
	t.Helper()
	f := newFixtureWith(t, emulator.Options{})
	var b strings.Builder
	b.WriteString("schema = 1\n\n[policies.p]\nmin_owners = 1\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\n")
	var owned []string
	on := map[string][]string{} // address -> its lists
	var order []string
	for i := range n {
		fmt.Fprintf(&b, "\n[lists.l%02d]\naddress = \"l%02d@example.org\"\npolicy = \"p\"\n", i, i)
		if err := f.emu.AddGroup(fmt.Sprintf("l%02d@example.org", i), emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
			t.Fatal(err)
		}
		owned = append(owned, fmt.Sprintf(`l%02d = "owner"`, i))
		for _, m := range newOn(i) {
			if on[m] == nil {
				order = append(order, m)
			}
			on[m] = append(on[m], fmt.Sprintf(`l%02d = "member"`, i))
		}
	}
	b.WriteString(person("ada@example.org", strings.Join(owned, ", ")))
	for _, m := range order {
		b.WriteString(person(m, strings.Join(on[m], ", ")))
	}
	f.write("members.toml", b.String())
	return f
}

// twelveToAdd is a fixture whose list (group stuck@example.org) has
// twelve members to add.
func twelveToAdd(t *testing.T) *fixture {
	t.Helper()
	f := newFixtureWith(t, emulator.Options{})
	if err := f.emu.AddGroup("stuck@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(strings.Replace(header, "security@example.org", "stuck@example.org", 1) + person("ada@example.org", `reports = "owner"`))
	for i := range 12 {
		b.WriteString(person("m"+string(rune('a'+i))+"@example.org", `reports = "member"`))
	}
	f.write("members.toml", b.String())
	return f
}

// TestADeadAuditLogIsWaitedForOnce: an incremental run whose read of the
// domain's Admin console log gets no answer reads every list, as it
// says, and attribution does not ask that log again: the run waits for
// it once (one read's tries), not twice.
func TestADeadAuditLogIsWaitedForOnce(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "The list (#1)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "walkin@example.org"}); err != nil {
		t.Fatal(err)
	}
	var adminReads atomic.Int32
	live := f.live()
	live.Endpoint = stallingGoogle(t, f, func(r *http.Request) bool {
		if strings.HasSuffix(r.URL.Path, "/applications/admin") {
			adminReads.Add(1)
			return true
		}
		return false
	})
	live.CallTimeout = 250 * time.Millisecond
	r := f.doPlan(workspace.PlanOptions{Live: live, ChangedSince: workspace.Window{Length: 2 * time.Hour}})
	if !strings.Contains(r.stderr, "reading every list") || !strings.Contains(r.stdout, "walkin@example.org") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// One read's tries: 3, or fewer when a try's 250 ms ran out before
	// its request reached the stand-in (a loaded machine); a second
	// read would make more.
	if n := adminReads.Load(); n < 1 || n > 3 {
		t.Errorf("the Admin console's log was asked %d times, want the (up to) 3 tries of one read\n%s", n, r.stderr)
	}
}

// TestAFailingGoogleStopsTheWrites: Google answering every write with a
// 503, try after try, costs the run a few writes' retries, not every
// write's: once a few additions in a row gave up, whatever group they
// were for, the run makes no more additions, exits 1 and says why. A
// revocation is never held hostage by additions Google keeps failing:
// removals are tried until they fail as well.
func TestAFailingGoogleStopsTheWrites(t *testing.T) {
	t.Parallel()
	fail503 := func(posts *atomic.Int64) func(w http.ResponseWriter, r *http.Request) bool {
		return func(w http.ResponseWriter, r *http.Request) bool {
			if r.Method != http.MethodPost {
				return false
			}
			posts.Add(1)
			backendError(w)
			return true
		}
	}
	t.Run("one group", func(t *testing.T) {
		t.Parallel()
		f := twelveToAdd(t)
		var posts atomic.Int64
		live := f.live()
		live.Endpoint, live.Concurrency = answeringGoogle(t, f, fail503(&posts)), 2
		r := f.doSync(workspace.SyncOptions{Live: live, NoAttribution: true})
		// Five in a row, and one more in flight, the fixture's ten tries
		// each.
		if r.code != workspace.ExitFailed || posts.Load() > (5+2)*10 || !strings.Contains(r.stdout+r.stderr, "Google is failing them") {
			t.Errorf("exit %d, %d inserts sent for 12 adds\n%s%s", r.code, posts.Load(), r.stdout, r.stderr)
		}
	})
	t.Run("many groups", func(t *testing.T) {
		t.Parallel()
		// Someone new on each list: twenty addresses Google fails.
		f := adaOwnsLists(t, 20, func(i int) []string { return []string{fmt.Sprintf("new%02d@example.org", i)} })
		var posts atomic.Int64
		live := f.live()
		live.Endpoint, live.Concurrency = answeringGoogle(t, f, fail503(&posts)), 1
		r := f.doSync(workspace.SyncOptions{Live: live, NoAttribution: true})
		if r.code != workspace.ExitFailed || posts.Load() > 5*10 || !strings.Contains(r.stdout+r.stderr, "Google is failing") {
			t.Errorf("exit %d, %d inserts sent for 20 adds to 20 groups\n%s%s", r.code, posts.Load(), r.stdout, r.stderr)
		}
	})
	t.Run("one address Google fails, on many lists", func(t *testing.T) {
		t.Parallel()
		f := adaOwnsLists(t, 10, func(i int) []string {
			if i < 5 {
				return []string{"bad@example.org"}
			}
			return []string{"good@example.org"}
		})
		var posts atomic.Int64
		failBad := fail503(&posts)
		live := f.live()
		live.Endpoint, live.Concurrency = answeringGoogle(t, f, func(w http.ResponseWriter, r *http.Request) bool {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(strings.NewReader(string(body)))
			return strings.Contains(string(body), "bad@example.org") && failBad(w, r)
		}), 1
		r := f.doSync(workspace.SyncOptions{Live: live, NoAttribution: true})
		for i := 5; i < 10; i++ {
			if got := f.group(fmt.Sprintf("l%02d@example.org", i)); !slices.Contains(got, "good@example.org MEMBER") {
				t.Errorf("good@ was not added to l%02d, held back by one address Google fails: exit %d\n%s%s", i, r.code, r.stdout, r.stderr)
				break
			}
		}
	})
	t.Run("an owner's add failing, an owner's revocation with owners to spare", func(t *testing.T) {
		t.Parallel()
		f := newFixtureWith(t, emulator.Options{})
		if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org", Role: "OWNER"}, emulator.Member{Email: "mallory@example.org", Role: "OWNER"}); err != nil {
			t.Fatal(err)
		}
		hdr := strings.Replace(header, `unmanaged = "report"`, `unmanaged = "remove"`, 1)
		f.write("members.toml", hdr+entry("ada@example.org", "owner", "grace@example.org", "2026-06-01")+entry("grace@example.org", "owner", "ada@example.org", "2026-06-01")+entry("newb@example.org", "owner", "ada@example.org", "2026-06-01"))
		var posts atomic.Int64
		live := f.live()
		live.Endpoint, live.Concurrency = answeringGoogle(t, f, fail503(&posts)), 2
		r := f.doSync(workspace.SyncOptions{Live: live, NoAttribution: true})
		if got := f.group("security@example.org"); slices.Contains(got, "mallory@example.org OWNER") {
			t.Errorf("mallory's revocation waited on newb's add, though ada and grace carry the list: exit %d, the group %v\n%s%s", r.code, got, r.stdout, r.stderr)
		}
	})
	t.Run("additions failing, a revocation", func(t *testing.T) {
		t.Parallel()
		f := twelveToAdd(t)
		f.addLive("stuck@example.org", "gone@example.org")
		f.write("members.toml", strings.Replace(f.read("members.toml"), `unmanaged = "report"`, `unmanaged = "remove"`, 1))
		var posts atomic.Int64
		live := f.live()
		live.Endpoint, live.Concurrency = answeringGoogle(t, f, fail503(&posts)), 2
		r := f.doSync(workspace.SyncOptions{Live: live, NoAttribution: true})
		if got := f.group("stuck@example.org"); r.code != workspace.ExitFailed || slices.Contains(got, "gone@example.org MEMBER") {
			t.Errorf("the revocation was held back by additions Google fails: exit %d, the group %v\n%s%s", r.code, got, r.stdout, r.stderr)
		}
	})
}

// TestAFailingGoogleStopsTheReads: Google answering every read of the
// groups' members with a 503 try after try, with 429 and a Retry-After
// every time, or with page after page that never ends, costs the run a
// few reads, not every group's: once a few reads in a row gave up (or
// ran out of their time, or never ended), the run reads no more groups,
// cuts short the reads in flight, exits 1 and names each list it left
// for the next run. By every command that reads the groups.
func TestAFailingGoogleStopsTheReads(t *testing.T) {
	t.Parallel()
	ways := []struct {
		name string
		// answer fails a members.list; reads bounds the calls of 20
		// groups that stop after five in a row (and those in flight).
		answer func(w http.ResponseWriter, r *http.Request)
		limit  func(concurrency int) int64
	}{
		{"server errors", func(w http.ResponseWriter, r *http.Request) { backendError(w) },
			// The fixture's ten tries each.
			func(c int) int64 { return int64(5+c) * 10 }},
		{"429 every time, Retry-After past the read's time", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"error":{"code":429,"message":"Rate Limit Exceeded","errors":[{"reason":"rateLimitExceeded","message":"Rate Limit Exceeded"}]}}`))
		}, func(c int) int64 { return int64(5+c) * 10 }},
		{"429 every time, each read given up", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"error":{"code":429,"message":"Rate Limit Exceeded","errors":[{"reason":"rateLimitExceeded","message":"Rate Limit Exceeded"}]}}`))
		}, func(c int) int64 { return int64(5+c) * 10 }},
		// (A listing that never ends within the page budget, 2,500
		// pages a group, is bench/reliability's: too slow for the race
		// suite.)
		{"pages that come round again", func(w http.ResponseWriter, r *http.Request) {
			n, _ := strconv.Atoi(r.URL.Query().Get("pageToken"))
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"members":[{"id":"p%d","email":"p%d@example.org","role":"MEMBER","type":"USER","status":"ACTIVE"}],"nextPageToken":"%d"}`, n, n, (n+1)%5)
		}, func(c int) int64 { return int64(5+c) * 10 }},
	}
	for _, way := range ways {
		for _, tc := range []struct {
			name        string
			concurrency int
			run         func(f *fixture, live workspace.LiveOptions) outcome
		}{
			{"sync, one read at a time", 1, func(f *fixture, live workspace.LiveOptions) outcome {
				return f.doSync(workspace.SyncOptions{Live: live, NoAttribution: true})
			}},
			{"sync, four at a time", 4, func(f *fixture, live workspace.LiveOptions) outcome {
				return f.doSync(workspace.SyncOptions{Live: live, NoAttribution: true})
			}},
			{"plan", 2, func(f *fixture, live workspace.LiveOptions) outcome {
				return f.doPlan(workspace.PlanOptions{Live: live, NoAttribution: true})
			}},
			{"audit --live", 2, func(f *fixture, live workspace.LiveOptions) outcome {
				return f.doAudit(true, workspace.AuditOptions{Live: &live, NoAttribution: true})
			}},
		} {
			t.Run(way.name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				f := adaOwnsLists(t, 20, func(i int) []string { return []string{fmt.Sprintf("new%02d@example.org", i)} })
				var reads atomic.Int64
				live := f.live()
				live.Endpoint, live.Concurrency = answeringGoogle(t, f, func(w http.ResponseWriter, r *http.Request) bool {
					if r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, "/members") {
						return false
					}
					reads.Add(1)
					way.answer(w, r)
					return true
				}), tc.concurrency
				if strings.HasPrefix(way.name, "429 every time") && !strings.Contains(way.name, "given up") {
					// Out of time while retrying the refusals.
					live.ReadTimeout = 300 * time.Millisecond
				}
				r := tc.run(f, live)
				if r.code != workspace.ExitFailed || reads.Load() > way.limit(tc.concurrency) {
					t.Errorf("exit %d, %d reads sent for 20 groups\n%s%s", r.code, reads.Load(), r.stdout, r.stderr)
				}
				if testing.Verbose() {
					t.Log(r.stdout + r.stderr)
				}
				out := r.stdout + r.stderr
				if !strings.Contains(out, "Google is failing them, and this list is left for the next run") {
					t.Errorf("the lists left unread do not say why:\n%s", out)
				}
				for i := range 20 {
					if id := fmt.Sprintf("l%02d", i); !strings.Contains(out, id) {
						t.Errorf("list %s is not named:\n%s", id, out)
						break
					}
				}
			})
		}
	}
}

// TestGroupsTooBigForTheReadTimeoutFailAlone: five groups whose reads
// answer, but too slowly for --read-timeout (groups too big for it),
// read first and one at a time: each fails alone, naming the fix, and
// the read brake, which is for an endpoint that is failing, not slow,
// does not trip: the other fifteen lists are read and synced.
func TestGroupsTooBigForTheReadTimeoutFailAlone(t *testing.T) {
	t.Parallel()
	f := adaOwnsLists(t, 20, func(i int) []string { return []string{fmt.Sprintf("new%02d@example.org", i)} })
	live := f.live()
	live.Endpoint, live.Concurrency = answeringGoogle(t, f, func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/members") {
			for i := range 5 {
				if strings.Contains(r.URL.Path, fmt.Sprintf("l%02d@", i)) {
					time.Sleep(400 * time.Millisecond) // slow, but answering
				}
			}
		}
		return false
	}), 1
	live.ReadTimeout = 300 * time.Millisecond
	r := f.doSync(workspace.SyncOptions{Live: live, NoAttribution: true})
	out := r.stdout + r.stderr
	if r.code != workspace.ExitFailed || strings.Contains(out, "Google is failing them") || !strings.Contains(out, "--read-timeout") {
		t.Errorf("exit %d: want the five slow lists failed alone, naming --read-timeout:\n%s", r.code, out)
	}
	for i := 5; i < 20; i++ {
		if g := fmt.Sprintf("l%02d@example.org", i); !f.onGroup(g, fmt.Sprintf("new%02d@example.org", i)) {
			t.Errorf("%s was not synced:\n%s", g, out)
			break
		}
	}
}

// TestASiteOfListsWhosePolicyFailsSaysSoFirst: site --live over lists
// whose own policy fails says so before it reads them (as audit --live
// does), and its closing error names a few with their reasons, not every
// one: a job's log line stays one a log can show (s31-routes).
func TestASiteOfListsWhosePolicyFailsSaysSoFirst(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, emulator.Options{})
	var b strings.Builder
	b.WriteString("schema = 1\n\n[policies.p]\nmin_owners = 1\nvetting_methods = [\"video-call\"]\n")
	for i := range 7 {
		fmt.Fprintf(&b, "\n[lists.l%d]\naddress = \"l%d@example.org\"\npolicy = \"p\"\n", i, i)
		fmt.Fprintf(&b, "\n[[member]]\nemail = \"m%d@example.org\"\nlists = { l%d = \"member\" }\nvetting = [{ by = \"x@example.org\", on = 2026-06-01, method = \"video-call\" }]\n", i, i)
	}
	f.write("members.toml", b.String())
	live := f.live()
	r := f.outcome(f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: filepath.Join(t.TempDir(), "site"), At: todayDate, Live: &live}))
	note := strings.Index(r.stderr, "note: 7 lists fail their own policy, so sync neither reads nor writes them; site --live reads them all the same")
	if note < 0 || note > strings.Index(r.stderr, "wrote the auditor's site") {
		t.Errorf("site --live does not say first that sync leaves the lists alone:\n%s", r.stderr)
	}
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "--live: 7 lists fail their own policy") || !strings.Contains(r.stderr, "; and 2 more (") || strings.Contains(r.stderr, "l6 (") {
		t.Errorf("exit %d:\n%s", r.code, r.stderr)
	}
}
