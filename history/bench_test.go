package history_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// benchRepo is a history of 1,000 commits of a 2,000-member file,
// generated once and kept in the temporary directory between runs.
func benchRepo(b *testing.B) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "roster-bench-history-1000x2000")
	if _, err := os.Stat(filepath.Join(dir, "members.toml")); err != nil {
		os.RemoveAll(dir)
		if err := historytest.Generate(dir, "members.toml", 1000, 2000); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// BenchmarkHistory reads the events of 1,000 commits of a 2,000-member
// file.
//
//	go test -run XXX -bench . -benchmem ./history
func BenchmarkHistory(b *testing.B) {
	dir := benchRepo(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		events, problems, err := history.History(context.Background(), dir, "members.toml", history.Options{})
		if err != nil || len(problems) != 0 {
			b.Fatal(err, problems)
		}
		if len(events) < 2000 {
			b.Fatalf("%d events", len(events))
		}
	}
}

// BenchmarkListedByGroup reads whom the same file managed, per group:
// its walk, and a look at the files changed with the commits that gained
// its groups (none but the file).
func BenchmarkListedByGroup(b *testing.B) {
	dir := benchRepo(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		listed, err := history.ListedByGroup(context.Background(), dir, "members.toml")
		if err != nil {
			b.Fatal(err)
		}
		if len(listed) != 20 {
			b.Fatalf("%d groups", len(listed))
		}
	}
}

// BenchmarkTimeline builds the timeline of the same file and asks what
// changed in its last day.
func BenchmarkTimeline(b *testing.B) {
	dir := benchRepo(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tl, err := history.ReadTimeline(context.Background(), dir, "members.toml")
		if err != nil {
			b.Fatal(err)
		}
		revs := tl.Revisions()
		if len(revs) != 1000 || !tl.Covers(revs[999].Date) {
			b.Fatalf("%d revisions", len(revs))
		}
		if changed := tl.ChangedSince(revs[999].Date.Add(-24 * time.Hour)); len(changed) == 0 {
			b.Fatal("nothing changed in the last day")
		}
	}
}
