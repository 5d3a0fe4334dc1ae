package workspace

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

// BenchmarkAdmittedOfEveryMember asks a version of a 5,000-member list
// whether it admitted each of them, as the attribution of a sync that
// adds them all does: linear in the members (2.4 s for one pass when
// each ask read the list's entries again, 5 ms read once).
func BenchmarkAdmittedOfEveryMember(b *testing.B) {
	var s strings.Builder
	s.WriteString("schema = 1\n[lists.l]\naddress = \"l@example.org\"\npolicy = \"p\"\n[policies.p]\nvetting_methods = [\"x\"]\nvetted_by = \"owner\"\n")
	for i := range 5000 {
		fmt.Fprintf(&s, "\n[[member]]\nemail = \"m%d@example.org\"\nlists = { l = \"member\" }\n", i)
	}
	f, err := members.Parse("m.toml", []byte(s.String()))
	if err != nil {
		b.Fatal(err)
	}
	j := &judgedVersion{f: f, gate: policies.NewGate(policies.CheckWith(f, policies.Options{At: time.Now()}))}
	b.ResetTimer()
	for range b.N {
		for i := range 5000 {
			j.admitted("l@example.org", fmt.Sprintf("m%d@example.org", i))
		}
	}
}
