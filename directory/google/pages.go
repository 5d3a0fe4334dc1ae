package google

import (
	"context"
	"fmt"

	"github.com/roster-dev/roster/directory"
)

// pages walks a paged listing: fetch gets the page a token names (""
// for the first), consumes its items and returns the next token. A
// listing is not trusted blindly: a token seen before is a cycle, and more
// pages than the budget is an error, never an endless loop.
func (g *Client) pages(ctx context.Context, kind callKind, label, what string, fetch func(ctx context.Context, token string) (next string, err error)) error {
	seen := make(map[string]bool)
	token := ""
	for page := 1; ; page++ {
		if page > g.maxPages {
			return &directory.APIError{Op: label, Kind: directory.ErrEndless,
				Message: fmt.Sprintf("the %s did not end after %d pages; refusing to trust it", what, g.maxPages)}
		}
		var next string
		err := g.do(ctx, kind, label, func(ctx context.Context) error {
			var err error
			next, err = fetch(ctx, token)
			return err
		})
		if err != nil {
			return err
		}
		if next == "" {
			return nil
		}
		if seen[next] || next == token {
			return &directory.APIError{Op: label, Kind: directory.ErrEndless,
				Message: fmt.Sprintf("page %d of the %s repeated an earlier page token (a cycle); refusing to trust it", page, what)}
		}
		seen[next] = true
		token = next
	}
}
