package report_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/review"
)

// TestPlanOfKeepsThePlanOfTheSameHead: a comment written without a plan
// keeps the plan a previous run made for the same head commit, folded or
// not, and drops one made for another commit.
func TestPlanOfKeepsThePlanOfTheSameHead(t *testing.T) {
	short := "### roster plan\n\n**reports**: + lin"
	long := short + strings.Repeat("\n| add | x |", 40)
	for _, plan := range []string{short, long} {
		body := report.ReviewMarkdown(report.ReviewHead{Base: "b", Head: "abc123"}, review.Verdict{OK: true}, plan)
		if got := report.PlanOf(body, "abc123"); got != strings.TrimSpace(plan) {
			t.Errorf("PlanOf the same head:\n%q\nwant\n%q", got, plan)
		}
		if got := report.PlanOf(body, "def456"); got != "" {
			t.Errorf("PlanOf another head: %q", got)
		}
	}
}
