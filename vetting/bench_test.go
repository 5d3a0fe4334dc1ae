package vetting_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
)

// vetterOnLists is a file with one vetter who owns n lists and vouches
// for one member on each.
func vetterOnLists(n int) []byte {
	var b strings.Builder
	b.WriteString("schema = 1\n\n[policies.p]\nvetting_methods = [\"video-call\"]\n")
	for i := range n {
		fmt.Fprintf(&b, "\n[lists.l%05d]\naddress = \"l%05d@example.org\"\npolicy = \"p\"\n", i, i)
	}
	b.WriteString("\n[[member]]\nemail = \"vetter@example.org\"\ngithub = \"vetter\"\nlists = { ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "l%05d = \"owner\"", i)
	}
	b.WriteString(" }\n")
	for i := range n {
		fmt.Fprintf(&b, "\n[[member]]\nemail = \"m%05d@example.org\"\nlists = { l%05d = \"member\" }\n\n  [[member.vetting]]\n  by = \"vetter\"\n  on = 2026-01-01\n  method = \"video-call\"\n", i, i)
	}
	return []byte(b.String())
}

// BenchmarkVetterOnManyLists parses a file in which one vetter owns n
// lists and vouches for a member on each, and evaluates every member's
// vetting on every list, as validate does. ns/membership stays flat as n
// grows tenfold: the cost is linear in the file.
//
//	go test -run ^$ -bench VetterOnManyLists ./vetting
func BenchmarkVetterOnManyLists(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		data := vetterOnLists(n)
		b.Run(fmt.Sprintf("lists=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f, err := members.Parse("members.toml", data)
				if err != nil {
					b.Fatal(err)
				}
				people := vetting.NewPeople(f)
				for _, l := range f.Lists {
					req := vetting.RequirementFor(l, f.PolicyOf(l), people)
					for _, m := range f.MembersOf(l.ID) {
						vetting.Evaluate(m, req, day("2026-11-24"))
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(2*n), "ns/membership")
		})
	}
}
