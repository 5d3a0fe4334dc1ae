package workspace_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestAHandChangeAroundALapsedRecordIsAWalkIn: roster refuses to add or
// promote someone on a record that had lapsed when the file came to list
// them so; whoever puts them there by hand (admin console, Groups UI)
// has got around that refusal, and the scheduled sync says so (exit 3,
// named on the last line, in text and JSON) by each route, while a
// member the file admitted before their record lapsed stays, a warning.
func TestAHandChangeAroundALapsedRecordIsAWalkIn(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nvetting_valid_for = \"300d\"", 1)
	owners := entry("ada@example.org", "owner", "bob@example.org", "2026-02-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-02-01")
	for _, tt := range []struct {
		name string
		// file is committed after the owners, once the record lapsed.
		early, file string
		hand        emulator.Change
		walkIn      bool
	}{
		{"added by hand on a record lapsed before the file listed them",
			"", entry("frank@example.org", "member", "ada@example.org", "2025-01-01"),
			emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Actor: "root@example.org", Member: "frank@example.org"}, true},
		{"joined through the Groups UI on a record lapsed before the file listed them",
			"", entry("frank@example.org", "member", "ada@example.org", "2025-01-01"),
			emulator.Change{Application: "groups", Event: "add_user", Actor: "ada@example.org", Member: "frank@example.org", Role: "member"}, true},
		{"promoted by hand after their record lapsed",
			entry("frank@example.org", "member", "ada@example.org", "2025-06-01"), entry("frank@example.org", "owner", "ada@example.org", "2025-06-01"),
			emulator.Change{Application: "admin", Event: "UPDATE_GROUP_MEMBER", Actor: "root@example.org", Member: "frank@example.org", Role: "OWNER"}, true},
		{"admitted before their record lapsed (control)",
			entry("frank@example.org", "member", "ada@example.org", "2025-06-01"), entry("frank@example.org", "member", "ada@example.org", "2025-06-01") + "\n# A later commit.\n",
			emulator.Change{}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, clk := newClockedRepoFixture(t)
			if err := f.emu.AddGroup("security@example.org"); err != nil {
				t.Fatal(err)
			}
			doSync := func(format report.Format) outcome {
				o := workspace.SyncOptions{Source: membersFile, Format: format, Live: f.live(), Guards: plan.DefaultGuards()}
				return f.outcome(clk.ws(f).Sync(ctx, o))
			}
			// Synced while frank's record (2025-06-01, for 300 days) held.
			clk.set(f.repo.Date())
			f.repo.Commit("members.toml", hdr+owners+tt.early, "Start")
			if r := doSync(report.Text); r.code != 0 {
				t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			for range 60 { // past its lapse on 2026-03-28
				f.repo.Tick()
			}
			f.repo.Commit("members.toml", hdr+owners+tt.file, "Frank")
			clk.set(today)
			refused := doSync(report.Text)
			if tt.hand.Event != "" {
				if !strings.Contains(refused.stdout+refused.stderr, "frank@example.org") {
					t.Fatalf("roster did not refuse frank:\n%s%s", refused.stdout, refused.stderr)
				}
				tt.hand.Group = "security@example.org"
				if _, err := f.emu.ByHand(tt.hand); err != nil {
					t.Fatal(err)
				}
			}
			for _, format := range []report.Format{report.Text, report.JSON} {
				r := doSync(format)
				lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
				last := lines[len(lines)-1]
				switch {
				case tt.walkIn && (r.code != workspace.ExitWalkIns || !strings.Contains(last, "frank@example.org")):
					t.Errorf("%s: exit %d, last line %q\n%s%s", format, r.code, last, r.stdout, r.stderr)
				case !tt.walkIn && r.code != 0:
					t.Errorf("%s: exit %d\n%s%s", format, r.code, r.stdout, r.stderr)
				}
			}
			lo := f.live()
			a := f.doAudit(true, workspace.AuditOptions{Source: workspace.Source{Path: "members.toml"}, Live: &lo})
			if tt.walkIn && !strings.Contains(a.stdout, "frank@example.org") {
				t.Errorf("audit --live does not name frank:\n%s", a.stdout)
			}
			// The file alone, judged by validate and audit as sync judges
			// it: a record that never admitted frank is an error there too,
			// one that did is a warning; never both in one report.
			v := f.doValidate("members.toml", report.JSON, "")
			a = f.doAudit(false, workspace.AuditOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.JSON})
			for name, out := range map[string]outcome{"validate": v, "audit": a} {
				never, stays := strings.Contains(out.stdout, "vetting-lapsed-when-listed"), strings.Contains(out.stdout, "until re-vetted")
				if never != tt.walkIn || never && stays {
					t.Errorf("%s: exit %d, never admitted %v, stays %v:\n%s", name, out.code, never, stays, out.stdout)
				}
			}
		})
	}
}

