package workspace

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
)

// heldSince is policies.Options.HeldSince for f, judged as of day: since
// when the file's history (timeline) has listed someone on a list in a
// role without a break. Every command that judges a lapsed record asks
// it, so that validate, audit, plan and sync agree on whether that
// record ever admitted them. A spell that began after day is not the one
// day's file shows: unknown.
func heldSince(timeline func() (*history.Timeline, error), f *members.File, day time.Time) func(list, email string, role members.Role) (time.Time, bool) {
	return func(list, email string, role members.Role) (time.Time, bool) {
		l := f.List(list)
		if l == nil {
			return time.Time{}, false
		}
		tl, err := timeline()
		if err != nil {
			return time.Time{}, false
		}
		since, ok := tl.HeldSince(l.Address, email, role)
		if since.After(day.Add(24 * time.Hour)) {
			return time.Time{}, false
		}
		return since, ok
	}
}

// timelineOnce reads the history of the file at path (up to rev; "" for
// HEAD) on the first call only (most files have no lapsed record of
// someone already listed, and never ask), once, whichever goroutine
// asks; a shallow clone, which cannot tell, is said.
func (w *Workspace) timelineOnce(ctx context.Context, path, rev string) func() (*history.Timeline, error) {
	return sync.OnceValues(func() (*history.Timeline, error) {
		dir, name := w.gitPath(ctx, path)
		tl, err := history.ReadTimelineAt(ctx, dir, name, rev)
		if errors.Is(err, history.ErrShallow) {
			// Said, never a silent keep: the lapse stays a warning here
			// that the whole history may show to be an error.
			w.notef("note: a lapsed record of someone already on a list is a warning only if it admitted them once, which %s's history would tell: %v", path, err)
		}
		return tl, err
	})
}

// heldBy is heldSince for f, a version of the file an edit read or
// wrote, by the file's history: the advice after an edit judges a lapsed
// record as validate does. Nil without a history (an edit in memory).
func (w *Workspace) heldBy(ed edited, f *members.File) func(list, email string, role members.Role) (time.Time, bool) {
	if ed.history == nil {
		return nil
	}
	return heldSince(ed.history, f, w.today())
}
