package history_test

import (
	"context"
	"testing"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// TestAFutureDatedTipLandedByNow: the last commit, dated 2099 by a
// clock that is off, is in the repository, so it had landed by the time
// history is read: its events are dated then (by the clock given, or
// time.Now), a window after then does not have them, and the file at a
// day between then and 2099 has its change, as show --at and diff read
// a day not yet ended from the file as it is now.
func TestAFutureDatedTipLandedByNow(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	ada := member("ada@example.org", `reports = "owner"`)
	bob := member("bob@example.org", `reports = "member"`)
	commitAt(t, r, "members.toml", header+ada, "Create", "2025-01-10T12:00:00Z")
	commitAt(t, r, "members.toml", header+ada+bob, "Add bob, clock fast", "2099-01-01T12:00:00Z")
	ctx := context.Background()
	bobs := func(opts history.Options) []time.Time {
		t.Helper()
		opts.Member = "bob@example.org"
		events, _, err := history.History(ctx, r.Dir, "members.toml", opts)
		if err != nil {
			t.Fatal(err)
		}
		var out []time.Time
		for _, e := range events {
			if e.Action == history.Added {
				out = append(out, e.Date)
			}
		}
		return out
	}
	now := time.Date(2026, 12, 5, 9, 30, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	if got := bobs(history.Options{LogOptions: history.LogOptions{Now: clock}}); len(got) != 1 || !got[0].Equal(now) {
		t.Errorf("bob added on %v, want %v, when history is read", got, now)
	}
	if got := bobs(history.Options{LogOptions: history.LogOptions{Now: clock, Since: "2026-12-06"}}); len(got) != 0 {
		t.Errorf("history --since the day after reading has bob added on %v", got)
	}
	if got := bobs(history.Options{LogOptions: history.LogOptions{Now: clock, Until: "2026-12-05"}}); len(got) != 1 {
		t.Errorf("history --until the day of reading: bob added %v, want once", got)
	}
	before := time.Now()
	if got := bobs(history.Options{}); len(got) != 1 || got[0].After(time.Now()) || got[0].Before(before.Add(-time.Second)) {
		t.Errorf("bob added on %v, want when history was read (time.Now)", got)
	}
	f, at, err := history.FileAt(ctx, r.Dir, "members.toml", "2098-12-31")
	if err != nil {
		t.Fatal(err)
	}
	if f.FindMember("bob@example.org") == nil || at.Date.After(time.Now()) {
		t.Errorf("the file at 2098-12-31 is %s's, dated %v: want bob's, landed by now", at.Subject, at.Date)
	}
}
