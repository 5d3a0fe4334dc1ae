package members_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/roster-dev/roster/members"
)

func parse(t *testing.T, src string) *members.File {
	t.Helper()
	f, err := members.Parse("members.toml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return f
}

func parseErrors(t *testing.T, src string) members.ErrorList {
	t.Helper()
	_, err := members.Parse("members.toml", []byte(src))
	var list members.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Parse returned %v, want an ErrorList", err)
	}
	return list
}

func TestParseExample(t *testing.T) {
	data, err := os.ReadFile("../members.toml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := members.Parse("members.toml", data)
	if err != nil {
		t.Fatalf("the project's members.toml does not parse: %v", err)
	}
	if len(f.Lists) != 2 || len(f.Policies) != 2 || len(f.Members) < 5 {
		t.Fatalf("got %d lists, %d policies, %d members", len(f.Lists), len(f.Policies), len(f.Members))
	}
	reports := f.List("security-reports")
	if reports == nil || reports.Address != "security@example.org" || reports.Provider != members.ProviderGoogle {
		t.Fatalf("security-reports = %+v", reports)
	}
	// Positions point at the table header and at each key.
	if reports.Pos.Col != 1 || !strings.HasPrefix(string(data[reports.Pos.Offset:]), "[lists.security-reports]") {
		t.Errorf("list position %v does not point at its header", reports.Pos)
	}
	m := f.Members[0]
	if !strings.HasPrefix(string(data[m.Pos.Offset:]), "[[member]]") {
		t.Errorf("member position %v does not point at [[member]]", m.Pos)
	}
	v := m.Vetting[0]
	if !strings.HasPrefix(string(data[v.Pos.Offset:]), "[[member.vetting]]") || v.Pos.Col != 3 {
		t.Errorf("vetting position %v does not point at its indented header", v.Pos)
	}
	if got := string(data[m.At("github").Offset:]); !strings.HasPrefix(got, "github = ") {
		t.Errorf("At(github) points at %q", got[:20])
	}
	if data[m.Start] != '[' || m.End <= m.Start || m.End != v.Start {
		t.Errorf("member span [%d,%d) vetting start %d", m.Start, m.End, v.Start)
	}
	p := f.Policy("receivers")
	if p.MaxMembers != 10 || p.MinOwners != 2 || p.VettingValidFor.Days != 3650 || p.VettedBy != members.RoleOwner || p.Unmanaged != members.UnmanagedRemove {
		t.Errorf("policy receivers = %+v", p)
	}
}

// TestParseEquivalentForms checks that the ways TOML allows writing the
// same data give the same model.
func TestParseEquivalentForms(t *testing.T) {
	header := "schema = 1\n[lists.a]\naddress = \"a@example.org\"\npolicy = \"p\"\n[lists.b]\naddress = \"b@example.org\"\npolicy = \"p\"\n"
	forms := map[string]string{
		"inline lists": header + `
[[member]]
email = "x@example.org"
lists = { a = "owner", b = "member" }
[[member.vetting]]
by = "y"
on = 2026-01-02
method = "m"
`,
		"lists table": header + `
[[member]]
email = "x@example.org"
[member.lists]
a = "owner"
b = "member"
[[member.vetting]]
by = "y"
on = 2026-01-02
method = "m"
`,
		"dotted lists": header + `
[[member]]
email = "x@example.org"
lists.a = "owner"
lists.b = "member"
vetting = [{ by = "y", on = 2026-01-02, method = "m" }]
`,
		// Top-level keys must come before the first table header.
		"array of inline members": `schema = 1
member = [
  { email = "x@example.org", lists = { a = "owner", b = "member" }, vetting = [{ by = "y", on = 2026-01-02, method = "m" }] },
]
` + header[len("schema = 1\n"):],
	}
	want := &members.Member{
		Email:   "x@example.org",
		Lists:   []members.Membership{{List: "a", Role: members.RoleOwner}, {List: "b", Role: members.RoleMember}},
		Vetting: []members.Vetting{{By: "y", On: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), Method: "m"}},
	}
	ignore := cmp.Options{
		cmpopts.IgnoreTypes(members.Located{}),
		cmpopts.IgnoreFields(members.Membership{}, "Pos"),
	}
	for name, src := range forms {
		t.Run(name, func(t *testing.T) {
			f := parse(t, src)
			if len(f.Members) != 1 {
				t.Fatalf("got %d members", len(f.Members))
			}
			if diff := cmp.Diff(want, f.Members[0], ignore); diff != "" {
				t.Errorf("member (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseErrorsAreAllReported(t *testing.T) {
	errs := parseErrors(t, `schema = 1
[lists.a]
address = 1
colour = "red"
[policies.p]
max_members = "ten"
[[member]]
email = "x@example.org"
nmae = "X"
[[member]]
email = "y@example.org"
lists = { a = 3 }
`)
	var lines []int
	for _, e := range errs {
		lines = append(lines, e.Pos.Line)
	}
	if diff := cmp.Diff([]int{2, 3, 4, 6, 9, 12}, lines); diff != "" {
		t.Errorf("error lines (-want +got):\n%s\n%v", diff, errs)
	}
}

func TestParseTOMLRules(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"table twice", "schema = 1\n[lists.a]\n[lists.a]\n", "duplicate table"},
		{"dotted then header", "schema = 1\nlists.a.address = \"a@b.org\"\n[lists]\n", "duplicate table"},
		{"inline then extended", "schema = 1\nlists = { a = { address = \"a@b.org\" } }\n[lists.b]\n", "inline table"},
		{"member table not array", "schema = 1\n[member]\n", "write [[member]]"},
		{"static then table members", "schema = 1\nmember = []\n[[member]]\n", "static array"},
		{"lists as array of tables", "schema = 1\n[[lists]]\n", "not [[lists]]"},
		{"list as array of tables", "schema = 1\n[[lists.a]]\n", "not [[lists.a]]"},
		{"dotted field", "schema = 1\n[[member]]\nemail.x = \"a\"\n", "not a table"},
		{"vetting not array", "schema = 1\n[[member]]\nemail = \"a@b.org\"\n[member.vetting]\n", "array of tables"},
		{"bad schema type", "schema = \"1\"\n", "must be an integer"},
		{"datetime for date", "schema = 1\n[[member]]\nemail = \"a@b.org\"\n[[member.vetting]]\nby = \"x\"\nmethod = \"m\"\non = 2026-01-01T10:00:00Z\n", "must be a date"},
		{"hex integer accepted, too big rejected", "schema = 0x7fffffffffffffff\n", "not a usable number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := parseErrors(t, tt.src)
			if !strings.Contains(errs.Error(), tt.want) {
				t.Errorf("errors %q do not mention %q", errs.Error(), tt.want)
			}
			for _, e := range errs {
				if !e.Pos.IsValid() {
					t.Errorf("error without a position: %v", e)
				}
			}
		})
	}
}

func TestParseBOMAndCRLFKeepPositions(t *testing.T) {
	src := "schema = 1\n[[member]]\nemail = 5\n"
	for name, data := range map[string]string{
		"plain": src,
		"crlf":  strings.ReplaceAll(src, "\n", "\r\n"),
		"bom":   "\ufeff" + src,
	} {
		errs := parseErrors(t, data)
		if len(errs) != 1 || errs[0].Pos.Line != 3 || errs[0].Pos.Col != 1 {
			t.Errorf("%s: got %v, want one error at 3:1", name, errs)
		}
	}
}
