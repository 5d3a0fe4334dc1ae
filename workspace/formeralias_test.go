package workspace_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// TestAnAliasTakenOffTheFileIsRemoved: someone the file listed as
// grace.hopper@, an alias Google resolves to the member grace@ (roster's
// add of her is its own write, not a stray one), and then took off, is
// who the file listed: removed whatever unmanaged says
// (never kept as a stranger under "report"), with the commit as the
// reason; and an incremental run whose window holds that commit makes
// the removal rather than leave it to the next full run.
func TestAnAliasTakenOffTheFileIsRemoved(t *testing.T) {
	t.Parallel()
	for _, variant := range []string{"report", "remove", "remove, planned and applied"} {
		t.Run(variant, func(t *testing.T) {
			t.Parallel()
			unmanaged, _, _ := strings.Cut(variant, ",")
			clk := &clock{t: today}
			st := &emulator.State{Groups: []*emulator.Group{{Email: "security@example.org", Members: []*emulator.Member{
				{Email: "ada@example.org", Role: "OWNER", Type: "USER", Status: "ACTIVE"},
				{Email: "bo@example.org", Role: "MEMBER", Type: "USER", Status: "ACTIVE"},
			}}, {Email: "other@example.org", Members: []*emulator.Member{
				{Email: "ada@example.org", Role: "OWNER", Type: "USER", Status: "ACTIVE"},
				{Email: "bo@example.org", Role: "MEMBER", Type: "USER", Status: "ACTIVE"},
			}}}, Aliases: map[string]string{"grace.hopper@example.org": "grace@example.org"}}
			f := newFixtureFrom(t, "", emulator.Options{State: st, Now: clk.now}, true)
			// A second list, which changes in no window: the incremental
			// run reads reports alone.
			hdr := strings.Replace(header, `unmanaged = "report"`, `unmanaged = "`+unmanaged+`"`, 1) + "\n[lists.other]\naddress = \"other@example.org\"\npolicy = \"p\"\n"
			ada := strings.Replace(entry("ada@example.org", "owner", "bo@example.org", "2026-01-01"), `lists = { reports = "owner" }`, `lists = { reports = "owner", other = "owner" }`, 1)
			bo := strings.Replace(entry("bo@example.org", "member", "ada@example.org", "2026-01-01"), `lists = { reports = "member" }`, `lists = { reports = "member", other = "member" }`, 1)
			base := hdr + ada + bo
			f.repo.Commit("members.toml", base+entry("grace.hopper@example.org", "member", "ada@example.org", "2026-01-01"), "Lists (#1)")
			clk.set(f.repo.Date().Add(time.Hour))
			// The sync adds grace.hopper@, whom Google lists as grace@;
			// the next finds nothing to do.
			for run, writes := range []int64{1, 1} {
				if err := clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text}); err != nil || f.writes() != writes {
					t.Fatalf("run %d: %v, %d writes\n%s%s", run, err, f.writes(), f.stdout.String(), f.stderr.String())
				}
			}
			if got := strings.Join(f.group("security@example.org"), " "); !strings.Contains(got, "grace@example.org") {
				t.Fatalf("the group holds %s", got)
			}
			f.repo.Tick()
			f.repo.Commit("members.toml", base, "grace leaves (#2)")
			clk.set(f.repo.Date().Add(time.Hour))
			err := clk.ws(f).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text})
			// roster's own add of her, for the file as it stood, is not
			// a stray write.
			if out := f.stdout.String(); workspace.Code(err) != workspace.ExitChanges || !strings.Contains(out, "- grace@example.org") || strings.Contains(out, "no committed version") {
				t.Errorf("plan: %v\n%s%s", err, out, f.stderr.String())
			} else if unmanaged == "report" && !strings.Contains(out, "as grace.hopper@example.org") {
				t.Errorf("plan does not say the file listed her as grace.hopper@:\n%s", out)
			}
			if variant != unmanaged {
				// The plan saved (attributed, so it knows her as
				// grace.hopper@) is the plan apply finds: it applies.
				out := filepath.Join(t.TempDir(), "plan.json")
				if err := clk.ws(f).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text, Out: out}); workspace.Code(err) != workspace.ExitChanges {
					t.Fatalf("plan --out: %v", err)
				}
				if err := clk.ws(f).Apply(ctx, workspace.ApplyOptions{Source: workspace.Source{Path: "members.toml"}, PlanFile: out, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text}); err != nil {
					t.Errorf("apply: %v\n%s%s", err, f.stdout.String(), f.stderr.String())
				}
				return
			}
			err = clk.ws(f).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), ChangedSince: workspace.Window{Length: 2 * time.Hour}, NoAttribution: true, Format: report.Text})
			if got := strings.Join(f.group("security@example.org"), " "); err != nil || strings.Contains(got, "grace@") {
				t.Errorf("sync --changed-since 2h: %v; the group holds %s\n%s%s", err, got, f.stdout.String(), f.stderr.String())
			}
		})
	}
}

