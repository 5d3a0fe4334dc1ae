package workspace_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// Each test here is one class of failure from "Every route to the same
// truth", reached by at least two routes.

// TestTidyUpKeepsRemovals: whom roster managed is keyed by the group,
// so a person taken off in the same commit that renames the list, moves
// the file, or moves the list in from another file is still removed.
func TestTidyUpKeepsRemovals(t *testing.T) {
	base := header + person("ada@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "member"`)
	lin := person("lin@example.org", `reports = "member"`)
	renamed := func(s string) string {
		return strings.NewReplacer("[lists.reports]", "[lists.security-reports]", "reports = ", "security-reports = ").Replace(s)
	}
	routes := []struct {
		name string
		// before commits the starting point; after makes the tidy-up
		// commit and returns the members file's path.
		before, after func(f *fixture) string
	}{
		{"list id renamed in the same commit", func(f *fixture) string {
			f.repo.Commit("members.toml", base+lin, "Create the list (#1)")
			return "members.toml"
		}, func(f *fixture) string {
			f.repo.Commit("members.toml", renamed(base), "Rename the list, and take lin off (#2)")
			return "members.toml"
		}},
		{"file moved in git in the same commit", func(f *fixture) string {
			f.repo.Commit("members.toml", base+lin, "Create the list (#1)")
			return "members.toml"
		}, func(f *fixture) string {
			f.repo.Git("mv", "members.toml", "lists.toml")
			f.write("lists.toml", base)
			f.repo.Git("commit", "-qam", "Move the file, and take lin off (#2)")
			return "lists.toml"
		}},
		{"list moved in from another file", func(f *fixture) string {
			f.repo.Commit("old.toml", base+lin, "Create the list in old.toml (#1)")
			return "old.toml"
		}, func(f *fixture) string {
			f.write("members.toml", base)
			f.repo.Git("rm", "-q", "old.toml")
			f.repo.Git("add", "members.toml")
			f.repo.Git("commit", "-qm", "Move the list into members.toml, without lin (#2)")
			return "members.toml"
		}},
	}
	for _, rt := range routes {
		t.Run(rt.name, func(t *testing.T) {
			f := newRepoFixture(t)
			rt.before(f)
			if err := f.emu.AddGroup("security@example.org",
				emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"}, emulator.Member{Email: "lin@example.org"},
				emulator.Member{Email: "walk-in@example.org"}); err != nil {
				t.Fatal(err)
			}
			file := rt.after(f)
			err := f.ws(workspace.Context{}).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: file}, Live: f.live(), Guards: plan.DefaultGuards()})
			if code := workspace.Code(err); code != workspace.ExitWalkIns {
				t.Fatalf("sync: exit %d (%v), want %d (the walk-in stays)\n%s%s", code, err, workspace.ExitWalkIns, f.stdout.String(), f.stderr.String())
			}
			want := []string{"ada@example.org OWNER", "grace@example.org MEMBER", "walk-in@example.org MEMBER"}
			if got := f.group("security@example.org"); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("live: %v, want lin removed and the walk-in kept: %v\n%s", got, want, f.stdout.String())
			}
		})
	}
}

// TestOwnersNeverBelowMinimum: every write that lowers a group's owners
// passes one check, whatever produced it. The file makes bob (written as
// his alias robert@) a member and carol an owner; carol's add fails (no
// Google account), so bob must stay owner: whether the demotion comes
// from an add that Google answered "already a member" (more entries than
// the plan looks up) or from the plan finding the alias.
func TestOwnersNeverBelowMinimum(t *testing.T) {
	hdr := strings.Replace(strings.Replace(header, "min_owners = 1", "min_owners = 2", 1), `unmanaged = "report"`, `unmanaged = "remove"`, 1)
	file := hdr + person("ada@example.org", `reports = "owner"`) + person("carol@example.org", `reports = "owner"`) + person("robert@example.org", `reports = "member"`)
	var many strings.Builder
	for i := range 30 {
		many.WriteString(person(fmt.Sprintf("new%02d@example.org", i), `reports = "member"`))
	}
	for _, rt := range []struct{ name, file string }{
		{"an add answered already-a-member, past the look-up cap", file + many.String()},
		{"a demotion found through the alias", file},
	} {
		t.Run(rt.name, func(t *testing.T) {
			f := newFixtureWith(t, emulator.Options{State: &emulator.State{NoAccount: []string{"carol@example.org"}}})
			f.write("members.toml", rt.file)
			if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "OWNER"}); err != nil {
				t.Fatal(err)
			}
			f.emu.AddAlias("robert@example.org", "bob@example.org")
			err := f.ws(workspace.Context{}).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(),
				Guards: plan.Guards{MaxRemovals: 100, MaxRemovalRatio: 1}})
			if owners := f.owners("security@example.org"); owners < 2 || workspace.Code(err) != workspace.ExitFailed {
				t.Errorf("the group has %d owners, policy needs 2 (exit %d)\n%v\n%s%s", owners, workspace.Code(err), f.group("security@example.org"), f.stdout.String(), f.stderr.String())
			}
			t.Log(f.stdout.String())
			if !strings.Contains(f.stdout.String(), "SKIPPED") && !strings.Contains(f.stdout.String(), "policy needs 2") {
				t.Errorf("the refused demotion is not reported:\n%s", f.stdout.String())
			}
		})
	}
}

// TestLiveLookAlikeIsVisible: a live member whose address only looks
// like a file entry's (a Cyrillic letter) prints differently from it, by
// every route that shows live members: the plan (text and markdown), the
// live audit (text, markdown and CSV) and the site's drift section.
func TestLiveLookAlikeIsVisible(t *testing.T) {
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("other@example.org", `reports = "owner"`), "The list")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "oth\u0435r@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	src := workspace.Source{Path: "members.toml"}
	for _, route := range []struct {
		name string
		run  func() string
	}{
		{"plan", func() string {
			_ = f.ws(workspace.Context{}).Plan(ctx, workspace.PlanOptions{Source: src, Format: report.Text, Live: f.live(), Guards: plan.DefaultGuards()})
			return f.stdout.String()
		}},
		{"plan --format markdown", func() string {
			_ = f.ws(workspace.Context{}).Plan(ctx, workspace.PlanOptions{Source: src, Format: report.Markdown, Live: f.live(), Guards: plan.DefaultGuards()})
			return f.stdout.String()
		}},
		{"audit --live", func() string { return f.doAudit(true, workspace.AuditOptions{Source: src}).stdout }},
		{"audit --live --format markdown", func() string {
			return f.doAudit(true, workspace.AuditOptions{Source: src, Format: report.Markdown}).stdout
		}},
		{"audit --live --format csv", func() string { return f.doAudit(true, workspace.AuditOptions{Source: src, Format: report.CSV}).stdout }},
		// JSON keeps the address as Google has it, and marks it beside
		// (the plan's "lookalike"), or in the message (audit), for
		// whoever prints them (s16-20 finding 3).
		{"plan --format json", func() string {
			_ = f.ws(workspace.Context{}).Plan(ctx, workspace.PlanOptions{Source: src, Format: report.JSON, Live: f.live(), Guards: plan.DefaultGuards()})
			return strings.ReplaceAll(f.stdout.String(), `\u`, "U+")
		}},
		{"audit --live --format json", func() string {
			return strings.ReplaceAll(f.doAudit(true, workspace.AuditOptions{Source: src, Format: report.JSON}).stdout, `\u`, "U+")
		}},
		{"site --live", func() string {
			data := f.liveSitePage(false)
			return html.UnescapeString(string(data))
		}},
		// Last: it adds the Latin other@ beside the look-alike. The plan
		// inside the scheduled job's document is marked as plan's is
		// (s17-20 finding 1): its unmanaged member's own field, not only
		// the walk_ins line, which named it before.
		{"sync --format json", func() string {
			r := f.doSync(workspace.SyncOptions{Format: report.JSON})
			var doc struct {
				Plan struct {
					Lists []struct {
						Unmanaged []struct{ Lookalike string }
					}
				}
			}
			if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.Plan.Lists) == 0 || len(doc.Plan.Lists[0].Unmanaged) == 0 {
				return fmt.Sprintf("%v\n%s", err, r.stdout)
			}
			return doc.Plan.Lists[0].Unmanaged[0].Lookalike
		}},
	} {
		t.Run(route.name, func(t *testing.T) {
			if out := route.run(); !strings.Contains(out, "U+0435") {
				t.Errorf("the look-alike is not named:\n%s", out)
			}
		})
	}
	// The mark is the address's, written with the plan and never read
	// back: a saved plan that holds it still holds.
	out := filepath.Join(f.dir, "plan.json")
	_ = f.ws(workspace.Context{}).Plan(ctx, workspace.PlanOptions{Source: src, Format: report.Text, Out: out, Live: f.live(), Guards: plan.DefaultGuards()})
	if data, err := os.ReadFile(out); err != nil || !strings.Contains(string(data), `"lookalike"`) {
		t.Fatalf("the saved plan: %v\n%s", err, data)
	}
	if r := f.doApply(out, workspace.ApplyOptions{}); strings.Contains(r.stderr, "no longer holds") {
		t.Errorf("apply: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestAppliedLookAlikeIsMarked: a look-alike that sync or apply takes
// off is marked in the document of what they did (applied, kept,
// failed), not only in the plan: scripts read the outcome.
func TestAppliedLookAlikeIsMarked(t *testing.T) {
	t.Parallel()
	remove := strings.Replace(header, `unmanaged = "report"`, `unmanaged = "remove"`, 1)
	for _, route := range []string{"sync", "apply"} {
		t.Run(route, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			f.repo.Commit("members.toml", remove+person("ada@example.org", `reports = "owner"`)+person("other@example.org", `reports = "owner"`), "The list")
			if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "other@example.org", Role: "OWNER"}, emulator.Member{Email: "oth\u0435r@example.org", Role: "MEMBER"}); err != nil {
				t.Fatal(err)
			}
			var r outcome
			if route == "sync" {
				r = f.doSync(workspace.SyncOptions{Format: report.JSON})
			} else {
				out := filepath.Join(f.dir, "plan.json")
				f.doPlan(workspace.PlanOptions{Out: out})
				r = f.doApply(out, workspace.ApplyOptions{Format: report.JSON})
			}
			var doc struct {
				Lists []struct {
					Applied []struct{ Email, Lookalike string }
				}
			}
			if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.Lists) != 1 || len(doc.Lists[0].Applied) != 1 {
				t.Fatalf("exit %d, %v:\n%s%s", r.code, err, r.stdout, r.stderr)
			}
			if got := doc.Lists[0].Applied[0]; !strings.Contains(got.Lookalike, "U+0435") {
				t.Errorf("the removal of %q is not marked: %+v", got.Email, got)
			}
		})
	}
}

// TestWholeDomainMemberIsNamed: a live CUSTOMER member (everyone in the
// domain, no address) is named by audit --live, whether the policy keeps
// or removes strangers, and by the plan.
func TestWholeDomainMemberIsNamed(t *testing.T) {
	for _, unmanaged := range []string{"report", "remove"} {
		t.Run(unmanaged, func(t *testing.T) {
			f := newFixture(t, "")
			f.write("members.toml", strings.Replace(header, `unmanaged = "report"`, `unmanaged = "`+unmanaged+`"`, 1)+person("ada@example.org", `reports = "owner"`))
			if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{ID: "C01abc", Type: "CUSTOMER", Role: "MEMBER"}); err != nil {
				t.Fatal(err)
			}
			lo := f.live()
			err := f.ws(workspace.Context{}).Audit(ctx, workspace.AuditOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text, At: today, Live: &lo})
			if workspace.Code(err) != workspace.ExitFailed || !strings.Contains(f.stdout.String(), "all users") {
				t.Errorf("audit --live: exit %d\n%s%s", workspace.Code(err), f.stdout.String(), f.stderr.String())
			}
			err = f.ws(workspace.Context{}).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text, Live: lo, Guards: plan.DefaultGuards()})
			if !strings.Contains(f.stdout.String(), "all users") {
				t.Errorf("plan: exit %d\n%s", workspace.Code(err), f.stdout.String())
			}
		})
	}
}

// TestWholeDomainMemberIsNamedOnEveryRoute: the whole-domain member has
// no address to hide, so a pull request's plan names it as the full
// plan does, in text and markdown, and never as a person.
func TestWholeDomainMemberIsNamedOnEveryRoute(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "Start")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{ID: "C01abc", Type: "CUSTOMER", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		o    workspace.PlanOptions
		want string
	}{
		{"plan", workspace.PlanOptions{}, "every user of the domain receives this list's mail"},
		{"plan --format markdown", workspace.PlanOptions{Format: report.Markdown}, "kept, every user of the domain"},
		{"a pull request's plan", workspace.PlanOptions{Source: workspace.Source{Path: "members.toml", Rev: "HEAD"}, Base: "HEAD"}, "every user of the domain receives this list's mail"},
		{"a pull request's plan, markdown", workspace.PlanOptions{Source: workspace.Source{Path: "members.toml", Rev: "HEAD"}, Base: "HEAD", Format: report.Markdown}, "kept, every user of the domain"},
	} {
		r := f.doPlan(tc.o)
		if !strings.Contains(r.stdout, "all users in the domain (CUSTOMER ") || !strings.Contains(r.stdout, tc.want) || strings.Contains(r.stdout, "(hidden)") || strings.Contains(r.stdout, "person") {
			t.Errorf("%s: exit %d\n%s%s", tc.name, r.code, r.stdout, r.stderr)
		}
	}
}

// TestFailingListsAreNotRead: a list whose own policy fails in the file
// (too few owners; nobody on it, whatever min_owners says) is neither
// read nor written, and the run says so before any call; the other
// lists go on.
func TestFailingListsAreNotRead(t *testing.T) {
	for _, tc := range []struct{ use, minOwners string }{{"sync", "2"}, {"plan", "2"}, {"sync", "0"}, {"plan", "0"}} {
		var b strings.Builder
		b.WriteString("schema = 1\n\n[policies.p]\nmin_owners = " + tc.minOwners + "\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\n")
		for i := range 200 {
			fmt.Fprintf(&b, "\n[lists.l%03d]\naddress = \"l%03d@example.org\"\npolicy = \"p\"\n", i, i)
		}
		b.WriteString(person("ada@example.org", `l000 = "owner"`))
		use := tc.use
		t.Run(use+", min_owners "+tc.minOwners, func(t *testing.T) {
			f := newFixture(t, "")
			f.write("members.toml", b.String())
			ws := f.ws(workspace.Context{})
			var err error
			if use == "sync" {
				err = ws.Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards()})
			} else {
				err = ws.Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text, Live: f.live(), Guards: plan.DefaultGuards()})
			}
			// With min_owners 0, l000 (ada on it) is the one list read.
			calls, said := int64(0), "no list can be synced"
			if tc.minOwners == "0" {
				calls, said = f.emu.Counters()["members.list"], "199 lists"
				if calls != 1 {
					t.Errorf("%d groups read, want l000's alone", calls)
				}
			}
			if workspace.Code(err) != workspace.ExitFailed || f.calls() != calls {
				t.Errorf("exit %d, %d API calls; want 1 and %d\n%s", workspace.Code(err), f.calls(), calls, f.stderr.String())
			}
			if !strings.Contains(f.stderr.String(), said) || strings.Count(f.stderr.String(), "\n") > 30 {
				t.Errorf("the run does not say %q at once, or says it 200 times:\n%s", said, f.stderr.String())
			}
			// Each says where, as validate would.
			if !regexp.MustCompile(`list l001 is not read or synced: its policy fails: members\.toml:\d+:\d+: `).MatchString(f.stderr.String()) {
				t.Errorf("the failing list's line is not named:\n%s", f.stderr.String())
			}
		})
	}
}

