package workspace_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/internal/shipped"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// An edit is one edit use case on members.toml, as a command line asks
// for it.
type edit struct {
	// name is the command it stands for, in the messages.
	name string
	run  func(ws *workspace.Workspace) error
}

func day(s string) time.Time {
	t, err := time.Parse(members.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

// lists reads "ID[:ROLE]" as --list does.
func lists(specs ...string) []workspace.ListRole {
	var out []workspace.ListRole
	for _, s := range specs {
		lr, err := workspace.ParseListRole(s)
		if err != nil {
			panic(err)
		}
		out = append(out, lr)
	}
	return out
}

func addEdit(o workspace.AddOptions) edit {
	if o.File == "" {
		o.File = "members.toml"
	}
	return edit{"add " + o.Email, func(ws *workspace.Workspace) error { return ws.Add(ctx, o) }}
}

func vetEdit(email string, v members.Vetting) edit {
	if v.On.IsZero() {
		v.On = todayDate
	}
	return edit{"vet " + email, func(ws *workspace.Workspace) error {
		return ws.Vet(ctx, workspace.VetOptions{File: "members.toml", Email: email, Vetting: v})
	}}
}

func removeEdit(email string, from ...string) edit {
	return edit{"remove " + email, func(ws *workspace.Workspace) error {
		return ws.Remove(ctx, workspace.RemoveOptions{File: "members.toml", Email: email, Lists: from})
	}}
}

func fmtEdit() edit {
	return edit{"fmt", func(ws *workspace.Workspace) error { return ws.Fmt(ctx, workspace.FmtOptions{File: "members.toml"}) }}
}

func importEdit(list, csv string) edit {
	return edit{"import", func(ws *workspace.Workspace) error {
		return ws.Import(ctx, workspace.ImportOptions{File: "members.toml", List: list, FromCSV: csv})
	}}
}

// do runs an edit in the fixture.
func (f *fixture) do(e edit) outcome {
	f.t.Helper()
	return f.outcome(e.run(f.ws(workspace.Context{})))
}

// TestEditGolden runs each edit on a file with comments in awkward
// places (testdata/edit-<case>/members.toml) and checks the result byte
// for byte (want.golden), and that the model changed exactly as the case
// says and no more.
func TestEditGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		edit   edit
		expect []string
		// again: running the edit again changes nothing (import, fmt and
		// add are idempotent).
		again bool
	}{
		{"add-crlf", addEdit(workspace.AddOptions{Email: "ben@example.org", Name: "Ben Example", Lists: lists("announce")}), []string{"+ ben@example.org"}, true},
		{"add-first", addEdit(workspace.AddOptions{Email: "aaron@example.org", Name: "Aaron", Lists: lists("reports:owner"),
			Vetting: &members.Vetting{By: "ada-x", Method: "video-call", Note: "On-call lead.", On: day("2026-03-01")}}), []string{"+ aaron@example.org"}, true},
		{"add-last", addEdit(workspace.AddOptions{Email: "zoe@example.org", GitHub: "@zoe-x", Lists: lists("announce:manager")}), []string{"+ zoe@example.org"}, true},
		{"add-sorted", addEdit(workspace.AddOptions{Email: "ben@example.org", Name: "Ben Example", Lists: lists("announce")}), []string{"+ ben@example.org"}, true},
		{"add-unsorted", addEdit(workspace.AddOptions{Email: "mia@example.org", Lists: lists("l")}), []string{"+ mia@example.org"}, true},
		{"fmt", fmtEdit(), nil, true},
		{"fmt-unsorted", fmtEdit(), nil, true},
		{"import-csv", importEdit("announce", "import.csv"), []string{"+ new.one@example.org"}, true},
		{"remove-last", removeEdit("lin@example.org"), []string{"- lin@example.org"}, false},
		{"remove-list-dotted", removeEdit("lin@example.org", "reports"), []string{"~ lin@example.org lists"}, false},
		{"remove-list-inline", removeEdit("ada@example.org", "announce"), []string{"~ ada@example.org lists"}, false},
		{"remove-list-table", removeEdit("grace@example.org", "reports"), []string{"~ grace@example.org lists"}, false},
		{"remove-member", removeEdit("ada@example.org"), []string{"- ada@example.org"}, false},
		{"vet", vetEdit("lin@example.org", members.Vetting{By: "ada-x", Method: "known-maintainer", Note: "Re-vetted after a year.", Evidence: "https://example.org/team", On: day("2026-11-20")}),
			[]string{"~ lin@example.org vetting"}, false},
		{"vet-middle", vetEdit("grace@example.org", members.Vetting{By: "lin@example.org", Method: "video-call", Note: "Second check."}), []string{"~ grace@example.org vetting"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "edit-"+tc.name)
			before := f.read("members.toml")
			if r := f.do(tc.edit); !r.wrote() {
				t.Fatalf("exit %d\n%s", r.code, r.stderr)
			}
			after := f.read("members.toml")
			golden(t, filepath.Join("edit-"+tc.name, "want.golden"), after)
			if diff := cmp.Diff(tc.expect, modelDiff(t, before, after)); diff != "" {
				t.Errorf("the model changed otherwise than intended (-want +got):\n%s", diff)
			}
			// Everything not touched keeps its comments.
			if !strings.HasPrefix(tc.name, "fmt") && !strings.HasPrefix(tc.name, "remove") {
				for _, line := range strings.Split(before, "\n") {
					if i := strings.Index(line, "#"); i >= 0 && !strings.Contains(after, strings.TrimSpace(line[i:])) {
						t.Errorf("comment %q was lost", line[i:])
					}
				}
			}
			if tc.again {
				if r := f.do(tc.edit); r.code != 0 || f.read("members.toml") != after {
					t.Errorf("a second %s changed the file again (exit %d) %s", tc.edit.name, r.code, r.stderr)
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

// TestEditRefusals: an edit the file or the policies cannot take is
// refused with what to do, and the file is not written.
func TestEditRefusals(t *testing.T) {
	t.Parallel()
	base := readTestdata(t, "edit-base/members.toml")
	x := members.Vetting{By: "ada-x", Method: "video-call", Note: "x"}
	future := func(s string) members.Vetting { v := x; v.On = day(s); return v }
	tests := []struct {
		name string
		file string // members.toml content; testdata/edit-base when empty
		edit edit
		want string
	}{
		{"add: unknown list", "", addEdit(workspace.AddOptions{Email: "new@example.org", Lists: lists("report")}), "--list report: no such list"},
		{"add: same mailbox, other spelling", "", addEdit(workspace.AddOptions{Email: "ADA+sec@Example.org", Lists: lists("reports:member")}), "ADA+sec@Example.org (in the file as ada@example.org, line 31) is already on reports as owner"},
		{"add: future date", "", addEdit(workspace.AddOptions{Email: "new@example.org", Lists: lists("reports"), Vetting: func() *members.Vetting { v := future("2027-01-01"); return &v }()}), "in the future"},
		{"add: no list", "", addEdit(workspace.AddOptions{Email: "new@example.org"}), "at least one --list"},
		{"vet: unknown member", "", vetEdit("nobody@example.org", x), "no member nobody@example.org"},
		{"vet: future date", "", vetEdit("lin@example.org", future("2030-01-01")), "in the future"},
		{"remove: unknown member", "", removeEdit("nobody@example.org"), "no member nobody@example.org"},
		{"remove: a mistyped member", "", removeEdit("lni@example.org"), `no member lni@example.org in members.toml (did you mean "lin@example.org"?)`},
		{"vet: a mistyped member", "", vetEdit("grcae@example.org", x), `(did you mean "grace@example.org"?)`},
		// The hint records it for the member meant, not for the typo.
		{"vet: a mistyped member's hint", "", vetEdit("grcae@example.org", x), `record it for them with roster vet grace@example.org --by ada-x`},
		{"vet: a day before 1970", "", vetEdit("lin@example.org", future("1969-12-31")), "--on 1969-12-31 is before 1970"},
		{"add: a day before 1970", "", addEdit(workspace.AddOptions{Email: "new@example.org", Lists: lists("reports"), Vetting: func() *members.Vetting { v := future("1900-01-01"); return &v }()}), "--on 1900-01-01 is before 1970"},
		{"role: a mistyped member", "", roleEdit("Lin@exampel.org", "reports", members.RoleOwner), `(did you mean "lin@example.org"?)`},
		{"remove: unknown list", "", removeEdit("lin@example.org", "nosuch"), "--list nosuch: no such list in the file; lists are announce, reports"},
		{"remove: a list with a role", "", removeEdit("lin@example.org", "reports:owner"), "--list reports:owner: this command takes a list id alone, not ID:ROLE; give --list reports"},
		{"add: one list twice, with two roles", "", addEdit(workspace.AddOptions{Email: "new@example.org", Lists: lists("reports:owner", "reports:member")}), "--list reports is given twice, as owner and as member; give it once"},
		{"add: someone on the list, with another role written", "", addEdit(workspace.AddOptions{Email: "ada@example.org", Lists: lists("reports:member")}), "ada@example.org is already on reports as owner; change the role with: roster role ada@example.org --list reports member"},
		// Each list so is named, with its own command.
		{"add: someone on two lists, other roles written for both", "", addEdit(workspace.AddOptions{Email: "ada@example.org", Lists: lists("reports:member", "announce:manager")}),
			"ada@example.org is already on reports as owner and on announce as owner; change the role with: roster role ada@example.org --list reports member and roster role ada@example.org --list announce manager"},
		{"import: unknown list", "", importEdit("nosuch", "x.csv"), "no such list"},
		{"import: bad export", "", importEdit("reports", "bad.csv"), "bad.csv:2:1:"},
		{"edit of a file that does not parse", "schema = 1\n[lists.x\n", addEdit(workspace.AddOptions{Email: "new@example.org", Lists: lists("x")}), "fix them before editing"},
		{"edit of a file with schema errors", strings.Replace(base, "policy = \"open\"", "polcy = \"open\"", 1), vetEdit("lin@example.org", members.Vetting{By: "x", Method: "y", Note: "z"}), "fix them before editing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "")
			content := tt.file
			if content == "" {
				content = base
			}
			f.write("members.toml", content)
			f.write("bad.csv", "Email address\nnot an address\n")
			r := f.do(tt.edit)
			if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant %q", r.code, r.stderr, tt.want)
			}
			if got := f.read("members.toml"); got != content {
				t.Errorf("the file was written:\n%s", got)
			}
		})
	}
}

// TestRemoveOffAListTheyAreNotOn: remove --list L of someone not on L
// changes nothing and exits 0 with a note, as add and role do when there
// is nothing to change, so that running it twice is safe; with a list
// they are on too, it takes them off that one and names the other.
func TestRemoveOffAListTheyAreNotOn(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	base := strings.Replace(readTestdata(t, "edit-base/members.toml"), "lists.reports = \"member\"\n", "", 1)
	f.write("members.toml", base)
	r := f.do(removeEdit("lin@example.org", "reports"))
	if r.code != 0 || !strings.Contains(r.stderr, "lin@example.org is not on reports; nothing to change there") || f.read("members.toml") != base {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	r = f.do(removeEdit("lin@example.org", "reports", "announce"))
	if r.code != 0 || !r.wrote() || !strings.Contains(r.stderr, "lin@example.org is not on reports; nothing to change there") ||
		!strings.Contains(r.stderr, "removed lin@example.org from announce") || strings.Contains(f.read("members.toml"), "lists.announce = ") {
		t.Errorf("exit %d, stderr:\n%s\n%s", r.code, r.stderr, f.read("members.toml"))
	}
}

// TestAddWithoutARoleKeepsTheRole: add --list L for someone already on L
// with any role changes nothing (the role is member only for someone
// new to L): the README's example, for an owner.
func TestAddWithoutARoleKeepsTheRole(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "edit-base")
	before := f.read("members.toml")
	for _, spelling := range []string{"ada@example.org", "ADA+sec@Example.org"} {
		r := f.do(addEdit(workspace.AddOptions{Email: spelling, Lists: lists("reports")}))
		if r.code != 0 || !strings.Contains(r.stderr, "already on reports; nothing to change") || f.read("members.toml") != before {
			t.Errorf("%s: exit %d\n%s", spelling, r.code, r.stderr)
		}
		if spelling != "ada@example.org" && !strings.Contains(r.stderr, "(in the file as ada@example.org, line 31)") {
			t.Errorf("%s: the entry it matched is not named:\n%s", spelling, r.stderr)
		}
	}
}

// TestListGivenTwice: --list x --list x names x once, for add and for
// remove.
func TestListGivenTwice(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "edit-base")
	if r := f.do(addEdit(workspace.AddOptions{Email: "new@example.org", Lists: lists("announce", "announce")})); !r.wrote() {
		t.Fatalf("add --list announce --list announce: exit %d\n%s", r.code, r.stderr)
	}
	if r := f.do(removeEdit("lin@example.org", "reports", "reports")); r.code != 0 || !strings.Contains(r.stderr, "removed lin@example.org from reports\n") {
		t.Fatalf("remove --list reports --list reports: exit %d\n%s", r.code, r.stderr)
	}
	got := f.read("members.toml")
	if !strings.Contains(got, "new@example.org") || strings.Contains(got, "lists.reports = \"member\"\n\n  [[member.vetting]]\n  by = \"ada-x\"\n  on = 2026-02-01") {
		t.Errorf("the file:\n%s", got)
	}
}

// TestEditKeepsPermissions: an edit keeps the file's mode and leaves no
// temporary file.
func TestEditKeepsPermissions(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "edit-base")
	path := filepath.Join(f.dir, "members.toml")
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if r := f.do(addEdit(workspace.AddOptions{Email: "new@example.org", Lists: lists("announce")})); !r.wrote() {
		t.Fatalf("exit %d %s", r.code, r.stderr)
	}
	if mode := fileMode(t, path); mode != 0o600 {
		t.Errorf("mode %v, want 0600", mode)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(f.dir, ".members.toml.tmp-*")); len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// TestFmtCheck: fmt --check shows what fmt would change and fails until
// fmt is run; the project's own file is formatted.
func TestFmtCheck(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "edit-base")
	check := func(f *fixture) outcome {
		return f.outcome(f.ws(workspace.Context{}).Fmt(ctx, workspace.FmtOptions{File: "members.toml", Check: true}))
	}
	r := check(f)
	if r.code != workspace.ExitFailed || !strings.Contains(r.stdout, "+[lists.announce]") || !strings.Contains(r.stderr, "not formatted") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := f.do(fmtEdit()); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := check(f); r.code != 0 || r.stdout != "" {
		t.Fatalf("after fmt: exit %d\n%s", r.code, r.stdout)
	}
	// The project's own file, as shipped, is formatted.
	f = newFixture(t, "")
	f.write("members.toml", string(shipped.Example(t)))
	if r := check(f); r.code != 0 {
		t.Errorf("members.toml is not formatted:\n%s", r.stdout)
	}
}

// TestImportFromLive imports a live group through the emulator: new
// people become grandfathered entries, people already in the file get the
// list, and a second import changes nothing.
func TestImportFromLive(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "plan-uptodate")
	for _, email := range []string{"walk.in@example.org", "Other.Person@gmail.com"} {
		f.addLive("security@example.org", email)
	}
	imp := func() outcome {
		return f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", Live: f.live()}))
	}
	r := imp()
	if !r.wrote() || !strings.Contains(r.stderr, "imported 2 members") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	text := f.read("members.toml")
	for _, want := range []string{`email = "walk.in@example.org"`, `email = "Other.Person@gmail.com"`, `method = "grandfathered"`, `by = "import"`} {
		if !strings.Contains(text, want) {
			t.Errorf("imported file lacks %s:\n%s", want, text)
		}
	}
	// grandfathered is not in the policy's methods: said so, and validate fails
	if !strings.Contains(r.stderr, `does not accept grandfathered records`) {
		t.Errorf("no hint about grandfathered: %s", r.stderr)
	}
	if r := imp(); r.code != 0 || !strings.Contains(r.stderr, "nothing to import") || f.read("members.toml") != text {
		t.Errorf("second import: exit %d %s", r.code, r.stderr)
	}
}

