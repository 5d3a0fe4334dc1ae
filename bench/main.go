// Command bench measures roster as a process and prints one table:
// validate at 1k, 10k, 100k, 200k and 1M members and of 10,000 lists;
// plan's list calls per group against ceil(n/200); roster's own CPU for a
// sync of 5k and 20k adds to one group; sync of 1,000 adds and 200
// removals at 20 ms a call, one call at a time against the defaults;
// history, and the site built from it, over 1,000 commits of a
// 2,000-member file; review of a new list beside another members file
// with that history. It exits 1 when a row misses its target.
//
//	go run ./bench                  # about two minutes
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/roster-dev/roster/bench/internal/harness"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/internal/synth"
)

func main() {
	latency := flag.Duration("sync-latency", 20*time.Millisecond, "emulated latency per call in the sync benchmark")
	flag.Parse()
	tmp, bin, cleanup := harness.Setup("bench")
	defer cleanup()
	var rows [][]string
	add := func(cells ...string) { rows = append(rows, cells) }

	// validate
	for _, n := range []int{1_000, 10_000, 100_000, 200_000, 1_000_000} {
		dir := filepath.Join(tmp, fmt.Sprintf("validate%d", n))
		must(os.MkdirAll(dir, 0o755))
		must(os.WriteFile(filepath.Join(dir, "members.toml"), synth.MembersFile(synth.Spec{Members: n, Lists: 20}), 0o644))
		best := harness.Run{Took: time.Hour}
		tries := 3
		if n >= 1_000_000 {
			tries = 2
		}
		for i := 0; i < tries; i++ {
			r := harness.RunRoster(context.Background(), bin, dir, nil, "validate", "--at", "2026-11-24")
			if r.Code != 0 {
				log.Fatalf("validate %d: exit %d %s", n, r.Code, r.Stdout)
			}
			if r.Took < best.Took {
				best = r
			}
		}
		target, ok := "-", true
		// Per member, the text is about 300 bytes and the parsed model about
		// 530 (its strings are slices of the text); the rest is the checks'
		// tables and the collector's headroom.
		perMember := float64(best.MaxRSSKB) * 1024 / float64(n)
		switch n {
		case 100_000:
			target, ok = "< 1 s, < 300 MB", best.Took < time.Second && best.MaxRSSKB < 300*1024
		case 200_000:
			target, ok = "< 2 s, < 1.4 KB a member", best.Took < 2*time.Second && perMember < 1.4*1024
		case 1_000_000:
			// 1 GB (10^9 bytes, issue 23's first target): the file's text
			// (300 MB) and the parsed model are both held at the end of
			// the parse, the model's strings slices of the text
			// (members.ParseOwned); the checks add 32 MB.
			target, ok = "< 5 s, < 1 GB (10^9 bytes)", best.Took < 5*time.Second && best.MaxRSSKB*1024 < 1e9
		}
		add(fmt.Sprintf("validate %dk members (20 lists), best of %d", n/1000, tries), fmt.Sprintf("%.2f s, %d MB peak RSS (%.0f bytes a member)", best.Took.Seconds(), best.MaxRSSKB/1024, perMember), target, mark(target, ok))
	}

	// validate of 10,000 lists, 3 owners on every one of them who vet
	// everyone (a vetter on every list), in a repository: the base of the
	// change (HEAD) is read and checked against too, as in CI.
	lists := validateInGit(bin, filepath.Join(tmp, "validate-lists"), string(synth.MembersFile(synth.Spec{Members: 20_000, Lists: 10_000})))
	add("validate 10,000 lists, 3 owners (the vetters) on all of them, 20k members, in git, best of 3", fmt.Sprintf("%.2f s, %d MB peak RSS", lists.Took.Seconds(), lists.MaxRSSKB/1024), "< 1 s", yes(lists.Took < time.Second))

	// validate of 10,000 lists with one member on all of them, vetted
	// for each by that list's own owner: records x lists, unless a
	// member's records are indexed once (issue 25, whatever the shape).
	records := validateInGit(bin, filepath.Join(tmp, "validate-records"), string(synth.RecordPerList(10_000, false)))
	add("validate 10,000 lists, one member on all with a record per list by its owner, in git, best of 3", fmt.Sprintf("%.2f s, %d MB peak RSS", records.Took.Seconds(), records.MaxRSSKB/1024), "< 1 s", yes(records.Took < time.Second))

	// validate of 60,000 lists that each fail their own policy: each is
	// carried from the last version that applied it, by group, not by
	// reading every failing list for each entry (issue 25: linear,
	// whatever the shape of the file). validate exits 1 on them.
	failingDir := filepath.Join(tmp, "validate-failing")
	must(harness.Commit(failingDir, time.Time{}, "Create the lists", map[string]string{"members.toml": string(synth.FailingLists(60_000))}))
	failing := harness.Run{Took: time.Hour}
	for range 3 {
		r := harness.RunRoster(context.Background(), bin, failingDir, nil, "validate", "--at", "2026-11-24")
		if r.Code != 1 {
			log.Fatalf("validate %s: exit %d, want 1 (every list fails its policy) %s", failingDir, r.Code, r.Stderr)
		}
		if r.Took < failing.Took {
			failing = r
		}
	}
	add("validate 60,000 lists, each below min_owners, in git, best of 3", fmt.Sprintf("%.2f s, %d MB peak RSS", failing.Took.Seconds(), failing.MaxRSSKB/1024), "< 3 s", yes(failing.Took < 3*time.Second))

	// The other commands over that file: each is linear in memberships
	// and records too, not only validate (history, audit, an edit of
	// one of the member's 10,000 lists, whose advice is a few lines).
	recordsDir := filepath.Join(tmp, "validate-records")
	for _, c := range []struct {
		what   string
		args   []string
		target time.Duration
	}{
		{"history", []string{"history"}, 3 * time.Second},
		{"audit", []string{"audit", "--at", "2026-11-24"}, time.Second},
		{"role edit on one list (its advice in under 20 lines)", []string{"role", "x@example.org", "--list", "l00002", "owner"}, 2 * time.Second},
		// A page per list, each join naming the record that admitted
		// the member: judged once per entry, not once per list.
		{"site (auditor's site, 10,000 list pages)", []string{"site", "--out", "site", "--at", "2026-11-24"}, 6 * time.Second},
		// Every list's members as of a revision, and between two: each
		// list found by its group in a table, not by reading every
		// list's address again for each.
		{"show --at HEAD", []string{"show", "--at", "HEAD"}, 2 * time.Second},
		{"diff HEAD HEAD", []string{"diff", "HEAD", "HEAD"}, 2 * time.Second},
	} {
		r := bestOf3(bin, recordsDir, c.args...)
		lines := strings.Count(r.Stderr, "\n")
		ok := r.Took < c.target && (c.args[0] != "role" || lines < 20)
		add(fmt.Sprintf("%s, the same 10,000 lists, best of 3", c.what), fmt.Sprintf("%.2f s, %d MB peak RSS, %d lines on stderr", r.Took.Seconds(), r.MaxRSSKB/1024, lines), fmt.Sprintf("< %.0f s", c.target.Seconds()), yes(ok))
	}

	// plan list calls
	sizes := []int{0, 1, 199, 200, 201, 1000, 4999}
	d, err := harness.StartDomain(emulator.Options{})
	must(err)
	var file strings.Builder
	file.WriteString("schema = 1\n[policies.p]\nvetting_methods = [\"x\"]\n")
	want := 0
	var got []string
	for i, n := range sizes {
		group := fmt.Sprintf("g%d@example.org", i)
		fmt.Fprintf(&file, "[lists.g%d]\naddress = %q\npolicy = \"p\"\n", i, group)
		ms := make([]emulator.Member, n)
		for j := range ms {
			ms[j] = emulator.Member{Email: fmt.Sprintf("m%d-%05d@example.org", i, j)}
		}
		must(d.AddGroup(group, ms...))
		want += max(1, (n+199)/200)
		got = append(got, strconv.Itoa(n))
	}
	// Two owners, who vet each other, on every list (a list with nobody
	// fails its policy and is not read); everyone on the groups is a
	// walk-in.
	onAll := make([]string, len(sizes))
	for i := range sizes {
		onAll[i] = fmt.Sprintf("g%d = \"owner\"", i)
	}
	for _, pair := range [][2]string{{"o1", "o2"}, {"o2", "o1"}} {
		fmt.Fprintf(&file, "\n[[member]]\nemail = \"%s@example.org\"\nlists = { %s }\nvetting = [{ by = \"%s@example.org\", on = 2026-01-01, method = \"x\" }]\n", pair[0], strings.Join(onAll, ", "), pair[1])
	}
	dir := filepath.Join(tmp, "plan")
	must(os.MkdirAll(dir, 0o755))
	must(os.WriteFile(filepath.Join(dir, "members.toml"), []byte(file.String()), 0o644))
	r := harness.RunRoster(context.Background(), bin, dir, d, "plan", "--rate", "10000")
	calls := d.Counters()["members.list"]
	d.Close()
	if r.Code != 0 && r.Code != 2 {
		log.Fatalf("plan: exit %d %s", r.Code, r.Stderr)
	}
	add("plan: members.list calls for groups of "+strings.Join(got, ", ")+" members", strconv.FormatInt(calls, 10), fmt.Sprintf("= sum of ceil(n/200) = %d", want), yes(calls == int64(want)))

	// roster's own CPU for large syncs to one group, no latency: it must
	// grow linearly (the emulator's work is in another process).
	cpu := map[int]time.Duration{}
	for _, n := range []int{5_000, 20_000} {
		dir := filepath.Join(tmp, fmt.Sprintf("sync-one-group-%d", n))
		must(os.MkdirAll(dir, 0o755))
		w := synth.Sync(n, 0)
		must(os.WriteFile(filepath.Join(dir, "members.toml"), w.File, 0o644))
		d, err := harness.StartDomain(emulator.Options{})
		must(err)
		must(d.Seed(w.Group, w.Live))
		r := harness.RunRoster(context.Background(), bin, dir, d, "sync", "--rate", "1000000", "--format", "json")
		if r.Code != 0 || !d.Holds(w.Group, w.Want) {
			log.Fatalf("sync of %d adds: exit %d %s", n, r.Code, r.Stderr)
		}
		d.Close()
		cpu[n] = r.CPU
		add(fmt.Sprintf("sync: %dk adds to one group, no latency: roster's CPU (wall)", n/1000), fmt.Sprintf("%.2f s (%.1f s)", r.CPU.Seconds(), r.Took.Seconds()), "-", "-")
	}
	growth := cpu[20_000].Seconds() / cpu[5_000].Seconds()
	add("sync: CPU for 20k adds / for 5k (4 if linear)", fmt.Sprintf("%.1fx", growth), "< 5x", yes(growth < 5))

	// sync
	took := map[string]time.Duration{}
	for _, mode := range []struct {
		name string
		args []string
	}{{"sequential", []string{"--concurrency", "1"}}, {"defaults", nil}} {
		dir := filepath.Join(tmp, "sync-"+mode.name)
		must(os.MkdirAll(dir, 0o755))
		w := synth.Sync(1000, 200)
		must(os.WriteFile(filepath.Join(dir, "members.toml"), w.File, 0o644))
		d, err := harness.StartDomain(emulator.Options{Latency: *latency, Quota: emulator.Quota{Calls: 2400, Per: time.Minute}})
		must(err)
		must(d.Seed(w.Group, w.Live))
		r := harness.RunRoster(context.Background(), bin, dir, d, append([]string{"sync", "--max-removals", "200", "--max-removal-ratio", "1"}, mode.args...)...)
		if r.Code != 0 || !d.Holds(w.Group, w.Want) {
			log.Fatalf("sync %s: exit %d %s", mode.name, r.Code, r.Stderr)
		}
		took[mode.name] = r.Took
		c := d.Counters()
		add(fmt.Sprintf("sync 1,000 adds + 200 removals at %v/call, quota 2400/min, %s", *latency, mode.name),
			fmt.Sprintf("%.1f s, %d calls, %d refused for quota", r.Took.Seconds(), c["calls"], c["refused.quota"]), "< 33 s", yes(r.Took < 33*time.Second))
		d.Close()
	}
	ratio := took["sequential"].Seconds() / took["defaults"].Seconds()
	add("sync: sequential / defaults", fmt.Sprintf("%.1fx", ratio), "quota-bound at 20 ms (see bench/sync for 300 ms)", "-")

	// history
	repo := filepath.Join(tmp, "history")
	start := time.Now()
	must(historytest.Generate(repo, "members.toml", 1000, 2000))
	gen := time.Since(start)
	best := harness.Run{Took: time.Hour}
	for i := 0; i < 3; i++ {
		r := harness.RunRoster(context.Background(), bin, repo, nil, "history", "--format", "json")
		if r.Code != 0 {
			log.Fatalf("history: exit %d %s", r.Code, r.Stderr)
		}
		if r.Took < best.Took {
			best = r
		}
	}
	add("history: 1,000 commits of a 2,000-member file, best of 3", fmt.Sprintf("%.2f s, %d MB peak RSS with git cat-file", best.Took.Seconds(), best.MaxRSSKB/1024), "< 2 s", yes(best.Took < 2*time.Second))

	// site: the same history, read and built into the auditor's site
	// and the public roster (site.Build with history), as roster site
	// does.
	for _, public := range []bool{false, true} {
		args, what := []string{"site", "--at", "2026-11-24", "--out"}, "auditor's site"
		if public {
			args, what = []string{"site", "--public", "--at", "2026-11-24", "--out"}, "public roster"
		}
		best := harness.Run{Took: time.Hour}
		for i := 0; i < 3; i++ {
			out := filepath.Join(tmp, fmt.Sprintf("site-%v-%d", public, i))
			r := harness.RunRoster(context.Background(), bin, repo, nil, append(args, out)...)
			if r.Code != 0 {
				log.Fatalf("site: exit %d %s", r.Code, r.Stderr)
			}
			if r.Took < best.Took {
				best = r
			}
		}
		add(fmt.Sprintf("site (%s): 1,000 commits of a 2,000-member file, best of 3", what), fmt.Sprintf("%.2f s, %d MB peak RSS", best.Took.Seconds(), best.MaxRSSKB/1024), "< 3 s", yes(best.Took < 3*time.Second))
	}
	add(reviewBesideALongHistory(bin, filepath.Join(tmp, "review"))...)
	fmt.Printf("roster benchmarks (generating the history repository took %.1f s)\n\n", gen.Seconds())
	fmt.Print(harness.Table([]string{"benchmark", "measured", "target", "met"}, rows))
	missed := 0
	for _, r := range rows {
		if r[3] == "NO" {
			missed++
		}
	}
	if missed > 0 {
		fmt.Printf("\n%d targets missed\n", missed)
		cleanup() // deferred calls do not run on os.Exit
		os.Exit(1)
	}
}

