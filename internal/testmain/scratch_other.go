//go:build !linux

package testmain

// scratchInMemory leaves TMPDIR as it is: only Linux is known to have a
// memory file system at a fixed path (see scratch_linux.go).
func scratchInMemory() {}
