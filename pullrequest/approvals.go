package pullrequest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/go-github/v84/github"
	"golang.org/x/sync/errgroup"
)

// Approval is a user's standing review of a pull request: the latest of
// their reviews that approves, requests changes or was dismissed (a later
// plain comment leaves an approval standing, as on GitHub).
type Approval struct {
	Login       string    `json:"login"`
	CommitID    string    `json:"commit_id"` // the commit the review was made on
	SubmittedAt time.Time `json:"submitted_at"`
	// Permission is the user's access to the repository as GitHub's
	// permission names it (admin, write, read), with the role's name
	// beside it when GitHub gives another ("write (maintain)"); "none"
	// when GitHub knows no access, "" when it was not looked up (a stale
	// or withdrawn approval).
	Permission string `json:"permission"`
	// Contributor is true when the user opened the pull request or
	// authored, committed or co-authored one of its commits. GitHub lets
	// such a user approve; roster's gate does not count them.
	Contributor bool `json:"contributor"`
	// Reason is why the approval does not count; "" when it does.
	Reason Reason `json:"reason,omitempty"`
	// WithdrawnBy is the state of the review that withdrew the approval:
	// CHANGES_REQUESTED or DISMISSED.
	WithdrawnBy string `json:"withdrawn_by,omitempty"`
}

// Reason says why an approval does not count.
type Reason string

// Reasons an approval does not count.
const (
	// Stale: the approval is of an older commit than the head.
	Stale Reason = "stale"
	// NoWriteAccess: the reviewer cannot push to the repository (read,
	// triage or no access; or an app's bot account).
	NoWriteAccess Reason = "no-write-access"
	// Withdrawn: the reviewer later requested changes, or the approval was
	// dismissed.
	Withdrawn Reason = "withdrawn"
	// NoSeat: the reviewer approved the head, but holds no seat whose
	// approval the change needs; their access was not looked up (on a
	// public repository anyone may approve, and a look-up each would
	// spend the token's hourly budget the whole repository shares).
	NoSeat Reason = "no-seat"
)

// Why says in a few words why the approval does not count, for the pull
// request's comment; "" when it counts.
func (a Approval) Why() string {
	switch a.Reason {
	case Stale:
		return "approved " + short(a.CommitID) + ", not the head commit"
	case NoWriteAccess:
		if a.Permission == "bot" {
			return "is an app's bot account, not a collaborator"
		}
		if a.Permission == "" || a.Permission == "none" {
			return "has no write access to the repository"
		}
		return "has " + a.Permission + " access to the repository, not write"
	case NoSeat:
		return "holds no seat in the file whose approval this change needs"
	case Withdrawn:
		if a.WithdrawnBy == "DISMISSED" {
			return "the review was dismissed"
		}
		return "later requested changes"
	}
	return ""
}

// Approvals are the approvals of one pull request's head.
type Approvals struct {
	HeadSHA string `json:"head_sha"`
	// Counted approve the head, are each user's latest standing review,
	// and come from users with write access; contributors among them are
	// flagged, not removed. Sorted by login.
	Counted []Approval `json:"counted"`
	// NotCounted are the other users who approved at some point (or
	// whose latest review was dismissed), each with its Reason. Sorted by
	// login.
	NotCounted []Approval `json:"not_counted"`
}

// Independent returns the logins of the counted approvals by users who
// are not contributors to the pull request. Commit identities that
// GitHub matched to no account (PullRequest.UnknownContributors) cannot
// be told apart from these users; that is the gate's call.
func (a *Approvals) Independent() []string {
	var out []string
	for _, ap := range a.Counted {
		if !ap.Contributor {
			out = append(out, ap.Login)
		}
	}
	return out
}

// Approvals reads every page of the pull request's reviews and returns
// the approvals that count for its head pr.HeadSHA, and the others with
// the reason they do not. It asks GitHub for the repository permission
// of each reviewer whose approval of the head stands
// (GET /repos/{owner}/{repo}/collaborators/{user}/permission).
func (c *Client) Approvals(ctx context.Context, pr *PullRequest) (*Approvals, error) {
	return c.ApprovalsOf(ctx, pr, nil)
}

// ApprovalsOf is Approvals, looking up the access of only those
// approving the head whom seated reports may count (nil: everyone's).
// The others are not counted, for NoSeat.
func (c *Client) ApprovalsOf(ctx context.Context, pr *PullRequest, seated func(login string) bool) (*Approvals, error) {
	a, err := c.approvals(ctx, pr, seated)
	return a, c.seal(err)
}

