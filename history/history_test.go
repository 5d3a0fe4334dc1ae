package history_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

const header = `schema = 1

[lists.announce]
address = "announce@example.org"
policy = "p"

[lists.reports]
address = "security@example.org"
policy = "p"

[policies.p]
vetting_methods = ["video-call"]
`

func member(email, lists string, vetting ...string) string {
	s := fmt.Sprintf("\n[[member]]\nemail = %q\nlists = { %s }\n", email, lists)
	for _, v := range vetting {
		by, on, _ := strings.Cut(v, "@@")
		s += fmt.Sprintf("\n  [[member.vetting]]\n  by = %q\n  on = %s\n  method = \"video-call\"\n", by, on)
	}
	return s
}

type ev struct {
	Subject, Action, List, Email, Role, Prev string
}

func simplify(events []history.Event) []ev {
	var out []ev
	for _, e := range events {
		out = append(out, ev{e.Subject, string(e.Action), e.List, e.Email, string(e.Role), string(e.PreviousRole)})
	}
	return out
}

// scripted builds the history the tests read.
func scripted(t *testing.T) (*historytest.Repo, map[string]string) {
	r := historytest.New(t)
	c := map[string]string{}
	ada := member("ada@example.org", `reports = "owner", announce = "owner"`, "grace@example.org@@2026-01-01")
	grace := member("grace@example.org", `reports = "member"`, "ada@example.org@@2026-01-01")
	c["create"] = r.Commit("members.toml", header+ada+grace, "Create lists (#1)")
	lin := member("lin@example.org", `announce = "member"`, "ada@example.org@@2026-03-02")
	c["lin"] = r.Commit("members.toml", header+ada+grace+lin, "Add lin (#2)")
	grace2 := member("grace@example.org", `reports = "member"`, "ada@example.org@@2026-01-01", "ada@example.org@@2026-03-03")
	c["vet"] = r.Commit("members.toml", header+ada+grace2+lin, "Vet grace again (#3)")
	grace3 := member("grace@example.org", `reports = "owner"`, "ada@example.org@@2026-01-01", "ada@example.org@@2026-03-03")
	c["promote"] = r.Commit("members.toml", header+ada+grace3+lin, "Promote grace (#4)")
	c["broken"] = r.Commit("members.toml", header+ada+grace3+lin+"\n[[member]\nemail = oops\n", "Broken edit")
	// Formatting-only changes to a block give no events.
	c["fix"] = r.Commit("members.toml", header+"# Reformatted.\n"+ada+strings.Replace(grace3, "lists = ", "lists    = ", 1), "Fix the file, remove lin (#6)")
	r.Tick()
	r.Git("mv", "members.toml", "lists.toml")
	r.Git("commit", "-q", "-m", "Move the file (#7)")
	c["move"] = r.Git("rev-parse", "HEAD")
	r.Git("checkout", "-q", "-b", "feature/zoe")
	zoe := member("zoe@example.org", `reports = "member"`, "ada@example.org@@2026-03-09")
	body := header + "# Reformatted.\n" + ada + strings.Replace(grace3, "lists = ", "lists    = ", 1)
	r.Commit("lists.toml", body+zoe, "Add zoe")
	r.Git("checkout", "-q", "main")
	r.Commit("other.txt", "unrelated\n", "Unrelated change")
	r.Tick()
	r.Git("merge", "-q", "--no-ff", "-m", "Merge pull request #9 from feature/zoe", "feature/zoe")
	c["merge"] = r.Git("rev-parse", "HEAD")
	return r, c
}