// TestFreshRepository: before the file's first commit, plan and import
// keep the live members the file does not list, with a note, never git's
// own "bad revision 'HEAD'".
func TestFreshRepository(t *testing.T) {
	f := newRepoFixture(t)
	f.write("members.toml", strings.Replace(header, `vetting_methods = ["video-call"]`, `vetting_methods = ["video-call", "grandfathered"]`, 1)+person("ada@example.org", `reports = "owner"`))
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "stranger@example.org"}); err != nil {
		t.Fatal(err)
	}
	err := f.ws(workspace.Context{}).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text, Live: f.live(), Guards: plan.DefaultGuards()})
	out := f.stdout.String() + f.stderr.String()
	if workspace.Code(err) != workspace.ExitOK || !strings.Contains(out, "in a repository with no commits yet") || strings.Contains(out, "bad revision") {
		t.Errorf("plan: exit %d (%v)\n%s", workspace.Code(err), err, out)
	}
	err = f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", Live: f.live()})
	out = f.stdout.String() + f.stderr.String()
	if err != nil || !strings.Contains(f.read("members.toml"), "stranger@example.org") || strings.Contains(out, "bad revision") {
		t.Errorf("import: %v\n%s", err, out)
	}
}

// TestOrphanBranch: on a branch checked out with --orphan (other
// branches have commits), plan says so and what to do, not "a
// repository with no commits yet", as history says it (s31-routes).
func TestOrphanBranch(t *testing.T) {
	f := newRepoFixture(t)
	f.repo.Commit("README", "main's own\n", "Start (#1)")
	f.repo.Git("checkout", "-q", "--orphan", "fresh")
	f.write("members.toml", header+person("ada@example.org", `reports = "owner"`))
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "stranger@example.org"}); err != nil {
		t.Fatal(err)
	}
	err := f.ws(workspace.Context{}).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text, Live: f.live(), Guards: plan.DefaultGuards()})
	out := f.stdout.String() + f.stderr.String()
	if workspace.Code(err) != workspace.ExitOK || !strings.Contains(out, "members.toml is on a branch with no commits yet (an orphan branch: other branches have commits)") ||
		!strings.Contains(out, "check out the branch that has it") || strings.Contains(out, "repository with no commits yet") {
		t.Errorf("plan: exit %d (%v)\n%s", workspace.Code(err), err, out)
	}
}

// TestUnknownListIsOneRefusal: a mistyped --list is refused the same
// way on every command that takes one, naming the nearest id, and a
// hostile id is printed inert.
func TestUnknownListIsOneRefusal(t *testing.T) {
	t.Parallel()
	f := histRepo(t)
	routes := []struct {
		name string
		run  func(id string) outcome
	}{
		{"plan", func(id string) outcome { return f.doPlan(workspace.PlanOptions{Lists: []string{id}}) }},
		{"history", func(id string) outcome { return f.doHistory(workspace.HistoryOptions{Lists: []string{id}}) }},
		{"diff", func(id string) outcome { return f.doDiff(workspace.DiffOptions{From: "HEAD~4", Lists: []string{id}}) }},
	}
	for _, rt := range routes {
		t.Run(rt.name, func(t *testing.T) {
			r := rt.run("report")
			if r.code != 1 || !strings.Contains(r.stderr, "--list report: no such list") || !strings.Contains(r.stderr, "did you mean reports?") {
				t.Errorf("a near miss: exit %d\n%s", r.code, r.stderr)
			}
			// Cut short: the one id it starts.
			if r := rt.run("repo"); !strings.Contains(r.stderr, "did you mean reports?") {
				t.Errorf("an id cut short: exit %d\n%s", r.code, r.stderr)
			}
			r = rt.run("x\x1b[2Jy")
			if r.code != 1 || strings.Contains(r.stderr, "\x1b") || strings.Contains(r.stderr, "did you mean") {
				t.Errorf("a hostile id: exit %d\n%q", r.code, r.stderr)
			}
		})
	}
}

// TestListLimitsAuditAndSite: --list keeps audit and site to the lists
// named, with or without the live groups; a list outside it can neither
// fail the audit nor appear on a page.
func TestListLimitsAuditAndSite(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	two := header + `
[lists.announce]
address = "announce@example.org"
policy = "small"

[policies.small]
min_owners = 1
max_members = 1
vetting_methods = ["video-call"]
vetted_by = "member"
`
	f.write("members.toml", two+
		person("ada@example.org", `reports = "owner", announce = "owner"`)+
		person("grace@example.org", `reports = "member"`)+
		person("lin@example.org", `announce = "member"`))
	day := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)

	if r := f.doAudit(false, workspace.AuditOptions{At: day}); r.code != workspace.ExitFailed || !strings.Contains(r.stdout, "announce") {
		t.Fatalf("the whole file: exit %d, want 1 (announce is over its cap)\n%s", r.code, r.stdout)
	}
	r := f.doAudit(false, workspace.AuditOptions{At: day, Lists: []string{"reports"}, Format: report.JSON})
	if r.code != 0 || strings.Contains(r.stdout, "announce") {
		t.Errorf("audit --list reports: exit %d, want 0 and no word of announce\n%s", r.code, r.stdout)
	}
	if r := f.doAudit(false, workspace.AuditOptions{At: day, Lists: []string{"announce"}}); r.code != workspace.ExitFailed {
		t.Errorf("audit --list announce: exit %d, want 1\n%s", r.code, r.stdout)
	}

	out := filepath.Join(f.dir, "site")
	if err := f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: out, At: day, Lists: []string{"reports"}}); err != nil {
		t.Fatal(err)
	}
	var pages []string
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		pages = append(pages, e.Name())
		if data, _ := os.ReadFile(filepath.Join(out, e.Name())); strings.Contains(string(data), "announce") {
			t.Errorf("site --list reports: %s names announce", e.Name())
		}
	}
	if !slices.Contains(pages, "list-reports.html") || slices.Contains(pages, "list-announce.html") {
		t.Errorf("site --list reports wrote %v", pages)
	}
}

// TestNoWorkflowCommandOnAnyRoute: a field from the file or from git
// that carries a GitHub workflow command (the older "##[...]" syntax,
// which the runner finds anywhere in a line, or "::" after a space the
// runner trims), or a bidi override, reaches no line of any output as
// one: history, diff, show, audit and validate, in every format they
// offer, JSON included.
func TestNoWorkflowCommandOnAnyRoute(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	f.repo.Commit("members.toml", hdr+ada, "Create the list (#1)")
	hostile := strings.NewReplacer("Checked.", "Checked ##[error title=Approved]approved by @ada %0A::add-mask::x",
		`lists = {`, "name = \"Lin\u00a0\u2003::error::forged ##[stop-commands]t \u202egnp.exe\"\nlists = {").Replace(entry("lin@example.org", "member", "ada@example.org", "2026-03-02"))
	f.repo.Write("members.toml", hdr+ada+hostile)
	f.repo.Git("add", "members.toml")
	f.repo.Git("commit", "-q", "--author", "x##[warning]forged <evil@example.org>", "-m", "Add lin ##[add-mask]secret \u202e (#2)")
	outcomes := map[string]outcome{}
	for _, format := range []report.Format{report.Text, report.JSON, report.CSV} {
		outcomes["history "+string(format)] = f.doHistory(workspace.HistoryOptions{Format: format})
	}
	for _, format := range []report.Format{report.Text, report.JSON, report.CSV, report.Markdown} {
		outcomes["audit "+string(format)] = f.doAudit(false, workspace.AuditOptions{Format: format})
	}
	for _, format := range []report.Format{report.Text, report.JSON} {
		outcomes["diff "+string(format)] = f.doDiff(workspace.DiffOptions{From: "HEAD~1", Format: format})
		outcomes["show "+string(format)] = f.doShow(workspace.ShowOptions{At: "HEAD", Format: format})
	}
	for _, format := range []report.Format{report.Text, report.JSON, report.GitHub} {
		outcomes["validate "+string(format)] = f.doValidate("members.toml", format, "")
	}
	for name, r := range outcomes {
		out := r.stdout + r.stderr
		if !strings.Contains(out, "lin@example.org") && !strings.Contains(name, "validate") && !strings.Contains(name, "audit") {
			t.Errorf("%s does not show the change:\n%s", name, out)
		}
		if strings.ContainsRune(out, '\u202e') {
			t.Errorf("%s prints a bidi override:\n%s", name, out)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, "##[") || strings.HasPrefix(strings.TrimLeftFunc(line, unicode.IsSpace), "::") && !strings.Contains(name, "github") {
				t.Errorf("%s prints a workflow command: %q", name, line)
			}
		}
	}
}

// TestAHostileRoleIsEscapedOnEveryRoute: a role is the file's text
// like any other field: validate refuses one roster does not know, but
// plan (text and the PR comment's Markdown) still prints the file, diff
// and show refuse the revision (sync refuses it whole) naming the role
// quoted, and none of them lets it start a line, a heading or HTML.
func TestAHostileRoleIsEscapedOnEveryRoute(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	lin := entry("lin@example.org", "member", "ada@example.org", "2026-03-02")
	f.repo.Commit("members.toml", hdr+ada+lin, "Create the list (#1)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "lin@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	role := `owner |\n\n### roster review\n\n**Approved** \u2705 approved by @ada-o <img src=\"https://attacker.example/p.png\">\n\u001b[2K::add-mask::x\n<!--`
	f.repo.Commit("members.toml", hdr+ada+strings.Replace(lin, `"member"`, `"`+role+`"`, 1), "Promote lin (#2)")
	outcomes := map[string]outcome{
		"plan text":       f.doPlan(workspace.PlanOptions{}),
		"plan markdown":   f.doPlan(workspace.PlanOptions{Format: report.Markdown, Base: "HEAD~1"}),
		"diff text":       f.doDiff(workspace.DiffOptions{From: "HEAD~1", To: "HEAD"}),
		"diff markdown":   f.doDiff(workspace.DiffOptions{From: "HEAD~1", To: "HEAD", Format: report.Markdown}),
		"show text":       f.doShow(workspace.ShowOptions{At: "HEAD"}),
		"history text":    f.doHistory(workspace.HistoryOptions{}),
		"validate text":   f.doValidate("members.toml", report.Text, ""),
		"validate github": f.doValidate("members.toml", report.GitHub, ""),
	}
	for name, r := range outcomes {
		out := r.stdout + r.stderr
		if !strings.Contains(out, "lin@example.org") {
			t.Errorf("%s does not show lin:\n%s", name, out)
		}
		for _, bad := range []string{"\n### roster review", "\n**Approved**", "<img", "<!--", "\x1b", "\n::add-mask"} {
			if strings.HasPrefix(bad, "<") && !strings.Contains(name, "markdown") {
				continue // text: shown as text
			}
			seen := out
			if strings.HasPrefix(bad, "<") {
				// Markdown is stdout; stderr is text (diff refuses the
				// revision, which sync refuses whole, naming the role
				// quoted).
				seen = r.stdout
			}
			if strings.Contains(seen, bad) {
				t.Errorf("%s lets the role print %q:\n%s", name, bad, out)
			}
		}
	}
}

// TestACopiedExampleHasNoSay: a members file created as a near copy of
// an example that stays (git log --follow calls it a copy) begins
// there: someone the example listed is no one roster took off, so the
// plan reports them, never removes them, and history has no event of
// theirs.
func TestACopiedExampleHasNoSay(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	w := entry("w@example.org", "member", "ada@example.org", "2026-01-05")
	f.repo.Commit("examples/members.toml", hdr+ada+w, "An example (#1)")
	f.repo.Commit("members.toml", hdr+ada, "Adopt the list (#2)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "w@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	r := f.doPlan(workspace.PlanOptions{})
	if !strings.Contains(r.stdout, "? w@example.org") || strings.Contains(r.stdout, "- w@example.org") {
		t.Errorf("the example's entry speaks for the members file:\n%s%s", r.stdout, r.stderr)
	}
	if h := f.doHistory(workspace.HistoryOptions{Member: "w@example.org"}); strings.Contains(h.stdout, "w@example.org") {
		t.Errorf("history tells the example's story as the file's:\n%s", h.stdout)
	}
}

// TestOneMailboxTwoSpellingsOnTheGroup: an entry and a live member that
// are one inbox spelled two ways (a +tag) are one member, whichever the
// file writes and however it came to: plan adds no second spelling and
// calls neither a walk-in (the file cannot name both: validate refuses
// two entries of one mailbox), and says which spelling Google has.
func TestOneMailboxTwoSpellingsOnTheGroup(t *testing.T) {
	t.Parallel()
	hdr := founded(readTestdata(t, "report-list/members.toml"))
	ada := founder(`reports = "owner"`)
	for _, tc := range []struct{ file, live string }{
		{"bob+x@gmail.com", "bob@gmail.com"},
		{"bob@gmail.com", "b.ob+lists@googlemail.com"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			f.repo.Commit("members.toml", hdr+ada+entry(tc.file, "member", "ada@example.org", "2026-01-05"), "The list (#1)")
			if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: tc.live, Role: "MEMBER"}); err != nil {
				t.Fatal(err)
			}
			r := f.doPlan(workspace.PlanOptions{})
			if !strings.Contains(r.stdout, "= "+tc.file) || !strings.Contains(r.stdout, "(the same mailbox, another spelling)") ||
				strings.Contains(r.stdout, "+ "+tc.file) || strings.Contains(r.stdout, "? ") || strings.Contains(r.stdout, "- ") {
				t.Errorf("plan:\n%s%s", r.stdout, r.stderr)
			}
			if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
				t.Errorf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if a := f.doAudit(true, workspace.AuditOptions{}); !strings.Contains(a.stdout+a.stderr, "the same mailbox, another spelling") {
				t.Errorf("audit --live does not say so:\n%s%s", a.stdout, a.stderr)
			}
			// The file takes the entry off: the member it was matched
			// to is taken off, not kept as a walk-in.
			f.repo.Commit("members.toml", hdr+ada, "Take bob off (#2)")
			if r := f.doPlan(workspace.PlanOptions{}); !regexp.MustCompile(`- `+regexp.QuoteMeta(tc.live)+` .*taken off the list`).MatchString(r.stdout) || strings.Contains(r.stdout, "? ") {
				t.Errorf("plan after the entry is taken off:\n%s%s", r.stdout, r.stderr)
			}
		})
	}
}

