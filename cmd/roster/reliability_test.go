package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/internal/testkey"
	"github.com/roster-dev/roster/members"
)

// rosterCmd is a roster process in dir against the domain.
func rosterCmd(dir string, d *domain, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = asMain("ROSTER_GOOGLE_ENDPOINT=" + d.url)
	return cmd
}

// soakFile is a members file of lists l0..l(n-1), each with two owners
// and size members, all vetted.
func soakFile(lists, size int, prefix string) string {
	var b strings.Builder
	b.WriteString("schema = 1\n")
	for l := 0; l < lists; l++ {
		fmt.Fprintf(&b, "[lists.l%d]\naddress = \"l%d@example.org\"\npolicy = \"p\"\n", l, l)
	}
	b.WriteString("[policies.p]\nmin_owners = 2\nvetting_methods = [\"video-call\"]\nunmanaged = \"remove\"\n")
	for _, o := range []string{"owner1", "owner2"} {
		other := map[string]string{"owner1": "owner2", "owner2": "owner1"}[o]
		fmt.Fprintf(&b, "[[member]]\nemail = \"%s@example.org\"\nlists = {", o)
		for l := 0; l < lists; l++ {
			sep := ","
			if l == 0 {
				sep = ""
			}
			fmt.Fprintf(&b, "%s l%d = \"owner\"", sep, l)
		}
		fmt.Fprintf(&b, " }\nvetting = [{ by = \"%s@example.org\", on = 2026-01-01, method = \"video-call\" }]\n", other)
	}
	for i := 0; i < size; i++ {
		fmt.Fprintf(&b, "[[member]]\nemail = \"%s%04d@example.org\"\nlists = { l%d = \"member\" }\nvetting = [{ by = \"owner1@example.org\", on = 2026-01-01, method = \"video-call\" }]\n", prefix, i, i%lists)
	}
	return b.String()
}

// soakDomain has the lists' groups with the two owners and old members
// that the file does not name.
func soakDomain(t *testing.T, opts emulator.Options, lists, old int) *domain {
	d := newDomain(t, opts, "")
	for l := 0; l < lists; l++ {
		ms := []emulator.Member{{Email: "owner1@example.org", Role: "OWNER"}, {Email: "owner2@example.org", Role: "OWNER"}}
		for i := l; i < old; i += lists {
			ms = append(ms, emulator.Member{Email: fmt.Sprintf("old%04d@example.org", i)})
		}
		if err := d.emu.AddGroup(fmt.Sprintf("l%d@example.org", l), ms...); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// liveSet is every group's members as "group email ROLE", sorted.
func (d *domain) liveSet() []string {
	var out []string
	for _, g := range d.emu.State().Groups {
		for _, m := range g.Members {
			out = append(out, g.Email+" "+strings.ToLower(m.Email)+" "+m.Role)
		}
	}
	sort.Strings(out)
	return out
}

func wantSet(lists, size int, prefix string) []string {
	var out []string
	for l := 0; l < lists; l++ {
		g := fmt.Sprintf("l%d@example.org", l)
		out = append(out, g+" owner1@example.org OWNER", g+" owner2@example.org OWNER")
	}
	for i := 0; i < size; i++ {
		out = append(out, fmt.Sprintf("l%d@example.org %s%04d@example.org MEMBER", i%lists, prefix, i))
	}
	sort.Strings(out)
	return out
}

// touchedOnlyThePlan checks that every write the domain did was to
// someone the plan named: an add of a new member, a removal of an old one.
func touchedOnlyThePlan(t *testing.T, d *domain, prefix string) {
	t.Helper()
	for _, w := range d.emu.Journal() {
		switch w.Method {
		case "members.insert":
			if !strings.HasPrefix(w.Email, prefix) {
				t.Errorf("inserted %s, who was not to be added", w.Email)
			}
		case "members.delete":
			if !strings.HasPrefix(w.Email, "old") {
				t.Errorf("deleted %s, who was not to be removed", w.Email)
			}
		default:
			t.Errorf("unexpected write %+v", w)
		}
	}
}

// TestSyncKilledAndResumed kills a running sync process with SIGKILL in
// the middle, then runs sync again: it converges, and nobody outside the
// plan was touched. (bench/reliability does this at 10 points of a
// 1,000-change sync.)
func TestSyncKilledAndResumed(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	t.Parallel()
	const lists, size, old = 3, 150, 30
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "members.toml"), []byte(soakFile(lists, size, "new")))
	d := soakDomain(t, emulator.Options{Latency: 3 * time.Millisecond}, lists, old)
	args := []string{"sync", "--rate", "10000", "--retry-base", "1ms", "--concurrency", "4", "--max-removals", "100", "--max-removal-ratio", "1"}
	cmd := rosterCmd(dir, d, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for len(d.emu.Journal()) < 60 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	done := len(d.emu.Journal())
	if done >= size+old {
		t.Fatalf("the sync finished (%d writes) before it could be killed", done)
	}
	var out bytes.Buffer
	again := rosterCmd(dir, d, args...)
	again.Stdout, again.Stderr = &out, &out
	if err := again.Run(); err != nil {
		t.Fatalf("the run after the kill failed: %v\n%s", err, out.String())
	}
	if diff := cmp.Diff(wantSet(lists, size, "new"), d.liveSet()); diff != "" {
		t.Fatalf("not converged (-want +got):\n%s", diff)
	}
	touchedOnlyThePlan(t, d, "new")
	t.Logf("killed after %d writes; resumed and converged", done)
}

// TestTwoSyncsAtOnce runs two sync processes on the same file and domain
// at the same time: both succeed and the result is the file.
func TestTwoSyncsAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	t.Parallel()
	const lists, size, old = 2, 120, 20
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "members.toml"), []byte(soakFile(lists, size, "new")))
	d := soakDomain(t, emulator.Options{Latency: 2 * time.Millisecond, FailRate: 0.05, Seed: 5}, lists, old)
	var outs [2]bytes.Buffer
	var cmds [2]*exec.Cmd
	for i := range cmds {
		// A short first backoff: the faults are retried, and the test is
		// about converging, not about sleeping Google's one-second waits.
		cmds[i] = rosterCmd(dir, d, "sync", "--rate", "10000", "--retry-base", "1ms", "--concurrency", "4", "--max-removals", "100", "--max-removal-ratio", "1")
		cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("sync %d: %v\n%s", i, err, outs[i].String())
		}
	}
	if diff := cmp.Diff(wantSet(lists, size, "new"), d.liveSet()); diff != "" {
		t.Fatalf("not converged (-want +got):\n%s", diff)
	}
	touchedOnlyThePlan(t, d, "new")
}

