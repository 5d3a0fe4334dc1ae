package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/roster-dev/roster/bench/internal/harness"
	"github.com/roster-dev/roster/directory/emulator"
)

// nestedRows measures the hourly run over n lists that may hold groups
// (allow_groups), one of which nests team@ (through mid@, two deep): a
// hand change to team@ is followed up through the groups it is in, and
// only that list is read; a hand change to a group in no list reads
// none. Before, either read every list that may hold groups.
func nestedRows(bin, tmp string, n int, add func(name, figure, target string, ok bool)) {
	var b strings.Builder
	b.WriteString("schema = 1\n\n[policies.p]\nmin_owners = 1\nvetting_methods = [\"video-call\"]\nallow_groups = true\n")
	owners := make([]string, n)
	groups := make([]*emulator.Group, 0, n+3)
	for i := range n {
		fmt.Fprintf(&b, "\n[lists.l%05d]\naddress = \"l%05d@example.org\"\npolicy = \"p\"\n", i, i)
		owners[i] = fmt.Sprintf("l%05d = \"owner\"", i)
		g := &emulator.Group{Email: fmt.Sprintf("l%05d@example.org", i), Members: []*emulator.Member{
			{Email: "o1@example.org", Role: "OWNER"}, {Email: "o2@example.org", Role: "OWNER"}}}
		groups = append(groups, g)
	}
	const nests = 42 // the list whose group holds mid@, which holds team@
	for _, o := range [][2]string{{"o1", "o2"}, {"o2", "o1"}} {
		fmt.Fprintf(&b, "\n[[member]]\nemail = \"%s@example.org\"\nlists = { %s }\nvetting = [{ by = \"%s@example.org\", on = 2026-06-01, method = \"video-call\" }]\n", o[0], strings.Join(owners, ", "), o[1])
	}
	fmt.Fprintf(&b, "\n[[member]]\nemail = \"mid@example.org\"\nlists = { l%05d = \"member\" }\nvetting = [{ by = \"o1@example.org\", on = 2026-06-01, method = \"video-call\" }]\n", nests)
	groups[nests].Members = append(groups[nests].Members, &emulator.Member{Email: "mid@example.org", Role: "MEMBER", Type: "GROUP"})
	groups = append(groups,
		&emulator.Group{Email: "mid@example.org", Members: []*emulator.Member{{Email: "team@example.org", Role: "MEMBER", Type: "GROUP"}}},
		&emulator.Group{Email: "team@example.org", Members: []*emulator.Member{{Email: "dev@example.org", Role: "MEMBER"}}},
		&emulator.Group{Email: "unrelated@example.org", Members: []*emulator.Member{{Email: "dev@example.org", Role: "MEMBER"}}})
	repo := filepath.Join(tmp, "repo-nested")
	must(harness.Commit(repo, time.Now().Add(-72*time.Hour), "Create the lists", map[string]string{"members.toml": b.String()}))
	for _, tc := range []struct {
		name, group string
		read        int
	}{
		{"a group nested two deep in one list", "team@example.org", 1},
		{"a group in no list", "unrelated@example.org", 0},
	} {
		d, err := harness.StartDomain(emulator.Options{State: &emulator.State{Groups: groups}, LogDelay: logDelay})
		must(err)
		d.SetClock(-100 * time.Minute)
		_, err = d.ByHand(emulator.Change{Application: "groups", Event: "add_user", Group: tc.group, Actor: "o1@example.org", Member: "friend@gmail.com"})
		must(err)
		d.SetClock(0)
		d.ResetTraffic()
		r := harness.RunRoster(context.Background(), bin, repo, d, "plan", "--changed-since", "2h", "--rate", "100000")
		reads := d.Reads("members.list")
		listsRead := 0
		for g := range reads {
			if strings.HasPrefix(g, "l") {
				listsRead++
			}
		}
		nestedRead := reads[fmt.Sprintf("l%05d@example.org", nests)] > 0
		calls := d.Counters()["calls"]
		ok := listsRead == tc.read && (tc.read == 0 || nestedRead) && calls <= 20 && r.Code != 1
		add(fmt.Sprintf("changed by hand 100 min before, %d lists that may hold groups: %s: lists read, the nesting list read, API calls (exit code)", n, tc.name),
			fmt.Sprintf("%d, %v, %d (%d)", listsRead, nestedRead, calls, r.Code), fmt.Sprintf("%d, %v, <= 20 (not 1)", tc.read, tc.read > 0), ok)
		d.Close()
	}
}
