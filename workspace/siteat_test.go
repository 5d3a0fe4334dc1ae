package workspace_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/workspace"
)

// TestSiteAsOfADayGoneBy: site --at a past day builds the site as the
// file stood then (its lists, members and roles) from the history that
// had landed by then, each list under the id it has now; with --live it
// is refused, the groups being read as they are now.
func TestSiteAsOfADayGoneBy(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("bob@example.org", `reports = "member"`), "Start")
	then := f.repo.Date()
	announce := "\n[lists.announce]\naddress = \"announce@example.org\"\npolicy = \"p\"\n"
	f.repo.Commit("members.toml", header+announce+person("ada@example.org", `reports = "owner", announce = "owner"`)+person("bob@example.org", `reports = "owner"`)+person("lin@example.org", `announce = "member"`), "Promote bob, add announce (#7)")
	// The list's id changes later: the site names it as it is now.
	renamed := strings.Replace(header, "[lists.reports]", "[lists.security]", 1)
	f.repo.Commit("members.toml", renamed+announce+person("ada@example.org", `security = "owner", announce = "owner"`)+person("bob@example.org", `security = "owner"`)+person("lin@example.org", `announce = "member"`), "Rename reports")

	day := then.Truncate(24 * 60 * 60 * 1e9)
	out := filepath.Join(f.t.TempDir(), "site")
	if err := f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: day}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "list-announce.html")); err == nil {
		t.Errorf("the site as of %s has a page for announce, which came later", day.Format("2006-01-02"))
	}
	page, err := os.ReadFile(filepath.Join(out, "list-security.html"))
	if err != nil {
		t.Fatalf("no page for the list under its id now: %v", err)
	}
	text := string(page)
	if strings.Contains(text, "role changed") || strings.Contains(text, "Promote bob") || strings.Contains(text, "#7") {
		t.Errorf("the site as of %s shows a later change:\n%s", day.Format("2006-01-02"), text)
	}
	if !strings.Contains(text, "bob@example.org") || !strings.Contains(text, "joined") {
		t.Errorf("the site as of then lacks bob's joining:\n%s", text)
	}

	lo := workspace.LiveOptions{Emulator: true}
	err = f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: filepath.Join(f.t.TempDir(), "s"), At: day, Live: &lo})
	if err == nil || !strings.Contains(err.Error(), "--live") {
		t.Errorf("site --live --at a past day: %v, want a refusal", err)
	}
}
