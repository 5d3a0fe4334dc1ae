package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/roster-dev/roster/bench/internal/harness"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/internal/synth"
)

// domainTable runs roster against a domain of many groups at Google's
// quota: a full no-op sync at 300 ms a call, a sync of 5% of the
// memberships changed at 300 ms and at 50 ms, and plans at --concurrency
// 1, 4 and 20 to show that pages of different groups are read side by
// side. Each must be within a few percent of the quota's bound, calls /
// (quota a second): the time the quota alone imposes. It prints its
// table and returns how many targets were missed.
func domainTable(bin, tmp string, q emulator.Quota, groups, perGroup int) int {
	perSecond := float64(q.Calls) / q.Per.Seconds()
	// Security lists: 80% of the members at other domains than the
	// groups' (gmail.com, partner companies); the rest at the groups'
	// domain, whom roster may have to look up as possible aliases.
	spec := synth.DomainSpec{Groups: groups, Members: perGroup, External: 0.8, Settings: true, Seed: 140}
	base := synth.NewDomain(spec)
	spec.Changed = 0.05
	changed := synth.NewDomain(spec)
	repo := func(name string, d synth.Domain) string {
		dir := filepath.Join(tmp, name)
		must(harness.Commit(dir, time.Now().Add(-72*time.Hour), "Create the lists", map[string]string{"members.toml": string(base.File)}))
		if string(d.File) != string(base.File) {
			must(harness.Commit(dir, time.Now().Add(-time.Hour), "Add and remove members", map[string]string{"members.toml": string(d.File)}))
		}
		return dir
	}
	noop, five := repo("domain-noop", base), repo("domain-changed", changed)

	var rows [][]string
	missed := 0
	type run struct {
		took    time.Duration
		calls   map[string]int64
		maxList int
		code    int
		holds   bool
		retries int64
	}
	do := func(dir string, d synth.Domain, latency time.Duration, args ...string) run {
		dom, err := harness.StartDomain(emulator.Options{Latency: latency, Quota: q, State: harness.DomainState(d.Before)})
		must(err)
		defer dom.Close()
		fmt.Fprintf(os.Stderr, "running %v at %v...\n", args, latency)
		r := harness.RunRoster(context.Background(), bin, dir, dom, args...)
		if r.Code != 0 && r.Code != 2 {
			fmt.Fprintf(os.Stderr, "%v: exit %d\n%s", args, r.Code, r.Stderr)
		}
		var out struct {
			Retries int64 `json:"retries"`
		}
		_ = json.Unmarshal([]byte(r.Stdout), &out)
		return run{took: r.Took, calls: dom.Counters(), maxList: dom.MaxInFlight("members.list"), code: r.Code, holds: len(dom.HoldsDomain(d.After)) == 0, retries: out.Retries}
	}
	bound := func(r run) float64 { return float64(r.calls["calls"]) / perSecond }
	calls := func(r run) string {
		c := r.calls
		writes := c["members.insert"] + c["members.delete"] + c["members.patch"] + c["settings.patch"]
		return fmt.Sprintf("%d: %d list, %d settings.get, %d members.get, %d activities, %d writes, %d refused", c["calls"], c["members.list"], c["settings.get"], c["members.get"], c["activities.list"]+c["groups.get"], writes, c["refused.quota"])
	}
	row := func(name string, r run, limit float64, extra string, ok bool) {
		ratio := r.took.Seconds() / bound(r)
		ok = ok && ratio <= limit && r.code == 0 && r.holds
		mark := "yes"
		if !ok {
			mark, missed = "NO", missed+1
		}
		rows = append(rows, []string{name, fmt.Sprintf("%.1f", r.took.Seconds()), calls(r), fmt.Sprintf("%.1f", bound(r)), fmt.Sprintf("%.2f", ratio),
			fmt.Sprintf("converges, <= %.1fx bound%s", limit, extra), mark})
	}
	// Every list pins settings: one settings.get per list per run.
	wantSettings := int64(groups)
	noopRun := do(noop, base, 300*time.Millisecond, "sync", "--format", "json")
	row(fmt.Sprintf("no-op full sync, %d groups, 300 ms", groups), noopRun, 1.2, fmt.Sprintf(", settings.get = %d, members.get = 0", wantSettings),
		noopRun.calls["settings.get"] == wantSettings && noopRun.calls["members.get"] == 0)
	guards := []string{"sync", "--format", "json", "--max-removals", "100000", "--max-removal-ratio", "1"}
	for _, latency := range []time.Duration{300 * time.Millisecond, 50 * time.Millisecond} {
		r := do(five, changed, latency, guards...)
		row(fmt.Sprintf("5%% changed (%d adds, %d removals, %d at the groups' domain), %v", changed.Adds, changed.Removals, changed.InDomain, latency), r, 1.1,
			fmt.Sprintf(", settings.get = %d, members.get = %d", wantSettings, changed.Lookups),
			r.calls["settings.get"] == wantSettings && r.calls["members.get"] == int64(changed.Lookups))
	}
	// What the same run costs without reading who changed the groups by
	// hand: attribution reads each drifted list's audit log, one to four
	// calls (admin, groups, groups.get and groups_enterprise).
	for _, latency := range []time.Duration{300 * time.Millisecond, 50 * time.Millisecond} {
		r := do(five, changed, latency, append(guards, "--no-attribution")...)
		rows = append(rows, []string{fmt.Sprintf("  the same, --no-attribution, %v", latency), fmt.Sprintf("%.1f", r.took.Seconds()), calls(r), fmt.Sprintf("%.1f", bound(r)),
			fmt.Sprintf("%.2f", r.took.Seconds()/bound(r)), "-", "-"})
	}
	fmt.Printf("sync of %d groups of %d members (2 owners on every list; 80%% of members at other domains than the groups'), quota %d/%v, bound = calls / %.0f a second\n\n",
		groups, perGroup+2, q.Calls, q.Per, perSecond)
	fmt.Print(harness.Table([]string{"run", "seconds", "API calls", "bound (s)", "x bound", "target", "met"}, rows))

	// Reads at the quota: pages of different groups in flight at once,
	// as many as --concurrency allows, until the rate limit binds.
	rows = nil
	var one run
	for _, c := range []int{1, 4, 20} {
		r := do(noop, base, 300*time.Millisecond, "plan", "--concurrency", strconv.Itoa(c))
		if c == 1 {
			one = r
		}
		speedup := one.took.Seconds() / r.took.Seconds()
		target, ok := "= 1", r.maxList == 1
		switch c {
		case 4:
			// 4 calls of 300 ms in flight: 13 calls a second, under the rate.
			target, ok = "= 4, speed-up >= 3.5x", r.maxList == 4 && speedup >= 3.5
		case 20:
			target, ok = fmt.Sprintf(">= 10, <= 20, <= 1.2x bound (%.1f s)", bound(r)), r.maxList >= 10 && r.maxList <= 20 && r.took.Seconds() <= 1.2*bound(r)
		}
		ok = ok && r.code == 0
		mark := "yes"
		if !ok {
			mark, missed = "NO", missed+1
		}
		rows = append(rows, []string{fmt.Sprintf("plan, %d groups, 300 ms, --concurrency %d", groups, c), strconv.Itoa(r.maxList), fmt.Sprintf("%.1f", r.took.Seconds()),
			fmt.Sprintf("%.1fx", speedup), strconv.FormatInt(r.calls["calls"], 10), target, mark})
	}
	fmt.Printf("\nreads in flight at once: members.list calls of different groups the emulator was answering together\n\n")
	fmt.Print(harness.Table([]string{"run", "list calls in flight (max)", "seconds", "speed-up", "calls", "target", "met"}, rows))
	fmt.Println()
	return missed
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
