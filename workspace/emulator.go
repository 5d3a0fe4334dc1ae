package workspace

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/internal/atomicfile"
	"github.com/roster-dev/roster/internal/regular"
	"github.com/roster-dev/roster/internal/shell"
	"github.com/roster-dev/roster/members"
)

// EmulatorOptions configure `roster emulator`.
type EmulatorOptions struct {
	// File is the members file whose google lists get groups in a new
	// domain.
	File string
	// Listen is a loopback address; port 0 picks one.
	Listen string
	// State persists the domain; "" keeps it in memory.
	State string
	// Groups are extra groups to create in the domain, a loaded one
	// included.
	Groups []string
	// Server are the emulator's own options (faults, latency, quota,
	// seed, log delay).
	Server emulator.Options
	// Flags are the run's flags other than --listen and --file, as the
	// command line gave them: a hint to run it again carries them.
	Flags []string
}

// Emulator serves the emulated Google APIs until ctx is cancelled.
func (w *Workspace) Emulator(ctx context.Context, o EmulatorOptions) error {
	host, _, err := net.SplitHostPort(o.Listen)
	if err != nil {
		return fmt.Errorf("--listen %q: %w", o.Listen, err)
	}
	if !google.IsLoopback(host) {
		return fmt.Errorf("--listen %q: the emulator serves an unauthenticated admin API and listens on loopback only (127.0.0.1, ::1, localhost)", o.Listen)
	}
	statePath := ""
	if o.State != "" {
		if err := w.checkOutput("--state", o.State, o.File); err != nil {
			return err
		}
		statePath = w.path(o.State)
	}
	if statePath != "" && filepath.Base(filepath.Dir(statePath)) == ".roster" {
		// The built-in emulator's domain, which a run with --emulator
		// holds for its length (startBuiltinEmulator): served at the
		// same time, each would save over the other's writes. The lock
		// is on the directory, roster's own there; a state elsewhere
		// shares its directory with files an edit locks, and is the
		// user's to share.
		if err := prepareStateDir(statePath); err != nil {
			return err
		}
		unlock, err := atomicfile.Lock(ctx, statePath, 0)
		if err != nil {
			if endpoint, state := servingAt(ctx, statePath); endpoint != "" {
				return fmt.Errorf("--state %s: roster emulator already serves %s at %s, and a lock on %s holds every state in it: use that one (--endpoint %s), or stop it", o.State, state, endpoint, filepath.Dir(o.State), endpoint)
			}
			return fmt.Errorf("--state %s is in use by another roster (an emulator, or a run with --emulator): %w", o.State, err)
		}
		defer unlock()
	}
	opts := o.Server
	opts.Logger = w.env.Logger
	srv, err := w.newEmulator(statePath, o.File, nil, o.Groups, opts)
	if err != nil {
		return err
	}
	defer srv.Close() // saves the last writes
	ln, err := net.Listen("tcp", o.Listen)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("listen on %s: %w; another emulator may be running there: stop it, or pick a free port with %s", o.Listen, err, w.hint("emulator", append([]string{"--listen", "127.0.0.1:0"}, o.Flags...)...))
	}
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	endpoint := "http://" + ln.Addr().String() + "/"
	if statePath != "" && filepath.Base(filepath.Dir(statePath)) == ".roster" {
		// Held for as long as it serves: a run with --emulator meanwhile
		// is told at once where to reach it (servingNote), not left
		// waiting for a server that never lets go.
		note := statePath + servingSuffix
		if err := os.WriteFile(note, []byte(endpoint+"\n"), 0o600); err == nil {
			defer os.Remove(note)
		}
	}
	fmt.Fprintf(w.out, "roster emulator: serving the Directory API at %s\n", endpoint)
	fmt.Fprintf(w.out, "  export ROSTER_GOOGLE_ENDPOINT=%s\n", endpoint)
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(shutdown)
		return nil
	case err := <-done:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}

