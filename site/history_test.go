package site_test

import (
	"context"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/site"
)

// elFile is a file of one list, el, whose policy has a cap (0 for none)
// and a vetted_by, and of entries "name:role" with records
// "by@@date" after a space each.
func elFile(limit int, vettedBy string, entries ...string) string {
	cap := ""
	if limit > 0 { // max_members = 0 is a policy sync refuses whole
		cap = fmt.Sprintf("max_members = %d\n", limit)
	}
	s := fmt.Sprintf("schema = 1\n\n[lists.el]\naddress = \"el@example.org\"\npolicy = \"p\"\n\n[policies.p]\n%svetting_methods = [\"video-call\"]\nvetted_by = %q\n", cap, vettedBy)
	for _, e := range entries {
		fields := strings.Fields(e)
		name, role, _ := strings.Cut(fields[0], ":")
		s += fmt.Sprintf("\n[[member]]\nemail = \"%s@example.org\"\nlists = { el = %q }\n", name, role)
		for _, r := range fields[1:] {
			by, on, _ := strings.Cut(r, "@@")
			s += fmt.Sprintf("\n  [[member.vetting]]\n  by = %q\n  on = %s\n  method = \"video-call\"\n", by, on)
		}
	}
	return s
}

// fromHistory is the input of a site of the file in a repository as
// roster site reads it: the history up to until ("" for all of it)
// with its versions, and the file as it was then.
func fromHistory(t *testing.T, r *historytest.Repo, until, today string) site.Input {
	t.Helper()
	var versions []*history.Version
	events, problems, err := history.History(context.Background(), r.Dir, "members.toml", history.Options{
		LogOptions: history.LogOptions{Until: until},
		Versions:   func(vs []*history.Version) { versions = vs },
	})
	if err != nil {
		t.Fatal(err)
	}
	rev := "HEAD"
	if until != "" {
		rev = r.Git("log", "-1", "--first-parent", "--format=%H", "--until="+until+"T23:59:59Z", "HEAD")
	}
	f, err := members.Parse("members.toml", []byte(r.Git("show", rev+":members.toml")))
	if err != nil {
		t.Fatal(err)
	}
	return site.Input{File: f, Events: events, Versions: versions, Commits: len(versions) + len(problems), Skipped: len(problems), Today: dayRef(today)}
}

// build builds the site of in and returns its files.
func build(t *testing.T, in site.Input) map[string][]byte {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if err := site.Build(dir, in); err != nil {
		t.Fatal(err)
	}
	return readSite(t, dir)
}

// TestSizeAgainstTheCapThen: a list's size over time is drawn against
// the cap it had each day, as the file's versions say (a cap lowered
// under its size, then raised, and one change of the file that changed
// no membership), compared with testdata/caps/list-el.size.golden.
func TestSizeAgainstTheCapThen(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	r.Commit("members.toml", elFile(100, "member", "ada:owner", "bob:member", "carl:member"), "Create el")
	r.Commit("members.toml", elFile(100, "member", "ada:owner", "bob:member", "carl:member", "dan:member"), "Add dan")
	r.Commit("members.toml", elFile(3, "member", "ada:owner", "bob:member", "carl:member", "dan:member"), "Lower the cap")
	r.Commit("members.toml", elFile(3, "member", "ada:owner", "bob:member", "carl:member"), "Remove dan")
	r.Commit("members.toml", elFile(10, "member", "ada:owner", "bob:member", "carl:member"), "Raise the cap")
	page := string(build(t, fromHistory(t, r, "", "2026-03-10"))["list-el.html"])
	start, end := strings.Index(page, `<section aria-labelledby="size-heading">`), strings.Index(page, `<section aria-labelledby="timeline-heading">`)
	if start < 0 || end < start {
		t.Fatalf("no size section:\n%s", page)
	}
	got := page[start:end]
	golden := filepath.Join("testdata", "caps", "list-el.size.golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./site -run TestSizeAgainstTheCapThen -update)", err)
	}
	if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(got, "\n")); diff != "" {
		t.Errorf("the size section differs from %s (-want +got):\n%s", golden, diff)
	}
}

