package history

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	pathpkg "path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/roster-dev/roster/members"
)

// FileAt returns the members file as it was at rev: a commit, branch or
// tag on any branch (the file in that commit), or a date (YYYY-MM-DD: the
// file at the end of that day on the current branch, by when commits
// landed). It follows the file across renames and moves between
// directories, whichever side of them rev is on: a commit of the current
// branch gives what the end of the day it landed gives.
//
// Errors: ErrNotInGit, ErrShallow, ErrNoCommits, ErrBadRevision; an error
// naming rev when the file did not exist there (ErrNotThen, wrapping
// ErrUntracked too when no commit of the current branch has it), was deleted, or
// does not parse.
//
// A list whose own policy fails in that version, which sync left
// alone, has the members of the last version before it that applied it
// (see settle), as history reads it; the revision's Kept names them.
func FileAt(ctx context.Context, dir, path, rev string) (*members.File, Revision, error) {
	var f *members.File
	var kept []string
	last, err := readAt(ctx, dir, path, rev, func(blobs *Blobs, revs []Revision, data []byte) error {
		i := len(revs) - 1
		g, fails, err := parseVersion(revs[i], data)
		if err != nil {
			return err
		}
		kept = fails
		f, err = settle(ctx, blobs, revs, i, g, fails)
		return err
	})
	last.Kept = kept
	return f, last, err
}

// BaseFrom is Base at rev for a file named path at revision from, which
// may have moved it: a pull request's copy in a directory of its own is
// judged against the base's version of the same file, found through
// the names from's line gave it, before any other file of that name.
func BaseFrom(ctx context.Context, dir, path, rev, from string) (*members.File, Revision, error) {
	f, last, err := Base(ctx, dir, path, nil, rev)
	if errors.Is(err, ErrShallow) {
		// A shallow clone that has rev's commit serves its version, as
		// BaseAtHead serves HEAD's: only a version to pass over, or a
		// file moved since, needs the history.
		if g, at, cerr := committedAt(ctx, dir, path, rev); cerr == nil {
			return g, at, nil
		}
		return f, last, err
	}
	if !errors.Is(err, ErrNotThen) || from == "" {
		return f, last, err
	}
	r, oerr := open(ctx, dir)
	if oerr != nil {
		return nil, last, err
	}
	commit, cerr := r.resolve(ctx, from)
	top, terr := r.top(path)
	if cerr != nil || terr != nil {
		return nil, last, err
	}
	line, lerr := r.lineage(ctx, commit, top)
	if lerr != nil {
		return nil, last, err
	}
	tried := map[string]bool{top: true}
	for i := len(line) - 1; i >= 0; i-- {
		n := line[i].Path
		if n == "" || tried[n] {
			continue
		}
		tried[n] = true
		if g, at, gerr := Base(ctx, dir, r.fromTop(n), nil, rev); gerr == nil {
			return g, at, nil
		}
	}
	return nil, last, err
}

// ReadAt returns the bytes of the file at path (relative to dir) as it
// was at rev, found as FileAt finds it (across renames and moves, on any
// branch), and the revision they come from: for a use case that reads a
// pull request's file as data, with its findings named after path.
func ReadAt(ctx context.Context, dir, path, rev string) ([]byte, Revision, error) {
	return ReadAtMost(ctx, dir, path, rev, -1)
}

// ReadAtMost is ReadAt of a file of at most limit bytes (none when
// limit < 0): a larger one, which a commit can make of a few bytes of
// packed zeros, is refused without being held in memory.
func ReadAtMost(ctx context.Context, dir, path, rev string, limit int) ([]byte, Revision, error) {
	var out []byte
	last, err := readAtMost(ctx, dir, path, rev, limit, func(_ *Blobs, _ []Revision, data []byte) error {
		out = bytes.Clone(data)
		return nil
	})
	return out, last, err
}

// readAt finds the file's revisions as of rev (revsAt) and calls fn
// with them and the text of the last, the version at rev; it returns
// that revision.
func readAt(ctx context.Context, dir, path, rev string, fn func(blobs *Blobs, revs []Revision, data []byte) error) (Revision, error) {
	return readAtMost(ctx, dir, path, rev, -1, fn)
}

