package workspace

import (
	"github.com/roster-dev/roster/history"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// The names below belong to the layers under the workspace; a command
// line needs them to build a use case's options and to check its flags.
// They are given again here so that cmd/roster imports the workspace
// (and report, for output formats) and nothing beneath it: one door
// from the command line to the rest.

// Guards are the removal guards a plan or sync obeys.
type Guards = plan.Guards

// DefaultGuards are the guards of a run that sets none.
func DefaultGuards() Guards { return plan.DefaultGuards() }

// Vetting is one vetting record, as an edit writes it.
type Vetting = members.Vetting

// ServerOptions are the built-in emulator server's settings: faults,
// latency, quotas, the audit log's delay.
type ServerOptions = emulator.Options

// DateLayout is how a day is written in members.toml and on the command
// line.
const DateLayout = members.DateLayout

// EmulatorClientID is the OAuth client the emulator logs a call with when
// it carries no token of its own.
const EmulatorClientID = emulator.DefaultClientID

// The Google client's defaults: calls a second, the longest wait for a
// retry, one call's deadline, and one group's read.
const (
	DefaultRate        = google.DefaultRate
	MaxRetryWait       = google.MaxWait
	DefaultCallTimeout = google.DefaultCallTimeout
	DefaultReadTimeout = google.DefaultReadTimeout
)

// Today is the day t falls on, as vetting dates are written.
func Today(t time.Time) time.Time { return members.Day(t) }

// ValidityDays reads a duration written as a policy writes
// vetting_valid_for ("30d", "12w", "1y"), in days.
func ValidityDays(s string) (int, error) {
	v, err := members.ParseValidity(s)
	return v.Days, err
}

// IsDate reports whether a --since or --until is a date (YYYY-MM-DD),
// not a revision, as history reads it.
func IsDate(s string) bool { return history.IsDate(s) }

// ErrMonths is ValidityDays's error for a duration in months
// (members.ErrMonths).
var ErrMonths = members.ErrMonths

// CheckAddress reports whether s is a mailbox roster accepts, with the
// reason when it is not.
func CheckAddress(s string) error {
	_, err := members.ParseAddress(s)
	return err
}

// ParseQuota reads the emulator's --quota (calls a minute, per service).
func ParseQuota(s string) (emulator.Quota, error) { return emulator.ParseQuota(s) }

// ParseLogDelay reads the emulator's --log-delay (per audit log).
func ParseLogDelay(s string) (map[string]time.Duration, error) { return emulator.ParseLogDelay(s) }

// ParseServiceAccounts reads the emulator's --service-account values.
func ParseServiceAccounts(values []string) (map[string]string, error) {
	return emulator.ParseServiceAccounts(values)
}