// withAda is testdata/edit-header with ada, owner of reports.
func withAda(t *testing.T) string {
	return readTestdata(t, "edit-header/members.toml") + "\n[[member]]\nemail = \"ada@example.org\"\nlists = { reports = \"owner\" }\n"
}

// TestEditsFollowSymlinks: editing through a symbolic link edits the
// file it names and leaves the link a link.
func TestEditsFollowSymlinks(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write(filepath.Join("checkout", "members.toml"), withAda(t))
	if err := os.MkdirAll(filepath.Join(f.dir, "work"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(f.dir, "checkout", "members.toml"), filepath.Join(f.dir, "work", "members.toml")); err != nil {
		t.Fatal(err)
	}
	f.dir = filepath.Join(f.dir, "work")
	if r := f.do(addEdit(workspace.AddOptions{Email: "lin@example.org", Lists: lists("reports")})); !r.wrote() {
		t.Fatalf("exit %d %s", r.code, r.stderr)
	}
	if fi, err := os.Lstat(filepath.Join(f.dir, "members.toml")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link became a file: %v", err)
	}
	if !strings.Contains(f.read(filepath.Join("..", "checkout", "members.toml")), "lin@example.org") {
		t.Error("the file the link names did not get the change")
	}
}

// TestALinkMustReachATOMLFile: a link of one's own is followed only to
// a file named *.toml, which review reads; one to a file by another
// name is refused by every route that reads the file (edits, validate,
// completion), before anything is written.
func TestALinkMustReachATOMLFile(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("team.roster", withAda(t))
	if err := os.Symlink("team.roster", filepath.Join(f.dir, "members.toml")); err != nil {
		t.Fatal(err)
	}
	if r := f.do(addEdit(workspace.AddOptions{Email: "lin@example.org", Lists: lists("reports")})); r.code == 0 || !strings.Contains(r.stderr, "team.roster: a members file's name ends in .toml") {
		t.Errorf("add through a link to team.roster: exit %d\n%s", r.code, r.stderr)
	}
	if strings.Contains(f.read("team.roster"), "lin@") {
		t.Error("the edit wrote through the link")
	}
	if r := f.doValidate("members.toml", report.Text, ""); r.code == 0 || !strings.Contains(r.stderr, "is a symbolic link to") {
		t.Errorf("validate through a link to team.roster: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if got := f.ws(workspace.Context{}).Suggest(ctx, "members.toml").Members(); got != nil {
		t.Errorf("completion suggests %q from a file no command reads", got)
	}
}

func sortedComments(src string) []string {
	cs := members.Comments([]byte(src))
	sort.Strings(cs)
	return cs
}

// TestEveryCommentIsKept: fmt and each edit keep every comment of the
// input (as a multiset: moving one is fine), wherever a members file can
// hold one (testdata/comments-*), except the comment at the end of a
// line a removal deletes, which goes with its key.
func TestEveryCommentIsKept(t *testing.T) {
	t.Parallel()
	again := members.Vetting{By: "grace@example.org", Method: "video-call", Note: "again"}
	edits := []edit{
		fmtEdit(),
		addEdit(workspace.AddOptions{Email: "new@example.org", Lists: lists("reports")}),
		vetEdit("ada@example.org", again),
		removeEdit("ada@example.org", "reports"),
		addEdit(workspace.AddOptions{Email: "aaa@example.org", Lists: lists("reports")}),
	}
	for _, c := range []string{"comments-array-elements", "comments-inline-vetting", "comments-lists-table"} {
		for _, e := range edits {
			t.Run(c+"/"+e.name, func(t *testing.T) {
				t.Parallel()
				f := newFixture(t, c)
				src := f.read("members.toml")
				if strings.HasPrefix(e.name, "vet") && !strings.Contains(src, "grace@") {
					// A record is written only by someone who may vet.
					if r := f.do(addEdit(workspace.AddOptions{Email: "grace@example.org", Lists: lists("reports")})); !r.wrote() {
						t.Fatalf("add the vetter: exit %d\n%s", r.code, r.stderr)
					}
				}
				if r := f.do(e); !r.wrote() {
					t.Fatalf("exit %d\n%s", r.code, r.stderr)
				}
				got := f.read("members.toml")
				want := src
				if strings.HasPrefix(e.name, "remove") {
					// ada's own key for the list, and its comment, go.
					want = regexp.MustCompile(`(?m)^( *)reports = "owner" *#.*\n`).ReplaceAllString(src, "")
				}
				if fmt.Sprint(sortedComments(got)) != fmt.Sprint(sortedComments(want)) {
					t.Errorf("comments changed:\n before %q\n after  %q\n%s", sortedComments(src), sortedComments(got), got)
				}
			})
		}
	}
}

// TestEveryShapeCanBeEdited: vet on a member whose records are an inline
// array appends to the array; a file whose members are one member = [...]
// array is refused with how to rewrite it, and fmt rewrites it.
func TestEveryShapeCanBeEdited(t *testing.T) {
	t.Parallel()
	header := readTestdata(t, "edit-header/members.toml")
	for name, vetting := range map[string]string{
		"one line":        `vetting = [{ by = "grace@example.org", on = 2026-01-01, method = "video-call" }]`,
		"empty":           `vetting = []`,
		"multi-line":      "vetting = [\n  { by = \"grace@example.org\", on = 2026-01-01, method = \"video-call\" }\n]",
		"trailing comma":  "vetting = [\n  { by = \"grace@example.org\", on = 2026-01-01, method = \"video-call\" },\n]",
		"bracket on line": "vetting = [\n  { by = \"grace@example.org\", on = 2026-01-01, method = \"video-call\" }]",
	} {
		t.Run("vet, "+name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "")
			f.write("members.toml", withAda(t)+vetting+"\n\n[[member]]\nemail = \"grace@example.org\"\nlists = { reports = \"member\" }\n")
			r := f.do(vetEdit("ada@example.org", members.Vetting{By: "grace@example.org", Method: "known-maintainer", Note: "Re-vetted", On: day("2026-11-01")}))
			if r.code != 0 {
				t.Fatalf("exit %d\n%s", r.code, r.stderr)
			}
			file, err := members.Parse("members.toml", []byte(f.read("members.toml")))
			if err != nil {
				t.Fatalf("%v\n%s", err, f.read("members.toml"))
			}
			m := file.FindMember("ada@example.org")
			last := m.Vetting[len(m.Vetting)-1]
			if last.Method != "known-maintainer" || last.Note != "Re-vetted" {
				t.Errorf("records %+v\n%s", m.Vetting, f.read("members.toml"))
			}
		})
	}
	t.Run("member = [...]", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, "")
		f.write("members.toml", strings.Replace(header, "schema = 1\n", "schema = 1\nmember = [\n  { email = \"ada@example.org\", lists = { reports = \"owner\" } },\n  { email = \"bo@example.org\", lists = { reports = \"member\" } },\n]\n", 1))
		for _, e := range []edit{
			addEdit(workspace.AddOptions{Email: "lin@example.org", Lists: lists("reports")}),
			removeEdit("ada@example.org"),
			removeEdit("bo@example.org"),
			vetEdit("ada@example.org", members.Vetting{By: "x@example.org", Method: "video-call", Note: "n"}),
		} {
			r := f.do(e)
			// The array's line, whichever entry the edit is of.
			if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "run 'roster fmt'") || !strings.Contains(r.stderr, "member = [...] array (line 2)") || strings.Contains(r.stderr, "bug in roster") {
				t.Errorf("%s: exit %d %s", e.name, r.code, r.stderr)
			}
		}
		// Run on another file, the hint names it: as printed, it formats
		// that file, not ./members.toml.
		f.write("arr.toml", f.read("members.toml"))
		r := f.outcome(f.ws(workspace.Context{File: "arr.toml"}).Remove(ctx, workspace.RemoveOptions{File: "arr.toml", Email: "ada@example.org"}))
		if !strings.Contains(r.stderr, "run 'roster fmt --file arr.toml'") {
			t.Errorf("remove --file arr.toml: exit %d %s", r.code, r.stderr)
		}
		if r := f.do(fmtEdit()); r.code != 0 {
			t.Fatalf("fmt: %d %s", r.code, r.stderr)
		}
		if r := f.do(addEdit(workspace.AddOptions{Email: "lin@example.org", Lists: lists("reports")})); !r.wrote() {
			t.Errorf("after fmt: %d %s", r.code, r.stderr)
		}
	})
}

