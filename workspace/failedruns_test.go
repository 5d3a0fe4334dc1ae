package workspace_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestADroppedMemberIsRemovedOrRefusedWhenHEADIsUnreadable: bob was
// synced, the next commit drops him, and HEAD's commit then goes missing
// (a clone whose alternates are gone). Whether the file listed him is
// unknown, and said so with the cause: the list is not read, plan and
// sync fail; never "no commits yet", which keeps him with a note and
// exits 0.
func TestADroppedMemberIsRemovedOrRefusedWhenHEADIsUnreadable(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`)+person("bob@example.org", `reports = "member"`), "The list (#1)")
	if err := f.emu.AddGroup("security@example.org"); err != nil {
		t.Fatal(err)
	}
	f.doSync(workspace.SyncOptions{})
	head := f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`), "Drop bob (#2)")
	if err := os.Remove(filepath.Join(f.dir, ".git", "objects", head[:2], head[2:])); err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]outcome{"plan": f.doPlan(workspace.PlanOptions{}), "sync": f.doSync(workspace.SyncOptions{})} {
		out := r.stdout + r.stderr
		if r.code != workspace.ExitFailed || !strings.Contains(out, "which git cannot read as a commit") || strings.Contains(out, "no commits") {
			t.Errorf("%s: exit %d\n%s", name, r.code, out)
		}
	}
	if got := strings.Join(f.group("security@example.org"), " "); !strings.Contains(got, "bob@") {
		t.Errorf("the group changed on a history roster cannot read: %s", got)
	}
}

