package directory_test

import (
	"testing"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// TestTouchedGroupsByIdentity: a group the log names in another spelling
// (case, a Unicode domain the file writes in punycode) is the file's
// list's group, as the plan compares addresses.
func TestTouchedGroupsByIdentity(t *testing.T) {
	touched := directory.TouchedGroups([]directory.Activity{
		{Application: directory.AppAdmin, Event: "ADD_GROUP_MEMBER", Group: "SEC@B\u00fccher.example", Member: "x@example.org"},
	})
	if !touched.Groups[members.IdentityOf("sec@xn--bcher-kva.example")] || !touched.Has("sec@xn--bcher-kva.example", "") {
		t.Errorf("touched %+v", touched.Groups)
	}
}

// TestTouchedGroupsByARename: a group renamed onto a list's address in
// the window (CHANGE_GROUP_EMAIL: GROUP_EMAIL the old address, NEW_VALUE
// the new) touches the list at the new address as well as the old one.
func TestTouchedGroupsByARename(t *testing.T) {
	touched := directory.TouchedGroups([]directory.Activity{
		{Application: directory.AppAdmin, Event: directory.EventChangeGroupEmail, Group: "evil@example.org", New: "Sec@example.org"},
	})
	if !touched.Has("sec@example.org", "") || !touched.Has("evil@example.org", "") {
		t.Errorf("touched %+v", touched.Groups)
	}
}

// TestTouchedGroupsByAnyEventNamingThem: an event roster has no name for
// (a Groups UI event Google adds) still touches the group it names, so
// an incremental run reads it; one that names no group touches none.
func TestTouchedGroupsByAnyEventNamingThem(t *testing.T) {
	touched := directory.TouchedGroups([]directory.Activity{
		{Application: directory.AppGroups, Event: "some_event_roster_does_not_know", Group: "sec@example.org"},
		{Application: directory.AppGroupsEnterprise, Event: "another_unknown_event", GroupID: "03abc"},
		{Application: directory.AppGroups, Event: "some_event_of_no_group"},
	})
	if !touched.Has("sec@example.org", "") || !touched.Has("other@example.org", "03abc") || len(touched.Unknown) != 0 || touched.Has("third@example.org", "04zzz") {
		t.Errorf("touched %+v, ids %+v, unknown %d", touched.Groups, touched.GroupIDs, len(touched.Unknown))
	}
	for _, e := range []struct {
		event string
		want  directory.Effect
	}{{directory.EventJoinViaMail, directory.EffectAdded}, {directory.EventUnsubscribeViaMail, directory.EffectRemoved}, {directory.EventBanWithModeration, directory.EffectRemoved}, {directory.EventChangeBasicSetting, directory.EffectSetting}} {
		if got := (directory.Activity{Application: directory.AppGroups, Event: e.event}).Effect(); got != e.want {
			t.Errorf("%s: effect %v, want %v", e.event, got, e.want)
		}
	}
}

// TestTouchedAccounts: an account deleted, renamed or restored names the
// user, not the groups: its addresses (a rename's old and new, by
// mailbox) are the accounts touched, and a restored one, which may
// rejoin groups no list names it on, touches every group.
func TestTouchedAccounts(t *testing.T) {
	touched := directory.TouchedGroups([]directory.Activity{
		{Application: directory.AppAdmin, Event: directory.EventDeleteUser, Member: "Gone+x@Example.org"},
		{Application: directory.AppAdmin, Event: directory.EventRenameUser, Member: "old@example.org", New: "new@example.org"},
	})
	for _, box := range []string{"gone@example.org", "old@example.org", "new@example.org"} {
		if _, ok := touched.Accounts[box]; !ok {
			t.Errorf("account %s not touched: %v", box, touched.Accounts)
		}
	}
	if len(touched.Groups) > 0 || len(touched.Unknown) > 0 || touched.Has("sec@example.org", "") {
		t.Errorf("a deletion or a rename touched groups: %+v", touched)
	}
	restored := directory.TouchedGroups([]directory.Activity{{Application: directory.AppAdmin, Event: directory.EventUndeleteUser, Member: "back@example.org"}})
	if _, ok := restored.Accounts["back@example.org"]; !ok || !restored.Has("sec@example.org", "") {
		t.Errorf("a restored account does not touch every group: %+v", restored)
	}
}
