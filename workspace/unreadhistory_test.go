package workspace_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestAnUnreadableHistoryNeverPassesALapse: whether a lapsed record ever
// admitted someone is history's to say; a history git cannot read (a
// partial clone, one object missing) says nothing, and the record is
// judged as one that never admitted them, on every route (validate,
// sync with them on the group by hand, audit), with the cause said once;
// never the lenient verdict of a record that did.
func TestAnUnreadableHistoryNeverPassesALapse(t *testing.T) {
	t.Parallel()
	onGroup := oldOnTheGroup()
	setup := func(t *testing.T) *fixture {
		f := newFixtureFrom(t, "", emulator.Options{State: onGroup}, true)
		f.listedOnALapsedRecord()
		return f
	}
	for _, tc := range []struct {
		name   string
		break_ func(t *testing.T, f *fixture)
	}{
		{"one object missing", func(t *testing.T, f *fixture) {
			blob := strings.TrimSpace(f.repo.Git("rev-parse", "HEAD~1:members.toml"))
			if err := os.Remove(filepath.Join(f.repo.Dir, ".git", "objects", blob[:2], blob[2:])); err != nil {
				t.Fatal(err)
			}
		}},
		{"a partial clone", func(t *testing.T, f *fixture) {
			f.repo.Git("config", "uploadpack.allowFilter", "true")
			clone := filepath.Join(t.TempDir(), "clone")
			if out, err := exec.Command("git", "clone", "-q", "--no-local", "--filter=blob:none", "file://"+f.repo.Dir, clone).CombinedOutput(); err != nil {
				t.Fatalf("clone: %v %s", err, out)
			}
			f.dir = clone
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			tc.break_(t, f)
			oldNeverAdmitted(t, f, func(r outcome) bool {
				return strings.Contains(r.stdout, "cannot be told") && strings.Count(r.stderr, "history cannot be read") == 1
			})
		})
	}
}

// TestAFastClockDoesNotMakeALapseAnError: one commit on the line whose
// clock ran ahead does not make the listings after it read as landed on
// its day: someone listed on a record still in force that day, lapsed
// since, is a warning to re-vet them (their record admitted them), on
// validate as on audit, not an error for every such member.
func TestAFastClockDoesNotMakeALapseAnError(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "", emulator.Options{State: oldOnTheGroup()}, true)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-06-05")
	grace := entry("grace@example.org", "member", "ada@example.org", "2026-06-05")
	old := entry("old@example.org", "member", "ada@example.org", "2025-06-15") // lapses on 2026-06-15
	commitAt(t, f, hdr+ada+grace, "Create the list (#1)", "2026-06-06T12:00:00Z", "2026-06-06T12:00:00Z")
	commitAt(t, f, hdr+ada+grace+"\n", "Tidy, clock a month fast (#2)", "2026-07-20T12:00:00Z", "2026-07-20T12:00:00Z")
	commitAt(t, f, hdr+ada+grace+old, "Add old (#3)", "2026-06-10T12:00:00Z", "2026-06-10T12:00:00Z")
	commitAt(t, f, hdr+ada+grace+old+"\n", "Tidy (#4)", "2026-06-12T12:00:00Z", "2026-06-12T12:00:00Z")
	r := f.doValidate("members.toml", report.Text, "")
	if strings.Contains(r.stdout, "error: member old@example.org") || !strings.Contains(r.stdout, "warning: member old@example.org") {
		t.Errorf("validate: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestAListMovedInBringsNoLapsedAddition: a commit that moves a list in
// from another file and, in the same change, lists someone on a record
// that had lapsed already: the other file's version before the move
// shows they did not come with the list, so the record never admitted
// them, as the pull request's check said (an error), after the merge
// too, on every route; someone who came with the list keeps the
// lenient reading.
func TestAListMovedInBringsNoLapsedAddition(t *testing.T) {
	t.Parallel()
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-06-05")
	grace := entry("grace@example.org", "member", "ada@example.org", "2026-06-05")
	old := entry("old@example.org", "member", "ada@example.org", "2025-01-05") // lapsed on 2026-01-05
	otherList := strings.Replace(hdr, "[lists.reports]\naddress = \"security@example.org\"", "[lists.notices]\naddress = \"notices@example.org\"", 1)
	notices := strings.ReplaceAll(ada+grace, "reports = ", "notices = ")
	// Where reports is after its move: beside notices, with old added.
	moved := strings.Replace(otherList, "[policies.p]", "[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n\n[policies.p]", 1) +
		strings.ReplaceAll(ada+grace, `notices = "`, `notices = "member", reports = "`)
	for _, tc := range []struct {
		name  string
		moves func(f *fixture)
	}{
		{"into the members file", func(f *fixture) {
			f.repo.CommitFiles("Move reports here; add old (#2)", "a.toml", "schema = 1\n", "members.toml", moved+old)
		}},
		{"through another file", func(f *fixture) {
			f.repo.CommitFiles("Move reports to b.toml; add old (#2)", "a.toml", "schema = 1\n", "b.toml", hdr+ada+grace+old)
			f.repo.CommitFiles("Move reports here (#3)", "b.toml", "schema = 1\n", "members.toml", moved+old)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "", emulator.Options{State: oldOnTheGroup()}, true)
			f.repo.CommitFiles("Two files (#1)", "a.toml", hdr+ada+grace, "members.toml", otherList+notices)
			tc.moves(f)
			oldNeverAdmitted(t, f, func(r outcome) bool { return !strings.Contains(r.stdout, "member grace@example.org") })
		})
	}
}

// oldNeverAdmitted checks, on every route that judges a lapsed record
// (validate, sync with old@ on the group by hand, audit), that old@'s
// record is judged as one that never admitted them; extra is more that
// validate's output must say.
func oldNeverAdmitted(t *testing.T, f *fixture, extra func(r outcome) bool) {
	t.Helper()
	r := f.doValidate("members.toml", report.Text, "")
	if r.code != 1 || !strings.Contains(r.stdout, "error: member old@example.org") || extra != nil && !extra(r) {
		t.Errorf("validate: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := f.doSync(workspace.SyncOptions{}); r.code == 0 || !strings.Contains(r.stdout+r.stderr, "old@example.org") {
		t.Errorf("sync with old on the group: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := f.doAudit(false, workspace.AuditOptions{}); r.code == 0 || !strings.Contains(r.stdout, "old@example.org") {
		t.Errorf("audit: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// oldOnTheGroup is the live group with ada, grace and old on it.
func oldOnTheGroup() *emulator.State {
	return &emulator.State{Groups: []*emulator.Group{{Email: "security@example.org", Members: []*emulator.Member{
		{Email: "ada@example.org", Role: "OWNER"}, {Email: "grace@example.org", Role: "MEMBER"}, {Email: "old@example.org", Role: "MEMBER"},
	}}}}
}
