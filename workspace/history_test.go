package workspace_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// histRepo has five commits of testdata/report-list: ada and grace, lin
// added, grace promoted, a broken file, and the fix.
func histRepo(t *testing.T) *fixture {
	t.Helper()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	grace := entry("grace@example.org", "member", "ada@example.org", "2026-01-05")
	f.repo.Commit("members.toml", hdr+ada+grace, "Create the list (#1)")
	lin := entry("lin@example.org", "member", "ada@example.org", "2026-03-02")
	f.repo.Commit("members.toml", hdr+ada+grace+lin, "Add lin (#2)")
	f.repo.Commit("members.toml", hdr+ada+strings.Replace(grace, `"member"`, `"owner"`, 1)+lin, "Promote grace (#3)")
	f.repo.Commit("members.toml", hdr+"[[member]\n", "Break the file")
	f.repo.Commit("members.toml", hdr+ada+strings.Replace(grace, `"member"`, `"owner"`, 1)+lin, "Fix the file (#5)")
	return f
}

func (f *fixture) doHistory(o workspace.HistoryOptions) outcome {
	if o.File == "" {
		o.File = "members.toml"
	}
	if o.Format == "" {
		o.Format = report.Text
	}
	return f.outcome(f.ws(workspace.Context{}).History(ctx, o))
}

func (f *fixture) doDiff(o workspace.DiffOptions) outcome {
	if o.File == "" {
		o.File = "members.toml"
	}
	if o.Format == "" {
		o.Format = report.Text
	}
	return f.outcome(f.ws(workspace.Context{}).Diff(ctx, o))
}

func (f *fixture) doShow(o workspace.ShowOptions) outcome {
	if o.File == "" {
		o.File = "members.toml"
	}
	if o.Format == "" {
		o.Format = report.Text
	}
	return f.outcome(f.ws(workspace.Context{}).Show(ctx, o))
}

// TestHistory: every membership event, oldest first, with its commit;
// a revision that does not parse is reported and skipped; --member and
// --since narrow it.
func TestHistory(t *testing.T) {
	t.Parallel()
	f := histRepo(t)
	r := f.doHistory(workspace.HistoryOptions{Format: report.JSON})
	if r.code != 0 {
		t.Fatalf("exit %d %s", r.code, r.stderr)
	}
	var events []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &events); err != nil {
		t.Fatal(err)
	}
	if len(events) != 7 {
		t.Fatalf("%d events:\n%s", len(events), r.stdout)
	}
	for _, key := range []string{"commit", "date", "author", "subject", "list", "email", "action", "role", "previous_role"} {
		if _, ok := events[0][key]; !ok {
			t.Errorf("JSON event lacks %q: %v", key, events[0])
		}
	}
	last := events[len(events)-1]
	if last["action"] != "role_changed" || last["role"] != "owner" || last["previous_role"] != "member" || last["subject"] != "Promote grace (#3)" {
		t.Errorf("last event %v", last)
	}
	if !strings.Contains(r.stderr, "skipped") || !strings.Contains(r.stderr, "Break the file") {
		t.Errorf("the broken revision is not reported: %s", r.stderr)
	}
	r = f.doHistory(workspace.HistoryOptions{Format: report.CSV, Member: "LIN@example.org"})
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], "commit,date,author,subject,list,email,action") || !strings.Contains(lines[1], ",added,member,") {
		t.Errorf("csv: exit %d\n%s", r.code, r.stdout)
	}
	r = f.doHistory(workspace.HistoryOptions{Since: "2026-03-04"})
	if r.code != 0 || strings.Contains(r.stdout, "Add lin") || !strings.Contains(r.stdout, "Promote grace (#3)") {
		t.Errorf("--since:\n%s", r.stdout)
	}
	// A list that neither the file nor its history knows is an error,
	// not an empty history.
	r = f.doHistory(workspace.HistoryOptions{Lists: []string{"../../x"}})
	if r.code != 1 || !strings.Contains(r.stderr, "no such list") {
		t.Errorf("--list ../../x: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = f.doHistory(workspace.HistoryOptions{Lists: []string{"reports"}, Since: "2030-01-01"}); r.code != 0 {
		t.Errorf("a known list with nothing in the window: exit %d\n%s", r.code, r.stderr)
	}
}