// TestEditAfterAListsTable: an entry whose [member.lists] table follows
// its vetting records is edited after the table, not inside it.
func TestEditAfterAListsTable(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", readTestdata(t, "edit-header/members.toml")+"\n[[member]]\nemail = \"ada@example.org\"\n\n  [[member.vetting]]\n  by = \"grace@example.org\"\n  on = 2026-01-01\n  method = \"video-call\"\n\n  [member.lists]\n  reports = \"owner\"\n")
	for _, e := range []edit{
		addEdit(workspace.AddOptions{Email: "zed@example.org", Lists: lists("reports")}),
		vetEdit("ada@example.org", members.Vetting{By: "zed@example.org", Method: "video-call", Note: "n"}),
	} {
		if r := f.do(e); !r.wrote() {
			t.Fatalf("%s: exit %d %s\n%s", e.name, r.code, r.stderr, f.read("members.toml"))
		}
	}
}

// TestConcurrentEditsInOneProcess: edits from many goroutines at once
// each land, and the file holds them all (the edit lock and the check
// for a change on disk, in one process; the command line's test runs
// them as processes).
func TestConcurrentEditsInOneProcess(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", withAda(t))
	const n = 12
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ws := workspace.New(workspace.Env{Now: func() time.Time { return today }, Workdir: f.dir})
			errs[i] = ws.Add(ctx, workspace.AddOptions{File: "members.toml", Email: fmt.Sprintf("p%02d@example.org", i), Lists: lists("reports"),
				Vetting: &members.Vetting{By: "ada@example.org", Method: "video-call", Note: "n", On: todayDate}})
		}()
	}
	wg.Wait()
	file, err := members.Parse("members.toml", []byte(f.read("members.toml")))
	if err != nil {
		t.Fatalf("the file no longer parses: %v", err)
	}
	for i, err := range errs {
		email := fmt.Sprintf("p%02d@example.org", i)
		if err != nil {
			t.Errorf("%s: %v", email, err)
		} else if file.FindMember(email) == nil {
			t.Errorf("%s: added, but the entry is gone", email)
		}
	}
}

// TestImportSaysWhatValidateFinds: an import into a list whose policy
// takes no grandfathered record and requires a name writes entries that
// fail it; the import says so, naming them, as add and vet do.
func TestImportSaysWhatValidateFinds(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", strings.Replace(header, `unmanaged = "report"`, "unmanaged = \"report\"\nrequired_fields = [\"name\"]", 1)+
		"\n[[member]]\nemail = \"ada@example.org\"\nname = \"Ada\"\nlists = { reports = \"owner\" }\nvetting = [{ by = \"grace@example.org\", on = 2026-06-01, method = \"video-call\" }]\n")
	f.write("export.csv", "Email address,Nickname,Group status,Email status\nada@example.org,,owner,\nlin@example.org,,member,\nzoe@example.org,,member,\n")
	r := f.do(importEdit("reports", "export.csv"))
	// Written, and failing: validate fails on what it wrote.
	if r.code != workspace.ExitFailed || !r.wrote() || !strings.Contains(r.stderr, "imported 2 members") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"lin@example.org", "zoe@example.org", "2 entries of the 2 imported into members.toml have findings above", "roster validate",
		// The fields this policy requires, not every field there is.
		"fill in the fields the policy requires with roster add EMAIL --list reports --name NAME)",
		// An export is not the group: the advice does not say what the
		// group holds as if it had read it.
		"export.csv names 2 people the import put on reports; the group itself was not read", "where the group has them as the export says"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("the import does not say %q:\n%s", want, r.stderr)
		}
	}
}

