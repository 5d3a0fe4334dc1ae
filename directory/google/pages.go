package google

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/roster-dev/roster/directory"
)

// pages walks a paged listing: fetch gets the page a token names (""
// for the first), consumes its items and returns the next token. A
// listing is not trusted blindly: a token seen before is a cycle, more
// pages than the budget is an error, never an endless loop, and the
// whole listing, retries included, must end within the read timeout.
func (g *Client) pages(ctx context.Context, kind callKind, label, what string, fetch func(ctx context.Context, token string) (next string, err error)) error {
	page := 0
	return g.within(ctx, kind, label, func() string { return fmt.Sprintf("%d pages read", page) }, func(ctx context.Context) error {
		seen := make(map[string]bool)
		token := ""
		for page = 1; ; page++ {
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
				page-- // this one was not read
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
	})
}

// get is one read of one call (members.get, settings.get, groups.get,
// doctor's probes): do, within the read timeout.
func (g *Client) get(ctx context.Context, kind callKind, op string, call func(ctx context.Context) error) error {
	return g.within(ctx, kind, op, func() string { return "" }, func(ctx context.Context) error {
		return g.do(ctx, kind, op, call)
	})
}

// within runs one read under the read timeout. The call timeout bounds a
// try and the retry budget a call, but an endpoint that answers every
// call slowly, or fails it retryably, yet in time, and whose listing
// goes on page after page, stays within both for hours: the read's own
// deadline is what ends it. A read that passes it fails alone (its
// list), retryable, saying what to do; a cancelled run, or a deadline
// of the caller's, is reported as such. progress says how far the read
// got ("" when there is nothing to say).
func (g *Client) within(ctx context.Context, kind callKind, op string, progress func() string, read func(ctx context.Context) error) error {
	rctx, cancel := context.WithTimeout(ctx, g.readTimeout)
	defer cancel()
	begin := time.Now()
	err := read(rctx)
	if err == nil || ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if dl, ok := ctx.Deadline(); ok && !dl.After(begin.Add(g.readTimeout)) {
		// The caller's deadline came first: its, not the read timeout.
		return err
	}
	how := ""
	if p := progress(); p != "" {
		how = " (" + p + ")"
	}
	var failing *directory.APIError
	return &directory.APIError{Op: op, Kind: directory.ErrReadTimeout, WhileFailing: errors.As(err, &failing),
		Message: fmt.Sprintf("the read did not end within the read timeout of %s%s: the endpoint answers too slowly, keeps failing, or never stops sending pages; %s. For a very big group, give it longer with --read-timeout; otherwise check --endpoint (or Google's status) and run again", g.readText, how, leftUndone(kind))}
}

// leftUndone says what a read that ran out of its time leaves undone:
// a list read is refused whole (the list is left alone); an audit-log
// read only leaves the run's lines without who changed the group.
func leftUndone(kind callKind) string {
	if kind == callActivities {
		return "the audit log is left unread, and the changes it would name are not named (the lists themselves are read and synced as they would be)"
	}
	return "the list is left alone"
}

// repeats ends a listing that does not end: maxRepeatedPages pages in a
// row that bring nothing not listed already, each naming a next page. An
// empty page is not counted: a filter may leave pages of a big listing
// empty (a role filter on a big group, a scan of the audit log's range).
type repeats struct {
	seen map[string]bool
	n    int
}

// page takes one page's keys (ids: "" for an item with none, which
// counts as new) and whether it names a next page, and reports whether
// the listing is to be refused as endless.
func (r *repeats) page(keys []string, more bool) bool {
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	fresh := false
	for _, k := range keys {
		fresh = fresh || k == "" || !r.seen[k]
		r.seen[k] = true
	}
	if len(keys) > 0 && !fresh && more {
		r.n++
	} else {
		r.n = 0
	}
	return r.n >= maxRepeatedPages
}

// endless is the refusal of a listing repeats ended, of what it lists.
func (r *repeats) endless(op, what string) error {
	return &directory.APIError{Op: op, Kind: directory.ErrEndless,
		Message: fmt.Sprintf("%d pages in a row listed only %s listed already, each naming a next page; refusing to trust the listing; check that --endpoint answers as Google does", r.n, what)}
}
