package report_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/report"
)

// TestDiffSaysWhoWasVetted: an addition whose record admitted them is
// "vetted by" that record's vetter; one none of whose records admitted
// them then (a lapsed one, say) says so in text and markdown alike, as
// show does, never "vetted by" the last record.
func TestDiffSaysWhoWasVetted(t *testing.T) {
	rec := history.Record{By: "o1", On: "2025-03-02", Method: "video-call"}
	for _, tc := range []struct {
		admitted *history.Record
		want     string
	}{
		{&rec, "vetted by o1 on 2025-03-02 (video-call)"},
		{nil, "no vetting record admits them at the later end (the last: by o1 on 2025-03-02, video-call)"},
	} {
		d := []history.ListDiff{{List: "sec", Added: []history.MemberChange{{Email: "bob@example.org", Role: members.RoleMember, Vetting: []history.Record{rec}, Admitted: tc.admitted}}}}
		for _, format := range []report.Format{report.Text, report.Markdown} {
			var b strings.Builder
			if err := report.Diff(&b, format, "a", "b", d, report.Ambiguous{}, report.DiffKept{}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), tc.want) || tc.admitted == nil && strings.Contains(b.String(), "vetted by") {
				t.Errorf("%s, admitted %v: want %q\n%s", format, tc.admitted != nil, tc.want, b.String())
			}
		}
	}
}
