// Package testmain is the TestMain of roster's test packages: it runs a
// package's tests and exits without the race detector's idle second.
//
// Under -race, a binary that exits cleanly while goroutines remain (the
// runtime's own always do) sleeps GORACE's atexit_sleep_ms, a second by
// default, to catch races at exit. go test starts packages one after
// another in two slots on a two-core machine, so that second, once per
// package, was a tenth of `go test -race ./...`. The testing package
// fails every test during which a race was found, so a run that passed
// has nothing left for that second to report.
package testmain

import (
	"flag"
	"os"
	"runtime"
	"strconv"
	"testing"
)

// Main runs m's tests and exits with their status. It does not return.
func Main(m *testing.M) {
	scratchInMemory()
	Exit(m.Run())
}

// Waiting is Main for a package whose tests wait more than they compute:
// it runs more parallel tests at once than go test's default -parallel
// (GOMAXPROCS, two on a two-core machine), at least atLeast, so that
// their waits for a Retry-After, a quota's refill or a deadline overlap
// for free. A -parallel given on the command line is kept.
func Waiting(m *testing.M, atLeast int) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		if err := flag.Set("test.parallel", strconv.Itoa(max(atLeast, runtime.GOMAXPROCS(0)))); err != nil {
			panic(err)
		}
	}
	Main(m)
}

// Exit ends a test binary with code, as os.Exit does, and without the
// race detector's sleep when the code is 0 (see the package comment).
func Exit(code int) {
	if code == 0 && raceEnabled {
		exitNow(0)
	}
	os.Exit(code)
}