// TestAStaleApplyNamesTheWalkIns: apply of a plan the groups no longer
// match changes nothing and fails; having read the groups to tell, its
// last line names whoever sits on them unadmitted, as every failed
// run's does.
func TestAStaleApplyNamesTheWalkIns(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`), "The list (#1)")
	if err := f.emu.AddGroup("security@example.org"); err != nil {
		t.Fatal(err)
	}
	f.doSync(workspace.SyncOptions{})
	if _, err := f.emu.ByHand(emulator.Change{Event: "add_user", Group: "security@example.org", Actor: "ada@example.org", Member: "mallory@example.org"}); err != nil {
		t.Fatal(err)
	}
	f.doPlan(workspace.PlanOptions{Out: "plan.json"})
	if _, err := f.emu.ByHand(emulator.Change{Event: "add_user", Group: "security@example.org", Actor: "ada@example.org", Member: "eve@example.org"}); err != nil {
		t.Fatal(err)
	}
	r := f.doApply("plan.json", workspace.ApplyOptions{})
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	last := lines[len(lines)-1]
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "no longer holds") || !strings.Contains(last, "walk-ins on the groups:") ||
		!strings.Contains(last, "mallory@example.org") || !strings.Contains(last, "eve@example.org") {
		t.Errorf("exit %d, last line %q\n%s", r.code, last, r.stderr)
	}
}

// backdatedTip is a repository whose tip, dated before its parent (whose
// own date is in the past), lists bob with a record (valid 365 days)
// that lapsed between the two dates.
func backdatedTip(t *testing.T) *fixture {
	t.Helper()
	f := newRepoFixture(t)
	hdr := strings.Replace(founded(header), `unmanaged = "report"`, "unmanaged = \"report\"\nvetting_valid_for = \"365d\"", 1)
	base := hdr + founder(`reports = "owner"`)
	bob := "\n[[member]]\nemail = \"bob@example.org\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2025-02-01, method = \"video-call\" }]\n"
	commitAt(t, f, base, "Create", "2026-01-10T12:00:00Z", "2026-01-10T12:00:00Z")
	commitAt(t, f, base+"\n# tidy\n", "Tidy, the clock right", "2026-03-01T12:00:00Z", "2026-03-01T12:00:00Z")
	commitAt(t, f, base+"\n# tidy\n"+bob, "Add bob, backdated", "2026-01-15T12:00:00Z", "2026-01-15T12:00:00Z")
	return f
}

// TestABackdatedTipDoesNotBuyALapsedRecord: the tip of the line, dated
// before its parent (whose own date is in the past), lists bob with a
// record that lapsed between the two dates. The dates read two ways, and
// validate (what CI and sync judge by) takes the later: the record
// lapsed before the file listed him, and never admitted him.
func TestABackdatedTipDoesNotBuyALapsedRecord(t *testing.T) {
	t.Parallel()
	f := backdatedTip(t)
	r := f.doValidate("members.toml", report.Text, "")
	if r.code != workspace.ExitFailed || !strings.Contains(r.stdout, "error: member bob@example.org") || !strings.Contains(r.stdout, "it never admitted them") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestALapsedRecordIsJudgedByTheSpellOfTheDay: bob was listed on 03-05
// with a record that had lapsed on 02-01 (it never admitted him), and
// taken off on 03-10. An audit of 03-07 judges the spell that held that
// day, not the one holding now (none): never admitted, as the audit of
// that day's checkout says. Listed again now, validate as of a day
// before the spell began judges it too: it began after the lapse.
func TestALapsedRecordIsJudgedByTheSpellOfTheDay(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := strings.Replace(founded(header), `unmanaged = "report"`, "unmanaged = \"report\"\nvetting_valid_for = \"365d\"", 1)
	base := hdr + founder(`reports = "owner"`)
	bob := "\n[[member]]\nemail = \"bob@example.org\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2025-02-01, method = \"video-call\" }]\n"
	commitAt(t, f, base, "Create", "2026-01-10T12:00:00Z", "2026-01-10T12:00:00Z")
	commitAt(t, f, base+bob, "Add bob", "2026-03-05T12:00:00Z", "2026-03-05T12:00:00Z")
	commitAt(t, f, base, "Drop bob", "2026-03-10T12:00:00Z", "2026-03-10T12:00:00Z")
	never := regexp.MustCompile(`bob@example.org: .*it never admitted them`)
	a := f.doAudit(false, workspace.AuditOptions{At: time.Date(2026, 3, 7, 0, 0, 0, 0, time.UTC)})
	if !never.MatchString(a.stdout) || strings.Contains(a.stdout, "they stay") {
		t.Errorf("audit --at 2026-03-07, bob's spell ended since:\n%s%s", a.stdout, a.stderr)
	}
	commitAt(t, f, base+bob, "Bob again", "2026-04-01T12:00:00Z", "2026-04-01T12:00:00Z")
	v := f.outcome(f.ws(workspace.Context{}).Validate(ctx, workspace.ValidateOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text, At: time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)}))
	if v.code != workspace.ExitFailed || !never.MatchString(v.stdout) {
		t.Errorf("validate --at 2026-03-20, before the spell holding now began:\nexit %d\n%s%s", v.code, v.stdout, v.stderr)
	}
}

// TestAuditOfARefusedDayThatChangedNoListing: the day's version adds an
// empty second list of one group, which sync refuses whole, though no
// listing changed: the audit of that day says so (its violations), as
// the audit of that day's checkout does, not "Nothing to report".
func TestAuditOfARefusedDayThatChangedNoListing(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	good := founded(header) + founder(`reports = "owner"`)
	f.repo.Commit("members.toml", good, "Start")
	f.repo.Commit("members.toml", strings.Replace(good, "[policies.p]", "[lists.dup]\naddress = \"security@example.org\"\npolicy = \"p\"\n\n[policies.p]", 1), "A second list of the group")
	day := f.repo.Date()
	f.repo.Commit("members.toml", good, "Fixed")
	a := f.doAudit(false, workspace.AuditOptions{At: day})
	if a.code != workspace.ExitFailed || !strings.Contains(a.stdout, "is also the address of list reports") {
		t.Errorf("audit --at %s: exit %d\n%s%s", day.Format("2006-01-02"), a.code, a.stdout, a.stderr)
	}
}

// TestAuditOfARefusedDaySaysEachListRuleOnce: one commit takes an owner
// off and raises min_owners, so that the list's own policy fails that
// day; the audit of the day says it once, with that day's count, not
// also with the count of the version sync applied.
func TestAuditOfARefusedDaySaysEachListRuleOnce(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	two := founded(header) + founder(`reports = "owner"`) + person("grace@example.org", `reports = "owner"`)
	f.repo.Commit("members.toml", two, "Start")
	f.repo.Commit("members.toml", strings.Replace(founded(header), "min_owners = 1", "min_owners = 3", 1)+founder(`reports = "owner"`)+person("grace@example.org", `reports = "member"`), "Grace steps down, three owners asked")
	day := f.repo.Date()
	f.repo.Commit("members.toml", two, "Back")
	a := f.doAudit(false, workspace.AuditOptions{At: day})
	if n := strings.Count(a.stdout, "VIOLATION  owners"); n != 1 || !strings.Contains(a.stdout, "has 1 owner; policy p needs at least 3") {
		t.Errorf("audit --at %s: %d owners violations\n%s%s", day.Format("2006-01-02"), n, a.stdout, a.stderr)
	}
}

// TestAuditOfADayWhoseVersionDoesNotParse: the day's version does not
// parse (sync refused it whole, and the groups kept the version before):
// the audit of that day says why, as that day's violation, never
// "Nothing to report".
func TestAuditOfADayWhoseVersionDoesNotParse(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	good := founded(header) + founder(`reports = "owner"`)
	f.repo.Commit("members.toml", good, "Start")
	f.repo.Commit("members.toml", good+"\n[[member]\nemail = \"broken\n", "Broken")
	day := f.repo.Date()
	f.repo.Commit("members.toml", good, "Fixed")
	a := f.doAudit(false, workspace.AuditOptions{At: day})
	if a.code != workspace.ExitFailed || !strings.Contains(a.stdout, "VIOLATION") {
		t.Errorf("audit --at %s: exit %d\n%s%s", day.Format("2006-01-02"), a.code, a.stdout, a.stderr)
	}
}
