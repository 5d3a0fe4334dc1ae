package report_test

import (
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
