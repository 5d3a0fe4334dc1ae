package workspace

import (
	"fmt"
	"time"
)

// readProgressFrom is the fewest groups whose reads a run reports as it
// goes: fewer take seconds.
const readProgressFrom = 50

// readProgressEvery is how long a run reading groups in a log (not a
// terminal) goes without a line, at most: a job over thousands of groups
// behind a slow Google must not look hung.
const readProgressEvery = 30 * time.Second

// readProgress says how far a run's reads of the live groups got: on a
// terminal one line redrawn in place; in a log (and as JSON records) a
// line at each tenth of the groups, and at least every
// readProgressEvery.
type readProgress struct {
	w                   *Workspace
	total, done, failed int
	start, said         time.Time
	tenth               int
	drawn               bool
}

// newReadProgress reports the reads of total groups, or nothing (nil)
// for fewer than readProgressFrom.
func (w *Workspace) newReadProgress(total int) *readProgress {
	if total < readProgressFrom {
		return nil
	}
	now := w.env.Now()
	return &readProgress{w: w, total: total, start: now, said: now}
}

// read is told of one group read, or failed (plan.ObserveOptions.Read).
func (r *readProgress) read(_ string, err error) {
	if r == nil {
		return
	}
	r.done++
	if err != nil {
		r.failed++
	}
	env, now := r.w.env, r.w.env.Now()
	if env.Terminal && !env.JSONLogs {
		// Past the guard's filter, which would escape the sequence
		// that redraws the line, but under its lock.
		fmt.Fprintf(r.w.progress, "\r\033[Kreading the live groups: %d/%d, %d failed", r.done, r.total, r.failed)
		r.drawn = true
		return
	}
	tenth := r.done * 10 / r.total
	if tenth == r.tenth && now.Sub(r.said) < readProgressEvery || r.done == r.total {
		// The last is said by what the run prints next.
		return
	}
	r.tenth, r.said = tenth, now
	elapsed := now.Sub(r.start).Round(time.Second)
	if env.JSONLogs {
		env.Logger.Info("reading the live groups", "read", r.done, "of", r.total, "failed", r.failed, "elapsed", elapsed.String())
		return
	}
	fmt.Fprintf(r.w.errw, "reading the live groups: %d of %d, %d failed, %s\n", r.done, r.total, r.failed, elapsed)
}

// finish ends the line a terminal redraws.
func (r *readProgress) finish() {
	if r != nil && r.drawn {
		fmt.Fprintln(r.w.progress)
	}
}
