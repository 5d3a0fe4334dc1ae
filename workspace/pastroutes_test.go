package workspace_test

import (
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
