package members

// CountScans calls count with the number of memberships each read of a
// member's lists compares, until the returned restore is called. Tests
// use it to count operations, never time.
func CountScans(count func(n int)) (restore func()) {
	scanned = count
	return func() { scanned = nil }
}
