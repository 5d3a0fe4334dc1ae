package workspace

import "testing"

// TestListsNamedCountsLists: sync's warnings say "a list" for people on
// one list, "lists" for people on several (s30-regress2), and count each
// person once.
func TestListsNamedCountsLists(t *testing.T) {
	for _, tc := range []struct {
		entries []string
		want    int
	}{
		{[]string{"w1@example.org (reports)", "w2@example.org (reports)"}, 1},
		{[]string{"w1@example.org (reports)", "w2@example.org (announce)"}, 2},
		{nil, 0},
	} {
		if got := listsNamed(tc.entries); got != tc.want {
			t.Errorf("listsNamed(%q) = %d, want %d", tc.entries, got, tc.want)
		}
	}
	// One person on two lists is one person (s30-final).
	if got := peopleNamed([]string{"w1@example.org (reports)", "w1@example.org (announce)", "w2@example.org (reports)"}); got != 2 {
		t.Errorf("peopleNamed = %d, want 2", got)
	}
}
