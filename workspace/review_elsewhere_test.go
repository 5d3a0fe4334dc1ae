package workspace_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// otherTeam is a members file of its own that manages team@: the group
// a change may move into members.toml.
const otherTeam = `schema = 1
admins = ["root-x"]

[lists.team]
address = "team@example.org"
policy = "t"

[policies.t]
vetting_methods = ["video-call"]
vetted_by = "member"
approvals = 2

[[member]]
email = "tom@example.org"
github = "tom-x"
lists = { team = "owner" }
vetting = [{ by = "tina-x", on = 2026-01-01, method = "video-call" }]

[[member]]
email = "tina@example.org"
github = "tina-x"
lists = { team = "owner" }
vetting = [{ by = "tom-x", on = 2026-01-01, method = "video-call" }]
`

// teamMovedIn is members.toml with team's list, policy and owners moved
// in from other.toml, and mallory made an owner of it.
func teamMovedIn(base string) string {
	return base + `
[lists.team]
address = "TEAM@example.org"
policy = "t"

[policies.t]
vetting_methods = ["video-call"]
vetted_by = "member"
` + teamEntry("tom@example.org", "tom-x", "tina-x") +
		teamEntry("tina@example.org", "tina-x", "tom-x") +
		teamEntry("mallory@example.org", "mallory-x", "tom-x")
}

// teamEntry is an owner of team vetted by another of its owners, as its
// policy (vetted_by = "member") asks: the head is valid, and the review
// is about approvals alone.
func teamEntry(email, github, vetter string) string {
	return fmt.Sprintf("\n[[member]]\nemail = %q\ngithub = %q\nlists = { team = \"owner\" }\nvetting = [{ by = %q, on = 2026-01-01, method = \"video-call\" }]\n", email, github, vetter)
}

// TestReviewOfAListTakenOverFromAnotherFile: history and sync follow a
// list moved in from another members file, so the gate judges it by the
// owners and policy that file gives it at the base, besides the admin a
// new list needs; whether the other file lets the list go or keeps it.
func TestReviewOfAListTakenOverFromAnotherFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		keep     bool // other.toml keeps its list
		approved []string
		exit     int
		want     []string
	}{
		{"moved, an admin only", false, []string{"root-x"}, 1, []string{"team in other.toml", "which list team of other.toml manages in the base revision", "NOT APPROVED"}},
		{"moved, an admin and one owner of the other file", false, []string{"root-x", "tom-x"}, 1, []string{"team in other.toml (2 owners): NOT APPROVED"}},
		{"moved, an admin and both owners of the other file", false, []string{"root-x", "tom-x", "tina-x", "ada-x"}, 0, []string{"team in other.toml (2 owners): OK"}},
		{"kept there too, an admin only", true, []string{"root-x"}, 1, []string{"team in other.toml", "NOT APPROVED"}},
		{"approved by the list's new owners in members.toml", false, []string{"root-x", "mallory-x", "ada-x"}, 1, []string{"not counted: @mallory-x", "NOT APPROVED"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, base := reviewRepo(t)
			f.repo.Commit("other.toml", otherTeam, "The team's own list (#2)")
			if !tt.keep {
				if err := os.Remove(filepath.Join(f.dir, "other.toml")); err != nil {
					t.Fatal(err)
				}
			}
			f.write("members.toml", teamMovedIn(base))
			r := f.reviewApprovedBy(tt.approved...)
			if r.code != tt.exit {
				t.Errorf("exit %d, want %d\n%s%s", r.code, tt.exit, r.stdout, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("review does not say %q:\n%s", w, r.stdout)
				}
			}
		})
	}
}