// TestSecretsNeverInOutput loads a fake service-account key and runs
// commands that use it at every verbosity: the private key appears in no
// output and no log line.
func TestSecretsNeverInOutput(t *testing.T) {
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error":"invalid_grant","error_description":"Invalid JWT Signature."}`))
	}))
	defer tokens.Close()
	api := httptest.NewTLSServer(http.NotFoundHandler())
	defer api.Close()
	key, pemText, err := testkey.ServiceAccount(tokens.URL + "/token")
	if err != nil {
		t.Fatal(err)
	}
	dir := copyCase(t, "plan-uptodate")
	writeFile(t, filepath.Join(dir, "key.json"), key)
	writeFile(t, filepath.Join(dir, "broken-key.json"), key[:len(key)/2])
	fragments := testkey.SecretFragments(pemText)
	for _, args := range [][]string{
		{"plan", "--credentials", "key.json", "--subject", "admin@example.org", "--endpoint", api.URL},
		{"--verbose", "plan", "--credentials", "key.json", "--subject", "admin@example.org", "--endpoint", api.URL},
		{"--verbose", "--log-format", "json", "sync", "--credentials", "key.json", "--endpoint", api.URL},
		{"--verbose", "plan", "--credentials", "broken-key.json", "--endpoint", api.URL},
		{"--verbose", "audit", "--live", "--credentials", "key.json", "--endpoint", api.URL},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			var stdout, stderr bytes.Buffer
			e := &env{stdin: bytes.NewReader(nil), stdout: &stdout, stderr: &stderr, now: func() time.Time { return testToday },
				getenv: func(string) string { return "" }, workdir: dir}
			code := run(ctx, e, append([]string{"roster"}, args...))
			out := stdout.String() + stderr.String()
			if code != 1 {
				t.Errorf("exit %d, want 1:\n%s", code, out)
			}
			for _, f := range fragments {
				if strings.Contains(out, f) {
					t.Fatalf("private key material appears in the output:\n%s", out)
				}
			}
			if strings.Contains(out, "PRIVATE KEY") {
				t.Fatalf("the key's PEM header appears in the output:\n%s", out)
			}
		})
	}
}

