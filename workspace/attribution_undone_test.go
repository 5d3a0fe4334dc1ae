package workspace_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestAWalkInPromotedByHandNamesWhoPromotedThem: someone who joined a
// list by themselves and was then made owner by an admin is shown with
// the newest change behind what the group shows (the promotion, and who
// made it), by plan and audit --live.
func TestAWalkInPromotedByHandNamesWhoPromotedThem(t *testing.T) {
	t.Parallel()
	f := truthRepo(t)
	for _, c := range []emulator.Change{
		{Application: "groups", Event: "join", Group: "security@example.org", Actor: "mallory@example.org"},
		{Application: "admin", Event: "UPDATE_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "mallory@example.org", Role: "OWNER"},
	} {
		if _, err := f.emu.ByHand(c); err != nil {
			t.Fatal(err)
		}
	}
	if r := f.doPlan(workspace.PlanOptions{}); !strings.Contains(r.stdout, "root@example.org") {
		t.Errorf("plan does not name who made mallory an owner:\n%s%s", r.stdout, r.stderr)
	}
	lo := f.live()
	if a := f.doAudit(true, workspace.AuditOptions{Source: membersFile, Live: &lo, Format: report.CSV}); !strings.Contains(a.stdout, "root@example.org") {
		t.Errorf("audit --live does not name who made mallory an owner:\n%s", a.stdout)
	}
}

// TestARemovalNamesWhoAddedAndWhoPromoted: under unmanaged = "remove",
// the line that takes off someone added by hand and then made owner by
// another names both changes, as the report of a kept walk-in does.
func TestARemovalNamesWhoAddedAndWhoPromoted(t *testing.T) {
	t.Parallel()
	f := truthRepo(t)
	f.repo.Commit("members.toml", strings.Replace(f.read("members.toml"), `unmanaged = "report"`, `unmanaged = "remove"`, 1), "Remove walk-ins (#9)")
	for _, c := range []emulator.Change{
		{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "wes@example.org"},
		{Application: "admin", Event: "UPDATE_GROUP_MEMBER", Group: "security@example.org", Actor: "bob@example.org", Member: "wes@example.org", Role: "OWNER"},
	} {
		if _, err := f.emu.ByHand(c); err != nil {
			t.Fatal(err)
		}
	}
	r := f.doPlan(workspace.PlanOptions{})
	var line string
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.Contains(l, "- wes@example.org") {
			line = l
		}
	}
	if !strings.Contains(line, "root@example.org") || !strings.Contains(line, "bob@example.org") {
		t.Errorf("the removal does not name who added wes and who made them owner: %q\n%s%s", line, r.stdout, r.stderr)
	}
}

// TestASyncNamesWhoseSettingItUndid: a setting changed by hand and set
// back by sync is named with who changed it, on the sync's own line and
// in its JSON, as member changes are.
func TestASyncNamesWhoseSettingItUndid(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nwho_can_join = \"INVITED_CAN_JOIN\"", 1)
	f.repo.Commit("members.toml", hdr+entry("ada@example.org", "owner", "bob@example.org", "2026-06-01")+entry("bob@example.org", "owner", "ada@example.org", "2026-06-01"), "Start")
	if err := f.emu.AddGroup("security@example.org"); err != nil {
		t.Fatal(err)
	}
	if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
		t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, format := range []report.Format{report.Text, report.JSON} {
		if _, err := f.emu.ByHand(emulator.Change{Application: "admin", Event: "CHANGE_GROUP_SETTING", Group: "security@example.org", Actor: "root@example.org", Settings: map[string]string{"whoCanJoin": "ALL_IN_DOMAIN_CAN_JOIN"}}); err != nil {
			t.Fatal(err)
		}
		r := f.doSync(workspace.SyncOptions{Format: format})
		out := r.stderr
		if format == report.JSON {
			// The outcome's own record of the settings it set.
			var doc struct {
				Lists []struct {
					Settings []struct {
						ChangedBy string `json:"changed_by"`
					} `json:"settings_applied"`
				} `json:"lists"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.Lists) != 1 || len(doc.Lists[0].Settings) != 1 {
				t.Fatalf("%v:\n%s", err, r.stdout)
			}
			out = doc.Lists[0].Settings[0].ChangedBy
		}
		if !strings.Contains(out, "root@example.org") {
			t.Errorf("%s: the settings line does not name root:\n%s%s", format, r.stdout, r.stderr)
		}
	}
}
