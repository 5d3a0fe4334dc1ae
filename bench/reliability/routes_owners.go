package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/roster-dev/roster/bench/internal/harness"
	"github.com/roster-dev/roster/directory/emulator"
)

// routesGroupOwner: a nested group with the role OWNER answers for
// nobody: a demotion that would leave one person owning the list is
// held back on every route, however many groups are owners beside them.
func routesGroupOwner(bin, tmp string) []row {
	dir := filepath.Join(tmp, "route-group-owner")
	must(os.MkdirAll(dir, 0o755))
	hdr := strings.Replace(fmt.Sprintf(routeHeader, "reports"), "min_owners = 2", "min_owners = 2\nallow_groups = true", 1)
	file := hdr + person("ada@example.org", "reports", "owner") + person("ops@example.org", "reports", "owner") + person("grace@example.org", "reports", "member")
	must(os.WriteFile(filepath.Join(dir, "members.toml"), []byte(file), 0o644))
	setup := func() *harness.Domain {
		d := startDomain(map[string][]string{"ops@example.org": {"eve@example.org"}})
		must(d.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org", Role: "OWNER"},
			emulator.Member{Email: "ops@example.org", Role: "OWNER", Type: "GROUP"}))
		return d
	}
	fig, ok := twoRoutes(bin, dir, setup, nil, func(d *harness.Domain, r harness.Run) (string, bool) {
		people := 0
		for _, m := range d.Members("security@example.org") {
			if m.Role == "OWNER" && m.Type != "GROUP" {
				people++
			}
		}
		return fmt.Sprintf("%d people own it (%d)", people, r.Code), people >= 2
	})
	return []row{{"routes: a group made OWNER beside two people, the file demotes one: people left owning the list (exit code)", fig, "sync and plan+apply: >= 2", ok}}
}

// routesEmptied: a commit that takes everyone off a list (their entries
// kept) is no "remove everyone" on any route: validate fails, sync
// reads and writes nothing of the group, and show names them still.
func routesEmptied(bin, tmp string) []row {
	dir := filepath.Join(tmp, "route-emptied")
	must(os.MkdirAll(dir, 0o755))
	hdr := strings.Replace(fmt.Sprintf(routeHeader, "reports"), "min_owners = 2", "min_owners = 0", 1)
	full := hdr + person("ada@example.org", "reports", "owner") + person("grace@example.org", "reports", "owner") + person("lin@example.org", "reports", "member")
	emptied := regexp.MustCompile(`lists = \{ reports = "\w+" \}`).ReplaceAllString(full, "lists = {}")
	must(harness.Commit(dir, time.Now().Add(-48*time.Hour), "The list", map[string]string{"members.toml": full}))
	must(harness.Commit(dir, time.Now().Add(-24*time.Hour), "Take everyone off", map[string]string{"members.toml": emptied}))
	v := harness.RunRoster(context.Background(), bin, dir, nil, "validate")
	sh := harness.RunRoster(context.Background(), bin, dir, nil, "show", "--at", "HEAD")
	d := startDomain(map[string][]string{"security@example.org": {"ada@example.org OWNER", "grace@example.org OWNER", "lin@example.org"}})
	defer d.Close()
	s := harness.RunRoster(context.Background(), bin, dir, d, "sync")
	reads, writes := d.Counters()["members.list"], len(d.Journal())
	named := strings.Contains(sh.Stdout, "lin@example.org")
	return []row{{"routes: everyone taken off a list: validate exit; sync exit, group reads, writes; show --at HEAD names them",
		fmt.Sprintf("%d; %d, %d, %d; %v", v.Code, s.Code, reads, writes, named), "1; 1, 0, 0; true",
		v.Code == 1 && s.Code == 1 && reads == 0 && writes == 0 && named}}
}
