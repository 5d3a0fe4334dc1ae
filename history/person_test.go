package history_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/members"
)

// TestComparePairsPeopleAlike: a +tag respelling between two files is no
// change; where one file has a mailbox twice (mid-edit), each entry is
// paired with its own spelling, and only the new one is added.
func TestComparePairsPeopleAlike(t *testing.T) {
	t.Parallel()
	const head = "schema = 1\n[lists.l]\naddress = \"l@example.org\"\npolicy = \"p\"\n[policies.p]\nvetting_methods = [\"call\"]\n"
	entry := func(email string) string {
		return "[[member]]\nemail = \"" + email + "\"\nlists = { l = \"member\" }\n"
	}
	parse := func(s string) *members.File {
		f, err := members.Parse("members.toml", []byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	changes := func(a, b *members.File) []string {
		var out []string
		for _, d := range history.Compare(a, b, nil, time.Time{}) {
			for _, m := range d.Added {
				out = append(out, "+"+m.Email)
			}
			for _, m := range d.Removed {
				out = append(out, "-"+m.Email)
			}
		}
		return out
	}
	if got := changes(parse(head+entry("bob@example.org")), parse(head+entry("bob+lists@example.org"))); len(got) != 0 {
		t.Errorf("a +tag respelling: %v", got)
	}
	twice := head + entry("bob+a@example.org") + entry("bob@example.org")
	if got := changes(parse(head+entry("bob+a@example.org")), parse(twice)); len(got) != 1 || got[0] != "+bob@example.org" {
		t.Errorf("one mailbox twice: %v, want [+bob@example.org]", got)
	}
	// One address twice (mid-edit): neither entry is lost.
	const two = "[lists.m]\naddress = \"m@example.org\"\npolicy = \"p\"\n"
	onM := "[[member]]\nemail = \"bob@example.org\"\nlists = { m = \"member\" }\n"
	if got := changes(parse(head+two), parse(head+two+entry("bob@example.org")+onM)); len(got) != 2 {
		t.Errorf("one address twice: %v, want bob added to l and to m", got)
	}
}

// BenchmarkCompareManyLists: a whole-file diff of 10,000 lists and
// 100,000 members reads each list's members through the index, not every
// member for every list.
func BenchmarkCompareManyLists(b *testing.B) {
	build := func(extra string) *members.File {
		f := &members.File{Name: "members.toml"}
		for i := range 10000 {
			f.Lists = append(f.Lists, &members.List{ID: fmt.Sprintf("l%d", i), Address: fmt.Sprintf("l%d@example.org", i)})
		}
		for i := range 100000 {
			f.Members = append(f.Members, &members.Member{Email: fmt.Sprintf("m%d@example.org", i), Lists: []members.Membership{{List: fmt.Sprintf("l%d", i%10000), Role: members.RoleMember}}})
		}
		if extra != "" {
			f.Members = append(f.Members, &members.Member{Email: extra, Lists: []members.Membership{{List: "l0", Role: members.RoleMember}}})
		}
		f.Index()
		return f
	}
	a, c := build(""), build("new@example.org")
	for b.Loop() {
		if d := history.Compare(a, c, nil, time.Time{}); len(d) == 0 {
			b.Fatal("no difference")
		}
	}
}

// TestCompareIsTheSameEveryRun: one address listed twice (validate
// refuses it; byPerson keeps both) gives the same diff every time.
func TestCompareIsTheSameEveryRun(t *testing.T) {
	t.Parallel()
	old, err := members.Parse("old", []byte(header))
	if err != nil {
		t.Fatal(err)
	}
	cur, err := members.Parse("cur", []byte(header+member("bob@example.org", `announce = "owner"`)+member("bob@example.org", `announce = "member"`)))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for range 200 {
		d := history.Compare(old, cur, []string{"announce"}, time.Time{})
		seen[fmt.Sprint(d[0].Added)] = true
	}
	if len(seen) > 1 {
		t.Errorf("Compare gives %d different answers: %v", len(seen), seen)
	}
}
