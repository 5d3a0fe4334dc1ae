package workspace_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestAMovedListIsJudgedByItsOwnFilesPolicy: a list read where it was
// (another file, before it moved in) is judged by that file's policy,
// even when the members file had a policy of the same name then.
func TestAMovedListIsJudgedByItsOwnFilesPolicy(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	capped := func(s string, n string) string {
		return strings.Replace(s, "min_owners = 1\n", "min_owners = 1\nmax_members = "+n+"\n", 1)
	}
	three := person("ada@example.org", `adv = "owner"`) + person("grace@example.org", `adv = "member"`) + person("lin@example.org", `adv = "member"`)
	other := strings.NewReplacer("[lists.reports]", "[lists.adv]", "security@", "adv@").Replace(capped(header, "3")) + three
	// The members file's own p then allowed one member; other.toml's p three.
	mine := capped(header, "1") + person("ada@example.org", `reports = "owner"`)
	f.repo.CommitFiles("Start", "members.toml", mine, "other.toml", other)
	then := f.repo.Git("log", "-1", "--format=%cs")
	f.repo.Tick()
	moved := strings.Replace(capped(header, "1"), "\n[policies.p]", "\n[lists.adv]\naddress = \"adv@example.org\"\npolicy = \"q\"\n\n[policies.q]\nmin_owners = 1\nmax_members = 3\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\nunmanaged = \"report\"\n\n[policies.p]", 1) +
		person("ada@example.org", `reports = "owner", adv = "owner"`) + person("grace@example.org", `adv = "member"`) + person("lin@example.org", `adv = "member"`)
	f.repo.CommitFiles("Move adv in", "members.toml", moved, "other.toml", "schema = 1\n")
	for _, got := range []outcome{
		f.doAudit(false, workspace.AuditOptions{At: mustDay(t, then), Format: report.JSON}),
		f.doShow(workspace.ShowOptions{At: then}),
	} {
		if strings.Contains(got.stdout+got.stderr, "allows 1") {
			t.Errorf("adv judged by the members file's policy p then:\n%s%s", got.stdout, got.stderr)
		}
	}
	out := filepath.Join(t.TempDir(), "site")
	if err := f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: mustDay(t, then)}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "list-adv.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "3 / 3") && !strings.Contains(string(page), "3 of 3") {
		t.Errorf("site --at: adv's cap is not other.toml's 3:\n%s", page)
	}
}
