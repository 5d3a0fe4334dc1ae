// Package pullrequest is roster's client of the GitHub REST API, for the
// pull-request check: which reviewers have approved a pull request, and
// one comment, found again by a hidden marker and updated in place, that
// holds roster's review of the change.
package pullrequest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client talks to one repository's pull requests.
type Client struct {
	// API is the REST root, $GITHUB_API_URL in Actions
	// (https://api.github.com, or a GitHub Enterprise server's).
	API string
	// Repo is "owner/name", $GITHUB_REPOSITORY in Actions.
	Repo string
	// Token is $GITHUB_TOKEN; it is sent only to API.
	Token string
	HTTP  *http.Client
}

// maxPages bounds every listing: 100 pages of 100 reviews or comments.
const maxPages = 100

func (c *Client) do(ctx context.Context, method, path string, body any, out any) (http.Header, error) {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(c.API, "/")+path, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("GitHub API %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if resp.StatusCode >= 300 {
		var e struct {
			Message string `json:"message"`
		}
		_ = json.Unmarshal(data, &e)
		hint := ""
		if resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusNotFound {
			hint = "; the workflow needs permissions: pull-requests: write (comments) and pull-requests: read (reviews)"
		}
		return nil, fmt.Errorf("GitHub API %s %s: HTTP %d %s%s", method, path, resp.StatusCode, e.Message, hint)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return nil, fmt.Errorf("GitHub API %s %s: %w", method, path, err)
		}
	}
	return resp.Header, nil
}

// review is one review of a pull request, as the API lists them, oldest
// first.
type review struct {
	User struct {
		Login string `json:"login"`
	} `json:"user"`
	State string `json:"state"`
}

// Approvers returns the logins whose latest review of pull request pr
// approves it: a later "changes requested" or a dismissal withdraws an
// approval, a later comment does not (GitHub's own rule).
func (c *Client) Approvers(ctx context.Context, pr int) ([]string, error) {
	state := map[string]bool{}
	var order []string
	for page := 1; page <= maxPages; page++ {
		var rs []review
		if _, err := c.do(ctx, http.MethodGet, fmt.Sprintf("/repos/%s/pulls/%d/reviews?per_page=100&page=%d", c.Repo, pr, page), nil, &rs); err != nil {
			return nil, err
		}
		for _, r := range rs {
			login := r.User.Login
			if _, ok := state[login]; !ok {
				order = append(order, login)
			}
			switch r.State {
			case "APPROVED":
				state[login] = true
			case "CHANGES_REQUESTED", "DISMISSED":
				state[login] = false
			}
		}
		if len(rs) < 100 {
			break
		}
	}
	var out []string
	for _, login := range order {
		if state[login] {
			out = append(out, login)
		}
	}
	return out, nil
}

type comment struct {
	ID   int64  `json:"id"`
	Body string `json:"body"`
}

// Upsert makes body the one comment of pull request pr that holds
// marker: it edits the comment that has it, or adds one. A push that
// changes the plan changes the comment, never adds another.
func (c *Client) Upsert(ctx context.Context, pr int, marker, body string) error {
	if !strings.Contains(body, marker) {
		body = marker + "\n" + body
	}
	for page := 1; page <= maxPages; page++ {
		var cs []comment
		if _, err := c.do(ctx, http.MethodGet, fmt.Sprintf("/repos/%s/issues/%d/comments?per_page=100&page=%d", c.Repo, pr, page), nil, &cs); err != nil {
			return err
		}
		for _, cm := range cs {
			if strings.Contains(cm.Body, marker) {
				if cm.Body == body {
					return nil
				}
				_, err := c.do(ctx, http.MethodPatch, fmt.Sprintf("/repos/%s/issues/comments/%d", c.Repo, cm.ID), map[string]string{"body": body}, nil)
				return err
			}
		}
		if len(cs) < 100 {
			break
		}
	}
	_, err := c.do(ctx, http.MethodPost, fmt.Sprintf("/repos/%s/issues/%d/comments", c.Repo, pr), map[string]string{"body": body}, nil)
	return err
}

// CheckAPI refuses an API root that would carry the token in clear to
// another machine.
func CheckAPI(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("GitHub API %q is not a URL", raw)
	}
	if u.Scheme != "https" && u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" && u.Hostname() != "::1" {
		return fmt.Errorf("GitHub API %s: the token is sent only over https (or to loopback)", raw)
	}
	return nil
}
