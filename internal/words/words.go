// Package words holds the small helpers that make roster's messages read
// as English: "1 member", "3 members", "it is" or "they are".
package words

import (
	"fmt"
	"strings"
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

// Window is a duration as people write one in a flag: "2h", "90m",
// "2h30m", "7d", not Go's "2h0m0s" or "168h0m0s": whole days, hours and
// minutes, the units that are not zero.
func Window(d time.Duration) string {
	const day = 24 * time.Hour
	if d <= 0 || d%time.Minute != 0 {
		return d.String()
	}
	var b strings.Builder
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{day, "d"}, {time.Hour, "h"}, {time.Minute, "m"}} {
		if n := d / u.d; n > 0 {
			fmt.Fprintf(&b, "%d%s", n, u.name)
			d -= n * u.d
		}
	}
	return b.String()
}
