package workspace_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/internal/shell"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/pullrequest/githubtest"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// settingsHeader is header with a policy that pins settings, and a list
// that sync creates when its group is missing.
const createHeader = `schema = 1

[lists.reports]
address = "security@example.org"
create = true
policy = "p"

[policies.p]
min_owners = 1
vetting_methods = ["video-call"]
vetted_by = "member"
unmanaged = "remove"
who_can_join = "INVITED_CAN_JOIN"
who_can_view_group = "ALL_MEMBERS_CAN_VIEW"
who_can_post_message = "ANYONE_CAN_POST"
`

// TestCreateGroupSettingsFirst: a list with create = true whose group is
// missing is planned as created, and sync creates it, pins its settings
// (retrying the 404 Google gives a new group) and only then adds anyone,
// through the real Google client.
func TestCreateGroupSettingsFirst(t *testing.T) {
	f := newFixture(t, "")
	f.write("members.toml", createHeader+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`))
	f.emu.SetCreateLag(300 * time.Millisecond)
	err := f.ws(workspace.Context{}).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text, Live: f.live(), Guards: plan.DefaultGuards()})
	if workspace.Code(err) != workspace.ExitChanges || !strings.Contains(f.stdout.String(), "sync will create it, pin its settings") {
		t.Fatalf("plan: exit %d\n%s%s", workspace.Code(err), f.stdout.String(), f.stderr.String())
	}
	err = f.ws(workspace.Context{}).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards()})
	if err != nil {
		t.Fatalf("sync: %v\n%s%s", err, f.stdout.String(), f.stderr.String())
	}
	// The tries that waited for the new group are no failure to log.
	if strings.Contains(f.stderr.String(), "FAILED") || strings.Count(f.stderr.String(), "settings (") != 1 {
		t.Errorf("sync logged the settings' waiting as failures:\n%s", f.stderr.String())
	}
	var order []string
	for _, w := range f.emu.Journal() {
		order = append(order, w.Method)
	}
	if len(order) < 4 || order[0] != "groups.insert" || !strings.HasPrefix(order[1], "settings.") || order[2] != "members.insert" {
		t.Errorf("writes in this order: %v; want the group, its settings, then members", order)
	}
	st := f.emu.State()
	for _, g := range st.Groups {
		if g.Email == "security@example.org" && (g.Settings["whoCanJoin"] != "INVITED_CAN_JOIN" || g.Settings["whoCanViewGroup"] != "ALL_MEMBERS_CAN_VIEW") {
			t.Errorf("settings of the new group: %v", g.Settings)
		}
	}
	if got := f.group("security@example.org"); fmt.Sprint(got) != "[ada@example.org OWNER grace@example.org MEMBER]" {
		t.Errorf("members: %v", got)
	}
	err = f.ws(workspace.Context{}).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text, Live: f.live(), Guards: plan.DefaultGuards()})
	if err != nil {
		t.Errorf("not converged: %v\n%s", err, f.stdout.String())
	}
}

// TestCreateGroupWithNoSettingsWaitsForIt: a list created with no
// setting to pin (which would have waited for the new group) waits for
// Google to find the group before it adds anyone: the additions made
// while it answers "not found" would all fail.
func TestCreateGroupWithNoSettingsWaitsForIt(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	hdr := strings.NewReplacer("who_can_join = \"INVITED_CAN_JOIN\"\n", "", "who_can_view_group = \"ALL_MEMBERS_CAN_VIEW\"\n", "", "who_can_post_message = \"ANYONE_CAN_POST\"\n", "").Replace(createHeader)
	f.write("members.toml", hdr+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`))
	f.emu.SetCreateLag(700 * time.Millisecond)
	r := f.doSync(workspace.SyncOptions{})
	if strings.Contains(r.stderr, "FAILED") || fmt.Sprint(f.group("security@example.org")) != "[ada@example.org OWNER grace@example.org MEMBER]" {
		t.Errorf("exit %d: %v\n%s%s", r.code, f.group("security@example.org"), r.stdout, r.stderr)
	}
}

// TestCreateGroupWhoseAnswerWasLost: groups.insert creates the group but
// its answer is lost (a 503), the retry is told the address is taken,
// and Google does not find the new group yet: the run waits for its own
// group, pins it and adds everyone, rather than deny the group exists.
func TestCreateGroupWhoseAnswerWasLost(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", createHeader+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`))
	f.emu.SetCreateLag(1200 * time.Millisecond)
	var mu sync.Mutex
	lost := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/admin/directory/v1/groups") {
			mu.Lock()
			first := !lost
			lost = true
			mu.Unlock()
			if first {
				f.emu.ServeHTTP(httptest.NewRecorder(), r)
				http.Error(w, `{"error":{"code":503,"message":"backend error"}}`, http.StatusServiceUnavailable)
				return
			}
		}
		f.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	lo := f.live()
	lo.Endpoint = srv.URL + "/"
	r := f.doSync(workspace.SyncOptions{Live: lo})
	if r.code != 0 || !lost || fmt.Sprint(f.group("security@example.org")) != "[ada@example.org OWNER grace@example.org MEMBER]" {
		t.Errorf("exit %d (answer lost: %v): %v\n%s%s", r.code, lost, f.group("security@example.org"), r.stdout, r.stderr)
	}
}

