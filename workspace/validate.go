package workspace

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/internal/shell"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
	"github.com/roster-dev/roster/report"
)

// ValidateOptions configure Validate.
type ValidateOptions struct {
	Source
	Format report.Format
	// At is the day vetting ages are counted on.
	At time.Time
	// Base is the revision the change is against; "" finds it (see base).
	Base string
}

// Validate parses the file and applies every policy, against the base
// of the change, and prints every finding. It fails (exit 1) on any
// finding that fails validation.
func (w *Workspace) Validate(ctx context.Context, o ValidateOptions) error {
	ctx, done := history.WithReads(ctx)
	defer done()
	f, data, findings, err := w.read(ctx, o.Source)
	if err != nil {
		return err
	}
	if f != nil && o.Rev == "" && w.pastDay(o.At) {
		w.notePastDay(ctx, o.Path, o.At)
	}
	if f != nil {
		if findings, err = w.judged(ctx, o.Source, data, f, o.Base, o.At); err != nil {
			return err
		}
	}
	out := w.out
	if o.Format == report.GitHub {
		// Annotations are workflow commands on purpose; each field in
		// them is escaped by report.Annotation.
		out = w.annotations
		findings = w.fromTop(ctx, o.Path, findings)
	}
	if err := report.Findings(out, o.Format, findings); err != nil {
		return err
	}
	errs, warns := policies.Count(findings)
	if o.Format == report.Text {
		// The summary line, as a compiler ends: not a notice.
		switch {
		case w.env.JSONLogs:
			level := slog.LevelInfo
			if errs > 0 {
				level = slog.LevelError // the run fails on them
			}
			w.env.Logger.Log(ctx, level, "validated", "file", o.Path, "errors", errs, "warnings", warns)
		case errs == 0 && warns == 0:
			fmt.Fprintf(w.errw, "%s: ok\n", report.Line(o.Path))
		default:
			fmt.Fprintf(w.errw, "%s: %s, %s\n", report.Line(o.Path), words.Plural(errs, "error"), words.Plural(warns, "warning"))
		}
	}
	if errs > 0 {
		if o.Format != report.Text {
			// The findings are on stdout as asked; with JSON logs, an
			// ERROR record says why the run fails (text logged it above).
			return w.failed("%s: %s, %s", o.Path, words.Plural(errs, "error"), words.Plural(warns, "warning"))
		}
		return exit(ExitFailed)
	}
	return nil
}

// base returns the members file as it was before the change being
// judged: at rev when given (an error if it cannot be read); for a file
// read at a revision (--head), HEAD's; else HEAD's committed version
// (history.Base), whether or not the working copy differs from it, so
// that the verdict never depends on how the history is shaped: on a
// clean checkout everyone on a list is already on it, and an unreadable
// commit is skipped, never a reason to give up. A shallow clone has
// HEAD's tree, so HEAD's version is read from it there too. It is nil
// outside git or before the file's first commit, and, with a note, in a
// shallow clone whose HEAD has no version that parses (the versions
// before it are not there): then every lapse counts as an error, as for
// a new member. parsed is current parsed, which serves as HEAD's version
// when that is current byte for byte.
// judged is validate's verdict on f, read from src (data its bytes,
// for a working copy), against the base revision baseRev ("" finds it,
// see base), as of the day at: review reads the same verdict of a
// change's head as the validate step beside it.
func (w *Workspace) judged(ctx context.Context, src Source, data []byte, f *members.File, baseRev string, at time.Time) ([]policies.Finding, error) {
	before, err := w.base(ctx, src, data, f, baseRev)
	if err != nil {
		return nil, err
	}
	return w.judgedAgainst(ctx, src, f, before, baseRev, at), nil
}

// judgedAgainst is judged with the base already read (before, the file
// at baseRev as Base reads it): review has it, and a second read parsed
// a large file again for each of the two sides it judges.
func (w *Workspace) judgedAgainst(ctx context.Context, src Source, f, before *members.File, baseRev string, at time.Time) []policies.Finding {
	// Whether a lapsed record ever admitted someone the base lists is
	// the base's history's to say: a change that merged its base in
	// (GitHub's "Update branch") lists them, on its own line, only from
	// that merge on.
	histRev := cmp.Or(baseRev, src.Rev)
	// A list moved in from another members file (or into this file, new
	// since the base) brings its people with it: they were on its group
	// before, as the base's own are.
	dir, name := w.gitPath(ctx, src.Path)
	elsewhere := listsOf(w.movedIn(ctx, dir, name, cmp.Or(baseRev, "HEAD"), src.Rev, before, f))
	return w.check(f, policies.Options{At: at, Before: before, BeforeElsewhere: elsewhere, HeldSince: heldSince(ctx, w.timelineOnce(ctx, src.Path, histRev), f, at)})
}

