package workspace

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/internal/atomicfile"
	"github.com/roster-dev/roster/internal/nearest"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/report"
)

// LiveOptions say how to reach the live groups.
type LiveOptions struct {
	// Emulator runs the built-in emulated domain, kept in .roster/ next
	// to the members file.
	Emulator bool
	// Endpoint is the API root (an emulator); "" for Google.
	Endpoint string
	// Credentials is a credential file; "" for
	// $GOOGLE_APPLICATION_CREDENTIALS or application-default credentials.
	Credentials string
	// Subject is the admin to act for (domain-wide delegation).
	Subject string
	// Impersonate signs delegation as this service account (keyless).
	Impersonate string
	// Rate bounds API calls a second; RetryBase is the first backoff.
	Rate      float64
	RetryBase time.Duration
	// CallTimeout bounds each API call (each try); 0: the client's
	// default.
	CallTimeout time.Duration
	// CallTimeoutText and ReadTimeoutText are the timeouts as given
	// ("1500ms", "90m"), for messages.
	CallTimeoutText, ReadTimeoutText string
	// ReadTimeout bounds each read as a whole, all its pages and retries;
	// 0: the client's default.
	ReadTimeout time.Duration
	// Concurrency bounds the calls in flight, reads and writes alike.
	Concurrency int
}

// DefaultConcurrency is enough calls in flight to reach the default rate
// when a call takes half a second: 38 calls/s x 0.5 s.
const DefaultConcurrency = 20

// access is what a use case needs of the live side.
type access struct {
	write    bool // member writes (sync, apply)
	settings bool // the Groups Settings scope (sync, plan and audit of pinned settings)
	create   bool // the group-creation scope (sync of a list with create = true)
}

// writing is the access a run that changes lists needs: member writes
// and settings, and group creation only when one of them asks for it.
func writing(lists []*members.List) access {
	acc := access{write: true, settings: true}
	for _, l := range lists {
		acc.create = acc.create || l.Create
	}
	return acc
}

// live is the open live side of one run.
type live struct {
	providers map[string]directory.Provider
	google    *google.Client
	stop      func()
	// settings: group settings are read (their scope was asked for).
	settings bool
	// opened is when the live side was opened: a run's seconds count
	// its reads too, as its calls do.
	opened time.Time
	// expanded holds, by list id, who receives a list's mail through
	// nested groups, where the run read it (nestedReceivers).
	expanded map[string]expansion
	// file is the members file the providers are for.
	file *members.File
	// logFailed holds, by application, an audit log the run's
	// --changed-since read found failing for the domain: attribution
	// does not wait for it again (audit.AttributeOptions.Failed).
	logFailed map[string]error
}

func (l *live) stats() directory.Stats {
	if l.google == nil {
		return directory.Stats{}
	}
	return l.google.Stats()
}

// openLive builds a provider for each list: one Google client shared by
// the google lists (pointed at the built-in emulator with --emulator),
// and a CSV reader per csv list, its snapshot resolved next to the
// members file and required to stay inside its repository.
func (w *Workspace) openLive(ctx context.Context, f *members.File, membersPath string, lists []*members.List, o LiveOptions, acc access) (*live, error) {
	lv := &live{providers: make(map[string]directory.Provider), stop: func() {}, settings: acc.settings, opened: w.env.Now(), expanded: map[string]expansion{}, file: f}
	// Callers defer stop; a use case may stop early too (to save the
	// emulator's state before it prints), so stopping twice is harmless.
	defer func() { lv.stop = sync.OnceFunc(lv.stop) }()
	needGoogle := false
	for _, l := range lists {
		switch l.Provider {
		case members.ProviderCSV:
			path, err := w.snapshotPath(ctx, membersPath, l)
			if err != nil {
				return nil, err
			}
			lv.providers[l.ID] = directory.CSV{Path: path}
		default:
			needGoogle = true
		}
	}
	if !needGoogle {
		return lv, nil
	}
	endpoint := o.Endpoint
	if o.Emulator {
		ep, stop, err := w.startBuiltinEmulator(ctx, membersPath, f)
		if err != nil {
			return nil, err
		}
		endpoint, lv.stop = ep, stop
		w.notef("using the built-in emulator (state in %s)", filepath.Join(filepath.Dir(membersPath), ".roster"))
	}
	scopes := []string{google.ScopeRead}
	if acc.write {
		scopes = []string{google.ScopeWrite}
	}
	if acc.settings {
		scopes = append(scopes, google.ScopeSettings)
	}
	g, err := google.New(ctx, w.googleConfig(o, endpoint, scopes))
	if err != nil {
		lv.stop()
		return nil, err
	}
	lv.google = g
	for _, l := range lists {
		if l.Provider != members.ProviderCSV {
			lv.providers[l.ID] = g
		}
	}
	return lv, nil
}

