// Package historytest builds git repositories with scripted histories of
// a members file, for tests and benchmarks of roster's history commands.
package historytest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/internal/synth"
)

// Repo is a scratch git repository whose commits are dated one day
// apart from 2026-03-01, so that hashes and dates are reproducible.
type Repo struct {
	tb  testing.TB
	Dir string
	day int
}

// New initialises a repository in a temporary directory.
func New(tb testing.TB) *Repo {
	tb.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		tb.Fatal("git is needed: roster reads history through it")
	}
	r := &Repo{tb: tb, Dir: tb.TempDir()}
	r.Git("init", "-q", "-b", "main")
	r.Git("config", "user.name", "Test Maintainer")
	r.Git("config", "user.email", "maintainer@example.org")
	r.Git("config", "commit.gpgsign", "false")
	return r
}

// Git runs git in the repository at the current scripted date.
func (r *Repo) Git(args ...string) string {
	r.tb.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.Dir
	date := fmt.Sprintf("2026-03-%02dT12:00:00Z", 1+r.day)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.tb.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// Tick moves the scripted date one day on.
func (r *Repo) Tick() { r.day++ }

// Commit writes path with content and commits it a day after the last
// commit, returning the commit id.
func (r *Repo) Commit(path, content, subject string) string {
	r.tb.Helper()
	r.day++
	full := filepath.Join(r.Dir, path)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		r.tb.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		r.tb.Fatal(err)
	}
	r.Git("add", path)
	r.Git("commit", "-q", "-m", subject)
	return r.Git("rev-parse", "HEAD")
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
	base := string(synth.MembersFile(synth.Spec{Members: size, Lists: 20}))
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
