package emulator

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// Quota is a number of calls per period, like Google's default of 2,400
// calls a minute per user.
type Quota struct {
	Calls int
	Per   time.Duration
}

// ParseQuota reads "2400/min", "40/s" or "100/h"; "" and "none" mean no
// quota.
func ParseQuota(s string) (Quota, error) {
	if s == "" || s == "none" || s == "0" {
		return Quota{}, nil
	}
	n, unit, ok := strings.Cut(s, "/")
	calls, err := strconv.Atoi(n)
	if !ok || err != nil || calls <= 0 {
		return Quota{}, fmt.Errorf("quota %q: write calls per period, like 2400/min", s)
	}
	per := map[string]time.Duration{"s": time.Second, "sec": time.Second, "m": time.Minute, "min": time.Minute, "h": time.Hour}[unit]
	if per == 0 {
		return Quota{}, fmt.Errorf("quota %q: period must be s, min or h", s)
	}
	return Quota{Calls: calls, Per: per}, nil
}

// limiter is a token bucket refilled at the quota's rate holding one
// second's worth: a client that keeps under the rate is never refused,
// one that bursts past it is, as with Google. Nil for no quota.
func (q Quota) limiter() *rate.Limiter {
	if q.Calls <= 0 || q.Per <= 0 {
		return nil
	}
	perSec := float64(q.Calls) / q.Per.Seconds()
	return rate.NewLimiter(rate.Limit(perSec), max(1, int(perSec)))
}

// Service is one of the APIs the emulator serves, each with its own
// quota bucket, as Google counts each API's queries apart.
type Service string

// Services.
const (
	ServiceDirectory      Service = "directory"      // Admin SDK Directory API: groups, members
	ServiceGroupsSettings Service = "groupssettings" // Groups Settings API
	ServiceReports        Service = "reports"        // Admin SDK Reports API: activities
)

var services = []Service{ServiceDirectory, ServiceGroupsSettings, ServiceReports}

// serviceOf is the service of an API method ("settings.get").
func serviceOf(method string) Service {
	switch {
	case strings.HasPrefix(method, "settings."):
		return ServiceGroupsSettings
	case strings.HasPrefix(method, "activities."):
		return ServiceReports
	}
	return ServiceDirectory
}

// host is the service's name in Google's quota messages.
func (s Service) host() string {
	if s == ServiceGroupsSettings {
		return "groupssettings.googleapis.com"
	}
	return "admin.googleapis.com"
}

// ParseLogDelay reads the log delays of `roster emulator --log-delay`:
// "admin=3m,groups=30m,groups_enterprise=5m"; "" and "none" mean none.
func ParseLogDelay(s string) (map[string]time.Duration, error) {
	out := make(map[string]time.Duration)
	if s == "" || s == "none" {
		return out, nil
	}
	for _, part := range strings.Split(s, ",") {
		app, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		d, err := time.ParseDuration(v)
		if !ok || err != nil || d < 0 {
			return nil, fmt.Errorf("log delay %q: write application=duration, like admin=3m,groups=30m", part)
		}
		switch app {
		case appAdmin, appGroups, appEnterprise:
		default:
			return nil, fmt.Errorf("log delay %q: the application is admin, groups or groups_enterprise", part)
		}
		out[app] = d
	}
	return out, nil
}
