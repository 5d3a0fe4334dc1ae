package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/roster-dev/roster/policies"
)

// ReviewMarker is the hidden line that finds roster's pull-request
// comment again, so that every push updates one comment.
const ReviewMarker = "<!-- roster:review -->"

// Review writes who must approve a change, per list it touches.
func Review(w io.Writer, format Format, base string, rs []policies.ListReview) error {
	switch format {
	case JSON:
		if rs == nil {
			rs = []policies.ListReview{}
		}
		ok := true
		for _, r := range rs {
			ok = ok && r.OK
		}
		return writeJSON(w, map[string]any{"base": base, "ok": ok, "lists": rs})
	case Markdown:
		_, err := io.WriteString(w, ReviewMarkdown(base, rs, ""))
		return err
	}
	if len(rs) == 0 {
		_, err := fmt.Fprintf(w, "No list changes since %s: no owner's approval is needed.\n", printable(base))
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, r := range rs {
		verdict := "approved by " + strings.Join(prefixed(r.ApprovedBy), ", ")
		if !r.OK {
			verdict = "NOT APPROVED: " + r.Why
		}
		fmt.Fprintf(tw, "list %s: %s\n", r.List, verdict)
		for _, c := range r.Changes {
			fmt.Fprintf(tw, "  %s\n", c)
		}
		fmt.Fprintf(tw, "  may approve: %s\n", orNobody(prefixed(r.Owners)))
		if len(r.OwnersWithoutHandle) > 0 {
			fmt.Fprintf(tw, "  owners with no github handle in the file: %s\n", strings.Join(r.OwnersWithoutHandle, ", "))
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

// ReviewMarkdown is the pull-request comment: the marker, what the change
// does to each list and who must approve it, and the plan against the
// live groups when there is one, folded when it is long.
func ReviewMarkdown(base string, rs []policies.ListReview, plan string) string {
	var b strings.Builder
	b.WriteString(ReviewMarker + "\n### roster review\n\n")
	if len(rs) == 0 {
		fmt.Fprintf(&b, "No list changes since `%s`.\n", mdEscape(base))
	}
	for _, r := range rs {
		mark := "✅ approved by " + mdEscape(strings.Join(prefixed(r.ApprovedBy), ", "))
		if !r.OK {
			mark = "❌ " + mdEscape(r.Why)
		}
		fmt.Fprintf(&b, "**%s**: %s\n\n", mdEscape(r.List), mark)
		for _, c := range r.Changes {
			fmt.Fprintf(&b, "- %s\n", mdEscape(c))
		}
		fmt.Fprintf(&b, "\nMay approve: %s\n\n", mdEscape(orNobody(prefixed(r.Owners))))
	}
	if plan = strings.TrimSpace(plan); plan != "" {
		if strings.Count(plan, "\n") > 30 {
			fmt.Fprintf(&b, "<details><summary>Plan against the live groups (%d lines)</summary>\n\n%s\n\n</details>\n", strings.Count(plan, "\n")+1, plan)
		} else {
			b.WriteString(plan + "\n")
		}
	}
	return b.String()
}

func prefixed(hs []string) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = "@" + h
	}
	return out
}

func orNobody(hs []string) string {
	if len(hs) == 0 {
		return "nobody (no owner has a github handle)"
	}
	return strings.Join(hs, ", ")
}
