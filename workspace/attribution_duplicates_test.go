package workspace_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// repeatActivities is a stand-in before the emulator whose audit-log
// answers send every activity twice: in the same page (twice), or again
// on a next page that overlaps the first (again).
func repeatActivities(h http.Handler, again bool) http.Handler {
	const token = "again"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/admin/reports/v1/activity/") {
			h.ServeHTTP(w, r)
			return
		}
		repeat := r.URL.Query().Get("pageToken") == token
		if repeat {
			q := r.URL.Query()
			q.Del("pageToken")
			r = r.Clone(r.Context())
			r.URL.RawQuery = q.Encode()
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		var page map[string]any
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &page) != nil {
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
			return
		}
		items, _ := page["items"].([]any)
		switch {
		case again && repeat:
			delete(page, "nextPageToken")
		case again:
			if _, more := page["nextPageToken"]; !more {
				page["nextPageToken"] = token
			}
		default:
			var twice []any
			for _, it := range items {
				twice = append(twice, it, it)
			}
			if len(twice) > 0 {
				page["items"] = twice
			}
		}
		var buf bytes.Buffer
		_ = json.NewEncoder(&buf).Encode(page)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(buf.Bytes())
	})
}

// TestAnActivitySentTwiceIsOneChange: roster adds grace; her removal in
// the Cloud console is logged by member id alone. The audit log sends
// that activity twice (in one page, or again on an overlapping next
// page): the plan offers one removal, as perhaps hers, never "one of 2
// removals" that were one; in a full run and in a --changed-since run,
// whose read of the whole domain's log counts a bulk upload once.
func TestAnActivitySentTwiceIsOneChange(t *testing.T) {
	t.Parallel()
	for _, again := range []bool{false, true} {
		name := "twice in a page"
		if again {
			name = "again on the next page"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clk := &clock{t: today}
			f := newRepoFixture(t)
			emu, err := emulator.New(emulator.Options{Now: clk.now})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(repeatActivities(emu, again))
			t.Cleanup(srv.Close)
			f.emu, f.url = emu, srv.URL+"/"
			if err := f.emu.AddGroup("security@example.org"); err != nil {
				t.Fatal(err)
			}
			f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`)+entry("grace@example.org", "member", "ada@example.org", "2026-01-15"), "The list (#1)")
			// Past the window of --changed-since 2h: only the log says
			// the group changed.
			clk.set(f.repo.Date().Add(3 * time.Hour))
			if r := clk.sync(f); r.code != 0 {
				t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			clk.set(clk.now().Add(time.Minute))
			f.hand(emulator.Change{Application: "groups_enterprise", Event: "remove_member", Group: "security@example.org", Actor: "mallory@example.org", Member: "grace@example.org"})
			clk.set(clk.now().Add(time.Minute))

			const want = "(live: perhaps removed by mallory@example.org on "
			for _, window := range []time.Duration{0, 2 * time.Hour} {
				err := clk.ws(f).Plan(ctx, workspace.PlanOptions{Source: membersFile, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text,
					ChangedSince: workspace.Window{Length: window}})
				r := f.outcome(err)
				if !strings.Contains(r.stdout, "+ grace@example.org") || !strings.Contains(r.stdout, want) || strings.Contains(r.stdout, "removals") {
					t.Errorf("--changed-since %v: plan:\n%s%s\nwant grace's line to offer one removal: %q", window, r.stdout, r.stderr, want)
				}
			}
			// A bulk upload names no group: the read of the whole
			// domain's log counts it once.
			f.hand(emulator.Change{Application: "admin", Event: "GROUP_MEMBER_BULK_UPLOAD", Group: "security@example.org", Actor: "root@example.org", Members: []emulator.Member{{Email: "zed@example.org"}}})
			clk.set(clk.now().Add(time.Minute))
			err = clk.ws(f).Plan(ctx, workspace.PlanOptions{Source: membersFile, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text,
				ChangedSince: workspace.Window{Length: 2 * time.Hour}})
			if r := f.outcome(err); !strings.Contains(r.stderr, "the audit log has 1 change that names no group") {
				t.Errorf("--changed-since 2h after a bulk upload:\n%s%s\nwant it counted once", r.stdout, r.stderr)
			}
		})
	}
}

// TestAnImportedListNamesACloudConsoleRemoval: a list imported as it
// was (everyone on the group before the file; roster never had to write
// to it, so no write of roster's is in the log), and a member then
// removed in the Cloud console, which Google logs by member id only:
// plan, sync (whose log says whose change it undid) and audit --live
// offer that removal on the member's line, not "not yet on" as if the
// file had just listed them.
func TestAnImportedListNamesACloudConsoleRemoval(t *testing.T) {
	t.Parallel()
	f, clk := newClockedRepoFixture(t)
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"}); err != nil {
		t.Fatal(err)
	}
	f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`)+entry("grace@example.org", "member", "ada@example.org", "2026-01-15"), "Import the list (#1)")
	clk.set(f.repo.Date().Add(24 * time.Hour))
	f.hand(emulator.Change{Application: "groups_enterprise", Event: "remove_member", Group: "security@example.org", Actor: "mallory@example.org", Member: "grace@example.org"})
	clk.set(clk.now().Add(time.Hour))

	const want = "perhaps removed by mallory@example.org on "
	if r := clk.plan(f, report.Text); !strings.Contains(r.stdout, "+ grace@example.org") || !strings.Contains(r.stdout, want) {
		t.Errorf("plan:\n%s%s\nwant grace's line to offer the Cloud console's removal: %q", r.stdout, r.stderr, want)
	}
	if r := clk.audit(f); !strings.Contains(r.stdout+r.stderr, want) {
		t.Errorf("audit --live:\n%s%s\nwant %q", r.stdout, r.stderr, want)
	}
	if r := clk.sync(f); !strings.Contains(r.stdout+r.stderr, want) || !f.onGroup("security@example.org", "grace@example.org") {
		t.Errorf("sync:\n%s%s\nwant grace added back, naming %q", r.stdout, r.stderr, want)
	}
}