// TestAnAliasStillListedIsNotTakenOff: with more new entries than the
// plan looks up one by one, an entry the file still lists that is an
// alias of a live member is no former address: that member is never
// removed as "taken off the list".
func TestAnAliasStillListedIsNotTakenOff(t *testing.T) {
	t.Parallel()
	st := aliasDomain(map[string]string{"a-alias@example.org": "sam@example.org"}, "sam@example.org")
	f := newFixtureFrom(t, "", emulator.Options{State: st}, true)
	var b strings.Builder
	b.WriteString(header + entry("ada@example.org", "owner", "bo@example.org", "2026-01-01"))
	for i := range 26 {
		b.WriteString(entry(fmt.Sprintf("new%02d@example.org", i), "member", "ada@example.org", "2026-01-01"))
	}
	b.WriteString(entry("a-alias@example.org", "member", "ada@example.org", "2026-01-01"))
	f.repo.Commit("members.toml", b.String(), "Lists (#1)")
	if r := f.doPlan(workspace.PlanOptions{}); r.code != workspace.ExitChanges || strings.Contains(r.stdout, "- sam@example.org") {
		t.Errorf("the member an entry still names is removed:\n%s%s", r.stdout, r.stderr)
	}
}

// TestAFormerAliasDecidesNothingWhileTheFileMayListThemOtherwise: the
// file took grace.hopper@ off and lists zhopper@, another alias of the
// same account, among more new entries than the plan looks up: whether
// grace@ is someone the file lists now cannot be told, so she is not
// removed on the former address's word.
func TestAFormerAliasDecidesNothingWhileTheFileMayListThemOtherwise(t *testing.T) {
	t.Parallel()
	st := aliasDomain(map[string]string{"grace.hopper@example.org": "grace@example.org", "zhopper@example.org": "grace@example.org"}, "grace@example.org")
	f := newFixtureFrom(t, "", emulator.Options{State: st}, true)
	base := header + entry("ada@example.org", "owner", "bo@example.org", "2026-01-01")
	f.repo.Commit("members.toml", base+entry("grace.hopper@example.org", "member", "ada@example.org", "2026-01-01"), "Lists (#1)")
	var b strings.Builder
	b.WriteString(base)
	for i := range 26 {
		b.WriteString(entry(fmt.Sprintf("new%02d@example.org", i), "member", "ada@example.org", "2026-01-01"))
	}
	b.WriteString(entry("zhopper@example.org", "member", "ada@example.org", "2026-01-01"))
	f.repo.Commit("members.toml", b.String(), "grace as zhopper; 26 new (#2)")
	if r := f.doPlan(workspace.PlanOptions{}); r.code != workspace.ExitChanges || strings.Contains(r.stdout, "- grace@example.org") {
		t.Errorf("grace@ is removed on a former address's word:\n%s%s", r.stdout, r.stderr)
	}
}

