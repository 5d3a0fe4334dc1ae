package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/plan"
)

func TestProgressOnATerminalRewritesOneLine(t *testing.T) {
	var out bytes.Buffer
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	e := &env{stderr: &out, terminal: true, now: func() time.Time { now = now.Add(time.Second); return now }}
	p := newProgress(e, &plan.Plan{Lists: []*plan.List{{Changes: make([]plan.Change, 3)}}})
	c := plan.Change{Action: plan.ActionAdd, Email: "a@example.org", Role: "member"}
	p.event(plan.Event{List: "l", Change: &c})
	p.event(plan.Event{List: "l", Change: &c, Err: plan.ErrSkipped})
	p.finish()
	got := out.String()
	if strings.Count(got, "\n") != 1 || !strings.Contains(got, "\r\033[Ksyncing: 2/3 changes, 1 failed") {
		t.Errorf("terminal progress %q", got)
	}
}
