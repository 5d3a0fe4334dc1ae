package history_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// movedRepo builds a history in which the file is created at the top as
// members.toml, renamed to lists.toml, then moved into config/ (with an
// edit in the same commit), with branches and a tag on each side of the
// moves. Each first-parent commit lands on a day of its own.
func movedRepo(t *testing.T) (*historytest.Repo, map[string]string) {
	r := historytest.New(t)
	c := map[string]string{}
	ada := member("ada@example.org", `reports = "owner", announce = "owner"`, "grace@example.org@@2026-01-01")
	grace := member("grace@example.org", `reports = "member"`, "ada@example.org@@2026-01-01")
	lin := member("lin@example.org", `announce = "member"`, "ada@example.org@@2026-03-02")
	c["create"] = r.Commit("members.toml", header+ada+grace, "Create lists (#1)")
	r.Git("tag", "-a", "-m", "first release", "v1")
	r.Git("checkout", "-q", "-b", "old-feature")
	c["kim"] = r.Commit("members.toml", header+ada+grace+member("kim@example.org", `announce = "member"`), "Add kim, never merged")
	r.Git("checkout", "-q", "main")
	c["lin"] = r.Commit("members.toml", header+ada+grace+lin, "Add lin (#2)")
	r.Tick()
	r.Git("mv", "members.toml", "lists.toml")
	r.Git("commit", "-q", "-m", "Rename to lists.toml (#3)")
	c["rename"] = r.Git("rev-parse", "HEAD")
	r.Git("checkout", "-q", "-b", "feature")
	c["zoe"] = r.Commit("lists.toml", header+ada+grace+lin+member("zoe@example.org", `reports = "member"`), "Add zoe")
	r.Git("checkout", "-q", "main")
	r.Tick()
	r.Write("config/lists.toml", header+ada+lin)
	r.Git("rm", "-q", "lists.toml")
	r.Git("add", "config/lists.toml")
	r.Git("commit", "-q", "-m", "Move into config/, remove grace (#4)")
	c["move"] = r.Git("rev-parse", "HEAD")
	r.Tick()
	r.Git("merge", "-q", "--no-ff", "-m", "Merge pull request #5 from feature", "feature")
	c["merge"] = r.Git("rev-parse", "HEAD")
	r.Git("checkout", "-q", "-b", "renamer")
	r.Tick()
	r.Git("mv", "config/lists.toml", "config/roster.toml")
	r.Git("commit", "-q", "-m", "Rename to roster.toml")
	c["renamer"] = r.Commit("config/roster.toml", header+ada+lin+member("zoe@example.org", `reports = "member"`)+member("pat@example.org", `reports = "member"`), "Add pat")
	r.Git("checkout", "-q", "main")
	c["other"] = r.Commit("other.txt", "unrelated\n", "Unrelated change (#6)")
	c["last"] = r.Commit("config/lists.toml", header+ada+lin+member("zoe@example.org", `reports = "member"`)+member("max@example.org", `announce = "member"`), "Add max (#7)")
	return r, c
}

// TestFileAtCommitIsFileAtItsDate: on the current branch, the file at a
// commit is the file at the end of the day that commit landed, before
// and after each rename and move, read from the directory the file is
// in now.
func TestFileAtCommitIsFileAtItsDate(t *testing.T) {
	t.Parallel()
	r, _ := movedRepo(t)
	ctx := context.Background()
	dir := filepath.Join(r.Dir, "config")
	lines := strings.Fields(r.Git("log", "--first-parent", "--format=%H/%cs", "HEAD"))
	if len(lines) != 7 {
		t.Fatalf("%d first-parent commits", len(lines))
	}
	for _, l := range lines {
		commit, day, _ := strings.Cut(l, "/")
		byDate, dateRev, err := history.FileAt(ctx, dir, "lists.toml", day)
		if err != nil {
			t.Errorf("at %s: %v", day, err)
			continue
		}
		for _, rev := range []string{commit, commit[:12]} {
			byCommit, commitRev, err := history.FileAt(ctx, dir, "lists.toml", rev)
			if err != nil {
				t.Errorf("at %s (%s): %v", rev, day, err)
				continue
			}
			if commitRev.Commit != dateRev.Commit || commitRev.Path != dateRev.Path {
				t.Errorf("at %s: revision %s %s, at %s: %s %s", rev, commitRev.Short(), commitRev.Path, day, dateRev.Short(), dateRev.Path)
			}
			if diff := cmp.Diff(emails(byDate), emails(byCommit)); diff != "" {
				t.Errorf("at %s vs %s (-date +commit):\n%s", day, rev, diff)
			}
		}
	}
}

