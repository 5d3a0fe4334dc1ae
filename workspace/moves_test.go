package workspace_test

import (
	"encoding/csv"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// movedReview is a list of ada, bob (owners) and lin, as testdata/review
// writes it.
const movedReview = `schema = 1
admins = ["root-x"]

[lists.reports]
address = "security@example.org"
policy = "p"

[policies.p]
vetting_methods = ["video-call"]
vetted_by = "member"
`

// rewrittenReview is movedReview's file, without lin, written anew:
// keys reordered, records as tables, comments; git finds too little of
// the old text in it to call a move of it a rename.
const rewrittenReview = `# Who is on our lists, and who vetted them.
# Moved to sub/ with the other configuration.
schema = 1
admins = [ "root-x" ]

# The list.
[lists.reports]
policy = "p"
address = "security@example.org"

# How people get on it.
[policies.p]
vetted_by = "member"
vetting_methods = [ "video-call" ]

# The people.
[[member]]
github = "bob-x"
email = "bob@example.org"
lists.reports = "owner"

  [[member.vetting]]
  method = "video-call"
  on = 2026-01-01
  by = "ada-x"

[[member]]
github = "ada-x"
email = "ada@example.org"
lists.reports = "owner"

  [[member.vetting]]
  method = "video-call"
  on = 2026-01-01
  by = "bob-x"
`

// TestAFileMovedWithARewrite: one commit deletes members.toml and adds
// sub/members.toml, rewritten so that git sees a deletion and an
// addition, not a rename, and takes lin off. Every route that reads the
// file at a revision before the move (a commit, its full id, a tag, the
// day it landed; show, diff, validate, review, a pull request's plan)
// finds it under its old name, and they agree with history.
func TestAFileMovedWithARewrite(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	before := movedReview + reviewEntry("ada@example.org", "ada-x", `reports = "owner"`) + reviewEntry("bob@example.org", "bob-x", `reports = "owner"`) +
		reviewEntry("lin@example.org", "lin-x", `reports = "member"`)
	first := f.repo.Commit("members.toml", before, "Create the lists (#1)")
	f.repo.Git("tag", "v1")
	f.repo.Tick()
	f.repo.Git("rm", "-q", "members.toml")
	f.repo.Write("sub/members.toml", rewrittenReview)
	f.repo.Git("add", "sub/members.toml")
	f.repo.Git("commit", "-q", "-m", "Move to sub/, rewritten, without lin (#2)")
	if st := f.repo.Git("show", "-M", "--name-status", "--format=", "HEAD"); !strings.Contains(st, "D\tmembers.toml") || !strings.Contains(st, "A\tsub/members.toml") {
		t.Fatalf("git sees the move as a rename; the test needs a deletion and an addition:\n%s", st)
	}
	const file = "sub/members.toml"
	day := f.repo.Git("log", "-1", "--format=%cs", first)

	// show: every way of naming the revision gives what the day gives.
	byDay := f.doShow(workspace.ShowOptions{File: file, At: day})
	if byDay.code != 0 || !strings.Contains(byDay.stdout, "lin@example.org") {
		t.Fatalf("show --at %s: exit %d\n%s%s", day, byDay.code, byDay.stdout, byDay.stderr)
	}
	body := func(s string) string { _, b, _ := strings.Cut(s, "\n"); return b }
	for _, rev := range []string{"HEAD~1", first, first[:12], "v1"} {
		r := f.doShow(workspace.ShowOptions{File: file, At: rev})
		if r.code != 0 || body(r.stdout) != body(byDay.stdout) {
			t.Errorf("show --at %s: exit %d, want what show --at %s gives\n%s%s", rev, r.code, day, r.stdout, r.stderr)
		}
	}
	// diff across the move: lin left, nobody else moved.
	for _, o := range []workspace.DiffOptions{{From: "HEAD~1", To: "HEAD"}, {From: "v1", To: "HEAD", ExitCode: true}, {From: first, To: "HEAD", Format: report.JSON}, {From: day, To: "HEAD"}} {
		o.File = file
		r := f.doDiff(o)
		want := 0
		if o.ExitCode {
			want = 1 // differs
		}
		if r.code != want || !strings.Contains(r.stdout, "lin@example.org") || strings.Contains(r.stdout, "ada@example.org") {
			t.Errorf("diff %s %s: exit %d, want %d and lin removed\n%s%s", o.From, o.To, r.code, want, r.stdout, r.stderr)
		}
	}
	// history tells the same: lin left in the move, nobody else.
	h := f.doHistory(workspace.HistoryOptions{File: file, Format: report.CSV})
	if h.code != 0 || strings.Count(h.stdout, ",removed,") != 1 || !regexp.MustCompile(`,reports,lin@example.org,removed,`).MatchString(h.stdout) {
		t.Errorf("history:\n%s%s", h.stdout, h.stderr)
	}
	// validate reads the file at a revision, or against one.
	for _, o := range []workspace.ValidateOptions{
		{Source: workspace.Source{Path: file, Rev: "HEAD~1"}, Base: "v1"},
		{Source: workspace.Source{Path: file, Rev: "HEAD~1"}},
		{Source: workspace.Source{Path: file}, Base: "v1"},
		{Source: workspace.Source{Path: file}, Base: first},
	} {
		o.Format, o.At = report.Text, todayDate
		r := f.outcome(f.ws(workspace.Context{File: file}).Validate(ctx, o))
		if r.code != 0 {
			t.Errorf("validate --head %q --base %q: exit %d\n%s%s", o.Rev, o.Base, r.code, r.stdout, r.stderr)
		}
	}
	// review against the revision before the move: lin's removal needs
	// an owner of reports.
	rv := f.outcome(f.ws(workspace.Context{File: file}).Review(ctx, workspace.ReviewOptions{File: file, Base: "HEAD~1", Format: report.Text, ApprovedBy: []string{"ada-x"}}))
	if rv.code != 0 || !strings.Contains(rv.stdout, "lin@example.org") {
		t.Errorf("review --base HEAD~1: exit %d\n%s%s", rv.code, rv.stdout, rv.stderr)
	}
	// A pull request's plan against the revision before the move reads
	// the lists the base had.
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "OWNER"},
		emulator.Member{Email: "lin@example.org"}); err != nil {
		t.Fatal(err)
	}
	p := f.doPlan(workspace.PlanOptions{Source: workspace.Source{Path: file, Rev: "HEAD"}, Base: "HEAD~1"})
	if p.code == workspace.ExitFailed || !strings.Contains(p.stdout, "lin@example.org") || strings.Contains(p.stderr, "not read") {
		t.Errorf("plan --head HEAD --base HEAD~1: exit %d\n%s%s", p.code, p.stdout, p.stderr)
	}
}