// readAtMost is readAt of a version of at most limit bytes (none when
// limit < 0).
func readAtMost(ctx context.Context, dir, path, rev string, limit int, fn func(blobs *Blobs, revs []Revision, data []byte) error) (Revision, error) {
	r, err := open(ctx, dir)
	if err != nil {
		return Revision{}, err
	}
	revs, err := r.revsAt(ctx, path, rev)
	if err != nil {
		return Revision{}, err
	}
	last := revs[len(revs)-1]
	if last.Blob == "" {
		return last, deletedError{fmt.Sprintf("%s was deleted in %s (%s), before %s", last.Path, last.Short(), last.Subject, rev)}
	}
	if !last.Regular() {
		return last, notRegular(last)
	}
	blobs, err := OpenBlobs(ctx, dir)
	if err != nil {
		return last, err
	}
	defer blobs.Close()
	var data []byte
	if limit >= 0 {
		data, err = blobs.ReadAtMost(last.Blob, limit)
	} else {
		data, err = blobs.Read(last.Blob)
	}
	if err != nil {
		return last, err
	}
	return last, fn(blobs, revs, data)
}

// parseAt reads and parses the file at one revision (parseVersion).
func parseAt(blobs *Blobs, r Revision) (*members.File, []string, error) {
	data, err := blobs.Read(r.Blob)
	if err != nil {
		return nil, nil, err
	}
	return parseVersion(r, data)
}

// reuse is parseAt for the version at r, given current, the working
// copy's bytes, already parsed: parsed when the version is current,
// else the version parsed.
func reuse(blobs *Blobs, r Revision, current []byte, parsed *members.File) (*members.File, []string, error) {
	data, err := blobs.Read(r.Blob)
	if err != nil {
		return nil, nil, err
	}
	if !r.Regular() || !bytes.Equal(data, current) {
		return parseVersion(r, data)
	}
	return judged(r, parsed)
}

// parseVersion parses one version of the file, its findings named after
// the file and the commit, and says which of its lists sync leaves
// alone (fails: their own policy fails). A version sync refuses whole
// is refused as one that does not parse (ErrUnparsable), whatever sync
// refuses it for, here as in the walks (reader.judge).
func parseVersion(r Revision, data []byte) (*members.File, []string, error) {
	if !r.Regular() {
		return nil, nil, fmt.Errorf("%s at %s %w: %w", r.Path, r.Short(), ErrUnparsable, notRegular(r))
	}
	f, err := members.Parse(pathpkg.Base(r.Path)+"@"+r.Short(), data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s at %s %w: %w", r.Path, r.Short(), ErrUnparsable, err)
	}
	return judged(r, f)
}

// judged is f, the version at r, with the lists sync leaves alone in
// it; an ErrUnparsable error when sync refuses it whole.
func judged(r Revision, f *members.File) (*members.File, []string, error) {
	stop, fails := gateOf(f)
	if stop != nil {
		return nil, nil, refusedFor(r, *stop)
	}
	return f, fails, nil
}

// revsAt returns the file's revisions as of rev, oldest first, the last
// being the version at rev: for a date, those of the current branch that
// landed by the end of that day; for a commit, those of the first-parent
// line of that commit. It is never empty. Each is dated when it landed
// (see Landed) on the current branch when it is on it, as history and
// the site date it, else on its own line.
func (r *repo) revsAt(ctx context.Context, p, rev string) ([]Revision, error) {
	revs, err := r.revsUntil(ctx, p, rev)
	if err != nil {
		return nil, err
	}
	line := revs
	if !IsDate(rev) && r.head != "" && !r.isHead(ctx, rev) {
		// A commit of the current branch: a later commit dated earlier
		// on that branch dates it, and revs ends at it.
		if all, err := r.fileLog(ctx, p); err == nil {
			if k := slices.IndexFunc(all, func(x Revision) bool { return x.Commit == revs[len(revs)-1].Commit }); k >= 0 && k+1 == len(revs) {
				line = all
			}
		}
	}
	landed := landedAt(line, r.now)
	out := slices.Clone(revs)
	for i := range out {
		out[i].Date = landed[i]
	}
	return out, nil
}

// isHead reports whether rev is HEAD's commit: then revs is the whole
// line already, and no second log is needed to date it.
func (r *repo) isHead(ctx context.Context, rev string) bool {
	c, err := r.resolve(ctx, rev)
	return err == nil && c == r.head
}