// TestAnEntryWrittenWithAnotherHeaderIsTakenOff: an entry written with
// a header TOML allows but the exact [[member]] line is not ([[ member ]]),
// before the first [[member]], is someone the file listed: taken off, the
// plan removes them, and history names the commit that added them.
func TestAnEntryWrittenWithAnotherHeaderIsTakenOff(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	mallory := strings.Replace(entry("mallory@example.org", "member", "ada@example.org", "2026-01-05"), "[[member]]", "[[ member ]]", 1)
	f.repo.Commit("members.toml", hdr+mallory+ada, "Add mallory (#1)")
	f.repo.Commit("members.toml", hdr+ada, "Take mallory off (#2)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "mallory@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	if r := f.doPlan(workspace.PlanOptions{}); !regexp.MustCompile(`- mallory@example.org .*taken off the list`).MatchString(r.stdout) {
		t.Errorf("plan:\n%s%s", r.stdout, r.stderr)
	}
	if h := f.doHistory(workspace.HistoryOptions{Member: "mallory@example.org"}); !regexp.MustCompile(`added .*Add mallory \(#1\)`).MatchString(h.stdout) {
		t.Errorf("history:\n%s%s", h.stdout, h.stderr)
	}
}

// TestEveryIDOfARenamedList: a list renamed in the file (same group) is
// one list, and every command that takes --list takes either id, for
// any window or revision: history (whole, or a window after the
// rename), show at a revision from before the rename or after it, and
// diff between two revisions that both predate it. An id the list
// never had is refused, naming the ids there are.
func TestEveryIDOfARenamedList(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	lin := entry("lin@example.org", "member", "ada@example.org", "2026-03-02")
	grace := entry("grace@example.org", "member", "ada@example.org", "2026-01-05")
	f.repo.Commit("members.toml", hdr+ada, "Create the list (#1)")
	f.repo.Commit("members.toml", hdr+ada+lin, "Add lin (#2)")
	renamed := func(s string) string {
		return strings.NewReplacer("[lists.reports]", "[lists.security-reports]", "reports = ", "security-reports = ").Replace(s)
	}
	f.repo.Commit("members.toml", renamed(hdr+ada+lin), "Rename the list (#3)")
	f.repo.Commit("members.toml", renamed(hdr+ada+lin+grace), "Add grace (#4)")
	afterRename := f.repo.Date().AddDate(0, 0, -1).Format("2006-01-02")

	for _, id := range []string{"reports", "security-reports"} {
		t.Run(id, func(t *testing.T) {
			r := f.doHistory(workspace.HistoryOptions{Lists: []string{id}})
			if r.code != 0 || !strings.Contains(r.stdout, "lin@example.org") || !strings.Contains(r.stdout, "grace@example.org") {
				t.Errorf("history --list %s: exit %d\n%s%s", id, r.code, r.stdout, r.stderr)
			}
			r = f.doHistory(workspace.HistoryOptions{Lists: []string{id}, Since: afterRename})
			if r.code != 0 || strings.Contains(r.stdout, "lin@example.org") || !strings.Contains(r.stdout, "grace@example.org") {
				t.Errorf("history --list %s --since %s: exit %d\n%s%s", id, afterRename, r.code, r.stdout, r.stderr)
			}
			for _, at := range []string{"HEAD~2", "HEAD"} {
				r = f.doShow(workspace.ShowOptions{At: at, Lists: []string{id}})
				// Named by the id it has now, as history names it.
				if r.code != 0 || !strings.Contains(r.stdout, "lin@example.org") || !strings.Contains(r.stdout, "list security-reports:") {
					t.Errorf("show --at %s --list %s: exit %d\n%s%s", at, id, r.code, r.stdout, r.stderr)
				}
			}
			r = f.doDiff(workspace.DiffOptions{From: "HEAD~3", To: "HEAD~2", Lists: []string{id}})
			if r.code != 0 || !strings.Contains(r.stdout, "+ lin@example.org") {
				t.Errorf("diff HEAD~3 HEAD~2 --list %s: exit %d\n%s%s", id, r.code, r.stdout, r.stderr)
			}
		})
	}
	for name, r := range map[string]outcome{
		"history": f.doHistory(workspace.HistoryOptions{Lists: []string{"security-report"}}),
		"show":    f.doShow(workspace.ShowOptions{At: "HEAD~2", Lists: []string{"security-report"}}),
		"diff":    f.doDiff(workspace.DiffOptions{From: "HEAD~3", To: "HEAD~2", Lists: []string{"security-report"}}),
	} {
		if r.code != 1 || !strings.Contains(r.stderr, "--list security-report: no such list") || !strings.Contains(r.stderr, "reports") {
			t.Errorf("%s: a list that never had the id: exit %d\n%s", name, r.code, r.stderr)
		}
	}
}

// TestHintsQuoteHostileAddresses: an address may hold a backquote, a
// '$', a quote or start with '-' (RFC 5322 allows them); every command
// roster prints for one, in validate's findings and after an edit, reads
// back in a POSIX shell as the address itself, one word, and runs
// nothing. A pasted hint must never run what a PR author put in an
// address.
func TestHintsQuoteHostileAddresses(t *testing.T) {
	t.Parallel()
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	hostile := []string{"x`touch${IFS}pwned`@example.org", "o'brien@example.org", "-dash@example.org", "--x@example.org", "a$HOME|b&c@example.org"}
	f := newFixture(t, "")
	content := header + person("ada@example.org", `reports = "owner"`)
	for _, e := range hostile {
		// No vetting record: validate says how to add one. On no list:
		// it says how to remove the entry.
		content += "\n[[member]]\nemail = \"" + e + "\"\nlists = { reports = \"member\" }\n"
	}
	content += "\n[[member]]\nemail = \"-nolist@example.org\"\n\n[[member]]\nemail = \"--file=x@example.org\"\n"
	f.write("members.toml", content)
	r := f.outcome(f.ws(workspace.Context{File: "members.toml"}).Validate(ctx, workspace.ValidateOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text, At: todayDate}))
	out := r.stdout + r.stderr
	hints := 0
	for rest := out; ; {
		i := strings.Index(rest, "'roster ")
		if i < 0 {
			break
		}
		rest = rest[i+1:]
		j := 0
		for ; j < len(rest) && rest[j] != '\''; j++ {
			if rest[j] == '\\' {
				j++
			}
		}
		line := rest[:j]
		rest = rest[j:]
		got, err := exec.Command(sh, "-c", "cd "+f.dir+" && set -- "+strings.TrimPrefix(line, "roster ")+` && printf '%s\n' "$@"`).Output()
		if err != nil {
			t.Errorf("sh cannot read %s: %v", line, err)
			continue
		}
		words := strings.Split(strings.TrimSuffix(string(got), "\n"), "\n")
		found := false
		for _, e := range append(hostile, "-nolist@example.org", "--file=x@example.org", "ada@example.org") {
			found = found || slices.Contains(words, e)
		}
		if strings.Contains(line, "example.org") && !found {
			t.Errorf("%s reads back as %q, not the address", line, words)
		}
		for k, w := range words {
			if strings.HasPrefix(w, "-") && strings.Contains(w, "@") && !slices.Contains(words[:k], "--") {
				t.Errorf("%s: roster would read %s as a flag", line, w)
			}
		}
		hints++
	}
	if hints < len(hostile)+1 || !strings.Contains(out, "touch") {
		t.Errorf("%d hints, want one per hostile entry:\n%s", hints, out)
	}
	if _, err := os.Stat(filepath.Join(f.dir, "pwned")); err == nil {
		t.Error("a hint ran what an address held")
	}
}