// TestPullRequestPlanReadsOnlyWhatTheBaseHad: the plan of a pull
// request never reads a group the change names anew (a new list, an
// address changed), and never reads settings.
func TestPullRequestPlanReadsOnlyWhatTheBaseHad(t *testing.T) {
	base := strings.Replace(header, "[policies.p]", "[policies.p]\nwho_can_join = \"INVITED_CAN_JOIN\"", 1) + person("ada@example.org", `reports = "owner"`)
	for _, rt := range []struct{ name, head, secret string }{
		// With an owner: a new list whose policy fails is left out as
		// any such list is, and says nothing of its group either.
		{"a new list names another group", strings.Replace(base, `reports = "owner"`, `reports = "owner", exec = "owner"`, 1) + "\n[lists.exec]\naddress = \"exec@example.org\"\npolicy = \"p\"\n", "exec@example.org"},
		{"a list's address changes", strings.Replace(base, `address = "security@example.org"`, `address = "exec@example.org"`, 1), "exec@example.org"},
	} {
		t.Run(rt.name, func(t *testing.T) {
			f := newRepoFixture(t)
			f.repo.Commit("members.toml", base, "Base (#1)")
			f.repo.Commit("members.toml", rt.head, "The change (#2)")
			if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
				t.Fatal(err)
			}
			if err := f.emu.AddGroup("exec@example.org", emulator.Member{Email: "ceo@example.org", Role: "OWNER"}); err != nil {
				t.Fatal(err)
			}
			f.emu.ResetCounters()
			err := f.ws(workspace.Context{}).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml", Rev: "HEAD"}, Base: "HEAD~1",
				Format: report.Markdown, Live: f.live(), Guards: plan.DefaultGuards(), NoAttribution: true})
			if code := workspace.Code(err); code == workspace.ExitFailed {
				t.Fatalf("plan: %v\n%s", err, f.stderr.String())
			}
			if strings.Contains(f.stdout.String(), "ceo@") {
				t.Errorf("the plan printed the members of a group the pull request names:\n%s", f.stdout.String())
			}
			if c := f.emu.Counters(); c["settings.get"] != 0 {
				t.Errorf("the pull-request plan read settings: %v", c)
			}
			if !strings.Contains(f.stderr.String(), "not read") {
				t.Errorf("it does not say which list it did not read:\n%s", f.stderr.String())
			}
		})
	}
}

// TestPullRequestPlanReadsNoNewSnapshot: a pull request that points a
// list at another export (a CSV it added, or any file of the checkout)
// is not planned from it before it is approved, as a changed provider
// is not.
func TestPullRequestPlanReadsNoNewSnapshot(t *testing.T) {
	csvList := func(snapshot string) string {
		return strings.Replace(header, `address = "security@example.org"`, `address = "security@example.org"`+"\nprovider = \"csv\"\nsnapshot = \""+snapshot+"\"", 1) +
			person("ada@example.org", `reports = "owner"`)
	}
	f := newRepoFixture(t)
	f.write("reports.csv", "Email address,Nickname,Group status\nada@example.org,,owner\n")
	f.write("other.csv", "Email address,Nickname,Group status\nceo@example.org,,owner\n")
	f.repo.Commit("members.toml", csvList("reports.csv"), "Base (#1)")
	f.repo.Commit("members.toml", csvList("other.csv"), "The change (#2)")
	err := f.ws(workspace.Context{}).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml", Rev: "HEAD"}, Base: "HEAD~1",
		Format: report.Markdown, Live: f.live(), Guards: plan.DefaultGuards(), NoAttribution: true})
	if code := workspace.Code(err); code == workspace.ExitFailed {
		t.Fatalf("plan: %v\n%s", err, f.stderr.String())
	}
	if strings.Contains(f.stdout.String(), "ceo") || !strings.Contains(f.stderr.String(), "another snapshot") {
		t.Errorf("the plan read the snapshot the pull request names:\n%s%s", f.stdout.String(), f.stderr.String())
	}
}

