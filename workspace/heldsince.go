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
// record ever admitted them, of the spell that held at the end of day.
// A file with no history (not in git, never
// committed) cannot tell, and says unknown: nothing was ever listed
// through roster. A shallow clone (said once: see historySaid), and a
// history git cannot read (a partial clone, a missing object), are an
// error, which judges the record as one that never admitted them, the
// fix named: a scheduled job on a shallow checkout must not keep a
// walk-in on a lapsed record green that the full history refuses.
func heldSince(ctx context.Context, timeline func() (*history.Timeline, error), f *members.File, day time.Time) func(list, email string, role members.Role) (time.Time, bool, error) {
	return func(list, email string, role members.Role) (time.Time, bool, error) {
		l := f.List(list)
		if l == nil {
			return time.Time{}, false, nil
		}
		tl, err := timeline()
		switch {
		case err == nil:
		case errors.Is(err, history.ErrNotInGit), errors.Is(err, history.ErrUntracked), errors.Is(err, history.ErrNotThen):
			return time.Time{}, false, nil
		default:
			return time.Time{}, false, err
		}
		// The spell that held at the end of that day: one that ended
		// since (taken off, listed again) is that day's, not today's.
		since, ok, err := tl.HeldSinceAcrossAt(ctx, l.Address, email, role, day.Add(24*time.Hour-time.Nanosecond))
		if err == nil && since.IsZero() && !ok {
			// The version of that day did not list them so, but the file
			// judged does (the working file, judged as of another day):
			// the spell holding now, whenever it began. Begun after the
			// day, it began after a record lapsed by then, which never
			// admitted them.
			since, ok, err = tl.HeldSinceAcross(ctx, l.Address, email, role)
		}
		if err != nil {
			return time.Time{}, false, err
		}
		return since, ok, nil
	}
}

// timelineOnce reads the history of the file at path (up to rev; "" for
// HEAD) on the first call only (most files have no lapsed record of
// someone already listed, and never ask), once, whichever goroutine
// asks.
func (w *Workspace) timelineOnce(ctx context.Context, path, rev string) func() (*history.Timeline, error) {
	return sync.OnceValues(func() (*history.Timeline, error) {
		dir, name := w.gitPath(ctx, path)
		return w.historySaid(path)(history.ReadTimelineAt(ctx, dir, name, rev))
	})
}

// errHistoryUnread is what a lapsed record's finding says of a history
// git could not read; historySaid notes the cause once, not on every
// finding.
var errHistoryUnread = errors.New("its history cannot be read: roster's note says why")

// historySaid passes a timeline read through, and says what a lapsed
// record's verdict cannot learn from it, once per read: a shallow clone,
// or a history git cannot read (a partial clone, a missing object),
// judges it as a record that never admitted them.
func (w *Workspace) historySaid(path string) func(*history.Timeline, error) (*history.Timeline, error) {
	return func(tl *history.Timeline, err error) (*history.Timeline, error) {
		switch {
		case err == nil, errors.Is(err, history.ErrNotInGit), errors.Is(err, history.ErrUntracked), errors.Is(err, history.ErrNotThen):
		case errors.Is(err, history.ErrShallow):
			w.notef("note: a lapsed record of someone already on a list is a warning only if it admitted them once, which %s's history would tell; until it is read, it is judged as one that never did: %v", path, err)
		case !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded):
			w.notef("note: %s's history cannot be read, so a lapsed record of someone already on a list is judged as one that never admitted them: %v", path, err)
			return tl, errHistoryUnread
		}
		return tl, err
	}
}

// heldBy is heldSince for f, a version of the file an edit read or
// wrote, by the file's history: the advice after an edit judges a lapsed
// record as validate does. Nil without a history (an edit in memory).
func (w *Workspace) heldBy(ed edited, f *members.File) func(list, email string, role members.Role) (time.Time, bool, error) {
	if ed.history == nil {
		return nil
	}
	return heldSince(ed.ctx, ed.history, f, w.today())
}
