package report_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
)

// TestChangeLine: a change in a log line names a look-alike's non-ASCII
// letters and escapes what could rewrite the line, for every action.
func TestChangeLine(t *testing.T) {
	for _, c := range []plan.Change{
		{Action: plan.ActionAdd, Email: "gr\u0430ce@example.org\x1b[2K", Role: "member"},
		{Action: plan.ActionRemove, Email: "gr\u0430ce@example.org\x1b[2K", PreviousRole: "owner"},
		{Action: plan.ActionSetRole, Email: "gr\u0430ce@example.org\x1b[2K", PreviousRole: "member", Role: "owner"},
	} {
		got := report.ChangeLine(c)
		if !strings.Contains(got, "U+0430") || strings.Contains(got, "\x1b") {
			t.Errorf("%s: %q", c.Action, got)
		}
	}
}
