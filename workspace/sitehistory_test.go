package workspace_test

import (
	"fmt"
	"html"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/internal/shipped"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// siteFiles builds the auditor's site of members.toml as of day into a
// fresh directory and returns what the run did and the text of its
// pages (entities decoded), by name.
func (f *fixture) siteFiles(day time.Time) (outcome, map[string]string) {
	f.t.Helper()
	out := filepath.Join(f.t.TempDir(), "site")
	r := f.outcome(f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: day}))
	pages := map[string]string{}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if data, err := os.ReadFile(filepath.Join(out, e.Name())); err == nil {
			pages[e.Name()] = html.UnescapeString(string(data))
		}
	}
	return r, pages
}

// pointRows are the rows of a page's chart table: "date size change cap".
func pointRows(page string) []string {
	table := page[strings.Index(page, `<table class="points">`):]
	table = table[:strings.Index(table, "</table>")]
	var out []string
	for _, m := range regexp.MustCompile(`<tr><th scope="row" class="date">([^<]*)</th>(.*)</tr>`).FindAllStringSubmatch(table, -1) {
		cells := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(strings.ReplaceAll(m[2], "</td><td", "</td> <td"), "")
		out = append(out, m[1]+" "+cells)
	}
	return out
}

// TestSiteDrawsEachDayAgainstItsCapThen: the example file committed, then
// one list's cap lowered from 100 to 5 under its 6 members: the chart's
// table gives each day the cap it had (100 on the first, 5 from the
// day it was lowered, over it from then), the text says the cap now
// and since when, and the site as of a day in between, like audit
// --at, has the cap of 100.
func TestSiteDrawsEachDayAgainstItsCapThen(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	example := shipped.Example(t)
	f.repo.Commit("members.toml", string(example), "Create the lists")
	first := f.repo.Date()
	f.repo.Tick()
	between := f.repo.Date()
	f.repo.Tick()
	lowered := strings.Replace(string(example), "max_members = 100", "max_members = 5", 1)
	f.repo.Commit("members.toml", lowered, "Lower the cap of advance-warning")
	second := f.repo.Date()
	day := func(t time.Time) string { return t.Format("2006-01-02") }

	r, pages := f.siteFiles(todayDate)
	page := pages["list-advance-warning.html"]
	if r.code != 0 || page == "" {
		t.Fatalf("site: exit %d\n%s", r.code, r.stderr)
	}
	want := []string{day(first) + " 6  100", day(second) + " 6  5 over"}
	if got := pointRows(page); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the chart's table reads %q, want %q", got, want)
	}
	if says := fmt.Sprintf("Its cap is 5, since %s (before: 100 from %s). It has been over its cap since %s (6 of 5).", day(second), day(first), day(second)); !strings.Contains(page, says) {
		t.Errorf("the chart's text does not say %q:\n%s", says, page)
	}

	r, pages = f.siteFiles(between.Truncate(24 * time.Hour))
	page = pages["list-advance-warning.html"]
	if got := pointRows(page); r.code != 0 || fmt.Sprint(got) != fmt.Sprint([]string{day(first) + " 6  100"}) || !strings.Contains(page, "Its cap is 100.") || strings.Contains(page, "over its cap") || strings.Contains(page, `"warn">over<`) {
		t.Errorf("the site as of %s: exit %d, table %q\n%s", day(between), r.code, got, page)
	}
	a := f.doAudit(false, workspace.AuditOptions{At: between.Truncate(24 * time.Hour)})
	if !strings.Contains(a.stdout, "6 of 100") {
		t.Errorf("audit --at %s does not say 6 of 100:\n%s%s", day(between), a.stdout, a.stderr)
	}
}

