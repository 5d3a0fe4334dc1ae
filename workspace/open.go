package workspace

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/internal/regular"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/policies"
	"github.com/roster-dev/roster/report"
)

// Source names the members file a use case reads: a path, as committed
// at a revision (Rev: a pull request's head, read as data) or as it is in
// the working tree.
type Source struct {
	// Path is the file, relative to Env.Workdir or absolute.
	Path string
	// Rev, when set, reads the file as committed at this revision
	// instead of the working tree.
	Rev string
}

// openedFile is a members file read and judged.
type openedFile struct {
	Source
	// Data is the file's text. File's strings are slices of it
	// (members.ParseOwned): it must never be changed.
	Data     []byte
	File     *members.File
	Findings []policies.Finding
	Gate     *policies.Gate

	// unseen, in a pull request's plan, names the people the change
	// names for the first time: their live state is not read into a plan
	// anyone who opens a pull request may see (plan.Input.Unseen).
	unseen func(list, email string) bool
	// base, in a pull request's plan, is the file at --base: the run's
	// findings are judged against it, as validate --base judges them.
	base *members.File
	// baseElsewhere, with base, are the lists of other members files at
	// --base that manage a group one of the file's lists now does (a
	// list moved in): their people were on the group before the change
	// too.
	baseElsewhere []history.MovedList
	// window, in an incremental run that read only some lists, is what
	// the window's audit log added by hand: a removal it does not explain
	// waits for a full run (deferOlderRemovals).
	window *windowAdds
	// logged, in an incremental run that read the whole domain's audit
	// log for its window, is what it added by hand, whether the window
	// selected some lists or all: attribution asks no group's log for
	// what the domain's read already answers.
	logged *windowAdds
	// historyAt, when set, is the revision whose history the timeline
	// reads (a pull request's base): "" reads HEAD's.
	historyAt string
	// unread, in a pull request's plan, are the lists whose groups it
	// must not read (pullRequestLists): planned from the file alone.
	unread []plan.Observed

	// The file's git history, read at most once a run: attribution,
	// whom roster managed and what changed in a window all ask it.
	tl     *history.Timeline
	tlErr  error
	tlRead bool
	// listed is the timeline's ListedByGroup (it follows the lists into
	// the files they moved in from), read at most once a run too.
	listed     map[string]map[string]string
	managedBy  map[string]map[string]history.Managed // listed's parts
	listedErr  error
	listedOnce sync.Once
}

// listedByGroup returns whom each group's list has listed, across the
// files its lists moved in from (history.Timeline.ListedByGroup), read
// on the first call: sync's removals and attribution ask the same.
func (w *Workspace) listedByGroup(ctx context.Context, op *openedFile) (map[string]map[string]string, error) {
	op.listedOnce.Do(func() {
		tl, err := w.timeline(ctx, op)
		if err == nil {
			op.managedBy, err = tl.Managed(ctx)
		}
		if err == nil {
			op.listed = history.Wheres(op.managedBy)
		}
		op.listedErr = err
	})
	return op.listed, op.listedErr
}

// removedOn returns when the file's history (across the files its lists
// moved in from) took member off group's list: the day the commit that
// did landed, false when it lists them still, never did, or cannot tell.
func (w *Workspace) removedOn(ctx context.Context, op *openedFile, group, member string) (time.Time, bool) {
	if _, err := w.listedByGroup(ctx, op); err != nil {
		return time.Time{}, false
	}
	s, ok := op.managedBy[members.IdentityOf(group)][members.IdentityOf(member)]
	if !ok || s.Listed || s.Removed.Commit == "" {
		return time.Time{}, false
	}
	return s.Removed.LandedOn(), true
}

// timeline returns the members file's history at HEAD (or at
// op.historyAt), read on the first call; the errors are
// history.ReadTimelineAt's.
func (w *Workspace) timeline(ctx context.Context, op *openedFile) (*history.Timeline, error) {
	if !op.tlRead {
		dir, name := w.gitPath(ctx, op.Path)
		op.tl, op.tlErr = history.ReadTimelineAt(ctx, dir, name, op.historyAt)
		op.tlRead = true
	}
	return op.tl, op.tlErr
}

// gitPath splits the members file path into the directory git runs in
// and the file's name there. A link of one's own (one git does not
// track, like a link from outside the repository to its members.toml)
// is followed: the history is the file's it points at. A link git
// tracks is not: every read of it refuses it (CheckRegular).
func (w *Workspace) gitPath(ctx context.Context, file string) (dir, name string) {
	dir, name = splitPath(w.path(file))
	// One hop at a time: a chain may reach a link git tracks, which is
	// where following stops (and every read refuses it).
	for hops := 0; hops < 40; hops++ {
		p := filepath.Join(dir, name)
		if fi, err := os.Lstat(p); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			return dir, name
		}
		if mode, err := history.ModeAt(ctx, dir, name, ""); err == nil && mode != "" {
			return dir, name
		}
		target, err := os.Readlink(p)
		if err != nil {
			return dir, name
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(dir, target)
		}
		// The link's directory may itself be reached through links.
		if real, err := filepath.EvalSymlinks(filepath.Dir(target)); err == nil {
			target = filepath.Join(real, filepath.Base(target))
		}
		dir, name = splitPath(target)
	}
	return dir, name
}

