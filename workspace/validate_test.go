package workspace_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/internal/shipped"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// doValidate validates file in format as of today, against base; a
// file other than members.toml is named in the hints, as --file names it.
func (f *fixture) doValidate(file string, format report.Format, base string) outcome {
	hint := workspace.Context{}
	if file != "members.toml" {
		hint.File = file
	}
	return f.outcome(f.ws(hint).Validate(ctx, workspace.ValidateOptions{Source: workspace.Source{Path: file}, Format: format, At: todayDate, Base: base}))
}

// badCorpus is the corpus of malformed and policy-violating files, each
// beside its golden output.
var badCorpus = filepath.Join("..", "testdata", "bad")

// TestValidateBadFiles runs validate over the corpus of malformed and
// policy-violating files: each must exit 1 with messages that name a
// line, and the whole output must match its golden file.
func TestValidateBadFiles(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join(badCorpus, "*.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 40 {
		t.Fatalf("corpus has %d files, want at least 40", len(files))
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".toml"), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			// Outside the repository: the corpus's own git history must
			// not decide who was "already on a list".
			f := newFixture(t, "")
			f.write(name, string(data))
			r := f.doValidate(name, report.Text, "")
			if r.code != workspace.ExitFailed {
				t.Errorf("exit %d, want 1", r.code)
			}
			for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
				if !strings.HasPrefix(line, name+":") || strings.Count(line, ":") < 3 {
					t.Errorf("finding without file:line:col: %q", line)
				}
			}
			golden(t, filepath.Join("..", badCorpus, strings.TrimSuffix(name, ".toml")+".golden"), r.golden())
		})
	}
}

// TestValidateFormats: the findings of a file with many errors as JSON
// and as GitHub annotations.
func TestValidateFormats(t *testing.T) {
	t.Parallel()
	for _, format := range []report.Format{report.JSON, report.GitHub} {
		t.Run(string(format), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "")
			data, err := os.ReadFile(filepath.Join(badCorpus, "many-errors.toml"))
			if err != nil {
				t.Fatal(err)
			}
			f.write("many-errors.toml", string(data))
			r := f.doValidate("many-errors.toml", format, "")
			if r.code != workspace.ExitFailed {
				t.Errorf("exit %d, want 1", r.code)
			}
			golden(t, filepath.Join("validate-many-errors", "want."+string(format)+".golden"), r.stdout)
		})
	}
}

// TestValidateExample: the project's own members.toml, as shipped,
// validates clean.
func TestValidateExample(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", string(shipped.Example(t)))
	r := f.doValidate("members.toml", report.JSON, "")
	if r.code != 0 || strings.TrimSpace(r.stdout) != "[]" {
		t.Fatalf("the project's members.toml must validate clean:\n%s%s", r.stdout, r.stderr)
	}
}

// TestValidateLargeFile checks that a 2 MB file (10,000 members, checked
// in parallel chunks) with one bad entry near the end reports that entry
// at the right line, and nothing else. bench/ times the larger files.
func TestValidateLargeFile(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	var b strings.Builder
	b.WriteString(readTestdata(t, "large-file/members.toml"))
	n := 0
	for b.Len() < 2<<20 {
		n++
		fmt.Fprintf(&b, "\n[[member]]\nemail = \"person%06d@example.org\"\nname = \"Person %d\"\nlists = { announce = \"member\" }\n  [[member.vetting]]\n  by = \"owner@example.org\"\n  on = 2026-01-01\n  method = \"video-call\"\n  note = \"%s\"\n", n, n, strings.Repeat("x", 40))
	}
	line := strings.Count(b.String(), "\n") + 4 // the lists line of the member appended below
	b.WriteString("\n[[member]]\nemail = \"late@example.org\"\nlists = { announce = \"member\" }\n")
	f.write("members.toml", b.String())
	r := f.doValidate("members.toml", report.Text, "")
	want := fmt.Sprintf("members.toml:%d:11: error: member late@example.org: no vetting record for announce", line)
	if r.code != workspace.ExitFailed || !strings.HasPrefix(r.stdout, want) || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("exit %d, stdout:\n%s\nwant a line starting %q", r.code, r.stdout, want)
	}
}