// TestIncrementalRunReadsWhatChanged: with --changed-since, sync reads
// the groups Google's audit log or git says changed in the window, and
// only those; a hand change of any kind in the window is caught.
func TestIncrementalRunReadsWhatChanged(t *testing.T) {
	var b strings.Builder
	b.WriteString(strings.Replace(header, `unmanaged = "report"`, `unmanaged = "remove"`, 1))
	b.WriteString(person("ada@example.org", `reports = "owner", l1 = "owner", l2 = "owner", l3 = "owner"`))
	b.WriteString(person("grace@example.org", `reports = "member", l1 = "member", l2 = "member", l3 = "member"`))
	for _, l := range []string{"l1", "l2", "l3"} {
		fmt.Fprintf(&b, "\n[lists.%s]\naddress = \"%s@example.org\"\npolicy = \"p\"\n", l, l)
	}
	// The repository's commits are dated in March.
	file := strings.ReplaceAll(b.String(), "2026-06-01", "2026-01-01")
	for _, by := range []struct {
		name   string
		change emulator.Change
		reads  int64 // members.list: a removal reads the group again first
	}{
		{"an owner adds someone in the Groups UI", emulator.Change{Event: "add_user", Group: "l2@example.org", Actor: "ada@example.org", Member: "walkin@example.org"}, 2},
		{"someone joins", emulator.Change{Event: "join", Group: "l2@example.org", Actor: "walkin@example.org"}, 2},
		{"someone joins by mail", emulator.Change{Event: "join_via_mail", Group: "l2@example.org", Actor: "walkin@example.org"}, 2},
		{"a moderator bans a member", emulator.Change{Event: "ban_user_with_moderation", Group: "l2@example.org", Actor: "ada@example.org", Member: "grace@example.org"}, 1},
		{"a member unsubscribes by mail", emulator.Change{Event: "unsubscribe_via_mail", Group: "l2@example.org", Actor: "grace@example.org"}, 1},
		{"an admin adds someone", emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: "l2@example.org", Actor: "root@example.org", Member: "walkin@example.org"}, 2},
		// Logged with the group's id, not its address: one groups.get
		// names it.
		{"someone adds a member through Cloud Identity", emulator.Change{Application: "groups_enterprise", Event: "add_member", Group: "l2@example.org", Actor: "cloud@example.org", Member: "walkin@example.org"}, 2},
	} {
		t.Run(by.name, func(t *testing.T) {
			f, clk := newClockedRepoFixture(t)
			clk.set(f.repo.Date().Add(-time.Hour))
			f.repo.Commit("members.toml", file, "Lists (#1)")
			for _, g := range []string{"security", "l1", "l2", "l3"} {
				if err := f.emu.AddGroup(g+"@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"}); err != nil {
					t.Fatal(err)
				}
			}
			// The groups were set up, and the file committed, a day ago.
			clk.set(f.repo.Date().Add(24 * time.Hour))
			sync := func() error {
				return clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 2 * time.Hour}, NoAttribution: true})
			}
			// Nothing changed: no group is read.
			f.emu.ResetCounters()
			if err := sync(); err != nil {
				t.Fatalf("no-op: %v\n%s", err, f.stderr.String())
			}
			if n := f.emu.Counters()["members.list"]; n != 0 {
				t.Errorf("a no-op read %d groups\n%s", n, f.stderr.String())
			}
			// A hand change to l2: only l2 is read, and it is reverted.
			if _, err := f.emu.ByHand(by.change); err != nil {
				t.Fatal(err)
			}
			f.emu.ResetCounters()
			if err := sync(); err != nil {
				t.Fatalf("after the hand change: %v\n%s%s", err, f.stdout.String(), f.stderr.String())
			}
			// l2 read once for the plan, and once more right before a
			// removal (the group is read again before any removal).
			if n := f.emu.Counters()["members.list"]; n != by.reads {
				t.Errorf("%d members.list calls for one hand change, want %d: %v", n, by.reads, f.emu.Counters())
			}
			if got := f.group("l2@example.org"); fmt.Sprint(got) != "[ada@example.org OWNER grace@example.org MEMBER]" {
				t.Errorf("the hand change was not reverted: %v", got)
			}
			// A day later, a change in git an hour ago (a commit lands a
			// day after the last): only that list is read.
			f.repo.Tick()
			clk.set(f.repo.Date().AddDate(0, 0, 1).Add(time.Hour))
			f.repo.Commit("members.toml", file+strings.ReplaceAll(person("lin@example.org", `l3 = "member"`), "2026-06-01", "2026-01-01"), "Add lin to l3 (#2)")
			f.emu.ResetCounters()
			if err := sync(); err != nil {
				t.Fatalf("after a commit: %v\n%s", err, f.stderr.String())
			}
			if n := f.emu.Counters()["members.list"]; n != 1 {
				t.Errorf("read %d groups for one changed list", n)
			}
		})
	}
}

// reminderFixture is a fixture whose members.toml (file) has ada's
// record by grace lapsing on 2026-12-18, and a stand-in GitHub API. It
// is a git repository (the file written, not committed): a reminder
// issue is keyed by the file's path in one.
func reminderFixture(t *testing.T) (*fixture, *githubtest.Server, *httptest.Server, string) {
	t.Helper()
	gh := githubtest.New(t)
	srv := httptest.NewServer(gh)
	t.Cleanup(srv.Close)
	f := newRepoFixture(t)
	f.vars = map[string]string{}
	hdr := strings.Replace(header, `vetting_methods = ["video-call"]`, "vetting_methods = [\"video-call\"]\nvetting_valid_for = \"200d\"", 1)
	file := hdr + "\n[[member]]\nemail = \"ada@example.org\"\ngithub = \"ada-x\"\nlists = { reports = \"owner\" }\nvetting = [{ by = \"grace-x\", on = 2026-06-01, method = \"video-call\" }]\n" +
		"\n[[member]]\nemail = \"grace@example.org\"\ngithub = \"grace-x\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada-x\", on = 2026-11-01, method = \"video-call\" }]\n"
	f.write("members.toml", file)
	return f, gh, srv, file
}

