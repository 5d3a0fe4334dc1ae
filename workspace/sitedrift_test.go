package workspace_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/workspace"
)

// TestAPublicRosterNeverCallsDriftItHidesAMatch: differences the public
// roster does not detail (an addition sync refuses, whose reason is a
// verdict on vetting) are still differences: its pages count them and
// say so in fixed words, never that the group matched the file, and name
// no one they hold back. The auditor's site details them.
func TestAPublicRosterNeverCallsDriftItHidesAMatch(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, emulator.Options{})
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	// bob's record is by someone on no list: sync does not add him.
	bob := "\n[[member]]\nemail = \"bob@example.org\"\nname = \"Bob Held\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"nobody@example.org\", on = 2026-06-01, method = \"video-call\" }]\n"
	f.write("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`)+bob)
	for _, public := range []bool{false, true} {
		page, index := f.liveSite(public)
		if strings.Contains(string(page), "matched the file") || strings.Contains(string(index), "every group matched") || !strings.Contains(string(index), "1 difference from the file") {
			t.Errorf("public %v: a difference passes for a match:\n%s\n%s", public, page, index)
		}
		shown := "someone the file lists is not on the group yet, and sync does not add them yet"
		if !public {
			shown = "bob@example.org is in the file but not yet on security@example.org; sync will not make this change"
		}
		if !strings.Contains(string(page), shown) || public && strings.Contains(string(page), "Bob Held is in the file") {
			t.Errorf("public %v: want %q on the page:\n%s", public, shown, page)
		}
	}
}

// TestAPublicRostersDriftNamesNoHiddenList: a list whose id and
// description spell an address side by side is hidden on the public
// roster; its drift says "this list" in fixed words, never the id (a
// list whose policy fails, so that the drift speaks of the list). And a
// file sync refuses whole fails the run, as the scheduled sync fails.
func TestAPublicRostersDriftNamesNoHiddenList(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, emulator.Options{})
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	hdr := strings.Replace(strings.Replace(header, "[lists.reports]", "[lists.\"jane.doe\"]\ndescription = \"(zorbix dot io)\"", 1), "min_owners = 1", "min_owners = 2", 1)
	f.write("members.toml", hdr+person("ada@example.org", `"jane.doe" = "owner"`))
	live := f.live()
	out := filepath.Join(t.TempDir(), "site")
	r := f.outcome(f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: todayDate, Live: &live, Public: true}))
	pages, _ := filepath.Glob(filepath.Join(out, "*.html"))
	for _, p := range pages {
		data, _ := os.ReadFile(p)
		if strings.Contains(string(data), "jane.doe") {
			t.Errorf("%s names the hidden list (exit %d):\n%s", filepath.Base(p), r.code, data)
		}
	}
	if len(pages) < 2 {
		t.Fatalf("exit %d, pages %v\n%s", r.code, pages, r.stderr)
	}
	// Refused whole: two lists on one group.
	f.write("members.toml", header+"\n[lists.dup]\naddress = \"security@example.org\"\npolicy = \"p\"\n"+person("ada@example.org", `reports = "owner"`))
	r = f.outcome(f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: todayDate, Live: &live, Public: true}))
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "one sync refuses whole") {
		t.Errorf("a file sync refuses whole: exit %d\n%s", r.code, r.stderr)
	}
}

// TestASiteOfAListWithNoGroupFails: site --live of a list whose group
// does not exist (and that sync does not create) writes the pages and
// fails, as sync fails on it, naming the list.
func TestASiteOfAListWithNoGroupFails(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, emulator.Options{})
	f.write("members.toml", founded(header)+founder(`reports = "owner"`))
	live := f.live()
	out := filepath.Join(t.TempDir(), "site")
	r := f.outcome(f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: todayDate, Live: &live}))
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "the group of 1 list does not exist") || !strings.Contains(r.stderr, "reports") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "list-reports.html")); err != nil {
		t.Errorf("the site was not written: %v", err)
	}
}

// TestAPublicRosterNamesNoOneWhosePromotionIsRefused: grace is a member
// on the group; the file makes her owner on a record that admits her to
// no role, so sync does not promote her. The public roster says so in
// fixed words, naming no one (the refusal is a verdict on her vetting,
// as a refused addition's is); the auditor's site names her.
func TestAPublicRosterNamesNoOneWhosePromotionIsRefused(t *testing.T) {
	t.Parallel()
	f := newFixtureWith(t, emulator.Options{})
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	grace := "\n[[member]]\nemail = \"grace@example.org\"\nname = \"Grace Held\"\nlists = { reports = \"owner\" }\nvetting = [{ by = \"ada@example.org\", on = 2027-06-01, method = \"video-call\" }]\n"
	f.write("members.toml", header+person("ada@example.org", `reports = "owner"`)+grace)
	for _, public := range []bool{false, true} {
		page, _ := f.liveSite(public)
		drift := string(page)
		if i := strings.Index(drift, "Drift"); i >= 0 {
			drift = drift[i:]
		}
		switch {
		case public && (strings.Contains(drift, "Grace Held is member") || !strings.Contains(drift, "sync does not promote them yet")):
			t.Errorf("the public roster names whose promotion sync refuses:\n%s", page)
		case !public && !strings.Contains(drift, "grace@example.org is member on security@example.org; the file says owner"):
			t.Errorf("the auditor's site does not name grace:\n%s", page)
		}
	}
}

// liveSite builds the site (public or the auditor's) of members.toml
// with the fixture's domain as the live side, and returns reports' page
// and the index.
func (f *fixture) liveSite(public bool) (page, index []byte) {
	f.t.Helper()
	live := f.live()
	out := filepath.Join(f.t.TempDir(), "site")
	r := f.outcome(f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: todayDate, Live: &live, Public: public}))
	if r.code != 0 {
		f.t.Fatalf("public %v: exit %d\n%s%s", public, r.code, r.stdout, r.stderr)
	}
	page, _ = os.ReadFile(filepath.Join(out, "list-reports.html"))
	index, _ = os.ReadFile(filepath.Join(out, "index.html"))
	return page, index
}
