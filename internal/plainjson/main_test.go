package plainjson_test

import (
	"testing"

	"github.com/roster-dev/roster/internal/testmain"
)

// TestMain exits without the race detector's idle second (see testmain).
func TestMain(m *testing.M) { testmain.Main(m) }
