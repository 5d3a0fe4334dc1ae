package history_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// TestLandedCorrectsSingleOutliers: Landed's rule on a line of dates
// (days of 2025 unless written whole): one commit dated before its
// parent, or after the next, is an outlier and counts as its
// neighbour's date, never re-dating the commits before it; the ordinary
// out-of-order commit (a rebase, a clock a few days fast) had landed by
// the next commit's date, as before.
func TestLandedCorrectsSingleOutliers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		dates, want []string
	}{
		{"in order", []string{"01-10", "02-01", "03-01"}, []string{"01-10", "02-01", "03-01"}},
		{"backdated in the middle", []string{"01-10", "02-01", "1971-01-01", "03-01"}, []string{"01-10", "02-01", "02-01", "03-01"}},
		{"backdated at the tip", []string{"01-10", "02-01", "1971-01-01"}, []string{"01-10", "02-01", "02-01"}},
		// Dated before its grandparent too: no clock of its parent's
		// being fast explains it.
		{"a few weeks back in the middle", []string{"01-10", "02-01", "01-05", "03-01"}, []string{"01-10", "02-01", "02-01", "03-01"}},
		{"future-dated in the middle", []string{"01-10", "2099-01-01", "02-01", "03-01"}, []string{"01-10", "02-01", "02-01", "03-01"}},
		// A clock three days fast: the next commit dates it, and is not
		// read as backdated itself.
		{"a few days fast", []string{"01-10", "01-15", "01-12", "01-20"}, []string{"01-10", "01-12", "01-12", "01-20"}},
		{"a few days fast, then the tip", []string{"01-10", "06-01", "03-01"}, []string{"01-10", "03-01", "03-01"}},
		// The tip dated before a parent in the future: the parent's
		// clock is the one off.
		{"the tip after a future parent", []string{"2099-01-01", "03-02"}, []string{"03-02", "03-02"}},
		// Two in a row are not one outlier: the line's order dates the
		// rest by them, as it always did.
		{"two backdated", []string{"01-10", "02-01", "1971-01-01", "1971-01-02", "03-01"}, []string{"1971-01-01", "1971-01-01", "1971-01-01", "1971-01-02", "03-01"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			day := func(s string) time.Time {
				if len(s) == 5 {
					s = "2025-" + s
				}
				d, err := time.Parse(time.DateOnly, s)
				if err != nil {
					t.Fatal(err)
				}
				return d
			}
			var revs []history.Revision
			for _, d := range tc.dates {
				revs = append(revs, history.Revision{Date: day(d)})
			}
			var got, want []string
			for i, at := range history.Landed(revs) {
				got = append(got, at.Format(time.DateOnly))
				want = append(want, day(tc.want[i]).Format(time.DateOnly))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Landed (-want +got):\n%s", diff)
			}
		})
	}
}

// outlierRepo builds years of history (2024 to 2025) and then one
// commit that touches another file, dated 1971 by a wrong clock, at
// the tip or (with after set) followed by one more commit.
func outlierRepo(t *testing.T, after bool) *historytest.Repo {
	t.Helper()
	r := historytest.New(t)
	ada := member("ada@example.org", `reports = "owner"`)
	bob := member("bob@example.org", `reports = "member"`)
	cat := member("cat@example.org", `reports = "member"`)
	commitAt(t, r, "members.toml", header+ada, "Create", "2024-01-10T12:00:00Z")
	commitAt(t, r, "members.toml", header+ada+bob, "Add bob", "2025-02-03T12:00:00Z")
	commitAt(t, r, "members.toml", header+ada+bob+cat, "Add cat", "2025-06-01T12:00:00Z")
	commitAt(t, r, "README", "x\n", "Unrelated, clock wrong", "1971-01-01T00:00:00Z")
	if after {
		commitAt(t, r, "NOTES", "y\n", "Unrelated, clock right", "2025-07-01T12:00:00Z")
	}
	return r
}

