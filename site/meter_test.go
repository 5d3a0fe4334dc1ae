package site

import "testing"

// TestTheMeterGoesRedPastTheCap reads the meter's regions as HTML
// defines them (optimum in the low region: at most low is optimal, at
// least high is the worst, between is suboptimal; browsers draw a
// value equal to high as suboptimal, so only one past it counts) with the value
// clamped to max: a list past its cap is red, at it amber, well below
// it green.
func TestTheMeterGoesRedPastTheCap(t *testing.T) {
	region := func(l listView) string {
		v := min(l.Size, l.MeterMax())
		switch {
		case v <= l.MeterLow():
			return "green"
		case float64(v) > l.MeterHigh():
			return "red"
		}
		return "amber"
	}
	for _, tt := range []struct {
		size, cap int
		want      string
	}{{2, 10, "green"}, {9, 10, "green"}, {10, 10, "amber"}, {11, 10, "red"}, {5, 3, "red"}, {3, 3, "amber"}, {1, 3, "green"}, {0, 3, "green"}} {
		if got := region(listView{Size: tt.size, Cap: tt.cap}); got != tt.want {
			t.Errorf("%d of %d: %s, want %s", tt.size, tt.cap, got, tt.want)
		}
	}
}
