package workspace_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestARemovalOfAnAliasedMemberIsNamed: the file lists grace.h@, an
// alias of grace@; roster added her (Google logs grace@), and then her
// removal by hand (logged as grace@ too, in the Groups UI or the Admin
// console) is named on the line that adds her back, in every route:
// plan, its JSON, audit --live and sync.
func TestARemovalOfAnAliasedMemberIsNamed(t *testing.T) {
	t.Parallel()
	for _, c := range []emulator.Change{
		{Event: "remove_user", Group: "security@example.org", Actor: "own2@example.org", Member: "grace@example.org"},
		{Application: "admin", Event: "REMOVE_GROUP_MEMBER", Group: "security@example.org", Actor: "own2@example.org", Member: "grace@example.org"},
	} {
		t.Run(c.Event, func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "", emulator.Options{State: &emulator.State{Aliases: map[string]string{"grace.h@example.org": "grace@example.org"}}}, true)
			f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`)+person("grace.h@example.org", `reports = "member"`), "The list (#1)")
			if err := f.emu.AddGroup("security@example.org"); err != nil {
				t.Fatal(err)
			}
			if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
				t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if _, err := f.emu.ByHand(c); err != nil {
				t.Fatal(err)
			}
			if out := f.doPlan(workspace.PlanOptions{}).stdout; !strings.Contains(out, "+ grace.h@example.org") || !strings.Contains(out, "removed by own2@example.org") {
				t.Errorf("plan does not say who removed grace.h@:\n%s", out)
			}
			if out := f.doPlan(workspace.PlanOptions{Format: report.JSON}).stdout; !strings.Contains(out, `"changed_by": "removed by own2@example.org`) {
				t.Errorf("plan's JSON has no changed_by for grace.h@:\n%s", out)
			}
			if out := f.doAudit(true, workspace.AuditOptions{}).stdout; !strings.Contains(out, "grace.h@example.org is in the file but no longer on security@example.org; the next sync adds them back [removed by own2@example.org") {
				t.Errorf("audit --live does not say who removed grace.h@:\n%s", out)
			}
			if r := f.doSync(workspace.SyncOptions{}); !strings.Contains(r.stdout, "removed by own2@example.org") {
				t.Errorf("sync adds grace.h@ back without naming whose removal it undid: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// TestAnUnvettedMemberAddedByHandIsNamed: the file lists yuri@ on a
// list without a vetting record the policy accepts, so roster refuses
// to add him; an owner adds him in the Groups UI. That add is not
// roster's, though the file listed him then: every route that reports
// him names who added him.
func TestAnUnvettedMemberAddedByHandIsNamed(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`)+"\n[[member]]\nemail = \"yuri@example.org\"\nlists = { reports = \"member\" }\n", "The list (#1)")
	if err := f.emu.AddGroup("security@example.org"); err != nil {
		t.Fatal(err)
	}
	f.doSync(workspace.SyncOptions{})
	if got := strings.Join(f.group("security@example.org"), " "); strings.Contains(got, "yuri") {
		t.Fatalf("roster added an unvetted member: %s", got)
	}
	if _, err := f.emu.ByHand(emulator.Change{Event: "add_user", Group: "security@example.org", Actor: "ada@example.org", Member: "yuri@example.org"}); err != nil {
		t.Fatal(err)
	}
	if out := f.doPlan(workspace.PlanOptions{}).stdout; !strings.Contains(out, "! yuri@example.org") || !strings.Contains(out, "added by ada@example.org") {
		t.Errorf("plan does not say who added unvetted yuri@:\n%s", out)
	}
	out := f.doPlan(workspace.PlanOptions{Format: report.JSON}).stdout
	var p struct {
		Lists []struct {
			Unvetted []struct {
				Email     string `json:"email"`
				ChangedBy string `json:"changed_by"`
			} `json:"unvetted"`
		} `json:"lists"`
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(p.Lists) != 1 || len(p.Lists[0].Unvetted) != 1 || !strings.HasPrefix(p.Lists[0].Unvetted[0].ChangedBy, "added by ada@example.org") {
		t.Errorf("plan's JSON does not say who added unvetted yuri@:\n%s", out)
	}
	if out := f.doAudit(true, workspace.AuditOptions{}).stdout; !strings.Contains(out, "yuri@example.org is on security@example.org as member, and the file lists them there") || !strings.Contains(out, "[added by ada@example.org") {
		t.Errorf("audit --live does not say who added unvetted yuri@:\n%s", out)
	}
	if r := f.doSync(workspace.SyncOptions{}); !strings.Contains(r.stdout+r.stderr, "added by ada@example.org") {
		t.Errorf("sync does not say who added unvetted yuri@: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestRostersOwnSettingWriteIsNotByHand: roster's settings write is
// logged through another OAuth client than the one roster knows as its
// own (a rotated key, keyless delegation); it set the value the file
// as committed then asked for, so it is roster's, never a change by
// hand, once the policy asks for another value.
func TestRostersOwnSettingWriteIsNotByHand(t *testing.T) {
	t.Parallel()
	clk := &clock{t: today}
	f := newFixtureFrom(t, "", emulator.Options{ClientID: "555", Now: clk.now}, true)
	hdr := strings.Replace(founded(header), `unmanaged = "report"`, "unmanaged = \"report\"\nwho_can_post_message = \"ALL_MEMBERS_CAN_POST\"", 1)
	body := founder(`reports = "owner"`)
	f.repo.Commit("members.toml", hdr+body, "The list (#1)")
	if err := f.emu.AddGroup("security@example.org"); err != nil {
		t.Fatal(err)
	}
	clk.set(f.repo.Date().Add(time.Hour))
	if err := clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text}); err != nil || f.emu.Counters()["settings.patch"] != 1 {
		t.Fatalf("first sync: %v, %d settings writes\n%s%s", err, f.emu.Counters()["settings.patch"], f.stdout.String(), f.stderr.String())
	}
	f.repo.Commit("members.toml", strings.Replace(hdr, "ALL_MEMBERS_CAN_POST", "ALL_MANAGERS_CAN_POST", 1)+body, "Managers post (#2)")
	clk.set(f.repo.Date().Add(time.Hour))
	err := clk.ws(f).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text})
	if out := f.stdout.String(); workspace.Code(err) != workspace.ExitChanges || !strings.Contains(out, "ALL_MANAGERS_CAN_POST") || strings.Contains(out, "set by") {
		t.Errorf("roster's own settings write is named as a change by hand: %v\n%s%s", err, out, f.stderr.String())
	}
}

// TestAPromotionByHandOfAnUnadmittedMemberIsNamed: the file lists grace
// as owner on a record dated ahead, which admits her to no role, so
// roster will not promote her; someone makes her owner by hand. That
// promotion is not roster's, though the file gives the role: it is
// named, whether roster added her (while a record admitted her) or the
// same hand did, with no empty part left in the line.
func TestAPromotionByHandOfAnUnadmittedMemberIsNamed(t *testing.T) {
	t.Parallel()
	ahead := "\n[[member]]\nemail = \"grace@example.org\"\nlists = { reports = \"owner\" }\nvetting = [{ by = \"ada@example.org\", on = 2099-01-01, method = \"video-call\" }]\n"
	for _, tc := range []struct {
		name      string
		rosterAdd bool
		want      string
	}{
		{"added by roster", true, "(UPDATE_GROUP_MEMBER"},
		{"added by hand too", false, "added by own2@example.org"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			if err := f.emu.AddGroup("security@example.org"); err != nil {
				t.Fatal(err)
			}
			if tc.rosterAdd {
				f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`)+person("grace@example.org", `reports = "member"`), "The list (#1)")
				if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
					t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
				}
				f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`)+ahead, "grace owner, vetted again (#2)")
			} else {
				f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`)+ahead, "The list (#1)")
				f.doSync(workspace.SyncOptions{})
				if _, err := f.emu.ByHand(emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: "security@example.org", Actor: "own2@example.org", Member: "grace@example.org"}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := f.emu.ByHand(emulator.Change{Application: "admin", Event: "UPDATE_GROUP_MEMBER", Group: "security@example.org", Actor: "own2@example.org", Member: "grace@example.org", Role: "OWNER"}); err != nil {
				t.Fatal(err)
			}
			for _, out := range []string{f.doPlan(workspace.PlanOptions{}).stdout, f.doPlan(workspace.PlanOptions{Format: report.JSON}).stdout, f.doAudit(true, workspace.AuditOptions{}).stdout} {
				if !strings.Contains(out, "own2@example.org") || !strings.Contains(out, tc.want) || strings.Contains(out, "; )") || strings.Contains(out, `; "`) {
					t.Errorf("the promotion by hand is not named:\n%s", out)
				}
			}
		})
	}
}