// TestReminderIssue: audit --github-issue opens one issue of roster's own
// naming each vetter whose records lapse, edits it as that changes, and
// closes it when nothing is due; an issue by someone else with the marker
// is never touched.
func TestReminderIssue(t *testing.T) {
	f, gh, srv, file := reminderFixture(t)
	gh.Issue(1, "mallory", "roster: vetting to renew", report.ReminderMarker+"\nplanted", "open", []string{"roster"}, false)
	g := workspace.GitHubOptions{API: srv.URL, Repo: "o/r", Token: githubtest.Token, Login: githubtest.Self}
	audit := func() error {
		return f.ws(workspace.Context{}).Audit(ctx, workspace.AuditOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text, At: today, Upcoming: 30 * 24 * time.Hour, Issue: &g})
	}
	// Without a token, or a repository, nothing is printed before the
	// refusal names both.
	for _, missing := range []workspace.GitHubOptions{{API: srv.URL, Login: githubtest.Self}, {API: srv.URL, Repo: "o/r"}} {
		f.stdout.Reset()
		f.stderr.Reset()
		r := f.outcome(f.ws(workspace.Context{}).Audit(ctx, workspace.AuditOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text, At: today, Issue: &missing}))
		if r.code != workspace.ExitFailed || r.stdout != "" || !strings.Contains(r.stderr, "GITHUB_TOKEN") {
			t.Errorf("audit --github-issue with %+v: exit %d\n%s%s", missing, r.code, r.stdout, r.stderr)
		}
	}
	// ada's record (by grace) lapses on 2026-12-18, within 30 days.
	_ = audit()
	var ours []githubtest.Obj
	for _, is := range gh.Issues {
		if fmt.Sprint(is["user"].(githubtest.Obj)["login"]) == githubtest.Self {
			ours = append(ours, is)
		}
	}
	if len(ours) != 1 || !strings.Contains(fmt.Sprint(ours[0]["body"]), "@grace-x") || !strings.Contains(fmt.Sprint(ours[0]["body"]), "ada@example.org") {
		t.Fatalf("want one issue of ours mentioning @grace-x about ada: %v\n%s", ours, f.stderr.String())
	}
	if fmt.Sprint(gh.Issues[0]["body"]) != report.ReminderMarker+"\nplanted" {
		t.Errorf("someone else's issue was edited: %v", gh.Issues[0]["body"])
	}
	// ada is re-vetted: nothing due, the issue is closed.
	f.write("members.toml", strings.Replace(file, `{ by = "grace-x", on = 2026-06-01, method = "video-call" }`, `{ by = "grace-x", on = 2026-06-01, method = "video-call" }, { by = "grace-x", on = 2026-11-20, method = "video-call" }`, 1))
	if err := audit(); err != nil {
		t.Fatalf("audit: %v\n%s", err, f.stderr.String())
	}
	if ours[0]["state"] != "closed" {
		t.Errorf("the issue is %v after nothing is due", ours[0]["state"])
	}
	// grace is made a member of nothing that vets: ada's records stop
	// counting. Due now, and grace cannot re-vet her: the owners are
	// asked, and the issue is open again.
	f.write("members.toml", strings.Replace(file, `lists = { reports = "member" }`, `lists = { }`, 1))
	_ = audit()
	body := ""
	for _, is := range gh.Issues {
		if fmt.Sprint(is["user"].(githubtest.Obj)["login"]) == githubtest.Self && is["state"] == "open" {
			body = fmt.Sprint(is["body"])
		}
	}
	if !strings.Contains(body, "### Owners of reports") || !strings.Contains(body, "re-vet them now") || !strings.Contains(body, "ada@") {
		t.Errorf("the reminder does not ask the owners to re-vet ada, whose vetter left:\n%s", body)
	}
}

// TestReminderIssuePerFile: two members files of one repository keep an
// issue each (the default file the one roster always kept), each naming
// its file and the audit command that keeps it, with --file: neither
// rewrites the other's.
func TestReminderIssuePerFile(t *testing.T) {
	f, gh, srv, file := reminderFixture(t)
	f.write("sub/lists.toml", strings.ReplaceAll(file, "grace", "gus"))
	g := workspace.GitHubOptions{API: srv.URL, Repo: "o/r", Token: githubtest.Token, Login: githubtest.Self}
	// The same files, written otherwise on another run: still one issue each.
	for _, path := range []string{"./members.toml", "sub/../sub/lists.toml", "members.toml", "sub/lists.toml", "members.toml"} {
		hint := workspace.Context{}
		if path != "members.toml" {
			hint.File = path
		}
		_ = f.ws(hint).Audit(ctx, workspace.AuditOptions{Source: workspace.Source{Path: path}, Format: report.Text, At: today, Upcoming: 30 * 24 * time.Hour, Issue: &g})
	}
	if len(gh.Issues) != 2 {
		t.Fatalf("%d issues, want one per file: %v", len(gh.Issues), gh.Issues)
	}
	for _, is := range gh.Issues {
		body := fmt.Sprint(is["body"])
		switch {
		case strings.Contains(body, "@grace-x"):
			if !strings.HasPrefix(body, report.ReminderMarker) || strings.Contains(body, "sub/lists.toml") {
				t.Errorf("members.toml's issue:\n%s", body)
			}
		case strings.Contains(body, "@gus-x"):
			if !strings.Contains(body, "as `sub/lists.toml` stands") || !strings.Contains(body, "roster audit --file sub/lists.toml --github-issue") || strings.Contains(body, "@grace-x") {
				t.Errorf("sub/lists.toml's issue:\n%s", body)
			}
		default:
			t.Errorf("an issue of neither file:\n%s", body)
		}
	}
}

// clock is a settable clock shared by an emulated domain and the use
// cases, for tests of time windows.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// ws is the fixture's workspace on this clock.
func (c *clock) ws(f *fixture) *workspace.Workspace {
	f.stdout.Reset()
	f.stderr.Reset()
	return workspace.New(workspace.Env{Stdout: &f.stdout, Stderr: &f.stderr, Now: c.now, Getenv: func(string) string { return "" }, Workdir: f.dir, UserAgent: "roster/test"})
}

// newClockedRepoFixture is newRepoFixture whose domain keeps time by a
// clock the test sets.
func newClockedRepoFixture(t *testing.T) (*fixture, *clock) {
	t.Helper()
	return newClockedRepoFixtureWith(t, emulator.Options{})
}

