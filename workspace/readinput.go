package workspace

import "github.com/roster-dev/roster/internal/regular"

// readInput reads a file roster was pointed at (the members file, a
// plan, an export): a regular file only (regular.ReadFile).
func readInput(path string) ([]byte, error) { return regular.ReadFile(path) }
