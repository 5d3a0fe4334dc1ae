package workspace_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/workspace"
)

// TestIncrementalRunLeavesOlderRemovalsToTheFullRun: a full run refuses
// six removals across two lists (over --max-removals 5). An hour later a
// hand change on one list makes the incremental run read it alone: its
// three removals, pending since before the window, must wait for a full
// run, or two incremental runs would make, three at a time, what the
// guard refused whole. The hand change itself is still reverted, and a
// removal the window explains (someone the file takes off in it) is made.
func TestIncrementalRunLeavesOlderRemovalsToTheFullRun(t *testing.T) {
	hdr := strings.Replace(header, `unmanaged = "report"`, `unmanaged = "remove"`, 1) + "\n[lists.l1]\naddress = \"l1@example.org\"\npolicy = \"p\"\n"
	both := `reports = "member", l1 = "member"`
	file := func(off ...int) string {
		var b strings.Builder
		b.WriteString(hdr)
		b.WriteString(person("ada@example.org", `reports = "owner", l1 = "owner"`))
		b.WriteString(person("grace@example.org", both))
		for i := 1; i <= 12; i++ {
			lists := both
			for _, o := range off {
				if o == i {
					lists = ""
				}
			}
			b.WriteString(person(fmt.Sprintf("m%02d@example.org", i), lists))
		}
		return strings.ReplaceAll(b.String(), "2026-06-01", "2026-01-01")
	}
	f, clk := newClockedRepoFixture(t)
	clk.set(f.repo.Date().Add(-time.Hour))
	f.repo.Commit("members.toml", file(), "Lists (#1)")
	live := []emulator.Member{{Email: "ada@example.org", Role: "OWNER"}, {Email: "grace@example.org"}}
	for i := 1; i <= 12; i++ {
		live = append(live, emulator.Member{Email: fmt.Sprintf("m%02d@example.org", i)})
	}
	for _, g := range []string{"security@example.org", "l1@example.org"} {
		if err := f.emu.AddGroup(g, live...); err != nil {
			t.Fatal(err)
		}
	}
	// Five hours later, a commit takes three people off both lists; the
	// full run refuses the six removals.
	f.repo.Tick()
	f.repo.Commit("members.toml", file(1, 2, 3), "Take three off (#2)")
	clk.set(f.repo.Date().Add(5 * time.Hour))
	sync := func(window time.Duration) error {
		return clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: window}, NoAttribution: true})
	}
	if err := sync(0); workspace.Code(err) != workspace.ExitFailed || !strings.Contains(f.stderr.String(), "limit 5") {
		t.Fatalf("the full run is not refused: %v\n%s", err, f.stderr.String())
	}
	// A walk-in joins l1; the hourly run reads l1 alone.
	if _, err := f.emu.ByHand(emulator.Change{Event: "join", Group: "l1@example.org", Actor: "walkin@example.org"}); err != nil {
		t.Fatal(err)
	}
	f.stderr.Reset()
	err := sync(2 * time.Hour)
	got := fmt.Sprint(f.group("l1@example.org"))
	if strings.Contains(got, "walkin@") || !strings.Contains(got, "m01@") || !strings.Contains(f.stderr.String(), "3 removals the --changed-since window does not explain are held back") {
		t.Errorf("incremental run (%v): l1 is %s\n%s%s", err, got, f.stdout.String(), f.stderr.String())
	}
	// The full run still refuses the six, and nothing went by it.
	f.stderr.Reset()
	if err := sync(0); workspace.Code(err) != workspace.ExitFailed || !strings.Contains(f.stderr.String(), "cannot remove 6") {
		t.Errorf("the next full run: %v\n%s", err, f.stderr.String())
	}
	// A removal the window explains is made: the file takes m04 off l1
	// (an hour ago), and the hourly run reads l1 and removes m04 alone.
	f.repo.Tick()
	f.repo.Commit("members.toml", strings.Replace(file(1, 2, 3), "\"m04@example.org\"\nlists = { "+both, "\"m04@example.org\"\nlists = { reports = \"member\"", 1), "Take m04 off l1 (#3)")
	clk.set(f.repo.Date().Add(time.Hour))
	f.stderr.Reset()
	_ = sync(2 * time.Hour)
	if got := fmt.Sprint(f.group("l1@example.org")); strings.Contains(got, "m04@") || !strings.Contains(got, "m01@") {
		t.Errorf("the removal the window explains: l1 is %s\n%s%s", got, f.stdout.String(), f.stderr.String())
	}
}

