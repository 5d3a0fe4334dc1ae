package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/internal/synth"
)

// BenchmarkSyncOneGroup syncs 5k, 10k and 20k adds to one group with no
// latency or quota, roster and the emulator in one process: the time must
// grow linearly with the adds. (Inserting into a group once scanned the
// group's members on every call, 33 s at 20k.)
//
//	go test -run XXX -bench SyncOneGroup ./cmd/roster
func BenchmarkSyncOneGroup(b *testing.B) {
	for _, n := range []int{5_000, 10_000, 20_000} {
		b.Run(fmt.Sprintf("adds=%d", n), func(b *testing.B) {
			w := synth.Sync(n, 0)
			var live []emulator.Member
			for email, role := range w.Live {
				live = append(live, emulator.Member{Email: email, Role: role})
			}
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				dir := b.TempDir()
				if err := os.WriteFile(filepath.Join(dir, "members.toml"), w.File, 0o644); err != nil {
					b.Fatal(err)
				}
				d := newDomain(b, emulator.Options{}, "")
				if err := d.emu.AddGroup(w.Group, live...); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				r := runRosterEnv(b, dir, d.vars(), "sync", "--rate", "1000000", "--format", "json")
				b.StopTimer()
				if r.code != 0 {
					b.Fatalf("sync exited %d: %s", r.code, r.stderr)
				}
				if got := len(d.emu.Members(w.Group)); got != len(w.Want) {
					b.Fatalf("group has %d members after the sync, want %d", got, len(w.Want))
				}
			}
		})
	}
}