// TestAListMovedOutAndBack: the list is in members.toml (a, b owners;
// c, d members, synced); one commit moves all of it to other.toml,
// leaving members.toml with no list; a later one moves the list back,
// without d, and empties other.toml. The list was in another file in
// between, so nobody joined or left when it moved out, and d left when
// it came back: history, the site, show, diff and the plan's
// attribution all say so, whether the commits are a day apart or land
// in the same second.
func TestAListMovedOutAndBack(t *testing.T) {
	t.Parallel()
	for _, sameSecond := range []bool{false, true} {
		name := "a day apart"
		if sameSecond {
			name = "in the same second"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			hdr := readTestdata(t, "report-list/members.toml")
			a := entry("a@example.org", "owner", "b@example.org", "2026-06-01")
			b := entry("b@example.org", "owner", "a@example.org", "2026-06-01")
			c := entry("c@example.org", "member", "a@example.org", "2026-06-01")
			d := entry("d@example.org", "member", "a@example.org", "2026-06-01")
			commit := func(subject string, files ...string) {
				if !sameSecond {
					f.repo.Tick()
				}
				for i := 0; i < len(files); i += 2 {
					f.repo.Write(files[i], files[i+1])
					f.repo.Git("add", files[i])
				}
				f.repo.Git("commit", "-q", "-m", subject)
			}
			commit("Create the list (#1)", "members.toml", hdr+a+b+c+d)
			commit("Move the list out (#2)", "other.toml", hdr+a+b+c+d, "members.toml", "schema = 1\nadmins = [\"ada-x\"]\n")
			commit("Move the list back, without d (#3)", "members.toml", hdr+a+b+c, "other.toml", "schema = 1\n")
			if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "a@example.org", Role: "OWNER"}, emulator.Member{Email: "b@example.org", Role: "OWNER"},
				emulator.Member{Email: "c@example.org"}, emulator.Member{Email: "d@example.org"}); err != nil {
				t.Fatal(err)
			}
			moveOut, moveBack := f.repo.Git("rev-parse", "HEAD~1"), f.repo.Git("rev-parse", "HEAD")

			// history: everyone joined once, d left once, at the move back.
			h := f.doHistory(workspace.HistoryOptions{Format: report.CSV})
			var got []string
			for _, col := range csvRows(t, h.stdout) {
				if col[6] == "added" || col[6] == "removed" || col[6] == "role_changed" {
					got = append(got, col[3]+" "+col[5]+" "+col[6])
				}
			}
			want := []string{
				"Create the list (#1) a@example.org added", "Create the list (#1) b@example.org added",
				"Create the list (#1) c@example.org added", "Create the list (#1) d@example.org added",
				"Move the list back, without d (#3) d@example.org removed",
			}
			if h.code != 0 || strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("history:\n got %q\nwant %q\n%s%s", got, want, h.stdout, h.stderr)
			}
			if strings.Contains(h.stdout, moveOut) {
				t.Errorf("history has events in the move out:\n%s", h.stdout)
			}
			for email, last := range map[string]string{"a@example.org": "added", "d@example.org": "removed"} {
				r := f.doHistory(workspace.HistoryOptions{Member: email, Format: report.CSV})
				var actions []string
				for _, col := range csvRows(t, r.stdout) {
					if col[6] != "vetted" {
						actions = append(actions, col[6])
					}
				}
				if len(actions) == 0 || actions[len(actions)-1] != last || strings.Count(r.stdout, ",removed,") > 1 {
					t.Errorf("history --member %s ends otherwise than %s:\n%s", email, last, r.stdout)
				}
			}
			// Windows: one with both moves has d's departure only; one
			// that ends with the move out, the joins only.
			if r := f.doHistory(workspace.HistoryOptions{Since: "HEAD~2", Format: report.CSV}); len(csvRows(t, r.stdout)) != 1 || !strings.Contains(r.stdout, ",d@example.org,removed,") {
				t.Errorf("history --since HEAD~2:\n%s%s", r.stdout, r.stderr)
			}
			if r := f.doHistory(workspace.HistoryOptions{Until: "HEAD~1", Format: report.CSV}); len(csvRows(t, r.stdout)) != 8 || strings.Contains(r.stdout, ",removed,") {
				t.Errorf("history --until HEAD~1:\n%s%s", r.stdout, r.stderr)
			}
			// The site's timeline: nobody left at the move out.
			page := f.sitePage("list-reports.html")
			if strings.Contains(page, "Move the list out (#2)") {
				t.Errorf("the site has rows for the move out")
			}
			if strings.Count(page, "Move the list back, without d (#3)") != 1 {
				t.Errorf("the site does not have d leaving at the move back once")
			}
			// show and diff: all four on the list while it was in
			// other.toml, d gone at the move back.
			if r := f.doShow(workspace.ShowOptions{At: "HEAD~1", Lists: []string{"reports"}}); r.code != 0 || strings.Count(r.stdout, "@example.org  ") != 4 {
				t.Errorf("show --at HEAD~1: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if r := f.doDiff(workspace.DiffOptions{From: "HEAD~2", To: "HEAD~1", ExitCode: true}); r.code != 0 {
				t.Errorf("diff HEAD~2 HEAD~1: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if r := f.doDiff(workspace.DiffOptions{From: "HEAD~1", To: "HEAD"}); r.code != 0 || !strings.Contains(r.stdout, "- d@example.org") || strings.Count(r.stdout, "@example.org") != 1 {
				t.Errorf("diff HEAD~1 HEAD: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			// The plan removes d, taken off at the move back.
			p := f.doPlan(workspace.PlanOptions{NoAttribution: true})
			line := ""
			for _, l := range strings.Split(p.stdout, "\n") {
				if strings.Contains(l, "d@example.org") {
					line = l
				}
			}
			if p.code != workspace.ExitChanges || !strings.Contains(line, "removed in "+moveBack[:10]) {
				t.Errorf("plan: exit %d, want d removed in %s\n%s%s", p.code, moveBack[:10], p.stdout, p.stderr)
			}
		})
	}
}

