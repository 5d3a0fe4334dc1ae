package policies_test

import (
	"fmt"
	"testing"

	"github.com/roster-dev/roster/internal/synth"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

// BenchmarkValidate parses and checks generated files of 1k, 10k and 100k
// members over 20 lists, as `roster validate` does.
//
//	go test -run XXX -bench Validate -benchmem ./policies
func BenchmarkValidate(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		data := synth.MembersFile(synth.Spec{Members: n, Lists: 20})
		b.Run(fmt.Sprintf("members=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				f, err := members.Parse("members.toml", data)
				if err != nil {
					b.Fatal(err)
				}
				if fs := policies.Check(f, at); len(fs) != 0 {
					b.Fatalf("generated file has findings: %v", fs[0])
				}
			}
		})
	}
}
