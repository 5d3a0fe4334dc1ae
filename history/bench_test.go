package history_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// BenchmarkHistory reads the events of 1,000 commits of a 2,000-member
// file. The repository is generated once and kept in the temporary
// directory between runs.
//
//	go test -run XXX -bench History -benchmem ./history
func BenchmarkHistory(b *testing.B) {
	dir := filepath.Join(os.TempDir(), "roster-bench-history-1000x2000")
	if _, err := os.Stat(filepath.Join(dir, "members.toml")); err != nil {
		os.RemoveAll(dir)
		if err := historytest.Generate(dir, "members.toml", 1000, 2000); err != nil {
			b.Fatal(err)
		}
	}
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
