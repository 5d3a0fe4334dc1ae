// Command reliability runs roster as a process against the emulator under
// faults, crashes, concurrency, broken files and hostile input, and
// checks that every route to the same truth comes to it (routes.go), and
// prints one table of figures with the target each must meet.
//
//	go run ./bench/reliability                  # about two minutes
//	go run ./bench/reliability -only truth,routes  # some of the groups
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/roster-dev/roster/bench/internal/harness"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/internal/testkey"
)

const lists = 5

// row is one line of the table: a figure, and the target it must meet;
// a row with no target ("-") is information and is marked "-".
type row struct {
	check, figure, target string
	ok                    bool
}

func info(check, figure string) row { return row{check: check, figure: figure, target: "-", ok: true} }

func main() {
	groups := []struct {
		name string
		run  func(bin, tmp string) []row
	}{{"soak", soak}, {"crashes", crashes}, {"concurrent", concurrent}, {"guards", guards}, {"bad-input", badInput}, {"security", security}, {"truth", truth}, {"routes", routes}}
	var names []string
	for _, g := range groups {
		names = append(names, g.name)
	}
	only := flag.String("only", "", "run only these groups, comma-separated: "+strings.Join(names, ", "))
	flag.Parse()
	wanted := map[string]bool{}
	for _, n := range strings.Split(*only, ",") {
		if n = strings.TrimSpace(n); n != "" {
			if !slices.Contains(names, n) {
				log.Fatalf("-only: no group %q; the groups are %s", n, strings.Join(names, ", "))
			}
			wanted[n] = true
		}
	}
	tmp, bin, cleanup := harness.Setup("reliability")
	defer cleanup()
	var rows []row
	for _, g := range groups {
		if len(wanted) == 0 || wanted[g.name] {
			rows = append(rows, g.run(bin, tmp)...)
		}
	}
	var cells [][]string
	failed := 0
	for _, r := range rows {
		mark := "yes"
		switch {
		case r.target == "-":
			mark = "-"
		case !r.ok:
			mark, failed = "NO", failed+1
		}
		cells = append(cells, []string{r.check, r.figure, r.target, mark})
	}
	fmt.Print(harness.Table([]string{"check", "measured", "target", "met"}, cells))
	if failed > 0 {
		fmt.Printf("\n%d checks not met\n", failed)
		cleanup() // deferred calls do not run on os.Exit
		os.Exit(1)
	}
}

