package workspace

import (
	"fmt"
	"os"
)

// readInput reads a file roster was pointed at (the members file, a
// plan, an export), following a link as any program does, but only a
// regular file: a FIFO would block the run for ever, beyond Ctrl-C, and
// a device never end.
func readInput(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		what := "not a regular file"
		switch {
		case fi.IsDir():
			what = "a directory"
		case fi.Mode()&os.ModeNamedPipe != 0:
			what = "a named pipe (FIFO)"
		case fi.Mode()&os.ModeDevice != 0:
			what = "a device"
		}
		return nil, fmt.Errorf("%s is %s, not a file roster can read", path, what)
	}
	return os.ReadFile(path)
}
