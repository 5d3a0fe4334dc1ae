package history

import (
	"os"
	"syscall"
)

// fSetPipeSize is Linux's F_SETPIPE_SZ, which package syscall does not
// name.
const fSetPipeSize = 1031

// pipeSize is the pipe buffer widenPipe asks for: a members file of a
// few thousand people, whole, and the most an unprivileged process may
// ask for by default (/proc/sys/fs/pipe-max-size).
const pipeSize = 1 << 20

// widenPipe asks for a pipeSize buffer on the pipe f reads; a refusal
// leaves it as it was.
func widenPipe(f *os.File) {
	syscall.Syscall(syscall.SYS_FCNTL, f.Fd(), fSetPipeSize, pipeSize)
}
