// Command gen writes a synthetic members file for benchmarks:
//
//	go run ./bench/gen -members 100000 -lists 20 > /tmp/members.toml
package main

import (
	"flag"
	"os"

	"github.com/roster-dev/roster/internal/synth"
)

func main() {
	n := flag.Int("members", 1000, "number of members")
	lists := flag.Int("lists", 20, "number of lists")
	flag.Parse()
	os.Stdout.Write(synth.MembersFile(synth.Spec{Members: *n, Lists: *lists}))
}
