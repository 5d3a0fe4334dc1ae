// Package historytest builds git repositories with scripted histories of
// a members file, for tests and benchmarks of roster's history commands.
package historytest

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/internal/synth"
)

// Repo is a scratch git repository whose commits are dated one day
// apart from 2026-03-01, so that hashes and dates are reproducible.
type Repo struct {
	tb  testing.TB
	Dir string
	day int
	// minutes past noon of the scripted day (CommitLater).
	minutes int
}

// New initialises a repository in a temporary directory.
func New(tb testing.TB) *Repo {
	tb.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		tb.Fatal("git is needed: roster reads history through it")
	}
	r := &Repo{tb: tb, Dir: tb.TempDir()}
	// Without the template's sample hooks and description, which cost
	// the init more than the rest of its work; .git/info (where a test
	// may write grafts) is made here.
	r.Git("init", "-q", "--template=", "-b", "main")
	if err := os.Mkdir(filepath.Join(r.Dir, ".git", "info"), 0o755); err != nil {
		tb.Fatal(err)
	}
	// The identity and signing, written into the repository's config
	// rather than by three more git processes: a suite makes hundreds
	// of repositories, and each git process costs more than its work.
	// Without maintenance.auto, every commit and merge starts one more,
	// git maintenance run --auto, which finds nothing to do in a
	// repository of a few commits.
	cfg, err := os.OpenFile(filepath.Join(r.Dir, ".git", "config"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		tb.Fatal(err)
	}
	_, err = cfg.WriteString("[user]\n\tname = Test Maintainer\n\temail = maintainer@example.org\n[commit]\n\tgpgsign = false\n[maintenance]\n\tauto = false\n")
	if cerr := cfg.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// head is the commit HEAD names, read from the repository's files when
// HEAD names a loose branch (as after every commit Commit makes), else
// from git.
func (r *Repo) head() string {
	r.tb.Helper()
	if ref, err := os.ReadFile(filepath.Join(r.Dir, ".git", "HEAD")); err == nil {
		if name, ok := strings.CutPrefix(strings.TrimSpace(string(ref)), "ref: "); ok && strings.HasPrefix(name, "refs/heads/") {
			if id, err := os.ReadFile(filepath.Join(r.Dir, ".git", filepath.FromSlash(name))); err == nil {
				return strings.TrimSpace(string(id))
			}
		}
	}
	return r.Git("rev-parse", "HEAD")
}

// Git runs git in the repository at the current scripted date.
func (r *Repo) Git(args ...string) string {
	r.tb.Helper()
	return r.GitInput("", args...)
}

// GitInput runs git in the repository at the current scripted date,
// with stdin as its standard input.
func (r *Repo) GitInput(stdin string, args ...string) string {
	r.tb.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.Dir
	date := r.Date().Format(time.RFC3339)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	cmd.Stdin = strings.NewReader(stdin)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		r.tb.Fatalf("git %v: %v\n%s%s", args, err, out, stderr.String())
	}
	return strings.TrimSpace(string(out))
}

// Date is the scripted date of the next git command: noon (and the
// minutes CommitLater added), r.day days after 2026-03-01.
func (r *Repo) Date() time.Time {
	return time.Date(2026, 3, 1, 12, r.minutes, 0, 0, time.UTC).AddDate(0, 0, r.day)
}

// Write writes path (relative to the repository) with content, without
// committing it.
func (r *Repo) Write(path, content string) {
	r.tb.Helper()
	full := filepath.Join(r.Dir, path)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		r.tb.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		r.tb.Fatal(err)
	}
}

// CommitSigned commits path with content as Commit does, but with a
// gpgsig header (a signature nobody can verify), as a signed commit has:
// git log --show-signature would run the gpg program on it.
func (r *Repo) CommitSigned(path, content, subject string) string {
	r.tb.Helper()
	r.day++
	r.Write(path, content)
	r.Git("add", path)
	tree := r.Git("write-tree")
	stamp := r.Date().Unix()
	body := fmt.Sprintf("tree %s\nparent %s\nauthor Test Maintainer <maintainer@example.org> %d +0000\ncommitter Test Maintainer <maintainer@example.org> %d +0000\n"+
		"gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\n%s\n", tree, r.Git("rev-parse", "HEAD"), stamp, stamp, subject)
	id := r.GitInput(body, "hash-object", "-t", "commit", "-w", "--stdin")
	r.Git("update-ref", "HEAD", id)
	r.Git("reset", "-q")
	return id
}

// CommitLater commits path with content as Commit does, on the same
// scripted day as the last commit, a minute later: for what only the
// order of two commits of one day decides.
func (r *Repo) CommitLater(path, content, subject string) string {
	r.tb.Helper()
	r.minutes++
	r.day--
	return r.Commit(path, content, subject)
}

// CommitAtOnce commits path with content as Commit does, in the very
// second of the last commit, as a bot or a merge queue commits several
// at once: for what git's dates cannot order.
func (r *Repo) CommitAtOnce(path, content, subject string) string {
	r.tb.Helper()
	r.day--
	return r.Commit(path, content, subject)
}

// Tick moves the scripted date one day on.
func (r *Repo) Tick() { r.day++ }

