package pullrequest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

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
	login, err := c.TokenUser(ctx)
	if err == nil && login == "" {
		return ActionsLogin, nil
	}
	return login, err
}

// TokenUser returns the login of the user the token belongs to (GET
// /user), who writes every comment and issue it writes; "" for an
// installation token (an Actions GITHUB_TOKEN, an app's), which belongs
// to no user and which GitHub refuses that call.
func (c *Client) TokenUser(ctx context.Context) (string, error) {
	var login string
	err := c.call(ctx, op{method: http.MethodGet, path: "user", perm: "metadata: read"}, func(ctx context.Context) (*github.Response, error) {
		u, resp, err := c.gh.Users.Get(ctx, "")
		login = u.GetLogin()
		return resp, err
	})
	var ae *APIError
	switch {
	case errors.As(err, &ae) && (ae.Status == http.StatusForbidden || ae.Status == http.StatusNotFound):
		return "", nil
	case err != nil:
		return "", c.seal(err)
	case login == "":
		return "", fmt.Errorf("GitHub API GET user: the answer names no login")
	}
	return login, nil
}

// CheckLogin refuses what no GitHub account is named: a user's login is
// letters, digits and '-' (a managed user's has '_'), an app's bot's is
// its slug and "[bot]" (ActionsLogin). A login that no account has
// finds nothing roster wrote, and every run would write anew.
func CheckLogin(login string) error {
	if !loginRE.MatchString(login) || len(login) > 100 {
		return fmt.Errorf("%q is no GitHub login: a user's is letters, digits and '-' (alice-pat), an app's bot's its name and [bot] (%s)", printable(login), ActionsLogin)
	}
	return nil
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

// LeftoverError says that nothing was created: roster's marker (and
// label) is already on an open issue or a comment that another app's
// bot wrote than the login the caller gave as roster's own. A run that
// gave that login most likely wrote it, as the login the token really
// writes as (an app's token writes as its bot): it was told so
// (WrongLoginError), and a new one would only be written again on every
// run with that login.
type LeftoverError struct {
	// What is there: "issue #12", "comment https://…".
	What, URL string
	// Self is the login the caller gave; Author the one that wrote it.
	Self, Author string
}

// Error says what holds the marker, and who wrote it.
func (e *LeftoverError) Error() string {
	return fmt.Sprintf("nothing was written: %s carries roster's marker and was written by %s, not by %s, whose issues and comments roster keeps; another would be written on every run", e.What, e.Author, e.Self)
}

// leftover is the LeftoverError of what author wrote (what, at url),
// which carries the marker; nil when it is not another bot's than self.
// Only a bot's counts (GitHub gives no user a login with brackets): a
// user who plants the marker (any user may comment, a triager may
// label) must not stop roster writing its own.
func leftover(what, url, self, author string) error {
	if sameLogin(author, self) || !loginRE.MatchString(author) || !strings.HasSuffix(author, "[bot]") {
		return nil
	}
	return &LeftoverError{What: what, URL: url, Self: self, Author: author}
}
