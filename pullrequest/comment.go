package pullrequest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/google/go-github/v84/github"
)

// maxBody is GitHub's limit on a comment's or an issue's body, in
// characters.
const maxBody = 65536

// Outcome says what a write did.
type Outcome string

// Outcomes of UpsertComment and SyncReminder.
const (
	Unchanged Outcome = "unchanged" // nothing to write
	Created   Outcome = "created"
	Updated   Outcome = "updated"
	Closed    Outcome = "closed"
)

// Result is what UpsertComment or SyncReminder did.
type Result struct {
	Outcome Outcome `json:"outcome"`
	Number  int     `json:"number,omitempty"` // the reminder issue's number; 0 for a comment
	URL     string  `json:"url,omitempty"`    // the comment's or issue's page on GitHub, when there is one
	// Retired are the numbers of the other issues SyncReminder closed
	// (Reminder.Retire).
	Retired []int `json:"retired,omitempty"`
	// Duplicates are the numbers of the other open reminders of the same
	// file SyncReminder closed: a second one, as when a person reopened
	// one a run had replaced.
	Duplicates []int `json:"duplicates,omitempty"`
	// Foreign are the numbers of the open issues with the reminder's
	// marker and label that another login opened (a person's token, an
	// earlier run's), which SyncReminder never touches.
	Foreign []int `json:"foreign,omitempty"`
}

// UpsertComment makes body the one comment on pull request (or issue)
// number that self wrote and that holds marker: it edits the first such
// comment when its body differs, leaves it alone when it does not, and
// adds one when there is none. marker is prepended to body when body
// lacks it.
//
// self is the token's own login (ActionsLogin for an Actions
// GITHUB_TOKEN; "NAME[bot]" for an app's token; see Login): a comment
// anyone else wrote is never edited, whatever it holds, nor stops a new
// one. Every page of the comments is read. A comment created as another
// login than self comes back with a *WrongLoginError.
//
// Nothing of the comment as it stands goes into the new body: when self
// is github-actions[bot], every workflow in the repository posts as it,
// so any of them can write a comment that holds the marker, or edit
// roster's, and a part carried forward would republish their text as
// roster's. Each body is made whole, by its caller, from its own data.
func (c *Client) UpsertComment(ctx context.Context, number int, self, marker, body string) (Result, error) {
	r, err := c.upsertComment(ctx, number, self, marker, body)
	return r, c.seal(err)
}

func (c *Client) upsertComment(ctx context.Context, number int, self, marker, body string) (Result, error) {
	if err := c.init(); err != nil {
		return Result{}, err
	}
	if number <= 0 || self == "" || strings.TrimSpace(marker) == "" {
		return Result{}, fmt.Errorf("a sticky comment needs a pull request number, the token's login and a marker")
	}
	if !strings.Contains(body, marker) {
		body = marker + "\n" + body
	}
	if n := utf8.RuneCountInString(body); n > maxBody {
		return Result{}, fmt.Errorf("comment of %d characters: GitHub takes at most %d; shorten it", n, maxBody)
	}
	path := fmt.Sprintf("repos/%s/%s/issues/%d/comments", c.owner, c.name, number)
	comments, err := listAll(ctx, c, op{method: http.MethodGet, path: path, perm: permPRRead},
		func(ctx context.Context, page int) ([]*github.IssueComment, *github.Response, error) {
			return c.gh.Issues.ListComments(ctx, c.owner, c.name, number,
				&github.IssueListCommentsOptions{ListOptions: github.ListOptions{Page: page, PerPage: perPage}})
		})
	if err != nil {
		return Result{}, err
	}
	var ours []*github.IssueComment
	for _, cm := range comments {
		// Another login's comment, even another bot's with the marker,
		// is passed over: a bot that quotes a pull request's text (or any
		// app installed on the repository) must not be able to stop the
		// gate's comment, and with it the review, on that pull request.
		if sameLogin(cm.GetUser().GetLogin(), self) && strings.Contains(cm.GetBody(), marker) {
			ours = append(ours, cm)
		}
	}
	if len(ours) > 0 {
		res := Result{Outcome: Unchanged, URL: c.scrub(ours[0].GetHTMLURL())}
		if ours[0].GetBody() != body {
			edited, err := c.editComment(ctx, ours[0].GetID(), body)
			if err != nil {
				return Result{}, err
			}
			res = Result{Outcome: Updated, URL: c.scrub(edited.GetHTMLURL())}
		}
		// A second comment of ours (two runs at once each found none
		// and posted) would keep saying what it said, an approval
		// perhaps: it points at the one kept instead.
		// Fixed words: no field of GitHub's (not even the kept one's
		// URL) goes into the text unescaped.
		superseded := marker + "\nSuperseded by roster's first comment on this pull request, which it keeps up to date."
		for _, cm := range ours[1:] {
			if cm.GetBody() == superseded {
				continue
			}
			if _, err := c.editComment(ctx, cm.GetID(), superseded); err != nil {
				return res, err
			}
		}
		return res, nil
	}
	var created *github.IssueComment
	err = c.call(ctx, op{method: http.MethodPost, path: path, perm: permPRWrite}, func(ctx context.Context) (*github.Response, error) {
		var resp *github.Response
		var err error
		created, resp, err = c.gh.Issues.CreateComment(ctx, c.owner, c.name, number, &github.IssueComment{Body: &body})
		return resp, err
	})
	if err != nil {
		return Result{}, err
	}
	res := Result{Outcome: Created, URL: c.scrub(created.GetHTMLURL())}
	return res, checkAuthor("comment "+res.URL, res.URL, self, created.GetUser().GetLogin())
}

// editComment replaces the body of comment id.
func (c *Client) editComment(ctx context.Context, id int64, body string) (*github.IssueComment, error) {
	var edited *github.IssueComment
	err := c.call(ctx, op{method: http.MethodPatch, path: fmt.Sprintf("repos/%s/%s/issues/comments/%d", c.owner, c.name, id), perm: permPRWrite},
		func(ctx context.Context) (*github.Response, error) {
			var resp *github.Response
			var err error
			edited, resp, err = c.gh.Issues.EditComment(ctx, c.owner, c.name, id, &github.IssueComment{Body: &body})
			return resp, err
		})
	return edited, err
}
