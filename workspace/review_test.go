package workspace_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/pullrequest/githubtest"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// reviewEntry is a member of testdata/review's lists, vetted by ada-x
// (ada herself by bob-x).
func reviewEntry(email, github, lists string) string {
	vetter := "ada-x"
	if github == "ada-x" {
		vetter = "bob-x"
	}
	return fmt.Sprintf("\n[[member]]\nemail = %q\ngithub = %q\nlists = { %s }\nvetting = [{ by = %q, on = 2026-01-01, method = \"video-call\" }]\n", email, github, lists, vetter)
}

// reviewRepo commits testdata/review: ada and bob (owners of reports,
// github ada-x, bob-x) and grace (owner of announce, github grace-x).
func reviewRepo(t *testing.T) (*fixture, string) {
	t.Helper()
	f := newFixtureFrom(t, "review", emulator.Options{}, true)
	base := f.read("members.toml")
	f.repo.Commit("members.toml", base, "Create the lists (#1)")
	return f, base
}

func addLin(s string) string {
	return s + reviewEntry("lin@example.org", "lin-x", `reports = "member"`)
}

// TestReviewByHand: outside a pull request, approvals and the author are
// given on the command line.
func TestReviewByHand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		edit     func(string) string
		approved []string
		author   string
		exit     int
		want     []string
	}{
		{"nothing changed", func(s string) string { return s }, nil, "", 0, []string{"No change since HEAD needs an approval"}},
		{"an addition without approval", addLin, nil, "", 1, []string{"list reports: NOT APPROVED", "@ada-x", "+ lin@example.org (member)"}},
		{"approved by an owner of the list, in any case", addLin, []string{"@ADA-X"}, "", 0, []string{"list reports: OK: approved by @ADA-X"}},
		{"approved by an owner of another list only", addLin, []string{"grace-x"}, "", 1, []string{"NOT APPROVED", "not counted: @grace-x (not an owner of reports"}},
		{"the author's own approval", addLin, []string{"ada-x"}, "ada-x", 1, []string{"authored the change"}},
		{"only an owner's github handle changes", func(s string) string {
			return strings.Replace(s, `github = "bob-x"`, `github = "mallory-x"`, 1)
		}, []string{"mallory-x"}, "", 1, []string{"identity of bob@example.org: github bob-x -> mallory-x", "NOT APPROVED"}},
		{"a new list needs an admin", func(s string) string {
			return s + "\n[lists.board]\naddress = \"board@example.org\"\npolicy = \"q\"\n"
		}, []string{"ada-x", "grace-x"}, "", 1, []string{"new list board", "admins: NOT APPROVED"}},
		{"an entry on a list id the file does not define", func(s string) string {
			return s + reviewEntry("mallory@example.org", "mallory-x", `Reports = "owner"`)
		}, nil, "", 1, []string{`+ mallory@example.org (owner) on list "Reports", which the file does not define`, "admins: NOT APPROVED"}},
		{"a broken policy no list uses stops every sync, whoever approves", func(s string) string {
			return strings.Replace(s, "schema = 1\n", "schema = 1\npolicies.spare.max_members = 5\n", 1)
		}, []string{"ada-x", "bob-x", "root-x"}, "", 1, []string{"errors: NOT APPROVED: merged, the file would stop every sync", "members.toml:2:10: policy spare: vetting_methods is empty", "Not approved yet"}},
		{"a member listed twice stops every sync", func(s string) string {
			return s + reviewEntry("ada@example.org", "ada-two", `announce = "member"`)
		}, []string{"grace-x", "root-x"}, "", 1, []string{"errors: NOT APPROVED", "ada@example.org", "Not approved yet"}},
		{"a new list names whom it holds", func(s string) string {
			return s + "\n[lists.board]\naddress = \"board@example.org\"\npolicy = \"q\"\n" + reviewEntry("mallory@example.org", "mallory-x", `board = "owner"`)
		}, []string{"ada-x"}, "", 1, []string{"+ mallory@example.org (owner) on new list board", "admins: NOT APPROVED"}},
		{"a new owner needs two owners", func(s string) string {
			return s + reviewEntry("mallory@example.org", "mallory-x", `reports = "owner"`)
		}, []string{"ada-x"}, "", 1, []string{"list reports (2 owners): NOT APPROVED", "a new owner"}},
		// A role validate refuses is weighed as an owner's, so review
		// alone is no weaker than review and validate together.
		{"a new owner written as a role roster does not read", func(s string) string {
			return s + reviewEntry("mallory@example.org", "mallory-x", `reports = "Owner "`)
		}, []string{"ada-x"}, "", 1, []string{"list reports (2 owners): NOT APPROVED"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, base := reviewRepo(t)
			f.write("members.toml", tt.edit(base))
			r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD", Format: report.Text, ApprovedBy: tt.approved, Author: tt.author}))
			if r.code != tt.exit {
				t.Errorf("exit %d, want %d\n%s%s", r.code, tt.exit, r.stdout, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("output lacks %q:\n%s", w, r.stdout)
				}
			}
		})
	}
}

// prRepo commits a change on top of reviewRepo and serves it as pull
// request 7 by author, its commits by commitAuthors.
func prRepo(t *testing.T, change func(string) string, author string, commitAuthors ...string) (*fixture, *githubtest.Server, workspace.GitHubOptions) {
	t.Helper()
	return prRepoFrom(t, func(s string) string { return s }, change, author, commitAuthors...)
}

// prRepoFrom is prRepo on testdata/review as before edits it.
func prRepoFrom(t *testing.T, before, change func(string) string, author string, commitAuthors ...string) (*fixture, *githubtest.Server, workspace.GitHubOptions) {
	t.Helper()
	f := newFixtureFrom(t, "review", emulator.Options{}, true)
	base := before(f.read("members.toml"))
	f.repo.Commit("members.toml", base, "Create the lists (#1)")
	f.repo.Commit("members.toml", change(base), "The change (#7)")
	gh := githubtest.New(t)
	gh.PR(7, author, commitAuthors...)
	gh.SetHead(7, f.head())
	srv := httptest.NewServer(gh)
	t.Cleanup(srv.Close)
	for _, login := range []string{"ada-x", "bob-x", "grace-x", "root-x"} {
		gh.Perm(login, "write", "write")
	}
	gh.Perm("reader-x", "read", "read")
	return f, gh, workspace.GitHubOptions{API: srv.URL, Repo: "o/r", Token: githubtest.Token, Login: githubtest.Self}
}

// head is the repository's HEAD commit.
func (f *fixture) head() string { return strings.TrimSpace(f.repo.Git("rev-parse", "HEAD")) }