// TestIncrementalRunRemovesWhomAMoveLeftBehind: a commit in the window
// moves a list in from another file without bob: the window explains
// his removal (the file gained the list in it), which is made at once,
// not left to the nightly run.
func TestIncrementalRunRemovesWhomAMoveLeftBehind(t *testing.T) {
	lists := "\n[lists.x]\naddress = \"x@example.org\"\npolicy = \"p\"\n"
	team := "\n[lists.team]\naddress = \"team@example.org\"\npolicy = \"p\"\n"
	f, clk := newClockedRepoFixture(t)
	clk.set(f.repo.Date().Add(-time.Hour))
	f.repo.CommitFiles("Two files (#1)",
		"members.toml", strings.ReplaceAll(header+lists+person("ada@example.org", `reports = "owner", x = "owner"`)+person("grace@example.org", `reports = "member"`), "2026-06-01", "2026-01-01"),
		"other.toml", strings.ReplaceAll(header+team+person("ada@example.org", `team = "owner"`)+person("grace@example.org", `team = "member"`)+person("bob@example.org", `team = "member"`), "2026-06-01", "2026-01-01"))
	adaOwns(t, f, map[string][]string{"security@example.org": {"ada", "grace"}, "x@example.org": {"ada"}, "team@example.org": {"ada", "grace", "bob"}})
	// A day later, the list moves into members.toml without bob.
	f.repo.Tick()
	f.repo.CommitFiles("Move team here, without bob (#2)",
		"members.toml", strings.ReplaceAll(header+lists+team+person("ada@example.org", `reports = "owner", x = "owner", team = "owner"`)+person("grace@example.org", `reports = "member", team = "member"`), "2026-06-01", "2026-01-01"),
		"other.toml", "schema = 1\n")
	clk.set(f.repo.Date().Add(time.Hour))
	err := clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 2 * time.Hour}, NoAttribution: true})
	if got := fmt.Sprint(f.group("team@example.org")); err != nil || strings.Contains(got, "bob@") {
		t.Errorf("sync --changed-since 2h: %v; team is %s\n%s%s", err, got, f.stdout.String(), f.stderr.String())
	}
}

// TestIncrementalRunHoldsWhatTheOtherFileTookOffBefore: the list moves
// in within the window from another file, which had taken carol off
// days before (a removal no run made yet, as one a full run refused over
// --max-removals): the move explains bob's removal, not carol's, which
// waits for the next full run, said so.
func TestIncrementalRunHoldsWhatTheOtherFileTookOffBefore(t *testing.T) {
	lists := "\n[lists.x]\naddress = \"x@example.org\"\npolicy = \"p\"\n"
	team := "\n[lists.team]\naddress = \"team@example.org\"\npolicy = \"p\"\n"
	day := func(s string) string { return strings.ReplaceAll(s, "2026-06-01", "2026-01-01") }
	f, clk := newClockedRepoFixture(t)
	clk.set(f.repo.Date().Add(-time.Hour))
	other := header + team + person("ada@example.org", `team = "owner"`) + person("grace@example.org", `team = "member"`) + person("bob@example.org", `team = "member"`)
	f.repo.CommitFiles("Two files (#1)",
		"members.toml", day(header+lists+person("ada@example.org", `reports = "owner", x = "owner"`)+person("grace@example.org", `reports = "member"`)),
		"other.toml", day(other+person("carol@example.org", `team = "member"`)))
	adaOwns(t, f, map[string][]string{"security@example.org": {"ada", "grace"}, "x@example.org": {"ada"}, "team@example.org": {"ada", "grace", "bob", "carol"}})
	f.repo.Commit("other.toml", day(other), "Take carol off team (#2)")
	for range 3 {
		f.repo.Tick()
	}
	f.repo.CommitFiles("Move team here, without bob (#3)",
		"members.toml", day(header+lists+team+person("ada@example.org", `reports = "owner", x = "owner", team = "owner"`)+person("grace@example.org", `reports = "member", team = "member"`)),
		"other.toml", "schema = 1\n")
	clk.set(f.repo.Date().Add(time.Hour))
	err := clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 2 * time.Hour}, NoAttribution: true})
	got := fmt.Sprint(f.group("team@example.org"))
	if strings.Contains(got, "bob@") || !strings.Contains(got, "carol@") || !strings.Contains(f.stdout.String()+f.stderr.String(), "the file it came from took them off before the window") {
		t.Errorf("sync --changed-since 2h: %v; team is %s\n%s%s", err, got, f.stdout.String(), f.stderr.String())
	}
}

// adaOwns makes each group with the people named (local parts at
// example.org): ada as its owner, the others members.
func adaOwns(t *testing.T, f *fixture, groups map[string][]string) {
	t.Helper()
	for g, ms := range groups {
		var live []emulator.Member
		for _, m := range ms {
			role := "MEMBER"
			if m == "ada" {
				role = "OWNER"
			}
			live = append(live, emulator.Member{Email: m + "@example.org", Role: role})
		}
		if err := f.emu.AddGroup(g, live...); err != nil {
			t.Fatal(err)
		}
	}
}

