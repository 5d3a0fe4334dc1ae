package workspace_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestARecordThatCountsForNoListIsRefused: the method is one list's, the
// vetter another's, and neither list accepts both: the record would
// admit the member nowhere. vet and add refuse it before writing, naming
// what each list lacks.
func TestARecordThatCountsForNoListIsRefused(t *testing.T) {
	t.Parallel()
	const file = `schema = 1

[lists.alpha]
address = "alpha@example.org"
policy = "pa"

[lists.beta]
address = "beta@example.org"
policy = "pb"

[policies.pa]
vetting_methods = ["video-call"]

[policies.pb]
vetting_methods = ["vendor-contact"]

[[member]]
email = "oa@example.org"
github = "oa"
lists = { alpha = "owner" }
vetting = [{ by = "ob", on = 2025-01-01, method = "video-call" }]

[[member]]
email = "ob@example.org"
github = "ob"
lists = { alpha = "owner", beta = "owner" }
vetting = [{ by = "oa", on = 2025-01-01, method = "video-call" }, { by = "oc", on = 2025-01-01, method = "vendor-contact" }]

[[member]]
email = "oc@example.org"
github = "oc"
lists = { beta = "owner" }
vetting = [{ by = "ob", on = 2025-01-01, method = "vendor-contact" }]
`
	for _, e := range []edit{
		vetEdit("ob@example.org", members.Vetting{By: "oc", Method: "video-call", Note: "re-vetted on a call"}),
		addEdit(workspace.AddOptions{Email: "new@example.org", Lists: lists("alpha", "beta"), Vetting: &members.Vetting{By: "oc", On: todayDate, Method: "video-call", Note: "call"}}),
	} {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "")
			f.write("members.toml", file)
			r := f.do(e)
			if r.code == 0 || !strings.Contains(r.stderr, `counts for none of alpha, beta: alpha may not be vetted for by oc; beta does not accept "video-call"`) || f.read("members.toml") != file {
				t.Errorf("exit %d\n%s", r.code, r.stderr)
			}
		})
	}
}

// TestAGrandfatheredRecordIsImportsAlone: add and vet refuse method
// grandfathered from any vetter: it says the person was on the group
// before roster, which nobody vetted, and validate checks no vetter for
// it; only import writes it. The refusal names the methods to use.
func TestAGrandfatheredRecordIsImportsAlone(t *testing.T) {
	t.Parallel()
	content := founded(header) + founder(`reports = "owner"`) + person("lin@example.org", `reports = "member"`)
	for _, e := range []edit{
		addEdit(workspace.AddOptions{Email: "new@example.org", Lists: lists("reports"), Vetting: &members.Vetting{By: "ada@example.org", On: todayDate, Method: "grandfathered", Note: "was there"}}),
		vetEdit("lin@example.org", members.Vetting{By: "ada@example.org", Method: "grandfathered", Note: "was there"}),
	} {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "")
			f.write("members.toml", content)
			r := f.do(e)
			if r.code == 0 || !strings.Contains(r.stderr, "--method grandfathered is how roster import marks") || !strings.Contains(r.stderr, "(video-call)") || f.read("members.toml") != content {
				t.Errorf("exit %d\n%s", r.code, r.stderr)
			}
		})
	}
}

// TestAnInterruptedEditWritesNothing: Ctrl-C (a cancelled context)
// before an edit writes leaves the file as it was, and the edit fails
// with the context's error, which the command line reads as exit 130.
func TestAnInterruptedEditWritesNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	content := header + person("ada@example.org", `reports = "owner"`)
	f.write("members.toml", content)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	err := f.ws(workspace.Context{}).Add(cctx, workspace.AddOptions{File: "members.toml", Email: "new@example.org", Lists: lists("reports"), Vetting: vetted("ada@example.org")})
	if !errors.Is(err, context.Canceled) || f.read("members.toml") != content {
		t.Errorf("interrupted add: %v\n%s", err, f.read("members.toml"))
	}
}

// TestAFailingListPlansEmptyChangesInJSON: a list whose own policy fails
// is in a JSON plan with "changes": [] like every other list, never
// null, which a script indexing it would crash on.
func TestAFailingListPlansEmptyChangesInJSON(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", strings.Replace(header, "min_owners = 1", "min_owners = 2", 1)+person("ada@example.org", `reports = "owner"`), "One owner short (#1)")
	r := f.doPlan(workspace.PlanOptions{Format: report.JSON})
	var p struct {
		Lists []struct {
			Changes     []any `json:"changes"`
			PolicyFails bool  `json:"policy_fails"`
		} `json:"lists"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil || len(p.Lists) != 1 || !p.Lists[0].PolicyFails || p.Lists[0].Changes == nil {
		t.Errorf("exit %d, %v\n%s", r.code, err, r.stdout)
	}
}

// TestPlanFailsOnAFileSyncRefuses: a finding that stops every sync (one
// mailbox entered twice) fails plan too, pending changes or not: a job
// gating on plan or sync --dry-run must not go green on such a file.
func TestPlanFailsOnAFileSyncRefuses(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`)+"\n[[member]]\nemail = \"ADA@example.org\"\n", "One mailbox twice (#1)")
	if r := f.doPlan(workspace.PlanOptions{}); r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "sync and apply refuse to run") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestSyncJSONWhenNothingIsTried: sync --format json prints one
// document, not ok, with why nothing was tried, when every list fails
// its own policy and when a guard of the whole run refuses it.
func TestSyncJSONWhenNothingIsTried(t *testing.T) {
	t.Parallel()
	check := func(t *testing.T, r outcome, want string) {
		t.Helper()
		var out struct {
			OK      *bool  `json:"ok"`
			Refused string `json:"refused"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || out.OK == nil || *out.OK || !strings.Contains(out.Refused, want) || r.code != workspace.ExitFailed {
			t.Errorf("exit %d, %v, %+v\n%s%s", r.code, err, out, r.stdout, r.stderr)
		}
	}
	t.Run("every list fails its policy", func(t *testing.T) {
		t.Parallel()
		f := newRepoFixture(t)
		f.repo.Commit("members.toml", strings.Replace(header, "min_owners = 1", "min_owners = 2", 1)+person("ada@example.org", `reports = "owner"`), "One owner short (#1)")
		check(t, f.doSync(workspace.SyncOptions{Format: report.JSON}), "policy")
	})
	t.Run("a file that does not hold together", func(t *testing.T) {
		t.Parallel()
		f := newRepoFixture(t)
		f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`)+"\n[[member]]\nemail = \"ADA@example.org\"\n", "One mailbox twice (#1)")
		check(t, f.doSync(workspace.SyncOptions{Format: report.JSON}), "in its structure")
	})
	t.Run("a guard of the whole run", func(t *testing.T) {
		t.Parallel()
		f := newRepoFixture(t)
		file := strings.Replace(founded(header), `unmanaged = "report"`, `unmanaged = "remove"`, 1) + founder(`reports = "owner"`)
		live := []emulator.Member{{Email: "ada@example.org", Role: "OWNER"}}
		for _, e := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x"} {
			file += person(e+"1@example.org", `reports = "member"`)
			live = append(live, emulator.Member{Email: e + "1@example.org", Role: "MEMBER"}, emulator.Member{Email: e + "2@example.org", Role: "MEMBER"})
		}
		f.repo.Commit("members.toml", file, "The list (#1)")
		if err := f.emu.AddGroup("security@example.org", live...); err != nil {
			t.Fatal(err)
		}
		check(t, f.doSync(workspace.SyncOptions{Format: report.JSON}), "cannot remove")
	})
}