func (c *Client) approvals(ctx context.Context, pr *PullRequest, seated func(string) bool) (*Approvals, error) {
	if err := c.init(); err != nil {
		return nil, err
	}
	if pr == nil || pr.Number <= 0 || pr.HeadSHA == "" {
		return nil, fmt.Errorf("approvals need a pull request read with PullRequest")
	}
	path := fmt.Sprintf("repos/%s/%s/pulls/%d/reviews", c.owner, c.name, pr.Number)
	reviews, err := listAll(ctx, c, op{method: http.MethodGet, path: path, perm: permPRRead},
		func(ctx context.Context, page int) ([]*github.PullRequestReview, *github.Response, error) {
			return c.gh.PullRequests.ListReviews(ctx, c.owner, c.name, pr.Number, &github.ListOptions{Page: page, PerPage: perPage})
		})
	if err != nil {
		return nil, err
	}
	out := &Approvals{HeadSHA: pr.HeadSHA, Counted: []Approval{}, NotCounted: []Approval{}}
	standings, err := standingReviews(reviews)
	if err != nil {
		return nil, err
	}
	unseated := func(login string) bool { return seated != nil && !seated(login) }
	perms, err := c.permissions(ctx, pr, slices.DeleteFunc(slices.Clone(standings), func(s standing) bool { return unseated(s.latest.GetUser().GetLogin()) }))
	if err != nil {
		return nil, err
	}
	for _, s := range standings {
		ap := Approval{
			Login:       s.latest.GetUser().GetLogin(),
			CommitID:    s.latest.GetCommitID(),
			SubmittedAt: s.latest.GetSubmittedAt().Time,
			Contributor: pr.IsContributor(s.latest.GetUser().GetLogin()),
		}
		switch state := reviewState(s.latest); {
		case state != "APPROVED":
			// Someone who never approved is no approver at all.
			if !s.approved {
				continue
			}
			ap.Reason, ap.WithdrawnBy = Withdrawn, state
		case ap.CommitID != pr.HeadSHA:
			ap.Reason = Stale
		case unseated(ap.Login):
			ap.Reason = NoSeat
		default:
			perm := perms[ap.Login]
			ap.Permission = perm
			if !canWrite(perm) {
				ap.Reason = NoWriteAccess
			}
		}
		if ap.Reason == "" {
			out.Counted = append(out.Counted, ap)
		} else {
			out.NotCounted = append(out.NotCounted, ap)
		}
	}
	return out, nil
}

// approvesHead reports whether the standing review approves pr's head
// commit: the one kind whose reviewer's access is looked up.
func (s standing) approvesHead(pr *PullRequest) bool {
	return reviewState(s.latest) == "APPROVED" && s.latest.GetCommitID() == pr.HeadSHA
}

// standing is one user's reviews reduced to what counts on GitHub.
type standing struct {
	latest   *github.PullRequestReview // the latest APPROVED, CHANGES_REQUESTED or DISMISSED
	approved bool                      // whether any of their reviews approved (or was dismissed)
}

// standingReviews reduces reviews to each user's latest standing review,
// in order of login. Reviews are ordered by submission (GitHub lists them
// in that order; a pending review, unsubmitted, is left out), and a
// plain COMMENTED review never replaces an approval or a request for
// changes, as on GitHub. A dismissed approval shows as DISMISSED itself.
//
// What GitHub sends is checked, not assumed: a review by a login that
// is no GitHub login (a look-alike letter in it) is nobody's, never
// folded into the user it imitates; and a submitted review in a state
// roster does not know, or with no submission time to order it by,
// fails the whole reading, since skipping it could leave standing an
// approval it withdrew.
func standingReviews(reviews []*github.PullRequestReview) ([]standing, error) {
	var submitted []*github.PullRequestReview
	for _, r := range reviews {
		login := r.GetUser().GetLogin()
		if login == "" || !loginRE.MatchString(login) || reviewState(r) == "PENDING" {
			// A deleted user's review (user null), a login GitHub does
			// not make, or one not submitted (only its author sees it).
			continue
		}
		switch reviewState(r) {
		case "APPROVED", "CHANGES_REQUESTED", "DISMISSED", "COMMENTED":
		default:
			return nil, fmt.Errorf("GitHub returned a review by %s in a state roster does not know (%q); nothing was counted", login, r.GetState())
		}
		if r.SubmittedAt == nil || r.GetSubmittedAt().IsZero() {
			return nil, fmt.Errorf("GitHub returned a %s review by %s with no submission time, which roster cannot order; nothing was counted", reviewState(r), login)
		}
		submitted = append(submitted, r)
	}
	slices.SortStableFunc(submitted, func(a, b *github.PullRequestReview) int {
		return a.GetSubmittedAt().Compare(b.GetSubmittedAt().Time)
	})
	by := map[string]*standing{}
	for _, r := range submitted {
		key := loginKey(r.GetUser().GetLogin())
		state := reviewState(r)
		if state == "COMMENTED" {
			continue
		}
		s := by[key]
		if s == nil {
			s = &standing{}
			by[key] = s
		}
		s.latest = r
		// A dismissed review was an approval or a request for changes;
		// GitHub does not say which, and either way nothing stands.
		s.approved = s.approved || state == "APPROVED" || state == "DISMISSED"
	}
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]standing, 0, len(keys))
	for _, k := range keys {
		out = append(out, *by[k])
	}
	return out, nil
}