// csvRows returns the rows of history's CSV, without its header.
func csvRows(t *testing.T, out string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("history's CSV: %v\n%s", err, out)
	}
	return rows[1:]
}

// TestTwoFilesMergedIntoOneAreNotFollowedByLikeness: the real file and
// an example listing the same group both give it up in the commit that
// adds members.toml, which takes x off; git pairs the example as the
// rename, being more alike. Which history the file continues is not
// settled by likeness: the rename is not followed, and the real file,
// which handed the group over in that commit, still says x was taken off
// there. So whatever the example's extension, and when the real file is
// left as a stub rather than deleted.
func TestTwoFilesMergedIntoOneAreNotFollowedByLikeness(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, example string
		stub          bool
	}{
		{"both deleted", "docs/example.toml", false},
		{"an example of another extension", "docs/example.sample", false},
		{"the real file kept as a stub", "docs/example.toml", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := func(email, role string) string {
				return fmt.Sprintf("[[member]]\nemail = %q\nlists = { rep = %q }\nvetting = [{ by = \"o1@example.org\", on = 2026-01-01, method = \"call\" }]\n", email, role)
			}
			// The real file writes its records as tables, the example and
			// the new file inline: git finds the example more alike.
			long := func(email, role string) string {
				return fmt.Sprintf("[[member]]\nemail = %q\nlists = { rep = %q }\n  [[member.vetting]]\n  by = \"o1@example.org\"\n  on = 2026-01-01\n  method = \"call\"\n  note = \"checked\"\n", email, role)
			}
			hdr := "schema = 1\n[lists.rep]\naddress = \"rep@example.org\"\npolicy = \"p\"\n[policies.p]\nvetting_methods = [\"call\"]\nvetted_by = \"member\"\nunmanaged = \"report\"\n"
			f := newRepoFixture(t)
			f.repo.Write("roster.toml", hdr+long("o1@example.org", "owner")+long("o2@example.org", "owner")+long("x@example.org", "member")+long("a@example.org", "member")+long("b@example.org", "member")+long("c@example.org", "member"))
			f.repo.Write(tc.example, hdr+m("o1@example.org", "owner")+m("o2@example.org", "owner"))
			f.repo.Git("add", "-A")
			f.repo.Git("commit", "-q", "-m", "The lists (#1)")
			if err := f.emu.AddGroup("rep@example.org", emulator.Member{Email: "o1@example.org", Role: "OWNER"}, emulator.Member{Email: "o2@example.org", Role: "OWNER"},
				emulator.Member{Email: "x@example.org", Role: "MEMBER"}, emulator.Member{Email: "a@example.org", Role: "MEMBER"},
				emulator.Member{Email: "b@example.org", Role: "MEMBER"}, emulator.Member{Email: "c@example.org", Role: "MEMBER"}); err != nil {
				t.Fatal(err)
			}
			f.repo.Git("rm", "-q", tc.example)
			if tc.stub {
				f.repo.Write("roster.toml", "schema = 1\n")
				f.repo.Git("add", "roster.toml")
			} else {
				f.repo.Git("rm", "-q", "roster.toml")
			}
			rewritten := "# rewritten\nschema = 1\n[policies.p]\nunmanaged = \"report\"\nvetted_by = \"member\"\nvetting_methods = [\"call\"]\n[lists.rep]\npolicy = \"p\"\naddress = \"rep@example.org\"\n" +
				m("c@example.org", "member") + m("b@example.org", "member") + m("a@example.org", "member") + m("o2@example.org", "owner") + m("o1@example.org", "owner")
			f.repo.Commit("members.toml", rewritten, "One file, without x (#2)")
			if stat := f.repo.Git("show", "--stat", "--format=", "HEAD"); !strings.Contains(stat, "=> members.toml") || strings.Contains(stat, "roster.toml => members.toml") {
				t.Skipf("git did not pair the example as the rename, so this route is not reached:\n%s", stat)
			}
			r := f.doPlan(workspace.PlanOptions{})
			if !regexp.MustCompile(`- x@example.org .*from roster.toml`).MatchString(r.stdout) {
				t.Errorf("the removal at the merge is lost:\n%s%s", r.stdout, r.stderr)
			}
		})
	}
}