// TestSiteShowsTheRecordThatAdmittedThemThen: dan joins el (vetted_by
// owner) with records by carl (a member then) and by bob (an owner
// then), and bob and carl swap roles later: every site, built today or
// as of the day after the join, names bob's record, as show --at does,
// never carl's, which did not meet the policy when dan joined.
func TestSiteShowsTheRecordThatAdmittedThemThen(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := "schema = 1\nadmins = [\"anna-x\"]\n\n[lists.el]\naddress = \"el@example.org\"\npolicy = \"p\"\n\n[policies.p]\nmin_owners = 1\nvetting_methods = [\"video-call\"]\nvetted_by = \"owner\"\n"
	entry := func(name, role string, records ...string) string {
		s := fmt.Sprintf("\n[[member]]\nemail = \"%s@example.org\"\nlists = { el = %q }\nvetting = [", name, role)
		for i, r := range records {
			by, on, _ := strings.Cut(r, "@@")
			if i > 0 {
				s += ", "
			}
			s += fmt.Sprintf("{ by = \"%s@example.org\", on = %s, method = \"video-call\" }", by, on)
		}
		return s + "]\n"
	}
	old := "zed@@2026-01-01"
	dan := entry("dan", "member", "carl@@2026-03-02", "bob@@2026-03-01")
	f.repo.Commit("members.toml", hdr+entry("anna", "owner", old)+entry("bob", "owner", old)+entry("carl", "member", old), "Create el")
	f.repo.Commit("members.toml", hdr+entry("anna", "owner", old)+entry("bob", "owner", old)+entry("carl", "member", old)+dan, "Add dan")
	joined := f.repo.Date()
	f.repo.Commit("members.toml", hdr+entry("anna", "owner", old)+entry("bob", "member", old)+entry("carl", "owner", old)+dan, "Swap bob and carl")

	admitted := regexp.MustCompile(`joined</td><th scope="row"><span class="person">dan@example.org</span></th><td class="nowrap">member</td><td><span class="nowrap">([^<]*)</span>, <span class="nowrap">([^<]*)</span>`)
	for _, at := range []time.Time{todayDate, joined.Truncate(24 * time.Hour), joined.AddDate(0, 0, 1).Truncate(24 * time.Hour)} {
		r, pages := f.siteFiles(at)
		m := admitted.FindStringSubmatch(pages["list-el.html"])
		if r.code != 0 || m == nil || m[1] != "bob@example.org" || m[2] != "2026-03-01" {
			t.Errorf("the site as of %s (exit %d) shows dan admitted by %q, want bob@example.org's record of 2026-03-01\n%s", at.Format("2006-01-02"), r.code, m, r.stderr)
		}
	}
	s := f.outcome(f.ws(workspace.Context{}).Show(ctx, workspace.ShowOptions{File: "members.toml", At: joined.Format("2006-01-02")}))
	if !strings.Contains(s.stdout, "vetted by bob@example.org on 2026-03-01") {
		t.Errorf("show --at %s does not name bob's record:\n%s%s", joined.Format("2006-01-02"), s.stdout, s.stderr)
	}
}

