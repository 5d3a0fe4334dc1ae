package workspace

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/roster-dev/roster/plan"
)

// TestUnconvergedCountsEachListOnce: a list whose group could not be
// read is that, once; not also a list that could not be synced.
func TestUnconvergedCountsEachListOnce(t *testing.T) {
	p := &plan.Plan{Lists: []*plan.List{{ID: "reports", Address: "security@example.org", Error: "403 forbidden"}}}
	p.Summary.Unreadable = 1
	got := strings.Join(unconverged(p, plan.Apply(context.Background(), p, nil, plan.ApplyOptions{})), "; ")
	if got != "1 list whose group could not be read: reports" {
		t.Errorf("unconverged = %q", got)
	}
}

// TestUnconvergedTellsRefusedFromFailed: a change a guard refused, or one
// not tried, is said so, with its list, not counted as failed.
func TestUnconvergedTellsRefusedFromFailed(t *testing.T) {
	p := &plan.Plan{Lists: []*plan.List{{ID: "reports"}, {ID: "announce"}}}
	res := plan.Result{Lists: []plan.ListResult{
		{ID: "reports", Failed: []plan.Failure{{Err: plan.ErrBlocked}, {Err: plan.ErrBlocked}}},
		{ID: "announce", Failed: []plan.Failure{{Err: errors.New("backend error")}}},
	}}
	got := strings.Join(unconverged(p, res), "; ")
	if got != "1 change failed (announce); 2 changes refused (reports)" {
		t.Errorf("unconverged = %q", got)
	}
}
