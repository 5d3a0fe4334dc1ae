package history_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// rewritten is a member written as tables, keys reversed: a file of
// them shares too little text with one written by member for git to
// call a move of it a rename.
func rewritten(email, list, role string) string {
	return "\n# " + strings.Repeat("-", 40) + "\n[[member]]\n  # address\n  email = \"" + email + "\"\n  [member.lists]\n  " + list + " = \"" + role + "\"\n"
}

// TestFileMovedAsDeleteAndAdd: a commit that deletes the members file
// and adds it elsewhere, rewritten (git sees no rename), continues the
// file: every version before the move is read under its old name, by
// Log, FileAt (a commit, a date), Base, History and ListedByGroup.
// A file deleted in the same commit that had none of the new file's
// groups is not where it came from.
func TestFileMovedAsDeleteAndAdd(t *testing.T) {
	t.Parallel()
	ada := member("ada@example.org", `reports = "owner", announce = "owner"`)
	bob := member("bob@example.org", `reports = "member"`)
	carol := member("carol@example.org", `reports = "member"`)
	ctx := context.Background()

	r := historytest.New(t)
	r.Commit("unrelated.toml", "[package]\nname = \"x\"\n", "Another toml file")
	before := r.Commit("members.toml", header+ada+bob+carol, "Create (#1)")
	r.Tick()
	r.Git("rm", "-q", "members.toml", "unrelated.toml")
	r.Write("config/roster.toml", "# The lists\n"+header+rewritten("ada@example.org", "reports", "owner")+rewritten("bob@example.org", "reports", "member"))
	r.Git("add", "config/roster.toml")
	r.Git("commit", "-q", "-m", "Move to config/roster.toml, without carol (#2)")
	if st := r.Git("show", "-M", "--name-status", "--format=", "HEAD"); strings.Contains(st, "R") {
		t.Fatalf("git sees a rename; the test needs a deletion and an addition:\n%s", st)
	}
	dir := filepath.Join(r.Dir, "config")

	revs, err := history.Log(ctx, dir, "roster.toml")
	if err != nil || len(revs) != 2 || revs[0].Path != "members.toml" || revs[0].Commit != before {
		t.Fatalf("Log: %v %+v", err, revs)
	}
	day := revs[0].Date.UTC().Format("2006-01-02")
	for _, rev := range []string{"HEAD~1", before, before[:10], day} {
		f, at, err := history.FileAt(ctx, dir, "roster.toml", rev)
		if err != nil || at.Commit != before || len(f.MembersOf("reports")) != 3 {
			t.Errorf("FileAt %s: %v %s %v", rev, err, at.Short(), emails(f))
		}
		if _, at, err := history.Base(ctx, dir, "roster.toml", nil, rev); err != nil || at.Commit != before {
			t.Errorf("Base %s: %v %s", rev, err, at.Short())
		}
	}
	events, _, err := history.History(ctx, dir, "roster.toml", history.Options{Lists: []string{"reports"}})
	var removed []string
	for _, e := range events {
		if e.Action == history.Removed {
			removed = append(removed, e.Email+" "+e.Subject)
		}
	}
	if err != nil || len(events) != 4 || len(removed) != 1 || removed[0] != "carol@example.org Move to config/roster.toml, without carol (#2)" {
		t.Errorf("History: %v %v", err, simplify(events))
	}
	listed, err := history.ListedByGroup(ctx, dir, "roster.toml")
	want := map[string]string{"ada@example.org": "listed", "bob@example.org": "listed", "carol@example.org": "removed: Move to config/roster.toml, without carol (#2)"}
	if diff := cmp.Diff(want, listedState(t, listed)["security@example.org"]); err != nil || diff != "" {
		t.Errorf("ListedByGroup: %v (-want +got):\n%s", err, diff)
	}

	// A file created in the commit that deletes an unrelated one is new.
	r2 := historytest.New(t)
	r2.Commit("teams.toml", strings.Replace(teamsHeader, "SECURITY@", "other@", 1)+carol, "Teams")
	r2.Tick()
	r2.Git("rm", "-q", "teams.toml")
	r2.Write("members.toml", header+ada)
	r2.Git("add", "members.toml")
	r2.Git("commit", "-q", "-m", "Create the members file, drop the teams")
	if revs, err := history.Log(ctx, r2.Dir, "members.toml"); err != nil || len(revs) != 1 {
		t.Errorf("Log of a new file: %v %+v", err, revs)
	}
	if _, _, err := history.FileAt(ctx, r2.Dir, "members.toml", "HEAD~1"); err == nil || !strings.Contains(err.Error(), "did not exist") {
		t.Errorf("FileAt before a new file: %v", err)
	}
}