// reviewState is a review's state as GitHub names it, in upper case.
func reviewState(r *github.PullRequestReview) string {
	return strings.ToUpper(strings.TrimSpace(r.GetState()))
}

// loginKey is a GitHub login compared without case: logins are ASCII,
// so only ASCII letters fold (Unicode folding would make the Kelvin
// sign a 'k').
func loginKey(login string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, login)
}

// sameLogin reports whether a and b name one GitHub account: both ASCII,
// equal without case.
func sameLogin(a, b string) bool {
	for _, s := range []string{a, b} {
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				return false
			}
		}
	}
	return strings.EqualFold(a, b)
}

// permissions looks up the access of each user whose standing review
// approves the head commit: a few at a time, and all of them within one
// ReadTimeout, since every approving review costs a look-up and anyone
// may leave one on a public repository's pull request (each look-up
// honouring a Retry-After of its own would add up without bound).
func (c *Client) permissions(ctx context.Context, pr *PullRequest, standings []standing) (map[string]string, error) {
	ctx, readTimeout, timedOut, cancel := c.readDeadline(ctx)
	defer cancel()
	out := map[string]string{}
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	asked := 0
	for _, s := range standings {
		if !s.approvesHead(pr) {
			continue
		}
		asked++
		login, kind := s.latest.GetUser().GetLogin(), s.latest.GetUser().GetType()
		g.Go(func() error {
			perm, err := c.permission(gctx, login, kind)
			if err != nil {
				return err
			}
			mu.Lock()
			out[login] = perm
			mu.Unlock()
			return nil
		})
	}
	err := g.Wait()
	if err != nil && timedOut() {
		return nil, fmt.Errorf("GitHub API: looking up the access of the %d approving reviewers took longer than %s, retries and waits included (GitHub answers too slowly, or asks to wait too often); run again later: %w", asked, readTimeout, err)
	}
	return out, err
}

// permission returns the reviewer's access to the repository: GitHub's
// permission (with the role's name beside it when GitHub gives another);
// "none" for a user GitHub knows no access for.
func (c *Client) permission(ctx context.Context, login, userType string) (string, error) {
	if strings.HasSuffix(login, "[bot]") || userType == "Bot" {
		// An app's bot account is no collaborator, and an automated
		// approval is nobody's review.
		return "bot", nil
	}
	if !loginRE.MatchString(login) {
		return "none", nil
	}
	path := fmt.Sprintf("repos/%s/%s/collaborators/%s/permission", c.owner, c.name, login)
	var p *github.RepositoryPermissionLevel
	err := c.call(ctx, op{method: http.MethodGet, path: path, perm: permCollab}, func(ctx context.Context) (*github.Response, error) {
		var resp *github.Response
		var err error
		p, resp, err = c.gh.Repositories.GetPermissionLevel(ctx, c.owner, c.name, url.PathEscape(login))
		return resp, err
	})
	if apiErr := (*APIError)(nil); errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound {
		// GitHub answers 404 for a user that is no collaborator of a
		// private repository, or no longer exists.
		return "none", nil
	}
	if err != nil {
		return "", err
	}
	// The legacy permission decides (admin, write, read or none: GitHub
	// maps maintain to write and triage to read); role_name, free text
	// for a custom role, is shown beside it and never read.
	perm := p.GetPermission()
	switch perm {
	case "admin", "write", "read":
	default:
		perm = "none"
	}
	if role := p.GetRoleName(); role != "" && role != perm {
		return perm + " (" + role + ")", nil
	}
	return perm, nil
}

// canWrite reports whether a Permission lets its user push.
func canWrite(perm string) bool {
	base, _, _ := strings.Cut(perm, " (")
	return base == "admin" || base == "write"
}