// Commit writes path with content and commits it a day after the last
// commit, returning the commit id.
func (r *Repo) Commit(path, content, subject string) string {
	r.tb.Helper()
	r.day++
	r.Write(path, content)
	if r.inIndex(path) {
		// Tracked: commit --include stages it and commits what is
		// staged, as add then commit do, in one git process.
		r.Git("commit", "-q", "--include", "-m", subject, "--", path)
	} else {
		r.Git("add", path)
		r.Git("commit", "-q", "-m", subject)
	}
	return r.head()
}

// inIndex reports whether the index holds path as a file, merged: read
// from .git/index (versions 2 and 3; any other, or anything unexpected,
// is reported false, and Commit adds the path as it does a new one).
func (r *Repo) inIndex(path string) bool {
	data, err := os.ReadFile(filepath.Join(r.Dir, ".git", "index"))
	if err != nil || len(data) < 12 || string(data[:4]) != "DIRC" {
		return false
	}
	version := binary.BigEndian.Uint32(data[4:])
	if version != 2 && version != 3 {
		return false
	}
	want := filepath.ToSlash(filepath.Clean(path))
	entries := binary.BigEndian.Uint32(data[8:])
	at := 12
	for range entries {
		// ctime, mtime, dev, ino, mode, uid, gid, size, SHA-1, flags.
		const fixed = 62
		if at+fixed > len(data) {
			return false
		}
		flags := binary.BigEndian.Uint16(data[at+60:])
		nameAt := at + fixed
		if flags&0x4000 != 0 { // extended flags, version 3
			nameAt += 2
		}
		end := bytes.IndexByte(data[min(nameAt, len(data)):], 0)
		if end < 0 {
			return false
		}
		mode := binary.BigEndian.Uint32(data[at+24:])
		if string(data[nameAt:nameAt+end]) == want {
			return flags&0x3000 == 0 && mode&0o170000 == 0o100000
		}
		// The entry is padded with 1 to 8 NULs to a multiple of 8 bytes.
		at += (nameAt - at + end + 8) &^ 7
	}
	return false
}

// CommitFiles writes each path of pairs (path, content, path, content,
// ...) and commits them together a day after the last commit: a move
// between files is one commit. It returns the commit id.
func (r *Repo) CommitFiles(subject string, pairs ...string) string {
	r.tb.Helper()
	r.day++
	add := []string{"add", "--"}
	for i := 0; i+1 < len(pairs); i += 2 {
		r.Write(pairs[i], pairs[i+1])
		add = append(add, pairs[i])
	}
	r.Git(add...)
	r.Git("commit", "-q", "-m", subject)
	return r.head()
}

// Generate writes, with one git fast-import, a history of commits
// versions of a members file of size members at path: the first version
// is synth.MembersFile, and each later commit adds, re-vets, re-roles or
// removes one member, as day-to-day maintenance does.
func Generate(dir, path string, commits, size int) error {
	cmd := exec.Command("git", "init", "-q", "-b", "main", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("git init: %v: %s", err, out)
	}
	fi := exec.Command("git", "fast-import", "--quiet")
	fi.Dir = dir
	in, err := fi.StdinPipe()
	if err != nil {
		return err
	}
	fi.Stderr = os.Stderr
	if err := fi.Start(); err != nil {
		return err
	}
	w := bufio.NewWriterSize(in, 1<<20)
	base := string(synth.MembersFile(synth.Spec{Members: size, Lists: 20, Varied: true}))
	blocks := strings.Split(base, "\n[[member]]\n")
	pre, ms := blocks[0], blocks[1:]
	for i := 0; i < commits; i++ {
		subject := "Create the lists"
		if i > 0 {
			k := synth.Owners + (i*7919)%(len(ms)-synth.Owners)
			switch i % 4 {
			case 0:
				ms = append(ms, fmt.Sprintf("email = \"late%05d@example.org\"\nname = \"Late %d\"\nlists = { list-00 = \"member\" }\n\n  [[member.vetting]]\n  by = \"person-0\"\n  on = 2026-09-01\n  method = \"video-call\"\n", i, i))
				subject = fmt.Sprintf("Add late%05d (#%d)", i, i)
			case 1:
				ms[k] += "\n  [[member.vetting]]\n  by = \"person-1\"\n  on = 2026-10-01\n  method = \"known-maintainer\"\n"
				subject = fmt.Sprintf("Re-vet member %d (#%d)", k, i)
			case 2:
				ms[k] = strings.Replace(ms[k], `= "member"`, `= "manager"`, 1)
				subject = fmt.Sprintf("Promote member %d (#%d)", k, i)
			case 3:
				ms = append(ms[:k], ms[k+1:]...)
				subject = fmt.Sprintf("Remove member %d (#%d)", k, i)
			}
		}
		content := pre + "\n[[member]]\n" + strings.Join(ms, "\n[[member]]\n")
		fmt.Fprintf(w, "commit refs/heads/main\nauthor Test Maintainer <maintainer@example.org> %d +0000\ncommitter Test Maintainer <maintainer@example.org> %d +0000\ndata %d\n%s\n",
			1767225600+i*3600, 1767225600+i*3600, len(subject), subject)
		fmt.Fprintf(w, "M 644 inline %s\ndata %d\n%s\n\n", path, len(content), content)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	in.Close()
	if err := fi.Wait(); err != nil {
		return fmt.Errorf("git fast-import: %w", err)
	}
	out, err := exec.Command("git", "-C", dir, "reset", "-q", "--hard", "main").CombinedOutput()
	if err != nil {
		return fmt.Errorf("git reset: %v: %s", err, out)
	}
	return nil
}
