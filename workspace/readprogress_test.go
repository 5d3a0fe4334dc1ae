package workspace_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// manyFoundedLists is a file of n lists, each with ada as its one owner and a
// group the domain does not have.
func manyFoundedLists(n int) string {
	var b strings.Builder
	b.WriteString(strings.Replace(founded(header), "[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n", "", 1))
	var on []string
	for i := range n {
		fmt.Fprintf(&b, "\n[lists.l%03d]\naddress = \"l%03d@example.org\"\npolicy = \"p\"\n", i, i)
		on = append(on, fmt.Sprintf("l%03d = \"owner\"", i))
	}
	b.WriteString(founder(strings.Join(on, ", ")))
	return b.String()
}

// TestReadProgress: a run over many groups says, as it reads them, how
// far it got: in a log a line at each tenth, as JSON records under JSON
// logs; a run over a few says nothing.
func TestReadProgress(t *testing.T) {
	for _, tc := range []struct {
		lists int
		json  bool
		slow  bool
		want  []string
	}{
		// Each read takes a minute: each says so, the last aside.
		{lists: 60, slow: true, want: []string{"reading the live groups: 1 of 60, 0 failed, ", "reading the live groups: 59 of 60, 0 failed, "}},
		{lists: 60, want: []string{"reading the live groups: 6 of 60, 0 failed, 0s", "reading the live groups: 54 of 60, 0 failed, 0s"}},
		{lists: 60, json: true, want: []string{`"msg":"reading the live groups","read":6,"of":60,"failed":0`}},
		{lists: 10},
	} {
		t.Run(fmt.Sprintf("%d lists json %v", tc.lists, tc.json), func(t *testing.T) {
			f := newFixture(t, "")
			f.write("members.toml", manyFoundedLists(tc.lists))
			f.stdout.Reset()
			f.stderr.Reset()
			now := today
			env := workspace.Env{Stdout: &f.stdout, Stderr: &f.stderr, Now: func() time.Time {
				if tc.slow {
					now = now.Add(time.Minute)
				}
				return now
			},
				Getenv: func(string) string { return "" }, Workdir: f.dir, UserAgent: "roster/test"}
			if tc.json {
				env.JSONLogs = true
				env.Logger = slog.New(slog.NewJSONHandler(&f.stderr, nil))
			}
			// Exit 2: the groups are to be created.
			_ = workspace.New(env).Plan(ctx, workspace.PlanOptions{Source: membersFile, Live: f.live(), Guards: plan.DefaultGuards(), Format: report.Text, NoAttribution: true})
			said := 0
			for _, line := range strings.Split(strings.TrimSpace(f.stderr.String()), "\n") {
				if strings.Contains(line, "reading the live groups") {
					said++
				}
				if tc.json && line != "" && !json.Valid([]byte(line)) {
					t.Errorf("a stderr line is not JSON: %q", line)
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(f.stderr.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, f.stderr.String())
				}
			}
			wantSaid := map[bool]int{true: 9, false: 0}[tc.lists >= 50]
			if tc.slow {
				wantSaid = tc.lists - 1
			}
			if said != wantSaid {
				t.Errorf("%d progress lines, want %d:\n%s", said, wantSaid, f.stderr.String())
			}
		})
	}
}
