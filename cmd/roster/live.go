package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/policies"
	"github.com/roster-dev/roster/report"
)

// liveOptions say how to reach the live groups.
type liveOptions struct {
	emulator    bool
	endpoint    string
	credentials string
	subject     string
	impersonate string
	rate        float64
	retryBase   time.Duration
	write       bool
}

// liveFlags are the flags of every command that reads live groups.
func liveFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "list", Aliases: []string{"l"}, Usage: "only the list `ID` (repeatable); default all"},
		&cli.BoolFlag{Name: "emulator", Usage: "use a built-in emulated Google domain kept in .roster/ next to the members file (no Google account needed)"},
		&cli.StringFlag{Name: "endpoint", Usage: "Directory API root `URL` (or $ROSTER_GOOGLE_ENDPOINT), e.g. a roster emulator; plain http only on loopback"},
		&cli.StringFlag{Name: "credentials", Usage: "service-account key `FILE` (default: $GOOGLE_APPLICATION_CREDENTIALS or application-default credentials)"},
		&cli.StringFlag{Name: "subject", Usage: "admin `EMAIL` to impersonate through domain-wide delegation (or $ROSTER_GOOGLE_SUBJECT)"},
		&cli.StringFlag{Name: "impersonate-service-account", Usage: "keyless: sign domain-wide delegation as service account `EMAIL` with the ambient credentials (Workload Identity)"},
		&cli.Float64Flag{Name: "rate", Value: google.DefaultRate, Usage: "at most `N` API calls a second; the default stays under Google's 2,400 a minute"},
		// Tests and benchmarks shorten the backoff; people need not.
		&cli.DurationFlag{Name: "retry-base", Hidden: true, Usage: "first backoff `DURATION` (default 1s; each wait is capped at 60s)"},
	}
}

func (e *env) liveOptions(c *cli.Context, write bool) (liveOptions, error) {
	o := liveOptions{
		emulator:    c.Bool("emulator"),
		endpoint:    c.String("endpoint"),
		credentials: c.String("credentials"),
		subject:     c.String("subject"),
		impersonate: c.String("impersonate-service-account"),
		rate:        c.Float64("rate"),
		retryBase:   c.Duration("retry-base"),
		write:       write,
	}
	if o.endpoint == "" {
		o.endpoint = e.getenv("ROSTER_GOOGLE_ENDPOINT")
	}
	if o.subject == "" {
		o.subject = e.getenv("ROSTER_GOOGLE_SUBJECT")
	}
	if o.emulator && o.endpoint != "" {
		return o, fmt.Errorf("--emulator and --endpoint (or $ROSTER_GOOGLE_ENDPOINT) both name the live side; use one")
	}
	if err := checkFloat("rate", o.rate, 0.01, 1e6); err != nil {
		return o, err
	}
	if o.retryBase < 0 || o.retryBase > google.MaxWait {
		return o, fmt.Errorf("--retry-base %v: give a duration from 0 to %v", o.retryBase, google.MaxWait)
	}
	return o, nil
}

// membersFile returns --file, or $ROSTER_FILE when --file is not given.
func (e *env) membersFile(c *cli.Context) string {
	if !c.IsSet("file") {
		if v := e.getenv("ROSTER_FILE"); v != "" {
			return v
		}
	}
	return c.String("file")
}

// live is the open live side of one run.
type live struct {
	providers map[string]directory.Provider
	google    *google.Client
	stop      func()
}

func (l *live) stats() directory.Stats {
	if l.google == nil {
		return directory.Stats{}
	}
	return l.google.Stats()
}