// newClockedRepoFixtureWith is newClockedRepoFixture of a domain started
// with opts (its clock the fixture's).
func newClockedRepoFixtureWith(t *testing.T, opts emulator.Options) (*fixture, *clock) {
	t.Helper()
	clk := &clock{t: today}
	f := newRepoFixture(t)
	opts.Now = clk.now
	emu, err := emulator.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	f.emu, f.url = emu, srv.URL+"/"
	return f, clk
}

// TestCreateGroupAtATakenAddress: when Google answers that a list's
// address is taken and no group answers at it (a user's alias holds
// it), sync says so and adds no one, rather than claiming a group it
// created and retrying its settings.
func TestCreateGroupAtATakenAddress(t *testing.T) {
	f := newFixture(t, "")
	f.write("members.toml", createHeader+person("ada@example.org", `reports = "owner"`))
	f.emu.AddAlias("security@example.org", "someone@example.org")
	err := f.ws(workspace.Context{}).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text})
	out := f.stdout.String() + f.stderr.String()
	// The group and its planned member count as not made.
	if workspace.Code(err) != workspace.ExitFailed || !strings.Contains(out, "holds the address") || strings.Contains(out, "group created") || !strings.Contains(out, "Applied 0 of 2 changes (0 groups created, ") {
		t.Errorf("sync: exit %d\n%s", workspace.Code(err), out)
	}
	for _, w := range f.emu.Journal() {
		if w.Method != "groups.insert" {
			t.Errorf("wrote %s after the address was found taken", w.Method)
		}
	}
}

// TestOneHistoryWalkPerRun: an incremental sync that finds a hand change
// asks git's history three things (what changed in the window, whom the
// file managed, whether a write agreed with the file then) and walks
// the file's history once for all three. git is wrapped to count its
// walks; the test sets PATH, so it cannot run in parallel.
func TestOneHistoryWalkPerRun(t *testing.T) {
	real, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git")
	}
	bin := t.TempDir()
	calls := filepath.Join(bin, "calls")
	wrapper := "#!/bin/sh\nprintf '%s\\n' \"$*\" >> " + shell.Quote(calls) + "\nexec " + shell.Quote(real) + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	f, clk := newClockedRepoFixture(t)
	clk.set(f.repo.Date().Add(-time.Hour))
	f.repo.Commit("members.toml", strings.ReplaceAll(header+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`), "2026-06-01", "2026-01-01"), "The list (#1)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"}); err != nil {
		t.Fatal(err)
	}
	clk.set(f.repo.Date().Add(24 * time.Hour))
	if _, err := f.emu.ByHand(emulator.Change{Event: "add_user", Group: "security@example.org", Actor: "ada@example.org", Member: "walkin@example.org"}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	err = clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 2 * time.Hour}, Format: report.Text})
	if workspace.Code(err) != workspace.ExitWalkIns {
		t.Fatalf("sync: exit %d, want %d (walkin@ is kept and reported)\n%s%s", workspace.Code(err), workspace.ExitWalkIns, f.stdout.String(), f.stderr.String())
	}
	if !strings.Contains(f.stdout.String(), "walkin@example.org") || !strings.Contains(f.stdout.String(), "ada@example.org") {
		t.Errorf("the hand change is not attributed:\n%s%s", f.stdout.String(), f.stderr.String())
	}
	data, err := os.ReadFile(calls)
	if err != nil {
		t.Fatal(err)
	}
	walks := 0
	for _, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, " log ") && strings.Contains(line, "--follow") {
			walks++
		}
	}
	if walks != 1 {
		t.Errorf("the run walked the file's history %d times, want 1:\n%s", walks, data)
	}
}

// TestIncrementalNoOpSaysWhatItDidNotRead: an incremental plan that read
// no group does not claim the groups match the file: it says how many
// lists it did not read and why, with the window as it was written.
func TestIncrementalNoOpSaysWhatItDidNotRead(t *testing.T) {
	f, clk := newClockedRepoFixture(t)
	clk.set(f.repo.Date().Add(-time.Hour))
	f.repo.Commit("members.toml", strings.ReplaceAll(header+person("ada@example.org", `reports = "owner"`), "2026-06-01", "2026-01-01"), "The list (#1)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	clk.set(f.repo.Date().Add(24 * time.Hour))
	for _, window := range []time.Duration{2 * time.Hour, 90 * time.Minute, 7 * 24 * time.Hour} {
		err := clk.ws(f).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Format: report.Text, ChangedSince: workspace.Window{Length: window}, NoAttribution: true})
		out := f.stdout.String() + f.stderr.String()
		if window == 7*24*time.Hour {
			// A week back reaches the commit: the list is read.
			if err != nil || strings.Contains(out, "not read") || !strings.Contains(out, "--changed-since 7d:") {
				t.Errorf("--changed-since 7d: %v\n%s", err, out)
			}
			continue
		}
		if err != nil || strings.Contains(out, "match members.toml") || !strings.Contains(out, "1 list was not read (reports)") ||
			!strings.Contains(out, "--changed-since "+words.Window(window)+":") || strings.Contains(out, "0m0s") {
			t.Errorf("--changed-since %v: %v\n%s", window, err, out)
		}
	}
	// A window shorter than the log's delay is no interval between
	// runs: it is said (s16-2425 finding 4); one of 90 minutes is not.
	for _, window := range []time.Duration{time.Minute, 90 * time.Minute} {
		f.stderr.Reset()
		_ = clk.ws(f).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Format: report.Text, ChangedSince: workspace.Window{Length: window}, NoAttribution: true})
		if warned := strings.Contains(f.stderr.String(), "is shorter than Google's audit log delay (up to 30 minutes)"); warned != (window < 30*time.Minute) {
			t.Errorf("--changed-since %v: warned %v\n%s", window, warned, f.stderr.String())
		}
	}
	// The window is repeated as it was written, not in another unit.
	for _, written := range []string{"120m", "1w", "3600s"} {
		d := map[string]time.Duration{"120m": 2 * time.Hour, "1w": 7 * 24 * time.Hour, "3600s": time.Hour}[written]
		err := clk.ws(f).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Format: report.Text, ChangedSince: workspace.Window{Length: d, Written: written}, NoAttribution: true})
		if out := f.stdout.String() + f.stderr.String(); !strings.Contains(out, "--changed-since "+written+":") {
			t.Errorf("--changed-since %s: %v, not repeated as written:\n%s", written, err, out)
		}
	}
	// JSON names the list; audit --live says it did not read it.
	err := clk.ws(f).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Format: report.JSON, ChangedSince: workspace.Window{Length: 2 * time.Hour}, NoAttribution: true})
	if err != nil || !strings.Contains(f.stdout.String(), `"not_read": [`) || !strings.Contains(f.stdout.String(), `"reports"`) {
		t.Errorf("plan --format json: %v\n%s", err, f.stdout.String())
	}
	lo := f.live()
	err = clk.ws(f).Audit(ctx, workspace.AuditOptions{Source: workspace.Source{Path: "members.toml"}, Live: &lo, Format: report.Text, At: f.repo.Date().Add(24 * time.Hour), ChangedSince: workspace.Window{Length: 2 * time.Hour}, NoAttribution: true})
	if out := f.stdout.String(); !strings.Contains(out, "reports was not read") || strings.Contains(out, "Nothing to report") {
		t.Errorf("audit --live --changed-since: %v\n%s", err, out)
	}
	// Its JSON marks each list not read, for a script.
	err = clk.ws(f).Audit(ctx, workspace.AuditOptions{Source: workspace.Source{Path: "members.toml"}, Live: &lo, Format: report.JSON, At: f.repo.Date().Add(24 * time.Hour), ChangedSince: workspace.Window{Length: 2 * time.Hour}, NoAttribution: true})
	if out := f.stdout.String(); !regexp.MustCompile(`"id": "reports",[^}]*"not_read": true`).MatchString(out) {
		t.Errorf("audit --live --changed-since --format json: %v\n%s", err, out)
	}
}

// TestOverCapBlocksOnlyTheEntriesOver: a list over its max_members
// blocks the entries that take it over, not every addition: a group
// roster creates still gets its owners, and sync leaves it at its cap.
// Only a cap lowered under the list, with no entry to blame, holds back
// every addition.
func TestOverCapBlocksOnlyTheEntriesOver(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.startDomain(emulator.Options{})
	f.write("members.toml", strings.Replace(createHeader, "min_owners = 1", "min_owners = 1\nmax_members = 2", 1)+
		person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`)+person("lin@example.org", `reports = "member"`))
	r := f.doPlan(workspace.PlanOptions{Format: report.Text})
	if strings.Count(r.stdout, "BLOCKED:") != 1 || !regexp.MustCompile(`lin@example.org.*BLOCKED`).MatchString(r.stdout) {
		t.Errorf("plan: want lin alone blocked:\n%s%s", r.stdout, r.stderr)
	}
	if r := f.doSync(workspace.SyncOptions{}); r.code == workspace.ExitOK {
		t.Errorf("sync of a file over its cap exits 0:\n%s", r.stderr)
	}
	if got := f.group("security@example.org"); fmt.Sprint(got) != "[ada@example.org OWNER grace@example.org MEMBER]" {
		t.Errorf("the created group: %v", got)
	}
}