// TestShowBeforeARenameGitCannotPair: a copy of members.toml is planted,
// and one commit deletes it and renames members.toml, taking lin off.
// git pairs the new name with either deleted file, so the file's own
// lineage stops at that commit (a copy's history is none of its own);
// history follows the lists into the file it had before. show and diff,
// by commit and by date, read the lists there too, as history does, and
// a date before any list existed still says so.
func TestShowBeforeARenameGitCannotPair(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	before := movedReview + reviewEntry("ada@example.org", "ada-x", `reports = "owner"`) + reviewEntry("bob@example.org", "bob-x", `reports = "owner"`) +
		reviewEntry("lin@example.org", "lin-x", `reports = "member"`)
	first := f.repo.Commit("members.toml", before, "Create the lists (#1)")
	day := f.repo.Git("log", "-1", "--format=%cs", first)
	f.repo.Tick()
	f.repo.Commit("copy.toml", before, "A copy (#2)")
	f.repo.Tick()
	f.repo.Git("rm", "-q", "copy.toml")
	f.repo.Git("mv", "members.toml", "roster.toml")
	f.repo.Commit("roster.toml", movedReview+reviewEntry("ada@example.org", "ada-x", `reports = "owner"`)+reviewEntry("bob@example.org", "bob-x", `reports = "owner"`), "Rename, without lin (#3)")
	const file = "roster.toml"

	for _, rev := range []string{first, day, "HEAD~1"} {
		r := f.doShow(workspace.ShowOptions{File: file, At: rev})
		if r.code != 0 || !strings.Contains(r.stdout, "lin@example.org") || !strings.Contains(r.stdout, "ada@example.org") {
			t.Errorf("show --at %s: exit %d, want lin and ada on reports\n%s%s", rev, r.code, r.stdout, r.stderr)
		}
		d := f.doDiff(workspace.DiffOptions{File: file, From: rev, To: "HEAD"})
		if d.code != 0 || !strings.Contains(d.stdout, "lin@example.org") || strings.Contains(d.stdout, "ada@example.org") {
			t.Errorf("diff %s HEAD: exit %d, want lin removed and nobody else\n%s%s", rev, d.code, d.stdout, d.stderr)
		}
		d = f.doDiff(workspace.DiffOptions{File: file, From: "HEAD", To: rev})
		if d.code != 0 || !strings.Contains(d.stdout, "lin@example.org") {
			t.Errorf("diff HEAD %s: exit %d, want lin added\n%s%s", rev, d.code, d.stdout, d.stderr)
		}
	}
	h := f.doHistory(workspace.HistoryOptions{File: file, Format: report.CSV})
	if h.code != 0 || strings.Count(h.stdout, ",removed,") != 1 || !strings.Contains(h.stdout, ",reports,lin@example.org,removed,") {
		t.Errorf("history, which the others agree with:\n%s%s", h.stdout, h.stderr)
	}
	r := f.doShow(workspace.ShowOptions{File: file, At: "2020-01-01"})
	if r.code == 0 || !strings.Contains(r.stderr, "did not exist") {
		t.Errorf("show --at a date before any list: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestAListMovedIntoANewFile: one commit moves the list reports out of
// members.toml into other.toml, which did not exist before. show and
// diff, by commit and by day, read the list where it was, as history
// does; validate --base, a gate's route, refuses a base without the
// file.
func TestAListMovedIntoANewFile(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	full := movedReview + reviewEntry("ada@example.org", "ada-x", `reports = "owner"`) + reviewEntry("bob@example.org", "bob-x", `reports = "owner"`) +
		reviewEntry("lin@example.org", "lin-x", `reports = "member"`)
	first := f.repo.Commit("members.toml", full, "Create the lists (#1)")
	day := f.repo.Git("log", "-1", "--format=%cs", first)
	f.repo.Tick()
	f.repo.CommitFiles("Move reports to other.toml (#2)", "members.toml", "schema = 1\n", "other.toml", full)
	const file = "other.toml"
	for _, rev := range []string{first, day, "HEAD~1"} {
		if r := f.doShow(workspace.ShowOptions{File: file, At: rev}); r.code != 0 || !strings.Contains(r.stdout, "lin@example.org") {
			t.Errorf("show --at %s: exit %d\n%s%s", rev, r.code, r.stdout, r.stderr)
		}
		if r := f.doDiff(workspace.DiffOptions{File: file, From: rev, To: "HEAD", ExitCode: true}); r.code != 0 {
			t.Errorf("diff %s HEAD: exit %d, want 0 (nobody moved)\n%s%s", rev, r.code, r.stdout, r.stderr)
		}
	}
	// The gate's routes judge the members file at the base, and nothing
	// else: a file that did not exist then is refused, never filled from
	// other files a pull request may have planted or moved.
	v := f.outcome(f.ws(workspace.Context{File: file}).Validate(ctx, workspace.ValidateOptions{Source: workspace.Source{Path: file}, Format: report.Text, At: todayDate, Base: "HEAD~1"}))
	if v.code != workspace.ExitFailed || !strings.Contains(v.stdout+v.stderr, "did not exist") || !strings.Contains(v.stderr, "for a change that creates other.toml, create it in a change of its own") {
		t.Errorf("validate --base HEAD~1: exit %d\n%s%s", v.code, v.stdout, v.stderr)
	}
}

// TestAListMovedIntoTheMembersFile: members.toml has a list; a later
// commit moves the list reports in from other.toml. show follows the
// list into other.toml, as history does; validate --base finds its
// people on the group before the change, as validate does once it is
// merged (a move adds no one; sync judges the live group anyway);
// review and a pull request's plan treat it as a list new to the
// members file: an admin approves it, and its group is not read before
// that (other.toml is no file the gate reviews, and may have been
// planted).
func TestAListMovedIntoTheMembersFile(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	ada := func(lists string) string {
		return "\n[[member]]\nemail = \"ada@example.org\"\ngithub = \"ada-x\"\nlists = { " + lists + " }\nvetting = [{ by = \"grace-x\", on = 2026-01-01, method = \"video-call\" }, { by = \"bob-x\", on = 2026-01-02, method = \"video-call\" }]\n"
	}
	// Every record has lapsed: a warning for someone already on the
	// list, an error for someone new to it.
	announce := "schema = 1\nadmins = [\"root-x\"]\n\n[lists.announce]\naddress = \"announce@example.org\"\npolicy = \"p\"\n\n[policies.p]\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\nvetting_valid_for = \"30d\"\n" +
		reviewEntry("grace@example.org", "grace-x", `announce = "owner"`)
	f.repo.Commit("members.toml", announce+ada(`announce = "owner"`), "Announce (#1)")
	f.repo.Tick()
	reports := strings.Replace(movedReview, `vetted_by = "member"`, "vetted_by = \"member\"\nvetting_valid_for = \"30d\"", 1) + reviewEntry("ada@example.org", "ada-x", `reports = "owner"`) + reviewEntry("bob@example.org", "bob-x", `reports = "owner"`) +
		reviewEntry("lin@example.org", "lin-x", `reports = "member"`)
	f.repo.Commit("other.toml", reports, "Reports, in another file (#2)")
	f.repo.Tick()
	both := strings.Replace(announce, "\n[[member]]", "\n[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n\n[[member]]", 1) +
		ada(`announce = "owner", reports = "owner"`) + reviewEntry("bob@example.org", "bob-x", `reports = "owner"`) + reviewEntry("lin@example.org", "lin-x", `reports = "member"`)
	f.repo.Git("rm", "-q", "other.toml")
	f.repo.Commit("members.toml", both, "Move reports into members.toml (#3)")

	if r := f.doShow(workspace.ShowOptions{At: "HEAD~1", Lists: []string{"reports"}}); r.code != 0 || !strings.Contains(r.stdout, "lin@example.org") {
		t.Fatalf("show --at HEAD~1 --list reports: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// validate judges the move as it judges the merged file: the people
	// of reports were on its group before (lapses are warnings).
	v := f.outcome(f.ws(workspace.Context{}).Validate(ctx, workspace.ValidateOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text, At: todayDate, Base: "HEAD~1"}))
	merged := f.outcome(f.ws(workspace.Context{}).Validate(ctx, workspace.ValidateOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text, At: todayDate}))
	if v.code != 0 || merged.code != 0 || strings.Contains(v.stdout+v.stderr, "error:") || !strings.Contains(v.stdout+v.stderr, "they stay on reports until re-vetted") {
		t.Errorf("validate --base HEAD~1: exit %d (merged: %d)\n%s%s", v.code, merged.code, v.stdout, v.stderr)
	}
	// review and a pull request's plan: reports is new to the members
	// file, which an admin approves, and whose group the plan does not
	// read. A list "moved in" from a file a pull request planted, or
	// moved by the pull request itself, is no list the members file had.
	rv := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text}))
	if rv.code != workspace.ExitFailed || !strings.Contains(rv.stdout, "new list reports") {
		t.Errorf("review --base HEAD~1: exit %d\n%s%s", rv.code, rv.stdout, rv.stderr)
	}
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "OWNER"},
		emulator.Member{Email: "lin@example.org"}, emulator.Member{Email: "eve@example.org"}); err != nil {
		t.Fatal(err)
	}
	if err := f.emu.AddGroup("announce@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	p := f.doPlan(workspace.PlanOptions{Source: workspace.Source{Path: "members.toml", Rev: "HEAD"}, Base: "HEAD~1"})
	// Shown from the file alone (its entries, as additions), never from
	// the group: eve, on it by hand, is not named.
	if p.code != workspace.ExitChanges || !strings.Contains(p.stderr, "list reports: not read: its group security@example.org is managed at the base by other.toml") ||
		!strings.Contains(p.stdout, "list reports: security@example.org (google): not read (its group is managed at the base by other.toml") ||
		!strings.Contains(p.stdout, "sync follows the move from other.toml after the merge") || strings.Contains(p.stdout, "eve@") {
		t.Errorf("plan --head HEAD --base HEAD~1: exit %d\n%s%s", p.code, p.stdout, p.stderr)
	}
}

