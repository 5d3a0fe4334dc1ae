package history_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// TestBaseIsHeadsVersion: without a revision the base is the version
// committed at HEAD, whether the working copy changes it or not, after a
// plain commit, a merge, a squash or a rename alike.
func TestBaseIsHeadsVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ada := member("ada@example.org", `reports = "owner"`)
	lin := member("lin@example.org", `reports = "member"`)
	zoe := member("zoe@example.org", `reports = "member"`)
	for _, shape := range []struct {
		name  string
		build func(r *historytest.Repo) (path string)
	}{
		{"a plain commit", func(r *historytest.Repo) string {
			r.Commit("members.toml", header+ada+lin, "Add lin")
			return "members.toml"
		}},
		{"a merge commit", func(r *historytest.Repo) string {
			r.Git("checkout", "-q", "-b", "pr")
			r.Commit("members.toml", header+ada+lin, "Add lin")
			r.Git("checkout", "-q", "main")
			r.Commit("other.txt", "x\n", "Other")
			r.Tick()
			r.Git("merge", "-q", "--no-ff", "-m", "Merge pull request #2", "pr")
			return "members.toml"
		}},
		{"a rename with an edit", func(r *historytest.Repo) string {
			r.Tick()
			r.Git("mv", "members.toml", "lists.toml")
			r.Write("lists.toml", header+ada+lin)
			r.Git("add", "lists.toml")
			r.Git("commit", "-q", "-m", "Rename, add lin")
			return "lists.toml"
		}},
	} {
		t.Run(shape.name, func(t *testing.T) {
			r := historytest.New(t)
			r.Commit("members.toml", header+ada, "Create")
			p := shape.build(r)
			head := r.Git("rev-parse", "HEAD")
			for _, current := range []string{header + ada + lin, header + ada + lin + zoe} {
				f, rev, err := history.Base(ctx, r.Dir, p, []byte(current), "")
				if err != nil {
					t.Fatal(err)
				}
				if rev.Commit != head || len(f.Members) != 2 || len(rev.Skipped) != 0 {
					t.Errorf("working copy with %d members: base %s with %v, want HEAD %s", strings.Count(current, "[[member]]"), rev.Short(), emails(f), head[:10])
				}
			}
		})
	}
}

// TestBaseSkipsVersionsThatDoNotParse: a broken version at HEAD, at a
// revision, or arriving through a merge gives the newest earlier version
// on the same line that parses, and says which were skipped.
func TestBaseSkipsVersionsThatDoNotParse(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := historytest.New(t)
	ada := member("ada@example.org", `reports = "owner"`)
	lin := member("lin@example.org", `reports = "member"`)
	good := r.Commit("members.toml", header+ada+lin, "Add lin")
	broken1 := r.Commit("members.toml", header+ada+lin+"\n[[member]\n", "Broken")
	r.Git("checkout", "-q", "-b", "pr")
	r.Commit("members.toml", header+ada+lin+"email = 'x'\n[[member]]]\n", "Broken again")
	r.Git("checkout", "-q", "main")
	r.Tick()
	r.Git("merge", "-q", "--no-ff", "-X", "theirs", "-m", "Merge pull request #3", "pr")
	merge := r.Git("rev-parse", "HEAD")
	for _, tc := range []struct {
		rev     string
		skipped []string
	}{
		{"", []string{merge, broken1}},
		{"HEAD", []string{merge, broken1}},
		{broken1, []string{broken1}},
		{"2026-03-03", []string{broken1}},
		{"pr", nil}, // its own line: pr's commit, then broken1, then good
	} {
		f, rev, err := history.Base(ctx, r.Dir, "members.toml", nil, tc.rev)
		if err != nil {
			t.Errorf("%q: %v", tc.rev, err)
			continue
		}
		if rev.Commit != good || len(f.Members) != 2 {
			t.Errorf("%q: base %s %v, want %s", tc.rev, rev.Short(), emails(f), good[:10])
		}
		var got []string
		for _, p := range rev.Skipped {
			got = append(got, p.Revision.Commit)
			if p.Err == nil {
				t.Errorf("%q: a skipped version without its error", tc.rev)
			}
		}
		if tc.skipped != nil && strings.Join(got, " ") != strings.Join(tc.skipped, " ") {
			t.Errorf("%q: skipped %v, want %v", tc.rev, got, tc.skipped)
		}
		if tc.rev == "pr" && len(got) != 2 {
			t.Errorf("pr: skipped %v", got)
		}
	}
	// A revision that names nothing is an error that names it.
	if _, _, err := history.Base(ctx, r.Dir, "members.toml", nil, "nope"); !errors.Is(err, history.ErrBadRevision) || !strings.Contains(err.Error(), "nope") {
		t.Errorf("bad revision: %v", err)
	}
}