// TestIncrementalRunMakesTheRemovalsAPolicyChangeInTheWindowMadeDue: a
// walk-in kept for days (unmanaged = "report") is due for removal once
// a commit in the window makes the policy remove walk-ins. The hourly
// run still leaves it to the full run (one may have refused it since,
// with other lists' removals: s16-delta finding 1), and says why
// truly, not "pending since before the window" (s16-2425 finding 2).
func TestIncrementalRunMakesTheRemovalsAPolicyChangeInTheWindowMadeDue(t *testing.T) {
	t.Parallel()
	f, clk := newClockedRepoFixture(t)
	clk.set(f.repo.Date().Add(-time.Hour))
	// Two lists, each of its own policy: the run reads the one whose
	// policy changed, not the other.
	hdr := header + "\n[lists.l1]\naddress = \"l1@example.org\"\npolicy = \"q\"\n\n[policies.q]\nmin_owners = 1\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\nunmanaged = \"report\"\n"
	body := strings.ReplaceAll(person("ada@example.org", `reports = "owner", l1 = "owner"`)+person("grace@example.org", `reports = "member", l1 = "member"`), "2026-06-01", "2026-01-01")
	f.repo.Commit("members.toml", hdr+body, "Lists (#1)")
	for _, g := range []string{"security@example.org", "l1@example.org"} {
		if err := f.emu.AddGroup(g, emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"}, emulator.Member{Email: "quinn@example.org"}); err != nil {
			t.Fatal(err)
		}
	}
	f.repo.Tick()
	f.repo.Tick()
	f.repo.Commit("members.toml", strings.Replace(hdr, `unmanaged = "report"`, `unmanaged = "remove"`, 1)+body, "Remove walk-ins (#2)")
	clk.set(f.repo.Date().Add(time.Hour))
	err := clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 2 * time.Hour}, NoAttribution: true})
	if got := fmt.Sprint(f.group("security@example.org")); !strings.Contains(got, "quinn@") || !strings.Contains(f.stdout.String()+f.stderr.String(), "made due in the --changed-since window (the list's policy now removes walk-ins") || !strings.Contains(f.stderr.String(), "1 list of 2 changed") {
		t.Errorf("incremental run (%v): the group is %s\n%s%s", err, got, f.stdout.String(), f.stderr.String())
	}
}

// TestIncrementalRunPassesOverRostersOwnWritesThatAgree: the hourly run
// after a full sync that wrote to every group (members added, a setting
// pinned) reads none of them again, for those writes made the groups
// agree with the file; but a write of roster's own client that does
// not agree with the committed file (a sync run from a working copy
// that dropped someone) is a change, and the next incremental run
// reads that group and puts them back.
func TestIncrementalRunPassesOverRostersOwnWritesThatAgree(t *testing.T) {
	hdr := strings.Replace(header, "unmanaged = \"report\"\n", "unmanaged = \"report\"\nwho_can_join = \"INVITED_CAN_JOIN\"\n", 1) +
		"\n[lists.l1]\naddress = \"l1@example.org\"\npolicy = \"p\"\n"
	early := func(s string) string { return strings.ReplaceAll(s, "2026-06-01", "2026-01-01") }
	file := early(hdr + person("ada@example.org", `reports = "owner", l1 = "owner"`) + person("grace@example.org", `reports = "member", l1 = "member"`))
	f, clk := newClockedRepoFixture(t)
	clk.set(f.repo.Date().Add(-72 * time.Hour))
	f.repo.Commit("members.toml", file, "Lists (#1)")
	for _, g := range []string{"security@example.org", "l1@example.org"} {
		if err := f.emu.AddGroup(g); err != nil {
			t.Fatal(err)
		}
	}
	clk.set(f.repo.Date().Add(72 * time.Hour))
	sync := func(window time.Duration) error {
		f.stdout.Reset()
		f.stderr.Reset()
		return clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: window}, NoAttribution: true})
	}
	if err := sync(0); err != nil {
		t.Fatalf("full run: %v\n%s", err, f.stderr.String())
	}
	if got := fmt.Sprint(f.group("l1@example.org")); !strings.Contains(got, "grace@") {
		t.Fatalf("the full run did not add grace: %s", got)
	}
	clk.set(clk.t.Add(time.Hour))
	if err := sync(2 * time.Hour); err != nil || !strings.Contains(f.stderr.String(), "0 lists of 2 changed") {
		t.Errorf("the hourly run after the full run read lists its own writes left agreeing: %v\n%s", err, f.stderr.String())
	}
	// A sync of a working copy that drops grace from l1 takes her off;
	// the committed file still lists her.
	f.repo.Write("members.toml", early(hdr+person("ada@example.org", `reports = "owner", l1 = "owner"`)+person("grace@example.org", `reports = "member"`)))
	_ = sync(0) // exits 3: without grace on l1, ada's record there admits nobody
	if got := fmt.Sprint(f.group("l1@example.org")); strings.Contains(got, "grace@") {
		t.Fatalf("the working copy's run left grace on l1: %s\n%s", got, f.stderr.String())
	}
	f.repo.Write("members.toml", file)
	clk.set(clk.t.Add(time.Hour))
	err := sync(2 * time.Hour)
	if got := fmt.Sprint(f.group("l1@example.org")); err != nil || !strings.Contains(got, "grace@") || !strings.Contains(f.stderr.String(), "1 list of 2 changed") {
		t.Errorf("the hourly run did not read back what a working copy's sync took off (%v): l1 is %s\n%s", err, got, f.stderr.String())
	}
}

