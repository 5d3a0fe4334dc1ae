package history_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/members"
)

// elFile is a file of one list, el (el@example.org, its id given), whose
// policy has a cap (none for 0) and a vetted_by, and of entries as given.
func elFile(id string, limit int, vettedBy string, entries ...string) string {
	capped := ""
	if limit > 0 {
		// max_members = 0 would allow nobody, which sync refuses whole.
		capped = fmt.Sprintf("max_members = %d\n", limit)
	}
	return fmt.Sprintf("schema = 1\n\n[lists.%s]\naddress = \"el@example.org\"\npolicy = \"p\"\n\n[policies.p]\n%svetting_methods = [\"video-call\"]\nvetted_by = %q\n", id, capped, vettedBy) +
		strings.Join(entries, "")
}

// elEntry is an entry on el (by the id el) with a role, a GitHub handle
// ("" for none) and records "by@@date".
func elEntry(name, role, github string, records ...string) string {
	s := fmt.Sprintf("\n[[member]]\nemail = \"%s@example.org\"\n", name)
	if github != "" {
		s += fmt.Sprintf("github = %q\n", github)
	}
	s += fmt.Sprintf("lists = { el = %q }\n", role)
	for _, r := range records {
		by, on, _ := strings.Cut(r, "@@")
		s += fmt.Sprintf("\n  [[member.vetting]]\n  by = %q\n  on = %s\n  method = \"video-call\"\n", by, on)
	}
	return s
}

// TestVersionsAreEveryCommitOfTheFile: with Options.Versions, History
// gives every version of the file that parsed, also those that changed
// no membership (a list renamed, a cap changed, the file moved), each
// with its list's cap then; with the problems they are the commits git
// log --first-parent --follow counts. Only additions carry their
// version, and never in JSON; without the option none does.
func TestVersionsAreEveryCommitOfTheFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := historytest.New(t)
	ada := elEntry("ada", "owner", "", "grace@example.org@@2026-03-01")
	bob := strings.Replace(elEntry("bob", "member", "", "ada@example.org@@2026-03-01"), "el =", "ell =", 1)
	joinedAda := r.Commit("members.toml", elFile("el", 100, "owner", ada), "Create el")
	r.Commit("members.toml", strings.Replace(elFile("ell", 100, "owner", ada), "el =", "ell =", 1), "Rename el to ell")
	r.Commit("members.toml", strings.Replace(elFile("ell", 5, "owner", ada), "el =", "ell =", 1), "Lower the cap")
	r.Commit("members.toml", "schema = [", "Break the file")
	joinedBob := r.Commit("members.toml", strings.Replace(elFile("ell", 5, "owner", ada), "el =", "ell =", 1)+bob, "Add bob")
	r.Tick()
	r.Git("mv", "members.toml", "team.toml")
	r.Git("commit", "-q", "-m", "Move the file")

	group := members.IdentityOf("el@example.org")
	type ver struct {
		Date string
		Cap  int
	}
	for _, tc := range []struct {
		name  string
		until string
		want  []ver
	}{
		{"the whole history", "", []ver{{"2026-03-02", 100}, {"2026-03-03", 100}, {"2026-03-04", 5}, {"2026-03-06", 5}, {"2026-03-07", 5}}},
		{"until a day", "2026-03-04", []ver{{"2026-03-02", 100}, {"2026-03-03", 100}, {"2026-03-04", 5}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var versions []*history.Version
			events, problems, err := history.History(ctx, r.Dir, "team.toml", history.Options{
				LogOptions: history.LogOptions{Until: tc.until},
				Versions:   func(vs []*history.Version) { versions = vs },
			})
			if err != nil {
				t.Fatal(err)
			}
			var got []ver
			for _, v := range versions {
				limit, listed := v.Cap(group)
				if !listed {
					t.Errorf("%s: no list of el", v.Commit)
				}
				got = append(got, ver{v.Date.UTC().Format(members.DateLayout), limit})
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("versions (-want +got):\n%s", diff)
			}
			if tc.until == "" {
				line := strings.Fields(r.Git("log", "--first-parent", "--follow", "--format=%H", "--", "team.toml"))
				if n := len(versions) + len(problems); n != len(line) || len(line) != 6 {
					t.Errorf("%d versions and %d problems, git log counts %d commits", len(versions), len(problems), len(line))
				}
			}
			for _, e := range events {
				switch {
				case e.Action != history.Added && e.Version != nil:
					t.Errorf("%s %s carries a version", e.Action, e.Email)
				case e.Action == history.Added && (e.Version == nil || e.Version.Commit != e.Commit):
					t.Errorf("the addition of %s in %s does not carry its version (%v)", e.Email, e.Commit, e.Version)
				}
			}
			if len(events) == 0 || events[0].Commit != joinedAda || tc.until == "" && events[len(events)-1].Commit != joinedBob {
				t.Errorf("events: %v", simplify(events))
			}
			data, err := json.Marshal(events[0])
			if err != nil || strings.Contains(strings.ToLower(string(data)), "version") {
				t.Errorf("an event in JSON: %s %v", data, err)
			}
		})
	}
	events, _, err := history.History(ctx, r.Dir, "team.toml", history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if e.Version != nil {
			t.Errorf("read without Options.Versions, %s %s carries a version", e.Action, e.Email)
		}
	}
}

