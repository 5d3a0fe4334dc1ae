package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/workspace"
)

// Durations as flags take them: a Go duration for timeouts, a window in
// one unit for --changed-since, a validity for --upcoming.

// flagDuration is d as a Go duration flag takes one, without the zero
// units time.Duration.String adds: "2h", not "2h0m0s". (Not words.Window:
// a duration flag does not take days.)
func flagDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// durationValue is a duration flag's value that keeps the text it was
// given, so that a message repeats what the user wrote ("90m", not
// "1h30m0s").
type durationValue struct {
	d       time.Duration
	written string
}

// Set reads a Go duration, as cli.DurationFlag does.
func (v *durationValue) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	v.d, v.written = d, s
	return nil
}

// String is the duration as written, or as a flag takes one.
func (v *durationValue) String() string {
	if v.written != "" {
		return v.written
	}
	return flagDuration(v.d)
}

// Get is the duration as written: what a hint that runs the command
// again (c.Value) passes to the flag.
func (v *durationValue) Get() any { return v.String() }

// durationFlag is a flag taking a Go duration, kept as written.
func durationFlag(name, usage, defaultText string) *cli.GenericFlag {
	return &cli.GenericFlag{Name: name, Usage: usage, DefaultText: defaultText, Value: &durationValue{}}
}

// hidden is f, left out of --help (a flag for tests and benchmarks).
func hidden(f *cli.GenericFlag) *cli.GenericFlag {
	f.Hidden = true
	return f
}

// flagDurationOf is the duration given to the flag name (a durationFlag),
// and the text it was given as ("" when not set).
func flagDurationOf(c *cli.Context, name string) (time.Duration, string) {
	if v, ok := c.Generic(name).(*durationValue); ok && v != nil {
		return v.d, v.written
	}
	return 0, ""
}

// parseChangedSince reads --changed-since, kept as written for the
// messages that repeat it.
func parseChangedSince(c *cli.Context) (workspace.Window, error) {
	s := c.String("changed-since")
	d, err := parseWindow("changed-since", s)
	return workspace.Window{Length: d, Written: s}, err
}

// parseWindow reads a window like "2h", "90m" or "1d".
func parseWindow(flag, s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	for unit, days := range map[string]int{"d": 1, "w": 7} {
		if n, ok := strings.CutSuffix(s, unit); ok {
			k, err := strconv.Atoi(n)
			if err != nil || k <= 0 || k*days > 3650 {
				return 0, fmt.Errorf("--%s %q: write a window like 2h, 90m, 7d or 1w, of at most 3650d", flag, s)
			}
			return time.Duration(k*days) * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 || d > 3650*24*time.Hour {
		return 0, fmt.Errorf("--%s %q: write a window like 2h, 90m, 7d or 1w, of at most 3650d", flag, s)
	}
	return d, nil
}

// parseUpcoming reads --upcoming, a number of days ahead: written as a
// policy writes vetting_valid_for ("30d", "12w", "1y"), since it is
// compared with the days records lapse on.
func parseUpcoming(s string) (time.Duration, error) {
	v, err := members.ParseValidity(s)
	if err != nil {
		return 0, fmt.Errorf("--upcoming %q: write a window of days, weeks or years like 30d, 12w or 1y", s)
	}
	return time.Duration(v.Days) * 24 * time.Hour, nil
}
