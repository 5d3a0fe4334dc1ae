package history

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Revision is one commit that changed the members file.
type Revision struct {
	Commit      string
	Author      string
	AuthorEmail string
	// Date is when the commit landed on the line being read: its
	// committer date. A commit authored in June and merged or rebased in
	// November is dated November, as the membership it gives was.
	Date    time.Time
	Subject string
	// Path of the file at this commit, relative to the top of the
	// repository (it may have been renamed or moved since).
	Path string
	// Blob is the id of the file's content; empty when the commit
	// deleted the file.
	Blob string
	// Mode is the file's mode in the commit's tree, as git writes it:
	// 100644 or 100755 for a file, 120000 for a symbolic link, whose
	// blob is the link's target, not the members file (see Regular).
	Mode string
	// Skipped are set by Base only: the newer versions it passed over,
	// newest first, because they do not parse. Empty when the version
	// asked for parsed.
	Skipped []Problem
	// LandedBy, for a revision read from git (Log), is when it had
	// landed by: Landed's answer over every commit of its line, whatever
	// files they touched, not only the file's revisions (see
	// stampLanded). Zero when not known.
	LandedBy time.Time
	// LandedLate, when set, is the latest r may have landed by: its
	// line's dates read two ways, r honest after a fast clock (LandedBy)
	// or r backdated (this). See landingBounds.
	LandedLate time.Time
	// Kept, set by FileAt and Base, are the ids of the lists whose own
	// policy fails in this version: their members are those of the last
	// version that applied it (see settle), not the version's own.
	Kept []string
}

// Short is the abbreviated commit id, for people.
func (r Revision) Short() string { return ShortCommit(r.Commit) }

// LandedOn is the date r had landed by: LandedBy when it is known, else
// its committer date.
func (r Revision) LandedOn() time.Time {
	if !r.LandedBy.IsZero() {
		return r.LandedBy
	}
	return r.Date
}

// Regular reports whether the revision's file is a regular file in git.
// A members file committed as a symbolic link is refused wherever it is
// read: git hands out the link's text as its blob, while a checkout
// (what sync reads) follows the link, so the two would differ.
func (r Revision) Regular() bool {
	return r.Mode == "" || r.Mode == "000000" || r.Mode == "100644" || r.Mode == "100755" // 000000: deleted
}

// ShortCommit abbreviates a commit id for people, as Short does.
func ShortCommit(sha string) string {
	if len(sha) > 10 {
		return sha[:10]
	}
	return sha
}

// LogOptions narrow the commits read.
type LogOptions struct {
	// Since and Until bound the commits: a date (YYYY-MM-DD) or a
	// revision. Empty means unbounded.
	Since, Until string
	// Now is the clock history is read by; nil means time.Now. A
	// commit is in the repository, so it had landed by now, whatever
	// later date its committer's clock gave it (see Landed).
	Now func() time.Time
}

// now reads o's clock.
func (o LogOptions) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

const dayLayout = "2006-01-02"

// Log lists every commit of the main line (the first parents from HEAD)
// that changed the file at path (relative to dir), oldest first,
// following renames and moves between directories, also a move git shows
// as one file deleted and another added (see movedFrom). Merges count as one
// change against their first parent: that is the state the main branch
// had, and the merge's subject names the pull request.
//
// Errors: ErrNotInGit, ErrShallow, ErrNoCommits before the first commit,
// ErrUntracked when no commit on the line has the file.
//
// The whole followed history is always read: git switches to a file's
// old name only at a rename commit it shows, so a date or range filter
// that hides the rename would lose everything before it. Select narrows
// the result afterwards.
func Log(ctx context.Context, dir, path string) ([]Revision, error) {
	r, err := openHead(ctx, dir)
	if err != nil {
		return nil, err
	}
	return r.fileLog(ctx, path)
}

// fileLog is Log in an opened repository.
func (r *repo) fileLog(ctx context.Context, p string) ([]Revision, error) {
	top, err := r.top(p)
	if err != nil {
		return nil, err
	}
	revs, err := r.logFrom(ctx, r.head, top)
	if err != nil {
		return nil, err
	}
	if len(revs) == 0 {
		return nil, r.untracked(p)
	}
	return revs, nil
}

// untracked is ErrUntracked for p, saying when p's directory does not
// exist either: more often a mistyped --file than a file never committed.
func (r *repo) untracked(p string) error {
	if _, missing := existingDir(r.dir); missing != "" {
		return fmt.Errorf("%s: %w, and the directory %s does not exist (check --file)", p, ErrUntracked, r.dir)
	}
	return fmt.Errorf("%s: %w", p, ErrUntracked)
}