// TestSiteCountsEveryCommitOfTheFile: the pages count the commits of the
// file on the line as roster history and git log --first-parent
// --follow do (a list renamed, the file moved, a cap changed are
// commits of it too); a repository with no commit of the file is
// refused as history refuses it; outside git the pages say there is no
// history.
func TestSiteCountsEveryCommitOfTheFile(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("lists.toml", header+person("ada@example.org", `reports = "owner"`), "Create reports")
	f.repo.Commit("lists.toml", header+person("ada@example.org", `reports = "owner"`)+person("bob@example.org", `reports = "member"`), "Add bob")
	renamed := strings.ReplaceAll(header, "[lists.reports]", "[lists.security]")
	f.repo.Commit("lists.toml", renamed+person("ada@example.org", `security = "owner"`)+person("bob@example.org", `security = "member"`), "Rename reports")
	f.repo.Tick()
	f.repo.Git("mv", "lists.toml", "members.toml")
	f.repo.Git("commit", "-q", "-m", "Move the file")
	capped := strings.Replace(renamed, "[policies.p]\n", "[policies.p]\nmax_members = 5\n", 1)
	f.repo.Commit("members.toml", capped+person("ada@example.org", `security = "owner"`)+person("bob@example.org", `security = "member"`), "Cap it")
	f.repo.Commit("README.md", "Not the members file.\n", "Write a README")
	line := strings.Fields(f.repo.Git("log", "--first-parent", "--follow", "--format=%H", "--", "members.toml"))

	r, pages := f.siteFiles(todayDate)
	want := fmt.Sprintf("from %d commits of the members file", len(line))
	if r.code != 0 || len(line) != 5 || !strings.Contains(pages["index.html"], want) || !strings.Contains(pages["list-security.html"], want) {
		t.Errorf("exit %d; git log counts %d commits; the pages do not say %q:\n%s", r.code, len(line), want, pages["index.html"])
	}

	for _, tc := range []struct {
		name  string
		setup func(*fixture)
	}{
		{"a repository with no commits", func(*fixture) {}},
		{"a file never committed", func(f *fixture) { f.repo.Commit("README.md", "Not the members file.\n", "Write a README") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newRepoFixture(t)
			tc.setup(f)
			f.write("members.toml", header+person("ada@example.org", `reports = "owner"`))
			h := f.doHistory(workspace.HistoryOptions{})
			r, pages := f.siteFiles(todayDate)
			if r.code != 1 || h.code != 1 || r.stderr != h.stderr || len(pages) != 0 {
				t.Errorf("site: exit %d %q, %d pages; history: exit %d %q", r.code, r.stderr, len(pages), h.code, h.stderr)
			}
		})
	}

	t.Run("outside git", func(t *testing.T) {
		f := newFixture(t, "")
		f.write("members.toml", header+person("ada@example.org", `reports = "owner"`))
		r, pages := f.siteFiles(todayDate)
		if r.code != 0 || !strings.Contains(pages["index.html"], "from the members file alone (it has no git history)") || strings.Contains(pages["index.html"], "0 commits") {
			t.Errorf("exit %d %s\n%s", r.code, r.stderr, pages["index.html"])
		}
	})
}

// TestASiteRowSaysWhatValidateSays: a member's row on the auditor's site
// carries policies' verdict, history's part in it too: a record that had
// lapsed before the file listed them never admitted them, which the
// record alone cannot tell.
func TestASiteRowSaysWhatValidateSays(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.listedOnALapsedRecord()
	v := f.doValidate("members.toml", report.Text, "")
	if !strings.Contains(v.stdout, "it never admitted them") {
		t.Fatalf("validate:\n%s", v.stdout)
	}
	page := html.UnescapeString(f.sitePage("list-reports.html"))
	if !strings.Contains(page, "it never admitted them") {
		t.Errorf("the site's row for old says less than validate:\n%s", page)
	}
}

// TestSiteDrawsAMovedListAgainstTheCapsItHadElsewhere: a list that lived
// in another file for a while is drawn, for those days, against the cap
// that file's policy gave it, as audit --at reads it there: in
// members.toml under a cap of 20, moved out to other.toml under a cap of
// 2, a third member added there, then moved back; and a list that moved
// in from a file that capped it at 2 with 3 on it.
func TestSiteDrawsAMovedListAgainstTheCapsItHadElsewhere(t *testing.T) {
	t.Parallel()
	capped := func(n int) string {
		return strings.Replace(header, "min_owners = 1", fmt.Sprintf("min_owners = 1\nmax_members = %d", n), 1)
	}
	two := entry("ada@example.org", "owner", "bob@example.org", "2026-02-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-02-01")
	three := two + entry("cy@example.org", "member", "ada@example.org", "2026-02-01")
	day := func(t time.Time) string { return t.Format("2006-01-02") }
	for _, tt := range []struct {
		name  string
		steps [][2]string // members.toml, other.toml
		want  func(days []string) []string
	}{
		{"moved out and back", [][2]string{{capped(20) + two, "schema = 1\n"}, {"schema = 1\n", capped(2) + two}, {"schema = 1\n", capped(2) + three}, {capped(20) + three, "schema = 1\n"}},
			func(d []string) []string {
				return []string{d[0] + " 2  20", d[1] + " 2  2", d[2] + " 3 +1 2 over", d[3] + " 3  20"}
			}},
		{"moved in", [][2]string{{"schema = 1\n", capped(2) + three}, {capped(20) + three, "schema = 1\n"}},
			func(d []string) []string { return []string{d[0] + " 3  2 over", d[1] + " 3  20"} }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			var days []string
			for i, s := range tt.steps {
				if i > 0 {
					f.repo.Tick()
				}
				f.repo.CommitFiles("Step", "members.toml", s[0], "other.toml", s[1])
				days = append(days, day(f.repo.Date()))
			}
			r, pages := f.siteFiles(todayDate)
			page := pages["list-reports.html"]
			if r.code != 0 || page == "" {
				t.Fatalf("site: exit %d\n%s%v", r.code, r.stderr, slices.Collect(maps.Keys(pages)))
			}
			if got, want := pointRows(page), tt.want(days); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("the chart's table reads %q, want %q", got, want)
			}
		})
	}
}