// TestTheLastLineNamesEveryWalkIn: with someone the file does not list
// and someone it lists unvetted both on the group by hand, the sync's
// last line names both, so that a log read from its end misses neither.
func TestTheLastLineNamesEveryWalkIn(t *testing.T) {
	t.Parallel()
	f := truthRepo(t)
	f.repo.Commit("members.toml", f.read("members.toml")+"\n[[member]]\nemail = \"nova@example.org\"\nlists = { reports = \"member\" }\n", "Nova, unvetted")
	for _, who := range []string{"stray@example.org", "nova@example.org"} {
		if _, err := f.emu.ByHand(emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: who}); err != nil {
			t.Fatal(err)
		}
	}
	r := f.doSync(workspace.SyncOptions{})
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if last := lines[len(lines)-1]; r.code != workspace.ExitWalkIns || !strings.Contains(last, "stray@example.org") || !strings.Contains(last, "nova@example.org") {
		t.Errorf("exit %d, last line %q\n%s", r.code, last, r.stderr)
	}
}

// TestAHandAddAroundACapOrAMissingFieldIsAWalkIn: roster refuses to add
// an entry that lacks a field the policy requires; whoever adds them by
// hand has got around that, and the scheduled sync says so (exit 3,
// named last), as audit --live does. A group past its cap (an entry
// added by hand around the cap, or a cap lowered under the file) fails
// the run, its last line naming the list and the cap.
func TestAHandAddAroundACapOrAMissingFieldIsAWalkIn(t *testing.T) {
	t.Parallel()
	owners := entry("ada@example.org", "owner", "bob@example.org", "2026-02-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-02-01")
	withName := func(e string) string { return strings.ReplaceAll(e, "\nlists", "\nname = \"N\"\nlists") }
	for _, tt := range []struct {
		name, policy, first, then string
		hand                      string
		walkIn                    bool
	}{
		{"past the cap", "max_members = 3", owners + entry("carol@example.org", "member", "ada@example.org", "2026-02-01"),
			owners + entry("carol@example.org", "member", "ada@example.org", "2026-02-01") + entry("zed@example.org", "member", "ada@example.org", "2026-02-01"), "zed@example.org", true},
		{"without a required field", "required_fields = [\"name\"]", withName(owners),
			withName(owners) + entry("zed@example.org", "member", "ada@example.org", "2026-02-01"), "zed@example.org", true},
		{"a cap lowered under the file", "max_members = 3",
			owners + entry("carol@example.org", "member", "ada@example.org", "2026-02-01") + entry("dan@example.org", "member", "ada@example.org", "2026-02-01"),
			"", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			if err := f.emu.AddGroup("security@example.org"); err != nil {
				t.Fatal(err)
			}
			hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\n"+tt.policy, 1)
			if tt.walkIn {
				f.repo.Commit("members.toml", hdr+tt.first, "Start")
			} else {
				f.repo.Commit("members.toml", strings.Replace(hdr, "max_members = 3", "max_members = 4", 1)+tt.first, "Start")
			}
			if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
				t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			f.repo.Tick()
			if tt.walkIn {
				f.repo.Commit("members.toml", hdr+tt.then, "Zed")
				if r := f.doSync(workspace.SyncOptions{}); !strings.Contains(r.stdout, "zed@example.org") {
					t.Fatalf("roster did not refuse zed:\n%s%s", r.stdout, r.stderr)
				}
				if _, err := f.emu.ByHand(emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: tt.hand}); err != nil {
					t.Fatal(err)
				}
			} else {
				f.repo.Commit("members.toml", hdr+tt.first, "Lower the cap")
			}
			r := f.doSync(workspace.SyncOptions{})
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			last := lines[len(lines)-1]
			if tt.policy == "max_members = 3" {
				// Past the cap: which entry is, the group cannot say; the
				// run fails naming the list and the cap, hand add or cap
				// lowered alike.
				if r.code != workspace.ExitFailed || !strings.Contains(last, "reports: the group has 4 members") || !strings.Contains(last, "max_members") {
					t.Errorf("exit %d, last line %q\n%s%s", r.code, last, r.stdout, r.stderr)
				}
				// plan says the run fails, not that nothing is to do.
				if p := f.doPlan(workspace.PlanOptions{}); p.code != workspace.ExitFailed {
					t.Errorf("plan: exit %d\n%s%s", p.code, p.stdout, p.stderr)
				}
				// A walk-in besides: the last line names the cap and them.
				if _, err := f.emu.ByHand(emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "stray@example.org"}); err != nil {
					t.Fatal(err)
				}
				r = f.doSync(workspace.SyncOptions{})
				lines = strings.Split(strings.TrimSpace(r.stderr), "\n")
				if last = lines[len(lines)-1]; r.code != workspace.ExitFailed || !strings.Contains(last, "max_members") || !strings.Contains(last, "stray@example.org") {
					t.Errorf("with a walk-in: exit %d, last line %q", r.code, last)
				}
				return
			}
			if walkIn := r.code == workspace.ExitWalkIns; walkIn != tt.walkIn || tt.walkIn && !strings.Contains(last, tt.hand) {
				t.Errorf("exit %d, last line %q\n%s%s", r.code, last, r.stdout, r.stderr)
			}
		})
	}
}

