// Command bench measures roster as a process and prints one table:
// validate at 1k, 10k and 100k members; plan's list calls per group
// against ceil(n/200); sync of 1,000 adds and 200 removals at 20 ms a
// call, one call at a time against the defaults; history over 1,000
// commits of a 2,000-member file.
//
//	go run ./bench                  # about two minutes
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
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
	for _, n := range []int{1_000, 10_000, 100_000} {
		dir := filepath.Join(tmp, fmt.Sprintf("validate%d", n))
		must(os.MkdirAll(dir, 0o755))
		must(os.WriteFile(filepath.Join(dir, "members.toml"), synth.MembersFile(synth.Spec{Members: n, Lists: 20}), 0o644))
		best := harness.Run{Took: time.Hour}
		for i := 0; i < 3; i++ {
			r := harness.RunRoster(context.Background(), bin, dir, nil, "validate", "--at", "2026-11-24")
			if r.Code != 0 {
				log.Fatalf("validate %d: exit %d %s", n, r.Code, r.Stdout)
			}
			if r.Took < best.Took {
				best = r
			}
		}
		target, ok := "-", true
		if n == 100_000 {
			target, ok = "< 1 s, < 300 MB", best.Took < time.Second && best.MaxRSSKB < 300*1024
		}
		add(fmt.Sprintf("validate %dk members (20 lists), best of 3", n/1000), fmt.Sprintf("%.2f s, %d MB peak RSS", best.Took.Seconds(), best.MaxRSSKB/1024), target, yes(ok))
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

	// sync
	took := map[string]time.Duration{}
	for _, mode := range []struct {
		name string
		args []string
	}{{"sequential", []string{"--concurrency", "1"}}, {"defaults", nil}} {
		dir := filepath.Join(tmp, "sync-"+mode.name)
		must(os.MkdirAll(dir, 0o755))
		members, live := harness.SyncWorkload(1000, 200)
		must(os.WriteFile(filepath.Join(dir, "members.toml"), members, 0o644))
		d, err := harness.StartDomain(emulator.Options{Latency: *latency, Quota: emulator.Quota{Calls: 2400, Per: time.Minute}})
		must(err)
		must(d.AddGroup("bench@example.org", live...))
		r := harness.RunRoster(context.Background(), bin, dir, d, append([]string{"sync", "--max-removals", "200", "--max-removal-ratio", "1"}, mode.args...)...)
		if r.Code != 0 {
			log.Fatalf("sync %s: exit %d %s", mode.name, r.Code, r.Stderr)
		}
		took[mode.name] = r.Took
		c := d.Counters()
		add(fmt.Sprintf("sync 1,000 adds + 200 removals at %v/call, quota 2400/min, %s", *latency, mode.name),
			fmt.Sprintf("%.1f s, %d calls, %d refused for quota", r.Took.Seconds(), c["calls"], c["refused.quota"]), "-", "-")
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
	fmt.Printf("roster benchmarks (generating the history repository took %.1f s)\n\n", gen.Seconds())
	fmt.Print(harness.Table([]string{"benchmark", "measured", "target", "met"}, rows))
}

func yes(ok bool) string {
	if ok {
		return "yes"
	}
	return "NO"
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
