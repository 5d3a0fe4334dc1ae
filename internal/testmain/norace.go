//go:build !race

package testmain

import "os"

const raceEnabled = false

// exitNow is os.Exit: without the race detector there is no sleep to skip.
func exitNow(code int) { os.Exit(code) }
