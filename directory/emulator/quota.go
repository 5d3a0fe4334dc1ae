package emulator

import (
	"fmt"
	"strconv"
	"strings"
	"time"
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