// TestIncrementalRunReadsListsThatNestAChangedGroup: a hand change to a
// group that is none of the lists' may be to one nested in a list that
// holds groups: an incremental run reads the lists whose policy allows
// groups, and no other.
func TestIncrementalRunReadsListsThatNestAChangedGroup(t *testing.T) {
	f, clk := newClockedRepoFixture(t)
	clk.set(f.repo.Date().Add(-time.Hour))
	file := strings.Replace(header, `unmanaged = "report"`, "unmanaged = \"report\"\nallow_groups = true", 1) +
		"\n[lists.closed]\naddress = \"closed@example.org\"\npolicy = \"q\"\n\n[policies.q]\nmin_owners = 1\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\n" +
		strings.ReplaceAll(person("ada@example.org", `reports = "owner", closed = "owner"`), "2026-06-01", "2026-01-01") +
		"\n[[member]]\nemail = \"inner@example.org\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-01-01, method = \"video-call\" }]\n"
	f.repo.Commit("members.toml", file, "Lists (#1)")
	for _, g := range []string{"inner@example.org", "security@example.org", "closed@example.org"} {
		var ms []emulator.Member
		if g != "inner@example.org" {
			ms = append(ms, emulator.Member{Email: "ada@example.org", Role: "OWNER"})
		}
		if g == "security@example.org" {
			ms = append(ms, emulator.Member{Email: "inner@example.org"})
		}
		if err := f.emu.AddGroup(g, ms...); err != nil {
			t.Fatal(err)
		}
	}
	clk.set(f.repo.Date().Add(24 * time.Hour))
	if _, err := f.emu.ByHand(emulator.Change{Event: "add_user", Group: "inner@example.org", Actor: "root@example.org", Member: "eve@evil.example"}); err != nil {
		t.Fatal(err)
	}
	f.emu.ResetCounters()
	err := clk.ws(f).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Format: report.Text, ChangedSince: workspace.Window{Length: 2 * time.Hour}, NoAttribution: true})
	if err != nil && workspace.Code(err) != workspace.ExitChanges {
		t.Fatal(err)
	}
	out := f.stdout.String() + f.stderr.String()
	if !strings.Contains(out, "list reports: security@example.org") || strings.Contains(out, "list closed:") || !strings.Contains(out, "1 list was not read (closed)") {
		t.Errorf("want reports read and closed not:\n%s", out)
	}
}

