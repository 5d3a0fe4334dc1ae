// Command incremental measures `roster sync --changed-since 2h`, the
// hourly job of a big domain, against the emulator: 10,000 groups managed
// by one members file committed days ago, 2 owners on every list (who
// vet everyone) and 8 members on each, 80% of them at other domains than
// the groups'. It prints one table and exits 1 when a row misses its
// target:
//
//   - a no-op run (nothing changed in git or in Google's audit log in
//     the window; older changes by hand are in the log) makes at most 20
//     API calls and reads no group;
//   - the hourly run after a full run that wrote to many groups reads
//     none of them: roster's own writes that agree with the file are
//     no change;
//   - a change by hand of each kind Google's audit log records for
//     groups, made 100 minutes before the run (inside the 2-hour window;
//     shown by activities.list only after the application's log delay,
//     10 minutes for admin and 30 for groups and groups_enterprise), is
//     caught by the next incremental run: the group is read and the
//     change reverted;
//   - a change by hand to a group nested in one of 1,000 lists that may
//     hold groups reads that list alone, and one to a group in no list
//     reads none.
//
// The runs with a change by hand use --rate 100000: a change that names
// no group (a bulk upload) or names it by id only (groups_enterprise)
// makes roster read every list, 20,000 calls that take 9 minutes at the
// default rate; the calls are counted either way.
//
//	go run ./bench/incremental                 # about a minute
//	go run ./bench/incremental -groups 1000    # smaller
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/roster-dev/roster/bench/internal/harness"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/internal/synth"
)

// logDelay is how late each application's events show in the emulated
// audit log, as Google's do (Reports API, "Data retention and lag
// times": minutes for admin, up to about half an hour for the others).
var logDelay = map[string]time.Duration{"admin": 10 * time.Minute, "groups": 30 * time.Minute, "groups_enterprise": 30 * time.Minute}

