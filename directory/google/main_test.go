package google_test

import (
	"testing"

	"github.com/roster-dev/roster/internal/testmain"
)

// TestMain runs the tests that wait (a Retry-After, a quota's refill,
// call and read deadlines) side by side. The tests that compute stay
// sequential: beside them, a test that must outrun a quota, or answer
// within 50ms, would be starved of CPU.
func TestMain(m *testing.M) { testmain.Waiting(m, 16) }
