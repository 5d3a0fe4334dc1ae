package history_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
	"github.com/roster-dev/roster/members"
)

// timelineRepo: a pull request merged days after its commit was made, a
// list renamed in the commit that promotes someone, an address change, a
// policy change and a vetting record, each landing on a day of its own.
func timelineRepo(t *testing.T) (*historytest.Repo, map[string]string) {
	r := historytest.New(t)
	c := map[string]string{}
	ada := member("ada@example.org", `reports = "owner", announce = "owner"`)
	grace := member("grace@example.org", `reports = "member"`)
	lin := member("lin@example.org", `announce = "member"`)
	zoe := member("zoe@example.org", `reports = "member"`)
	c["create"] = r.Commit("members.toml", header+ada+grace, "Create (#1)")   // 03-02
	c["lin"] = r.Commit("members.toml", header+ada+grace+lin, "Add lin (#2)") // 03-03
	r.Git("checkout", "-q", "-b", "pr")
	c["zoe"] = r.Commit("members.toml", header+ada+grace+lin+zoe, "Add zoe") // 03-04, on the branch
	r.Git("checkout", "-q", "main")
	c["other"] = r.Commit("other.txt", "x\n", "Unrelated (#3)") // 03-05
	r.Tick()
	r.Git("merge", "-q", "--no-ff", "-m", "Merge pull request #4", "pr") // 03-06
	c["merge"] = r.Git("rev-parse", "HEAD")
	adaR := member("ada@example.org", `security-reports = "owner", announce = "owner"`)
	graceR := member("grace@example.org", `security-reports = "owner"`)
	zoeR := member("zoe@example.org", `security-reports = "member"`)
	body := adaR + graceR + lin + zoeR
	c["rename"] = r.Commit("members.toml", renamedHeader+body, "Rename reports, promote grace (#5)") // 03-07
	news := strings.Replace(renamedHeader, "announce@example.org", "news@example.org", 1)
	c["address"] = r.Commit("members.toml", news+body, "Announce moves to news@ (#6)") // 03-08
	strict := strings.Replace(news, `vetting_methods = ["video-call"]`, `vetting_methods = ["video-call"]`+"\nwho_can_join = \"INVITED_CAN_JOIN\"", 1)
	c["policy"] = r.Commit("members.toml", strict+body, "Pin who can join (#7)") // 03-09
	linV := member("lin@example.org", `announce = "member"`, "ada@example.org@@2026-03-10")
	c["vet"] = r.Commit("members.toml", strict+adaR+graceR+linV+zoeR, "Vet lin (#8)") // 03-10
	return r, c
}

// onAt reads, through FileAt with a date, who was on which group.
func onAt(t *testing.T, dir, day string) map[string]string {
	t.Helper()
	f, _, err := history.FileAt(context.Background(), dir, "members.toml", day)
	if err != nil {
		if strings.Contains(err.Error(), "did not exist") {
			return map[string]string{}
		}
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, m := range f.Members {
		for _, ms := range m.Lists {
			if l := f.List(ms.List); l != nil {
				out[members.IdentityOf(l.Address)+" "+members.IdentityOf(m.Email)] = string(ms.Role)
			}
		}
	}
	return out
}

// TestTimelineAgreesWithFileAt: for every day, every group and member,
// Role says what the file read at the end of that day says.
func TestTimelineAgreesWithFileAt(t *testing.T) {
	t.Parallel()
	r, _ := timelineRepo(t)
	tl, err := history.ReadTimeline(context.Background(), r.Dir, "members.toml")
	if err != nil {
		t.Fatal(err)
	}
	groups := []string{"security@example.org", "announce@example.org", "news@example.org"}
	people := []string{"ada@example.org", "grace@example.org", "lin@example.org", "zoe@example.org"}
	for day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC); day.Before(time.Date(2026, 3, 13, 0, 0, 0, 0, time.UTC)); day = day.AddDate(0, 0, 1) {
		want := onAt(t, r.Dir, day.Format("2006-01-02"))
		end := day.Add(24*time.Hour - time.Second)
		for _, g := range groups {
			for _, p := range people {
				role, ok := tl.Role(strings.ToUpper(g), p, end)
				if w := want[g+" "+p]; string(role) != w || ok != (w != "") {
					t.Errorf("%s: %s on %s: %q %v, FileAt says %q", day.Format("01-02"), p, g, role, ok, w)
				}
			}
		}
		if covers := tl.Covers(end); covers != (day.Day() >= 2) {
			t.Errorf("%s: Covers %v", day.Format("01-02"), covers)
		}
	}
	// Landing, not authoring: zoe's commit was made on 03-04 and landed
	// with the merge on 03-06.
	if _, ok := tl.Role("security@example.org", "zoe@example.org", time.Date(2026, 3, 5, 23, 0, 0, 0, time.UTC)); ok {
		t.Error("zoe listed before her pull request landed")
	}
	if role, _ := tl.Role("security@example.org", "Grace@example.org", time.Date(2026, 3, 7, 12, 0, 0, 0, time.UTC)); role != members.RoleOwner {
		t.Errorf("grace after the rename and promotion: %q", role)
	}
}