// TestIncrementalRunReadsTheListsAVettingDateCrossed: no commit marks
// the day a record dated ahead comes into force, nor the day a record
// lapses, yet each changes what sync does: the hourly run just after
// that midnight reads the list, and adds the person whose record was
// not yet in force at the last full run.
func TestIncrementalRunReadsTheListsAVettingDateCrossed(t *testing.T) {
	hdr := header + "\n[lists.l1]\naddress = \"l1@example.org\"\npolicy = \"p\"\n"
	owners := strings.ReplaceAll(person("ada@example.org", `reports = "owner", l1 = "owner"`)+person("grace@example.org", `reports = "owner", l1 = "owner"`), "2026-06-01", "2026-01-01")
	f, clk := newClockedRepoFixture(t)
	commitAt := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	clk.set(commitAt)
	// fut's record is dated 2026-03-04, three days after it is written.
	fut := "\n[[member]]\nemail = \"fut@example.org\"\nlists = { l1 = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-03-04, method = \"video-call\" }]\n"
	f.repo.Commit("members.toml", hdr+owners+fut, "Lists (#1)")
	for _, g := range []string{"security@example.org", "l1@example.org"} {
		if err := f.emu.AddGroup(g, emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org", Role: "OWNER"}); err != nil {
			t.Fatal(err)
		}
	}
	sync := func(window time.Duration) error {
		return clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: window}, NoAttribution: true})
	}
	clk.set(time.Date(2026, 3, 3, 23, 0, 0, 0, time.UTC))
	_ = sync(0) // refuses fut's addition: the record is dated in the future
	if got := fmt.Sprint(f.group("l1@example.org")); strings.Contains(got, "fut@") {
		t.Fatalf("the full run added fut before the record's day: %s", got)
	}
	clk.set(time.Date(2026, 3, 4, 0, 30, 0, 0, time.UTC))
	err := sync(2 * time.Hour)
	if got := fmt.Sprint(f.group("l1@example.org")); err != nil || !strings.Contains(got, "fut@") || !strings.Contains(f.stderr.String(), "1 list of 2 changed") {
		t.Errorf("the hourly run after the record's day (%v): l1 is %s\n%s", err, got, f.stderr.String())
	}
}

// TestIncrementalRunReadsRostersOwnWritesThatDisagree: a write of
// roster's own client counts as no change only where it agrees with the
// committed file. A sync of a working copy that admitted someone the
// file does not admit yet (a record dated ahead), or took off someone
// the file lists under another spelling of their mailbox, left the
// group wrong: the next hourly run reads it. So does every write made
// through gcloud's shared OAuth client, which any admin's script uses,
// even one that agrees.
func TestIncrementalRunReadsRostersOwnWritesThatDisagree(t *testing.T) {
	hdr := header + "\n[lists.l1]\naddress = \"l1@example.org\"\npolicy = \"p\"\n"
	early := func(s string) string { return strings.ReplaceAll(s, "2026-06-01", "2026-01-01") }
	owners := early(person("ada@example.org", `reports = "owner", l1 = "owner"`) + person("grace@example.org", `reports = "owner", l1 = "owner"`))
	fut := func(on string) string {
		return "\n[[member]]\nemail = \"fut@example.org\"\nlists = { l1 = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = " + on + ", method = \"video-call\" }]\n"
	}
	for _, tc := range []struct {
		name              string
		committed, copied string
		live              []emulator.Member
		client            string
	}{
		{name: "a record the file dates ahead", committed: hdr + owners + fut("2026-12-30"), copied: hdr + owners + fut("2026-01-01")},
		{name: "another spelling of a listed mailbox", committed: hdr + owners + early(person("grace.hopper+lists@gmail.com", `l1 = "member"`)), copied: hdr + owners,
			live: []emulator.Member{{Email: "gracehopper@gmail.com"}}},
		{name: "gcloud's shared client", committed: hdr + owners + early(person("lin@gmail.com", `l1 = "member"`)), copied: hdr + owners + early(person("lin@gmail.com", `l1 = "member"`)),
			client: "764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, clk := newClockedRepoFixture(t)
			if tc.client != "" {
				// The domain logs the writes with that client.
				emu, err := emulator.New(emulator.Options{Now: clk.now, ClientID: tc.client})
				if err != nil {
					t.Fatal(err)
				}
				srv := httptest.NewServer(emu)
				t.Cleanup(srv.Close)
				f.emu, f.url = emu, srv.URL+"/"
			}
			clk.set(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
			f.repo.Commit("members.toml", tc.committed, "Lists (#1)")
			live := append([]emulator.Member{{Email: "ada@example.org", Role: "OWNER"}, {Email: "grace@example.org", Role: "OWNER"}}, tc.live...)
			for _, g := range []string{"security@example.org", "l1@example.org"} {
				if err := f.emu.AddGroup(g, live...); err != nil {
					t.Fatal(err)
				}
			}
			sync := func(window time.Duration) error {
				ws := clk.ws(f)
				lo := f.live()
				if tc.client != "" {
					ws = workspace.New(workspace.Env{Stdout: &f.stdout, Stderr: &f.stderr, Now: clk.now, Workdir: f.dir, UserAgent: "roster/test",
						Getenv: func(k string) string { return map[string]string{"ROSTER_CLIENT_ID": tc.client}[k] }})
				}
				return ws.Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: lo, Guards: plan.Guards{MaxRemovals: 100, MaxRemovalRatio: 1}, ChangedSince: workspace.Window{Length: window}, NoAttribution: true})
			}
			clk.set(time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC))
			f.repo.Write("members.toml", tc.copied)
			_ = sync(0) // the working copy's run
			before := fmt.Sprint(f.group("l1@example.org"))
			f.repo.Write("members.toml", tc.committed)
			clk.set(clk.t.Add(time.Hour))
			_ = sync(2 * time.Hour)
			if !strings.Contains(f.stderr.String(), "1 list of 2 changed") {
				t.Errorf("the hourly run did not read l1 (after the working copy's run, l1 was %s; now %s)\n%s", before, fmt.Sprint(f.group("l1@example.org")), f.stderr.String())
			}
		})
	}
}