// TestImportDoesNotBringBackAnAliasTakenOff: import skips the member the
// file listed as grace.hopper@ and took off, on the group as grace@, as
// it skips anyone the file took off: sync removes them.
func TestImportDoesNotBringBackAnAliasTakenOff(t *testing.T) {
	t.Parallel()
	st := aliasDomain(map[string]string{"grace.hopper@example.org": "grace@example.org"}, "grace@example.org")
	f := newFixtureFrom(t, "", emulator.Options{State: st}, true)
	base := founded(header) + entry("ada@example.org", "owner", "bo@example.org", "2026-01-01")
	f.repo.Commit("members.toml", base+entry("grace.hopper@example.org", "member", "ada@example.org", "2026-01-01"), "Lists (#1)")
	f.repo.Commit("members.toml", base, "grace leaves (#2)")
	r := f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", Live: f.live()}))
	if strings.Contains(f.read("members.toml"), "grace@") || !strings.Contains(r.stderr, "took them off reports as grace.hopper@example.org") {
		t.Errorf("exit %d\n%s\n%s", r.code, r.stderr, f.read("members.toml"))
	}
}

// aliasDomain is a domain whose security@ group holds ada (owner) and
// the members given, with aliases (alias -> primary).
func aliasDomain(aliases map[string]string, on ...string) *emulator.State {
	g := &emulator.Group{Email: "security@example.org", Members: []*emulator.Member{{Email: "ada@example.org", Role: "OWNER", Type: "USER", Status: "ACTIVE"}}}
	for _, e := range on {
		g.Members = append(g.Members, &emulator.Member{Email: e, Role: "MEMBER", Type: "USER", Status: "ACTIVE"})
	}
	return &emulator.State{Groups: []*emulator.Group{g}, Aliases: aliases}
}

// TestAnEntryAtAnAliasDomainIsTheMemberItNames: an alias domain gives
// every user the address of the same name there (sam@example.net for
// sam@example.org), a domain no list's address uses: the entry is
// looked up, matched to the live member, and nobody is added or removed,
// on the first run and every one after; a newcomer at another domain
// with no stranger of their name costs no look-up.
func TestAnEntryAtAnAliasDomainIsTheMemberItNames(t *testing.T) {
	t.Parallel()
	st := aliasDomain(map[string]string{"sam@example.net": "sam@example.org"}, "sam@example.org")
	f := newFixtureFrom(t, "", emulator.Options{State: st}, true)
	f.repo.Commit("members.toml", header+entry("ada@example.org", "owner", "sam@example.net", "2026-01-01")+
		entry("sam@example.net", "member", "ada@example.org", "2026-01-01"), "Lists (#1)")
	r := f.doPlan(workspace.PlanOptions{})
	if r.code != 0 || strings.Contains(r.stdout, "- sam@example.org") || strings.Contains(r.stdout, "+ sam@example.net") {
		t.Errorf("the alias domain's entry is planned as a stranger:\nexit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	f.repo.Commit("members.toml", header+entry("ada@example.org", "owner", "sam@example.net", "2026-01-01")+
		entry("sam@example.net", "member", "ada@example.org", "2026-01-01")+
		entry("newcomer@elsewhere.test", "member", "ada@example.org", "2026-01-01"), "Newcomer (#2)")
	before := f.emu.Counters()["members.get"]
	if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
		t.Errorf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := f.emu.Counters()["members.get"] - before; n != 1 {
		t.Errorf("%d look-ups, want 1 (sam's; none for the newcomer, whose name no stranger has)", n)
	}
	if got := f.group("security@example.org"); !slices.Equal(got, []string{"ada@example.org OWNER", "newcomer@elsewhere.test MEMBER", "sam@example.org MEMBER"}) {
		t.Errorf("group after sync: %v", got)
	}
}

// TestAConsumerAddressIsNotLookedUpAsAnAlias: gmail.com is no
// Workspace's alias domain: zed@gmail.com beside a stranger zed@ of the
// group's domain costs no look-up.
func TestAConsumerAddressIsNotLookedUpAsAnAlias(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "", emulator.Options{State: aliasDomain(nil, "zed@example.org")}, true)
	f.repo.Commit("members.toml", header+entry("ada@example.org", "owner", "zed@gmail.com", "2026-01-01")+
		entry("zed@gmail.com", "member", "ada@example.org", "2026-01-01"), "Lists (#1)")
	f.doPlan(workspace.PlanOptions{})
	if n := f.emu.Counters()["members.get"]; n != 0 {
		t.Errorf("%d look-ups for zed@gmail.com, want none", n)
	}
}