// revsUntil is revsAt with the commits' own dates.
func (r *repo) revsUntil(ctx context.Context, p, rev string) ([]Revision, error) {
	if IsDate(rev) {
		if r.head == "" {
			return nil, fmt.Errorf("%s on or before %s: %w", p, rev, r.noCommits(ctx))
		}
		all, err := r.fileLog(ctx, p)
		if err != nil {
			return nil, err
		}
		_, to, err := Select(ctx, r.dir, all, LogOptions{Until: rev, Now: func() time.Time { return r.now }})
		if err != nil {
			return nil, err
		}
		if to == 0 {
			as := ""
			if first, now := all[0].Path, all[len(all)-1].Path; first != "" && first != now {
				as = " as " + all[0].Path // before renames
			}
			return nil, fmt.Errorf("%s %w on or before %s: its first commit, %s, landed on %s%s", p, ErrNotThen, rev, all[0].Short(), landedAt(all, r.now)[0].UTC().Format(dayLayout), as)
		}
		return all[:to], nil
	}
	commit, err := r.resolve(ctx, rev)
	if err != nil {
		return nil, err
	}
	top, err := r.top(p)
	if err != nil {
		return nil, err
	}
	if err := r.beforeFirst(ctx, p, rev, commit); err != nil {
		return nil, err
	}
	revs, err := r.logAt(ctx, commit, p, top)
	if err != nil {
		return nil, err
	}
	if len(revs) == 0 {
		if r.head != "" {
			if _, err := r.fileLog(ctx, p); errors.Is(err, ErrUntracked) {
				return nil, fmt.Errorf("%s %w at %s: %w", p, ErrNotThen, rev, untracked{"no commit of the current branch has it"})
			}
		}
		return nil, fmt.Errorf("%s %w at %s", p, ErrNotThen, rev)
	}
	return revs, nil
}

