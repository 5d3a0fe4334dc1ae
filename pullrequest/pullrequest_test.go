package pullrequest_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/pullrequest"
	"github.com/roster-dev/roster/pullrequest/githubtest"
)

func TestPullRequestFacts(t *testing.T) {
	gh := githubtest.New(t)
	gh.PR(7, "ada", "ada", "", "lin")
	// The second commit: an email GitHub matched to no account, committed
	// through the web by GitHub's web-flow; the head is a merge by grace.
	gh.Commits[7][1] = githubtest.Commit(fmt.Sprintf("%040d", 2), "", "web-flow")
	gh.Commits[7][2] = githubtest.Commit(githubtest.HeadSHA, "grace", "grace")
	gh.Commits[7][2]["parents"] = []githubtest.Obj{{"sha": githubtest.BaseSHA}, {"sha": fmt.Sprintf("%040d", 2)}}
	c, _ := gh.Serve()

	pr, err := c.PullRequest(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	want := &pullrequest.PullRequest{
		Number: 7, State: "open", Author: "ada", HeadSHA: githubtest.HeadSHA, HeadRef: "feature", HeadRepo: "ada/r", BaseSHA: githubtest.BaseSHA, BaseRef: "main", DefaultBranch: "main",
		Commits: []pullrequest.Commit{
			{SHA: fmt.Sprintf("%040d", 1),
				Author:    pullrequest.Identity{Login: "ada", Email: "ada@users.noreply.github.com", Name: "ada"},
				Committer: pullrequest.Identity{Login: "ada", Email: "ada@users.noreply.github.com", Name: "ada"}},
			{SHA: fmt.Sprintf("%040d", 2),
				Author:    pullrequest.Identity{Email: "someone@unlinked.example"},
				Committer: pullrequest.Identity{Login: "web-flow", Email: "web-flow@users.noreply.github.com", Name: "web-flow"}},
			{SHA: githubtest.HeadSHA, Merge: true,
				Author:    pullrequest.Identity{Login: "grace", Email: "grace@users.noreply.github.com", Name: "grace"},
				Committer: pullrequest.Identity{Login: "grace", Email: "grace@users.noreply.github.com", Name: "grace"}},
		},
	}
	if d := cmp.Diff(want, pr); d != "" {
		t.Errorf("pull request (-want +got):\n%s", d)
	}
	if got, want := pr.Contributors(), []string{"ada", "grace", "web-flow"}; !slices.Equal(got, want) {
		t.Errorf("contributors %v, want %v", got, want)
	}
	if got, want := pr.UnknownContributors(), []string{"someone@unlinked.example"}; !slices.Equal(got, want) {
		t.Errorf("unknown contributors %v, want %v", got, want)
	}
	if !pr.IsContributor("GRACE") || pr.IsContributor("lin") {
		t.Errorf("IsContributor: GRACE is one (logins ignore case), lin (replaced) is not")
	}
}

// TestPullRequestWithoutItsBranchesIsRefused: an answer that does not
// say which branch the pull request targets, or which is the
// repository's default, cannot be judged: the gate holds only for
// changes into the branch sync reads, and a missing field must not read
// as "the same".
func TestPullRequestWithoutItsBranchesIsRefused(t *testing.T) {
	for _, cut := range []func(githubtest.Obj){
		func(pr githubtest.Obj) { pr["base"].(githubtest.Obj)["repo"].(githubtest.Obj)["default_branch"] = "" },
		func(pr githubtest.Obj) {
			delete(pr["base"].(githubtest.Obj)["repo"].(githubtest.Obj), "default_branch")
		},
		func(pr githubtest.Obj) { pr["base"].(githubtest.Obj)["ref"] = "" },
		func(pr githubtest.Obj) { delete(pr["base"].(githubtest.Obj), "repo") },
	} {
		gh := githubtest.New(t)
		gh.PR(7, "ada", "ada")
		cut(gh.Pulls[7])
		c, _ := gh.Serve()
		if pr, err := c.PullRequest(context.Background(), 7); err == nil || !strings.Contains(err.Error(), "default branch") {
			t.Errorf("read as %+v, %v", pr, err)
		}
	}
}

func TestPullRequestCommitsAreAllOrNothing(t *testing.T) {
	for _, tc := range []struct {
		name    string
		commits int
		count   int    // what the pull request says; -1: commits
		head    string // replaces the head's sha in the listing
		want    error
	}{
		{name: "250 commits are listed whole", commits: 250, count: -1},
		{name: "more than 250 commits are refused", commits: 260, count: -1, want: pullrequest.ErrTooManyCommits},
		{name: "a count that disagrees with the listing", commits: 3, count: 4, want: pullrequest.ErrChanged},
		{name: "a head missing from the listing", commits: 3, count: -1, head: "f00d", want: pullrequest.ErrChanged},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gh := githubtest.New(t)
			authors := make([]string, tc.commits)
			for i := range authors {
				authors[i] = fmt.Sprintf("dev%d", i%7)
			}
			gh.PR(7, "ada", authors...)
			if tc.count >= 0 {
				gh.Pulls[7]["commits"] = tc.count
			}
			if tc.head != "" {
				gh.Commits[7][len(authors)-1]["sha"] = tc.head
			}
			c, _ := gh.Serve()
			pr, err := c.PullRequest(context.Background(), 7)
			if !errors.Is(err, tc.want) || (tc.want == nil && len(pr.Commits) != tc.commits) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
			if tc.want == nil && !slices.Contains(gh.Requests, "GET /repos/o/r/pulls/7/commits?page=3&per_page=100") {
				t.Errorf("page 3 of the commits was not read: %v", gh.Requests)
			}
		})
	}
}