// TestALookAlikeBehindAnAliasIsMarked: the file lists grace.h@, which
// Google resolves to an account whose address only looks like
// grace@ (a Cyrillic а). plan (text and markdown) and audit --live
// (text and JSON) mark that address where they name it, and none tells
// the user to write it in the file, which validate would refuse.
func TestALookAlikeBehindAnAliasIsMarked(t *testing.T) {
	t.Parallel()
	lookalike := "gr\u0430ce@example.org"
	live := &emulator.State{Aliases: map[string]string{"grace.h@example.org": lookalike}, Groups: []*emulator.Group{{Email: "security@example.org", Members: []*emulator.Member{
		{Email: "ada@example.org", Role: "OWNER"}, {Email: lookalike, Role: "MEMBER"}}}}}
	f := newFixtureFrom(t, "", emulator.Options{State: live}, true)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("grace.h@example.org", `reports = "member"`), "The list (#1)")
	outs := map[string]string{}
	for _, format := range []report.Format{report.Text, report.Markdown} {
		r := f.doPlan(workspace.PlanOptions{Format: format})
		outs["plan "+string(format)] = r.stdout
	}
	for _, format := range []report.Format{report.Text, report.JSON} {
		r := f.doAudit(true, workspace.AuditOptions{Format: format, At: todayDate})
		outs["audit --live "+string(format)] = r.stdout
	}
	for name, out := range outs {
		if !strings.Contains(out, "U+0430") {
			t.Errorf("%s does not mark the look-alike:\n%s", name, out)
		}
		if strings.Contains(out, "write "+lookalike) || strings.Contains(out, "write gr\\u0430ce") {
			t.Errorf("%s tells the user to write the look-alike in the file:\n%s", name, out)
		}
	}
}

