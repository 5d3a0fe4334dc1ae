package pullrequest

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/google/go-github/v84/github"
)

// maxListedCommits is where GitHub stops listing a pull request's
// commits: "Lists a maximum of 250 commits for a pull request".
const maxListedCommits = 250

// PullRequest is what GitHub says of a pull request and its commits.
type PullRequest struct {
	Number int    `json:"number"`
	State  string `json:"state"` // "open" or "closed"
	Merged bool   `json:"merged"`
	Author string `json:"author"` // login of who opened it
	// AuthorIsBot: GitHub says the author is a bot (an app, Copilot's
	// agent, Dependabot), which anyone who can set it to work steers:
	// opening the pull request is no person's word.
	AuthorIsBot bool   `json:"author_is_bot,omitempty"`
	HeadSHA     string `json:"head_sha"`
	HeadRef     string `json:"head_ref"`
	HeadRepo    string `json:"head_repo"` // "owner/name" the head branch lives in; "" if that repository is gone
	BaseSHA     string `json:"base_sha"`
	BaseRef     string `json:"base_ref"`
	// DefaultBranch is the base repository's default branch, the one
	// sync runs from: a pull request into another branch is no change to
	// the file sync reads (see workspace's review).
	DefaultBranch string `json:"default_branch"`
	// Commits are all of its commits, as GitHub lists them (oldest
	// first); never a partial list.
	Commits []Commit `json:"commits"`
}

// Commit is one commit of a pull request and who made it.
type Commit struct {
	SHA       string   `json:"sha"`
	Author    Identity `json:"author"`
	Committer Identity `json:"committer"`
	// Merge is true for a commit with more than one parent, such as the
	// one GitHub's "Update branch" button makes.
	Merge bool `json:"merge"`
	// Verified is GitHub's verification of the commit's signature: a
	// key of the committer's account signed it (GitHub's own for a
	// commit made in its web editor). Unlike the author line, which is
	// whatever email its writer typed, it says who made the commit.
	Verified bool `json:"verified"`
	// CoAuthors are the people its message's Co-authored-by trailers
	// name (see coAuthors): each wrote it as much as its author did. A
	// GitHub noreply address gives the Login; for any other, Login is
	// "", as for an email GitHub links to no account.
	CoAuthors []Identity `json:"co_authors,omitempty"`
}

// Identity is a commit's author or committer. Login is the GitHub
// account git's email belongs to, or "" when it belongs to none: such a
// person is unknown, not nobody, and may well be a reviewer.
type Identity struct {
	Login string `json:"login"`
	Email string `json:"email"` // as git recorded it
	Name  string `json:"name"`  // as git recorded it
}

