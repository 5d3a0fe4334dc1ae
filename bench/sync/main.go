// Command sync measures roster sync against the emulator at Google's
// latency and quota (2,400 calls a minute), and prints two tables.
//
// The domain table: 140 groups of 52 members (80% of them at other
// domains than the groups', as on security lists), every list pinning
// its settings: a no-op full sync at 300 ms a call, a sync of 5% of the
// memberships changed at 300 ms and at 50 ms (each within a few percent
// of the quota's bound, calls / 40 a second, with members.get and
// settings.get counted against what they must be), and plans at
// --concurrency 1, 4 and 20 to show that reads of different groups are
// in flight at once.
//
// The one-group table: 1,000 adds and 200 removals on one group with 300
// ms per call, once one call at a time (as existing reconcilers do), once
// with the defaults, and once with the client's rate set above the quota
// so that Google refuses calls. Each run must converge with its call
// accounting exact (calls = changes + list pages, the group's and the
// Workspace's groups', + audit-log reads + retries); the defaults must finish within 10% of the quota's
// bound; the over-quota run must be refused and retry every refusal.
//
// It exits 1 when a target is missed.
//
//	go run ./bench/sync                 # about 15 minutes: the sequential run is 1,200 x 300 ms
//	go run ./bench/sync -only domain    # the domain table, about 5 minutes
//	go run ./bench/sync -only one-group -latency 20ms   # about a minute
package main

import (
	"context"
	"encoding/json"
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
	"github.com/roster-dev/roster/internal/synth"
)

func main() {
	adds := flag.Int("adds", 1000, "members to add")
	removals := flag.Int("removals", 200, "live members to remove")
	latency := flag.Duration("latency", 300*time.Millisecond, "emulated latency per call")
	quota := flag.String("quota", "2400/min", "emulated quota")
	skipSeq := flag.Bool("skip-sequential", false, "only the default run")
	only := flag.String("only", "", "run only one table: one-group or domain")
	groups := flag.Int("groups", 140, "groups of the domain table")
	perGroup := flag.Int("members", 50, "members of each group of the domain table, besides its 2 owners")
	flag.Parse()

	tmp, bin, cleanup := harness.Setup("bench-sync")
	defer cleanup()
	q, err := emulator.ParseQuota(*quota)
	if err != nil {
		log.Fatal(err)
	}
	missed := 0
	if *only != "one-group" {
		missed += domainTable(bin, tmp, q, *groups, *perGroup)
	}
	if *only == "domain" {
		if missed > 0 {
			fmt.Printf("\n%d targets missed\n", missed)
			cleanup() // deferred calls do not run on os.Exit
			os.Exit(1)
		}
		return
	}
	w := synth.Sync(*adds, *removals)
	if err := os.WriteFile(filepath.Join(tmp, "members.toml"), w.File, 0o644); err != nil {
		log.Fatal(err)
	}
	changes := *adds + *removals
	bound := time.Duration(float64(changes) / (float64(q.Calls) / q.Per.Seconds()) * float64(time.Second))

	type mode struct {
		name string
		args []string
	}
	// Over quota: 20 calls in flight at the latency can outrun the quota;
	// a client rate of twice the quota lets them.
	overRate := 2 * float64(q.Calls) / q.Per.Seconds()
	modes := []mode{
		{"sequential (--concurrency 1)", []string{"--concurrency", "1"}},
		{"defaults", nil},
		{fmt.Sprintf("over quota (--rate %.0f)", overRate), []string{"--rate", strconv.FormatFloat(overRate, 'f', -1, 64), "--concurrency", "40"}},
	}
	if *skipSeq {
		modes = modes[1:]
	}
	var rows [][]string
	check := func(what string, ok bool) string {
		if !ok {
			missed++
			fmt.Fprintf(os.Stderr, "missed: %s\n", what)
			return "NO"
		}
		return "yes"
	}
	took := map[string]time.Duration{}
	for _, m := range modes {
		d, err := harness.StartDomain(emulator.Options{Latency: *latency, Quota: q})
		if err != nil {
			log.Fatal(err)
		}
		if err := d.Seed(w.Group, w.Live); err != nil {
			log.Fatal(err)
		}
		args := append([]string{"sync", "--format", "json", "--max-removals", strconv.Itoa(*removals), "--max-removal-ratio", "1"}, m.args...)
		fmt.Fprintf(os.Stderr, "running %s...\n", m.name)
		r := harness.RunRoster(context.Background(), bin, tmp, d, args...)
		var out struct {
			OK      bool  `json:"ok"`
			Calls   int64 `json:"calls"`
			Retries int64 `json:"retries"`
		}
		if r.Code == 0 {
			if err := json.Unmarshal([]byte(r.Stdout), &out); err != nil {
				log.Fatalf("%s: %v", m.name, err)
			}
		} else {
			fmt.Fprintf(os.Stderr, "%s: exit %d\n%s", m.name, r.Code, r.Stderr)
		}
		c := d.Counters()
		// The group's pages, and the page of the Workspace's groups that
		// answers whether the thousand new addresses are groups.
		pages := c["members.list"] + c["groups.list"]
		converged := r.Code == 0 && d.Holds(w.Group, w.Want)
		d.Close()
		took[m.name] = r.Took
		// Before writing, sync reads who changed the drifted group by hand
		// (audit.Attribute): the audit logs, and groups.get for the id
		// Cloud Identity's log names groups by.
		auditLog := c["activities.list"] + c["groups.get"]
		accounting := c["calls"] == int64(changes)+pages+out.Retries+auditLog && out.Calls == c["calls"]
		ratio := r.Took.Seconds() / bound.Seconds()
		target := "converges, calls exact"
		ok := converged && accounting
		switch {
		case m.args == nil:
			target += ", < 1.1x bound"
			ok = ok && ratio < 1.1
		case strings.HasPrefix(m.name, "over quota"):
			target += ", refused > 0, each refusal retried"
			ok = ok && c["refused.quota"] > 0 && out.Retries == c["refused.quota"]
		}
		rows = append(rows, []string{
			m.name,
			fmt.Sprintf("%.1f", r.Took.Seconds()),
			strconv.FormatInt(pages, 10),
			strconv.FormatInt(auditLog, 10),
			strconv.FormatInt(out.Retries, 10),
			strconv.FormatInt(c["refused.quota"], 10),
			strconv.FormatInt(c["calls"], 10),
			fmt.Sprintf("%.2f", ratio),
			target,
			check(m.name, ok),
		})
	}
	fmt.Printf("sync: %d adds + %d removals, %v latency, quota %s (bound %.0f s)\n\n", *adds, *removals, *latency, *quota, bound.Seconds())
	fmt.Print(harness.Table([]string{"run", "seconds", "list pages", "audit log", "retries", "refused (quota)", "calls", "x quota bound", "target", "met"}, rows))
	if seq, ok := took["sequential (--concurrency 1)"]; ok {
		speedup := seq.Seconds() / took["defaults"].Seconds()
		// Not a target of its own: one call at a time is bound by latency,
		// the defaults by the quota, which the row above checks.
		fmt.Printf("\nspeed-up of the defaults over sequential: %.1fx\n", speedup)
	}
	if missed > 0 {
		fmt.Printf("\n%d targets missed\n", missed)
		cleanup() // deferred calls do not run on os.Exit
		os.Exit(1)
	}
}
