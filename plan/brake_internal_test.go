package plan

import (
	"errors"
	"fmt"
	"testing"

	"github.com/roster-dev/roster/directory"
)

// TestStreak: a streak trips once failingInRow keys in a row were given
// up on 5xx or no answer, once, with the last failure; one key failing
// again and again, a quota's refusal, and a call that landed do not
// make a streak.
func TestStreak(t *testing.T) {
	gaveUp := func(k string) error { return &directory.APIError{Op: "members.list " + k, GaveUp: true} }
	quota := &directory.APIError{Op: "members.list q", Kind: directory.ErrRateLimited}
	for _, tc := range []struct {
		name   string
		calls  []error // keyed k0, k1, ... unless one key
		oneKey bool
		trips  bool
	}{
		{"five keys given up", []error{gaveUp("k0"), gaveUp("k1"), gaveUp("k2"), gaveUp("k3"), gaveUp("k4")}, false, true},
		{"four keys", []error{gaveUp("k0"), gaveUp("k1"), gaveUp("k2"), gaveUp("k3")}, false, false},
		{"one key five times", []error{gaveUp("k"), gaveUp("k"), gaveUp("k"), gaveUp("k"), gaveUp("k")}, true, false},
		{"a call that landed between", []error{gaveUp("k0"), gaveUp("k1"), gaveUp("k2"), nil, gaveUp("k4"), gaveUp("k5"), gaveUp("k6")}, false, false},
		{"quota refusals", []error{quota, quota, quota, quota, quota}, false, false},
		{"other errors", []error{errors.New("a"), errors.New("b"), errors.New("c"), errors.New("d"), errors.New("e")}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var trips []error
			s := &streak{onTrip: func(last error) { trips = append(trips, last) }}
			for i, err := range tc.calls {
				key := fmt.Sprintf("k%d", i)
				if tc.oneKey {
					key = "k"
				}
				s.record(key, err)
			}
			if got := len(trips) == 1; got != tc.trips || len(trips) > 1 {
				t.Fatalf("tripped %d times, want trips=%v", len(trips), tc.trips)
			}
			if (s.since() != nil) != tc.trips {
				t.Errorf("since() = %v, want trips=%v", s.since(), tc.trips)
			}
			if tc.trips && trips[0] != tc.calls[len(tc.calls)-1] {
				t.Errorf("tripped with %v, want the last failure", trips[0])
			}
		})
	}
}

// TestReadFailing: the reads whose failure the next group's would most
// likely share: given up on, a listing that never ends, and a day's
// quota spent (refused until it resets, for every group alike); not a
// group that is simply missing.
func TestReadFailing(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&directory.APIError{Op: "members.list", GaveUp: true}, true},
		{&directory.APIError{Op: "members.list", Kind: directory.ErrDailyLimit}, true},
		{fmt.Errorf("read: %w", directory.ErrEndless), true},
		{&directory.APIError{Op: "members.list", Kind: directory.ErrGroupNotFound}, false},
		{&directory.APIError{Op: "members.list", Kind: directory.ErrForbidden}, false},
	} {
		if got := readFailing(tc.err); got != tc.want {
			t.Errorf("readFailing(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
