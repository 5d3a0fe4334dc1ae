package workspace

import (
	"fmt"
	"testing"

	"github.com/roster-dev/roster/members"
)

// TestRelabelNeverGivesTwoListsOneID: a list renamed since to an id
// that another list of the old file still had takes it (the id names its
// group now), and the other, whose group the file no longer has, is
// named by its id with its group beside it: two lists of one id would
// read as one.
func TestRelabelNeverGivesTwoListsOneID(t *testing.T) {
	parse := func(s string) *members.File {
		f, err := members.Parse("members.toml", []byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	then := parse(`schema = 1
[lists.dev]
address = "dev@example.org"
policy = "p"
[lists.devs]
address = "old-devs@example.org"
policy = "p"
[policies.p]
vetting_methods = ["call"]
[[member]]
email = "a@example.org"
lists = { dev = "owner" }
[[member]]
email = "b@example.org"
lists = { devs = "owner" }
`)
	now := parse(`schema = 1
[lists.devs]
address = "dev@example.org"
policy = "p"
[policies.p]
vetting_methods = ["call"]
`)
	got := relabel(then, now)
	ids := map[string]string{}
	for _, l := range got.Lists {
		if have, dup := ids[l.ID]; dup {
			t.Fatalf("two lists with id %s: %s and %s", l.ID, have, l.Address)
		}
		ids[l.ID] = l.Address
	}
	old := got.List("devs (old-devs@example.org)")
	if len(got.MembersOf("devs")) != 1 || got.List("devs").Address != "dev@example.org" || old == nil || len(got.MembersOf(old.ID)) != 1 {
		t.Errorf("lists after relabel: %v", ids)
	}
}

// TestRelabelSwapsIDs: two lists that swapped ids since are read under
// the ids they have now: a cycle of renames survives whole.
func TestRelabelSwapsIDs(t *testing.T) {
	then := &members.File{Name: "then", Lists: []*members.List{{ID: "a", Address: "ga@example.org"}, {ID: "b", Address: "gb@example.org"}}}
	now := &members.File{Name: "now", Lists: []*members.List{{ID: "a", Address: "gb@example.org"}, {ID: "b", Address: "ga@example.org"}}}
	then.Index()
	now.Index()
	got := relabel(then, now)
	if got.List("b") == nil || got.List("b").Address != "ga@example.org" || got.List("a").Address != "gb@example.org" {
		t.Errorf("after relabel: a=%v b=%v", got.List("a"), got.List("b"))
	}
}

// BenchmarkRelabel10kLists: relabel is one pass over the lists, not a
// look-up per list (17.8 s a call at 10,000 lists when it was).
func BenchmarkRelabel10kLists(b *testing.B) {
	then, now := &members.File{Name: "then"}, &members.File{Name: "now"}
	for i := range 10000 {
		addr := fmt.Sprintf("list%d@example.org", i)
		then.Lists = append(then.Lists, &members.List{ID: fmt.Sprintf("old%d", i), Address: addr})
		now.Lists = append(now.Lists, &members.List{ID: fmt.Sprintf("new%d", i), Address: addr})
	}
	then.Index()
	now.Index()
	for b.Loop() {
		if f := relabel(then, now); f.List("new9999") == nil {
			b.Fatal("not relabelled")
		}
	}
}

// BenchmarkRelabelChain10k: every id shifted by one, the last list
// dropped: one pass, not one per link of the chain.
func BenchmarkRelabelChain10k(b *testing.B) {
	then, now := &members.File{Name: "then"}, &members.File{Name: "now"}
	for i := range 10000 {
		then.Lists = append(then.Lists, &members.List{ID: fmt.Sprintf("l%d", i), Address: fmt.Sprintf("g%d@example.org", i)})
		if i > 0 {
			now.Lists = append(now.Lists, &members.List{ID: fmt.Sprintf("l%d", i-1), Address: fmt.Sprintf("g%d@example.org", i)})
		}
	}
	then.Index()
	now.Index()
	for b.Loop() {
		relabel(then, now)
	}
}
