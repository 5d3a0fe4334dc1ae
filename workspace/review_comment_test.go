package workspace_test

import (
	"net/http/httptest"

	"fmt"
	"github.com/roster-dev/roster/directory/emulator"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/roster-dev/roster/pullrequest/githubtest"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestReviewCommentOfALargeChange: a pull request adding hundreds of
// members makes a review longer than GitHub takes in a comment. Approved,
// it passes the gate, and its comment, cut to fit, still says it is
// approved and who approved; the job's log lists every change.
func TestReviewCommentOfALargeChange(t *testing.T) {
	t.Parallel()
	add := func(s string) string {
		for i := range 500 {
			s += reviewEntry(fmt.Sprintf("person%04d@example.org", i), fmt.Sprintf("person%04d", i), `reports = "member"`)
		}
		return s
	}
	f, gh, g := prRepo(t, add, "lin-x", "lin-x")
	gh.Review(7, "ada-x", "APPROVED", f.head())
	r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, PR: 7, Comment: true, GitHub: g}))
	if r.code != 0 {
		t.Fatalf("approved: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "person0499@example.org") {
		t.Errorf("the job's log does not list every change")
	}
	var bodies []string
	for _, c := range gh.Comments(7) {
		if body := fmt.Sprint(c["body"]); c["user"].(githubtest.Obj)["login"] == githubtest.Self && strings.Contains(body, report.ReviewMarker) {
			bodies = append(bodies, body)
		}
	}
	if len(bodies) != 1 {
		t.Fatalf("want one review comment, got %d", len(bodies))
	}
	body := bodies[0]
	if n := utf8.RuneCountInString(body); n > 65536 {
		t.Errorf("comment of %d characters", n)
	}
	for _, want := range []string{"**Approved**", "✅ approved by @ada-x", "May approve: @ada-x, @bob-x", "more changes not shown"} {
		if !strings.Contains(body, want) {
			t.Errorf("the comment lacks %q", want)
		}
	}
}

// TestAReviewCommentNeverSpeaksForAnotherHead: the comment names the
// commit it decided; when a later push cannot be reviewed (the members
// file no longer parses), the comment that said "Approved" of the
// earlier head says now that this head was not reviewed, and why.
func TestAReviewCommentNeverSpeaksForAnotherHead(t *testing.T) {
	t.Parallel()
	f, gh, g := prRepo(t, addLin, "lin-x", "lin-x")
	gh.Review(7, "ada-x", "APPROVED", f.head())
	base := strings.TrimSpace(f.repo.Git("rev-parse", "HEAD~1"))
	review := func() outcome {
		return f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: base, Head: "HEAD", Format: report.Text, PR: 7, Comment: true, GitHub: g}))
	}
	body := func() string {
		for _, c := range gh.Comments(7) {
			if b := fmt.Sprint(c["body"]); strings.Contains(b, report.ReviewMarker) {
				return b
			}
		}
		return ""
	}
	if r := review(); r.code != 0 || !strings.Contains(body(), "**Approved**") || !strings.Contains(body(), "_Reviewed at `"+f.head()[:10]+"`._") {
		t.Fatalf("approved: exit %d\n%s\n%s", r.code, r.stderr, body())
	}
	f.repo.Commit("members.toml", f.read("members.toml")+"\nx = [\n", "Broken push (#7)")
	gh.SetHead(7, f.head())
	r := review()
	got := body()
	if r.code == 0 || strings.Contains(got, "**Approved**") || !strings.Contains(got, "**Not reviewed**: Head `"+f.head()[:10]+"`") || !strings.Contains(got, "nothing was reviewed") {
		t.Errorf("after a push that cannot be reviewed: exit %d\n%s\ncomment:\n%s", r.code, r.stderr, got)
	}
	if n := strings.Count(fmt.Sprint(gh.Comments(7)), report.ReviewMarker); n != 1 {
		t.Errorf("%d review comments, want the one updated", n)
	}
}

