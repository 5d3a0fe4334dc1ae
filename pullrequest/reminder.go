package pullrequest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/google/go-github/v84/github"
)

// Reminder describes the one open issue that `roster audit
// --github-issue` keeps up to date.
type Reminder struct {
	// Self is the token's own login (ActionsLogin for an Actions
	// GITHUB_TOKEN). Only open issues Self opened are ever edited or
	// closed.
	Self string
	// Marker is a hidden line the issue's body holds; Label a label it
	// carries. At least one is needed; with both, an issue must have
	// both to be ours.
	Marker string
	Label  string
	Title  string
	// Body is the issue's text; "" when nothing is due, which closes the
	// open issue.
	Body string
	// Closing is the comment left on the issue before closing it
	// (default: "Nothing is due any more; closing.").
	Closing string
	// Retire, when set, is asked about each other open issue that Self
	// opened (with Label, when one is given) but that lacks Marker, once
	// this reminder is kept: a reminder of something gone (a members
	// file moved or deleted), which no run keeps any more, would stay
	// open for ever. A non-empty answer is the comment that issue is
	// closed with; kept is what became of this reminder.
	Retire func(body string, kept Result) string
}

// SyncReminder finds the oldest open issue that r.Self opened and that
// carries r.Marker and r.Label (or one of them and r.Title, or r.Marker
// alone: a person took the label off), then:
//
//   - with a Body: edits its title and body when they differ (and gives
//     it the label back), or creates the issue (with the label) when
//     there is none;
//   - with no Body: comments r.Closing on it and closes it as completed,
//     or does nothing when there is none.
//
// Then it closes every other open issue of r.Self's with the marker and
// label (a second reminder of the same file, as when a person closed
// one, a run opened another, and the person reopened the first), and
// each other issue of r.Self that r.Retire retires, their numbers in
// Result.Duplicates and Result.Retired.
//
// Issues that anyone else opened are never touched, whatever they hold;
// but none is opened while another app's bot has one open with the
// marker and label (a *LeftoverError): most likely an earlier run's,
// written as the login the token really writes as.
// Every page of the repository's open issues with the label is read,
// and, when none is ours, every page of its open issues. An issue
// created as another login than r.Self comes back with a
// *WrongLoginError.
func (c *Client) SyncReminder(ctx context.Context, r Reminder) (Result, error) {
	res, others, dups, err := c.syncReminder(ctx, r)
	if err != nil {
		return res, c.seal(err)
	}
	// A second open reminder of r.Self's (one a person closed, another
	// run opened, and the person reopened the first) would stay open
	// for ever, mentioning vetters for records long renewed: closed,
	// naming the one kept.
	for _, is := range dups {
		closing := r.Closing
		if res.Number != 0 && res.Outcome != Closed {
			closing = fmt.Sprintf("Another open reminder of the same file is kept up to date: #%d. Closing this one.", res.Number)
		}
		if strings.TrimSpace(closing) == "" {
			closing = "Nothing is due any more; closing."
		}
		if _, err := c.closeIssue(ctx, is.GetNumber(), closing, nil); err != nil {
			return res, c.seal(fmt.Errorf("close issue #%d, a second reminder of the same file: %w", is.GetNumber(), err))
		}
		res.Duplicates = append(res.Duplicates, is.GetNumber())
	}
	if r.Retire == nil {
		return res, nil
	}
	for _, is := range others {
		closing := r.Retire(is.GetBody(), res)
		if strings.TrimSpace(closing) == "" {
			continue
		}
		if _, err := c.closeIssue(ctx, is.GetNumber(), closing, nil); err != nil {
			return res, c.seal(fmt.Errorf("close issue #%d, a reminder no run keeps any more: %w", is.GetNumber(), err))
		}
		res.Retired = append(res.Retired, is.GetNumber())
	}
	return res, nil
}

