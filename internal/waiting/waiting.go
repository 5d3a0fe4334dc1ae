// Package waiting runs a package's tests that wait more than they
// compute side by side: its Main is the TestMain of such packages.
package waiting

import (
	"flag"
	"os"
	"runtime"
	"strconv"
	"testing"
)

// Main runs m with more parallel tests at once than go test's default
// -parallel (GOMAXPROCS, two on a two-core machine), at least atLeast:
// the package's parallel tests wait out a Retry-After, a quota's refill
// or a deadline, and their waits overlap for free. A -parallel given on
// the command line is kept. It does not return.
func Main(m *testing.M, atLeast int) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		if err := flag.Set("test.parallel", strconv.Itoa(max(atLeast, runtime.GOMAXPROCS(0)))); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