func TestPlainHTTPToRemoteRefused(t *testing.T) {
	dir := copyCase(t, "plan-uptodate")
	for _, r := range []result{
		runRoster(t, dir, "plan", "--endpoint", "http://admin.googleapis.com/"),
		runRosterEnv(t, dir, map[string]string{"ROSTER_GOOGLE_ENDPOINT": "http://10.0.0.8:8089/"}, "sync"),
	} {
		if r.code != 1 || !strings.Contains(r.stderr, "refusing plain-HTTP endpoint") {
			t.Errorf("exit %d: %s", r.code, r.stderr)
		}
	}
}

// TestInterruptedSync: Ctrl-C during a sync says how far it got in one
// line, labels no call it cut short as failed, names last the walk-in it
// leaves on a group, and exits 130; the next run finishes the job.
func TestInterruptedSync(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	t.Parallel()
	const lists, size = 2, 200
	dir := t.TempDir()
	// l0 removes whom the file does not list (gone@, whose removal the
	// interruption cuts short); l1 keeps them (drifter@, a walk-in).
	file := strings.Replace(soakFile(lists, size, "new"), "[lists.l0]\naddress = \"l0@example.org\"\npolicy = \"p\"", "[lists.l0]\naddress = \"l0@example.org\"\npolicy = \"q\"", 1)
	file = strings.Replace(file, `unmanaged = "remove"`, "unmanaged = \"report\"\n[policies.q]\nmin_owners = 2\nvetting_methods = [\"video-call\"]\nunmanaged = \"remove\"", 1)
	// demoted@ owns l0, where the file lists them as a member.
	file += "[[member]]\nemail = \"demoted@example.org\"\nlists = { l0 = \"member\" }\nvetting = [{ by = \"owner1@example.org\", on = 2026-01-01, method = \"video-call\" }]\n"
	writeFile(t, filepath.Join(dir, "members.toml"), []byte(file))
	d := newDomain(t, emulator.Options{Latency: 5 * time.Millisecond}, "")
	for l := 0; l < lists; l++ {
		ms := []emulator.Member{{Email: "owner1@example.org", Role: "OWNER"}, {Email: "owner2@example.org", Role: "OWNER"}}
		if l == 0 {
			ms = append(ms, emulator.Member{Email: "gone@example.org", Role: "MEMBER"}, emulator.Member{Email: "demoted@example.org", Role: "OWNER"})
		}
		if l == 1 {
			ms = append(ms, emulator.Member{Email: "drifter@example.org", Role: "MEMBER"})
		}
		if err := d.emu.AddGroup(fmt.Sprintf("l%d@example.org", l), ms...); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"sync", "--rate", "10000", "--retry-base", "1ms", "--concurrency", "4"}
	cmd := rosterCmd(dir, d, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(d.emu.Journal()) < 40 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	text := stdout.String() + stderr.String()
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit %d, want 130\n%s", code, text)
	}
	if strings.Count(text, "interrupted: ") != 1 || !strings.Contains(text, "run sync again to finish") {
		t.Errorf("want one line saying how far it got:\n%s", text)
	}
	if strings.Contains(text, "SKIPPED") || strings.Contains(text, "FAILED") {
		t.Errorf("an interrupted change is labelled as failed or skipped:\n%s", text)
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, "interrupted") || !strings.Contains(last, "walk-ins on the groups: drifter@example.org") || !strings.Contains(last, "not yet taken off the groups: gone@example.org (l0)") || !strings.Contains(last, "not yet demoted: demoted@example.org (l0, owner still)") {
		t.Errorf("the last line does not name the walk-in the run leaves: %q\n%s", last, text)
	}
	again := rosterCmd(dir, d, args...)
	if o, err := again.CombinedOutput(); again.ProcessState.ExitCode() != 3 {
		t.Fatalf("the run after Ctrl-C: %v, want exit 3 (the walk-in)\n%s", err, o)
	}
	want := append(wantSet(lists, size, "new"), "l1@example.org drifter@example.org MEMBER", "l0@example.org demoted@example.org MEMBER")
	sort.Strings(want)
	if diff := cmp.Diff(want, d.liveSet()); diff != "" {
		t.Errorf("not converged (-want +got):\n%s", diff)
	}
}