// TestALapseAdmittedInAnotherFileStays: a list moved in from another
// file, with someone whose record lapsed while that file listed them:
// this file's history starts at the move and cannot say their record
// never admitted them, so the lapse stays a warning (they stay until
// re-vetted), for validate and for sync.
func TestALapseAdmittedInAnotherFileStays(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nvetting_valid_for = \"300d\"", 1)
	people := entry("ada@example.org", "owner", "bob@example.org", "2026-02-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-02-01") +
		entry("frank@example.org", "member", "ada@example.org", "2025-06-01")
	f := newRepoFixture(t)
	f.repo.CommitFiles("The list, in another file", "other.toml", hdr+people, "members.toml", "schema = 1\n")
	for range 60 { // past frank's record's lapse, on 2026-03-28
		f.repo.Tick()
	}
	f.repo.CommitFiles("Move the list into members.toml", "other.toml", "schema = 1\n", "members.toml", hdr+people)
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "OWNER"}, emulator.Member{Email: "frank@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	v := f.doValidate("members.toml", report.Text, "")
	if strings.Contains(v.stdout, "never admitted") || !strings.Contains(v.stdout, "warning: member frank@example.org") {
		t.Errorf("validate: exit %d\n%s", v.code, v.stdout)
	}
	if r := f.doSync(workspace.SyncOptions{}); r.code == workspace.ExitWalkIns {
		t.Errorf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestAnUpdatedBranchDoesNotUnadmitTheBasesMembers: a pull request's
// branch that merged its base in after a member's record lapsed lists
// that member, on its own first-parent line, only from the merge on;
// validate of the change judges the base's members by the base's
// history, where the record admitted them while it held.
func TestAnUpdatedBranchDoesNotUnadmitTheBasesMembers(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nvetting_valid_for = \"300d\"", 1)
	owners := entry("ada@example.org", "owner", "bob@example.org", "2026-02-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-02-01")
	frank := entry("frank@example.org", "member", "ada@example.org", "2025-06-01") // lapses on 2026-03-28
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", hdr+owners, "Start")
	f.repo.Git("branch", "feature")
	f.repo.Commit("members.toml", hdr+owners+frank, "Frank, while his record holds")
	f.repo.Git("checkout", "-q", "feature")
	f.repo.Commit("members.toml", "# The lists.\n"+hdr+owners, "A comment")
	for range 60 {
		f.repo.Tick()
	}
	f.repo.Git("merge", "-q", "-m", "Update branch", "main")
	r := f.outcome(f.ws(workspace.Context{}).Validate(ctx, workspace.ValidateOptions{Source: workspace.Source{Path: "members.toml", Rev: "feature"}, Format: report.Text, At: todayDate, Base: "main"}))
	if strings.Contains(r.stdout, "never admitted") || !strings.Contains(r.stdout, "warning: member frank@example.org") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestAPlanSyncRefusesWholeFails: a plan over a guard of the whole run
// (--max-removals) is one sync refuses outright: plan says so on its
// summary line and in its JSON (guard_refuses), and exits 1, not 2, as
// the README's exit codes say.
func TestAPlanSyncRefusesWholeFails(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	owners := entry("ada@example.org", "owner", "bob@example.org", "2026-06-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-06-01")
	f.repo.Commit("members.toml", header+owners+entry("cy@example.org", "member", "ada@example.org", "2026-06-01")+entry("di@example.org", "member", "ada@example.org", "2026-06-01"), "Start")
	if err := f.emu.AddGroup("security@example.org"); err != nil {
		t.Fatal(err)
	}
	if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
		t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	f.repo.Commit("members.toml", header+owners, "Take cy and di off")
	guards := plan.Guards{MaxRemovals: 1, MaxRemovalRatio: 1}
	for _, format := range []report.Format{report.Text, report.Markdown, report.JSON} {
		r := f.doPlan(workspace.PlanOptions{Format: format, Guards: guards})
		if r.code != workspace.ExitFailed || !strings.Contains(r.stdout, "cannot remove 2 members in all") {
			t.Errorf("%s: exit %d\n%s%s", format, r.code, r.stdout, r.stderr)
		}
		if format == report.JSON && !strings.Contains(r.stdout, `"guard_refuses"`) {
			t.Errorf("json: no guard_refuses:\n%s", r.stdout)
		}
	}
}

// TestAnEditJudgesALapseAsValidateDoes: an edit of a file whose record
// had lapsed before the file listed someone says the file still has that
// error (one it had before the edit, which fails validate, not the
// edit), as validate does: the advice after an edit reads the same
// history.
func TestAnEditJudgesALapseAsValidateDoes(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nvetting_valid_for = \"300d\"", 1)
	owners := entry("ada@example.org", "owner", "bob@example.org", "2026-02-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-02-01")
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", hdr+owners, "Start")
	for range 60 {
		f.repo.Tick()
	}
	f.repo.Commit("members.toml", hdr+owners+entry("frank@example.org", "member", "ada@example.org", "2025-01-01"), "Frank, on a lapsed record")
	v := f.doValidate("members.toml", report.Text, "")
	r := f.do(vetEdit("bob@example.org", members.Vetting{By: "ada@example.org", Method: "video-call", Note: "Again."}))
	if v.code != workspace.ExitFailed || r.code != 0 || !strings.Contains(r.stderr, "1 more error about other entries") {
		t.Errorf("validate exit %d, edit exit %d\n%s%s", v.code, r.code, r.stdout, r.stderr)
	}
}

// TestAPlanWithABlockedChangeFailsAsSyncWould: a change sync would
// refuse (here an addition with no vetting record) makes plan exit 1,
// as sync does, and says so last. (A pull request's plan of a list it
// did not read shows the file's additions, blocked or not, as pending:
// TestAListMovedIntoTheMembersFile.)
func TestAPlanWithABlockedChangeFailsAsSyncWould(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	owners := entry("ada@example.org", "owner", "bob@example.org", "2026-06-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-06-01")
	f.repo.Commit("members.toml", header+owners+entry("cy@example.org", "member", "ada@example.org", "2026-06-01"), "Start")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "OWNER"}, emulator.Member{Email: "cy@example.org"}); err != nil {
		t.Fatal(err)
	}
	f.repo.Commit("members.toml", header+owners+entry("cy@example.org", "member", "ada@example.org", "2026-06-01")+"\n[[member]]\nemail = \"dee@example.org\"\nlists = { reports = \"member\" }\n", "Dee, unvetted")
	p := f.doPlan(workspace.PlanOptions{})
	s := f.doSync(workspace.SyncOptions{})
	if p.code != workspace.ExitFailed || s.code != workspace.ExitFailed || !strings.Contains(p.stderr, "sync would fail: it refuses 1 change") {
		t.Errorf("plan exit %d, sync exit %d\n%s%s", p.code, s.code, p.stdout, p.stderr)
	}
}