// TestNobodyJoinsAGroupItsPolicyCannotClose: a group left open wider
// than its policy (a run created it and was stopped before pinning its
// settings) whose settings cannot be pinned now (Google refuses the
// write) gets nobody new: the run fails, saying why, and the group stays
// empty until its settings hold.
func TestNobodyJoinsAGroupItsPolicyCannotClose(t *testing.T) {
	f := newFixture(t, "")
	f.write("members.toml", createHeader+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`))
	if err := f.emu.AddGroup("security@example.org"); err != nil { // Google's defaults: anyone may ask to join
		t.Fatal(err)
	}
	target, err := url.Parse(f.url)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/groups/v1/groups/") && (r.Method == http.MethodPatch || r.Method == http.MethodPut) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":{"code":400,"message":"Invalid Value","errors":[{"reason":"invalid","message":"Invalid Value"}]}}`)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(refusing.Close)
	lo := f.live()
	lo.Endpoint = refusing.URL
	err = f.ws(workspace.Context{}).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: lo, Guards: plan.DefaultGuards()})
	if workspace.Code(err) != workspace.ExitFailed || !strings.Contains(f.stdout.String()+f.stderr.String(), "could not be pinned") {
		t.Errorf("sync: exit %d (%v)\n%s%s", workspace.Code(err), err, f.stdout.String(), f.stderr.String())
	}
	if got := f.group("security@example.org"); len(got) != 0 {
		t.Errorf("people joined a group open wider than its policy: %v", got)
	}
}

// TestACSVChecklistNeverListsABlockedChange: on a csv list, the plan is
// a checklist a person follows by hand. An addition the policy refuses
// (no vetting record) is shown as BLOCKED, never as a box to tick, and
// sync's error counts only the changes to make; JSON says the same.
func TestACSVChecklistNeverListsABlockedChange(t *testing.T) {
	t.Parallel()
	file := strings.Replace(header, `address = "security@example.org"`, `address = "security@example.org"`+"\nprovider = \"csv\"\nsnapshot = \"reports.csv\"", 1) +
		person("ada@example.org", `reports = "owner"`) + person("bob@example.org", `reports = "member"`) +
		"\n[[member]]\nemail = \"erin@example.org\"\nlists = { reports = \"owner\" }\n"
	f := newRepoFixture(t)
	f.write("reports.csv", "Email address,Nickname,Group status\nada@example.org,,owner\n")
	f.repo.Commit("members.toml", file, "Lists (#1)")
	p := f.doPlan(workspace.PlanOptions{})
	if strings.Contains(p.stdout, "[ ] add erin@example.org") || !strings.Contains(p.stdout, "BLOCKED, do not make: add erin@example.org as owner") ||
		!strings.Contains(p.stdout, "[ ] add bob@example.org as member") {
		t.Errorf("plan exit %d\n%s%s", p.code, p.stdout, p.stderr)
	}
	s := f.doSync(workspace.SyncOptions{})
	if !strings.Contains(s.stdout+s.stderr, "make the 1 change of the checklist (not the 1 BLOCKED one: the policy refuses it)") {
		t.Errorf("sync exit %d\n%s%s", s.code, s.stdout, s.stderr)
	}
}