// TestAnUnmadeAdditionHoldsTheRemovalsItMayBe: with more new entries
// than the plan looks up one by one (unmanaged = "remove"), the file
// lists sam's alias a-alias@ without a vetting record: its addition is
// BLOCKED, never tried, so nothing finds that the live sam@ is that
// entry. Sync (and apply of a saved plan) removes no one meanwhile: sam
// stays, the removal named as waiting for the additions not made. Once
// every addition is made (the entry vetted), the alias is found and sam
// kept; a real walk-in is then removed.
func TestAnUnmadeAdditionHoldsTheRemovalsItMayBe(t *testing.T) {
	t.Parallel()
	for _, route := range []string{"sync", "apply"} {
		t.Run(route, func(t *testing.T) {
			t.Parallel()
			st := aliasDomain(map[string]string{"a-alias@example.org": "sam@example.org"}, "sam@example.org", "walkin@example.org")
			f := newFixtureFrom(t, "", emulator.Options{State: st}, true)
			var b strings.Builder
			b.WriteString(strings.Replace(header, `unmanaged = "report"`, `unmanaged = "remove"`, 1) + entry("ada@example.org", "owner", "bo@example.org", "2026-01-01"))
			for i := range 26 {
				b.WriteString(entry(fmt.Sprintf("new%02d@example.org", i), "member", "ada@example.org", "2026-01-01"))
			}
			unvetted := b.String() + "\n[[member]]\nemail = \"a-alias@example.org\"\nlists = { reports = \"member\" }\n"
			f.repo.Commit("members.toml", unvetted, "Lists (#1)")
			guards := plan.Guards{MaxRemovals: 50, MaxRemovalRatio: 1}
			run := func() (error, string) {
				f.stdout.Reset()
				f.stderr.Reset()
				var err error
				if route == "sync" {
					err = f.ws(workspace.Context{}).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: guards, NoAttribution: true, Format: report.Text})
				} else {
					out := filepath.Join(t.TempDir(), "plan.json")
					if err := f.ws(workspace.Context{}).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: guards, NoAttribution: true, Format: report.Text, Out: out}); workspace.Code(err) != workspace.ExitChanges && workspace.Code(err) != workspace.ExitFailed {
						t.Fatalf("plan --out: %v", err)
					}
					err = f.ws(workspace.Context{}).Apply(ctx, workspace.ApplyOptions{Source: workspace.Source{Path: "members.toml"}, PlanFile: out, Live: f.live(), Guards: guards, Format: report.Text})
				}
				return err, f.stdout.String() + f.stderr.String()
			}
			err, out := run()
			got := strings.Join(f.group("security@example.org"), " ")
			if !strings.Contains(got, "sam@example.org") || !strings.Contains(got, "walkin@example.org") || !strings.Contains(out, "the removal waits until they are made") {
				t.Fatalf("a removal went ahead while an addition that may be them was not made (%v): the group holds %s\n%s", err, got, out)
			}
			// Vetted: every addition is made, the alias found, sam kept,
			// and the walk-in taken off.
			f.repo.Commit("members.toml", b.String()+entry("a-alias@example.org", "member", "ada@example.org", "2026-01-01"), "Vet a-alias (#2)")
			err, out = run()
			got = strings.Join(f.group("security@example.org"), " ")
			if !strings.Contains(got, "sam@example.org") || strings.Contains(got, "walkin@example.org") {
				t.Errorf("once every addition is made (%v): the group holds %s\n%s", err, got, out)
			}
		})
	}
}

// TestAtTheCapABlockedAliasIsLookedUp: at max_members, sync makes room
// before it adds, and past the alias look-up cap the BLOCKED entry
// a-alias@ (sam's alias, unvetted) is looked up with the additions: sam
// is not removed to make room, a real walk-in is. And a removal a run
// holds back (here every addition BLOCKED) is named on the last line.
func TestAtTheCapABlockedAliasIsLookedUp(t *testing.T) {
	t.Parallel()
	st := aliasDomain(map[string]string{"a-alias@example.org": "sam@example.org"}, "sam@example.org", "walkin@example.org")
	f := newFixtureFrom(t, "", emulator.Options{State: st}, true)
	var b strings.Builder
	b.WriteString(strings.Replace(header, `unmanaged = "report"`, "unmanaged = \"remove\"\nmax_members = 28", 1) + entry("ada@example.org", "owner", "bo@example.org", "2026-01-01"))
	for i := range 26 {
		b.WriteString(entry(fmt.Sprintf("new%02d@example.org", i), "member", "ada@example.org", "2026-01-01"))
	}
	b.WriteString("\n[[member]]\nemail = \"a-alias@example.org\"\nlists = { reports = \"member\" }\n")
	f.repo.Commit("members.toml", b.String(), "Lists (#1)")
	r := f.doSync(workspace.SyncOptions{Guards: plan.Guards{MaxRemovals: 50, MaxRemovalRatio: 1}, NoAttribution: true})
	if got := strings.Join(f.group("security@example.org"), " "); !strings.Contains(got, "sam@example.org") || strings.Contains(got, "walkin@example.org") {
		t.Errorf("at the cap: the group holds %s\n%s%s", got, r.stdout, r.stderr)
	}

	// Every addition BLOCKED: the walk-in's removal waits, and the last
	// line names them; one at a domain not the Workspace's, whom no
	// entry can name as an alias, is removed.
	g := newFixtureFrom(t, "", emulator.Options{State: aliasDomain(nil, "walkin@example.org", "stranger@gmail.com")}, true)
	var c strings.Builder
	c.WriteString(strings.Replace(header, `unmanaged = "report"`, `unmanaged = "remove"`, 1) + entry("ada@example.org", "owner", "bo@example.org", "2026-01-01"))
	for i := range 26 {
		fmt.Fprintf(&c, "\n[[member]]\nemail = \"new%02d@example.org\"\nlists = { reports = \"member\" }\n", i)
	}
	g.repo.Commit("members.toml", c.String(), "Lists (#1)")
	r = g.doSync(workspace.SyncOptions{Guards: plan.Guards{MaxRemovals: 50, MaxRemovalRatio: 1}, NoAttribution: true})
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if last := lines[len(lines)-1]; r.code != workspace.ExitFailed || !strings.Contains(last, "walkin@example.org (reports)") {
		t.Errorf("exit %d; the last line does not name the walk-in left on the group: %q", r.code, last)
	}
	if got := strings.Join(g.group("security@example.org"), " "); strings.Contains(got, "stranger@gmail.com") {
		t.Errorf("a walk-in no entry can be an alias of is held too: the group holds %s", got)
	}
}

