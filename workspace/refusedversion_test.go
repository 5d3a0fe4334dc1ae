package workspace_test

import (
	"strings"
	"testing"

	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestAVersionSyncRefusedIsNoVersion: a commit whose file sync refuses
// whole (an entry on a list it does not define, in a role that is none)
// changed nobody's membership: history, validate and audit read past
// it, so someone listed all along is not read as leaving and joining
// again (and their record as lapsed before the file listed them).
func TestAVersionSyncRefusedIsNoVersion(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, from, to, extra string }{
		{"a role that is none", `reports = "member" }`, `reports = "membr" }`, ""},
		{"a list the file does not define", `reports = "member" }`, `repp = "member" }`, ""},
		{"one GitHub handle on two entries", "email = \"lin@example.org\"\n", "email = \"lin@example.org\"\ngithub = \"Lin-X\"\n",
			"\n[[member]]\nemail = \"bob@example.org\"\ngithub = \"lin-x\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-03-01, method = \"video-call\" }]\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			hdr := strings.Replace(header, "unmanaged = \"report\"\n", "unmanaged = \"report\"\nvetting_valid_for = \"30d\"\n", 1)
			lin := "\n[[member]]\nemail = \"lin@example.org\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-02-20, method = \"video-call\" }]\n"
			good := founded(hdr) + strings.Replace(person("ada@example.org", `reports = "owner"`), `by = "grace@example.org", on = 2026-06-01, method = "video-call"`, `by = "ada@example.org", on = 2026-02-20, method = "grandfathered"`, 1) + lin
			f.repo.Commit("members.toml", good, "Start")
			for range 20 {
				f.repo.Tick()
			}
			f.repo.Commit("members.toml", strings.Replace(good, c.from, c.to, 1)+c.extra, "Typo")
			typoDay := f.repo.Git("log", "-1", "--format=%cs")
			f.repo.Commit("members.toml", good, "Fix the typo")
			// The day of the typo reads the version before it, as sync
			// left the groups, on show as on history.
			if s := f.doShow(workspace.ShowOptions{At: typoDay, Lists: []string{"reports"}}); s.code != 0 || !strings.Contains(s.stdout, "lin@example.org") || !strings.Contains(s.stderr, "is one sync refuses whole (") {
				t.Errorf("show --at %s: exit %d\n%s%s", typoDay, s.code, s.stdout, s.stderr)
			}
			h := f.doHistory(workspace.HistoryOptions{Format: report.CSV})
			if strings.Contains(h.stdout, "lin@example.org,removed") || strings.Contains(h.stdout, "lin@example.org,role_changed") || strings.Contains(h.stdout, "bob@example.org") || !strings.Contains(h.stderr, "skipped") {
				t.Errorf("history reads the refused version as a version:\n%s%s", h.stdout, h.stderr)
			}
			for _, got := range []outcome{
				f.doValidate("members.toml", report.Text, ""),
				f.doAudit(false, workspace.AuditOptions{At: todayDate}),
			} {
				if strings.Contains(got.stdout+got.stderr, "when-listed") || strings.Contains(got.stdout+got.stderr, "never admitted") {
					t.Errorf("lin read as listed anew after the refused version:\n%s%s", got.stdout, got.stderr)
				}
			}
		})
	}
}

// TestValidateSaysHeadDoesNotParse: validate with no --base judges the
// change against HEAD's version; when that one is refused and another
// stands in, it says so, as --base HEAD does.
func TestValidateSaysHeadDoesNotParse(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	good := header + person("ada@example.org", `reports = "owner"`)
	f.repo.Commit("members.toml", good, "Start")
	f.repo.Commit("members.toml", strings.Replace(good, `reports = "owner"`, `reports = "ownr"`, 1), "Typo")
	f.write("members.toml", good)
	for _, base := range []string{"", "HEAD"} {
		if r := f.doValidate("members.toml", report.Text, base); !strings.Contains(r.stderr, "is one sync refuses whole") || !strings.Contains(r.stderr, "judged against members.toml of") {
			t.Errorf("validate --base %q:\n%s%s", base, r.stdout, r.stderr)
		}
	}
}
