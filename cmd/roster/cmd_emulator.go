package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/members"
)

type emulatorOptions struct {
	listen        string
	state         string
	file          string
	groups        []string
	failRate      float64
	failAfterRate float64
	latency       time.Duration
	seed          uint64
	quota         emulator.Quota
}

func emulatorCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "emulator",
		Usage:     "serve the Directory API on loopback, to try roster without a Google account",
		UsageText: "roster emulator [--listen 127.0.0.1:8089] [--state FILE] [--fail-rate F] [--fail-after-rate F] [--latency D] [--quota 2400/min] [--seed N]",
		Description: `Serves the groups and members part of the Admin SDK Directory API and the
Groups Settings API, as Google's Go client sees them, with Google's paging,
error bodies and quota, and injected faults. Point roster at it with
--endpoint or ROSTER_GOOGLE_ENDPOINT:

  roster emulator --state /tmp/domain.json &
  ROSTER_GOOGLE_ENDPOINT=http://127.0.0.1:8089/ roster plan

On first start (no state file yet) it creates an empty group for every
google list in members.toml. Call counts are served at /_emulator/counters
and the whole state at /_emulator/state. It listens on loopback only.`,
		Flags: []cli.Flag{
			fileFlag(),
			&cli.StringFlag{Name: "listen", Value: "127.0.0.1:8089", Usage: "loopback `ADDRESS` to listen on (port 0 picks one)"},
			&cli.StringFlag{Name: "state", Usage: "persist the domain to `FILE` after every write, and load it at start"},
			&cli.StringSliceFlag{Name: "group", Usage: "create the group `EMAIL` at start (repeatable)"},
			&cli.Float64Flag{Name: "fail-rate", Usage: "fraction of calls answered 429/403/503 before doing anything"},
			&cli.Float64Flag{Name: "fail-after-rate", Usage: "fraction of writes done whose answer is then lost"},
			&cli.DurationFlag{Name: "latency", Usage: "added to every call, like 300ms"},
			&cli.StringFlag{Name: "quota", Value: "2400/min", Usage: "calls allowed per period, answered 403 quotaExceeded past it; none to disable"},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "seed of the fault injection"},
		},
		Action: func(c *cli.Context) error {
			opts := emulatorOptions{
				listen:        c.String("listen"),
				state:         c.String("state"),
				file:          c.String("file"),
				groups:        c.StringSlice("group"),
				failRate:      c.Float64("fail-rate"),
				failAfterRate: c.Float64("fail-after-rate"),
				latency:       c.Duration("latency"),
				seed:          c.Uint64("seed"),
			}
			var err error
			if opts.quota, err = emulator.ParseQuota(c.String("quota")); err != nil {
				return fmt.Errorf("--quota: %w", err)
			}
			if err := checkFloat("fail-rate", opts.failRate, 0, 1); err != nil {
				return err
			}
			if err := checkFloat("fail-after-rate", opts.failAfterRate, 0, 1); err != nil {
				return err
			}
			return runEmulator(c.Context, e, opts)
		},
	}
}

func runEmulator(ctx context.Context, e *env, opts emulatorOptions) error {
	host, _, err := net.SplitHostPort(opts.listen)
	if err != nil {
		return fmt.Errorf("--listen %q: %w", opts.listen, err)
	}
	if !google.IsLoopback(host) {
		return fmt.Errorf("--listen %q: the emulator serves an unauthenticated admin API and listens on loopback only (127.0.0.1, ::1, localhost)", opts.listen)
	}
	statePath := ""
	if opts.state != "" {
		statePath = e.path(opts.state)
	}
	srv, err := newEmulator(e, statePath, opts.file, opts.groups, emulator.Options{
		Seed:          opts.seed,
		FailRate:      opts.failRate,
		FailAfterRate: opts.failAfterRate,
		Latency:       opts.latency,
		Quota:         opts.quota,
		Logger:        e.log(),
	})
	if err != nil {
		return err
	}
	defer srv.Close() // saves the last writes
	ln, err := net.Listen("tcp", opts.listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	endpoint := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(e.stdout, "roster emulator: serving the Directory API at %s\n", endpoint)
	fmt.Fprintf(e.stdout, "  export ROSTER_GOOGLE_ENDPOINT=%s\n", endpoint)
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
// domain gets a group for every google list of the members file (when it
// parses) and for each extra group address.
func newEmulator(e *env, statePath, membersFile string, extraGroups []string, opts emulator.Options) (*emulator.Server, error) {
	fresh := statePath == "" || !fileExists(statePath)
	if statePath != "" {
		if err := os.MkdirAll(filepath.Dir(statePath), 0o755); err != nil {
			return nil, fmt.Errorf("emulator state: %w", err)
		}
	}
	opts.StatePath = statePath
	srv, err := emulator.New(opts)
	if err != nil {
		return nil, err
	}
	if !fresh {
		return srv, nil
	}
	groups := append([]string(nil), extraGroups...)
	if data, err := os.ReadFile(e.path(membersFile)); err == nil {
		if f, err := members.Parse(membersFile, data); err == nil {
			for _, l := range f.Lists {
				if l.Provider == members.ProviderGoogle && l.Address != "" {
					groups = append(groups, l.Address)
				}
			}
		}
	}
	for _, g := range groups {
		if err := srv.AddGroup(g); err != nil {
			return nil, fmt.Errorf("emulator: %w", err)
		}
	}
	return srv, nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