func main() {
	groups := flag.Int("groups", 10_000, "groups in the domain")
	perGroup := flag.Int("members", 8, "members of each group besides its 2 owners")
	only := flag.String("only", "", "run only the change-by-hand rows whose name contains this")
	flag.Parse()

	tmp, bin, cleanup := harness.Setup("bench-incremental")
	defer cleanup()
	start := time.Now()
	dom := synth.NewDomain(synth.DomainSpec{Groups: *groups, Members: *perGroup, External: 0.8, Settings: true})
	repo := filepath.Join(tmp, "repo")
	// Committed three days ago: nothing changed in git in the window.
	must(harness.Commit(repo, time.Now().Add(-72*time.Hour), "Create the lists", map[string]string{"members.toml": string(dom.File)}))
	state := harness.DomainState(dom.Before)
	newDomain := func() *harness.Domain {
		d, err := harness.StartDomain(emulator.Options{State: state, LogDelay: logDelay})
		must(err)
		return d
	}
	target := strings.ToLower(synth.GroupAddress(*groups*42/100, "example.org"))
	var listed string // a member the file lists on the target group
	for e, role := range dom.After[*groups*42/100].Members {
		if role == "MEMBER" && (listed == "" || e < listed) {
			listed = e
		}
	}
	fmt.Fprintf(os.Stderr, "domain of %d groups generated in %.1f s (members.toml: %.1f MB)\n", *groups, time.Since(start).Seconds(), float64(len(dom.File))/1e6)

	var rows [][]string
	missed := 0
	add := func(name, figure, target string, ok bool) {
		mark := "yes"
		if !ok {
			mark = "NO"
			missed++
		}
		rows = append(rows, []string{name, figure, target, mark})
	}
	info := func(name, figure string) { rows = append(rows, []string{name, figure, "-", "-"}) }

	// The hourly no-op: the audit log holds changes by hand of three days
	// ago (a walk-in added and taken off again), none in the window.
	if *only == "" {
		d := newDomain()
		d.SetClock(-72 * time.Hour)
		_, err := d.ByHand(emulator.Change{Application: "groups", Event: "add_user", Group: target, Actor: synth.OwnerEmail(0, "example.org"), Member: "visitor@gmail.com"})
		must(err)
		_, err = d.ByHand(emulator.Change{Application: "groups", Event: "remove_user", Group: target, Actor: synth.OwnerEmail(0, "example.org"), Member: "visitor@gmail.com"})
		must(err)
		d.SetClock(0)
		d.ResetTraffic()
		best := harness.Run{Took: time.Hour}
		var calls int64
		read := 0
		for i := 0; i < 3; i++ {
			d.ResetTraffic()
			r := harness.RunRoster(context.Background(), bin, repo, d, "sync", "--changed-since", "2h")
			if r.Code != 0 {
				log.Fatalf("no-op incremental sync: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
			}
			calls = d.Counters()["calls"]
			read = len(d.Reads("members.list"))
			if r.Took < best.Took {
				best = r
			}
		}
		writes := len(d.Journal()) - 2
		add(fmt.Sprintf("hourly no-op over %d groups (sync --changed-since 2h): API calls, groups read, writes", *groups),
			fmt.Sprintf("%d, %d, %d", calls, read, writes), "<= 20, 0, 0", calls <= 20 && read == 0 && writes == 0)
		info("hourly no-op: seconds (best of 3), peak RSS", fmt.Sprintf("%.2f s, %d MB", best.Took.Seconds(), best.MaxRSSKB/1024))
		d.Close()
	}

	// The hourly run after a full run that wrote to every group (a
	// tenth of the memberships changed): roster's own writes agree with
	// the file and are no change, so it reads no group.
	if *only == "" || strings.Contains("after a full run", *only) {
		changed := synth.NewDomain(synth.DomainSpec{Groups: *groups, Members: *perGroup, External: 0.8, Settings: true, Changed: 0.1, Seed: 7})
		repo2 := filepath.Join(tmp, "repo-changed")
		must(harness.Commit(repo2, time.Now().Add(-72*time.Hour), "Create the lists", map[string]string{"members.toml": string(changed.File)}))
		d, err := harness.StartDomain(emulator.Options{State: harness.DomainState(changed.Before), LogDelay: logDelay})
		must(err)
		fmt.Fprintf(os.Stderr, "running the full sync of %d changes...\n", changed.Adds+changed.Removals)
		// The nightly run, 90 minutes before: its writes show in the log.
		d.SetClock(-90 * time.Minute)
		written := len(d.HoldsDomain(changed.After))
		full := harness.RunRoster(context.Background(), bin, repo2, d, "sync", "--rate", "100000", "--max-removals", "1000000", "--max-removal-ratio", "1")
		if full.Code != 0 || len(d.HoldsDomain(changed.After)) != 0 {
			log.Fatalf("full sync: exit %d\n%s", full.Code, lastLines(full.Stderr, 5))
		}
		d.SetClock(0)
		d.ResetTraffic()
		r := harness.RunRoster(context.Background(), bin, repo2, d, "sync", "--changed-since", "2h")
		calls, read := d.Counters()["calls"], len(d.Reads("members.list"))
		add(fmt.Sprintf("hourly run 90 min after a full run that wrote to %d of %d groups (%d changes): API calls, groups read (exit code)", written, *groups, changed.Adds+changed.Removals),
			fmt.Sprintf("%d, %d (%d)", calls, read, r.Code), "<= 20, 0 (0)", calls <= 20 && read == 0 && r.Code == 0)
		d.Close()
	}

	owner := synth.OwnerEmail(0, "example.org")
	kinds := []struct {
		name   string
		change emulator.Change
	}{
		{"admin ADD_GROUP_MEMBER", emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Member: "intruder@gmail.com"}},
		{"admin REMOVE_GROUP_MEMBER", emulator.Change{Application: "admin", Event: "REMOVE_GROUP_MEMBER", Member: listed}},
		{"admin UPDATE_GROUP_MEMBER", emulator.Change{Application: "admin", Event: "UPDATE_GROUP_MEMBER", Member: listed, Role: "OWNER"}},
		{"admin CHANGE_GROUP_SETTING", emulator.Change{Application: "admin", Event: "CHANGE_GROUP_SETTING", Settings: map[string]string{"whoCanJoin": "ALL_IN_DOMAIN_CAN_JOIN"}}},
		{"groups join", emulator.Change{Application: "groups", Event: "join", Actor: "walk-in@example.org"}},
		{"groups add_user", emulator.Change{Application: "groups", Event: "add_user", Actor: owner, Member: "friend@gmail.com"}},
		{"groups remove_user", emulator.Change{Application: "groups", Event: "remove_user", Actor: owner, Member: listed}},
		{"groups change_acl_permission", emulator.Change{Application: "groups", Event: "change_acl_permission", Actor: owner, Setting: "can_join",
			Old: []string{"invited_can_join"}, New: []string{"anyone_can_join"}, Settings: map[string]string{"whoCanJoin": "ANYONE_CAN_JOIN"}}},
		{"groups_enterprise add_member", emulator.Change{Application: "groups_enterprise", Event: "add_member", Actor: owner, Member: "contractor@vendor.example"}},
		{"admin GROUP_MEMBER_BULK_UPLOAD", emulator.Change{Application: "admin", Event: "GROUP_MEMBER_BULK_UPLOAD",
			Members: []emulator.Member{{Email: "bulk1@partner-a.example"}, {Email: "bulk2@partner-a.example"}}}},
	}
	for _, k := range kinds {
		if *only != "" && !strings.Contains(k.name, *only) {
			continue
		}
		d := newDomain()
		c := k.change
		c.Group = target
		d.SetClock(-100 * time.Minute)
		_, err := d.ByHand(c)
		must(err)
		d.SetClock(0)
		if len(d.HoldsDomain(dom.After)) != 1 {
			log.Fatalf("%s: the change by hand did not change %s", k.name, target)
		}
		d.ResetTraffic()
		fmt.Fprintf(os.Stderr, "running %s...\n", k.name)
		r := harness.RunRoster(context.Background(), bin, repo, d, "sync", "--changed-since", "2h", "--rate", "100000")
		read := d.Reads("members.list")[target] > 0
		differ := d.HoldsDomain(dom.After)
		calls := d.Counters()["calls"]
		lists := len(d.Reads("members.list"))
		ok := read && len(differ) == 0 && r.Code == 0
		if !ok {
			fmt.Fprintf(os.Stderr, "%s: exit %d, differ %v\n%s%s", k.name, r.Code, differ, r.Stdout, lastLines(r.Stderr, 5))
		}
		add(fmt.Sprintf("changed by hand 100 min before: %s: group read, reverted (exit code)", k.name),
			fmt.Sprintf("%v, %v (%d)", read, len(differ) == 0, r.Code), "true, true (0)", ok)
		info(fmt.Sprintf("  %s: groups read, API calls, seconds at --rate 100000", k.name), fmt.Sprintf("%d, %d, %.1f s", lists, calls, r.Took.Seconds()))
		d.Close()
	}

	if *only == "" || strings.Contains("nested", *only) {
		nestedRows(bin, tmp, 1000, add)
	}

	fmt.Printf("incremental sync over %d groups (%d members each, 2 owners on every list, 80%% of members at other domains)\n\n", *groups, *perGroup+2)
	fmt.Print(harness.Table([]string{"check", "measured", "target", "met"}, rows))
	if missed > 0 {
		fmt.Printf("\n%d targets missed\n", missed)
		cleanup() // deferred calls do not run on os.Exit
		os.Exit(1)
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n") + "\n"
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
