package workspace

import (
	"errors"
	"strconv"
	"time"

	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/plan"
)

// guardArgs are the flags that set g, where it differs from the
// defaults: what a printed command line repeats so that it runs with the
// guards this run had.
func guardArgs(g plan.Guards) []string {
	var args []string
	if g.MaxRemovals != plan.DefaultGuards().MaxRemovals {
		args = append(args, "--max-removals", strconv.Itoa(g.MaxRemovals))
	}
	if g.MaxRemovalRatio != plan.DefaultGuards().MaxRemovalRatio {
		args = append(args, "--max-removal-ratio", strconv.FormatFloat(g.MaxRemovalRatio, 'f', -1, 64))
	}
	return args
}

// listArgs are --list flags for ids.
func listArgs(ids []string) []string {
	var args []string
	for _, id := range ids {
		args = append(args, "--list", id)
	}
	return args
}

// intendedRun tells, after a guard refused removals, the whole command
// line that makes them: sub and args as this run had them, with the
// guards raised as far as the refusal needs, and no further. A refusal
// no flag allows (an emptied list, owners below min_owners) gets none.
func (w *Workspace) intendedRun(gerr error, g plan.Guards, sub string, args ...string) {
	var ge *plan.GuardError
	if !errors.As(gerr, &ge) || ge.MaxRemovals == 0 && ge.MaxRemovalRatio == 0 {
		return
	}
	g.MaxRemovals = max(g.MaxRemovals, ge.MaxRemovals)
	g.MaxRemovalRatio = max(g.MaxRemovalRatio, ge.MaxRemovalRatio)
	w.notef("if these removals are intended, make them with: %s", w.hint(sub, append(args, guardArgs(g)...)...))
}

// Window is the --changed-since window of an incremental run: how far
// back it reads, and how it was written, which every message repeats.
type Window struct {
	// Length is how far back the run reads; 0 for a full run.
	Length time.Duration
	// Written is the flag's value as given ("120m", "1w"); "" reads as
	// Length in one unit.
	Written string
}

// String is the window as it was written.
func (win Window) String() string {
	if win.Written != "" {
		return win.Written
	}
	return words.Window(win.Length)
}

// changedSinceArgs is --changed-since for window, as it was written;
// none for a full run.
func changedSinceArgs(window Window) []string {
	if window.Length <= 0 {
		return nil
	}
	return []string{"--changed-since", window.String()}
}
