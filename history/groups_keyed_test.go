package history_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// TestTwoListsOfOneGroupAreNoVersion: two lists of one group (mid-edit)
// are a file sync refuses whole (one address, two lists: a Stop finding),
// so history passes over the versions that have them: the owner's entry
// dropped in one changes nobody's role, whether or not the same commit
// adds an unrelated list; the next version sync takes is compared with
// the last one it took.
func TestTwoListsOfOneGroupAreNoVersion(t *testing.T) {
	t.Parallel()
	list := func(id, addr string) string {
		return "\n[lists." + id + "]\naddress = \"" + addr + "\"\npolicy = \"p\"\n"
	}
	const pol = "schema = 1\n[policies.p]\nvetting_methods = [\"video-call\"]\n"
	r := historytest.New(t)
	r.Commit("members.toml", pol+list("a", "g@example.org")+member("m@example.org", `a = "owner"`), "Start")
	both := pol + list("a", "g@example.org") + list("b", "g@example.org")
	r.Commit("members.toml", both+member("m@example.org", `a = "member", b = "owner"`), "Two lists")
	r.Commit("members.toml", both+list("c", "c@example.org")+member("m@example.org", `a = "member"`), "Change")
	r.Commit("members.toml", pol+list("a", "g@example.org")+member("m@example.org", `a = "member"`), "Fix")
	events, problems, err := history.History(context.Background(), r.Dir, "members.toml", history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, fmt.Sprintf("%s: %s %s<-%s", e.Subject, e.Action, e.Role, e.PreviousRole))
	}
	if want := "Start: added owner<-; Fix: role_changed member<-owner"; strings.Join(got, "; ") != want {
		t.Errorf("events %q, want %q", strings.Join(got, "; "), want)
	}
	if len(problems) != 2 || !strings.Contains(problems[0].Err.Error(), "is also the address of list a") {
		t.Errorf("problems %v, want the two versions with two lists of one group", problems)
	}
}
