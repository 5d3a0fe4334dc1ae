package workspace

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/members"
)

// TestNowTouchedSaysHowTheGroupIsCreated: the advice after an edit that
// lets sync work on a list with create = true says its settings are
// pinned first only when its policy pins some; otherwise that the group
// is created with Google's defaults, naming the policy.
func TestNowTouchedSaysHowTheGroupIsCreated(t *testing.T) {
	const file = "schema = 1\n\n[lists.reports]\naddress = \"security@example.org\"\ncreate = true\npolicy = \"p\"\n\n[policies.p]\nmin_owners = 1\nvetting_methods = [\"video-call\"]\n"
	for _, tc := range []struct{ name, policy, want string }{
		{"settings pinned", "who_can_join = \"INVITED_CAN_JOIN\"\n", "sync creates it (create = true) and pins its settings before anyone is added"},
		{"nothing pinned", "", "sync creates it (create = true) with Google's default settings: nothing in policy p pins them"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := members.Parse("members.toml", []byte(file+tc.policy))
			if err != nil {
				t.Fatal(err)
			}
			intro, _ := nowTouched(f, f.List("reports"), nil, "", "it had no owner", true)
			if !strings.Contains(intro, tc.want) {
				t.Errorf("got %q, want it to say %q", intro, tc.want)
			}
		})
	}
}

// TestANewListWithoutCreateSaysSyncFailsWithoutItsGroup: the advice on
// a list sync now works on, new to the file and without create = true,
// says that sync fails for it if its group is not there; a list the
// committed file has already (its group synced before) is not told so.
func TestANewListWithoutCreateSaysSyncFailsWithoutItsGroup(t *testing.T) {
	f, err := members.Parse("members.toml", []byte("schema = 1\n\n[lists.reports-libbar]\naddress = \"libbar@example.org\"\npolicy = \"p\"\n\n[policies.p]\nmin_owners = 1\nvetting_methods = [\"video-call\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	intro, _ := nowTouched(f, f.List("reports-libbar"), nil, "", "it had no owner", true)
	if !strings.Contains(intro, "if its group libbar@example.org does not exist yet, sync fails for reports-libbar: create the group, or set create = true on the list") {
		t.Errorf("a new list: %q", intro)
	}
	if intro, _ := nowTouched(f, f.List("reports-libbar"), nil, "", "it had no owner", false); strings.Contains(intro, "does not exist") {
		t.Errorf("a list synced before: %q", intro)
	}
}
