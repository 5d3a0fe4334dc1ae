package workspace_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// truthRepo is testdata/truth committed: a git repository whose
// members.toml has the report list "reports" (unmanaged = "report") with
// ada (owner), grace and lin, and a live group with the same three and a
// walk-in the file never listed.
func truthRepo(t *testing.T) *fixture {
	t.Helper()
	f := newFixtureFrom(t, "truth", emulator.Options{}, true)
	f.repo.Commit("members.toml", f.read("members.toml"), "Create the list (#1)")
	return f
}

// withoutLin is the truth file with lin's entry taken out by hand.
func withoutLin(f *fixture) string {
	return strings.Replace(f.read("members.toml"), entry("lin@example.org", "member", "ada@example.org", "2026-06-05"), "", 1)
}

// TestRemovalFromTheFileTakesEffect: taking someone off a report list in
// the file (with roster remove, or by hand in a commit) removes them on
// the next sync; plan, sync and audit --live agree on every live member,
// and someone the file never listed is kept.
func TestRemovalFromTheFileTakesEffect(t *testing.T) {
	t.Parallel()
	for _, how := range []string{"roster remove --list", "roster remove", "by hand, committed"} {
		t.Run(how, func(t *testing.T) {
			t.Parallel()
			f := truthRepo(t)
			var err error
			switch how {
			case "roster remove --list":
				err = f.ws(workspace.Context{}).Remove(ctx, workspace.RemoveOptions{File: "members.toml", Email: "lin@example.org", Lists: []string{"reports"}})
			case "roster remove":
				err = f.ws(workspace.Context{}).Remove(ctx, workspace.RemoveOptions{File: "members.toml", Email: "lin@example.org"})
			default:
				f.repo.Commit("members.toml", withoutLin(f), "Remove lin (#2)")
			}
			if err != nil {
				t.Fatalf("remove: %v\n%s", err, f.stderr.String())
			}
			r := f.doPlan(workspace.PlanOptions{})
			if r.code != workspace.ExitChanges || !strings.Contains(r.stdout, "- lin@example.org") || !strings.Contains(r.stdout, "taken off the list in members.toml") {
				t.Fatalf("plan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stdout, `? walk-in@example.org`) {
				t.Errorf("the walk-in the file never listed is not kept:\n%s", r.stdout)
			}
			audit := f.doAudit(true, workspace.AuditOptions{Format: report.JSON})
			var a struct {
				Items []struct{ Level, Email, Message string }
			}
			if err := json.Unmarshal([]byte(audit.stdout), &a); err != nil {
				t.Fatalf("audit: %v\n%s", err, audit.stdout)
			}
			verdict := map[string]string{}
			for _, it := range a.Items {
				verdict[it.Email] += it.Message + "; "
			}
			if !strings.Contains(verdict["lin@example.org"], "the next sync removes them") || !strings.Contains(verdict["walk-in@example.org"], "kept because unmanaged") {
				t.Errorf("audit --live disagrees with plan: %v", verdict)
			}
			// The walk-in stays (unmanaged = "report") but the scheduled
			// job must not stay green: exit 3, and the last line names them.
			r = f.doSync(workspace.SyncOptions{})
			if r.code != workspace.ExitWalkIns {
				t.Fatalf("sync: exit %d, want 3\n%s%s", r.code, r.stdout, r.stderr)
			}
			if lines := strings.Split(strings.TrimSpace(r.stderr), "\n"); !strings.Contains(lines[len(lines)-1], "walk-in@example.org (reports)") {
				t.Errorf("the last line does not name the walk-in:\n%s", r.stderr)
			}
			sameMembers(t, f, "security@example.org", "ada@example.org OWNER", "grace@example.org MEMBER", "walk-in@example.org MEMBER")
			if r := f.doPlan(workspace.PlanOptions{}); r.code != 0 {
				t.Errorf("not converged: exit %d\n%s", r.code, r.stdout)
			}
		})
	}
}

// TestImportDoesNotBringBackWhomTheFileRemoved: import skips, and says
// so, a live member the file took off the list.
func TestImportDoesNotBringBackWhomTheFileRemoved(t *testing.T) {
	t.Parallel()
	f := truthRepo(t)
	if err := f.ws(workspace.Context{}).Remove(ctx, workspace.RemoveOptions{File: "members.toml", Email: "lin@example.org", Lists: []string{"reports"}}); err != nil {
		t.Fatal(err)
	}
	f.write("members.toml", strings.Replace(f.read("members.toml"), `vetting_methods = ["video-call"]`, `vetting_methods = ["video-call", "grandfathered"]`, 1))
	r := f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", Live: f.live()}))
	if r.code != 0 || !strings.Contains(r.stderr, "skipped lin@example.org") || !strings.Contains(r.stderr, "took them off reports") {
		t.Fatalf("import: exit %d\n%s", r.code, r.stderr)
	}
	// The last line does not say lin stays on the group: sync removes
	// them.
	if !strings.Contains(r.stderr, "skipped 1 member (above), whom sync removes from the group") || strings.Contains(r.stderr, "who stay on the group") {
		t.Errorf("import's summary:\n%s", r.stderr)
	}
	file := f.read("members.toml")
	if !strings.Contains(file, "walk-in@example.org") {
		t.Errorf("the walk-in was not imported")
	}
	if strings.Contains(file, `email = "lin@example.org"`) && strings.Contains(strings.SplitAfter(file, `email = "lin@example.org"`)[1][:60], "reports") {
		t.Errorf("lin was put back on the list:\n%s", file)
	}
}

// TestImportKnowsAPersonUnderAnotherSpelling: an export that spells
// someone with a +tag is the person the file has under the mailbox: one
// the file took off the list is not brought back, and one it lists is
// not added twice.
func TestImportKnowsAPersonUnderAnotherSpelling(t *testing.T) {
	t.Parallel()
	f := truthRepo(t)
	if err := f.ws(workspace.Context{}).Remove(ctx, workspace.RemoveOptions{File: "members.toml", Email: "lin@example.org", Lists: []string{"reports"}}); err != nil {
		t.Fatal(err)
	}
	f.repo.CommitFiles("Take lin off (#9)", "members.toml", f.read("members.toml"))
	f.write("members.toml", strings.Replace(f.read("members.toml"), `vetting_methods = ["video-call"]`, `vetting_methods = ["video-call", "grandfathered"]`, 1))
	before := f.read("members.toml")
	f.write("export.csv", "Email address,Nickname,Group status,Email status\nlin+x@example.org,,member,\ngrace+y@example.org,,member,\n")
	r := f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", FromCSV: "export.csv"}))
	if !strings.Contains(r.stderr, "skipped lin+x@example.org") || !strings.Contains(r.stderr, "took them off reports") {
		t.Errorf("lin+x@ was not skipped as the lin@ the file took off:\n%s", r.stderr)
	}
	if !strings.Contains(r.stderr, "skipped grace+y@example.org") || !strings.Contains(r.stderr, "as grace@example.org, the same mailbox") {
		t.Errorf("grace+y@ was not skipped as the grace@ the file lists:\n%s", r.stderr)
	}
	if got := f.read("members.toml"); got != before {
		t.Errorf("the file changed:\n%s", got)
	}
}

// TestShallowCloneIsRefusedNotKept: a report list with a member the file
// does not list cannot be planned from a shallow clone: the error names
// the fix, and nothing is silently kept or removed.
func TestShallowCloneIsRefusedNotKept(t *testing.T) {
	t.Parallel()
	f := truthRepo(t)
	f.repo.Commit("members.toml", withoutLin(f), "Remove lin (#2)")
	f.shallowClone()
	if r := f.doPlan(workspace.PlanOptions{}); r.code != workspace.ExitFailed || !strings.Contains(r.stdout+r.stderr, "fetch-depth: 0") {
		t.Errorf("plan in a shallow clone: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := f.doSync(workspace.SyncOptions{}); r.code != workspace.ExitFailed || !strings.Contains(r.stdout+r.stderr, "fetch-depth: 0") {
		t.Errorf("sync in a shallow clone: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if f.writes() != 0 {
		t.Errorf("%d writes from a shallow clone", f.writes())
	}
}

// TestNestedGroupsAreNotPeople: a group on a list is never imported, and
// audit --live lists who receives the list's mail through it, flagging
// everyone without an entry.
func TestNestedGroupsAreNotPeople(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "nested-groups")
	r := f.doAudit(true, workspace.AuditOptions{Format: report.JSON})
	if r.code != workspace.ExitFailed {
		t.Fatalf("audit --live: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var a struct {
		Receivers []struct {
			Email, Via string
			Entry      bool
		}
		Items []struct{ Kind, Email, Message string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range a.Receivers {
		got[r.Email] = fmt.Sprintf("%s %v", r.Via, r.Entry)
	}
	want := map[string]string{
		"all-staff@example.org":   "security@example.org false",
		"bob@example.org":         "security@example.org > all-staff@example.org false",
		"contractors@example.org": "security@example.org > all-staff@example.org false",
		"carl@example.org":        "security@example.org > all-staff@example.org > contractors@example.org false",
		"grace@example.org":       "security@example.org > all-staff@example.org > contractors@example.org true",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("receivers:\n got %v\nwant %v", got, want)
	}
	flagged := map[string]bool{}
	for _, it := range a.Items {
		if it.Kind == "receiver" {
			flagged[it.Email] = true
		}
	}
	if !flagged["bob@example.org"] || !flagged["carl@example.org"] || flagged["grace@example.org"] {
		t.Errorf("flagged receivers %v", flagged)
	}
	// import brings in people, never a group.
	f.write("members.toml", strings.Replace(f.read("members.toml"), `vetting_methods = ["video-call"]`, `vetting_methods = ["video-call", "grandfathered"]`, 1))
	r = f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", Live: f.live()}))
	if r.code != 0 || strings.Contains(f.read("members.toml"), "all-staff@example.org") || !strings.Contains(r.stderr, "all-staff@example.org is a group") {
		t.Errorf("import: exit %d\n%s", r.code, r.stderr)
	}
}

// byHand makes a change through the emulator's API as a person would,
// not as roster: the audit log records who.
func (f *fixture) byHand(method, path, body, actor, app string) {
	f.t.Helper()
	req, err := http.NewRequest(method, strings.TrimSuffix(f.url, "/")+path, strings.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set(emulator.HeaderActor, actor)
	if app != "" {
		req.Header.Set(emulator.HeaderApplication, app)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		f.t.Fatalf("%s %s: %d", method, path, resp.StatusCode)
	}
}

// TestWhoChangedTheGroupByHand: audit --live and plan name who made the
// live group differ from the file, when and how, from the audit log;
// without permission to read it they say how to grant it.
func TestWhoChangedTheGroupByHand(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "plan-uptodate")
	f.write("members.toml", strings.Replace(f.read("members.toml"), `unmanaged = "remove"`, "unmanaged = \"report\"\nwho_can_join = \"INVITED_CAN_JOIN\"", 1))
	if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
		t.Fatalf("sync: %d %s%s", r.code, r.stdout, r.stderr)
	}
	base := "/admin/directory/v1/groups/security@example.org"
	f.byHand("POST", base+"/members", `{"email":"walk-in@example.org"}`, "root@example.org", "")
	f.byHand("POST", base+"/members", `{"email":"friend@example.org"}`, "owner@example.org", "groups")
	f.byHand("PATCH", "/groups/v1/groups/security@example.org", `{"whoCanJoin":"ALL_IN_DOMAIN_CAN_JOIN"}`, "root@example.org", "")
	var grace string
	for _, m := range f.emu.Members("security@example.org") {
		if strings.HasPrefix(m.Email, "grace") {
			grace = m.ID
		}
	}
	f.byHand("DELETE", base+"/members/"+grace, "", "intern@example.org", "")
	r := f.doAudit(true, workspace.AuditOptions{})
	for _, want := range []string{
		"walk-in@example.org is on security@example.org as member but not in the file",
		"added by root@example.org on",
		"(ADD_GROUP_MEMBER, Admin console or API)",
		"added by owner@example.org on",
		"(add_user, Groups UI)",
		"who_can_join is ALL_IN_DOMAIN_CAN_JOIN, the policy says INVITED_CAN_JOIN; it lets more people in than the policy allows [set by root@example.org",
		"removed by intern@example.org",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("audit --live lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := f.doPlan(workspace.PlanOptions{}); !strings.Contains(r.stdout, "added by root@example.org") {
		t.Errorf("plan does not say who added the walk-in:\n%s", r.stdout)
	}
	// Without the audit log's scope: the audit still runs and says how.
	f.emu.SetAuth(&emulator.Auth{NoReports: true})
	r = f.doAudit(true, workspace.AuditOptions{})
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "admin.reports.audit.readonly") || strings.Contains(r.stdout, "added by root") {
		t.Errorf("without the audit log: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestOnlyTheMembersFileDecidesRemovals: a walk-in the members file never
// listed is kept on a report list, though another file of the repository
// listed them on the same group and was then deleted (to look like a
// removal), or still lists them: only the members file's history, and
// that of a file a list moved from, says whom the file took off.
func TestOnlyTheMembersFileDecidesRemovals(t *testing.T) {
	t.Parallel()
	other := "schema = 1\n\n[lists.x]\naddress = \"SECURITY@example.org\"\npolicy = \"p\"\n\n[policies.p]\nvetting_methods = [\"video-call\"]\n" +
		"\n[[member]]\nemail = \"walk-in@example.org\"\nlists = { x = \"member\" }\n"
	for _, deleted := range []bool{true, false} {
		t.Run(fmt.Sprintf("deleted=%t", deleted), func(t *testing.T) {
			t.Parallel()
			f := truthRepo(t)
			f.repo.Commit("docs/example.toml", other, "An example file")
			if deleted {
				f.repo.Git("rm", "-q", "docs/example.toml")
				f.repo.Git("commit", "-q", "-m", "Drop the example")
			}
			r := f.doPlan(workspace.PlanOptions{})
			if strings.Contains(r.stdout, "- walk-in@example.org") || !strings.Contains(r.stdout, "? walk-in@example.org") {
				t.Errorf("plan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			before := f.writes()
			if r := f.doSync(workspace.SyncOptions{}); r.code != workspace.ExitWalkIns || f.writes() != before {
				t.Errorf("sync: exit %d, %d writes\n%s%s", r.code, f.writes()-before, r.stdout, r.stderr)
			}
		})
	}
}

// TestPullRequestPlanHidesTheLiveSide: a pull request's plan is read by
// whoever can read the pull request. It still says the live group holds
// someone the file does not name (in every format), but not who, nor
// which admin added them; addresses the file names are shown.
func TestPullRequestPlanHidesTheLiveSide(t *testing.T) {
	t.Parallel()
	for _, format := range []report.Format{report.Markdown, report.Text, report.JSON} {
		t.Run(string(format), func(t *testing.T) {
			t.Parallel()
			f := truthRepo(t)
			r := f.doPlan(workspace.PlanOptions{Base: "HEAD", Format: format})
			if r.code != workspace.ExitOK {
				t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if strings.Contains(r.stdout, "walk-in") || !strings.Contains(r.stdout, "w…") {
				t.Errorf("the walk-in's address is not hidden:\n%s", r.stdout)
			}
			// roster's own mask is no look-alike to warn about.
			if strings.Contains(r.stdout, "non-ASCII") {
				t.Errorf("the mask is flagged as a look-alike:\n%s", r.stdout)
			}
			if format != report.JSON && !strings.Contains(r.stdout, "does not list there is kept by policy") {
				t.Errorf("the plan does not say someone is kept:\n%s", r.stdout)
			}
		})
	}
	// An address the files name without its +tag is another address: it
	// is hidden too.
	t.Run("+tag", func(t *testing.T) {
		t.Parallel()
		f := truthRepo(t)
		if _, err := f.emu.ByHand(emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "lin+secret@example.org"}); err != nil {
			t.Fatal(err)
		}
		r := f.doPlan(workspace.PlanOptions{Base: "HEAD", Format: report.JSON})
		if strings.Contains(r.stdout, "secret") || !strings.Contains(r.stdout, "l…@example.org") {
			t.Errorf("a +tag of a listed address is not hidden:\n%s%s", r.stdout, r.stderr)
		}
	})
	// Outside a pull request, the plan names them.
	f := truthRepo(t)
	if r := f.doPlan(workspace.PlanOptions{Format: report.Markdown}); !strings.Contains(r.stdout, "walk-in@example.org") {
		t.Errorf("plan without --base:\n%s", r.stdout)
	}
}

// TestWalkInLineNamesLookAlikes: the last line of a sync names the
// walk-ins as the plan does, a look-alike's non-ASCII letters named, so
// that a cron log never shows one exactly like a listed address.
func TestWalkInLineNamesLookAlikes(t *testing.T) {
	t.Parallel()
	f := truthRepo(t)
	if _, err := f.emu.ByHand(emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "gr\u0430ce@example.org"}); err != nil {
		t.Fatal(err)
	}
	r := f.doSync(workspace.SyncOptions{})
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if last := lines[len(lines)-1]; r.code != workspace.ExitWalkIns || !strings.Contains(last, "U+0430") {
		t.Errorf("exit %d, last line %q", r.code, last)
	}
}

// TestAFailedRunNamesTheWalkInsLast: a run that fails for another
// reason (the removal guard refuses it, another list's policy fails)
// still ends on a line that names the walk-in: a scheduled job's log is
// read from its end, and the failure must not hide an unvetted person on
// a private list (s17-20 finding 2).
func TestAFailedRunNamesTheWalkInsLast(t *testing.T) {
	t.Parallel()
	board := "\n[lists.board]\naddress = \"board@example.org\"\npolicy = \"strict\"\n\n[policies.strict]\nmin_owners = 2\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\n"
	for _, tc := range []struct {
		name   string
		file   func(f *fixture) string
		guards plan.Guards
	}{
		{"the removal guard refuses the run", withoutLin, plan.Guards{MaxRemovals: 0, MaxRemovalRatio: 1}},
		// unmanaged = "remove": the walk-in is a removal the refusal
		// holds back, and stays (s17-delta finding 3).
		{"the removal guard refuses a run that would remove them", func(f *fixture) string {
			return strings.Replace(withoutLin(f), `unmanaged = "report"`, `unmanaged = "remove"`, 1)
		}, plan.Guards{MaxRemovals: 0, MaxRemovalRatio: 1}},
		{"the ratio guard holds their list back", func(f *fixture) string {
			return strings.Replace(withoutLin(f), `unmanaged = "report"`, `unmanaged = "remove"`, 1)
		}, plan.Guards{MaxRemovals: 10, MaxRemovalRatio: 0.1}},
		{"another list's policy fails", func(f *fixture) string {
			return strings.Replace(f.read("members.toml"), "\n[policies.p]", board+"\n[policies.p]", 1)
		}, plan.Guards{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := truthRepo(t)
			f.doSync(workspace.SyncOptions{})
			if _, err := f.emu.ByHand(emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "drifter@example.org"}); err != nil {
				t.Fatal(err)
			}
			f.repo.Commit("members.toml", tc.file(f), "The change (#2)")
			r := f.doSync(workspace.SyncOptions{Guards: tc.guards})
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if last := lines[len(lines)-1]; r.code != workspace.ExitFailed || !strings.Contains(last, "drifter@example.org") {
				t.Errorf("exit %d, last line %q\n%s%s", r.code, last, r.stdout, r.stderr)
			}
		})
	}
}

// TestPullRequestPlanIsNoOracle: whoever opens a pull request may name
// anyone in the file; the plan of the change, in every format, must read
// the same whether the name is on the live group or not, or anyone could
// learn who is on a private list by guessing. Each route names a guess
// in its own way; the plan for the right guess (the live walk-in) and
// for a wrong one must be equal once the guess itself is blanked.
func TestPullRequestPlanIsNoOracle(t *testing.T) {
	t.Parallel()
	routes := []struct {
		name  string
		entry func(email string) string
	}{
		{"an entry on no list", func(e string) string { return "\n[[member]]\nemail = \"" + e + "\"\n" }},
		{"an entry on the list", func(e string) string { return entry(e, "member", "ada@example.org", "2026-06-05") }},
		{"an entry that owns the list", func(e string) string { return entry(e, "owner", "ada@example.org", "2026-06-05") }},
		{"an entry with a lapsed record", func(e string) string { return entry(e, "member", "ada@example.org", "2024-01-05") }},
	}
	spellings := []struct{ right, wrong string }{
		{"walk-in@example.org", "walk-on@example.org"},
		{"WALK-IN@Example.org", "WALK-ON@Example.org"},
	}
	// The change as a working tree against HEAD (the example workflow's
	// shape) and as a commit planned against its parent (the README's
	// "plan --head HEAD --base HEAD~1"): the pull request's own commit
	// is no history of what the file listed before.
	shapes := []struct {
		name string
		plan func(f *fixture, format report.Format) outcome
	}{
		{"worktree", func(f *fixture, format report.Format) outcome {
			return f.doPlan(workspace.PlanOptions{Base: "HEAD", Format: format})
		}},
		{"committed", func(f *fixture, format report.Format) outcome {
			f.repo.Commit("members.toml", f.read("members.toml"), "Add a guess")
			return f.doPlan(workspace.PlanOptions{Source: workspace.Source{Path: "members.toml", Rev: "HEAD"}, Base: "HEAD~1", Format: format})
		}},
	}
	for _, rt := range routes {
		for _, sp := range spellings {
			for _, format := range []report.Format{report.Text, report.Markdown, report.JSON} {
				for _, shape := range shapes {
					t.Run(rt.name+"/"+sp.right+"/"+string(format)+"/"+shape.name, func(t *testing.T) {
						t.Parallel()
						plan := func(guess string) string {
							f := truthRepo(t)
							f.write("members.toml", f.read("members.toml")+rt.entry(guess))
							r := shape.plan(f, format)
							out := fmt.Sprintf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
							// The file's digest differs with the guess, as it should.
							out = regexp.MustCompile(`sha256:[0-9a-f]{64}`).ReplaceAllString(out, "sha256:FILE")
							return strings.ReplaceAll(out, guess, "GUESS")
						}
						right, wrong := plan(sp.right), plan(sp.wrong)
						if right != wrong {
							t.Errorf("the plan tells a right guess from a wrong one:\nright:\n%s\nwrong:\n%s", right, wrong)
						}
						if strings.Contains(right, "walk-in") {
							t.Errorf("the live walk-in's address is shown:\n%s", right)
						}
					})
				}
			}
		}
	}
}

// TestAnUnvettedEntryOnTheGroupIsNoGreenRun: someone the file lists
// whose entry no policy admits (a record by a vetter the policy does not
// accept) gets on the group by hand: the addition roster refused is no
// longer planned, but the run must not turn green. Every route says so:
// plan (text, markdown, JSON), sync's exit and last line, apply, and
// audit --live.
func TestAnUnvettedEntryOnTheGroupIsNoGreenRun(t *testing.T) {
	t.Parallel()
	setup := func(t *testing.T) *fixture {
		f := truthRepo(t)
		f.repo.Commit("members.toml", f.read("members.toml")+entry("eve@example.org", "member", "nobody@elsewhere.example", "2026-06-05"), "Add eve")
		if r := f.doSync(workspace.SyncOptions{}); r.code != workspace.ExitFailed {
			t.Fatalf("eve's addition is not refused: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		if _, err := f.emu.ByHand(emulator.Change{Application: "groups", Event: "join", Group: "security@example.org", Actor: "eve@example.org"}); err != nil {
			t.Fatal(err)
		}
		return f
	}
	t.Run("sync", func(t *testing.T) {
		t.Parallel()
		f := setup(t)
		r := f.doSync(workspace.SyncOptions{})
		if r.code != workspace.ExitWalkIns || !strings.Contains(r.stderr, "1 person on a list the file lists them on without a vetting record that admits them: eve@example.org (reports: ") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("plan", func(t *testing.T) {
		t.Parallel()
		f := setup(t)
		for format, want := range map[report.Format]string{
			report.Text:     "member, on the group and in members.toml, but unvetted for reports",
			report.Markdown: "| kept, in file but unvetted (",
			report.JSON:     `"unvetted": [`,
		} {
			r := f.doPlan(workspace.PlanOptions{Format: format})
			if !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, "eve") {
				t.Errorf("%s: exit %d\n%s", format, r.code, r.stdout)
			}
		}
	})
	t.Run("apply", func(t *testing.T) {
		t.Parallel()
		f := setup(t)
		f.doPlan(workspace.PlanOptions{Out: "plan.json"})
		if r := f.doApply("plan.json", workspace.ApplyOptions{}); r.code != workspace.ExitWalkIns || !strings.Contains(r.stderr, "eve@example.org (reports: ") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("audit --live", func(t *testing.T) {
		t.Parallel()
		f := setup(t)
		r := f.doAudit(true, workspace.AuditOptions{})
		if r.code != workspace.ExitFailed || !strings.Contains(r.stdout, "eve@example.org is on security@example.org as member, and the file lists them there, but") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
}

// TestSyncJSONIsNotOKWithAWalkIn: sync --format json says ok: false
// and names the walk-in when the run exits 3, as its last line does.
func TestSyncJSONIsNotOKWithAWalkIn(t *testing.T) {
	t.Parallel()
	f := truthRepo(t)
	r := f.doSync(workspace.SyncOptions{Format: report.JSON})
	var out struct {
		OK      bool     `json:"ok"`
		WalkIns []string `json:"walk_ins"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != workspace.ExitWalkIns || out.OK || len(out.WalkIns) != 1 || !strings.Contains(out.WalkIns[0], "walk-in@example.org") {
		t.Errorf("exit %d, %v, %+v\n%s", r.code, err, out, r.stdout)
	}
}

// TestAFailureDoesNotHideAWalkIn: a run that fails (an addition refused
// for want of a vetting record) still names the walk-in it keeps; exit 1
// wins over 3, but the log must not lose the unvetted person.
func TestAFailureDoesNotHideAWalkIn(t *testing.T) {
	t.Parallel()
	f := truthRepo(t)
	f.write("members.toml", f.read("members.toml")+"\n[[member]]\nemail = \"novet@example.org\"\nlists = { reports = \"member\" }\n")
	r := f.doSync(workspace.SyncOptions{})
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "kept because unmanaged = \"report\": walk-in@example.org") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestPullRequestPlanShowsWhatTheGuardsHold: the pull request's plan
// marks the changes sync's guards would hold back, as plan does outside
// a pull request, in every format; the summary's count of blocked
// changes is not left without the lines it counts.
func TestPullRequestPlanShowsWhatTheGuardsHold(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
	f.repo.Commit("members.toml", adviceBase, "Lists (#1)")
	head := adviceBase[:strings.Index(adviceBase, "[[member]]\nemail = \"bo@")]
	f.repo.Commit("members.toml", head, "Take bo and grace off")
	for _, format := range []report.Format{report.Text, report.Markdown, report.JSON} {
		for _, base := range []string{"", "HEAD~1"} {
			r := f.doPlan(workspace.PlanOptions{Base: base, Format: format})
			if format == report.JSON {
				var p plan.Plan
				if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
					t.Fatalf("plan --base %q: %v\n%s", base, err, r.stdout)
				}
				held := 0
				for _, c := range p.Lists[0].Changes {
					if strings.HasPrefix(c.Blocked, plan.GuardHeld) {
						held++
					}
				}
				if held != 2 || p.Summary.Blocked != 2 {
					t.Errorf("plan --base %q: %d changes held, summary %d, want 2\n%s", base, held, p.Summary.Blocked, r.stdout)
				}
				continue
			}
			mark := "BLOCKED: held back by the sync guards"
			if format == report.Markdown {
				mark = "**blocked**: held back by the sync guards"
			}
			if n := strings.Count(r.stdout, mark); n != 2 {
				t.Errorf("plan --base %q --format %s: %d lines BLOCKED by the guards, want 2\n%s", base, format, n, r.stdout)
			}
		}
	}
}

// TestPullRequestPlanAcrossAMove: a pull request that moves the members
// file and takes someone off in it plans the removal, as the plan after
// the merge does: whom the file listed is read from the base's history
// under the name the file had there, not taken as "no commits yet" (the
// move detected by git as a rename, or shown as a delete and an add).
func TestPullRequestPlanAcrossAMove(t *testing.T) {
	t.Parallel()
	for _, rewrite := range []bool{false, true} {
		t.Run(fmt.Sprintf("rewritten=%t", rewrite), func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
			f.repo.Commit("members.toml", adviceBase, "Lists (#1)")
			f.repo.Git("mv", "members.toml", "roster.toml")
			head := strings.Replace(adviceBase, "[[member]]\nemail = \"grace@example.org\"\ngithub = \"grace-x\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-06-01, method = \"video-call\" }]\n", "", 1)
			if rewrite {
				// Enough changed that git shows a delete and an add.
				head = "# moved, and every line re-indented\n" + strings.ReplaceAll(head, "\n", "\n\n")
			}
			f.repo.Commit("roster.toml", head, "Move the file, take grace off")
			for _, base := range []string{"HEAD~1", ""} {
				r := f.doPlan(workspace.PlanOptions{Source: workspace.Source{Path: "roster.toml"}, Base: base})
				if !strings.Contains(r.stdout, "- grace@example.org") || strings.Contains(r.stdout+r.stderr, "no commits") {
					t.Errorf("plan --base %q: exit %d, want grace's removal\n%s%s", base, r.code, r.stdout, r.stderr)
				}
			}
		})
	}
}

// TestPullRequestPlanIsNotToldByAnEntryOnNoList: an entry the base has
// on no list (or on another list), which a change may plant with fewer
// approvals than the list's, makes its address no more public on this
// list's lines: a walk-in with that address stays masked, and a later
// change that puts the entry on the list plans it as an addition, never
// as someone the group already holds.
func TestPullRequestPlanIsNotToldByAnEntryOnNoList(t *testing.T) {
	t.Parallel()
	st := adviceLive()
	st.Groups[0].Members = append(st.Groups[0].Members, &emulator.Member{Email: "secret@example.org", Role: "MEMBER", Type: "USER", Status: "ACTIVE"})
	f := newFixtureFrom(t, "", emulator.Options{State: st}, true)
	f.repo.Commit("members.toml", adviceBase, "Lists (#1)")
	planted := adviceBase + "\n[[member]]\nemail = \"secret@example.org\"\nname = \"Contact\"\n"
	f.repo.Commit("members.toml", planted, "A contact (#2)")
	f.repo.Commit("members.toml", strings.Replace(planted, "policy = \"receivers\"\n", "policy = \"receivers\"\ndescription = \"Reports\"\n", 1), "Describe reports (#3)")
	for _, format := range []report.Format{report.Text, report.Markdown, report.JSON} {
		if r := f.doPlan(workspace.PlanOptions{Base: "HEAD~1", Format: format}); strings.Contains(r.stdout, "secret@") || !strings.Contains(r.stdout, "s…@") {
			t.Errorf("plan --format %s of a later change shows the walk-in:\n%s%s", format, r.stdout, r.stderr)
		}
	}
	f.repo.Commit("members.toml", strings.Replace(planted, "name = \"Contact\"\n", "name = \"Contact\"\ngithub = \"contact-x\"\nlists = { reports = \"member\" }\n", 1), "The contact on reports (#4)")
	if r := f.doPlan(workspace.PlanOptions{Base: "HEAD~1", Format: report.Text}); !strings.Contains(r.stdout, "+ secret@example.org") {
		t.Errorf("putting the entry on the list does not plan an addition:\n%s%s", r.stdout, r.stderr)
	}
}

// TestImportSaysOfEachSkippedMemberWhatSyncDoes: whom import skips it
// says stay on the group or are removed by sync; the plan that follows
// must do just that, whatever the reason they were skipped (another
// spelling of someone the file lists, a group, someone the file took
// off) and whatever the policy's unmanaged says.
func TestImportSaysOfEachSkippedMemberWhatSyncDoes(t *testing.T) {
	for _, unmanaged := range []string{"report", "remove"} {
		t.Run(unmanaged, func(t *testing.T) {
			t.Parallel()
			hdr := strings.Replace(header, `unmanaged = "report"`, `unmanaged = "`+unmanaged+`"`, 1)
			hdr = strings.Replace(hdr, `vetting_methods = ["video-call"]`, `vetting_methods = ["video-call", "grandfathered"]`, 1)
			f := newFixtureFrom(t, "", emulator.Options{}, true)
			bob := person("bob+lists@example.org", `reports = "member"`)
			f.repo.Commit("members.toml", strings.ReplaceAll(hdr+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`)+person("lin@example.org", `reports = "member"`)+bob, "2026-06-01", "2026-01-01"), "Lists (#1)")
			f.repo.Commit("members.toml", strings.ReplaceAll(hdr+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`)+person("lin@example.org", "")+bob, "2026-06-01", "2026-01-01"), "Lin off reports (#2)")
			// bob is on the group as bob@, which the plan takes for the
			// file's bob+lists@: the one skipped member sync leaves.
			if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"},
				emulator.Member{Email: "grace+lists@example.org"}, emulator.Member{Email: "team@example.org", Type: "GROUP"}, emulator.Member{Email: "lin@example.org"},
				emulator.Member{Email: "new@example.org"}, emulator.Member{Email: "bob@example.org"}); err != nil {
				t.Fatal(err)
			}
			r := f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", Live: f.live()}))
			if r.code != 0 {
				t.Fatalf("import: exit %d\n%s", r.code, r.stderr)
			}
			p := f.doPlan(workspace.PlanOptions{Guards: plan.Guards{MaxRemovals: 100, MaxRemovalRatio: 1}})
			for _, who := range []string{"grace+lists@example.org", "team@example.org", "lin@example.org", "bob@example.org"} {
				removed := strings.Contains(p.stdout, "- "+who)
				var said string
				for _, line := range strings.Split(r.stderr, "\n") {
					if strings.Contains(line, "skipped "+who+":") {
						said = line
					}
				}
				sync := strings.Contains(said, "sync removes")
				if said == "" || removed != sync {
					t.Errorf("%s: import says %q (sync removes: %v), the plan removes: %v\n%s\n%s", who, said, sync, removed, r.stderr, p.stdout)
				}
			}
		})
	}
}

// TestImportOfACSVListSaysWhoRemovesTheSkipped: on a csv list, whom the
// file took off stays out of it on import, and sync removes nobody
// there: its checklist asks a person, which the last line says.
func TestImportOfACSVListSaysWhoRemovesTheSkipped(t *testing.T) {
	t.Parallel()
	file := strings.Replace(header, `address = "security@example.org"`, `address = "security@example.org"`+"\nprovider = \"csv\"\nsnapshot = \"reports.csv\"", 1) +
		person("ada@example.org", `reports = "owner"`) + person("bob@example.org", `reports = "member"`)
	f := newRepoFixture(t)
	f.write("reports.csv", "Email address,Nickname,Group status\nada@example.org,,owner\nbob@example.org,,member\n")
	f.repo.Commit("members.toml", file, "Lists (#1)")
	f.repo.Commit("members.toml", strings.Replace(file, person("bob@example.org", `reports = "member"`), "", 1), "Take bob off (#2)")
	r := f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports"}))
	if r.code != 0 || !strings.Contains(r.stderr, "skipped bob@example.org") || !strings.Contains(r.stderr, "whom sync's checklist asks a person to remove from the group") || strings.Contains(r.stderr, "whom sync removes") {
		t.Errorf("import of a csv list: exit %d\n%s", r.code, r.stderr)
	}
}

// TestImportTakesAnAliasForItsEntry: someone the file lists on the list
// at an alias of theirs is on the group under the address Google has;
// import takes them for that entry, as plan does: not a second entry
// beside it, and, when that address only looks like a plain one, not
// someone "out of the file" to add by hand.
func TestImportTakesAnAliasForItsEntry(t *testing.T) {
	t.Parallel()
	for _, primary := range []string{"robert@example.org", "oth\u0435r@example.org"} {
		t.Run(primary, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("bob@example.org", `reports = "member"`), "Lists (#1)")
			if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: primary, Role: "MEMBER"}); err != nil {
				t.Fatal(err)
			}
			f.emu.AddAlias("bob@example.org", primary)
			r := f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", Live: f.live()}))
			if r.code != 0 || !strings.Contains(r.stderr, "as bob@example.org, an address Google resolves to them") || strings.Contains(r.stderr, "out of the file") || strings.Contains(r.stderr, "add them by hand") {
				t.Errorf("import: exit %d\n%s", r.code, r.stderr)
			}
			if strings.Contains(f.read("members.toml"), primary) {
				t.Errorf("import wrote %s beside bob@, whose alias it is:\n%s", primary, f.read("members.toml"))
			}
		})
	}
}

// TestImportSaysWhatItDidNotAskOfAliases: past the look-ups import
// makes (a list whose entries are mostly missing from its group), an
// entry not asked about may be an alias of someone it imports: it says
// so, rather than write a second entry silently.
func TestImportSaysWhatItDidNotAskOfAliases(t *testing.T) {
	if testing.Short() {
		t.Skip("a thousand look-ups")
	}
	t.Parallel()
	var b strings.Builder
	b.WriteString(header + person("ada@example.org", `reports = "owner"`))
	for i := range 1000 {
		fmt.Fprintf(&b, "\n[[member]]\nemail = \"new%04d@example.org\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-06-01, method = \"video-call\" }]\n", i)
	}
	b.WriteString(person("bob@example.org", `reports = "member"`))
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", b.String(), "Lists (#1)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "robert@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	f.emu.AddAlias("bob@example.org", "robert@example.org")
	r := f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", Live: f.live()}))
	if !strings.Contains(r.stderr, "did not ask Google whether 1 entry of reports missing from security@example.org is an alias") {
		t.Errorf("import past its look-ups: exit %d\n%s", r.code, r.stderr)
	}
}

// TestImportFromAnExportSaysItAskedNoAliases: an import from an export
// (no live side) cannot ask Google whether an entry missing from the
// group is an alias of someone it imports: it says so, and writes them.
func TestImportFromAnExportSaysItAskedNoAliases(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("bob@example.org", `reports = "member"`), "Lists (#1)")
	f.write("export.csv", "Email address,Nickname,Group status\nada@example.org,,owner\nrobert@example.org,,member\n")
	r := f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", FromCSV: "export.csv"}))
	if !strings.Contains(r.stderr, "did not ask Google whether 1 entry of reports missing from security@example.org is an alias") {
		t.Errorf("import from an export: exit %d\n%s", r.code, r.stderr)
	}
}
