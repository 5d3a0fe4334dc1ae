// Package words holds the small helpers that make roster's messages read
// as English: "1 member", "3 members", "it is" or "they are".
package words

import (
	"fmt"
	"time"
)

// Count is "1 one" or "n many".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Plural is Count for a word whose plural adds an s: "1 member", "2
// members".
func Plural(n int, word string) string { return Count(n, word, word+"s") }

// Pick is one when n is 1, else many.
func Pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Window is a duration as people write one in a flag, in one unit, so
// that it reads back as it was most likely written and parses again:
// "90m", not "1h30m"; "26h", not "1d2h"; "7d", not Go's "168h0m0s".
func Window(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d <= 0 || d%time.Minute != 0:
		return d.String()
	case d%day == 0:
		return fmt.Sprintf("%dd", d/day)
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return fmt.Sprintf("%dm", d/time.Minute)
}
