package workspace_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// movedInPolicy takes a record for 30 days: the records below (of
// 2026-02-20) held when the lists first named their people (the
// repository's commits are of March) and have lapsed by today.
const movedInPolicy = `
[policies.p]
min_owners = 1
vetting_methods = ["video-call"]
vetted_by = "member"
vetting_valid_for = "30d"
unmanaged = "report"
`

func movedInEntry(email, list, role, by string) string {
	return "\n[[member]]\nemail = \"" + email + "\"\nlists = { " + list + " = \"" + role + "\" }\n\n  [[member.vetting]]\n  by = \"" + by + "\"\n  on = 2026-02-20\n  method = \"video-call\"\n  note = \"Checked.\"\n"
}

// TestAListMovedInFromAnotherFile: other.toml manages rep (boss, bob,
// carol, admitted while their records held, lapsed since); one change
// moves rep into members.toml and takes carol off. Nobody joins rep: on
// every route that judges the change against its base (validate of the
// working tree, validate --base, validate --head --base) the lapsed
// records are warnings, as they are once the change is merged. The pull
// request's plan does not read rep's group (other.toml is no file the
// gate reviews) but says that sync follows the move, taking off whom
// other.toml listed and the change does not, which sync does after the
// merge.
func TestAListMovedInFromAnotherFile(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	head := "schema = 1\nadmins = [\"ada-x\"]\n"
	two := "\n[lists.two]\naddress = \"two@example.org\"\npolicy = \"p\"\n"
	rep := "\n[lists.rep]\naddress = \"rep@example.org\"\npolicy = \"p\"\n"
	twoPeople := movedInEntry("zed@example.org", "two", "owner", "yan@example.org") + movedInEntry("yan@example.org", "two", "member", "zed@example.org")
	repPeople := movedInEntry("boss@example.org", "rep", "owner", "bob@example.org") + movedInEntry("bob@example.org", "rep", "member", "boss@example.org")
	carol := movedInEntry("carol@example.org", "rep", "member", "boss@example.org")
	f.repo.CommitFiles("Create the lists (#1)",
		"other.toml", head+rep+movedInPolicy+repPeople+carol,
		"members.toml", head+two+movedInPolicy+twoPeople)
	if err := f.emu.AddGroup("rep@example.org", emulator.Member{Email: "boss@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org"}, emulator.Member{Email: "carol@example.org"}); err != nil {
		t.Fatal(err)
	}
	if err := f.emu.AddGroup("two@example.org", emulator.Member{Email: "zed@example.org", Role: "OWNER"}, emulator.Member{Email: "yan@example.org"}); err != nil {
		t.Fatal(err)
	}
	validate := func(name string, o workspace.ValidateOptions) {
		t.Helper()
		o.Path, o.Format, o.At = "members.toml", report.Text, todayDate
		r := f.outcome(f.ws(workspace.Context{}).Validate(ctx, o))
		if all := r.stdout + r.stderr; r.code != 0 || strings.Contains(all, "error:") || strings.Count(all, "until re-vetted") != 4 {
			t.Errorf("%s: exit %d, want 0 and each lapse a warning\n%s%s", name, r.code, r.stdout, r.stderr)
		}
	}

	// The move written, not yet committed (other.toml deleted too).
	f.repo.Write("members.toml", head+two+rep+movedInPolicy+twoPeople+repPeople)
	f.repo.Git("rm", "-q", "other.toml")
	validate("validate of the working tree", workspace.ValidateOptions{})

	f.repo.Git("add", "members.toml")
	f.repo.Git("commit", "-q", "-m", "Move rep into members.toml, without carol (#2)")
	validate("validate --base HEAD~1", workspace.ValidateOptions{Base: "HEAD~1"})
	validate("validate --head HEAD --base HEAD~1", workspace.ValidateOptions{Source: workspace.Source{Rev: "HEAD"}, Base: "HEAD~1"})

	p := f.doPlan(workspace.PlanOptions{Source: workspace.Source{Path: "members.toml", Rev: "HEAD"}, Base: "HEAD~1"})
	if !strings.Contains(p.stderr, "list rep: not read: its group rep@example.org is managed at the base by other.toml") ||
		!strings.Contains(p.stdout, "sync follows the move from other.toml after the merge: it takes off the group whom other.toml listed on it and this file does not") || strings.Contains(p.stdout, "carol") || p.code == workspace.ExitFailed || strings.Contains(p.stderr, "error: member") {
		t.Errorf("plan --head HEAD --base HEAD~1: exit %d, want rep unread, the move's removals said, and its people's lapses warnings as validate --base has them\n%s%s", p.code, p.stdout, p.stderr)
	}
	s := f.doSync(workspace.SyncOptions{})
	if s.code != 0 || !strings.Contains(s.stdout, "- carol@example.org") || strings.Contains(strings.Join(f.group("rep@example.org"), " "), "carol") {
		t.Errorf("sync after the merge: exit %d, want carol removed\n%s%s", s.code, s.stdout, s.stderr)
	}
}

