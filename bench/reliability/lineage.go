package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/roster-dev/roster/bench/internal/harness"
)

// routesLineage checks that what the file's lineage is (which files'
// histories are its own, and which list an id names) is one answer on
// every route: sync and plan+apply, history, show --at and diff.
func routesLineage(bin, tmp string) []row {
	var rows []row
	old := time.Now().Add(-72 * time.Hour)
	list := func(extra ...string) string {
		s := fmt.Sprintf(routeHeader, "reports") + person("ada@example.org", "reports", "owner") + person("grace@example.org", "reports", "owner")
		for _, e := range extra {
			s += person(e, "reports", "member")
		}
		return s
	}

	// A members file created as a near copy of an example that stays:
	// git calls it a copy; the example's entry is no one the file took
	// off, so the walk-in it names stays, reported.
	dir := filepath.Join(tmp, "route-copy")
	must(harness.Commit(dir, old, "An example", map[string]string{"examples/members.toml": list("w@example.org")}))
	must(harness.Commit(dir, time.Time{}, "Adopt the list", map[string]string{"members.toml": list()}))
	setup := func() *harness.Domain {
		return startDomain(map[string][]string{"security@example.org": {"ada@example.org OWNER", "grace@example.org OWNER", "w@example.org"}})
	}
	fig, ok := twoRoutes(bin, dir, setup, nil, func(d *harness.Domain, r harness.Run) (string, bool) {
		got := liveSet(d, "security@example.org")
		return fmt.Sprintf("%s (%d)", got, r.Code), got == "ada@example.org grace@example.org w@example.org" && r.Code == 3
	})
	rows = append(rows, row{"routes: a members file created as a copy of an example that stays (which lists w, on the group): live group (exit code)", fig,
		"sync and plan+apply: ada@example.org grace@example.org w@example.org (3)", ok})

	// A list moved from a.toml to b.toml to members.toml, each in one
	// commit; gone was taken off in a.toml.
	dir = filepath.Join(tmp, "route-hops")
	must(harness.Commit(dir, old, "The list in a.toml", map[string]string{"a.toml": list("gone@example.org"), "members.toml": "schema = 1\n"}))
	must(harness.Commit(dir, old.Add(time.Hour), "Take gone off", map[string]string{"a.toml": list()}))
	must(harness.Commit(dir, old.Add(2*time.Hour), "Move the list to b.toml", map[string]string{"a.toml": "", "b.toml": list()}))
	must(harness.Commit(dir, time.Time{}, "Move the list into members.toml", map[string]string{"b.toml": "", "members.toml": list()}))
	ctx := context.Background()
	h := harness.RunRoster(ctx, bin, dir, nil, "history", "--list", "reports", "--format", "csv")
	joins := strings.Count(h.Stdout, ",added,")
	left := strings.Contains(h.Stdout, "Take gone off,reports,gone@example.org,removed")
	s := harness.RunRoster(ctx, bin, dir, nil, "show", "--at", "HEAD~3", "--list", "reports")
	df := harness.RunRoster(ctx, bin, dir, nil, "diff", "HEAD~3", "HEAD", "--list", "reports")
	shown, gone := strings.Contains(s.Stdout, "gone@example.org"), strings.Contains(df.Stdout, "- gone@example.org")
	rows = append(rows, row{"routes: a list moved through two files (gone taken off in the first): history joins, gone's leave; show --at the start has gone; diff from then says gone left",
		fmt.Sprintf("%d, %v; %v; %v", joins, left, shown, gone), "3, true; true; true", joins == 3 && left && shown && gone})

	// Two lists swap ids in the commit that takes bob off k@: --list K
	// is a@ (K's group now) on every route, whatever the window.
	dir = filepath.Join(tmp, "route-swap")
	two := func(k, l string) string {
		return "schema = 1\n\n[lists." + k + "]\naddress = \"k@example.org\"\npolicy = \"p\"\n\n[lists." + l + "]\naddress = \"a@example.org\"\npolicy = \"p\"\n\n" +
			"[policies.p]\nmin_owners = 1\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\nunmanaged = \"report\"\n"
	}
	on := func(email, lists string) string {
		return strings.Replace(person(email, "reports", "member"), `lists = { reports = "member" }`, "lists = { "+lists+" }", 1)
	}
	day := old.UTC().Format("2006-01-02")
	must(harness.Commit(dir, old, "Two lists", map[string]string{"members.toml": two("K", "L") + on("ada@example.org", `K = "owner", L = "owner"`) + on("bob@example.org", `K = "member"`) + on("carol@example.org", `L = "member"`)}))
	must(harness.Commit(dir, time.Time{}, "Swap the ids, take bob off", map[string]string{"members.toml": two("L", "K") + on("ada@example.org", `K = "owner", L = "owner"`) + on("carol@example.org", `K = "member"`)}))
	var wrong []string
	for _, args := range [][]string{{"history", "--list", "K"}, {"history", "--list", "K", "--until", day}, {"show", "--at", day, "--list", "K"}, {"show", "--at", "HEAD~1", "--list", "K"}} {
		r := harness.RunRoster(ctx, bin, dir, nil, args...)
		if r.Code != 0 || strings.Contains(r.Stdout, "bob@example.org") || !strings.Contains(r.Stdout, "carol@example.org") {
			wrong = append(wrong, strings.Join(args, " "))
		}
	}
	rows = append(rows, row{"routes: two lists swap ids: routes of history, history --until, show --at a date and a commit where --list K is not K's group now",
		fmt.Sprintf("%d %v", len(wrong), wrong), "0 []", len(wrong) == 0})
	return rows
}
