// Command reliability runs roster as a process against the emulator under
// faults, crashes, concurrency, broken files and hostile input, and prints
// one table of figures with the target each must meet.
//
//	go run ./bench/reliability          # about two minutes
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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

type row struct {
	check, figure, target string
	ok                    bool
}

func main() {
	tmp, bin, cleanup := harness.Setup("reliability")
	defer cleanup()
	var rows []row
	for _, f := range []func(string, string) []row{soak, crashes, concurrent, guards, badInput, security} {
		rows = append(rows, f(bin, tmp)...)
	}
	var cells [][]string
	failed := 0
	for _, r := range rows {
		mark := "yes"
		if !r.ok {
			mark, failed = "NO", failed+1
		}
		cells = append(cells, []string{r.check, r.figure, r.target, mark})
	}
	fmt.Print(harness.Table([]string{"check", "measured", "target", "met"}, cells))
	if failed > 0 {
		fmt.Printf("\n%d checks not met\n", failed)
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

// converged reports whether the domain holds exactly the workload's file.
func converged(d *harness.Domain) bool {
	got := 0
	for _, g := range d.State().Groups {
		for _, m := range g.Members {
			if !strings.HasPrefix(m.Email, "new") && !strings.HasPrefix(m.Email, "owner") {
				return false
			}
			got++
		}
	}
	return got == 800+2*lists
}

// outsidePlan counts writes to people the plan did not name.
func outsidePlan(d *harness.Domain) int {
	n := 0
	for _, w := range d.Journal() {
		switch {
		case w.Method == "members.insert" && strings.HasPrefix(w.Email, "new"):
		case w.Method == "members.delete" && strings.HasPrefix(w.Email, "old"):
		default:
			n++
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
		{"soak: API calls (faults injected before / after)", fmt.Sprintf("%d (%d / %d)", c["calls"], c["faults.before"], c["faults.after"]), "-", true},
		{"soak: retries", strconv.FormatInt(retries, 10), "-", true},
		{"soak: spurious removals", strconv.Itoa(spurious), "0", spurious == 0},
		{"soak: final live state equals the file", fmt.Sprint(converged(d)), "true", converged(d)},
		{"soak: time", fmt.Sprintf("%.1f s", time.Since(start).Seconds()), "-", true},
	}
}

func crashes(bin, tmp string) []row {
	okAll, outside := true, 0
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
		killedAt := len(d.Journal())
		r := harness.RunRoster(context.Background(), bin, dir, d, syncArgs...)
		ok := r.Code == 0 && converged(d)
		okAll = okAll && ok
		outside += outsidePlan(d)
		points = append(points, strconv.Itoa(killedAt))
		d.Close()
	}
	return []row{
		{"crash: SIGKILL at 10 points of a 1,000-change sync (writes done when killed)", strings.Join(points, ", "), "10 points", len(points) == 10},
		{"crash: one more run converges after each kill", fmt.Sprint(okAll), "true", okAll},
		{"crash: writes to anyone outside the plan", strconv.Itoa(outside), "0", outside == 0},
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

func guards(bin, tmp string) []row {
	var rows []row
	cases := []struct {
		name string
		edit func(string) string
		args []string
	}{
		{"truncated members.toml", func(s string) string { return s[:len(s)/2] }, []string{"sync", "--max-removals", "1000", "--max-removal-ratio", "1"}},
		{"emptied members.toml", func(string) string { return "" }, []string{"sync", "--max-removals", "1000", "--max-removal-ratio", "1"}},
		{"a list renamed in the file", func(s string) string { return strings.Replace(s, "[lists.l0]", "[lists.l0-renamed]", 1) }, []string{"sync", "--max-removals", "1000", "--max-removal-ratio", "1"}},
		{"mass removal over --max-removals", func(s string) string { return s }, []string{"sync"}},
	}
	for i, c := range cases {
		dir, d := workload(tmp, fmt.Sprintf("guard%d", i), emulator.Options{})
		path := filepath.Join(dir, "members.toml")
		data, _ := os.ReadFile(path)
		_ = os.WriteFile(path, []byte(c.edit(string(data))), 0o644)
		r := harness.RunRoster(context.Background(), bin, dir, d, append(c.args, "--rate", "2000")...)
		removed := 0
		for _, w := range d.Journal() {
			if w.Method == "members.delete" {
				removed++
			}
		}
		rows = append(rows, row{"guard: " + c.name + ": members removed (exit code)", fmt.Sprintf("%d (%d)", removed, r.Code), "0 (1)", removed == 0 && r.Code == 1})
		d.Close()
	}
	return rows
}

func badInput(bin, tmp string) []row {
	root := filepath.Join("testdata", "bad")
	good := "schema = 1\n[lists.r]\naddress = \"r@example.org\"\npolicy = \"p\"\n[policies.p]\nvetting_methods = [\"x\"]\n[[member]]\nemail = \"a@example.org\"\nlists = { r = \"owner\" }\nvetting = [{ by = \"b@example.org\", on = 2026-01-01, method = \"x\" }]\n[[member]]\nemail = \"b@example.org\"\nlists = { r = \"owner\" }\nvetting = [{ by = \"a@example.org\", on = 2026-01-01, method = \"x\" }]\n"
	total, exit1, named, calls, writes := 0, 0, 0, int64(0), 0
	try := func(name string, setup func(dir string) []string, want string) {
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
		if strings.Contains(r.Stdout+r.Stderr, want) {
			named++
		}
		calls += d.Counters()["calls"]
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
		}, "members.toml:")
	}
	plans, _ := filepath.Glob(filepath.Join(root, "plans", "*.json"))
	for _, f := range plans {
		data, _ := os.ReadFile(f)
		try(f, func(dir string) []string {
			_ = os.WriteFile(filepath.Join(dir, "members.toml"), []byte(good), 0o644)
			_ = os.WriteFile(filepath.Join(dir, "plan.json"), data, 0o644)
			return []string{"apply", "plan.json"}
		}, "plan.json")
	}
	snaps, _ := filepath.Glob(filepath.Join(root, "snapshots", "*.csv"))
	for _, f := range snaps {
		data, _ := os.ReadFile(f)
		try(f, func(dir string) []string {
			_ = os.WriteFile(filepath.Join(dir, "members.toml"), []byte(strings.Replace(good, "policy = \"p\"\n", "policy = \"p\"\nprovider = \"csv\"\nsnapshot = \"export.csv\"\n", 1)), 0o644)
			_ = os.WriteFile(filepath.Join(dir, "export.csv"), data, 0o644)
			return []string{"sync"}
		}, "export.csv")
	}
	states, _ := filepath.Glob(filepath.Join(root, "states", "*.json"))
	for _, f := range states {
		data, _ := os.ReadFile(f)
		try(f, func(dir string) []string {
			_ = os.WriteFile(filepath.Join(dir, "state.json"), data, 0o644)
			return []string{"emulator", "--listen", "127.0.0.1:0", "--state", "state.json"}
		}, "state.json")
	}
	return []row{
		{"bad input: malformed files (members, plans, snapshots, emulator states)", strconv.Itoa(total), ">= 60", total >= 60},
		{"bad input: exit 1", fmt.Sprintf("%d of %d", exit1, total), "all", exit1 == total},
		{"bad input: message names the input (file:line where it has lines)", fmt.Sprintf("%d of %d", named, total), "all", named == total},
		{"bad input: API calls made", strconv.FormatInt(calls, 10), "0", calls == 0},
		{"bad input: files written", strconv.Itoa(writes), "0", writes == 0},
	}
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