// everyFunction calls each exported function of the package that reads
// git, and returns their errors by name.
func everyFunction(dir, path string) map[string]error {
	ctx := context.Background()
	errs := map[string]error{}
	_, errs["Log"] = history.Log(ctx, dir, path)
	_, _, errs["History"] = history.History(ctx, dir, path, history.Options{})
	_, _, errs["FileAt date"] = history.FileAt(ctx, dir, path, "2026-03-05")
	_, _, errs["FileAt HEAD"] = history.FileAt(ctx, dir, path, "HEAD")
	_, _, errs["Base"] = history.Base(ctx, dir, path, []byte(header), "")
	_, _, errs["Base HEAD"] = history.Base(ctx, dir, path, []byte(header), "HEAD")
	_, errs["ListedByGroup"] = history.ListedByGroup(ctx, dir, path)
	_, errs["ReadTimeline"] = history.ReadTimeline(ctx, dir, path)
	_, errs["ChangedGroups"] = history.ChangedGroups(ctx, dir, path, time.Time{}, []byte(header))
	return errs
}

// TestTypedErrors: no commits yet (a fresh repository, an orphan
// branch), a file never committed, a directory outside git and a
// shallow clone each give their sentinel from every function, never
// git's own message.
func TestTypedErrors(t *testing.T) {
	t.Parallel()
	fresh := historytest.New(t)
	fresh.Write("members.toml", header)

	orphan := historytest.New(t)
	orphan.Commit("members.toml", header, "Create")
	orphan.Git("checkout", "-q", "--orphan", "empty")
	orphan.Git("rm", "-q", "--cached", "members.toml")

	untracked := historytest.New(t)
	untracked.Commit("README", "readme\n", "Create")
	untracked.Write("members.toml", header)

	elsewhere := historytest.New(t)
	elsewhere.Commit("lists/members.toml", header, "Create")
	elsewhere.Write("other/members.toml", header)

	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "members.toml"), []byte(header), 0o644); err != nil {
		t.Fatal(err)
	}

	full := historytest.New(t)
	full.Commit("members.toml", header, "Create")
	full.Commit("members.toml", header+member("ada@example.org", `reports = "owner"`), "Add ada")
	shallow := filepath.Join(t.TempDir(), "shallow")
	if out, err := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+full.Dir, shallow).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}

	for _, tc := range []struct {
		name, dir, path string
		want            error
	}{
		{"a fresh repository", fresh.Dir, "members.toml", history.ErrNoCommits},
		{"an orphan branch", orphan.Dir, "members.toml", history.ErrNoCommits},
		{"a file never committed", untracked.Dir, "members.toml", history.ErrUntracked},
		{"a file never committed, from its directory", filepath.Join(elsewhere.Dir, "other"), "members.toml", history.ErrUntracked},
		{"a directory outside git", outside, "members.toml", history.ErrNotInGit},
		{"a directory that does not exist", filepath.Join(outside, "gone"), "members.toml", history.ErrNotInGit},
		{"a shallow clone", shallow, "members.toml", history.ErrShallow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for fn, err := range everyFunction(tc.dir, tc.path) {
				if !errors.Is(err, tc.want) {
					t.Errorf("%s: %v, want %v", fn, err, tc.want)
					continue
				}
				for _, raw := range []string{"fatal:", "bad revision", "unknown revision", "ambiguous argument", "git log", "git rev-parse"} {
					if strings.Contains(err.Error(), raw) {
						t.Errorf("%s: git's own message: %v", fn, err)
					}
				}
			}
		})
	}
	// On the orphan branch another branch's revision resolves, a name
	// git does not know is no revision (not "no commits yet"), and HEAD
	// is the branch's own, which has no commit yet.
	for rev, want := range map[string]error{"nosuch": history.ErrBadRevision, "HEADX": history.ErrBadRevision, "HEAD": history.ErrNoCommits, "HEAD~1": history.ErrNoCommits, "@^": history.ErrNoCommits} {
		if _, err := history.ResolveRevision(context.Background(), orphan.Dir, rev); !errors.Is(err, want) || !strings.Contains(err.Error(), map[bool]string{true: "not a revision", false: "orphan branch"}[want == history.ErrBadRevision]) {
			t.Errorf("orphan branch, %s: %v, want %v", rev, err, want)
		}
	}
	if _, _, err := history.FileAt(context.Background(), orphan.Dir, "members.toml", "2026-01-01"); !errors.Is(err, history.ErrNoCommits) || !strings.Contains(fmt.Sprint(err), "orphan branch") {
		t.Errorf("orphan branch, a date: %v", err)
	}
	if _, err := history.ResolveRevision(context.Background(), orphan.Dir, "main"); err != nil {
		t.Errorf("orphan branch, another branch's revision: %v", err)
	}
	// ErrNoCommits is also "the file has no history".
	if !errors.Is(history.ErrNoCommits, history.ErrUntracked) {
		t.Error("ErrNoCommits does not wrap ErrUntracked")
	}
}