// TestABranchsOwnDateAdmitsNobody: lin's entry, on a record that held
// when a pull request's commit listed him and lapsed before the pull
// request was merged, was never admitted, whether the pull request
// landed squashed or with a merge commit: the branch commit's date is
// whatever its author's clock said, so the spell begins when the change
// landed on the line (validate fails either way).
func TestABranchsOwnDateAdmitsNobody(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nvetting_valid_for = \"300d\"", 1)
	owners := entry("ada@example.org", "owner", "bob@example.org", "2026-02-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-02-01")
	lin := entry("lin@example.org", "member", "ada@example.org", "2026-01-01") // lapses 2026-10-28
	for _, merged := range []bool{false, true} {
		f := newRepoFixture(t)
		f.repo.Commit("members.toml", hdr+owners, "Start")
		if merged {
			f.repo.Git("checkout", "-q", "-b", "pr")
			f.repo.Commit("members.toml", hdr+owners+lin, "Add lin")
			f.repo.Git("checkout", "-q", "main")
		}
		for range 240 {
			f.repo.Tick()
		}
		if merged {
			f.repo.Git("merge", "-q", "--no-ff", "pr", "-m", "Merge pull request #7")
		} else {
			f.repo.Commit("members.toml", hdr+owners+lin, "Add lin (#7)")
		}
		if v := f.doValidate("members.toml", report.Text, ""); v.code != workspace.ExitFailed || !strings.Contains(v.stdout+v.stderr, "never admitted them") {
			t.Errorf("merge commit %v: validate exit %d\n%s%s", merged, v.code, v.stdout, v.stderr)
		}
	}
}

