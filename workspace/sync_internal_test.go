package workspace

import (
	"context"
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
	if got != "1 list whose group could not be read" {
		t.Errorf("unconverged = %q", got)
	}
}