// TestEditThatBreaksAListSaysSyncSkipsIt: an edit that takes a list
// below its min_owners (removing or demoting its last owner) does not
// promise a sync that will not happen: sync neither reads nor writes a
// list whose own policy fails, and the advice says so, with the list's
// finding printed as the edit's.
func TestEditThatBreaksAListSaysSyncSkipsIt(t *testing.T) {
	t.Parallel()
	content := header + person("ada@example.org", `reports = "owner"`) + person("grace@example.org", `reports = "member"`)
	for _, e := range []edit{
		removeEdit("ada@example.org", "reports"),
		{"role", func(ws *workspace.Workspace) error {
			return ws.Role(ctx, workspace.RoleOptions{File: "members.toml", Email: "ada@example.org", List: "reports", Role: members.RoleMember})
		}},
	} {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "")
			f.write("members.toml", content)
			r := f.do(e)
			if !strings.Contains(r.stderr, "sync will not touch reports, this change included, until its policy holds") ||
				strings.Contains(r.stderr, "sync will take") || strings.Contains(r.stderr, "sync will change") ||
				!strings.Contains(r.stderr, "members.toml:4:1: error: list reports: has 0 owners") {
				t.Errorf("exit %d\n%s", r.code, r.stderr)
			}
		})
	}
}

// TestAddOfAnotherEntrysHandle: add with a GitHub handle another entry
// has, in any case, is refused as one person with two entries, whoever
// --by is: with that very entry as the vetter, it was refused as
// self-vetting, which hid what is wrong.
func TestAddOfAnotherEntrysHandle(t *testing.T) {
	t.Parallel()
	content := header + strings.Replace(person("ada@example.org", `reports = "owner"`), "email = \"ada@example.org\"", "email = \"ada@example.org\"\ngithub = \"ada-x\"", 1) + person("grace@example.org", `reports = "owner"`)
	for _, by := range []string{"ada-x", "grace@example.org"} {
		f := newFixture(t, "")
		f.write("members.toml", content)
		r := f.do(addEdit(workspace.AddOptions{Email: "zed@example.org", GitHub: "ADA-X", Lists: lists("reports"),
			Vetting: &members.Vetting{By: by, On: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Method: "video-call", Note: "call"}}))
		if r.code != workspace.ExitFailed || r.wrote() || !strings.Contains(r.stderr, "GitHub handle ADA-X is already in the file, on ada@example.org") {
			t.Errorf("--by %s: exit %d\n%s", by, r.code, r.stderr)
		}
	}
}

// TestRoleOnAListTheyAreNotOn: role for a list the member is not on
// offers the add that puts them there, one that runs; where the list's
// policy refuses their address, it says that instead of offering an add
// refused at once.
func TestRoleOnAListTheyAreNotOn(t *testing.T) {
	t.Parallel()
	content := strings.Replace(header, `unmanaged = "report"`, "unmanaged = \"report\"\nallowed_domains = [\"example.org\"]", 1) +
		"\n[lists.open]\naddress = \"open@example.org\"\npolicy = \"q\"\n\n[policies.q]\nmin_owners = 1\nvetting_methods = [\"video-call\"]\n" +
		person("ada@example.org", `reports = "owner", open = "owner"`) + person("v@vendor.net", `open = "member"`) + person("lin@example.org", `open = "member"`)
	for _, tc := range []struct{ email, want string }{
		{"lin@example.org", "lin@example.org is not on reports; put them on it with: roster add lin@example.org --list reports:member"},
		{"v@vendor.net", "v@vendor.net is not on reports, and cannot be put on it: v@vendor.net: domain vendor.net is not one reports allows"},
	} {
		f := newFixture(t, "")
		f.write("members.toml", content)
		r := f.do(edit{"role", func(ws *workspace.Workspace) error {
			return ws.Role(ctx, workspace.RoleOptions{File: "members.toml", Email: tc.email, List: "reports", Role: members.RoleMember})
		}})
		if r.code != workspace.ExitFailed || r.wrote() || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d\n%s", tc.email, r.code, r.stderr)
		}
	}
}

// TestAddFillsInWhatAnEntryLacks: add of someone already in the file
// writes the name, handle and affiliation the entry lacks (fields a
// policy may require, which add and import leave to be filled in), and
// refuses one that differs from what the entry has.
func TestAddFillsInWhatAnEntryLacks(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", adviceBase+"\n[[member]]\nemail = \"dee@example.org\"\nlists = { announce = \"member\" }\n")
	r := f.do(addEdit(workspace.AddOptions{Email: "dee@example.org", Name: "Dee", GitHub: "dee-x", Lists: lists("announce")}))
	if !r.wrote() || !strings.Contains(r.stderr, "filled in the name, github of dee@example.org") || !strings.Contains(f.read("members.toml"), "email = \"dee@example.org\"\nname = \"Dee\"\ngithub = \"dee-x\"\n") {
		t.Errorf("exit %d\n%s\n%s", r.code, r.stderr, f.read("members.toml"))
	}
	r = f.do(addEdit(workspace.AddOptions{Email: "dee@example.org", Name: "Someone Else", Lists: lists("announce")}))
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, `with name "Dee"`) {
		t.Errorf("a name that differs: exit %d\n%s", r.code, r.stderr)
	}
}

// TestAddToAnotherListWithARecord: putting someone already in the file
// on another list with a vetting record is one edit that writes both,
// for one list or several; invalid input gets its own refusal (the
// method's nearest, who may vet), never "changed twice", and writes
// nothing.
func TestAddToAnotherListWithARecord(t *testing.T) {
	t.Parallel()
	content := strings.Replace(adviceBase, "[policies.open]\nvetting_methods = [\"video-call\"]\n", "[policies.open]\nvetting_methods = [\"video-call\", \"grandfathered\"]\nvetting_valid_for = \"180d\"\ndenied_domains = [\"mailinator.com\"]\n", 1) + "\n[[member]]\nemail = \"dee@example.org\"\ngithub = \"dee-x\"\n" + "\n[[member]]\nemail = \"eve@mailinator.com\"\n" +
		"\n[[member]]\nemail = \"fay@example.org\"\ngithub = \"fay-x\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"bo@example.org\", on = 2026-11-24, method = \"in-person\", note = \"call\" }]\n"
	// reports (policy receivers) takes an in-person record too, with no
	// end; announce (open) does not take one.
	content = strings.Replace(content, "min_owners = 1\nvetting_methods = [\"video-call\"]\n", "min_owners = 1\nvetting_methods = [\"video-call\", \"in-person\"]\n", 1)
	withMethod := func(by, method string) *members.Vetting {
		v := vetted(by)
		v.Method = method
		return v
	}
	withOn := func(v *members.Vetting, on time.Time) *members.Vetting {
		v.On = on
		return v
	}
	yearAgo := vetted("ada@example.org")
	yearAgo.On = todayDate.AddDate(-1, 0, 0)
	for _, tt := range []struct {
		name string
		edit edit
		// want is in stderr; written says the edit lands.
		want    string
		written bool
	}{
		{"one more list", addEdit(workspace.AddOptions{Email: "grace@example.org", Lists: lists("announce"), Vetting: vetted("ada@example.org")}),
			"put grace@example.org on announce in members.toml, with the vetting record by ada@example.org", true},
		{"two lists", addEdit(workspace.AddOptions{Email: "dee@example.org", Lists: lists("announce", "reports"), Vetting: vetted("ada@example.org")}),
			"put dee@example.org on announce, reports in members.toml, with the vetting record by ada@example.org", true},
		{"a method no policy accepts", addEdit(workspace.AddOptions{Email: "grace@example.org", Lists: lists("announce"), Vetting: withMethod("ada@example.org", "vidoe-call")}),
			`--method "vidoe-call" is not a vetting method the policies of announce accept (video-call); did you mean "video-call"?; nothing was written`, false},
		{"a method cut short", addEdit(workspace.AddOptions{Email: "grace@example.org", Lists: lists("announce"), Vetting: withMethod("ada@example.org", "video")}),
			`--method "video" is not a vetting method the policies of announce accept (video-call); did you mean "video-call"?; nothing was written`, false},
		// grandfathered is import's alone: never offered to an edit.
		{"a method nearest to grandfathered", addEdit(workspace.AddOptions{Email: "grace@example.org", Lists: lists("announce"), Vetting: withMethod("ada@example.org", "grandfatherd")}),
			`--method "grandfatherd" is not a vetting method the policies of announce accept (video-call); nothing was written`, false},
		// fay holds this very record already, for reports: given again
		// to put her on announce, it is judged against announce as a
		// new one is (a repeated add is no way around the check).
		{"a record the entry has, of a method the list joined does not take", addEdit(workspace.AddOptions{Email: "fay@example.org", Lists: lists("announce"), Vetting: &members.Vetting{By: "bo@example.org", On: todayDate, Method: "in-person", Note: "call"}}),
			`--method "in-person" is not a vetting method the policies of announce accept (video-call); nothing was written`, false},
		// Naming reports, which she is on already, beside it changes
		// nothing: the record is for the list she joins.
		{"a record the entry has, the list it counts for named too", addEdit(workspace.AddOptions{Email: "fay@example.org", Lists: lists("reports", "announce"), Vetting: &members.Vetting{By: "bo@example.org", On: todayDate, Method: "in-person", Note: "call"}}),
			`--method "in-person" is not a vetting method the policies of announce accept (video-call); nothing was written`, false},
		{"a vetter who may not vet", addEdit(workspace.AddOptions{Email: "grace@example.org", Lists: lists("announce"), Vetting: vetted("bo@example.org")}),
			"--by bo@example.org may not vet for announce", false},
		{"a record lapsed before it is written", addEdit(workspace.AddOptions{Email: "grace@example.org", Lists: lists("announce"), Vetting: yearAgo}),
			"--on 2025-11-24: the record would have lapsed already (policy open takes a record for 180d from its date, so it lapsed on 2026-05-23); write the date the vetting happened; nothing was written", false},
		{"a record lapsed for one of two lists", addEdit(workspace.AddOptions{Email: "dee@example.org", Lists: lists("announce", "reports"), Vetting: yearAgo}),
			"--on 2025-11-24: the record would have lapsed already (policy open takes a record for 180d from its date, so it lapsed on 2026-05-23)", false},
		// open would have let it lapse, but open takes no in-person
		// record: it is for reports alone, where it holds.
		{"a record old for a list that takes no record of its method", addEdit(workspace.AddOptions{Email: "dee@example.org", Lists: lists("announce", "reports"), Vetting: withOn(withMethod("bo@example.org", "in-person"), yearAgo.On)}),
			"put dee@example.org on announce, reports in members.toml, with the vetting record by bo@example.org", true},
		{"a new address at a domain the list denies", addEdit(workspace.AddOptions{Email: "n@Mailinator.com", Lists: lists("announce"), Vetting: vetted("ada@example.org")}),
			`n@Mailinator.com: domain Mailinator.com is denied on announce (policy open, denied_domains); nothing was written`, false},
		{"an entry at a domain the list denies", addEdit(workspace.AddOptions{Email: "eve@mailinator.com", Lists: lists("announce"), Vetting: vetted("ada@example.org")}),
			`eve@mailinator.com: domain mailinator.com is denied on announce (policy open, denied_domains); nothing was written`, false},
		{"another list's group", addEdit(workspace.AddOptions{Email: "Security@example.org", Lists: lists("announce"), Vetting: vetted("ada@example.org")}),
			"Security@example.org is the group of list reports, not a person: everyone in it would get announce's mail without a vetting record of their own, and policy open allows no groups; nothing was written", false},
		{"another list's group by a +tag", addEdit(workspace.AddOptions{Email: "security+x@example.org", Lists: lists("announce"), Vetting: vetted("ada@example.org")}),
			"security+x@example.org is the group of list reports, not a person", false},
		{"a vetter's address mistyped", addEdit(workspace.AddOptions{Email: "grace@example.org", Lists: lists("announce"), Vetting: vetted("ad@example.org")}),
			"--by ad@example.org may not vet for announce: the vetter must be on the list with the role its policy asks (vetted_by); did you mean ada@example.org?", false},
		// dee is on no list: the record is for the list she goes on
		// next, judged against every list, before anything is written.
		{"vet someone on no list, the vetter mistyped", vetEdit("dee@example.org", *vetted("ad@example.org")),
			"--by ad@example.org may not vet for any list: the vetter must be on the list with the role its policy asks (vetted_by); did you mean ada@example.org?; nothing was written", false},
		{"vet someone on no list, a vetter nobody knows", vetEdit("dee@example.org", *vetted("nobody@example.org")),
			"--by nobody@example.org may not vet for any list", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "")
			f.write("members.toml", content)
			r := f.do(tt.edit)
			if strings.Contains(r.stderr, "twice") || !strings.Contains(r.stderr, tt.want) || r.wrote() != tt.written {
				t.Fatalf("exit %d\n%s\nwant %q", r.code, r.stderr, tt.want)
			}
			got := f.read("members.toml")
			if !tt.written {
				if got != content {
					t.Errorf("the file was written:\n%s", got)
				}
				return
			}
			nf, err := members.Parse("members.toml", []byte(got))
			if err != nil {
				t.Fatal(err)
			}
			email := strings.Fields(strings.TrimPrefix(tt.edit.name, "add "))[0]
			m := nf.FindMember(email)
			if _, on := m.RoleOn("announce"); !on || len(m.Vetting) == 0 || m.Vetting[len(m.Vetting)-1].Note != "call" {
				t.Errorf("%s: lists %v, records %v\n%s", email, m.Lists, m.Vetting, got)
			}
		})
	}
}

