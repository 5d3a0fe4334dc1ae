package site

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestChartAgainstTheCapOfEachDay: each point of a list's size is drawn
// against the cap of its day, not today's: the table's cap column is
// per row, a day the cap changed is a row of its own, the cap line is a
// step line (with a gap where there was none), and the text says the
// cap now, since when, what it was before, and when the list was over
// the cap of the day, only then.
func TestChartAgainstTheCapOfEachDay(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		pts   []point
		caps  []capAt
		today string
		rows  []string // "date size change cap[ over]"
		line  string   // the cap line's path
		desc  string   // what the text says of the cap
	}{
		{"one cap all along", []point{{"2026-01-10", 2}, {"2026-01-20", 5}}, []capAt{{"2026-01-10", 4}}, "2026-02-01",
			[]string{"2026-01-10 2  4", "2026-01-20 5 +3 4 over"},
			"M48.0 84.0 H696.0",
			" Its cap is 4. It has been over its cap since 2026-01-20 (5 of 4)."},
		{"a cap lowered under the size", []point{{"2026-07-01", 6}}, []capAt{{"2026-07-01", 100}, {"2026-09-01", 5}}, "2026-11-01",
			[]string{"2026-07-01 6  100", "2026-09-01 6  5 over"},
			"M48.0 84.0 H374.6 V213.2 H696.0",
			" Its cap is 5, since 2026-09-01 (before: 100 from 2026-07-01). It has been over its cap since 2026-09-01 (6 of 5)."},
		{"over a cap raised later", []point{{"2026-01-01", 6}}, []capAt{{"2026-01-01", 5}, {"2026-02-01", 10}}, "2026-03-01",
			[]string{"2026-01-01 6  5 over", "2026-02-01 6  10"},
			"M48.0 152.0 H388.5 V84.0 H696.0",
			" Its cap is 10, since 2026-02-01 (before: 5 from 2026-01-01). It was over its cap from 2026-01-01 (6 of 5) to 2026-02-01."},
		{"a cap set the day the size changed", []point{{"2026-01-01", 2}, {"2026-02-01", 4}}, []capAt{{"2026-01-01", 0}, {"2026-02-01", 3}}, "2026-03-01",
			[]string{"2026-01-01 2  none", "2026-02-01 4 +2 3 over"},
			"M388.5 118.0 H696.0",
			" Its cap is 3, since 2026-02-01 (before: none from 2026-01-01). It has been over its cap since 2026-02-01 (4 of 3)."},
		{"a cap dropped", []point{{"2026-01-01", 2}}, []capAt{{"2026-01-01", 5}, {"2026-03-01", 0}}, "2026-04-01",
			[]string{"2026-01-01 2  5", "2026-03-01 2  none"},
			"M48.0 50.0 H472.8",
			" It has had no cap since 2026-03-01 (before: 5 from 2026-01-01)."},
		{"caps before the first point are not its", []point{{"2026-01-01", 3}}, []capAt{{"2025-01-01", 50}, {"2025-06-01", 10}}, "2026-01-05",
			[]string{"2026-01-01 3  10"},
			"M48.0 84.0 H696.0",
			" Its cap is 10."},
		{"no cap ever", []point{{"2026-01-01", 3}}, []capAt{{"2026-01-01", 0}}, "2026-01-05",
			[]string{"2026-01-01 3  none"},
			"",
			" It has no cap."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := drawChart("el", tc.pts, tc.caps, tc.today)
			var rows []string
			for _, p := range c.Points {
				cap := "none"
				if p.Cap > 0 {
					cap = fmt.Sprint(p.Cap)
				}
				row := strings.Join([]string{p.Date, fmt.Sprint(p.Size), p.Change, cap}, " ")
				if p.Over {
					row += " over"
				}
				rows = append(rows, row)
			}
			if diff := cmp.Diff(tc.rows, rows); diff != "" {
				t.Errorf("points (-want +got):\n%s", diff)
			}
			if c.CapLine != tc.line {
				t.Errorf("cap line %q, want %q", c.CapLine, tc.line)
			}
			if _, said, _ := strings.Cut(c.Desc, "."); said != tc.desc {
				t.Errorf("the text says %q of the cap, want %q", said, tc.desc)
			}
		})
	}
}

// TestCapsOf: the caps a list had are read from the versions, oldest
// first, the last of a day counting; today's file has the last word.
func TestCapsOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		caps []capAt // as setCap is given them
		now  int
		want []capAt
	}{
		{"unchanged", []capAt{{"2026-01-01", 5}, {"2026-02-01", 5}}, 5, []capAt{{"2026-01-01", 5}}},
		{"changed and back on one day", []capAt{{"2026-01-01", 5}, {"2026-02-01", 7}, {"2026-02-01", 5}}, 5, []capAt{{"2026-01-01", 5}}},
		{"changed by an edit not committed", []capAt{{"2026-01-01", 5}}, 9, []capAt{{"2026-01-01", 5}, {"2026-03-01", 9}}},
		{"no history", nil, 9, []capAt{{"2026-03-01", 9}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []capAt
			for _, c := range tc.caps {
				got = setCap(got, c.Date, c.Cap)
			}
			if len(got) == 0 {
				got = capsOf(nil, nil, "", tc.now, "2026-03-01")
			} else {
				got = setCap(got, "2026-03-01", tc.now)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("caps (-want +got):\n%s", diff)
			}
		})
	}
}