// TestAPullRequestThatMovesTheFileIsJudgedAgainstItsBase: validate
// --head of a branch that moved members.toml into a directory the
// working tree does not have reads it there, and finds the base's
// version through the branch's rename: a member the base lists keeps
// the warning of someone already on the list, with --base or without.
func TestAPullRequestThatMovesTheFileIsJudgedAgainstItsBase(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nvetting_valid_for = \"300d\"", 1)
	owners := entry("ada@example.org", "owner", "bob@example.org", "2026-02-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-02-01")
	frank := entry("frank@example.org", "member", "ada@example.org", "2025-06-01") // lapsed by todayDate
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", hdr+owners+frank, "Start")
	f.repo.Git("checkout", "-q", "-b", "pr")
	f.repo.Git("mv", "members.toml", "lists.toml")
	f.repo.Git("commit", "-q", "-m", "Rename")
	f.repo.Git("rm", "-q", "lists.toml")
	f.repo.CommitFiles("Move", "t/members.toml", "# The lists.\n"+hdr+owners+frank)
	f.repo.Git("checkout", "-q", "main")
	for _, base := range []string{"", "main", "HEAD"} {
		r := f.outcome(f.ws(workspace.Context{}).Validate(ctx, workspace.ValidateOptions{Source: workspace.Source{Path: "t/members.toml", Rev: "pr"}, Format: report.Text, At: todayDate, Base: base}))
		if r.code != 0 || !strings.Contains(r.stdout, "warning: member frank@example.org") {
			t.Errorf("--base %q: exit %d\n%s%s", base, r.code, r.stdout, r.stderr)
		}
	}
}

