package history_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// TestHistoryListFilterKeepsOnlyItsVetting: with a list filter, a
// vetting event is kept only when its member is on one of those lists in
// that revision, also after moving from one list to another.
func TestHistoryListFilterKeepsOnlyItsVetting(t *testing.T) {
	ctx := context.Background()
	r, _ := scripted(t)
	events, _, err := history.History(ctx, r.Dir, "lists.toml", history.Options{Lists: []string{"announce"}})
	if err != nil {
		t.Fatal(err)
	}
	var vetted []string
	for _, e := range events {
		if e.Action == history.Vetted {
			vetted = append(vetted, e.Email+" "+e.Subject)
		}
	}
	// grace is on reports only: her vetting is not announce's business.
	want := []string{"ada@example.org Create lists (#1)", "lin@example.org Add lin (#2)"}
	if diff := cmp.Diff(want, vetted); diff != "" {
		t.Errorf("vetting kept for announce (-want +got):\n%s", diff)
	}

	m := historytest.New(t)
	m.Commit("members.toml", header+member("lin@example.org", `announce = "member"`, "ada@example.org@@2026-03-01"), "Add lin to announce")
	m.Commit("members.toml", header+member("lin@example.org", `reports = "member"`, "ada@example.org@@2026-03-01"), "Move lin to reports")
	m.Commit("members.toml", header+member("lin@example.org", `reports = "member"`, "ada@example.org@@2026-03-01", "grace@example.org@@2026-03-04"), "Vet lin again")
	for _, tc := range []struct {
		lists []string
		want  []string
	}{
		{[]string{"announce"}, []string{"added announce Add lin to announce", "vetted  Add lin to announce", "removed announce Move lin to reports"}},
		{[]string{"reports"}, []string{"added reports Move lin to reports", "vetted  Vet lin again"}},
		{[]string{"announce", "reports"}, []string{"added announce Add lin to announce", "vetted  Add lin to announce", "removed announce Move lin to reports", "added reports Move lin to reports", "vetted  Vet lin again"}},
	} {
		events, _, err := history.History(ctx, m.Dir, "members.toml", history.Options{Lists: tc.lists, Member: "LIN@example.org"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range events {
			got = append(got, string(e.Action)+" "+e.List+" "+e.Subject)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%v (-want +got):\n%s", tc.lists, diff)
		}
	}
}

// TestHistoryReorderedBlocks: member blocks moved far apart in the file
// (sorted, or one moved to the end) are the same members: no events but
// the real change.
func TestHistoryReorderedBlocks(t *testing.T) {
	r := historytest.New(t)
	var blocks []string
	for i := 0; i < 150; i++ {
		blocks = append(blocks, member(fmt.Sprintf("m%03d@example.org", i), `reports = "member"`))
	}
	r.Commit("members.toml", header+strings.Join(blocks, ""), "Create")
	moved := append(append([]string{}, blocks[1:]...), blocks[0])
	r.Commit("members.toml", header+strings.Join(moved, ""), "Move the first member to the end")
	reversed := make([]string, len(blocks))
	for i, b := range blocks {
		reversed[len(blocks)-1-i] = b
	}
	reversed[10] = member("m139@example.org", `reports = "owner"`)
	r.Commit("members.toml", header+strings.Join(reversed, ""), "Reverse the order, promote m139")
	events, _, err := history.History(context.Background(), r.Dir, "members.toml", history.Options{LogOptions: history.LogOptions{Since: "2026-03-03"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, e.Subject+": "+string(e.Action)+" "+e.Email)
	}
	if diff := cmp.Diff([]string{"Reverse the order, promote m139: role_changed m139@example.org"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
