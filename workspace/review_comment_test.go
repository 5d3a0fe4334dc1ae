package workspace_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/roster-dev/roster/pullrequest/githubtest"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestReviewCommentOfALargeChange: a pull request adding hundreds of
// members makes a review longer than GitHub takes in a comment. Approved,
// it passes the gate, and its comment, cut to fit, still says it is
// approved and who approved; the job's log lists every change.
func TestReviewCommentOfALargeChange(t *testing.T) {
	t.Parallel()
	add := func(s string) string {
		for i := range 500 {
			s += reviewEntry(fmt.Sprintf("person%04d@example.org", i), fmt.Sprintf("person%04d", i), `reports = "member"`)
		}
		return s
	}
	f, gh, g := prRepo(t, add, "lin-x", "lin-x")
	gh.Review(7, "ada-x", "APPROVED", f.head())
	r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, PR: 7, Comment: true, GitHub: g}))
	if r.code != 0 {
		t.Fatalf("approved: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "person0499@example.org") {
		t.Errorf("the job's log does not list every change")
	}
	var bodies []string
	for _, c := range gh.Comments(7) {
		if body := fmt.Sprint(c["body"]); c["user"].(githubtest.Obj)["login"] == githubtest.Self && strings.Contains(body, report.ReviewMarker) {
			bodies = append(bodies, body)
		}
	}
	if len(bodies) != 1 {
		t.Fatalf("want one review comment, got %d", len(bodies))
	}
	body := bodies[0]
	if n := utf8.RuneCountInString(body); n > 65536 {
		t.Errorf("comment of %d characters", n)
	}
	for _, want := range []string{"**Approved**", "✅ approved by @ada-x", "May approve: @ada-x, @bob-x", "more changes not shown"} {
		if !strings.Contains(body, want) {
			t.Errorf("the comment lacks %q", want)
		}
	}
}
