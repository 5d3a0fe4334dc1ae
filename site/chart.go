package site

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
)

// point is a list's size at the end of a day on which it changed.
type point struct {
	Date string
	Size int
}

// chart is an SVG line chart of a list's size over time, as numbers the
// template places: no script, nothing to load, readable as it is.
type chart struct {
	Width, Height int
	Left, Right   int
	Top, Bottom   int
	LabelX        int // where the y axis labels end
	LabelY        int // where the x axis labels sit
	Line, Area    string
	Points        []chartPoint
	// HasCap: the list had a cap on some day of the chart; CapLine is
	// the cap over time, a step line with a gap where it had none.
	HasCap  bool
	CapLine string
	// CapChanged: its cap changed on a day of the chart, which then
	// has a point of its own.
	CapChanged bool
	// Cap is the cap now (0: none), labelled at CapY.
	Cap         int
	CapY        string
	YTicks      []tick
	XTicks      []tick
	Title, Desc string
}

type chartPoint struct {
	X, Y   string
	Date   string
	Size   int
	Change string // "+2", "−1", or "" for the first and a change of the cap alone
	// Cap is the cap at the end of the day (0: none), and Over whether
	// the size was over it.
	Cap  int
	Over bool
}

type tick struct {
	At     string
	Label  string
	Anchor string // the class that aligns an x label: start, middle or end
}

// Chart geometry, in SVG user units: the chart scales with the page.
const (
	chartWidth  = 720
	chartHeight = 260
	marginLeft  = 48
	marginRight = 24
	marginTop   = 16
	marginBot   = 40
)

// drawChart lays out the size of list id over time: a step line through
// pts (oldest first, each the size at the end of its day), carried on to
// today, against the cap each day had (caps, as capsOf gives them): a
// step line too, and a point of the chart on each day it changed.
func drawChart(id string, pts []point, caps []capAt, today string) chart {
	c := chart{Width: chartWidth, Height: chartHeight, Left: marginLeft, Right: chartWidth - marginRight,
		Top: marginTop, Bottom: chartHeight - marginBot, Cap: caps[len(caps)-1].Cap,
		LabelX: marginLeft - 8, LabelY: chartHeight - marginBot + 22}
	first, last := today, today
	if len(pts) > 0 {
		first = pts[0].Date
		if pts[len(pts)-1].Date > last {
			last = pts[len(pts)-1].Date
		}
	}
	caps = capsFrom(caps, first)
	pts, sizeChanged := withCapDays(pts, caps, last)
	c.CapChanged = len(caps) > 1
	d0, d1 := dayNumber(first), dayNumber(last)
	x := func(date string) float64 {
		if d1 == d0 {
			return float64(c.Left+c.Right) / 2
		}
		return float64(c.Left) + float64(dayNumber(date)-d0)/float64(d1-d0)*float64(c.Right-c.Left)
	}
	high, highAt := 0, ""
	for _, p := range pts {
		if p.Size > high || highAt == "" {
			high, highAt = p.Size, p.Date
		}
	}
	highCap := 0
	for _, ca := range caps {
		highCap = max(highCap, ca.Cap)
	}
	c.HasCap = highCap > 0
	step := niceStep(float64(max(high, highCap, 1)) * 1.05 / 4)
	top := math.Ceil(float64(max(high, highCap, 1))*1.05/step) * step
	y := func(n int) float64 {
		return float64(c.Bottom) - float64(n)/top*float64(c.Bottom-c.Top)
	}
	for v := 0.0; v <= top+step/2; v += step {
		c.YTicks = append(c.YTicks, tick{At: num(y(int(v))), Label: strconv.Itoa(int(v))})
	}
	if c.Cap > 0 {
		c.CapY = num(y(c.Cap))
	}
	c.CapLine = capLine(caps, first, last, x, y)
	c.XTicks = dateTicks(first, last, x)

	var line strings.Builder
	for i, p := range pts {
		px, py := x(p.Date), y(p.Size)
		cp := chartPoint{X: num(px), Y: num(py), Date: p.Date, Size: p.Size, Cap: capOn(caps, p.Date)}
		cp.Over = cp.Cap > 0 && p.Size > cp.Cap
		if i == 0 {
			fmt.Fprintf(&line, "M%s %s", cp.X, cp.Y)
		} else {
			fmt.Fprintf(&line, "H%s V%s", cp.X, cp.Y)
			if sizeChanged[i] {
				cp.Change = change(p.Size - pts[i-1].Size)
			}
		}
		c.Points = append(c.Points, cp)
	}
	if len(pts) > 0 {
		end := num(x(last))
		fmt.Fprintf(&line, "H%s", end)
		c.Line = line.String()
		c.Area = fmt.Sprintf("%s V%d H%s Z", c.Line, c.Bottom, c.Points[0].X)
	}

	c.Title = "Size of " + id + " over time"
	switch {
	case len(pts) == 0:
		c.Desc = "No history."
	case !slices.ContainsFunc(pts, func(p point) bool { return p.Size != pts[0].Size }):
		// One point, or others only where the cap changed.
		c.Desc = fmt.Sprintf("%s has had %s since %s.", id, words.Plural(pts[0].Size, "member"), pts[0].Date)
	default:
		c.Desc = fmt.Sprintf("From %s to %s, %s went from %s to %s; its highest was %d, on %s.",
			first, last, id, words.Plural(pts[0].Size, "member"), words.Plural(pts[len(pts)-1].Size, "member"), high, highAt)
	}
	c.Desc += capText(caps, c.Points)
	return c
}