// TestAMovedInListWhoseOldVersionCannotBeRead: other.toml had rep (carol
// on it); a later commit moves rep into members.toml without carol; the
// object of other.toml's first version goes missing. Every route that
// reads rep where it was then (show --at, diff, audit --at) refuses,
// naming the object, as history and site do: never a day with no list
// on it, nor carol's departure lost.
func TestAMovedInListWhoseOldVersionCannotBeRead(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	head := "schema = 1\nadmins = [\"ada-x\"]\n"
	rep := "\n[lists.rep]\naddress = \"rep@example.org\"\npolicy = \"p\"\n"
	people := movedInEntry("boss@example.org", "rep", "owner", "bob@example.org") + movedInEntry("bob@example.org", "rep", "member", "boss@example.org")
	carol := movedInEntry("carol@example.org", "rep", "member", "boss@example.org")
	first := f.repo.CommitFiles("rep in other.toml (#1)", "other.toml", head+rep+movedInPolicy+people+carol, "members.toml", head+movedInPolicy)
	when := f.repo.Git("log", "-1", "--format=%cs", first)
	f.repo.Tick()
	f.repo.Git("rm", "-q", "other.toml")
	f.repo.Commit("members.toml", head+rep+movedInPolicy+people, "Move rep in, without carol (#2)")
	blob := f.repo.Git("rev-parse", first+":other.toml")
	if err := os.Remove(filepath.Join(f.repo.Dir, ".git", "objects", blob[:2], blob[2:])); err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]outcome{
		"show --at":        f.doShow(workspace.ShowOptions{At: when}),
		"diff":             f.doDiff(workspace.DiffOptions{From: when, To: "HEAD"}),
		"diff --exit-code": f.doDiff(workspace.DiffOptions{From: when, To: "HEAD", ExitCode: true}),
		"audit --at":       f.doAudit(false, workspace.AuditOptions{At: day(when)}),
	} {
		if r.code == 0 || r.code == 1 && name == "diff --exit-code" || !strings.Contains(r.stderr, blob) {
			t.Errorf("%s: exit %d, want a refusal naming the object %s\n%s%s", name, r.code, blob, r.stdout, r.stderr)
		}
	}
}

// TestOnlyTheMovedListsPeopleWereOnItsGroup: other.toml at the base has
// list h, and a list s2 for the group members.toml's sec manages, with
// mallory on it; the change moves h in and makes mallory an owner of
// sec on a lapsed record. Only h's people were on h's group before the
// change: mallory is new to sec, and her lapse an error, as it is with
// no s2 at all.
func TestOnlyTheMovedListsPeopleWereOnItsGroup(t *testing.T) {
	t.Parallel()
	head := "schema = 1\nadmins = [\"ada-x\"]\n"
	sec := "\n[lists.sec]\naddress = \"sec@example.org\"\npolicy = \"p\"\n"
	h := "\n[lists.h]\naddress = \"h@example.org\"\npolicy = \"p\"\n"
	s2 := "\n[lists.s2]\naddress = \"sec@example.org\"\npolicy = \"p\"\n"
	owners := movedInEntry("boss@example.org", "sec", "owner", "bob@example.org") + movedInEntry("bob@example.org", "sec", "owner", "boss@example.org")
	hPeople := movedInEntry("hank@example.org", "h", "owner", "hana@example.org") + movedInEntry("hana@example.org", "h", "member", "hank@example.org")
	for _, withS2 := range []bool{false, true} {
		f := newRepoFixture(t)
		other := head + h + movedInPolicy + hPeople
		if withS2 {
			other = head + h + s2 + movedInPolicy + hPeople + movedInEntry("mallory@example.org", "s2", "owner", "bob@example.org")
		}
		f.repo.CommitFiles("Lists (#1)", "members.toml", head+sec+movedInPolicy+owners, "other.toml", other)
		f.repo.Git("rm", "-q", "other.toml")
		f.repo.Commit("members.toml", head+sec+h+movedInPolicy+owners+hPeople+movedInEntry("mallory@example.org", "sec", "owner", "bob@example.org"), "Move h in; mallory owns sec (#2)")
		r := f.outcome(f.ws(workspace.Context{}).Validate(ctx, workspace.ValidateOptions{Source: workspace.Source{Path: "members.toml"}, Format: report.Text, At: todayDate, Base: "HEAD~1"}))
		if all := r.stdout + r.stderr; r.code != workspace.ExitFailed || !strings.Contains(all, "error: member mallory@example.org") || strings.Contains(all, "error: member hank@example.org") {
			t.Errorf("with s2 %v: exit %d, want mallory's lapse an error and hank's a warning\n%s", withS2, r.code, all)
		}
	}
}

// TestReviewNotesAFileNamingAManagedGroup: a change that adds another
// .toml file holding a list for a group members.toml manages asks for
// nothing (review gates members.toml), but says so, naming the file, so
// that whoever reviews it knows what a later move from it would stand on.
func TestReviewNotesAFileNamingAManagedGroup(t *testing.T) {
	t.Parallel()
	f, base := reviewRepo(t)
	planted := "schema = 1\nadmins = [\"mallory-x\"]\n\n[lists.r2]\naddress = \"security@example.org\"\npolicy = \"p\"\n\n[policies.p]\nvetting_methods = [\"video-call\"]\nvetted_by = \"member\"\n" +
		reviewEntry("mallory@example.org", "mallory-x", `r2 = "owner"`)
	f.repo.Commit("teams/extra.toml", planted, "Add a file (#2)")
	r := f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text}))
	if !strings.Contains(r.stdout+r.stderr, "teams/extra.toml, which this change adds or edits, holds a list for a group members.toml manages") {
		t.Errorf("exit %d, want the note naming teams/extra.toml\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A change to members.toml alone says nothing of other files.
	f.repo.Commit("members.toml", addLin(base), "Add lin (#3)")
	r = f.outcome(f.ws(workspace.Context{}).Review(ctx, workspace.ReviewOptions{File: "members.toml", Base: "HEAD~1", Head: "HEAD", Format: report.Text, ApprovedBy: []string{"ada-x"}}))
	if strings.Contains(r.stdout+r.stderr, "extra.toml") {
		t.Errorf("a change that leaves the other file alone names it:\n%s%s", r.stdout, r.stderr)
	}
}