// TestIncrementalRunReadsAGroupRosterCreated: a full run creates a
// list's group (create = true), but its settings write is refused, and
// the group stays on Google's open defaults. The creation is roster's
// own write, yet no state the file asks for by itself: the next hourly
// run reads the group, and pins its settings.
func TestIncrementalRunReadsAGroupRosterCreated(t *testing.T) {
	hdr := strings.Replace(header, "unmanaged = \"report\"\n", "unmanaged = \"report\"\nwho_can_join = \"INVITED_CAN_JOIN\"\n", 1) +
		"\n[lists.c]\naddress = \"c@example.org\"\npolicy = \"p\"\ncreate = true\n"
	file := strings.ReplaceAll(hdr+person("ada@example.org", `reports = "owner", c = "owner"`)+person("grace@example.org", `reports = "member", c = "member"`), "2026-06-01", "2026-01-01")
	f, clk := newClockedRepoFixture(t)
	clk.set(f.repo.Date().Add(-72 * time.Hour))
	f.repo.Commit("members.toml", file, "Lists (#1)")
	if err := f.emu.AddGroup("security@example.org"); err != nil {
		t.Fatal(err)
	}
	clk.set(f.repo.Date().Add(72 * time.Hour))
	var refused atomic.Bool
	target, _ := url.Parse(f.url)
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method == http.MethodPatch || r.Method == http.MethodPut) && strings.Contains(r.URL.Path, "/groups/v1/groups/c@") && refused.CompareAndSwap(false, true) {
			http.Error(w, `{"error":{"code":403,"message":"Not Authorized to access this resource/api","errors":[{"reason":"forbidden"}]}}`, http.StatusForbidden)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer srv.Close()
	sync := func(endpoint string, window time.Duration) error {
		f.stdout.Reset()
		f.stderr.Reset()
		live := f.live()
		live.Endpoint = endpoint + "/"
		return clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: live, Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: window}, NoAttribution: true})
	}
	if err := sync(srv.URL, 0); err == nil || !refused.Load() {
		t.Fatalf("the full run with the settings write refused: %v (refused %v)\n%s", err, refused.Load(), f.stderr.String())
	}
	if f.emu.Members("c@example.org") == nil {
		t.Fatalf("the full run did not create c@\n%s", f.stderr.String())
	}
	clk.set(clk.t.Add(time.Hour))
	err := sync(strings.TrimSuffix(f.url, "/"), 2*time.Hour)
	if strings.Contains(f.stderr.String(), "0 lists of 2 changed") {
		t.Errorf("the hourly run passed over the group roster created and left open (%v):\n%s", err, f.stderr.String())
	}
	got := ""
	for _, g := range f.emu.State().Groups {
		if g.Email == "c@example.org" {
			got = g.Settings["whoCanJoin"]
		}
	}
	if got != "INVITED_CAN_JOIN" {
		t.Errorf("c@'s whoCanJoin is %q after the hourly run\n%s", got, f.stderr.String())
	}
}

// TestIncrementalRunReadsAListAtAnAliasOfItsGroup: the list writes to
// an alias of its group; Google logs a hand change under the group's
// own address, which no list names. The hourly run looks that group up,
// finds the list's address among its aliases, reads the list and
// removes the walk-in (whose addition the window explains), rather than
// say nothing changed and leave them to the nightly run.
func TestIncrementalRunReadsAListAtAnAliasOfItsGroup(t *testing.T) {
	hdr := strings.Replace(strings.Replace(header, `address = "security@example.org"`, `address = "security-alias@example.org"`, 1), `unmanaged = "report"`, `unmanaged = "remove"`, 1) +
		"\n[lists.other]\naddress = \"other@example.org\"\npolicy = \"p\"\n"
	f, clk := newClockedRepoFixture(t)
	clk.set(f.repo.Date().Add(-time.Hour))
	f.repo.Commit("members.toml", strings.ReplaceAll(hdr+person("ada@example.org", `reports = "owner", other = "owner"`), "2026-06-01", "2026-01-01"), "The lists (#1)")
	for _, g := range []string{"security@example.org", "other@example.org"} {
		if err := f.emu.AddGroup(g, emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
			t.Fatal(err)
		}
	}
	f.emu.AddAlias("security-alias@example.org", "security@example.org")
	clk.set(f.repo.Date().Add(5 * time.Hour))
	if _, err := f.emu.ByHand(emulator.Change{Event: "ADD_GROUP_MEMBER", Application: "admin", Group: "security@example.org", Actor: "it-admin@example.org", Member: "eve@example.net"}); err != nil {
		t.Fatal(err)
	}
	err := clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 2 * time.Hour}})
	out := f.stdout.String() + f.stderr.String()
	if got := fmt.Sprint(f.group("security@example.org")); strings.Contains(got, "eve@") {
		t.Errorf("the hourly run left eve on the group (%v): %s\n%s", err, got, out)
	}
	if !strings.Contains(out, "1 list of 2 changed") {
		t.Errorf("the hourly run read other lists than the aliased one:\n%s", out)
	}
}