func splitPath(full string) (dir, name string) {
	return filepath.Dir(full), filepath.Base(full)
}

// read reads and parses the members file. A file that does not parse
// comes back as its findings with a nil file; the error is for a file
// that cannot be read at all.
func (w *Workspace) read(ctx context.Context, src Source) (*members.File, []byte, []policies.Finding, error) {
	if err := w.CheckFileName(ctx, src.Path); err != nil {
		return nil, nil, nil, err
	}
	var data []byte
	if src.Rev != "" {
		dir, name := w.gitPath(ctx, src.Path)
		var err error
		if data, _, err = history.ReadAt(ctx, dir, name, src.Rev); err != nil {
			return nil, nil, nil, fmt.Errorf("read %s at %s: %w", src.Path, src.Rev, err)
		}
	} else {
		var err error
		if data, err = regular.ReadFile(w.path(src.Path)); err != nil {
			if v := w.env.Getenv("ROSTER_FILE"); v != "" && v == src.Path && errors.Is(err, fs.ErrNotExist) {
				return nil, nil, nil, fmt.Errorf("read members file: %w ($ROSTER_FILE names it: set it to the members file, or unset it and use --file)", err)
			}
			return nil, nil, nil, fmt.Errorf("read members file: %w (use --file, or $ROSTER_FILE, to point at it)", err)
		}
	}
	f, err := members.ParseOwned(src.Path, data) // data is only read from here on
	if err != nil {
		return nil, data, policies.FromParseError(src.Path, err), nil
	}
	return f, data, nil, nil
}

// parsed is read for a use case that cannot go on without the file: a
// file with errors has them printed, and the use case stops, saying what
// it did not do.
func (w *Workspace) parsed(ctx context.Context, src Source, notDone string) (*members.File, []byte, error) {
	f, data, findings, err := w.read(ctx, src)
	if err != nil {
		return nil, nil, err
	}
	if f == nil {
		w.stderrFindings(findings)
		return nil, nil, fmt.Errorf("%s has errors; %s", src.Path, notDone)
	}
	return f, data, nil
}

// open reads, parses and judges the members file for a use case that
// reads the live groups. Findings are computed with no base: a lapsed
// record blocks its member's additions and promotions, and nothing else
// (someone already on a live group stays there).
func (w *Workspace) open(ctx context.Context, src Source) (*openedFile, error) {
	f, data, err := w.parsed(ctx, src, "nothing was read from or written to any live group")
	if err != nil {
		return nil, err
	}
	fs := w.check(f, policies.Options{At: w.today()})
	return &openedFile{Source: src, Data: data, File: f, Findings: fs, Gate: policies.NewGate(fs)}, nil
}

// openGated is open for a use case that changes live groups. A file that
// does not parse, or whose structure is broken (an unknown list, a
// duplicate member), refuses the whole run before any call; a member's
// own findings only block that member's additions and promotions (the
// plan shows which; reportFindings prints them once the live groups are
// read).
func (w *Workspace) openGated(ctx context.Context, src Source, format report.Format) (*openedFile, error) {
	o, err := w.open(ctx, src)
	if err != nil {
		return nil, err
	}
	if n := len(o.Gate.Stop); n > 0 {
		w.stderrFindings(o.Gate.Stop)
		why := fmt.Sprintf("%s has %s in its structure", src.Path, words.Plural(n, "error"))
		if format == report.JSON {
			// One document on stdout whatever happened.
			p := &plan.Plan{Version: plan.FormatVersion, Source: plan.Source{File: o.Path, SHA256: plan.FileDigest(o.Data)}, Lists: []*plan.List{}}
			if err := report.SyncJSON(w.out, p, report.ApplySummary{Refused: why + ": nothing was read or written"}); err != nil {
				return nil, err
			}
		}
		w.errorf("refusing to change any live group: %s; fix %s (%s shows %s) and run again",
			why, words.Pick(n, "it", "them"), w.hint("validate"), words.Pick(n, "it", "them"))
		return nil, exit(ExitFailed)
	}
	return o, nil
}

// unmadeBy names the entries gate keeps off their lists, for
// plan.ObserveOptions.Unmade.
func unmadeBy(gate *policies.Gate) func(list, email string) bool {
	if gate == nil {
		return nil
	}
	return func(list, email string) bool { return gate.Blocked(list, email) != "" || gate.Full(list) != "" }
}