// TestAnUnmadeEntryIsLookedUpForAUserOfAnotherDomain: the Workspace has
// a domain no list uses (sam@example.net), and the file lists sam at
// their alias in the list's domain, an entry that will not be added
// (unvetted, or the list full). No addition will meet Google's "already
// a member", so the entry is looked up, by sync and by plan then apply:
// sam is kept, not removed as a walk-in. A walk-in there with nothing
// unmade costs no look-up and is removed.
func TestAnUnmadeEntryIsLookedUpForAUserOfAnotherDomain(t *testing.T) {
	t.Parallel()
	unvetted := strings.Replace(header, `unmanaged = "report"`, `unmanaged = "remove"`, 1) +
		entry("ada@example.org", "owner", "bo@example.org", "2026-01-01") +
		"\n[[member]]\nemail = \"a-alias@example.org\"\nlists = { reports = \"member\" }\n"
	full := strings.Replace(header, `unmanaged = "report"`, "unmanaged = \"remove\"\nmax_members = 2", 1) +
		entry("ada@example.org", "owner", "bo@example.org", "2026-01-01") +
		entry("bo@example.org", "member", "ada@example.org", "2026-01-01") +
		entry("a-alias@example.org", "member", "ada@example.org", "2026-01-01")
	guards := plan.Guards{MaxRemovals: 50, MaxRemovalRatio: 1}
	for _, tc := range []struct{ name, file, route string }{
		{"unvetted/sync", unvetted, "sync"},
		{"unvetted/apply", unvetted, "apply"},
		{"full/sync", full, "sync"},
		{"full/apply", full, "apply"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st := aliasDomain(map[string]string{"a-alias@example.org": "sam@example.net"}, "sam@example.net")
			f := newFixtureFrom(t, "", emulator.Options{State: st}, true)
			f.repo.Commit("members.toml", tc.file, "Lists (#1)")
			var r outcome
			if tc.route == "sync" {
				r = f.doSync(workspace.SyncOptions{Guards: guards, NoAttribution: true})
			} else {
				f.doPlan(workspace.PlanOptions{Out: "plan.json", Guards: guards})
				r = f.doApply("plan.json", workspace.ApplyOptions{Guards: guards})
			}
			if got := strings.Join(f.group("security@example.org"), " "); !strings.Contains(got, "sam@example.net") {
				t.Errorf("sam, whom the file lists at an alias, was removed: the group holds %s\nexit %d\n%s%s", got, r.code, r.stdout, r.stderr)
			}
		})
	}

	t.Run("nothing unmade", func(t *testing.T) {
		t.Parallel()
		f := newFixtureFrom(t, "", emulator.Options{State: aliasDomain(nil, "walkin@example.net")}, true)
		f.repo.Commit("members.toml", strings.Replace(header, `unmanaged = "report"`, `unmanaged = "remove"`, 1)+
			entry("ada@example.org", "owner", "bo@example.org", "2026-01-01")+
			entry("newcomer@example.org", "member", "ada@example.org", "2026-01-01"), "Lists (#1)")
		r := f.doSync(workspace.SyncOptions{Guards: guards, NoAttribution: true})
		if n := f.emu.Counters()["members.get"]; n != 0 {
			t.Errorf("%d look-ups with every entry added, want none", n)
		}
		if got := strings.Join(f.group("security@example.org"), " "); strings.Contains(got, "walkin@") {
			t.Errorf("the walk-in stays: %s\n%s%s", got, r.stdout, r.stderr)
		}
	})
}