// openLive builds a provider for each list: one Google client shared by
// the google lists (pointed at the built-in emulator with --emulator), and
// a CSV reader per csv list, its snapshot resolved next to the members
// file.
func (e *env) openLive(ctx context.Context, f *members.File, membersPath string, lists []*members.List, o liveOptions) (*live, error) {
	lv := &live{providers: make(map[string]directory.Provider), stop: func() {}}
	needGoogle, needSettings := false, false
	for _, l := range lists {
		switch l.Provider {
		case members.ProviderCSV:
			path := l.Snapshot
			if !filepath.IsAbs(path) {
				path = filepath.Join(filepath.Dir(e.path(membersPath)), path)
			}
			lv.providers[l.ID] = directory.CSV{Path: path}
		default:
			needGoogle = true
			if p := f.PolicyOf(l); p != nil && len(p.Settings) > 0 {
				needSettings = true
			}
		}
	}
	if !needGoogle {
		return lv, nil
	}
	endpoint := o.endpoint
	if o.emulator {
		ep, stop, err := e.startBuiltinEmulator(membersPath)
		if err != nil {
			return nil, err
		}
		endpoint, lv.stop = ep, stop
		fmt.Fprintf(e.stderr, "roster: using the built-in emulator (state in %s)\n", filepath.Join(filepath.Dir(membersPath), ".roster"))
	}
	scopes := []string{google.ScopeRead}
	if o.write {
		scopes = []string{google.ScopeWrite}
	}
	if needSettings {
		scopes = append(scopes, google.ScopeSettings)
	}
	g, err := google.New(ctx, e.googleConfig(o, endpoint, scopes))
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

// googleConfig is the Google client's configuration from the live flags.
// $GOOGLE_APPLICATION_CREDENTIALS is read here, through env, so that
// tests control it like every other variable.
func (e *env) googleConfig(o liveOptions, endpoint string, scopes []string) google.Config {
	cfg := google.Config{
		Endpoint:                  endpoint,
		CredentialsFile:           o.credentials,
		Subject:                   o.subject,
		Scopes:                    scopes,
		ImpersonateServiceAccount: o.impersonate,
		Rate:                      o.rate,
		Retry:                     google.Retry{Base: o.retryBase},
		Logger:                    e.log(),
		UserAgent:                 userAgent(),
	}
	switch {
	case cfg.CredentialsFile != "":
		cfg.CredentialsFile = e.path(cfg.CredentialsFile)
		cfg.CredentialsSource = "--credentials " + o.credentials
	case e.getenv("GOOGLE_APPLICATION_CREDENTIALS") != "":
		cfg.CredentialsFile = e.path(e.getenv("GOOGLE_APPLICATION_CREDENTIALS"))
		cfg.CredentialsSource = "$GOOGLE_APPLICATION_CREDENTIALS"
	}
	return cfg
}

// startBuiltinEmulator serves the emulated domain of --emulator on a free
// loopback port for the length of the command.
func (e *env) startBuiltinEmulator(membersPath string) (string, func(), error) {
	state := filepath.Join(filepath.Dir(e.path(membersPath)), ".roster", "emulator.json")
	srv, err := newEmulator(e, state, membersPath, nil, emulator.Options{Logger: e.log()})
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("built-in emulator: %w", err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	// Every call has returned by the time the command stops the
	// emulator; Shutdown would wait for connections the client opened
	// but never used.
	stop := func() {
		_ = hs.Close()
		_ = srv.Close() // saves the last writes
	}
	return "http://" + ln.Addr().String() + "/", stop, nil
}

// selectLists returns the lists named by --list, each once, or all of
// them.
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
		l := f.List(id)
		if l == nil {
			var known []string
			for _, l := range f.Lists {
				known = append(known, l.ID)
			}
			sort.Strings(known)
			return nil, fmt.Errorf("--list %s: no such list in the file; lists are %s", id, strings.Join(known, ", "))
		}
		out = append(out, l)
	}
	return out, nil
}

// checked is a members file read for a command that reads or changes
// the live groups, with what validation found, sorted by what it blocks.
type checked struct {
	file     *members.File
	data     []byte
	findings []policies.Finding
	gate     *policies.Gate
}

// loadGated reads and checks the members file for a command that changes
// the live side. A file that does not parse, or whose structure is broken
// (an unknown list, a duplicate member), refuses the whole run before any
// call; a member's own findings only block that member's additions and
// promotions (the plan shows which), and are printed as warnings.
func (e *env) loadGated(path string) (*checked, error) {
	c, err := e.loadFile(path)
	if err != nil {
		return nil, err
	}
	if len(c.gate.Stop) > 0 {
		_ = report.Findings(e.stderr, report.Text, c.gate.Stop)
		n := len(c.gate.Stop)
		fmt.Fprintf(e.stderr, "roster: refusing to change any live group: %s has %s in its structure; fix %s (roster validate shows %s) and run again\n",
			path, words.Plural(n, "error"), words.Pick(n, "it", "them"), words.Pick(n, "it", "them"))
		return nil, exitError{code: exitFailed}
	}
	if len(c.gate.Member) > 0 {
		fmt.Fprintf(e.stderr, "roster: warning: %s has %s about single members; sync goes ahead without their additions and promotions:\n", path, words.Plural(len(c.gate.Member), "finding"))
		_ = report.Findings(e.stderr, report.Text, asWarnings(c.gate.Member))
	}
	return c, nil
}

// asWarnings returns findings with their severity lowered to warning, for
// printing what a run goes ahead despite.
func asWarnings(fs []policies.Finding) []policies.Finding {
	out := make([]policies.Finding, len(fs))
	for i, f := range fs {
		f.Severity = policies.Warning
		out[i] = f
	}
	return out
}

// loadFile reads, parses and checks the members file for a command that
// reads the live groups: a file that does not parse stops it before any
// call; policy findings are returned with the gate they make.
func (e *env) loadFile(path string) (*checked, error) {
	f, data, err := e.parsedMembers(path, "nothing was read from or written to any live group")
	if err != nil {
		return nil, err
	}
	fs := policies.Check(f, e.today())
	return &checked{file: f, data: data, findings: fs, gate: policies.NewGate(fs)}, nil
}

// listedFor reads whom earlier versions of the members file listed, for
// plans of lists whose policy says unmanaged = "report".
func (e *env) listedFor(file string) func(context.Context) (*plan.Listed, error) {
	return func(ctx context.Context) (*plan.Listed, error) {
		dir, name := e.gitPath(file)
		byList, err := history.Listed(ctx, dir, name)
		why := ""
		switch {
		case errors.Is(err, history.ErrNotInGit):
			why = "is not in a git repository"
		case errors.Is(err, history.ErrUntracked):
			why = "has no commits in git"
		case err != nil:
			return nil, err
		}
		if why != "" {
			return &plan.Listed{Unknown: fmt.Sprintf("%s %s, so roster cannot tell whether an earlier version listed them (a removal from the file would look the same); commit the file to git", name, why)}, nil
		}
		return &plan.Listed{ByList: byList}, nil
	}
}
