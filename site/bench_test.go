package site_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/site"
)

// benchRepo is the history of BenchmarkHistory (history/bench_test.go):
// 1,000 commits of a 2,000-member file on 20 lists, generated once and
// kept in the temporary directory between runs.
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

// BenchmarkSite builds the site of 1,000 commits of a 2,000-member file,
// as roster site does: read the history (with its versions, for the
// caps and the records that admitted each join then), parse the file,
// build. The
// target is well under 3 s for all of it.
//
//	go test -run XXX -bench Site -benchmem ./site
func BenchmarkSite(b *testing.B) {
	repo := benchRepo(b)
	out := b.TempDir()
	for _, public := range []bool{false, true} {
		name := "private"
		if public {
			name = "public"
		}
		b.Run("history+build/"+name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				var versions []*history.Version
				events, problems, err := history.History(context.Background(), repo, "members.toml", history.Options{Versions: func(vs []*history.Version) { versions = vs }})
				if err != nil || len(problems) != 0 {
					b.Fatal(err, problems)
				}
				data, err := os.ReadFile(filepath.Join(repo, "members.toml"))
				if err != nil {
					b.Fatal(err)
				}
				f, err := members.Parse("members.toml", data)
				if err != nil {
					b.Fatal(err)
				}
				in := site.Input{File: f, Events: events, Versions: versions, Commits: len(versions), Today: dayRef("2026-11-24"), Public: public}
				if err := site.Build(filepath.Join(out, name), in); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("build/"+name, func(b *testing.B) {
			var versions []*history.Version
			events, _, err := history.History(context.Background(), repo, "members.toml", history.Options{Versions: func(vs []*history.Version) { versions = vs }})
			if err != nil {
				b.Fatal(err)
			}
			data, err := os.ReadFile(filepath.Join(repo, "members.toml"))
			if err != nil {
				b.Fatal(err)
			}
			f, err := members.Parse("members.toml", data)
			if err != nil {
				b.Fatal(err)
			}
			in := site.Input{File: f, Events: events, Versions: versions, Commits: len(versions), Today: dayRef("2026-11-24"), Public: public}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := site.Build(filepath.Join(out, name), in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
