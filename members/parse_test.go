package members_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/roster-dev/roster/internal/shipped"
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
	data := shipped.Example(t) // as committed: the quick start edits the working copy
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
		cmpopts.IgnoreUnexported(members.Member{}),
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
		// The character the parser stopped at is named, not its first
		// byte (U+00E2 'â' for U+2028).
		{"a line separator where a key goes", "schema = 1\n\u2028[lists.a]\n", "invalid character at start of key: U+2028"},
		{"a letter where a value goes", "schema = 1\nx = \u00e9\n", "unexpected character U+00E9 (Latin)"},
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

// TestParseNewKeys: admins, a list's create and a policy's approvals are
// read with their positions.
func TestParseNewKeys(t *testing.T) {
	src := `schema = 1
admins = [
  "grace-example",
  "@Ada-Example", # trailing comma next
]

[lists.a]
address = "a@example.org"
policy = "p"
create = true

[lists.b]
address = "b@example.org"
policy = "p"

[policies.p]
vetting_methods = ["video-call"]
approvals = 2
`
	f := parse(t, src)
	if diff := cmp.Diff([]string{"grace-example", "@Ada-Example"}, f.Admins); diff != "" {
		t.Errorf("admins (-want +got):\n%s", diff)
	}
	if f.AdminsPos.Line != 2 || f.AdminsPos.Col != 1 {
		t.Errorf("AdminsPos = %v, want 2:1", f.AdminsPos)
	}
	if a, b := f.List("a"), f.List("b"); !a.Create || b.Create || a.At("create").Line != 10 || b.Has("create") {
		t.Errorf("create: a=%v (line %d), b=%v (has %v)", a.Create, a.At("create").Line, b.Create, b.Has("create"))
	}
	if p := f.Policy("p"); p.Approvals != 2 || p.At("approvals").Line != 18 {
		t.Errorf("approvals = %d at line %d", p.Approvals, p.At("approvals").Line)
	}
	none := parse(t, "schema = 1\n")
	if none.Admins != nil || none.AdminsPos.IsValid() {
		t.Errorf("a file without admins: %v at %v", none.Admins, none.AdminsPos)
	}
}

func TestParseNewKeysErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		at   string // line:col of the one error
		want string
	}{
		{"admins twice in any case", "schema = 1\nadmins = [\"ada\", \"grace\",\n  \"ADA\"]\n", "3:3", "ADA is listed twice (first at 2:11)"},
		{"admins with @ and without", "schema = 1\nadmins = [\"@ada\", \"ada\"]\n", "2:19", "listed twice"},
		{"admins key twice", "schema = 1\nadmins = []\nadmins = []\n", "3:1", "duplicate key"},
		{"admins not handles", "schema = 1\nadmins = [\"ada@example.org\"]\n", "2:11", "is not a GitHub handle"},
		{"approvals zero", "schema = 1\n[policies.p]\napprovals = 0\n", "3:1", "approvals = 0: write how many owners must approve, from 1"},
		{"approvals negative", "schema = 1\n[policies.p]\napprovals = -2\n", "3:1", "from 1"},
		{"approvals float", "schema = 1\n[policies.p]\napprovals = 2.0\n", "3:1", "whole number of owners"},
		{"approvals string", "schema = 1\n[policies.p]\napprovals = \"2\"\n", "3:1", "whole number of owners"},
		{"create string", "schema = 1\n[lists.a]\naddress = \"a@b.org\"\npolicy = \"p\"\ncreate = \"true\"\n", "5:1", "must be true or false"},
		{"a member on one list twice", "schema = 1\n[[member]]\nemail = \"a@b.org\"\nlists = { a = \"owner\", a = \"member\" }\n", "4:24", "given twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := parseErrors(t, tt.src)
			if len(errs) != 1 || errs[0].Pos.String() != tt.at || !strings.Contains(errs[0].Msg, tt.want) {
				t.Errorf("errors %v, want one at %s saying %q", errs, tt.at, tt.want)
			}
		})
	}
}

// TestMembersOfAndRoleOf: the file's index answers who is on a list in
// file order and a member's role on a list, also for a member on many
// lists, and follows hand changes once Index is called.
func TestMembersOfAndRoleOf(t *testing.T) {
	var b strings.Builder
	b.WriteString("schema = 1\n[[member]]\nemail = \"many@example.org\"\nlists = { ")
	for i := range 20 {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "l%02d = %q", i, []string{"owner", "member"}[i%2])
	}
	b.WriteString(" }\n[[member]]\nemail = \"few@example.org\"\nlists = { l03 = \"manager\" }\n")
	f := parse(t, b.String())
	many, few := f.Members[0], f.Members[1]
	got := f.MembersOf("l03")
	if len(got) != 2 || got[0] != many || got[1] != few || f.CountOn("l03") != 2 {
		t.Fatalf("MembersOf(l03) = %v", got)
	}
	got[0], got[1] = got[1], got[0] // the caller's to change
	if again := f.MembersOf("l03"); again[0] != many {
		t.Errorf("changing MembersOf's result changed the index")
	}
	if f.MembersOf("nope") != nil || f.CountOn("nope") != 0 {
		t.Errorf("a list nobody is on has members")
	}
	for _, tt := range []struct {
		m      *members.Member
		list   string
		role   members.Role
		listed bool
	}{
		{many, "l00", members.RoleOwner, true},
		{many, "l19", members.RoleMember, true},
		{many, "l20", "", false},
		{few, "l03", members.RoleManager, true},
		{few, "l00", "", false},
	} {
		role, ok := tt.m.RoleOn(tt.list)
		wantRole, wantOK := tt.m.RoleOn(tt.list)
		if role != tt.role || ok != tt.listed || role != wantRole || ok != wantOK {
			t.Errorf("RoleOf(%s, %s) = %q, %v; want %q, %v", tt.m.Email, tt.list, role, ok, tt.role, tt.listed)
		}
	}
	// By hand: a new slice, then Index.
	many.Lists = append([]members.Membership{{List: "new", Role: members.RoleOwner}}, many.Lists[1:]...)
	f.Index()
	if role, ok := many.RoleOn("new"); !ok || role != members.RoleOwner {
		t.Errorf("after Index, RoleOf(new) = %q, %v", role, ok)
	}
	if _, ok := many.RoleOn("l00"); ok || len(f.MembersOf("l00")) != 0 || len(f.MembersOf("new")) != 1 {
		t.Errorf("after Index, l00 still has %d members", len(f.MembersOf("l00")))
	}
	// A File built by hand, never indexed, is read element by element.
	hand := &members.File{Members: []*members.Member{{Email: "x@example.org", Lists: []members.Membership{{List: "a", Role: members.RoleMember}}}}}
	if len(hand.MembersOf("a")) != 1 {
		t.Errorf("an unindexed file has no members on a")
	}
}

// TestMistypedSettingNamesTheNearest: a misspelt value of a Groups
// setting names the value meant.
func TestMistypedSettingNamesTheNearest(t *testing.T) {
	_, err := members.Parse("m.toml", []byte("schema = 1\n[policies.p]\nvetting_methods = [\"x\"]\nwho_can_join = \"INVITED_CAN_JION\"\n"))
	if err == nil || !strings.Contains(err.Error(), `(did you mean "INVITED_CAN_JOIN"?)`) {
		t.Errorf("Parse: %v", err)
	}
}
