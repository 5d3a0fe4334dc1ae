// Package harness runs roster as a process against an emulated domain,
// for the benchmarks and soak tests under bench/.
package harness

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/internal/synth"
)

// BuildRoster compiles cmd/roster into dir and returns the binary's path.
// It must run from the repository root (go run ./bench/...).
func BuildRoster(dir string) (string, error) {
	bin := filepath.Join(dir, "roster")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/roster")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build roster (run from the repository root): %w", err)
	}
	return bin, nil
}

// Setup makes a temporary directory and builds roster into it; cleanup
// removes both. Every program under bench/ starts with it.
func Setup(name string) (dir, bin string, cleanup func()) {
	dir, err := os.MkdirTemp("", "roster-"+name+"-")
	if err != nil {
		log.Fatal(err)
	}
	bin, err = BuildRoster(dir)
	if err != nil {
		os.RemoveAll(dir)
		log.Fatal(err)
	}
	return dir, bin, func() { os.RemoveAll(dir) }
}

// Domain is an emulator served on a loopback port. It also counts, by
// group, the reads that reach it, and how many calls were in flight at
// once: what the emulator's counters, which are by method, do not say.
type Domain struct {
	*emulator.Server
	URL string
	srv *http.Server

	mu          sync.Mutex
	reads       map[string]map[string]int // method -> group -> calls
	inFlight    int
	maxInFlight map[string]int // method ("" for all) -> most at once
	flying      map[string]int
	// offset moves the emulator's clock (SetClock).
	offset atomic.Int64
	// hook, when set, may answer a call instead of the emulator (SetHook).
	hook atomic.Pointer[func(http.ResponseWriter, *http.Request) bool]
}

// SetHook has h see every call first: when it returns true it has
// answered (or stalled) the call and the emulator never sees it. nil
// removes it.
func (d *Domain) SetHook(h func(w http.ResponseWriter, r *http.Request) bool) {
	if h == nil {
		d.hook.Store(nil)
		return
	}
	d.hook.Store(&h)
}

// StartDomain serves an emulator on 127.0.0.1.
func StartDomain(opts emulator.Options) (*Domain, error) {
	d := &Domain{reads: map[string]map[string]int{}, maxInFlight: map[string]int{}, flying: map[string]int{}}
	if opts.Now == nil {
		opts.Now = func() time.Time { return time.Now().Add(time.Duration(d.offset.Load())) }
	}
	emu, err := emulator.New(opts)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	d.Server = emu
	d.URL = "http://" + ln.Addr().String() + "/"
	d.srv = &http.Server{Handler: http.HandlerFunc(d.serve), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = d.srv.Serve(ln) }()
	return d, nil
}

// SetClock sets the emulator's clock off by d from the wall clock (0:
// the wall clock again): a change by hand made while it is set is
// logged as made then.
func (d *Domain) SetClock(off time.Duration) { d.offset.Store(int64(off)) }

// serve counts a call and hands it to the emulator.
func (d *Domain) serve(w http.ResponseWriter, r *http.Request) {
	method, group := classify(r)
	d.mu.Lock()
	if method != "" {
		if d.reads[method] == nil {
			d.reads[method] = map[string]int{}
		}
		d.reads[method][group]++
	}
	d.flying[""]++
	d.flying[method]++
	d.maxInFlight[""] = max(d.maxInFlight[""], d.flying[""])
	d.maxInFlight[method] = max(d.maxInFlight[method], d.flying[method])
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		d.flying[""]--
		d.flying[method]--
		d.mu.Unlock()
	}()
	if h := d.hook.Load(); h != nil && (*h)(w, r) {
		return
	}
	d.Server.ServeHTTP(w, r)
}