// TestTimelineCherryPickLandsLate: a commit authored long before it was
// cherry-picked counts from when it landed, and a commit dated before
// its parent (a clock off) does not hide the ones before it.
func TestTimelineCherryPickLandsLate(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	ada := member("ada@example.org", `reports = "owner"`)
	lin := member("lin@example.org", `reports = "member"`)
	r.Commit("members.toml", header+ada, "Create") // 03-02
	r.Write("members.toml", header+ada+lin)
	r.Git("add", "members.toml")
	r.Tick()
	r.Tick()
	r.Git("commit", "-q", "--date=2026-01-15T12:00:00Z", "-m", "Add lin, authored in January") // lands 03-04
	tl, err := history.ReadTimeline(context.Background(), r.Dir, "members.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		at   string
		want bool
	}{{"2026-02-01T00:00:00Z", false}, {"2026-03-03T00:00:00Z", false}, {"2026-03-04T12:00:00Z", true}} {
		at, _ := time.Parse(time.RFC3339, tc.at)
		if _, ok := tl.Role("security@example.org", "lin@example.org", at); ok != tc.want {
			t.Errorf("lin at %s: %v", tc.at, ok)
		}
	}
	since, _ := time.Parse(time.RFC3339, "2026-03-03T00:00:00Z")
	if got := tl.ChangedSince(since); !got["security@example.org"] {
		t.Errorf("changed since 03-03: %v", got)
	}
}