// TestAReusedIDNamesTheListThatHasItNow: an id renamed away and then
// given to a new list (another group) names the new list in history
// and diff; the old list's history stays under its new id.
func TestAReusedIDNamesTheListThatHasItNow(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	lin := entry("lin@example.org", "member", "ada@example.org", "2026-03-02")
	f.repo.Commit("members.toml", hdr+ada+lin, "Create the list with lin (#1)")
	early := strings.NewReplacer("[lists.reports]", "[lists.early]", "reports = ", "early = ").Replace(hdr + ada + lin)
	f.repo.Commit("members.toml", early, "Rename it early (#2)")
	reused := early + "\n[lists.reports]\naddress = \"new-reports@example.org\"\npolicy = \"p\"\n" +
		strings.Replace(entry("grace@example.org", "owner", "ada@example.org", "2026-03-02"), "reports = ", "reports = ", 1)
	f.repo.Commit("members.toml", reused, "A new reports list, with grace (#3)")
	r := f.doHistory(workspace.HistoryOptions{Lists: []string{"reports"}})
	if r.code != 0 || strings.Contains(r.stdout, "lin@example.org") || !strings.Contains(r.stdout, "grace@example.org") {
		t.Errorf("history --list reports: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = f.doDiff(workspace.DiffOptions{From: "HEAD~2", To: "HEAD", Lists: []string{"reports"}})
	if r.code != 0 || strings.Contains(r.stdout, "list early") || !strings.Contains(r.stdout, "grace@example.org") {
		t.Errorf("diff --list reports: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = f.doHistory(workspace.HistoryOptions{Lists: []string{"early"}})
	if r.code != 0 || !strings.Contains(r.stdout, "lin@example.org") || regexp.MustCompile(`grace@example.org +owner`).MatchString(r.stdout) {
		t.Errorf("history --list early: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestSwappedIDsNameTheListsTheyHaveNow: two lists that swap ids (and
// one loses a member in that commit) are each their group: --list K is
// the group K names now on every route (history whole or in a window
// before the swap, show at a date before it, diff across it), and every
// event is labelled with the id its list has now.
func TestSwappedIDsNameTheListsTheyHaveNow(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	two := func(k, l string) string {
		return "schema = 1\n\n[lists." + k + "]\naddress = \"k@example.org\"\npolicy = \"p\"\n\n[lists." + l + "]\naddress = \"a@example.org\"\npolicy = \"p\"\n\n" +
			"[policies.p]\nmin_owners = 1\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\n"
	}
	on := func(email, list, role string) string {
		return strings.Replace(entry(email, role, "ada@example.org", "2026-01-05"), "reports = ", list+" = ", 1)
	}
	owner := func(k, l string) string {
		return strings.Replace(entry("ada@example.org", "owner", "grace@example.org", "2026-01-05"), `reports = "owner"`, k+` = "owner", `+l+` = "owner"`, 1)
	}
	// Before: K is k@ (with bob), L is a@ (with carol). After: L is k@
	// (bob dropped), K is a@.
	f.repo.Commit("members.toml", two("K", "L")+owner("K", "L")+on("bob@example.org", "K", "member")+on("carol@example.org", "L", "member"), "Two lists (#1)")
	f.repo.Commit("members.toml", two("L", "K")+owner("L", "K")+on("carol@example.org", "K", "member"), "Swap the ids, drop bob (#2)")
	day := f.repo.Git("log", "-1", "--format=%cs", "HEAD~1")
	day = strings.TrimSpace(day)
	for name, r := range map[string]outcome{
		"history --list K":           f.doHistory(workspace.HistoryOptions{Lists: []string{"K"}}),
		"history --list K --until D": f.doHistory(workspace.HistoryOptions{Lists: []string{"K"}, Until: day}),
		"show --at D --list K":       f.doShow(workspace.ShowOptions{At: day, Lists: []string{"K"}}),
		"show --at HEAD~1 --list K":  f.doShow(workspace.ShowOptions{At: "HEAD~1", Lists: []string{"K"}}),
		"diff HEAD~1 HEAD --list K":  f.doDiff(workspace.DiffOptions{From: "HEAD~1", To: "HEAD", Lists: []string{"K"}}),
	} {
		if strings.Contains(r.stdout, "bob@example.org") || strings.Contains(r.stdout, "list L") || strings.Contains(r.stdout, " L ") {
			t.Errorf("%s reads k@ (K's group before the swap), or labels by the old id:\n%s%s", name, r.stdout, r.stderr)
		}
		if strings.HasPrefix(name, "diff") {
			continue // carol stayed on a@: no change
		}
		if !strings.Contains(r.stdout, "carol@example.org") {
			t.Errorf("%s does not read a@ (K's group now):\n%s%s", name, r.stdout, r.stderr)
		}
	}
	// A window before the swap labels its events by the ids now.
	r := f.doHistory(workspace.HistoryOptions{Until: day, Format: report.CSV})
	if !strings.Contains(r.stdout, ",L,bob@example.org,added") || !strings.Contains(r.stdout, ",K,carol@example.org,added") {
		t.Errorf("history --until D labels by the ids then:\n%s%s", r.stdout, r.stderr)
	}
}

// TestAReusedIDNamesNoOldGroupAtAnEarlierRevision: an id given to a new
// list (another group) after its old list was renamed names the new
// list at every revision: show at a revision before the new list
// existed says there was none, never shows the old list under it.
func TestAReusedIDNamesNoOldGroupAtAnEarlierRevision(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	f.repo.Commit("members.toml", hdr+ada, "The list (#1)")
	renamed := strings.NewReplacer("[lists.reports]", "[lists.news]", "reports = ", "news = ").Replace(hdr + ada)
	f.repo.Commit("members.toml", renamed+"\n[lists.reports]\naddress = \"other@example.org\"\npolicy = \"p\"\n", "Rename it, a new reports list (#2)")
	r := f.doShow(workspace.ShowOptions{At: "HEAD~1", Lists: []string{"reports"}})
	if r.code == 0 || strings.Contains(r.stdout, "ada@example.org") || !strings.Contains(r.stderr, "news") {
		t.Errorf("show --at HEAD~1 --list reports: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := f.doShow(workspace.ShowOptions{At: "HEAD~1", Lists: []string{"news"}}); r.code != 0 || !strings.Contains(r.stdout, "ada@example.org") {
		t.Errorf("show --at HEAD~1 --list news: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestEveryRouteNamesTheAdmittingRecord: a member with a record the
// list's policy accepts and a newer one it does not is on the list on
// the strength of the first; show, diff (text and markdown) and the
// site's timeline name that record, as audit judges it, not the newest.
func TestEveryRouteNamesTheAdmittingRecord(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-06-01")
	f.repo.Commit("members.toml", hdr+ada, "The list (#1)")
	dee := entry("dee@example.org", "member", "ada@example.org", "2026-02-01") +
		"\n  [[member.vetting]]\n  by = \"ada@example.org\"\n  on = 2026-02-20\n  method = \"vendor-contact\"\n  note = \"Newer, of a method the policy does not take.\"\n"
	f.repo.Commit("members.toml", hdr+ada+dee, "Add dee (#2)")
	for name, r := range map[string]outcome{
		"show":          f.doShow(workspace.ShowOptions{At: "HEAD"}),
		"diff":          f.doDiff(workspace.DiffOptions{From: "HEAD~1", To: "HEAD"}),
		"diff markdown": f.doDiff(workspace.DiffOptions{From: "HEAD~1", To: "HEAD", Format: report.Markdown}),
	} {
		if r.code != 0 || !strings.Contains(r.stdout, "on 2026-02-01 (video-call)") || strings.Contains(r.stdout, "vendor-contact") {
			t.Errorf("%s: exit %d\n%s%s", name, r.code, r.stdout, r.stderr)
		}
	}
	if page := f.sitePage("list-reports.html"); !strings.Contains(page, "video-call") || strings.Contains(page, "vendor-contact") {
		t.Errorf("the site names another record than the one that admitted dee")
	}
	// review names it to the owner who approves dee on the strength of
	// it (the change is not approved yet: exit 1).
	r := f.outcome(f.ws(workspace.Context{}).Review(context.Background(), workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text}))
	if !strings.Contains(r.stdout, "+ dee@example.org (member), vetted by ada@example.org on 2026-02-01 (video-call)") {
		t.Errorf("review names another record than the one that admits dee:\n%s%s", r.stdout, r.stderr)
	}
}

// TestCommitsDatedOutOfOrder: a commit dated after a later one on the
// main line (a rebase, a skewed clock) had landed by the later one's
// date. history's window, its dates, show --at and the site's chart all
// read it so: no event outside the window asked for, and a chart that
// never goes back in time.
func TestCommitsDatedOutOfOrder(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-01")
	bee := entry("bee@example.org", "member", "ada@example.org", "2026-01-01")
	cy := entry("cy@example.org", "member", "ada@example.org", "2026-01-01")
	commit := func(content, subject, date string) {
		f.repo.Write("members.toml", content)
		f.repo.Git("add", "members.toml")
		cmd := exec.Command("git", "commit", "-q", "-m", subject)
		cmd.Dir = f.repo.Dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date+"T12:00:00Z", "GIT_COMMITTER_DATE="+date+"T12:00:00Z")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
	}
	commit(hdr+ada, "Create (#1)", "2026-01-10")
	commit(hdr+ada+bee, "Add bee (#2)", "2026-02-11") // dated after the next commit
	commit(hdr+ada+bee+cy, "Add cy (#3)", "2026-01-20")
	r := f.doHistory(workspace.HistoryOptions{Since: "2026-02-01", Until: "2026-02-28", Format: report.CSV})
	if r.code != 0 || strings.Contains(r.stdout, "bee@example.org") {
		t.Errorf("history --since 2026-02-01: bee landed by 2026-01-20\n%s%s", r.stdout, r.stderr)
	}
	r = f.doHistory(workspace.HistoryOptions{Since: "2026-01-15", Until: "2026-01-25", Format: report.CSV})
	if r.code != 0 || !strings.Contains(r.stdout, "2026-01-20") || strings.Contains(r.stdout, "2026-02-11") || !strings.Contains(r.stdout, "bee@example.org") {
		t.Errorf("history --since 2026-01-15 --until 2026-01-25:\n%s%s", r.stdout, r.stderr)
	}
	if r := f.doShow(workspace.ShowOptions{At: "2026-01-25"}); !strings.Contains(r.stdout, "bee@example.org") || !strings.Contains(r.stdout, "cy@example.org") {
		t.Errorf("show --at 2026-01-25:\n%s%s", r.stdout, r.stderr)
	}
	var dates []string
	for _, m := range regexp.MustCompile(`20[0-9]{2}-[0-9]{2}-[0-9]{2}`).FindAllString(f.sitePage("list-reports.html"), -1) {
		dates = append(dates, m)
	}
	if slices.Contains(dates, "2026-02-11") {
		t.Errorf("the site dates bee's join 2026-02-11, after cy's of 2026-01-20")
	}
}

// TestABlockedReplacementHoldsBackTheDeparture: a commit hands a list's
// ownership from bob to chen, but chen's promotion is blocked (his record
// is of a method the policy does not take). bob stays owner, even though
// a walk-in made owner by hand would keep the count at min_owners: an
// owner leaves only once the owner replacing them is in.
func TestABlockedReplacementHoldsBackTheDeparture(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 2", 1)
	chen := strings.Replace(person("chen@example.org", `reports = "owner"`), "video-call", "vendor-contact", 1)
	f.write("members.toml", hdr+person("ada@example.org", `reports = "owner"`)+person("bob@example.org", `reports = "member"`)+chen)
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "OWNER"},
		emulator.Member{Email: "chen@example.org"}, emulator.Member{Email: "walk-in@evil.example", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	r := f.doSync(workspace.SyncOptions{})
	got := fmt.Sprint(f.group("security@example.org"))
	if !strings.Contains(got, "bob@example.org OWNER") || r.code != workspace.ExitFailed {
		t.Errorf("bob was demoted while chen's promotion is blocked: exit %d, live %s\n%s%s", r.code, got, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "bob@example.org (owner -> member): refused: held while chen@example.org cannot be made owner") {
		t.Errorf("the held-back demotion is not explained:\n%s", r.stdout)
	}
}

// TestAnAliasAndItsPrimaryAreOneMember: the file writes one person twice,
// once by an alias Google resolves to the other: validate cannot tell,
// and the plan cannot when the primary is matched, but the add Google
// answers "already a member" can: the run fails naming both entries,
// instead of "adding" them every hour and exiting 0.
func TestAnAliasAndItsPrimaryAreOneMember(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("bob@example.org", `reports = "member"`)+person("robert@example.org", `reports = "member"`))
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org"}); err != nil {
		t.Fatal(err)
	}
	f.emu.AddAlias("robert@example.org", "bob@example.org")
	for range 2 {
		r := f.doSync(workspace.SyncOptions{})
		if r.code != workspace.ExitFailed || !strings.Contains(r.stdout+r.stderr, "robert@example.org in members.toml is bob@example.org on security@example.org, who has an entry of their own: keep one entry for them") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	}
	// Written with two roles, neither is written over the other.
	f.write("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("bob@example.org", `reports = "member"`)+person("robert@example.org", `reports = "owner"`))
	f.doSync(workspace.SyncOptions{})
	if got := fmt.Sprint(f.group("security@example.org")); !strings.Contains(got, "bob@example.org MEMBER") {
		t.Errorf("one entry's role was written over the other's: %s", got)
	}
}

// TestAListMovedInKeepsItsHistory: a list moved into the members file
// from another file, in a commit that also drops one of its members, has
// its history from the other file: its members joined when they joined
// there, the one the move left behind left at the move (as sync removes
// them), in history, --member and the site.
func TestAListMovedInKeepsItsHistory(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	m1 := entry("m1@example.org", "member", "ada@example.org", "2026-01-05")
	m2 := entry("m2@example.org", "member", "ada@example.org", "2026-01-05")
	f.repo.Commit("members.toml", "schema = 1\n", "An empty members file (#1)")
	f.repo.Commit("other.toml", hdr+ada+m1+m2, "The list in other.toml (#2)")
	f.repo.Write("members.toml", hdr+ada+m1)
	f.repo.Git("rm", "-q", "other.toml")
	f.repo.Git("add", "members.toml")
	f.repo.Git("commit", "-q", "-m", "Move the list into members.toml without m2 (#3)")
	r := f.doHistory(workspace.HistoryOptions{Lists: []string{"reports"}, Format: report.CSV})
	var got []string
	for _, row := range strings.Split(strings.TrimSpace(r.stdout), "\n")[1:] {
		c := strings.Split(row, ",")
		got = append(got, c[3]+" "+c[5]+" "+c[6])
	}
	// The site tells the same story: m2 left at the move.
	page := f.sitePage("list-reports.html")
	if !regexp.MustCompile(`(?s)left.{0,400}m2@example.org|m2@example.org.{0,400}left`).MatchString(page) {
		t.Errorf("the site shows no leave of m2")
	}
	// m1's record (by ada, an owner of the list) admitted m1 in
	// other.toml: the site names it. (ada's own, by grace, who is on
	// no list of the file, admits nobody: never named as admitting.)
	if !regexp.MustCompile(`(?s)m1@example.org.{0,600}ada@example.org</span>, <span class="nowrap">2026-01-05`).MatchString(page) {
		t.Errorf("the site does not name the record that admitted m1 when they joined:\n%s", page)
	}
	// show at a revision before the move tells who was on it there,
	// by the id it has now.
	if r := f.doShow(workspace.ShowOptions{At: "HEAD~1", Lists: []string{"reports"}}); r.code != 0 || !strings.Contains(r.stdout, "m2@example.org") || !strings.Contains(r.stdout, "list reports:") {
		t.Errorf("show --at HEAD~1 --list reports: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := f.doShow(workspace.ShowOptions{At: "HEAD~1"}); r.code != 0 || !strings.Contains(r.stdout, "m2@example.org") || !strings.Contains(r.stderr, "reports in other.toml then") {
		t.Errorf("show --at HEAD~1: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// diff across the move: m2 left; from before the list was anywhere,
	// those who stayed joined.
	if r := f.doDiff(workspace.DiffOptions{From: "HEAD~1", To: "HEAD"}); r.code != 0 || !strings.Contains(r.stdout, "- m2@example.org") || strings.Contains(r.stdout, "+ m1@example.org") {
		t.Errorf("diff HEAD~1 HEAD: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := f.doDiff(workspace.DiffOptions{From: "HEAD~2", To: "HEAD~1"}); r.code != 0 || !strings.Contains(r.stdout, "+ m2@example.org") {
		t.Errorf("diff HEAD~2 HEAD~1: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A window between the members file's commits, before the move,
	// still has the list's events, under the id it had there.
	if r := f.doHistory(workspace.HistoryOptions{Since: "HEAD~2", Until: "HEAD~1"}); r.code != 0 || !strings.Contains(r.stdout, "m1@example.org") || !regexp.MustCompile(`added +reports \(in other.toml\) +m1@example.org`).MatchString(r.stdout) {
		t.Errorf("history --since HEAD~2 --until HEAD~1:\n%s%s", r.stdout, r.stderr)
	}
	// A window that ends before the move still has the list's events.
	r = f.doHistory(workspace.HistoryOptions{Lists: []string{"reports"}, Until: "HEAD~1"})
	if r.code != 0 || !strings.Contains(r.stdout, "m1@example.org") {
		t.Errorf("history --until HEAD~1:\n%s%s", r.stdout, r.stderr)
	}
	if r := f.doHistory(workspace.HistoryOptions{Member: "m2@example.org"}); !strings.Contains(r.stdout, "removed") || !strings.Contains(r.stdout, "added") {
		t.Errorf("history --member m2:\n%s", r.stdout)
	}
	want := []string{
		"The list in other.toml (#2) ada@example.org added", "The list in other.toml (#2) ada@example.org vetted",
		"The list in other.toml (#2) m1@example.org added", "The list in other.toml (#2) m1@example.org vetted",
		"The list in other.toml (#2) m2@example.org added", "The list in other.toml (#2) m2@example.org vetted",
		"Move the list into members.toml without m2 (#3) m2@example.org removed",
	}
	if r.code != 0 || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("history --list reports:\n got %q\nwant %q\n%s%s", got, want, r.stdout, r.stderr)
	}
}

// TestAListMovedInFromAnyFile: a list moved into the members file, in
// a commit that also takes someone off it, is followed to the file it
// came from whatever that file is called and however it writes the
// group's address (a TOML escape, another case): the removal is not
// lost as "not in the file; kept".
func TestAListMovedInFromAnyFile(t *testing.T) {
	t.Parallel()
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	m1 := entry("m1@example.org", "member", "ada@example.org", "2026-01-05")
	m2 := entry("m2@example.org", "member", "ada@example.org", "2026-01-05")
	for _, tc := range []struct{ other, address string }{
		{"lists.TOML", `"security\u0040example.org"`},
		{"teams", `"Security@Example.ORG"`},
		{"config/lists.toml", `'security@example.org'`},
	} {
		t.Run(tc.other, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			f.repo.Commit("members.toml", "schema = 1\n", "An empty members file (#1)")
			f.repo.Commit(tc.other, strings.Replace(hdr, `"security@example.org"`, tc.address, 1)+ada+m1+m2, "The list elsewhere (#2)")
			if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"},
				emulator.Member{Email: "m1@example.org", Role: "MEMBER"}, emulator.Member{Email: "m2@example.org", Role: "MEMBER"}); err != nil {
				t.Fatal(err)
			}
			f.repo.Write("members.toml", hdr+ada+m1)
			f.repo.Git("rm", "-q", tc.other)
			f.repo.Git("add", "members.toml")
			f.repo.Git("commit", "-q", "-m", "Move the list into members.toml without m2 (#3)")
			r := f.doPlan(workspace.PlanOptions{})
			if !regexp.MustCompile(`- m2@example.org .*removed in .* from ` + regexp.QuoteMeta(tc.other)).MatchString(r.stdout) {
				t.Errorf("the removal at the move is lost:\n%s%s", r.stdout, r.stderr)
			}
		})
	}
}

// TestARemovalFromAMovedListIsNoUncommittedSync: roster added bob
// while the list was in another file (synced with --file); the list
// moves in without him. The plan removes him as that file's listing
// says, and does not call roster's add of him a sync of an
// uncommitted file.
func TestARemovalFromAMovedListIsNoUncommittedSync(t *testing.T) {
	t.Parallel()
	for _, unmanaged := range []string{"report", "remove"} {
		t.Run(unmanaged, func(t *testing.T) {
			t.Parallel()
			removalFromAMovedList(t, strings.Replace(readTestdata(t, "report-list/members.toml"), `unmanaged = "report"`, `unmanaged = "`+unmanaged+`"`, 1), unmanaged == "report")
		})
	}
}

// removalFromAMovedList is TestARemovalFromAMovedListIsNoUncommittedSync
// with the list's header hdr; from: the plan names the file that took
// bob off (a policy that removes anyone unlisted reads no history).
func removalFromAMovedList(t *testing.T, hdr string, from bool) {
	f := newRepoFixture(t)
	hdr = founded(hdr)
	ada := founder(`reports = "owner"`)
	bob := entry("bob@example.org", "member", "ada@example.org", "2026-01-05")
	f.repo.Commit("members.toml", "schema = 1\n", "An empty members file (#1)")
	f.repo.Commit("a.toml", hdr+ada+bob, "The list in a.toml (#2)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	if r := f.doSync(workspace.SyncOptions{Source: workspace.Source{Path: "a.toml"}}); r.code != 0 {
		t.Fatalf("sync --file a.toml: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	f.repo.Write("members.toml", hdr+ada)
	f.repo.Git("rm", "-q", "a.toml")
	f.repo.Git("add", "members.toml")
	f.repo.Git("commit", "-q", "-m", "Move the list here without bob (#3)")
	r := f.doPlan(workspace.PlanOptions{})
	want := `- bob@example.org `
	if from {
		want += `.*from a.toml`
	}
	if !regexp.MustCompile(want).MatchString(r.stdout) || strings.Contains(r.stdout, "uncommitted") {
		t.Errorf("plan:\n%s%s", r.stdout, r.stderr)
	}
}

// TestAListMovedInIsShownWithItsOwnRecords: someone the members file
// already had (with a record of its own, newer) was on a list in another
// file before the list moved in: show --at a revision before the move
// and the site's timeline give the record that file admitted them on,
// as history does.
func TestAListMovedInIsShownWithItsOwnRecords(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	m1 := entry("m1@example.org", "member", "ada@example.org", "2026-01-05")
	onNoList := strings.Replace(entry("m1@example.org", "member", "ada@example.org", "2026-01-06"), `lists = { reports = "member" }`, "lists = {}", 1)
	f.repo.Commit("members.toml", "schema = 1\n"+onNoList, "m1, on no list yet (#1)")
	f.repo.Commit("other.toml", hdr+ada+m1, "The list in other.toml (#2)")
	f.repo.Write("members.toml", hdr+ada+m1)
	f.repo.Git("rm", "-q", "other.toml")
	f.repo.Git("add", "members.toml")
	f.repo.Git("commit", "-q", "-m", "Move the list into members.toml (#3)")
	r := f.doShow(workspace.ShowOptions{At: "HEAD~1", Lists: []string{"reports"}, Format: report.CSV})
	if r.code != 0 || !strings.Contains(r.stdout, "reports,m1@example.org,,member,ada@example.org,2026-01-05,video-call") {
		t.Errorf("show --at HEAD~1 does not give the record other.toml admitted m1 on:\n%s%s", r.stdout, r.stderr)
	}
	h := f.doHistory(workspace.HistoryOptions{Member: "m1@example.org"})
	if !regexp.MustCompile(`vetted .*by ada@example.org on 2026-01-05`).MatchString(h.stdout) {
		t.Errorf("history disagrees:\n%s", h.stdout)
	}
	page := f.sitePage("list-reports.html")
	if !regexp.MustCompile(`joined</td><th scope="row">[^\n]*m1@example.org[^\n]*ada@example.org</span>, <span class="nowrap">2026-01-05<`).MatchString(page) {
		t.Errorf("the site's timeline does not give the record other.toml admitted m1 on:\n%s", page)
	}
}

// TestOwnersChangedByHandMidRun: the owners the plan counted change by
// hand while the run goes on (an owner removed; someone the file takes
// off, demotes or promotes below owner made owner): no write takes the
// group below min_owners,
// since the group is read again before the first removal or demotion.
func TestOwnersChangedByHandMidRun(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(strings.Replace(header, "min_owners = 1", "min_owners = 2", 1), `unmanaged = "report"`, `unmanaged = "remove"`, 1)
	owners := person("ada@example.org", `reports = "owner"`) + person("bob@example.org", `reports = "owner"`)
	removeBob := emulator.Change{Application: "admin", Event: "REMOVE_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "bob@example.org"}
	promoteX := emulator.Change{Application: "admin", Event: "UPDATE_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "x@example.org", Role: "OWNER"}
	for _, tc := range []struct {
		name, file, xRole string
		hand              []emulator.Change
	}{
		{"an owner demoted, another removed by hand", hdr + owners + person("x@example.org", `reports = "manager"`), "OWNER", []emulator.Change{removeBob}},
		{"someone taken off, made owner by hand", hdr + owners, "MEMBER", []emulator.Change{promoteX, removeBob}},
		{"someone demoted, made owner by hand", hdr + owners + person("x@example.org", `reports = "member"`), "MANAGER", []emulator.Change{promoteX, removeBob}},
		// The plan's promotion (member to manager) is a demotion by the
		// time it is written: read, and checked as one.
		{"someone promoted to manager, made owner by hand", hdr + owners + person("x@example.org", `reports = "manager"`), "MEMBER", []emulator.Change{promoteX, removeBob}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "")
			f.write("members.toml", tc.file)
			if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "OWNER"},
				emulator.Member{Email: "x@example.org", Role: tc.xRole}); err != nil {
				t.Fatal(err)
			}
			r := f.doSync(workspace.SyncOptions{Live: f.handChangesMidRun("security@example.org", tc.hand...)})
			if n := f.owners("security@example.org"); n < 2 || r.code != workspace.ExitFailed {
				t.Errorf("the group has %d owners, policy needs 2 (exit %d)\n%v\n%s%s", n, r.code, f.group("security@example.org"), r.stdout, r.stderr)
			}
		})
	}
}

// TestAnAliasFixedAfterAnOwnerLeftByHand: the file writes an owner by
// an alias, as a member, among more new entries than the plan looks up
// (plan.MaxAliasLookups), so only the add finds them; an owner is
// removed by hand once the run has started. Fixing the found member's
// role is a demotion made while adds run, before the recount that
// precedes removals: it is checked on the owners as they are then, and
// the group keeps min_owners.
func TestAnAliasFixedAfterAnOwnerLeftByHand(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 2", 1)
	file := hdr + person("ada@example.org", `reports = "owner"`) + person("zed@example.org", `reports = "owner"`) + person("bobby@example.org", `reports = "member"`)
	for i := range plan.MaxAliasLookups + 1 {
		file += person(fmt.Sprintf("new%02d@example.org", i), `reports = "member"`)
	}
	f := newFixture(t, "")
	f.write("members.toml", file)
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "OWNER"},
		emulator.Member{Email: "zed@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	f.emu.AddAlias("bobby@example.org", "bob@example.org")
	removeZed := emulator.Change{Application: "admin", Event: "REMOVE_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "zed@example.org"}
	r := f.doSync(workspace.SyncOptions{Live: f.handChangesMidRun("security@example.org", removeZed)})
	if n := f.owners("security@example.org"); n < 2 || r.code == workspace.ExitOK {
		t.Errorf("the group has %d owners, policy needs 2 (exit %d)\n%v\n%s%s", n, r.code, f.group("security@example.org"), r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout+r.stderr, "bobby@example.org is already a member as bob@example.org") {
		t.Errorf("the refused role fix is not named:\n%s%s", r.stdout, r.stderr)
	}
	// bob is in the file, as bobby: no walk-in.
	if strings.Contains(r.stderr, "the file does not list them on") {
		t.Errorf("the member the file writes by an alias is named a walk-in:\n%s", r.stderr)
	}
}

// TestAPlanPastTheAliasLookUpsPromisesNoRemoval: with more new entries
// than the plan looks up, a live member one of them names by an alias
// is planned as a removal, which sync does not make (the add finds
// them): the plan's line says so, rather than promise it.
func TestAPlanPastTheAliasLookUpsPromisesNoRemoval(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, `unmanaged = "report"`, `unmanaged = "remove"`, 1)
	file := hdr + person("ada@example.org", `reports = "owner"`) + person("bobby@example.org", `reports = "member"`)
	for i := range plan.MaxAliasLookups + 1 {
		file += person(fmt.Sprintf("new%02d@example.org", i), `reports = "member"`)
	}
	f := newFixture(t, "")
	f.write("members.toml", file)
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	f.emu.AddAlias("bobby@example.org", "bob@example.org")
	r := f.doPlan(workspace.PlanOptions{Guards: plan.Guards{MaxRemovals: 10, MaxRemovalRatio: 1}})
	if !strings.Contains(r.stdout, "bob@example.org") || !strings.Contains(r.stdout, "unless one of the 27 additions is this member under another address") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = f.doSync(workspace.SyncOptions{Guards: plan.Guards{MaxRemovals: 10, MaxRemovalRatio: 1}})
	if got := fmt.Sprint(f.group("security@example.org")); !strings.Contains(got, "bob@example.org") {
		t.Errorf("sync removed bob, whom the file lists as bobby: %s\n%s%s", got, r.stdout, r.stderr)
	}
}

// TestAnAliasAndItsPrimaryBothNew: the file adds an address and its
// alias as two entries with two roles, neither yet on the group: the
// first add makes the member, the second finds it; the run fails naming
// both, and the second entry's role is not written over the first's.
func TestAnAliasAndItsPrimaryBothNew(t *testing.T) {
	t.Parallel()
	// Changes run in email order: an alias that sorts after its primary
	// is added second, one that sorts before it first.
	for _, alias := range []string{"robert@example.org", "abe@example.org"} {
		t.Run(alias, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "")
			f.write("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("bob@example.org", `reports = "member"`)+person(alias, `reports = "owner"`))
			if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
				t.Fatal(err)
			}
			f.emu.AddAlias(alias, "bob@example.org")
			r := f.doSync(workspace.SyncOptions{Live: func() workspace.LiveOptions { lo := f.live(); lo.Concurrency = 1; return lo }()})
			if r.code != workspace.ExitFailed || !strings.Contains(r.stdout+r.stderr, "keep one entry for them") {
				t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			// Whichever add came first made bob; the other wrote no role.
			first := "MEMBER"
			if alias < "bob@" {
				first = "OWNER"
			}
			if got := fmt.Sprint(f.group("security@example.org")); !strings.Contains(got, "bob@example.org "+first) {
				t.Errorf("bob's role was written over: %s", got)
			}
		})
	}
}

// TestHandChangeNamesWhoByEveryRoute: a member added by hand is reported
// with who added them in the audit's CSV changed_by column, its JSON, and
// the Who column of the site's drift table, not only inside a message.
func TestHandChangeNamesWhoByEveryRoute(t *testing.T) {
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "The list")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.emu.ByHand(emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "walkin@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	src := workspace.Source{Path: "members.toml"}
	rows, err := csv.NewReader(strings.NewReader(f.doAudit(true, workspace.AuditOptions{Source: src, Format: report.CSV}).stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range rows[1:] {
		if row[5] == "walkin@example.org" {
			found = true
			if !strings.Contains(row[10], "root@example.org") {
				t.Errorf("changed_by is %q, want who added them", row[10])
			}
		}
	}
	if !found {
		t.Errorf("audit --live --format csv does not name the walk-in:\n%v", rows)
	}
	if out := f.doAudit(true, workspace.AuditOptions{Source: src, Format: report.JSON}).stdout; !strings.Contains(out, `"changed_by": "added by root@example.org`) {
		t.Errorf("audit --live --format json has no changed_by:\n%s", out)
	}
	for _, format := range []report.Format{report.Text, report.Markdown, report.JSON} {
		if out := f.doPlan(workspace.PlanOptions{Format: format}).stdout; !strings.Contains(out, "added by root@example.org") {
			t.Errorf("plan --format %s does not name who added the walk-in:\n%s", format, out)
		}
	}
	data := f.liveSitePage(false)
	if !regexp.MustCompile(`<td class="date">\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC</td><th scope="row">added by root@example.org[^<]*</th><td>walkin@example.org`).Match(data) {
		t.Errorf("the site's drift table does not say who added walkin in its Who column:\n%s", data)
	}
}

// TestAWalkInListedElsewhereIsNotCalledUnknown: someone on a group whose
// list the file does not put them on, though it lists them on another,
// is "not on <list>" by every route that keeps them (plan text and
// markdown, sync), never "not in members.toml".
func TestAWalkInListedElsewhereIsNotCalledUnknown(t *testing.T) {
	f := newRepoFixture(t)
	two := founded(header) + "\n[lists.other]\naddress = \"other@example.org\"\npolicy = \"p\"\n"
	f.repo.Commit("members.toml", two+founder(`reports = "owner", other = "owner"`)+person("pat@example.org", `other = "member"`), "Two lists")
	for _, g := range []string{"security@example.org", "other@example.org"} {
		if err := f.emu.AddGroup(g, emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "pat@example.org", Role: "MEMBER"}); err != nil {
			t.Fatal(err)
		}
	}
	want := regexp.MustCompile(`not on reports in members.toml \(line \d+ lists them only on other\)|not on this list in file \(line \d+ lists them only on other\)`)
	for _, format := range []report.Format{report.Text, report.Markdown} {
		if r := f.doPlan(workspace.PlanOptions{Format: format}); !want.MatchString(r.stdout) || strings.Contains(r.stdout, "not in members.toml") {
			t.Errorf("plan --format %s:\n%s", format, r.stdout)
		}
	}
	if r := f.doSync(workspace.SyncOptions{}); r.code != workspace.ExitWalkIns || !want.MatchString(r.stdout) {
		t.Errorf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestOwnClientIDFromTheEnvironment: where roster cannot look its own
// OAuth client ID up, ROSTER_CLIENT_ID gives it: a write of roster's
// that no committed version of the file asked for (a sync of an
// uncommitted or older file) is then not named as a change by hand.
func TestOwnClientIDFromTheEnvironment(t *testing.T) {
	committed := founded(header) + founder(`reports = "owner"`)
	for _, tc := range []struct {
		env  string
		want bool // the add is named as a change by hand
	}{{"", true}, {"999999", false}} {
		t.Run("ROSTER_CLIENT_ID="+tc.env, func(t *testing.T) {
			f := newFixtureFrom(t, "", emulator.Options{ClientID: "999999"}, true)
			f.repo.Commit("members.toml", committed, "The list")
			if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
				t.Fatal(err)
			}
			// A sync of a file nobody committed adds linus, through
			// roster's client.
			f.write("members.toml", committed+person("linus@example.org", `reports = "member"`))
			if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
				t.Fatalf("sync: exit %d %s", r.code, r.stderr)
			}
			f.write("members.toml", committed)
			f.vars["ROSTER_CLIENT_ID"] = tc.env
			r := f.doPlan(workspace.PlanOptions{})
			if got := strings.Contains(r.stdout, "added by admin") || strings.Contains(r.stdout, "added by root"); got != tc.want {
				t.Errorf("named as a change by hand: %v, want %v\n%s%s", got, tc.want, r.stdout, r.stderr)
			}
			// roster's own write is still not hidden: the file as
			// committed did not ask for it.
			if !tc.want && !strings.Contains(r.stdout, "added by roster (OAuth client 999999)") {
				t.Errorf("a write no committed file asked for is not named:\n%s", r.stdout)
			}
		})
	}
}

// TestEachOwnerDepartureCountsTheOwnersNow: an owner taken off by
// someone else (another run at once, a person) between two of this
// run's owner departures is counted: every departure reads the owners
// again, not only the first, and the group keeps min_owners.
func TestEachOwnerDepartureCountsTheOwnersNow(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(strings.Replace(header, "min_owners = 1", "min_owners = 3", 1), `unmanaged = "report"`, `unmanaged = "remove"`, 1)
	f := newFixture(t, "")
	f.write("members.toml", hdr+person("ada@example.org", `reports = "owner"`)+person("bob@example.org", `reports = "owner"`)+person("cy@example.org", `reports = "owner"`))
	var live []emulator.Member
	for _, e := range []string{"ada", "bob", "cy", "xi", "yu"} {
		live = append(live, emulator.Member{Email: e + "@example.org", Role: "OWNER"})
	}
	if err := f.emu.AddGroup("security@example.org", live...); err != nil {
		t.Fatal(err)
	}
	// After this run's first departure, another takes cy off.
	lo := f.handChangesAtFirstDelete(true, emulator.Change{Application: "admin", Event: "REMOVE_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "cy@example.org"})
	lo.Concurrency = 1
	r := f.doSync(workspace.SyncOptions{Live: lo, Guards: plan.Guards{MaxRemovals: 10, MaxRemovalRatio: 1}})
	if n := f.owners("security@example.org"); n < 3 {
		t.Errorf("the group has %d owners, policy needs 3 (exit %d)\n%v\n%s%s", n, r.code, f.group("security@example.org"), r.stdout, r.stderr)
	}
}

// TestPublicDriftTellsNoVetting: the public roster's drift section says
// what differs in fixed words: a change sync holds back for a record's
// sake does not carry the record (who vetted, when, how) onto the page,
// as the auditor's site does, nor is it there at all.
func TestPublicDriftTellsNoVetting(t *testing.T) {
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+
		"\n[[member]]\nemail = \"lin@example.org\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2024-03-15, method = \"phoned-her-mum\" }]\n", "The list")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	for _, public := range []bool{false, true} {
		data := f.liveSitePage(public)
		page := html.UnescapeString(string(data))
		shows := strings.Contains(page, "phoned-her-mum") || strings.Contains(page, "2024-03-15")
		// The addition sync refuses is drift on the auditor's page only:
		// on the public one it would stay, build after build, a verdict.
		if shows == public || strings.Contains(page, "not yet on") == public {
			t.Errorf("public %v: the record shows %v\n%s", public, shows, page)
		}
	}
}

// TestPublicDriftTellsNoLettersOfAHiddenAddress: the auditor's drift
// names the letters of a walk-in's address that are not what they look
// like; the public page hides the address, and names none of them.
func TestPublicDriftTellsNoLettersOfAHiddenAddress(t *testing.T) {
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "The list")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "zo\u00eb@ex\u00e4mple.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	for _, public := range []bool{false, true} {
		data := f.liveSitePage(public)
		page := html.UnescapeString(string(data))
		names := strings.Contains(page, "non-ASCII") || strings.Contains(page, "00EB")
		if names == public {
			t.Errorf("public %v: the page names the address's letters: %v\n%s", public, names, page)
		}
	}
}

// TestTwoRunsAtOnceLeaveMinOwners: another run at once, with another
// version of the file, takes the other owner off between this run's
// count and its write: this run's departure lands, the count after it
// finds the group below min_owners, and the owner who left is put back;
// the run fails, saying so, and the group keeps min_owners.
func TestTwoRunsAtOnceLeaveMinOwners(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, `unmanaged = "report"`, `unmanaged = "remove"`, 1)
	f := newFixture(t, "")
	// ada vetted by m, a member of the list: an owner the guard counts.
	ada := strings.Replace(person("ada@example.org", `reports = "owner"`), "grace@", "m@", 1)
	f.write("members.toml", hdr+ada+person("m@example.org", `reports = "member"`))
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "OWNER"}, emulator.Member{Email: "m@example.org"}); err != nil {
		t.Fatal(err)
	}
	// The other run's removal of ada lands first.
	lo := f.handChangesAtFirstDelete(false, emulator.Change{Application: "admin", Event: "REMOVE_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "ada@example.org"})
	r := f.doSync(workspace.SyncOptions{Live: lo})
	if n := f.owners("security@example.org"); n < 1 || r.code != workspace.ExitFailed || !strings.Contains(r.stdout+r.stderr, "put back as owner") {
		t.Errorf("%d owners, exit %d\n%v\n%s%s", n, r.code, f.group("security@example.org"), r.stdout, r.stderr)
	}
}

// TestAGroupAddedWhereGroupsAreNotAllowed: the file writes an address
// that Google holds as a group, on a list whose policy does not allow
// groups: the plan cannot know, the add tells, and the run takes it off
// again and fails, naming it; nobody in it receives the list's mail.
func TestAGroupAddedWhereGroupsAreNotAllowed(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("team@example.org", `reports = "member"`))
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	if err := f.emu.AddGroup("team@example.org", emulator.Member{Email: "eve@example.org"}); err != nil {
		t.Fatal(err)
	}
	r := f.doSync(workspace.SyncOptions{})
	if got := fmt.Sprint(f.group("security@example.org")); strings.Contains(got, "team@") || r.code != workspace.ExitFailed || !strings.Contains(r.stdout+r.stderr, "team@example.org is a group") {
		t.Errorf("exit %d, group %s\n%s%s", r.code, got, r.stdout, r.stderr)
	}
}

// TestADemotionOfSomeoneRemovedByHandDoesNotAddThemBack: an admin takes
// someone off by hand while the run that demotes them goes on: the run
// does not put them back (an addition the plan did not judge; a lapsed
// record would block it), and says so.
func TestADemotionOfSomeoneRemovedByHandDoesNotAddThemBack(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	// grace, on the list, vets ada: the file admits an owner besides zed,
	// whose demotion (outside git, weighed as a departure) may go ahead.
	f.write("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("zed@example.org", `reports = "member"`)+person("grace@example.org", `reports = "member"`))
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "zed@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	removeZed := emulator.Change{Application: "admin", Event: "REMOVE_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "zed@example.org"}
	r := f.doSync(workspace.SyncOptions{Live: f.handChangesMidRun("security@example.org", removeZed)})
	if got := fmt.Sprint(f.group("security@example.org")); strings.Contains(got, "zed@") || r.code != workspace.ExitFailed {
		t.Errorf("exit %d, group %s\n%s%s", r.code, got, r.stdout, r.stderr)
	}
}

// TestAListMovedThroughFiles: a list that moved from a.toml to b.toml
// and then into members.toml carries a.toml's history too (someone
// a.toml took off is taken off, not kept as "not in the file"), also
// when a.toml handed another list to members.toml directly; but only
// what each file had before it handed the list on counts: a draft that
// gives the list to b.toml after b.toml handed it on, or a list b.toml
// had that never moved through it to members.toml, has no say.
func TestAListMovedThroughFiles(t *testing.T) {
	t.Parallel()
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "grace@example.org", "2026-01-05")
	gone := entry("gone@example.org", "member", "ada@example.org", "2026-01-05")
	other := "\n[lists.other]\naddress = \"other@example.org\"\npolicy = \"p\"\n"
	onOther := func(email string) string {
		return strings.Replace(entry(email, "member", "ada@example.org", "2026-01-05"), "reports", "other", 1)
	}
	setup := func(t *testing.T) (*fixture, func(subject string, files map[string]string)) {
		f := newRepoFixture(t)
		commit := func(subject string, files map[string]string) {
			for name, content := range files {
				f.repo.Write(name, content)
			}
			f.repo.Git("add", "-A")
			f.repo.Git("commit", "-q", "-m", subject)
			f.repo.Tick()
		}
		if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "gone@example.org", Role: "MEMBER"}); err != nil {
			t.Fatal(err)
		}
		return f, commit
	}
	empty := "schema = 1\n"
	t.Run("two hops", func(t *testing.T) {
		t.Parallel()
		f, commit := setup(t)
		commit("The list in a.toml (#1)", map[string]string{"a.toml": hdr + ada + gone, "b.toml": empty, "members.toml": empty})
		commit("Take gone off (#2)", map[string]string{"a.toml": hdr + ada})
		commit("Move the list to b.toml (#3)", map[string]string{"a.toml": empty, "b.toml": hdr + ada})
		commit("Move the list into members.toml (#4)", map[string]string{"b.toml": empty, "members.toml": hdr + ada})
		if r := f.doPlan(workspace.PlanOptions{}); !regexp.MustCompile(`- gone@example.org .*from a.toml`).MatchString(r.stdout) {
			t.Errorf("a.toml's removal is lost two hops on:\n%s%s", r.stdout, r.stderr)
		}
		// history, show, diff and the site tell the same story: gone
		// joined and left in a.toml, and no move is anyone joining.
		r := f.doHistory(workspace.HistoryOptions{Lists: []string{"reports"}, Format: report.CSV})
		var got []string
		for _, row := range strings.Split(strings.TrimSpace(r.stdout), "\n")[1:] {
			c := strings.Split(row, ",")
			got = append(got, c[3]+" "+c[5]+" "+c[6]+" "+c[14]) // the file
		}
		want := []string{
			"The list in a.toml (#1) ada@example.org added a.toml", "The list in a.toml (#1) ada@example.org vetted a.toml",
			"The list in a.toml (#1) gone@example.org added a.toml", "The list in a.toml (#1) gone@example.org vetted a.toml",
			"Take gone off (#2) gone@example.org removed a.toml",
		}
		if diff := cmp.Diff(want, got); r.code != 0 || diff != "" {
			t.Errorf("history --list reports two hops on (-want +got):\n%s\n%s%s", diff, r.stdout, r.stderr)
		}
		if r := f.doShow(workspace.ShowOptions{At: "HEAD~3", Lists: []string{"reports"}}); r.code != 0 || !strings.Contains(r.stdout, "gone@example.org") {
			t.Errorf("show --at HEAD~3 --list reports: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		if r := f.doShow(workspace.ShowOptions{At: "HEAD~1"}); r.code != 0 || !strings.Contains(r.stdout, "ada@example.org") || !strings.Contains(r.stderr, "reports in b.toml then") {
			t.Errorf("show --at HEAD~1: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		if r := f.doDiff(workspace.DiffOptions{From: "HEAD~3", To: "HEAD"}); r.code != 0 || !strings.Contains(r.stdout, "- gone@example.org") || strings.Contains(r.stdout, "+ ada@example.org") {
			t.Errorf("diff HEAD~3 HEAD: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		page := f.sitePage("list-reports.html")
		if !regexp.MustCompile(`(?s)left.{0,400}gone@example.org|gone@example.org.{0,400}left`).MatchString(page) {
			t.Errorf("the site shows no leave of gone")
		}
	})
	t.Run("two files hand it over at once", func(t *testing.T) {
		t.Parallel()
		f, commit := setup(t)
		carol := entry("carol@example.org", "member", "ada@example.org", "2026-01-05")
		commit("Drafts in a.toml and b.toml (#1)", map[string]string{"a.toml": hdr + ada + gone, "b.toml": hdr + ada + carol, "members.toml": empty})
		commit("Both into members.toml (#2)", map[string]string{"a.toml": empty, "b.toml": empty, "members.toml": hdr + ada})
		if r := f.doShow(workspace.ShowOptions{At: "HEAD~1", Lists: []string{"reports"}}); r.code != 0 || !strings.Contains(r.stdout, "gone@example.org") || !strings.Contains(r.stdout, "carol@example.org") {
			t.Errorf("show --at HEAD~1 does not have both files' members: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		r := f.doHistory(workspace.HistoryOptions{Lists: []string{"reports"}})
		if n := len(regexp.MustCompile(`added +reports \(in `).FindAllString(r.stdout, -1)); n != 3 || !regexp.MustCompile(`removed +reports +carol@example.org`).MatchString(r.stdout) {
			t.Errorf("history of a list two files handed over: %d joins\n%s%s", n, r.stdout, r.stderr)
		}
		if r := f.doDiff(workspace.DiffOptions{From: "HEAD~1", To: "HEAD"}); r.code != 0 || !strings.Contains(r.stdout, "- gone@example.org") || !strings.Contains(r.stdout, "- carol@example.org") || strings.Contains(r.stdout, "+ ada") {
			t.Errorf("diff HEAD~1 HEAD: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("a file read in an earlier hop", func(t *testing.T) {
		t.Parallel()
		f, commit := setup(t)
		if err := f.emu.AddGroup("other@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
			t.Fatal(err)
		}
		withOther := hdr + other
		commit("Both lists in a.toml (#1)", map[string]string{"a.toml": withOther + ada + gone, "b.toml": empty, "members.toml": empty})
		commit("Take gone off (#2)", map[string]string{"a.toml": withOther + ada})
		commit("reports to b.toml (#3)", map[string]string{"a.toml": empty + other + strings.Replace(ada, `reports = "owner"`, `other = "owner"`, 1), "b.toml": hdr + ada})
		commit("Both into members.toml (#4)", map[string]string{"a.toml": empty, "b.toml": empty, "members.toml": withOther + strings.Replace(ada, `reports = "owner"`, `reports = "owner", other = "owner"`, 1)})
		if r := f.doPlan(workspace.PlanOptions{}); !regexp.MustCompile(`- gone@example.org .*from a.toml`).MatchString(r.stdout) {
			t.Errorf("a.toml's removal is lost:\n%s%s", r.stdout, r.stderr)
		}
	})
	t.Run("a draft handed on later", func(t *testing.T) {
		t.Parallel()
		f, commit := setup(t)
		commit("The list in b.toml (#1)", map[string]string{"b.toml": hdr + ada, "members.toml": empty})
		commit("Move it into members.toml (#2)", map[string]string{"b.toml": empty, "members.toml": hdr + ada})
		commit("A draft (#3)", map[string]string{"c.toml": hdr + ada + gone})
		commit("The draft without gone (#4)", map[string]string{"c.toml": hdr + ada})
		commit("The draft into b.toml (#5)", map[string]string{"c.toml": empty, "b.toml": hdr + ada})
		r := f.doPlan(workspace.PlanOptions{})
		if strings.Contains(r.stdout, "from c.toml") || !strings.Contains(r.stdout, "gone@example.org") {
			t.Errorf("a draft handed to b.toml after b.toml handed the list on speaks for it:\n%s%s", r.stdout, r.stderr)
		}
	})
	// A file's earlier holding of the list, which it dropped before it
	// took the list on again, is no part of what it handed on: a draft
	// that went through it then has no say, one hop or two away.
	t.Run("an earlier holding of the file the list came from", func(t *testing.T) {
		t.Parallel()
		f, commit := setup(t)
		commit("members (#1)", map[string]string{"members.toml": empty})
		commit("A draft (#2)", map[string]string{"staging.toml": hdr + ada + gone})
		commit("The draft without gone (#3)", map[string]string{"staging.toml": hdr + ada})
		commit("Not ready (#4)", map[string]string{"staging.toml": empty})
		commit("The list in staging (#5)", map[string]string{"staging.toml": hdr + ada})
		commit("Into members.toml (#6)", map[string]string{"staging.toml": empty, "members.toml": hdr + ada})
		if r := f.doPlan(workspace.PlanOptions{}); strings.Contains(r.stdout, "- gone@example.org") {
			t.Errorf("the file's earlier holding speaks:\n%s%s", r.stdout, r.stderr)
		}
	})
	t.Run("an earlier holding of a file two hops back", func(t *testing.T) {
		t.Parallel()
		f, commit := setup(t)
		commit("members (#1)", map[string]string{"members.toml": empty})
		commit("A draft (#2)", map[string]string{"drafts/d.toml": hdr + ada + gone})
		commit("The draft without gone (#3)", map[string]string{"drafts/d.toml": hdr + ada})
		commit("The draft to staging (#4)", map[string]string{"drafts/d.toml": empty, "staging.toml": hdr + ada})
		commit("Not ready (#5)", map[string]string{"staging.toml": empty})
		commit("The list in a.toml (#6)", map[string]string{"a.toml": hdr + ada})
		commit("a.toml to staging (#7)", map[string]string{"a.toml": empty, "staging.toml": hdr + ada})
		commit("Into members.toml (#8)", map[string]string{"staging.toml": empty, "members.toml": hdr + ada})
		if r := f.doPlan(workspace.PlanOptions{}); strings.Contains(r.stdout, "- gone@example.org") {
			t.Errorf("a draft that went through staging before speaks:\n%s%s", r.stdout, r.stderr)
		}
	})
	t.Run("a list that never moved through the file", func(t *testing.T) {
		t.Parallel()
		f, commit := setup(t)
		if err := f.emu.AddGroup("other@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "victim@example.org", Role: "MEMBER"}); err != nil {
			t.Fatal(err)
		}
		adaBoth := strings.Replace(ada, `reports = "owner"`, `reports = "owner", other = "owner"`, 1)
		commit("other in members.toml, reports in b.toml (#1)", map[string]string{"members.toml": empty + other + strings.Replace(ada, `reports = "owner"`, `other = "owner"`, 1), "b.toml": hdr + ada})
		commit("other in d.toml too (#2)", map[string]string{"d.toml": empty + other + strings.Replace(ada, `reports = "owner"`, `other = "owner"`, 1) + onOther("victim@example.org")})
		commit("d.toml drops victim (#3)", map[string]string{"d.toml": empty + other + strings.Replace(ada, `reports = "owner"`, `other = "owner"`, 1)})
		commit("other from d.toml into b.toml (#4)", map[string]string{"d.toml": empty, "b.toml": hdr + other + adaBoth})
		commit("reports into members.toml (#5)", map[string]string{"b.toml": empty + other + strings.Replace(ada, `reports = "owner"`, `other = "owner"`, 1), "members.toml": hdr + other + adaBoth})
		if r := f.doPlan(workspace.PlanOptions{}); strings.Contains(r.stdout, "from d.toml") {
			t.Errorf("a list that never moved through b.toml to members.toml speaks through it:\n%s%s", r.stdout, r.stderr)
		}
	})
}

// TestAFailingListIsInThePlan: a list skipped because its own policy
// fails is in the plan's every form (text, markdown, JSON), with why,
// and the last line never says the live groups match; whether other
// lists are read or not.
func TestAFailingListIsInThePlan(t *testing.T) {
	t.Parallel()
	board := "\n[lists.board]\naddress = \"board@example.org\"\npolicy = \"strict\"\n\n[policies.strict]\nmin_owners = 2\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\n"
	for _, tc := range []struct{ name, file string }{
		{"beside a list that is read", header + board + person("ada@example.org", `reports = "owner", board = "owner"`)},
		{"alone", "schema = 1\n" + board + person("ada@example.org", `board = "owner"`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "")
			f.write("members.toml", tc.file)
			for _, format := range []report.Format{report.Text, report.Markdown, report.JSON} {
				r := f.doPlan(workspace.PlanOptions{Format: format})
				if r.code != workspace.ExitFailed || !strings.Contains(r.stdout, "board") || !strings.Contains(r.stdout, "needs at least 2") {
					t.Errorf("%s: exit %d, want 1 and board named with why\n%s%s", format, r.code, r.stdout, r.stderr)
				}
				if format == report.JSON && !strings.Contains(r.stdout, `"policy_fails": 1`) {
					t.Errorf("json summary:\n%s", r.stdout)
				}
				if strings.Contains(r.stdout, "match members.toml") {
					t.Errorf("%s: says the groups match:\n%s", format, r.stdout)
				}
			}
			// A saved plan with the list in it still applies: the list
			// is skipped then and now.
			f.doPlan(workspace.PlanOptions{Out: "p.json"})
			r := f.doApply("p.json", workspace.ApplyOptions{})
			says := "SKIPPED board: list board: not read or synced: its policy fails"
			if tc.name == "alone" {
				says = "no list can be synced"
			}
			if r.code != workspace.ExitFailed || strings.Contains(r.stderr, "no longer holds") || !strings.Contains(r.stdout+r.stderr, says) {
				t.Errorf("apply of the saved plan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if r := f.doSync(workspace.SyncOptions{}); r.code != workspace.ExitFailed || !strings.Contains(r.stdout, "list board: board@example.org (google): not read or synced: its policy fails") ||
				strings.Contains(r.stdout, "unreadable") || tc.name != "alone" && !strings.Contains(r.stderr, "1 list not synced because its policy fails in members.toml: board") {
				t.Errorf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// TestMessagesNameTheFileRead: with the members file elsewhere than
// members.toml, the plan's lines name it, not members.toml.
func TestMessagesNameTheFileRead(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("sub/lists.toml", founded(header)+founder(`reports = "owner"`))
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "walk-in@example.org"}); err != nil {
		t.Fatal(err)
	}
	r := f.doPlan(workspace.PlanOptions{Source: workspace.Source{Path: "sub/lists.toml"}})
	if !strings.Contains(r.stdout, "not in sub/lists.toml; kept") || !strings.Contains(r.stdout, "that sub/lists.toml does not list there") || strings.Contains(r.stdout, "members.toml") {
		t.Errorf("plan --file sub/lists.toml: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// In a repository where the file was just moved there (git mv, not
	// yet committed): its note names it as the command line does, and
	// says that committing the move with the change keeps its history.
	g := newRepoFixture(t)
	g.repo.Commit("members.toml", founded(header)+founder(`reports = "owner"`), "The list (#1)")
	if err := os.MkdirAll(filepath.Join(g.dir, "conf"), 0o755); err != nil {
		t.Fatal(err)
	}
	g.repo.Git("mv", "members.toml", "conf/r.toml")
	if err := g.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "walk-in@example.org"}); err != nil {
		t.Fatal(err)
	}
	r = g.doPlan(workspace.PlanOptions{Source: workspace.Source{Path: "conf/r.toml"}})
	if !strings.Contains(r.stdout, "note: conf/r.toml has no commits in git yet (if it was moved with git mv, commit the move and the change together, and history follows the move)") {
		t.Errorf("plan --file conf/r.toml after git mv: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestFindingsOfTheListsRead: plan and sync --list L report the findings
// about L's members, not those of another list.
func TestFindingsOfTheListsRead(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "lapsed-vetting")
	for _, r := range []outcome{f.doPlan(workspace.PlanOptions{Lists: []string{"reports"}}), f.doSync(workspace.SyncOptions{Lists: []string{"reports"}})} {
		if strings.Contains(r.stderr, "late@example.org") || !strings.Contains(r.stderr, "old@example.org") {
			t.Errorf("--list reports: exit %d, want old's lapse and not late's (announce)\n%s", r.code, r.stderr)
		}
	}
}

// TestAuditLiveOfAListSyncLeavesAlone: audit --live reads a list whose
// own policy fails, for the auditor, but says sync neither reads nor
// writes it, on the list and on each difference, not what a guard
// would hold back; the site's drift section says so too.
func TestAuditLiveOfAListSyncLeavesAlone(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := strings.Replace(strings.Replace(header, `unmanaged = "report"`, `unmanaged = "remove"`, 1), "min_owners = 1", "min_owners = 2", 1)
	f.repo.Commit("members.toml", hdr+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`), "The list")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"}, emulator.Member{Email: "walkin@example.org"}); err != nil {
		t.Fatal(err)
	}
	r := f.doAudit(true, workspace.AuditOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text})
	for _, want := range []string{"reports is not read or synced while its policy fails", "the next sync will not remove them: sync neither reads nor writes reports while its policy fails"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("audit --live does not say %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "held back by the sync guards") {
		t.Errorf("audit --live blames a guard:\n%s", r.stdout)
	}
	for public, says := range map[bool]string{false: "reports is not read or synced while its policy fails", true: "this list is not read or synced while its policy fails"} {
		if data := f.liveSitePage(public); !strings.Contains(string(data), says) {
			t.Errorf("public %v: the site does not say sync leaves the list alone", public)
		}
	}
	// And fails, as sync does on it: a job publishing the site does not
	// go green.
	lo := f.live()
	r = f.outcome(f.ws(workspace.Context{}).Site(ctx, workspace.SiteOptions{File: "members.toml", Out: filepath.Join(t.TempDir(), "site"), At: todayDate, Live: &lo}))
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "fails its own policy") {
		t.Errorf("site --live of a list whose policy fails: exit %d\n%s", r.code, r.stderr)
	}
}

// TestMaskedLookAlikeIsNamedInAPullRequestPlan: the plan of a pull
// request masks a live member the base does not list ("о…@example.org")
// but names a look-alike letter the mask shows, in text and markdown.
func TestMaskedLookAlikeIsNamedInAPullRequestPlan(t *testing.T) {
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "The list")
	f.write("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("other@example.org", `reports = "owner"`))
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "\u043ether@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	for _, format := range []report.Format{report.Text, report.Markdown} {
		r := f.doPlan(workspace.PlanOptions{Base: "HEAD", Format: format})
		if strings.Contains(r.stdout, "\u043ether") || !strings.Contains(r.stdout, "U+043E") {
			t.Errorf("%s:\n%s%s", format, r.stdout, r.stderr)
		}
	}
}

// TestAListAtAnAliasOfItsGroup: the list's address is an alias of its
// group (Google resolves it for reads and writes, and logs the group by
// its own address). The plan says so, with the address to write; and a
// walk-in's join, logged under the group's own address, is named.
func TestAListAtAnAliasOfItsGroup(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := strings.Replace(strings.Replace(header, `address = "security@example.org"`, `address = "security-alias@example.org"`, 1), `unmanaged = "report"`, "unmanaged = \"report\"\nwho_can_join = \"INVITED_CAN_JOIN\"", 1)
	f.repo.Commit("members.toml", hdr+person("ada@example.org", `reports = "owner"`), "The list (#1)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	f.emu.AddAlias("security-alias@example.org", "security@example.org")
	if _, err := f.emu.ByHand(emulator.Change{Event: "join", Group: "security@example.org", Actor: "walkin@example.org"}); err != nil {
		t.Fatal(err)
	}
	r := f.doPlan(workspace.PlanOptions{})
	for _, want := range []string{"security-alias@example.org is an alias of the group security@example.org", `write address = "security@example.org"`, "joined by walkin@example.org"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("plan does not say %q:\n%s%s", want, r.stdout, r.stderr)
		}
	}
}

// TestTheAuditorsSiteNamesALookAlike: a commit respells ace@ as асе@
// (Cyrillic а, с, е): the auditor's site names the look-alike in the
// timeline and the member table, as history, diff and show do, so that
// one person leaving and another joining never read as one respelled.
func TestTheAuditorsSiteNamesALookAlike(t *testing.T) {
	t.Parallel()
	f := respelledRepo(t, "\u0430\u0441\u0435@example.org")
	page := f.sitePage("list-reports.html")
	if n := strings.Count(page, "non-ASCII: а is U&#43;0430"); n < 2 {
		t.Errorf("the look-alike is named %d times (want the timeline's join and the member table):\n%s", n, page)
	}
}

// TestTheFilesLookAlikeIsMarkedOnEveryRouteOfThePast: an address that
// passes for another (аce@, Cyrillic а, allowed by allow_non_ascii) is
// marked by history, show and diff in every format, not only in text: a
// script that prints their JSON or CSV shows it as plainly as the
// terminal would (s17-20).
func TestTheFilesLookAlikeIsMarkedOnEveryRouteOfThePast(t *testing.T) {
	t.Parallel()
	f := respelledRepo(t, "\u0430ce@example.org")
	for _, format := range []report.Format{report.Text, report.JSON, report.CSV, report.Markdown} {
		for _, route := range []struct {
			name string
			run  func() outcome
		}{
			{"history", func() outcome { return f.doHistory(workspace.HistoryOptions{Format: format}) }},
			{"show", func() outcome { return f.doShow(workspace.ShowOptions{At: "HEAD", Format: format}) }},
			{"diff", func() outcome { return f.doDiff(workspace.DiffOptions{From: "HEAD~1", To: "HEAD", Format: format}) }},
		} {
			if format == report.Markdown && route.name != "diff" {
				continue // markdown is diff's alone
			}
			r := route.run()
			if out := strings.ReplaceAll(r.stdout, `\u`, "U+"); r.code != 0 || !strings.Contains(out, "U+0430") {
				t.Errorf("%s --format %s: exit %d, the look-alike is not named:\n%s%s", route.name, format, r.code, r.stdout, r.stderr)
			}
		}
	}
}

// TestAReviewMarksALookAlikeInEveryFormat: review's change lines mark a
// look-alike address in JSON too, as in text and markdown (s17-delta
// finding 4): a bot that posts them prints what a person compares.
func TestAReviewMarksALookAlikeInEveryFormat(t *testing.T) {
	t.Parallel()
	f, base := reviewRepo(t)
	allowed := strings.Replace(base, "[policies.p]\n", "[policies.p]\nallow_non_ascii = true\n", 1)
	f.repo.Commit("members.toml", allowed, "Allow non-ASCII (#2)")
	f.write("members.toml", allowed+reviewEntry("\u0435ra@example.org", "era-x", `reports = "member"`))
	for _, format := range []report.Format{report.Text, report.Markdown, report.JSON} {
		r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD", Format: format}))
		if out := strings.ReplaceAll(r.stdout, `\u`, "U+"); !strings.Contains(out, "U+0435") {
			t.Errorf("review --format %s does not name the look-alike:\n%s%s", format, r.stdout, r.stderr)
		}
	}
}

// TestAGroupOfAnotherFileIsNamed: plan and sync name another members
// file that names a list's group, read as the members file is, from
// disk: committed, untracked, or beside it outside git; not a file whose
// list was taken out on disk, nor one git ignores; a file broken on disk
// says what its committed version says.
func TestAGroupOfAnotherFileIsNamed(t *testing.T) {
	t.Parallel()
	other := "schema = 1\n\n[lists.core]\naddress = \"Security@example.org\"\npolicy = \"p\"\n\n[policies.p]\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\n"
	without := strings.Replace(other, "Security@", "elsewhere@", 1)
	file := header + person("ada@example.org", `reports = "owner"`)
	for _, tc := range []struct {
		name  string
		setUp func(f *fixture)
		named bool
	}{
		{"committed", func(f *fixture) { f.repo.CommitFiles("Two files", "members.toml", file, "teams/other.toml", other) }, true},
		{"untracked", func(f *fixture) {
			f.repo.Commit("members.toml", file, "One file")
			f.write("teams/other.toml", other)
		}, true},
		{"taken out on disk", func(f *fixture) {
			f.repo.CommitFiles("Two files", "members.toml", file, "teams/other.toml", other)
			f.write("teams/other.toml", without)
		}, false},
		{"broken on disk", func(f *fixture) {
			f.repo.CommitFiles("Two files", "members.toml", file, "teams/other.toml", other)
			f.write("teams/other.toml", other+"\n[[member]\n")
		}, true},
		{"ignored", func(f *fixture) {
			f.repo.CommitFiles("One file", "members.toml", file, ".gitignore", "teams/\n")
			f.write("teams/other.toml", other)
		}, false},
		{"outside git", func(f *fixture) {
			f.write("members.toml", file)
			f.write("Other.TOML", other)
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			if tc.name == "outside git" {
				f = newFixtureWith(t, emulator.Options{})
			}
			tc.setUp(f)
			if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
				t.Fatal(err)
			}
			for name, r := range map[string]outcome{"plan": f.doPlan(workspace.PlanOptions{}), "sync": f.doSync(workspace.SyncOptions{})} {
				named := strings.Contains(r.stderr, "(list core) names security@example.org too")
				if named != tc.named {
					t.Errorf("%s: named %v, want %v; exit %d\n%s%s", name, named, tc.named, r.code, r.stdout, r.stderr)
				}
			}
		})
	}
}

// TestManyOtherFilesAreCounted: a repository whose fixtures of tests
// (testdata/, as Go has them) name the group is not warned about them,
// and past three other files the warning counts the rest: the quick
// start's first run in roster's own clone printed 75 file names.
func TestManyOtherFilesAreCounted(t *testing.T) {
	t.Parallel()
	other := "schema = 1\n\n[lists.core]\naddress = \"security@example.org\"\npolicy = \"p\"\n\n[policies.p]\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\n"
	f := newRepoFixture(t)
	files := []string{"members.toml", header + person("ada@example.org", `reports = "owner"`)}
	for _, p := range []string{"a.toml", "b.toml", "c.toml", "d.toml", "e.toml", "testdata/x.toml", "pkg/testdata/y/members.toml"} {
		files = append(files, "teams/"+p, other)
	}
	f.repo.CommitFiles("Files", files...)
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	r := f.doPlan(workspace.PlanOptions{})
	if !strings.Contains(r.stderr, "teams/a.toml (list core), teams/b.toml (list core), teams/c.toml (list core) and 2 other files name security@example.org too") || strings.Contains(r.stderr, "testdata") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
}

// TestAGroupAddressThatIsNoAddressIsIgnored: settings whose email is no
// address (a stand-in's, or a filter's syntax) are never taken for the
// group's own address: no alias note, and the log is read under the
// list's address.
func TestAGroupAddressThatIsNoAddressIsIgnored(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := strings.Replace(header, `unmanaged = "report"`, "unmanaged = \"report\"\nwho_can_join = \"INVITED_CAN_JOIN\"", 1)
	f.repo.Commit("members.toml", hdr+person("ada@example.org", `reports = "owner"`), "The list (#1)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.URL.Path, "/groups/v1/groups/") || r.Method != http.MethodGet {
			f.emu.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"kind":"groupsSettings#groups","email":"x@example.org,actor==root","whoCanJoin":"INVITED_CAN_JOIN"}`)
	}))
	t.Cleanup(srv.Close)
	live := f.live()
	live.Endpoint = srv.URL + "/"
	r := f.doPlan(workspace.PlanOptions{Live: live, Format: report.JSON})
	if strings.Contains(r.stdout, "group_address") || strings.Contains(r.stdout, "is an alias") {
		t.Errorf("a settings email that is no address was kept:\n%s%s", r.stdout, r.stderr)
	}
}

// TestPublicDriftNamesMembersAndJudgesNone: on the public roster's drift
// section a member the file names is shown by that name (as its tables
// show them), not as a hidden address; a walk-in by no more than that
// an address stood there; and a member the file lists on a record that
// does not admit them is no drift at all there: that the record does not
// admit them is a verdict on vetting, which the public roster never
// gives. The auditor's site says all of it.
func TestPublicDriftNamesMembersAndJudgesNone(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+
		"\n[[member]]\nemail = \"gina@example.org\"\nname = \"Gina Rossi\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-06-01, method = \"carrier-pigeon\" }]\n"+
		"\n[[member]]\nemail = \"hal@example.org\"\nname = \"Hal Berg\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-06-01, method = \"video-call\" }]\n"+
		// Refused by sync (its record's method): an addition that would
		// stay on the public page build after build, a verdict.
		"\n[[member]]\nemail = \"ivo@example.org\"\nname = \"Ivo Petrov\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-06-01, method = \"carrier-pigeon\" }]\n", "The list")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"},
		emulator.Member{Email: "gina@example.org", Role: "MEMBER"}, emulator.Member{Email: "walkin@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	public := html.UnescapeString(string(f.liveSitePage(true)))
	for _, want := range []string{"Hal Berg is in the file, not yet on the group", "[address hidden] is on the group as member"} {
		if !strings.Contains(public, want) {
			t.Errorf("the public drift does not say %q", want)
		}
	}
	for _, never := range []string{"unvetted", "Gina Rossi is on the group", "walkin", "Ivo Petrov is in the file"} {
		if strings.Contains(public, never) {
			t.Errorf("the public drift says %q", never)
		}
	}
	if auditor := html.UnescapeString(string(f.liveSitePage(false))); !strings.Contains(auditor, "gina@example.org is on security@example.org as member, and the file lists them there, but") {
		t.Error("the auditor's drift does not judge gina's record")
	}
}

// TestAListAtAnAliasOfALookAlikeGroup: the list's address is an alias
// of a group whose own address passes for another's (sеc@, a Cyrillic
// е): the plan's note marks its letters, in text and markdown, and does
// not advise writing that address into the file.
func TestAListAtAnAliasOfALookAlikeGroup(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	const group = "s\u0435curity@example.org"
	hdr := strings.Replace(header, `address = "security@example.org"`, `address = "security-alias@example.org"`, 1)
	f.repo.Commit("members.toml", hdr+person("ada@example.org", `reports = "owner"`), "The list (#1)")
	if err := f.emu.AddGroup(group, emulator.Member{Email: "ada@example.org", Role: "OWNER"}); err != nil {
		t.Fatal(err)
	}
	f.emu.AddAlias("security-alias@example.org", group)
	for _, format := range []report.Format{report.Text, report.Markdown} {
		r := f.doPlan(workspace.PlanOptions{Format: format})
		if !strings.Contains(r.stdout, "is an alias of the group") || !strings.Contains(r.stdout, "U+0435") || strings.Contains(r.stdout, "write address = ") {
			t.Errorf("%s:\n%s%s", format, r.stdout, r.stderr)
		}
	}
}

// TestAnEmptiedListKeepsItsMembersOnEveryRoute: a commit that takes
// everyone off a list (their entries kept, on no list) is no "remove
// everyone": the list's policy fails (validate and audit say so), sync
// neither reads nor writes its group, and show, diff and history keep
// the members of the last version that applied it, as sync left them.
func TestAnEmptiedListKeepsItsMembersOnEveryRoute(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 0\nvetting_valid_for = \"2y\"", 1)
	people := entry("ada@example.org", "owner", "bob@example.org", "2026-06-01") + entry("bob@example.org", "owner", "ada@example.org", "2026-06-01") + entry("cy@example.org", "member", "ada@example.org", "2026-06-01")
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", hdr+people, "Start")
	if err := f.emu.AddGroup("security@example.org"); err != nil {
		t.Fatal(err)
	}
	if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
		t.Fatalf("first sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	emptied := regexp.MustCompile(`lists = \{ reports = "(owner|member)" \}`).ReplaceAllString(people, "lists = {}")
	f.repo.Commit("members.toml", hdr+emptied, "Take everyone off")
	if r := f.doValidate("members.toml", report.Text, ""); r.code != 1 || !strings.Contains(r.stdout, "has nobody on it") {
		t.Errorf("validate: exit %d\n%s", r.code, r.stdout)
	}
	// audit says why the list is held, and counts whom the group keeps,
	// today as on the days since (s15-new2 finding 4).
	for _, at := range []time.Time{{}, todayDate, todayDate.AddDate(0, 0, -1)} {
		r := f.doAudit(false, workspace.AuditOptions{At: at})
		if !regexp.MustCompile(`reports +security@example.org +3 +2 `).MatchString(r.stdout) || at.IsZero() && (r.code == 0 || !strings.Contains(r.stdout, "has nobody on it")) {
			t.Errorf("audit --at %v: exit %d\n%s%s", at, r.code, r.stdout, r.stderr)
		}
	}
	// Their records lapse as anyone's on a list: the audit of a day to
	// come names cy's, as the group's member.
	if r := f.doAudit(false, workspace.AuditOptions{At: time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC)}); !regexp.MustCompile(`lapsed +reports +.*cy@example.org`).MatchString(r.stdout) {
		t.Errorf("audit --at 2040-01-01: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	f.emu.ResetCounters()
	if r := f.doSync(workspace.SyncOptions{}); r.code != workspace.ExitFailed || f.emu.Counters()["members.list"] != 0 || f.writes() != 0 {
		t.Errorf("sync: exit %d, %d reads, %d writes\n%s%s", r.code, f.emu.Counters()["members.list"], f.writes(), r.stdout, r.stderr)
	}
	sameMembers(t, f, "security@example.org", "ada@example.org OWNER", "bob@example.org OWNER", "cy@example.org MEMBER")
	if r := f.doShow(workspace.ShowOptions{At: "HEAD"}); r.code != 0 || !strings.Contains(r.stdout, "cy@example.org") {
		t.Errorf("show --at HEAD: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := f.doDiff(workspace.DiffOptions{From: "HEAD~1", To: "HEAD"}); r.code != 0 || strings.Contains(r.stdout, "cy@example.org") {
		t.Errorf("diff HEAD~1 HEAD: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := f.doHistory(workspace.HistoryOptions{}); r.code != 0 || strings.Contains(r.stdout, "removed") {
		t.Errorf("history: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The routes that read the file as it is now: the same list.
	if r := f.doShow(workspace.ShowOptions{At: todayDate.Format("2006-01-02")}); r.code != 0 || !strings.Contains(r.stdout, "cy@example.org") {
		t.Errorf("show --at today: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := f.doDiff(workspace.DiffOptions{From: "HEAD"}); r.code != 0 || strings.Contains(r.stdout, "cy@example.org") {
		t.Errorf("diff HEAD: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if _, pages := f.siteFiles(todayDate); strings.Contains(pages["list-reports.html"], "not committed") || !strings.Contains(pages["list-reports.html"], "cy@example.org") {
		t.Errorf("the site:\n%s", pages["list-reports.html"])
	}
}

// TestAuditOfAHeldListNamesOnlyEntriesTheFileHas: a commit takes bob's
// entry out, leaving the list below min_owners: sync leaves its group
// as it was, bob on it. Audit counts him, but names no finding of his
// (no entry to re-vet, no line of his in the file), and places cy's on
// cy's own record (s16-delta finding 4).
func TestAuditOfAHeldListNamesOnlyEntriesTheFileHas(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 2\nvetting_valid_for = \"2y\"", 1)
	ada, bob, cy := entry("ada@example.org", "owner", "bob@example.org", "2026-06-01"), entry("bob@example.org", "owner", "ada@example.org", "2026-06-01"), entry("cy@example.org", "member", "ada@example.org", "2026-06-01")
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", hdr+ada+bob+cy, "Start")
	f.repo.Commit("members.toml", hdr+ada+cy, "Drop bob")
	r := f.doAudit(false, workspace.AuditOptions{At: time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC)})
	line := strings.Count((hdr + ada + cy)[:strings.Index(hdr+ada+cy, `"cy@example.org"`)], "\n") + 1
	if strings.Contains(r.stdout, "member bob@example.org") || strings.Count(r.stdout, "member ada@example.org: vetting by bob@example.org on 2026-06-01 lapsed") != 1 || !regexp.MustCompile(`lapsed +reports +members.toml:(\d+):\d+: member cy@example.org`).MatchString(r.stdout) {
		t.Fatalf("audit: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	m := regexp.MustCompile(`lapsed +reports +members.toml:(\d+):\d+: member cy@example.org`).FindStringSubmatch(r.stdout)
	if got, _ := strconv.Atoi(m[1]); got < line || got > line+6 {
		t.Errorf("cy's finding on line %s, her entry starts on line %d\n%s", m[1], line, r.stdout)
	}
}

// respelledRepo is a repository whose list, ada owning it, lists
// ace@example.org and then, in a second commit, as (an address
// allow_non_ascii lets the file write: a look-alike of ace@).
func respelledRepo(t *testing.T, as string) *fixture {
	t.Helper()
	f := newRepoFixture(t)
	hdr := strings.Replace(header, "unmanaged = \"report\"", "unmanaged = \"report\"\nallow_non_ascii = true", 1)
	ada := person("ada@example.org", `reports = "owner"`)
	f.repo.Commit("members.toml", hdr+ada+person("ace@example.org", `reports = "member"`), "ace (#1)")
	f.repo.Commit("members.toml", hdr+ada+person(as, `reports = "member"`), "respell (#2)")
	return f
}

// TestPromotionsCostOneReadEach: promoting 300 members to manager reads
// each one's role once before writing it (one members.get), not the
// group's owners and managers again for each, which grew with every
// manager made.
func TestPromotionsCostOneReadEach(t *testing.T) {
	t.Parallel()
	const n = 300
	f := newFixture(t, "")
	file := founded(header) + founder(`reports = "owner"`)
	live := []emulator.Member{{Email: "ada@example.org", Role: "OWNER"}}
	for i := range n {
		file += person(fmt.Sprintf("m%03d@example.org", i), `reports = "manager"`)
		live = append(live, emulator.Member{Email: fmt.Sprintf("m%03d@example.org", i)})
	}
	f.write("members.toml", file)
	if err := f.emu.AddGroup("security@example.org", live...); err != nil {
		t.Fatal(err)
	}
	f.emu.ResetCounters()
	r := f.doSync(workspace.SyncOptions{NoAttribution: true})
	c := f.emu.Counters()
	if c["members.get"] != n || c["members.list"] > 10 {
		t.Errorf("%d promotions: %d members.get, %d members.list (exit %d)\n%s", n, c["members.get"], c["members.list"], r.code, r.stderr)
	}
	if got := f.group("security@example.org"); len(got) != n+1 || !strings.Contains(strings.Join(got, " "), "m299@example.org MANAGER") {
		t.Errorf("not every member promoted: %d on the group", len(got))
	}
}

// TestAnOwnersRemovalWhoseAnswerWasLostCountsTheOwnersAgain: bob's
// removal lands, but its answer is lost (a 503) and the retry hears he is
// gone; meanwhile another run (here, by hand) demoted carol. The owners
// are counted again as after any departure: the group is below
// min_owners, so bob is put back and the run fails.
func TestAnOwnersRemovalWhoseAnswerWasLostCountsTheOwnersAgain(t *testing.T) {
	hdr := strings.Replace(strings.Replace(header, "min_owners = 1", "min_owners = 2", 1), `unmanaged = "report"`, `unmanaged = "remove"`, 1)
	f := newFixtureWith(t, emulator.Options{})
	f.write("members.toml", hdr+person("ada@example.org", `reports = "owner"`)+person("carol@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`))
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org", Role: "OWNER"},
		emulator.Member{Email: "carol@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	lost := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete && strings.Contains(r.URL.Path, "/members/") {
			first := false
			once.Do(func() { first = true })
			if first {
				f.emu.ServeHTTP(httptest.NewRecorder(), r)
				if _, err := f.emu.ByHand(emulator.Change{Application: "admin", Event: "UPDATE_GROUP_MEMBER", Group: "security@example.org", Actor: "admin@example.org", Member: "carol@example.org", Role: "MEMBER"}); err != nil {
					t.Error(err)
				}
				lost = true
				http.Error(w, `{"error":{"code":503,"message":"backend error"}}`, http.StatusServiceUnavailable)
				return
			}
		}
		f.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	lo := f.live()
	lo.Endpoint = srv.URL + "/"
	lo.RetryBase = time.Millisecond
	err := f.ws(workspace.Context{}).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: lo, Guards: plan.Guards{MaxRemovals: 100, MaxRemovalRatio: 1}})
	if owners := f.owners("security@example.org"); !lost || owners < 2 || workspace.Code(err) != workspace.ExitFailed {
		t.Errorf("lost %v: the group has %d owners, policy needs 2 (exit %d)\n%v\n%s%s", lost, owners, workspace.Code(err), f.group("security@example.org"), f.stdout.String(), f.stderr.String())
	}
}

// TestAMemberMadeOwnerByHandIsDemoted: zed is a plain member in every
// version of the file; someone made him owner by hand. His demotion
// puts the group back as the file has it, even while the owners the
// file admits are short (grace's record admits her nowhere): the
// history shows ownership given by hand, never kept for the count's
// sake. Outside git no history tells, and the demotion waits.
func TestAMemberMadeOwnerByHandIsDemoted(t *testing.T) {
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 2", 1)
	grace := strings.Replace(person("grace@example.org", `reports = "owner"`), `method = "video-call"`, `method = "email"`, 1)
	file := hdr + person("ada@example.org", `reports = "owner"`) + grace + person("zed@example.org", `reports = "member"`)
	for _, inGit := range []bool{false, true} {
		f := newFixtureFrom(t, "", emulator.Options{}, inGit)
		if inGit {
			f.repo.Commit("members.toml", file, "The list")
		} else {
			f.write("members.toml", file)
		}
		if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org", Role: "OWNER"},
			emulator.Member{Email: "zed@example.org", Role: "OWNER"}); err != nil {
			t.Fatal(err)
		}
		r := f.doSync(workspace.SyncOptions{Guards: plan.Guards{MaxRemovals: 100, MaxRemovalRatio: 1}})
		// Outside git nothing tells whether the file demoted zed: his
		// demotion weighs, and waits (exit 1, said), failing closed.
		if demoted := slices.Contains(f.group("security@example.org"), "zed@example.org MEMBER"); demoted != inGit || !inGit && r.code != workspace.ExitFailed {
			t.Errorf("in git %v: zed demoted %v (exit %d)\n%v\n%s%s", inGit, demoted, r.code, f.group("security@example.org"), r.stdout, r.stderr)
		}
	}
}

// TestApplyNamesWhoChangedTheGroupByHand: a walk-in root@ added, whom
// the policy removes: apply of the saved plan names who added them on
// its plan line and on the line of the change it made, as plan and sync
// do, from the plan's reading of the audit log.
func TestApplyNamesWhoChangedTheGroupByHand(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := strings.Replace(header, `unmanaged = "report"`, `unmanaged = "remove"`, 1)
	f.repo.Commit("members.toml", hdr+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`), "The list")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "grace@example.org"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.emu.ByHand(emulator.Change{Application: "admin", Event: "ADD_GROUP_MEMBER", Group: "security@example.org", Actor: "root@example.org", Member: "walkin@example.org", Role: "MEMBER"}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "plan.json")
	if p := f.doPlan(workspace.PlanOptions{Out: out}); !strings.Contains(p.stdout, "added by root@example.org") {
		t.Fatalf("plan does not name who added the walk-in:\n%s%s", p.stdout, p.stderr)
	}
	a := f.doApply(out, workspace.ApplyOptions{Guards: plan.Guards{MaxRemovals: 5, MaxRemovalRatio: 1}})
	if a.code != 0 || !strings.Contains(a.stdout, "added by root@example.org") || !strings.Contains(a.stderr, "done (live: added by root@example.org") {
		t.Errorf("apply (exit %d) does not name who added the walk-in:\n%s%s", a.code, a.stdout, a.stderr)
	}
}