// TestEditRefusalsNameTheNearest: a mistyped role names the nearest
// one, a list id in another case names the list, and a --on that is
// not a day says what to write, with an example, and that nothing was
// written.
func TestEditRefusalsNameTheNearest(t *testing.T) {
	t.Parallel()
	if _, err := workspace.ParseRole("manger"); err == nil || !strings.Contains(err.Error(), `role "manger": use owner, manager or member; did you mean manager?`) {
		t.Errorf("ParseRole(manger): %v", err)
	}
	if r, err := workspace.ParseRole("Owner"); err != nil || r != members.RoleOwner {
		t.Errorf("ParseRole(Owner): %q, %v", r, err)
	}
	if _, err := workspace.ParseListRole("reports:ownr"); err == nil || !strings.Contains(err.Error(), "did you mean reports:owner?") {
		t.Errorf("ParseListRole(reports:ownr): %v", err)
	}
	for s, want := range map[string]string{
		"2026-13-01": "--on 2026-13-01 is not a day that exists (there is no month 13); write the day the vetting happened as YYYY-MM-DD, like 2026-11-24 (today); nothing was written",
		"2026-02-30": "--on 2026-02-30 is not a day that exists (February 2026 has 28 days): did you mean 2026-02-28?; write the day",
		"2026-11-4":  "--on 2026-11-4: write the month and the day with two digits: did you mean 2026-11-04?; nothing was written",
		"yesterday":  `--on "yesterday" is not a date; write the day the vetting happened as YYYY-MM-DD, like 2026-11-24`,
		"2026/12/01": "--on 2026/12/01: write a date with dashes, as YYYY-MM-DD: did you mean 2026-12-01?",
		"2026.2.3":   "--on 2026.2.3: write a date with dashes, as YYYY-MM-DD: did you mean 2026-02-03?",
		"2026/02/30": "--on 2026/02/30 is not a day that exists (February 2026 has 28 days): did you mean 2026-02-28?",
		"2026-1/05":  "did you mean 2026-01-05?",
	} {
		if _, err := workspace.ParseVettingDay(s, todayDate); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseVettingDay(%s): %v, want %q", s, err, want)
		}
	}
	if d, err := workspace.ParseVettingDay("2026-02-28", todayDate); err != nil || !d.Equal(day("2026-02-28")) {
		t.Errorf("ParseVettingDay(2026-02-28): %v, %v", d, err)
	}
	for _, e := range []edit{
		addEdit(workspace.AddOptions{Email: "grace@example.org", Lists: lists("ANNOUNCE")}),
		roleEdit("grace@example.org", "REPORTS", members.RoleOwner),
		removeEdit("grace@example.org", "Reports"),
	} {
		f := newFixture(t, "")
		f.write("members.toml", adviceBase)
		r := f.do(e)
		if r.code != workspace.ExitFailed || !regexp.MustCompile(`--list \w+: no such list in the file; list ids are written as the file writes them, in its case: did you mean (reports|announce)\?; nothing was written`).MatchString(r.stderr) {
			t.Errorf("%s: exit %d\n%s", e.name, r.code, r.stderr)
		}
		if f.read("members.toml") != adviceBase {
			t.Errorf("%s: the file was written", e.name)
		}
	}
}

// TestVetterIsWrittenAsTheFileWritesThem: a vetter given as the file's
// handle in another case, with an '@', or by another spelling of their
// address, is written as the file writes them, by vet and by add, so the
// file reads one vetter one way.
func TestVetterIsWrittenAsTheFileWritesThem(t *testing.T) {
	t.Parallel()
	for _, by := range []string{"ADA-X", "@ada-x", "Ada@Example.org"} {
		want := `by = "ada-x"`
		if strings.Contains(by, "Example.org") {
			want = `by = "ada@example.org"`
		}
		for _, e := range []edit{
			vetEdit("grace@example.org", members.Vetting{By: by, Method: "video-call", Note: "call"}),
			addEdit(workspace.AddOptions{Email: "new@example.org", Lists: lists("announce"), Vetting: &members.Vetting{By: by, Method: "video-call", Note: "call", On: todayDate}}),
		} {
			f := newFixture(t, "")
			f.write("members.toml", adviceBase)
			if r := f.do(e); r.code != 0 || !strings.Contains(f.read("members.toml"), want) || strings.Contains(f.read("members.toml"), `by = "`+by+`"`) {
				t.Errorf("%s --by %s: exit %d %s\n%s", e.name, by, r.code, r.stderr, f.read("members.toml"))
			}
		}
	}
}

// TestNobodyVouchesAsImport: "import" is how roster import marks the
// people it found on a group; add and vet refuse it as a vetter, so
// nobody adds a person on a record nobody gave.
func TestNobodyVouchesAsImport(t *testing.T) {
	t.Parallel()
	for _, e := range []edit{
		addEdit(workspace.AddOptions{Email: "mallory@example.org", Lists: lists("announce"), Vetting: &members.Vetting{By: "import", Method: "grandfathered", Note: "trust me", On: todayDate}}),
		vetEdit("grace@example.org", members.Vetting{By: "IMPORT", Method: "video-call", Note: "n"}),
	} {
		f := newFixture(t, "")
		f.write("members.toml", adviceBase)
		if r := f.do(e); r.code == 0 || !strings.Contains(r.stderr, "is how roster import marks") || f.read("members.toml") != adviceBase {
			t.Errorf("%s: exit %d\n%s", e.name, r.code, r.stderr)
		}
	}
}

// TestVetTwiceWritesOnce: the same record vetted again changes nothing,
// as add does with a record the entry has.
func TestVetTwiceWritesOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", adviceBase)
	e := vetEdit("grace@example.org", members.Vetting{By: "ada-x", Method: "video-call", Note: "call"})
	f.do(e)
	once := f.read("members.toml")
	if r := f.do(e); r.code != 0 || f.read("members.toml") != once || !strings.Contains(r.stderr, "already has this record") {
		t.Errorf("exit %d\n%s\n%s", r.code, r.stderr, f.read("members.toml"))
	}
}