// TestOneBackdatedCommitDoesNotRedateHistory: a single commit dated 1971
// after years of history, which touches another file, is an outlier: the
// events before it keep their dates, a window of 2025 has them, and the
// file at a day of 2025 is the file then.
func TestOneBackdatedCommitDoesNotRedateHistory(t *testing.T) {
	t.Parallel()
	for _, after := range []bool{false, true} {
		name := "at the tip"
		if after {
			name = "in the middle"
		}
		t.Run(name, func(t *testing.T) {
			r := outlierRepo(t, after)
			ctx := context.Background()
			events, _, err := history.History(ctx, r.Dir, "members.toml", history.Options{LogOptions: history.LogOptions{Since: "2025-01-01"}})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range events {
				got = append(got, e.Email+" "+e.Date.Format(time.DateOnly))
			}
			want := []string{"bob@example.org 2025-02-03", "cat@example.org 2025-06-01"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("history --since 2025-01-01 (-want +got):\n%s", diff)
			}
			f, at, err := history.FileAt(ctx, r.Dir, "members.toml", "2025-02-04")
			if err != nil {
				t.Fatal(err)
			}
			if at.Subject != "Add bob" || f.FindMember("bob@example.org") == nil || f.FindMember("cat@example.org") != nil {
				t.Errorf("the file at 2025-02-04 is %s's (%s), want Add bob's", at.Short(), at.Subject)
			}
			tl, err := history.ReadTimeline(ctx, r.Dir, "members.toml")
			if err != nil {
				t.Fatal(err)
			}
			if since, ok := tl.ListedSince("security@example.org"); !ok || !strings.HasPrefix(since.Format(time.DateOnly), "2024-01-10") {
				t.Errorf("the list is managed since %s, want 2024-01-10", since.Format(time.DateOnly))
			}
		})
	}
}

// TestABackdatedListingIsHeldAsLateAsItMayBe: a commit dated before its
// parent landed lists dan: HeldSince dates dan's spell by the next
// commit (or now, at the tip), the latest it may have begun, not by the
// parent a backdated clock would lend it; an honest commit keeps its own.
func TestABackdatedListingIsHeldAsLateAsItMayBe(t *testing.T) {
	t.Parallel()
	for _, tip := range []bool{false, true} {
		t.Run(fmt.Sprintf("at the tip %v", tip), func(t *testing.T) {
			r := historytest.New(t)
			ada := member("ada@example.org", `reports = "owner"`)
			dan := member("dan@example.org", `reports = "member"`)
			commitAt(t, r, "members.toml", header+ada, "Create", "2025-01-10T12:00:00Z")
			commitAt(t, r, "members.toml", header+ada+"\n# more\n", "Edit", "2025-06-01T12:00:00Z")
			commitAt(t, r, "members.toml", header+ada+"\n# more\n"+dan, "Add dan, backdated", "1971-01-01T00:00:00Z")
			if !tip {
				commitAt(t, r, "NOTES", "y\n", "Later", "2026-02-01T12:00:00Z")
			}
			tl, err := history.ReadTimeline(context.Background(), r.Dir, "members.toml")
			if err != nil {
				t.Fatal(err)
			}
			since, ok := tl.HeldSince("security@example.org", "dan@example.org", "member")
			if !ok || since.Before(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("dan held since %s (%v), want no earlier than the next commit (2026-02-01)", since, ok)
			}
			if since, ok := tl.HeldSince("security@example.org", "ada@example.org", "owner"); ok || !since.Equal(time.Date(2025, 1, 10, 12, 0, 0, 0, time.UTC)) {
				t.Errorf("ada held since %s (%v), want the first version's day, unknown before", since, ok)
			}
		})
	}
}

// TestAFastClockDoesNotRedateTheListingsAfterIt: one commit whose
// clock ran ahead (dated after the commits made after it) is read as the
// outlier, whatever touched the file: a listing made after it is held
// since its own day, not the fast clock's, so a record that lapsed in
// between does not read as never having admitted anyone. (A run of
// commits dated before the one they follow reads the same way, a fast
// clock before them: only a push to the default branch can make one, as
// merges and squashes through GitHub take GitHub's clock.)
func TestAFastClockDoesNotRedateTheListingsAfterIt(t *testing.T) {
	ada := member("ada@example.org", `reports = "owner"`)
	xena := member("xena@example.org", `reports = "member"`)
	for _, tc := range []struct {
		name string
		fast func(r *historytest.Repo)
	}{
		{"the file's own commit", func(r *historytest.Repo) {
			commitAt(t, r, "members.toml", header+ada+"\n# a\n", "Touch, clock fast", "2026-02-05T00:00:00Z")
		}},
		{"another file's commit", func(r *historytest.Repo) {
			commitAt(t, r, "NOTES", "x\n", "Notes, clock fast", "2026-02-05T00:00:00Z")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := historytest.New(t)
			commitAt(t, r, "members.toml", header+ada, "Create", "2026-01-10T12:00:00Z")
			tc.fast(r)
			commitAt(t, r, "members.toml", header+ada+"\n# a\n"+xena, "Add xena", "2026-01-15T00:00:00Z")
			commitAt(t, r, "NOTES", "y\n", "Later", "2026-01-20T00:00:00Z")
			if since, ok := heldSince(t, r, "xena@example.org"); !ok || since.After(time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("xena held since %s (%v), want her commit's day, not the fast clock's", since, ok)
			}
		})
	}
}

