package members_test

import (
	"testing"

	"github.com/roster-dev/roster/members"
)

// TestNearestDay: a date written another way is read as the day it
// most likely means, with what is wrong; a date already right, a
// revision or a word is none.
func TestNearestDay(t *testing.T) {
	for _, tc := range []struct {
		in, near, wrong string
		ok              bool
	}{
		{"2026-11-4", "2026-11-04", "is written without the zeros", true},
		{"2026-1-04", "2026-01-04", "is written without the zeros", true},
		{"2026/11/04", "2026-11-04", "is written with other signs than dashes", true},
		{"2026.11.04", "2026-11-04", "is written with other signs than dashes", true},
		{"2026-02-30", "2026-02-28", "is not a day that exists (February 2026 has 28 days)", true},
		{"2024-02-30", "2024-02-29", "is not a day that exists (February 2024 has 29 days)", true},
		{"2026-13-01", "", "is not a day that exists (there is no month 13)", true},
		{"2026-11-04", "", "", false},
		{"HEAD~1", "", "", false},
		{"v1.2.3", "", "", false},
		{"26-11-04", "", "", false},
		{"2026-+1-05", "", "", false},
		{"2026--1-05", "", "", false},
	} {
		near, wrong, ok := members.NearestDay(tc.in)
		if near != tc.near || ok != tc.ok || len(wrong) < len(tc.wrong) || wrong[:len(tc.wrong)] != tc.wrong {
			t.Errorf("NearestDay(%q) = %q, %q, %v; want %q, %q…, %v", tc.in, near, wrong, ok, tc.near, tc.wrong, tc.ok)
		}
	}
}