// TestARemovalAtAnAliasCitesTheCommitThatTookThemOff: the file listed
// dana.whitfield@, then respelled her dana@ (an alias Google resolves to
// her), then took her off. The respelling "took off" the primary, but
// the commit that took her off the list is the last: the plan cites it,
// on the same day as the respelling or later.
func TestARemovalAtAnAliasCitesTheCommitThatTookThemOff(t *testing.T) {
	t.Parallel()
	for _, sameDay := range []bool{true, false} {
		t.Run(fmt.Sprint("same day ", sameDay), func(t *testing.T) {
			t.Parallel()
			st := &emulator.State{Groups: []*emulator.Group{{Email: "security@example.org", Members: []*emulator.Member{
				{Email: "ada@example.org", Role: "OWNER", Type: "USER", Status: "ACTIVE"},
				{Email: "bo@example.org", Role: "MEMBER", Type: "USER", Status: "ACTIVE"},
				{Email: "dana.whitfield@example.org", Role: "MEMBER", Type: "USER", Status: "ACTIVE"},
			}}}, Aliases: map[string]string{"dana@example.org": "dana.whitfield@example.org"}}
			f := newFixtureFrom(t, "", emulator.Options{State: st}, true)
			base := header + entry("ada@example.org", "owner", "bo@example.org", "2026-01-01") + entry("bo@example.org", "member", "ada@example.org", "2026-01-01")
			f.repo.Commit("members.toml", base+entry("dana.whitfield@example.org", "member", "ada@example.org", "2026-01-01"), "Lists")
			f.repo.Commit("members.toml", base+entry("dana@example.org", "member", "ada@example.org", "2026-01-01"), "Dana at her alias")
			var off string
			if sameDay {
				// On the respelling's day: Commit moves the day on.
				f.repo.Write("members.toml", base)
				f.repo.Git("commit", "-qam", "Dana leaves")
				off = f.repo.Git("rev-parse", "HEAD")
			} else {
				off = f.repo.Commit("members.toml", base, "Dana leaves")
			}
			r := f.doPlan(workspace.PlanOptions{})
			if !strings.Contains(r.stdout, "- dana.whitfield@example.org") || !strings.Contains(r.stdout, "removed in "+off[:10]) {
				t.Errorf("the removal does not cite %s:\n%s%s", off[:10], r.stdout, r.stderr)
			}
		})
	}
}