// snapshotPath resolves a csv list's snapshot next to the members file.
// A snapshot outside the directory tree of the members file is refused:
// a pull request could otherwise point roster at any file it can read
// and have its contents echoed into a plan.
func (w *Workspace) snapshotPath(ctx context.Context, membersPath string, l *members.List) (string, error) {
	// Next to the members file its history is read from: a link of
	// one's own to it is followed (gitPath), so that plan, sync and
	// review read the one export the repository holds.
	dir, _ := w.gitPath(ctx, membersPath)
	root, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	p := l.Snapshot
	if !filepath.IsAbs(p) {
		p = filepath.Join(root, p)
	}
	p = filepath.Clean(p)
	if rel, err := filepath.Rel(root, p); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("list %s: snapshot %q is outside the directory of the members file (%s); keep snapshots inside the repository", l.ID, l.Snapshot, root)
	}
	if resolved, err := filepath.EvalSymlinks(p); err == nil {
		rootResolved, _ := filepath.EvalSymlinks(root)
		rel, err := filepath.Rel(rootResolved, resolved)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return "", fmt.Errorf("list %s: snapshot %q links outside the directory of the members file; keep snapshots inside the repository", l.ID, l.Snapshot)
		}
		if want, _ := filepath.Rel(root, p); rel != want {
			// A link inside the repository: review compares the link
			// (its text, in git), sync reads what it points at, so an
			// edit of the target would pass review unseen.
			return "", fmt.Errorf("list %s: snapshot %q is reached through a symbolic link (to %s); commit the export itself at that path", l.ID, l.Snapshot, filepath.ToSlash(rel))
		}
	}
	return p, nil
}

// googleConfig is the Google client's configuration from the live
// options. $GOOGLE_APPLICATION_CREDENTIALS is read here, through Env, so
// that tests control it like every other variable.
func (w *Workspace) googleConfig(o LiveOptions, endpoint string, scopes []string) google.Config {
	cfg := google.Config{
		Endpoint:                  endpoint,
		CredentialsFile:           o.Credentials,
		Subject:                   o.Subject,
		Scopes:                    scopes,
		ImpersonateServiceAccount: o.Impersonate,
		Rate:                      o.Rate,
		Retry:                     google.Retry{Base: o.RetryBase},
		CallTimeout:               o.CallTimeout,
		CallTimeoutText:           o.CallTimeoutText,
		ReadTimeoutText:           o.ReadTimeoutText,
		ReadTimeout:               o.ReadTimeout,
		MaxInFlight:               o.Concurrency,
		Logger:                    w.env.Logger,
		UserAgent:                 w.env.UserAgent,
		Now:                       w.env.Now,
	}
	if _, insecure, err := google.CheckEndpoint(endpoint); err == nil && insecure && endpoint != "" {
		// A loopback emulator is sent no token, even when credentials
		// are given (doctor only tries them at their token endpoint, and
		// names their own client ID for grants): it logs roster's writes
		// with its default OAuth client, which is how roster tells its
		// own writes from changes by hand there.
		cfg.ClientID = emulator.DefaultClientID
	}
	if ids := w.clientIDs(); len(ids) > 0 {
		// roster's own OAuth client ID, where it cannot be looked up
		// (keyless delegation without the IAM API, an emulator started
		// with another --client-id): how the audit log tells its writes.
		cfg.ClientID = ids[0]
	}
	switch {
	case cfg.CredentialsFile != "":
		cfg.CredentialsFile = w.path(cfg.CredentialsFile)
		cfg.CredentialsSource = "--credentials " + o.Credentials
	case w.env.Getenv("GOOGLE_APPLICATION_CREDENTIALS") != "":
		cfg.CredentialsFile = w.path(w.env.Getenv("GOOGLE_APPLICATION_CREDENTIALS"))
		cfg.CredentialsSource = "$GOOGLE_APPLICATION_CREDENTIALS"
	}
	return cfg
}

// emulatorWait is how long a run with --emulator waits for another run
// to let go of the emulated domain.
const emulatorWait = 5 * time.Minute