// logFrom lists the revisions of the file at top (relative to the top)
// on the first-parent line of from, oldest first, following renames and
// moves: those git detects (--follow), and those it shows as one file
// deleted and another added, which a move with a heavy rewrite is (see
// movedFrom). Every route that reads the file at a revision reads this
// one lineage, stamped with when each had landed by (see stampLanded).
func (r *repo) logFrom(ctx context.Context, from, top string) ([]Revision, error) {
	revs, err := r.lineage(ctx, from, top)
	if err != nil || len(revs) == 0 {
		return revs, err
	}
	return revs, r.stampLanded(ctx, from, revs)
}

// lineage is logFrom without the landing dates.
func (r *repo) lineage(ctx context.Context, from, top string) ([]Revision, error) {
	var out []Revision
	hopped := map[string]bool{}
	for {
		revs, err := r.followLog(ctx, from, top)
		if err != nil {
			return nil, err
		}
		if len(revs) == 0 {
			return out, nil
		}
		// The newest version that a move brought (the file added, where
		// it was deleted before or did not exist): before it, the file's
		// history is the other file's, even when this path had a history
		// of its own earlier (moved away and back).
		cut, prev := -1, ""
		for i := len(revs) - 1; i >= 0 && cut < 0; i-- {
			if i > 0 && revs[i-1].Blob != "" && revs[i-1].Path != revs[i].Path && !hopped[revs[i].Commit] {
				// A rename git detected: followed, unless the commit
				// also dropped another file with the same groups.
				ambiguous, err := r.renameAmbiguous(ctx, revs[i])
				if err != nil {
					return nil, err
				}
				if ambiguous {
					return append(revs[i:], out...), nil
				}
			}
			if i > 0 && revs[i-1].Blob != "" || hopped[revs[i].Commit] {
				continue
			}
			p, err := r.movedFrom(ctx, revs[i])
			if err != nil {
				return nil, err
			}
			if p != "" {
				cut, prev = i, p
			}
		}
		if cut < 0 {
			return append(revs, out...), nil
		}
		hopped[revs[cut].Commit] = true
		out = append(revs[cut:], out...)
		from, top = revs[cut].Commit+"^", prev
	}
}

// followLog is git log --follow of the file at top on the first-parent
// line of from, oldest first.
//
// A pathspec names a directory of that name too, so git lists, beside
// the file's own entries, those of every path under a directory that
// took its name (members.toml/notes.txt, in a commit that made
// members.toml a directory): only the entry at exactly the name the
// file has at that commit is the file's. A commit with none is no
// revision; one that replaced the file with a directory deleted it (an
// entry of its own, D, or a rename into the directory, read as one), and
// the one that brings the file back added it.
// A rename git pairs with a path under the file's name, or with the
// directory the file sits under, is no move of the file as a file: it
// is read as the file added there, and its history before is that of
// the file's name there, read again from the commit before.
func (r *repo) followLog(ctx context.Context, from, top string) ([]Revision, error) {
	var out []Revision
	for {
		revs, restart, name, err := r.followOnce(ctx, from, top)
		if err != nil {
			return nil, err
		}
		out = append(revs, out...)
		if restart == "" {
			return out, nil
		}
		from, top = restart+"^", name
	}
}

// followOnce is one git log --follow for followLog: the revisions,
// oldest first, and, when it stopped at a rename from a nested path
// (read as an addition), that commit and the file's name there, under
// which its history before that commit must be read again.
func (r *repo) followOnce(ctx context.Context, from, top string) (revs []Revision, restart, name string, err error) {
	out, err := git(ctx, r.dir, "log", "-z", "--follow", "--first-parent", "--raw", "--no-abbrev",
		"--format="+parentsFormat, from, "--", pathspec(top))
	if err != nil {
		return nil, "", "", err
	}
	commits, err := parseLogParents(out)
	if err != nil {
		return nil, "", "", err
	}
	for _, c := range commits {
		if len(c.parents) == 0 {
			r.roots.Store(c.Commit, true) // nothing before it to have moved from (movedFrom)
		}
	}
	// Newest first, as git prints them: the name the file has is known
	// from the newest commit back, each rename giving the older one.
	revs = make([]Revision, 0, len(commits))
	name = top
walk:
	for _, c := range commits {
		k := slices.IndexFunc(c.entries, func(e rawEntry) bool { return e.path == name })
		if k < 0 {
			// The file renamed to a path under a directory of its name
			// (the only rename away that the pathspec shows) is the
			// file deleted: no file is at its path after it.
			k = slices.IndexFunc(c.entries, func(e rawEntry) bool { return e.status == 'R' && e.from == name })
			if k < 0 {
				continue // a path under a directory of that name, not the file
			}
			e := c.entries[k]
			e.path, e.blob, e.mode, e.status, e.from = name, "", "000000", 'D', ""
			revs = append(revs, c.at(e))
			continue
		}
		e := c.entries[k]
		switch e.status {
		case 'R', 'C':
			if nested(e.from, e.path) {
				e.status, e.old, e.from = 'A', "", ""
				revs = append(revs, c.at(e))
				restart = c.Commit
				break walk
			}
			if e.status == 'C' {
				// --follow follows copies too: a file created as a copy
				// of another that stays (an example, a draft) begins
				// here, and the other's history is none of its own. A
				// move is a rename (R), or a deletion beside an addition
				// (movedFrom).
				revs = append(revs, c.at(e))
				break walk
			}
			name = e.from
		}
		revs = append(revs, c.at(e))
	}
	slices.Reverse(revs)
	return revs, restart, name, nil
}

