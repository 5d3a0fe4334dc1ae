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
