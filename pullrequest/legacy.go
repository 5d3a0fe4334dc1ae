package pullrequest

import "context"

// Approvers returns the logins whose approval of pull request number's
// head counts (Approvals) and who are not its contributors.
//
// Deprecated: use PullRequest and Approvals, which also say who was not
// counted and why, and which commit identities GitHub could not match to
// an account. Kept until cmd/roster moves to them.
func (c *Client) Approvers(ctx context.Context, number int) ([]string, error) {
	pr, err := c.PullRequest(ctx, number)
	if err != nil {
		return nil, err
	}
	a, err := c.Approvals(ctx, pr)
	if err != nil {
		return nil, err
	}
	return a.Independent(), nil
}

// Upsert is UpsertComment by an Actions GITHUB_TOKEN (ActionsLogin).
//
// Deprecated: use UpsertComment with the token's own login. Kept until
// cmd/roster moves to it.
func (c *Client) Upsert(ctx context.Context, number int, marker, body string) error {
	_, err := c.UpsertComment(ctx, number, ActionsLogin, marker, body)
	return err
}