// TestABrokenBaseIsPassedOverOnEveryRoute: a base revision whose members
// file does not parse (pushed past review) is judged by the newest
// earlier version that does, with a note, on validate --base, as
// validate without --base judges it: the change that repairs the file
// can pass. The gate does not take the older owners' word alone: review
// asks an admin as well (and says why in its verdict), and a pull
// request's plan reads no group, showing each list from the file.
func TestABrokenBaseIsPassedOverOnEveryRoute(t *testing.T) {
	t.Parallel()
	owners := entry("ada@example.org", "owner", "bob@example.org", "2026-06-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-06-01")
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+owners, "Start")
	f.repo.Commit("members.toml", header+owners+"x = [\n", "Broken")
	f.repo.Commit("members.toml", header+owners, "Repair")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	review := func(approved ...string) outcome {
		return f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, Author: "lin-x", ApprovedBy: approved}))
	}
	f.emu.ResetCounters()
	routes := []struct {
		name string
		r    outcome
		code int
	}{
		{"validate --base", f.outcome(f.ws(workspace.Context{}).Validate(ctx, workspace.ValidateOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text, At: todayDate, Base: "HEAD~1"})), 0},
		{"plan --base", f.doPlan(workspace.PlanOptions{Source: workspace.Source{Path: "members.toml", Rev: "HEAD"}, Base: "HEAD~1", NoAttribution: true}), workspace.ExitChanges},
		{"review, unapproved", review(), workspace.ExitFailed},
		{"review, an admin approves", review("ada-x"), 0},
	}
	for _, rt := range routes {
		if rt.r.code != rt.code || !strings.Contains(rt.r.stderr, "does not parse") || !strings.Contains(rt.r.stderr, "(Start), the newest earlier version sync would apply") {
			t.Errorf("%s: exit %d\n%s%s", rt.name, rt.r.code, rt.r.stdout, rt.r.stderr)
		}
	}
	if r := routes[2].r; !strings.Contains(r.stdout, "does not parse") {
		t.Errorf("the verdict does not say why an admin is asked:\n%s", r.stdout)
	}
	if n := f.emu.Counters()["members.list"]; n != 0 || !strings.Contains(routes[1].r.stdout, "not read (the members file at the base") {
		t.Errorf("a pull request's plan on a broken base read %d groups:\n%s", n, routes[1].r.stdout)
	}
}