// TestReviewOnAPullRequest: only each reviewer's latest review, APPROVED,
// on the pull request's head commit, by someone with write access, and
// not by its author or a commit author, counts; the review is one
// comment of roster's own login, updated in place.
func TestReviewOnAPullRequest(t *testing.T) {
	t.Parallel()
	review := func(f *fixture, g workspace.GitHubOptions) outcome {
		return f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, PR: 7, Comment: true, GitHub: g}))
	}
	t.Run("an approval on an older commit does not count", func(t *testing.T) {
		t.Parallel()
		f, gh, g := prRepo(t, addLin, "lin-x", "lin-x")
		gh.Review(7, "ada-x", "APPROVED", githubtest.OldSHA)
		if r := review(f, g); r.code != 1 || !strings.Contains(r.stdout, "not the head commit") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		gh.Review(7, "ada-x", "APPROVED", f.head())
		if r := review(f, g); r.code != 0 {
			t.Errorf("approved on the head: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		// Every call names roster, with its version, as to Google.
		gh.Mu.Lock()
		defer gh.Mu.Unlock()
		for i, ua := range gh.Agents {
			if !strings.HasPrefix(ua, "roster/test") {
				t.Errorf("%s came with User-Agent %q, want roster's own", gh.Requests[i], ua)
			}
		}
	})
	// In an enterprise of managed users every login is handle_shortcode:
	// such an owner is named in the file and approves as any other.
	t.Run("an Enterprise Managed User's approval counts", func(t *testing.T) {
		t.Parallel()
		emu := func(s string) string { return strings.ReplaceAll(s, `"ada-x"`, `"ada_acme"`) }
		f, gh, g := prRepoFrom(t, emu, func(s string) string { return emu(addLin(s)) }, "lin_acme", "lin_acme")
		gh.Perm("ada_acme", "write", "write")
		if r := review(f, g); r.code != 1 || !strings.Contains(r.stdout, "@ada_acme") {
			t.Errorf("before the approval: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		gh.Review(7, "ada_acme", "APPROVED", f.head())
		if r := review(f, g); r.code != 0 || !strings.Contains(r.stdout, "approved by @ada_acme") {
			t.Errorf("approved by ada_acme: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("a pull request into another branch than the default is refused", func(t *testing.T) {
		t.Parallel()
		f, gh, g := prRepo(t, addLin, "lin-x", "lin-x")
		gh.Review(7, "ada-x", "APPROVED", f.head())
		gh.Mu.Lock()
		base := gh.Pulls[7]["base"].(githubtest.Obj)
		base["ref"] = "evil-base"
		gh.Mu.Unlock()
		if r := review(f, g); r.code != 1 || !strings.Contains(r.stderr, "targets branch evil-base, not main") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	// On a public repository anyone may approve: only those the change
	// could count have their access looked up, one call each, however
	// many others approve.
	t.Run("outsiders' approvals cost no look-up", func(t *testing.T) {
		t.Parallel()
		f, gh, g := prRepo(t, addLin, "lin-x", "lin-x")
		for i := range 40 {
			gh.Review(7, fmt.Sprintf("outsider-%02d", i), "APPROVED", f.head())
		}
		gh.Review(7, "ada-x", "APPROVED", f.head())
		r := review(f, g)
		if r.code != 0 || !strings.Contains(r.stdout, "holds no seat in the file") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		gh.Mu.Lock()
		defer gh.Mu.Unlock()
		var looked []string
		for _, req := range gh.Requests {
			if strings.Contains(req, "/permission") {
				looked = append(looked, req)
			}
		}
		if len(looked) != 1 || !strings.Contains(looked[0], "ada-x") {
			t.Errorf("access looked up %d times, want ada-x's alone: %q", len(looked), looked)
		}
	})
	t.Run("the author's own approval does not count", func(t *testing.T) {
		t.Parallel()
		f, gh, g := prRepo(t, addLin, "ada-x", "ada-x")
		gh.Review(7, "ada-x", "APPROVED", f.head())
		if r := review(f, g); r.code != 1 || !strings.Contains(r.stdout, "authored") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("a commit author's approval does not count", func(t *testing.T) {
		t.Parallel()
		f, gh, g := prRepo(t, addLin, "lin-x", "lin-x", "bob-x")
		gh.Review(7, "bob-x", "APPROVED", f.head())
		if r := review(f, g); r.code != 1 || strings.Contains(r.stdout, "holds no seat") || !strings.Contains(r.stdout, "bob-x") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	// Whoever wrote it may be every approver (any number of people may
	// write under one email): no approval counts until GitHub knows
	// who wrote it (s29-regressA finding 6).
	t.Run("a commit GitHub links to no account: no approval counts", func(t *testing.T) {
		t.Parallel()
		f, gh, g := prRepo(t, addLin, "lin-x", "")
		gh.Review(7, "ada-x", "APPROVED", f.head())
		gh.Review(7, "bob-x", "APPROVED", f.head())
		if r := review(f, g); r.code != 1 || !strings.Contains(r.stdout, "someone@unlinked.example") || !strings.Contains(r.stdout, "no approval counts until GitHub knows who wrote every commit") {
			t.Errorf("two owners approved a commit nobody can name: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	// Whoever wrote under them may be every approver: no approval
	// counts (s29-regressA finding 6), said once.
	t.Run("three thousand co-authors GitHub links to no account crowd nothing out of the comment", func(t *testing.T) {
		t.Parallel()
		f, gh, g := prRepo(t, addLin, "lin-x", "lin-x")
		var msg strings.Builder
		msg.WriteString("Add lin\n\n")
		for i := range 3000 {
			fmt.Fprintf(&msg, "Co-authored-by: x <u%04d@unlinked.example>\n", i)
		}
		msg.WriteString("Co-authored-by: " + strings.Repeat("the reviewers have agreed ", 40) + "\n")
		gh.Message(7, 0, msg.String())
		gh.Review(7, "ada-x", "APPROVED", f.head())
		gh.Review(7, "bob-x", "APPROVED", f.head())
		r := review(f, g)
		if r.code != 1 {
			t.Errorf("two owners' approvals passed unlinked emails: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		comments := gh.Comments(7)
		if len(comments) != 1 {
			t.Fatalf("%d comments", len(comments))
		}
		body := fmt.Sprint(comments[0]["body"])
		for _, want := range []string{"lin@example.org", "u0000@unlinked.example", "and 2996 more", "@ada-x", "no approval counts until GitHub knows who wrote every commit"} {
			if !strings.Contains(body, want) {
				t.Errorf("the comment does not say %q:\n%s", want, body[:min(len(body), 3000)])
			}
		}
		if len(body) > 5000 || strings.Contains(body, "the reviewers have agreed the reviewers have agreed the reviewers have agreed the reviewers have agreed") {
			t.Errorf("a comment of %d bytes quotes the trailers whole:\n%s", len(body), body[:min(len(body), 3000)])
		}
	})
	t.Run("approvals that do not count for one reason are one note", func(t *testing.T) {
		t.Parallel()
		f, gh, g := prRepo(t, addLin, "lin-x", "lin-x")
		for i := range 50 {
			login := fmt.Sprintf("puppet%02d", i)
			gh.Perm(login, "read", "read")
			gh.Review(7, login, "APPROVED", f.head())
		}
		gh.Review(7, "ada-x", "APPROVED", f.head())
		r := review(f, g)
		body := fmt.Sprint(gh.Comments(7)[0]["body"])
		if r.code != 0 || strings.Count(body, "do not count") != 1 || !strings.Contains(body, "and 45 more") || !strings.Contains(body, "lin@example.org") {
			t.Errorf("exit %d\n%s", r.code, body)
		}
	})
	t.Run("a commit under a member's email GitHub links to no account: no approval counts", func(t *testing.T) {
		t.Parallel()
		// ada-x, an owner of reports, writes the commit as grace (an owner
		// of announce only) and approves: the email is grace's in the
		// file, but nothing shows grace wrote it.
		f, gh, g := prRepo(t, addLin, "lin-x", "")
		gh.Unlinked(7, 0, "grace@example.org")
		gh.Review(7, "ada-x", "APPROVED", f.head())
		gh.Review(7, "bob-x", "APPROVED", f.head())
		if r := review(f, g); r.code != 1 || !strings.Contains(r.stdout, "grace@example.org") || !strings.Contains(r.stdout, "no approval counts") {
			t.Errorf("owners approved a commit by an unlinked member's email: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("a commit under an owner's email GitHub links to no account: that owner does not count", func(t *testing.T) {
		t.Parallel()
		f, gh, g := prRepo(t, addLin, "lin-x", "")
		gh.Unlinked(7, 0, "ada@example.org")
		gh.Review(7, "ada-x", "APPROVED", f.head())
		gh.Review(7, "bob-x", "APPROVED", f.head())
		if r := review(f, g); r.code != 1 || !strings.Contains(r.stdout, "ada@example.org") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("a commit email cannot mention anyone", func(t *testing.T) {
		t.Parallel()
		// GitHub reads a mention after any non-ASCII-word character: '-',
		// '.', '+', 'é'. The email reaches the notes and the ❌ lines.
		f, gh, g := prRepo(t, addLin, "lin-x", "")
		gh.Unlinked(7, 0, "x-@bob-x.@ada-x+@grace-x é@root-x")
		if r := review(f, g); r.code != 1 {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		for _, c := range gh.Comments(7) {
			body := fmt.Sprint(c["body"])
			if !strings.Contains(body, "@&#8203;bob-x") {
				t.Errorf("the email is not in the comment:\n%s", body)
			}
			for _, live := range []string{"-@bob-x", ".@ada-x", "+@grace-x", "é@root-x"} {
				if strings.Contains(body, live) {
					t.Errorf("the comment mentions %s:\n%s", live, body)
				}
			}
		}
	})
	t.Run("a commit's author line does not attest for the vetter", func(t *testing.T) {
		t.Parallel()
		// ada-x vetted lin in the change; the commit claims to be ada-x's,
		// which anyone can write in git.
		f, gh, g := prRepo(t, addLin, "lin-x", "ada-x")
		gh.Review(7, "bob-x", "APPROVED", f.head())
		if r := review(f, g); r.code != 1 || !strings.Contains(r.stdout, "@ada-x, named as the vetter, must approve") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("an app's bot account under the vetter's login attests nothing", func(t *testing.T) {
		t.Parallel()
		// The vetter named in the record is ada-x; a review under that
		// login that GitHub types Bot is an app's, nobody's word
		// (s31-gate3).
		f, gh, g := prRepo(t, addLin, "lin-x", "lin-x")
		gh.Review(7, "bob-x", "APPROVED", f.head())
		gh.Review(7, "ada-x", "APPROVED", f.head())
		rs := gh.Reviews[7]
		rs[len(rs)-1]["user"].(githubtest.Obj)["type"] = "Bot"
		if r := review(f, g); r.code != 1 || !strings.Contains(r.stdout, "@ada-x, named as the vetter, must approve") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("an approval without write access does not count", func(t *testing.T) {
		t.Parallel()
		edit := func(s string) string {
			return strings.Replace(addLin(s), `lists = { announce = "owner" }`, `lists = { announce = "owner" }`+"\n# reader-x owns nothing", 1)
		}
		f, gh, g := prRepo(t, edit, "lin-x", "lin-x")
		gh.Perm("ada-x", "read", "read")
		gh.Review(7, "ada-x", "APPROVED", f.head())
		if r := review(f, g); r.code != 1 || !strings.Contains(r.stdout, "access to the repository, not write") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("a changed github handle of an owner needs the owners", func(t *testing.T) {
		t.Parallel()
		edit := func(s string) string { return strings.Replace(s, `github = "bob-x"`, `github = "mallory-x"`, 1) }
		f, _, g := prRepo(t, edit, "mallory-x", "mallory-x")
		if r := review(f, g); r.code != 1 || !strings.Contains(r.stdout, "identity of bob@example.org") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("a review of another commit than the pull request's head is refused", func(t *testing.T) {
		t.Parallel()
		f, _, g := prRepo(t, addLin, "lin-x", "lin-x")
		r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD~1", Format: report.Text, PR: 7, GitHub: g}))
		if r.code != 1 || !strings.Contains(r.stderr, "neither pull request #7's head commit") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("someone else's marker is never edited", func(t *testing.T) {
		t.Parallel()
		f, gh, g := prRepo(t, addLin, "lin-x", "lin-x")
		planted := gh.Comment(7, "mallory-x", "<!-- roster:review -->\n✅ approved by everyone")
		if r := review(f, g); r.code != 1 {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		gh.Review(7, "ada-x", "APPROVED", f.head())
		if r := review(f, g); r.code != 0 {
			t.Fatalf("approved: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		var ours []githubtest.Obj
		for _, c := range gh.Comments(7) {
			if c["id"] == planted {
				if !strings.Contains(fmt.Sprint(c["body"]), "approved by everyone") {
					t.Errorf("the planted comment was edited: %v", c["body"])
				}
				continue
			}
			ours = append(ours, c)
		}
		if len(ours) != 1 || !strings.Contains(fmt.Sprint(ours[0]["body"]), "✅ approved by @ada-x") {
			t.Errorf("want one comment of roster's, updated: %v", ours)
		}
	})
	t.Run("a newline in a vetting note cannot forge an approval", func(t *testing.T) {
		t.Parallel()
		edit := func(s string) string {
			return s + "\n[[member]]\nemail = \"lin@example.org\"\ngithub = \"lin-x\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada-x\", on = 2026-01-01, method = \"video-call\", note = \"ok\\n\\n**reports**: ✅ approved by @ada-x\\n\\n<!-- \" }]\n"
		}
		f, gh, g := prRepo(t, edit, "lin-x", "lin-x")
		if r := review(f, g); r.code != 1 {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		for _, c := range gh.Comments(7) {
			body := fmt.Sprint(c["body"])
			for _, line := range strings.Split(body, "\n") {
				if strings.Contains(line, "✅ approved by @ada-x") {
					t.Errorf("a forged approval line in the comment: %q", line)
				}
			}
			if strings.Count(body, "<!--") != 1 {
				t.Errorf("an HTML comment opened by a field:\n%s", body)
			}
		}
	})
	t.Run("the token goes only over https or to loopback", func(t *testing.T) {
		t.Parallel()
		f, _, _ := prRepo(t, addLin, "lin-x", "lin-x")
		g := workspace.GitHubOptions{API: "http://api.example.net", Repo: "o/r", Token: "t", Login: githubtest.Self}
		r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Format: report.Text, PR: 7, GitHub: g}))
		if r.code != 1 || !strings.Contains(r.stderr, "https") {
			t.Errorf("exit %d %s", r.code, r.stderr)
		}
	})
}

// TestReviewCommentRepublishesNothing: github-actions[bot] is every
// workflow's login in the repository, so any workflow can post a comment
// with roster's marker, or edit roster's. A run without a plan (on a
// review, or when the plan job failed) must not copy anything of it
// forward: the review comment is made whole from the run's own data, and
// the plan has a comment of its own, written only by a run with a plan.
func TestReviewCommentRepublishesNothing(t *testing.T) {
	t.Parallel()
	const plan = "### roster plan\n\n**reports** (`security@example.org`, google): up to date (2 live members)\n\nNo changes: the live groups match members.toml.\n"
	forged := func(head string) string {
		return "<!-- roster:plan " + head + " -->\n#### list reports\n\n✅ approved by @ada-x, @bob-x <img src=x>\n<!-- /roster:plan -->\n"
	}
	review := func(f *fixture, g workspace.GitHubOptions, planFile string) outcome {
		return f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, PR: 7, Comment: true, PlanFile: planFile, GitHub: g}))
	}
	// ours returns the bodies of the comments roster's login wrote.
	ours := func(gh *githubtest.Server) (review, plan []string) {
		for _, c := range gh.Comments(7) {
			if c["user"].(githubtest.Obj)["login"] != githubtest.Self {
				continue
			}
			body := fmt.Sprint(c["body"])
			switch {
			case strings.Contains(body, report.ReviewMarker):
				review = append(review, body)
			case strings.Contains(body, "<!-- roster:plan -->"):
				plan = append(plan, body)
			}
		}
		return review, plan
	}
	noForgery := func(t *testing.T, gh *githubtest.Server) {
		t.Helper()
		rs, _ := ours(gh)
		for _, body := range rs {
			if strings.Contains(body, "<img") || strings.Contains(body, "approved by @ada-x, @bob-x") {
				t.Errorf("roster's review comment republishes another workflow's text:\n%s", body)
			}
		}
	}
	t.Run("the plan goes in a comment of its own", func(t *testing.T) {
		t.Parallel()
		f, gh, g := prRepo(t, addLin, "lin-x", "lin-x")
		f.write("plan.md", plan)
		if r := review(f, g, "plan.md"); r.code != 1 {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		rs, ps := ours(gh)
		if len(rs) != 1 || len(ps) != 1 {
			t.Fatalf("want one review and one plan comment: %v %v", rs, ps)
		}
		if strings.Contains(rs[0], "roster plan") {
			t.Errorf("the review comment holds the plan:\n%s", rs[0])
		}
		if !strings.Contains(ps[0], "up to date (2 live members)") || !strings.Contains(ps[0], f.head()[:10]) {
			t.Errorf("the plan comment lacks the plan or its commit:\n%s", ps[0])
		}
		// A review submitted: no plan in the run. The plan comment stays
		// as it was; the review comment is rewritten.
		gh.Review(7, "ada-x", "APPROVED", f.head())
		if r := review(f, g, ""); r.code != 0 {
			t.Fatalf("approved: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		rs2, ps2 := ours(gh)
		if len(rs2) != 1 || !strings.Contains(rs2[0], "✅ approved by @ada-x") || len(ps2) != 1 || ps2[0] != ps[0] {
			t.Errorf("after a review: %v %v", rs2, ps2)
		}
		// A push whose plan job failed: an empty plan says so, rather
		// than leave another commit's plan standing.
		f.write("empty.md", "")
		if r := review(f, g, "empty.md"); r.code != 0 {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		if _, ps3 := ours(gh); len(ps3) != 1 || !strings.Contains(ps3[0], "No plan for") || strings.Contains(ps3[0], "live members") {
			t.Errorf("after a failed plan: %v", ps3)
		}
	})
	t.Run("a plan planted in roster's comment by another workflow is not republished", func(t *testing.T) {
		t.Parallel()
		f, gh, g := prRepo(t, addLin, "lin-x", "lin-x")
		f.write("plan.md", plan)
		if r := review(f, g, "plan.md"); r.code != 1 {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		// Another workflow, as github-actions[bot], rewrites roster's
		// review comment around a plan section of its own.
		gh.Mu.Lock()
		for _, c := range gh.CommentsOf[7] {
			if strings.Contains(fmt.Sprint(c["body"]), report.ReviewMarker) {
				c["body"] = report.ReviewMarker + "\n### roster review\n\n" + forged(f.head())
			}
		}
		gh.Mu.Unlock()
		if r := review(f, g, ""); r.code != 1 {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		noForgery(t, gh)
	})
	t.Run("a marker comment posted first by another workflow is not republished", func(t *testing.T) {
		t.Parallel()
		f, gh, g := prRepo(t, addLin, "lin-x", "lin-x")
		gh.Comment(7, githubtest.Self, report.ReviewMarker+"\n### roster review\n\n"+forged(f.head()))
		if r := review(f, g, ""); r.code != 1 {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		noForgery(t, gh)
	})
}

// TestReviewOfGitAttributes: a change that edits a .gitattributes on the
// members file's path (here one that would check it out as UTF-16, which
// sync could not read) leaves members.toml's bytes in git as they were,
// yet changes the file sync reads: one of the admins approves it, at the
// top of the repository or in the file's own directory; one elsewhere
// needs nobody.
func TestReviewOfGitAttributes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		path string
		need bool
	}{
		{".gitattributes", true},
		{"sub/.gitattributes", false},
	} {
		t.Run(tc.path, func(t *testing.T) {
			t.Parallel()
			f, _ := reviewRepo(t)
			f.repo.Commit(tc.path, "members.toml working-tree-encoding=UTF-16\n", "Line endings (#7)")
			review := func(approved ...string) outcome {
				return f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, Author: "lin-x", ApprovedBy: approved}))
			}
			r := review()
			if !tc.need {
				if r.code != 0 {
					t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
				}
				return
			}
			if r.code != 1 || !strings.Contains(r.stdout, ".gitattributes changed") {
				t.Errorf("unapproved: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if r := review("root-x"); r.code != 0 {
				t.Errorf("approved by an admin: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// TestReviewOfAMembersFileNotWhereSyncReadsIt: a change that turns the
// members file into a symbolic link (whose text, which review reads,
// means the base file, while its target, which a checkout follows, adds
// an owner), that moves or deletes it, or that adds a file whose name
// folds to it or to a .gitattributes on its path (which a checkout on a
// folding filesystem writes over the true one), is refused by review, validate
// --head and the pull request's plan; a link committed to git is refused
// by sync too. None of them passes for "no change needs an approval".
func TestReviewOfAMembersFileNotWhereSyncReadsIt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, want string
		change     func(f *fixture, base string)
	}{
		{"a symbolic link", "not a regular file", func(f *fixture, base string) {
			f.write("target.toml", base+reviewEntry("mallory@example.org", "mallory-x", `reports = "owner"`))
			f.repo.Git("rm", "-q", "members.toml")
			if err := os.Symlink("target.toml", filepath.Join(f.dir, "members.toml")); err != nil {
				t.Fatal(err)
			}
			f.repo.Git("add", "members.toml", "target.toml")
			f.repo.Git("commit", "-q", "-m", "Tidy (#7)")
		}},
		{"a file whose name folds to it", "whose name folds to members.toml", func(f *fixture, base string) {
			f.repo.Commit("member\u017f.toml", base+reviewEntry("mallory@example.org", "mallory-x", `reports = "owner"`), "Notes (#7)")
		}},
		{"a .gitattributes in another case", "whose name folds to members.toml", func(f *fixture, base string) {
			f.repo.Commit(".GitAttributes", "members.toml working-tree-encoding=UTF-16\n", "Attributes (#7)")
		}},
		{"a move", "moves or deletes members.toml", func(f *fixture, base string) {
			f.repo.Git("mv", "members.toml", "roster.toml")
			f.repo.Git("commit", "-q", "-m", "Rename (#7)")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, base := reviewRepo(t)
			tc.change(f, base)
			r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, Author: "lin-x"}))
			if r.code == 0 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("review: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if tc.name != "a symbolic link" {
				return
			}
			if r := f.outcome(f.ws(workspace.Context{}).Validate(ctx, workspace.ValidateOptions{Source: workspace.Source{Path: "members.toml", Rev: "HEAD"}, Format: report.Text, At: todayDate})); r.code == 0 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("validate --head: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if r := f.doPlan(workspace.PlanOptions{Source: workspace.Source{Path: "members.toml", Rev: "HEAD"}, Base: "HEAD~1"}); r.code == 0 || r.code == 2 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("plan --head: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if r := f.doSync(workspace.SyncOptions{}); r.code == 0 || !strings.Contains(r.stderr, tc.want) || f.writes() != 0 {
				t.Errorf("sync: exit %d, %d writes\n%s%s", r.code, f.writes(), r.stdout, r.stderr)
			}
		})
	}
}

// TestReviewOfTwoRecordsOfOneDay: an entry with two records of the same
// vetter, day and method (add wrote one, vet another) is unchanged when
// nothing changed: neither record overwrites the other.
func TestReviewOfTwoRecordsOfOneDay(t *testing.T) {
	t.Parallel()
	f, base := reviewRepo(t)
	two := base + "\n[[member]]\nemail = \"lin@example.org\"\ngithub = \"lin-x\"\nlists = { reports = \"member\" }\n" +
		"vetting = [{ by = \"ada-x\", on = 2026-01-01, method = \"video-call\", note = \"first\" }, { by = \"ada-x\", on = 2026-01-01, method = \"video-call\", note = \"second\" }]\n"
	f.repo.Commit("members.toml", two, "Lin (#2)")
	r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD", Format: report.Text}))
	if r.code != 0 || !strings.Contains(r.stdout, "No change since HEAD needs an approval") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestReviewOfACSVListsSnapshot: roster reads a csv list's snapshot as
// the group's live members, so a change that edits only the snapshot
// (deleting a walk-in's row hides them from sync and audit) needs one of
// the list's owners, as a change of its members would; a change beside
// it needs nobody.
func TestReviewOfACSVListsSnapshot(t *testing.T) {
	t.Parallel()
	f, export := csvListRepo(t)
	review := func(approved ...string) outcome {
		return f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, Author: "lin-x", ApprovedBy: approved}))
	}
	f.repo.Commit("NOTES.md", "unrelated\n", "Notes (#2)")
	if r := review(); r.code != 0 {
		t.Errorf("a change beside the snapshot: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	f.repo.Commit("snapshots/distros.csv", strings.Replace(export, "walk.in@example.net,,member\n", "", 1), "Refresh the export (#3)")
	r := review()
	if r.code != 1 || !strings.Contains(r.stdout, "snapshot ./snapshots/distros.csv edited") {
		t.Errorf("the snapshot edited, unapproved: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := review("ada-x"); r.code != 0 {
		t.Errorf("approved by the list's owner: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The working tree, when no head is given, is read the same way.
	f.write("snapshots/distros.csv", export)
	r = f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD", Format: report.Text, Author: "lin-x"}))
	if r.code != 1 || !strings.Contains(r.stdout, "snapshot ./snapshots/distros.csv edited") {
		t.Errorf("the snapshot edited in the working tree: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestACSVSnapshotIsReadAsTheMembersFileIs: the routes by which what
// review approved of a csv list's snapshot could differ from what sync
// reads are closed as for the members file: a snapshot reached through
// a link is refused (by review at the head, and by every read), a
// .gitattributes on its path needs an admin, a name that folds to it is
// refused, and the pull request's plan reads the export at the head.
func TestACSVSnapshotIsReadAsTheMembersFileIs(t *testing.T) {
	t.Parallel()
	review := func(f *fixture, approved ...string) outcome {
		return f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, Author: "lin-x", ApprovedBy: approved}))
	}
	t.Run("a link", func(t *testing.T) {
		t.Parallel()
		f, export := csvListRepo(t)
		f.repo.Write("exports/distros.csv", export)
		f.repo.Git("rm", "-q", "snapshots/distros.csv")
		if err := os.MkdirAll(filepath.Join(f.dir, "snapshots"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("../exports/distros.csv", filepath.Join(f.dir, "snapshots", "distros.csv")); err != nil {
			t.Fatal(err)
		}
		f.repo.Git("add", "-A")
		f.repo.Git("commit", "-q", "-m", "Tidy the exports (#2)")
		if r := review(f, "ada-x", "root-x"); r.code != 1 || !strings.Contains(r.stderr, "snapshot") || !strings.Contains(r.stderr, "nothing was reviewed") {
			t.Errorf("review of a linked snapshot: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		if r := f.doPlan(workspace.PlanOptions{}); r.code != 1 || !strings.Contains(r.stderr, "symbolic link") {
			t.Errorf("plan through a linked snapshot: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("a linked directory on its path", func(t *testing.T) {
		t.Parallel()
		f, export := csvListRepo(t)
		f.repo.Git("mv", "snapshots", "real")
		if err := os.Symlink("real", filepath.Join(f.dir, "snapshots")); err != nil {
			t.Fatal(err)
		}
		f.repo.Git("add", "snapshots")
		f.repo.Git("commit", "-q", "-m", "The exports move (#2)")
		f.repo.Commit("real/distros.csv", strings.Replace(export, "walk.in@example.net,,member\n", "", 1), "Refresh the export (#3)")
		if r := review(f); r.code != 1 || !strings.Contains(r.stderr, "a symbolic link in git") {
			t.Errorf("review of an export edited through a linked directory: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("a .gitattributes beside it", func(t *testing.T) {
		t.Parallel()
		f, _ := csvListRepo(t)
		f.repo.Commit("snapshots/.gitattributes", "distros.csv working-tree-encoding=UTF-16\n", "Encoding (#2)")
		if r := review(f, "ada-x"); r.code != 1 || !strings.Contains(r.stdout, ".gitattributes") {
			t.Errorf("unapproved by an admin: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		if r := review(f, "root-x"); r.code != 0 {
			t.Errorf("approved by an admin: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("a name that folds to it", func(t *testing.T) {
		t.Parallel()
		f, export := csvListRepo(t)
		f.repo.Commit("\u017fnapshots/distros.csv", strings.Replace(export, "walk.in@example.net,,member\n", "", 1), "Exports (#2)")
		if r := review(f, "ada-x", "root-x"); r.code != 1 || !strings.Contains(r.stderr, "folds to the snapshot") {
			t.Errorf("review: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("the pull request's plan", func(t *testing.T) {
		t.Parallel()
		f, export := csvListRepo(t)
		f.repo.Commit("snapshots/distros.csv", strings.Replace(export, "walk.in@example.net,,member\n", "", 1), "Refresh the export (#2)")
		f.repo.Git("checkout", "-q", "HEAD~1")
		r := f.doPlan(workspace.PlanOptions{Source: workspace.Source{Path: "members.toml", Rev: "main"}, Base: "HEAD", Format: report.Markdown})
		if r.code == 1 || !strings.Contains(r.stdout, "distros") || strings.Contains(r.stdout, "example.net") {
			t.Errorf("the plan read the checkout's export, not the head's: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
}

// csvListRepo commits a file with a csv list, distros (owner ada-x,
// admin root-x), and its export, which has a walk-in.
func csvListRepo(t *testing.T) (*fixture, string) {
	t.Helper()
	f := newRepoFixture(t)
	file := `schema = 1
admins = ["root-x"]

[lists.distros]
address = "distros@googlegroups.com"
provider = "csv"
snapshot = "./snapshots/distros.csv"
policy = "p"

[policies.p]
min_owners = 1
vetting_methods = ["video-call"]
unmanaged = "remove"
` + reviewEntry("ada@example.org", "ada-x", `distros = "owner"`) + reviewEntry("bob@example.org", "bob-x", `distros = "member"`)
	export := "Members for group distros\nEmail address,Nickname,Group status\nada@example.org,,owner\nbob@example.org,,member\nwalk.in@example.net,,member\n"
	f.repo.Write("snapshots/distros.csv", export)
	f.repo.Git("add", "snapshots/distros.csv")
	f.repo.Commit("members.toml", file, "Create the list (#1)")
	return f, export
}

// TestASnapshotIsReadBesideTheMembersFileALinkReaches: a link of one's
// own to the members file reads the export the repository holds beside
// it, as its history is read there, not one beside the link.
func TestASnapshotIsReadBesideTheMembersFileALinkReaches(t *testing.T) {
	t.Parallel()
	f, export := csvListRepo(t)
	home := t.TempDir()
	if err := os.Symlink(filepath.Join(f.dir, "members.toml"), filepath.Join(home, "members.toml")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(home, "snapshots"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, "snapshots", "distros.csv"), []byte(strings.Replace(export, "walk.in@example.net,,member\n", "", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	r := f.doPlan(workspace.PlanOptions{Source: workspace.Source{Path: filepath.Join(home, "members.toml")}})
	if !strings.Contains(r.stdout, "walk.in@example.net") {
		t.Errorf("the plan read the export beside the link:\n%s%s", r.stdout, r.stderr)
	}
}

// TestReviewOfAnOrgMemberWhoOwnsNoList: mallory, with write access and
// no list, tries changes that need two owners of reports with only
// ada's approval: pinning open settings a policy never pinned, and a
// new owner on a list whose other owner has no github handle (counting
// only owners with one would make one approval enough).
func TestReviewOfAnOrgMemberWhoOwnsNoList(t *testing.T) {
	t.Parallel()
	review := func(f *fixture, g workspace.GitHubOptions) outcome {
		return f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, PR: 7, GitHub: g}))
	}
	t.Run("open settings pinned for the first time", func(t *testing.T) {
		t.Parallel()
		open := func(s string) string {
			return strings.Replace(s, "[policies.p]\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\n",
				"[policies.p]\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\nwho_can_join = \"ALL_IN_DOMAIN_CAN_JOIN\"\nwho_can_view_group = \"ANYONE_CAN_VIEW\"\n", 1)
		}
		f, gh, g := prRepo(t, open, "mallory-x", "mallory-x")
		gh.Review(7, "ada-x", "APPROVED", f.head())
		if r := review(f, g); r.code != 1 || !strings.Contains(r.stdout, "newly pinned to ALL_IN_DOMAIN_CAN_JOIN") || !strings.Contains(r.stdout, "(2 owners): NOT APPROVED") {
			t.Errorf("one owner's approval: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		gh.Review(7, "bob-x", "APPROVED", f.head())
		if r := review(f, g); r.code != 0 {
			t.Errorf("two owners' approvals: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("a new owner where the other owner has no handle", func(t *testing.T) {
		t.Parallel()
		noHandle := func(s string) string { return strings.Replace(s, "github = \"bob-x\"\n", "", 1) }
		newOwner := func(s string) string {
			return s + reviewEntry("mallory@evil.example", "mallory-x", `reports = "owner"`)
		}
		f, gh, g := prRepoFrom(t, noHandle, newOwner, "mallory-x", "mallory-x")
		gh.Review(7, "ada-x", "APPROVED", f.head())
		if r := review(f, g); r.code != 1 || !strings.Contains(r.stdout, "standing in for its owners without one (bob@example.org)") || !strings.Contains(r.stdout, "list reports (2 owners): NOT APPROVED") {
			t.Errorf("one owner's approval: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		gh.Review(7, "root-x", "APPROVED", f.head())
		if r := review(f, g); r.code != 0 {
			t.Errorf("an owner's and an admin's approvals: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
}

// TestReviewOfCommitsPushedUnderTheAuthorsName: mallory, with write
// access, pushes a commit to ada's pull request under ada's own
// noreply address, adding herself as an owner with a record naming ada.
// GitHub names ada as the commit's author; only a verified signature
// would say she made it. Unsigned, ada's opening of the pull request
// vouches for nothing: two owners besides her must approve (the list
// has one), and ada must approve the record herself. Signed by her,
// the same pull request needs bob alone.
func TestReviewOfCommitsPushedUnderTheAuthorsName(t *testing.T) {
	t.Parallel()
	review := func(f *fixture, g workspace.GitHubOptions) outcome {
		return f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, PR: 7, GitHub: g}))
	}
	newOwner := func(s string) string {
		return s + reviewEntry("mallory@evil.example", "mallory-x", `reports = "owner"`)
	}
	f, gh, g := prRepo(t, newOwner, "ada-x", "ada-x")
	gh.Review(7, "bob-x", "APPROVED", f.head())
	if r := review(f, g); r.code != workspace.ExitFailed || !strings.Contains(r.stdout, "vetter ada-x: NOT APPROVED") {
		t.Errorf("unsigned commits: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	gh.Verify(7)
	if r := review(f, g); r.code != 0 {
		t.Errorf("commits signed by the author: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestReviewOfAGroupTakenBack: a change moves list reports away from
// security@ (an admin approves: another group, a new list), and the next
// brings a list back to it, or a list of another id made anew. Each step
// alone needs an admin, but the second takes security@ back: its owners
// then (ada and bob) approve it, as they would the whole change made in
// one step.
func TestReviewOfAGroupTakenBack(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		away func(string) string
		back func(away string) string
	}{
		{"an address moved away and back",
			func(s string) string {
				return strings.Replace(s, `address = "security@example.org"`, `address = "retired@example.org"`, 1)
			},
			func(s string) string {
				return strings.Replace(s, `address = "retired@example.org"`, `address = "security@example.org"`, 1)
			}},
		{"a list deleted, then made again under another id",
			func(s string) string {
				s = strings.Replace(s, "[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n", "", 1)
				return strings.NewReplacer(`reports = "owner", announce = "member"`, `announce = "member"`, `lists = { reports = "owner" }`, `lists = {}`).Replace(s)
			},
			func(s string) string {
				// ada and bob own the list again, so that ada's record
				// of mallory is one policy q accepts: a valid head.
				s = strings.NewReplacer(`lists = { announce = "member" }`, `lists = { sec = "owner", announce = "member" }`, `lists = {}`, `lists = { sec = "owner" }`).Replace(s)
				return strings.Replace(s, "[lists.announce]", "[lists.sec]\naddress = \"security@example.org\"\npolicy = \"q\"\n\n[lists.announce]", 1) +
					reviewEntry("mallory@example.org", "mallory-x", `sec = "owner"`)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, base := reviewRepo(t)
			away := tc.away(base)
			f.repo.Commit("members.toml", away, "Retire the list (#2)")
			f.write("members.toml", tc.back(away))
			review := func(approved ...string) outcome {
				return f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD", Format: report.Text, Author: "mallory-x", ApprovedBy: approved}))
			}
			r := review("root-x")
			if r.code != 1 || !strings.Contains(r.stdout, "takes on security@example.org, which list reports managed until") {
				t.Errorf("approved by an admin alone: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if r := review("root-x", "ada-x", "bob-x"); r.code != 0 {
				t.Errorf("approved by the admin and the group's former owners: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// TestReviewOfAGroupTakenBackAsksItsOwnersByTheirHandlesNow: while
// reports was away from security@, ada's github changed from ada-x to
// ada-new (a rename on GitHub, which the file followed). Taking the group
// back asks ada under the handle the base gives her now: whoever holds
// the old one counts for nothing.
func TestReviewOfAGroupTakenBackAsksItsOwnersByTheirHandlesNow(t *testing.T) {
	t.Parallel()
	f, base := reviewRepo(t)
	away := strings.Replace(base, `address = "security@example.org"`, `address = "retired@example.org"`, 1)
	f.repo.Commit("members.toml", away, "Retire the list (#2)")
	renamed := strings.Replace(away, `github = "ada-x"`, `github = "ada-new"`, 1)
	f.repo.Commit("members.toml", renamed, "ada's new handle (#3)")
	f.write("members.toml", strings.Replace(renamed, `address = "retired@example.org"`, `address = "security@example.org"`, 1))
	review := func(approved ...string) outcome {
		return f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD", Format: report.Text, Author: "mallory-x", ApprovedBy: approved}))
	}
	if r := review("root-x", "ada-x", "bob-x"); r.code != 1 {
		t.Errorf("the old handle counted: exit %d\n%s", r.code, r.stdout)
	}
	if r := review("root-x", "ada-new", "bob-x"); r.code != 0 {
		t.Errorf("ada under her handle now: exit %d\n%s", r.code, r.stdout)
	}
}

// TestReviewOfTwoGroupsTakenBackAtOnce: both lists moved away, then both
// back in one change: each group's former owners are asked.
func TestReviewOfTwoGroupsTakenBackAtOnce(t *testing.T) {
	t.Parallel()
	f, base := reviewRepo(t)
	swap := strings.NewReplacer(`address = "security@example.org"`, `address = "retired@example.org"`, `address = "announce@example.org"`, `address = "retired2@example.org"`)
	away := swap.Replace(base)
	f.repo.Commit("members.toml", away, "Retire both lists (#2)")
	f.write("members.toml", base)
	r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD", Format: report.Text, Author: "mallory-x", ApprovedBy: []string{"root-x"}}))
	for _, want := range []string{"takes on security@example.org, which list reports managed until", "takes on announce@example.org, which list announce managed until"} {
		if r.code != 1 || !strings.Contains(r.stdout, want) {
			t.Errorf("exit %d, no %q:\n%s", r.code, want, r.stdout)
		}
	}
}

// TestReviewOfAGroupTakenBackSeatsNoPlantedHandle: an entry on no list
// may be added, or re-handled, with no approval; one that carries a
// departed owner's address under a friend's handle must not seat the
// friend in that owner's place when the group is taken back: an admin
// stands in, as for an owner the base no longer has.
func TestReviewOfAGroupTakenBackSeatsNoPlantedHandle(t *testing.T) {
	t.Parallel()
	f, base := reviewRepo(t)
	// The admins retire reports; bob's entry goes with it.
	bob := base[strings.Index(base, "[[member]]\nemail = \"bob@"):strings.Index(base, "[[member]]\nemail = \"grace@")]
	retired := strings.Replace(strings.Replace(base, bob, "", 1), "[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n", "", 1)
	retired = strings.Replace(retired, `lists = { reports = "owner", announce = "member" }`, `lists = { announce = "member" }`, 1)
	retired = strings.Replace(retired, `{ by = "bob-x", on = 2026-01-01, method = "video-call" }, `, "", 1)
	f.repo.Commit("members.toml", retired, "Retire reports (#2)")
	// A change no one need approve: bob's address, a friend's handle.
	planted := retired + "\n[[member]]\nemail = \"bob@example.org\"\ngithub = \"friend-x\"\n"
	f.repo.Commit("members.toml", planted, "Contacts (#3)")
	f.write("members.toml", strings.Replace(planted, "[lists.announce]", "[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n\n[lists.announce]", 1)+
		reviewEntry("mallory@example.org", "mallory-x", `reports = "owner"`)+reviewEntry("buddy@example.org", "buddy-x", `reports = "owner"`))
	r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD", Format: report.Text, Author: "mallory-x", ApprovedBy: []string{"root-x", "friend-x", "ada-x"}}))
	if r.code != 1 || !strings.Contains(r.stdout, "not counted: @friend-x (not an owner of reports as of") || !strings.Contains(r.stdout, "standing in for its owners without one (bob@example.org)") {
		t.Errorf("the planted handle counts for bob's seat: exit %d\n%s", r.code, r.stdout)
	}
}

// TestReviewOfSomeoneListedOnTheWay: a pull request whose commits list
// lin and take him off again shows no change between its base and its
// head; merged with a merge commit, history counts lin as taken off the
// list, and sync removes him from the group (a walk-in kept by
// unmanaged = "report" included). Review asks the list's owners, as it
// would for the removal; without the detour, nothing is asked.
func TestReviewOfSomeoneListedOnTheWay(t *testing.T) {
	t.Parallel()
	f, base := reviewRepo(t)
	f.repo.Git("checkout", "-q", "-b", "pr")
	f.repo.Commit("members.toml", addLin(base), "wip")
	f.repo.Commit("members.toml", base, "undo wip")
	f.repo.Git("checkout", "-q", "main")
	f.repo.Git("merge", "-q", "--no-ff", "pr", "-m", "Merge pull request #7")
	review := func(approved ...string) outcome {
		return f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD^1", Head: "HEAD", Format: report.Text, Author: "mal-x", ApprovedBy: approved}))
	}
	// roster's own "±" is no look-alike in the data (s16-19).
	if r := review(); r.code != 1 || !strings.Contains(r.stdout, "± lin@example.org: listed by a commit of the change and taken off by a later one") || !strings.Contains(r.stdout, "list reports: NOT APPROVED") || strings.Contains(r.stdout, "U+00B1") {
		t.Errorf("unapproved: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := review("ada-x"); r.code != 0 {
		t.Errorf("approved by an owner: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The same head, reviewed against its own second parent (the pull
	// request's last commit): nothing passed through on the way.
	if r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD^2", Head: "HEAD", Format: report.Text, Author: "mal-x"})); r.code != 0 {
		t.Errorf("no detour: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestReviewOfSomeoneListedOnTheWayByOtherRoutes: the detour of
// TestReviewOfSomeoneListedOnTheWay, made at a name the members file had
// before a rename (a branch forked before it), on a list the change
// adds, and on a group an address pointed at on the way, is asked of
// the list's owners or of an admin: sync counts each once merged.
func TestReviewOfSomeoneListedOnTheWayByOtherRoutes(t *testing.T) {
	t.Parallel()
	exec := "\n[lists.exec]\naddress = \"exec@example.org\"\npolicy = \"p\"\n"
	for _, tc := range []struct {
		name string
		// build makes the pull request (branch pr, merged into main
		// with a merge commit) and returns what review must say.
		build func(f *fixture, base string) string
	}{
		{"at the file's older name", func(f *fixture, base string) string {
			// main renames members.toml to lists.toml; the branch,
			// forked before, makes its detour in members.toml.
			f.repo.Git("mv", "members.toml", "lists.toml")
			f.repo.Git("commit", "-qm", "Rename the file")
			f.repo.Git("checkout", "-q", "-b", "pr", "HEAD~1")
			f.repo.Commit("members.toml", addLin(base), "wip")
			f.repo.Commit("members.toml", base, "undo wip")
			f.repo.Git("checkout", "-q", "main")
			return "± lin@example.org: listed by a commit of the change"
		}},
		{"on a list the change adds", func(f *fixture, base string) string {
			f.repo.Git("checkout", "-q", "-b", "pr")
			f.repo.Commit("members.toml", strings.Replace(addLin(base+exec), `lin-x"`+"\nlists = { reports = \"member\" }", `lin-x"`+"\nlists = { exec = \"member\" }", 1), "exec, with lin")
			f.repo.Commit("members.toml", base+exec, "exec, without lin")
			f.repo.Git("checkout", "-q", "main")
			return "± lin@example.org on exec@example.org, the group of list exec, new in the change"
		}},
		{"on a group an address pointed at on the way", func(f *fixture, base string) string {
			f.repo.Git("checkout", "-q", "-b", "pr")
			f.repo.Commit("members.toml", strings.Replace(base, `address = "announce@example.org"`, `address = "exec@example.org"`, 1), "announce to exec")
			f.repo.Commit("members.toml", base, "and back")
			f.repo.Git("checkout", "-q", "main")
			return "± ada@example.org on exec@example.org, a group the base has no list for"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, base := reviewRepo(t)
			want := tc.build(f, base)
			f.repo.Git("merge", "-q", "--no-ff", "pr", "-m", "Merge pull request #7")
			file := "members.toml"
			if strings.Contains(f.repo.Git("ls-files"), "lists.toml") {
				file = "lists.toml"
			}
			r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: file, Base: "HEAD^1", Head: "HEAD", Format: report.Text, Author: "mal-x"}))
			if r.code != 1 || !strings.Contains(r.stdout, want) {
				t.Errorf("exit %d, want %q:\n%s%s", r.code, want, r.stdout, r.stderr)
			}
		})
	}
}

// TestReviewOfABrokenBaseAsksForNoFixItDidNotBreak: errors that stop
// every sync at the base are not the change's: a change that mends one
// of two, or touches neither, is not refused for them (the review notes
// they are there); an error the change brings in is refused whatever
// approves it.
func TestReviewOfABrokenBaseAsksForNoFixItDidNotBreak(t *testing.T) {
	t.Parallel()
	broken := func(s string) string {
		return strings.Replace(s, "schema = 1\n", "schema = 1\npolicies.spare.max_members = 5\npolicies.other.max_members = 6\n", 1)
	}
	for _, tc := range []struct {
		name string
		edit func(string) string
		code int
		want []string
	}{
		{"a comment beside the base's errors", func(s string) string { return "# lists\n" + s }, 0, []string{"2 errors at the base already stop every sync", "Approved"}},
		{"one of two mended", func(s string) string { return strings.Replace(s, "policies.other.max_members = 6\n", "", 1) }, 0, []string{"1 error at the base already stops every sync"}},
		{"a new error beside them", func(s string) string {
			return strings.Replace(s, "schema = 1\n", "schema = 1\npolicies.third.max_members = 7\n", 1)
		}, 1, []string{"errors: NOT APPROVED", "policy third", "2 errors at the base already stop every sync"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "review", emulator.Options{}, true)
			good := f.read("members.toml")
			f.repo.Commit("members.toml", good, "The lists (#1)")
			base := broken(good)
			f.repo.Commit("members.toml", base, "Broken (#2)")
			f.repo.Commit("members.toml", tc.edit(base), "The change (#3)")
			r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, ApprovedBy: []string{"root-x"}}))
			if r.code != tc.code {
				t.Errorf("exit %d, want %d\n%s%s", r.code, tc.code, r.stdout, r.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("no %q in:\n%s%s", w, r.stdout, r.stderr)
				}
			}
			if tc.code == 0 && strings.Contains(r.stdout, "errors: NOT APPROVED") {
				t.Errorf("the base's errors are asked of the change:\n%s", r.stdout)
			}
		})
	}
}

// TestReviewSeesWhomTheCommitsTookOffAndPutBack: a change whose commits
// take someone off a list and put them back (or make an owner a member
// and an owner again) changes nothing in the file, but, merged with a
// merge commit, history records the leave and the join by the change's
// authors: the list's owners approve it, as they would either half
// (s16-19 finding 2). A change with no such round trip needs nobody.
func TestReviewSeesWhomTheCommitsTookOffAndPutBack(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, wip, want string // wip: what bob's lists become on the way
	}{
		{"taken off and put back", "lists = {}", "∓ bob@example.org: taken off by a commit of the change and put back by a later one"},
		{"an owner made a member and an owner again", `lists = { reports = "member" }`, "∓ bob@example.org: made member by a commit of the change and owner again by a later one"},
		// The list deleted and written back, or the whole file (s16-19b
		// finding 2): history has everyone on it leave and join again.
		{"the list deleted and written back", "LIST", "∓ bob@example.org: taken off by a commit of the change and put back by a later one"},
		{"the file deleted and written back", "FILE", "∓ ada@example.org: taken off by a commit of the change and put back by a later one"},
		{"no round trip", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, base := reviewRepo(t)
			f.repo.Git("checkout", "-q", "-b", "pr")
			switch tt.wip {
			case "":
			case "FILE":
				f.repo.Git("rm", "-q", "members.toml")
				f.repo.Git("commit", "-q", "-m", "tidy")
			case "LIST":
				noList := strings.NewReplacer("[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n", "",
					`lists = { reports = "owner", announce = "member" }`, `lists = { announce = "member" }`, `lists = { reports = "owner" }`, "lists = {}").Replace(base)
				f.repo.Commit("members.toml", noList, "tidy")
			default:
				f.repo.Commit("members.toml", strings.Replace(base, `lists = { reports = "owner" }`, tt.wip, 1), "tidy")
			}
			f.repo.Commit("members.toml", base+"\n# tidied\n", "tidy 2")
			r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "main", Head: "HEAD", Format: report.Text, Author: "mal-x"}))
			if tt.want == "" {
				if r.code != 0 || strings.Contains(r.stdout, "∓") {
					t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
				}
				return
			}
			if r.code != 1 || !strings.Contains(r.stdout, tt.want) || !strings.Contains(r.stdout, "list reports: NOT APPROVED") || strings.Contains(r.stdout, "U+2213") {
				t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			owners := []string{"ada-x"}
			if tt.wip == "FILE" {
				owners = append(owners, "grace-x") // announce's people left and came back too
			}
			if r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "main", Head: "HEAD", Format: report.Text, Author: "mal-x", ApprovedBy: owners})); r.code != 0 {
				t.Errorf("approved by an owner: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// TestReviewSeesABranchAMergeDidNotKeep: a side branch demotes bob, and
// the pull request merges it with -s ours (keeping its own file): no
// change between base and head, but history records the demotion, and
// never undoes it (s16-19b finding 3). The list's owners approve it.
func TestReviewSeesABranchAMergeDidNotKeep(t *testing.T) {
	t.Parallel()
	f, base := reviewRepo(t)
	f.repo.Git("checkout", "-q", "-b", "side")
	f.repo.Commit("members.toml", strings.Replace(base, `lists = { reports = "owner" }`, `lists = { reports = "member" }`, 1), "demote bob")
	f.repo.Git("checkout", "-q", "-b", "pr", "main")
	f.repo.Commit("README", "x\n", "readme")
	f.repo.Git("merge", "-q", "-s", "ours", "--no-ff", "side", "-m", "merge side")
	r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "main", Head: "HEAD", Format: report.Text, Author: "mal-x"}))
	if r.code != 1 || !strings.Contains(r.stdout, "∓ bob@example.org: made member") || !strings.Contains(r.stdout, "list reports: NOT APPROVED") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// unvettedEve is the review case's file with eve on reports, unvetted:
// a base validate fails on already.
func unvettedEve(s string) string {
	return s + "\n[[member]]\nemail = \"eve@example.org\"\ngithub = \"eve-x\"\nlists = { reports = \"member\" }\n"
}

// TestReviewOfAHeadValidateRejects: a change validate fails on without
// stopping every sync (an unvetted addition, a vetter the list's policy
// does not accept, a list over its cap, an owner short of min_owners) is
// not "Approved" beside the red validate step, whoever approves: the
// review names the errors. An error the base has already is not asked
// of the change.
func TestReviewOfAHeadValidateRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		base func(string) string // the base's own edit; nil: as is
		edit func(string) string
		code int
		want []string
	}{
		{"an addition with no vetting", nil, func(s string) string {
			return s + "\n[[member]]\nemail = \"eve@example.org\"\ngithub = \"eve-x\"\nlists = { reports = \"member\" }\n"
		}, 1, []string{"validate errors: NOT APPROVED", "member eve@example.org", "vetting"}},
		{"vetted by someone not on the list", nil, func(s string) string {
			return s + "\n[[member]]\nemail = \"eve@example.org\"\ngithub = \"eve-x\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"grace-x\", on = 2026-01-01, method = \"video-call\" }]\n"
		}, 1, []string{"validate errors: NOT APPROVED", "grace-x is not on reports"}},
		{"over the cap", nil, func(s string) string {
			return strings.Replace(s, "[policies.p]\n", "[policies.p]\nmax_members = 2\n", 1) + reviewEntry("eve@example.org", "eve-x", `reports = "member"`)
		}, 1, []string{"validate errors: NOT APPROVED", "max_members"}},
		{"below min_owners", nil, func(s string) string {
			s = strings.Replace(s, "[policies.p]\n", "[policies.p]\nmin_owners = 2\n", 1)
			return strings.Replace(s, `lists = { reports = "owner" }`, `lists = { reports = "member" }`, 1)
		}, 1, []string{"validate errors: NOT APPROVED", "min_owners"}},
		{"a valid addition", nil, func(s string) string {
			return s + reviewEntry("eve@example.org", "eve-x", `reports = "member"`)
		}, 0, []string{"Approved"}},
		{"the base's own error, left as it was", unvettedEve, func(s string) string { return "# lists\n" + s }, 0, []string{"Approved"}},
		{"the base's own error, the list's id renamed", unvettedEve, func(s string) string {
			return strings.NewReplacer("[lists.reports]", "[lists.sec]", "reports =", "sec =").Replace(s)
		}, 0, []string{"Approved"}},
		{"the base's own error, the address respelled in case", unvettedEve, func(s string) string {
			return strings.Replace(s, `email = "eve@example.org"`, `email = "EVE@example.org"`, 1)
		}, 0, []string{"Approved"}},
		// One finding of a rule stands in for no other: the base lacks
		// ada's affiliation, the change gives it and takes her name.
		{"another required field missing than the base's", func(s string) string {
			s = strings.Replace(s, "[policies.p]\n", "[policies.p]\nrequired_fields = [\"name\", \"affiliation\"]\n", 1)
			s = strings.ReplaceAll(s, "[[member]]\nemail = \"bob@example.org\"", "[[member]]\nemail = \"bob@example.org\"\nname = \"Bob\"\naffiliation = \"X\"")
			return strings.Replace(s, "[[member]]\nemail = \"ada@example.org\"", "[[member]]\nemail = \"ada@example.org\"\nname = \"Ada\"", 1)
		}, func(s string) string {
			return strings.Replace(s, "email = \"ada@example.org\"\nname = \"Ada\"", "email = \"ada@example.org\"\naffiliation = \"Y\"", 1)
		}, 1, []string{"validate errors: NOT APPROVED", "name is required"}},
		// The lists swap ids: eve's entry still says reports, which now
		// names announce's group, one she was never on unvetted.
		{"the base's error carried to another group by swapping ids", unvettedEve, func(s string) string {
			return strings.NewReplacer("[lists.reports]", "[lists.announce]", "[lists.announce]", "[lists.reports]",
				`lists = { reports = "owner", announce = "member" }`, `lists = { announce = "owner", reports = "member" }`,
				`lists = { reports = "owner" }`, `lists = { announce = "owner" }`,
				`lists = { announce = "owner" }`, `lists = { reports = "owner" }`).Replace(s)
		}, 1, []string{"validate errors: NOT APPROVED", "member eve@example.org"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "review", emulator.Options{}, true)
			base := f.read("members.toml")
			if tc.base != nil {
				base = tc.base(base)
			}
			f.repo.Commit("members.toml", base, "The lists (#1)")
			f.repo.Commit("members.toml", tc.edit(base), "The change (#2)")
			r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, ApprovedBy: []string{"root-x", "ada-x", "bob-x", "grace-x"}}))
			if r.code != tc.code {
				t.Errorf("exit %d, want %d\n%s%s", r.code, tc.code, r.stdout, r.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("no %q in:\n%s%s", w, r.stdout, r.stderr)
				}
			}
			if tc.code == 0 && strings.Contains(r.stdout, "NOT APPROVED") {
				t.Errorf("approved, yet a requirement is not met:\n%s", r.stdout)
			}
		})
	}
}

// TestReviewOfARepairOfABaseThatDoesNotParse: the base does not parse;
// the change puts back the last text that did, errors and all. Review
// judges by that version, so its errors are the base's, not asked of
// the change, and the note that the base does not parse is said once.
func TestReviewOfARepairOfABaseThatDoesNotParse(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "review", emulator.Options{}, true)
	good := unvettedEve(f.read("members.toml"))
	f.repo.Commit("members.toml", good, "The lists (#1)")
	f.repo.Commit("members.toml", good+"\ngarbage = =\n", "Broken (#2)")
	f.repo.Commit("members.toml", good, "Mended (#3)")
	r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, ApprovedBy: []string{"root-x", "ada-x", "bob-x"}}))
	if r.code != 0 || strings.Contains(r.stdout, "validate errors") {
		t.Errorf("exit %d, want 0:\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, out := range []string{r.stdout, r.stderr} {
		for _, line := range strings.Split(out, "\n") {
			if line != "" && strings.Count(out, line+"\n") > 1 && strings.Contains(line, "note") {
				t.Errorf("said twice: %q", line)
			}
		}
	}
}

// TestReviewJudgesTheBaseAsCommitted: the errors the base already has
// are those of the file as committed there, as validate judges it, not
// of the version review reads approvals from (a list that fails its own
// policy is settled to whom the last version that applied it listed).
func TestReviewJudgesTheBaseAsCommitted(t *testing.T) {
	t.Parallel()
	two := func(s string) string {
		return strings.Replace(s, "[policies.p]\n", "[policies.p]\nmin_owners = 2\n", 1)
	}
	demoted := func(s string) string {
		return strings.Replace(s, `lists = { reports = "owner" }`, `lists = { reports = "member" }`, 1)
	}
	three := func(s string) string {
		return strings.Replace(s, "[policies.p]\n", "[policies.p]\nmin_owners = 3\n", 1)
	}
	for _, tc := range []struct {
		name        string
		v1, base    func(string) string
		head        func(string) string
		code        int
		want, wantN string
	}{
		// eve, unvetted, was on reports when its last applied version
		// was; the base takes her out and reports below min_owners;
		// the change puts both back. Her error is new to the base as
		// committed, whatever the settled base lists.
		{"an unvetted member back on a list the base failed", func(s string) string { return unvettedEve(two(s)) }, func(s string) string { return demoted(two(s)) },
			func(s string) string { return unvettedEve(two(s)) }, 1, "member eve@example.org", ""},
		// The base fails reports' own policy; the change touches
		// nothing of it: not asked to fix the base's error.
		{"a base list below min_owners, the change elsewhere", two, func(s string) string { return demoted(two(s)) },
			func(s string) string { return "# lists\n" + demoted(two(s)) }, 0, "Approved", "validate errors"},
		// The list's own error, its id renamed: the base's still.
		{"a base list below min_owners, its id renamed", two, func(s string) string { return demoted(two(s)) },
			func(s string) string {
				return strings.NewReplacer("[lists.reports]", "[lists.sec]", "reports =", "sec =").Replace(demoted(two(s)))
			}, 0, "Approved", "validate errors"},
		// reports is short of three owners at base; the change takes
		// one more: the list is worse by it, not as the base left it.
		{"a base list below min_owners, one owner fewer", func(s string) string { return s }, three,
			func(s string) string { return demoted(three(s)) }, 1, "(2 before this change)", "Approved"},
		// And one back is no error of the change's.
		{"a base list below min_owners, one owner more", func(s string) string { return s }, func(s string) string { return demoted(three(s)) },
			three, 0, "Approved", "validate errors"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "review", emulator.Options{}, true)
			orig := f.read("members.toml")
			f.repo.Commit("members.toml", tc.v1(orig), "The lists (#1)")
			f.repo.Commit("members.toml", tc.base(orig), "The base (#2)")
			f.repo.Commit("members.toml", tc.head(orig), "The change (#3)")
			r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, ApprovedBy: []string{"root-x", "ada-x", "bob-x", "grace-x"}}))
			if r.code != tc.code || !strings.Contains(r.stdout, tc.want) || tc.wantN != "" && strings.Contains(r.stdout, tc.wantN) {
				t.Errorf("exit %d, want %d with %q:\n%s%s", r.code, tc.code, tc.want, r.stdout, r.stderr)
			}
		})
	}
}

// TestReviewOfABaseWithEntriesOnAnUndefinedList: entries on a list no
// version defines stop every sync at the base already; a change that
// leaves them is not asked to fix them (they are the base's, whatever id
// they name), and the review says they are there.
func TestReviewOfABaseWithEntriesOnAnUndefinedList(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "review", emulator.Options{}, true)
	good := f.read("members.toml")
	base := good + "\n[[member]]\nemail = \"old@example.org\"\nlists = { old-list = \"member\" }\n"
	f.repo.Commit("members.toml", good, "The lists (#1)")
	f.repo.Commit("members.toml", base, "On an old list (#2)")
	f.repo.Commit("members.toml", "# lists\n"+base, "A comment (#3)")
	r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, ApprovedBy: []string{"root-x"}}))
	if r.code != 0 || strings.Contains(r.stdout, "errors: NOT APPROVED") || !strings.Contains(r.stdout, "1 error at the base already stops every sync") {
		t.Errorf("exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestReviewAsksNoFixOfABaseErrorAHarmlessChangeKeeps: the base has an
// error; the change keeps it, reworded by what else it changes (a count,
// a policy's id, a vetter's spelling): it is the base's still, and no
// "validate errors" requirement is made of the change.
func TestReviewAsksNoFixOfABaseErrorAHarmlessChangeKeeps(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		base, head func(string) string
	}{
		{"a list still short of owners, one more owner on it", func(s string) string {
			return strings.Replace(s, "[policies.q]\n", "[policies.q]\nmin_owners = 3\n", 1)
		}, func(s string) string {
			return strings.Replace(s, `lists = { reports = "owner", announce = "member" }`, `lists = { reports = "owner", announce = "owner" }`, 1)
		}},
		{"the policy renamed", unvettedEve, func(s string) string {
			return strings.NewReplacer(`policy = "p"`, `policy = "sec"`, "[policies.p]", "[policies.sec]").Replace(s)
		}},
		{"a vetter respelled with an @", func(s string) string {
			return s + "\n[[member]]\nemail = \"eve@example.org\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"grace-x\", on = 2026-01-01, method = \"video-call\" }]\n"
		}, func(s string) string { return strings.Replace(s, `by = "grace-x"`, `by = "@grace-x"`, 1) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "review", emulator.Options{}, true)
			base := tc.base(f.read("members.toml"))
			f.repo.Commit("members.toml", base, "The lists (#1)")
			f.repo.Commit("members.toml", tc.head(base), "The change (#2)")
			r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, ApprovedBy: []string{"root-x", "ada-x", "bob-x", "grace-x"}}))
			if strings.Contains(r.stdout, "validate errors") || strings.Contains(r.stdout, "errors: NOT APPROVED") {
				t.Errorf("exit %d, the base's error asked of the change:\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// TestReviewOfRevisionsBeforeTheFileMoved: the file moved to
// conf/roster.toml after the two revisions reviewed; asked of that path,
// neither has it, and review says so (pass the path it had then), not
// that the change moves or deletes it.
func TestReviewOfRevisionsBeforeTheFileMoved(t *testing.T) {
	t.Parallel()
	f, base := reviewRepo(t)
	f.repo.Commit("members.toml", base+"# a comment\n", "A comment (#7)")
	f.repo.Git("mv", "members.toml", "roster.toml")
	f.repo.Git("commit", "-q", "-m", "Rename (#8)")
	r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "roster.toml", Base: "HEAD~2", Head: "HEAD~1", Format: report.Text, Author: "lin-x"}))
	if r.code == 0 || !strings.Contains(r.stderr, "has roster.toml at that path (moved there since?)") || strings.Contains(r.stderr, "moves or deletes") {
		t.Errorf("review: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