// workload writes a members file of 800 new members over 5 lists (plus two
// owners on each) into a fresh directory, and a domain whose groups hold
// the owners and 200 old members: 1,000 changes.
func workload(tmp, name string, opts emulator.Options) (string, *harness.Domain) {
	dir := filepath.Join(tmp, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("schema = 1\n")
	for l := 0; l < lists; l++ {
		fmt.Fprintf(&b, "[lists.l%d]\naddress = \"l%d@example.org\"\npolicy = \"p\"\n", l, l)
	}
	b.WriteString("[policies.p]\nmin_owners = 2\nvetting_methods = [\"video-call\"]\nunmanaged = \"remove\"\n")
	all := "l0 = \"owner\", l1 = \"owner\", l2 = \"owner\", l3 = \"owner\", l4 = \"owner\""
	b.WriteString("[[member]]\nemail = \"owner1@example.org\"\nlists = { " + all + " }\nvetting = [{ by = \"owner2@example.org\", on = 2026-01-01, method = \"video-call\" }]\n")
	b.WriteString("[[member]]\nemail = \"owner2@example.org\"\nlists = { " + all + " }\nvetting = [{ by = \"owner1@example.org\", on = 2026-01-01, method = \"video-call\" }]\n")
	for i := 0; i < 800; i++ {
		fmt.Fprintf(&b, "[[member]]\nemail = \"new%04d@example.org\"\nlists = { l%d = \"member\" }\nvetting = [{ by = \"owner1@example.org\", on = 2026-01-01, method = \"video-call\" }]\n", i, i%lists)
	}
	if err := os.WriteFile(filepath.Join(dir, "members.toml"), []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
	d, err := harness.StartDomain(opts)
	if err != nil {
		log.Fatal(err)
	}
	for l := 0; l < lists; l++ {
		ms := []emulator.Member{{Email: "owner1@example.org", Role: "OWNER"}, {Email: "owner2@example.org", Role: "OWNER"}}
		for i := l; i < 200; i += lists {
			ms = append(ms, emulator.Member{Email: fmt.Sprintf("old%04d@example.org", i)})
		}
		if err := d.AddGroup(fmt.Sprintf("l%d@example.org", l), ms...); err != nil {
			log.Fatal(err)
		}
	}
	return dir, d
}

var syncArgs = []string{"sync", "--format", "json", "--rate", "2000", "--max-removals", "200", "--max-removal-ratio", "1"}

// wantLive is the live state the workload's file asks for: group ->
// "address ROLE", exactly.
func wantLive() map[string]map[string]bool {
	out := make(map[string]map[string]bool, lists)
	for l := 0; l < lists; l++ {
		g := fmt.Sprintf("l%d@example.org", l)
		out[g] = map[string]bool{"owner1@example.org OWNER": true, "owner2@example.org OWNER": true}
	}
	for i := 0; i < 800; i++ {
		out[fmt.Sprintf("l%d@example.org", i%lists)][fmt.Sprintf("new%04d@example.org MEMBER", i)] = true
	}
	return out
}

// converged reports whether the domain holds exactly what the file asks
// for: every group, every address, every role, and nothing else.
func converged(d *harness.Domain) bool {
	want := wantLive()
	for _, g := range d.State().Groups {
		w := want[g.Email]
		if len(g.Members) != len(w) {
			return false
		}
		for _, m := range g.Members {
			if !w[m.Email+" "+m.Role] {
				return false
			}
		}
		delete(want, g.Email)
	}
	return len(want) == 0
}

// outsidePlan counts writes the plan did not call for: anything but an
// insert of a new member into its own list as MEMBER, or a delete of an
// old member from its own list.
func outsidePlan(d *harness.Domain) int {
	want := map[string]bool{}
	for i := 0; i < 800; i++ {
		want[fmt.Sprintf("members.insert l%d@example.org new%04d@example.org MEMBER", i%lists, i)] = true
	}
	for i := 0; i < 200; i++ {
		want[fmt.Sprintf("members.delete l%d@example.org old%04d@example.org MEMBER", i%lists, i)] = true
	}
	n := 0
	for _, w := range d.Journal() {
		if !want[w.Method+" "+w.Group+" "+w.Email+" "+w.Role] {
			n++
		}
	}
	return n
}

// settle waits until a domain has taken no write for a while: the calls a
// killed process had in flight land (or not) before anything is counted.
func settle(d *harness.Domain) int {
	n, still := len(d.Journal()), 0
	for still < 20 {
		time.Sleep(10 * time.Millisecond)
		if m := len(d.Journal()); m != n {
			n, still = m, 0
		} else {
			still++
		}
	}
	return n
}

func soak(bin, tmp string) []row {
	dir, d := workload(tmp, "soak", emulator.Options{FailRate: 0.20, FailAfterRate: 0.05, Seed: 2026})
	defer d.Close()
	runs, retries := 0, int64(0)
	start := time.Now()
	for runs < 5 {
		runs++
		r := harness.RunRoster(context.Background(), bin, dir, d, syncArgs...)
		var out struct {
			Retries int64 `json:"retries"`
		}
		_ = json.Unmarshal([]byte(r.Stdout), &out)
		retries += out.Retries
		if r.Code == 0 && converged(d) {
			break
		}
	}
	c := d.Counters()
	spurious := 0
	for _, w := range d.Journal() {
		if w.Method == "members.delete" && !strings.HasPrefix(w.Email, "old") {
			spurious++
		}
	}
	return []row{
		{"soak: 1,000 changes, 5 lists, 20% faults before / 5% after writes: runs to converge", strconv.Itoa(runs), "1", runs == 1},
		info("soak: API calls (faults injected before / after)", fmt.Sprintf("%d (%d / %d)", c["calls"], c["faults.before"], c["faults.after"])),
		{"soak: faults were injected before and after writes", fmt.Sprintf("%d / %d", c["faults.before"], c["faults.after"]), "> 0 / > 0", c["faults.before"] > 0 && c["faults.after"] > 0},
		{"soak: retries", strconv.FormatInt(retries, 10), "> 0", retries > 0},
		{"soak: spurious removals", strconv.Itoa(spurious), "0", spurious == 0},
		{"soak: final live state equals the file", fmt.Sprint(converged(d)), "true", converged(d)},
		info("soak: time", fmt.Sprintf("%.1f s", time.Since(start).Seconds())),
	}
}

func crashes(bin, tmp string) []row {
	okAll, outside, killed := true, 0, 0
	var points []string
	for k := 1; k <= 10; k++ {
		dir, d := workload(tmp, fmt.Sprintf("crash%d", k), emulator.Options{Latency: 2 * time.Millisecond})
		cmd := harnessCmd(bin, dir, d, append(syncArgs, "--concurrency", "8")...)
		if err := cmd.Start(); err != nil {
			log.Fatal(err)
		}
		at := k * 90
		deadline := time.Now().Add(60 * time.Second)
		for len(d.Journal()) < at && time.Now().Before(deadline) {
			time.Sleep(200 * time.Microsecond)
		}
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		// A kill counts only if SIGKILL ended the process, before it had
		// made every write: a sync that finished first proves nothing.
		ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
		writes := settle(d)
		if ws.Signaled() && ws.Signal() == syscall.SIGKILL && writes < 1000 {
			killed++
		}
		r := harness.RunRoster(context.Background(), bin, dir, d, syncArgs...)
		ok := r.Code == 0 && converged(d)
		okAll = okAll && ok
		outside += outsidePlan(d)
		points = append(points, strconv.Itoa(writes))
		d.Close()
	}
	return []row{
		info("crash: writes done when each of 10 syncs was killed (after in-flight calls settled)", strings.Join(points, ", ")),
		{"crash: syncs killed by SIGKILL before finishing", strconv.Itoa(killed), "10", killed == 10},
		{"crash: one more run converges after each kill (every group, address and role)", fmt.Sprint(okAll), "true", okAll},
		{"crash: writes outside the plan (by group, address and role)", strconv.Itoa(outside), "0", outside == 0},
	}
}

func harnessCmd(bin, dir string, d *harness.Domain, args ...string) *execCmd {
	return newExecCmd(bin, dir, d.URL, args...)
}

func concurrent(bin, tmp string) []row {
	dir, d := workload(tmp, "twice", emulator.Options{Latency: time.Millisecond, FailRate: 0.05, Seed: 7})
	defer d.Close()
	done := make(chan harness.Run, 2)
	for i := 0; i < 2; i++ {
		go func() { done <- harness.RunRoster(context.Background(), bin, dir, d, syncArgs...) }()
	}
	codes := []int{(<-done).Code, (<-done).Code}
	sort.Ints(codes)
	ok := codes[0] == 0 && codes[1] == 0
	return []row{
		{"two syncs at once on one file and domain: exit codes", fmt.Sprintf("%d, %d", codes[0], codes[1]), "0, 0", ok},
		{"two syncs at once: final live state equals the file", fmt.Sprint(converged(d)), "true", converged(d)},
		{"two syncs at once: writes outside the plan", strconv.Itoa(outsidePlan(d)), "0", outsidePlan(d) == 0},
	}
}

// guards runs broken and dangerous files with the guards at their
// defaults, as the scheduled job runs: whatever stops them, nobody is
// removed and the run fails.
func guards(bin, tmp string) []row {
	var rows []row
	cases := []struct {
		name, why string
		edit      func(string) string
	}{
		// Cut at a member boundary, the file still parses: the guards
		// must stop the mass removal.
		{"members.toml truncated at a member", "cannot remove", func(s string) string {
			i := strings.Index(s, "[[member]]\nemail = \"new0400")
			return s[:i]
		}},
		{"members.toml truncated mid-line", "members.toml:", func(s string) string { return s[:len(s)/2] }},
		{"members.toml emptied", "empty", func(string) string { return "" }},
		{"a list renamed in the file, its members not", "is not defined", func(s string) string {
			return strings.Replace(s, "[lists.l0]", "[lists.l0-renamed]", 1)
		}},
		// With min_owners = 2 the emptied list now fails its own policy
		// and is not read at all; with no min_owners the guard against an
		// empty list says "no members in the file".
		{"every member taken off one list", "l0 is not read or synced", func(s string) string {
			return strings.ReplaceAll(strings.ReplaceAll(s, "l0 = \"owner\", ", ""), "lists = { l0 = \"member\" }", "lists = {}")
		}},
		{"mass removal over --max-removals", "cannot remove", func(s string) string { return s }},
	}
	for i, c := range cases {
		dir, d := workload(tmp, fmt.Sprintf("guard%d", i), emulator.Options{})
		path := filepath.Join(dir, "members.toml")
		data, _ := os.ReadFile(path)
		_ = os.WriteFile(path, []byte(c.edit(string(data))), 0o644)
		r := harness.RunRoster(context.Background(), bin, dir, d, "sync", "--rate", "2000")
		removed := 0
		for _, w := range d.Journal() {
			if w.Method == "members.delete" {
				removed++
			}
		}
		said := strings.Contains(r.Stdout+r.Stderr, c.why)
		if !said || removed != 0 || r.Code != 1 {
			fmt.Fprintf(os.Stderr, "guard %q: exit %d, %d removed, not saying %q:\n%s\n", c.name, r.Code, removed, c.why, lastLines(r.Stdout+r.Stderr, 8))
		}
		rows = append(rows, row{"guard (defaults): " + c.name + ": removed, exit code, says why", fmt.Sprintf("%d, %d, %v", removed, r.Code, said), "0, 1, true", removed == 0 && r.Code == 1 && said})
		d.Close()
	}
	return rows
}

func badInput(bin, tmp string) []row {
	root := filepath.Join("testdata", "bad")
	good := "schema = 1\n[lists.r]\naddress = \"r@example.org\"\npolicy = \"p\"\n[policies.p]\nvetting_methods = [\"x\"]\n[[member]]\nemail = \"a@example.org\"\nlists = { r = \"owner\" }\nvetting = [{ by = \"b@example.org\", on = 2026-01-01, method = \"x\" }]\n[[member]]\nemail = \"b@example.org\"\nlists = { r = \"owner\" }\nvetting = [{ by = \"a@example.org\", on = 2026-01-01, method = \"x\" }]\n"
	total, exit1, named, calls, writes := 0, 0, 0, int64(0), 0
	try := func(name string, setup func(dir string) []string, want *regexp.Regexp) {
		dir := filepath.Join(tmp, "bad", strconv.Itoa(total))
		total++
		_ = os.MkdirAll(dir, 0o755)
		args := setup(dir)
		before := snapshotDir(dir)
		d, err := harness.StartDomain(emulator.Options{})
		if err != nil {
			log.Fatal(err)
		}
		_ = d.AddGroup("r@example.org", emulator.Member{Email: "a@example.org", Role: "OWNER"}, emulator.Member{Email: "b@example.org", Role: "OWNER"})
		d.ResetCounters()
		r := harness.RunRoster(context.Background(), bin, dir, d, args...)
		if r.Code == 1 {
			exit1++
		}
		if want.MatchString(r.Stdout + r.Stderr) {
			named++
		} else {
			fmt.Fprintf(os.Stderr, "bad input %s: the message does not match %s:\n%s\n", name, want, lastLines(r.Stdout+r.Stderr, 8))
		}
		c := d.Counters()
		// A file whose problems are single members' is read, never
		// written from; any other bad input is refused before any call.
		if strings.HasSuffix(name, ".toml") && structuralOnly(r.Stdout+r.Stderr) {
			calls += c["calls"]
		} else if !strings.HasSuffix(name, ".toml") {
			calls += c["calls"]
		}
		writesToo := c["members.insert"] + c["members.delete"] + c["members.patch"] + c["settings.patch"]
		if snapshotDir(dir) != before || writesToo > 0 {
			writes++
		}
		if snapshotDir(dir) != before {
			writes++
		}
		d.Close()
	}
	files, _ := filepath.Glob(filepath.Join(root, "*.toml"))
	for _, f := range files {
		data, _ := os.ReadFile(f)
		try(f, func(dir string) []string {
			_ = os.WriteFile(filepath.Join(dir, "members.toml"), data, 0o644)
			return []string{"sync", "--max-removals", "1000", "--max-removal-ratio", "1"}
		}, fileLine("members.toml"))
	}
	plans, _ := filepath.Glob(filepath.Join(root, "plans", "*.json"))
	for _, f := range plans {
		data, _ := os.ReadFile(f)
		try(f, func(dir string) []string {
			_ = os.WriteFile(filepath.Join(dir, "members.toml"), []byte(good), 0o644)
			_ = os.WriteFile(filepath.Join(dir, "plan.json"), data, 0o644)
			return []string{"apply", "plan.json"}
		}, regexp.MustCompile(`plan\.json`))
	}
	snaps, _ := filepath.Glob(filepath.Join(root, "snapshots", "*.csv"))
	for _, f := range snaps {
		data, _ := os.ReadFile(f)
		try(f, func(dir string) []string {
			_ = os.WriteFile(filepath.Join(dir, "members.toml"), []byte(strings.Replace(good, "policy = \"p\"\n", "policy = \"p\"\nprovider = \"csv\"\nsnapshot = \"export.csv\"\n", 1)), 0o644)
			_ = os.WriteFile(filepath.Join(dir, "export.csv"), data, 0o644)
			return []string{"sync"}
		}, regexp.MustCompile(`export\.csv`))
	}
	states, _ := filepath.Glob(filepath.Join(root, "states", "*.json"))
	for _, f := range states {
		data, _ := os.ReadFile(f)
		try(f, func(dir string) []string {
			_ = os.WriteFile(filepath.Join(dir, "state.json"), data, 0o644)
			return []string{"emulator", "--listen", "127.0.0.1:0", "--state", "state.json"}
		}, regexp.MustCompile(`state\.json`))
	}
	return []row{
		{"bad input: malformed files (members, plans, snapshots, emulator states)", strconv.Itoa(total), ">= 60", total >= 60},
		{"bad input: exit 1", fmt.Sprintf("%d of %d", exit1, total), "all", exit1 == total},
		{"bad input: message names the input (members.toml:LINE:COL for members files)", fmt.Sprintf("%d of %d", named, total), "all", named == total},
		{"bad input: API calls made before refusing a broken structure, plan, snapshot or state", strconv.FormatInt(calls, 10), "0", calls == 0},
		{"bad input: files or groups written", strconv.Itoa(writes), "0", writes == 0},
	}
}

// lastLines is the end of a run's output, for a row that missed.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// fileLine matches a message that points into a file: name:LINE:COL.
func fileLine(name string) *regexp.Regexp {
	return regexp.MustCompile(regexp.QuoteMeta(name) + `:\d+:\d+: `)
}

// structuralOnly reports whether roster refused the run as a whole (the
// file does not parse, or its structure is broken), as opposed to going
// ahead without single members.
func structuralOnly(out string) bool {
	return !strings.Contains(out, "sync goes ahead without their additions")
}

// snapshotDir summarises a directory's files, to see whether a run wrote.
func snapshotDir(dir string) string {
	var b strings.Builder
	_ = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			data, _ := os.ReadFile(p)
			fmt.Fprintf(&b, "%s %d %x\n", p, len(data), data)
		}
		return nil
	})
	return b.String()
}