// classify names an API call by the emulator's method names, with the
// group it names ("" for the audit log and for the emulator's own
// endpoints).
func classify(r *http.Request) (method, group string) {
	const dir, settings, reports = "/admin/directory/v1/groups/", "/groups/v1/groups/", "/admin/reports/v1/activity/"
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, dir):
		parts := strings.Split(strings.TrimPrefix(p, dir), "/")
		group = strings.ToLower(parts[0])
		switch {
		case len(parts) == 1 && r.Method == http.MethodGet:
			return "groups.get", group
		case len(parts) == 2 && parts[1] == "members" && r.Method == http.MethodGet:
			return "members.list", group
		case len(parts) == 3 && parts[1] == "members" && r.Method == http.MethodGet:
			return "members.get", group
		case len(parts) >= 2:
			return "members." + strings.ToLower(r.Method), group
		}
	case strings.HasPrefix(p, settings):
		group = strings.ToLower(strings.TrimPrefix(p, settings))
		if r.Method == http.MethodGet {
			return "settings.get", group
		}
		return "settings." + strings.ToLower(r.Method), group
	case strings.HasPrefix(p, reports):
		return "activities.list", ""
	}
	return "", ""
}

// Reads returns how many calls of an API method ("members.list",
// "settings.get", "members.get", "groups.get") named each group.
func (d *Domain) Reads(method string) map[string]int {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make(map[string]int, len(d.reads[method]))
	for g, n := range d.reads[method] {
		out[g] = n
	}
	return out
}

// MaxInFlight returns the most calls of a method ("" for any) that were
// in flight at once since the last ResetTraffic.
func (d *Domain) MaxInFlight(method string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.maxInFlight[method]
}

// ResetTraffic zeroes the emulator's counters and the Domain's own.
func (d *Domain) ResetTraffic() {
	d.ResetCounters()
	d.mu.Lock()
	defer d.mu.Unlock()
	d.reads = map[string]map[string]int{}
	d.maxInFlight = map[string]int{}
}

// DomainState is the emulator state of a generated domain's groups, for
// emulator.Options.State: groups, members and settings, with no audit
// log (a domain at rest).
func DomainState(groups []synth.LiveGroup) *emulator.State {
	st := &emulator.State{}
	id := int64(0)
	// Ids as the emulator makes them, from one counter: members stay in
	// id order as later inserts append to them.
	for _, g := range groups {
		id++
		eg := &emulator.Group{ID: fmt.Sprintf("0%019d", id), Email: g.Address, Settings: map[string]string{}}
		for k, v := range g.Settings {
			eg.Settings[k] = v
		}
		emails := make([]string, 0, len(g.Members))
		for e := range g.Members {
			emails = append(emails, e)
		}
		sort.Strings(emails)
		for _, e := range emails {
			id++
			eg.Members = append(eg.Members, &emulator.Member{ID: fmt.Sprintf("1%020d", id), Email: e, Role: g.Members[e], Type: "USER", Status: "ACTIVE"})
		}
		st.Groups = append(st.Groups, eg)
	}
	st.NextID = id
	return st
}

// HoldsDomain reports how many of a generated domain's groups differ
// from want, by address and role (settings too when want has them).
func (d *Domain) HoldsDomain(want []synth.LiveGroup) (differ []string) {
	st := d.State()
	have := map[string]*emulator.Group{}
	for _, g := range st.Groups {
		have[strings.ToLower(g.Email)] = g
	}
	for _, w := range want {
		g := have[strings.ToLower(w.Address)]
		ok := g != nil && len(g.Members) == len(w.Members)
		if ok {
			for _, m := range g.Members {
				if w.Members[m.Email] != m.Role {
					ok = false
				}
			}
			for k, v := range w.Settings {
				if g.Settings[k] != v {
					ok = false
				}
			}
		}
		if !ok {
			differ = append(differ, w.Address)
		}
	}
	return differ
}

// Seed creates a group with members, each address to its role.
func (d *Domain) Seed(group string, members map[string]string) error {
	ms := make([]emulator.Member, 0, len(members))
	for email, role := range members {
		ms = append(ms, emulator.Member{Email: email, Role: role})
	}
	return d.AddGroup(group, ms...)
}

