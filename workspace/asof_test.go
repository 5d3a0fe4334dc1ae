package workspace_test

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"regexp"
	"time"

	"github.com/roster-dev/roster/report"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/workspace"
)

// TestSiteAsOfADayGoneBy: site --at a past day builds the site as the
// file stood then (its lists, members and roles) from the history that
// had landed by then, each list under the id it has now; with --live it
// is refused, the groups being read as they are now.
func TestSiteAsOfADayGoneBy(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("bob@example.org", `reports = "member"`), "Start")
	then := f.repo.Date()
	announce := "\n[lists.announce]\naddress = \"announce@example.org\"\npolicy = \"p\"\n"
	f.repo.Commit("members.toml", header+announce+person("ada@example.org", `reports = "owner", announce = "owner"`)+person("bob@example.org", `reports = "owner"`)+person("lin@example.org", `announce = "member"`), "Promote bob, add announce (#7)")
	// The list's id changes later: the site names it as it is now.
	renamed := strings.Replace(header, "[lists.reports]", "[lists.security]", 1)
	now := renamed + announce + person("ada@example.org", `security = "owner", announce = "owner"`) + person("bob@example.org", `security = "owner"`) + person("lin@example.org", `announce = "member"`)
	f.repo.Commit("members.toml", now, "Rename reports")
	// A version that does not parse, later: not the site's of then.
	f.repo.Commit("members.toml", now+"\n[[member]\n", "Break it")
	f.repo.Commit("members.toml", now, "Fix it")

	day := then.Truncate(24 * 60 * 60 * 1e9)
	out := filepath.Join(f.t.TempDir(), "site")
	if err := f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: day}); err != nil {
		t.Fatal(err)
	}
	if index, _ := os.ReadFile(filepath.Join(out, "index.html")); strings.Contains(string(index), "not parse") {
		t.Errorf("the site as of %s counts a version that does not parse from later", day.Format("2006-01-02"))
	}
	if _, err := os.Stat(filepath.Join(out, "list-announce.html")); err == nil {
		t.Errorf("the site as of %s has a page for announce, which came later", day.Format("2006-01-02"))
	}
	page, err := os.ReadFile(filepath.Join(out, "list-security.html"))
	if err != nil {
		t.Fatalf("no page for the list under its id now: %v", err)
	}
	text := string(page)
	if strings.Contains(text, "role changed") || strings.Contains(text, "Promote bob") || strings.Contains(text, "#7") {
		t.Errorf("the site as of %s shows a later change:\n%s", day.Format("2006-01-02"), text)
	}
	if !strings.Contains(text, "bob@example.org") || !strings.Contains(text, "joined") {
		t.Errorf("the site as of then lacks bob's joining:\n%s", text)
	}

	// The id the list had then names it, today and as of then, on the
	// auditor's routes as on history's.
	for _, at := range []time.Time{day, todayDate} {
		if r := f.doAudit(false, workspace.AuditOptions{At: at, Lists: []string{"reports"}, Format: report.JSON}); strings.Contains(r.stderr, "no such list") || !strings.Contains(r.stdout, `"security"`) {
			t.Errorf("audit --at %s --list reports (now security): exit %d\n%s%s", at.Format("2006-01-02"), r.code, r.stdout, r.stderr)
		}
	}

	// site --live with --at is refused by the command line
	// (TestFlagRules).
}

