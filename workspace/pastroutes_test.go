package workspace_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// The routes that read the file as of a day or a revision (show --at,
// diff, audit --at, history) agree on which file a day is, and on what
// a revision that does not parse is.

// TestADayNotEndedIsTheWorkingFile: the file at the end of today, or of
// a day to come, is the file as it is now, uncommitted changes included,
// for show --at and diff as for audit --at; a day gone by is what git
// had by its end.
func TestADayNotEndedIsTheWorkingFile(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	base := header + person("ada@example.org", `reports = "owner"`)
	f.repo.Commit("members.toml", base, "Create the list (#1)")
	f.write("members.toml", base+person("lin@example.org", `reports = "member"`)) // not committed
	yesterday := todayDate.AddDate(0, 0, -1).Format("2006-01-02")
	for _, c := range []struct {
		day     string
		withLin bool
	}{
		{yesterday, false},
		{todayDate.Format("2006-01-02"), true},
		{"2030-01-01", true},
	} {
		show := f.doShow(workspace.ShowOptions{At: c.day, Format: report.CSV})
		if show.code != 0 || strings.Contains(show.stdout, "lin@example.org") != c.withLin {
			t.Errorf("show --at %s: exit %d, lin shown %v, want %v\n%s%s", c.day, show.code, !c.withLin, c.withLin, show.stdout, show.stderr)
		}
		at, _ := time.Parse("2006-01-02", c.day)
		audit := f.doAudit(false, workspace.AuditOptions{Source: workspace.Source{Path: "members.toml"}, At: at, Format: report.JSON})
		if got := strings.Contains(audit.stdout, `"members": 2`); got != c.withLin {
			t.Errorf("audit --at %s counts lin: %v, want %v\n%s%s", c.day, got, c.withLin, audit.stdout, audit.stderr)
		}
		// diff DAY (against the working tree) differs exactly when the
		// day read the commit.
		diff := f.doDiff(workspace.DiffOptions{From: c.day, ExitCode: true})
		if want := map[bool]int{true: 0, false: 1}[c.withLin]; diff.code != want {
			t.Errorf("diff %s --exit-code: exit %d, want %d\n%s%s", c.day, diff.code, want, diff.stdout, diff.stderr)
		}
	}
	r := f.doShow(workspace.ShowOptions{At: "2030-01-01"})
	if !strings.Contains(r.stdout, "as it is now, uncommitted changes included") {
		t.Errorf("show --at a day to come does not say it read the working file:\n%s", r.stdout)
	}
	// A revision is a commit, whatever the day: HEAD has no lin.
	if r := f.doShow(workspace.ShowOptions{At: "HEAD"}); r.code != 0 || strings.Contains(r.stdout, "lin@example.org") {
		t.Errorf("show --at HEAD: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// listsFile is a members file with the lists of spec ("l1=g1,l2=g2":
// list l1 is g1@example.org) under header's policy, and people.
func listsFile(spec string, people ...string) string {
	var b strings.Builder
	b.WriteString("schema = 1\nadmins = [\"ada-x\"]\n")
	for _, kv := range strings.Split(spec, ",") {
		id, g, _ := strings.Cut(kv, "=")
		b.WriteString("\n[lists." + id + "]\naddress = \"" + g + "@example.org\"\npolicy = \"p\"\n")
	}
	b.WriteString(header[strings.Index(header, "\n[policies.p]"):])
	for _, p := range people {
		b.WriteString(p)
	}
	return b.String()
}

// diffGroups are the groups of a diff's JSON that changed, each with
// the emails added (+) and removed (-).
func diffGroups(t *testing.T, out string) map[string][]string {
	t.Helper()
	var d struct {
		Lists []struct {
			Group          string
			Added, Removed []struct{ Email string }
		}
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	got := map[string][]string{}
	for _, l := range d.Lists {
		for _, m := range l.Added {
			got[l.Group] = append(got[l.Group], "+"+m.Email)
		}
		for _, m := range l.Removed {
			got[l.Group] = append(got[l.Group], "-"+m.Email)
		}
	}
	return got
}

// TestListSelectsTheGroupItNamesNow: --list ID is the group the id names
// now, at every revision diff and show read, whatever group the id named
// there; an id the file no longer has is the group it named last.
func TestListSelectsTheGroupItNamesNow(t *testing.T) {
	t.Parallel()
	ada, lin, bob := person("ada@example.org", `l = "owner"`), person("lin@example.org", `l = "member"`), person("bob@example.org", `l = "member"`)
	cases := []struct {
		name    string
		commits []string // one file per commit, a day apart from 2026-03-02
		from    string
		to      string
		list    string
		want    map[string][]string // group -> changes
		refused string
	}{
		{
			// l: g1, then g2, lin joins g2, then back to g1.
			name:    "an address changed and changed back",
			commits: []string{listsFile("l=g1", ada), listsFile("l=g2", ada), listsFile("l=g2", ada, lin), listsFile("l=g1", ada, lin)},
			from:    "2026-03-02", to: "2026-03-04", list: "l",
			want: map[string][]string{"g1@example.org": {"-ada@example.org"}},
		},
		{
			name:    "the group it names now at neither end",
			commits: []string{listsFile("l=g1", ada), listsFile("l=g2", ada), listsFile("l=g2", ada, lin), listsFile("l=g1", ada, lin)},
			from:    "2026-03-03", to: "2026-03-04", list: "l",
			refused: "--list l names the list of g1@example.org now",
		},
		{
			// a and b swap groups; lin joins g2 as it does.
			name:    "ids swapped",
			commits: []string{listsFile("a=g1,b=g2", person("ada@example.org", `a = "owner", b = "owner"`)), listsFile("a=g2,b=g1", person("ada@example.org", `a = "owner", b = "owner"`), person("lin@example.org", `a = "member"`))},
			from:    "HEAD~1", to: "HEAD", list: "a",
			want: map[string][]string{"g2@example.org": {"+lin@example.org"}},
		},
		{
			// l1's group is dropped and l2's takes its id.
			name:    "an id taken over by another group",
			commits: []string{listsFile("l1=g1,l2=g2", person("ada@example.org", `l1 = "owner", l2 = "owner"`)), listsFile("l1=g2,l2=g3", person("ada@example.org", `l1 = "owner", l2 = "owner"`), person("bob@example.org", `l1 = "member"`))},
			from:    "HEAD~1", to: "HEAD", list: "l1",
			want: map[string][]string{"g2@example.org": {"+bob@example.org"}},
		},
		{
			// l is dropped: the id names nothing now, g1 last.
			name:    "an id the file no longer has",
			commits: []string{listsFile("l=g1,k=g9", ada), listsFile("l=g1,k=g9", ada, bob), listsFile("k=g9", person("ada@example.org", `k = "owner"`))},
			from:    "HEAD~2", to: "HEAD~1", list: "l",
			want: map[string][]string{"g1@example.org": {"+bob@example.org"}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			for i, content := range c.commits {
				f.repo.Commit("members.toml", content, fmt.Sprintf("commit %d", i+1))
			}
			r := f.doDiff(workspace.DiffOptions{From: c.from, To: c.to, Lists: []string{c.list}, Format: report.JSON})
			if c.refused != "" {
				if r.code == 0 || !strings.Contains(r.stderr, c.refused) {
					t.Errorf("diff %s %s --list %s: exit %d, want a refusal %q\n%s%s", c.from, c.to, c.list, r.code, c.refused, r.stdout, r.stderr)
				}
				return
			}
			if r.code != 0 {
				t.Fatalf("diff: exit %d\n%s", r.code, r.stderr)
			}
			if got := diffGroups(t, r.stdout); !cmp.Equal(got, c.want) {
				t.Errorf("diff %s %s --list %s: %v, want %v", c.from, c.to, c.list, got, c.want)
			}
			// show --at either end shows that group, or refuses when
			// that end has no list for it.
			for _, at := range []string{c.from, c.to} {
				r := f.doShow(workspace.ShowOptions{At: at, Lists: []string{c.list}, Format: report.JSON})
				var got struct{ Members []struct{ Group string } }
				_ = json.Unmarshal([]byte(r.stdout), &got)
				for _, m := range got.Members {
					if _, ok := c.want[m.Group]; !ok {
						t.Errorf("show --at %s --list %s shows %s, want %v\n%s", at, c.list, m.Group, c.want, r.stdout)
					}
				}
				if r.code != 0 && !strings.Contains(r.stderr, "names the list of") || r.code == 0 && len(got.Members) == 0 {
					t.Errorf("show --at %s --list %s: exit %d\n%s%s", at, c.list, r.code, r.stdout, r.stderr)
				}
			}
		})
	}
}

// TestOneNameForAListInThePast: show, audit, diff and history name a
// list by the id its group has now (one of a group the file no longer
// has by the id it had), with its group beside it wherever that id names
// more than one group, so that no heading or row puts two groups under
// one name; CSV carries the group in a column, and replaying history's
// CSV by group gives the membership show gives.
func TestOneNameForAListInThePast(t *testing.T) {
	t.Parallel()
	ada := func(lists string) string { return person("ada@example.org", lists) }
	cases := []struct {
		name    string
		commits []string
		// day is read by show --at and audit --at, and diffed to HEAD.
		day string
		// want are lines each output has, absent lines it must not.
		show, audit, diff, history []string
		absent                     []string
	}{
		{
			// l1's group dropped, l2's group takes l1, l2 a new group.
			name: "an id taken over by another group",
			commits: []string{
				listsFile("l1=g1,l2=g2", ada(`l1 = "owner", l2 = "owner"`), person("bob@example.org", `l1 = "member"`), person("lin@example.org", `l2 = "member"`)),
				listsFile("l1=g2,l2=g3", ada(`l1 = "owner", l2 = "owner"`), person("lin@example.org", `l1 = "member"`), person("kim@example.org", `l2 = "member"`)),
			},
			day:     "2026-03-02",
			show:    []string{"list l1 (g1@example.org):", "list l1 (g2@example.org):"},
			audit:   []string{"l1 (g1@example.org)  g1@example.org", "l1                   g2@example.org"},
			diff:    []string{"list l1 (g1@example.org):", "list l2 (g3@example.org):"},
			history: []string{"added    l1 (g1@example.org)  bob@example.org", "added    l1 (g2@example.org)  lin@example.org", "removed  l1 (g1@example.org)  ada@example.org"},
			absent:  []string{"list l1:", "list l2:", "list l1 (g2@example.org):\n  - "},
		},
		{
			name: "an address changed",
			commits: []string{
				listsFile("l=g1", ada(`l = "owner"`), person("bob@example.org", `l = "member"`)),
				listsFile("l=g2", ada(`l = "owner"`), person("bob@example.org", `l = "member"`)),
			},
			day:     "2026-03-02",
			show:    []string{"list l (g1@example.org):"},
			audit:   []string{"l (g1@example.org)  g1@example.org"},
			diff:    []string{"list l (g1@example.org):\n  - ada@example.org", "list l (g2@example.org):\n  + ada@example.org"},
			history: []string{"removed  l (g1@example.org)  bob@example.org", "added    l (g2@example.org)  bob@example.org"},
			absent:  []string{"list l:"},
		},
		{
			name: "ids swapped",
			commits: []string{
				listsFile("a=g1,b=g2", ada(`a = "owner", b = "owner"`), person("bob@example.org", `a = "member"`)),
				listsFile("a=g2,b=g1", ada(`a = "owner", b = "owner"`), person("bob@example.org", `b = "member"`), person("lin@example.org", `a = "member"`)),
			},
			day:     "2026-03-02",
			show:    []string{"list b (g1@example.org):\n  ada@example.org", "list a (g2@example.org):\n  ada@example.org"},
			audit:   []string{"b     g1@example.org", "a     g2@example.org"},
			diff:    []string{"list a (g2@example.org):\n  + lin@example.org"},
			history: []string{"added   b (g1@example.org)  bob@example.org", "added   a (g2@example.org)  lin@example.org"},
			absent:  []string{"list a:", "list b:", "list b (g1@example.org):\n  + ", "list b (g1@example.org):\n  - "},
		},
		{
			// A rename keeps its group: no address needed.
			name: "an id renamed",
			commits: []string{
				listsFile("old=g1", ada(`old = "owner"`)),
				listsFile("new=g1", ada(`new = "owner"`), person("bob@example.org", `new = "member"`)),
			},
			day:     "2026-03-02",
			show:    []string{"list new:"},
			audit:   []string{"new   g1@example.org"},
			diff:    []string{"list new:\n  + bob@example.org"},
			history: []string{"added   new   ada@example.org", "added   new   bob@example.org"},
			absent:  []string{"(g1@example.org)"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			for i, content := range c.commits {
				f.repo.Commit("members.toml", content, fmt.Sprintf("commit %d", i+1))
			}
			at, _ := time.Parse("2006-01-02", c.day)
			outs := map[string]outcome{
				"show":    f.doShow(workspace.ShowOptions{At: c.day}),
				"audit":   f.doAudit(false, workspace.AuditOptions{Source: workspace.Source{Path: "members.toml"}, At: at}),
				"diff":    f.doDiff(workspace.DiffOptions{From: c.day, To: "HEAD"}),
				"history": f.doHistory(workspace.HistoryOptions{}),
			}
			for route, want := range map[string][]string{"show": c.show, "audit": c.audit, "diff": c.diff, "history": c.history} {
				r := outs[route]
				if r.code != 0 && route != "audit" {
					t.Errorf("%s: exit %d\n%s", route, r.code, r.stderr)
				}
				for _, w := range want {
					if !strings.Contains(r.stdout, w) {
						t.Errorf("%s has no %q:\n%s", route, w, r.stdout)
					}
				}
				for _, a := range c.absent {
					if strings.Contains(r.stdout, a) {
						t.Errorf("%s has %q:\n%s", route, a, r.stdout)
					}
				}
			}
			// One heading per group in show, whatever the day.
			for _, when := range []string{c.day, "HEAD"} {
				text, js := f.doShow(workspace.ShowOptions{At: when}).stdout, f.doShow(workspace.ShowOptions{At: when, Format: report.JSON}).stdout
				var got struct {
					Members []struct{ List, Group string }
				}
				if err := json.Unmarshal([]byte(js), &got); err != nil {
					t.Fatal(err)
				}
				groups := map[string]bool{}
				for _, m := range got.Members {
					groups[m.Group] = true
				}
				if n := strings.Count(text, "\nlist "); n != len(groups) {
					t.Errorf("show --at %s: %d headings for %d groups:\n%s", when, n, len(groups), text)
				}
			}
			// history's CSV, replayed by group, is show --at HEAD.
			replayed := map[string]string{}
			rows, err := csv.NewReader(strings.NewReader(f.doHistory(workspace.HistoryOptions{Format: report.CSV}).stdout)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			for _, row := range rows[1:] {
				key := row[15] + " " + row[5] // group, email
				switch row[6] {
				case "added", "role_changed":
					replayed[key] = row[7]
				case "removed":
					delete(replayed, key)
				}
			}
			rows, err = csv.NewReader(strings.NewReader(f.doShow(workspace.ShowOptions{At: "HEAD", Format: report.CSV}).stdout)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			shown := map[string]string{}
			for _, row := range rows[1:] {
				shown[row[7]+" "+row[1]] = row[3]
			}
			if !cmp.Equal(replayed, shown) {
				t.Errorf("history's CSV replayed by group:\n%v\nshow --at HEAD:\n%v", replayed, shown)
			}
		})
	}
}