// nested reports whether one of two paths (relative to the top) is under
// the other as a directory: members.toml and members.toml/notes.txt are
// never one file under two names, whatever git pairs.
func nested(a, b string) bool {
	return strings.HasPrefix(a, b+"/") || strings.HasPrefix(b, a+"/")
}

// pathsLog lists, for each of paths (relative to the top), its revisions
// on the first-parent line of HEAD, oldest first, without following
// renames: one git log for all of them.
func (r *repo) pathsLog(ctx context.Context, paths []string) (map[string][]Revision, error) {
	return r.pathsLogFrom(ctx, r.head, paths)
}

// pathsLogFrom is pathsLog on the first-parent line of rev.
func (r *repo) pathsLogFrom(ctx context.Context, rev string, paths []string) (map[string][]Revision, error) {
	args := []string{"log", "-z", "--first-parent", "--no-renames", "--raw", "--no-abbrev", "--format=" + logFormat, rev, "--"}
	for _, p := range paths {
		args = append(args, pathspec(p))
	}
	out, err := git(ctx, r.dir, args...)
	if err != nil {
		return nil, err
	}
	commits, err := parseLog(out)
	if err != nil {
		return nil, err
	}
	byPath := make(map[string][]Revision, len(paths))
	for i := len(commits) - 1; i >= 0; i-- {
		for _, e := range commits[i].entries {
			byPath[e.path] = append(byPath[e.path], commits[i].at(e))
		}
	}
	return byPath, nil
}

// logFormat: every field NUL-separated, see parseLog.
const logFormat = "%x00%H%x00%an%x00%ae%x00%cI%x00%s"

// parentsFormat is logFormat and the commit's parents, for
// parseLogParents.
const parentsFormat = logFormat + "%x00%P"

// Select returns the window [from, to) of revs that opts keeps: Since a
// date keeps commits that landed on or after it, Since a revision those
// after it; Until a date keeps commits that landed up to the end of that
// day, Until a revision those it contains. When a commit is when it
// landed is Landed's answer, so that a window is what show says changed
// between its ends, whatever order the commits' dates are in.
func Select(ctx context.Context, dir string, revs []Revision, opts LogOptions) (from, to int, err error) {
	from, to = 0, len(revs)
	landed := landedAt(revs, opts.now())
	at := func(i int) Revision { r := revs[i]; r.Date = landed[i]; return r }
	if opts.Since != "" {
		keep, err := after(ctx, dir, opts.Since, true)
		if err != nil {
			return 0, 0, err
		}
		for from < to && !keep(at(from)) {
			from++
		}
	}
	if opts.Until != "" {
		keep, err := after(ctx, dir, opts.Until, false)
		if err != nil {
			return 0, 0, err
		}
		for to > 0 && !keep(at(to-1)) {
			to--
		}
	}
	// Each end read on its own: an until that stops before the since
	// starts (a commit against a date, or a commit that landed
	// earlier) is a window written backwards, not one nothing changed
	// in, and an empty table would say the latter.
	if to < from || mixedBackwards(opts, landed, from, to) {
		return 0, 0, fmt.Errorf("%w: --until %s ends before --since %s starts", ErrReversedWindow, opts.Until, opts.Since)
	}
	return from, to, nil
}

// mixedBackwards reports whether a window with one end a date and the
// other a revision runs backwards although no commit lies between them:
// the revision's commit landed after the until day, or before the since
// day.
func mixedBackwards(opts LogOptions, landed []time.Time, from, to int) bool {
	if opts.Since == "" || opts.Until == "" || IsDate(opts.Since) == IsDate(opts.Until) {
		return false
	}
	if day, err := time.Parse(dayLayout, opts.Until); err == nil {
		return from > 0 && !landed[from-1].UTC().Before(day.Add(24*time.Hour))
	}
	day, _ := time.Parse(dayLayout, opts.Since)
	return to > 0 && landed[to-1].UTC().Before(day)
}

// ErrReversedWindow is Select's error for a window whose until ends
// before its since starts (the file's commits between them run the
// other way): swapping the ends is what was meant.
var ErrReversedWindow = errors.New("the window runs backwards")

// IsDate reports whether s is a date argument (YYYY-MM-DD).
func IsDate(s string) bool {
	_, err := time.Parse(dayLayout, s)
	return err == nil
}

