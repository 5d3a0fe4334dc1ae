package history_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// directoryRepo builds a history in which one commit turns members.toml
// into a directory holding nested (path and content), the next one
// brings the file back, with mallory added and carol removed, and a last
// one tidies it. It returns each commit by its subject.
func directoryRepo(t *testing.T, nested, content string) (*historytest.Repo, map[string]string) {
	t.Helper()
	r := historytest.New(t)
	c := map[string]string{}
	ada := member("ada@example.org", `reports = "owner", announce = "owner"`)
	bob := member("bob@example.org", `reports = "member"`)
	carol := member("carol@example.org", `reports = "member"`)
	mallory := member("mallory@example.org", `reports = "member"`)
	c["init"] = r.Commit("members.toml", header+ada+bob+carol, "init")
	r.Git("rm", "-q", "members.toml")
	c["wip"] = r.Commit(nested, content, "wip")
	r.Git("rm", "-q", "-r", "members.toml")
	c["restore"] = r.Commit("members.toml", header+ada+bob+mallory, "restore")
	c["tidy"] = r.Commit("members.toml", header+ada+bob+mallory+"# tidy\n", "tidy")
	return r, c
}

// TestAPathUnderADirectoryOfTheFilesNameIsNotTheFile: a pathspec names
// a directory of that name too, so git log of members.toml lists
// members.toml/notes.txt in the commits that made the file a directory
// and back, and --follow may pair the file with such a path. The file's
// lineage has its own path only: the directory is no file (a deletion),
// and the commit that brings the file back is read, with what it
// changed, by every route.
func TestAPathUnderADirectoryOfTheFilesNameIsNotTheFile(t *testing.T) {
	t.Parallel()
	almost := header + member("ada@example.org", `reports = "owner", announce = "owner"`) +
		member("bob@example.org", `reports = "member"`) + member("mallory@example.org", `reports = "member"`)
	for _, tc := range []struct{ name, nested, content string }{
		{"notes", "members.toml/notes.txt", "x = 1\n"},
		// Alike enough for git to pair members.toml/x.toml with the
		// restored file as a rename, and with lists for the same groups
		// (what a move by deletion and addition is read by).
		{"a rename from the directory", "members.toml/x.toml", almost},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, c := directoryRepo(t, tc.nested, tc.content)
			ctx := context.Background()
			got := logLines(t, ctx, r.Dir)
			want := []string{"init members.toml", "wip members.toml deleted", "restore members.toml", "tidy members.toml"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Log (-want +got):\n%s", diff)
			}

			events, problems, err := history.History(ctx, r.Dir, "members.toml", history.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var changes []ev
			for _, e := range simplify(events) {
				if e.Subject != "init" && e.Action != "vetted" {
					changes = append(changes, e)
				}
			}
			wantChanges := []ev{
				{"restore", "removed", "reports", "carol@example.org", "", "member"},
				{"restore", "added", "reports", "mallory@example.org", "member", ""},
			}
			if diff := cmp.Diff(wantChanges, changes); diff != "" {
				t.Errorf("History after init (-want +got):\n%s", diff)
			}
			for _, p := range problems {
				if p.Revision.Commit != c["wip"] || strings.Contains(p.Err.Error(), tc.nested) {
					t.Errorf("problem %s: %v; want only wip's deletion of members.toml", p.Revision.Short(), p.Err)
				}
			}

			for _, rev := range []string{"HEAD~1", c["restore"], r.Date().AddDate(0, 0, -1).Format("2006-01-02")} {
				f, at, err := history.FileAt(ctx, r.Dir, "members.toml", rev)
				if err != nil {
					t.Errorf("FileAt(%s): %v", rev, err)
					continue
				}
				if at.Commit != c["restore"] || f.FindMember("mallory@example.org") == nil {
					t.Errorf("FileAt(%s) = %s (%s), want restore's, with mallory", rev, at.Short(), at.Subject)
				}
			}
			if _, _, err := history.FileAt(ctx, r.Dir, "members.toml", c["wip"]); err == nil || !strings.Contains(err.Error(), "members.toml was deleted in "+history.ShortCommit(c["wip"])) {
				t.Errorf("FileAt(wip): %v, want members.toml deleted in wip", err)
			}
			base, at, err := history.Base(ctx, r.Dir, "members.toml", nil, "HEAD~1")
			if err != nil || at.Commit != c["restore"] || base.FindMember("mallory@example.org") == nil {
				t.Errorf("Base(HEAD~1) = %s, %v; want restore's", at.Short(), err)
			}
			tl, err := history.ReadTimeline(ctx, r.Dir, "members.toml")
			if err != nil {
				t.Fatal(err)
			}
			for _, rv := range tl.Revisions() {
				if rv.Path != "members.toml" {
					t.Errorf("the timeline reads %s at %s", rv.Path, rv.Subject)
				}
			}
		})
	}
}

// TestARenameFromADirectoryBeforeAnotherRename: the file, as old.toml,
// was a directory for a commit and came back as a rename git pairs with
// the path under it; renamed to members.toml since, its history before
// that commit is old.toml's, read under the name it had then.
func TestARenameFromADirectoryBeforeAnotherRename(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	ada := member("ada@example.org", `reports = "owner", announce = "owner"`)
	bob := member("bob@example.org", `reports = "member"`)
	r.Commit("old.toml", header+ada, "init")
	r.Git("rm", "-q", "old.toml")
	r.Commit("old.toml/x.toml", header+ada+bob, "wip")
	r.Git("rm", "-q", "-r", "old.toml")
	r.Commit("old.toml", header+ada+bob, "restore")
	r.Tick()
	r.Git("mv", "old.toml", "members.toml")
	r.Git("commit", "-q", "-m", "rename")
	got := logLines(t, context.Background(), r.Dir)
	want := []string{"init old.toml", "wip old.toml deleted", "restore old.toml", "rename members.toml"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Log (-want +got):\n%s", diff)
	}
}

// logLines is the members file's Log in dir, one "subject path" line
// per revision, " deleted" after one that deletes it.
func logLines(t *testing.T, ctx context.Context, dir string) []string {
	t.Helper()
	revs, err := history.Log(ctx, dir, "members.toml")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, rv := range revs {
		s := rv.Subject + " " + rv.Path
		if rv.Blob == "" {
			s += " deleted"
		}
		got = append(got, s)
	}
	return got
}