// syncReminder is SyncReminder but for retiring: with its result, it
// returns the other open issues of r.Self (with r.Label) lacking
// r.Marker.
func (c *Client) syncReminder(ctx context.Context, r Reminder) (Result, []*github.Issue, []*github.Issue, error) {
	if err := c.init(); err != nil {
		return Result{}, nil, nil, err
	}
	if r.Self == "" || (strings.TrimSpace(r.Marker) == "" && r.Label == "") {
		return Result{}, nil, nil, fmt.Errorf("a reminder issue needs the token's login and a marker or a label")
	}
	if r.Body != "" {
		if r.Marker != "" && !strings.Contains(r.Body, r.Marker) {
			r.Body = r.Marker + "\n" + r.Body
		}
		if strings.TrimSpace(r.Title) == "" {
			return Result{}, nil, nil, fmt.Errorf("a reminder issue needs a title")
		}
		if n := utf8.RuneCountInString(r.Body); n > maxBody {
			return Result{}, nil, nil, fmt.Errorf("issue body of %d characters: GitHub takes at most %d; shorten it", n, maxBody)
		}
	}
	path := fmt.Sprintf("repos/%s/%s/issues", c.owner, c.name)
	// No creator= filter: GitHub does not always match an app's
	// "NAME[bot]" login with it; the login is compared here instead.
	// A read, but the first call of a command that writes: a refusal
	// names the permission the whole command needs.
	list := func(labels []string) ([]*github.Issue, error) {
		opts := github.IssueListByRepoOptions{State: "open", Sort: "created", Direction: "asc", Labels: labels}
		return listAll(ctx, c, op{method: http.MethodGet, path: path, perm: permIssuesWrite},
			func(ctx context.Context, page int) ([]*github.Issue, *github.Response, error) {
				o := opts
				o.ListOptions = github.ListOptions{Page: page, PerPage: perPage}
				return c.gh.Issues.ListByRepo(ctx, c.owner, c.name, &o)
			})
	}
	var labels []string
	if r.Label != "" {
		labels = []string{r.Label}
	}
	issues, err := list(labels)
	if err != nil {
		return Result{}, nil, nil, err
	}
	var ours *github.Issue
	var others, dups []*github.Issue
	var foreign []int
	var left error
	take := func(is *github.Issue) {
		switch {
		case ours == nil:
			ours = is
		case is.GetNumber() < ours.GetNumber():
			dups, ours = append(dups, ours), is
		default:
			dups = append(dups, is)
		}
	}
	for _, is := range issues {
		if is.IsPullRequest() || is.GetState() != "open" {
			continue
		}
		marked := r.Marker != "" && strings.Contains(is.GetBody(), r.Marker)
		if author := is.GetUser().GetLogin(); !sameLogin(author, r.Self) {
			if r.Label != "" && marked {
				if left == nil {
					left = leftover(fmt.Sprintf("issue #%d", is.GetNumber()), c.scrub(is.GetHTMLURL()), r.Self, author)
				}
				foreign = append(foreign, is.GetNumber())
			}
			continue
		}
		if r.Marker != "" && !marked && (r.Title == "" || is.GetTitle() != r.Title) {
			// (One of its own under its title whose marker a person
			// edited away is still the reminder: taken back, and the
			// marker written again, rather than a second opened
			// beside it and this one left open for good.)
			others = append(others, is)
			continue
		}
		take(is)
	}
	if ours == nil && r.Label != "" && r.Marker != "" {
		// None labelled: one of its own whose label a person took off,
		// its marker kept, is still the reminder, not to be left open
		// for good while a second is opened beside it. Every open issue
		// is read for it; a repository with too many to read has its
		// reminder opened anew, as before.
		all, err := list(nil)
		if err != nil && ctx.Err() != nil {
			return Result{}, nil, nil, err
		}
		for _, is := range all {
			if !is.IsPullRequest() && is.GetState() == "open" && !hasLabel(is, r.Label) && sameLogin(is.GetUser().GetLogin(), r.Self) && strings.Contains(is.GetBody(), r.Marker) {
				take(is)
			}
		}
	}
	if ours == nil && r.Body != "" && left != nil {
		return Result{}, nil, nil, left
	}
	res, err := c.write(ctx, r, ours)
	// Never touched, but said: a reminder opened with another token (a
	// person's, before the workflow's) is left behind otherwise.
	res.Foreign = foreign
	return res, others, dups, err
}

