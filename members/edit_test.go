package members_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/roster-dev/roster/members"
)

const batchBase = `schema = 1
[lists.l]
address = "l@example.org"
policy = "p"
[policies.p]
vetting_methods = ["x"]

[[member]]
email = "b@example.org"
lists = { l = "member" }

# Mia comes last.
[[member]]
email = "m@example.org"
lists = { l = "member" }
`

// TestBatchInsertsInEmailOrder: new members given out of order that land
// before the same entry, or after the last one, are written in email
// order, and the batch is checked as one edit.
func TestBatchInsertsInEmailOrder(t *testing.T) {
	f, err := members.Parse("m.toml", []byte(batchBase))
	if err != nil {
		t.Fatal(err)
	}
	b := members.NewBatch(f, []byte(batchBase))
	for _, email := range []string{"z@example.org", "d@example.org", "a@example.org", "c@example.org", "y@example.org"} {
		if err := b.AddMember(members.Member{Email: email, Lists: []members.Membership{{List: "l", Role: members.RoleMember}}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.SetLists("b@example.org", nil); err != nil {
		t.Fatal(err)
	}
	out, nf, err := b.Apply()
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, m := range nf.Members {
		order = append(order, strings.TrimSuffix(m.Email, "@example.org"))
	}
	if got := strings.Join(order, " "); got != "a b c d m y z" {
		t.Errorf("order %q\n%s", got, out)
	}
	if !strings.Contains(string(out), "# Mia comes last.\n[[member]]\nemail = \"m@example.org\"") {
		t.Errorf("the comment left its entry:\n%s", out)
	}
}

func TestBatchRefusesConflicts(t *testing.T) {
	f, err := members.Parse("m.toml", []byte(batchBase))
	if err != nil {
		t.Fatal(err)
	}
	b := members.NewBatch(f, []byte(batchBase))
	if err := b.AddMember(members.Member{Email: "n@example.org"}); err != nil {
		t.Fatal(err)
	}
	if err := b.AddMember(members.Member{Email: "N@Example.org"}); !errors.Is(err, members.ErrEdit) {
		t.Errorf("the same mailbox added twice: %v", err)
	}
	if err := b.SetLists("b@example.org", nil); err != nil {
		t.Fatal(err)
	}
	if err := b.RemoveMember("b@example.org"); !errors.Is(err, members.ErrEdit) {
		t.Errorf("one member edited twice: %v", err)
	}
}