// Holds reports whether a group has exactly the members in want, an
// address to role map: no one missing, no one extra, every role right.
func (d *Domain) Holds(group string, want map[string]string) bool {
	got := d.Members(group)
	if len(got) != len(want) {
		return false
	}
	for _, m := range got {
		if role, ok := want[m.Email]; !ok || role != m.Role {
			return false
		}
	}
	return true
}

// Close stops serving.
func (d *Domain) Close() { _ = d.srv.Close() }

// Run is one finished roster process.
type Run struct {
	Code           int
	Stdout, Stderr string
	Took           time.Duration
	Killed         bool
	// MaxRSSKB is the peak resident memory of the process and of the
	// children it waited for (git, for history).
	MaxRSSKB int64
	// CPU is the user and system time the process used: roster's own
	// work, whatever the emulator it talks to spends.
	CPU time.Duration
}

// resetPeakRSS keeps this process's memory out of the next child's
// MaxRSSKB. Go starts a child with vfork, sharing this process's memory
// until exec, and Linux carries that memory's peak into the child's
// ru_maxrss: after generating a million-member file here, every later
// child "peaked" at this process's gigabyte. Returning freed memory and
// resetting the peak (clear_refs 5, Linux only; elsewhere a no-op) leaves
// only what this process holds now, a few megabytes.
func resetPeakRSS() {
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// RunRoster runs the binary in dir against the domain (none when nil).
func RunRoster(ctx context.Context, bin, dir string, d *Domain, args ...string) Run {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = os.Environ()
	if d != nil {
		cmd.Env = append(cmd.Env, "ROSTER_GOOGLE_ENDPOINT="+d.URL)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	resetPeakRSS()
	start := time.Now()
	err := cmd.Run()
	r := Run{Stdout: out.String(), Stderr: errb.String(), Took: time.Since(start)}
	if cmd.ProcessState != nil {
		r.Code = cmd.ProcessState.ExitCode()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			r.Killed = true
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.MaxRSSKB = ru.Maxrss
		}
		r.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	} else if err != nil {
		r.Code = -1
		r.Stderr += err.Error()
	}
	return r
}

// Table prints rows under a header, aligned, as the benchmarks report.
func Table(header []string, rows [][]string) string {
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = len(h)
	}
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], len(c))
		}
	}
	var b strings.Builder
	line := func(cells []string) {
		b.WriteString("|")
		for i, c := range cells {
			fmt.Fprintf(&b, " %-*s |", widths[i], c)
		}
		b.WriteString("\n")
	}
	line(header)
	sep := make([]string, len(header))
	for i := range sep {
		sep[i] = strings.Repeat("-", widths[i])
	}
	line(sep)
	for _, r := range rows {
		line(r)
	}
	return b.String()
}

// Git runs git in dir as a fixed author; a non-zero at dates the commit
// (author and committer) then.
func Git(dir string, at time.Time, args ...string) error {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Bench", "GIT_AUTHOR_EMAIL=bench@example.org", "GIT_COMMITTER_NAME=Bench", "GIT_COMMITTER_EMAIL=bench@example.org",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if !at.IsZero() {
		date := at.Format(time.RFC3339)
		cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return nil
}

// Commit writes files (name -> content; "" removes the file) into the
// repository at dir, made if needed, and commits them at a time (zero:
// now) with a subject.
func Commit(dir string, at time.Time, subject string, files map[string]string) error {
	if _, err := os.Stat(filepath.Join(dir, ".git")); err != nil {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := Git(dir, time.Time{}, "init", "-q", "-b", "main"); err != nil {
			return err
		}
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(dir, name)
		if files[name] == "" {
			if err := Git(dir, time.Time{}, "rm", "-q", "--", name); err != nil {
				return err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(files[name]), 0o644); err != nil {
			return err
		}
		if err := Git(dir, time.Time{}, "add", "--", name); err != nil {
			return err
		}
	}
	return Git(dir, at, "commit", "-q", "--allow-empty", "-m", subject)
}