// TestSiteTimelineHasTheEditNotCommitted: the chart's size today is the
// file's, an edit not committed yet included; the timeline says what
// that edit changed, as not committed, so that the two agree.
func TestSiteTimelineHasTheEditNotCommitted(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	owners := entry("ada@example.org", "owner", "bob@example.org", "2026-02-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-02-01")
	cy := entry("cy@example.org", "member", "ada@example.org", "2026-11-01")
	f.repo.Commit("members.toml", header+owners+cy, "Start")
	f.write("members.toml", header+strings.Replace(owners, `reports = "owner"`, `reports = "member"`, 1)+entry("di@example.org", "member", "ada@example.org", "2026-11-01"))
	r, pages := f.siteFiles(todayDate)
	page := pages["list-reports.html"]
	if r.code != 0 || page == "" {
		t.Fatalf("site: exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`joined</td><th scope="row">[^\n]*di@example.org[^\n]*member[^\n]*ada@example.org[^\n]*not committed`),
		regexp.MustCompile(`left</td><th scope="row">[^\n]*cy@example.org[^\n]*was member[^\n]*not committed`),
		regexp.MustCompile(`role changed</td><th scope="row">[^\n]*ada@example.org[^\n]*owner → member[^\n]*not committed`),
	} {
		if !want.MatchString(page) {
			t.Errorf("the timeline does not match %s:\n%s", want, page)
		}
	}
}

// TestASiteOfALaterDayDatesTheEditWhenItWasMade: a site built for a
// later day (--at in the future) shows today's file; the edit not
// committed yet, a join and a new cap, is dated the day it was made
// (the clock's), not the later day the build is for, which would make
// up a history that has not happened (s29-site lead 5).
func TestASiteOfALaterDayDatesTheEditWhenItWasMade(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	capped := strings.Replace(header, "min_owners = 1", "min_owners = 1\nmax_members = 4", 1)
	owners := entry("ada@example.org", "owner", "bob@example.org", "2026-11-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-11-01")
	f.repo.Commit("members.toml", capped+owners, "Start")
	f.write("members.toml", strings.Replace(capped, "max_members = 4", "max_members = 6", 1)+owners+entry("di@example.org", "member", "ada@example.org", "2026-11-01"))
	later := todayDate.AddDate(0, 3, 0)
	r, pages := f.siteFiles(later)
	page := pages["list-reports.html"]
	if r.code != 0 || page == "" {
		t.Fatalf("site: exit %d\n%s", r.code, r.stderr)
	}
	edited, built := todayDate.Format("2006-01-02"), later.Format("2006-01-02")
	if !regexp.MustCompile(edited + `[^\n]*joined</td><th scope="row">[^\n]*di@example.org[^\n]*not committed`).MatchString(page) {
		t.Errorf("the join not committed is not dated %s:\n%s", edited, page)
	}
	if !strings.Contains(page, "since "+edited) || strings.Contains(page, "since "+built) {
		t.Errorf("the new cap is not dated %s:\n%s", edited, page)
	}
}

// TestASiteDatesTheEditByTheUTCDay: on a clock in a zone behind UTC,
// hours after UTC's midnight (its own date still the day before), the
// edit not committed yet is dated today's UTC day, as the site is: not
// the day before (s29-regressA finding 7).
func TestASiteDatesTheEditByTheUTCDay(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	owners := entry("ada@example.org", "owner", "bob@example.org", "2026-02-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-02-01")
	f.repo.Commit("members.toml", header+owners, "Start")
	f.write("members.toml", header+owners+entry("di@example.org", "member", "ada@example.org", "2026-11-01"))
	now := time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC).In(time.FixedZone("HST", -10*3600))
	var stdout, stderr strings.Builder
	ws := workspace.New(workspace.Env{Stdout: &stdout, Stderr: &stderr, Now: func() time.Time { return now }, Getenv: func(string) string { return "" }, Workdir: f.dir, UserAgent: "roster/test"})
	out := filepath.Join(t.TempDir(), "site")
	if err := ws.Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: todayDate}); err != nil {
		t.Fatalf("site: %v\n%s", err, stderr.String())
	}
	data, err := os.ReadFile(filepath.Join(out, "list-reports.html"))
	if err != nil {
		t.Fatal(err)
	}
	if page := html.UnescapeString(string(data)); !regexp.MustCompile(`2026-11-24[^\n]*joined</td><th scope="row">[^\n]*di@example.org[^\n]*not committed`).MatchString(page) {
		t.Errorf("the join not committed is not dated 2026-11-24:\n%s", page)
	}
}