// TestAdmittedAsTheFileStoodThen: the timeline shows the record that
// admitted someone as the file stood when they joined (the vetters'
// roles then), the same whatever day the site is built for and however
// much later history it reads; not the record today's roles would
// pick.
func TestAdmittedAsTheFileStoodThen(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	old := "zed@example.org@@2026-01-01"
	dan := "dan:member carl@example.org@@2026-03-02 bob@example.org@@2026-03-01"
	r.Commit("members.toml", elFile(0, "owner", "anna:owner "+old, "bob:owner "+old, "carl:member "+old), "Create el")    // 2026-03-02
	r.Commit("members.toml", elFile(0, "owner", "anna:owner "+old, "bob:owner "+old, "carl:member "+old, dan), "Add dan") // 2026-03-03
	r.Commit("members.toml", elFile(0, "owner", "anna:owner "+old, "bob:member "+old, "carl:owner "+old, dan), "Swap bob and carl")
	admitted := regexp.MustCompile(`joined</td><th scope="row"><span class="person">dan@example.org</span></th><td class="nowrap">member</td><td><span class="nowrap">([^<]*)</span>, <span class="nowrap">([^<]*)</span>`)
	for _, tc := range []struct{ until, today string }{
		{"", "2026-12-01"},
		{"", "2026-03-05"},
		{"2026-03-03", "2026-03-03"},
		{"2026-03-03", "2026-03-20"},
	} {
		t.Run("history until "+tc.until+" built for "+tc.today, func(t *testing.T) {
			page := html.UnescapeString(string(build(t, fromHistory(t, r, tc.until, tc.today))["list-el.html"]))
			m := admitted.FindStringSubmatch(page)
			if m == nil || m[1] != "bob@example.org" || m[2] != "2026-03-01" {
				t.Errorf("dan's join is shown admitted by %q, want bob@example.org's record of 2026-03-01", m)
			}
		})
	}
}

// TestCommitsOfTheFile: the pages count every commit of the file the
// history read, not only those that changed a membership; a site of
// events alone counts the commits they name; and with no history at
// all the pages say so rather than "0 commits".
func TestCommitsOfTheFile(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		edit func(*site.Input)
		want []string // in the index
	}{
		{"every commit of the file", func(in *site.Input) { in.Commits = 12 }, []string{"from 12 commits of the members file since 2026-01-10", "Built by roster site for 2026-04-15 from 12 commits of the members file."}},
		{"events alone", func(*site.Input) {}, []string{"from 6 commits of the members file since 2026-01-10"}},
		{"no history", func(in *site.Input) { in.Events = nil }, []string{"from the members file alone (it has no git history).", "from the members file alone: it is not in a git repository, so the site has no history."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := smallInput(t, false)
			tc.edit(&in)
			files := build(t, in)
			index := string(files["index.html"])
			for _, w := range tc.want {
				if !strings.Contains(index, w) {
					t.Errorf("the index does not say %q:\n%s", w, index)
				}
			}
			if tc.name == "no history" && !strings.Contains(string(files["list-security-reports.html"]), "has no git history to say what it had before") {
				t.Errorf("the chart of a file with no history does not say so")
			}
		})
	}
}