// TestWritesOfAFormerClientAreRosters: roster used to run through
// another service account (its OAuth client 111000000000000000111), and
// a sync of an older checkout through it added bob, whom the file had
// taken off by then. With that client named after roster's own in
// $ROSTER_CLIENT_ID, the write is roster's, never a change by hand: plan
// takes bob off without naming the delegated admin as who added him;
// without it, the admin is named, as for any API write of another
// client.
func TestWritesOfAFormerClientAreRosters(t *testing.T) {
	t.Parallel()
	const former = "111000000000000000111"
	for _, tc := range []struct {
		ids   string
		blame bool
	}{{"", true}, {emulator.DefaultClientID + ", " + former, false}} {
		f := newFixtureFrom(t, "", emulator.Options{ClientID: former}, true)
		if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
			t.Fatal(err)
		}
		hdr := strings.Replace(founded(header), `unmanaged = "report"`, `unmanaged = "remove"`, 1)
		bob := entry("bob@example.org", "member", "ada@example.org", "2026-06-01")
		f.repo.Commit("members.toml", hdr+founder(`reports = "owner"`)+bob, "Add bob (#1)")
		f.repo.Commit("members.toml", hdr+founder(`reports = "owner"`), "Take bob off (#2)")
		// An older checkout's sync, through the former client.
		f.write("members.toml", hdr+founder(`reports = "owner"`)+bob)
		f.doSync(workspace.SyncOptions{NoAttribution: true})
		f.write("members.toml", hdr+founder(`reports = "owner"`))
		if !f.onGroup("security@example.org", "bob@example.org") {
			t.Fatal("the older checkout's sync did not add bob")
		}
		f.vars["ROSTER_CLIENT_ID"] = tc.ids
		r := f.doPlan(workspace.PlanOptions{})
		if blamed := strings.Contains(r.stdout, "bob@example.org") && strings.Contains(r.stdout, "added by admin"); blamed != tc.blame || !strings.Contains(r.stdout, "- bob@example.org") {
			t.Errorf("ROSTER_CLIENT_ID=%q: the admin named as who added bob: %t, want %t\n%s%s", tc.ids, blamed, tc.blame, r.stdout, r.stderr)
		}
	}
}

