package workspace_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/roster-dev/roster/workspace"
)

// TestSuggestions checks what completion offers for each flag and
// argument: a vetter is someone the lists concerned let vet, never the
// member named; methods are those of their lists, without
// grandfathered; addresses split by whether they are on the lists.
func TestSuggestions(t *testing.T) {
	file := filepath.Join(t.TempDir(), "members.toml")
	data := founded(header) + `
[lists.other]
address = "other@example.org"
policy = "q"

[policies.q]
min_owners = 1
vetting_methods = ["in-person"]
vetted_by = "owner"
` + founder(`reports = "owner", other = "owner"`) + person("grace@example.org", `reports = "member"`) + `
[[member]]
email = "lin@example.org"
github = "lin-x"
lists = { other = "member" }
vetting = [{ by = "ada@example.org", on = 2026-06-01, method = "in-person" }]
`
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	s := workspace.New(workspace.Env{}).Suggest(ctx, file)
	for _, tc := range []struct {
		name string
		got  []string
		want []string
	}{
		{"lists", s.Lists(false), []string{"reports", "other"}},
		{"lists with roles", s.Lists(true)[:2], []string{"reports", "reports:owner"}},
		{"members", s.Members(), []string{"ada@example.org", "grace@example.org", "lin@example.org"}},
		{"on reports", s.MembersOn([]string{"reports"}, true), []string{"ada@example.org", "grace@example.org"}},
		{"not on other", s.MembersOn([]string{"other"}, false), []string{"grace@example.org"}},
		{"methods of all", s.Methods(nil, ""), []string{"in-person", "video-call"}},
		{"methods of lin's lists", s.Methods(nil, "lin@example.org"), []string{"in-person"}},
		{"vetters for reports (vetted_by member)", s.Vetters([]string{"reports"}, ""), []string{"ada@example.org", "grace@example.org"}},
		{"vetters for lin (other: owners only, not lin)", s.Vetters(nil, "lin@example.org"), []string{"ada@example.org"}},
		{"vetters for ada (her lists, not ada)", s.Vetters(nil, "ada@example.org"), []string{"grace@example.org"}},
	} {
		if !slices.Equal(tc.got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
	if got := workspace.New(workspace.Env{}).Suggest(ctx, filepath.Join(t.TempDir(), "missing.toml")).Members(); got != nil {
		t.Errorf("a missing file suggests %q", got)
	}
}