// TestAPromotionWrittenKeepsAWalkInUnadmitted: someone the file listed
// on a record that had lapsed already, who got on the group by hand, is
// never admitted; a promotion written and not committed yet (roster
// role) must not make them someone who "stays until re-vetted": every
// route names them, as before the edit, and as once it is committed.
func TestAPromotionWrittenKeepsAWalkInUnadmitted(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nvetting_valid_for = \"90d\"", 1)
	hdr = strings.Replace(hdr, `vetted_by = "member"`, `vetted_by = "owner"`, 1)
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", hdr+entry("ada@example.org", "owner", "bob@example.org", "2026-11-01")+entry("bob@example.org", "owner", "ada@example.org", "2026-11-01"), "Start")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "OWNER"}, emulator.Member{Email: "old@example.org"}); err != nil {
		t.Fatal(err)
	}
	f.repo.Commit("members.toml", f.read("members.toml")+entry("old@example.org", "member", "ada@example.org", "2025-10-01"), "Old (#2)")
	judged := func(when string) {
		t.Helper()
		if r := f.doValidate("members.toml", report.JSON, ""); !strings.Contains(r.stdout, `"rule": "vetting-lapsed-when-listed"`) || strings.Contains(r.stdout, "until re-vetted") {
			t.Errorf("validate, %s: exit %d\n%s", when, r.code, r.stdout)
		}
		if r := f.doSync(workspace.SyncOptions{}); r.code == 0 || !strings.Contains(r.stderr, "listed but unvetted on the groups: old@example.org") && !strings.Contains(r.stderr, "without a vetting record that admits them: old@example.org") {
			t.Errorf("sync, %s: exit %d\n%s%s", when, r.code, r.stdout, r.stderr)
		}
	}
	judged("committed")
	if r := f.outcome(f.ws(workspace.Context{}).Role(ctx, workspace.RoleOptions{File: "members.toml", Email: "old@example.org", List: "reports", Role: members.RoleManager})); strings.Contains(r.stderr, "until re-vetted") {
		t.Errorf("role's advice: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	judged("a promotion written")
	f.repo.Git("commit", "-q", "-am", "Promote old (#3)")
	judged("the promotion committed")
}

// TestTheCapHoldsWhateverTheChangeAdds: sync never takes a group past
// its max_members, whatever the change beside the entry that would:
// an entry held back once (it took the list over its cap) is held back
// again when a later change, committed or still in the working tree,
// adds someone else, and validate names it too.
func TestTheCapHoldsWhateverTheChangeAdds(t *testing.T) {
	t.Parallel()
	owners := entry("ada@example.org", "owner", "bob@example.org", "2026-02-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-02-01")
	carol := entry("carol@example.org", "member", "ada@example.org", "2026-02-01")
	dan := entry("dan@example.org", "member", "ada@example.org", "2026-02-01")
	eve := entry("eve@example.org", "member", "ada@example.org", "2026-02-01")
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nmax_members = 3", 1)
	for _, tc := range []struct {
		name string
		then func(f *fixture)
	}{
		{"nothing else changes", func(*fixture) {}},
		{"another entry, in the working tree", func(f *fixture) { f.write("members.toml", hdr+owners+carol+dan+eve) }},
		{"another entry, committed", func(f *fixture) { f.repo.Commit("members.toml", hdr+owners+carol+dan+eve, "Eve") }},
		{"another entry before it, in the working tree", func(f *fixture) { f.write("members.toml", hdr+owners+eve+carol+dan) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			if err := f.emu.AddGroup("security@example.org"); err != nil {
				t.Fatal(err)
			}
			f.repo.Commit("members.toml", hdr+owners+carol, "Start")
			if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
				t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			f.repo.Tick()
			f.repo.Commit("members.toml", hdr+owners+carol+dan, "Dan")
			if r := f.doSync(workspace.SyncOptions{}); f.onGroup("security@example.org", "dan@example.org") {
				t.Fatalf("dan was added past the cap:\n%s%s", r.stdout, r.stderr)
			}
			f.repo.Tick()
			tc.then(f)
			// Against HEAD, validate names the entries a change adds and
			// dan, who stays out; with nothing new since HEAD, the list
			// (the cap may be what changed).
			v := f.doValidate("members.toml", report.Text, "")
			if !strings.Contains(v.stdout, "max_members") || strings.Contains(tc.name, "working tree") && !strings.Contains(v.stdout, "dan@example.org") {
				t.Errorf("validate does not say dan's entry takes the list over its cap:\n%s%s", v.stdout, v.stderr)
			}
			r := f.doSync(workspace.SyncOptions{})
			if n := len(f.group("security@example.org")); n > 3 || r.code != workspace.ExitFailed {
				t.Errorf("the group has %d members (max_members = 3), exit %d:\n%s%s", n, r.code, r.stdout, r.stderr)
			}
		})
	}
}

// TestSyncAddsNoOnePastTheCapWhatStaysOnTheGroup: the file's entries fit
// max_members, but what stays on the group does not leave room: walk-ins
// kept (unmanaged = "report"), or an owner whose removal waits for the
// promotion of another that is blocked. Sync adds no one past the cap:
// the additions are held back, and the run fails saying so.
func TestSyncAddsNoOnePastTheCapWhatStaysOnTheGroup(t *testing.T) {
	t.Parallel()
	hdr := strings.NewReplacer("min_owners = 1", "min_owners = 2\nmax_members = 3", `vetted_by = "member"`, `vetted_by = "owner"`).Replace(header)
	as := func(email, role, by, method string) string {
		return "\n[[member]]\nemail = \"" + email + "\"\nlists = { reports = \"" + role + "\" }\nvetting = [{ by = \"" + by + "\", on = 2026-06-01, method = \"" + method + "\" }]\n"
	}
	for _, tc := range []struct {
		name  string
		live  []*emulator.Member
		first string
		then  string
	}{
		{"walk-ins kept", []*emulator.Member{{Email: "ada@example.org", Role: "OWNER"}, {Email: "bob@example.org", Role: "OWNER"}, {Email: "w1@example.org", Role: "MEMBER"}, {Email: "w2@example.org", Role: "MEMBER"}},
			"", as("ada@example.org", "owner", "bob@example.org", "video-call") + as("bob@example.org", "owner", "ada@example.org", "video-call") + as("eve@example.org", "member", "ada@example.org", "video-call")},
		{"an owner's removal waiting on a blocked promotion", []*emulator.Member{{Email: "ada@example.org", Role: "OWNER"}, {Email: "boss@example.org", Role: "OWNER"}, {Email: "carol@example.org", Role: "MEMBER"}},
			as("ada@example.org", "owner", "boss@example.org", "video-call") + as("boss@example.org", "owner", "ada@example.org", "video-call") + as("carol@example.org", "member", "ada@example.org", "video-call"),
			as("ada@example.org", "owner", "carol@example.org", "video-call") + as("carol@example.org", "owner", "ada@example.org", "carrier-pigeon") + as("eve@example.org", "member", "ada@example.org", "video-call")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "", emulator.Options{State: &emulator.State{Groups: []*emulator.Group{{Email: "security@example.org", Members: tc.live}}}}, true)
			if tc.first != "" {
				f.repo.Commit("members.toml", hdr+tc.first, "The list (#1)")
				f.repo.Tick()
			}
			f.repo.Commit("members.toml", hdr+tc.then, "Eve (#2)")
			p := f.doPlan(workspace.PlanOptions{})
			r := f.doSync(workspace.SyncOptions{})
			if got := f.group("security@example.org"); len(got) > max(3, len(tc.live)) || slices.Contains(got, "eve@example.org MEMBER") || r.code != workspace.ExitFailed {
				t.Errorf("sync: exit %d, the group %v\n%s%s", r.code, got, r.stdout, r.stderr)
			}
			if !strings.Contains(p.stdout, "+ eve@example.org") || !strings.Contains(p.stdout, "BLOCKED: the group would have") {
				t.Errorf("plan: exit %d\n%s%s", p.code, p.stdout, p.stderr)
			}
		})
	}
}

