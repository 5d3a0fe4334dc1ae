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

// routesCapHeld: an entry held back once for taking a list over its
// max_members stays held back when a later change adds someone else,
// committed or still in the working tree: the group never passes its
// cap on any route.
func routesCapHeld(bin, tmp string) []row {
	hdr := strings.Replace(fmt.Sprintf(routeHeader, "reports"), "min_owners = 2", "min_owners = 2\nmax_members = 3", 1)
	base := hdr + person("ada@example.org", "reports", "owner") + person("grace@example.org", "reports", "owner") + person("carol@example.org", "reports", "member")
	dan := person("dan@example.org", "reports", "member")
	eve := person("eve@example.org", "reports", "member")
	var figs []string
	ok := true
	for _, c := range []struct {
		name string
		then func(dir string)
	}{
		{"committed", func(dir string) {
			must(harness.Commit(dir, time.Now().Add(-time.Hour), "Eve", map[string]string{"members.toml": base + dan + eve}))
		}},
		{"in the working tree", func(dir string) { must(os.WriteFile(filepath.Join(dir, "members.toml"), []byte(base+dan+eve), 0o644)) }},
	} {
		dir := filepath.Join(tmp, "route-cap-held-"+strings.ReplaceAll(c.name, " ", "-"))
		must(harness.Commit(dir, time.Now().Add(-48*time.Hour), "The list", map[string]string{"members.toml": base}))
		must(harness.Commit(dir, time.Now().Add(-24*time.Hour), "Dan", map[string]string{"members.toml": base + dan}))
		c.then(dir)
		setup := func() *harness.Domain {
			return startDomain(map[string][]string{"security@example.org": {"ada@example.org OWNER", "grace@example.org OWNER", "carol@example.org"}})
		}
		fig, good := twoRoutes(bin, dir, setup, nil, func(d *harness.Domain, r harness.Run) (string, bool) {
			n := len(d.Members("security@example.org"))
			return fmt.Sprintf("%d members (%d)", n, r.Code), n <= 3 && r.Code == 1
		})
		figs = append(figs, c.name+": "+fig)
		ok = ok && good
	}
	return []row{{"routes: dan held back for the cap (max_members 3), then eve added, committed or in the working tree: members on the group (exit code)", strings.Join(figs, "; "), "<= 3 (1) on every route", ok}}
}

// routesOwnersCounted: the guard on a write that lowers a group's
// owners counts people the file stands behind: a second spelling of an
// owner's mailbox, or an owner the file lists on a record that admits
// nobody, does not stand in for boss, whose place the file gives o2,
// whose add Google refuses.
func routesOwnersCounted(bin, tmp string) []row {
	hdr := strings.Replace(fmt.Sprintf(routeHeader, "reports"), `unmanaged = "report"`, `unmanaged = "remove"`, 1)
	entry := func(email, role, by, method string) string {
		return fmt.Sprintf("\n[[member]]\nemail = %q\nlists = { reports = %q }\nvetting = [{ by = %q, on = %s, method = %q }]\n", email, role, by, time.Now().AddDate(0, -2, 0).Format("2006-01-02"), method)
	}
	owners := hdr + entry("o1@example.org", "owner", "o2@example.org", "video-call") + entry("o2@example.org", "owner", "o1@example.org", "video-call")
	var figs []string
	ok := true
	for _, c := range []struct {
		name, file string
		extra      emulator.Member
	}{
		{"a second spelling of o1 (o1+x@)", owners, emulator.Member{Email: "o1+x@example.org", Role: "OWNER"}},
		{"o3, listed on a record that admits nobody", owners + entry("o3@example.org", "owner", "o1@example.org", "carrier-pigeon"), emulator.Member{Email: "o3@example.org", Role: "OWNER"}},
	} {
		dir := filepath.Join(tmp, "route-owners-counted-"+strings.Fields(c.name)[0])
		// boss owned the list in the file before this change gave their
		// place to o2: a former owner, whose departure the guard weighs
		// (a walk-in owner, never in the file, weighs only in the count
		// of people).
		must(harness.Commit(dir, time.Now().Add(-48*time.Hour), "The owners", map[string]string{"members.toml": hdr + entry("o1@example.org", "owner", "boss@example.org", "video-call") + entry("boss@example.org", "owner", "o1@example.org", "video-call")}))
		must(harness.Commit(dir, time.Now().Add(-24*time.Hour), "o2 for boss", map[string]string{"members.toml": c.file}))
		setup := func() *harness.Domain {
			d, err := harness.StartDomain(emulator.Options{State: &emulator.State{NoAccount: []string{"o2@example.org"}}})
			must(err)
			must(d.AddGroup("security@example.org", emulator.Member{Email: "o1@example.org", Role: "OWNER"}, emulator.Member{Email: "boss@example.org", Role: "OWNER"}, c.extra))
			return d
		}
		fig, good := twoRoutes(bin, dir, setup, []string{"--max-removal-ratio", "1"}, func(d *harness.Domain, r harness.Run) (string, bool) {
			kept := false
			for _, m := range d.Members("security@example.org") {
				kept = kept || m.Email == "boss@example.org" && m.Role == "OWNER"
			}
			return fmt.Sprintf("boss kept %v (%d)", kept, r.Code), kept && r.Code != 0
		})
		figs = append(figs, c.name+": "+fig)
		ok = ok && good
	}
	return []row{{"routes: min_owners 2, boss's place given to o2 (no Google account): boss kept beside (exit code)", strings.Join(figs, "; "), "boss kept true (non-zero) on every route", ok}}
}
