package workspace_test

import (
	"testing"

	"github.com/roster-dev/roster/internal/testmain"
)

// TestMain runs four tests at once: most of a workspace test is waiting
// for the git processes it starts, and two at a time (go test's default
// on two cores) left a core idle for a third of the package's run.
func TestMain(m *testing.M) { testmain.Waiting(m, 4) }
