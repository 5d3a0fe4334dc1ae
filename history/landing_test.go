package history_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// TestLandingOf: a commit of the line is on it; one of a branch merged
// later landed with the merge, also one deep in the branch or on a
// branch merged into it; one of a branch never merged, nowhere.
func TestLandingOf(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	r.Commit("members.toml", "schema = 1\n", "Start")
	main := r.Git("branch", "--show-current")
	r.Git("checkout", "-q", "-b", "pr")
	deep := r.Commit("members.toml", "schema = 1\n# deep\n", "Deep in the branch")
	r.Git("checkout", "-q", "-b", "sub")
	sub := r.Commit("sub.txt", "sub\n", "On a branch of the branch")
	r.Git("checkout", "-q", "pr")
	pr := r.Commit("members.toml", "schema = 1\n# pr\n", "On the branch")
	r.Tick()
	r.Git("merge", "-q", "--no-ff", "sub", "-m", "Merge sub into pr")
	prTip := r.Git("rev-parse", "HEAD")
	r.Git("checkout", "-q", main)
	r.Commit("other.txt", "other\n", "Meanwhile on the line")
	r.Tick()
	r.Git("merge", "-q", "--no-ff", "pr", "-m", "Merge pr (#7)")
	merge := r.Git("rev-parse", "HEAD")
	r.Git("checkout", "-q", "-b", "lone")
	lone := r.Commit("members.toml", "schema = 1\n# lone\n", "Never merged")
	r.Git("checkout", "-q", main)

	for _, tc := range []struct {
		rev    string
		onLine bool
		merged string
	}{
		{merge, true, ""},
		{"HEAD", true, ""},
		{"2026-03-01", true, ""},
		{pr, false, merge},
		{deep, false, merge},
		{sub, false, merge},
		{prTip, false, merge},
		{lone, false, ""},
		{"pr", false, ""}, // a branch's name: as it is
	} {
		got, err := history.LandingOf(t.Context(), r.Dir, tc.rev)
		if err != nil {
			t.Fatalf("%s: %v", tc.rev, err)
		}
		if got.OnLine != tc.onLine || got.Merged.Commit != tc.merged || got.Named != (tc.rev == "pr") {
			t.Errorf("LandingOf(%s) = %+v, want on line %v, merged %s", tc.rev, got, tc.onLine, tc.merged)
		}
	}
}

// TestAShortIDThatIsAlsoARefIsRefused: a tag named like a commit id roster
// printed (git reads the ref first) would show an auditor the tag's
// commit instead: refused as ambiguous.
func TestAShortIDThatIsAlsoARefIsRefused(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	r.Commit("members.toml", "schema = 1\n", "Start")
	c2 := r.Commit("members.toml", "schema = 1\n# two\n", "Two")
	main := r.Git("branch", "--show-current")
	r.Git("checkout", "-q", "-b", "evil", "HEAD~1")
	r.Commit("members.toml", "schema = 1\n# evil\n", "Evil")
	r.Git("tag", c2[:10])
	r.Git("checkout", "-q", main)
	_, _, err := history.FileAt(t.Context(), r.Dir, "members.toml", c2[:10])
	if !errors.Is(err, history.ErrBadRevision) || !strings.Contains(err.Error(), "both a commit id and") {
		t.Errorf("FileAt(%s): %v", c2[:10], err)
	}
	if _, _, err := history.FileAt(t.Context(), r.Dir, "members.toml", c2); err != nil {
		t.Errorf("the full id: %v", err)
	}
	// A branch whose name only looks like an id no commit has is a
	// branch.
	r.Git("branch", "feed")
	if _, _, err := history.FileAt(t.Context(), r.Dir, "members.toml", "feed"); err != nil && !strings.HasPrefix(c2, "feed") {
		t.Errorf("a branch named feed: %v", err)
	}
}

// commitAt commits path with content, author and committer dated date
// (RFC 3339), whatever the repository's scripted day: a clock that is
// off.
func commitAt(t *testing.T, r *historytest.Repo, path, content, subject, date string) string {
	t.Helper()
	r.Write(path, content)
	r.Git("add", path)
	cmd := exec.Command("git", "commit", "-q", "-m", subject)
	cmd.Dir = r.Dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git commit: %v\n%s", err, out)
	}
	return r.Git("rev-parse", "HEAD")
}