// TestShowAndDiffAtABrokenRevision: a day whose last version does not
// parse is read as sync read it, the last version before it that does
// (history skips it so too), with a note; a revision named that does
// not parse is refused (exit 2 with --exit-code, as documented), never
// answered by another revision in its place.
func TestShowAndDiffAtABrokenRevision(t *testing.T) {
	t.Parallel()
	f := histRepo(t) // HEAD~1 is "Break the file", landed 2026-03-05
	r := f.doShow(workspace.ShowOptions{At: "2026-03-05"})
	if r.code != 0 || !strings.Contains(r.stdout, "lin@example.org") || !strings.Contains(r.stderr, "does not parse; using") {
		t.Errorf("show --at 2026-03-05: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = f.doDiff(workspace.DiffOptions{From: "2026-03-05", To: "HEAD", ExitCode: true})
	if r.code != 0 || !strings.Contains(r.stderr, "does not parse; using") {
		t.Errorf("diff 2026-03-05 HEAD --exit-code: exit %d, want 0 (no change)\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, c := range []struct {
		name string
		do   func() outcome
		code int
	}{
		{"show --at HEAD~1", func() outcome { return f.doShow(workspace.ShowOptions{At: "HEAD~1"}) }, 1},
		{"diff HEAD~1 --exit-code", func() outcome { return f.doDiff(workspace.DiffOptions{From: "HEAD~1", ExitCode: true}) }, 2},
		{"diff HEAD~1 HEAD~1 --exit-code", func() outcome {
			return f.doDiff(workspace.DiffOptions{From: "HEAD~1", To: "HEAD~1", ExitCode: true})
		}, 2},
		{"diff HEAD HEAD~1 --exit-code", func() outcome { return f.doDiff(workspace.DiffOptions{From: "HEAD", To: "HEAD~1", ExitCode: true}) }, 2},
		{"diff HEAD~1", func() outcome { return f.doDiff(workspace.DiffOptions{From: "HEAD~1"}) }, 1},
	} {
		r := c.do()
		if r.code != c.code || r.stdout != "" || !strings.Contains(r.stderr, "does not parse") || strings.Contains(r.stderr, "using") {
			t.Errorf("%s: exit %d, want %d and a refusal\n%s%s", c.name, r.code, c.code, r.stdout, r.stderr)
		}
	}
	// The site says so on its pages, not only on stderr.
	if !strings.Contains(f.sitePage("index.html"), "1 version of the file that sync did not apply (one that deleted the file, did not parse, or broke a rule that stops every change) is left out") {
		t.Errorf("the site's footer does not say a version was skipped")
	}
}

// TestDiffAndShow: diff against a revision or between two dates, with
// the vetting notes of whoever was added; show as of a date; a revision
// that is neither, and a file outside git, are errors.
func TestDiffAndShow(t *testing.T) {
	t.Parallel()
	f := histRepo(t)
	r := f.doDiff(workspace.DiffOptions{From: "HEAD~4"})
	if r.code != 0 || !strings.Contains(r.stdout, "+ lin@example.org") || !strings.Contains(r.stdout, "vetted by ada@example.org on 2026-03-02 (video-call): Checked.") ||
		!strings.Contains(r.stdout, "~ grace@example.org  member -> owner") {
		t.Errorf("diff: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = f.doDiff(workspace.DiffOptions{Format: report.Markdown, From: "2026-03-02", To: "2026-03-04"})
	if r.code != 0 || !strings.Contains(r.stdout, "| role | grace@example.org | member → owner |") {
		t.Errorf("diff markdown:\n%s%s", r.stdout, r.stderr)
	}
	r = f.doShow(workspace.ShowOptions{At: "2026-03-02", Format: report.CSV})
	if r.code != 0 || strings.Count(r.stdout, "\n") != 3 || strings.Contains(r.stdout, "lin@") {
		t.Errorf("show at 2026-03-02 (before lin):\n%s%s", r.stdout, r.stderr)
	}
	r = f.doShow(workspace.ShowOptions{At: "nonsense"})
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "neither a date") {
		t.Errorf("show --at nonsense: %d %s", r.code, r.stderr)
	}
	r = f.doDiff(workspace.DiffOptions{From: "2026-02-30"})
	if r.code == 0 || !strings.Contains(r.stderr, `"2026-02-30" is not a day that exists`) {
		t.Errorf("diff 2026-02-30: %d %s", r.code, r.stderr)
	}
	outside := newFixture(t, "")
	r = outside.doHistory(workspace.HistoryOptions{})
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "not in a git repository") {
		t.Errorf("outside git: %d %s", r.code, r.stderr)
	}
}

// TestAudit: lapsed records are violations and records about to lapse
// notices, as of a date; with the live groups, a stranger on one is a
// violation, and nothing is written.
func TestAudit(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	grace := entry("grace@example.org", "member", "ada@example.org", "2025-12-01")
	lin := entry("lin@example.org", "member", "ada@example.org", "2025-11-01")
	f.write("members.toml", hdr+ada+grace+lin)
	r := f.doAudit(false, workspace.AuditOptions{Format: report.JSON})
	if r.code != workspace.ExitFailed {
		t.Fatalf("exit %d, want 1 (lin's vetting lapsed)\n%s", r.code, r.stdout)
	}
	var a struct {
		Items []struct {
			Level, Kind, Email, VettedBy, Expires string
		}
		Violations int
	}
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, it := range a.Items {
		got[it.Email] = it.Level + " " + it.Kind + " " + it.Expires
	}
	want := map[string]string{
		"lin@example.org":   "violation lapsed 2026-11-01",
		"grace@example.org": "notice lapsing 2026-12-01",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	// A week earlier nothing had lapsed: exit 0.
	if r := f.doAudit(false, workspace.AuditOptions{At: time.Date(2026, 10, 25, 0, 0, 0, 0, time.UTC)}); r.code != 0 {
		t.Errorf("audit --at 2026-10-25: exit %d\n%s", r.code, r.stdout)
	}

	// --live: a stranger on the live group is a violation.
	f.write("members.toml", hdr+ada+strings.Replace(grace, "2025-12-01", "2026-06-01", 1))
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"}, emulator.Member{Email: "stranger@example.org"}); err != nil {
		t.Fatal(err)
	}
	r = f.doAudit(true, workspace.AuditOptions{})
	if r.code != workspace.ExitFailed || !strings.Contains(r.stdout, "stranger@example.org is on security@example.org as member but not in the file") {
		t.Errorf("audit --live: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if f.writes() != 0 {
		t.Errorf("audit wrote to the live group")
	}
}

// commitAt commits content with the given author and committer dates, as
// a rebase or cherry-pick leaves a commit authored long before it landed.
func commitAt(t *testing.T, f *fixture, content, subject, authored, committed string) {
	t.Helper()
	f.write("members.toml", content)
	for _, args := range [][]string{{"add", "members.toml"}, {"commit", "-q", "-m", subject}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = f.repo.Dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+authored, "GIT_COMMITTER_DATE="+committed)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
}

// TestDatesAreWhenChangesLanded: a commit authored in June and landed in
// November is a November change for show --at, diff and history.
func TestDatesAreWhenChangesLanded(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	commitAt(t, f, hdr+ada, "Create the list (#1)", "2026-01-10T12:00:00Z", "2026-01-10T12:00:00Z")
	lin := entry("lin@example.org", "member", "ada@example.org", "2026-06-01")
	commitAt(t, f, hdr+ada+lin, "Add lin (#2)", "2026-06-01T12:00:00Z", "2026-11-02T12:00:00Z")
	if r := f.doShow(workspace.ShowOptions{At: "2026-07-01"}); r.code != 0 || strings.Contains(r.stdout, "lin@") {
		t.Errorf("show --at July lists a change that landed in November:\n%s%s", r.stdout, r.stderr)
	}
	if r := f.doShow(workspace.ShowOptions{At: "2026-11-03"}); r.code != 0 || !strings.Contains(r.stdout, "lin@") {
		t.Errorf("show --at November:\n%s%s", r.stdout, r.stderr)
	}
	r := f.doHistory(workspace.HistoryOptions{Since: "2026-10-01", Format: report.JSON})
	var events []struct{ Email, Date string }
	if err := json.Unmarshal([]byte(r.stdout), &events); err != nil || len(events) == 0 {
		t.Fatalf("history --since October: %v\n%s%s", err, r.stdout, r.stderr)
	}
	if !strings.HasPrefix(events[0].Date, "2026-11-02") {
		t.Errorf("the event is dated %s, not when it landed", events[0].Date)
	}
	if r := f.doDiff(workspace.DiffOptions{From: "2026-10-01", To: "2026-11-30"}); !strings.Contains(r.stdout, "+ lin@example.org") {
		t.Errorf("diff over the window where it landed:\n%s%s", r.stdout, r.stderr)
	}
}

// TestACommitWithASkewedClockIsDatedAlikeEverywhere: a commit dated
// after the one that follows it on the line (a skewed clock, a rebase)
// had landed by that one's date; history, show --at the commit and show
// --at the date all say so.
func TestACommitWithASkewedClockIsDatedAlikeEverywhere(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	lin := entry("lin@example.org", "member", "ada@example.org", "2026-01-05")
	kim := entry("kim@example.org", "member", "ada@example.org", "2026-01-05")
	commitAt(t, f, hdr+ada+lin, "Create the list (#1)", "2026-01-10T12:00:00Z", "2026-01-10T12:00:00Z")
	commitAt(t, f, hdr+ada, "Drop lin (#2)", "2026-06-01T12:00:00Z", "2026-06-01T12:00:00Z")
	commitAt(t, f, hdr+ada+kim, "Add kim (#3)", "2026-03-01T12:00:00Z", "2026-03-01T12:00:00Z")
	r := f.doHistory(workspace.HistoryOptions{Member: "lin@example.org", Format: report.JSON})
	var events []struct{ Action, Date string }
	if err := json.Unmarshal([]byte(r.stdout), &events); err != nil || len(events) == 0 {
		t.Fatalf("history: %v\n%s%s", err, r.stdout, r.stderr)
	}
	if last := events[len(events)-1]; last.Action != "removed" || !strings.HasPrefix(last.Date, "2026-03-01") {
		t.Fatalf("lin's removal: %+v, want removed on 2026-03-01", last)
	}
	for _, at := range []string{"HEAD~1", "2026-03-01"} {
		r := f.doShow(workspace.ShowOptions{At: at})
		if r.code != 0 || !strings.Contains(r.stdout, ", 2026-03-01: ") || strings.Contains(r.stdout, "lin@") {
			t.Errorf("show --at %s does not date its commit when it landed:\n%s%s", at, r.stdout, r.stderr)
		}
	}
}

// TestShallowCloneHistoryIsRefused: history, show and diff in a shallow
// clone say how to fetch the whole history.
func TestShallowCloneHistoryIsRefused(t *testing.T) {
	t.Parallel()
	f := histRepo(t)
	f.shallowClone()
	for name, r := range map[string]outcome{
		"history": f.doHistory(workspace.HistoryOptions{}),
		"show":    f.doShow(workspace.ShowOptions{At: "2026-03-02"}),
		"diff":    f.doDiff(workspace.DiffOptions{From: "HEAD"}),
	} {
		if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "fetch-depth: 0") || !strings.Contains(r.stderr, "git -C "+f.dir+" fetch --unshallow") {
			t.Errorf("%s in a shallow clone: exit %d %s", name, r.code, r.stderr)
		}
	}
}

// TestRevisionsOnOtherBranches: a revision is that commit on any branch.
func TestRevisionsOnOtherBranches(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	f.repo.Commit("members.toml", hdr+ada, "Create the list (#1)")
	f.repo.Git("checkout", "-q", "-b", "feature")
	lin := entry("lin@example.org", "member", "ada@example.org", "2026-03-02")
	f.repo.Commit("members.toml", hdr+ada+lin, "Add lin")
	f.repo.Git("checkout", "-q", "main")
	if r := f.doDiff(workspace.DiffOptions{From: "main", To: "feature"}); r.code != 0 || !strings.Contains(r.stdout, "+ lin@example.org") {
		t.Errorf("diff main feature, on main: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := f.doShow(workspace.ShowOptions{At: "feature"}); r.code != 0 || !strings.Contains(r.stdout, "lin@example.org") {
		t.Errorf("show --at feature: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestHostileGitInput: a control byte in a subject does not break
// history, a revision that looks like an option is refused and writes
// nothing, and CSV cells are never formulas.
func TestHostileGitInput(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	f.repo.Commit("members.toml", hdr+ada, "Create the list\x1e(#1)")
	lin := entry("lin@example.org", "member", "ada@example.org", "2026-03-02")
	f.repo.Commit("members.toml", hdr+ada+lin, "=HYPERLINK(\"http://evil.example/\",\"Add lin\")")
	r := f.doHistory(workspace.HistoryOptions{Format: report.CSV})
	if r.code != 0 || strings.Count(r.stdout, "\n") != 5 {
		t.Fatalf("history with a control byte in a subject: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout, ",=HYPERLINK") || !strings.Contains(r.stdout, "'=HYPERLINK") {
		t.Errorf("a formula reached the CSV:\n%s", r.stdout)
	}
	before := f.read("members.toml")
	for name, r := range map[string]outcome{
		"show --at=--output=members.toml":       f.doShow(workspace.ShowOptions{At: "--output=members.toml"}),
		"diff --output=members.toml":            f.doDiff(workspace.DiffOptions{From: "--output=members.toml"}),
		"history --since=--output=members.toml": f.doHistory(workspace.HistoryOptions{Since: "--output=members.toml"}),
		"show --at HEAD~0:members.toml":         f.doShow(workspace.ShowOptions{At: "HEAD~0:members.toml"}),
	} {
		if r.code != workspace.ExitFailed {
			t.Errorf("%s: exit %d %s", name, r.code, r.stderr)
		}
	}
	if got := f.read("members.toml"); got != before {
		t.Fatal("a revision argument wrote members.toml")
	}
}

// TestAuditAndValidateAgreeOnALapse: a lapsed record of someone the
// committed file already has on the list keeps them there until
// re-vetted; audit (which still counts it as a violation) and validate
// say the same of it.
func TestAuditAndValidateAgreeOnALapse(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-06-01")
	lin := entry("lin@example.org", "member", "ada@example.org", "2025-01-05")
	f.repo.Commit("members.toml", hdr+ada+lin, "The list (#1)")
	a := f.doAudit(false, workspace.AuditOptions{Format: report.Text, At: todayDate})
	v := f.doValidate("members.toml", report.Text, "")
	for name, r := range map[string]outcome{"audit": a, "validate": v} {
		out := r.stdout + r.stderr
		if !strings.Contains(out, "lin@example.org") || !strings.Contains(out, "stay") || strings.Contains(out, "will not add") {
			t.Errorf("%s: exit %d\n%s", name, r.code, out)
		}
	}
	if a.code != workspace.ExitFailed {
		t.Errorf("audit: exit %d, want 1: a lapse is a violation", a.code)
	}
}

// TestEditedOrDeletedRecordsAreInHistory: records are facts, added and
// never edited; an edit in place (a date moved, stretching a record's
// validity) or a deletion is in history as the old record removed, in
// every format, so an auditor sees when and by whom.
func TestEditedOrDeletedRecordsAreInHistory(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	bee := entry("bee@example.org", "member", "ada@example.org", "2026-01-06")
	f.repo.Commit("members.toml", hdr+ada+bee, "Create (#1)")
	f.repo.Commit("members.toml", hdr+ada+strings.Replace(bee, "2026-01-06", "2026-06-01", 1), "Tidy up (#2)")
	f.repo.Commit("members.toml", hdr+ada+regexp.MustCompile(`(?s)\n  \[\[member.vetting\]\].*`).ReplaceAllString(strings.Replace(bee, "2026-01-06", "2026-06-01", 1), "\n"), "More tidying (#3)")
	r := f.doHistory(workspace.HistoryOptions{Member: "bee@example.org", Format: report.CSV})
	rows := strings.Split(strings.TrimSpace(r.stdout), "\n")
	var got []string
	for _, row := range rows[1:] {
		cells := strings.Split(row, ",")
		got = append(got, cells[6]+" "+cells[10])
	}
	want := []string{"added ", "vetted 2026-01-06", "vetting_removed 2026-01-06", "vetted 2026-06-01", "vetting_removed 2026-06-01"}
	if r.code != 0 || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("history --member bee:\n got %q\nwant %q\n%s%s", got, want, r.stdout, r.stderr)
	}
	if r := f.doHistory(workspace.HistoryOptions{Lists: []string{"reports"}}); !strings.Contains(r.stdout, "vetting_removed") || !strings.Contains(r.stdout, "was by ada@example.org on 2026-06-01") {
		t.Errorf("history --list reports:\n%s", r.stdout)
	}
}

// TestHistoryOfNobodySaysSo: history --member of an address no version
// lists prints a note beside its empty table, not the table alone.
func TestHistoryOfNobodySaysSo(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "The list")
	r := f.doHistory(workspace.HistoryOptions{Member: "nobody@example.org"})
	if r.code != 0 || !strings.Contains(r.stderr, "no version of members.toml in the range lists nobody@example.org") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = f.doHistory(workspace.HistoryOptions{Member: "ada@example.org", Since: "HEAD"})
	if !strings.Contains(r.stderr, "nothing changed for ada@example.org") {
		t.Errorf("--since HEAD: %s%s", r.stdout, r.stderr)
	}
}

// TestShowJSONIsTyped: show --format json says the moment as asked and
// what it read (the commit, the day it landed as YYYY-MM-DD), and every
// member field is there, empty for someone no record admits.
func TestShowJSONIsTyped(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`)+"\n[[member]]\nemail = \"lin@example.org\"\nlists = { reports = \"member\" }\n", "The list (#1)")
	r := f.doShow(workspace.ShowOptions{At: "HEAD", Format: report.JSON})
	var doc map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if doc["at"] != "HEAD" || len(fmt.Sprint(doc["commit"])) != 40 || !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(fmt.Sprint(doc["date"])) || doc["working"] != false {
		t.Errorf("the moment: %v", doc)
	}
	for _, m := range doc["members"].([]any) {
		for _, k := range []string{"list", "group", "email", "name", "role", "vetted_by", "vetted_on", "method"} {
			if _, ok := m.(map[string]any)[k]; !ok {
				t.Errorf("member %v has no %q", m, k)
			}
		}
	}
}

// TestShowOnADayTheFileWasALink: a version committed as a symbolic link
// (or a submodule) is no file roster reads: a day it stood is read as
// the last version before it, with a note, as for one that does not
// parse, not refused.
func TestShowOnADayTheFileWasALink(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "The list (#1)")
	f.repo.Tick()
	f.repo.Git("rm", "-q", "members.toml")
	if err := os.Symlink("real.toml", filepath.Join(f.repo.Dir, "members.toml")); err != nil {
		t.Fatal(err)
	}
	f.repo.Git("add", "members.toml")
	f.repo.Git("commit", "-q", "-m", "A link (#2)")
	day := f.repo.Date().Format("2006-01-02")
	f.repo.Git("rm", "-q", "members.toml")
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("lin@example.org", `reports = "member"`), "The file again (#3)")
	r := f.outcome(f.ws(workspace.Context{}).Show(ctx, workspace.ShowOptions{File: "members.toml", At: day, Format: report.Text}))
	if r.code != 0 || !strings.Contains(r.stdout, "ada@example.org") || strings.Contains(r.stdout, "lin@") || !strings.Contains(r.stderr, "is not a regular file; using") {
		t.Errorf("show --at %s: exit %d\n%s%s", day, r.code, r.stdout, r.stderr)
	}
}

// TestSkippedVersionPrintsEachError: a version with several parse errors
// is reported with each on a line of its own, never joined by an escaped
// newline ("\n" printed as two characters).
func TestSkippedVersionPrintsEachError(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "Start")
	broken := header + person("ada@example.org", `reports = "owner"`) + "\n[[member]]\nemail = \"x@example.org\"\nlists = { reports = \"member\" }\nbogus = 1\n\n[[member]]\nemail = \"y@example.org\"\nlists = { reports = \"member\" }\nbogus = 2\n"
	f.repo.Commit("members.toml", broken, "Break it twice")
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "Mend it")
	r := f.doHistory(workspace.HistoryOptions{Format: report.Text})
	if !strings.Contains(r.stderr, "Break it twice") || strings.Contains(r.stderr, `\n`) {
		t.Errorf("exit %d:\n%s", r.code, r.stderr)
	}
}

// TestShowNamesOnlyARecordThatAdmits: x's only record uses a method the
// policy refuses and is x's own; y's lapsed before the file listed them.
// show (text and JSON) and diff name no record as admitting them, as
// audit judges them; z's, which admits, is named.
func TestShowNamesOnlyARecordThatAdmits(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nvetting_valid_for = \"100d\"", 1)
	owners := entry("ada@example.org", "owner", "bob@example.org", "2026-02-20") + entry("bob@example.org", "owner", "ada@example.org", "2026-02-20")
	x := "\n[[member]]\nemail = \"x@example.org\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"x@example.org\", on = 2026-02-20, method = \"email\" }]\n"
	y := entry("y@example.org", "member", "ada@example.org", "2025-06-01")
	z := entry("z@example.org", "member", "ada@example.org", "2026-02-20")
	f.repo.Commit("members.toml", hdr+owners, "Owners (#1)")
	f.repo.Commit("members.toml", hdr+owners+x+y+z, "x, y, z (#2)")
	r := f.doShow(workspace.ShowOptions{At: "HEAD", Format: report.JSON})
	var doc struct {
		Members []struct{ Email, VettedBy string } `json:"members"`
	}
	if err := json.Unmarshal([]byte(strings.ReplaceAll(r.stdout, `"vetted_by"`, `"vettedby"`)), &doc); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	got := map[string]string{}
	for _, m := range doc.Members {
		got[m.Email] = m.VettedBy
	}
	if got["x@example.org"] != "" || got["y@example.org"] != "" || got["z@example.org"] != "ada@example.org" {
		t.Errorf("show names as admitting: %v\n%s", got, r.stdout)
	}
}

// TestAShallowCloneOfOneCommitIsWhole: a clone at depth 1 (the
// checkout's default) of a repository with one commit lacks nothing:
// history reads it, and a walk-in on a report list is reported as one
// (exit 3), not refused for want of history; with two commits, it is
// shallow still.
func TestAShallowCloneOfOneCommitIsWhole(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "", emulator.Options{State: &emulator.State{Groups: []*emulator.Group{{Email: "security@example.org", Members: []*emulator.Member{
		{Email: "ada@example.org", Role: "OWNER"}, {Email: "walk.in@example.org", Role: "MEMBER"}}}}}}, true)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "The list (#1)")
	f.shallowClone()
	if r := f.doHistory(workspace.HistoryOptions{}); r.code != 0 || !strings.Contains(r.stdout, "The list (#1)") {
		t.Errorf("history of a one-commit clone: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := f.doSync(workspace.SyncOptions{}); r.code != workspace.ExitWalkIns || strings.Contains(r.stderr, "shallow") {
		t.Errorf("sync of a one-commit clone: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	g := newRepoFixture(t)
	g.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "The list (#1)")
	g.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+"# more\n", "More (#2)")
	g.shallowClone()
	if r := g.doHistory(workspace.HistoryOptions{}); r.code == 0 || !strings.Contains(r.stderr, "shallow clone") {
		t.Errorf("history of a two-commit clone at depth 1: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestHistoryOfAWindowThatRunsBackwards: --since a commit after --until
// is refused, as the same window given by dates is, not printed as an
// empty table that reads as "nothing changed".
func TestHistoryOfAWindowThatRunsBackwards(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "Start")
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("bob@example.org", `reports = "member"`), "Add bob")
	r := f.doHistory(workspace.HistoryOptions{Since: "HEAD", Until: "HEAD~1"})
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "comes before --since HEAD on the line") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := f.doHistory(workspace.HistoryOptions{Since: "HEAD~1", Until: "HEAD"}); r.code != 0 || !strings.Contains(r.stdout, "bob@example.org") {
		t.Errorf("the window the right way round: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// One end a commit, the other a date: backwards when the commit
	// landed after the until day or before the since day, even with no
	// commit between them.
	start := f.repo.Date().AddDate(0, 0, -1).Format("2006-01-02")
	added := f.repo.Date().Format("2006-01-02")
	for _, c := range []struct {
		since, until string
		backwards    bool
	}{
		{"HEAD", start, true},
		{"HEAD", added, false},
		{added, "HEAD~1", true},
		{start, "HEAD~1", false},
		{"HEAD~1", added, false},
		{start, "HEAD", false},
	} {
		r := f.doHistory(workspace.HistoryOptions{Since: c.since, Until: c.until})
		if got := strings.Contains(r.stderr, "swap them"); got != c.backwards || (r.code != 0) != c.backwards {
			t.Errorf("--since %s --until %s: exit %d, want backwards %v\n%s%s", c.since, c.until, r.code, c.backwards, r.stdout, r.stderr)
		}
	}
}

// TestADateWrittenAnotherWayIsNamedOnEveryRoute: show --at, diff and
// history --since read a day the way --at and --on do elsewhere: one
// written without its zeros, with slashes, or past its month's end names
// the day meant, not only "no revision".
func TestADateWrittenAnotherWayIsNamedOnEveryRoute(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "Start")
	for _, r := range []outcome{
		f.doShow(workspace.ShowOptions{At: "2026-3-4"}),
		f.doHistory(workspace.HistoryOptions{Since: "2026-3-4"}),
		f.outcome(f.ws(workspace.Context{}).Diff(ctx, workspace.DiffOptions{File: "members.toml", From: "2026-3-4", To: "HEAD", Format: report.Text})),
	} {
		if r.code == 0 || !strings.Contains(r.stderr, "did you mean 2026-03-04?") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	}
	if r := f.doShow(workspace.ShowOptions{At: "2026/02/30"}); !strings.Contains(r.stderr, "February 2026 has 28 days): did you mean 2026-02-28?") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
}

// TestANewlineInAFilesNameStartsNoLine: a version of the file that does
// not parse, committed under a name with a newline in it and then moved
// to members.toml: the note history prints of it splits only between
// its errors, never at the name's newline, which is shown escaped.
func TestANewlineInAFilesNameStartsNoLine(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hostile := "old\n✅ approved by @owner line.toml"
	broken := header + person("ada@example.org", `reports = "owner"`) + "\n[[member]]\nlists = { reports = \"member\" }\n\n[[member]]\nlists = { reports = \"member\" }\n"
	f.repo.Commit(hostile, broken, "One")
	f.repo.Git("mv", hostile, "members.toml")
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "Two")
	r := f.doHistory(workspace.HistoryOptions{})
	if !strings.Contains(r.stderr, `old\n✅ approved by @owner line.toml`) {
		t.Errorf("no note of the version that does not parse, its name escaped:\n%s", r.stderr)
	}
	for _, l := range strings.Split(r.stderr, "\n") {
		if strings.HasPrefix(strings.TrimLeft(strings.TrimPrefix(l, "roster: "), " "), "✅") {
			t.Errorf("the file's name starts a line: %q\n%s", l, r.stderr)
		}
	}
	// Its two errors are two lines.
	if n := strings.Count(r.stderr, "missing email"); n != 2 {
		t.Errorf("%d errors said, want 2:\n%s", n, r.stderr)
	}
}

// TestACommitIsJudgedAsOfWhenItLanded: members.toml last changed on
// 03-03, when m's record held; a later commit (docs, tagged) lands on
// 03-09, after it lapsed on 03-07. Asked at that commit, by hash, tag
// or as diff's end, show and diff judge the records as of 03-09, as
// show --at 2026-03-09 does, not as of the file's own commit.
func TestACommitIsJudgedAsOfWhenItLanded(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	file := `schema = 1

[lists.a]
address = "a@example.org"
policy = "p"

[policies.p]
min_owners = 1
vetting_methods = ["video-call"]
vetted_by = "owner"
vetting_valid_for = "30d"

[[member]]
email = "o1@example.org"
lists = { a = "owner" }
vetting = [{ by = "o2@example.org", on = 2026-03-01, method = "video-call" }]

[[member]]
email = "o2@example.org"
lists = { a = "owner" }
vetting = [{ by = "o1@example.org", on = 2026-03-01, method = "video-call" }]

[[member]]
email = "m@example.org"
lists = { a = "member" }
vetting = [{ by = "o1@example.org", on = 2026-02-05, method = "video-call" }]
`
	before := f.repo.Commit("members.toml", file[:strings.Index(file, "[[member]]\nemail = \"m@")], "The owners (#0)")
	first := f.repo.Commit("members.toml", file, "The list (#1)")
	for range 5 {
		f.repo.Tick()
	}
	f.repo.Commit("README.md", "docs\n", "Docs (#2)")
	f.repo.Git("tag", "v1.4")
	lapsed := "m@example.org   member  no vetting record that admitted them then"
	for _, at := range []string{"2026-03-09", "HEAD", "v1.4"} {
		if r := f.doShow(workspace.ShowOptions{At: at}); !strings.Contains(r.stdout, lapsed) {
			t.Errorf("show --at %s:\n%s%s", at, r.stdout, r.stderr)
		}
	}
	if r := f.doShow(workspace.ShowOptions{At: first}); !strings.Contains(r.stdout, "m@example.org   member  vetted by o1@example.org on 2026-02-05") {
		t.Errorf("show --at the file's own commit, when the record held:\n%s%s", r.stdout, r.stderr)
	}
	if r := f.doDiff(workspace.DiffOptions{From: before, To: "v1.4"}); !strings.Contains(r.stdout, "m@example.org") || strings.Contains(r.stdout, "vetted by o1@example.org on 2026-02-05") {
		t.Errorf("diff to v1.4 judges m's record as of the file's commit:\n%s%s", r.stdout, r.stderr)
	}
}

// TestAListMovedToAnotherFileTakesNobodyOff: the list moves from a.toml
// to b.toml in one commit. a.toml's history says its people went with
// the list to b.toml, in every format, not that they were removed; a
// removal from the list before the move is one. b.toml's history (with
// a.toml's before the move) has them stay.
func TestAListMovedToAnotherFileTakesNobodyOff(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	empty := strings.Replace(founded(header), "[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n", "", 1)
	withList := founded(header) + founder(`reports = "owner"`) + person("pat@example.org", `reports = "member"`)
	f.repo.CommitFiles("Two files", "a.toml", withList+person("zed@example.org", `reports = "member"`), "b.toml", empty)
	f.repo.CommitFiles("Zed leaves", "a.toml", withList, "b.toml", empty)
	// The move leaves lin behind: taken off, not moved.
	f.repo.CommitFiles("Lin joins", "a.toml", withList+person("lin@example.org", `reports = "member"`), "b.toml", empty)
	f.repo.CommitFiles("Move the list to B.TOML, without lin", "a.toml", empty, "B.TOML", withList)
	for _, format := range []report.Format{report.Text, report.JSON, report.CSV} {
		r := f.doHistory(workspace.HistoryOptions{File: "a.toml", Format: format})
		moved := map[report.Format]string{report.Text: "the list moved to B.TOML", report.JSON: `"moved_to": "B.TOML"`, report.CSV: ",B.TOML\n"}[format]
		if strings.Count(r.stdout, moved) != 2 {
			t.Errorf("%s: a.toml's history does not say ada and pat went with the list to b.toml:\n%s%s", format, r.stdout, r.stderr)
		}
	}
	if r := f.doHistory(workspace.HistoryOptions{File: "a.toml", Format: report.Text}); !strings.Contains(r.stdout, "zed@example.org") || strings.Count(r.stdout, "moved to") != 2 ||
		!regexp.MustCompile(`removed +reports +lin@example.org +was member +Move`).MatchString(r.stdout) {
		t.Errorf("zed's removal, or lin's in the move, is not one:\n%s", r.stdout)
	}
	if r := f.doDiff(workspace.DiffOptions{File: "a.toml", From: "HEAD~1", To: "HEAD"}); !strings.Contains(r.stderr, "list reports is in B.TOML at HEAD (list reports): it moved there") ||
		!regexp.MustCompile(`> ada@example.org +was owner +went with the list to B.TOML`).MatchString(r.stdout) || !regexp.MustCompile(`- lin@example.org +was member`).MatchString(r.stdout) {
		t.Errorf("a.toml's diff across the move does not say who went where:\n%s%s", r.stdout, r.stderr)
	}
	// To a day, not a commit: the commit that stands for it is asked
	// where the list went (s31-audit).
	for _, to := range []string{f.repo.Date().Format("2006-01-02"), f.repo.Date().AddDate(0, 0, 3).Format("2006-01-02")} {
		if r := f.doDiff(workspace.DiffOptions{File: "a.toml", From: "HEAD~1", To: to}); !regexp.MustCompile(`> ada@example.org +was owner +went with the list to B.TOML`).MatchString(r.stdout) {
			t.Errorf("a.toml's diff to %s does not say ada went with the list:\n%s%s", to, r.stdout, r.stderr)
		}
	}
	if r := f.doDiff(workspace.DiffOptions{File: "a.toml", From: "HEAD~1", To: "HEAD", Format: report.JSON}); strings.Count(r.stdout, `"moved_to": "B.TOML"`) != 2 {
		t.Errorf("a.toml's diff as JSON does not name the move on each who went with it:\n%s", r.stdout)
	}
	if r := f.doDiff(workspace.DiffOptions{File: "a.toml", From: "HEAD~1", To: "HEAD", Format: report.Markdown}); strings.Count(r.stdout, "| moved |") != 2 || !strings.Contains(r.stdout, "| removed | lin@") {
		t.Errorf("a.toml's diff as markdown does not name the move:\n%s", r.stdout)
	}
	if r := f.doHistory(workspace.HistoryOptions{File: "B.TOML", Format: report.Text}); strings.Count(r.stdout, "removed") != 2 || strings.Contains(r.stdout, "moved to") {
		t.Errorf("B.TOML's history (a.toml's before the move) has someone removed but zed and lin:\n%s", r.stdout)
	}
}

// TestShowOfTodayNamesTheVersionItRead: the file as it is now, one sync
// refuses whole (one mailbox twice) or one that does not parse, is
// passed over for the last version sync would apply, as a day's refused
// version is; show names that commit, in its heading and its JSON
// (working false, the commit and its date), never "the file as it is
// now" (s29-auditor findings 1, 2).
func TestShowOfTodayNamesTheVersionItRead(t *testing.T) {
	t.Parallel()
	for name, broken := range map[string]func(string) string{
		"one mailbox twice": func(s string) string {
			return strings.Replace(s, `email = "lin@example.org"`, `email = "ada@example.org"`, 1)
		},
		"does not parse": func(s string) string { return s + "\nx = [\n" },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			file := header + person("ada@example.org", `reports = "owner"`) + person("lin@example.org", `reports = "member"`)
			head := f.repo.Commit("members.toml", file, "Lists (#1)")
			f.write("members.toml", broken(file))
			r := f.doShow(workspace.ShowOptions{At: todayDate.Format("2006-01-02"), Format: report.JSON})
			var doc struct {
				Working bool   `json:"working"`
				Commit  string `json:"commit"`
				Members []struct {
					Email string `json:"email"`
				} `json:"members"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != 0 || doc.Working || doc.Commit != head || len(doc.Members) != 2 {
				t.Errorf("show --at today: exit %d, %v: %+v\n%s%s", r.code, err, doc, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr, "the last version sync would apply") {
				t.Errorf("no note of the version read:\n%s", r.stderr)
			}
			r = f.doShow(workspace.ShowOptions{At: todayDate.Format("2006-01-02")})
			if !strings.Contains(r.stdout, "(commit "+head[:10]) || strings.Contains(r.stdout, "as it is now") {
				t.Errorf("the heading does not name the commit read:\n%s", r.stdout)
			}
		})
	}
}

// TestShowOfACommitWhoseListFailsSaysWhoseMembersItShows: a commit that
// adds e and sets min_owners past the owners it has fails its list's
// own policy; sync left the group as the version before left it, and
// show of that commit shows those members, saying so (a note, and the
// list in the JSON's kept_from_earlier), never silently other members
// than git show gives (s29-auditor finding 4).
func TestShowOfACommitWhoseListFailsSaysWhoseMembersItShows(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	people := person("ada@example.org", `reports = "owner"`) + person("lin@example.org", `reports = "member"`)
	f.repo.Commit("members.toml", header+people, "Lists (#1)")
	fails := f.repo.Commit("members.toml", strings.Replace(header, "min_owners = 1", "min_owners = 5", 1)+people+person("eve@example.org", `reports = "member"`), "Add eve (#2)")
	r := f.doShow(workspace.ShowOptions{At: fails, Format: report.JSON})
	var doc struct {
		Kept    []string `json:"kept_from_earlier"`
		Members []struct {
			Email string `json:"email"`
		} `json:"members"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != 0 || fmt.Sprint(doc.Kept) != "[reports]" || strings.Contains(r.stdout, "eve@") {
		t.Errorf("show --at %s: exit %d, %v: %+v\n%s%s", fails[:10], r.code, err, doc, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "the policy of list reports fails in "+fails[:10]) {
		t.Errorf("no note of the members kept:\n%s", r.stderr)
	}
}

// TestADayTheFileWasDeletedReadsTheLastVersion: the members file was
// deleted, and added again days later; sync had no file to apply in
// between, and the groups kept what the version before left them. show
// and diff of a day in the gap read that version, with a note, as
// history tells it, rather than refuse (s29-auditor finding 5); the
// deleting commit named itself stays refused.
func TestADayTheFileWasDeletedReadsTheLastVersion(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	file := header + person("ada@example.org", `reports = "owner"`) + person("lin@example.org", `reports = "member"`)
	f.repo.Commit("members.toml", file, "Lists (#1)")
	f.repo.Git("rm", "-q", "members.toml")
	f.repo.Write("other", "x\n")
	f.repo.Git("add", "other")
	f.repo.Git("commit", "-q", "-m", "Delete the file")
	deletion := f.repo.Git("rev-parse", "HEAD")
	gap := f.repo.Date().Format("2006-01-02")
	f.repo.Tick()
	f.repo.Tick()
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "Again, without lin (#2)")
	r := f.doShow(workspace.ShowOptions{At: gap})
	if r.code != 0 || !strings.Contains(r.stdout, "lin@example.org") || !strings.Contains(r.stderr, "does not exist") {
		t.Errorf("show --at %s: exit %d\n%s%s", gap, r.code, r.stdout, r.stderr)
	}
	if r := f.doDiff(workspace.DiffOptions{From: gap, To: "HEAD"}); r.code != 0 || !strings.Contains(r.stdout, "lin@example.org") {
		t.Errorf("diff %s HEAD: exit %d\n%s%s", gap, r.code, r.stdout, r.stderr)
	}
	if r := f.doShow(workspace.ShowOptions{At: deletion}); r.code == 0 {
		t.Errorf("show --at the deleting commit: exit 0\n%s", r.stdout)
	}
}

// TestADayAfterTheFileWasMovedIsRefused: members.toml moved to team.toml
// (git mv) is no gap in the file: a day after the move, show and diff of
// members.toml are refused, as before, never answered with its last
// version as if nothing had moved (s29-regressE finding on 45b08a2e).
func TestADayAfterTheFileWasMovedIsRefused(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "Lists (#1)")
	f.repo.Git("mv", "members.toml", "team.toml")
	f.repo.Git("commit", "-q", "-m", "Move the file")
	day := f.repo.Date().AddDate(0, 0, 1).Format("2006-01-02")
	if r := f.doShow(workspace.ShowOptions{At: day}); r.code == 0 {
		t.Errorf("show --file members.toml --at %s after the move: exit 0\n%s%s", day, r.stdout, r.stderr)
	}
}

// TestDiffOfARefusedWorkingTreeNamesWhatItRead: diff REV against a
// working tree sync refuses whole reads the commit that stands in for
// it, and names that commit, not "the working tree" (s29-regressE).
func TestDiffOfARefusedWorkingTreeNamesWhatItRead(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	file := header + person("ada@example.org", `reports = "owner"`) + person("lin@example.org", `reports = "member"`)
	head := f.repo.Commit("members.toml", file, "Lists (#1)")
	f.write("members.toml", strings.Replace(file, `email = "lin@example.org"`, `email = "ada@example.org"`, 1))
	r := f.doDiff(workspace.DiffOptions{From: "HEAD"})
	if !strings.Contains(r.stdout+r.stderr, head[:10]+" (standing in for the working tree)") {
		t.Errorf("diff HEAD: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestShowOfTodayWhoseListFailsSaysSo: the file as it is now fails a
// list's own policy; show of today gives the members sync left on the
// group and says so, as it does for such a commit (s29-regressE).
func TestShowOfTodayWhoseListFailsSaysSo(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	people := person("ada@example.org", `reports = "owner"`) + person("lin@example.org", `reports = "member"`)
	f.repo.Commit("members.toml", header+people, "Lists (#1)")
	f.write("members.toml", strings.Replace(header, "min_owners = 1", "min_owners = 5", 1)+people+person("eve@example.org", `reports = "member"`))
	r := f.doShow(workspace.ShowOptions{At: todayDate.Format("2006-01-02")})
	if r.code != 0 || strings.Contains(r.stdout, "eve@") || !strings.Contains(r.stderr, "the policy of list reports fails in members.toml as it is now") {
		t.Errorf("show --at today: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Named in JSON too, as for a commit (s30-routes).
	r = f.doShow(workspace.ShowOptions{At: todayDate.Format("2006-01-02"), Format: report.JSON})
	if !strings.Contains(strings.Join(strings.Fields(r.stdout), ""), `"kept_from_earlier":["reports"]`) {
		t.Errorf("show --at today --format json: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestAKeptListIsNamedOnEveryRouteToItsVersion: a version whose list's
// own policy fails keeps the members of the last one that applied it,
// and says so (kept_from_earlier) whichever route reads it: asked by
// its commit, by its day, or standing in for a later day whose version
// does not parse (s30-routes).
func TestAKeptListIsNamedOnEveryRouteToItsVersion(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	_, noOwner, failing := ownerLeft(f)
	failingDay := f.repo.Date().Format("2006-01-02")
	f.repo.Commit("members.toml", noOwner+"oops = [\n", "Broken (#3)")
	brokenDay := f.repo.Date().Format("2006-01-02")
	for _, at := range []string{failing, failingDay, brokenDay} {
		r := f.doShow(workspace.ShowOptions{At: at, Format: report.JSON})
		if !strings.Contains(strings.Join(strings.Fields(r.stdout), ""), `"kept_from_earlier":["reports"]`) || !strings.Contains(r.stdout, `"role": "owner"`) {
			t.Errorf("show --at %s: exit %d\n%s%s", at, r.code, r.stdout, r.stderr)
		}
	}
}

// TestDiffSaysAnEndKeepsAnEarlierVersionsMembers: diff, as show, says
// that an end whose list's own policy fails shows the members of the
// last version that applied it, and which command says why: validate of
// the working tree, or of the commit with --head (s30-regress).
func TestDiffSaysAnEndKeepsAnEarlierVersionsMembers(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	_, _, failing := ownerLeft(f)
	r := f.doDiff(workspace.DiffOptions{From: "HEAD~1", To: "HEAD"})
	if !strings.Contains(r.stderr, "the policy of list reports fails in "+failing[:10]) || !strings.Contains(r.stderr, "'roster validate --head "+failing[:10]+"' says why") {
		t.Errorf("diff to a commit whose list fails:\n%s%s", r.stdout, r.stderr)
	}
	r = f.doDiff(workspace.DiffOptions{From: "HEAD~1"})
	if !strings.Contains(r.stderr, "fails in members.toml as it is now") || !strings.Contains(r.stderr, "'roster validate' says why") {
		t.Errorf("diff to a working tree whose list fails:\n%s%s", r.stdout, r.stderr)
	}
	// In JSON too, by end, as show's kept_from_earlier.
	r = f.doDiff(workspace.DiffOptions{From: "HEAD~1", To: "HEAD", Format: report.JSON})
	if !strings.Contains(strings.Join(strings.Fields(r.stdout), ""), `"kept_from_earlier":{"to":["reports"]}`) {
		t.Errorf("diff --format json to a commit whose list fails:\n%s%s", r.stdout, r.stderr)
	}
}

// TestAuditOfADayTheFileDidNotExistJudgesItsStandIn: on a day between a
// deletion of the members file and its return, the groups kept what the
// last version before gave them, and audit reports that version's
// violations, as it does on that version's own day (s30-routes).
func TestAuditOfADayTheFileDidNotExistJudgesItsStandIn(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	people, _, _ := ownerLeft(f)
	failingDay := f.repo.Date()
	f.repo.Tick()
	f.repo.Git("rm", "-q", "members.toml")
	f.repo.Git("commit", "-qm", "Delete (#3)")
	gapDay := f.repo.Date()
	f.repo.Commit("members.toml", header+people, "Back (#4)")
	for _, day := range []time.Time{failingDay, gapDay} {
		r := f.doAudit(false, workspace.AuditOptions{At: day.Truncate(24 * time.Hour)})
		if !strings.Contains(r.stdout, "owners") || strings.Contains(r.stdout, "Nothing to report") {
			t.Errorf("audit --at %s: exit %d\n%s%s", day.Format("2006-01-02"), r.code, r.stdout, r.stderr)
		}
	}
}

// TestDiffSaysAKeptListOnceAndOnlyWhenAsked: an end read twice (diff HEAD
// HEAD) says its note once, and --list another list says none (s30-regress2).
func TestDiffSaysAKeptListOnceAndOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	ownerLeft(f)
	if r := f.doDiff(workspace.DiffOptions{From: "HEAD", To: "HEAD"}); strings.Count(r.stderr, "the policy of list reports fails") != 1 {
		t.Errorf("diff HEAD HEAD:\n%s", r.stderr)
	}
	if r := f.doDiff(workspace.DiffOptions{From: "HEAD~1", To: "HEAD", Lists: []string{"nosuch"}}); strings.Contains(r.stderr, "fails in") {
		t.Errorf("diff --list nosuch:\n%s", r.stderr)
	}
}

// ownerLeft commits reports with ada its owner, then a version in which
// she is a member and the list has no owner, so that its own policy
// fails: the history the kept-list tests read. It returns the first
// version's entries (after header), the second version's text, and the
// second's commit.
func ownerLeft(f *fixture) (people, noOwner, failing string) {
	people = person("ada@example.org", `reports = "owner"`) + person("lin@example.org", `reports = "member"`)
	f.repo.Commit("members.toml", header+people, "Lists (#1)")
	noOwner = header + person("ada@example.org", `reports = "member"`) + person("lin@example.org", `reports = "member"`)
	return people, noOwner, f.repo.Commit("members.toml", noOwner, "No owner (#2)")
}

// TestAWindowNamesAGroupAsTheWholeHistoryDoes: the list of reports@ is
// renamed sec, then sec's address becomes security@: the whole history
// names reports@'s events by the id --list takes for it (reports); so
// does a window that starts after the rename, and --list reports returns
// those rows in it, as a month's export joins with the next (s31-audit).
func TestAWindowNamesAGroupAsTheWholeHistoryDoes(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	at := func(address, id string) string {
		return strings.Replace(strings.Replace(founded(header), "security@example.org", address, 1), "[lists.reports]", "[lists."+id+"]", 1) +
			strings.ReplaceAll(founder(`reports = "owner"`)+person("pat@example.org", `reports = "member"`), "reports =", id+" =")
	}
	f.repo.Commit("members.toml", at("reports@example.org", "reports"), "The list (#1)")
	f.repo.Commit("members.toml", at("reports@example.org", "sec"), "Rename it sec (#2)")
	since := f.repo.Commit("members.toml", at("security@example.org", "sec"), "sec moves to security@ (#3)")
	whole := f.doHistory(workspace.HistoryOptions{Format: report.CSV})
	window := f.doHistory(workspace.HistoryOptions{Format: report.CSV, Since: since + "~1"})
	listed := f.doHistory(workspace.HistoryOptions{Format: report.CSV, Since: since + "~1", Lists: []string{"reports"}})
	row := regexp.MustCompile(`(?m)^[^\n]*,reports,[^\n]*pat@example.org[^\n]*removed`)
	for name, r := range map[string]outcome{"whole": whole, "window": window, "--list reports in the window": listed} {
		if !row.MatchString(r.stdout) {
			t.Errorf("%s: pat's removal from reports@ is not named reports:\n%s%s", name, r.stdout, r.stderr)
		}
	}
}

// TestShowOrdersAddressesCaseAside: show lists a list's members by
// address as everything else compares them, case aside: ada@ before
// Dan@ (s31-audit).
func TestShowOrdersAddressesCaseAside(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`)+person("Dan@Example.org", `reports = "member"`)+person("bo@example.org", `reports = "member"`), "The list (#1)")
	out := f.doShow(workspace.ShowOptions{At: "HEAD"}).stdout
	a, b, d := strings.Index(out, "ada@example.org"), strings.Index(out, "bo@example.org"), strings.Index(out, "Dan@Example.org")
	if a < 0 || b < 0 || d < 0 || !(a < b && b < d) {
		t.Errorf("show's order:\n%s", out)
	}
}
