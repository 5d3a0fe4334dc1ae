package members_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/internal/synth"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
)

// vetterOnLists is a file with one vetter who owns n lists and vouches
// for one member on each: the shape that made validation quadratic when
// every lookup of the vetter's role read all their lists.
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

// checkVetting parses a file and evaluates every member's vetting on
// every list they are on, as validate does.
func checkVetting(t testing.TB, data []byte) {
	f, err := members.Parse("members.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	people := vetting.NewPeople(f)
	at := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	for _, l := range f.Lists {
		req := vetting.RequirementFor(l, f.PolicyOf(l), people)
		for _, m := range f.MembersOf(l.ID) {
			if role, _ := m.RoleOn(l.ID); role == members.RoleOwner {
				continue
			}
			if v := vetting.Evaluate(m, req, at); !v.OK() {
				t.Fatalf("%s on %s: %v", m.Email, l.ID, v.Problems)
			}
		}
	}
}

// TestVettingIsLinearInLists checks the two things that keep parsing
// and checking the vetting of one vetter on n lists linear: the vetter's
// roles are answered from a table (not by reading all their lists for
// each membership they vouch for), and four times the lists cost about
// four times the allocations, not sixteen. Counts, not time: they do not
// depend on the machine; bench/ holds the timed row (validate, 10,000
// lists).
func TestVettingIsLinearInLists(t *testing.T) {
	const n = 1000
	data := vetterOnLists(n)
	f, err := members.Parse("members.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	if v := f.Members[0]; !members.RolesIndexed(f, v) {
		t.Errorf("%s is on %d lists, yet their roles are read list by list", v.Email, len(v.Lists))
	}
	allocs := func(lists int) float64 {
		data := vetterOnLists(lists)
		return testing.AllocsPerRun(1, func() { checkVetting(t, data) })
	}
	a1, a4 := allocs(n), allocs(4*n)
	t.Logf("%d lists: %.0f allocations; %d lists: %.0f", n, a1, 4*n, a4)
	if a4 > 4.5*a1 {
		t.Errorf("allocations grow from %.0f to %.0f for 4x the lists: not linear", a1, a4)
	}
}

// TestManyRecordsAreLinear: a member with a record per list, on many
// lists, costs parsing and checking in proportion to the file, not to
// records × lists (each record was once checked for every list, and
// copied on parse for every record after it). Bytes allocated, not
// time: they do not depend on the machine.
func TestManyRecordsAreLinear(t *testing.T) {
	for _, byOwners := range []bool{true, false} {
		cost := func(n int) uint64 {
			data := synth.RecordPerList(n, !byOwners)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			checkVetting(t, data)
			runtime.ReadMemStats(&after)
			return after.TotalAlloc - before.TotalAlloc
		}
		a1, a4 := cost(500), cost(2000)
		t.Logf("by owners %v: 500 lists %d bytes, 2000 lists %d", byOwners, a1, a4)
		if a4 > 6*a1 {
			t.Errorf("by owners %v: bytes allocated grow from %d to %d for 4x the lists: not linear", byOwners, a1, a4)
		}
	}
}
