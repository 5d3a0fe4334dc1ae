//go:build linux

package testmain

import (
	"os"
	"syscall"
)

// tmpfsMagic is the file system type statfs reports for a tmpfs.
const tmpfsMagic = 0x01021994

// scratchInMemory points the tests' scratch directories (t.TempDir, and
// the git processes that run in them) at /dev/shm when nobody chose a
// TMPDIR and /dev/shm is a writable tmpfs with room to spare. The suite
// makes thousands of scratch repositories, a dozen files each; on a
// disk mounted with online discard, making and removing them cost the
// kernel as much time as the tests spent running (half of the
// workspace package's CPU under -race). What the tests exercise is the
// same wherever the directories are.
func scratchInMemory() {
	if _, set := os.LookupEnv("TMPDIR"); set {
		return
	}
	const dir, room = "/dev/shm", 2 << 30 // Docker's default /dev/shm (64 MiB) is too small
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil || st.Type != tmpfsMagic || st.Bavail*uint64(st.Bsize) < room {
		return
	}
	if syscall.Access(dir, 2 /* W_OK */) != nil {
		return
	}
	os.Setenv("TMPDIR", dir)
}