func security(bin, tmp string) []row {
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":"invalid_grant","error_description":"Invalid JWT Signature."}`))
	}))
	defer tokens.Close()
	api := httptest.NewTLSServer(http.NotFoundHandler())
	defer api.Close()
	key, pemText, err := testkey.ServiceAccount(tokens.URL + "/token")
	if err != nil {
		log.Fatal(err)
	}
	dir, d := workload(tmp, "security", emulator.Options{})
	defer d.Close()
	_ = os.WriteFile(filepath.Join(dir, "key.json"), key, 0o600)
	leaks := 0
	for _, args := range [][]string{
		{"plan", "--credentials", "key.json", "--subject", "admin@example.org", "--endpoint", api.URL},
		{"--verbose", "sync", "--credentials", "key.json", "--subject", "admin@example.org", "--endpoint", api.URL},
		{"--verbose", "--log-format", "json", "audit", "--live", "--credentials", "key.json", "--endpoint", api.URL},
	} {
		cmd := newExecCmd(bin, dir, "", args...)
		out, _ := cmd.CombinedOutput()
		for _, f := range testkey.SecretFragments(pemText) {
			if strings.Contains(string(out), f) {
				leaks++
			}
		}
	}
	r := harness.RunRoster(context.Background(), bin, dir, d, "plan", "--endpoint", "http://admin.googleapis.com/")
	refused := r.Code == 1 && strings.Contains(r.Stderr, "refusing plain-HTTP")
	// An unvetted addition, whatever the flags: never on the live group.
	path := filepath.Join(dir, "members.toml")
	data, _ := os.ReadFile(path)
	_ = os.WriteFile(path, append(data, []byte("[[member]]\nemail = \"mallory@example.org\"\nlists = { l0 = \"owner\" }\n")...), 0o644)
	for _, args := range [][]string{
		{"sync"}, {"sync", "--max-removals", "100000", "--max-removal-ratio", "1", "--concurrency", "64"}, {"sync", "--list", "l0"},
	} {
		harness.RunRoster(context.Background(), bin, dir, d, args...)
	}
	_ = os.WriteFile(path, data, 0o644)
	harness.RunRoster(context.Background(), bin, dir, d, "plan", "--out", "plan.json")
	plan, _ := os.ReadFile(filepath.Join(dir, "plan.json"))
	_ = os.WriteFile(filepath.Join(dir, "plan.json"), []byte(strings.Replace(string(plan), "new0000@example.org", "mallory@example.org", 1)), 0o644)
	harness.RunRoster(context.Background(), bin, dir, d, "apply", "plan.json")
	mallory := false
	for _, w := range d.Journal() {
		if strings.Contains(w.Email, "mallory") {
			mallory = true
		}
	}
	return []row{
		{"security: private-key fragments in output and logs (3 commands, up to --verbose)", strconv.Itoa(leaks), "0", leaks == 0},
		{"security: plain-HTTP endpoint that is not loopback refused", fmt.Sprint(refused), "true", refused},
		{"security: unvetted addition reached the live group (3 syncs, an edited plan)", fmt.Sprint(mallory), "false", !mallory},
	}
}
