package pullrequest

// SetMaxResponseBytes lowers the bound on a response body for clients
// set up after it, so that a test of it need not send 32 MiB; it returns
// the function that puts it back.
func SetMaxResponseBytes(n int64) (restore func()) {
	was := maxResponseBytes
	maxResponseBytes = n
	return func() { maxResponseBytes = was }
}
