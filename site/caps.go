package site

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
)

// capAt is a list's cap (max_members; 0 for none) from the end of a day
// on, until the next one.
type capAt struct {
	Date string
	Cap  int
}

// listChart is the chart of list l (shown as v) of site s: its sizes,
// pts, against the caps the versions say it had.
func listChart(v *listView, l *members.List, pts []point, versions []*history.Version, borrowed map[string][]history.CapAt, s *site) chart {
	group := ""
	if l.Address != "" {
		group = members.IdentityOf(l.Address)
	}
	caps := capsOf(versions, borrowed[group], group, v.Cap, s.Edited)
	c := drawChart(v.ID, pts, caps, s.Today)
	if s.NoHistory {
		// One point, today's: not a size it has had "since" today.
		c.Desc = fmt.Sprintf("%s has %s as of %s; the members file has no git history to say what it had before.",
			v.ID, words.Plural(v.Size, "member"), s.Today) + capText(caps, c.Points)
	}
	return c
}

// capsOf returns the caps the list of group had, oldest first: one for
// each day a version of the file (oldest first) that has the list
// changed it, or a version of a file it moved in from (borrowed, oldest
// first) did while the list was there, the last of a day counting; and
// now, the file's cap as it is (an edit not yet committed is today's).
// A point of the chart is drawn against the cap of its day, not
// today's: a list of 6 under a cap of 100 was not over a cap of 5 set
// later, nor one of 3 in a file that capped it at 2 within a cap of 20
// here. A day no file had the list keeps the cap it had last. Before
// the first cap known, the first stands; with no versions at all (a
// site built from events alone), the cap now stands for every day.
func capsOf(versions []*history.Version, borrowed []history.CapAt, group string, now int, today string) []capAt {
	type dated struct {
		date time.Time
		cap  int
	}
	all := make([]dated, 0, len(borrowed)+len(versions))
	for _, b := range borrowed {
		all = append(all, dated{b.Date, b.Cap})
	}
	for _, v := range versions {
		if limit, listed := v.Cap(group); listed {
			all = append(all, dated{v.Date, limit})
		}
	}
	// Borrowed first on a tie: the version here of the same day came
	// after (the list moved back in).
	sort.SliceStable(all, func(a, b int) bool { return all[a].date.Before(all[b].date) })
	var out []capAt
	for _, d := range all {
		out = setCap(out, d.date.UTC().Format(members.DateLayout), d.cap)
	}
	if len(out) == 0 {
		return []capAt{{Date: today, Cap: now}}
	}
	return setCap(out, max(today, out[len(out)-1].Date), now)
}

// setCap adds a cap from the end of date on to caps, the last of one
// day replacing the others, and nothing where it does not change.
func setCap(caps []capAt, date string, limit int) []capAt {
	n := len(caps)
	if n > 0 && caps[n-1].Date == date {
		caps = caps[:n-1]
		n--
	}
	if n > 0 && caps[n-1].Cap == limit {
		return caps
	}
	return append(caps, capAt{Date: date, Cap: limit})
}

// capOn is the cap at the end of date: the last set by then, or the
// first when none was.
func capOn(caps []capAt, date string) int {
	c := 0
	for i, ca := range caps {
		if i > 0 && ca.Date > date {
			break
		}
		c = ca.Cap
	}
	return c
}

// capsFrom returns the caps in force from date on: the one of that day
// first, then every later one.
func capsFrom(caps []capAt, date string) []capAt {
	k := 0
	for k+1 < len(caps) && caps[k+1].Date <= date {
		k++
	}
	return caps[k:]
}

// capText says the cap now and, when it changed over the chart, since
// when and what it was before, newest first; then when the list was
// over the cap of the day (up to three stretches named), and whether it
// still is.
func capText(caps []capAt, pts []chartPoint) string {
	last := caps[len(caps)-1]
	var b strings.Builder
	switch {
	case len(caps) == 1 && last.Cap > 0:
		fmt.Fprintf(&b, " Its cap is %d.", last.Cap)
	case len(caps) == 1:
		b.WriteString(" It has no cap.")
	default:
		if last.Cap > 0 {
			fmt.Fprintf(&b, " Its cap is %d, since %s", last.Cap, last.Date)
		} else {
			fmt.Fprintf(&b, " It has had no cap since %s", last.Date)
		}
		var before []string
		for i := len(caps) - 2; i >= 0; i-- {
			c := "none"
			if caps[i].Cap > 0 {
				c = fmt.Sprint(caps[i].Cap)
			}
			before = append(before, c+" from "+caps[i].Date)
		}
		fmt.Fprintf(&b, " (before: %s).", strings.Join(before, ", "))
	}
	// Each stretch of days over the cap of the day: from the point
	// that went over it to the first that did not, or on to now.
	var past []string
	now := ""
	for i := 0; i < len(pts); i++ {
		if !pts[i].Over {
			continue
		}
		j := i
		for j+1 < len(pts) && pts[j+1].Over {
			j++
		}
		from := fmt.Sprintf("%s (%d of %d)", pts[i].Date, pts[i].Size, pts[i].Cap)
		if j+1 == len(pts) {
			now = from
		} else {
			past = append(past, "from "+from+" to "+pts[j+1].Date)
		}
		i = j
	}
	switch n := len(past); {
	case n == 0:
	case n <= 3:
		fmt.Fprintf(&b, " It was over its cap %s.", joinAnd(past))
	default:
		fmt.Fprintf(&b, " It was over its cap %s, and %d more times.", strings.Join(past[:3], ", "), n-3)
	}
	if now != "" {
		fmt.Fprintf(&b, " It has been over its cap since %s.", now)
	}
	return b.String()
}

// joinAnd joins "a", "a and b", "a, b and c".
func joinAnd(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
