package site

import (
	"fmt"
	"math"
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
	HasCap        bool
	Cap           int
	CapY          string
	YTicks        []tick
	XTicks        []tick
	Title, Desc   string
}

type chartPoint struct {
	X, Y   string
	Date   string
	Size   int
	Change string // "+2", "−1", or "" for the first
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
// today, against the cap when there is one.
func drawChart(id string, pts []point, limit int, today string) chart {
	c := chart{Width: chartWidth, Height: chartHeight, Left: marginLeft, Right: chartWidth - marginRight,
		Top: marginTop, Bottom: chartHeight - marginBot, HasCap: limit > 0, Cap: limit,
		LabelX: marginLeft - 8, LabelY: chartHeight - marginBot + 22}
	first, last := today, today
	if len(pts) > 0 {
		first = pts[0].Date
		if pts[len(pts)-1].Date > last {
			last = pts[len(pts)-1].Date
		}
	}
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
	step := niceStep(float64(max(high, limit, 1)) * 1.05 / 4)
	top := math.Ceil(float64(max(high, limit, 1))*1.05/step) * step
	y := func(n int) float64 {
		return float64(c.Bottom) - float64(n)/top*float64(c.Bottom-c.Top)
	}
	for v := 0.0; v <= top+step/2; v += step {
		c.YTicks = append(c.YTicks, tick{At: num(y(int(v))), Label: strconv.Itoa(int(v))})
	}
	if c.HasCap {
		c.CapY = num(y(limit))
	}
	c.XTicks = dateTicks(first, last, x)

	var line strings.Builder
	for i, p := range pts {
		px, py := x(p.Date), y(p.Size)
		cp := chartPoint{X: num(px), Y: num(py), Date: p.Date, Size: p.Size}
		if i == 0 {
			fmt.Fprintf(&line, "M%s %s", cp.X, cp.Y)
		} else {
			fmt.Fprintf(&line, "H%s V%s", cp.X, cp.Y)
			cp.Change = change(p.Size - pts[i-1].Size)
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
	case len(pts) == 1:
		c.Desc = fmt.Sprintf("%s has had %s since %s.", id, words.Plural(pts[0].Size, "member"), pts[0].Date)
	default:
		c.Desc = fmt.Sprintf("From %s to %s, %s went from %s to %s; its highest was %d, on %s.",
			first, last, id, words.Plural(pts[0].Size, "member"), words.Plural(pts[len(pts)-1].Size, "member"), high, highAt)
	}
	if c.HasCap {
		c.Desc += fmt.Sprintf(" Its cap is %d.", limit)
	} else {
		c.Desc += " It has no cap."
	}
	return c
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