// TestValidateKnowsWhoWasAlreadyOnTheList: against the committed file, a
// lapsed record of someone already on the list is a warning (a GitHub
// warning annotation), of someone being added an error; and a list over
// its cap is annotated at the entry the change added.
func TestValidateKnowsWhoWasAlreadyOnTheList(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := strings.Replace(readTestdata(t, "report-list/members.toml"), "min_owners = 1", "min_owners = 1\nmax_members = 3", 1)
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-06-05")
	grace := entry("grace@example.org", "member", "ada@example.org", "2026-06-05")
	old := entry("old@example.org", "member", "ada@example.org", "2025-01-05")
	f.repo.Commit("members.toml", hdr+ada+grace+old, "Create the list (#1)")
	late := entry("late@example.org", "member", "ada@example.org", "2025-01-05")
	f.write("members.toml", hdr+ada+grace+old+late)
	r := f.doValidate("members.toml", report.GitHub, "")
	if r.code != workspace.ExitFailed {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	for who, level := range map[string]string{"old@example.org": "::warning", "late@example.org": "::error"} {
		found := false
		for _, l := range lines {
			if strings.Contains(l, who) && strings.Contains(l, "vetting-stale") {
				found = strings.HasPrefix(l, level)
			}
		}
		if !found {
			t.Errorf("%s: want a %s annotation:\n%s", who, level, r.stdout)
		}
	}
	var capLine string
	for _, l := range lines {
		if strings.Contains(l, "max-members") {
			capLine = l
		}
	}
	lateLine := strings.Count(hdr+ada+grace+old, "\n") + 4 // the lists line of late's entry
	if !strings.Contains(capLine, fmt.Sprintf("line=%d,", lateLine)) || !strings.Contains(capLine, "raise max_members") {
		t.Errorf("the cap annotation is not on late's entry (line %d): %q", lateLine, capLine)
	}
	// Committed, the file is judged against itself: everyone on a list
	// at HEAD is on it, exactly as with --base HEAD, whatever the shape of
	// the history before (the verdict never depends on it). To judge the
	// commit, name its base.
	f.repo.Git("commit", "-qam", "Add late (#2)")
	plain := f.doValidate("members.toml", report.Text, "")
	explicit := f.doValidate("members.toml", report.Text, "HEAD")
	if plain.stdout != explicit.stdout || plain.code != explicit.code {
		t.Errorf("validate and validate --base HEAD disagree on a clean checkout:\n%s\n---\n%s", plain.stdout, explicit.stdout)
	}
	// late's record had lapsed when the commit listed them: it never
	// admitted them, which history tells (old's, which lapsed while they
	// were on the list, still lets them stay).
	if !strings.Contains(plain.stdout, "error: member late@example.org") || !strings.Contains(plain.stdout, "it never admitted them") || !strings.Contains(plain.stdout, "warning: member old@example.org") {
		t.Errorf("after the commit (late listed on a lapsed record): exit %d\n%s", plain.code, plain.stdout)
	}
	if r := f.doValidate("members.toml", report.Text, "HEAD~1"); r.code != workspace.ExitFailed || !strings.Contains(r.stdout, "warning: member old@example.org") || !strings.Contains(r.stdout, "roster will not add them to reports") {
		t.Errorf("--base HEAD~1: exit %d\n%s", r.code, r.stdout)
	}
}

// TestValidateBaseListingOnePersonTwice: a committed version that lists
// one mailbox twice is passed over as the base, as history and sync pass
// it over: someone it added is still being added by the working copy,
// and a lapsed record of theirs is an error, not "they stay on the list".
func TestValidateBaseListingOnePersonTwice(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	lapsed := func(email string) string { return entry(email, "member", "ada@example.org", "2025-01-05") }
	f.repo.Commit("members.toml", hdr+ada, "Create the list (#1)")
	f.repo.Commit("members.toml", hdr+ada+lapsed("x@example.org")+lapsed("X@Example.org"), "x, twice (#2)")
	f.write("members.toml", hdr+ada+lapsed("x@example.org"))
	r := f.doValidate("members.toml", report.Text, "")
	if r.code != 1 || !regexp.MustCompile(`error: member x@example.org: vetting .* lapsed on`).MatchString(r.stdout) || strings.Contains(r.stdout, "until re-vetted") {
		t.Errorf("exit %d: the addition's lapsed record is not an error\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestALapsedAdditionIsNotSaidToStay: x, committed on the list on a
// record that has lapsed since, is not on the group; an unrelated edit
// makes validate judge the file against HEAD, where x was listed. The
// plan's reason for not adding x must not say that they stay on the
// list, which they are not on: the plan reads the group, and blocks
// the addition as it does with the file as committed.
func TestALapsedAdditionIsNotSaidToStay(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	x := entry("x@example.org", "member", "ada@example.org", "2025-01-05")
	f.repo.Commit("members.toml", hdr+ada+x, "Create the list (#1)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	f.write("members.toml", hdr+ada+x+entry("y@example.org", "member", "ada@example.org", "2026-11-01"))
	r := f.doPlan(workspace.PlanOptions{})
	if !strings.Contains(r.stdout, "+ x@example.org") || !strings.Contains(r.stdout, "roster will not add them to reports on a lapsed record") || strings.Contains(r.stdout, "they stay on") {
		t.Errorf("plan:\n%s%s", r.stdout, r.stderr)
	}
}

// TestPlanAndValidateNameOneLineForAnEntry: an entry on no list, whose
// person is on the group by hand: the plan's note and validate's
// warning name the same line of the file.
func TestPlanAndValidateNameOneLineForAnEntry(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	content := founded(header) + founder(`reports = "owner"`) + "\n[[member]]\nemail = \"dana@example.org\"\nname = \"Dana\"\nlists = {}\n"
	f.write("members.toml", content)
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "dana@example.org"}); err != nil {
		t.Fatal(err)
	}
	line := strings.Count(content[:strings.Index(content, "lists = {}")], "\n") + 1
	p := f.doPlan(workspace.PlanOptions{})
	v := f.doValidate("members.toml", report.Text, "")
	if !strings.Contains(p.stdout, fmt.Sprintf("line %d has an entry for them on no list", line)) || !strings.Contains(v.stdout, fmt.Sprintf("members.toml:%d:", line)) {
		t.Errorf("want line %d in both:\nplan:\n%s\nvalidate:\n%s", line, p.stdout, v.stdout)
	}
}

// TestValidateAtADayGoneBySaysWhatItJudges: validate --at a past day
// judges the file as it is now, which audit --at (the file as it stood)
// does not: it says so, naming the command that answers the other
// question, so that the two are not read as one answer.
func TestValidateAtADayGoneBySaysWhatItJudges(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`), "The list (#1)")
	r := f.outcome(f.ws(workspace.Context{}).Validate(ctx, workspace.ValidateOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text, At: todayDate.AddDate(0, 0, -10)}))
	if !strings.Contains(r.stderr, "is a day gone by: validate judges members.toml as it is now") || !strings.Contains(r.stderr, "roster audit --at 2026-11-14 reads the file as it stood then") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	if r := f.doValidate("members.toml", report.Text, ""); strings.Contains(r.stderr, "day gone by") {
		t.Errorf("today is no day gone by:\n%s", r.stderr)
	}
	// Before the file's first commit, and outside git, audit --at has
	// no version to read: it is not offered.
	r = f.outcome(f.ws(workspace.Context{}).Validate(ctx, workspace.ValidateOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text, At: todayDate.AddDate(-5, 0, 0)}))
	if !strings.Contains(r.stderr, "is a day gone by") || strings.Contains(r.stderr, "audit --at") || !strings.Contains(r.stderr, "git has no version of it from then") {
		t.Errorf("before the first commit:\n%s", r.stderr)
	}
	plain := newFixture(t, "")
	plain.write("members.toml", founded(header)+founder(`reports = "owner"`))
	r = plain.outcome(plain.ws(workspace.Context{}).Validate(ctx, workspace.ValidateOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text, At: todayDate.AddDate(0, 0, -10)}))
	if !strings.Contains(r.stderr, "is a day gone by") || strings.Contains(r.stderr, "audit --at") || !strings.Contains(r.stderr, "no git history") {
		t.Errorf("outside git:\n%s", r.stderr)
	}
}

// TestARespelledMemberIsNoNewcomer: a change that only respells x@ as
// x+lists@, whose record has lapsed, adds nobody: validate warns (they
// stay until re-vetted), as for a respelling in case, and does not fail
// the change as if x were being added.
func TestARespelledMemberIsNoNewcomer(t *testing.T) {
	t.Parallel()
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	for _, spelling := range []string{"X@Example.org", "x+lists@example.org"} {
		t.Run(spelling, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			f.repo.Commit("members.toml", hdr+ada+entry("x@example.org", "member", "ada@example.org", "2025-01-05"), "x (#1)")
			f.write("members.toml", hdr+ada+entry(spelling, "member", "ada@example.org", "2025-01-05"))
			r := f.doValidate("members.toml", report.Text, "HEAD")
			if !strings.Contains(r.stdout, "warning: member "+spelling) || strings.Contains(r.stdout, "error: member "+spelling) {
				t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// TestAnnotationsNameTheFileFromTheTop: GitHub attaches an annotation
// to the pull request's diff by the file's path in the repository, so
// that is the path they give, however the step named the file, and the
// commands they quote name it so too.
func TestAnnotationsNameTheFileFromTheTop(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("team/members.toml", header+entry("late@example.org", "member", "ada@example.org", "2025-01-05"), "The list (#1)")
	if err := os.MkdirAll(filepath.Join(f.repo.Dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ dir, file string }{
		{f.repo.Dir, "team/members.toml"},
		{filepath.Join(f.repo.Dir, "sub"), "../team/members.toml"},
		{filepath.Join(f.repo.Dir, "team"), "members.toml"},
		{f.repo.Dir, filepath.Join(f.repo.Dir, "team", "members.toml")},
	} {
		f.dir = tc.dir
		r := f.doValidate(tc.file, report.GitHub, "")
		if !strings.Contains(r.stdout, "::error file=team/members.toml,line=") || strings.Contains(r.stdout, "file=..") || strings.Contains(r.stdout, "file=/") ||
			// The commands they quote run from the top too.
			!strings.Contains(r.stdout, "'roster vet --file team/members.toml late@example.org") || strings.Count(r.stdout, "--file") != strings.Count(r.stdout, "--file team/members.toml") {
			t.Errorf("--file %s from %s: exit %d\n%s%s", tc.file, tc.dir, r.code, r.stdout, r.stderr)
		}
	}
}

// TestGitDirIgnoredIsSaid: with GIT_DIR (a bare repository beside a work
// tree) roster reads the file as outside git, since it ignores the
// variable; validate and plan say so, and what to do, rather than
// "commit the file to git" of a file that is.
func TestGitDirIgnoredIsSaid(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.vars["GIT_DIR"] = "/srv/roster.git"
	f.write("members.toml", founded(header)+founder(`reports = "owner"`)+person("pat@example.org", `reports = "member"`))
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "zed@example.org"}); err != nil {
		t.Fatal(err)
	}
	const want = "GIT_DIR is set, which roster ignores"
	if v := f.doValidate("members.toml", report.Text, ""); !strings.Contains(v.stderr, want) {
		t.Errorf("validate does not say GIT_DIR is ignored:\n%s%s", v.stdout, v.stderr)
	}
	if p := f.doPlan(workspace.PlanOptions{}); !strings.Contains(p.stdout+p.stderr, want) || strings.Contains(p.stdout+p.stderr, "commit the file to git") {
		t.Errorf("plan does not say GIT_DIR is ignored:\n%s%s", p.stdout, p.stderr)
	}
}