// TestVersionAdmittingJudgesByTheFileThen: the record that admitted
// someone is judged by the version they joined in (the list's policy
// and its vetters' roles and handles then, the records dated by then),
// whatever the file says later.
func TestVersionAdmittingJudgesByTheFileThen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	old := "zed@example.org@@2026-01-01" // by someone on no list
	for _, tc := range []struct {
		name  string
		files []string // committed a day apart; dan joins in the second
		want  string   // "by on", "" for none
	}{
		{"by the roles its vetters had then", []string{
			elFile("el", 0, "owner", elEntry("anna", "owner", "", old), elEntry("bob", "owner", "", old), elEntry("carl", "member", "", old)),
			elFile("el", 0, "owner", elEntry("anna", "owner", "", old), elEntry("bob", "owner", "", old), elEntry("carl", "member", "", old),
				elEntry("dan", "member", "", "carl@example.org@@2026-03-02", "bob@example.org@@2026-03-01")),
			elFile("el", 0, "owner", elEntry("anna", "owner", "", old), elEntry("bob", "member", "", old), elEntry("carl", "owner", "", old),
				elEntry("dan", "member", "", "carl@example.org@@2026-03-02", "bob@example.org@@2026-03-01")),
		}, "bob@example.org 2026-03-01"},
		{"by the policy then", []string{
			elFile("el", 0, "member", elEntry("carl", "member", "", old)),
			elFile("el", 0, "member", elEntry("carl", "member", "", old), elEntry("dan", "member", "", "carl@example.org@@2026-03-01", "zed@example.org@@2026-03-02")),
			elFile("el", 0, "owner", elEntry("carl", "member", "", old), elEntry("dan", "member", "", "carl@example.org@@2026-03-01", "zed@example.org@@2026-03-02")),
		}, "carl@example.org 2026-03-01"},
		{"by the handle a vetter had then", []string{
			elFile("el", 0, "owner", elEntry("bob", "owner", "bob-gh", old), elEntry("carl", "member", "", old)),
			elFile("el", 0, "owner", elEntry("bob", "owner", "bob-gh", old), elEntry("carl", "member", "", old),
				elEntry("dan", "member", "", "bob-gh@@2026-03-01", "carl@example.org@@2026-03-02")),
			elFile("el", 0, "owner", elEntry("bob", "owner", "bob-new", old), elEntry("carl", "member", "", old), elEntry("bobby", "member", "bob-gh", old),
				elEntry("dan", "member", "", "bob-gh@@2026-03-01", "carl@example.org@@2026-03-02")),
		}, "bob-gh 2026-03-01"},
		{"a record dated after the join is not known then", []string{
			elFile("el", 0, "owner", elEntry("anna", "owner", "", old), elEntry("bob", "owner", "", old)),
			elFile("el", 0, "owner", elEntry("anna", "owner", "", old), elEntry("bob", "owner", "", old),
				elEntry("dan", "member", "", "anna@example.org@@2026-03-01", "bob@example.org@@2026-03-20")),
		}, "anna@example.org 2026-03-01"},
		{"a record of their own admits nobody", []string{
			elFile("el", 0, "owner", elEntry("anna", "owner", "", old)),
			elFile("el", 0, "owner", elEntry("anna", "owner", "", old), elEntry("dan", "owner", "", "anna@example.org@@2026-03-01", "dan@example.org@@2026-03-02")),
		}, "anna@example.org 2026-03-01"},
		{"none qualifies: none is named", []string{
			elFile("el", 0, "owner", elEntry("carl", "member", "", old)),
			elFile("el", 0, "owner", elEntry("carl", "member", "", old), elEntry("dan", "member", "", "zed@example.org@@2026-03-02", "carl@example.org@@2026-03-01")),
		}, ""},
		{"no record", []string{
			elFile("el", 0, "owner", elEntry("carl", "member", "", old)),
			elFile("el", 0, "owner", elEntry("carl", "member", "", old), elEntry("dan", "member", "")),
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := historytest.New(t)
			for i, f := range tc.files {
				r.Commit("members.toml", f, "Commit "+strconv.Itoa(i+1))
			}
			events, _, err := history.History(ctx, r.Dir, "members.toml", history.Options{Versions: func([]*history.Version) {}})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, e := range events {
				if e.Action != history.Added || e.Email != "dan@example.org" {
					continue
				}
				found = true
				y, m, d := e.Date.UTC().Date()
				rec := e.Version.Admitting(e, time.Date(y, m, d, 23, 59, 59, 0, time.UTC))
				got := ""
				if rec != nil {
					got = rec.By + " " + rec.On
				}
				if got != tc.want || e.Subject != "Commit 2" {
					t.Errorf("dan joined in %q admitted by %q, want %q", e.Subject, got, tc.want)
				}
			}
			if !found {
				t.Fatalf("dan never joined: %v", simplify(events))
			}
		})
	}
}