// TestListMovedOutAndBack: a list moved out of the members file into
// another in one commit, and back in one commit, is one list all along:
// what happened to it in the other file in between is its history, the
// moves change only what they change, and ListedByGroup names the last
// removal on the line, whatever the dates say.
func TestListMovedOutAndBack(t *testing.T) {
	t.Parallel()
	ada := member("ada@example.org", `reports = "owner"`, "grace@example.org@@2026-01-01")
	bob := member("bob@example.org", `reports = "member"`, "ada@example.org@@2026-01-01")
	bobOwner := member("bob@example.org", `reports = "owner"`, "ada@example.org@@2026-01-01")
	carol := member("carol@example.org", `reports = "member"`, "ada@example.org@@2026-01-01")
	erin := member("erin@example.org", `reports = "member"`, "ada@example.org@@2026-02-01")
	noReports := strings.Replace(header, "[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n\n", "", 1)
	dan := member("dan@example.org", `announce = "member"`)
	for _, tc := range []struct {
		name   string
		build  func(r *historytest.Repo, commit func(subject string, files ...string))
		events []string
		listed map[string]string
	}{
		{"moved out and back, without carol", func(r *historytest.Repo, commit func(string, ...string)) {
			commit("Out", "other.toml", teamsHeader+ada+bob+carol, "members.toml", noReports+dan)
			commit("Back without carol", "members.toml", header+dan+ada+bob, "other.toml", "schema = 1\n")
		}, []string{"Back without carol removed carol@example.org"},
			map[string]string{"ada@example.org": "listed", "bob@example.org": "listed", "carol@example.org": "removed: Back without carol (other file)"}},
		{"changed while in the other file", func(r *historytest.Repo, commit func(string, ...string)) {
			commit("Out", "other.toml", teamsHeader+ada+bob+carol, "members.toml", noReports+dan)
			commit("Add erin there", "other.toml", teamsHeader+ada+bob+carol+erin)
			commit("Remove carol there", "other.toml", teamsHeader+ada+bob+erin)
			commit("Promote bob there", "other.toml", teamsHeader+ada+bobOwner+erin)
			r.Git("rm", "-q", "other.toml")
			commit("Back", "members.toml", header+dan+ada+bobOwner+erin)
		}, []string{"Add erin there added erin@example.org", "Add erin there vetted erin@example.org", "Remove carol there removed carol@example.org",
			"Promote bob there role_changed bob@example.org"},
			map[string]string{"ada@example.org": "listed", "bob@example.org": "listed", "erin@example.org": "listed", "carol@example.org": "removed: Remove carol there (other file)"}},
		{"changed by the move out", func(r *historytest.Repo, commit func(string, ...string)) {
			commit("Out, bob promoted, carol dropped", "other.toml", teamsHeader+ada+bobOwner, "members.toml", noReports+dan)
			commit("Back", "members.toml", header+dan+ada+bobOwner, "other.toml", "schema = 1\n")
		}, []string{"Out, bob promoted, carol dropped role_changed bob@example.org", "Out, bob promoted, carol dropped removed carol@example.org"},
			map[string]string{"ada@example.org": "listed", "bob@example.org": "listed", "carol@example.org": "removed: Out, bob promoted, carol dropped"}},
		{"moved out for good: the members file took them off", func(r *historytest.Repo, commit func(string, ...string)) {
			commit("Out", "other.toml", teamsHeader+ada+bob+carol, "members.toml", noReports+dan)
		}, []string{"Out removed ada@example.org", "Out removed bob@example.org", "Out removed carol@example.org"},
			map[string]string{"ada@example.org": "removed: Out", "bob@example.org": "removed: Out", "carol@example.org": "removed: Out"}},
	} {
		for _, sameSecond := range []bool{false, true} {
			name := tc.name
			if sameSecond {
				name += ", in the same second"
			}
			t.Run(name, func(t *testing.T) {
				r := historytest.New(t)
				commit := func(subject string, files ...string) {
					if !sameSecond {
						r.Tick()
					}
					for i := 0; i+1 < len(files); i += 2 {
						r.Write(files[i], files[i+1])
						r.Git("add", files[i])
					}
					r.Git("commit", "-q", "-m", subject)
				}
				commit("Create", "members.toml", header+dan+ada+bob+carol)
				tc.build(r, commit)
				ctx := context.Background()
				events, problems, err := history.History(ctx, r.Dir, "members.toml", history.Options{Lists: []string{"reports"}})
				if err != nil || len(problems) > 0 {
					t.Fatal(err, problems)
				}
				var got []string
				for _, e := range events {
					if e.Subject != "Create" {
						got = append(got, e.Subject+" "+string(e.Action)+" "+e.Email)
					}
				}
				if diff := cmp.Diff(tc.events, got); diff != "" {
					t.Errorf("History after Create (-want +got):\n%s", diff)
				}
				for i := 1; i < len(events); i++ {
					if events[i].Date.Before(events[i-1].Date) {
						t.Errorf("History goes back in time: %v then %v", events[i-1], events[i])
					}
				}
				listed, err := history.ListedByGroup(ctx, r.Dir, "members.toml")
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tc.listed, listedState(t, listed)["security@example.org"]); diff != "" {
					t.Errorf("ListedByGroup (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// TestLogOfAFileNeverCommitted: following moves does not make a file
// that no commit has tracked.
func TestLogOfAFileNeverCommitted(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	r.Commit("members.toml", header, "Create")
	if _, err := history.Log(context.Background(), r.Dir, "other.toml"); !errors.Is(err, history.ErrUntracked) {
		t.Errorf("Log of an untracked file: %v", err)
	}
}

// TestFileMovedOnABranch: a branch that moved the file as a deletion and
// an addition (rewritten) is read under the name the file has there, and
// a branch that left before such a move on the current line under the
// name it had then.
func TestFileMovedOnABranch(t *testing.T) {
	t.Parallel()
	ada := member("ada@example.org", `reports = "owner", announce = "owner"`)
	bob := member("bob@example.org", `reports = "member"`)
	ctx := context.Background()
	r := historytest.New(t)
	r.Commit("members.toml", header+ada, "Create (#1)")
	r.Git("checkout", "-q", "-b", "mover")
	r.Tick()
	r.Git("rm", "-q", "members.toml")
	r.Write("config/roster.toml", "# The lists\n"+header+rewritten("ada@example.org", "reports", "owner")+rewritten("bob@example.org", "reports", "member"))
	r.Git("add", "config/roster.toml")
	r.Git("commit", "-q", "-m", "Move to config/, add bob")
	r.Git("checkout", "-q", "main")
	r.Git("checkout", "-q", "-b", "stayer")
	r.Commit("members.toml", header+ada+bob, "Add bob here")
	r.Git("checkout", "-q", "main")
	r.Tick()
	r.Git("rm", "-q", "members.toml")
	r.Write("sub/members.toml", "# Moved\n"+header+rewritten("ada@example.org", "reports", "owner"))
	r.Git("add", "sub/members.toml")
	r.Git("commit", "-q", "-m", "Move to sub/")

	dir := filepath.Join(r.Dir, "sub")
	for _, rev := range []string{"mover", "stayer"} {
		f, at, err := history.FileAt(ctx, dir, "members.toml", rev)
		if err != nil || len(f.MembersOf("reports")) != 2 {
			t.Errorf("FileAt %s: %v %s %v", rev, err, at.Path, emails(f))
		}
	}
}

// TestAMoveWithTwoCandidatesIsNotFollowed: a commit that adds the file
// and deletes two that each had one of its groups (the real one, and an
// example listing someone else) leaves which one it continues open: it
// follows neither, rather than let a name's order or a decoy's extra
// groups decide whom the file listed before.
func TestAMoveWithTwoCandidatesIsNotFollowed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := historytest.New(t)
	r.Commit("members.toml", header+member("ada@example.org", `reports = "owner"`)+member("bob@example.org", `reports = "member"`), "Create (#1)")
	r.Commit("examples/members.toml", header+member("ada@example.org", `reports = "owner"`)+member("mallory@example.org", `reports = "member"`), "An example (#2)")
	r.Tick()
	r.Git("rm", "-q", "members.toml", "examples/members.toml")
	r.Write("config/members.toml", "# The lists\n"+header+rewritten("ada@example.org", "reports", "owner")+rewritten("carol@example.org", "reports", "member"))
	r.Git("add", "config/members.toml")
	r.Git("commit", "-q", "-m", "Move, without bob (#3)")
	revs, err := history.Log(ctx, filepath.Join(r.Dir, "config"), "members.toml")
	if err != nil || len(revs) != 1 {
		t.Errorf("Log followed an ambiguous move: %v %+v", err, revs)
	}
}

// TestAFileMovedAwayAndBack: the file moved from its path to another
// (rewritten, so git sees no rename), changed there, and moved back: its
// history runs through the other path, and the versions there are read
// at their commits, not the path's older versions.
func TestAFileMovedAwayAndBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := historytest.New(t)
	r.Commit("members.toml", header+member("ada@example.org", `reports = "owner"`)+member("bob@example.org", `reports = "member"`), "Create (#1)")
	r.Tick()
	r.Git("rm", "-q", "members.toml")
	r.Write("config/members.toml", "# Moved\n"+header+rewritten("ada@example.org", "reports", "owner")+rewritten("bob@example.org", "reports", "member"))
	r.Git("add", "config/members.toml")
	r.Git("commit", "-q", "-m", "Move to config (#2)")
	r.Tick()
	away := r.Commit("config/members.toml", "# Moved\n"+header+rewritten("ada@example.org", "reports", "owner")+rewritten("frank@example.org", "reports", "member"), "bob off, frank on (#3)")
	r.Tick()
	r.Git("rm", "-q", "config/members.toml")
	r.Write("members.toml", header+member("ada@example.org", `reports = "owner"`)+member("erin@example.org", `reports = "member"`))
	r.Git("add", "members.toml")
	r.Git("commit", "-q", "-m", "Move back: frank off, erin on (#4)")
	revs, err := history.Log(ctx, r.Dir, "members.toml")
	if err != nil || len(revs) != 4 || revs[2].Commit != away || revs[2].Path != "config/members.toml" {
		t.Fatalf("Log: %v %+v", err, revs)
	}
	f, at, err := history.FileAt(ctx, r.Dir, "members.toml", "HEAD~1")
	if err != nil || at.Commit != away || !strings.Contains(strings.Join(emails(f), " "), "frank@example.org") {
		t.Errorf("FileAt HEAD~1: %v %s %v", err, at.Short(), emails(f))
	}
}

// TestModeAtInASubdirectory: the mode of a members file in a directory
// of the repository, asked from that directory (as roster runs git), is
// its mode, at a commit and in the index; a link there is refused.
func TestModeAtInASubdirectory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := historytest.New(t)
	r.Commit("config/members.toml", header, "Create (#1)")
	dir := filepath.Join(r.Dir, "config")
	for _, rev := range []string{"HEAD", ""} {
		if mode, err := history.ModeAt(ctx, dir, "members.toml", rev); err != nil || mode != "100644" {
			t.Errorf("ModeAt %q: %q, %v", rev, mode, err)
		}
	}
	r.Git("rm", "-q", "config/members.toml")
	r.Write("config/target.toml", header)
	if err := os.Symlink("target.toml", filepath.Join(dir, "members.toml")); err != nil {
		t.Fatal(err)
	}
	r.Git("add", "config")
	r.Git("commit", "-q", "-m", "A link (#2)")
	for _, rev := range []string{"HEAD", ""} {
		if err := history.CheckRegular(ctx, dir, "members.toml", rev); !errors.Is(err, history.ErrNotRegular) {
			t.Errorf("CheckRegular %q: %v", rev, err)
		}
	}
	// A directory on the path held as a link: no file there in git,
	// the link's target's in a checkout.
	r.Git("mv", "config", "real")
	if err := os.Symlink("real", filepath.Join(r.Dir, "config")); err != nil {
		t.Fatal(err)
	}
	r.Git("add", "config")
	r.Git("commit", "-q", "-m", "A linked directory (#3)")
	for _, rev := range []string{"HEAD", ""} {
		if err := history.CheckRegular(ctx, r.Dir, "config/target.toml", rev); !errors.Is(err, history.ErrNotRegular) || !strings.Contains(err.Error(), "reached through config") {
			t.Errorf("CheckRegular under a linked directory, %q: %v", rev, err)
		}
		if err := history.CheckRegular(ctx, r.Dir, "gone/target.toml", rev); !errors.Is(err, history.ErrNoFileAt) {
			t.Errorf("CheckRegular of nothing, %q: %v", rev, err)
		}
	}
}

// TestFoldedNamesOfDirectories: a members file under a directory whose
// name folds to its own (A/b beside a/b, NFD beside NFC) is found, as a
// folded file name is, and so are the names HFS+ (ignorable code points)
// and Windows (trailing dots and spaces, 8.3 short names) take for it;
// the file itself, a true .gitattributes, and names that only look alike
// are not.
func TestFoldedNamesOfDirectories(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, other := range []string{"A/b/members.toml", "a/B/members.toml", "a/b/Members.toml", "a/b/.GitAttributes", "A/.gitattributes", "caf\u0065\u0301/x",
		"a/b/members\u200c.toml", "a/b/\ufeffmembers.toml", "a/b/members.toml.", "a/b/members.toml ", "a/b/MEMBER~1.TOM", "a/b/member~2.tom", "a/b/ME3F2A~1.TOM",
		"a/b/GITATT~1", "a\u200d/b/members.toml", "A~1/b/members.toml",
		"a/b/members.tomlx", "a/b/other~1.tom", "a/b/members~1.txt", "a/c/members.toml"} {
		t.Run(other, func(t *testing.T) {
			r := historytest.New(t)
			r.Commit("a/b/members.toml", header, "Create (#1)")
			r.Commit(".gitattributes", "* text=auto\n", "Attributes (#2)")
			r.Commit("a/.gitattributes", "* text=auto\n", "Attributes (#3)")
			r.Commit(other, "x\n", "Another (#4)")
			all, err := history.FoldedNames(ctx, filepath.Join(r.Dir, "a", "b"), "HEAD", "members.toml")
			got := all["members.toml"]
			want := []string{other}
			switch other {
			case "caf\u0065\u0301/x", "a/b/members.tomlx", "a/b/other~1.tom", "a/b/members~1.txt", "a/c/members.toml":
				want = nil // another file altogether
			}
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("FoldedNames: %q, %v; want %q", got, err, want)
			}
		})
	}
}

// TestALinkInHistoryListsNobody: a version of the members file that git
// holds as a symbolic link, whose text parses as a file listing someone,
// is skipped by the walks as a version that does not parse: history does
// not say that person joined, and whom the file ever listed (which sync
// removes people by) does not count them.
func TestALinkInHistoryListsNobody(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := historytest.New(t)
	r.Commit("members.toml", header+member("ada@example.org", `reports = "owner"`), "Create (#1)")
	r.Tick()
	r.Git("rm", "-q", "members.toml")
	// The link's text is a whole members file naming mallory.
	target := header + member("ada@example.org", `reports = "owner"`) + member("mallory@example.org", `reports = "member"`)
	if err := os.Symlink(target, filepath.Join(r.Dir, "members.toml")); err != nil {
		t.Skipf("this filesystem takes no such link: %v", err)
	}
	r.Git("add", "members.toml")
	r.Git("commit", "-q", "-m", "A link (#2)")
	r.Tick()
	r.Git("rm", "-q", "members.toml")
	r.Write("members.toml", header+member("ada@example.org", `reports = "owner"`))
	r.Git("add", "members.toml")
	r.Git("commit", "-q", "-m", "Back (#3)")
	events, problems, err := history.History(ctx, r.Dir, "members.toml", history.Options{})
	if err != nil || len(problems) != 1 || !errors.Is(problems[0].Err, history.ErrNotRegular) {
		t.Fatalf("History: %v, problems %v", err, problems)
	}
	for _, e := range events {
		if e.Email == "mallory@example.org" {
			t.Errorf("history reads a link's text as a version: %+v", e)
		}
	}
}

// TestListMovedAcrossSeveralFiles: a list moved from one file to
// another and then into the members file, each in one commit, is one
// list all along: History tells what happened to it in each file, under
// that file's name, and none of the moves is anyone joining; FileAt of
// the other files and MovedListsAt find it where it was at each moment.
func TestListMovedAcrossSeveralFiles(t *testing.T) {
	t.Parallel()
	ada := member("ada@example.org", `reports = "owner"`, "grace@example.org@@2026-01-01")
	bob := member("bob@example.org", `reports = "member"`, "ada@example.org@@2026-01-01")
	bobOwner := member("bob@example.org", `reports = "owner"`, "ada@example.org@@2026-01-01")
	carol := member("carol@example.org", `reports = "member"`, "ada@example.org@@2026-01-01")
	erin := member("erin@example.org", `reports = "member"`, "ada@example.org@@2026-02-01")
	dan := member("dan@example.org", `announce = "member"`)
	noReports := strings.Replace(header, "[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n\n", "", 1)
	for _, sub := range []string{"", "config/"} {
		t.Run("in "+sub, func(t *testing.T) {
			listMovedAcrossSeveralFiles(t, sub, ada, bob, bobOwner, carol, erin, dan, noReports)
		})
	}
}

// listMovedAcrossSeveralFiles is TestListMovedAcrossSeveralFiles with
// every file in the directory sub.
func listMovedAcrossSeveralFiles(t *testing.T, sub, ada, bob, bobOwner, carol, erin, dan, noReports string) {
	ctx := context.Background()
	r := historytest.New(t)
	dir := filepath.Join(r.Dir, sub)
	commit := func(subject string, files ...string) string {
		r.Tick()
		for i := 0; i+1 < len(files); i += 2 {
			r.Write(sub+files[i], files[i+1])
			r.Git("add", sub+files[i])
		}
		r.Git("commit", "-q", "-m", subject)
		return strings.TrimSpace(r.Git("rev-parse", "HEAD"))
	}
	commit("Members file", "members.toml", noReports+dan)
	commit("Team file", "c.toml", teamsHeader+ada+bob+carol)
	inC := commit("Add erin in c", "c.toml", teamsHeader+ada+bob+carol+erin)
	commit("Move to b, without carol", "b.toml", teamsHeader+ada+bob+erin, "c.toml", "schema = 1\n")
	commit("Promote bob in b", "b.toml", teamsHeader+ada+bobOwner+erin)
	commit("Move here", "members.toml", header+dan+ada+bobOwner+erin, "b.toml", "schema = 1\n")

	events, problems, err := history.History(ctx, dir, "members.toml", history.Options{Lists: []string{"reports"}})
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	var got []string
	for _, e := range events {
		got = append(got, e.Subject+" "+string(e.Action)+" "+e.Email+" "+strings.TrimPrefix(e.File, sub))
	}
	want := []string{
		"Team file added ada@example.org c.toml", "Team file vetted ada@example.org c.toml",
		"Team file added bob@example.org c.toml", "Team file vetted bob@example.org c.toml",
		"Team file added carol@example.org c.toml", "Team file vetted carol@example.org c.toml",
		"Add erin in c added erin@example.org c.toml", "Add erin in c vetted erin@example.org c.toml",
		"Move to b, without carol removed carol@example.org b.toml",
		"Promote bob in b role_changed bob@example.org b.toml",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("History (-want +got):\n%s", diff)
	}
	listed, err := history.ListedByGroup(ctx, dir, "members.toml")
	if err != nil {
		t.Fatal(err)
	}
	wantListed := map[string]string{"ada@example.org": "listed", "bob@example.org": "listed", "erin@example.org": "listed",
		"carol@example.org": "removed: Move to b, without carol (other file)"}
	if diff := cmp.Diff(wantListed, listedState(t, listed)["security@example.org"]); diff != "" {
		t.Errorf("ListedByGroup (-want +got):\n%s", diff)
	}
	moved, err := history.MovedListsAt(ctx, dir, "members.toml", inC, "HEAD~1")
	if err != nil {
		t.Fatal(err)
	}
	for rev, wantPath := range map[string]string{inC: "c.toml", "HEAD~1": "b.toml"} {
		if ls := moved[rev]; len(ls) != 1 || ls[0].Path != sub+wantPath {
			t.Errorf("MovedListsAt %s: %+v, want the list in %s", rev, ls, wantPath)
		}
	}
}

// TestAListHandedOverByTwoFilesAtOnce: two files that both held a list
// and handed it over in one commit are one list: someone both had on it
// joined once, a record both held was vetted once, who was on either is
// no newcomer at the move, and who neither file's list kept left then,
// as ListedByGroup says.
func TestAListHandedOverByTwoFilesAtOnce(t *testing.T) {
	t.Parallel()
	ada := member("ada@example.org", `reports = "owner"`, "grace@example.org@@2026-01-01")
	adaMember := member("ada@example.org", `reports = "member"`, "grace@example.org@@2026-01-01")
	bob := member("bob@example.org", `reports = "member"`, "ada@example.org@@2026-01-01")
	carol := member("carol@example.org", `reports = "member"`, "ada@example.org@@2026-01-01")
	dan := member("dan@example.org", `announce = "member"`)
	noReports := strings.Replace(header, "[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n\n", "", 1)
	r := historytest.New(t)
	commit := func(subject string, files ...string) { r.CommitFiles(subject, files...) }
	commit("Members", "members.toml", noReports+dan)
	commit("A", "a.toml", teamsHeader+ada+bob)
	commit("B", "b.toml", teamsHeader+adaMember+carol)
	commit("Bo on b", "b.toml", teamsHeader+adaMember+carol+strings.Replace(bob, "bob@", "bo@", 1))
	// bob moves from a.toml to b.toml in one commit: he never left.
	commit("Bob to b", "a.toml", teamsHeader+ada, "b.toml", teamsHeader+adaMember+carol+strings.Replace(bob, "bob@", "bo@", 1)+bob)
	commit("Both in", "members.toml", header+dan+ada+bob, "a.toml", "schema = 1\n", "b.toml", "schema = 1\n")
	ctx := context.Background()
	events, _, err := history.History(ctx, r.Dir, "members.toml", history.Options{Lists: []string{"reports"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, e.Subject+" "+string(e.Action)+" "+e.Email+" "+e.File)
	}
	want := []string{
		"A added ada@example.org a.toml", "A vetted ada@example.org a.toml", "A added bob@example.org a.toml", "A vetted bob@example.org a.toml",
		"B added carol@example.org b.toml", "B vetted carol@example.org b.toml",
		"Bo on b added bo@example.org b.toml", "Bo on b vetted bo@example.org b.toml",
		"Both in removed bo@example.org ", "Both in removed carol@example.org ",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("History (-want +got):\n%s", diff)
	}
	listed, err := history.ListedByGroup(ctx, r.Dir, "members.toml")
	if err != nil {
		t.Fatal(err)
	}
	wantListed := map[string]string{"ada@example.org": "listed", "bob@example.org": "listed",
		"bo@example.org": "removed: Both in (other file)", "carol@example.org": "removed: Both in (other file)"}
	if diff := cmp.Diff(wantListed, listedState(t, listed)["security@example.org"]); diff != "" {
		t.Errorf("ListedByGroup (-want +got):\n%s", diff)
	}
}

// TestACopyIsNotAMove: git log --follow follows copies too. A members
// file created as a near copy of an example that stays in the
// repository begins there: the example's history (someone it listed
// and the copy left out) is not the file's, so nobody was taken off.
func TestACopyIsNotAMove(t *testing.T) {
	t.Parallel()
	ada := member("ada@example.org", `reports = "owner"`)
	bob := member("bob@example.org", `reports = "member"`)
	r := historytest.New(t)
	r.Commit("examples/members.toml", header+ada+bob, "An example")
	r.Tick()
	created := r.Commit("members.toml", header+ada, "Adopt the list")
	if st := r.Git("log", "--follow", "--name-status", "--format=", "-1", "--", "members.toml"); !strings.HasPrefix(st, "C") {
		t.Fatalf("git sees no copy; the test needs one:\n%s", st)
	}
	ctx := context.Background()
	revs, err := history.Log(ctx, r.Dir, "members.toml")
	if err != nil || len(revs) != 1 || revs[0].Commit != created {
		t.Errorf("Log: %v %+v", err, revs)
	}
	listed, err := history.ListedByGroup(ctx, r.Dir, "members.toml")
	if diff := cmp.Diff(map[string]string{"ada@example.org": "listed"}, listedState(t, listed)["security@example.org"]); err != nil || diff != "" {
		t.Errorf("ListedByGroup: %v (-want +got):\n%s", err, diff)
	}
	events, _, err := history.History(ctx, r.Dir, "members.toml", history.Options{Member: "bob@example.org"})
	if err != nil || len(events) != 0 {
		t.Errorf("History of bob: %v %v", err, simplify(events))
	}
	if _, _, err := history.FileAt(ctx, r.Dir, "members.toml", "HEAD~1"); err == nil {
		t.Errorf("FileAt before the copy reads the example")
	}
}

// TestTwoFilesHandAListToAThirdAtOnce: a.toml and c.toml both hand the
// list to b.toml in one commit, and b.toml hands it on to the members
// file: the story is both files' as one, as when the two hand it to the
// members file directly.
func TestTwoFilesHandAListToAThirdAtOnce(t *testing.T) {
	t.Parallel()
	ada := member("ada@example.org", `reports = "owner"`, "grace@example.org@@2026-01-01")
	bob := member("bob@example.org", `reports = "member"`, "ada@example.org@@2026-01-01")
	carol := member("carol@example.org", `reports = "member"`, "ada@example.org@@2026-01-01")
	dan := member("dan@example.org", `announce = "member"`)
	noReports := strings.Replace(header, "[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n\n", "", 1)
	r := historytest.New(t)
	commit := func(subject string, files ...string) { r.CommitFiles(subject, files...) }
	commit("Members", "members.toml", noReports+dan)
	commit("A", "a.toml", teamsHeader+ada+bob)
	commit("C", "c.toml", teamsHeader+ada+carol)
	commit("Both into b", "b.toml", teamsHeader+ada+bob+carol, "a.toml", "schema = 1\n", "c.toml", "schema = 1\n")
	commit("b into members", "members.toml", header+dan+ada+bob+carol, "b.toml", "schema = 1\n")
	events, _, err := history.History(context.Background(), r.Dir, "members.toml", history.Options{Lists: []string{"reports"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, e.Subject+" "+string(e.Action)+" "+e.Email+" "+e.File)
	}
	want := []string{
		"A added ada@example.org a.toml", "A vetted ada@example.org a.toml", "A added bob@example.org a.toml", "A vetted bob@example.org a.toml",
		"C added carol@example.org c.toml", "C vetted carol@example.org c.toml",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("History (-want +got):\n%s", diff)
	}
}

// TestListMovedThroughManyFiles: a list moved through ten files, carol
// taken off in the first move, is followed all the way back: she was
// removed, and nobody joined at a move. A list moved through more
// files than roster follows ends in ErrTooManyMoves, never in a
// history cut short (which would read as everyone joining at the
// oldest move followed, and nobody ever taken off).
func TestListMovedThroughManyFiles(t *testing.T) {
	t.Parallel()
	ada := member("ada@example.org", `reports = "owner"`, "grace@example.org@@2026-01-01")
	bob := member("bob@example.org", `reports = "member"`, "ada@example.org@@2026-01-01")
	carol := member("carol@example.org", `reports = "member"`, "ada@example.org@@2026-01-01")
	dan := member("dan@example.org", `announce = "member"`)
	noReports := strings.Replace(header, "[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n\n", "", 1)
	chain := func(t *testing.T, hops int) string {
		r := historytest.New(t)
		r.CommitFiles("Members file", "members.toml", noReports+dan)
		r.CommitFiles("Team file", "f0.toml", teamsHeader+ada+bob+carol)
		r.CommitFiles("Move to f1, without carol", "f1.toml", teamsHeader+ada+bob, "f0.toml", "schema = 1\n")
		for i := 2; i <= hops; i++ {
			r.CommitFiles(fmt.Sprintf("Move to f%d", i), fmt.Sprintf("f%d.toml", i), teamsHeader+ada+bob, fmt.Sprintf("f%d.toml", i-1), "schema = 1\n")
		}
		r.CommitFiles("Move here", "members.toml", header+dan+ada+bob, fmt.Sprintf("f%d.toml", hops), "schema = 1\n")
		return r.Dir
	}
	ctx := context.Background()
	t.Run("ten files", func(t *testing.T) {
		dir := chain(t, 10)
		listed, err := history.ListedByGroup(ctx, dir, "members.toml")
		if err != nil {
			t.Fatal(err)
		}
		if got := listedState(t, listed)["security@example.org"]["carol@example.org"]; got != "removed: Move to f1, without carol (other file)" {
			t.Errorf("ListedByGroup: carol %q", got)
		}
		events, _, err := history.History(ctx, dir, "members.toml", history.Options{Lists: []string{"reports"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if strings.HasPrefix(e.Subject, "Move") && e.Action == history.Added {
				t.Errorf("History: %s %s %s: a move is no join", e.Subject, e.Action, e.Email)
			}
		}
	})
	t.Run("past the limit", func(t *testing.T) {
		dir := chain(t, 70)
		if _, err := history.ListedByGroup(ctx, dir, "members.toml"); !errors.Is(err, history.ErrTooManyMoves) {
			t.Errorf("ListedByGroup: %v, want ErrTooManyMoves", err)
		}
		if _, _, err := history.History(ctx, dir, "members.toml", history.Options{Lists: []string{"reports"}}); !errors.Is(err, history.ErrTooManyMoves) {
			t.Errorf("History: %v, want ErrTooManyMoves", err)
		}
	})
}