// TestSomeoneJoiningDuringTheRunPastTheCapFailsIt: the file fills the
// list to its max_members, and someone joins by hand while sync makes
// the last addition: the group is past its cap, which the plan could
// not count; the run reads the group again and fails, saying so.
func TestSomeoneJoiningDuringTheRunPastTheCapFailsIt(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nmax_members = 3", 1)
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", hdr+entry("ada@example.org", "owner", "carol@example.org", "2026-06-01")+entry("carol@example.org", "member", "ada@example.org", "2026-06-01")+entry("bob@example.org", "member", "ada@example.org", "2026-06-01"), "Bob (#1)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "carol@example.org"}); err != nil {
		t.Fatal(err)
	}
	lo := f.handChangesMidRun("security@example.org", emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "mallory@example.org"})
	r := f.doSync(workspace.SyncOptions{Live: lo})
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "after this run's writes") {
		t.Errorf("exit %d, the group %v\n%s%s", r.code, f.group("security@example.org"), r.stdout, r.stderr)
	}
}

// TestALapsedEntryNeverSyncedIsJudgedByTheGroup: fay was committed on a
// record valid then, which has lapsed since, and never reached the
// group. The plan blocks her addition with the same words whether the
// working copy is as committed or carries an unrelated edit (a comment),
// which makes HEAD the base: a base that lists her says nothing of a
// group the run read, and she does not "stay" where she never was.
func TestALapsedEntryNeverSyncedIsJudgedByTheGroup(t *testing.T) {
	t.Parallel()
	for _, missing := range []bool{false, true} {
		t.Run(fmt.Sprint("group missing ", missing), func(t *testing.T) {
			t.Parallel()
			lapsedNeverSynced(t, missing)
		})
	}
}