// startBuiltinEmulator serves the emulated domain of --emulator on a free
// loopback port for the length of the use case, which holds the domain's
// state for itself meanwhile: two runs at once (two jobs, two terminals)
// would each load the state, and the last to save would drop the other's
// writes, both having said they applied them. The second waits for the
// first, as it would for Google's own.
func (w *Workspace) startBuiltinEmulator(ctx context.Context, membersPath string, f *members.File) (string, func(), error) {
	state := filepath.Join(filepath.Dir(w.path(membersPath)), ".roster", "emulator.json")
	if err := prepareStateDir(state); err != nil {
		return "", nil, err
	}
	unlock, err := atomicfile.Lock(ctx, state, 0)
	if err != nil && ctx.Err() == nil {
		switch endpoint, served := servingAt(ctx, state); {
		case endpoint == "":
		case sameFile(served, state):
			// A server, which lets go only when stopped: no use waiting.
			return "", nil, fmt.Errorf("the built-in emulator's domain (%s) is served by roster emulator at %s: run this command with --endpoint %s in place of --emulator (or export ROSTER_GOOGLE_ENDPOINT=%s), or stop that server", state, endpoint, endpoint, endpoint)
		default:
			// Another state in .roster, whose lock holds them all.
			return "", nil, fmt.Errorf("roster emulator serves %s at %s, and holds every state in %s while it does, the built-in emulator's domain (%s) too: stop it, or run this command with --endpoint %s to use its domain", served, endpoint, filepath.Dir(state), state, endpoint)
		}
		// Held: said before waiting, so that a run that seems stuck
		// says why.
		w.notef("waiting for another roster run, which holds the built-in emulator's domain (%s), for up to %d minutes", state, int(emulatorWait.Minutes()))
		unlock, err = atomicfile.Lock(ctx, state, emulatorWait)
	}
	if err != nil {
		return "", nil, fmt.Errorf("the built-in emulator's domain (%s) is in use by another roster run: %w", state, err)
	}
	srv, err := w.newEmulator(state, membersPath, f, nil, emulator.Options{Logger: w.env.Logger})
	if err != nil {
		unlock()
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		unlock()
		_ = srv.Close()
		return "", nil, fmt.Errorf("built-in emulator: %w", err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	// Every call has returned by the time the use case stops the
	// emulator; Shutdown would wait for connections the client opened
	// but never used.
	stop := func() {
		_ = hs.Close()
		_ = srv.Close() // saves the last writes
		unlock()
	}
	return "http://" + ln.Addr().String() + "/", stop, nil
}

// selectLists returns the lists named by ids, each once, or all of them.
func selectLists(f *members.File, ids []string) ([]*members.List, error) {
	if len(ids) == 0 {
		return f.Lists, nil
	}
	var out []*members.List
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			continue // --list x --list x plans x once
		}
		seen[id] = true
		if err := noSuchList(id, "the file", f); err != nil {
			return nil, err
		}
		out = append(out, f.List(id))
	}
	return out, nil
}

// noSuchList is the one refusal of a --list id that none of files has:
// it names where roster looked, the nearest id and the ids there are.
// nil when one of files has the list.
func noSuchList(id, where string, files ...*members.File) error {
	var known []string
	for _, f := range files {
		if f == nil {
			continue
		}
		if f.List(id) != nil {
			return nil
		}
		for _, l := range f.Lists {
			known = append(known, l.ID)
		}
	}
	return noSuchListAmong(id, where, known)
}

// noSuchListAmong refuses id, which is not among known, the ids there
// are.
func noSuchListAmong(id, where string, known []string) error {
	known = slices.Clone(known)
	sort.Strings(known)
	known = slices.Compact(known)
	msg := fmt.Sprintf("--list %s: no such list in %s", report.Line(id), where)
	// List ids are matched exactly: SECURITY-REPORTS is another id, and
	// most likely a mistyped one.
	near := ""
	for _, k := range known {
		if strings.EqualFold(k, id) {
			near = k
		}
	}
	if near == "" {
		near = nearest.Meant(id, known, max(2, len(id)/3))
	}
	if near != "" {
		msg += fmt.Sprintf("; did you mean %s?", near)
	}
	if len(known) > 0 {
		msg += "; lists are " + strings.Join(known, ", ")
	}
	return errors.New(msg)
}

// clientIDs are the OAuth client IDs $ROSTER_CLIENT_ID names, separated
// by commas or spaces: roster's own first, then those it wrote through
// before (a service account replaced), whose writes stay in the audit
// log for its 180 days and are roster's, never changes by hand.
func (w *Workspace) clientIDs() []string {
	return strings.FieldsFunc(w.env.Getenv("ROSTER_CLIENT_ID"), func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
}
