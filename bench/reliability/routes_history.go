package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/roster-dev/roster/bench/internal/harness"
)

// routesOfHistory are the rows of what history tells, by every route.
func routesOfHistory(bin, tmp string) []row {
	return append(routesDamagedHead(bin, tmp), routesHistoryOfAList(bin, tmp)...)
}

// routesDamagedHead: the file listed bob, a sync put him on, the next
// commit dropped him, and HEAD's commit then went missing (a clone
// whose alternates are gone). Whether the file listed him cannot be
// read: plan and sync refuse the list, naming the cause, and leave him
// on the group; never "no commits yet", which kept him with a note and
// exited 0.
func routesDamagedHead(bin, tmp string) []row {
	dir := filepath.Join(tmp, "route-damaged-head")
	with := fmt.Sprintf(routeHeader, "reports") + person("ada@example.org", "reports", "owner") + person("grace@example.org", "reports", "owner")
	must(harness.Commit(dir, time.Now().Add(-48*time.Hour), "Create the lists", map[string]string{"members.toml": with + person("bob@example.org", "reports", "member")}))
	d := startDomain(map[string][]string{"security@example.org": {"ada@example.org OWNER", "grace@example.org OWNER", "bob@example.org"}})
	defer d.Close()
	must(harness.Commit(dir, time.Now().Add(-24*time.Hour), "Drop bob", map[string]string{"members.toml": with}))
	out, err := exec.Command("git", "-C", dir, "rev-parse", "HEAD").Output()
	must(err)
	head := strings.TrimSpace(string(out))
	must(os.Remove(filepath.Join(dir, ".git", "objects", head[:2], head[2:])))
	var figs []string
	ok := true
	for _, cmd := range []string{"plan", "sync"} {
		r := harness.RunRoster(context.Background(), bin, dir, d, cmd)
		named := strings.Contains(r.Stdout+r.Stderr, "cannot read as a commit")
		fresh := strings.Contains(r.Stdout+r.Stderr, "no commits")
		figs = append(figs, fmt.Sprintf("%s exit %d, cause named %v, taken for a fresh repository %v", cmd, r.Code, named, fresh))
		ok = ok && r.Code == 1 && named && !fresh
	}
	onGroup := strings.Contains(liveSet(d, "security@example.org"), "bob@")
	figs = append(figs, fmt.Sprintf("bob on the group %v", onGroup))
	return []row{{"routes: HEAD's commit missing after bob was dropped: plan, sync; bob left on the group",
		strings.Join(figs, "; "), "plan and sync exit 1, cause named, not fresh; true", ok && onGroup}}
}

// routesHistoryOfAList: history --list L tells the vetting of people on
// L alone, whichever format: a record of someone on another list is no
// event of L's.
func routesHistoryOfAList(bin, tmp string) []row {
	dir := filepath.Join(tmp, "route-history-list")
	file := fmt.Sprintf(routeHeader, "reports") + person("ada@example.org", "reports", "owner") + person("grace@example.org", "reports", "owner") +
		"\n[lists.other]\naddress = \"other@example.org\"\npolicy = \"p\"\n" + person("olga@example.org", "other", "owner")
	must(harness.Commit(dir, time.Now().Add(-48*time.Hour), "Create the lists", map[string]string{"members.toml": file}))
	var figs []string
	ok := true
	for _, format := range []string{"text", "json", "csv"} {
		r := harness.RunRoster(context.Background(), bin, dir, nil, "history", "--list", "reports", "--format", format)
		names := strings.Contains(r.Stdout, "olga@")
		figs = append(figs, fmt.Sprintf("%s: exit %d, names olga %v", format, r.Code, names))
		ok = ok && r.Code == 0 && !names && strings.Contains(r.Stdout, "ada@")
	}
	return []row{{"routes: history --list reports, beside a list other whose member has a record: exit, names her (text, json, csv)",
		strings.Join(figs, "; "), "0, false each", ok}}
}