// write creates, edits or closes the reminder issue (ours, nil when
// there is none), as SyncReminder says.
func (c *Client) write(ctx context.Context, r Reminder, ours *github.Issue) (Result, error) {
	path := fmt.Sprintf("repos/%s/%s/issues", c.owner, c.name)
	switch {
	case ours == nil && r.Body == "":
		return Result{Outcome: Unchanged}, nil
	case ours == nil:
		req := &github.IssueRequest{Title: &r.Title, Body: &r.Body}
		if r.Label != "" {
			req.Labels = &[]string{r.Label}
		}
		is, err := c.writeIssue(ctx, http.MethodPost, path, func(ctx context.Context) (*github.Issue, *github.Response, error) {
			return c.gh.Issues.Create(ctx, c.owner, c.name, req)
		})
		if err != nil {
			return Result{}, err
		}
		res := Result{Outcome: Created, Number: is.GetNumber(), URL: c.scrub(is.GetHTMLURL())}
		return res, checkAuthor(fmt.Sprintf("reminder issue #%d", res.Number), res.URL, r.Self, is.GetUser().GetLogin())
	}
	number := ours.GetNumber()
	if r.Body != "" {
		labelled := r.Label == "" || hasLabel(ours, r.Label)
		if ours.GetTitle() == r.Title && ours.GetBody() == r.Body && labelled {
			return Result{Outcome: Unchanged, Number: number, URL: c.scrub(ours.GetHTMLURL())}, nil
		}
		req := &github.IssueRequest{Title: &r.Title, Body: &r.Body}
		if !labelled {
			req.Labels = withLabel(ours, r.Label)
		}
		is, err := c.writeIssue(ctx, http.MethodPatch, fmt.Sprintf("%s/%d", path, number), func(ctx context.Context) (*github.Issue, *github.Response, error) {
			return c.gh.Issues.Edit(ctx, c.owner, c.name, number, req)
		})
		if err != nil {
			return Result{}, err
		}
		return Result{Outcome: Updated, Number: number, URL: c.scrub(is.GetHTMLURL())}, nil
	}
	closing := r.Closing
	if strings.TrimSpace(closing) == "" {
		closing = "Nothing is due any more; closing."
	}
	var labels *[]string
	if r.Label != "" && !hasLabel(ours, r.Label) {
		// Closed with its label back: reopened by a person later, it is
		// found by the label as the reminder, not left open beside the
		// next one a run opens.
		labels = withLabel(ours, r.Label)
	}
	is, err := c.closeIssue(ctx, number, closing, labels)
	if err != nil {
		return Result{}, err
	}
	return Result{Outcome: Closed, Number: number, URL: c.scrub(is.GetHTMLURL())}, nil
}

// withLabel is the labels an edit gives is to add label beside
// whatever labels people gave it (an edit's labels replace them all).
func withLabel(is *github.Issue, label string) *[]string {
	labels := []string{label}
	for _, l := range is.Labels {
		labels = append(labels, l.GetName())
	}
	return &labels
}

// closeIssue comments closing on issue number, then closes it as
// completed, with labels when not nil.
func (c *Client) closeIssue(ctx context.Context, number int, closing string, labels *[]string) (*github.Issue, error) {
	issuePath := fmt.Sprintf("repos/%s/%s/issues/%d", c.owner, c.name, number)
	err := c.call(ctx, op{method: http.MethodPost, path: issuePath + "/comments", perm: permIssuesWrite}, func(ctx context.Context) (*github.Response, error) {
		_, resp, err := c.gh.Issues.CreateComment(ctx, c.owner, c.name, number, &github.IssueComment{Body: &closing})
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	state, reason := "closed", "completed"
	return c.writeIssue(ctx, http.MethodPatch, issuePath, func(ctx context.Context) (*github.Issue, *github.Response, error) {
		return c.gh.Issues.Edit(ctx, c.owner, c.name, number, &github.IssueRequest{State: &state, StateReason: &reason, Labels: labels})
	})
}

// writeIssue makes one call that writes an issue, and returns it.
func (c *Client) writeIssue(ctx context.Context, method, path string, fn func(ctx context.Context) (*github.Issue, *github.Response, error)) (*github.Issue, error) {
	var is *github.Issue
	err := c.call(ctx, op{method: method, path: path, perm: permIssuesWrite}, func(ctx context.Context) (*github.Response, error) {
		var resp *github.Response
		var err error
		is, resp, err = fn(ctx)
		return resp, err
	})
	return is, err
}

func hasLabel(is *github.Issue, label string) bool {
	for _, l := range is.Labels {
		if strings.EqualFold(l.GetName(), label) {
			return true
		}
	}
	return false
}
