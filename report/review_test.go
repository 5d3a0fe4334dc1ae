package report_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

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
	if len(got) > 65536 || !strings.Contains(got, "more lines, cut to fit GitHub's limit on a comment") || !strings.HasSuffix(strings.TrimSpace(got), "never on a review._") {
		t.Errorf("%d characters:\n%s", len(got), got[len(got)-400:])
	}
	if short := report.PlanCommentMarkdown("abc1234", "| add | a@example.org | member |"); strings.Contains(short, "more lines") {
		t.Errorf("a short plan is cut:\n%s", short)
	}
}

// TestReviewCommentFitsGitHub: a review longer than a comment may be is
// cut to fit, whole rows at a time: every line of the comment is a line
// of the whole review, or one saying what is left out; the verdict, each
// requirement's and who may approve it stay, the not approved first when
// even they do not all fit. The changes that raise the approval needed
// (every one a vetter or an admin is asked for) stay whole while they
// fit; when they alone do not, the comment says how many it leaves out.
func TestReviewCommentFitsGitHub(t *testing.T) {
	// rows are changes long enough, with characters MD escapes, that a
	// cut between bytes would show.
	rows := func(n int, list string) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("+ *person%04d*@example.org <%s> (member), vetted by ada on 2026-01-01 [video-call]", i, list))
		}
		return out
	}
	owners := func(list string, n int, ok bool) review.Requirement {
		r := review.Requirement{Kind: review.Owners, List: list, Need: 1, Eligible: []string{"ada", "bob"}, Changes: rows(n, list), OK: ok}
		if ok {
			r.Approved = []string{"ada"}
		} else {
			r.Why = "needs approving reviews from an owner of " + list + " (0 so far): @ada, @bob"
		}
		return r
	}
	many := func(lists int, ok func(i int) bool) review.Verdict {
		v := review.Verdict{OK: true}
		for i := range lists {
			r := owners(fmt.Sprintf("list%03d", i), 3, ok(i))
			r.Eligible = strings.Fields(strings.Repeat("someone-with-a-long-handle ", 12))
			v.Requirements = append(v.Requirements, r)
			v.OK = v.OK && r.OK
		}
		return v
	}
	for _, tt := range []struct {
		name string
		v    review.Verdict
		want []string // in the comment
		cut  bool
	}{
		{name: "a short review is whole",
			v:    review.Verdict{OK: true, Requirements: []review.Requirement{owners("reports", 3, true)}},
			want: []string{"**Approved**", "✅ approved by @ada", "May approve: @ada, @bob"}},
		{name: "an approved change of a thousand members",
			v:    review.Verdict{OK: true, Requirements: []review.Requirement{owners("reports", 1000, true), {Kind: review.Vetter, Vetter: "ada", Need: 1, Changes: rows(100, "vetting"), Approved: []string{"ada"}, OK: true}}},
			want: []string{"**Approved**", "✅ approved by @ada", "May approve: @ada, @bob", "#### vetter ada", "✅ attested by @ada", `person0000\*@&#8203;example.org &lt;reports`, `person0099\*@&#8203;example.org &lt;vetting`, "adding, removing or re-roling someone) not shown", "The review job's log lists them all"},
			cut:  true},
		{name: "more changes a vetter attests than fit",
			v:    review.Verdict{OK: true, Requirements: []review.Requirement{owners("reports", 10, true), {Kind: review.Vetter, Vetter: "ada", Need: 1, Changes: rows(1000, "vetting"), Raising: rows(1000, "vetting"), Approved: []string{"ada"}, OK: true}}},
			want: []string{"**Approved**", "#### vetter ada", `person0000\*@&#8203;example.org &lt;vetting`, "- … 10 more changes (10 adding, removing or re-roling someone) not shown", "more changes (4", "of them raising the approvals needed; "},
			cut:  true},
		{name: "a change not approved, of a thousand members",
			v:    review.Verdict{Requirements: []review.Requirement{owners("reports", 1000, false)}},
			want: []string{"**Not approved yet**", "❌ needs approving reviews from an owner of reports (0 so far)", "May approve: @ada, @bob", "adding, removing or re-roling someone) not shown"},
			cut:  true},
		{name: "more requirements than fit: those not approved stay",
			v:    many(400, func(i int) bool { return i != 399 }),
			want: []string{"**Not approved yet**", "#### list list399", "❌ needs approving reviews from an owner of list399", "(0 of them not approved)"},
			cut:  true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			whole := report.ReviewMarkdown(report.ReviewHead{Base: "HEAD"}, tt.v)
			got := report.ReviewCommentMarkdown(report.ReviewHead{Base: "HEAD"}, tt.v)
			if n := utf8.RuneCountInString(got); n > 65536 {
				t.Errorf("comment of %d characters", n)
			}
			if (got != whole) != tt.cut {
				t.Errorf("cut %v, want %v", got != whole, tt.cut)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("the comment lacks %q", w)
				}
			}
			lines := map[string]bool{}
			for _, l := range strings.Split(whole, "\n") {
				lines[l] = true
			}
			for _, l := range strings.Split(got, "\n") {
				if !lines[l] && !strings.Contains(l, "not shown: GitHub takes a comment of at most 65,536 characters") {
					t.Errorf("a line of no row: %q", l)
				}
			}
		})
	}
}

// TestNotReviewedFitsAComment: however long the reason a head could not
// be reviewed, and however much its escaping grows it, the comment that
// says so is one GitHub takes.
func TestNotReviewedFitsAComment(t *testing.T) {
	t.Parallel()
	cause := strings.Repeat("MEMBERS.toml.... <@x> ", 20000)
	body := report.NotReviewedMarkdown(strings.Repeat("a", 40), cause)
	if n := utf8.RuneCountInString(body); n > 65536 || !strings.Contains(body, "cut; the review job's log has it whole") {
		t.Errorf("a comment of %d characters", n)
	}
}
