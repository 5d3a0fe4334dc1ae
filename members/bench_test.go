package members_test

import (
	"testing"

	"github.com/roster-dev/roster/internal/synth"
	"github.com/roster-dev/roster/members"
)

// BenchmarkParse reads a generated file of 100k members on 20 lists, one
// vetting record each (the shape of bench/'s validate rows, a tenth of
// the 1M row):
//
//	go test -run ^$ -bench Parse -benchmem ./members
func BenchmarkParse(b *testing.B) {
	data := synth.MembersFile(synth.Spec{Members: 100_000, Lists: 20})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := members.Parse("members.toml", data); err != nil {
			b.Fatal(err)
		}
	}
}
