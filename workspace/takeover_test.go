package workspace_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestAPullRequestPlanSaysAnExistingGroupIsTakenOver: a change adds a
// list with create = true whose address is a group that exists, with
// someone on it the file does not list. The plan does not read it, so it
// must not say the group will be created: only that it will be if it is
// missing, and, plainly, that if it exists sync takes it over after the
// merge, removing whoever the file does not list (unmanaged = "remove")
// and setting every pinned setting.
func TestAPullRequestPlanSaysAnExistingGroupIsTakenOver(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, `unmanaged = "report"`, "unmanaged = \"remove\"\nwho_can_join = \"INVITED_CAN_JOIN\"", 1)
	base := hdr + person("ada@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "owner"`)
	list := "[lists.ops]\naddress = \"ops@example.org\"\npolicy = \"p\"\ncreate = true\n\n[policies.p]"
	head := strings.Replace(strings.Replace(base, "[policies.p]", list, 1), `reports = "owner"`, `reports = "owner", ops = "owner"`, 2)
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", base, "Base (#1)")
	f.repo.Commit("members.toml", head, "New list (#2)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	if err := f.emu.AddGroup("ops@example.org", emulator.Member{Email: "mallory@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	takeover := `if a group exists at this address already, sync takes it over after the merge: it removes everyone on it the file does not list (unmanaged = "remove"), and sets every setting its policy pins (who_can_join), whatever its value now`
	pr := workspace.PlanOptions{Source: workspace.Source{Path: "members.toml", Rev: "HEAD"}, Base: "HEAD~1", NoAttribution: true}
	for _, tc := range []struct {
		format report.Format
		want   []string
	}{
		{report.Text, []string{"note: " + takeover, "Plan: 1 group to create if it does not exist, 2 to add"}},
		{report.Markdown, []string{"Note: " + strings.ReplaceAll(takeover, "_", `\_`), "Plan: 1 group to create if it does not exist, 2 to add"}},
	} {
		f.pendingPlanSays(pr, tc.format, tc.want, "mallory", "1 group to create,")
	}
	pr.Format = report.JSON
	r := f.doPlan(pr)
	var got struct {
		Lists []struct {
			ID              string
			Create          bool
			CreateIfMissing bool `json:"create_if_missing"`
			IfExists        *struct {
				Unmanaged string
				Pins      []string
			} `json:"if_exists"`
		}
		Summary map[string]int
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != workspace.ExitChanges {
		t.Fatalf("plan --format json: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if got.Summary["create"] != 0 || got.Summary["create_if_missing"] != 1 {
		t.Errorf("summary %v: want no creation stated as fact, 1 create_if_missing", got.Summary)
	}
	for _, l := range got.Lists {
		if l.ID != "ops" {
			continue
		}
		if l.Create || !l.CreateIfMissing || l.IfExists == nil || l.IfExists.Unmanaged != "remove" || strings.Join(l.IfExists.Pins, ",") != "who_can_join" {
			t.Errorf("list ops %+v: want create_if_missing, not create, and if_exists saying unmanaged remove and its pin", l)
		}
	}
}
