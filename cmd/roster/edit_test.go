package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/members"
)

// TestEditGolden runs each edit command on a file with comments in
// awkward places and checks the result byte for byte, and that the model
// changed exactly as the case's expect file says and no more.
func TestEditGolden(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("testdata", "edit", "*", "args"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, argsPath := range cases {
		dir := filepath.Dir(argsPath)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			work := t.TempDir()
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() == "before.toml" {
					writeFile(t, filepath.Join(work, "members.toml"), []byte(readFile(t, filepath.Join(dir, e.Name()))))
				} else if strings.HasSuffix(e.Name(), ".csv") {
					writeFile(t, filepath.Join(work, e.Name()), []byte(readFile(t, filepath.Join(dir, e.Name()))))
				}
			}
			before := readFile(t, filepath.Join(dir, "before.toml"))
			args := strings.Split(strings.TrimSuffix(readFile(t, argsPath), "\n"), "\n")
			r := runRoster(t, work, args...)
			if r.code != 0 {
				t.Fatalf("exit %d\n%s", r.code, r.stderr)
			}
			after := readFile(t, filepath.Join(work, "members.toml"))
			checkGolden(t, filepath.Join(dir, "after.toml"), after)

			got := modelDiff(t, before, after)
			var want []string
			if e := strings.TrimSpace(readFile(t, filepath.Join(dir, "expect"))); e != "" {
				want = strings.Split(e, "\n")
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("the model changed otherwise than intended (-want +got):\n%s", diff)
			}
			// Everything not touched keeps its comments.
			if args[0] != "fmt" && args[0] != "remove" {
				for _, line := range strings.Split(before, "\n") {
					if i := strings.Index(line, "#"); i >= 0 && !strings.Contains(after, strings.TrimSpace(line[i:])) {
						t.Errorf("comment %q was lost", line[i:])
					}
				}
			}
			// Running the command again changes nothing: import, fmt and
			// add are idempotent.
			switch args[0] {
			case "import", "fmt", "add":
				if r := runRoster(t, work, args...); r.code != 0 || readFile(t, filepath.Join(work, "members.toml")) != after {
					t.Errorf("a second %s changed the file again (exit %d) %s", args[0], r.code, r.stderr)
				}
			}
		})
	}
}

// modelDiff names what differs between two members files, as
// "+ email", "- email", "~ email field", "~ list id", "~ policy id".
func modelDiff(t *testing.T, before, after string) []string {
	t.Helper()
	a, err := members.Parse("before", []byte(before))
	if err != nil {
		t.Fatal(err)
	}
	b, err := members.Parse("after", []byte(after))
	if err != nil {
		t.Fatalf("the edited file does not parse: %v", err)
	}
	var out []string
	for _, l := range a.Lists {
		if bl := b.List(l.ID); bl == nil || describeList(l) != describeList(bl) {
			out = append(out, "~ list "+l.ID)
		}
	}
	for _, p := range a.Policies {
		if bp := b.Policy(p.ID); bp == nil || describePolicy(p) != describePolicy(bp) {
			out = append(out, "~ policy "+p.ID)
		}
	}
	am, bm := memberMap(a), memberMap(b)
	for k, m := range am {
		n, ok := bm[k]
		if !ok {
			out = append(out, "- "+k)
			continue
		}
		for _, field := range []string{"name", "github", "affiliation"} {
			if m.Field(field) != n.Field(field) {
				out = append(out, "~ "+k+" "+field)
			}
		}
		if members.InlineLists(m.Lists) != members.InlineLists(n.Lists) {
			out = append(out, "~ "+k+" lists")
		}
		if describeVetting(m) != describeVetting(n) {
			out = append(out, "~ "+k+" vetting")
		}
	}
	for k := range bm {
		if _, ok := am[k]; !ok {
			out = append(out, "+ "+k)
		}
	}
	sort.Strings(out)
	return out
}

func memberMap(f *members.File) map[string]*members.Member {
	out := make(map[string]*members.Member)
	for _, m := range f.Members {
		out[strings.ToLower(m.Email)] = m
	}
	return out
}

func describeList(l *members.List) string {
	return fmt.Sprint(l.Address, l.Provider, l.Snapshot, l.Policy, l.Description)
}

func describePolicy(p *members.Policy) string {
	return fmt.Sprint(p.MaxMembers, p.MinOwners, p.VettingMethods, p.VettedBy, p.VettingValidFor, p.RequiredFields, p.AllowedDomains, p.DeniedDomains, p.Unmanaged, p.AllowNonASCII, len(p.Settings))
}

func describeVetting(m *members.Member) string {
	var parts []string
	for _, v := range m.Vetting {
		parts = append(parts, fmt.Sprint(v.By, v.On, v.Method, v.Note, v.Evidence))
	}
	return strings.Join(parts, ";")
}