func TestHistory(t *testing.T) {
	t.Parallel()
	r, c := scripted(t)
	events, problems, err := history.History(context.Background(), r.Dir, "lists.toml", history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []ev{
		{"Create lists (#1)", "added", "announce", "ada@example.org", "owner", ""},
		{"Create lists (#1)", "added", "reports", "ada@example.org", "owner", ""},
		{"Create lists (#1)", "vetted", "", "ada@example.org", "", ""},
		{"Create lists (#1)", "added", "reports", "grace@example.org", "member", ""},
		{"Create lists (#1)", "vetted", "", "grace@example.org", "", ""},
		{"Add lin (#2)", "added", "announce", "lin@example.org", "member", ""},
		{"Add lin (#2)", "vetted", "", "lin@example.org", "", ""},
		{"Vet grace again (#3)", "vetted", "", "grace@example.org", "", ""},
		{"Promote grace (#4)", "role_changed", "reports", "grace@example.org", "owner", "member"},
		{"Fix the file, remove lin (#6)", "removed", "announce", "lin@example.org", "", "member"},
		{"Merge pull request #9 from feature/zoe", "added", "reports", "zoe@example.org", "member", ""},
		{"Merge pull request #9 from feature/zoe", "vetted", "", "zoe@example.org", "", ""},
	}
	if diff := cmp.Diff(want, simplify(events)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if len(problems) != 1 || problems[0].Revision.Commit != c["broken"] || !strings.Contains(problems[0].Err.Error(), "syntax error") {
		t.Errorf("problems %+v, want the broken commit", problems)
	}
	for _, e := range events {
		if e.Commit == c["merge"] && e.Author != "Test Maintainer" {
			t.Errorf("merge event author %q", e.Author)
		}
		if e.Action == history.Vetted && e.Email == "grace@example.org" && e.Subject == "Vet grace again (#3)" {
			if e.Vetting == nil || e.Vetting.By != "ada@example.org" || e.Vetting.On != "2026-03-03" {
				t.Errorf("vetting of the event: %+v", e.Vetting)
			}
		}
	}
}

func TestHistoryFilters(t *testing.T) {
	t.Parallel()
	r, _ := scripted(t)
	ctx := context.Background()
	events, _, err := history.History(ctx, r.Dir, "lists.toml", history.Options{Member: "GRACE@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 4 {
		t.Errorf("--member: %d events %v", len(events), simplify(events))
	}
	// A +tag is the same mailbox: the edits find the entry by it, and
	// so does history.
	if tagged, _, err := history.History(ctx, r.Dir, "lists.toml", history.Options{Member: "grace+lists@example.org"}); err != nil || len(tagged) != 4 {
		t.Errorf("--member with a +tag: %v %v", err, simplify(tagged))
	}
	events, _, err = history.History(ctx, r.Dir, "lists.toml", history.Options{Lists: []string{"announce"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if e.Action != history.Vetted && e.List != "announce" {
			t.Errorf("--list announce gave %+v", e)
		}
	}
	// --since starts from the state before, so the first revision read
	// gives its own change, not everyone as added.
	events, _, err = history.History(ctx, r.Dir, "lists.toml", history.Options{LogOptions: history.LogOptions{Since: "2026-03-04"}})
	if err != nil {
		t.Fatal(err)
	}
	got := simplify(events)
	if len(got) == 0 || got[0].Subject != "Vet grace again (#3)" {
		t.Errorf("--since: %v", got)
	}
	events, _, err = history.History(ctx, r.Dir, "lists.toml", history.Options{LogOptions: history.LogOptions{Until: "2026-03-03"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := simplify(events); len(got) != 7 || got[6].Subject != "Add lin (#2)" {
		t.Errorf("--until: %v", got)
	}
}

func TestFileAtAndCompare(t *testing.T) {
	t.Parallel()
	r, c := scripted(t)
	ctx := context.Background()
	old, rev, err := history.FileAt(ctx, r.Dir, "lists.toml", "2026-03-03")
	if err != nil {
		t.Fatal(err)
	}
	if rev.Commit != c["lin"] || len(old.Members) != 3 {
		t.Fatalf("at 2026-03-03: %s, %d members", rev.Short(), len(old.Members))
	}
	cur, rev, err := history.FileAt(ctx, r.Dir, "lists.toml", c["merge"])
	if err != nil {
		t.Fatal(err)
	}
	if rev.Commit != c["merge"] {
		t.Errorf("at the merge: %s", rev.Short())
	}
	d := history.Compare(old, cur, nil, time.Time{})
	got := map[string][]string{}
	for _, l := range d {
		for _, m := range l.Added {
			got[l.List] = append(got[l.List], "+"+m.Email)
		}
		for _, m := range l.Removed {
			got[l.List] = append(got[l.List], "-"+m.Email)
		}
		for _, m := range l.RoleChanged {
			got[l.List] = append(got[l.List], "~"+m.Email+" "+string(m.PreviousRole)+">"+string(m.Role))
		}
	}
	want := map[string][]string{"announce": {"-lin@example.org"}, "reports": {"+zoe@example.org", "~grace@example.org member>owner"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("compare (-want +got):\n%s", diff)
	}
	if _, _, err := history.FileAt(ctx, r.Dir, "lists.toml", "2025-01-01"); err == nil || !strings.Contains(err.Error(), "did not exist") {
		t.Errorf("before the first commit: %v", err)
	}
	if _, _, err := history.FileAt(ctx, r.Dir, "lists.toml", c["broken"]); err == nil || !strings.Contains(err.Error(), "does not parse") {
		t.Errorf("at the broken commit: %v", err)
	}
}

func TestNotAGitRepository(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, _, err := history.History(context.Background(), dir, "members.toml", history.Options{})
	if err == nil || !strings.Contains(err.Error(), "not in a git repository") {
		t.Errorf("got %v", err)
	}
}

// renamedReports is a repository whose file lists ada and lin on reports
// ("Create"), then renames reports security-reports, same group, taking
// lin off in the same commit ("Rename reports, remove lin").
func renamedReports(t *testing.T) *historytest.Repo {
	t.Helper()
	r := historytest.New(t)
	ada := member("ada@example.org", `reports = "owner", announce = "owner"`)
	lin := member("lin@example.org", `reports = "member"`)
	r.Commit("members.toml", header+ada+lin, "Create")
	r.Commit("members.toml", renamedHeader+member("ada@example.org", `security-reports = "owner", announce = "owner"`), "Rename reports, remove lin")
	return r
}

// TestHistoryAcrossListRenames: a list renamed in the file (same
// address) is one list: its earlier events are named by its latest id,
// the rename itself moves no one, and a removal in the same commit is
// one event; --list takes the old id or the new, and diff pairs the two
// versions' lists by group too.
func TestHistoryAcrossListRenames(t *testing.T) {
	t.Parallel()
	r := renamedReports(t)
	ctx := context.Background()
	events, _, err := history.History(ctx, r.Dir, "members.toml", history.Options{Lists: []string{"security-reports"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []ev{
		{"Create", "added", "security-reports", "ada@example.org", "owner", ""},
		{"Create", "added", "security-reports", "lin@example.org", "member", ""},
		{"Rename reports, remove lin", "removed", "security-reports", "lin@example.org", "", "member"},
	}
	if diff := cmp.Diff(want, simplify(events)); diff != "" {
		t.Errorf("history --list security-reports (-want +got):\n%s", diff)
	}
	old, _, err := history.History(ctx, r.Dir, "members.toml", history.Options{Lists: []string{"reports"}})
	if err != nil || len(old) != len(events) {
		t.Errorf("history --list reports (the old id): %d events, %v", len(old), err)
	}
	from, _, err := history.FileAt(ctx, r.Dir, "members.toml", "HEAD~1")
	if err != nil {
		t.Fatal(err)
	}
	to, _, err := history.FileAt(ctx, r.Dir, "members.toml", "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range history.Compare(from, to, nil, time.Time{}) {
		switch d.List {
		case "security-reports":
			if len(d.Added) != 0 || len(d.Removed) != 1 || d.Removed[0].Email != "lin@example.org" {
				t.Errorf("diff of the renamed list: %+v", d)
			}
		case "announce":
			if !d.Empty() {
				t.Errorf("diff of announce: %+v", d)
			}
		default:
			t.Errorf("diff names a list %q", d.List)
		}
	}
}

// TestAGroupGoneIsNamedByTheIdListTakesForIt: reports is renamed
// security-reports (same group), then security-reports points at another
// group: the first group, which the file no longer has, is named on every
// event by the id --list takes for it (reports: security-reports names
// the other group's list now), never by the id of each event's own
// version, which would name it two ways and change an old event's label
// when a later commit lands (s29-auditor finding 3).
func TestAGroupGoneIsNamedByTheIdListTakesForIt(t *testing.T) {
	t.Parallel()
	r := renamedReports(t)
	r.Commit("members.toml", strings.Replace(renamedHeader, "security@example.org", "new@example.org", 1)+member("ada@example.org", `security-reports = "owner", announce = "owner"`), "Another group")
	events, _, err := history.History(context.Background(), r.Dir, "members.toml", history.Options{Lists: []string{"reports"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if e.Group == "security@example.org" && e.List != "reports" {
			t.Errorf("an event of the gone group named %q: %+v", e.List, e)
		}
	}
	if len(events) == 0 {
		t.Error("no events for --list reports")
	}
}
