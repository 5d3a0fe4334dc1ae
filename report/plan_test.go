package report_test

import (
	"context"
	"errors"
	"fmt"
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

// TestARoleChangeNamesTheAccountItChanges: a role change the file writes
// at an alias names the account Google has, marked where it only looks
// like a plain address, in the plan's text, its markdown, its JSON and
// sync's progress line; a redacted plan masks it.
func TestARoleChangeNamesTheAccountItChanges(t *testing.T) {
	c := plan.Change{Action: plan.ActionSetRole, Email: "other@example.org", PreviousRole: "member", Role: "owner", LiveAs: "oth\u0435r@example.org"}
	p := &plan.Plan{Lists: []*plan.List{{ID: "rep", Address: "rep@example.org", Changes: []plan.Change{c}}}}
	for _, f := range []report.Format{report.Text, report.Markdown, report.JSON} {
		var b strings.Builder
		if err := report.Plan(&b, f, p); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "U+0435") {
			t.Errorf("%s: the account the role change makes owner is not marked:\n%s", f, b.String())
		}
	}
	if got := report.ChangeLine(c); !strings.Contains(got, "on the group as oth\u0435r@example.org") || !strings.Contains(got, "U+0435") {
		t.Errorf("progress line %q", got)
	}
	// A pull request's plan masks the account, and keeps its mark: the
	// owners approving the promotion see that it only looks plain.
	p.Lists[0].Aliases = []plan.Alias{{File: "other@example.org", Live: "oth\u0435r@example.org"}}
	red := p.Redacted(func(_, email string) bool { return email == "other@example.org" })
	if live := red.Lists[0].Changes[0].LiveAs; strings.Contains(live, "th") {
		t.Errorf("a redacted plan shows the live account %q", live)
	}
	for _, f := range []report.Format{report.Text, report.Markdown, report.JSON} {
		var b strings.Builder
		if err := report.Plan(&b, f, red); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if strings.Contains(out, "oth\u0435r") || strings.Count(out, "U+0435") < 2 || strings.Contains(out, "write the address Google has") {
			t.Errorf("%s, redacted: the masked look-alike account lost its mark, or is shown, or the alias line says to write it:\n%s", f, out)
		}
	}
}

// TestOutcome: the summary and the progress lines call a change that did
// not happen by one rule, whatever wraps its error.
func TestOutcome(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("x: %w", context.Canceled), "INTERRUPTED"},
		{fmt.Errorf("%w: not tried", plan.ErrSkipped), "SKIPPED"},
		{fmt.Errorf("list l: %w", plan.ErrPolicyFails), "SKIPPED"},
		{fmt.Errorf("%w: no record", plan.ErrBlocked), "REFUSED"},
		{fmt.Errorf("%w: csv", plan.ErrChecklist), "NEEDS A PERSON"},
		{errors.New("members.insert: 500"), "FAILED"},
	} {
		if got := report.Outcome(tc.err); got != tc.want {
			t.Errorf("Outcome(%v) = %s, want %s", tc.err, got, tc.want)
		}
	}
}

// TestPlanNamesTwentyListsNotRead: an hourly run over thousands of
// groups names twenty of those it did not read, then a count, as its
// JSON and audit --live do (s31-scale: a 90 KB line).
func TestPlanNamesTwentyListsNotRead(t *testing.T) {
	p := &plan.Plan{}
	for i := range 25 {
		p.NotRead = append(p.NotRead, fmt.Sprintf("l%d", i))
	}
	var b strings.Builder
	if err := report.Plan(&b, report.Text, p); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); !strings.Contains(out, "25 lists were not read (l0, l1,") || !strings.Contains(out, "l19, and 5 more)") || strings.Contains(out, "l20") {
		t.Errorf("the summary:\n%s", out)
	}
}