// approval is an Approval in brief, for tables.
type approval struct {
	Login, Reason, Permission, WithdrawnBy string
	Contributor                            bool
}

func brief(as []pullrequest.Approval) []approval {
	out := []approval{}
	for _, a := range as {
		out = append(out, approval{a.Login, string(a.Reason), a.Permission, a.WithdrawnBy, a.Contributor})
	}
	return out
}

func TestApprovals(t *testing.T) {
	type review struct{ login, state, sha string }
	for _, tc := range []struct {
		name       string
		reviews    []review
		perms      map[string][2]string // login -> permission, role_name
		counted    []approval
		notCounted []approval
		lookups    int // permission requests expected
	}{
		{
			name:    "an approval of the head by a writer counts",
			reviews: []review{{"grace", "APPROVED", githubtest.HeadSHA}},
			perms:   map[string][2]string{"grace": {"write", "write"}},
			counted: []approval{{Login: "grace", Permission: "write"}}, lookups: 1,
		},
		{
			name:       "an approval of an older commit does not count",
			reviews:    []review{{"grace", "APPROVED", githubtest.OldSHA}},
			perms:      map[string][2]string{"grace": {"admin", "admin"}},
			notCounted: []approval{{Login: "grace", Reason: "stale"}},
		},
		{
			name:    "the author's own approval is returned, flagged",
			reviews: []review{{"ada", "APPROVED", githubtest.HeadSHA}, {"grace", "APPROVED", githubtest.HeadSHA}},
			perms:   map[string][2]string{"ada": {"admin", "admin"}, "grace": {"write", "write"}},
			counted: []approval{{Login: "ada", Permission: "admin", Contributor: true}, {Login: "grace", Permission: "write"}}, lookups: 2,
		},
		{
			name:    "a commit author's approval is returned, flagged",
			reviews: []review{{"lin", "APPROVED", githubtest.HeadSHA}},
			perms:   map[string][2]string{"lin": {"write", "maintain"}},
			counted: []approval{{Login: "lin", Permission: "write (maintain)", Contributor: true}}, lookups: 1,
		},
		{
			name:       "a read-only user's approval does not count",
			reviews:    []review{{"bob", "APPROVED", githubtest.HeadSHA}},
			perms:      map[string][2]string{"bob": {"read", "read"}},
			notCounted: []approval{{Login: "bob", Reason: "no-write-access", Permission: "read"}}, lookups: 1,
		},
		{
			name:       "triage is not write",
			reviews:    []review{{"bob", "APPROVED", githubtest.HeadSHA}},
			perms:      map[string][2]string{"bob": {"read", "triage"}},
			notCounted: []approval{{Login: "bob", Reason: "no-write-access", Permission: "read (triage)"}}, lookups: 1,
		},
		{
			// A custom role's name is free text: only the permission
			// GitHub gives decides.
			name:       "a role named like write on read access does not count",
			reviews:    []review{{"bob", "APPROVED", githubtest.HeadSHA}},
			perms:      map[string][2]string{"bob": {"read", "write (custom)"}},
			notCounted: []approval{{Login: "bob", Reason: "no-write-access", Permission: "read (write (custom))"}}, lookups: 1,
		},
		{
			name:       "a role named maintain on read access does not count",
			reviews:    []review{{"bob", "APPROVED", githubtest.HeadSHA}},
			perms:      map[string][2]string{"bob": {"read", "maintain"}},
			notCounted: []approval{{Login: "bob", Reason: "no-write-access", Permission: "read (maintain)"}}, lookups: 1,
		},
		{
			// U+212A KELVIN SIGN lower-cases to 'k': a login with it is
			// no GitHub login, and never anybody's approval or withdrawal.
			name:    "a look-alike login is nobody's",
			reviews: []review{{"kim", "APPROVED", githubtest.HeadSHA}, {"\u212aim", "CHANGES_REQUESTED", githubtest.HeadSHA}, {"\u212aim", "APPROVED", githubtest.HeadSHA}},
			perms:   map[string][2]string{"kim": {"write", "write"}},
			counted: []approval{{Login: "kim", Permission: "write"}}, lookups: 1,
		},
		{
			name:       "a state in lower case is the state",
			reviews:    []review{{"grace", "APPROVED", githubtest.HeadSHA}, {"grace", "changes_requested", githubtest.HeadSHA}},
			perms:      map[string][2]string{"grace": {"write", "write"}},
			notCounted: []approval{{Login: "grace", Reason: "withdrawn", WithdrawnBy: "CHANGES_REQUESTED"}},
		},
		{
			name:    "a custom role based on write counts",
			reviews: []review{{"kim", "APPROVED", githubtest.HeadSHA}},
			perms:   map[string][2]string{"kim": {"write", "security-reviewer"}},
			counted: []approval{{Login: "kim", Permission: "write (security-reviewer)"}}, lookups: 1,
		},
		{
			name:       "a user the repository does not know does not count",
			reviews:    []review{{"eve", "APPROVED", githubtest.HeadSHA}},
			notCounted: []approval{{Login: "eve", Reason: "no-write-access", Permission: "none"}}, lookups: 1,
		},
		{
			name:       "an app's approval does not count, and is not looked up",
			reviews:    []review{{"renovate[bot]", "APPROVED", githubtest.HeadSHA}},
			notCounted: []approval{{Login: "renovate[bot]", Reason: "no-write-access", Permission: "bot"}},
		},
		{
			name:       "approval then changes requested is withdrawn",
			reviews:    []review{{"grace", "APPROVED", githubtest.HeadSHA}, {"grace", "CHANGES_REQUESTED", githubtest.HeadSHA}},
			perms:      map[string][2]string{"grace": {"write", "write"}},
			notCounted: []approval{{Login: "grace", Reason: "withdrawn", WithdrawnBy: "CHANGES_REQUESTED"}},
		},
		{
			name:    "approval then a comment still counts",
			reviews: []review{{"grace", "APPROVED", githubtest.HeadSHA}, {"grace", "COMMENTED", githubtest.HeadSHA}},
			perms:   map[string][2]string{"grace": {"write", "write"}},
			counted: []approval{{Login: "grace", Permission: "write"}}, lookups: 1,
		},
		{
			name:    "changes requested then approval counts",
			reviews: []review{{"grace", "CHANGES_REQUESTED", githubtest.OldSHA}, {"grace", "APPROVED", githubtest.HeadSHA}},
			perms:   map[string][2]string{"grace": {"write", "write"}},
			counted: []approval{{Login: "grace", Permission: "write"}}, lookups: 1,
		},
		{
			name:       "a dismissed approval is withdrawn",
			reviews:    []review{{"grace", "DISMISSED", githubtest.HeadSHA}, {"grace", "COMMENTED", githubtest.HeadSHA}},
			perms:      map[string][2]string{"grace": {"write", "write"}},
			notCounted: []approval{{Login: "grace", Reason: "withdrawn", WithdrawnBy: "DISMISSED"}},
		},
		{
			name:       "logins ignore case: Grace withdraws grace's approval",
			reviews:    []review{{"grace", "APPROVED", githubtest.HeadSHA}, {"Grace", "CHANGES_REQUESTED", githubtest.HeadSHA}},
			perms:      map[string][2]string{"grace": {"write", "write"}},
			notCounted: []approval{{Login: "Grace", Reason: "withdrawn", WithdrawnBy: "CHANGES_REQUESTED"}},
		},
		{
			name:    "comments and requests for changes alone are no approvals",
			reviews: []review{{"grace", "COMMENTED", githubtest.HeadSHA}, {"bob", "CHANGES_REQUESTED", githubtest.HeadSHA}},
		},
		{
			name:    "a pending review is nobody's",
			reviews: []review{{"grace", "PENDING", githubtest.HeadSHA}},
			perms:   map[string][2]string{"grace": {"write", "write"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gh := githubtest.New(t)
			gh.PR(7, "ada", "ada", "lin")
			for _, r := range tc.reviews {
				gh.Review(7, r.login, r.state, r.sha)
				if r.state == "PENDING" {
					delete(gh.Reviews[7][len(gh.Reviews[7])-1], "submitted_at")
				}
			}
			for login, p := range tc.perms {
				gh.Perm(login, p[0], p[1])
			}
			c, _ := gh.Serve()
			ctx := context.Background()
			pr, err := c.PullRequest(ctx, 7)
			if err != nil {
				t.Fatal(err)
			}
			a, err := c.Approvals(ctx, pr)
			if err != nil {
				t.Fatal(err)
			}
			if a.HeadSHA != githubtest.HeadSHA {
				t.Errorf("head %s, want %s", a.HeadSHA, githubtest.HeadSHA)
			}
			if d := cmp.Diff(tc.counted, brief(a.Counted), cmpEmpty); d != "" {
				t.Errorf("counted (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.notCounted, brief(a.NotCounted), cmpEmpty); d != "" {
				t.Errorf("not counted (-want +got):\n%s", d)
			}
			for _, n := range a.NotCounted {
				if n.Why() == "" {
					t.Errorf("%s: not counted, and Why says nothing", n.Login)
				}
			}
			lookups := 0
			for _, r := range gh.Requests {
				if strings.Contains(r, "/collaborators/") {
					lookups++
				}
				if strings.HasPrefix(r, "GET /user") {
					t.Errorf("called %s, which an Actions githubtest.Token may not", r)
				}
			}
			if lookups != tc.lookups {
				t.Errorf("%d permission lookups, want %d: %v", lookups, tc.lookups, gh.Requests)
			}
		})
	}
}

// cmpEmpty makes a nil slice in a table equal an empty one.
var cmpEmpty = cmp.Transformer("nonNil", func(as []approval) []approval {
	if as == nil {
		return []approval{}
	}
	return as
})

func TestIndependentLeavesContributorsOut(t *testing.T) {
	gh := githubtest.New(t)
	gh.PR(7, "ada", "ada", "lin")
	for _, login := range []string{"ada", "lin", "grace", "kim"} {
		gh.Review(7, login, "APPROVED", githubtest.HeadSHA)
		gh.Perm(login, "write", "write")
	}
	c, _ := gh.Serve()
	ctx := context.Background()
	pr, err := c.PullRequest(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Approvals(ctx, pr)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := a.Independent(), []string{"grace", "kim"}; !slices.Equal(got, want) {
		t.Errorf("independent approvers %v, want %v", got, want)
	}
}

func TestApprovalsReadEveryPage(t *testing.T) {
	gh := githubtest.New(t)
	gh.PR(7, "ada", "ada")
	for i := range 250 {
		switch i {
		case 10:
			gh.Review(7, "grace", "APPROVED", githubtest.HeadSHA) // page 1
		case 20:
			gh.Review(7, "lin", "APPROVED", githubtest.HeadSHA) // page 1
		case 120:
			gh.Review(7, "kim", "APPROVED", githubtest.OldSHA) // page 2
		case 205:
			gh.Review(7, "grace", "CHANGES_REQUESTED", githubtest.HeadSHA) // page 3: withdraws
		case 230:
			gh.Review(7, "kim", "APPROVED", githubtest.HeadSHA) // page 3: of the head now
		case 240:
			gh.Review(7, "lin", "COMMENTED", githubtest.HeadSHA) // page 3: leaves lin's approval
		default:
			gh.Review(7, fmt.Sprintf("bot%d", i%3), "COMMENTED", githubtest.HeadSHA)
		}
	}
	for _, login := range []string{"grace", "lin", "kim"} {
		gh.Perm(login, "write", "write")
	}
	c, _ := gh.Serve()
	ctx := context.Background()
	pr, err := c.PullRequest(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Approvals(ctx, pr)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := a.Independent(), []string{"kim", "lin"}; !slices.Equal(got, want) {
		t.Errorf("approvers %v, want %v", got, want)
	}
	if d := cmp.Diff([]approval{{Login: "grace", Reason: "withdrawn", WithdrawnBy: "CHANGES_REQUESTED"}}, brief(a.NotCounted)); d != "" {
		t.Errorf("not counted (-want +got):\n%s", d)
	}
	for p := 1; p <= 3; p++ {
		if r := fmt.Sprintf("GET /repos/o/r/pulls/7/reviews?page=%d&per_page=100", p); !slices.Contains(gh.Requests, r) {
			t.Errorf("no %s in %v", r, gh.Requests)
		}
	}
}

func TestWhy(t *testing.T) {
	for _, tc := range []struct {
		a    pullrequest.Approval
		want string
	}{
		{pullrequest.Approval{Permission: "write"}, ""},
		{pullrequest.Approval{Reason: pullrequest.Stale, CommitID: githubtest.OldSHA}, "approved oooooooooooo, not the head commit"},
		{pullrequest.Approval{Reason: pullrequest.NoWriteAccess, Permission: "triage"}, "has triage access to the repository, not write"},
		{pullrequest.Approval{Reason: pullrequest.NoWriteAccess, Permission: "none"}, "has no write access to the repository"},
		{pullrequest.Approval{Reason: pullrequest.NoWriteAccess, Permission: "bot"}, "is an app's bot account, not a collaborator"},
		{pullrequest.Approval{Reason: pullrequest.Withdrawn, WithdrawnBy: "CHANGES_REQUESTED"}, "later requested changes"},
		{pullrequest.Approval{Reason: pullrequest.Withdrawn, WithdrawnBy: "DISMISSED"}, "the review was dismissed"},
	} {
		if got := tc.a.Why(); got != tc.want {
			t.Errorf("%+v: Why() = %q, want %q", tc.a, got, tc.want)
		}
	}
}

// TestApprovalsRefuseWhatTheyCannotOrder: a submitted review in a state
// roster does not know, or with no time to order it by, may withdraw an
// approval: the reading fails, and nothing counts.
func TestApprovalsRefuseWhatTheyCannotOrder(t *testing.T) {
	for name, edit := range map[string]func(githubtest.Obj){
		"an unknown state":    func(r githubtest.Obj) { r["state"] = "CHANGES_REQUESTED " + "LATER" },
		"no submitted_at":     func(r githubtest.Obj) { delete(r, "submitted_at") },
		"a null submitted_at": func(r githubtest.Obj) { r["submitted_at"] = nil },
		"a dismissal undated": func(r githubtest.Obj) { r["state"] = "DISMISSED"; delete(r, "submitted_at") },
	} {
		t.Run(name, func(t *testing.T) {
			gh := githubtest.New(t)
			gh.PR(7, "ada", "ada")
			gh.Review(7, "grace", "APPROVED", githubtest.HeadSHA)
			gh.Review(7, "grace", "CHANGES_REQUESTED", githubtest.HeadSHA)
			edit(gh.Reviews[7][len(gh.Reviews[7])-1])
			gh.Perm("grace", "write", "write")
			c, _ := gh.Serve()
			ctx := context.Background()
			pr, err := c.PullRequest(ctx, 7)
			if err != nil {
				t.Fatal(err)
			}
			if a, err := c.Approvals(ctx, pr); err == nil {
				t.Errorf("approvals read: %+v", a)
			}
		})
	}
}

// TestOwnCommits: the author made every commit only when each is
// verified, authored by them and committed by them or by GitHub's
// web-flow; an author line alone is whatever its writer typed.
func TestOwnCommits(t *testing.T) {
	ada := pullrequest.Identity{Login: "Ada-X"}
	own := pullrequest.Commit{Author: ada, Committer: ada, Verified: true}
	for _, tc := range []struct {
		name    string
		commits []pullrequest.Commit
		want    bool
	}{
		{"signed, hers", []pullrequest.Commit{own}, true},
		{"made in the web editor", []pullrequest.Commit{own, {Author: ada, Committer: pullrequest.Identity{Login: "web-flow"}, Verified: true}}, true},
		{"under her name, unsigned", []pullrequest.Commit{own, {Author: ada, Committer: ada}}, false},
		{"signed by another", []pullrequest.Commit{own, {Author: pullrequest.Identity{Login: "mallory"}, Committer: pullrequest.Identity{Login: "mallory"}, Verified: true}}, false},
		{"committed by another", []pullrequest.Commit{{Author: ada, Committer: pullrequest.Identity{Login: "mallory"}, Verified: true}}, false},
		{"no commits", nil, false},
	} {
		pr := &pullrequest.PullRequest{Author: "ada-x", Commits: tc.commits}
		if got := pr.OwnCommits(); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
		// A bot's pull request is no one's own, whatever its commits
		// say: whoever set the bot to work is not known (s31-last).
		bot := &pullrequest.PullRequest{Author: "ada-x", AuthorIsBot: true, Commits: tc.commits}
		if bot.OwnCommits() {
			t.Errorf("%s, opened by a bot: the author vouches", tc.name)
		}
	}
}

// TestABotsPullRequestSaysSo: GitHub's word that the author is a bot
// (its type, as for Copilot's agent or an app) is kept.
func TestABotsPullRequestSaysSo(t *testing.T) {
	gh := githubtest.New(t)
	gh.PR(8, "copilot-swe-agent[bot]", "copilot-swe-agent[bot]")
	c, _ := gh.Serve()
	pr, err := c.PullRequest(context.Background(), 8)
	if err != nil {
		t.Fatal(err)
	}
	if !pr.AuthorIsBot || pr.OwnCommits() {
		t.Errorf("a bot's pull request: AuthorIsBot %v, OwnCommits %v", pr.AuthorIsBot, pr.OwnCommits())
	}
}

// TestCoAuthorsAreContributors: a commit's Co-authored-by trailers (in
// its last paragraph, the key in any case) name people who wrote the
// change: a GitHub noreply address names a login, which never counts as
// an approver, nor lets the author vouch for the commit alone; any other
// address is matched to no account, as an unlinked commit email is. A
// trailer-like line in the subject or a paragraph before the last is
// text, as git reads it.
func TestCoAuthorsAreContributors(t *testing.T) {
	gh := githubtest.New(t)
	gh.PR(7, "ada", "ada", "ada", "ada", "ada")
	gh.Message(7, 0, "Add eve to reports\n\nShe asked on the list.\n\n"+
		"Signed-off-by: Ada <ada@users.noreply.github.com>\n"+
		"co-authored-by: Grace Hopper <12345+Grace@users.noreply.github.com>\n"+
		"Co-Authored-By : Lin\n  <lin@USERS.noreply.github.com>\n"+
		"Co-authored-by: Kim <kim@example.org>\n")
	gh.Message(7, 1, "Co-authored-by: Bob <bob@users.noreply.github.com>")                                 // the subject
	gh.Message(7, 2, "Fix\r\n\r\nCo-authored-by: Cy <cy@users.noreply.github.com>\r\n\r\nThanks all.\r\n") // not the last paragraph
	gh.Message(7, 3, "Fix\n\nCo-authored-by: Dee <dee@users.noreply.github.ϲom>\nCo-authored-by: Eve <9+e.ve+x@users.noreply.github.com>\nCo-authored-by: Ada <ada@users.noreply.github.com>\n")
	for _, login := range []string{"grace", "lin", "bob", "cy", "zed"} {
		gh.Review(7, login, "APPROVED", githubtest.HeadSHA)
		gh.Perm(login, "write", "write")
	}
	gh.Verify(7)
	c, _ := gh.Serve()
	ctx := context.Background()
	pr, err := c.PullRequest(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	want := []pullrequest.Identity{
		{Login: "Grace", Email: "12345+Grace@users.noreply.github.com", Name: "Grace Hopper"},
		{Login: "lin", Email: "lin@USERS.noreply.github.com", Name: "Lin"},
		{Email: "kim@example.org", Name: "Kim"},
	}
	if d := cmp.Diff(want, pr.Commits[0].CoAuthors); d != "" {
		t.Errorf("co-authors (-want +got):\n%s", d)
	}
	if got, want := pr.Contributors(), []string{"ada", "Grace", "lin"}; !slices.Equal(got, want) {
		t.Errorf("contributors %v, want %v", got, want)
	}
	if got, want := pr.UnknownContributors(), []string{"9+e.ve+x@users.noreply.github.com", "dee@users.noreply.github.ϲom", "kim@example.org"}; !slices.Equal(got, want) {
		t.Errorf("unknown contributors %v, want %v", got, want)
	}
	if pr.OwnCommits() {
		t.Errorf("signed commits that name other co-authors are the author's own")
	}
	a, err := c.Approvals(ctx, pr)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := a.Independent(), []string{"bob", "cy", "zed"}; !slices.Equal(got, want) {
		t.Errorf("independent approvers %v, want %v", got, want)
	}
}

// TestOwnCommitsCoAuthoredByTheAuthor: a signed commit whose only
// co-author is its author (a squash that credits them) is still theirs.
func TestOwnCommitsCoAuthoredByTheAuthor(t *testing.T) {
	gh := githubtest.New(t)
	gh.PR(7, "ada", "ada")
	gh.Message(7, 0, "Squash\n\nCo-authored-by: Ada <1+ADA@users.noreply.github.com>\n")
	gh.Verify(7)
	c, _ := gh.Serve()
	pr, err := c.PullRequest(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	if !pr.OwnCommits() || len(pr.UnknownContributors()) != 0 {
		t.Errorf("own %v, unknown %v: the author's own signed commit, crediting them", pr.OwnCommits(), pr.UnknownContributors())
	}
}