// TestASharedClientIsNeverRosters: a client anyone signs in with
// (gcloud's) named in ROSTER_CLIENT_ID, as a former one of roster's when
// it once ran on someone's gcloud credentials: a write through it that
// no version of the file asked for is still named as the admin's, as
// the incremental run's filter names it.
func TestASharedClientIsNeverRosters(t *testing.T) {
	t.Parallel()
	const shared = "32555940559.apps.googleusercontent.com"
	f := newFixtureFrom(t, "", emulator.Options{ClientID: shared}, true)
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	hdr := strings.Replace(founded(header), `unmanaged = "report"`, `unmanaged = "remove"`, 1)
	f.repo.Commit("members.toml", hdr+founder(`reports = "owner"`), "Start (#1)")
	// Someone's gcloud-credentialed tool adds bob, whom no version lists.
	f.write("members.toml", hdr+founder(`reports = "owner"`)+entry("bob@example.org", "member", "ada@example.org", "2026-06-01"))
	f.doSync(workspace.SyncOptions{NoAttribution: true})
	f.write("members.toml", hdr+founder(`reports = "owner"`))
	for _, ids := range []string{shared, emulator.DefaultClientID + ", " + shared} {
		f.vars["ROSTER_CLIENT_ID"] = ids
		if r := f.doPlan(workspace.PlanOptions{}); !strings.Contains(r.stdout, "added by admin") {
			t.Errorf("ROSTER_CLIENT_ID=%q: bob's add is not named as the admin's\n%s%s", ids, r.stdout, r.stderr)
		}
	}
}

// TestAGroupEmptiedByHandIsNeverBare: a list synced long ago (its adds
// older than the log keeps), every member the file lists then removed by
// hand, the removals inside the log's delay: each addition that puts
// them back says their removal is not in the log yet, as for one member
// removed, never bare (a group emptied keeps the settings roster pinned,
// which one never synced lacks). Someone the file admitted only today
// was never put on it by roster, and nothing is said of them.
func TestAGroupEmptiedByHandIsNeverBare(t *testing.T) {
	t.Parallel()
	f, clk := newDelayedFixture(t, emulator.Options{LogDelay: map[string]time.Duration{"admin": time.Hour, "groups": time.Hour, "groups_enterprise": time.Hour}})
	hdr := strings.Replace(founded(header), `unmanaged = "report"`, "unmanaged = \"report\"\nwho_can_join = \"INVITED_CAN_JOIN\"", 1)
	carol := "\n[[member]]\nemail = \"carol@example.org\"\nlists = { reports = \"member\" }\n"
	file := hdr + founder(`reports = "owner"`) + entry("bob@example.org", "member", "ada@example.org", "2026-01-15")
	f.repo.Commit("members.toml", file+carol, "The list (#1)") // March: long before the log's window
	if r := clk.sync(f); r.code != workspace.ExitFailed && r.code != 0 {
		t.Fatalf("first sync: exit %d\n%s", r.code, r.stderr)
	}
	// carol is vetted only today.
	f.repo.Commit("members.toml", file+strings.TrimSuffix(carol, "\n")+"\nvetting = [{ by = \"ada@example.org\", on = 2026-11-20, method = \"video-call\" }]\n", "Vet carol (#2)")
	clk.set(clk.now().Add(time.Minute))
	for _, m := range []string{"ada@example.org", "bob@example.org"} {
		f.hand(emulator.Change{Application: "admin", Event: "REMOVE_GROUP_MEMBER", Group: "security@example.org", Actor: "mallory@example.org", Member: m})
	}
	clk.set(clk.now().Add(time.Minute))
	r := clk.plan(f, report.Text)
	for _, m := range []string{"ada@example.org", "bob@example.org"} {
		if !regexp.MustCompile(`\+ ` + regexp.QuoteMeta(m) + `[^\n]*their removal is not in Google's audit log`).MatchString(r.stdout) {
			t.Errorf("%s's addition does not say their removal is not in the log yet:\n%s%s", m, r.stdout, r.stderr)
		}
	}
	if regexp.MustCompile(`\+ carol@example.org[^\n]*removal`).MatchString(r.stdout) {
		t.Errorf("carol, admitted only today, is said to have been removed:\n%s", r.stdout)
	}
}