func yes(ok bool) string {
	if ok {
		return "yes"
	}
	return "NO"
}

// mark is yes or NO for a row with a target, "-" for one without.
func mark(target string, ok bool) string {
	if target == "-" {
		return "-"
	}
	return yes(ok)
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// validateInGit commits file as members.toml in dir and validates it
// three times, returning the fastest run.
func validateInGit(bin, dir, file string) harness.Run {
	must(harness.Commit(dir, time.Time{}, "Create the lists", map[string]string{"members.toml": file}))
	best := harness.Run{Took: time.Hour}
	for i := 0; i < 3; i++ {
		r := harness.RunRoster(context.Background(), bin, dir, nil, "validate", "--at", "2026-11-24")
		if r.Code != 0 {
			log.Fatalf("validate %s: exit %d %s", dir, r.Code, r.Stderr)
		}
		if r.Took < best.Took {
			best = r
		}
	}
	return best
}

// bestOf3 runs roster in dir three times, the members file put back
// as committed after each (an edit writes it), and returns the fastest.
func bestOf3(bin, dir string, args ...string) harness.Run {
	best := harness.Run{Took: time.Hour}
	for range 3 {
		r := harness.RunRoster(context.Background(), bin, dir, nil, args...)
		if r.Code > 1 {
			log.Fatalf("roster %s in %s: exit %d %s", strings.Join(args, " "), dir, r.Code, r.Stderr)
		}
		must(exec.Command("git", "-C", dir, "checkout", "--", "members.toml").Run())
		if r.Took < best.Took {
			best = r
		}
	}
	return best
}

// reviewMembers is a members file of two owners, the base of the review
// benchmark; its head adds the list brand-new.
const reviewMembers = `schema = 1
admins = ["root-x"]

[lists.reports]
address = "reports@example.org"
policy = "p"
%s
[policies.p]
min_owners = 1
vetting_methods = ["video-call"]
vetted_by = "member"

[[member]]
email = "ada@example.org"
github = "ada-x"
lists = { reports = "owner"%s }
vetting = [{ by = "bob@example.org", on = 2026-01-01, method = "video-call" }]

[[member]]
email = "bob@example.org"
github = "bob-x"
lists = { reports = "owner"%s }
vetting = [{ by = "ada@example.org", on = 2026-01-01, method = "video-call" }]
`

// reviewBesideALongHistory times roster review of a change that adds a
// list for a group no file manages, in a repository where another
// members file (team.toml) has 1,000 versions of 2,000 members: review
// reads every other file's history for a list that let the group go
// (history.FormerListsElsewhere), and must not parse each version.
func reviewBesideALongHistory(bin, dir string) []string {
	must(historytest.Generate(dir, "team.toml", 1000, 2000))
	must(harness.Git(dir, time.Time{}, "reset", "-q", "--hard"))
	must(harness.Commit(dir, time.Time{}, "Our own lists", map[string]string{"members.toml": fmt.Sprintf(reviewMembers, "", "", "")}))
	newList := "\n[lists.brand-new]\naddress = \"brand-new@example.org\"\npolicy = \"p\"\n"
	must(os.WriteFile(filepath.Join(dir, "members.toml"), []byte(fmt.Sprintf(reviewMembers, newList, `, brand-new = "owner"`, `, brand-new = "owner"`)), 0o644))
	best := harness.Run{Took: time.Hour}
	for i := 0; i < 3; i++ {
		r := harness.RunRoster(context.Background(), bin, dir, nil, "review", "--base", "HEAD", "--author", "ada-x", "--approved-by", "root-x")
		if r.Code != 0 || !strings.Contains(r.Stdout, "brand-new") {
			log.Fatalf("review: exit %d %s%s", r.Code, r.Stdout, r.Stderr)
		}
		if r.Took < best.Took {
			best = r
		}
	}
	// Each version (590 KB) is read once, 590 MB through git cat-file,
	// and searched for the group's local part without a copy;
	// the search by git log -G it replaced diffed each against the one
	// before, 4.8 s on this machine (s17).
	return []string{"review: a new list beside another members file of 1,000 versions of 2,000 members, best of 3", fmt.Sprintf("%.2f s, %d MB peak RSS", best.Took.Seconds(), best.MaxRSSKB/1024), "< 2 s", yes(best.Took < 2*time.Second)}
}
