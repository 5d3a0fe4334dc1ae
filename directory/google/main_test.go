package google_test

import (
	"flag"
	"os"
	"runtime"
	"strconv"
	"testing"
)

// TestMain runs more parallel tests at once than go test's default
// -parallel (GOMAXPROCS, two on a two-core machine). The parallel tests
// here are those that wait more than they compute (a Retry-After, a
// quota's refill, call and read deadlines), and their waits overlap for
// free. The tests that compute stay sequential: beside them, a test
// that must outrun a quota, or answer within 50ms, would be starved of
// CPU. A -parallel given is kept.
func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		if err := flag.Set("test.parallel", strconv.Itoa(max(16, runtime.GOMAXPROCS(0)))); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
