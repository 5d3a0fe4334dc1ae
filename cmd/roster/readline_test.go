//go:build linux

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// TestBashCompletionInReadline types a line and a TAB into an
// interactive bash on a terminal, with the completion script loaded and
// bash's own COMP_WORDBREAKS, and reads back the line readline then
// holds. Faking COMP_WORDS cannot show what readline replaces with the
// reply: after an '@' (one of bash's rl_special_prefixes, as '$' is) it
// replaces the '@' too, where after ':' or '=' it keeps the break.
func TestBashCompletionInReadline(t *testing.T) {
	t.Parallel()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dir, bin := completionRepo(t)
	rc := filepath.Join(t.TempDir(), "rc")
	writeFile(t, rc, []byte(`PS1='$ '
bind 'set bell-style none'
source <(roster completion bash)
bind -x '"\C-t": printf "<%s>\n" "$READLINE_LINE"'
`))
	tests := []struct{ typed, want string }{
		{"roster remove chen.wei@", "roster remove chen.wei@example.org"},
		{"roster remove chen.wei@exa", "roster remove chen.wei@example.org"},
		{"roster remove --list security-reports chen.wei@e", "roster remove --list security-reports chen.wei@example.org"},
		{`roster remove o\'brien@`, `roster remove o\'brien@example.org`},
		{"roster history --member chen.wei@", "roster history --member chen.wei@example.org"},
		// Held: no '@' yet, a flag's value after '=', a role after ':',
		// an address begun with a quote (readline splits no quoted word).
		{"roster remove chen.w", "roster remove chen.wei@example.org"},
		{"roster plan --list=adv", "roster plan --list=advance-warning"},
		{"roster add --list security-reports:ow", "roster add --list security-reports:owner"},
		{"roster remove 'chen.wei@ex", "roster remove 'chen.wei@example.org'"},
		{`roster remove "chen.wei@ex`, `roster remove "chen.wei@example.org"`},
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			t.Parallel() // each its own bash on its own terminal
			got := readlineAfterTab(t, dir, bin, bash, rc, tt.typed)
			if strings.TrimRight(got, " ") != tt.want {
				t.Errorf("typed %q then TAB: the line reads %q, want %q", tt.typed, got, tt.want)
			}
		})
	}
}

// readlineAfterTab starts an interactive bash with rc on a new terminal
// in dir, types line, a TAB and C-t (which rc binds to print the line
// readline holds), and returns that line. C-t, not C-x: C-x begins
// readline's other bindings (C-x C-e, ...), so readline would hold it
// for keyseq-timeout (half a second) waiting for a second key.
func readlineAfterTab(t *testing.T, dir, bin, bash, rc, line string) string {
	t.Helper()
	ptmx, tty := openPTY(t)
	cmd := exec.Command(bash, "--noprofile", "--rcfile", rc, "-i")
	cmd.Dir = dir
	cmd.Env = asMain("PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "TERM=dumb", "INPUTRC=/dev/null", "HOME="+t.TempDir())
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		ptmx.Close()
	})
	var mu sync.Mutex
	var out bytes.Buffer
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			mu.Lock()
			out.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	// The keys wait in the terminal until readline reads them: the
	// TAB's completion is done before C-t prints the line.
	if _, err := ptmx.Write([]byte(line + "\t\x14")); err != nil {
		t.Fatal(err)
	}
	printed := regexp.MustCompile(`<(roster[^<>\r\n]*)>\r?\n`)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		mu.Lock()
		m := printed.FindSubmatch(out.Bytes())
		mu.Unlock()
		if m != nil {
			return string(m[1])
		}
	}
	mu.Lock()
	defer mu.Unlock()
	t.Fatalf("bash printed no line after 30s:\n%q", out.String())
	return ""
}

// openPTY opens a new pseudo-terminal: its controlling side, and the
// terminal a shell runs on.
func openPTY(t *testing.T) (ptmx, tty *os.File) {
	t.Helper()
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	raw, err := ptmx.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var n uint32
	var ioctlErr error
	err = raw.Control(func(fd uintptr) {
		var unlock int32
		if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
			ioctlErr = e
			return
		}
		if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
			ioctlErr = e
		}
	})
	if err == nil {
		err = ioctlErr
	}
	if err != nil {
		ptmx.Close()
		t.Skipf("no pseudo-terminal: %v", err)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		ptmx.Close()
		t.Skipf("no pseudo-terminal: %v", err)
	}
	return ptmx, tty
}