// TestVersionAdmittingJudgesEachListByItsOwn: dan joins three lists in
// one commit, with many records (an entry indexed for its size), each
// list with its own policy and owner. Each join names the record its
// own list's policy and owner admit, though one judgement of the entry
// serves all its joins.
func TestVersionAdmittingJudgesEachListByItsOwn(t *testing.T) {
	t.Parallel()
	file := `schema = 1

[lists.a]
address = "a@example.org"
policy = "calls"

[lists.b]
address = "b@example.org"
policy = "meets"

[lists.c]
address = "c@example.org"
policy = "calls"

[policies.calls]
vetting_methods = ["video-call"]
vetted_by = "owner"

[policies.meets]
vetting_methods = ["in-person"]
vetted_by = "owner"

[[member]]
email = "anna@example.org"
lists = { a = "owner" }

[[member]]
email = "bob@example.org"
lists = { b = "owner" }

[[member]]
email = "carl@example.org"
lists = { c = "owner", b = "member" }
`
	dan := "\n[[member]]\nemail = \"dan@example.org\"\nlists = { a = \"member\", b = \"member\", c = \"member\" }\n"
	rec := func(by, on, method string) string {
		return fmt.Sprintf("\n  [[member.vetting]]\n  by = %q\n  on = %s\n  method = %q\n", by, on, method)
	}
	// The newest of all (carl's in-person) admits to none: carl owns c,
	// whose policy wants a call, and is only a member of b.
	dan += rec("anna@example.org", "2026-03-01", "video-call") + rec("bob@example.org", "2026-03-02", "in-person") +
		rec("carl@example.org", "2026-03-03", "video-call") + rec("anna@example.org", "2026-02-01", "in-person")
	for i := range 8 {
		dan += rec("zed@example.org", fmt.Sprintf("2026-01-%02d", i+1), "video-call")
	}
	dan += rec("carl@example.org", "2026-03-04", "in-person")
	r := historytest.New(t)
	r.Commit("members.toml", file, "Commit 1")
	r.Commit("members.toml", file+dan, "Commit 2")
	events, _, err := history.History(context.Background(), r.Dir, "members.toml", history.Options{Versions: func([]*history.Version) {}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a": "anna@example.org 2026-03-01", "b": "bob@example.org 2026-03-02", "c": "carl@example.org 2026-03-03"}
	got := map[string]string{}
	for _, e := range events {
		if e.Action != history.Added || e.Email != "dan@example.org" {
			continue
		}
		if rec := e.Version.Admitting(e, time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)); rec != nil {
			got[e.List] = rec.By + " " + rec.On
		} else {
			got[e.List] = "none"
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("admitted by %v, want %v", got, want)
	}
}

// TestVersionAdmittingJudgesABranchsJoinByTheLineItLandedOn: a pull
// request adds x and y, vetted by carl, an owner when it forked; y is
// taken off again inside it. Before it merges, main makes carl a plain
// member (vetted_by = "owner"), or drops the records' method from the
// policy. The joins land with the merge, and the file as it stood on
// the line then judges both alike: y's record, kept only on the branch,
// admits nobody either (s25-site finding 1).
func TestVersionAdmittingJudgesABranchsJoinByTheLineItLandedOn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	old := "zed@example.org@@2026-01-01"
	owners := elEntry("anna", "owner", "", old) + elEntry("bob", "owner", "", old)
	for _, tc := range []struct {
		name string
		main func(string) string // main's change while the branch is open
	}{
		{"the vetter is no owner by then", func(s string) string {
			return strings.Replace(s, elEntry("carl", "owner", "", old), elEntry("carl", "member", "", old), 1)
		}},
		{"the method is refused by then", func(s string) string {
			return strings.Replace(s, `vetting_methods = ["video-call"]`, `vetting_methods = ["in-person"]`, 1)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := historytest.New(t)
			base := elFile("el", 0, "owner", owners+elEntry("carl", "owner", "", old))
			r.Commit("members.toml", base, "The list")
			r.Git("checkout", "-q", "-b", "pr")
			x := elEntry("x", "member", "", "carl@example.org@@2026-03-02")
			y := elEntry("y", "member", "", "carl@example.org@@2026-03-02")
			r.Commit("members.toml", base+x+y, "Add x and y")
			r.Commit("members.toml", base+x, "Not y after all")
			r.Git("checkout", "-q", "main")
			r.Commit("members.toml", tc.main(base), "On main (#2)")
			r.Tick()
			r.Git("merge", "-q", "--no-ff", "-m", "Merge pull request #3 from pr", "pr")
			events, _, err := history.History(ctx, r.Dir, "members.toml", history.Options{Versions: func([]*history.Version) {}})
			if err != nil {
				t.Fatal(err)
			}
			joined := map[string]string{}
			for _, e := range events {
				if e.Action != history.Added || (e.Email != "x@example.org" && e.Email != "y@example.org") {
					continue
				}
				got := "none"
				if rec := e.Version.Admitting(e, e.Date); rec != nil {
					got = rec.By + " " + rec.On
				}
				joined[e.Email] = got
			}
			want := map[string]string{"x@example.org": "none", "y@example.org": "none"}
			if fmt.Sprint(joined) != fmt.Sprint(want) {
				t.Errorf("admitted by %v, want %v: %v", joined, want, simplify(events))
			}
		})
	}
}

// TestVersionAdmittingJudgesOnePersonsBranchJoinsAlike: a branch adds y
// to two lists in one commit, vetted by carl, an owner then, and takes y
// off again; main makes carl a plain member before the merge. Both
// joins land with the merge and are judged alike, by the line's file
// then: no record admitted y to either. A branch whose list the line
// renamed meanwhile (same group) is judged by the line's file too, its
// entry read by group in the line's ids.
func TestVersionAdmittingJudgesOnePersonsBranchJoinsAlike(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	file := func(ids [2]string, carl string, y bool) string {
		s := fmt.Sprintf("schema = 1\n\n[lists.%s]\naddress = \"a@example.org\"\npolicy = \"p\"\n\n[lists.%s]\naddress = \"b@example.org\"\npolicy = \"p\"\n\n[policies.p]\nvetting_methods = [\"video-call\"]\nvetted_by = \"owner\"\n", ids[0], ids[1])
		rec := "\n  [[member.vetting]]\n  by = %q\n  on = %s\n  method = \"video-call\"\n"
		for _, m := range []string{"anna", "bob"} {
			s += fmt.Sprintf("\n[[member]]\nemail = \"%s@example.org\"\nlists = { %s = \"owner\", %s = \"owner\" }\n", m, ids[0], ids[1]) + fmt.Sprintf(rec, "zed@example.org", "2026-01-01")
		}
		s += fmt.Sprintf("\n[[member]]\nemail = \"carl@example.org\"\nlists = { %s = %q, %s = %q }\n", ids[0], carl, ids[1], carl) + fmt.Sprintf(rec, "zed@example.org", "2026-01-01")
		if y {
			s += fmt.Sprintf("\n[[member]]\nemail = \"y@example.org\"\nlists = { %s = \"member\", %s = \"member\" }\n", ids[0], ids[1]) + fmt.Sprintf(rec, "carl@example.org", "2026-03-02")
		}
		return s
	}
	ab, renamed := [2]string{"a", "b"}, [2]string{"sec", "b"}
	for _, tc := range []struct {
		name string
		main string // main's file while the branch is open
		carl string // carl's role on the branch
		want string // who admitted y, on both lists
	}{
		{"the vetter demoted on main", file(ab, "member", false), "owner", "none"},
		{"a list renamed on main, the vetter an owner", file(renamed, "owner", false), "owner", "carl@example.org"},
		{"a list renamed on main, the vetter no owner", file(renamed, "member", false), "member", "none"},
		// Renamed and its method refused on main: the line's file at
		// the merge judges, by the list's group.
		{"a list renamed on main, the method refused there", strings.Replace(file(renamed, "owner", false), `vetting_methods = ["video-call"]`, `vetting_methods = ["in-person"]`, 1), "owner", "none"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := historytest.New(t)
			r.Commit("members.toml", file(ab, tc.carl, false), "The lists")
			r.Git("checkout", "-q", "-b", "pr")
			r.Commit("members.toml", file(ab, tc.carl, true), "Add y")
			r.Commit("members.toml", file(ab, tc.carl, false), "Not y after all")
			r.Git("checkout", "-q", "main")
			r.Commit("members.toml", tc.main, "On main (#2)")
			r.Tick()
			r.Git("merge", "-q", "--no-ff", "-m", "Merge pull request #3 from pr", "pr")
			events, _, err := history.History(ctx, r.Dir, "members.toml", history.Options{Versions: func([]*history.Version) {}})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, e := range events {
				if e.Action != history.Added || e.Email != "y@example.org" {
					continue
				}
				who := "none"
				if rec := e.Version.Admitting(e, e.Date); rec != nil {
					who = rec.By
				}
				got[e.Group] = who
			}
			if len(got) != 2 {
				t.Fatalf("y joined %v: %v", got, simplify(events))
			}
			for g, who := range got {
				if who != tc.want {
					t.Errorf("y's join of %s admitted by %s, want %s", g, who, tc.want)
				}
			}
		})
	}
}