// TestACommitOfAnotherFileDatesTheRevisionBeforeIt: a revision dated
// after a later commit of the line had landed by that one's date, also
// when that commit touched another file only. Every reading agrees: its
// landing date, the file at that day and at the later commit, and
// history's window and dates.
func TestACommitOfAnotherFileDatesTheRevisionBeforeIt(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	ada := member("ada@example.org", `reports = "owner"`)
	bob := member("bob@example.org", `reports = "member"`)
	cat := member("cat@example.org", `reports = "member"`)
	commitAt(t, r, "members.toml", header+ada, "Create", "2026-01-10T12:00:00Z")
	added := commitAt(t, r, "members.toml", header+ada+bob, "Add bob, clock three days fast", "2026-01-15T12:00:00Z")
	later := commitAt(t, r, "README", "x\n", "Unrelated, clock right", "2026-01-12T12:00:00Z")
	commitAt(t, r, "members.toml", header+ada+bob+cat, "Add cat", "2026-01-20T12:00:00Z")
	ctx := context.Background()
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d.Add(12 * time.Hour) }

	revs, err := history.Log(ctx, r.Dir, "members.toml")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, at := range history.Landed(revs) {
		got = append(got, revs[i].Subject+" "+at.Format(time.DateOnly))
	}
	want := []string{"Create 2026-01-10", "Add bob, clock three days fast 2026-01-12", "Add cat 2026-01-20"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Landed (-want +got):\n%s", diff)
	}

	for _, tc := range []struct {
		name string
		opts history.Options
		want []string // bob's events, by date
	}{
		{"until the later commit", history.Options{LogOptions: history.LogOptions{Until: later}}, []string{"added 2026-01-12"}},
		{"until its day", history.Options{LogOptions: history.LogOptions{Until: "2026-01-12"}}, []string{"added 2026-01-12"}},
		{"until the day before", history.Options{LogOptions: history.LogOptions{Until: "2026-01-11"}}, nil},
		{"since the day after", history.Options{LogOptions: history.LogOptions{Since: "2026-01-13"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Member = "bob@example.org"
			events, _, err := history.History(ctx, r.Dir, "members.toml", tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range events {
				if e.Action == history.Added {
					got = append(got, string(e.Action)+" "+e.Date.Format(time.DateOnly))
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}

	byDay, dayRev, err := history.FileAt(ctx, r.Dir, "members.toml", "2026-01-12")
	if err != nil {
		t.Fatal(err)
	}
	byCommit, commitRev, err := history.FileAt(ctx, r.Dir, "members.toml", later)
	if err != nil {
		t.Fatal(err)
	}
	if dayRev.Commit != added || commitRev.Commit != added || !commitRev.Date.Equal(day("2026-01-12")) {
		t.Errorf("the file at 2026-01-12 is %s's, at %s %s's dated %s; want %s's, dated 2026-01-12",
			dayRev.Short(), history.ShortCommit(later), commitRev.Short(), commitRev.Date, history.ShortCommit(added))
	}
	if diff := cmp.Diff(emails(byCommit), emails(byDay)); diff != "" {
		t.Errorf("at the later commit and at its day (-commit +day):\n%s", diff)
	}
}

// TestTheFirstVersionLandsByALaterCommit: the file's first version, its
// clock years fast, had landed by the next commit on the line, though
// that one changed another file: read by that day, it is there. (Dated
// decades on, as far as git takes a date: the next commit is dated
// right because its parent's date is still to come when the test runs.)
func TestTheFirstVersionLandsByALaterCommit(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	ada := member("ada@example.org", `reports = "owner"`)
	commitAt(t, r, "members.toml", header+ada, "Create, clock years fast", "2099-01-01T12:00:00Z")
	commitAt(t, r, "README", "x\n", "Unrelated, clock right", "2026-03-02T12:00:00Z")
	ctx := context.Background()
	revs, err := history.Log(ctx, r.Dir, "members.toml")
	if err != nil {
		t.Fatal(err)
	}
	if got := history.Landed(revs)[0].Format(time.DateOnly); got != "2026-03-02" {
		t.Errorf("the first version landed %s, want 2026-03-02", got)
	}
	if _, rev, err := history.FileAt(ctx, r.Dir, "members.toml", "2026-03-02"); err != nil || rev.Subject != "Create, clock years fast" {
		t.Errorf("the file at 2026-03-02: %v, %q", err, rev.Subject)
	}
}

// TestAMergeWithAFastClockLandsByTheNextCommit: LandingOf dates the
// merge a branch's commit landed with as every date of history does:
// by the line's next commit, when that one is dated earlier.
func TestAMergeWithAFastClockLandsByTheNextCommit(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	ada := member("ada@example.org", `reports = "owner"`)
	commitAt(t, r, "members.toml", header+ada, "Create", "2026-03-01T12:00:00Z")
	r.Git("checkout", "-q", "-b", "feat")
	branch := commitAt(t, r, "members.toml", header+ada+member("bob@example.org", `reports = "member"`), "Add bob", "2026-03-02T12:00:00Z")
	r.Git("checkout", "-q", "-")
	cmd := exec.Command("git", "merge", "-q", "--no-ff", "feat", "-m", "Merge (#7), clock years fast")
	cmd.Dir = r.Dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE=2030-03-05T12:00:00Z", "GIT_COMMITTER_DATE=2030-03-05T12:00:00Z")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git merge: %v\n%s", err, out)
	}
	commitAt(t, r, "README", "x\n", "Unrelated, clock right", "2026-03-06T12:00:00Z")
	land, err := history.LandingOf(context.Background(), r.Dir, branch)
	if err != nil {
		t.Fatal(err)
	}
	if got := land.Merged.LandedOn().Format(time.DateOnly); land.Merged.Subject != "Merge (#7), clock years fast" || got != "2026-03-06" {
		t.Errorf("landed with %q on %s, want the merge on 2026-03-06", land.Merged.Subject, got)
	}
}

// TestLandedDate: a commit is dated as history dates it: on the line,
// over the whole line (its parent's clock fast is corrected only when
// the line before it is read too); a commit of a branch merged since,
// when the merge landed; a tag or branch named off the line, by its own
// commit, as it is read.
func TestLandedDate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	git := func(date string, args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date+"T12:00:00Z", "GIT_COMMITTER_DATE="+date+"T12:00:00Z", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	commit := func(date, msg string) string {
		git(date, "commit", "-q", "--allow-empty", "-m", msg)
		return git(date, "rev-parse", "HEAD")
	}
	git("2026-01-01", "init", "-q", "-b", "main")
	git("2026-01-01", "config", "user.name", "T")
	git("2026-01-01", "config", "user.email", "t@example.org")
	commit("2026-03-01", "One")
	commit("2026-03-05", "A clock fast")
	after := commit("2026-03-02", "After it")
	commit("2026-03-04", "Later")
	git("2026-03-04", "checkout", "-q", "-b", "feat")
	onBranch := commit("2026-03-06", "On the branch")
	git("2026-03-06", "tag", "onbranch")
	git("2026-03-06", "checkout", "-q", "main")
	git("2026-04-01", "merge", "-q", "--no-ff", "feat", "-m", "Merge feat")
	mergeFeat := git("2026-04-01", "rev-parse", "HEAD")
	// A second branch, merged just after a commit with a clock fast:
	// its commit landed when the merge did, as the whole line dates it.
	git("2026-04-01", "checkout", "-q", "-b", "late")
	onLate := commit("2026-04-02", "On the late branch")
	git("2026-04-02", "checkout", "-q", "main")
	commit("2026-04-20", "Another clock fast")
	git("2026-04-03", "merge", "-q", "--no-ff", "late", "-m", "Merge late")
	commit("2026-04-05", "After it")
	for _, tc := range []struct{ rev, want string }{
		{after, "2026-03-02"},
		{onBranch, "2026-04-01"},
		{"onbranch", "2026-03-06"},
		{"feat", "2026-03-06"},
		{mergeFeat, "2026-04-01"},
		{"HEAD~1", "2026-04-03"},
		{onLate, "2026-04-03"},
		{"HEAD", "2026-04-05"},
	} {
		got, err := history.LandedDate(t.Context(), dir, tc.rev)
		if err != nil || got.UTC().Format("2006-01-02") != tc.want {
			t.Errorf("LandedDate(%s) = %v, %v; want %s", tc.rev, got, err, tc.want)
		}
	}
}