func keys(m map[string]bool) []string {
	out := []string{}
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestChangedGroups: what an incremental run must read, by the commits
// that landed in the window and by the working copy.
func TestChangedGroups(t *testing.T) {
	t.Parallel()
	r, _ := timelineRepo(t)
	ctx := context.Background()
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }
	cur, err := os.ReadFile(filepath.Join(r.Dir, "members.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		since   time.Time
		current string
		want    []string
	}{
		{"everything since before the file", day(1), "", []string{"announce@example.org", "news@example.org", "security@example.org"}},
		{"a vetting record: the lists its member is on", day(10), "", []string{"news@example.org"}},
		{"a policy's settings: the lists under it", day(9), "", []string{"news@example.org", "security@example.org"}},
		{"an address: both groups", day(8), "", []string{"announce@example.org", "news@example.org", "security@example.org"}},
		{"a merge lands when merged, not when authored", day(6), "", []string{"announce@example.org", "news@example.org", "security@example.org"}},
		{"a window with nothing", day(11), "", []string{}},
		{"the working copy adds someone", day(11), string(cur) + member("kim@example.org", `security-reports = "member"`), []string{"security@example.org"}},
		{"the working copy changes a name", day(11), strings.Replace(string(cur), `email = "lin@example.org"`, "email = \"lin@example.org\"\nname = \"Lin\"", 1), []string{"news@example.org"}},
		{"the working copy as committed", day(11), string(cur), []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var current []byte
			if tc.current != "" {
				current = []byte(tc.current)
			}
			got, err := history.ChangedGroups(ctx, r.Dir, "members.toml", tc.since, current)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, keys(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// The merge's own window: zoe's commit was authored on 03-04 but only
	// the merge, on 03-06, changed the main line.
	tl, err := history.ReadTimeline(ctx, r.Dir, "members.toml")
	if err != nil {
		t.Fatal(err)
	}
	got := tl.ChangedSince(day(6).Add(-time.Second))
	if !got["security@example.org"] {
		t.Errorf("since the merge: %v", keys(got))
	}
	if _, err := history.ChangedGroups(ctx, r.Dir, "members.toml", day(1), []byte("schema = 1\n[[member]\n")); err == nil {
		t.Error("a working copy that does not parse")
	}
}

// TestTimelineListRenameKeepsRoles: a list renamed in the file, in a
// plain commit or through a merge, is the same group, with the same
// members: nothing for an incremental run to read.
func TestTimelineListRenameKeepsRoles(t *testing.T) {
	t.Parallel()
	for _, viaMerge := range []bool{false, true} {
		r := historytest.New(t)
		ada := member("ada@example.org", `reports = "owner"`)
		r.Commit("members.toml", header+ada, "Create")
		if viaMerge {
			r.Git("checkout", "-q", "-b", "pr")
		}
		r.Commit("members.toml", renamedHeader+member("ada@example.org", `security-reports = "owner"`), "Rename")
		if viaMerge {
			r.Git("checkout", "-q", "main")
			r.Tick()
			r.Git("merge", "-q", "--no-ff", "-m", "Merge the rename", "pr")
		}
		tl, err := history.ReadTimeline(context.Background(), r.Dir, "members.toml")
		if err != nil {
			t.Fatal(err)
		}
		for d := 2; d < 8; d++ {
			at := time.Date(2026, 3, d, 23, 0, 0, 0, time.UTC)
			if role, ok := tl.Role("security@example.org", "ada@example.org", at); !ok || role != members.RoleOwner {
				t.Errorf("merge %v, 03-%02d: %q %v", viaMerge, d, role, ok)
			}
		}
		// Nothing changed on the group: an hourly run need not read it.
		if got := tl.ChangedSince(time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)); len(got) != 0 {
			t.Errorf("merge %v: the rename changed %v", viaMerge, keys(got))
		}
	}
}

// TestEveryVersionIsAskedOfRoleChanges: bob on the list, off it, and
// back, in three commits of one second: EverOmitted and EverGave ask
// every version, as no question by date can (the three land at once).
func TestEveryVersionIsAskedOfRoleChanges(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	ada := member("ada@example.org", `reports = "owner"`)
	commit := func(content, subject string) {
		r.Write("members.toml", content)
		r.Git("add", "members.toml")
		r.Git("commit", "-q", "-m", subject)
	}
	commit(header+ada+member("bob@example.org", `reports = "member"`), "bob on")
	commit(header+ada, "bob off")
	commit(header+ada+member("bob@example.org", `reports = "owner"`), "bob back as owner")
	tl, err := history.ReadTimeline(context.Background(), r.Dir, "members.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !tl.EverOmitted("security@example.org", "bob@example.org") || tl.EverOmitted("security@example.org", "ada@example.org") {
		t.Errorf("EverOmitted: bob %t, ada %t; want true, false", tl.EverOmitted("security@example.org", "bob@example.org"), tl.EverOmitted("security@example.org", "ada@example.org"))
	}
	if !tl.EverGave("security@example.org", "bob@example.org", "MEMBER") || !tl.EverGave("security@example.org", "bob@example.org", "OWNER") || tl.EverGave("security@example.org", "ada@example.org", "MEMBER") {
		t.Errorf("EverGave does not see every version")
	}
}

// TestChangedSinceDatesAsLeftAtDoes: a commit dated now that takes carol
// off, followed on the line by commits dated days earlier (a clock
// skewed, git am --committer-date-is-author-date), landed by the day of
// the earliest of them, as every answer of the timeline says: the
// window that LeftAt puts carol's departure out of is one ChangedSince
// puts the list's change out of too, so that an incremental run never
// reads a list for a change it then counts as older than its window.
func TestChangedSinceDatesAsLeftAtDoes(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	r.Commit("members.toml", header+member("ada@example.org", `reports = "owner"`)+member("carol@example.org", `reports = "member"`), "Create")
	commitAt(t, r, "members.toml", header+member("ada@example.org", `reports = "owner"`), "Take carol off", "2026-03-20T12:00:00Z")
	commitAt(t, r, "NOTES", "a\n", "A note, dated earlier", "2026-03-10T12:00:00Z")
	commitAt(t, r, "NOTES", "b\n", "Another", "2026-03-10T13:00:00Z")
	tl, err := history.ReadTimeline(context.Background(), r.Dir, "members.toml")
	if err != nil {
		t.Fatal(err)
	}
	since := time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	left, ok := tl.LeftAt("security@example.org", "carol@example.org")
	if !ok {
		t.Fatal("carol is listed still")
	}
	inWindow := !left.Before(since)
	if changed := tl.ChangedSince(since)["security@example.org"]; changed != inWindow {
		t.Errorf("ChangedSince says the list changed in the window: %v; LeftAt dates carol's departure %s, in the window: %v", changed, left, inWindow)
	}
}

// TestChangedGroupsReadsWhatAVerdictReads: an entry's change marks its
// groups for an incremental run only where a verdict can read it (a
// required field given or emptied, the GitHub handle records name them
// by, a record's vetter, date or method); a name respelled, an
// affiliation or a note reworded, evidence added, cost no read, by a
// commit in the window as by the working copy.
func TestChangedGroupsReadsWhatAVerdictReads(t *testing.T) {
	t.Parallel()
	ada := "\n[[member]]\nemail = \"ada@example.org\"\nname = \"Ada\"\ngithub = \"ada-x\"\naffiliation = \"Example\"\nlists = { reports = \"owner\" }\n"
	lin := "\n[[member]]\nemail = \"lin@example.org\"\nname = \"Lin\"\nlists = { announce = \"member\" }\n" +
		"\n  [[member.vetting]]\n  by = \"ada-x\"\n  on = 2026-03-01\n  method = \"video-call\"\n  note = \"Met at the summit.\"\n"
	base := header + ada + lin
	for _, tc := range []struct {
		name, from, to string
		want           []string
	}{
		{"a name respelled", `name = "Ada"`, `name = "Ada L."`, []string{}},
		{"an affiliation changed", `affiliation = "Example"`, `affiliation = "Example Corp"`, []string{}},
		{"a note reworded", `note = "Met at the summit."`, `note = "Met at the 2025 summit."`, []string{}},
		{"evidence added", `note = "Met at the summit."`, "note = \"Met at the summit.\"\n  evidence = \"https://example.org/x\"", []string{}},
		{"a name taken out", "name = \"Lin\"\n", "", []string{"announce@example.org"}},
		{"a handle changed", `github = "ada-x"`, `github = "ada-y"`, []string{"security@example.org"}},
		{"a handle's case changed", `github = "ada-x"`, `github = "Ada-X"`, []string{}},
		{"a record's vetter", `by = "ada-x"`, `by = "ada@example.org"`, []string{"announce@example.org"}},
		{"a record's date", `on = 2026-03-01`, `on = 2026-03-02`, []string{"announce@example.org"}},
		{"a record's method", `method = "video-call"` + "\n  note", `method = "in-person"` + "\n  note", []string{"announce@example.org"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			changed := strings.Replace(base, tc.from, tc.to, 1)
			if changed == base {
				t.Fatalf("%q is not in the file", tc.from)
			}
			r := historytest.New(t)
			r.Commit("members.toml", base, "Start")
			got, err := history.ChangedGroups(context.Background(), r.Dir, "members.toml", r.Date().Add(time.Hour), []byte(changed))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, keys(got)); diff != "" {
				t.Errorf("the working copy (-want +got):\n%s", diff)
			}
			since := r.Date().Add(time.Hour)
			r.Commit("members.toml", changed, "Change")
			if got, err = history.ChangedGroups(context.Background(), r.Dir, "members.toml", since, nil); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, keys(got)); diff != "" {
				t.Errorf("a commit in the window (-want +got):\n%s", diff)
			}
		})
	}
}

// TestChangedSinceCountsEitherReadingOfACommit: a commit made and dated
// now (x added), followed by a tip whose clock is days slow (y added).
// The line's dates read two ways: x honest and the tip backdated, or x's
// clock fast. An incremental run reads the list whichever is true: the
// fast-clock reading alone put both additions out of every window.
func TestChangedSinceCountsEitherReadingOfACommit(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	now := time.Now().UTC()
	at := func(d time.Duration) string { return now.Add(-d).Format(time.RFC3339) }
	commitAt(t, r, "members.toml", header+member("ada@example.org", `reports = "owner"`), "Create", at(72*time.Hour))
	commitAt(t, r, "members.toml", header+member("ada@example.org", `reports = "owner"`)+member("x@example.org", `reports = "member"`), "Add x", at(10*time.Minute))
	commitAt(t, r, "members.toml", header+member("ada@example.org", `reports = "owner"`)+member("x@example.org", `reports = "member"`)+member("y@example.org", `reports = "member"`), "Add y, clock slow", at(71*time.Hour))
	tl, err := history.ReadTimeline(context.Background(), r.Dir, "members.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !tl.ChangedSince(now.Add(-2 * time.Hour))["security@example.org"] {
		t.Errorf("a commit dated ten minutes ago is out of a two-hour window: %v", tl.ChangedSince(now.Add(-2*time.Hour)))
	}

	// A tip alone dated before its parent (a slow clock, or made days
	// ago and pushed now) may have landed as late as now, for ever: not
	// in every hourly window until the next commit.
	q := historytest.New(t)
	commitAt(t, q, "members.toml", header+member("ada@example.org", `reports = "owner"`), "Create", at(30*24*time.Hour))
	commitAt(t, q, "members.toml", header+member("ada@example.org", `reports = "owner"`)+member("x@example.org", `reports = "member"`), "Add x", at(20*24*time.Hour))
	commitAt(t, q, "members.toml", header+member("ada@example.org", `reports = "owner"`)+member("x@example.org", `reports = "member"`)+member("y@example.org", `reports = "member"`), "Add y, clock slow", at(25*24*time.Hour))
	if tl, err = history.ReadTimeline(context.Background(), q.Dir, "members.toml"); err != nil {
		t.Fatal(err)
	}
	if got := tl.ChangedSince(now.Add(-2 * time.Hour)); len(got) != 0 {
		t.Errorf("a slow tip is in a two-hour window: %v", got)
	}
}
