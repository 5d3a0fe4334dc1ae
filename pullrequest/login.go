package pullrequest

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/go-github/v84/github"
)

// Login returns the login of the token's own account, which is the
// author of every comment and issue the token writes: GitHub's answer
// to GET /user for a personal or OAuth token. An installation token (an
// Actions GITHUB_TOKEN, an app's) belongs to no user, and GitHub refuses
// it that call (403, or 404 on some servers): Login then returns
// ActionsLogin, the author of what an Actions token writes (an app's
// token writes as its own bot, which a write then reveals:
// WrongLoginError).
func (c *Client) Login(ctx context.Context) (string, error) {
	var login string
	err := c.call(ctx, op{method: http.MethodGet, path: "user", perm: "metadata: read"}, func(ctx context.Context) (*github.Response, error) {
		u, resp, err := c.gh.Users.Get(ctx, "")
		login = u.GetLogin()
		return resp, err
	})
	var ae *APIError
	switch {
	case errors.As(err, &ae) && (ae.Status == http.StatusForbidden || ae.Status == http.StatusNotFound):
		return ActionsLogin, nil
	case err != nil:
		return "", c.seal(err)
	case login == "":
		return "", fmt.Errorf("GitHub API GET user: the answer names no login")
	}
	return login, nil
}

// WrongLoginError says that a comment or an issue was created, and that
// GitHub answered that another login wrote it than the one the caller
// gave as the token's own (a personal token's user, an app's bot): no
// later run, looking for what that login wrote, would find it, and
// each would create another.
type WrongLoginError struct {
	// What was created: "reminder issue #12", "comment".
	What string
	URL  string
	// Self is the login the caller gave; Author the one GitHub names.
	Self, Author string
}

// Error says what was written as whom.
func (e *WrongLoginError) Error() string {
	return fmt.Sprintf("%s was written as %s, not as %s, whose comments and issues roster looks for: the next run would not find it, and would write another", e.What, e.Author, e.Self)
}

// checkAuthor is the WrongLoginError of a created comment or issue
// (what) that author wrote, nil when author is self.
func checkAuthor(what, url, self, author string) error {
	if author == "" || sameLogin(author, self) {
		return nil
	}
	return &WrongLoginError{What: what, URL: url, Self: self, Author: author}
}