// lapsedNeverSynced is TestALapsedEntryNeverSyncedIsJudgedByTheGroup,
// on a group that exists or (missing) one sync creates.
func lapsedNeverSynced(t *testing.T, missing bool) {
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nvetting_valid_for = \"52w\"", 1)
	if missing {
		hdr = strings.Replace(hdr, "policy = \"p\"\n", "policy = \"p\"\ncreate = true\n", 1)
	}
	file := hdr + entry("ada@example.org", "owner", "grace@example.org", "2026-06-01") + entry("fay@example.org", "member", "ada@example.org", "2025-11-01")
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", file, "Fay joins")
	if !missing {
		if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
			t.Fatal(err)
		}
	}
	var said []string
	for _, content := range []string{file, file + "# a comment\n"} {
		f.write("members.toml", content)
		r := f.outcome(f.ws(workspace.Context{}).Plan(ctx, workspace.PlanOptions{Source: membersFile, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.JSON, NoAttribution: true}))
		var doc struct {
			Lists []struct {
				Changes []struct{ Email, Blocked string }
			}
		}
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
			t.Fatalf("%v\n%s%s", err, r.stdout, r.stderr)
		}
		for _, l := range doc.Lists {
			for _, c := range l.Changes {
				if c.Email == "fay@example.org" {
					said = append(said, c.Blocked)
				}
			}
		}
	}
	if len(said) != 2 || said[0] != said[1] || !strings.Contains(said[0], "will not add them") {
		t.Errorf("fay's addition is blocked as %q", said)
	}
}