// TestAnswersAboutThePastDoNotTurnOnTheWorkingCopy: with a list moved
// into members.toml from another file, show --at, diff and audit --at
// of a day before the move read that list where it was. A typo in the
// working copy (it no longer parses) must not change those answers:
// the lists the file has now are then the last committed version's.
func TestAnswersAboutThePastDoNotTurnOnTheWorkingCopy(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	announce := "schema = 1\nadmins = [\"root-x\"]\n\n[lists.announce]\naddress = \"announce@example.org\"\npolicy = \"p\"\n\n[policies.p]\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\n" +
		reviewEntry("grace@example.org", "grace-x", `announce = "owner"`)
	f.repo.Commit("members.toml", announce, "Announce (#1)")
	f.repo.Tick()
	reports := movedReview + reviewEntry("ada@example.org", "ada-x", `reports = "owner"`) + reviewEntry("lin@example.org", "lin-x", `reports = "member"`)
	f.repo.Commit("other.toml", reports, "Reports, in another file (#2)")
	before := f.repo.Date().Format("2006-01-02")
	f.repo.Tick()
	f.repo.Tick()
	both := strings.Replace(announce, "\n[[member]]", "\n[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n\n[[member]]", 1) +
		reviewEntry("ada@example.org", "ada-x", `reports = "owner"`) + reviewEntry("lin@example.org", "lin-x", `reports = "member"`)
	f.repo.Git("rm", "-q", "other.toml")
	f.repo.Commit("members.toml", both, "Move reports into members.toml (#3)")
	day, err := time.Parse("2006-01-02", before)
	if err != nil {
		t.Fatal(err)
	}
	answers := func() map[string]outcome {
		return map[string]outcome{
			"show --at":  f.doShow(workspace.ShowOptions{File: "members.toml", Format: report.Text, At: before, Lists: []string{"reports"}}),
			"diff":       f.doDiff(workspace.DiffOptions{File: "members.toml", Format: report.Text, From: before, To: "HEAD"}),
			"audit --at": f.doAudit(false, workspace.AuditOptions{At: day}),
		}
	}
	good := answers()
	if r := good["show --at"]; r.code != 0 || !strings.Contains(r.stdout, "lin@example.org") {
		t.Fatalf("show --at %s --list reports: exit %d\n%s%s", before, r.code, r.stdout, r.stderr)
	}
	if r := good["diff"]; r.code != 0 || strings.Contains(r.stdout, "lin@") {
		t.Fatalf("diff %s HEAD names the move as joins: exit %d\n%s%s", before, r.code, r.stdout, r.stderr)
	}
	f.repo.Write("members.toml", both+"x = [\n")
	for route, r := range answers() {
		if r.code != good[route].code || r.stdout != good[route].stdout {
			t.Errorf("%s with a working copy that does not parse: exit %d (was %d)\n%s\nwas:\n%s%s", route, r.code, good[route].code, r.stdout, good[route].stdout, r.stderr)
		}
	}
}
