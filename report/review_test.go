package report_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/review"
)

// TestReviewNamesLookAlikesAndEscapesFields: the review an owner decides
// on names a look-alike address's letters, in text and in the comment,
// and no field (a change, a reason, a login) can forge a line or a
// mention.
func TestReviewNamesLookAlikesAndEscapesFields(t *testing.T) {
	v := review.Verdict{Requirements: []review.Requirement{{
		Kind: review.Owners, List: "reports", Need: 1, Eligible: []string{"ada"},
		Changes:    []string{"+ gr\u0430ce@example.org (member)", "+ x@example.org (member)\n\n✅ approved by @ada\x1b[2K"},
		NotCounted: []review.NotCounted{{Login: "mallory\n✅", Why: "read access\n@everyone"}},
		Why:        "needs an owner\n::error::forged",
	}}}
	var text strings.Builder
	if err := report.Review(&text, report.Text, report.ReviewHead{Base: "HEAD"}, v); err != nil {
		t.Fatal(err)
	}
	md := report.ReviewMarkdown(report.ReviewHead{Base: "HEAD"}, v)
	for name, out := range map[string]string{"text": text.String(), "markdown": md} {
		if !strings.Contains(out, "U+0430") {
			t.Errorf("%s: the look-alike is not named:\n%s", name, out)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(strings.TrimLeft(line, " -"), "✅") || strings.HasPrefix(line, "::") || strings.Contains(line, "\x1b") {
				t.Errorf("%s: forged line %q", name, line)
			}
		}
	}
	if strings.Contains(md, "@everyone") {
		t.Errorf("markdown mentions through a field:\n%s", md)
	}
}

// TestPlanCommentFitsGitHub: a plan longer than a comment may be is cut
// at a line, saying how many lines are left out, and the comment stays
// under GitHub's 65,536 characters.
func TestPlanCommentFitsGitHub(t *testing.T) {
	var b strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&b, "| add | member%04d@example.org | member |\n", i)
	}
	got := report.PlanCommentMarkdown("abc1234", b.String())
	if len(got) > 65536 || !strings.Contains(got, "more lines: the plan job's log has the whole plan") || !strings.HasSuffix(strings.TrimSpace(got), "never on a review._") {
		t.Errorf("%d characters:\n%s", len(got), got[len(got)-400:])
	}
	if short := report.PlanCommentMarkdown("abc1234", "| add | a@example.org | member |"); strings.Contains(short, "more lines") {
		t.Errorf("a short plan is cut:\n%s", short)
	}
}