// TestALapsedMemberAtAnAliasStays: fay, on the group since her record
// held (it has lapsed since), is written at fay.l@, an alias Google
// resolves to her: she is on the group, and stays until re-vetted (a
// warning), as under her own address, whether or not the working copy
// carries an unrelated edit.
func TestALapsedMemberAtAnAliasStays(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nvetting_valid_for = \"52w\"", 1)
	file := hdr + entry("ada@example.org", "owner", "grace@example.org", "2026-06-01") + entry("grace@example.org", "member", "ada@example.org", "2026-06-01") +
		entry("fay.l@example.org", "member", "ada@example.org", "2025-11-01")
	f := newRepoFixture(t)
	f.emu.AddAlias("fay.l@example.org", "fay@example.org")
	f.repo.Commit("members.toml", file, "Fay joins")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org", Role: "MEMBER"},
		emulator.Member{Email: "fay@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	for _, content := range []string{file, file + "# a comment\n"} {
		f.write("members.toml", content)
		r := f.doPlan(workspace.PlanOptions{})
		if !strings.Contains(r.stderr, "they stay on reports until re-vetted") || strings.Contains(r.stdout+r.stderr, "will not add them") {
			t.Errorf("fay, on the group at her alias, is not said to stay:\n%s%s", r.stdout, r.stderr)
		}
	}
}
