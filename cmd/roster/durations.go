package main

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

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

// Set reads a Go duration, as cli.DurationFlag does; one too long to
// hold is held as the longest, for the flag's range check to refuse.
func (v *durationValue) Set(s string) error {
	d, err := parseDuration(s)
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

// windowMostDays is the longest --changed-since: ten years, far more than
// any schedule's interval.
const windowMostDays = 3650

// parseWindow reads a window like "2h", "90m" or "1d". A window written
// that way but zero, negative or too long is refused saying which.
func parseWindow(flag, s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	most := time.Duration(windowMostDays) * 24 * time.Hour
	var d time.Duration
	switch n, unit, ok := countOf(s, "dwy"); {
	case ok:
		// Days, weeks and years as a policy counts them (a year is 365
		// days): "10y" is the 3650d it is at most.
		days := map[byte]int{'d': 1, 'w': 7, 'y': 365}[unit]
		k, sign := wholeNumber(n)
		switch {
		case sign <= 0:
			return 0, windowNotPositive(flag, s, "like 2h or 7d")
		case sign > 1 || k > windowMostDays/days:
			return 0, windowTooLong(flag, s, fmt.Sprintf("%dd", windowMostDays))
		}
		d = time.Duration(k*days) * 24 * time.Hour
	default:
		var err error
		if d, err = parseDuration(s); err != nil {
			if lower := strings.ToLower(strings.TrimSpace(s)); lower != s {
				// "2H", "7D", " 2h": the window meant, said back.
				if _, err := parseWindow(flag, lower); err == nil {
					return 0, fmt.Errorf("--%s %q: write %s (units are lower case: s, m, h, d, w, y)", flag, s, lower)
				}
			}
			return 0, fmt.Errorf("--%s %q: write a window like 2h, 90m, 7d or 1w, of at most %dd", flag, s, windowMostDays)
		}
	}
	switch {
	case d <= 0:
		return 0, windowNotPositive(flag, s, "like 2h or 7d")
	case d > most:
		return 0, windowTooLong(flag, s, fmt.Sprintf("%dd", windowMostDays))
	}
	return d, nil
}

// upcomingMostDays is the longest --upcoming: the longest validity a
// policy may give (workspace.ValidityDays), 100 years.
const upcomingMostDays = 100 * 365

// parseUpcoming reads --upcoming, a number of days ahead: written as a
// policy writes vetting_valid_for ("30d", "12w", "1y"), since it is
// compared with the days records lapse on. A window written that way but
// zero, negative or too long is refused saying which.
func parseUpcoming(s string) (time.Duration, error) {
	if n, unit, ok := countOf(s, "dwy"); ok {
		days := map[byte]int{'d': 1, 'w': 7, 'y': 365}[unit]
		switch k, sign := wholeNumber(n); {
		case sign <= 0:
			return 0, windowNotPositive("upcoming", s, "like 30d")
		case sign > 1 || k > upcomingMostDays/days:
			return 0, windowTooLong("upcoming", s, "100y")
		}
	}
	days, err := workspace.ValidityDays(s)
	if err != nil {
		if errors.Is(err, workspace.ErrMonths) {
			return 0, fmt.Errorf("--upcoming %w", err) // names the days and weeks it is
		}
		return 0, fmt.Errorf("--upcoming %q: write a window of days, weeks or years like 30d, 12w or 1y", s)
	}
	return time.Duration(days) * 24 * time.Hour, nil
}

// windowNotPositive and windowTooLong refuse a window written right but
// out of range, saying which way.
func windowNotPositive(flag, s, like string) error {
	return fmt.Errorf("--%s %q: the window must be longer than zero, %s", flag, s, like)
}

func windowTooLong(flag, s, most string) error {
	return fmt.Errorf("--%s %q is too long: write at most %s", flag, s, most)
}

// countOf splits a count written as digits (after an optional '-') and
// one unit letter of units: "30d" is "30" and 'd'.
func countOf(s, units string) (n string, unit byte, ok bool) {
	if len(s) < 2 || !strings.ContainsRune(units, rune(s[len(s)-1])) {
		return "", 0, false
	}
	n = s[:len(s)-1]
	digits := strings.TrimPrefix(n, "-")
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return "", 0, false
	}
	return n, s[len(s)-1], true
}

// wholeNumber reads countOf's digits: sign is -1 for a negative number,
// 0 for zero, 1 for a positive one that fits an int, and 2 for one too
// large to.
func wholeNumber(n string) (k, sign int) {
	if strings.HasPrefix(n, "-") {
		if strings.Trim(n[1:], "0") == "" {
			return 0, 0
		}
		return 0, -1
	}
	k, err := strconv.Atoi(n)
	switch {
	case err != nil:
		return 0, 2 // digits only: out of range
	case k == 0:
		return 0, 0
	}
	return k, 1
}

// durationForm matches what time.ParseDuration reads, whatever its
// size: a run of numbers, each with its unit.
var durationForm = regexp.MustCompile(`^[-+]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+$`)

// parseDuration is time.ParseDuration, but a duration written that way
// whose size overflows is the longest (or, negative, the shortest) one
// rather than "not a duration", so that a range check says it is too
// long.
func parseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err == nil || !durationForm.MatchString(s) {
		return d, err
	}
	if strings.HasPrefix(s, "-") {
		return math.MinInt64, nil
	}
	return math.MaxInt64, nil
}
