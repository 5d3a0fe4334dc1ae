package workspace_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestAPullRequestPlanShowsTheSettingsTheChangeSets: a change that opens
// a list's policy (allow_external_members false -> true), pins a new
// setting and drops another touches no member, and sync applies it after
// the merge: the pull request's plan shows each, from the file alone
// (never the live value, which it does not read), counted and pending,
// the widening flagged.
func TestAPullRequestPlanShowsTheSettingsTheChangeSets(t *testing.T) {
	t.Parallel()
	people := person("ada@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "owner"`)
	base := strings.Replace(header, "[policies.p]", "[policies.p]\nallow_external_members = false\nwho_can_join = \"INVITED_CAN_JOIN\"", 1) + people
	head := strings.Replace(header, "[policies.p]", "[policies.p]\nallow_external_members = true\nwho_can_post_message = \"ALL_MEMBERS_CAN_POST\"", 1) + people
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", base, "Base (#1)")
	f.repo.Commit("members.toml", head, "Open the list (#2)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	pr := workspace.PlanOptions{Source: workspace.Source{Path: "members.toml", Rev: "HEAD"}, Base: "HEAD~1", NoAttribution: true}
	// The emulator's live values, which the plan must not print.
	live := []string{"CAN_REQUEST_TO_JOIN", "ALL_IN_DOMAIN_CAN_POST", "(unset)", "live value lets"}
	for _, tc := range []struct {
		format report.Format
		want   []string
	}{
		{report.Text, []string{
			"! setting who_can_join            INVITED_CAN_JOIN -> (not pinned)  (from the file: the live value is not read in a pull request's plan)",
			"! setting who_can_post_message    (not pinned) -> ALL_MEMBERS_CAN_POST  (from the file: the live value is not read in a pull request's plan)",
			"! setting allow_external_members  false -> true  (the change lets more people in)  (from the file: the live value is not read in a pull request's plan)",
			"Plan: 0 to add, 0 to remove, 0 roles to change, 3 settings to change.",
		}},
		{report.Markdown, []string{
			"| setting | `allow_external_members` | `false` → `true` — **the change lets more people in**; from the file: the live value is not read in a pull request's plan |",
			"| setting | `who_can_join` | `INVITED_CAN_JOIN` → `(not pinned)` — from the file",
			"3 settings to change",
		}},
	} {
		// No live value: a pull request's plan does not read them.
		f.pendingPlanSays(pr, tc.format, tc.want, append([]string{"No changes", "up to date"}, live...)...)
	}
	pr.Format = report.JSON
	r := f.doPlan(pr)
	var got struct {
		Lists []struct {
			ID       string
			Settings []struct {
				Name, Live, Desired, Before string
				Widens                      bool
				FromFile                    bool `json:"from_file"`
			}
		}
		Summary struct{ Settings int }
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != workspace.ExitChanges {
		t.Fatalf("plan --format json: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if got.Summary.Settings != 3 || len(got.Lists) != 1 || len(got.Lists[0].Settings) != 3 {
		t.Fatalf("summary %+v, lists %+v; want the 3 settings the change sets", got.Summary, got.Lists)
	}
	for _, s := range got.Lists[0].Settings {
		if !s.FromFile || s.Live != "" || s.Widens != (s.Name == "allow_external_members") {
			t.Errorf("setting %+v: want from_file, no live value, widens only for allow_external_members", s)
		}
	}
}