// TestAddRefusesAnAddressValidateRefuses: an address that mixes scripts,
// or a non-ASCII one on a list that does not allow it, is refused before
// anything is written, as validate would refuse it after.
func TestAddRefusesAnAddressValidateRefuses(t *testing.T) {
	t.Parallel()
	for _, email := range []string{"n@\u0435xample.org", "jos\u00e9@example.org"} {
		f := newFixture(t, "")
		f.write("members.toml", adviceBase)
		r := f.do(addEdit(workspace.AddOptions{Email: email, Lists: lists("announce")}))
		if r.code == 0 || !strings.Contains(r.stderr, "nothing was written") || f.read("members.toml") != adviceBase {
			t.Errorf("%s: exit %d\n%s", email, r.code, r.stderr)
		}
	}
}

// TestImportDoesNotGrandfatherAWalkIn: once members.toml has listed a
// group, someone the group's audit log shows joining since (a walk-in)
// is skipped by import, with who added them; someone the log does not
// show joining is imported, with a record that says the file had
// listed the group without them, never "before roster managed it".
func TestImportDoesNotGrandfatherAWalkIn(t *testing.T) {
	t.Parallel()
	f := importRepo(t, "early@example.org")
	f.repo.Commit("members.toml", readTestdata(t, "plan-uptodate/members.toml"), "The list (#1)")
	if _, err := f.emu.ByHand(emulator.Change{Event: "join", Group: "security@example.org", Actor: "mallory@evil.example"}); err != nil {
		t.Fatal(err)
	}
	r := f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", Live: f.live()}))
	text := f.read("members.toml")
	if !r.wrote() || strings.Contains(text, "mallory@") || !regexp.MustCompile(`skipped mallory@evil.example: .*join.*after members.toml listed the group`).MatchString(r.stderr) {
		t.Errorf("the walk-in was grandfathered, or not said why not: exit %d\n%s\n%s", r.code, r.stderr, text)
	}
	if !strings.Contains(text, `email = "early@example.org"`) || strings.Contains(text, "before roster managed it") || !strings.Contains(text, "though not listed by members.toml, which has listed the group since 2026-03-02") {
		t.Errorf("the one already there is not imported with a true note:\n%s", text)
	}
	if !strings.Contains(r.stderr, "skipped 1 member (above)") {
		t.Errorf("the summary does not count the walk-in:\n%s", r.stderr)
	}
	if !strings.Contains(r.stderr, "check how they got on the group before the change is approved") {
		t.Errorf("no warning to check the imported people:\n%s", r.stderr)
	}
	// What the log says of each is said there and then: once imported,
	// no later command shows them as a difference to attribute.
	if !strings.Contains(r.stderr, "  early@example.org: not in Google's audit log") || strings.Contains(r.stderr, "audit --live") {
		t.Errorf("the warning does not say what the log says of early@:\n%s", r.stderr)
	}
}

// TestImportNamesABulkUploadItCannotPlace: a bulk upload logged after
// the file listed the group names no one; whoever it may have brought is
// named with it, for the reviewer.
func TestImportNamesABulkUploadItCannotPlace(t *testing.T) {
	t.Parallel()
	f := importRepo(t)
	f.repo.Commit("members.toml", readTestdata(t, "plan-uptodate/members.toml"), "The list (#1)")
	if _, err := f.emu.ByHand(emulator.Change{Application: "admin", Event: "GROUP_MEMBER_BULK_UPLOAD", Group: "security@example.org", Actor: "root@example.org",
		Members: []emulator.Member{{Email: "bulk@example.org"}}}); err != nil {
		t.Fatal(err)
	}
	r := f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", Live: f.live()}))
	if !regexp.MustCompile(`warning: bulk@example.org: the audit log cannot tell when they joined: perhaps a bulk upload`).MatchString(r.stderr) {
		t.Errorf("the bulk upload is not named:\n%s", r.stderr)
	}
}

// TestImportKnowsAListManagedInAnotherFile: a list that moved in from
// another file was managed there first: someone who joined the group
// by hand after that, though before the move, is a walk-in too.
func TestImportKnowsAListManagedInAnotherFile(t *testing.T) {
	t.Parallel()
	f := importRepo(t)
	file := readTestdata(t, "plan-uptodate/members.toml")
	f.repo.Commit("members.toml", "schema = 1\n", "An empty members file (#1)")
	f.repo.Commit("other.toml", file, "The list in other.toml (#2)")
	if _, err := f.emu.ByHand(emulator.Change{Event: "join", Group: "security@example.org", Actor: "mallory@evil.example"}); err != nil {
		t.Fatal(err)
	}
	// The move lands after the join (its date is the emulator's future).
	f.repo.Git("rm", "-q", "other.toml")
	later := time.Now().AddDate(0, 0, 7).UTC().Format(time.RFC3339)
	commitAt(t, f, file, "Move the list into members.toml (#3)", later, later)
	r := f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", Live: f.live()}))
	if strings.Contains(f.read("members.toml"), "mallory@") || !strings.Contains(r.stderr, "skipped mallory@evil.example") {
		t.Errorf("the walk-in was grandfathered: exit %d\n%s", r.code, r.stderr)
	}
}

// TestImportFromAnExportKnowsAWalkIn: a member export dates each join;
// someone it says joined after the file listed the group is a walk-in,
// skipped; someone who joined before is imported.
func TestImportFromAnExportKnowsAWalkIn(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", readTestdata(t, "plan-uptodate/members.toml"), "The list (#1)")
	f.write("export.csv", "Members for group security@example.org\n"+
		"Email address,Nickname,Group status,Email status,Email preference,Posting permissions,Join year,Join month,Join day,Join hour,Join minute,Join second,Time zone\n"+
		"ada@example.org,,owner,,,allowed,2019,3,4,10,22,5,UTC\n"+
		"early@example.org,,member,,,allowed,2025,11,2,10,22,5,UTC\n"+
		"mallory@evil.example,,member,,,allowed,2026,6,1,10,22,5,UTC\n")
	r := f.do(importEdit("reports", "export.csv"))
	text := f.read("members.toml")
	if strings.Contains(text, "mallory@") || !strings.Contains(r.stderr, "skipped mallory@evil.example: joined on 2026-06-01 10:22 UTC (the export's join time), after members.toml listed the group (since 2026-03-02)") {
		t.Errorf("the walk-in was grandfathered, or not said why not: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(text, `email = "early@example.org"`) {
		t.Errorf("someone who joined before the file listed the group was not imported:\n%s", text)
	}
	// The warning about them gives the export's date, the evidence a
	// reviewer needs, not "the audit log was not read".
	if !strings.Contains(r.stderr, "early@example.org: joined on 2025-11-02 10:22 UTC (the export export.csv), before members.toml listed the group") {
		t.Errorf("the warning does not give the export's join date:\n%s", r.stderr)
	}
}

// TestImportDoesNotPutAWalkInOnAnotherList: someone the file has on
// another list who joins this one by hand is a walk-in here too: import
// skips them instead of putting them on it, where their record for the
// other list would pass for one.
func TestImportDoesNotPutAWalkInOnAnotherList(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
	f.repo.Commit("members.toml", adviceBase, "Lists (#1)")
	if _, err := f.emu.ByHand(emulator.Change{Event: "join", Group: "announce@example.org", Actor: "grace@example.org"}); err != nil {
		t.Fatal(err)
	}
	r := f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "announce", Live: f.live()}))
	if strings.Contains(f.read("members.toml"), `lists = { reports = "member", announce = "member" }`) || !strings.Contains(r.stderr, "skipped grace@example.org") {
		t.Errorf("the walk-in was put on announce: exit %d\n%s\n%s", r.code, r.stderr, f.read("members.toml"))
	}
	// Nobody imported: the last line does not say everyone is in the file.
	if strings.Contains(r.stderr, "every member of") || !strings.Contains(r.stderr, "skipped 1 member (above), who stay on the group") {
		t.Errorf("the summary hides the walk-in:\n%s", r.stderr)
	}
}

// TestImportFromAnUndatedExportReadsTheLog: an export that dates no row
// (the Admin console's) leaves the group's audit log to tell a walk-in,
// as import from the live group does.
func TestImportFromAnUndatedExportReadsTheLog(t *testing.T) {
	t.Parallel()
	f := importRepo(t)
	f.repo.Commit("members.toml", readTestdata(t, "plan-uptodate/members.toml"), "The list (#1)")
	if _, err := f.emu.ByHand(emulator.Change{Event: "join", Group: "security@example.org", Actor: "mallory@evil.example"}); err != nil {
		t.Fatal(err)
	}
	f.write("export.csv", "Group Email [Required],Member Email,Member Type,Member Role\nsecurity@example.org,ada@example.org,USER,OWNER\nsecurity@example.org,mallory@evil.example,USER,MEMBER\n")
	r := f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", FromCSV: "export.csv", Live: f.live()}))
	if strings.Contains(f.read("members.toml"), "mallory@") || !strings.Contains(r.stderr, "skipped mallory@evil.example") {
		t.Errorf("the walk-in was grandfathered: exit %d\n%s", r.code, r.stderr)
	}
}

// importRepo is a repository whose domain has security@example.org as
// testdata/plan-uptodate's live.json has it (ada, owner; grace), with
// extra members who were there before any audit log the domain keeps.
func importRepo(t *testing.T, extra ...string) *fixture {
	t.Helper()
	ms := []*emulator.Member{
		{Email: "grace@example.org", Role: "MEMBER", Type: "USER", Status: "ACTIVE"},
		{Email: "ada@example.org", Role: "OWNER", Type: "USER", Status: "ACTIVE"},
	}
	for _, e := range extra {
		ms = append(ms, &emulator.Member{Email: e, Role: "MEMBER", Type: "USER", Status: "ACTIVE"})
	}
	return newFixtureFrom(t, "", emulator.Options{State: &emulator.State{Groups: []*emulator.Group{{Email: "security@example.org", Members: ms}}}}, true)
}

