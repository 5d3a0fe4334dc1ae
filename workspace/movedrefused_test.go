package workspace_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/roster-dev/roster/workspace"
)

// TestAMovedListWhileItsOldFileWasRefused: alpha lived in a.toml, whose
// version of a day was one sync refuses whole (a list naming no policy),
// and then moved into members.toml. Read --at that day, alpha is what
// sync left it: as a.toml's last applied version had it, w never on it;
// diff across the day sees no change.
func TestAMovedListWhileItsOldFileWasRefused(t *testing.T) {
	t.Parallel()
	const pol = "\n[policies.p]\nvetting_methods = [\"video-call\"]\n"
	entry := func(email, lists string) string {
		return "\n[[member]]\nemail = \"" + email + "\"\nlists = { " + lists + " }\nvetting = [{ by = \"o1@example.org\", on = 2026-01-01, method = \"video-call\" }]\n"
	}
	beta := "schema = 1\n\n[lists.beta]\naddress = \"beta@example.org\"\npolicy = \"p\"\n" + pol + entry("b@example.org", `beta = "owner"`)
	alphaList := "\n[lists.alpha]\naddress = \"alpha@example.org\"\npolicy = \"p\"\n"
	alpha := entry("o1@example.org", `alpha = "owner"`) + entry("a@example.org", `alpha = "member"`)
	a1 := "schema = 1\n" + alphaList + pol + alpha
	refused := "schema = 1\n" + alphaList + "\n[lists.gamma]\naddress = \"gamma@example.org\"\npolicy = \"nope\"\n" + pol + alpha + entry("w@example.org", `alpha = "member"`)
	f := newRepoFixture(t)
	f.repo.CommitFiles("Two files", "members.toml", beta, "a.toml", a1)
	day1 := f.repo.Date().Format("2006-01-02")
	f.repo.Commit("a.toml", refused, "A list with no policy")
	day2 := f.repo.Date().Format("2006-01-02")
	f.repo.Commit("a.toml", a1, "Fixed")
	f.repo.Git("rm", "-q", "a.toml")
	f.repo.Commit("members.toml", strings.Replace(beta, pol, alphaList+pol, 1)+alpha, "alpha moves in")
	s := f.doShow(workspace.ShowOptions{At: day2, Lists: []string{"alpha"}})
	if s.code != 0 || !strings.Contains(s.stdout, "a@example.org") || strings.Contains(s.stdout, "w@example.org") {
		t.Errorf("show --at %s --list alpha: exit %d\n%s%s", day2, s.code, s.stdout, s.stderr)
	}
	if d := f.doDiff(workspace.DiffOptions{From: day1, To: day2}); strings.Contains(d.stdout, "a@example.org") || strings.Contains(d.stdout, "w@example.org") {
		t.Errorf("diff %s %s:\n%s%s", day1, day2, d.stdout, d.stderr)
	}
}

// TestARefusedHeadIsPassedOverToday: HEAD (and the working file, the
// same) is a version sync refuses whole; read for today, by show and by
// diff, it is passed over with a note, as it is for any day.
func TestARefusedHeadIsPassedOverToday(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	good := header + person("ada@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "member"`)
	f.repo.Commit("members.toml", good, "Start")
	day1 := f.repo.Date().Format("2006-01-02")
	refused := strings.Replace(good, `policy = "p"`, `policy = "nope"`, 1) + person("zed@example.org", `reports = "member"`)
	f.repo.Commit("members.toml", refused, "A policy that is none")
	today := todayDate.Format("2006-01-02")
	s := f.doShow(workspace.ShowOptions{At: today})
	if !strings.Contains(s.stdout, "grace@example.org") || strings.Contains(s.stdout, "zed@example.org") || !strings.Contains(s.stderr, "as it is now is one sync refuses whole") {
		t.Errorf("show --at %s: exit %d\n%s%s", today, s.code, s.stdout, s.stderr)
	}
	for _, to := range []string{today, ""} {
		if d := f.doDiff(workspace.DiffOptions{From: day1, To: to}); strings.Contains(d.stdout, "zed") || !strings.Contains(d.stdout, "No membership changes") {
			t.Errorf("diff %s %q:\n%s%s", day1, to, d.stdout, d.stderr)
		}
	}
}

// TestAnEntryOnlyOnAFailingListIsOnNothingThen: in a version where the
// list's own policy fails (no owner), sync left the list as it was: mo,
// whom only that version listed, was never on it, and an audit of that
// day tells no "on no list" of mo.
func TestAnEntryOnlyOnAFailingListIsOnNothingThen(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	good := header + person("ada@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "member"`)
	f.repo.Commit("members.toml", good, "Start")
	failing := header + person("ada@example.org", `reports = "member"`) + person("mo@example.org", `reports = "member"`)
	f.repo.Commit("members.toml", failing, "No owner left")
	day := f.repo.Date()
	f.repo.Commit("members.toml", good, "Fixed")
	a := f.doAudit(false, workspace.AuditOptions{At: day})
	if strings.Contains(a.stdout, "mo@example.org") || !strings.Contains(a.stdout, "grace@example.org") && !strings.Contains(a.stdout, "reports") {
		t.Errorf("audit --at %s:\n%s%s", day.Format("2006-01-02"), a.stdout, a.stderr)
	}
	// But the list's failing that day is that day's violation, as an
	// audit of the file today would say it: never "0 violations".
	if a.code != workspace.ExitFailed || !regexp.MustCompile(`VIOLATION +owners +reports +members\.toml@[0-9a-f]+:4:1: list reports: has 0 owners`).MatchString(a.stdout) {
		t.Errorf("audit --at %s: exit %d, the list's failure not said:\n%s", day.Format("2006-01-02"), a.code, a.stdout)
	}
	s := f.doShow(workspace.ShowOptions{At: day.Format("2006-01-02")})
	if strings.Contains(s.stdout, "mo@example.org") || !strings.Contains(s.stdout, "grace@example.org") {
		t.Errorf("show --at %s:\n%s%s", day.Format("2006-01-02"), s.stdout, s.stderr)
	}
}

// TestARefusedHeadIsPassedOverBySite: the site of today reads the file
// as show --at today does: a version sync refuses whole is passed over.
func TestARefusedHeadIsPassedOverBySite(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	good := header + person("ada@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "member"`)
	f.repo.Commit("members.toml", good, "Start")
	refused := strings.Replace(good, `policy = "p"`, `policy = "nope"`, 1) + person("zed@example.org", `reports = "member"`)
	f.repo.Commit("members.toml", refused, "A policy that is none")
	out := filepath.Join(t.TempDir(), "site")
	r := f.outcome(f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: todayDate}))
	page, err := os.ReadFile(filepath.Join(out, "list-reports.html"))
	if err != nil || strings.Contains(string(page), "zed@example.org") || !strings.Contains(string(page), "grace@example.org") || !strings.Contains(r.stderr, "one sync refuses whole") {
		t.Errorf("site: exit %d, %v\n%s", r.code, err, r.stderr)
	}
}