// withCapDays returns pts with a point, of the size then, on each day
// after the first and by last that the cap changed and the size did
// not, and which of them changed the size.
func withCapDays(pts []point, caps []capAt, last string) ([]point, []bool) {
	out := make([]point, 0, len(pts)+len(caps))
	changed := make([]bool, 0, len(pts)+len(caps))
	k := 1 // caps[0] is in force from the first point
	for i, p := range pts {
		for ; k < len(caps) && caps[k].Date < p.Date; k++ {
			if i > 0 {
				out, changed = append(out, point{Date: caps[k].Date, Size: pts[i-1].Size}), append(changed, false)
			}
		}
		if k < len(caps) && caps[k].Date == p.Date {
			k++
		}
		out, changed = append(out, p), append(changed, i > 0)
	}
	for ; k < len(caps) && caps[k].Date <= last && len(pts) > 0; k++ {
		out, changed = append(out, point{Date: caps[k].Date, Size: pts[len(pts)-1].Size}), append(changed, false)
	}
	return out, changed
}

// capLine is the path of the cap over the chart's days, first to last:
// a level for each cap, a step where it changed, and a gap where the
// list had none.
func capLine(caps []capAt, first, last string, x func(string) float64, y func(int) float64) string {
	var b strings.Builder
	drawn := false // the pen is on a level
	for i, ca := range caps {
		// The first cap is in force from the first day (capsFrom).
		from, to := first, last
		if i > 0 {
			from = ca.Date
		}
		if i+1 < len(caps) {
			to = caps[i+1].Date
		}
		if ca.Cap <= 0 {
			drawn = false
			continue
		}
		if drawn {
			fmt.Fprintf(&b, " V%s H%s", num(y(ca.Cap)), num(x(to)))
		} else {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "M%s %s H%s", num(x(from)), num(y(ca.Cap)), num(x(to)))
		}
		drawn = true
	}
	return b.String()
}

// dateTicks places up to five date labels, evenly over the range.
func dateTicks(first, last string, x func(string) float64) []tick {
	d0, d1 := dayNumber(first), dayNumber(last)
	n := min(4, d1-d0)
	var out []tick
	seen := map[string]bool{}
	for i := 0; i <= n; i++ {
		d := d0
		if n > 0 {
			d = d0 + (d1-d0)*i/n
		}
		date := dayDate(d)
		if seen[date] {
			continue
		}
		seen[date] = true
		out = append(out, tick{At: num(x(date)), Label: date, Anchor: "middle"})
	}
	// The first and last labels are aligned to stay inside the chart.
	if len(out) > 1 {
		out[0].Anchor, out[len(out)-1].Anchor = "start", "end"
	}
	return out
}

var epoch = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

func dayNumber(date string) int {
	t, err := time.Parse(members.DateLayout, date)
	if err != nil {
		return 0
	}
	return int(t.Sub(epoch).Hours() / 24)
}

func dayDate(n int) string { return epoch.AddDate(0, 0, n).Format(members.DateLayout) }

// niceStep rounds v up to 1, 2 or 5 times a power of ten.
func niceStep(v float64) float64 {
	if v <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func change(d int) string {
	switch {
	case d > 0:
		return "+" + strconv.Itoa(d)
	case d < 0:
		return "−" + strconv.Itoa(-d)
	}
	return "0"
}

// dedupe drops each point whose size is the one before it: the chart
// draws a step only where the size changes.
func dedupe(pts []point) []point {
	out := pts[:0:0]
	for _, p := range pts {
		if n := len(out); n > 0 && out[n-1].Size == p.Size {
			continue
		}
		out = append(out, p)
	}
	return out
}
