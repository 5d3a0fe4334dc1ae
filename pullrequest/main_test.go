package pullrequest_test

import (
	"testing"

	"github.com/roster-dev/roster/internal/testmain"
)

// TestMain runs the tests that wait out a Retry-After or a read
// deadline side by side: they do not compute.
func TestMain(m *testing.M) { testmain.Waiting(m, 16) }
