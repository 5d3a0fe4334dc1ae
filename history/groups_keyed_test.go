package history_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// TestTwoListsOfOneGroupSpeakAsOne: a member on two lists of one group
// (mid-edit; validate refuses it) is on the group with the higher role:
// losing the owner's entry is a role change of the group, whether or not
// the same commit adds an unrelated list.
func TestTwoListsOfOneGroupSpeakAsOne(t *testing.T) {
	list := func(id, addr string) string {
		return "\n[lists." + id + "]\naddress = \"" + addr + "\"\npolicy = \"p\"\n"
	}
	const pol = "schema = 1\n[policies.p]\nvetting_methods = [\"video-call\"]\n"
	changes := func(before, now string) []string {
		r := historytest.New(t)
		r.Commit("members.toml", before, "Start")
		r.Commit("members.toml", now, "Change")
		events, _, err := history.History(context.Background(), r.Dir, "members.toml", history.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range events {
			if e.Subject == "Change" {
				got = append(got, fmt.Sprintf("%s %s<-%s", e.Action, e.Role, e.PreviousRole))
			}
		}
		return got
	}
	both := pol + list("a", "g@example.org") + list("b", "g@example.org")
	before := both + member("m@example.org", `a = "member", b = "owner"`)
	withC := both + list("c", "c@example.org") + member("m@example.org", `a = "member"`)
	if got := strings.Join(changes(before, withC), "; "); got != "role_changed member<-owner" {
		t.Errorf("the owner's entry dropped, a list added: %q", got)
	}
}