// newEmulator opens an emulated domain persisted at statePath. A new
// domain gets a group for every google list of f, the members file as
// the command read it (nil: read membersFile, when it parses), and for
// each extra group address. A loaded one gets them too when f is given
// (the built-in emulator of --emulator, started by the command that read
// f): a list added to the file since has no group otherwise, and there
// is no Admin console to create one in. The state lists members, who
// may not be in the repository: it is written for its owner only.
func (w *Workspace) newEmulator(statePath, membersFile string, f *members.File, extraGroups []string, opts emulator.Options) (*emulator.Server, error) {
	fresh := statePath == "" || !fileExists(statePath)
	if statePath != "" {
		if err := prepareStateDir(statePath); err != nil {
			return nil, err
		}
	}
	if !fresh {
		// A state that does not parse (cut short, edited by hand) is of
		// no use to anyone: say how to start again, not only why.
		if data, err := regular.ReadFile(statePath); err == nil {
			if _, err := emulator.ParseState(statePath, data); err != nil {
				return nil, fmt.Errorf("%w; it is the emulated domain's state, which roster cannot read: remove it (rm -- %s) to start a new domain, whose groups come from the members file", err, shell.Quote(statePath))
			}
		}
	}
	opts.StatePath = statePath
	// --group creates its groups in a loaded domain too (those it has
	// are left as they are).
	opts.Groups = append(slices.Clone(opts.Groups), extraGroups...)
	srv, err := emulator.New(opts)
	if err != nil {
		return nil, err
	}
	builtin := f != nil
	if !fresh && !builtin {
		return srv, nil
	}
	var groups []string
	if f == nil {
		if data, err := regular.ReadFile(w.path(membersFile)); err == nil {
			f, _ = members.Parse(membersFile, data)
		}
	}
	if f != nil {
		for _, l := range f.Lists {
			if l.Provider == members.ProviderGoogle && l.Address != "" && !l.Create {
				groups = append(groups, l.Address)
			}
		}
	}
	for _, g := range groups {
		if srv.Members(g) != nil {
			continue // made by --group already, or loaded
		}
		err := srv.AddGroup(g)
		switch {
		case err != nil && fresh:
			return nil, fmt.Errorf("emulator: %w", err)
		case err != nil:
			// Another address holds it (an alias): the run says what
			// Google would.
		case !fresh:
			w.notef("the built-in emulator created the group %s, which %s lists, as an admin would in the Admin console (with create = true on the list, sync creates it)", g, membersFile)
		}
	}
	return srv, nil
}

// prepareStateDir makes the directory of an emulator's state file,
// refusing a .roster beside the members file that is not a directory of
// roster's own: it is where the emulated domain's members are kept.
func prepareStateDir(statePath string) error {
	dir := filepath.Dir(statePath)
	if filepath.Base(dir) == ".roster" {
		// roster's own directory, beside the members file: a link
		// there (one a branch commits) would have roster make some
		// other directory its owner's only and write members into it.
		if fi, err := os.Lstat(dir); err == nil && !fi.IsDir() {
			return fmt.Errorf("emulator state: %s is not a directory (a symbolic link, or a file), and roster keeps its local state only in a directory of its own there; remove it (rm -- %s), and roster makes the directory", dir, shell.Quote(dir))
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("emulator state: %w", err)
	}
	if filepath.Base(dir) == ".roster" {
		// MkdirAll leaves an existing .roster/ as it is (0755, made
		// by an older roster or by hand); it holds members.
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("emulator state: %w", err)
		}
		// .roster/ holds the emulated domain's members; it must never
		// be committed by accident.
		// Made only where nothing is, not even a link (a branch may
		// commit a dangling one, to have roster make a file anywhere).
		ignore := filepath.Join(dir, ".gitignore")
		if out, err := os.OpenFile(ignore, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
			_, _ = out.WriteString("# roster's local state (the built-in emulator's domain): never commit it\n*\n")
			_ = out.Close()
		}
	}
	return nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// servingSuffix names the note beside the built-in emulator's state that
// says, while roster emulator serves it, at which address.
const servingSuffix = ".serving"

// servingAt is the address a roster emulator serving a state in the
// directory of statePath (.roster: a lock there holds every state in
// it) answers at, and that state, or "": a note beside the state names
// the address, and an answer from there names the state (StateHeader),
// so that a note an emulator killed since left behind, naming a port
// another server has taken, is not believed.
func servingAt(ctx context.Context, statePath string) (endpoint, state string) {
	notes, _ := filepath.Glob(filepath.Join(filepath.Dir(statePath), "*"+servingSuffix))
	for _, note := range notes {
		data, ok := regular.Read(note, 1024)
		if !ok {
			continue
		}
		endpoint := strings.TrimSpace(string(data))
		u, err := url.Parse(endpoint)
		if err != nil || u.Scheme != "http" || !google.IsLoopback(u.Hostname()) {
			continue
		}
		state := strings.TrimSuffix(note, servingSuffix)
		if abs, err := filepath.Abs(state); err == nil {
			state = abs
		}
		if served := servedState(ctx, endpoint); served != "" && sameFile(served, state) {
			return endpoint, state
		}
	}
	return "", ""
}

// servedState is the state file the emulator at endpoint persists its
// domain to, "" when nothing answers there or it says none.
func servedState(ctx context.Context, endpoint string) string {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint+"_emulator/counters", nil)
	if err != nil {
		return ""
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return ""
	}
	resp.Body.Close()
	return resp.Header.Get(emulator.StateHeader)
}

// sameFile reports whether paths a and b name one file (through links,
// or spelt apart).
func sameFile(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(ia, ib)
}
