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
	"strings"
	"syscall"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
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

// Domain is an emulator served on a loopback port.
type Domain struct {
	*emulator.Server
	URL string
	srv *http.Server
}

// StartDomain serves an emulator on 127.0.0.1.
func StartDomain(opts emulator.Options) (*Domain, error) {
	emu, err := emulator.New(opts)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return &Domain{Server: emu, URL: "http://" + ln.Addr().String() + "/", srv: srv}, nil
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