// TestABranchsChangesCarryItsMergesPullRequest: someone listed and taken
// off again on a branch before it was merged shows on the timeline with
// the pull request of the merge that brought the branch in, never a
// number the branch's own subjects claim (its author types those).
func TestABranchsChangesCarryItsMergesPullRequest(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	r.Commit("members.toml", elFile(0, "member", "ada:owner"), "Create el (#1)")
	r.Git("checkout", "-q", "-b", "feature")
	r.Commit("members.toml", elFile(0, "member", "ada:owner", "ghost:member"), "Add ghost (#999)")
	r.Commit("members.toml", elFile(0, "member", "ada:owner"), "Drop ghost (#998)")
	r.Git("checkout", "-q", "-")
	r.Tick()
	r.Git("merge", "-q", "--no-ff", "-m", "Merge pull request #9 from x/feature", "feature")
	for _, public := range []bool{false, true} {
		in := fromHistory(t, r, "", "2026-03-10")
		in.Public = public
		page := string(build(t, in)["list-el.html"])
		start := strings.Index(page, `<section aria-labelledby="timeline-heading">`)
		if start < 0 {
			t.Fatalf("no timeline:\n%s", page)
		}
		timeline := page[start:]
		// The PR column; the auditor's page shows the branch's subjects
		// too, as written.
		if strings.Contains(timeline, ">#999<") || strings.Contains(timeline, ">#998<") || strings.Count(timeline, ">#9<") < 2 {
			t.Errorf("public %v: the branch's changes are not shown with the merge's pull request #9:\n%s", public, timeline)
		}
	}
}

// TestTheRecordThatAdmittedThemIsJudgedAsValidateJudgesIt: the timeline
// names the record that admitted someone as validate judges it: at the
// instant they joined (a record that lapsed later that day admitted
// them), and at the later bound of a commit whose line's dates read two
// ways (a tip dated before its parent: it may have been backdated past
// the day the record lapsed).
func TestTheRecordThatAdmittedThemIsJudgedAsValidateJudgesIt(t *testing.T) {
	t.Parallel()
	commit := func(r *historytest.Repo, content, subject, date string) {
		t.Helper()
		r.Write("members.toml", content)
		cmd := exec.Command("git", "commit", "-q", "-a", "-m", subject)
		if subject == "init" {
			cmd = exec.Command("sh", "-c", "git add members.toml && git commit -q -m init")
		}
		cmd.Dir = r.Dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v %s", err, out)
		}
	}
	// bob's record, 2025-02-01 under a policy of 365 days, lapsed on
	// 2026-02-01.
	file := func(bob bool) string {
		s := strings.Replace(elFile(0, "owner", "ada:owner ada@@2026-01-01"), "vetted_by", "vetting_valid_for = \"365d\"\nvetted_by", 1)
		if bob {
			s += "\n[[member]]\nemail = \"bob@example.org\"\nlists = { el = \"member\" }\n\n  [[member.vetting]]\n  by = \"ada@example.org\"\n  on = 2025-02-01\n  method = \"video-call\"\n"
		}
		return s
	}
	for _, tc := range []struct {
		name     string
		build    func(r *historytest.Repo)
		admitted bool
	}{
		{"joined the morning of the day before the lapse", func(r *historytest.Repo) {
			commit(r, file(false), "init", "2026-01-10T12:00:00Z")
			commit(r, file(true), "Add bob", "2026-01-31T11:00:00Z")
		}, true},
		{"the tip, dated before its parent, past the lapse", func(r *historytest.Repo) {
			commit(r, file(false), "init", "2026-01-10T12:00:00Z")
			commit(r, file(false)+"\n# x\n", "Tidy", "2026-03-01T12:00:00Z")
			commit(r, file(true)+"\n# x\n", "Add bob", "2026-01-15T12:00:00Z")
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := historytest.New(t)
			tc.build(r)
			page := string(build(t, fromHistory(t, r, "", "2026-12-01"))["list-el.html"])
			i := strings.Index(page, "bob@example.org")
			if i < 0 {
				t.Fatalf("no bob:\n%s", page)
			}
			row := page[i:]
			row = row[:strings.Index(row, "</tr>")]
			if strings.Contains(row, "no record admitted them then") == tc.admitted {
				t.Errorf("admitted %v wanted, row: %s", tc.admitted, row)
			}
		})
	}
}
