// Package history answers "who was on the list, and who changed that" from
// the git history of a members file, through the git command: one
// `git log` for the commits that touched the file (following renames) and
// one long-lived `git cat-file --batch` for their contents. Each distinct
// version is read once, and consecutive versions are compared by member,
// never by text.
package history

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// ErrNotInGit is returned when the file is not in a git repository.
var ErrNotInGit = errors.New("not in a git repository")

// ErrShallow is returned for a shallow clone: its history stops short, and
// every member would be credited to whoever made the oldest commit it has.
var ErrShallow = errors.New("the repository is a shallow clone; history needs the full history: set fetch-depth: 0 on actions/checkout, or run git fetch --unshallow")

// ErrBadRevision is returned for a revision argument that names no
// commit, or that git would read as an option.
var ErrBadRevision = errors.New("not a revision")

// git runs a git command in dir and returns its standard output.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if strings.Contains(msg, "not a git repository") {
			return nil, fmt.Errorf("%s: %w", dir, ErrNotInGit)
		}
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return out, nil
}

// CheckFull refuses a shallow clone, whose history stops short.
func CheckFull(ctx context.Context, dir string) error {
	out, err := git(ctx, dir, "rev-parse", "--is-shallow-repository")
	if err != nil {
		return err
	}
	if strings.TrimSpace(string(out)) == "true" {
		return ErrShallow
	}
	return nil
}

// ResolveRevision turns a revision argument (a commit, branch or tag, on
// any branch) into a commit id. Anything git could read as an option
// ("--output=members.toml") or that names no commit is refused.
func ResolveRevision(ctx context.Context, dir, rev string) (string, error) {
	if rev == "" || strings.HasPrefix(rev, "-") || strings.ContainsAny(rev, "\x00\n") {
		return "", fmt.Errorf("%q is neither a date (YYYY-MM-DD) nor a revision: %w (git would read it as an option); give a commit, branch or tag", rev, ErrBadRevision)
	}
	out, err := git(ctx, dir, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if errors.Is(err, ErrNotInGit) {
		return "", err
	}
	if err != nil || len(bytes.TrimSpace(out)) == 0 {
		return "", fmt.Errorf("%q is neither a date (YYYY-MM-DD) nor a revision git knows (%w): give a commit, branch or tag of this repository", rev, ErrBadRevision)
	}
	return strings.TrimSpace(string(out)), nil
}

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
	// Path of the file at this commit (it may have been renamed since).
	Path string
	// Blob is the id of the file's content; empty when the commit
	// deleted the file.
	Blob string
}

// Short is the abbreviated commit id, for people.
func (r Revision) Short() string {
	if len(r.Commit) > 10 {
		return r.Commit[:10]
	}
	return r.Commit
}

// LogOptions narrow the commits read.
type LogOptions struct {
	// Since and Until bound the commits: a date (YYYY-MM-DD) or a
	// revision. Empty means unbounded.
	Since, Until string
}

const dayLayout = "2006-01-02"

// Log lists every commit of the main line (the first parents from HEAD,
// or from the commit at) that changed the file at path (relative to dir),
// oldest first, following renames. Merges count as one change against
// their first parent: that is the state the main branch had, and the
// merge's subject names the pull request. A shallow clone is refused.
//
// The whole followed history is always read: git switches to a file's
// old name only at a rename commit it shows, so a date or range filter
// that hides the rename would lose everything before it. Select narrows
// the result afterwards.
func Log(ctx context.Context, dir, path string) ([]Revision, error) {
	return logFrom(ctx, dir, "HEAD", path)
}

func logFrom(ctx context.Context, dir, from, path string) ([]Revision, error) {
	if err := CheckFull(ctx, dir); err != nil {
		return nil, err
	}
	out, err := git(ctx, dir, "log", "-z", "--follow", "--first-parent", "--raw", "--no-abbrev", "--no-color",
		"--format=%x00%H%x00%an%x00%ae%x00%cI%x00%s", from, "--", path)
	if err != nil {
		if strings.Contains(err.Error(), "does not have any commits") || strings.Contains(err.Error(), "unknown revision") {
			return nil, nil
		}
		return nil, err
	}
	revs, err := parseLog(out)
	if err != nil {
		return nil, err
	}
	for i, j := 0, len(revs)-1; i < j; i, j = i+1, j-1 {
		revs[i], revs[j] = revs[j], revs[i]
	}
	return revs, nil
}

