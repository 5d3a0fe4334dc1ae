package workspace_test

import (
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

// Changes by hand inside the audit log's delay, through every route
// that names who changed a group: the log has an older event of the
// member than what the group shows, or none.

// newDelayedFixture is newClockedRepoFixture with a domain started with
// opts (its clock the fixture's), and security@example.org created.
func newDelayedFixture(t *testing.T, opts emulator.Options) (*fixture, *clock) {
	t.Helper()
	f, clk := newClockedRepoFixtureWith(t, opts)
	if err := f.emu.AddGroup("security@example.org"); err != nil {
		t.Fatal(err)
	}
	return f, clk
}

// plan runs Plan on the clock in format (text when ""), as doPlan does.
func (c *clock) plan(f *fixture, format report.Format) outcome {
	f.t.Helper()
	if format == "" {
		format = report.Text
	}
	return f.outcome(c.ws(f).Plan(ctx, workspace.PlanOptions{Source: membersFile, Live: f.live(), Guards: plan.DefaultGuards(), Format: format}))
}

// sync runs Sync on the clock, as doSync does.
func (c *clock) sync(f *fixture) outcome {
	f.t.Helper()
	return f.outcome(c.ws(f).Sync(ctx, workspace.SyncOptions{Source: membersFile, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text}))
}

// audit runs audit --live on the clock, as doAudit does.
func (c *clock) audit(f *fixture) outcome {
	f.t.Helper()
	lo := f.live()
	return f.outcome(c.ws(f).Audit(ctx, workspace.AuditOptions{Source: membersFile, Live: &lo, Format: report.Text, At: c.now()}))
}

// hand makes a change by hand at the clock's time.
func (f *fixture) hand(c emulator.Change) {
	f.t.Helper()
	if _, err := f.emu.ByHand(c); err != nil {
		f.t.Fatalf("%s %s: %v", c.Application, c.Event, err)
	}
}

// TestARoleChangedInsideTheLogsDelaySaysSo: roster made bo an owner
// (logged); an owner's role taken away in the Cloud console is in its
// log only half an hour later. plan (text and JSON), audit --live and
// sync say that no log shows who changed it yet (perhaps the Groups UI,
// which logs no role change, or the log's delay), and never leave the
// line bare. With
// roster's own add not logged yet either, they say the log has nothing.
func TestARoleChangedInsideTheLogsDelaySaysSo(t *testing.T) {
	t.Parallel()
	const (
		since   = "role changed since their logged add, and no log shows who changed it: perhaps in the Groups UI, where Google logs no role change, or more recently than the log's delay (up to 30 minutes)"
		nothing = "not in Google's audit log: perhaps set in the Groups UI, where Google logs no role change; or newer than the log's delay (up to 30 minutes) or older than 180 days"
	)
	for _, tc := range []struct {
		name  string
		delay map[string]time.Duration
		want  string
	}{
		{"roster's add logged", map[string]time.Duration{"groups": 30 * time.Minute, "groups_enterprise": 30 * time.Minute}, since},
		{"nothing logged yet", map[string]time.Duration{"admin": 5 * time.Minute, "groups": 30 * time.Minute, "groups_enterprise": 30 * time.Minute}, nothing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, clk := newDelayedFixture(t, emulator.Options{LogDelay: tc.delay})
			f.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`)+entry("bo@example.org", "owner", "ada@example.org", "2026-01-15"), "The list (#1)")
			clk.set(f.repo.Date().Add(time.Hour))
			if r := clk.sync(f); r.code != 0 {
				t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			clk.set(clk.now().Add(time.Minute))
			f.hand(emulator.Change{Application: "groups_enterprise", Event: "remove_member_role", Group: "security@example.org", Actor: "cloud@example.org", Member: "bo@example.org", Role: "owner"})
			clk.set(clk.now().Add(time.Minute))

			if out := clk.plan(f, "").stdout; !strings.Contains(out, "~ bo@example.org  member -> owner (live: "+tc.want+")") {
				t.Errorf("plan:\n%s\nwant bo's line to say %q", out, tc.want)
			}
			if out := clk.plan(f, report.JSON).stdout; !strings.Contains(out, `"changed_by": "`+tc.want+`"`) {
				t.Errorf("plan's JSON has no changed_by for bo:\n%s", out)
			}
			if out := clk.audit(f).stdout; !strings.Contains(out, "bo@example.org is member on security@example.org; the file says owner ["+tc.want+"]") {
				t.Errorf("audit --live:\n%s\nwant bo's line to say %q", out, tc.want)
			}
			if r := clk.sync(f); !strings.Contains(r.stdout, "(live: "+tc.want+")") {
				t.Errorf("sync: exit %d\n%s%s\nwant bo's line to say %q", r.code, r.stdout, r.stderr, tc.want)
			}
		})
	}
}

// TestAnAddBackInsideTheLogsDelayIsAfterTheRemoval: roster took dave off
// (logged); an owner puts him back in the Groups UI, logged half an hour
// later. The plan says that came after his logged removal, more recently
// than the log's delay: never that it may be older than what the log
// keeps, which the removal rules out.
func TestAnAddBackInsideTheLogsDelayIsAfterTheRemoval(t *testing.T) {
	t.Parallel()
	const want = "(live: not in Google's audit log yet: added back since their logged removal, more recently than the log's delay (up to 30 minutes))"
	f, clk := newDelayedFixture(t, emulator.Options{LogDelay: map[string]time.Duration{"groups": 30 * time.Minute}})
	list := founded(header) + founder(`reports = "owner"`)
	f.repo.Commit("members.toml", list+entry("dave@example.org", "member", "ada@example.org", "2026-01-15"), "The list (#1)")
	clk.set(f.repo.Date().Add(time.Hour))
	if r := clk.sync(f); r.code != 0 {
		t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	f.repo.Commit("members.toml", list, "dave leaves (#2)")
	clk.set(f.repo.Date().Add(time.Hour))
	if r := clk.sync(f); r.code != 0 || strings.Contains(strings.Join(f.group("security@example.org"), " "), "dave") {
		t.Fatalf("second sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	clk.set(clk.now().Add(time.Minute))
	f.hand(emulator.Change{Event: "add_user", Group: "security@example.org", Actor: "ada@example.org", Member: "dave@example.org"})
	clk.set(clk.now().Add(time.Minute))

	out := clk.plan(f, "").stdout
	if !strings.Contains(out, "- dave@example.org") || !strings.Contains(out, want) || strings.Contains(out, "older than 180 days") {
		t.Errorf("plan:\n%s\nwant dave's line to end %q", out, want)
	}
}

// TestAWriteInTheSecondOfACommitIsRosters: git dates a commit to the
// whole second. A sync promotes carol at 12:00:00.868 as the file then
// asked, and a commit made just after, which makes her a member again,
// is dated 12:00:00: the promotion agrees with the version before that
// commit, and is roster's, though roster does not know its own OAuth
// client ID (ROSTER_CLIENT_ID unset, the emulator's 777). So whether
// the version before landed in an earlier second or in the same one.
func TestAWriteInTheSecondOfACommitIsRosters(t *testing.T) {
	t.Parallel()
	for _, sameSecond := range []bool{false, true} {
		name := "the version before in an earlier second"
		if sameSecond {
			name = "the version before in the same second"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, clk := newDelayedFixture(t, emulator.Options{ClientID: "777"})
			list := founded(header) + founder(`reports = "owner"`)
			carol := func(role string) string {
				return list + entry("carol@example.org", role, "ada@example.org", "2026-01-15")
			}
			f.repo.Commit("members.toml", carol("member"), "The list (#1)")
			clk.set(f.repo.Date().Add(time.Hour))
			if r := clk.sync(f); r.code != 0 {
				t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			// commit commits content at the repository's date, as a
			// commit in the same second as the last one would be.
			commit := func(content, subject string) {
				f.repo.Write("members.toml", content)
				f.repo.Git("commit", "-q", "-am", subject)
			}
			if sameSecond {
				f.repo.Tick()
				commit(carol("manager"), "carol manages (#2)")
			} else {
				f.repo.Commit("members.toml", carol("manager"), "carol manages (#2)")
				f.repo.Tick()
			}
			clk.set(f.repo.Date().Add(868 * time.Millisecond))
			if r := clk.sync(f); r.code != 0 || !strings.Contains(strings.Join(f.group("security@example.org"), " "), "carol@example.org MANAGER") {
				t.Fatalf("second sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			commit(carol("member"), "carol steps back (#3)")
			clk.set(clk.now().Add(time.Minute))

			if out := clk.plan(f, "").stdout; !strings.Contains(out, "~ carol@example.org  manager -> member\n") {
				t.Errorf("plan names roster's promotion of carol as a change by hand:\n%s", out)
			}
			if out := clk.plan(f, report.JSON).stdout; strings.Contains(out, `"changed_by"`) {
				t.Errorf("plan's JSON names roster's promotion of carol as a change by hand:\n%s", out)
			}
		})
	}
}

// TestAnOlderCheckoutsWriteIsNamedWhereItIsUndone: a sync run from an
// older checkout, whose file still lists dave, adds him back after the
// commit that took him off; the next plan from the current file takes
// him off again and says whose write it undoes, and when: roster's
// client, from a version other than the one committed then, never a
// bare line nor a change by hand (s29-auditlog finding 3).
func TestAnOlderCheckoutsWriteIsNamedWhereItIsUndone(t *testing.T) {
	t.Parallel()
	f, clk := newClockedRepoFixture(t)
	early := func(s string) string { return strings.ReplaceAll(s, "2026-06-01", "2026-01-01") }
	owners := early(person("ada@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "owner"`))
	dave := early(person("dave@example.org", `reports = "member"`))
	clk.set(f.repo.Date().Add(-72 * time.Hour))
	f.repo.Commit("members.toml", header+owners, "The list (#1)")
	f.repo.Commit("members.toml", header+owners+dave, "Add dave (#2)")
	f.repo.Commit("members.toml", header+owners, "Remove dave (#3)")
	clk.set(f.repo.Date().Add(time.Hour))
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	f.write("members.toml", header+owners+dave) // the older checkout's file
	if r := clk.sync(f); !strings.Contains(fmt.Sprint(f.group("security@example.org")), "dave@") {
		t.Fatalf("the older checkout's sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	f.write("members.toml", header+owners)
	clk.set(clk.now().Add(time.Minute))
	r := clk.plan(f, report.Text)
	if !regexp.MustCompile(`- dave@example.org[^\n]*added by roster \(OAuth client [^)]*\) on [^,]*, from a version of members.toml other than the one committed then`).MatchString(r.stdout) {
		t.Errorf("the removal does not say whose write it undoes:\n%s%s", r.stdout, r.stderr)
	}
}

// TestAnUnadmittedAddByRostersClientIsNotAnOlderCheckouts: the file as
// committed lists dave with a record that had lapsed, so sync refuses
// him; a run of an uncommitted file (a valid record) adds him through
// roster's client. The plan from the committed file says the version
// standing then did not admit him, never that an older checkout's sync
// did (s29-regressB finding 1).
func TestAnUnadmittedAddByRostersClientIsNotAnOlderCheckouts(t *testing.T) {
	t.Parallel()
	f, clk := newClockedRepoFixture(t)
	early := func(s string) string { return strings.ReplaceAll(s, "2026-06-01", "2026-01-01") }
	owners := early(person("ada@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "owner"`))
	lapsed := strings.ReplaceAll(person("dave@example.org", `reports = "member"`), "2026-06-01", "2024-01-01")
	lapsing := strings.Replace(header, "unmanaged = \"report\"", "unmanaged = \"report\"\nvetting_valid_for = \"365d\"", 1)
	clk.set(f.repo.Date().Add(-72 * time.Hour))
	f.repo.Commit("members.toml", lapsing+owners, "The list (#1)")
	f.repo.Commit("members.toml", lapsing+owners+lapsed, "Add dave (#2)")
	clk.set(f.repo.Date().Add(time.Hour))
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	f.write("members.toml", lapsing+owners+early(person("dave@example.org", `reports = "member"`)))
	if r := clk.sync(f); !strings.Contains(fmt.Sprint(f.group("security@example.org")), "dave@") {
		t.Fatalf("the uncommitted file's sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	f.write("members.toml", lapsing+owners+lapsed)
	clk.set(clk.now().Add(time.Minute))
	r := clk.plan(f, report.Text)
	if !strings.Contains(r.stdout, "as committed then did not admit them there") || strings.Contains(r.stdout, "older checkout") {
		t.Errorf("the line on dave does not say the version then did not admit him:\n%s%s", r.stdout, r.stderr)
	}
}