// TestBaseStopsWhenHistoryCannotBeRead: a version git cannot give back
// (a corrupt object) is an error, never a version that "does not parse",
// skipped until Base answers with an empty file, which would read as
// nobody having been listed.
func TestBaseStopsWhenHistoryCannotBeRead(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	ada := member("ada@example.org", `reports = "owner"`)
	r.Commit("members.toml", header+ada, "Create")
	r.Commit("members.toml", header+ada+member("lin@example.org", `reports = "member"`), "Add lin")
	blob := strings.TrimSpace(r.Git("rev-parse", "HEAD:members.toml"))
	r.Commit("members.toml", header+ada+"\n[[member]\n", "Broken")
	obj := filepath.Join(r.Dir, ".git", "objects", blob[:2], blob[2:])
	if err := os.Chmod(obj, 0o644); err != nil {
		t.Fatal(err)
	}
	// Its header inflates (type and size), its content does not.
	data, err := os.ReadFile(obj)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(obj, append(data[:len(data)/3:len(data)/3], bytes.Repeat([]byte{0xff}, 64)...), 0o644); err != nil {
		t.Fatal(err)
	}
	f, rev, err := history.Base(context.Background(), r.Dir, "members.toml", nil, "")
	if err == nil {
		t.Errorf("Base answered %d members from %q, skipping %v; want an error", len(f.Members), rev.Commit, rev.Skipped)
	}
}

// TestAHeadWhoseCommitIsMissingIsNoFreshRepository: HEAD naming a commit
// git cannot read (a clone whose alternates are gone) is a damaged
// repository, said so by every function, never "no commits yet": taken
// for a fresh one, whom the file dropped would be kept as unknown.
func TestAHeadWhoseCommitIsMissingIsNoFreshRepository(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	r.Commit("members.toml", header, "Create")
	head := r.Commit("members.toml", header+member("ada@example.org", `reports = "owner"`), "Add ada")
	if err := os.Remove(filepath.Join(r.Dir, ".git", "objects", head[:2], head[2:])); err != nil {
		t.Fatal(err)
	}
	for fn, err := range everyFunction(r.Dir, "members.toml") {
		if err == nil || errors.Is(err, history.ErrNoCommits) || errors.Is(err, history.ErrUntracked) || !strings.Contains(err.Error(), "cannot read as a commit") {
			t.Errorf("%s: %v, want HEAD's commit named unreadable", fn, err)
		}
	}
}

// TestReadAtMostRefusesALargeVersion: a version larger than the bound (a
// commit of zeros packs to almost nothing) is refused without being held
// in memory; one within it is read.
func TestReadAtMostRefusesALargeVersion(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	r.Commit("snap.csv", strings.Repeat("\x00", 1<<20), "Zeros")
	if _, _, err := history.ReadAtMost(context.Background(), r.Dir, "snap.csv", "HEAD", 1<<10); err == nil || !strings.Contains(err.Error(), "more than the 1024") {
		t.Errorf("a megabyte of zeros under a kilobyte's bound: %v, want refused", err)
	}
	if data, _, err := history.ReadAtMost(context.Background(), r.Dir, "snap.csv", "HEAD", 1<<20); err != nil || len(data) != 1<<20 {
		t.Errorf("within the bound: %d bytes, %v", len(data), err)
	}
}

// TestBaseOfADeletionIsTheVersionBefore: the commit that deletes the
// members file is passed over as a base, as history passes it over (not
// "everyone removed"): who was listed is the version before's, and the
// revision says which was passed over and why. A file deleted in its
// first version has nobody.
func TestBaseOfADeletionIsTheVersionBefore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := historytest.New(t)
	r.Commit("members.toml", header+member("lin@example.org", `reports = "member"`), "Add lin")
	r.Tick()
	r.Git("rm", "-q", "members.toml")
	r.Git("commit", "-q", "-m", "Delete the file")
	f, rv, err := history.Base(ctx, r.Dir, "members.toml", nil, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if f.FindMember("lin@example.org") == nil || len(rv.Skipped) != 1 || !errors.Is(rv.Skipped[0].Err, history.ErrDeleted) || history.WhyPassedOver(rv.Skipped[0].Err) != "is deleted" {
		t.Errorf("base %v, revision %+v", f.Members, rv)
	}
}
