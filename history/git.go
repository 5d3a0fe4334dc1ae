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

// Revision is one commit that changed the members file.
type Revision struct {
	Commit      string
	Author      string
	AuthorEmail string
	Date        time.Time
	Subject     string
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

// Log lists every commit of the main line that changed the file at path
// (relative to dir), oldest first, following renames. Merges count as
// one change against their first parent: that is the state the main
// branch had, and the merge's subject names the pull request.
//
// The whole followed history is always read: git switches to a file's
// old name only at a rename commit it shows, so a date or range filter
// that hides the rename would lose everything before it. Select narrows
// the result afterwards.
func Log(ctx context.Context, dir, path string) ([]Revision, error) {
	out, err := git(ctx, dir, "log", "--follow", "--first-parent", "--raw", "--no-abbrev",
		"--format=%x1e%H%x00%an%x00%ae%x00%aI%x00%s", "--", path)
	if err != nil {
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
// date keeps commits on or after it, Since a revision those after it;
// Until a date keeps commits up to the end of that day, Until a
// revision those it contains.
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
	out, err := git(ctx, dir, "rev-list", "--first-parent", bound, "--")
	if err != nil {
		return nil, fmt.Errorf("%q is neither a date (YYYY-MM-DD) nor a revision git knows: %w", bound, err)
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

// parseLog reads `git log --raw --format=%x1e%H%x00%an%x00%ae%x00%aI%x00%s`.
func parseLog(out []byte) ([]Revision, error) {
	var revs []Revision
	for _, rec := range bytes.Split(out, []byte{0x1e}) {
		if len(bytes.TrimSpace(rec)) == 0 {
			continue
		}
		head, body, _ := bytes.Cut(rec, []byte{'\n'})
		f := strings.Split(string(head), "\x00")
		if len(f) != 5 {
			return nil, fmt.Errorf("unexpected git log output %q", head)
		}
		date, err := time.Parse(time.RFC3339, f[3])
		if err != nil {
			return nil, fmt.Errorf("git log date %q: %w", f[3], err)
		}
		r := Revision{Commit: f[0], Author: f[1], AuthorEmail: f[2], Date: date, Subject: f[4]}
		for _, line := range strings.Split(string(body), "\n") {
			if !strings.HasPrefix(line, ":") {
				continue
			}
			// :100644 100644 <old> <new> M\tpath   or   R100\told\tnew
			meta, paths, ok := strings.Cut(line, "\t")
			fields := strings.Fields(meta)
			if !ok || len(fields) < 5 {
				continue
			}
			names := strings.Split(paths, "\t")
			r.Path = names[len(names)-1]
			r.Blob = fields[3]
			if strings.Trim(r.Blob, "0") == "" || strings.HasPrefix(fields[4], "D") {
				r.Blob = ""
			}
		}
		revs = append(revs, r)
	}
	return revs, nil
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
