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

// routesHistoryShape: validate's verdict on one file is the same
// whatever the history under it: a clean checkout of HEAD, --base HEAD,
// and a history with a commit whose file does not parse.
func routesHistoryShape(bin, tmp string) []row {
	// lin's record lapsed yesterday, after every commit.
	on := time.Now().Add(-24*time.Hour).AddDate(0, 0, -365).Format("2006-01-02")
	lapsed := fmt.Sprintf(routeHeader, "reports") + person("ada@example.org", "reports", "owner") + person("grace@example.org", "reports", "owner") +
		"\n[[member]]\nemail = \"lin@example.org\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = " + on + ", method = \"video-call\" }]\n"
	old := time.Now().Add(-72 * time.Hour)
	shallow := func(dir string) {
		full := dir + "-full"
		must(harness.Commit(full, old, "Create the lists", map[string]string{"members.toml": lapsed}))
		must(harness.Commit(full, old.Add(time.Hour), "Tidy", map[string]string{"members.toml": lapsed + "\n"}))
		must(exec.Command("git", "clone", "-q", "--depth", "1", "file://"+full, dir).Run())
	}
	shapes := []struct {
		name string
		args []string
		repo func(dir string)
	}{
		{"clean checkout", nil, func(dir string) {
			must(harness.Commit(dir, old, "Create the lists", map[string]string{"members.toml": lapsed}))
		}},
		{"--base HEAD", []string{"--base", "HEAD"}, func(dir string) {
			must(harness.Commit(dir, old, "Create the lists", map[string]string{"members.toml": lapsed}))
		}},
		{"an unreadable commit before HEAD", nil, func(dir string) {
			must(harness.Commit(dir, old, "Create the lists", map[string]string{"members.toml": lapsed}))
			must(harness.Commit(dir, old.Add(time.Hour), "Break the file", map[string]string{"members.toml": "schema = 1\n[lists.reports\n"}))
			must(harness.Commit(dir, old.Add(2*time.Hour), "Fix the file", map[string]string{"members.toml": lapsed}))
		}},
		{"an unreadable commit, --base HEAD", []string{"--base", "HEAD"}, func(dir string) {
			must(harness.Commit(dir, old, "Create the lists", map[string]string{"members.toml": lapsed}))
			must(harness.Commit(dir, old.Add(time.Hour), "Break the file", map[string]string{"members.toml": "schema = 1\n[lists.reports\n"}))
			must(harness.Commit(dir, old.Add(2*time.Hour), "Fix the file", map[string]string{"members.toml": lapsed}))
		}},
	}
	var figs []string
	verdicts := map[string]bool{}
	for i, s := range shapes {
		dir := filepath.Join(tmp, fmt.Sprintf("route-shape%d", i))
		s.repo(dir)
		r := harness.RunRoster(context.Background(), bin, dir, nil, append([]string{"validate"}, s.args...)...)
		verdict := fmt.Sprintf("exit %d, %s", r.Code, lastLine(r.Stderr))
		verdicts[r.Stdout+verdict] = true
		figs = append(figs, fmt.Sprintf("%s: %s", s.name, verdict))
	}
	// A member already on the list with a lapsed record: a warning, as
	// on every shape.
	same := len(verdicts) == 1 && strings.Contains(figs[0], "exit 0, members.toml: 0 errors, 1 warning")
	rows := []row{{"routes: validate of a lapsed record of someone already on the list, 4 shapes of history: verdicts",
		strings.Join(figs, "; "), "all: exit 0, members.toml: 0 errors, 1 warning", same}}
	// A shallow clone cannot check the date of the commit it was cut
	// at: the lapse is an error there, the fix named, by either route.
	dir := filepath.Join(tmp, "route-shape-shallow")
	shallow(dir)
	figs, verdicts = nil, map[string]bool{}
	ok := true
	for _, args := range [][]string{nil, {"--base", "HEAD"}} {
		r := harness.RunRoster(context.Background(), bin, dir, nil, append([]string{"validate"}, args...)...)
		fix := strings.Contains(r.Stdout+r.Stderr, "fetch-depth: 0")
		verdicts[r.Stdout] = true
		figs = append(figs, fmt.Sprintf("validate %s: exit %d, fix named %v", strings.Join(args, " "), r.Code, fix))
		ok = ok && r.Code == 1 && fix
	}
	return append(rows, row{"routes: the same lapse in a shallow clone (--depth 1): validate, validate --base HEAD: exit, fix named; one verdict",
		strings.Join(figs, "; "), "1, true each; the same", ok && len(verdicts) == 1})
}
