package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/pullrequest/githubtest"
)

const reviewHeader = `schema = 1
admins = ["root-x"]

[lists.reports]
address = "security@example.org"
policy = "p"

[lists.announce]
address = "announce@example.org"
policy = "q"

[policies.p]
vetting_methods = ["video-call"]
vetted_by = "member"

[policies.q]
vetting_methods = ["video-call"]
vetted_by = "member"
`

func reviewMember(email, github, lists string) string {
	vetter := "ada-x"
	if github == "ada-x" {
		vetter = "bob-x"
	}
	return fmt.Sprintf("\n[[member]]\nemail = %q\ngithub = %q\nlists = { %s }\nvetting = [{ by = %q, on = 2026-01-01, method = \"video-call\" }]\n", email, github, lists, vetter)
}

// reviewRepo has ada and bob (owners of reports, github ada-x, bob-x)
// and grace (owner of announce, github grace-x) committed on main.
func reviewRepo(t *testing.T) (*historytest.Repo, string) {
	r := historytest.New(t)
	base := reviewHeader +
		reviewMember("ada@example.org", "ada-x", `reports = "owner", announce = "member"`) +
		reviewMember("bob@example.org", "bob-x", `reports = "owner"`) +
		reviewMember("grace@example.org", "grace-x", `announce = "owner"`)
	r.Commit("members.toml", base, "Create the lists (#1)")
	return r, base
}

// TestReviewByHand: outside a pull request, approvals and the author are
// given on the command line.
func TestReviewByHand(t *testing.T) {
	tests := []struct {
		name string
		edit func(string) string
		args []string
		exit int
		want []string
	}{
		{"nothing changed", func(s string) string { return s }, nil, 0, []string{"No change since HEAD needs an approval"}},
		{"an addition without approval", func(s string) string {
			return s + reviewMember("lin@example.org", "lin-x", `reports = "member"`)
		}, nil, 1, []string{"list reports: NOT APPROVED", "@ada-x", "+ lin@example.org (member)"}},
		{"approved by an owner of the list, in any case", func(s string) string {
			return s + reviewMember("lin@example.org", "lin-x", `reports = "member"`)
		}, []string{"--approved-by", "@ADA-X"}, 0, []string{"list reports: OK: approved by @ADA-X"}},
		{"approved by an owner of another list only", func(s string) string {
			return s + reviewMember("lin@example.org", "lin-x", `reports = "member"`)
		}, []string{"--approved-by", "grace-x"}, 1, []string{"NOT APPROVED", "not counted: @grace-x (not an owner of reports"}},
		{"the author's own approval", func(s string) string {
			return s + reviewMember("lin@example.org", "lin-x", `reports = "member"`)
		}, []string{"--approved-by", "ada-x", "--author", "ada-x"}, 1, []string{"authored the change"}},
		{"only an owner's github handle changes", func(s string) string {
			return strings.Replace(s, `github = "bob-x"`, `github = "mallory-x"`, 1)
		}, []string{"--approved-by", "mallory-x"}, 1, []string{"identity of bob@example.org: github bob-x -> mallory-x", "NOT APPROVED"}},
		{"a new list needs an admin", func(s string) string {
			return s + "\n[lists.board]\naddress = \"board@example.org\"\npolicy = \"q\"\n"
		}, []string{"--approved-by", "ada-x", "--approved-by", "grace-x"}, 1, []string{"new list board", "admins: NOT APPROVED"}},
		{"a new owner needs two owners", func(s string) string {
			return s + reviewMember("mallory@example.org", "mallory-x", `reports = "owner"`)
		}, []string{"--approved-by", "ada-x"}, 1, []string{"list reports (2 owners): NOT APPROVED", "a new owner"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, base := reviewRepo(t)
			writeFile(t, filepath.Join(r.Dir, "members.toml"), []byte(tt.edit(base)))
			res := runRoster(t, r.Dir, append([]string{"review", "--base", "HEAD"}, tt.args...)...)
			if res.code != tt.exit {
				t.Errorf("exit %d, want %d\n%s%s", res.code, tt.exit, res.stdout, res.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.stdout, w) {
					t.Errorf("output lacks %q:\n%s", w, res.stdout)
				}
			}
		})
	}
}

// prRepo commits a change on top of reviewRepo and serves it as pull
// request 7 by author, its commits by commitAuthors.
func prRepo(t *testing.T, change func(string) string, author string, commitAuthors ...string) (*historytest.Repo, *githubtest.Server, map[string]string) {
	r, base := reviewRepo(t)
	r.Commit("members.toml", change(base), "The change (#7)")
	head := strings.TrimSpace(r.Git("rev-parse", "HEAD"))
	gh := githubtest.New(t)
	gh.PR(7, author, commitAuthors...)
	gh.SetHead(7, head)
	_, srv := gh.Serve()
	vars := map[string]string{"GITHUB_API_URL": srv.URL, "GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": githubtest.Token}
	for _, login := range []string{"ada-x", "bob-x", "grace-x", "root-x"} {
		gh.Perm(login, "write", "write")
	}
	gh.Perm("reader-x", "read", "read")
	return r, gh, vars
}

func addLin(s string) string {
	return s + reviewMember("lin@example.org", "lin-x", `reports = "member"`)
}