// TestIncrementalRunReadsNoGroupLogForPeopleNewInTheWindow: a commit in
// the window puts someone new on a list. The hourly run reads that list
// and adds them; it reads no log of the group for it: the whole domain's
// log for the window, read already, names no event of theirs there, and
// the file did not list them before it, so there is no change by hand
// to name. Its only Reports calls are the three domain-wide reads.
func TestIncrementalRunReadsNoGroupLogForPeopleNewInTheWindow(t *testing.T) {
	hdr := header + "\n[lists.l1]\naddress = \"l1@example.org\"\npolicy = \"p\"\n"
	early := func(s string) string { return strings.ReplaceAll(s, "2026-06-01", "2026-01-01") }
	owners := person("ada@example.org", `reports = "owner", l1 = "owner"`) + person("grace@example.org", `reports = "owner", l1 = "owner"`)
	f, clk := newClockedRepoFixture(t)
	clk.set(f.repo.Date().Add(-72 * time.Hour))
	f.repo.Commit("members.toml", early(hdr+owners), "Lists (#1)")
	for _, g := range []string{"security@example.org", "l1@example.org"} {
		if err := f.emu.AddGroup(g, emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org", Role: "OWNER"}); err != nil {
			t.Fatal(err)
		}
	}
	f.repo.Commit("members.toml", early(hdr+owners+person("newbie@example.org", `l1 = "member"`)), "Add newbie (#2)")
	clk.set(f.repo.Date().Add(time.Hour))
	var logReads atomic.Int64
	live := f.live()
	live.Endpoint = answeringGoogle(t, f, func(w http.ResponseWriter, r *http.Request) bool {
		if strings.Contains(r.URL.Path, "/activity/") {
			logReads.Add(1)
		}
		return false
	})
	err := clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: live, Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 2 * time.Hour}})
	if got := fmt.Sprint(f.group("l1@example.org")); err != nil || !strings.Contains(got, "newbie@") || !strings.Contains(f.stderr.String(), "1 list of 2 changed") {
		t.Fatalf("the hourly run (%v): l1 is %s\n%s%s", err, got, f.stdout.String(), f.stderr.String())
	}
	if n := logReads.Load(); n != 3 {
		t.Errorf("%d reads of the audit log, want the 3 domain-wide ones\n%s", n, f.stderr.String())
	}
	// Someone a commit in the window lists, whom an owner then put on
	// the group and took off again: the window names them there, so the
	// group's logs are read, and the removal is named.
	f.repo.Commit("members.toml", early(hdr+owners+person("newbie@example.org", `l1 = "member"`)+person("back@example.org", `l1 = "member"`)), "Add back (#3)")
	clk.set(f.repo.Date().Add(10 * time.Minute))
	for _, event := range []string{"add_user", "remove_user"} {
		if _, err := f.emu.ByHand(emulator.Change{Event: event, Group: "l1@example.org", Actor: "grace@example.org", Member: "back@example.org"}); err != nil {
			t.Fatal(err)
		}
	}
	clk.set(f.repo.Date().Add(time.Hour))
	logReads.Store(0)
	f.stdout.Reset()
	f.stderr.Reset()
	err = clk.ws(f).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Live: live, ChangedSince: workspace.Window{Length: 2 * time.Hour}})
	out := f.stdout.String() + f.stderr.String()
	if n := logReads.Load(); workspace.Code(err) != workspace.ExitChanges || n <= 3 || !strings.Contains(out, "removed by grace@example.org") {
		t.Errorf("someone the window names (%v): %d reads of the audit log\n%s", err, n, out)
	}
}