// TestFileAtRevisionsOnEveryShape: a tag, a branch never merged that
// forked before the moves, the side of a merge, a branch that renamed
// the file after forking, and relative revisions.
func TestFileAtRevisionsOnEveryShape(t *testing.T) {
	t.Parallel()
	r, c := movedRepo(t)
	ctx := context.Background()
	dir := filepath.Join(r.Dir, "config")
	for _, tc := range []struct {
		rev, commit, path, has string
	}{
		{"v1", c["create"], "members.toml", "grace@example.org"},
		{"old-feature", c["kim"], "members.toml", "kim@example.org"},
		{c["zoe"], c["zoe"], "lists.toml", "zoe@example.org"},
		{"feature", c["zoe"], "lists.toml", "zoe@example.org"},
		{"main~2^2", c["zoe"], "lists.toml", "zoe@example.org"},
		{"main~3", c["move"], "config/lists.toml", "lin@example.org"},
		{"renamer", c["renamer"], "config/roster.toml", "pat@example.org"},
		{"HEAD", c["last"], "config/lists.toml", "max@example.org"},
	} {
		f, rev, err := history.FileAt(ctx, dir, "lists.toml", tc.rev)
		if err != nil {
			t.Errorf("%s: %v", tc.rev, err)
			continue
		}
		if rev.Commit != tc.commit || rev.Path != tc.path || !strings.Contains(strings.Join(emails(f), ","), tc.has) {
			t.Errorf("%s: %s %s %v, want %s %s with %s", tc.rev, rev.Short(), rev.Path, emails(f), tc.commit[:10], tc.path, tc.has)
		}
		// Base with a revision reads the same version.
		bf, brev, err := history.Base(ctx, dir, "lists.toml", nil, tc.rev)
		if err != nil || brev.Commit != rev.Commit || !cmp.Equal(emails(bf), emails(f)) {
			t.Errorf("Base at %s: %v %s %v", tc.rev, err, brev.Short(), emails(bf))
		}
	}
	// The file at a commit before the moves against the file now.
	old, _, err := history.FileAt(ctx, dir, "lists.toml", c["lin"])
	if err != nil {
		t.Fatal(err)
	}
	now, _, err := history.FileAt(ctx, dir, "lists.toml", "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, d := range history.Compare(old, now, nil, time.Time{}) {
		for _, m := range d.Added {
			got[d.List] = append(got[d.List], "+"+m.Email)
		}
		for _, m := range d.Removed {
			got[d.List] = append(got[d.List], "-"+m.Email)
		}
	}
	want := map[string][]string{"announce": {"+max@example.org"}, "reports": {"+zoe@example.org", "-grace@example.org"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("compare (-want +got):\n%s", diff)
	}
	// Before the file existed, and a revision that is not one.
	if _, _, err := history.FileAt(ctx, dir, "lists.toml", "2026-02-01"); err == nil || !strings.Contains(err.Error(), "did not exist") {
		t.Errorf("before the first commit: %v", err)
	}
	if _, _, err := history.FileAt(ctx, dir, "lists.toml", "no-such-branch"); err == nil || !strings.Contains(err.Error(), "not a revision") {
		t.Errorf("a bad revision: %v", err)
	}
}

// TestHistoryFromTheFilesDirectory: the events read from the file's own
// subdirectory span the renames and moves.
func TestHistoryFromTheFilesDirectory(t *testing.T) {
	t.Parallel()
	r, c := movedRepo(t)
	events, problems, err := history.History(context.Background(), filepath.Join(r.Dir, "config"), "lists.toml", history.Options{})
	if err != nil || len(problems) != 0 {
		t.Fatal(err, problems)
	}
	var got []string
	for _, e := range events {
		if e.Action != history.Vetted {
			got = append(got, e.Commit[:7]+" "+string(e.Action)+" "+e.List+" "+e.Email)
		}
	}
	short := func(k string) string { return c[k][:7] }
	want := []string{
		short("create") + " added announce ada@example.org", short("create") + " added reports ada@example.org",
		short("create") + " added reports grace@example.org",
		short("lin") + " added announce lin@example.org",
		short("move") + " removed reports grace@example.org",
		short("merge") + " added reports zoe@example.org",
		short("last") + " added announce max@example.org",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestAFileNewAtAnOldPathDidNotExistBeforeIt: members.toml moved into
// team/, then a new, unrelated members.toml made at the top. Asked
// about the new file at a commit before it, by commit or by the day
// that commit landed, history says the same: it did not exist (the path
// held another file, which team/members.toml is now).
func TestAFileNewAtAnOldPathDidNotExistBeforeIt(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	ada := member("ada@example.org", `reports = "owner"`, "grace@example.org@@2026-01-01")
	grace := member("grace@example.org", `reports = "member"`, "ada@example.org@@2026-01-01")
	first := r.Commit("members.toml", header+ada+grace, "Create lists (#1)")
	r.Git("tag", "v1")
	r.Tick()
	r.Git("mv", "members.toml", "team.toml")
	moved := r.Commit("team.toml", header+ada, "Move the file, grace off (#2)")
	r.Tick()
	r.Commit("members.toml", header+member("zed@example.org", `reports = "owner"`, "ada@example.org@@2026-01-01"), "Another file at the old path (#3)")
	ctx := context.Background()
	day := strings.TrimSpace(r.Git("log", "-1", "--format=%cs", first))
	for _, rev := range []string{"v1", first, moved, "HEAD~1", day} {
		if _, _, err := history.FileAt(ctx, r.Dir, "members.toml", rev); !errors.Is(err, history.ErrNotThen) {
			t.Errorf("members.toml at %s: %v, want ErrNotThen", rev, err)
		}
	}
	f, _, err := history.FileAt(ctx, r.Dir, "team.toml", "v1")
	if err != nil || !strings.Contains(strings.Join(emails(f), " "), "grace@example.org") {
		t.Errorf("team.toml at v1: %v, %v", emails(f), err)
	}
}