// Contributors returns, once each and sorted, the logins of the pull
// request's author and of every commit's author, committer and co-author
// that is a GitHub account (GitHub's own "web-flow" included, as GitHub
// reports it). Commit identities with no account are in
// UnknownContributors.
func (pr *PullRequest) Contributors() []string {
	seen := map[string]bool{}
	var out []string
	add := func(login string) {
		if login != "" && !seen[strings.ToLower(login)] {
			seen[strings.ToLower(login)] = true
			out = append(out, login)
		}
	}
	add(pr.Author)
	for _, c := range pr.Commits {
		add(c.Author.Login)
		add(c.Committer.Login)
		for _, co := range c.CoAuthors {
			add(co.Login)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return out
}

// OwnCommits reports whether the pull request's author made every one of
// its commits, as GitHub can tell: each commit's signature verified, its
// author the pull request's author and its committer them too (or
// GitHub's web-flow, for a commit made in the web editor), and any
// co-author it names them too. Anyone with write access can push to
// another's pull request, under any author line they type; only a
// verified signature says who made a commit, and a co-author it names
// says it is not theirs alone.
func (pr *PullRequest) OwnCommits() bool {
	if pr.Author == "" || pr.AuthorIsBot || len(pr.Commits) == 0 {
		// A bot's pull request is no person's own work, whoever it
		// names: whoever set it to work is not known.
		return false
	}
	for _, c := range pr.Commits {
		own := strings.EqualFold(c.Author.Login, pr.Author) &&
			(strings.EqualFold(c.Committer.Login, pr.Author) || c.Committer.Login == WebFlowLogin) &&
			!slices.ContainsFunc(c.CoAuthors, func(co Identity) bool { return !strings.EqualFold(co.Login, pr.Author) })
		if !c.Verified || !own {
			return false
		}
	}
	return true
}

// WebFlowLogin is GitHub's own account, the committer (and signer) of
// every commit made in its web editor for the user who made it.
const WebFlowLogin = "web-flow"

// UnknownContributors returns, once each and sorted, the git emails of
// commit authors and committers that GitHub matched to no account, and
// those of co-authors that are no GitHub noreply address (which the REST
// API matches to no account). A gate must treat each as someone who may
// be any reviewer.
func (pr *PullRequest) UnknownContributors() []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range pr.Commits {
		for _, id := range append([]Identity{c.Author, c.Committer}, c.CoAuthors...) {
			if id.Login == "" && !seen[strings.ToLower(id.Email)] {
				seen[strings.ToLower(id.Email)] = true
				out = append(out, id.Email)
			}
		}
	}
	slices.Sort(out)
	return out
}

// IsContributor reports whether login is the pull request's author or
// the author, committer or a co-author of one of its commits
// (case-insensitively, as GitHub compares logins).
func (pr *PullRequest) IsContributor(login string) bool {
	for _, c := range pr.Contributors() {
		if strings.EqualFold(c, login) {
			return true
		}
	}
	return false
}

// PullRequest reads pull request number and all its commits:
// GET /repos/{owner}/{repo}/pulls/{number} and every page of
// /pulls/{number}/commits.
//
// It fails with ErrTooManyCommits when GitHub's listing stops at 250
// commits short of the pull request's count, and with ErrChanged when
// the listing does not match the pull request read just before (a push
// in between).
func (c *Client) PullRequest(ctx context.Context, number int) (*PullRequest, error) {
	pr, err := c.pullRequest(ctx, number)
	return pr, c.seal(err)
}

func (c *Client) pullRequest(ctx context.Context, number int) (*PullRequest, error) {
	if err := c.init(); err != nil {
		return nil, err
	}
	if number <= 0 {
		return nil, fmt.Errorf("pull request number %d is not positive", number)
	}
	path := fmt.Sprintf("repos/%s/%s/pulls/%d", c.owner, c.name, number)
	var g *github.PullRequest
	err := c.call(ctx, op{method: http.MethodGet, path: path, perm: permPRRead}, func(ctx context.Context) (*github.Response, error) {
		var resp *github.Response
		var err error
		g, resp, err = c.gh.PullRequests.Get(ctx, c.owner, c.name, number)
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	pr := &PullRequest{
		Number: g.GetNumber(),
		State:  g.GetState(),
		Merged: g.GetMerged(),
		Author: g.GetUser().GetLogin(),
		// The type GitHub gives, or an app's login, which ends so.
		AuthorIsBot: g.GetUser().GetType() == "Bot" || strings.HasSuffix(g.GetUser().GetLogin(), "[bot]"),
		HeadSHA:     g.GetHead().GetSHA(),
		HeadRef:     g.GetHead().GetRef(),
		HeadRepo:    g.GetHead().GetRepo().GetFullName(),
		BaseSHA:     g.GetBase().GetSHA(),
		BaseRef:     g.GetBase().GetRef(),

		DefaultBranch: g.GetBase().GetRepo().GetDefaultBranch(),
	}
	// The base's branch and the repository's default branch too: the
	// gate holds only for changes into the branch sync reads, and an
	// answer that does not say which that is cannot be judged.
	if pr.Number != number || pr.Author == "" || pr.HeadSHA == "" || pr.BaseSHA == "" || pr.BaseRef == "" || pr.DefaultBranch == "" {
		return nil, fmt.Errorf("GitHub API GET %s: the answer lacks the number, author, head, base, base branch or default branch", path)
	}
	commits, err := listAll(ctx, c, op{method: http.MethodGet, path: path + "/commits", perm: permPRCommits},
		func(ctx context.Context, page int) ([]*github.RepositoryCommit, *github.Response, error) {
			return c.gh.PullRequests.ListCommits(ctx, c.owner, c.name, number, &github.ListOptions{Page: page, PerPage: perPage})
		})
	if err != nil {
		return nil, err
	}
	total := g.GetCommits()
	switch {
	case total > len(commits) && len(commits) >= maxListedCommits:
		return nil, fmt.Errorf("pull request #%d has %d commits and GitHub lists only the first %d: %w; squash or split it",
			number, total, len(commits), ErrTooManyCommits)
	case total != len(commits):
		return nil, fmt.Errorf("pull request #%d: GitHub counts %d commits and listed %d: %w; run again", number, total, len(commits), ErrChanged)
	}
	head := false
	for _, gc := range commits {
		cm := Commit{
			SHA:       gc.GetSHA(),
			Author:    identity(gc.GetAuthor(), gc.GetCommit().GetAuthor()),
			Committer: identity(gc.GetCommitter(), gc.GetCommit().GetCommitter()),
			Merge:     len(gc.Parents) > 1,
			Verified:  gc.GetCommit().GetVerification().GetVerified(),
			CoAuthors: coAuthors(gc.GetCommit().GetMessage()),
		}
		if cm.SHA == "" {
			return nil, fmt.Errorf("GitHub API GET %s/commits: a commit without a sha", path)
		}
		head = head || cm.SHA == pr.HeadSHA
		pr.Commits = append(pr.Commits, cm)
	}
	if !head {
		return nil, fmt.Errorf("pull request #%d: its head %s is not among its commits: %w; run again", number, short(pr.HeadSHA), ErrChanged)
	}
	return pr, nil
}

// identity pairs the GitHub account (nil when git's email matches none)
// with what git recorded.
func identity(u *github.User, git *github.CommitAuthor) Identity {
	return Identity{Login: u.GetLogin(), Email: git.GetEmail(), Name: git.GetName()}
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	if sha == "" {
		return "an unknown commit"
	}
	return sha
}