// TestIncrementalRunFindsTheAliasAmongManyGroups: besides the aliased
// group's hand change, the window holds changes to 55 other groups no
// list writes, more than are looked up one by one: the domain's groups
// are listed instead (one paged read), and the list written at the
// alias is read and fixed all the same; names that sort first cannot
// crowd its group out.
func TestIncrementalRunFindsTheAliasAmongManyGroups(t *testing.T) {
	hdr := strings.Replace(strings.Replace(header, `address = "security@example.org"`, `address = "security-alias@example.org"`, 1), `unmanaged = "report"`, `unmanaged = "remove"`, 1)
	f, clk := newClockedRepoFixture(t)
	clk.set(f.repo.Date().Add(-time.Hour))
	f.repo.Commit("members.toml", strings.ReplaceAll(hdr+person("ada@example.org", `reports = "owner"`), "2026-06-01", "2026-01-01"), "The list (#1)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	f.emu.AddAlias("security-alias@example.org", "security@example.org")
	for i := range 55 {
		if err := f.emu.AddGroup(fmt.Sprintf("a%02d@example.org", i)); err != nil {
			t.Fatal(err)
		}
	}
	clk.set(f.repo.Date().Add(5 * time.Hour))
	for i := range 55 {
		if _, err := f.emu.ByHand(emulator.Change{Event: "ADD_GROUP_MEMBER", Application: "admin", Group: fmt.Sprintf("a%02d@example.org", i), Actor: "it-admin@example.org", Member: "x@example.net"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.emu.ByHand(emulator.Change{Event: "ADD_GROUP_MEMBER", Application: "admin", Group: "security@example.org", Actor: "it-admin@example.org", Member: "eve@example.net"}); err != nil {
		t.Fatal(err)
	}
	var gets, lists atomic.Int64
	live := f.live()
	live.Endpoint = answeringGoogle(t, f, func(w http.ResponseWriter, r *http.Request) bool {
		switch {
		case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/admin/directory/v1/groups"):
			lists.Add(1)
		case r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/admin/directory/v1/groups/") && !strings.Contains(r.URL.Path, "/members"):
			gets.Add(1)
		}
		return false
	})
	err := clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: live, Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 2 * time.Hour}, NoAttribution: true})
	out := f.stdout.String() + f.stderr.String()
	if got := fmt.Sprint(f.group("security@example.org")); strings.Contains(got, "eve@") {
		t.Errorf("the hourly run left eve on the group (%v): %s\n%s", err, got, out)
	}
	if lists.Load() == 0 || gets.Load() > 5 {
		t.Errorf("%d groups.list and %d groups.get calls: want the groups listed, not looked up one by one\n%s", lists.Load(), gets.Load(), out)
	}
}

// TestAnIncrementalRunMakesTheWorkingCopysRemoval: the working copy,
// edited since the last commit, takes m01 off l1. The incremental run
// reads l1 (changed in the working copy) and makes the removal: newer
// than any window, it is no removal pending from before it, whenever
// roster last wrote to the group.
func TestAnIncrementalRunMakesTheWorkingCopysRemoval(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, `unmanaged = "report"`, `unmanaged = "remove"`, 1) + "\n[lists.l1]\naddress = \"l1@example.org\"\npolicy = \"p\"\n"
	file := func(m01 string) string {
		return strings.ReplaceAll(hdr+person("ada@example.org", `reports = "owner", l1 = "owner"`)+person("grace@example.org", `reports = "member", l1 = "member"`)+person("m01@example.org", m01), "2026-06-01", "2026-01-01")
	}
	f, clk := newClockedRepoFixture(t)
	clk.set(f.repo.Date())
	f.repo.Commit("members.toml", file(`reports = "member", l1 = "member"`), "Lists (#1)")
	for _, g := range []string{"security@example.org", "l1@example.org"} {
		if err := f.emu.AddGroup(g); err != nil {
			t.Fatal(err)
		}
	}
	sync := func(window time.Duration) error {
		return clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: window}, NoAttribution: true})
	}
	clk.set(f.repo.Date().Add(time.Hour))
	if err := sync(0); err != nil {
		t.Fatalf("the first sync: %v\n%s%s", err, f.stdout.String(), f.stderr.String())
	}
	// Five hours on: roster's own adds are older than the window.
	clk.set(f.repo.Date().Add(6 * time.Hour))
	f.write("members.toml", file(`reports = "member"`))
	err := sync(2 * time.Hour)
	if got := fmt.Sprint(f.group("l1@example.org")); strings.Contains(got, "m01@") || err != nil {
		t.Errorf("incremental run (%v): l1 is %s\n%s%s", err, got, f.stdout.String(), f.stderr.String())
	}
}

// TestIncrementalRunOfEveryListReadsNoGroupLogForPeopleNewInTheWindow:
// as above, with the commit putting the newcomer on every list, so the
// window selects them all: the domain's log for the window, read
// already, still answers for them, and no group's log is read (s29
// auditlog finding 1: one vetter added to 10,000 lists cost 40,000
// reads).
func TestIncrementalRunOfEveryListReadsNoGroupLogForPeopleNewInTheWindow(t *testing.T) {
	hdr := header + "\n[lists.l1]\naddress = \"l1@example.org\"\npolicy = \"p\"\n"
	early := func(s string) string { return strings.ReplaceAll(s, "2026-06-01", "2026-01-01") }
	owners := person("ada@example.org", `reports = "owner", l1 = "owner"`) + person("grace@example.org", `reports = "owner", l1 = "owner"`)
	f, clk := newClockedRepoFixture(t)
	clk.set(f.repo.Date().Add(-72 * time.Hour))
	f.repo.Commit("members.toml", early(hdr+owners), "Lists (#1)")
	for _, g := range []string{"security@example.org", "l1@example.org"} {
		if err := f.emu.AddGroup(g, emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org", Role: "OWNER"}); err != nil {
			t.Fatal(err)
		}
	}
	f.repo.Commit("members.toml", early(hdr+owners+person("newbie@example.org", `reports = "member", l1 = "member"`)), "Add newbie (#2)")
	clk.set(f.repo.Date().Add(time.Hour))
	var logReads atomic.Int64
	live := f.live()
	live.Endpoint = answeringGoogle(t, f, func(w http.ResponseWriter, r *http.Request) bool {
		if strings.Contains(r.URL.Path, "/activity/") {
			logReads.Add(1)
		}
		return false
	})
	err := clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: live, Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 2 * time.Hour}})
	if got := fmt.Sprint(f.group("security@example.org")); err != nil || !strings.Contains(got, "newbie@") || !strings.Contains(f.stderr.String(), "2 lists of 2 changed") {
		t.Fatalf("the hourly run (%v): reports is %s\n%s%s", err, got, f.stdout.String(), f.stderr.String())
	}
	if n := logReads.Load(); n != 3 {
		t.Errorf("%d reads of the audit log, want the 3 domain-wide ones\n%s", n, f.stderr.String())
	}
}