// TestAuditAsOfADayGoneBy: audit --at a past day judges the file as it
// stood then: a person added later is not in it, and their record is not
// "dated in the future"; with --live it is refused.
func TestAuditAsOfADayGoneBy(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	early := func(s string) string { return strings.ReplaceAll(s, "2026-06-01", "2026-01-01") }
	start := early(header + person("ada@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "member"`))
	f.repo.Commit("members.toml", start, "Start")
	then := f.repo.Date().Truncate(24 * time.Hour)
	f.repo.Tick()
	later := f.repo.Date().Format("2006-01-02")
	f.repo.Commit("members.toml", start+
		strings.ReplaceAll(person("carol@example.org", `reports = "member"`), "2026-06-01", later), "Add carol")

	r := f.doAudit(false, workspace.AuditOptions{At: then})
	if r.code != 0 || strings.Contains(r.stdout, "carol") || strings.Contains(r.stdout+r.stderr, "future") {
		t.Errorf("audit --at %s: exit %d\n%s%s", then.Format("2006-01-02"), r.code, r.stdout, r.stderr)
	}
	// A day later than carol's record, today's file is judged: carol
	// is on it.
	if r := f.doAudit(false, workspace.AuditOptions{At: todayDate, Format: report.JSON}); r.code != 0 || !strings.Contains(r.stdout, `"members": 3`) {
		t.Errorf("audit today: exit %d\n%s", r.code, r.stdout)
	}
	// audit --live or --github-issue with --at is refused by the
	// command line (TestFlagRules).
}

// TestMessagesNameTheFileAsGiven: a refusal about the members file names
// it as --file gave it (with its directory), says what it was called
// before renames, and does not claim a file with commits on another
// branch, or a repository with none, has "no commits in git".
func TestMessagesNameTheFileAsGiven(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	content := header + person("ada@example.org", `reports = "owner"`)
	f.repo.Commit("a.toml", content, "Start")
	f.repo.Tick()
	f.repo.Git("mv", "a.toml", "members.toml")
	f.repo.Git("commit", "-q", "-m", "Rename")
	f.repo.Tick()
	f.repo.Git("mv", "members.toml", "sub.toml")
	f.repo.Git("commit", "-q", "-m", "Rename again")
	if err := os.MkdirAll(filepath.Join(f.dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	f.repo.Git("mv", "sub.toml", "sub/x.toml")
	f.repo.Git("commit", "-q", "-m", "Into sub")
	branch := f.repo.Git("branch", "--show-current")
	f.repo.Git("checkout", "-q", "-b", "feature")
	f.repo.Git("mv", "sub/x.toml", "lists.toml")
	f.repo.Git("commit", "-q", "-m", "Move on a branch")
	f.repo.Git("checkout", "-q", branch)

	for _, tc := range []struct {
		name string
		got  outcome
		want string
	}{
		{"show --at before the file", f.doShow(workspace.ShowOptions{File: "sub/x.toml", At: "1999-01-01"}), "sub/x.toml did not exist on or before 1999-01-01: its first commit"},
		{"diff before the file", f.doDiff(workspace.DiffOptions{File: "sub/x.toml", From: "1999-01-01", To: "HEAD"}), "sub/x.toml did not exist on or before 1999-01-01"},
		{"a file on another branch only", f.doDiff(workspace.DiffOptions{File: "lists.toml", From: branch, To: "feature"}), "lists.toml did not exist at " + branch + ": no commit of the current branch has it"},
	} {
		if !strings.Contains(tc.got.stderr, tc.want) || strings.Contains(tc.got.stderr, "no commits in git") {
			t.Errorf("%s: exit %d, want %q in\n%s", tc.name, tc.got.code, tc.want, tc.got.stderr)
		}
	}
	if r := f.doShow(workspace.ShowOptions{File: "sub/x.toml", At: "1999-01-01"}); !strings.Contains(r.stderr, "as a.toml") {
		t.Errorf("the first commit's name is not said:\n%s", r.stderr)
	}

	abs := filepath.Join(f.dir, "sub", "x.toml")
	if r := f.doShow(workspace.ShowOptions{File: abs, At: "1999-01-01"}); !strings.Contains(r.stderr, "roster: sub/x.toml did not exist") {
		t.Errorf("show --file %s: %s", abs, r.stderr)
	}
	if r := f.doHistory(workspace.HistoryOptions{File: "nope/members.toml"}); !strings.Contains(r.stderr, "nope does not exist (check --file)") {
		t.Errorf("a --file in no directory:\n%s", r.stderr)
	}

	fresh := newRepoFixture(t)
	fresh.write("members.toml", content)
	if r := fresh.doHistory(workspace.HistoryOptions{}); !strings.Contains(r.stderr, "the repository has no commits yet: commit the members file first") || strings.Contains(r.stderr, ".:") {
		t.Errorf("history in a fresh repository: exit %d\n%s", r.code, r.stderr)
	}
}

// TestDaysAreUTCOnEveryRoute: a commit made at 23:30 -0800 landed on the
// next day in UTC, the zone roster cuts days in: history's JSON, its
// text, and show's header all say so.
func TestDaysAreUTCOnEveryRoute(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	content := header + person("ada@example.org", `reports = "owner"`)
	f.repo.Commit("members.toml", content, "Start")
	f.write("members.toml", content+person("bob@example.org", `reports = "member"`))
	cmd := exec.Command("git", "commit", "-q", "-am", "Add bob")
	cmd.Dir = f.dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE=2026-03-05T23:30:00-08:00", "GIT_COMMITTER_DATE=2026-03-05T23:30:00-08:00")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	if r := f.doHistory(workspace.HistoryOptions{Format: report.JSON}); !strings.Contains(r.stdout, `"2026-03-06T07:30:00Z"`) {
		t.Errorf("history --format json:\n%s", r.stdout)
	}
	if r := f.doHistory(workspace.HistoryOptions{}); !strings.Contains(r.stdout, "2026-03-06") {
		t.Errorf("history:\n%s", r.stdout)
	}
	if r := f.doShow(workspace.ShowOptions{At: "HEAD"}); !strings.Contains(r.stdout+r.stderr, "2026-03-06: Add bob") {
		t.Errorf("show --at HEAD:\n%s%s", r.stdout, r.stderr)
	}
}

// TestPlusTagRespellingIsOnePerson: an entry respelled with a +tag
// (bob@, then bob+lists@: one mailbox, as validate and plan read it)
// stays on the list on every route: history shows no leave and join,
// diff no difference, the site one stay; and the removal plan names is
// the commit that took them off, not the respelling.
func TestPlusTagRespellingIsOnePerson(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	start := header + person("ada@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "member"`)
	f.repo.Commit("members.toml", start+person("bob@example.org", `reports = "member"`), "Add bob")
	if err := f.emu.AddGroup("security@example.org"); err != nil {
		t.Fatal(err)
	}
	if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
		t.Fatalf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	respell := f.repo.Commit("members.toml", start+person("bob+lists@example.org", `reports = "member"`), "Respell bob")
	removal := f.repo.Commit("members.toml", start, "Remove bob")

	h := f.doHistory(workspace.HistoryOptions{Format: report.JSON})
	if strings.Contains(h.stdout, respell) {
		t.Errorf("history has an event in the respelling:\n%s", h.stdout)
	}
	if !strings.Contains(h.stdout, removal) {
		t.Errorf("history lacks the removal:\n%s", h.stdout)
	}
	if r := f.doDiff(workspace.DiffOptions{From: respell + "~1", To: respell, ExitCode: true}); r.code != 0 {
		t.Errorf("diff across the respelling: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	p := f.doPlan(workspace.PlanOptions{})
	if !strings.Contains(p.stdout, "removed in "+removal[:10]) {
		t.Errorf("plan does not name the removal's commit %s:\n%s%s", removal[:10], p.stdout, p.stderr)
	}
	page := f.sitePage("list-reports.html")
	if n := strings.Count(page, ">left<"); n != 1 {
		t.Errorf("the site's timeline has %d leaves, want 1", n)
	}
}

// TestShowAtABranchCommitReadsTheLine: a commit of a branch merged later
// is read as the line stood once it landed (what show --at that day
// says), with a note; a commit never merged is read as it is, with a
// note that it never landed.
func TestShowAtABranchCommitReadsTheLine(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	ada, grace := header+person("ada@example.org", `reports = "owner"`), person("grace@example.org", `reports = "member"`)
	start := ada + grace
	f.repo.Commit("members.toml", start, "Start")
	main := f.repo.Git("branch", "--show-current")
	f.repo.Git("checkout", "-q", "-b", "pr")
	pr := f.repo.Commit("members.toml", ada+person("bob@example.org", `reports = "member"`)+grace, "Add bob")
	f.repo.Git("checkout", "-q", main)
	f.repo.Commit("members.toml", start+person("gina@example.org", `reports = "member"`), "Add gina")
	f.repo.Tick()
	f.repo.Git("merge", "-q", "--no-ff", "pr", "-m", "Merge pr (#7)")
	merge := f.repo.Git("rev-parse", "HEAD")

	r := f.doShow(workspace.ShowOptions{At: pr})
	if !strings.Contains(r.stdout, "gina@example.org") || !strings.Contains(r.stdout, "bob@example.org") || !strings.Contains(r.stderr, "landed with "+merge[:10]) {
		t.Errorf("show --at a merged branch's commit:\n%s%s", r.stdout, r.stderr)
	}
	// Named as asked, with the commit read beside it.
	if j := f.doShow(workspace.ShowOptions{At: pr, Format: report.JSON}); !strings.Contains(j.stdout, `"at": "`+pr+`"`) || !strings.Contains(j.stdout, `"commit": "`+merge+`"`) {
		t.Errorf("show --at a merged branch's commit, JSON:\n%s", j.stdout)
	}
	day := f.doShow(workspace.ShowOptions{At: f.repo.Date().Format("2006-01-02")})
	if strings.Count(day.stdout, "@example.org") != strings.Count(r.stdout, "@example.org") {
		t.Errorf("show --at the commit and --at the day it landed differ:\n%s\n%s", r.stdout, day.stdout)
	}
	// diff names it as asked too, not by the merge's full id
	// (s30-routes finding 4).
	if d := f.doDiff(workspace.DiffOptions{From: pr[:10], To: "HEAD"}); strings.Contains(d.stdout, merge) || !strings.Contains(d.stdout, pr[:10]) {
		t.Errorf("diff of a merged branch's commit:\n%s%s", d.stdout, d.stderr)
	}

	f.repo.Git("checkout", "-q", "-b", "lone")
	lone := f.repo.Commit("members.toml", start+person("mallory@example.org", `reports = "member"`), "Never merged")
	f.repo.Git("checkout", "-q", main)
	if r := f.doShow(workspace.ShowOptions{At: lone}); !strings.Contains(r.stdout, "mallory@example.org") || !strings.Contains(r.stderr, "never landed") {
		t.Errorf("show --at a commit never merged:\n%s%s", r.stdout, r.stderr)
	}
}

// TestAddressChangeIsTwoGroups: a list whose address changes is another
// group's list: diff names each group where both are under one id, and
// --list with the id at a day before says why it names nothing then.
func TestAddressChangeIsTwoGroups(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	content := header + person("ada@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "member"`)
	f.repo.Commit("members.toml", content, "Start")
	before := f.repo.Date().Format("2006-01-02")
	f.repo.Commit("members.toml", strings.Replace(content, "security@example.org", "new-security@example.org", 1), "Move reports to a new group")

	// History says so too: everyone left the old group and joined the
	// new one in that commit; --list reports (the new group now) has
	// only the joins.
	h := f.doHistory(workspace.HistoryOptions{Format: report.CSV})
	if strings.Count(h.stdout, "Move reports to a new group") != 4 || !strings.Contains(h.stdout, "grace@example.org,removed") && !regexp.MustCompile(`grace@example.org,removed`).MatchString(h.stdout) {
		t.Errorf("history across an address change:\n%s%s", h.stdout, h.stderr)
	}
	if h := f.doHistory(workspace.HistoryOptions{Lists: []string{"reports"}, Format: report.CSV}); strings.Count(h.stdout, "Move reports to a new group") != 2 || strings.Contains(h.stdout, "removed") {
		t.Errorf("history --list reports across an address change:\n%s%s", h.stdout, h.stderr)
	}
	// The list's page is the new group's: no one left it.
	if page := f.sitePage("list-reports.html"); strings.Contains(page, ">left<") || strings.Count(page, ">joined<") != 2 {
		t.Errorf("the site's page tells the old group's story:\n%s", page)
	}
	r := f.doDiff(workspace.DiffOptions{From: "HEAD~1", To: "HEAD"})
	if !strings.Contains(r.stdout, "list reports (new-security@example.org):") || !strings.Contains(r.stdout, "list reports (security@example.org):") {
		t.Errorf("diff across an address change:\n%s%s", r.stdout, r.stderr)
	}
	for _, got := range []outcome{
		f.doShow(workspace.ShowOptions{At: before, Lists: []string{"reports"}}),
		f.doAudit(false, workspace.AuditOptions{At: mustDay(t, before), Lists: []string{"reports"}}),
	} {
		if got.code == 0 || !strings.Contains(got.stderr, "reports was security@example.org then, another group") || strings.Contains(got.stderr, "did you mean reports") {
			t.Errorf("--list reports before the address changed: exit %d\n%s", got.code, got.stderr)
		}
	}
}

func mustDay(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestHistoryListTakesAMovedListsOldID: a list that moved into the
// members file from another, under another id, is named by its id there
// too, on history as on show and diff.
func TestHistoryListTakesAMovedListsOldID(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	other := strings.NewReplacer("[lists.reports]", "[lists.adv]", "reports = ", "adv = ").Replace(header + person("ada@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "member"`))
	f.repo.CommitFiles("Start", "members.toml", "schema = 1\n", "other.toml", other)
	f.repo.CommitFiles("Move adv in as reports", "members.toml", header+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`), "other.toml", "schema = 1\n")
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "manager"`), "Grace manages")
	for _, id := range []string{"adv", "reports"} {
		r := f.doHistory(workspace.HistoryOptions{Lists: []string{id}})
		if r.code != 0 || !strings.Contains(r.stdout, "grace@example.org") || !strings.Contains(r.stdout, "Grace manages") {
			t.Errorf("history --list %s: exit %d\n%s%s", id, r.code, r.stdout, r.stderr)
		}
	}
	if r := f.doAudit(false, workspace.AuditOptions{At: todayDate, Lists: []string{"adv"}, Format: report.JSON}); r.code != 0 || !strings.Contains(r.stdout, `"reports"`) {
		t.Errorf("audit --list adv: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := f.doShow(workspace.ShowOptions{At: "HEAD", Lists: []string{"adv"}}); r.code != 0 || !strings.Contains(r.stdout, "grace@example.org") {
		t.Errorf("show --list adv: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := f.doHistory(workspace.HistoryOptions{Lists: []string{"nosuch"}}); r.code == 0 || !strings.Contains(r.stderr, "no such list") {
		t.Errorf("history --list nosuch: exit %d\n%s", r.code, r.stderr)
	}
}

// TestHistoryWindowEndsWhereABranchLanded: --until and --since a commit
// of a branch merged later mean where its merge landed, as show --at and
// diff read it; an id a list had in the file it moved in from names its
// events after the move too.
func TestHistoryWindowEndsWhereABranchLanded(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	ada, grace := header+person("ada@example.org", `reports = "owner"`), person("grace@example.org", `reports = "member"`)
	f.repo.Commit("members.toml", ada+grace, "Start")
	main := f.repo.Git("branch", "--show-current")
	f.repo.Git("checkout", "-q", "-b", "feat")
	b := f.repo.Commit("members.toml", ada+person("bob@example.org", `reports = "member"`)+grace, "Add bob")
	f.repo.Git("checkout", "-q", main)
	f.repo.Commit("members.toml", ada+grace+person("gina@example.org", `reports = "member"`), "Add gina")
	f.repo.Tick()
	f.repo.Git("merge", "-q", "--no-ff", "feat", "-m", "Merge feat (#2)")

	if r := f.doHistory(workspace.HistoryOptions{Until: b, Format: report.CSV}); !strings.Contains(r.stdout, "gina@example.org") || !strings.Contains(r.stdout, "bob@example.org") {
		t.Errorf("history --until a merged branch's commit stops before its merge:\n%s%s", r.stdout, r.stderr)
	}
	if r := f.doHistory(workspace.HistoryOptions{Since: b, Format: report.CSV}); strings.Contains(r.stdout, "gina@example.org") || strings.Contains(r.stdout, "bob@example.org") {
		t.Errorf("history --since a merged branch's commit starts at its fork:\n%s%s", r.stdout, r.stderr)
	}
}

// TestMovedBackListKeepsItsLabel: whoever a list's move back left behind
// left that list, named by its id, even once its address changes later
// (its group then has no list at the end).
func TestMovedBackListKeepsItsLabel(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	ada, grace, erin := header+person("ada@example.org", `reports = "owner"`), person("grace@example.org", `reports = "member"`), person("erin@example.org", `reports = "member"`)
	f.repo.Commit("members.toml", ada+grace+erin, "Start")
	f.repo.CommitFiles("Move out", "members.toml", "schema = 1\n", "other.toml", ada+grace+erin)
	f.repo.CommitFiles("Move back without erin", "members.toml", ada+grace, "other.toml", "schema = 1\n")
	f.repo.Commit("members.toml", strings.Replace(ada+grace, "security@example.org", "new-security@example.org", 1), "New address")
	r := f.doHistory(workspace.HistoryOptions{Format: report.CSV})
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.Contains(line, "erin@example.org") && strings.Contains(line, "removed") && !strings.Contains(line, ",reports,") {
			t.Errorf("erin's removal is not labelled reports: %s\n%s", line, r.stdout)
		}
	}
	if !strings.Contains(r.stdout, "erin@example.org,removed") && !regexp.MustCompile(`reports,erin@example.org,removed`).MatchString(r.stdout) {
		t.Errorf("no removal of erin:\n%s%s", r.stdout, r.stderr)
	}
}

// TestDiffAgainstABranchReadsItAsItIs: "roster diff main" on a branch
// that merged main in compares with main as it is, so the branch's own
// changes from before the merge still show.
func TestDiffAgainstABranchReadsItAsItIs(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	ada, grace := header+person("ada@example.org", `reports = "owner"`), person("grace@example.org", `reports = "member"`)
	f.repo.Commit("members.toml", ada+grace, "Start")
	main := f.repo.Git("branch", "--show-current")
	f.repo.Git("checkout", "-q", "-b", "feature")
	f.repo.Commit("members.toml", ada+person("bob@example.org", `reports = "member"`)+grace, "Add bob")
	f.repo.Git("checkout", "-q", main)
	f.repo.Commit("members.toml", ada+grace+person("carol@example.org", `reports = "member"`), "Add carol")
	f.repo.Git("checkout", "-q", "feature")
	f.repo.Tick()
	f.repo.Git("merge", "-q", "--no-ff", main, "-m", "Update branch")
	f.repo.Commit("members.toml", ada+person("bob@example.org", `reports = "member"`)+person("dave@example.org", `reports = "member"`)+grace+person("carol@example.org", `reports = "member"`), "Add dave")
	r := f.doDiff(workspace.DiffOptions{From: main})
	if !strings.Contains(r.stdout, "bob@example.org") || !strings.Contains(r.stdout, "dave@example.org") || strings.Contains(r.stderr, "landed with") {
		t.Errorf("diff %s on the branch:\n%s%s", main, r.stdout, r.stderr)
	}
}

// TestAuditAsOfAMovedListUsesItsRecords: as of a day before a list moved
// into the members file, its people are judged by the records they had
// in the file it was in, as show reads them; someone in both files is
// not unvetted for want of the other file's record.
func TestAuditAsOfAMovedListUsesItsRecords(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	rec := func(email, lists, by string) string {
		return "\n[[member]]\nemail = \"" + email + "\"\nlists = { " + lists + " }\nvetting = [{ by = \"" + by + "\", on = 2026-01-01, method = \"video-call\" }]\n"
	}
	old := "\n[lists.old]\naddress = \"old@example.org\"\npolicy = \"p\"\n"
	other := strings.Replace(header, "[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n", strings.TrimPrefix(old, "\n"), 1) +
		rec("o@example.org", `old = "owner"`, "m1@example.org") + rec("m1@example.org", `old = "member"`, "o@example.org")
	mine := header + rec("o@example.org", `reports = "owner"`, "o2@example.org") + rec("o2@example.org", `reports = "member"`, "o@example.org")
	f.repo.CommitFiles("Start", "members.toml", mine, "a.toml", other)
	then := f.repo.Date().Truncate(24 * time.Hour)
	f.repo.CommitFiles("Move old in", "members.toml", header+old+
		strings.Replace(rec("o@example.org", `reports = "owner", old = "owner"`, "o2@example.org"), "}]\n", "}, { by = \"m1@example.org\", on = 2026-01-01, method = \"video-call\" }]\n", 1)+
		rec("o2@example.org", `reports = "member"`, "o@example.org")+rec("m1@example.org", `old = "member"`, "o@example.org"), "a.toml", "schema = 1\n")

	if r := f.doAudit(false, workspace.AuditOptions{At: then}); r.code != 0 || strings.Contains(r.stdout, "VIOLATION") {
		t.Errorf("audit --at %s: exit %d\n%s%s", then.Format("2006-01-02"), r.code, r.stdout, r.stderr)
	}
	if r := f.doShow(workspace.ShowOptions{At: then.Format("2006-01-02"), Lists: []string{"old"}}); !strings.Contains(r.stdout, "m1@example.org") {
		t.Errorf("show --at %s --list old:\n%s%s", then.Format("2006-01-02"), r.stdout, r.stderr)
	}
}

// TestAuditAsOfAMovedListPlacesItsFindings: a finding about an entry
// that was only in the file a list moved in from names that file and its
// line, not the members file's line of another entry.
func TestAuditAsOfAMovedListPlacesItsFindings(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	rec := func(email, lists, by, method string) string {
		return "\n[[member]]\nemail = \"" + email + "\"\nlists = { " + lists + " }\nvetting = [{ by = \"" + by + "\", on = 2026-01-01, method = \"" + method + "\" }]\n"
	}
	old := "\n[lists.old]\naddress = \"old@example.org\"\npolicy = \"p\"\n"
	other := strings.Replace(header, "[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n", strings.TrimPrefix(old, "\n"), 1) +
		strings.Replace(rec("o@example.org", `old = "owner"`, "m1@example.org", "video-call"), "2026-01-01", "2026-02-01", 1) + rec("carl@example.org", `old = "member"`, "o@example.org", "phone")
	mine := header + rec("o@example.org", `reports = "owner"`, "o2@example.org", "video-call") + rec("o2@example.org", `reports = "member"`, "o@example.org", "video-call") +
		rec("zed@example.org", `reports = "member"`, "o@example.org", "video-call")
	f.repo.CommitFiles("Start", "members.toml", mine, "a.toml", other)
	then := f.repo.Date().Truncate(24 * time.Hour)
	f.repo.CommitFiles("Move old in", "members.toml", header+old+rec("o@example.org", `reports = "owner", old = "owner"`, "o2@example.org", "video-call")+
		rec("o2@example.org", `reports = "member"`, "o@example.org", "video-call")+rec("zed@example.org", `reports = "member"`, "o@example.org", "video-call"), "a.toml", "schema = 1\n")
	r := f.doAudit(false, workspace.AuditOptions{At: then, Format: report.JSON})
	line := strings.Count(other[:strings.Index(other, "carl@")], "\n") + 3 // the record's line, two below the email
	if !strings.Contains(r.stdout, fmt.Sprintf(`a.toml@`)) || !regexp.MustCompile(fmt.Sprintf(`a\.toml@[0-9a-f]+:%d:`, line)).MatchString(r.stdout) {
		t.Errorf("audit --at %s: the finding about carl does not name a.toml line %d:\n%s%s", then.Format("2006-01-02"), line, r.stdout, r.stderr)
	}
	// o was in both files: the finding about the record the list's
	// file gave them (by m1, who was not on old) names that file too.
	oLine := strings.Count(other[:strings.Index(other, "o@example.org")], "\n") + 3
	if !regexp.MustCompile(fmt.Sprintf(`a\.toml@[0-9a-f]+:%d:\d+: member o@example\.org: vetting by m1@example\.org`, oLine)).MatchString(r.stdout) {
		t.Errorf("audit --at %s: the finding about o's record from a.toml does not name a.toml line %d:\n%s", then.Format("2006-01-02"), oLine, r.stdout)
	}
}

// TestAsOfOutsideGit: outside git, site --at a past day, like audit,
// builds from the file as it is, with a note; a window whose --since is
// after its --until is refused.
func TestAsOfOutsideGit(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`))
	out := filepath.Join(f.t.TempDir(), "site")
	err := f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: mustDay(t, "2026-03-01")})
	if err != nil || !strings.Contains(f.stderr.String(), "no git history") {
		t.Errorf("site --at outside git: %v\n%s", err, f.stderr.String())
	}
}

// TestAddressChainsAreGroups: addresses changed in a chain in one commit
// (l1 takes l2's address, l2 a new one), or onto a list dropped in it,
// are people leaving and joining groups, in history as in diff; a replay
// of history by list id ends as the file is.
func TestAddressChainsAreGroups(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		before, now string
		want        []string // subject's events, as "action list email"
	}{
		{"a chain", pol + list("l1", "a@example.org") + list("l2", "b@example.org") + person("alice@example.org", `l1 = "owner"`) + person("carol@example.org", `l2 = "owner"`),
			pol + list("l1", "b@example.org") + list("l2", "c@example.org") + person("alice@example.org", `l1 = "owner"`) + person("carol@example.org", `l2 = "owner"`),
			[]string{"removed l1 alice@example.org", "added l1 alice@example.org", "removed l1 carol@example.org", "added l2 carol@example.org"}},
		{"onto a list dropped", pol + list("a", "x@example.org") + list("b", "y@example.org") + person("m1@example.org", `a = "owner"`) + person("m2@example.org", `b = "owner"`),
			pol + list("a", "y@example.org") + person("m1@example.org", `a = "owner"`) + person("m2@example.org", `a = "owner"`),
			[]string{"removed a m1@example.org", "added a m1@example.org"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newRepoFixture(t)
			f.repo.Commit("members.toml", tc.before, "Start")
			f.repo.Commit("members.toml", tc.now, "Change")
			r := f.doHistory(workspace.HistoryOptions{Format: report.JSON})
			var events []struct{ Action, List, Email, Subject string }
			if err := json.Unmarshal([]byte(r.stdout), &events); err != nil {
				t.Fatalf("%v\n%s", err, r.stdout)
			}
			var got []string
			for _, e := range events {
				if e.Subject == "Change" {
					got = append(got, e.Action+" "+e.List+" "+e.Email)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("events of the change:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestSiteAsOfKeepsACollidingListsStory: as of a day where list dev
// (dev@) and devs (old-devs@) stood side by side, before dev was renamed
// devs and old-devs dropped, each page tells its own group's story:
// dev@'s under devs, its id now, and old-devs@'s under the id it had,
// with its group ("devs (old-devs@example.org)", a page of its own).
func TestSiteAsOfKeepsACollidingListsStory(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", pol+list("dev", "dev@example.org")+list("devs", "old-devs@example.org")+person("ada@example.org", `dev = "owner"`)+person("bob@example.org", `devs = "owner"`), "Start")
	day := f.repo.Date().Truncate(24 * time.Hour)
	f.repo.Commit("members.toml", pol+list("devs", "dev@example.org")+person("ada@example.org", `devs = "owner"`), "Rename dev, drop old-devs")
	out := filepath.Join(f.t.TempDir(), "site")
	if err := f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: day}); err != nil {
		t.Fatal(err)
	}
	pages, _ := filepath.Glob(filepath.Join(out, "list-devs-*.html"))
	if len(pages) != 1 {
		t.Fatalf("old-devs@'s page: %v", pages)
	}
	for page, who := range map[string]string{filepath.Base(pages[0]): "bob@example.org", "list-devs.html": "ada@example.org"} {
		data, err := os.ReadFile(filepath.Join(out, page))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Count(string(data), ">joined<") != 1 || !strings.Contains(string(data), who) {
			t.Errorf("%s as of %s does not tell %s joining:\n%s", page, day.Format("2006-01-02"), who, data)
		}
	}
}

// TestAuditAsOfAFileMovedSince: audit --at a day the members file was
// where --file names it, though it has moved since, reads it from git,
// as show --at does.
func TestAuditAsOfAFileMovedSince(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	content := strings.ReplaceAll(header+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`), "2026-06-01", "2026-01-01")
	f.repo.Commit("members.toml", content, "Start")
	then := f.repo.Date().Truncate(24 * time.Hour)
	if err := os.MkdirAll(filepath.Join(f.dir, "lists"), 0o755); err != nil {
		t.Fatal(err)
	}
	f.repo.Tick()
	f.repo.Git("mv", "members.toml", "lists/members.toml")
	f.repo.Git("commit", "-q", "-m", "Move the file")
	r := f.doAudit(false, workspace.AuditOptions{At: then, Format: report.JSON})
	if r.code != 0 || !strings.Contains(r.stdout, `"members": 2`) {
		t.Errorf("audit --at %s of a file moved since: exit %d\n%s%s", then.Format("2006-01-02"), r.code, r.stdout, r.stderr)
	}
	if s := f.doShow(workspace.ShowOptions{At: then.Format("2006-01-02")}); !strings.Contains(s.stdout, "grace@example.org") {
		t.Errorf("show --at agrees: %s%s", s.stdout, s.stderr)
	}
}

// TestAuditAsOfADayGoneByWhileTheFileIsMidEdit: a working copy that does
// not parse (an edit half typed) is not the file of a day gone by: audit
// --at reads that day from git, as show --at does.
func TestAuditAsOfADayGoneByWhileTheFileIsMidEdit(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	content := strings.ReplaceAll(header+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`), "2026-06-01", "2026-01-01")
	f.repo.Commit("members.toml", content, "Start")
	then := f.repo.Date().Truncate(24 * time.Hour)
	f.write("members.toml", content+"\n[lists.half-typed\n")
	r := f.doAudit(false, workspace.AuditOptions{At: then, Format: report.JSON})
	if r.code != 0 || !strings.Contains(r.stdout, `"members": 2`) {
		t.Errorf("audit --at %s while the file is mid-edit: exit %d\n%s%s", then.Format("2006-01-02"), r.code, r.stdout, r.stderr)
	}
	// Today is the working copy's business: its error is the answer.
	if r := f.doAudit(false, workspace.AuditOptions{}); r.code != workspace.ExitFailed {
		t.Errorf("audit of today with a file that does not parse: exit %d", r.code)
	}
	// site --at reads that day from git too.
	out := filepath.Join(f.t.TempDir(), "site")
	if err := f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: then}); err != nil {
		t.Errorf("site --at while the file is mid-edit: %v", err)
	} else if page, err := os.ReadFile(filepath.Join(out, "index.html")); err != nil || !strings.Contains(string(page), "reports") {
		t.Errorf("site --at while the file is mid-edit: %v\n%s", err, page)
	}
}

// list is a [lists.ID] table at addr under policy p; pol is the file's
// head with that policy and no list.
func list(id, addr string) string {
	return "\n[lists." + id + "]\naddress = \"" + addr + "\"\npolicy = \"p\"\n"
}

const pol = "schema = 1\n[policies.p]\nvetting_methods = [\"video-call\"]\n"

// TestPublicSiteAsOfADayGoneByHidesLaterAddresses: the public roster as
// of a day gone by hides a field of then that spells an address the
// repository came to hold only later (in a later commit, or in the
// working file): it holds it all the same, and today's public roster
// hides it.
func TestPublicSiteAsOfADayGoneByHidesLaterAddresses(t *testing.T) {
	t.Parallel()
	spelled := strings.Replace(person("ada@example.org", `reports = "owner"`), "\nlists", "\nname = \"dana whitfield \u2234 example \u2234 org\"\nlists", 1)
	for _, route := range []string{"a later commit", "the working file"} {
		t.Run(route, func(t *testing.T) {
			f := newRepoFixture(t)
			f.repo.Commit("members.toml", header+spelled, "Start")
			day := f.repo.Date().Truncate(24 * time.Hour)
			later := header + spelled + person("dana.whitfield@example.org", `reports = "member"`)
			if route == "a later commit" {
				f.repo.Commit("members.toml", later, "Add dana")
			} else {
				f.repo.Commit("members.toml", header+spelled+person("bob@example.org", `reports = "member"`), "Add bob")
				f.write("members.toml", later)
			}
			out := filepath.Join(f.t.TempDir(), "site")
			if err := f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: day, Public: true}); err != nil {
				t.Fatal(err)
			}
			for _, page := range []string{"index.html", "list-reports.html"} {
				data, err := os.ReadFile(filepath.Join(out, page))
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(strings.ToLower(string(data)), "whitfield") {
					t.Errorf("%s as of %s spells dana.whitfield@example.org, which %s holds", page, day.Format("2006-01-02"), route)
				}
			}
		})
	}
}

// TestPublicSiteAsOfADayGoneByHidesAListsLaterAddress: an address a list
// came to have after the day, and has no longer, is in the history all
// the same: a description of then that spells it is hidden.
func TestPublicSiteAsOfADayGoneByHidesAListsLaterAddress(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	described := strings.Replace(header, `policy = "p"`, "policy = \"p\"\ndescription = \"Private reports: write to secret-reports (example.org)\"", 1)
	ada := person("ada@example.org", `reports = "owner"`)
	f.repo.Commit("members.toml", described+ada, "Start")
	day := f.repo.Date().Truncate(24 * time.Hour)
	f.repo.Commit("members.toml", strings.Replace(described, "security@example.org", "secret-reports@example.org", 1)+ada, "Move the list")
	f.repo.Commit("members.toml", strings.Replace(described, "security@example.org", "sec@example.org", 1)+ada, "Move it again")
	out := filepath.Join(f.t.TempDir(), "site")
	if err := f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: day, Public: true}); err != nil {
		t.Fatal(err)
	}
	pages, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range pages {
		data, err := os.ReadFile(filepath.Join(out, page.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "secret-reports") {
			t.Errorf("%s as of %s spells secret-reports@example.org, the list's address after it", page.Name(), day.Format("2006-01-02"))
		}
	}
}

// TestShowSaysARecordDidNotAdmit: an entry whose only record is by
// someone the policy does not take as a vetter had a record, which did
// not admit them: show says so, not that there was none.
func TestShowSaysARecordDidNotAdmit(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+entry("ada@example.org", "owner", "bo@example.org", "2026-06-01")+entry("bo@example.org", "owner", "ada@example.org", "2026-06-01")+
		entry("hank@example.org", "member", "zed@example.org", "2026-06-01")+"\n[[member]]\nemail = \"ivy@example.org\"\nlists = { reports = \"member\" }\n", "Lists")
	r := f.doShow(workspace.ShowOptions{File: "members.toml", At: "HEAD"})
	for _, want := range []string{"hank@example.org  member  no vetting record that admitted them then (the entry had 1)", "ivy@example.org   member  no vetting record\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("show does not say %q:\n%s%s", want, r.stdout, r.stderr)
		}
	}
}

// TestShowJudgesRecordsOnTheDayAsked: show --at DAY and diff FROM DAY
// name the record that admits each member on that day, as audit --at
// and site --at judge it: a record that lapsed between the commit and
// the day asked admits no one then.
func TestShowJudgesRecordsOnTheDayAsked(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := strings.Replace(header, "vetted_by = \"member\"", "vetted_by = \"member\"\nvetting_valid_for = \"30d\"", 1)
	ada := entry("ada@example.org", "owner", "bo@example.org", "2026-03-01")
	f.repo.Commit("members.toml", hdr+ada, "Ada (#1)")
	f.repo.Tick()
	f.repo.Commit("members.toml", hdr+ada+entry("bo@example.org", "member", "ada@example.org", "2026-03-01"), "Bo (#2)")
	for day, vetted := range map[string]bool{"2026-03-10": true, "2026-04-15": false} {
		r := f.doShow(workspace.ShowOptions{File: "members.toml", At: day, Format: report.CSV})
		if got := strings.Contains(r.stdout, "bo@example.org,2026-03-01"); got != vetted {
			t.Errorf("show --at %s: ada vetted by bo shown %v, want %v:\n%s%s", day, got, vetted, r.stdout, r.stderr)
		}
		d := f.doDiff(workspace.DiffOptions{From: "HEAD~1", To: day, Format: report.JSON})
		if got := strings.Contains(d.stdout, `"admitted"`); got != vetted || !strings.Contains(d.stdout, "bo@example.org") {
			t.Errorf("diff HEAD~1 %s: bo's admitting record shown %v, want %v:\n%s%s", day, got, vetted, d.stdout, d.stderr)
		}
	}
}

// TestPublicSiteAsOfADayGoneByRefusesALaterRecordsNote: a kept file of
// the public roster's directory quoting the note of a record made after
// the day it is built for is refused, as one quoting a note of that day
// is: the repository holds it all the same.
func TestPublicSiteAsOfADayGoneByRefusesALaterRecordsNote(t *testing.T) {
	t.Parallel()
	note := "Dana was checked on a video call with her passport shown"
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "Start")
	day := f.repo.Date().Truncate(24 * time.Hour)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+
		strings.Replace(person("dana@example.org", `reports = "member"`), `method = "video-call" }`, `method = "video-call", note = "`+note+`" }`, 1), "Add dana")
	out := filepath.Join(f.t.TempDir(), "site")
	build := func() error {
		return f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: day, Public: true})
	}
	if err := build(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "extra.txt"), []byte(note+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := build(); err == nil || !strings.Contains(err.Error(), "shows the text of a vetting note or evidence") {
		t.Errorf("got %v, want extra.txt refused", err)
	}
}