// logAt lists the file's revisions on the first-parent line of commit,
// which may be on another branch, or before any number of renames and
// moves. The file's name at commit is found in this order: its current
// name; the names it had on the current branch, newest first; else the
// name its merge-base version was renamed to on commit's branch.
func (r *repo) logAt(ctx context.Context, commit, p, top string) ([]Revision, error) {
	names := []string{top}
	there, err := r.blobsAt(ctx, commit, names)
	if err != nil {
		return nil, err
	}
	if there[top] == "" && r.head != "" {
		here, err := r.fileLog(ctx, p)
		if err != nil && !errors.Is(err, ErrUntracked) {
			return nil, err
		}
		for i := len(here) - 1; i >= 0; i-- {
			if n := here[i].Path; n != "" && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		if there, err = r.blobsAt(ctx, commit, names[1:]); err != nil {
			return nil, err
		}
	}
	for _, n := range names {
		if there[n] != "" {
			return r.logFrom(ctx, commit, n)
		}
	}
	if n, err := r.renamedOnBranch(ctx, commit, names); err != nil || n != "" {
		if err != nil {
			return nil, err
		}
		return r.logFrom(ctx, commit, n)
	}
	// Not there: a line on which it was deleted says so.
	for _, n := range names {
		if revs, err := r.logFrom(ctx, commit, n); err != nil || len(revs) > 0 {
			return revs, err
		}
	}
	return nil, nil
}

// renamedOnBranch finds the file's name at commit when commit's branch
// renamed or moved it after leaving the current branch: the file at the
// merge-base, under one of names, followed through the renames git
// detects between the merge-base and commit, or the move it shows as the
// file deleted and another added (see movedFrom).
func (r *repo) renamedOnBranch(ctx context.Context, commit string, names []string) (string, error) {
	if r.head == "" {
		return "", nil
	}
	out, err := run(ctx, r.dir, "merge-base", "--end-of-options", commit, r.head)
	var ge *gitError
	if errors.As(err, &ge) && ge.code == 1 {
		return "", nil // no common history
	}
	if err != nil {
		return "", err
	}
	base := strings.TrimSpace(string(out))
	if !isHash(base) || base == commit {
		return "", nil
	}
	atBase, err := r.blobsAt(ctx, base, names)
	if err != nil {
		return "", err
	}
	from := ""
	for _, n := range names {
		if atBase[n] != "" {
			from = n
			break
		}
	}
	if from == "" {
		return "", nil
	}
	out, err = git(ctx, r.dir, "diff-tree", "-z", "-r", "-M", "--raw", "--no-abbrev", "--end-of-options", base, commit)
	if err != nil {
		return "", err
	}
	// A rename git detects names the file there; else a move git shows
	// as the file deleted and another added (rewritten as it moved) is
	// found as movedFrom finds one on the current line.
	toks := strings.Split(string(out), "\x00")
	deleted := ""
	var added []rawEntry
	ext := pathpkg.Ext(pathpkg.Base(from))
	for i := 0; i < len(toks); i++ {
		if !strings.HasPrefix(toks[i], ":") {
			continue
		}
		fields := strings.Fields(toks[i])
		if len(fields) < 5 || i+1 >= len(toks) {
			continue
		}
		switch status := fields[4]; {
		case strings.HasPrefix(status, "R") || strings.HasPrefix(status, "C"):
			if i+2 < len(toks) && toks[i+1] == from && status[0] == 'R' && !nested(from, toks[i+2]) {
				return toks[i+2], nil
			}
			i += 2
		case status == "D" && toks[i+1] == from:
			deleted = fields[2]
			i++
		case status == "A" && !nested(from, toks[i+1]) && (ext == "" || pathpkg.Ext(pathpkg.Base(toks[i+1])) == ext):
			added = append(added, rawEntry{path: toks[i+1], blob: fields[3]})
			i++
		default:
			i++
		}
	}
	if deleted == "" || len(added) == 0 {
		return "", nil
	}
	return r.sameFile(ctx, from, deleted, added)
}

// blobsAt returns the blob of each of paths (relative to the top) that
// is a file at commit, through the cat-file process the context's Reads
// shares (or one of its own): no process of its own per question.
func (r *repo) blobsAt(ctx context.Context, commit string, paths []string) (map[string]string, error) {
	out := make(map[string]string, len(paths))
	if len(paths) == 0 {
		return out, nil
	}
	blobs, err := OpenBlobs(ctx, r.dir)
	if err != nil {
		return nil, err
	}
	defer blobs.Close()
	for _, p := range paths {
		if strings.ContainsAny(p, "\n\x00") {
			continue
		}
		id, typ, err := blobs.Stat(commit + ":" + p)
		switch {
		case errors.Is(err, errMissing):
			continue // no such path there (or no such commit: nothing there either)
		case err != nil:
			if partialClone(ctx, r.dir) {
				err = fmt.Errorf("%w (%w)", ErrPartial, err)
			}
			return nil, err
		case typ == "blob" && isHash(id):
			out[p] = id
		}
	}
	return out, nil
}

// emptyFile is a members file with no lists and no members: the state
// before the file existed.
func emptyFile(p string) *members.File {
	f, _ := members.Parse(pathpkg.Base(filepath.ToSlash(p)), []byte("schema = 1\n"))
	return f
}

// Base returns the version of the members file a change is made
// against, for validation and review, decided the same way whatever
// the shape of the history (a merge, a squash, a rename, a branch):
//
//   - with rev set (a commit, branch, tag or date, as FileAt takes), the
//     file at rev; an error naming rev when it cannot be read there;
//   - without, the version committed at HEAD, whether or not current (the
//     working copy) differs from it: when it does, that is the edit being
//     checked; when it does not, nothing is being changed, and everyone on
//     a list at HEAD is already on it.
//
// When the chosen version does not parse, or deletes the file, the
// newest earlier version on the same first-parent line that parses is
// used, and the returned Revision's Skipped lists the versions passed
// over. A history in which no version parses, or none is before the
// file's deletion, gives a file with no members (nobody was listed),
// never "unknown". A list
// whose own policy fails in the version used has the members FileAt
// gives it.
//
// Errors: ErrNotInGit, ErrShallow, ErrNoCommits before the first commit,
// ErrUntracked for a file never committed, ErrBadRevision.
func Base(ctx context.Context, dir, path string, current []byte, rev string) (*members.File, Revision, error) {
	return base(ctx, dir, path, current, nil, rev)
}

// base is Base; parsed, when given, is current parsed, which stands for
// the version at HEAD when that version is current byte for byte: a
// file of a million members is not parsed twice for one question.
func base(ctx context.Context, dir, path string, current []byte, parsed *members.File, rev string) (*members.File, Revision, error) {
	r, err := open(ctx, dir)
	if err != nil {
		return nil, Revision{}, err
	}
	var revs []Revision
	if rev != "" {
		if revs, err = r.revsAt(ctx, path, rev); err != nil {
			return nil, Revision{}, err
		}
	} else {
		if r.head == "" {
			return nil, Revision{}, fmt.Errorf("%s: %w", dir, r.noCommits(ctx))
		}
		if revs, err = r.fileLog(ctx, path); err != nil {
			return nil, Revision{}, err
		}
	}
	blobs, err := OpenBlobs(ctx, dir)
	if err != nil {
		return nil, Revision{}, err
	}
	defer blobs.Close()
	var skipped []Problem
	for i := len(revs) - 1; i >= 0; i-- {
		rv := revs[i]
		if rv.Blob == "" {
			// A version that deletes the file is passed over, as history
			// reads it (walkVersions: not "everyone removed"), and as
			// sync, which has no file to apply, never applied it: who
			// was listed is the earlier version's. With none earlier,
			// nobody was.
			if i > 0 {
				skipped = append(skipped, Problem{Revision: rv, Err: fmt.Errorf("%w: %s", ErrDeleted, rv.Path)})
				continue
			}
			rv.Skipped = skipped
			return emptyFile(path), rv, nil
		}
		var f *members.File
		var fails []string
		if parsed != nil && rev == "" && i == len(revs)-1 {
			f, fails, err = reuse(blobs, rv, current, parsed)
		} else {
			f, fails, err = parseAt(blobs, rv)
		}
		if err == nil {
			// Kept, as FileAt's: the lists settled from an earlier
			// version, whichever route read this one.
			rv.Skipped, rv.Kept = skipped, fails
			f, err = settle(ctx, blobs, revs, i, f, fails)
			return f, rv, err
		}
		if unreadable(ctx, err) {
			return nil, Revision{}, err
		}
		skipped = append(skipped, Problem{Revision: rv, Err: err})
	}
	return emptyFile(path), Revision{Skipped: skipped}, nil
}

// ErrDeleted marks a version of the members file that deletes it: passed
// over as a base, as history passes it over.
var ErrDeleted = errors.New("the commit deletes the members file")

// deletedError says the file was deleted before the revision asked
// about; it is ErrDeleted, so that a day's route passes over it as over
// any version sync would not apply.
type deletedError struct{ msg string }

func (e deletedError) Error() string        { return e.msg }
func (e deletedError) Is(target error) bool { return target == ErrDeleted }

// ErrNotRegular marks a members file that git holds as something other
// than a regular file: a symbolic link (mode 120000), a submodule.
var ErrNotRegular = errors.New("not a regular file in git")

func notRegular(r Revision) error {
	if r.Mode == "160000" {
		return fmt.Errorf("%s is %w at %s (mode %s, a submodule): it holds a commit of another repository, not the members file; commit the members file itself", r.Path, ErrNotRegular, r.Short(), r.Mode)
	}
	return fmt.Errorf("%s is %w at %s (mode %s): git gives a link's target as its text while a checkout follows it, so what review reads and what sync reads would differ; commit the members file itself", r.Path, ErrNotRegular, r.Short(), r.Mode)
}

// beforeFirst fails with ErrNotThen when commit comes before the first
// commit of the file at p on the current line (an ancestor of it): the
// file did not exist then, as a date before that commit says, though
// the path may have held another file (moved or deleted since, which
// history follows under its own name). rev is commit as given.
func (r *repo) beforeFirst(ctx context.Context, p, rev, commit string) error {
	if r.head == "" || commit == r.head {
		return nil
	}
	all, err := r.fileLog(ctx, p)
	if err != nil || len(all) == 0 || all[0].Commit == commit {
		return nil
	}
	if _, err := runGit(ctx, r.dir, "merge-base", "--is-ancestor", commit, all[0].Commit); err != nil {
		return nil // not an ancestor (exit 1), or no answer: read as before
	}
	held := ""
	if there, err := r.blobsAt(ctx, commit, []string{all[0].Path}); err == nil && there[all[0].Path] != "" {
		held = "; the path held another file then, moved or deleted since (show that file by its path now)"
	}
	return fmt.Errorf("%s %w at %s: its first commit, %s, landed on %s%s", p, ErrNotThen, rev, all[0].Short(), landedAt(all, r.now)[0].UTC().Format(dayLayout), held)
}