// TestAddOfANearAddressSaysWhoItMayHaveMeant: an add of an address a
// letter or two from an entry's is written (a new person may have one),
// with a note naming the entry and the commands, runnable as printed,
// that undo it and put the entry meant on the lists instead; an address
// far from every entry's gets no note, nor one a short name two letters
// from another's.
func TestAddOfANearAddressSaysWhoItMayHaveMeant(t *testing.T) {
	t.Parallel()
	base := readTestdata(t, "edit-base/members.toml")
	for _, tt := range []struct {
		email string
		note  bool
	}{
		{"lni@example.org", true},
		{"LIN@exampel.org", true},
		{"someone.else@example.net", false},
		// Two letters of three changed make another short name, not a
		// typo of lin's (zed@ beside pd@).
		{"lxy@example.org", false},
	} {
		f := newFixture(t, "")
		f.write("members.toml", base)
		r := f.do(addEdit(workspace.AddOptions{Email: tt.email, Lists: lists("announce")}))
		// lin is on announce already: the undo is all there is to run.
		want := "note: " + tt.email + " is new to members.toml, and lin@example.org, a letter or two apart, is in it already: if you meant them, undo this with roster remove " + tt.email + ": they are on announce as given already"
		if strings.Contains(r.stderr, want) != tt.note || !strings.Contains(f.read("members.toml"), tt.email) {
			t.Errorf("add %s: exit %d, note wanted: %v\n%s", tt.email, r.code, tt.note, r.stderr)
		}
	}
	// What puts the entry meant where the typo went, as the edit
	// commands take it: vet for a record on a list they are on, role
	// for one they hold in another role (add refuses it), add for one
	// they are not on.
	v := members.Vetting{By: "ada-x", Method: "video-call", Note: "call", On: day("2026-11-01")}
	selfRecord := members.Vetting{By: "lin@example.org", Method: "video-call", Note: "call", On: day("2026-11-01")}
	for _, tc := range []struct {
		lists   []workspace.ListRole
		vetting *members.Vetting
		then    string
	}{
		{lists("announce"), &v, "then run roster vet lin@example.org --by ada-x --method video-call --note call --on 2026-11-01"},
		{lists("reports:owner"), nil, "then run roster role lin@example.org --list reports owner"},
		{lists("reports:owner", "announce:member"), &v, "then run roster vet lin@example.org --by ada-x --method video-call --note call --on 2026-11-01 and roster role lin@example.org --list reports owner"},
		// A record by the person meant is not handed on: vet would
		// refuse it, as no one vets themself.
		{lists("announce"), &selfRecord, "undo this with roster remove lni@example.org: they are on announce as given already; --by lin@example.org is lin@example.org themself, so someone else must vet them\n"},
	} {
		f := newFixture(t, "")
		f.write("members.toml", base)
		r := f.do(addEdit(workspace.AddOptions{Email: "lni@example.org", Lists: tc.lists, Vetting: tc.vetting}))
		if !strings.Contains(r.stderr, tc.then) {
			t.Errorf("add %v: exit %d, want %q\n%s", tc.lists, r.code, tc.then, r.stderr)
		}
	}
}

// TestAFileReachedThroughATrackedDirectoryLinkIsRefused: --file
// sub/members.toml where git holds sub as a link to real/: git reads
// real/members.toml at every revision while a change may repoint sub,
// so review would pass what sync then reads from elsewhere. Every route
// that reads the file refuses it; the file's own path is fine.
func TestAFileReachedThroughATrackedDirectoryLinkIsRefused(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("real/members.toml", header+person("ada@example.org", `reports = "owner"`), "The list (#1)")
	if err := os.Symlink("real", filepath.Join(f.dir, "sub")); err != nil {
		t.Fatal(err)
	}
	f.repo.Git("add", "sub")
	f.repo.Git("commit", "-q", "-m", "A link (#2)")
	file := filepath.Join("sub", "members.toml")
	// And through the link and back out of it ("sub/.." is real/.. to
	// the system): a link inside, tracked, leads to real/inner.
	if err := os.MkdirAll(filepath.Join(f.dir, "real", "inner"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("real", "inner"), filepath.Join(f.dir, "in")); err != nil {
		t.Fatal(err)
	}
	f.repo.Git("add", "in")
	f.repo.Git("commit", "-q", "-m", "Another link (#3)")
	if r := f.doValidate("in/../members.toml", report.Text, ""); r.code == 0 || !strings.Contains(r.stderr, "a symbolic link git holds") {
		t.Errorf("validate in/../members.toml: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for name, r := range map[string]outcome{
		"validate": f.doValidate(file, report.Text, ""),
		"review":   f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: file, Base: "HEAD", Format: report.Text})),
		"add":      f.do(addEdit(workspace.AddOptions{File: file, Email: "lin@example.org", Lists: lists("reports")})),
	} {
		if r.code == 0 || !strings.Contains(r.stderr, "a symbolic link git holds") {
			t.Errorf("%s through the tracked link: exit %d\n%s%s", name, r.code, r.stdout, r.stderr)
		}
	}
	if r := f.doValidate(filepath.Join("real", "members.toml"), report.Text, ""); strings.Contains(r.stderr, "symbolic link") {
		t.Errorf("the file's own path: exit %d\n%s", r.code, r.stderr)
	}
}

// TestImportSaysWhenTheGroupsRoleDiffers: someone the file has on the
// list keeps the file's role, and import says so where the group's (as
// the export gives it) differs; nobody is said to differ otherwise.
func TestImportSaysWhenTheGroupsRoleDiffers(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", readTestdata(t, "plan-uptodate/members.toml"), "The list (#1)")
	f.write("export.csv", "Email address,Nickname,Group status\nada@example.org,,member\ngrace@example.org,,member\n")
	r := f.do(importEdit("reports", "export.csv"))
	if !strings.Contains(r.stderr, "ada@example.org is member on reports per the export export.csv, and owner in members.toml: sync gives them the file's role") ||
		strings.Contains(r.stderr, "grace@example.org is member on reports") || strings.Contains(r.stderr, "once the list passes") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	// On a list whose own policy fails, sync gives nobody anything until
	// it passes, and the note says so (s31-routes).
	g := newRepoFixture(t)
	g.repo.Commit("members.toml", strings.Replace(readTestdata(t, "plan-uptodate/members.toml"), "min_owners = 1", "min_owners = 5", 1), "The list (#1)")
	g.write("export.csv", "Email address,Nickname,Group status\nada@example.org,,member\n")
	if r := g.do(importEdit("reports", "export.csv")); !strings.Contains(r.stderr, "sync gives them the file's role once the list passes its policy (sync leaves it alone until then)") {
		t.Errorf("a list whose policy fails: exit %d\n%s", r.code, r.stderr)
	}
}

// TestANewListsFirstOwnersAreToldHow: on a list nobody is on yet, no
// one may vet (vetted_by asks someone on it); add --by is refused, and
// says the way that works, which then runs as printed: the first owners
// on without a record, then vetting each other.
func TestANewListsFirstOwnersAreToldHow(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", header+"\n[lists.rep]\naddress = \"rep@example.org\"\npolicy = \"owners\"\n\n[policies.owners]\nvetting_methods = [\"video-call\"]\nvetted_by = \"owner\"\n"+
		"\n[[member]]\nemail = \"a@example.org\"\ngithub = \"a-sec\"\n\n[[member]]\nemail = \"b@example.org\"\ngithub = \"b-sec\"\n")
	v := members.Vetting{By: "b-sec", Method: "video-call", Note: "call", On: day("2026-11-01")}
	r := f.do(addEdit(workspace.AddOptions{Email: "a@example.org", Lists: lists("rep:owner"), Vetting: &v}))
	want := `nobody is on rep (vetted_by = "owner") with that role yet: put its first owners on it without --by (roster add EMAIL --list rep:owner), then have them vet each other (roster vet EMAIL --by WHO --method METHOD --note TEXT); nothing was written`
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, want) {
		t.Fatalf("exit %d, want %q\n%s", r.code, want, r.stderr)
	}
	// The adds are written, and exit 1 while the file fails validate
	// (no record yet), as the advice says; the records then make it
	// pass.
	for _, email := range []string{"a@example.org", "b@example.org"} {
		f.do(addEdit(workspace.AddOptions{Email: email, Lists: lists("rep:owner")}))
	}
	if got := strings.Count(f.read("members.toml"), `rep = "owner"`); got != 2 {
		t.Fatalf("%d owners written, want 2:\n%s", got, f.read("members.toml"))
	}
	for _, e := range []edit{
		vetEdit("a@example.org", v),
		vetEdit("b@example.org", members.Vetting{By: "a-sec", Method: "video-call", Note: "call", On: day("2026-11-01")}),
	} {
		if r := f.do(e); r.code != 0 || strings.Contains(r.stderr, "nothing was written") {
			t.Errorf("%s: exit %d\n%s", e.name, r.code, r.stderr)
		}
	}
}

