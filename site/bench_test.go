package site_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
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

// proseFile is a members file of n members on one list, each with an
// affiliation of prose as people write one (about 110 characters: a
// title at an employer, projects, a region), varied member by member:
// the scrubber reads each distinct field, so twenty repeated ones (the
// history bench's) cannot show a reading that grows faster than a
// field does.
func proseFile(b *testing.B, n int) *members.File {
	b.Helper()
	rng := rand.New(rand.NewPCG(2, 2))
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	co := []string{"Acme Corp", "Example Inc.", "Zorbix GmbH", "Red Hat", "Canonical Ltd", "SUSE", "Google", "Microsoft", "Debian", "the Linux Foundation", "OpenSSF", "Fly.io", "kernel.org", "Booking.com"}
	role := []string{"Security Engineer", "Maintainer", "Release manager", "Product security lead", "PSIRT member", "Co-chair", "Distro packager", "Independent researcher", "CTO", "Staff engineer"}
	proj := []string{"libfoo", "the network stack", "OpenSSL", "curl", "the kernel's USB subsystem", "Kubernetes SIG Auth", "the Go toolchain", "systemd", "glibc", "nginx"}
	var s strings.Builder
	s.WriteString("schema = 1\nadmins = [\"a\"]\n[lists.l]\naddress = \"l@example.org\"\nprovider = \"google\"\npolicy = \"p\"\n" +
		"[policies.p]\nmax_members = 100000\nmin_owners = 0\nvetting_methods = [\"m\"]\nvetted_by = \"member\"\nvetting_valid_for = \"365d\"\nunmanaged = \"report\"\n")
	for i := range n {
		parts := []string{
			pick(role) + " at " + pick(co),
			"maintainer of " + pick(proj),
			"previously " + strings.ToLower(pick(role)) + " at " + pick(co),
			"member of the " + pick(proj) + " security team",
			"(" + pick([]string{"EMEA", "US/East", "APAC", "remote"}) + ")",
			fmt.Sprintf("co-author of CVE-20%d-%d fix & advisory", 10+rng.IntN(17), 1000+rng.IntN(99000)),
		}
		rng.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
		fmt.Fprintf(&s, "[[member]]\nemail = \"u%d@example.org\"\nname = \"User %d\"\naffiliation = %q\nlists = { l = \"member\" }\n"+
			"[[member.vetting]]\nby = \"a@example.org\"\non = 2026-01-01\nmethod = \"m\"\n", i, i, strings.Join(parts[:2+rng.IntN(4)], "; "))
	}
	f, err := members.Parse("members.toml", []byte(s.String()))
	if err != nil {
		b.Fatal(err)
	}
	return f
}

// BenchmarkProse builds the public roster of 2,000 members whose
// affiliations are all different prose (proseFile), from the file
// alone: the reading of every field must grow with their length, not
// faster (s27: 7.6 s for one commit, where 1,000 commits of short
// fields took 2 s).
//
//	go test -run XXX -bench Prose ./site
func BenchmarkProse(b *testing.B) {
	in := site.Input{File: proseFile(b, 2000), Today: dayRef("2026-11-24"), Public: true}
	out := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := site.Build(filepath.Join(out, fmt.Sprint(i)), in); err != nil {
			b.Fatal(err)
		}
	}
}
