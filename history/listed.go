package history

import (
	"context"
	"errors"
	"fmt"

	"github.com/roster-dev/roster/members"
)

// ErrUntracked is returned when the file has no commits on the current
// line: git knows nothing of its earlier versions.
var ErrUntracked = errors.New("the members file has no commits in git")

// Listed returns, for each list, everyone the file put on it in any
// committed version on the current line (first parents from HEAD), by
// identity, with where it last did: "removed in <commit> on <date>:
// <subject>", or "listed in the last commit, <commit>" for those still on
// it. It is how sync knows whom it managed: a live member the file once
// listed and no longer does was taken off by a person, and is removed
// even under unmanaged = "report". A shallow clone is refused.
func Listed(ctx context.Context, dir, path string) (map[string]map[string]string, error) {
	revs, err := Log(ctx, dir, path)
	if err != nil {
		return nil, err
	}
	if len(revs) == 0 {
		return nil, ErrUntracked
	}
	blobs, err := OpenBlobs(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer blobs.Close()
	out := make(map[string]map[string]string)
	set := func(list, id, where string) {
		if out[list] == nil {
			out[list] = make(map[string]string)
		}
		out[list][id] = where
	}
	// Versions that delete the file or do not parse listed no one.
	if _, err := walk(ctx, blobs, revs, 0, len(revs), func(r Revision, e Event) {
		switch e.Action {
		case Added, RoleChanged:
			set(e.List, members.IdentityOf(e.Email), "")
		case Removed:
			set(e.List, members.IdentityOf(e.Email), fmt.Sprintf("removed in %s on %s: %s", r.Short(), r.Date.UTC().Format(dayLayout), r.Subject))
		}
	}); err != nil {
		return nil, err
	}
	last := revs[len(revs)-1]
	for _, ids := range out {
		for id, where := range ids {
			if where == "" {
				ids[id] = "listed in the last commit, " + last.Short()
			}
		}
	}
	return out, nil
}