// after returns a predicate for one bound: a date, or the set of commits
// a revision contains.
func after(ctx context.Context, dir, bound string, since bool) (func(Revision) bool, error) {
	if day, err := time.Parse(dayLayout, bound); err == nil {
		if since {
			return func(r Revision) bool { return !r.Date.UTC().Before(day) }, nil
		}
		end := day.Add(24 * time.Hour)
		return func(r Revision) bool { return r.Date.UTC().Before(end) }, nil
	}
	commit, err := ResolveRevision(ctx, dir, bound)
	if err != nil {
		return nil, err
	}
	out, err := git(ctx, dir, "rev-list", "--first-parent", commit, "--")
	if err != nil {
		return nil, err
	}
	in := make(map[string]bool)
	for _, h := range strings.Fields(string(out)) {
		in[h] = true
	}
	if since {
		return func(r Revision) bool { return !in[r.Commit] }, nil
	}
	return func(r Revision) bool { return in[r.Commit] }, nil
}

// logCommit is one commit of `git log --raw` and its raw entries.
type logCommit struct {
	Revision
	entries []rawEntry
	// parents are the commit's parents as git printed them (read with
	// parentsFormat only): rewritten to the commits the log shows, when
	// it rewrites parents (--parents).
	parents []string
}

// rawEntry is one file a commit changed: its path (the new one of a
// rename), its new blob ("" when the commit deleted it), its old blob
// ("" when the commit added it) and git's status letter.
type rawEntry struct {
	path, blob, old string
	from            string // the old path of a rename or copy; "" otherwise
	mode            string // the new mode: 100644, 120000 (a link), ...
	status          byte
}

func (c logCommit) at(e rawEntry) Revision {
	r := c.Revision
	r.Path, r.Blob, r.Mode = e.path, e.blob, e.mode
	return r
}

// parseLog reads `git log -z --raw` with logFormat: every field and path
// is NUL separated, so a subject or name with any other byte in it (a
// control character from a pull request title) is read as text, never as
// a separator. Commits come newest first, as git prints them.
func parseLog(out []byte) ([]logCommit, error) {
	return parseCommits(out, false)
}

// parseLogParents is parseLog of a log written with parentsFormat.
func parseLogParents(out []byte) ([]logCommit, error) {
	return parseCommits(out, true)
}

// parseCommits is parseLog, with each commit's parents read from the
// field after its subject when parents is set.
func parseCommits(out []byte, parents bool) ([]logCommit, error) {
	fields := 5
	if parents {
		fields = 6
	}
	toks := strings.Split(string(out), "\x00")
	var commits []logCommit
	for i := 0; i < len(toks); {
		if toks[i] == "" || toks[i] == "\n" {
			i++
			continue
		}
		if !isHash(toks[i]) || i+fields > len(toks) {
			return nil, fmt.Errorf("unexpected git log output near %q", clip(toks[i]))
		}
		date, err := time.Parse(time.RFC3339, toks[i+3])
		if err != nil {
			return nil, fmt.Errorf("git log date %q: %w", clip(toks[i+3]), err)
		}
		// In UTC, the zone every day roster names is cut in: a commit at
		// 23:30 -0800 landed on the next day, in JSON as in text.
		c := logCommit{Revision: Revision{Commit: toks[i], Author: toks[i+1], AuthorEmail: toks[i+2], Date: date.UTC(), Subject: toks[i+4]}}
		if parents {
			c.parents = strings.Fields(toks[i+5])
		}
		i += fields
		// Raw entries: ":<modes> <old> <new> <status>" then one path, or
		// two for a rename or copy.
		for i < len(toks) && strings.HasPrefix(strings.TrimLeft(toks[i], "\n"), ":") {
			fields := strings.Fields(strings.TrimLeft(toks[i], "\n"))
			i++
			if len(fields) < 5 {
				return nil, fmt.Errorf("unexpected git log raw line %q", clip(toks[i-1]))
			}
			status := fields[4]
			paths := 1
			if strings.HasPrefix(status, "R") || strings.HasPrefix(status, "C") {
				paths = 2
			}
			if i+paths > len(toks) {
				return nil, fmt.Errorf("git log output ends inside a raw entry")
			}
			e := rawEntry{path: toks[i+paths-1], blob: fields[3], old: fields[2], mode: fields[1], status: status[0]}
			if paths == 2 {
				e.from = toks[i]
			}
			i += paths
			if strings.Trim(e.blob, "0") == "" || strings.HasPrefix(status, "D") {
				e.blob = ""
			}
			if strings.Trim(e.old, "0") == "" || strings.HasPrefix(status, "A") {
				e.old = ""
			}
			c.entries = append(c.entries, e)
		}
		commits = append(commits, c)
	}
	return commits, nil
}

func isHash(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