func (w *Workspace) base(ctx context.Context, src Source, current []byte, parsed *members.File, rev string) (*members.File, error) {
	dir, name := w.gitPath(ctx, src.Path)
	if rev != "" {
		return w.baseAt(ctx, dir, name, rev, cmp.Or(src.Rev, "HEAD"))
	}
	if src.Rev != "" {
		// A file read at a revision with no --base: judged against the
		// working tree's HEAD, as a pull request against its base branch.
		f, err := w.baseAt(ctx, dir, name, "HEAD", src.Rev)
		if err != nil {
			return nil, fmt.Errorf("--head %s needs --base REV (the revision the change is against): %w", src.Rev, err)
		}
		return f, nil
	}
	// The base is the file as committed at HEAD, which HEAD's tree
	// holds however shallow the clone: the verdict is the full clone's.
	// Only when that version cannot serve is the history needed, and its
	// absence said (ErrShallow, below).
	f, r, err := history.BaseAtHead(ctx, dir, name, current, parsed)
	switch {
	case err == nil && len(r.Skipped) > 0:
		// Said as --base HEAD says it: the verdict is against another
		// version than the one committed.
		w.notef("note: the members file at HEAD %s (%v); judged against %s", history.WhyPassedOver(r.Skipped[0].Err), r.Skipped[0].Err, standingIn(r))
		return f, nil
	case err == nil:
		return f, nil
	case errors.Is(err, history.ErrShallow):
		w.notef("note: %v; who was on each list before this change is unknown, so every lapsed vetting record counts as an error", err)
	case errors.Is(err, history.ErrNotInGit) && w.gitEnvSet() != "":
		w.notef("note: %s", w.gitEnvSet())
	case errors.Is(err, history.ErrNotInGit), errors.Is(err, history.ErrUntracked), errors.Is(err, history.ErrNoCommits):
		// Not in git yet: no one is on a list before this file, as
		// before its first commit. Nothing to say.
	default:
		return nil, fmt.Errorf("cannot tell who was already on each list: %w", err)
	}
	return nil, nil
}

// baseAt returns the members file at rev, which a change is judged
// against (validate --base, review, a pull request's plan): a version
// that does not parse is passed over, with a note, for the newest
// earlier one that does, as validate without --base does, so that the
// change that repairs a broken file can pass; found, when from (the
// change's revision) moved the file, by the names from's line gave it.
func (w *Workspace) baseAt(ctx context.Context, dir, name, rev, from string) (*members.File, error) {
	f, _, err := w.baseOf(ctx, dir, name, rev, from)
	return f, err
}

// baseOf is baseAt, and says, when the version at rev does not parse,
// which it judged against instead ("" when none was passed over): the
// gate asks an admin then (review.Input.BaseBroken), and a pull
// request's plan reads no group.
func (w *Workspace) baseOf(ctx context.Context, dir, name, rev, from string) (*members.File, string, error) {
	f, r, err := history.BaseFrom(ctx, dir, name, rev, from)
	if errors.Is(err, history.ErrNotThen) {
		// A gate's route: the base is the members file as it stood, never
		// one filled from other files the change may have planted or
		// moved lists out of.
		return nil, "", fmt.Errorf("--base %s: %w; a change is judged against the members file as it was at the base, never filled from other files: give a base where it exists, or, for a change that creates %s, create it in a change of its own (an admin's), then move lists into it in the next", rev, w.namingFile(err, dir, name), name)
	}
	if err != nil {
		return nil, "", fmt.Errorf("--base %s: %w", rev, w.namingFile(err, dir, name))
	}
	if len(r.Skipped) == 0 {
		return f, "", nil
	}
	broken := fmt.Sprintf("the members file at the base, %s, %s (%v); judged against %s", rev, history.WhyPassedOver(r.Skipped[0].Err), r.Skipped[0].Err, standingIn(r))
	w.notef("note: %s", broken)
	return f, broken, nil
}

// standingIn names the version that stands in for a base that does not
// parse: r, the newest earlier one that does, or none.
func standingIn(r history.Revision) string {
	if r.Commit == "" {
		return "a file with no lists (no earlier version is one sync would apply)"
	}
	return fmt.Sprintf("%s of %s (%s), the newest earlier version sync would apply", r.Path, r.Short(), r.Subject)
}

// fromTop names the members file at p in findings by its path from the
// top of its git repository: GitHub attaches an annotation to a line of
// the pull request's diff by that path, whatever directory the step ran
// in ("../members.toml", or an absolute path, attaches to nothing).
// Outside git, the path is left as given.
func (w *Workspace) fromTop(ctx context.Context, p string, findings []policies.Finding) []policies.Finding {
	dir, name := w.gitPath(ctx, p)
	top, err := history.PathInRepo(ctx, dir, name)
	if err != nil || top == p && w.env.Context.File == p {
		return findings
	}
	// The commands the messages quote, as run from the top too (a pull
	// request's reader runs them there): this run's --file, if any,
	// gives way to the path from the top.
	at := issueContext(top)
	own := ""
	if f := w.env.Context.File; f != "" {
		own = " --file " + shell.Quote(f)
	}
	out := slices.Clone(findings)
	for i := range out {
		if out[i].File == p {
			out[i].File = top
		}
		msg := out[i].Message
		if own != "" {
			msg = strings.ReplaceAll(msg, own, "")
		}
		out[i].Message = at.Rewrite(msg)
	}
	return out
}

// notePastDay says, for validate --at a day gone by, that validate
// judges the file as it is now, which audit --at's question is not, so
// that the two answers are not taken for one; and points at audit --at
// only where git can answer it: a day before the file's first commit,
// or a file with no history, has no version as it stood then.
func (w *Workspace) notePastDay(ctx context.Context, path string, day time.Time) {
	at := day.Format(members.DateLayout)
	judged := fmt.Sprintf("note: --at %s is a day gone by: validate judges %s as it is now, as of that day (a record made since reads as dated in the future)", at, path)
	dir, name := w.gitPath(ctx, path)
	_, _, err := history.FileAt(ctx, dir, name, at)
	switch {
	case err == nil || errors.Is(err, history.ErrUnparsable) || errors.Is(err, history.ErrNotRegular):
		w.notef("%s; %s reads the file as it stood then", judged, w.hint("audit", "--at", at))
	case errors.Is(err, history.ErrNotInGit) || errors.Is(err, history.ErrUntracked):
		w.notef("%s; it has no git history, so no command can read it as it stood then", judged)
	default:
		w.notef("%s; git has no version of it from then (%v)", judged, err)
	}
}