// TestARemovalOnARemoveListNamesItsCommit: on a list that removes
// walk-ins, someone the file took off goes for the commit that took them
// off, as on a report list, through the whole run (the plan reads the
// file's history for such a list too), not as a walk-in; and a plan
// saved before that commit still applies after it: why someone goes is
// history's word, not the change (s31-regress, s31-readme).
func TestARemovalOnARemoveListNamesItsCommit(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := strings.Replace(header, `unmanaged = "report"`, `unmanaged = "remove"`, 1)
	base := hdr + entry("ada@example.org", "owner", "bo@example.org", "2026-01-01") + entry("bo@example.org", "member", "ada@example.org", "2026-01-01")
	f.repo.Commit("members.toml", base+entry("cy@example.org", "member", "ada@example.org", "2026-01-01"), "Lists (#1)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bo@example.org"}, emulator.Member{Email: "cy@example.org"}); err != nil {
		t.Fatal(err)
	}
	// Taken off in the working copy, planned and saved, then committed.
	f.write("members.toml", base)
	out := filepath.Join(t.TempDir(), "plan.json")
	if err := f.ws(workspace.Context{}).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text, Out: out}); workspace.Code(err) != workspace.ExitChanges ||
		!strings.Contains(f.stdout.String(), "- cy@example.org") || strings.Contains(f.stdout.String(), `unmanaged = "remove"`) {
		t.Fatalf("plan --out: %v\n%s%s", err, f.stdout.String(), f.stderr.String())
	}
	f.repo.Commit("members.toml", base, "cy leaves (#2)")
	f.stdout.Reset()
	if err := f.ws(workspace.Context{}).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text}); workspace.Code(err) != workspace.ExitChanges ||
		!regexp.MustCompile(`- cy@example.org[^\n]*taken off the list in members.toml \(removed in [0-9a-f]+ on `).MatchString(f.stdout.String()) || strings.Contains(f.stdout.String(), "not in Google's audit log") {
		t.Errorf("plan after the commit: %v\n%s", err, f.stdout.String())
	}
	if err := f.ws(workspace.Context{}).Apply(ctx, workspace.ApplyOptions{Source: workspace.Source{Path: "members.toml"}, PlanFile: out, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text}); err != nil || strings.Contains(strings.Join(f.group("security@example.org"), " "), "cy@") {
		t.Errorf("apply of the plan saved before the commit: %v\n%s%s", err, f.stdout.String(), f.stderr.String())
	}
}

// TestAWorkspaceGroupMadeOwnerIsNoOwner: under allow_groups, the file
// makes a group of the Workspace that is none of its lists the owner in
// place of ada: Google is asked whether the new owner is a group, it is,
// so ada's demotion waits (the group is no person to own the list), and
// the plan says why, naming the group (s31-regress).
func TestAWorkspaceGroupMadeOwnerIsNoOwner(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nallow_groups = true", 1)
	f.repo.Commit("members.toml", hdr+entry("ada@example.org", "owner", "bo@example.org", "2026-01-01")+entry("bo@example.org", "member", "ada@example.org", "2026-01-01"), "The list (#1)")
	for _, g := range []string{"security@example.org", "team@example.org"} {
		ms := []emulator.Member{{Email: "ada@example.org", Role: "OWNER"}, {Email: "bo@example.org"}}
		if err := f.emu.AddGroup(g, ms...); err != nil {
			t.Fatal(err)
		}
	}
	f.repo.Commit("members.toml", hdr+entry("ada@example.org", "member", "bo@example.org", "2026-01-01")+entry("bo@example.org", "member", "ada@example.org", "2026-01-01")+entry("team@example.org", "owner", "ada@example.org", "2026-01-01"), "team owns it (#2)")
	err := f.ws(workspace.Context{}).Plan(ctx, workspace.PlanOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text})
	out := f.stdout.String()
	if !regexp.MustCompile(`~ ada@example.org[^\n]*BLOCKED`).MatchString(out) || !strings.Contains(out, "not counting team@example.org, which is a group: a group made owner is no person to own the list") {
		t.Errorf("plan: %v\n%s%s", err, out, f.stderr.String())
	}
	if err := f.ws(workspace.Context{}).Sync(ctx, workspace.SyncOptions{Source: workspace.Source{Path: "members.toml"}, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text}); !strings.Contains(strings.Join(f.group("security@example.org"), " "), "ada@example.org OWNER") {
		t.Errorf("sync demoted ada: %v; the group is %v", err, f.group("security@example.org"))
	}
}