// TestIncrementalRunReadsTheThreeLogsAtOnce: the domain's three audit
// logs are asked for the window side by side, so that one that stalls
// or is refused costs the hourly run its retry budget once, not once
// for each log after it (s29-auditlog finding 2).
func TestIncrementalRunReadsTheThreeLogsAtOnce(t *testing.T) {
	f, clk := newClockedRepoFixture(t)
	clk.set(f.repo.Date().Add(-72 * time.Hour))
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "Lists (#1)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	var inFlight, most atomic.Int64
	live := f.live()
	live.Endpoint = answeringGoogle(t, f, func(w http.ResponseWriter, r *http.Request) bool {
		if q := r.URL.Query(); strings.Contains(r.URL.Path, "/activity/") && !q.Has("filters") && !q.Has("eventName") { // the domain's logs
			n := inFlight.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(300 * time.Millisecond) // long enough for the others to arrive, if they are sent
			inFlight.Add(-1)
		}
		return false
	})
	err := clk.ws(f).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Live: live, ChangedSince: workspace.Window{Length: 2 * time.Hour}})
	if code := workspace.Code(err); code == workspace.ExitFailed {
		t.Fatalf("plan: %v\n%s", err, f.stderr.String())
	}
	if n := most.Load(); n != 3 {
		t.Errorf("at most %d reads of the audit log at once, want the 3 logs side by side", n)
	}
}

// TestIncrementalRunSaysAWalkInMayBeTooNewForTheLog: a walk-in joins a
// list minutes before an hourly run that reads it (a commit in the
// window touched it), too lately for Google's log (its delay): the run
// cannot tell them from a removal a full run held, holds the removal,
// and says both; a later hourly run, once the log has the join, removes
// them (s31-scale).
func TestIncrementalRunSaysAWalkInMayBeTooNewForTheLog(t *testing.T) {
	// Two lists: the run reads one.
	hdr := strings.Replace(header, `unmanaged = "report"`, `unmanaged = "remove"`, 1) + "\n[lists.l1]\naddress = \"l1@example.org\"\npolicy = \"p\"\n"
	day := func(s string) string { return strings.ReplaceAll(s, "2026-06-01", "2026-01-01") }
	f, clk := newClockedRepoFixtureWith(t, emulator.Options{LogDelay: map[string]time.Duration{"groups": 30 * time.Minute}})
	clk.set(f.repo.Date().Add(-time.Hour))
	f.repo.Commit("members.toml", day(hdr+person("ada@example.org", `reports = "owner", l1 = "owner"`)+person("grace@example.org", `reports = "member"`)), "The lists (#1)")
	adaOwns(t, f, map[string][]string{"security@example.org": {"ada", "grace"}, "l1@example.org": {"ada"}})
	f.repo.Tick()
	f.repo.Commit("members.toml", day(hdr+person("ada@example.org", `reports = "owner", l1 = "owner"`)+person("grace@example.org", `reports = "member"`)+person("bob@example.org", `reports = "member"`)), "Bob (#2)")
	clk.set(f.repo.Date().Add(5 * time.Minute))
	if _, err := f.emu.ByHand(emulator.Change{Event: "join", Group: "security@example.org", Actor: "walkin@example.org"}); err != nil {
		t.Fatal(err)
	}
	clk.set(clk.now().Add(5 * time.Minute))
	sync := func() error {
		return clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 2 * time.Hour}})
	}
	_ = sync()
	out := f.stdout.String() + f.stderr.String()
	if got := fmt.Sprint(f.group("security@example.org")); !strings.Contains(got, "walkin@") || !strings.Contains(got, "bob@") ||
		!strings.Contains(out, "within the log's delay (up to 30 minutes), not logged yet; a later hourly run whose window covers the add makes it once Google logs it") ||
		strings.Contains(out, "pending since before the --changed-since window;") {
		t.Errorf("the first hourly run: security is %s\n%s", got, out)
	}
	f.stdout.Reset()
	f.stderr.Reset()
	clk.set(clk.now().Add(time.Hour))
	if err := sync(); err != nil || strings.Contains(fmt.Sprint(f.group("security@example.org")), "walkin@") {
		t.Errorf("the next hourly run, the join logged: %v; security is %v\n%s%s", err, f.group("security@example.org"), f.stdout.String(), f.stderr.String())
	}
}