// TestAnOwnerWhoUpdatedTheBranchStillApproves: GitHub's "Update branch"
// merges the base into the pull request under the name of whoever
// clicks it. A merge that brings nothing but the base is no part of the
// change: the owner who clicked it approves it. A merge that brings
// anything else (its author resolved or added something) is theirs.
func TestAnOwnerWhoUpdatedTheBranchStillApproves(t *testing.T) {
	for _, tt := range []struct {
		name  string
		extra string // what the merge adds besides the base
		code  int
	}{
		{"a clean merge of the base", "", 0},
		{"a merge that adds someone", reviewEntry("eve@example.org", "eve-x", `reports = "member"`), 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "review", emulator.Options{}, true)
			c1, b1 := branchBehindBase(f)
			f.repo.Git("merge", "-q", "--no-edit", "--no-commit", "main")
			if tt.extra != "" {
				f.repo.Write("members.toml", f.read("members.toml")+tt.extra)
				f.repo.Git("add", "members.toml")
			}
			f.repo.Git("commit", "-q", "--no-edit")
			g := mergedByAnOwner(t, f, c1, b1)
			r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: b1, Head: "HEAD", Format: report.Text, PR: 7, GitHub: g}))
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\n%s%s", r.code, tt.code, r.stdout, r.stderr)
			}
			if clean := tt.extra == ""; clean != strings.Contains(r.stdout, "merges the base branch into the change and brings nothing else") {
				t.Errorf("the note on the merge:\n%s", r.stdout)
			}
		})
	}
}

// TestAMergeOfAnOldBaseCommitIsItsAuthors: an owner merges into the
// pull request a commit of main that main has since reverted (it added
// eve): the merge brings back what the base took out, no update, and
// its author's approval does not pass the change alone.
func TestAMergeOfAnOldBaseCommitIsItsAuthors(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "review", emulator.Options{}, true)
	base := f.read("members.toml")
	f.repo.Commit("members.toml", base, "Create the lists (#1)")
	c0 := f.head()
	eve := reviewEntry("eve@example.org", "eve-x", `reports = "member"`)
	f.repo.Commit("members.toml", strings.Replace(base, "\n[[member]]", eve+"\n[[member]]", 1), "Add eve (#2)")
	added := f.head()
	f.repo.Commit("members.toml", base, "Revert: eve was never vetted (#3)")
	reverted := f.head()
	f.repo.Git("checkout", "-q", "-b", "feature", c0)
	f.repo.Commit("members.toml", addLin(base), "Add lin (#7)")
	c1 := f.head()
	f.repo.Git("merge", "-q", "--no-edit", added)
	g := mergedByAnOwner(t, f, c1, added)
	r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: reverted, Head: "HEAD", Format: report.Text, PR: 7, GitHub: g}))
	if r.code == 0 || strings.Contains(r.stdout, "brings nothing else") {
		t.Errorf("approved by the merge's own author alone: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// mergedByAnOwner serves pull request #7 by lin-x, whose head is the
// repository's HEAD: lin's commit c1, then a merge of second into it by
// ada-x, an owner of reports, who approves the head.
func mergedByAnOwner(t *testing.T, f *fixture, c1, second string) workspace.GitHubOptions {
	t.Helper()
	gh := githubtest.New(t)
	gh.PR(7, "lin-x", "lin-x", "ada-x")
	gh.SetHead(7, f.head())
	gh.Commits[7][0]["sha"] = c1
	gh.Commits[7][1]["parents"] = []githubtest.Obj{{"sha": c1}, {"sha": second}}
	for _, login := range []string{"ada-x", "bob-x", "grace-x", "root-x"} {
		gh.Perm(login, "write", "write")
	}
	gh.Review(7, "ada-x", "APPROVED", f.head())
	srv := httptest.NewServer(gh)
	t.Cleanup(srv.Close)
	return workspace.GitHubOptions{API: srv.URL, Repo: "o/r", Token: githubtest.Token, Login: githubtest.Self}
}

// branchBehindBase commits the review fixture's file on main, then on a
// branch feature a commit adding lin (#7), then on main a comment (#8),
// and checks feature out, ready to merge main into it as GitHub's
// "Update branch" does. It returns feature's commit and main's.
func branchBehindBase(f *fixture) (feature, base string) {
	text := f.read("members.toml")
	f.repo.Commit("members.toml", text, "Create the lists (#1)")
	f.repo.Git("checkout", "-q", "-b", "feature")
	f.repo.Commit("members.toml", addLin(text), "Add lin (#7)")
	feature = f.head()
	f.repo.Git("checkout", "-q", "main")
	f.repo.Commit("members.toml", "# The team's lists.\n"+text, "A comment (#8)")
	base = f.head()
	f.repo.Git("checkout", "-q", "feature")
	return feature, base
}