// TestReviewFindsTheOtherFileWhereverItIs: the other members file is
// found outside the members file's directory, under any name the change
// touches, and with its keys written escaped.
func TestReviewFindsTheOtherFileWhereverItIs(t *testing.T) {
	t.Parallel()
	escaped := strings.NewReplacer("[lists.team]", `["\u006cists".team]`, "lists = {", `"\u006cists" = {`).Replace(otherTeam)
	tests := []struct {
		name, file, other, content string
	}{
		{"members file in a directory, the other at the top", "groups/members.toml", "other.toml", otherTeam},
		{"in two directories side by side", "a/b/members.toml", "teams/other.toml", otherTeam},
		{"the other file's name is no .toml", "members.toml", "teams/ops", otherTeam},
		{"the other file's keys escaped", "members.toml", "other.toml", escaped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "review", emulator.Options{}, true)
			base := f.read("members.toml")
			if tt.file != "members.toml" {
				if err := os.Remove(filepath.Join(f.dir, "members.toml")); err != nil {
					t.Fatal(err)
				}
			}
			f.repo.CommitFiles("Two teams (#1)", tt.file, base, tt.other, tt.content)
			if err := os.Remove(filepath.Join(f.dir, filepath.FromSlash(tt.other))); err != nil {
				t.Fatal(err)
			}
			f.write(tt.file, teamMovedIn(base))
			r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: tt.file, Base: "HEAD", Format: report.Text, ApprovedBy: []string{"root-x", "ada-x"}}))
			if r.code != 1 || !strings.Contains(r.stdout, "team in "+tt.other+" (2 owners): NOT APPROVED") {
				t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// TestTheOtherFilesAdminsStandInForItsOwners: owners of the other
// file's list without a GitHub handle are stood in for by that file's
// admins, never by this file's.
func TestTheOtherFilesAdminsStandInForItsOwners(t *testing.T) {
	t.Parallel()
	other := strings.NewReplacer(`admins = ["root-x"]`, `admins = ["ops-admin", "ops-two"]`, "github = \"tom-x\"\n", "", "github = \"tina-x\"\n", "").Replace(otherTeam)
	for _, tt := range []struct {
		approved []string
		exit     int
	}{
		{[]string{"root-x", "ada-x", "grace-x", "bob-x"}, 1},
		{[]string{"root-x", "ada-x", "ops-admin"}, 1},
		// tom-x and tina-x attest to the records they made, as vetters
		// only: the other file names no handle for them.
		{[]string{"root-x", "ada-x", "ops-admin", "ops-two", "tom-x", "tina-x"}, 0},
	} {
		f, base := reviewRepo(t)
		f.repo.Commit("other.toml", other, "The team's own list (#2)")
		if err := os.Remove(filepath.Join(f.dir, "other.toml")); err != nil {
			t.Fatal(err)
		}
		f.write("members.toml", teamMovedIn(base))
		r := f.reviewApprovedBy(tt.approved...)
		if r.code != tt.exit || !strings.Contains(r.stdout, "ops-admin") {
			t.Errorf("approved by %v: exit %d, want %d\n%s%s", tt.approved, r.code, tt.exit, r.stdout, r.stderr)
		}
	}
}

// TestReviewOfAListTakenFromABrokenFile: the other members file does
// not parse at the base; its last version that does still says whose
// the group is.
func TestReviewOfAListTakenFromABrokenFile(t *testing.T) {
	t.Parallel()
	f, base := reviewRepo(t)
	f.repo.Commit("other.toml", otherTeam, "The team's own list (#2)")
	f.repo.Commit("other.toml", otherTeam+"\ngarbage = =\n", "Break it (#3)")
	if err := os.Remove(filepath.Join(f.dir, "other.toml")); err != nil {
		t.Fatal(err)
	}
	f.write("members.toml", teamMovedIn(base))
	r := f.reviewApprovedBy("root-x", "ada-x")
	if r.code != 1 || !strings.Contains(r.stdout, "team in other.toml (2 owners): NOT APPROVED") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestReviewOfAListLetGoByAnotherFileFirst: the other file lets the
// list go in one merged change, and the next change adds it to
// members.toml with a new owner: the owners it had there approve, as
// they would the same change made in one step.
func TestReviewOfAListLetGoByAnotherFileFirst(t *testing.T) {
	t.Parallel()
	f, base := reviewRepo(t)
	f.repo.Commit("other.toml", otherTeam, "The team's own list (#2)")
	f.repo.Commit("other.toml", "schema = 1\nadmins = [\"root-x\"]\n", "The team's list goes (#3)")
	f.write("members.toml", teamMovedIn(base))
	f.notApprovedByTheAdminAlone("of other.toml", "NOT APPROVED")
}

// TestAListLetGoIsFoundHoweverItsAddressWasWritten: the other file wrote
// the group's address escaped, in another case, or in a nested
// directory's file, and then let it go: its owners are asked all the
// same (the versions are compared parsed, not grepped; s17-19 finding 2).
func TestAListLetGoIsFoundHoweverItsAddressWasWritten(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, path, address string }{
		{"escaped", "other.toml", `team\u0040example.org`},
		{"escaped in full", "other.toml", `\u0074\u0065\u0061\u006d\u0040\u0065xample.org`},
		{"another case", "other.toml", "Team@EXAMPLE.org"},
		{"in a directory, upper-case extension", "teams/infra/Other.TOML", `team\U00000040example.org`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, base := reviewRepo(t)
			f.repo.Commit(tc.path, strings.Replace(otherTeam, `"team@example.org"`, `"`+tc.address+`"`, 1), "The team's own list (#2)")
			f.repo.Commit(tc.path, "schema = 1\nadmins = [\"root-x\"]\n", "The team's list goes (#3)")
			f.write("members.toml", teamMovedIn(base))
			f.notApprovedByTheAdminAlone("of "+tc.path, "NOT APPROVED")
		})
	}
	// A Gmail group, written with dots in the other file: its identity
	// drops them, and the text never holds "team" (s17-19b finding 4).
	t.Run("a Gmail address with dots", func(t *testing.T) {
		t.Parallel()
		f, base := reviewRepo(t)
		f.repo.Commit("other.toml", strings.NewReplacer(`"team@example.org"`, `"te.am@gmail.com"`, "[lists.team]", "[lists.ops]", `team = "owner"`, `ops = "owner"`).Replace(otherTeam), "The team's own list (#2)")
		f.repo.Commit("other.toml", "schema = 1\nadmins = [\"root-x\"]\n", "The team's list goes (#3)")
		f.write("members.toml", strings.Replace(teamMovedIn(base), `"TEAM@example.org"`, `"team@gmail.com"`, 1))
		f.notApprovedByTheAdminAlone("of other.toml", "NOT APPROVED")
	})
	// A merge "-s ours" of the line that had the list, fast-forwarded:
	// its first parent never had it (s17-19b finding 1).
	t.Run("a merge that kept the other side's tree", func(t *testing.T) {
		t.Parallel()
		f, base := reviewRepo(t)
		f.repo.Commit("other.toml", otherTeam, "The team's own list (#2)")
		f.hiddenMerge("other.toml", "schema = 1\nadmins = [\"root-x\"]\n", "Another file (#3)")
		f.write("members.toml", teamMovedIn(base))
		f.notApprovedByTheAdminAlone("of other.toml", "NOT APPROVED")
	})
	// Put back for a while with owners of its author's choosing, and let
	// go again: the owners it had before are asked all the same
	// (s17-19b finding 2).
	t.Run("put back for a while and let go again", func(t *testing.T) {
		t.Parallel()
		f, base := reviewRepo(t)
		gone := "schema = 1\nadmins = [\"root-x\"]\n"
		f.repo.Commit("other.toml", otherTeam, "The team's own list (#2)")
		f.repo.Commit("other.toml", gone, "The team's list goes (#3)")
		f.repo.Git("checkout", "-q", "-b", "pr1")
		f.repo.Commit("other.toml", strings.NewReplacer("tom-x", "pal-x", "tina-x", "pal-two").Replace(otherTeam), "Back for a while")
		f.repo.Commit("other.toml", gone, "And gone again")
		f.repo.Git("checkout", "-q", "main")
		f.repo.Git("merge", "-q", "--no-ff", "--no-edit", "pr1")
		f.write("members.toml", teamMovedIn(base))
		// Both lettings go are judged: tom's and tina's (whose seats,
		// without handles at the base, admins take) as well as pal's.
		r := f.reviewApprovedBy("root-x", "ada-x", "pal-x", "pal-two")
		if r.code != 1 || strings.Count(r.stdout, "\nlist team as of ") != 2 || !strings.Contains(r.stdout, "owners without one: tom@example.org, tina@example.org") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	// The members file's own list, dropped by a merge "-s ours" of the
	// line that had it, fast-forwarded: its first-parent line never shows
	// the version that had it (s17-19b finding 1).
	t.Run("the members file's own list, dropped by a merge that kept the other side's tree", func(t *testing.T) {
		t.Parallel()
		f, base := reviewRepo(t)
		f.repo.Commit("members.toml", teamMovedIn(base), "The team's list here (#2)")
		f.hiddenMerge("members.toml", base+"\n# a note\n", "A note (#3)")
		f.write("members.toml", strings.Replace(teamMovedIn(base), reviewEntry("mallory@example.org", "mallory-x", `team = "owner"`), "", 1)+reviewEntry("mallory@example.org", "mallory-x", `team = "owner"`))
		f.notApprovedByTheAdminAlone("NOT APPROVED", "list team as of")
	})
	// Let go, then put back in the same file with owners its author
	// chose, still there at the base: the owners before are asked as
	// well as the ones it has now (s17-final finding 1).
	t.Run("let go and put back in the same file", func(t *testing.T) {
		t.Parallel()
		f, base := reviewRepo(t)
		f.repo.Commit("other.toml", otherTeam, "The team's own list (#2)")
		f.repo.Commit("other.toml", "schema = 1\nadmins = [\"root-x\"]\n", "The team's list goes (#3)")
		f.repo.Commit("other.toml", strings.NewReplacer("tom-x", "pal-x", "tina-x", "pal-two").Replace(otherTeam), "Back, with other owners (#4)")
		f.write("members.toml", teamMovedIn(base))
		r := f.reviewApprovedBy("root-x", "ada-x", "pal-x", "pal-two")
		if r.code != 1 || !strings.Contains(r.stdout, "list team in other.toml") || !strings.Contains(r.stdout, "owners without one: tom@example.org, tina@example.org") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	// Lost twice: in a plain commit (the first-parent line shows it),
	// then, put back with other owners, in a merge that kept the other
	// side's tree: both lists' owners are asked, the later loss's as
	// well as the one the line shows.
	t.Run("the members file's own list, lost on its line and then in a hidden merge", func(t *testing.T) {
		t.Parallel()
		f, base := reviewRepo(t)
		f.repo.Commit("members.toml", teamMovedIn(base), "The team's list here (#2)")
		f.repo.Commit("members.toml", base, "The list goes (#3)")
		f.repo.Commit("members.toml", strings.NewReplacer("tom@", "pat@", "tom-x", "pat-x").Replace(teamMovedIn(base)), "Back, with pat (#4)")
		f.hiddenMerge("members.toml", base+"\n# a note\n", "A note (#5)")
		f.write("members.toml", teamMovedIn(base))
		f.notApprovedByTheAdminAlone("NOT APPROVED", "owners without one: pat@example.org")
	})
	// Let go in a merge: the conflict resolved by taking the list out
	// (s17-delta finding 2).
	t.Run("in a merge", func(t *testing.T) {
		t.Parallel()
		f, base := reviewRepo(t)
		f.repo.Commit("other.toml", otherTeam, "The team's own list (#2)")
		f.repo.Git("checkout", "-q", "-b", "side")
		f.repo.Commit("members.toml", base+"\n# a note\n", "A note (#3)")
		f.repo.Git("checkout", "-q", "main")
		f.repo.Commit("other.toml", otherTeam+"\n# a note\n", "A note there (#4)")
		f.repo.Git("merge", "-q", "--no-ff", "--no-commit", "side")
		f.write("other.toml", "schema = 1\nadmins = [\"root-x\"]\n")
		f.repo.Git("add", "other.toml")
		f.repo.Git("commit", "-q", "-m", "Merge side, the team's list goes (#5)")
		f.write("members.toml", teamMovedIn(f.read("members.toml")))
		f.notApprovedByTheAdminAlone("of other.toml", "NOT APPROVED")
	})
}

// TestTheOwnersOfAListLetGoApproveItsReturn: a group another file let go
// is handed over by the owners its list had there, under the handles
// that file (or this one) gives them at the base, and, for those with
// none, by that file's admins: never by this file's admins alone, who
// approve the new list besides.
func TestTheOwnersOfAListLetGoApproveItsReturn(t *testing.T) {
	t.Parallel()
	other := strings.Replace(otherTeam, `admins = ["root-x"]`, `admins = ["ops-admin", "ops-two"]`, 1)
	kept := strings.NewReplacer(`lists = { team = "owner" }`, "lists = {}", "[lists.team]\naddress = \"team@example.org\"\npolicy = \"t\"\n", "").Replace(other)
	gone := "schema = 1\nadmins = [\"ops-admin\", \"ops-two\"]\n"
	for _, tt := range []struct {
		name     string
		after    string // other.toml once it let the group go
		approved []string
		exit     int
	}{
		{"entries kept: its former owners", kept, []string{"root-x", "ada-x", "tom-x", "tina-x"}, 0},
		{"entries kept: this file's admins do not stand in", kept, []string{"root-x", "ada-x", "bob-x", "grace-x"}, 1},
		// tom-x and tina-x attest to the records they made, as vetters
		// only: the file that seated them under those handles is gone.
		{"entries gone: that file's admins stand in", gone, []string{"root-x", "ada-x", "ops-admin", "ops-two", "tom-x", "tina-x"}, 0},
		{"entries gone: this file's admins do not", gone, []string{"root-x", "ada-x", "bob-x", "grace-x"}, 1},
		// A file gone since seats nobody it named then (a decoy made and
		// deleted, as well as a real one): this file's admins stand in.
		{"file deleted: the admins it had then do not stand in", "", []string{"root-x", "ada-x", "ops-admin", "ops-two"}, 1},
		{"file deleted: this file's admins stand in", "", []string{"root-x", "ada-x", "bob-x", "grace-x", "tom-x", "tina-x"}, 0},
		// The other file is no file this gate reviews: an edit of it
		// since the list went seats nobody.
		{"admins swapped since: the new ones do not stand in", "schema = 1\nadmins = [\"mallory-x\", \"mal-two\"]\n", []string{"root-x", "ada-x", "mallory-x", "mal-two"}, 1},
		{"a former owner's handle changed since: the new one does not count", strings.NewReplacer(`lists = { team = "owner" }`, "lists = {}", "[lists.team]\naddress = \"team@example.org\"\npolicy = \"t\"\n", "", `github = "tom-x"`, `github = "mallory-x"`).Replace(other),
			[]string{"root-x", "ada-x", "mallory-x", "tina-x"}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, base := reviewRepo(t)
			f.repo.Commit("members.toml", strings.Replace(base, `admins = ["root-x"]`, `admins = ["root-x", "bob-x", "grace-x"]`, 1), "Three admins (#2)")
			f.repo.Commit("other.toml", other, "The team's own list (#3)")
			if tt.after == "" {
				f.repo.Git("rm", "-q", "other.toml")
				f.repo.Git("commit", "-q", "-m", "The team's file goes (#4)")
			} else {
				f.repo.Commit("other.toml", tt.after, "The team's list goes (#4)")
			}
			f.write("members.toml", teamMovedIn(f.read("members.toml")))
			r := f.reviewApprovedBy(tt.approved...)
			if r.code != tt.exit || !strings.Contains(r.stdout, "of other.toml") {
				t.Errorf("approved by %v: exit %d, want %d\n%s%s", tt.approved, r.code, tt.exit, r.stdout, r.stderr)
			}
		})
	}
}

// TestTheLastOwnersOfAGroupApproveItsReturn: the owners a group had last
// approve its return to members.toml, wherever it was: not only the
// members file's own owners of long before (who approve too, an admin
// standing in for those gone), when another file held the group since
// and let it go; nor only a file that names the group at the base
// (an example), beside the one that let it go; nor does a file retired
// by a rename escape, as one deleted does not.
func TestTheLastOwnersOfAGroupApproveItsReturn(t *testing.T) {
	t.Parallel()
	teamList := "\n[lists.team]\naddress = \"team@example.org\"\npolicy = \"t\"\n\n[policies.t]\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\n"
	// The team's file once it let the group go: its people kept, on no
	// list, under the handles they had.
	stub := strings.NewReplacer(`lists = { team = "owner" }`, "lists = {}", "[lists.team]\naddress = \"team@example.org\"\npolicy = \"t\"\n", "").Replace(otherTeam)
	example := strings.NewReplacer(`"tom@example.org"`, `"fred@example.org"`, `"tom-x"`, `"fred-x"`, `"tina@example.org"`, `"fran@example.org"`, `"tina-x"`, `"fran-x"`).Replace(otherTeam)
	for _, tt := range []struct {
		name  string
		setup func(f *fixture, base string)
		// kept: the team's file still names its owners at the base, who
		// approve under their handles there; a file gone seats nobody
		// (this file's admins stand in).
		kept bool
	}{
		{"the members file had it long before", func(f *fixture, base string) {
			f.repo.Commit("members.toml", base+teamList+reviewEntry("old@example.org", "old-x", `team = "owner"`), "An old team list (#2)")
			f.repo.CommitFiles("The team takes its list (#3)", "members.toml", base, "other.toml", otherTeam)
			f.repo.Commit("other.toml", stub, "The team's list goes (#4)")
		}, true},
		{"an example names the group at the base", func(f *fixture, base string) {
			f.repo.CommitFiles("The team's list, and an example (#2)", "other.toml", otherTeam, "docs/example.toml", example)
			f.repo.Commit("other.toml", stub, "The team's list goes (#3)")
		}, true},
		{"the file retired by a rename", func(f *fixture, base string) {
			f.repo.Commit("other.toml", otherTeam, "The team's list (#2)")
			f.repo.Git("mv", "other.toml", "other.toml.retired")
			f.repo.Git("commit", "-q", "-m", "Retire the team's file (#3)")
		}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, base := reviewRepo(t)
			// Two admins: the members file's own former list, whose
			// owner the base no longer has, keeps its seat, an admin
			// other than the new list's standing in (s16-delta finding 2).
			base = strings.Replace(base, `admins = ["root-x"]`, `admins = ["root-x", "ops-x"]`, 1)
			f.repo.Commit("members.toml", base, "A second admin")
			tt.setup(f, base)
			f.write("members.toml", teamMovedIn(base))
			r := f.reviewApprovedBy("root-x", "ops-x", "ada-x", "bob-x", "grace-x", "old-x", "fred-x", "fran-x")
			if r.code != 1 || !strings.Contains(r.stdout, "of other.toml") {
				t.Errorf("approved without tom-x and tina-x: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if !tt.kept {
				return
			}
			r = f.reviewApprovedBy("root-x", "ops-x", "ada-x", "bob-x", "grace-x", "old-x", "fred-x", "fran-x", "tom-x", "tina-x")
			if r.code != 0 {
				t.Errorf("tom-x and tina-x approving too: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// TestADecoyThatLetAGroupGoSeatsNoOneAlone: a file this gate does not
// review (docs/decoy.toml) takes a group the members file let go, with
// its author as owner, and lets it go again, keeping the author's entry:
// the change that brings the group back to members.toml needs the
// owners the members file gave it too, whichever let it go last (commit
// dates are their authors' to write).
func TestADecoyThatLetAGroupGoSeatsNoOneAlone(t *testing.T) {
	t.Parallel()
	f, base := reviewRepo(t)
	teamList := "\n[lists.team]\naddress = \"team@example.org\"\npolicy = \"t\"\n\n[policies.t]\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\n"
	owned := strings.Replace(base, `lists = { reports = "owner" }`, `lists = { reports = "owner", team = "owner" }`, 1) + teamList // bob's
	f.repo.Commit("members.toml", owned, "A team list (#2)")
	f.repo.Commit("members.toml", base, "The team list goes (#3)")
	decoy := "schema = 1\nadmins = [\"mallory-x\"]\n" + teamList + reviewEntry("mallory@example.org", "mallory-x", `team = "owner"`)
	f.repo.Commit("docs/decoy.toml", decoy, "An example")
	f.repo.Commit("docs/decoy.toml", strings.Replace(strings.Replace(decoy, teamList, "", 1), `lists = { team = "owner" }`, "lists = {}", 1), "The example, shorter")
	f.write("members.toml", teamMovedIn(base))
	// tom-x and tina-x attest to the records, as their vetters; bob-x
	// owned the list in members.toml.
	f.approvedOnlyWith([]string{"root-x", "mallory-x", "ada-x", "tom-x", "tina-x"}, []string{"root-x", "mallory-x", "ada-x", "bob-x", "tom-x", "tina-x"}, "")
}

// TestADecoyFileNewerThanTheOneThatLetTheGroupGoAddsNoSeat: another file
// let the group go; a file no gate reviews (docs/example.toml) then
// takes it with its author and an admin as owners, and lets it go too.
// The change that brings the group to members.toml still needs the
// owners the first file gave it: every file that let it go is asked,
// not the newest alone (s16-19b finding 1).
func TestADecoyFileNewerThanTheOneThatLetTheGroupGoAddsNoSeat(t *testing.T) {
	t.Parallel()
	f, base := reviewRepo(t)
	f.repo.Commit("other.toml", otherTeam, "The team's own list (#2)")
	f.repo.Commit("other.toml", strings.Replace(otherTeam, `address = "team@example.org"`, `address = "team-retired@example.org"`, 1), "The team's list goes (#3)")
	decoy := strings.NewReplacer(`"tom@example.org"`, `"mallory@example.org"`, `"tom-x"`, `"mallory-x"`, `"tina@example.org"`, `"root@example.org"`, `"tina-x"`, `"root-x"`).Replace(otherTeam)
	f.repo.Commit("docs/example.toml", decoy, "docs: an example")
	f.repo.Commit("docs/example.toml", strings.Replace(decoy, `address = "team@example.org"`, `address = "team-example@example.org"`, 1), "docs: the example's address")
	f.write("members.toml", teamMovedIn(base))
	f.approvedOnlyWith([]string{"root-x", "mallory-x", "ada-x"}, []string{"root-x", "mallory-x", "ada-x", "tom-x", "tina-x"}, "of other.toml")
}

// TestADeletedDecoyDoesNotUnseatTheMembersFilesFormerList: the members
// file's list for a group goes, and its owner leaves the file. A file
// no gate reviews is made naming the group with owners who can approve
// (ada, seated in the base), and deleted. The change that brings the
// group back still needs an admin in the gone owner's seat: the members
// file's own former list never drops out beside another file's
// (s16-delta finding 2).
func TestADeletedDecoyDoesNotUnseatTheMembersFilesFormerList(t *testing.T) {
	t.Parallel()
	f, base := reviewRepo(t)
	base = strings.Replace(base, `admins = ["root-x"]`, `admins = ["root-x", "ops-x"]`, 1)
	teamList := "\n[lists.team]\naddress = \"team@example.org\"\npolicy = \"t\"\n\n[policies.t]\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\n"
	f.repo.Commit("members.toml", base+teamList+reviewEntry("old@example.org", "old-x", `team = "owner"`), "A team list (#2)")
	f.repo.Commit("members.toml", base, "The team list goes, and old with it (#3)")
	f.repo.Commit("docs/decoy.toml", "schema = 1\n"+teamList+reviewEntry("ada@example.org", "ada-x", `team = "owner"`), "An example")
	f.repo.Git("rm", "-q", "docs/decoy.toml")
	f.repo.Git("commit", "-q", "-m", "No example")
	f.write("members.toml", teamMovedIn(base))
	// tom-x and tina-x attest to the records, as their vetters.
	r := f.approvedOnlyWith([]string{"root-x", "ada-x", "tom-x", "tina-x"}, []string{"root-x", "ada-x", "ops-x", "tom-x", "tina-x"}, "")
	// Not approved, the seat's line says how many admins the change
	// needs in all, and why root-x's approval does not fill it.
	if !strings.Contains(r.stdout, "none of them an admin counted for the change's admins' requirement (@root-x): 2 admins in all") ||
		!strings.Contains(r.stdout, "not counted: @root-x (an admin counted for the admins' requirement of this change") {
		f.t.Errorf("the seat's line does not say what it needs:\n%s", r.stdout)
	}
}

// reviewApprovedBy is the review of the working members.toml against
// HEAD, in text, with the approvals of approved.
func (f *fixture) reviewApprovedBy(approved ...string) outcome {
	f.t.Helper()
	return f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD", Format: report.Text, ApprovedBy: approved}))
}

// notApprovedByTheAdminAlone checks that the change, approved by the
// admin root-x and ada-x, is refused (exit 1) with each of says in the
// review: the owners a group had elsewhere are asked.
func (f *fixture) notApprovedByTheAdminAlone(says ...string) {
	f.t.Helper()
	r := f.reviewApprovedBy("root-x", "ada-x")
	missing := r.code != 1
	for _, s := range says {
		missing = missing || !strings.Contains(r.stdout, s)
	}
	if missing {
		f.t.Errorf("exit %d, want 1 saying %q\n%s%s", r.code, says, r.stdout, r.stderr)
	}
}

// approvedOnlyWith checks that the review is not approved by short
// (exit 1) and is by enough (exit 0), each saying says when it is given;
// it returns the refusal, for what it says of the seats.
func (f *fixture) approvedOnlyWith(short, enough []string, says string) outcome {
	f.t.Helper()
	r := f.reviewApprovedBy(short...)
	for _, c := range []struct {
		r        outcome
		approved []string
		exit     int
	}{{r, short, 1}, {f.reviewApprovedBy(enough...), enough, 0}} {
		if c.r.code != c.exit || !strings.Contains(c.r.stdout, says) {
			f.t.Errorf("approved by %v: exit %d, want %d\n%s%s", c.approved, c.r.code, c.exit, c.r.stdout, c.r.stderr)
		}
	}
	return r
}

// hiddenMerge forks a branch from main's parent commit, commits content
// to path there, merges main into it keeping the branch's tree
// ("-s ours") and fast-forwards main to it: main's first-parent line
// then never shows the tip main had.
func (f *fixture) hiddenMerge(path, content, subject string) {
	f.t.Helper()
	f.repo.Git("checkout", "-q", "-b", "side", "HEAD~1")
	f.repo.Commit(path, content, subject)
	f.repo.Git("merge", "-q", "-s", "ours", "--no-edit", "main")
	f.repo.Git("checkout", "-q", "main")
	f.repo.Git("merge", "-q", "--ff-only", "side")
}

// TestReviewOfAGroupADecoyFileLetGo: other.toml lets team go, its
// owners' entries with it (their handles are seated nowhere now); a
// decoy file, which no review gates, then gives the group a list owned
// by decoy-x and lets it go too, keeping decoy-x's entry. A change taking
// the group into members.toml still needs other.toml's list approved,
// its admin root-y standing in for its owners gone: the decoy's seated
// owner does not push it out (s27-gate2 finding 1).
func TestReviewOfAGroupADecoyFileLetGo(t *testing.T) {
	t.Parallel()
	f, base := reviewRepo(t)
	other := strings.Replace(otherTeam, `admins = ["root-x"]`, `admins = ["root-y"]`, 1)
	f.repo.Commit("other.toml", other, "The team's own list (#2)")
	f.repo.Commit("other.toml", "schema = 1\nadmins = [\"root-y\"]\n", "The team's list goes (#3)")
	decoy := strings.NewReplacer(`admins = ["root-x"]`, `admins = ["mallory-x"]`, "tom@example.org", "decoy@example.net", "tom-x", "decoy-x").Replace(otherTeam)
	decoy = decoy[:strings.Index(decoy, "[[member]]\nemail = \"tina@example.org\"")]
	f.repo.Commit("decoy.toml", decoy, "A file of mine")
	f.repo.Commit("decoy.toml", strings.NewReplacer("[lists.team]\naddress = \"team@example.org\"\npolicy = \"t\"\n", "", `lists = { team = "owner" }`, "lists = {}").Replace(decoy), "Its list goes")
	f.write("members.toml", teamMovedIn(base))
	r := f.reviewApprovedBy("root-x", "ada-x", "decoy-x")
	if r.code != 1 || !strings.Contains(r.stdout, "of other.toml") || !strings.Contains(r.stdout, "NOT APPROVED") {
		t.Errorf("exit %d, want other.toml's list still asked\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestReviewOfAListBackFromAFileThatLetItGo: team moved from
// members.toml to other.toml (tom and tina keeping their entries here,
// on no list), other.toml gave it owners of its own and let it go with
// them. Taking it back with tom and tina as owners is approved by them
// and an admin: other.toml's list, whose owners are gone, drops out
// beside members.toml's own, whose owners can approve; its one admin
// could never stand in for two (s27-regress5 finding 1).
func TestReviewOfAListBackFromAFileThatLetItGo(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	base := teamBase(`"root-x", "root2-x"`)
	owners := teamMember("tom@example.org", "tom-x", `team = "owner"`, "tina-x") + teamMember("tina@example.org", "tina-x", `team = "owner"`, "tom-x")
	kept := teamMember("tom@example.org", "tom-x", "", "tina-x") + teamMember("tina@example.org", "tina-x", "", "tom-x")
	other := strings.Replace(base, `["root-x", "root2-x"]`, `["oadm-x"]`, 1)
	f.repo.Commit("members.toml", base+teamList+owners, "team (#1)")
	f.repo.CommitFiles("team moves to other.toml (#2)", "members.toml", base+kept,
		"other.toml", other+teamList+teamMember("pat@example.org", "pat-x", `team = "owner"`, "quin-x")+teamMember("quin@example.org", "quin-x", `team = "owner"`, "pat-x"))
	f.repo.Commit("other.toml", other, "other.toml lets team go (#3)")
	f.write("members.toml", base+teamList+owners)
	if r := f.reviewApprovedBy("root-x", "tom-x", "tina-x"); r.code != 0 {
		t.Errorf("exit %d, want approved\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestReviewOfAGroupBackWithADecoyGivingOldHandles: team moved from
// members.toml to other.toml, which gave it owners of its own and let it
// go with them; tom and tina left members.toml. A decoy file no review
// gates holds the group, owned by mal and mal2, and lists tom and tina
// under their old handles. Taking team back with mal and mal2 as owners
// is not approved by them, the decoy's handles and an admin: the decoy
// seats nobody, for members.toml's own former list or in other.toml's
// place (s27-gate3).
func TestReviewOfAGroupBackWithADecoyGivingOldHandles(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	base := teamBase(`"root-x", "root2-x", "root3-x"`)
	other := strings.Replace(base, `["root-x", "root2-x", "root3-x"]`, `["oadm-x"]`, 1)
	f.repo.Commit("members.toml", base+teamList+teamMember("tom@example.org", "tom-x", `team = "owner"`, "tina-x")+teamMember("tina@example.org", "tina-x", `team = "owner"`, "tom-x"), "team (#1)")
	f.repo.CommitFiles("team moves to other.toml (#2)", "members.toml", base,
		"other.toml", other+teamList+teamMember("pat@example.org", "pat-x", `team = "owner"`, "quin-x")+teamMember("quin@example.org", "quin-x", `team = "owner"`, "pat-x"))
	f.repo.Commit("other.toml", other, "other.toml lets team go (#3)")
	mals := teamMember("mal@example.org", "mal-x", `team = "owner"`, "mal2-x") + teamMember("mal2@example.org", "mal2-x", `team = "owner"`, "mal-x")
	f.repo.Commit("examples/demo.toml", "schema = 1\nadmins = [\"mal-x\"]\n\n[policies.t]\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\n"+teamList+mals+
		teamMember("tom@example.org", "tom-x", "", "mal-x")+teamMember("tina@example.org", "tina-x", "", "mal-x"), "docs: an example (#4)")
	f.write("members.toml", base+teamList+mals)
	if r := f.reviewApprovedBy("root-x", "tom-x", "tina-x", "mal-x", "mal2-x"); r.code == 0 {
		t.Errorf("approved with a decoy's handles\n%s%s", r.stdout, r.stderr)
	}
}

// TestReviewOfAGroupBackAfterADecoyOnASide: other.toml let team go with
// its owners; a change whose commits gave members.toml a team list owned
// by mal and mal2 and took it out again was merged with a merge commit.
// That list, found only on the merged side, asks its owners too, but
// does not stand for the group: other.toml's list, whose owners are
// gone, does not drop out beside it, and the return is not approved by
// mal and mal2 with an admin (s27-gate3 finding 3).
func TestReviewOfAGroupBackAfterADecoyOnASide(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	base := teamBase(`"root-x", "root2-x", "root3-x"`)
	mals := teamMember("mal@example.org", "mal-x", `team = "owner"`, "mal2-x") + teamMember("mal2@example.org", "mal2-x", `team = "owner"`, "mal-x")
	malsOff := teamMember("mal@example.org", "mal-x", "", "root-x") + teamMember("mal2@example.org", "mal2-x", "", "root-x")
	other := strings.Replace(base, `["root-x", "root2-x", "root3-x"]`, `["oadm-x"]`, 1)
	f.repo.CommitFiles("team in other.toml (#1)", "members.toml", base+malsOff,
		"other.toml", other+teamList+teamMember("pat@example.org", "pat-x", `team = "owner"`, "quin-x")+teamMember("quin@example.org", "quin-x", `team = "owner"`, "pat-x"))
	f.repo.Commit("other.toml", other, "other.toml lets team go (#2)")
	f.repo.Git("checkout", "-q", "-b", "decoy")
	f.repo.Commit("members.toml", base+teamList+mals, "wip")
	f.repo.Commit("members.toml", base+malsOff, "wip done")
	f.repo.Git("checkout", "-q", "main")
	f.repo.Git("merge", "-q", "--no-ff", "-m", "Merge decoy (#3)", "decoy")
	f.write("members.toml", base+teamList+mals)
	if r := f.reviewApprovedBy("root-x", "mal-x", "mal2-x"); r.code == 0 || !strings.Contains(r.stdout, "of other.toml") {
		t.Errorf("exit %d, want other.toml's list still asked\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// teamBase is a members file's preamble for the team tests: admins (a
// TOML array's items) and policy t.
func teamBase(admins string) string {
	return "schema = 1\nadmins = [" + admins + "]\n\n[policies.t]\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\n"
}

// teamList is the team list, of team@example.org under policy t.
const teamList = "\n[lists.team]\naddress = \"team@example.org\"\npolicy = \"t\"\n"

// teamMember is an entry on lists, vetted by by.
func teamMember(email, handle, lists, by string) string {
	return "\n[[member]]\nemail = \"" + email + "\"\ngithub = \"" + handle + "\"\nlists = { " + lists + " }\nvetting = [{ by = \"" + by + "\", on = 2026-01-01, method = \"video-call\" }]\n"
}