// TestAGroupIDThatCannotBeLookedUpReadsEveryList: Cloud Identity's log
// names a group by id, and looking it up is refused (no scope for it):
// the incremental run reads every list, saying why, rather than guess
// which group it was.
func TestAGroupIDThatCannotBeLookedUpReadsEveryList(t *testing.T) {
	t.Parallel()
	f, clk := newClockedRepoFixture(t)
	clk.set(f.repo.Date().Add(-time.Hour))
	f.repo.Commit("members.toml", strings.ReplaceAll(header+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`), "2026-06-01", "2026-01-01"), "The list (#1)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"}); err != nil {
		t.Fatal(err)
	}
	if err := f.emu.AddGroup("elsewhere@example.org"); err != nil {
		t.Fatal(err)
	}
	clk.set(f.repo.Date().Add(24 * time.Hour))
	if _, err := f.emu.ByHand(emulator.Change{Application: "groups_enterprise", Event: "add_member", Group: "elsewhere@example.org", Actor: "cloud@example.org", Member: "x@example.org"}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A group looked up by its id (no '@' in it): refused.
		if parts := strings.Split(r.URL.Path, "/groups/"); r.Method == http.MethodGet && len(parts) == 2 && !strings.Contains(parts[1], "/") && !strings.Contains(parts[1], "@") && !strings.Contains(parts[1], "%40") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, `{"error":{"code":403,"message":"Not Authorized to access this resource/api","errors":[{"reason":"forbidden"}]}}`)
			return
		}
		f.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	live := f.live()
	live.Endpoint = srv.URL + "/"
	f.emu.ResetCounters()
	err := clk.ws(f).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text, Live: live, Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 2 * time.Hour}, NoAttribution: true})
	if n := f.emu.Counters()["members.list"]; n == 0 || !strings.Contains(f.stderr.String(), "cannot look up") || !strings.Contains(f.stderr.String(), "reading every list") {
		t.Errorf("%d groups read (%v)\n%s", n, err, f.stderr.String())
	}
}

// TestAnIncrementalRunAddsNoOnePastTheCap: boss was taken off before the
// window (no full run since), dave is added in it: the incremental run
// leaves boss's removal to the full run, so dave's addition, which only
// that removal made room for, waits too.
func TestAnIncrementalRunAddsNoOnePastTheCap(t *testing.T) {
	t.Parallel()
	f, clk := newClockedRepoFixture(t)
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nmax_members = 3", 1) + "\n[lists.l2]\naddress = \"l2@example.org\"\npolicy = \"p\"\n"
	old := func(s string) string { return strings.ReplaceAll(s, "2026-06-01", "2026-01-01") }
	ada := old(strings.Replace(person("ada@example.org", `reports = "owner", l2 = "owner"`), "grace@", "carol@", 1))
	carol := old(person("carol@example.org", `reports = "member", l2 = "member"`))
	boss := old(person("boss@example.org", `reports = "owner"`))
	dave := old(person("dave@example.org", `reports = "member"`))
	clk.set(f.repo.Date().Add(-time.Hour))
	f.repo.Commit("members.toml", hdr+ada+carol+boss, "The lists (#1)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "boss@example.org", Role: "OWNER"}, emulator.Member{Email: "carol@example.org"}); err != nil {
		t.Fatal(err)
	}
	if err := f.emu.AddGroup("l2@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "carol@example.org"}); err != nil {
		t.Fatal(err)
	}
	f.repo.Tick()
	f.repo.Commit("members.toml", hdr+ada+carol, "Boss off (#2)")
	f.repo.Tick()
	f.repo.Commit("members.toml", hdr+ada+carol+dave, "Dave (#3)")
	clk.set(f.repo.Date().Add(10 * time.Minute))
	err := clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 2 * time.Hour}, NoAttribution: true})
	if got := f.group("security@example.org"); len(got) > 3 || slices.Contains(got, "dave@example.org MEMBER") || err == nil {
		t.Errorf("sync --changed-since 2h: %v; the group %v\n%s%s", err, got, f.stdout.String(), f.stderr.String())
	}
}

// TestIncrementalRunWalksUpFromAChangedGroup: a hand change to a group
// no list writes to is followed up through the groups it is in (one
// groups.list with userKey a step): of two lists that may hold groups,
// only the one nesting the changed group, at any depth, is read; a
// change to a group in no list reads neither; one to a group that no
// longer exists, which cannot say where it was, reads both.
func TestIncrementalRunWalksUpFromAChangedGroup(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, changed string
		read          []string
	}{
		{"nested two deep", "inner@example.org", []string{"reports"}},
		{"in no group", "team@example.org", nil},
		{"gone", "gone@example.org", []string{"reports", "other"}},
		{"a list's own group, nested in another list's", "other@example.org", []string{"reports", "other"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, clk := newClockedRepoFixture(t)
			clk.set(f.repo.Date().Add(-time.Hour))
			file := strings.Replace(header, `unmanaged = "report"`, "unmanaged = \"report\"\nallow_groups = true", 1) +
				"\n[lists.other]\naddress = \"other@example.org\"\npolicy = \"p\"\n" +
				strings.ReplaceAll(person("ada@example.org", `reports = "owner", other = "owner"`), "2026-06-01", "2026-01-01") +
				"\n[[member]]\nemail = \"mid@example.org\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-01-01, method = \"video-call\" }]\n"
			f.repo.Commit("members.toml", file, "Lists (#1)")
			for g, ms := range map[string][]emulator.Member{
				"inner@example.org":    nil,
				"team@example.org":     nil,
				"gone@example.org":     nil,
				"mid@example.org":      {{Email: "inner@example.org"}},
				"security@example.org": {{Email: "ada@example.org", Role: "OWNER"}, {Email: "mid@example.org"}, {Email: "other@example.org"}},
				"other@example.org":    {{Email: "ada@example.org", Role: "OWNER"}},
			} {
				if err := f.emu.AddGroup(g, ms...); err != nil {
					t.Fatal(err)
				}
			}
			clk.set(f.repo.Date().Add(24 * time.Hour))
			if _, err := f.emu.ByHand(emulator.Change{Event: "add_user", Group: tc.changed, Actor: "root@example.org", Member: "eve@evil.example"}); err != nil {
				t.Fatal(err)
			}
			if tc.changed == "gone@example.org" {
				if err := f.emu.DeleteGroup(tc.changed); err != nil {
					t.Fatal(err)
				}
			}
			err := clk.ws(f).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Format: report.Text, ChangedSince: workspace.Window{Length: 2 * time.Hour}, NoAttribution: true})
			if err != nil && workspace.Code(err) != workspace.ExitChanges {
				t.Fatal(err)
			}
			out := f.stdout.String() + f.stderr.String()
			for _, id := range []string{"reports", "other"} {
				if read := strings.Contains(out, "list "+id+": "); read != slices.Contains(tc.read, id) {
					t.Errorf("list %s read: %t, want %t\n%s", id, read, !read, out)
				}
			}
		})
	}
}