// TestReviewOnAPullRequest: only each reviewer's latest review, APPROVED,
// on the pull request's head commit, by someone with write access, and
// not by its author or a commit author, counts; the review is one
// comment of roster's own login, updated in place.
func TestReviewOnAPullRequest(t *testing.T) {
	review := func(r *historytest.Repo, vars map[string]string, extra ...string) result {
		return runRosterEnv(t, r.Dir, vars, append([]string{"review", "--base", "HEAD~1", "--head", "HEAD", "--github-pr", "7", "--comment"}, extra...)...)
	}
	t.Run("an approval on an older commit does not count", func(t *testing.T) {
		r, gh, vars := prRepo(t, addLin, "lin-x", "lin-x")
		gh.Review(7, "ada-x", "APPROVED", githubtest.OldSHA)
		if res := review(r, vars); res.code != 1 || !strings.Contains(res.stdout, "not the head commit") {
			t.Errorf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
		}
		head := strings.TrimSpace(r.Git("rev-parse", "HEAD"))
		gh.Review(7, "ada-x", "APPROVED", head)
		if res := review(r, vars); res.code != 0 {
			t.Errorf("approved on the head: exit %d\n%s%s", res.code, res.stdout, res.stderr)
		}
	})
	t.Run("the author's own approval does not count", func(t *testing.T) {
		r, gh, vars := prRepo(t, addLin, "ada-x", "ada-x")
		gh.Review(7, "ada-x", "APPROVED", strings.TrimSpace(r.Git("rev-parse", "HEAD")))
		if res := review(r, vars); res.code != 1 || !strings.Contains(res.stdout, "authored") {
			t.Errorf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
		}
	})
	t.Run("a commit author's approval does not count", func(t *testing.T) {
		r, gh, vars := prRepo(t, addLin, "lin-x", "lin-x", "bob-x")
		gh.Review(7, "bob-x", "APPROVED", strings.TrimSpace(r.Git("rev-parse", "HEAD")))
		if res := review(r, vars); res.code != 1 {
			t.Errorf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
		}
	})
	t.Run("an approval without write access does not count", func(t *testing.T) {
		edit := func(s string) string {
			return strings.Replace(addLin(s), `lists = { announce = "owner" }`, `lists = { announce = "owner" }`+"\n# reader-x owns nothing", 1)
		}
		r, gh, vars := prRepo(t, edit, "lin-x", "lin-x")
		gh.Perm("ada-x", "read", "read")
		gh.Review(7, "ada-x", "APPROVED", strings.TrimSpace(r.Git("rev-parse", "HEAD")))
		if res := review(r, vars); res.code != 1 || !strings.Contains(res.stdout, "access to the repository, not write") {
			t.Errorf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
		}
	})
	t.Run("a changed github handle of an owner needs the owners", func(t *testing.T) {
		edit := func(s string) string { return strings.Replace(s, `github = "bob-x"`, `github = "mallory-x"`, 1) }
		r, _, vars := prRepo(t, edit, "mallory-x", "mallory-x")
		res := review(r, vars)
		if res.code != 1 || !strings.Contains(res.stdout, "identity of bob@example.org") {
			t.Errorf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
		}
	})
	t.Run("a review of another commit than the pull request's head is refused", func(t *testing.T) {
		r, _, vars := prRepo(t, addLin, "lin-x", "lin-x")
		res := runRosterEnv(t, r.Dir, vars, "review", "--base", "HEAD~1", "--head", "HEAD~1", "--github-pr", "7")
		if res.code != 1 || !strings.Contains(res.stderr, "neither pull request #7's head commit") {
			t.Errorf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
		}
	})
	t.Run("someone else's marker is never edited", func(t *testing.T) {
		r, gh, vars := prRepo(t, addLin, "lin-x", "lin-x")
		planted := gh.Comment(7, "mallory-x", "<!-- roster:review -->\n✅ approved by everyone")
		if res := review(r, vars); res.code != 1 {
			t.Fatalf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
		}
		gh.Review(7, "ada-x", "APPROVED", strings.TrimSpace(r.Git("rev-parse", "HEAD")))
		if res := review(r, vars); res.code != 0 {
			t.Fatalf("approved: exit %d\n%s%s", res.code, res.stdout, res.stderr)
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
		edit := func(s string) string {
			return s + "\n[[member]]\nemail = \"lin@example.org\"\ngithub = \"lin-x\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada-x\", on = 2026-01-01, method = \"video-call\", note = \"ok\\n\\n**reports**: ✅ approved by @ada-x\\n\\n<!-- \" }]\n"
		}
		r, gh, vars := prRepo(t, edit, "lin-x", "lin-x")
		if res := review(r, vars); res.code != 1 {
			t.Fatalf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
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
		r, _, _ := prRepo(t, addLin, "lin-x", "lin-x")
		res := runRosterEnv(t, r.Dir, map[string]string{"GITHUB_API_URL": "http://api.example.net", "GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": "t"}, "review", "--base", "HEAD~1", "--github-pr", "7")
		if res.code != 1 || !strings.Contains(res.stderr, "https") {
			t.Errorf("exit %d %s", res.code, res.stderr)
		}
	})
}