// TestAListsOnlyVetterIsNotToldItIsNew: on a list whose only owner is
// the person being vetted, the refusal says no one vets themself and
// someone else must hold the role first, not that nobody is on the list.
func TestAListsOnlyVetterIsNotToldItIsNew(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", header+"\n[lists.core]\naddress = \"core@example.org\"\npolicy = \"owners\"\n\n[policies.owners]\nvetting_methods = [\"video-call\"]\nvetted_by = \"owner\"\n"+
		"\n[[member]]\nemail = \"alice@example.org\"\nlists = { core = \"owner\" }\n\n[[member]]\nemail = \"bob@example.org\"\ngithub = \"bob-x\"\n")
	r := f.do(vetEdit("alice@example.org", members.Vetting{By: "bob-x", Method: "video-call", Note: "call", On: day("2026-11-01")}))
	want := "only alice@example.org holds that role on core, and no one vets themself: give it to someone else first (roster add EMAIL --list core:owner, or roster role EMAIL --list core owner for someone on it already), who then vets them; nothing was written"
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, "nobody is on") {
		t.Errorf("exit %d, want %q\n%s", r.code, want, r.stderr)
	}
}

// TestAddOfAHandleTheFileWritesWithAnAt: --github given as the entry's
// handle, with or without its optional @ or in another case, is the
// same handle: add goes ahead, never "already in the file with github".
func TestAddOfAHandleTheFileWritesWithAnAt(t *testing.T) {
	t.Parallel()
	for _, given := range []string{"ada-x", "@ada-x", "ADA-X"} {
		f := newFixture(t, "")
		f.write("members.toml", strings.Replace(readTestdata(t, "edit-base/members.toml"), `github = "ada-x"`, `github = "@ada-x"`, 1))
		r := f.do(addEdit(workspace.AddOptions{Email: "ada@example.org", GitHub: given, Lists: lists("announce")}))
		if strings.Contains(r.stderr, "already in the file") {
			t.Errorf("--github %s: exit %d\n%s", given, r.code, r.stderr)
		}
	}
}

// TestARefusalNamesEachPolicyOnce: two lists under one policy, a record
// that lapsed under it before it is written: the refusal names the
// policy once, not once a list.
func TestARefusalNamesEachPolicyOnce(t *testing.T) {
	t.Parallel()
	content := strings.Replace(adviceBase, "[policies.open]\n", "[lists.also]\naddress = \"also@example.org\"\npolicy = \"open\"\n\n[policies.open]\nvetting_valid_for = \"180d\"\n", 1)
	content = strings.Replace(content, `lists = { reports = "member" }`, `lists = { reports = "member", announce = "member", also = "member" }`, 1)
	f := newFixture(t, "")
	f.write("members.toml", content)
	old := vetted("ada@example.org")
	old.On = todayDate.AddDate(-1, 0, 0)
	r := f.do(vetEdit("grace@example.org", *old))
	if r.wrote() || strings.Count(r.stderr, "policy open takes a record") != 1 {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
}

// TestARecordForListsThatShareAPolicy: a and b share policy p, c has q;
// bo may vet for b and c only. A record by bo is judged list by list
// (each list's own policy beside its requirement): it counts for b, so
// it is written, and in-person (q's, c's) by bo counts for c.
func TestARecordForListsThatShareAPolicy(t *testing.T) {
	t.Parallel()
	content := `schema = 1
admins = ["ada-x"]

[lists.a]
address = "a@example.org"
policy = "p"

[lists.b]
address = "b@example.org"
policy = "p"

[lists.c]
address = "c@example.org"
policy = "q"

[policies.p]
vetting_methods = ["video-call"]
vetted_by = "member"

[policies.q]
vetting_methods = ["in-person"]
vetted_by = "member"

[[member]]
email = "ada@example.org"
github = "ada-x"
lists = { a = "owner", b = "owner", c = "owner" }
vetting = [{ by = "bo@example.org", on = 2026-06-01, method = "video-call" }, { by = "bo@example.org", on = 2026-06-01, method = "in-person" }]

[[member]]
email = "bo@example.org"
github = "bo-x"
lists = { b = "member", c = "member" }
vetting = [{ by = "ada@example.org", on = 2026-06-01, method = "video-call" }, { by = "ada@example.org", on = 2026-06-01, method = "in-person" }]
`
	withMethod := func(method string) *members.Vetting {
		return &members.Vetting{By: "bo-x", On: todayDate, Method: method, Note: "call"}
	}
	for _, tt := range []struct {
		name    string
		edit    edit
		written bool
	}{
		{"a and b, one policy", addEdit(workspace.AddOptions{Email: "new@example.org", Lists: lists("a", "b"), Vetting: withMethod("video-call")}), true},
		{"a, b and c, q's method", addEdit(workspace.AddOptions{Email: "new@example.org", Lists: lists("a", "b", "c"), Vetting: withMethod("in-person")}), true},
		{"vet someone on a, b and c", vetEdit("ada@example.org", *withMethod("video-call")), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "")
			f.write("members.toml", content)
			r := f.do(tt.edit)
			if r.wrote() != tt.written || strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "counts for none") {
				t.Errorf("exit %d\n%s", r.code, r.stderr)
			}
		})
	}
}

// TestImportFromAnExportOfTheGroupsOwnAddress: the list is written at
// sec@, an alias of the group; Google's export names the group's own
// address. Import reads it, as Google says it is the group, saying so;
// an export of another group, and one of two groups, neither the list's,
// are refused.
func TestImportFromAnExportOfTheGroupsOwnAddress(t *testing.T) {
	t.Parallel()
	f := importRepo(t)
	f.emu.AddAlias("sec@example.org", "security@example.org")
	f.repo.Commit("members.toml", strings.Replace(readTestdata(t, "plan-uptodate/members.toml"), `address = "security@example.org"`, `address = "sec@example.org"`, 1), "The list (#1)")
	f.write("export.csv", "Group Email [Required],Member Email,Member Type,Member Role\nsecurity@example.org,ada@example.org,USER,OWNER\nsecurity@example.org,grace@example.org,USER,MEMBER\n")
	r := f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", FromCSV: "export.csv", Live: f.live()}))
	if r.code != 0 || !strings.Contains(r.stderr, "is an export of security@example.org, which Google says is the group list reports is written at (sec@example.org)") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	f.write("export.csv", "Members for group other@example.org\nEmail address,Group status\nada@example.org,owner\nmallory@evil.example,member\n")
	r = f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", FromCSV: "export.csv", Live: f.live()}))
	if r.code == 0 || strings.Contains(f.read("members.toml"), "mallory@") || !strings.Contains(r.stderr, `the export is of "other@example.org"`) {
		t.Errorf("an export of another group was read: exit %d\n%s", r.code, r.stderr)
	}
	f.write("export.csv", "Group Email [Required],Member Email,Member Type,Member Role\nsecurity@example.org,ada@example.org,USER,OWNER\nother@example.org,mallory@evil.example,USER,MEMBER\n")
	r = f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", FromCSV: "export.csv", Live: f.live()}))
	if r.code == 0 || strings.Contains(f.read("members.toml"), "mallory@") {
		t.Errorf("an export of two other groups was read: exit %d\n%s", r.code, r.stderr)
	}
	// Titled as the group's own export, with rows of another group
	// beside: read as the group's, its rows only.
	f.write("export.csv", "Members for group security@example.org\nGroup Email,Email address,Group status\nsecurity@example.org,ada@example.org,owner\nother@example.org,mallory@evil.example,member\n")
	r = f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", FromCSV: "export.csv", Live: f.live()}))
	if strings.Contains(f.read("members.toml"), "mallory@") || strings.Contains(r.stdout+r.stderr, "mallory@") {
		t.Errorf("another group's rows were read from the group's own export: exit %d\n%s", r.code, r.stderr)
	}
	// Titled at the group's own address, its rows at the alias the list
	// is written at: the same group's rows, read.
	f.write("export.csv", "Members for group security@example.org\nGroup Email,Email address,Group status\nsec@example.org,ada@example.org,owner\nsec@example.org,grace@example.org,member\n")
	r = f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "reports", FromCSV: "export.csv", Live: f.live()}))
	if r.code != 0 || strings.Contains(r.stderr, "the export is of") {
		t.Errorf("an export naming the group under two of its addresses was refused: exit %d\n%s", r.code, r.stderr)
	}
}

// TestImportBlamesOnlyWhatItsListFinds: people imported onto one list
// whose entries already failed on another list (a vetter who may not vet
// there) are not "the N imported" with findings to fix on this one
// (s30-routes2).
func TestImportBlamesOnlyWhatItsListFinds(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	ops := "\n[lists.ops]\naddress = \"ops@example.org\"\npolicy = \"p\"\n"
	f.write("members.toml", header+ops+
		"\n[[member]]\nemail = \"ada@example.org\"\nname = \"Ada\"\nlists = { reports = \"owner\", ops = \"owner\" }\nvetting = [{ by = \"grace@example.org\", on = 2026-06-01, method = \"video-call\" }]\n"+
		"\n[[member]]\nemail = \"grace@example.org\"\nname = \"Grace\"\nlists = { reports = \"owner\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-06-01, method = \"video-call\" }]\n"+
		"\n[[member]]\nemail = \"kim@example.org\"\nname = \"Kim\"\nlists = { ops = \"member\" }\nvetting = [{ by = \"grace@example.org\", on = 2026-06-01, method = \"video-call\" }]\n")
	f.write("export.csv", "Email address,Nickname,Group status,Email status\nada@example.org,,owner,\ngrace@example.org,,owner,\nkim@example.org,,member,\n")
	r := f.do(importEdit("reports", "export.csv"))
	if strings.Contains(r.stderr, "imported into members.toml have findings above") || strings.Contains(r.stderr, "has findings above") {
		t.Errorf("the import blames kim for a finding about ops:\n%s", r.stderr)
	}
}
