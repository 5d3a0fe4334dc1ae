package history_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/internal/synth"
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

// recordPerListRepo is a history of one member on n lists with a
// vetting record for each, all by one vetter (synth.RecordPerList): the
// file as created, then one more record for the member (an entry on
// every list whose lists did not move), then one list's address
// changed (a preamble that moved one group of n).
func recordPerListRepo(b *testing.B, n int) string {
	b.Helper()
	repo := historytest.New(b)
	file := string(synth.RecordPerList(n, true))
	repo.Commit("members.toml", file, "Create the lists")
	file += "\n  [[member.vetting]]\n  by = \"p@example.org\"\n  on = 2026-02-01\n  method = \"video-call\"\n"
	repo.Commit("members.toml", file, "Vet x again")
	file = strings.Replace(file, "address = \"l00000@example.org\"", "address = \"l00000-new@example.org\"", 1)
	repo.Commit("members.toml", file, "Readdress l00000")
	return repo.Dir
}

// BenchmarkHistoryRecordPerList reads the events of a member on n lists
// with a record per list, as the site reads them (with the versions and
// caps): their cost grows with memberships and records, not with their
// product, which the two sizes show.
//
//	go test -run XXX -bench HistoryRecordPerList -benchmem ./history
func BenchmarkHistoryRecordPerList(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			dir := recordPerListRepo(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var versions []*history.Version
				events, problems, err := history.History(context.Background(), dir, "members.toml", history.Options{
					Versions: func(vs []*history.Version) { versions = vs },
					Caps:     func(map[string][]history.CapAt) {},
				})
				if err != nil || len(problems) != 0 {
					b.Fatal(err, problems)
				}
				// 3n joins, x's n records and the owners' two, one more
				// record, and x, o@ and p@ leaving one group and
				// joining another.
				if want := 3*n + n + 2 + 1 + 6; len(events) != want || len(versions) != 3 {
					b.Fatalf("%d events (want %d), %d versions", len(events), want, len(versions))
				}
			}
		})
	}
}