// TestInterruptedLogsJSON: under --log-format json, the lines a sync or
// a plan stopped by SIGINT or SIGTERM prints on stderr are JSON records
// too, the interrupt's own included, and it exits 130.
func TestInterruptedLogsJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	t.Parallel()
	// Twenty lists, slow calls, one at a time: the signal comes while
	// calls are still to be made.
	const lists, size = 20, 100
	tests := []struct {
		name string
		args []string
		sig  os.Signal
	}{
		{"sync, SIGTERM", []string{"--log-format", "json", "sync"}, syscall.SIGTERM},
		{"sync, SIGINT, the flag after the command", []string{"sync", "--log-format", "json"}, os.Interrupt},
		{"plan, SIGTERM", []string{"--log-format", "json", "plan"}, syscall.SIGTERM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "members.toml"), []byte(soakFile(lists, size, "new")))
			d := soakDomain(t, emulator.Options{Latency: 50 * time.Millisecond}, lists, 0)
			cmd := rosterCmd(dir, d, append(tt.args, "--rate", "10000", "--retry-base", "1ms", "--concurrency", "1")...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(30 * time.Second)
			for calls(d) < 3 && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			_ = cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != 130 {
				t.Errorf("exit %d, want 130\n%s", code, stderr.String())
			}
			text := strings.TrimSpace(stderr.String())
			if !strings.Contains(text, "interrupted") {
				t.Errorf("no line says it was interrupted:\n%s", text)
			}
			for _, line := range strings.Split(text, "\n") {
				var rec map[string]any
				if err := json.Unmarshal([]byte(line), &rec); err != nil {
					t.Errorf("a stderr line is not JSON: %q", line)
				}
			}
		})
	}
}

// calls is how many calls the domain has answered.
func calls(d *domain) int64 {
	var n int64
	for _, c := range d.emu.Counters() {
		n += c
	}
	return n
}

// TestConcurrentEditsLoseNothing starts several roster processes adding
// members to one file at once: every one that says it added someone did,
// and the file holds them all.
func TestConcurrentEditsLoseNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "members.toml")
	writeFile(t, path, []byte(readFile(t, filepath.Join(caseDir("edit-header"), "members.toml"))+"\n[[member]]\nemail = \"ada@example.org\"\nlists = { reports = \"owner\" }\n"))
	const n = 12
	var wg sync.WaitGroup
	codes := make([]int, n)
	outs := make([]string, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "add", "--list", "reports", "--by", "ada@example.org", "--method", "video-call", "--note", "n", fmt.Sprintf("p%02d@example.org", i))
			cmd.Dir = dir
			cmd.Env = asMain()
			out, err := cmd.CombinedOutput()
			outs[i] = string(out)
			if err != nil {
				codes[i] = cmd.ProcessState.ExitCode()
			}
		}()
	}
	wg.Wait()
	f, err := members.Parse("members.toml", []byte(readFile(t, path)))
	if err != nil {
		t.Fatalf("the file no longer parses: %v", err)
	}
	for i := 0; i < n; i++ {
		email := fmt.Sprintf("p%02d@example.org", i)
		in := f.FindMember(email) != nil
		if codes[i] == 0 && !in {
			t.Errorf("%s: roster said added (%q) but the entry is gone", email, outs[i])
		}
		if codes[i] != 0 {
			t.Errorf("%s: exit %d: %s", email, codes[i], outs[i])
		}
	}
}

// TestNumericFlagsAreRangeChecked: NaN, infinities, negatives and ratios
// above 1 are refused before any call.
func TestNumericFlagsAreRangeChecked(t *testing.T) {
	dir := copyCase(t, "plan-uptodate")
	d := newDomain(t, emulator.Options{}, filepath.Join(dir, "live.json"))
	for _, args := range [][]string{
		{"sync", "--max-removal-ratio", "NaN"},
		{"sync", "--max-removal-ratio", "1.5"},
		{"sync", "--max-removal-ratio", "-0.1"},
		{"sync", "--max-removal-ratio", "+Inf"},
		{"sync", "--max-removals", "-1"},
		{"plan", "--rate", "NaN"},
		{"plan", "--rate", "Inf"},
		{"plan", "--rate", "-5"},
		{"sync", "--concurrency", "0"},
		{"sync", "--concurrency", "-3"},
	} {
		res := runRosterEnv(t, dir, d.vars(), args...)
		if res.code != 1 || !strings.Contains(res.stderr, args[1]) {
			t.Errorf("%v: exit %d %s", args, res.code, res.stderr)
		}
	}
	if c := d.emu.Counters()["calls"]; c != 0 {
		t.Errorf("%d API calls", c)
	}
}