// TestASiteRefusalNamesTheSameBuild: a directory the site may not
// replace is refused with a command that builds the same site
// elsewhere: the public roster stays public (pasting a hint must never
// build the auditor's site instead), the same lists, the members file
// as given.
func TestASiteRefusalNamesTheSameBuild(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "The list (#1)")
	// The repository's own directory holds .git: the build would delete it.
	err := f.ws(workspace.Context{File: "members.toml"}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: f.dir, At: todayDate, Public: true, Lists: []string{"reports"}})
	if err == nil {
		t.Fatal("the repository's directory was taken for the site")
	}
	for _, want := range []string{"'roster site --file members.toml --public --list reports --out roster-site'"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal lacks %s:\n%v", want, err)
		}
	}
}

// TestASiteOfAResolvedMergeEndsAsTheFileIs: a pull request's branch
// lists cy, and its "Update branch" merge of main resolves the conflict
// leaving cy out; main merges it. The site, history and show agree: cy
// joined and left with the pull request, and no edit "not committed"
// is made up to close the gap, while the working tree is HEAD's.
func TestASiteOfAResolvedMergeEndsAsTheFileIs(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	owners := entry("ada@example.org", "owner", "bob@example.org", "2026-02-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-02-01")
	f.repo.Commit("members.toml", header+owners, "Start")
	f.repo.Git("checkout", "-q", "-b", "pr")
	f.repo.Commit("members.toml", header+owners+entry("cy@example.org", "member", "ada@example.org", "2026-11-01"), "Add cy")
	f.repo.Git("checkout", "-q", "main")
	di := entry("di@example.org", "member", "ada@example.org", "2026-11-01")
	f.repo.Commit("members.toml", header+owners+di, "Add di (#2)")
	f.repo.Git("checkout", "-q", "pr")
	f.repo.Git("merge", "-q", "--no-commit", "--no-ff", "-s", "ours", "main")
	f.repo.Commit("members.toml", header+owners+di, "Merge branch 'main' into pr")
	f.repo.Git("checkout", "-q", "main")
	f.repo.Tick()
	f.repo.Git("merge", "-q", "--no-ff", "-m", "Merge pull request #3 from pr", "pr")

	r, pages := f.siteFiles(todayDate)
	page := pages["list-reports.html"]
	if r.code != 0 || page == "" {
		t.Fatalf("site: exit %d\n%s", r.code, r.stderr)
	}
	if strings.Contains(page, "not committed") || !regexp.MustCompile(`left</td><th scope="row">[^\n]*cy@example.org[^\n]*was member[^\n]*Merge branch 'main' into pr`).MatchString(page) {
		t.Errorf("the timeline does not end with cy leaving in the branch's merge:\n%s", page)
	}
	if rows := pointRows(page); len(rows) == 0 || strings.Fields(rows[len(rows)-1])[1] != "3" {
		t.Errorf("the chart does not end at the 3 members the file has: %q", rows)
	}
	h := f.doHistory(workspace.HistoryOptions{Member: "cy@example.org"})
	if !strings.Contains(h.stdout, "removed") {
		t.Errorf("history does not take cy off:\n%s", h.stdout)
	}
}
