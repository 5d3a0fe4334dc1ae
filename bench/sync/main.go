// Command sync measures roster sync against the emulator: 1,000 adds and
// 200 removals on one group with 300 ms per call and Google's default
// quota of 2,400 calls a minute, once one call at a time (as existing
// reconcilers do) and once with the defaults, and prints a table.
//
//	go run ./bench/sync                 # about 7 minutes: the sequential run is 1,200 x 300 ms
//	go run ./bench/sync -latency 20ms   # the issue 7 variant, about 40 s
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
	"time"

	"github.com/roster-dev/roster/bench/internal/harness"
	"github.com/roster-dev/roster/directory/emulator"
)

func main() {
	adds := flag.Int("adds", 1000, "members to add")
	removals := flag.Int("removals", 200, "live members to remove")
	latency := flag.Duration("latency", 300*time.Millisecond, "emulated latency per call")
	quota := flag.String("quota", "2400/min", "emulated quota")
	skipSeq := flag.Bool("skip-sequential", false, "only the default run")
	flag.Parse()

	tmp, bin, cleanup := harness.Setup("bench-sync")
	defer cleanup()
	q, err := emulator.ParseQuota(*quota)
	if err != nil {
		log.Fatal(err)
	}
	file, live := harness.SyncWorkload(*adds, *removals)
	if err := os.WriteFile(filepath.Join(tmp, "members.toml"), file, 0o644); err != nil {
		log.Fatal(err)
	}
	changes := *adds + *removals
	bound := time.Duration(float64(changes) / (float64(q.Calls) / q.Per.Seconds()) * float64(time.Second))

	type mode struct {
		name string
		args []string
	}
	modes := []mode{{"sequential (--concurrency 1)", []string{"--concurrency", "1"}}, {"defaults", nil}}
	if *skipSeq {
		modes = modes[1:]
	}
	var rows [][]string
	took := map[string]time.Duration{}
	for _, m := range modes {
		d, err := harness.StartDomain(emulator.Options{Latency: *latency, Quota: q})
		if err != nil {
			log.Fatal(err)
		}
		if err := d.AddGroup("bench@example.org", live...); err != nil {
			log.Fatal(err)
		}
		args := append([]string{"sync", "--format", "json", "--max-removals", strconv.Itoa(*removals), "--max-removal-ratio", "1"}, m.args...)
		fmt.Fprintf(os.Stderr, "running %s...\n", m.name)
		r := harness.RunRoster(context.Background(), bin, tmp, d, args...)
		if r.Code != 0 {
			log.Fatalf("%s: exit %d\n%s", m.name, r.Code, r.Stderr)
		}
		var out struct {
			OK      bool  `json:"ok"`
			Calls   int64 `json:"calls"`
			Retries int64 `json:"retries"`
		}
		if err := json.Unmarshal([]byte(r.Stdout), &out); err != nil {
			log.Fatalf("%s: %v", m.name, err)
		}
		c := d.Counters()
		pages := c["members.list"]
		live := len(d.Members("bench@example.org"))
		d.Close()
		took[m.name] = r.Took
		rows = append(rows, []string{
			m.name,
			fmt.Sprintf("%.1f", r.Took.Seconds()),
			strconv.Itoa(changes),
			strconv.FormatInt(pages, 10),
			strconv.FormatInt(out.Retries, 10),
			strconv.FormatInt(c["refused.quota"], 10),
			strconv.FormatInt(c["calls"], 10),
			fmt.Sprint(c["calls"] == int64(changes)+pages+out.Retries && out.Calls == c["calls"]),
			fmt.Sprintf("%.2f", r.Took.Seconds()/bound.Seconds()),
			fmt.Sprint(live == *adds+2),
		})
	}
	fmt.Printf("sync: %d adds + %d removals, %v latency, quota %s (bound %.0f s)\n\n", *adds, *removals, *latency, *quota, bound.Seconds())
	fmt.Print(harness.Table([]string{"run", "seconds", "changes", "list pages", "retries", "refused (quota)", "calls", "calls = changes+pages+retries", "x quota bound", "live = file"}, rows))
	if len(took) == 2 {
		fmt.Printf("\nspeed-up of the defaults over sequential: %.1fx\n", took["sequential (--concurrency 1)"].Seconds()/took["defaults"].Seconds())
	}
}