// Select returns the window [from, to) of revs that opts keeps: Since a
// date keeps commits that landed on or after it, Since a revision those
// after it; Until a date keeps commits that landed up to the end of that
// day, Until a revision those it contains.
func Select(ctx context.Context, dir string, revs []Revision, opts LogOptions) (from, to int, err error) {
	from, to = 0, len(revs)
	if opts.Since != "" {
		keep, err := after(ctx, dir, opts.Since, true)
		if err != nil {
			return 0, 0, err
		}
		for from < to && !keep(revs[from]) {
			from++
		}
	}
	if opts.Until != "" {
		keep, err := after(ctx, dir, opts.Until, false)
		if err != nil {
			return 0, 0, err
		}
		for to > from && !keep(revs[to-1]) {
			to--
		}
	}
	return from, to, nil
}

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

// parseLog reads `git log -z --raw` with the format
// %x00%H%x00%an%x00%ae%x00%cI%x00%s: every field and path is NUL
// separated, so a subject or name with any other byte in it (a control
// character from a pull request title) is read as text, never as a
// separator.
func parseLog(out []byte) ([]Revision, error) {
	toks := strings.Split(string(out), "\x00")
	var revs []Revision
	for i := 0; i < len(toks); {
		if toks[i] == "" || toks[i] == "\n" {
			i++
			continue
		}
		if !isHash(toks[i]) || i+5 > len(toks) {
			return nil, fmt.Errorf("unexpected git log output near %q", clip(toks[i]))
		}
		date, err := time.Parse(time.RFC3339, toks[i+3])
		if err != nil {
			return nil, fmt.Errorf("git log date %q: %w", clip(toks[i+3]), err)
		}
		r := Revision{Commit: toks[i], Author: toks[i+1], AuthorEmail: toks[i+2], Date: date, Subject: toks[i+4]}
		i += 5
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
			r.Path = toks[i+paths-1]
			i += paths
			r.Blob = fields[3]
			if strings.Trim(r.Blob, "0") == "" || strings.HasPrefix(status, "D") {
				r.Blob = ""
			}
		}
		revs = append(revs, r)
	}
	return revs, nil
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

// Blobs reads object contents through one `git cat-file --batch` process.
type Blobs struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
	buf []byte // reused between reads; see Read
}

// OpenBlobs starts the cat-file process in dir.
func OpenBlobs(ctx context.Context, dir string) (*Blobs, error) {
	cmd := exec.CommandContext(ctx, "git", "cat-file", "--batch")
	cmd.Dir = dir
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start git cat-file: %w", err)
	}
	return &Blobs{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 1<<16)}, nil
}

// Read returns the content of an object: a blob id, or "REV:PATH". The
// bytes are valid until the next Read: history reads a thousand versions
// of a file one after the other and keeps none of them.
func (b *Blobs) Read(object string) ([]byte, error) {
	if _, err := io.WriteString(b.in, object+"\n"); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	header, err := b.out.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	f := strings.Fields(header)
	if len(f) == 2 && f[1] == "missing" {
		return nil, fmt.Errorf("%s: no such object in the repository", object)
	}
	if len(f) != 3 {
		return nil, fmt.Errorf("git cat-file: unexpected header %q", header)
	}
	size, err := strconv.Atoi(f[2])
	if err != nil {
		return nil, fmt.Errorf("git cat-file: bad size in %q", header)
	}
	if cap(b.buf) < size+1 {
		b.buf = make([]byte, size+1+size/4)
	}
	data := b.buf[:size+1] // content and its trailing newline
	if _, err := io.ReadFull(b.out, data); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	return data[:size], nil
}

// Close stops the process.
func (b *Blobs) Close() error {
	b.in.Close()
	return b.cmd.Wait()
}
