package members

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// NearestDay reads s as a date written another way than YYYY-MM-DD: a
// day without its zeros (2026-11-4), slashes or dots for the dashes
// (2026/11/04), a day past the end of its month (2026-02-30), a month
// that is none (2026-13-01). It returns the day most likely meant ("" for
// a month that is none), and what is wrong with s, in words; ok is false
// when s is no such date at all (a revision, a word), or is one already.
// Every command that reads a day says the same of the same mistake.
func NearestDay(s string) (near, wrong string, ok bool) {
	if _, err := time.Parse(DateLayout, s); err == nil {
		return "", "", false
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	if len(parts) != 3 || len(parts[0]) != 4 || strings.Count(s, "-")+strings.Count(s, "/")+strings.Count(s, ".") != 2 ||
		len(parts[1]) < 1 || len(parts[1]) > 2 || len(parts[2]) < 1 || len(parts[2]) > 2 {
		return "", "", false
	}
	for _, p := range parts {
		if strings.Trim(p, "0123456789") != "" {
			return "", "", false // "+1" is a number to Atoi, not a date's
		}
	}
	y, ey := strconv.Atoi(parts[0])
	m, em := strconv.Atoi(parts[1])
	d, ed := strconv.Atoi(parts[2])
	if ey != nil || em != nil || ed != nil {
		return "", "", false
	}
	first := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	switch days := first.AddDate(0, 1, -1).Day(); {
	case m < 1 || m > 12:
		return "", fmt.Sprintf("is not a day that exists (there is no month %02d)", m), true
	case d < 1 || d > days:
		return first.AddDate(0, 0, min(max(d, 1), days)-1).Format(DateLayout), fmt.Sprintf("is not a day that exists (%s %d has %d days)", first.Month(), y, days), true
	case strings.ContainsAny(s, "/."):
		return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Format(DateLayout), "is written with other signs than dashes: write a date with dashes, as YYYY-MM-DD", true
	default:
		return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Format(DateLayout), "is written without the zeros: write the month and the day with two digits", true
	}
}