// TestARemovalNamesAPromotionByHandAfterRostersAdd: roster added grace;
// someone made her owner by hand; the file then takes her off. The line
// that removes her names who made her owner, though the add was
// roster's own and names nobody.
func TestARemovalNamesAPromotionByHandAfterRostersAdd(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	if err := f.emu.AddGroup("security@example.org"); err != nil {
		t.Fatal(err)
	}
	f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`)+person("grace@example.org", `reports = "member"`), "The list (#1)")
	if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
		t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := f.emu.ByHand(emulator.Change{Application: "admin", Event: "UPDATE_GROUP_MEMBER", Group: "security@example.org", Actor: "own2@example.org", Member: "grace@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	f.repo.Commit("members.toml", strings.Replace(founded(header), `unmanaged = "report"`, `unmanaged = "remove"`, 1)+founder(`reports = "owner"`), "grace leaves (#2)")
	if out := f.doPlan(workspace.PlanOptions{}).stdout; !strings.Contains(out, "- grace@example.org") || !strings.Contains(out, "own2@example.org") {
		t.Errorf("the removal does not name who made grace owner:\n%s", out)
	}
}

// TestAnAliasAtADomainNoListUsesIsNoRemoval: the file writes patricia@
// at a Workspace domain no list uses, an alias of the user pat@ there,
// whom Google lists under the primary address once added. The entry is
// added, not looked up (roster cannot tell that domain's users from
// outsiders); so the plan must not promise pat@'s removal (it marks it
// may_be_addition), and a sync says the addition found pat@ on the group
// and counts nobody added (s31-scale).
func TestAnAliasAtADomainNoListUsesIsNoRemoval(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "", emulator.Options{State: &emulator.State{Aliases: map[string]string{"patricia@example.com": "pat@example.com"}}}, true)
	hdr := strings.Replace(founded(header), `unmanaged = "report"`, `unmanaged = "remove"`, 1)
	f.repo.Commit("members.toml", hdr+founder(`reports = "owner"`)+person("patricia@example.com", `reports = "member"`), "The list (#1)")
	if err := f.emu.AddGroup("security@example.org"); err != nil {
		t.Fatal(err)
	}
	if r := f.doSync(workspace.SyncOptions{}); r.code != 0 || !strings.Contains(fmt.Sprint(f.group("security@example.org")), "pat@example.com") {
		t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if out := f.doPlan(workspace.PlanOptions{Format: report.JSON}).stdout; !regexp.MustCompile(`"email": "pat@example.com",[^}]*"may_be_addition": true`).MatchString(out) {
		t.Errorf("the plan promises pat@'s removal:\n%s", out)
	}
	if out := f.doPlan(workspace.PlanOptions{}).stdout; !strings.Contains(out, "unless one of this list's additions is this member under another address") || strings.Contains(out, "fetch them") || !strings.Contains(out, "perhaps as an address members.toml lists, an alias of theirs") {
		t.Errorf("the plan does not say why pat@ may stay:\n%s", out)
	}
	r := f.doSync(workspace.SyncOptions{})
	if !strings.Contains(r.stderr, "+ patricia@example.com (member): already on the group as pat@example.com") || !strings.Contains(r.stdout, "0 added") ||
		!strings.Contains(r.stdout, "1 already on the group under another address") || !strings.Contains(fmt.Sprint(f.group("security@example.org")), "pat@example.com") {
		t.Errorf("second sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	} // A walk-in at another domain beside them is still a walk-in, whose
	// join not logged yet is said to be so, as for any walk-in
	// (s31-regress: the note after the reason made it no walk-in).
	f.emu.SetLogDelay("groups", time.Hour)
	if _, err := f.emu.ByHand(emulator.Change{Event: "join", Group: "security@example.org", Actor: "eve@example.net"}); err != nil {
		t.Fatal(err)
	}
	if out := f.doPlan(workspace.PlanOptions{}).stdout; !regexp.MustCompile(`- eve@example.net[^\n]*\(live: not in Google's audit log`).MatchString(out) {
		t.Errorf("the walk-in's join is not said to be unlogged:\n%s", out)
	}
}
