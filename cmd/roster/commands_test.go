package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/pullrequest/githubtest"
)

// One or two runs of each command through run(), as a user types them:
// the flags reach the use case, and its outcome the exit code. What
// each use case does is tested in ../../workspace. None of these tests
// is parallel: run is not reentrant (urfave/cli's help flag is a
// package variable that every run sets).

// TestExitCodes: 0 nothing to do, 2 plan (or sync --dry-run) found
// changes, 1 an error, 3 sync left someone the file does not name on a
// list that keeps them.
func TestExitCodes(t *testing.T) {
	dir := copyCase(t, "plan-uptodate")
	d := newDomain(t, emulator.Options{}, filepath.Join(dir, "live.json"))
	if r := d.run(t, dir, "sync"); r.code != 0 || d.writes() != 0 {
		t.Errorf("sync with nothing to do: exit %d, %d writes", r.code, d.writes())
	}
	if r := d.run(t, dir, "plan"); r.code != 0 {
		t.Errorf("plan with nothing to do: exit %d", r.code)
	}
	path := filepath.Join(dir, "members.toml")
	writeFile(t, path, []byte(strings.Replace(readFile(t, path), `lists = { reports = "member" }`, `lists = { reports = "owner" }`, 1)))
	if r := d.run(t, dir, "plan"); r.code != 2 {
		t.Errorf("plan with a change: exit %d", r.code)
	}
	if r := d.run(t, dir, "sync", "--dry-run"); r.code != 2 || d.writes() != 0 {
		t.Errorf("sync --dry-run: exit %d, %d writes", r.code, d.writes())
	}
	if r := d.run(t, dir, "sync"); r.code != 0 || d.writes() != 1 {
		t.Errorf("sync: exit %d, %d writes\n%s", r.code, d.writes(), r.stderr)
	}
	writeFile(t, path, []byte("schema = 1\n[lists.reports\n"))
	if r := d.run(t, dir, "sync"); r.code != 1 || d.writes() != 1 {
		t.Errorf("sync of a broken file: exit %d, %d writes\n%s", r.code, d.writes(), r.stderr)
	}
	// A walk-in on a list whose policy keeps them: done, but not green.
	dir = copyCase(t, "truth")
	d = newDomain(t, emulator.Options{}, filepath.Join(dir, "live.json"))
	if r := d.run(t, dir, "sync"); r.code != 3 || !strings.Contains(r.stderr, "walk-in@example.org (reports)") {
		t.Errorf("sync with a walk-in: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestQuickStart is the README's first command: sync the project's own
// members.toml against the built-in emulator, twice.
func TestQuickStart(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "members.toml"), exampleFile(t))
	// Every membership of a google list is an add into the new domain.
	f, err := members.Parse("members.toml", exampleFile(t))
	if err != nil {
		t.Fatal(err)
	}
	adds := 0
	for _, m := range f.Members {
		for _, ms := range m.Lists {
			if f.List(ms.List).Provider == members.ProviderGoogle {
				adds++
			}
		}
	}
	r := runRoster(t, dir, "sync", "--emulator", "--rate", "10000")
	// Every change applied, the group and its settings counted too.
	applied := regexp.MustCompile(fmt.Sprintf(`Applied (\d+) of (\d+) changes \(1 group created, %d added, 0 removed, 0 roles changed, (\d+) settings\)`, adds)).FindStringSubmatch(r.stdout)
	if r.code != 0 || !strings.Contains(r.stdout, fmt.Sprintf("Plan: 1 group to create, %d to add", adds)) || applied == nil ||
		applied[1] != applied[2] || applied[1] != fmt.Sprint(adds+1+atoi(t, applied[3])) {
		t.Fatalf("first run: exit %d, want %d adds\n%s%s", r.code, adds, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, ".roster", "emulator.json")); err != nil {
		t.Errorf("no emulator state under .roster/: %v", err)
	}
	r = runRoster(t, dir, "sync", "--emulator")
	if r.code != 0 || !strings.Contains(r.stdout, "No changes: the live groups match members.toml.") {
		t.Fatalf("second run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestPlanApplyAuditImport: plan --out, then apply with its flags after
// the plan file; audit --live and import read the same domain.
func TestPlanApplyAuditImport(t *testing.T) {
	dir := copyCase(t, "plan-uptodate")
	path := filepath.Join(dir, "members.toml")
	writeFile(t, path, []byte(readFile(t, path)+"\n[[member]]\nemail = \"lin@example.org\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-06-01, method = \"video-call\" }]\n"))
	d := newDomain(t, emulator.Options{}, filepath.Join(dir, "live.json"))
	if r := d.run(t, dir, "plan", "--out", "plan.json", "--format", "markdown"); r.code != 2 || !strings.Contains(r.stdout, "lin@example.org") || !strings.Contains(r.stderr, "roster apply plan.json") {
		t.Fatalf("plan --out: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runRosterEnv(t, dir, d.vars(), "apply", "plan.json", "--rate", "100"); r.code != 0 || len(d.members("security@example.org")) != 3 {
		t.Errorf("apply plan.json --rate 100: exit %d\n%s", r.code, r.stderr)
	}
	r := d.run(t, dir, "audit", "--live", "--format", "json")
	var a struct{ Violations int }
	if err := json.Unmarshal([]byte(r.stdout), &a); r.code != 0 || err != nil || a.Violations != 0 {
		t.Errorf("audit --live --format json: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if err := d.emu.AddGroup("other@example.org"); err != nil {
		t.Fatal(err)
	}
	if r := runRosterEnv(t, dir, d.vars(), "import", "--list", "reports"); r.code != 0 || !strings.Contains(r.stderr, "nothing to import") {
		t.Errorf("import: exit %d\n%s", r.code, r.stderr)
	}
}

// TestEditCommands: add, vet, role, remove, fmt and import edit the file
// as their flags say.
func TestEditCommands(t *testing.T) {
	dir := copyCase(t, "edit-base")
	path := filepath.Join(dir, "members.toml")
	writeFile(t, filepath.Join(dir, "export.csv"), []byte("Email address,Nickname,Group status\nvendor@example.net,,member\n"))
	for _, args := range [][]string{
		{"add", "new@example.org", "--list", "reports:manager", "--name", "New Person", "--by", "ada-x", "--method", "video-call", "--note", "Checked.", "--on", "2026-11-01"},
		{"vet", "new@example.org", "--by", "ada-x", "--method", "video-call", "--note", "Again.", "--evidence", "https://example.org/n"},
		{"role", "new@example.org", "--list", "reports", "owner"},
		{"remove", "lin@example.org", "--list", "announce"},
		{"import", "--list", "announce", "--from-csv", "export.csv"},
	} {
		// An import writes entries the policy may not take yet (exit 1,
		// "is written, but"): the file is written all the same.
		if r := runRoster(t, dir, args...); r.code != 0 && !(args[0] == "import" && strings.Contains(r.stderr, " is written, but ")) {
			t.Fatalf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
	f, err := members.Parse("members.toml", []byte(readFile(t, path)))
	if err != nil {
		t.Fatal(err)
	}
	m := f.FindMember("new@example.org")
	if role, _ := m.RoleOn("reports"); m.Name != "New Person" || role != members.RoleOwner || len(m.Vetting) != 2 || m.Vetting[1].Evidence != "https://example.org/n" || !m.Vetting[1].On.Equal(day2026) {
		t.Errorf("new@: %+v", m)
	}
	if _, on := f.FindMember("lin@example.org").RoleOn("announce"); on {
		t.Error("lin is still on announce")
	}
	if f.FindMember("vendor@example.net") == nil {
		t.Error("the export was not imported")
	}
	if r := runRoster(t, dir, "remove", "lin@example.org"); r.code != 0 || strings.Contains(readFile(t, path), "lin@example.org") {
		t.Errorf("remove: exit %d %s", r.code, r.stderr)
	}
	if r := runRoster(t, dir, "fmt", "--check"); r.code != 1 || !strings.Contains(r.stderr, "not formatted") {
		t.Errorf("fmt --check: exit %d %s", r.code, r.stderr)
	}
	if r := runRoster(t, dir, "fmt"); r.code != 0 {
		t.Errorf("fmt: exit %d %s", r.code, r.stderr)
	}
	if r := runRoster(t, dir, "fmt", "--check"); r.code != 0 {
		t.Errorf("fmt --check after fmt: exit %d %s", r.code, r.stdout)
	}
}

// TestValidateCommand: the project's own file, as shipped, validates
// clean, and $ROSTER_FILE names another.
func TestValidateCommand(t *testing.T) {
	shippedDir := t.TempDir()
	writeFile(t, filepath.Join(shippedDir, "members.toml"), exampleFile(t))
	if r := runRoster(t, shippedDir, "validate", "--format", "json"); r.code != 0 || strings.TrimSpace(r.stdout) != "[]" {
		t.Fatalf("the project's members.toml must validate clean:\n%s%s", r.stdout, r.stderr)
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "lists", "team.toml"), exampleFile(t))
	if r := runRosterEnv(t, dir, map[string]string{"ROSTER_FILE": "lists/team.toml"}, "validate"); r.code != 0 || !strings.Contains(r.stderr, "lists/team.toml: ok") {
		t.Errorf("exit %d %s", r.code, r.stderr)
	}
	// One that names no file says so, not "use $ROSTER_FILE".
	if r := runRosterEnv(t, dir, map[string]string{"ROSTER_FILE": "lists/gone.toml"}, "validate"); r.code != 1 || !strings.Contains(r.stderr, "$ROSTER_FILE names it: set it to the members file, or unset it and use --file") {
		t.Errorf("$ROSTER_FILE naming no file: exit %d %s", r.code, r.stderr)
	}
	// A corpus file fails with its findings, each at file:line:col.
	writeFile(t, filepath.Join(dir, "bad.toml"), []byte(readFile(t, filepath.Join("..", "..", "testdata", "bad", "many-errors.toml"))))
	r := runRoster(t, dir, "validate", "--file", "bad.toml", "--format", "github")
	if r.code != 1 || !strings.HasPrefix(r.stdout, "::error file=bad.toml,line=") {
		t.Errorf("validate --format github: exit %d\n%s", r.code, r.stdout)
	}
}

// TestReviewCommand: approvals given by hand decide the exit status.
func TestReviewCommand(t *testing.T) {
	repo := historytest.New(t)
	base := readFile(t, filepath.Join(caseDir("review"), "members.toml"))
	repo.Commit("members.toml", base, "Create the lists (#1)")
	writeFile(t, filepath.Join(repo.Dir, "members.toml"), []byte(base+"\n[[member]]\nemail = \"lin@example.org\"\ngithub = \"lin-x\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada-x\", on = 2026-01-01, method = \"video-call\" }]\n"))
	if r := runRoster(t, repo.Dir, "review", "--base", "HEAD"); r.code != 1 || !strings.Contains(r.stdout, "NOT APPROVED") {
		t.Errorf("not approved: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runRoster(t, repo.Dir, "review", "--base", "HEAD", "--approved-by", "ada-x", "--format", "markdown"); r.code != 0 {
		t.Errorf("approved: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestReviewOnAPullRequestCommand: the gate as the review job runs it,
// reading the pull request from a stand-in GitHub API: the author's own
// approval, an approval on an older commit and a commit's author line
// count for nothing; an owner's approval of the head does, and the
// verdict is posted as one comment.
func TestReviewOnAPullRequestCommand(t *testing.T) {
	repo := historytest.New(t)
	base := readFile(t, filepath.Join(caseDir("review"), "members.toml"))
	repo.Commit("members.toml", base, "Create the lists (#1)")
	repo.Commit("members.toml", base+"\n[[member]]\nemail = \"lin@example.org\"\ngithub = \"lin-x\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada-x\", on = 2026-01-01, method = \"video-call\" }]\n", "Add lin (#7)")
	head := strings.TrimSpace(repo.Git("rev-parse", "HEAD"))
	gh := githubtest.New(t)
	// lin-x opens it; the commit claims to be ada-x's, who is the vetter.
	gh.PR(7, "lin-x", "ada-x")
	gh.SetHead(7, head)
	for _, login := range []string{"ada-x", "bob-x", "lin-x"} {
		gh.Perm(login, "write", "write")
	}
	_, srv := gh.Serve()
	vars := map[string]string{"GITHUB_API_URL": srv.URL, "GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": githubtest.Token}
	review := func() result {
		return runRosterEnv(t, repo.Dir, vars, "review", "--base", "HEAD~1", "--head", "HEAD", "--github-pr", "7", "--comment")
	}
	gh.Review(7, "lin-x", "APPROVED", head)
	gh.Review(7, "bob-x", "APPROVED", githubtest.OldSHA)
	if r := review(); r.code != 1 || !strings.Contains(r.stdout, "@ada-x, named as the vetter, must approve") || !strings.Contains(r.stdout, "NOT APPROVED") {
		t.Fatalf("before any approval that counts: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// ada-x attests to her record by approving; as a commit names her,
	// her approval does not count as an owner's.
	gh.Review(7, "ada-x", "APPROVED", head)
	if r := review(); r.code != 1 || !strings.Contains(r.stdout, "vetter ada-x: OK") || !strings.Contains(r.stdout, "not counted: @ada-x (authored a commit") {
		t.Fatalf("approved by the vetter only: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	gh.Review(7, "bob-x", "APPROVED", head)
	if r := review(); r.code != 0 {
		t.Fatalf("approved by another owner: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if cs := gh.Comments(7); len(cs) != 1 {
		t.Errorf("%d comments, want one, updated in place", len(cs))
	}
}

// TestAuditGitHubIssueCommand: the weekly reminder as the workflow runs
// it: one issue of roster's own, mentioning the vetter whose record
// lapses, from the environment GitHub Actions sets.
func TestAuditGitHubIssueCommand(t *testing.T) {
	repo := historytest.New(t)
	// The shipped example: records of 2026-02-03 lapse on 2036-02-01,
	// within ten years of today. (--at a day to come is refused with
	// --github-issue.)
	repo.Commit("members.toml", string(exampleFile(t)), "Create the lists (#1)")
	gh := githubtest.New(t)
	_, srv := gh.Serve()
	vars := map[string]string{"GITHUB_API_URL": srv.URL, "GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": githubtest.Token}
	r := runRosterEnv(t, repo.Dir, vars, "audit", "--upcoming", "10y", "--github-issue")
	if len(gh.Issues) != 1 || !strings.Contains(fmt.Sprint(gh.Issues[0]["body"]), "@bjorn-halvorsen") {
		t.Fatalf("want one reminder issue mentioning a vetter: %v\nexit %d\n%s%s", gh.Issues, r.code, r.stdout, r.stderr)
	}
}

// TestDoctorAndSiteCommands: doctor against an emulated domain passes;
// site writes the site.
func TestDoctorAndSiteCommands(t *testing.T) {
	dir := copyCase(t, "plan-uptodate")
	d := newDomain(t, emulator.Options{}, filepath.Join(dir, "live.json"))
	if r := d.run(t, dir, "doctor"); r.code != 0 || !strings.Contains(r.stdout, "Every check passed") {
		t.Errorf("doctor: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runRosterEnv(t, dir, d.vars(), "site", "--out", "site", "--live"); r.code != 0 {
		t.Errorf("site: exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "site", "index.html")); err != nil {
		t.Error(err)
	}
}

// TestAtTheFirstDay: --at 0001-01-01, the zero time.Time, is a day like
// any other, never "no --at": site and audit read the file as it stood
// then, as show does, and say it did not exist yet; with no git history
// to read it from, they read it as it is now, as of that day.
func TestAtTheFirstDay(t *testing.T) {
	repo := historytest.New(t)
	file := string(exampleFile(t))
	repo.Commit("members.toml", file, "Create the lists (#1)")
	for _, args := range [][]string{{"site", "--out", "x"}, {"site", "--public", "--out", "y"}, {"audit"}, {"audit", "--format", "json"}, {"show"}} {
		for _, day := range []string{"0001-01-01", "0001-01-02"} {
			r := runRoster(t, repo.Dir, append(args, "--at", day)...)
			// Asked for JSON, stdout is one document saying why; else
			// nothing.
			stdoutOK := r.stdout == ""
			if slices.Contains(args, "json") {
				v, err := oneJSONValue(r.stdout)
				doc, _ := v.(map[string]any)
				why, _ := doc["refused"].(string)
				stdoutOK = err == nil && strings.Contains(why, "did not exist on or before "+day)
			}
			if want := "members.toml did not exist on or before " + day; r.code != 1 || !strings.Contains(r.stderr, want) || !stdoutOK {
				t.Errorf("%s --at %s: exit %d, want 1 and %q\n%s%s", strings.Join(args, " "), day, r.code, want, r.stdout, r.stderr)
			}
		}
	}

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "members.toml"), []byte(file))
	if r := runRoster(t, dir, "site", "--out", "x", "--at", "0001-01-01"); r.code != 0 || !strings.Contains(r.stderr, "no git history") {
		t.Errorf("site --at 0001-01-01 of a file with no history: exit %d\n%s", r.code, r.stderr)
	} else if index := readFile(t, filepath.Join(dir, "x", "index.html")); !strings.Contains(index, "0001-01-01") {
		t.Errorf("the site as of 0001-01-01 does not say so:\n%s", index)
	}
	if r := runRoster(t, dir, "audit", "--at", "0001-01-01"); !strings.Contains(r.stdout, "Audit of 0001-01-01") || !strings.Contains(r.stderr, "no git history") {
		t.Errorf("audit --at 0001-01-01 of a file with no history: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestJSONDocumentOfARefusedCommandLine: plan, sync and apply asked for
// JSON print their one document, refused saying why, when a flag's value
// is refused before the command runs.
func TestJSONDocumentOfARefusedCommandLine(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "members.toml"), exampleFile(t))
	for _, args := range [][]string{
		{"plan", "--emulator", "--format", "json", "--changed-since", "bogus"},
		{"sync", "--emulator", "--format", "json", "--changed-since", "bogus"},
		{"plan", "--emulator", "--format", "json", "--max-removal-ratio", "7"},
		{"apply", "--emulator", "--format", "json", "--concurrency", "0", "plan.json"},
	} {
		r := runRoster(t, dir, args...)
		var doc struct {
			Refused string `json:"refused"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.Refused == "" || r.code != 1 {
			t.Errorf("%v: exit %d, %v\n%s%s", args, r.code, err, r.stdout, r.stderr)
		}
	}
}

// atoi is s as a number, failing t when it is none.
func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