// TestATipAfterOneLaterCommitIsHeldAsLateAsItMayBe: the line's last
// commit is dated before its parent, whose own date is in the past:
// either the parent's clock was fast or the tip is backdated, and the
// dates alone cannot tell. History dates both as Landed reads them, but
// whether a record may have admitted whom the tip lists takes the later
// reading: the tip's spell began no earlier than its parent's own date.
func TestATipAfterOneLaterCommitIsHeldAsLateAsItMayBe(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	ada := member("ada@example.org", `reports = "owner"`)
	bob := member("bob@example.org", `reports = "member"`)
	commitAt(t, r, "members.toml", header+ada, "Create", "2026-01-10T12:00:00Z")
	commitAt(t, r, "members.toml", header+ada+"\n# x\n", "Edit, clock right", "2026-03-01T12:00:00Z")
	commitAt(t, r, "members.toml", header+ada+"\n# x\n"+bob, "Add bob, backdated", "2026-01-15T12:00:00Z")
	tl, err := history.ReadTimeline(context.Background(), r.Dir, "members.toml")
	if err != nil {
		t.Fatal(err)
	}
	// Landed after its parent, at any time up to now (nothing came
	// after it): the latest is now.
	if since, ok := tl.HeldSince("security@example.org", "bob@example.org", "member"); !ok || since.Before(time.Now().Add(-time.Hour)) {
		t.Errorf("bob held since %s (%v), want as late as now (the tip landed after its parent, up to now)", since, ok)
	}
	// A commit after the tip that agrees with it makes the parent the
	// single outlier: bob's own day stands.
	commitAt(t, r, "NOTES", "y\n", "Later", "2026-01-20T12:00:00Z")
	if since, ok := heldSince(t, r, "bob@example.org"); !ok || since.After(time.Date(2026, 1, 20, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("bob held since %s (%v) once a later commit agrees with him, want his own day", since, ok)
	}
}

// TestTwoReadingsOfALineTakeTheLaterForAVerdict: the dates of a line
// read two ways only past a day's skew. A commit dated a few minutes
// after the next one (a clock a little fast, merged at once on GitHub's)
// is an honest history: whom the next one lists is held since its own
// day. A commit dated weeks after the next (unchanged) one, at the
// tip's side: either its clock was fast or the next was backdated, and
// whom it lists is held since its own date, the later reading.
func TestTwoReadingsOfALineTakeTheLaterForAVerdict(t *testing.T) {
	t.Parallel()
	ada := member("ada@example.org", `reports = "owner"`)
	bob := member("bob@example.org", `reports = "member"`)
	t.Run("minutes of skew", func(t *testing.T) {
		r := historytest.New(t)
		commitAt(t, r, "members.toml", header+ada, "Create", "2026-05-01T12:00:00Z")
		commitAt(t, r, "members.toml", header+ada+"\n# x\n", "Push, clock 10 minutes fast", "2026-06-01T12:10:00Z")
		commitAt(t, r, "members.toml", header+ada+"\n# x\n"+bob, "Merge, GitHub's clock", "2026-06-01T12:05:00Z")
		if since, ok := heldSince(t, r, "bob@example.org"); !ok || since.After(time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("bob held since %s (%v), want his own day", since, ok)
		}
	})
	t.Run("a commit added, the next backdated", func(t *testing.T) {
		r := historytest.New(t)
		commitAt(t, r, "members.toml", header+ada, "Create", "2026-01-10T12:00:00Z")
		commitAt(t, r, "members.toml", header+ada+bob, "Add bob", "2026-06-01T12:00:00Z")
		commitAt(t, r, "NOTES", "x\n", "Backdated", "2026-03-10T12:00:00Z")
		if since, ok := heldSince(t, r, "bob@example.org"); !ok || since.Before(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("bob held since %s (%v), want no earlier than his commit's own date (2026-06-01)", since, ok)
		}
	})
}

// TestASkewOfMinutesAndABackdateBeforeOtherFilesCommits: after two
// commits from a clock ten minutes fast, a merge on GitHub's clock lists
// bob: an honest history, held since his own day. A commit backdated
// before two commits of other files (the members file's own versions
// far before it) lists carol: held as late as it may have landed.
func TestASkewOfMinutesAndABackdateBeforeOtherFilesCommits(t *testing.T) {
	t.Parallel()
	ada := member("ada@example.org", `reports = "owner"`)
	t.Run("two fast, then a merge", func(t *testing.T) {
		r := historytest.New(t)
		commitAt(t, r, "members.toml", header+ada, "Create", "2026-05-01T10:00:00Z")
		commitAt(t, r, "NOTES", "1\n", "Push 1, fast", "2026-06-01T10:10:00Z")
		commitAt(t, r, "NOTES", "2\n", "Push 2, fast", "2026-06-01T10:12:00Z")
		commitAt(t, r, "members.toml", header+ada+member("bob@example.org", `reports = "member"`), "Merge, GitHub's clock", "2026-06-01T10:05:00Z")
		if since, ok := heldSince(t, r, "bob@example.org"); !ok || since.After(time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("bob held since %s (%v), want his own day", since, ok)
		}
	})
	t.Run("backdated before two commits of other files", func(t *testing.T) {
		r := historytest.New(t)
		commitAt(t, r, "members.toml", header+ada, "Create", "2026-05-01T10:00:00Z")
		commitAt(t, r, "README", "1\n", "Docs", "2026-09-04T10:00:00Z")
		commitAt(t, r, "README", "2\n", "Docs", "2026-09-05T10:00:00Z")
		commitAt(t, r, "members.toml", header+ada+member("carol@example.org", `reports = "member"`), "Add carol, backdated", "2026-09-03T10:00:00Z")
		if since, ok := heldSince(t, r, "carol@example.org"); !ok || since.Before(time.Now().Add(-time.Hour)) {
			t.Errorf("carol held since %s (%v), want as late as now", since, ok)
		}
	})
}

// TestLaterBoundsReadTheLine: a merge dated before two fast pushes is
// bounded by the line's next commit (a README one), not by the members
// file's next version or now; and a tip dated well before the commit
// before a commit dated in the future is backdated, whatever that
// future commit's clock said.
func TestLaterBoundsReadTheLine(t *testing.T) {
	t.Parallel()
	ada := member("ada@example.org", `reports = "owner"`)
	bob := member("bob@example.org", `reports = "member"`)
	t.Run("bounded by the next commit of another file", func(t *testing.T) {
		r := historytest.New(t)
		commitAt(t, r, "members.toml", header+ada, "Create", "2026-05-01T10:00:00Z")
		commitAt(t, r, "members.toml", header+ada+"\n# x\n", "Push, 2 days fast", "2026-06-03T11:00:00Z")
		commitAt(t, r, "members.toml", header+ada+"\n# x\n"+bob, "Merge", "2026-06-01T12:00:00Z")
		commitAt(t, r, "README", "x\n", "Docs", "2026-06-04T10:00:00Z")
		if since, ok := heldSince(t, r, "bob@example.org"); !ok || since.After(time.Date(2026, 6, 5, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("bob held since %s (%v), want no later than the next commit (2026-06-04)", since, ok)
		}
	})
	t.Run("backdated after a future commit", func(t *testing.T) {
		r := historytest.New(t)
		commitAt(t, r, "members.toml", header+ada, "Create", "2026-09-10T10:00:00Z")
		commitAt(t, r, "README", "x\n", "Future", "2030-01-01T10:00:00Z")
		commitAt(t, r, "members.toml", header+ada+bob, "Add bob, backdated", "2026-09-01T10:00:00Z")
		if since, ok := heldSince(t, r, "bob@example.org"); !ok || since.Before(time.Now().Add(-time.Hour)) {
			t.Errorf("bob held since %s (%v), want as late as now", since, ok)
		}
	})
}

// TestAWitnessWithinASkewIsNoWitness: a commit backdated nine days
// after its parent, followed by one an hour before that parent (whose
// clock ran an hour fast): the hour's witness does not make the parent
// the fast one; the backdated commit is held as late as the next.
func TestAWitnessWithinASkewIsNoWitness(t *testing.T) {
	t.Parallel()
	ada := member("ada@example.org", `reports = "owner"`)
	bob := member("bob@example.org", `reports = "member"`)
	r := historytest.New(t)
	commitAt(t, r, "members.toml", header+ada, "Create", "2026-05-01T10:00:00Z")
	commitAt(t, r, "members.toml", header+ada+"\n# x\n", "Edit, an hour fast", "2026-09-10T10:00:00Z")
	commitAt(t, r, "members.toml", header+ada+"\n# x\n"+bob, "Add bob, backdated", "2026-09-01T10:00:00Z")
	commitAt(t, r, "README", "x\n", "Docs", "2026-09-10T09:00:00Z")
	if since, ok := heldSince(t, r, "bob@example.org"); !ok || since.Before(time.Date(2026, 9, 10, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("bob held since %s (%v), want no earlier than the next commit (2026-09-10)", since, ok)
	}
}

// heldSince reads the timeline of r's members.toml and asks since when
// member has been a member of security@example.org (Timeline.HeldSince).
func heldSince(t *testing.T, r *historytest.Repo, member string) (time.Time, bool) {
	t.Helper()
	tl, err := history.ReadTimeline(context.Background(), r.Dir, "members.toml")
	if err != nil {
		t.Fatal(err)
	}
	return tl.HeldSince("security@example.org", member, "member")
}
