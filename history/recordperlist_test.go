package history_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/internal/synth"
)

// TestHistoryRecordPerList: a member on every list with a record per
// list (the shape BenchmarkHistoryRecordPerList grows) has each record
// once, in the commit that wrote it, and a list filter keeps them all
// while the member is on a list it names, also once that list's
// address changed; the owners' single records are kept only where
// they are on the list.
func TestHistoryRecordPerList(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := historytest.New(t)
	file := string(synth.RecordPerList(3, true))
	r.Commit("members.toml", file, "Create the lists")
	file += "\n  [[member.vetting]]\n  by = \"p@example.org\"\n  on = 2026-02-01\n  method = \"video-call\"\n"
	r.Commit("members.toml", file, "Vet x again")
	file = strings.Replace(file, "address = \"l00000@example.org\"", "address = \"l00000-new@example.org\"", 1)
	r.Commit("members.toml", file, "Readdress l00000")
	line := func(e history.Event) string {
		s := string(e.Action) + " " + e.List + " " + e.Email + " " + e.Subject
		if e.Vetting != nil {
			s += " by " + e.Vetting.By + " on " + e.Vetting.On
		}
		return s
	}
	for _, tc := range []struct {
		name string
		opts history.Options
		want []string
	}{
		{"all", history.Options{}, []string{
			"added l00000 o@example.org Create the lists",
			"added l00001 o@example.org Create the lists",
			"added l00002 o@example.org Create the lists",
			"vetted  o@example.org Create the lists by p@example.org on 2026-01-01",
			"added l00000 p@example.org Create the lists",
			"added l00001 p@example.org Create the lists",
			"added l00002 p@example.org Create the lists",
			"vetted  p@example.org Create the lists by o@example.org on 2026-01-01",
			"added l00000 x@example.org Create the lists",
			"added l00001 x@example.org Create the lists",
			"added l00002 x@example.org Create the lists",
			"vetted  x@example.org Create the lists by o@example.org on 2026-01-01",
			"vetted  x@example.org Create the lists by o@example.org on 2026-01-02",
			"vetted  x@example.org Create the lists by o@example.org on 2026-01-03",
			"vetted  x@example.org Vet x again by p@example.org on 2026-02-01",
			"removed l00000 o@example.org Readdress l00000",
			"added l00000 o@example.org Readdress l00000",
			"removed l00000 p@example.org Readdress l00000",
			"added l00000 p@example.org Readdress l00000",
			"removed l00000 x@example.org Readdress l00000",
			"added l00000 x@example.org Readdress l00000",
		}},
		{"one list, one member", history.Options{Lists: []string{"l00001"}, Member: "X@example.org"}, []string{
			"added l00001 x@example.org Create the lists",
			"vetted  x@example.org Create the lists by o@example.org on 2026-01-01",
			"vetted  x@example.org Create the lists by o@example.org on 2026-01-02",
			"vetted  x@example.org Create the lists by o@example.org on 2026-01-03",
			"vetted  x@example.org Vet x again by p@example.org on 2026-02-01",
		}},
		{"a list nobody is on", history.Options{Lists: []string{"nolist"}}, nil},
	} {
		events, problems, err := history.History(ctx, r.Dir, "members.toml", tc.opts)
		if err != nil || len(problems) != 0 {
			t.Fatal(err, problems)
		}
		var got []string
		for _, e := range events {
			got = append(got, line(e))
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}
