//go:build race

package testmain

import "syscall"

const raceEnabled = true

// exitNow ends the process without os.Exit's race finaliser, the one that
// sleeps.
func exitNow(code int) { syscall.Exit(code) }
