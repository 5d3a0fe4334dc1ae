package workspace_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// adviceBase is the committed file of the advice tests: reports (a cap
// of 5, owners vet, a GitHub handle required) with two owners and a
// member, all synced; announce with one owner.
const adviceBase = `schema = 1
admins = ["ada-x"]

[lists.reports]
address = "security@example.org"
policy = "receivers"

[lists.announce]
address = "announce@example.org"
policy = "open"

[policies.receivers]
max_members = 5
min_owners = 1
vetting_methods = ["video-call"]
vetted_by = "owner"
required_fields = ["github"]
unmanaged = "report"

[policies.open]
vetting_methods = ["video-call"]
vetted_by = "member"
unmanaged = "report"

[[member]]
email = "ada@example.org"
github = "ada-x"
lists = { reports = "owner", announce = "owner" }
vetting = [{ by = "bo@example.org", on = 2026-06-01, method = "video-call" }]

[[member]]
email = "bo@example.org"
github = "bo-x"
lists = { reports = "owner" }
vetting = [{ by = "ada@example.org", on = 2026-06-01, method = "video-call" }]

[[member]]
email = "grace@example.org"
github = "grace-x"
lists = { reports = "member" }
vetting = [{ by = "ada@example.org", on = 2026-06-01, method = "video-call" }]
`

// adviceLive is the domain as the scheduled sync left it: the groups
// hold the committed file.
func adviceLive() *emulator.State {
	return &emulator.State{Groups: []*emulator.Group{
		{Email: "security@example.org", Members: []*emulator.Member{
			{Email: "ada@example.org", Role: "OWNER", Type: "USER", Status: "ACTIVE"},
			{Email: "bo@example.org", Role: "OWNER", Type: "USER", Status: "ACTIVE"},
			{Email: "grace@example.org", Role: "MEMBER", Type: "USER", Status: "ACTIVE"},
		}},
		{Email: "announce@example.org", Members: []*emulator.Member{
			{Email: "ada@example.org", Role: "OWNER", Type: "USER", Status: "ACTIVE"},
		}},
	}}
}

func roleEdit(email, list string, role members.Role) edit {
	return edit{"role " + email, func(ws *workspace.Workspace) error {
		return ws.Role(ctx, workspace.RoleOptions{File: "members.toml", Email: email, List: list, Role: role})
	}}
}

func vetted(by string) *members.Vetting {
	return &members.Vetting{By: by, Method: "video-call", Note: "call", On: todayDate}
}

// TestAdviceAgreesWithPlan: after every edit, each line saying what
// sync will do is what roster plan shows for groups that hold the file
// as last committed (which the scheduled sync converged them to), not
// what the file before the edit held: someone added and then promoted
// was never synced (an addition as owner, not a role change); someone
// added and taken off again leaves sync nothing to do; a vetting record
// that unblocks says sync now adds; an addition over the cap holds back
// everyone new to the list, and says so; every finding that blocks is
// named.
func TestAdviceAgreesWithPlan(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
	f.repo.Commit("members.toml", adviceBase, "Lists (#1)")
	if got := f.planned(); len(got["reports"])+len(got["announce"]) != 0 {
		t.Fatalf("the domain does not hold the committed file: %v", got)
	}
	for _, step := range []struct {
		edit  edit
		email string
		// want are strings the advice must hold, none those it must not.
		want, none []string
	}{
		{addEdit(workspace.AddOptions{Email: "k@example.org", GitHub: "k-x", Lists: lists("reports")}), "k@example.org",
			[]string{"sync will not put k@example.org on reports as member until this is fixed: no vetting record"}, nil},
		{roleEdit("k@example.org", "reports", members.RoleOwner), "k@example.org",
			[]string{"sync will not put k@example.org on reports as owner until"}, []string{"from member to owner"}},
		{vetEdit("k@example.org", *vetted("ada@example.org")), "k@example.org",
			[]string{"sync will now add k@example.org to reports as owner"}, nil},
		{roleEdit("k@example.org", "reports", members.RoleManager), "k@example.org",
			[]string{"sync will add k@example.org to reports as manager"}, []string{"from owner to manager"}},
		{addEdit(workspace.AddOptions{Email: "dee@example.org", Name: "Dee", Lists: lists("reports:owner")}), "dee@example.org",
			[]string{"until this is fixed: github is required on reports", "; no vetting record for reports"}, nil},
		{removeEdit("dee@example.org", "reports"), "dee@example.org",
			[]string{"sync has nothing to do for dee@example.org on reports: members.toml as last committed (HEAD "}, []string{"take dee"}},
		{addEdit(workspace.AddOptions{Email: "p1@example.org", GitHub: "p1-x", Lists: lists("reports"), Vetting: vetted("bo@example.org")}), "p1@example.org",
			[]string{"sync will add p1@example.org to reports as member"}, nil},
		{addEdit(workspace.AddOptions{Email: "p2@example.org", GitHub: "p2-x", Lists: lists("reports"), Vetting: vetted("bo@example.org")}), "p2@example.org",
			[]string{"sync will not put p2@example.org on reports as member until this is fixed: this entry takes reports to 6 members",
				"this edit holds back k@example.org, p1@example.org on reports too, whom sync would have added before it: "},
			[]string{"goes ahead with everything else"}},
		{removeEdit("p2@example.org"), "p2@example.org",
			[]string{"sync will now also add k@example.org (manager), p1@example.org (member) to reports, which it held back before this edit"}, nil},
		{removeEdit("grace@example.org", "reports"), "grace@example.org",
			[]string{"sync will take grace@example.org off reports"}, nil},
		{addEdit(workspace.AddOptions{Email: "grace@example.org", Lists: lists("announce"), Vetting: vetted("ada@example.org")}), "grace@example.org",
			[]string{"put grace@example.org on announce in members.toml, with the vetting record by ada@example.org", "sync will add grace@example.org to announce as member"}, nil},
		// ada's record is bo's, who vets no longer once demoted: ada,
		// unadmitted, stands in for no owner, so bo's demotion waits.
		{roleEdit("bo@example.org", "reports", members.RoleMember), "bo@example.org",
			[]string{"sync will not make bo@example.org member on reports until this is fixed: held back by the sync guards: security@example.org would be left with 0 owners the file admits there"}, nil},
		{roleEdit("k@example.org", "reports", members.RoleMember), "k@example.org",
			[]string{"sync will add k@example.org to reports as member"}, nil},
		{roleEdit("ada@example.org", "reports", members.RoleMember), "ada@example.org",
			[]string{"sync will not touch reports, this change included, until its policy holds"}, nil},
		// The list holds again: everything sync left alone there goes
		// ahead, and the advice says so.
		{roleEdit("ada@example.org", "reports", members.RoleOwner), "ada@example.org",
			[]string{"sync will now work on reports, which it left alone before this edit (", "sync will now also "}, nil},
	} {
		r := f.do(step.edit)
		if !r.wrote() {
			t.Fatalf("%s: exit %d\n%s", step.edit.name, r.code, r.stderr)
		}
		lines := f.checkAdvice(r, step.email)
		advice := strings.Join(lines, "\n")
		for _, want := range step.want {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("%s: the advice does not say %q:\n%s", step.edit.name, want, r.stderr)
			}
		}
		for _, none := range step.none {
			if strings.Contains(advice, none) {
				t.Errorf("%s: the advice says %q:\n%s", step.edit.name, none, r.stderr)
			}
		}
	}
}

// TestAdviceSaysWhomAnEditLeavesUnvetted: an edit that takes away the
// records of people the groups hold (their vetter demoted) leaves them on
// the group, unvetted, and the next sync exits 3 for them, as for a
// walk-in: the advice says so, not only validate; a record that admits
// them again says sync no longer counts them.
func TestAdviceSaysWhomAnEditLeavesUnvetted(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
	f.repo.Commit("members.toml", adviceBase, "Lists (#1)")
	for _, step := range []struct {
		edit  edit
		email string
		want  string
	}{
		// bo and grace were vetted by ada, an owner no more.
		{roleEdit("ada@example.org", "reports", members.RoleMember), "ada@example.org",
			"sync will leave bo@example.org, grace@example.org on reports, as the file lists them there, but as unvetted: it exits 3 for them, as for a walk-in, until a record admits them again (vetting by ada@example.org on 2026-06-01: ada@example.org is a member of reports, but policy receivers needs an owner"},
		{vetEdit("grace@example.org", *vetted("bo@example.org")), "grace@example.org",
			"sync no longer counts grace@example.org on reports as unvetted (before this edit, it would have exited 3 for them)"},
	} {
		r := f.do(step.edit)
		if !r.wrote() {
			t.Fatalf("%s: exit %d\n%s", step.edit.name, r.code, r.stderr)
		}
		f.checkAdvice(r, step.email)
		if !strings.Contains(r.stderr, step.want) {
			t.Errorf("%s: the advice does not say %q:\n%s", step.edit.name, step.want, r.stderr)
		}
	}
}

// TestAdviceOutsideGit: with no committed version, the advice is judged
// against the file before the edit, and says so.
func TestAdviceOutsideGit(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", adviceBase)
	r := f.do(addEdit(workspace.AddOptions{Email: "p1@example.org", GitHub: "p1-x", Lists: lists("reports"), Vetting: vetted("bo@example.org")}))
	for _, want := range []string{
		"added p1@example.org to members.toml, on reports, with the vetting record by bo@example.org on ",
		"sync will add p1@example.org to reports as member",
		"note: this is judged as roster validate judges it, with no one on a list yet, and against members.toml as it was before this edit for whom the groups may have already (it is not committed in git, so roster cannot tell what they hold); roster plan reads the groups themselves",
	} {
		if r.code != 0 || !strings.Contains(r.stderr, want) {
			t.Errorf("exit %d, no %q:\n%s", r.code, want, r.stderr)
		}
	}
}

// TestAdviceSaysWhatSyncHoldsBack: taking an owner off when the one the
// file puts in their place cannot be added yet: sync holds the removal
// back until the new owner is in, and the advice says so, as plan does,
// instead of "sync will take them off".
func TestAdviceSaysWhatSyncHoldsBack(t *testing.T) {
	t.Parallel()
	base := strings.Replace(adviceBase, "min_owners = 1", "min_owners = 2", 1)
	f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
	f.repo.Commit("members.toml", base, "Lists (#1)")
	f.do(addEdit(workspace.AddOptions{Email: "k@example.org", GitHub: "k-x", Lists: lists("reports:owner")}))
	r := f.do(removeEdit("bo@example.org", "reports"))
	if !strings.Contains(r.stderr, "sync will not take bo@example.org off reports: held while k@example.org cannot be made owner") || strings.Contains(r.stderr, "sync will take bo@example.org off") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	f.checkAdvice(r, "bo@example.org")
}

// TestVetAdviceSaysWhatTheRecordLifts: a record for someone the committed
// file lists says sync has nothing to do for them, and, when their
// record had lapsed (which kept a sync from adding them, were they not on
// the group yet), that the next sync adds them if one left them off.
func TestVetAdviceSaysWhatTheRecordLifts(t *testing.T) {
	t.Parallel()
	base := strings.Replace(adviceBase, "vetted_by = \"owner\"", "vetted_by = \"owner\"\nvetting_valid_for = \"30d\"", 1)
	f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
	f.repo.Commit("members.toml", base, "Lists (#1)")
	r := f.do(vetEdit("grace@example.org", *vetted("ada@example.org")))
	for _, want := range []string{
		"sync has nothing to do for grace@example.org on reports: members.toml as last committed (HEAD ",
		"if a sync left them off the group for want of this record (vetting by ada@example.org on 2026-06-01 lapsed on",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("no %q:\n%s", want, r.stderr)
		}
	}
	// The old record's problem, not its mend: the edit was the mend.
	if strings.Contains(r.stderr, "record a new one") {
		t.Errorf("the advice after vet still says to record a new one:\n%s", r.stderr)
	}
	f.checkAdvice(r, "grace@example.org")
}

// TestAdviceThroughALinkFromOutside: a link of one's own, from outside
// the repository to its members file, is followed to the history of the
// file it points at: the advice is judged against that file as
// committed, as it is when the file is named directly.
func TestAdviceThroughALinkFromOutside(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", adviceBase, "Lists (#1)")
	link := filepath.Join(t.TempDir(), "link.toml")
	if err := os.Symlink(filepath.Join(f.dir, "members.toml"), link); err != nil {
		t.Fatal(err)
	}
	r := f.do(addEdit(workspace.AddOptions{File: link, Email: "p1@example.org", GitHub: "p1-x", Lists: lists("reports"), Vetting: vetted("bo@example.org")}))
	if r.code != 0 || !strings.Contains(r.stderr, "as last committed (HEAD ") || strings.Contains(r.stderr, "not committed in git") {
		t.Errorf("exit %d, the advice is not judged against the committed file:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(f.read("members.toml"), "p1@example.org") {
		t.Error("the edit did not reach the file the link points at")
	}
	h := f.doHistory(workspace.HistoryOptions{File: link})
	if h.code != 0 || !strings.Contains(h.stdout, "Lists (#1)") {
		t.Errorf("history through the link: exit %d\n%s%s", h.code, h.stdout, h.stderr)
	}
}

// TestAdviceNamesWhatItHoldsBack: a removal that takes a list past the
// removal guard holds back the removal an earlier edit made too; the
// advice says sync would have taken them off, not added or promoted
// them.
func TestAdviceNamesWhatItHoldsBack(t *testing.T) {
	t.Parallel()
	extra := "\n[[member]]\nemail = \"p1@example.org\"\ngithub = \"p1-x\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-06-01, method = \"video-call\" }]\n" +
		"\n[[member]]\nemail = \"p2@example.org\"\ngithub = \"p2-x\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-06-01, method = \"video-call\" }]\n"
	f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
	f.repo.Commit("members.toml", adviceBase+extra, "Lists (#1)")
	if r := f.do(removeEdit("p1@example.org", "reports")); !strings.Contains(r.stderr, "sync will take p1@example.org off reports") {
		t.Fatalf("the first removal:\n%s", r.stderr)
	}
	r := f.do(removeEdit("p2@example.org", "reports"))
	if !strings.Contains(r.stderr, "this edit holds back p1@example.org on reports too, whom sync would have taken off before it") {
		t.Errorf("the advice does not say what it holds back:\n%s", r.stderr)
	}
}

// TestALinkToATrackedLinkIsNotFollowedPastIt: a link of one's own to a
// members file that git holds as a link stops there: history skips the
// tracked link's version, as it does when the link is named directly,
// and never reads the file it points at.
func TestALinkToATrackedLinkIsNotFollowedPastIt(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	f.repo.Commit("real.toml", adviceBase, "The real file (#1)")
	if err := os.Symlink("real.toml", filepath.Join(f.dir, "members.toml")); err != nil {
		t.Fatal(err)
	}
	f.repo.Git("add", "members.toml")
	f.repo.Git("commit", "-q", "-m", "A link (#2)")
	link := filepath.Join(t.TempDir(), "link.toml")
	if err := os.Symlink(filepath.Join(f.dir, "members.toml"), link); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"members.toml", link} {
		if r := f.doHistory(workspace.HistoryOptions{File: file}); strings.Contains(r.stdout, "The real file") || !strings.Contains(r.stderr, "not a regular file in git") {
			t.Errorf("history --file %s read past a tracked link: exit %d\n%s%s", file, r.code, r.stdout, r.stderr)
		}
	}
}

// TestAdviceNamesTheErrorsAnEditMakes: demoting the vetter of other
// entries (the policy wants an owner to vet) makes their records stop
// counting: the advice shows those errors as the edit's, apart from the
// file's older trouble, which it only counts.
func TestAdviceNamesTheErrorsAnEditMakes(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := strings.Replace(readTestdata(t, "report-list/members.toml"), `vetted_by = "member"`, `vetted_by = "owner"`, 1)
	ada := entry("ada@example.org", "owner", "bob@example.org", "2026-01-05")
	bob := entry("bob@example.org", "owner", "ada@example.org", "2026-01-05")
	carol := entry("carol@example.org", "member", "ada@example.org", "2026-01-05")
	dan := "\n[[member]]\nemail = \"dan@example.org\"\nlists = { reports = \"member\" }\n"
	f.repo.Commit("members.toml", hdr+ada+bob+carol+dan, "The list (#1)")
	f.repo.Commit("NOTES", "unrelated\n", "Notes (#2)")
	r := f.outcome(f.ws(workspace.Context{}).Role(ctx, workspace.RoleOptions{File: "members.toml", Email: "ada@example.org", List: "reports", Role: members.RoleMember}))
	if r.code != workspace.ExitFailed {
		t.Fatalf("role: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "roster validate (what CI runs) now fails on 2 errors that this edit makes about other entries:") ||
		!regexp.MustCompile(`member carol@example.org: vetting by ada@example.org .*is a member of reports, but policy p needs an owner to vet`).MatchString(r.stderr) {
		t.Errorf("the advice does not show the error the edit made:\n%s", r.stderr)
	}
	if !strings.Contains(r.stderr, "1 more error about other entries, as it had before this edit") {
		t.Errorf("the advice does not count dan's older error apart:\n%s", r.stderr)
	}
	// HEAD is a later commit than the one that last changed the file:
	// the label says both, and does not call the older one HEAD.
	if !regexp.MustCompile(`as last committed \(HEAD, last changed in [0-9a-f]{10}\)`).MatchString(r.stderr) {
		t.Errorf("the advice mislabels the file's commit:\n%s", r.stderr)
	}
}

// TestAnEditThatBreaksValidateFails: an edit that leaves validate
// failing where it passed is written (the next command completes it)
// and exits 1, saying so; one that keeps it passing, or touches an
// entry other than those already failing, exits 0.
func TestAnEditThatBreaksValidateFails(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("grace@example.org", `reports = "member"`))
	r := f.do(addEdit(workspace.AddOptions{Email: "lin@example.org", Lists: lists("reports")}))
	if r.code != workspace.ExitFailed || !strings.Contains(r.stderr, "members.toml is written, but roster validate (what CI runs) now fails on 1 error this edit made") ||
		!strings.Contains(f.read("members.toml"), "lin@example.org") {
		t.Errorf("add without a record: exit %d\n%s", r.code, r.stderr)
	}
	// The file already fails on lin: an edit of another entry that adds
	// no error of its own is fine.
	if r := f.do(addEdit(workspace.AddOptions{Email: "kim@example.org", Lists: lists("reports"),
		Vetting: &members.Vetting{By: "ada@example.org", On: day("2026-11-01"), Method: "video-call", Note: "Call"}})); r.code != 0 {
		t.Errorf("add with a record, beside lin's old error: exit %d\n%s", r.code, r.stderr)
	}
	// And the record completes lin.
	if r := f.do(vetEdit("lin@example.org", members.Vetting{By: "ada@example.org", On: day("2026-11-01"), Method: "video-call", Note: "Call"})); r.code != 0 {
		t.Errorf("vet lin: exit %d\n%s", r.code, r.stderr)
	}
	if v := f.doValidate("members.toml", report.Text, ""); v.code != 0 {
		t.Errorf("validate after: exit %d\n%s%s", v.code, v.stdout, v.stderr)
	}
}

// TestAdviceOnAListThatStaysFailing: on a list whose policy fails before
// and after an edit (too few owners), sync touches nothing, and the
// advice says so whatever the edit: a record, which changes no role
// there, as well as a role or an addition.
func TestAdviceOnAListThatStaysFailing(t *testing.T) {
	t.Parallel()
	base := strings.Replace(adviceBase, "min_owners = 1", "min_owners = 3", 1)
	for _, tc := range []struct {
		edit  edit
		email string
	}{
		{vetEdit("grace@example.org", *vetted("ada@example.org")), "grace@example.org"},
		{roleEdit("grace@example.org", "reports", members.RoleManager), "grace@example.org"},
		{addEdit(workspace.AddOptions{Email: "k@example.org", GitHub: "k-x", Lists: lists("reports"), Vetting: vetted("bo@example.org")}), "k@example.org"},
	} {
		t.Run(tc.edit.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
			f.repo.Commit("members.toml", base, "Lists (#1)")
			r := f.do(tc.edit)
			if !r.wrote() {
				t.Fatalf("exit %d\n%s", r.code, r.stderr)
			}
			said := false
			for _, line := range f.checkAdvice(r, tc.email) {
				if m := adviceUntouch.FindStringSubmatch(line); m != nil && m[1] == "reports" {
					said = true
				}
			}
			if !said {
				t.Errorf("the advice does not say sync leaves reports alone:\n%s", r.stderr)
			}
		})
	}
}

// TestAdviceKnowsAnEntryUnderAnotherSpelling: the working copy spells
// grace with a +tag the committed file (and so the group) does not:
// plan takes them for one person, and so does the advice after an
// edit of the entry, whichever spelling the command names.
func TestAdviceKnowsAnEntryUnderAnotherSpelling(t *testing.T) {
	t.Parallel()
	for _, step := range []struct {
		edit edit
		want string
	}{
		{removeEdit("grace@example.org", "reports"), "sync will take grace@example.org off reports"},
		{roleEdit("grace@example.org", "reports", "owner"), "sync will change grace+x@example.org on reports from member to owner"},
	} {
		t.Run(step.edit.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
			f.repo.Commit("members.toml", adviceBase, "Lists (#1)")
			f.write("members.toml", strings.Replace(adviceBase, `email = "grace@example.org"`, `email = "grace+x@example.org"`, 1))
			r := f.do(step.edit)
			if !strings.Contains(r.stderr, step.want) {
				t.Errorf("exit %d, want %q:\n%s", r.code, step.want, r.stderr)
			}
			f.checkAdvice(r, "grace@example.org")
		})
	}
}

// TestAdviceKnowsWhomSyncNeverAdded: the committed file has k as an
// owner of reports with no vetting record, so sync never put k on the
// group. Taking bo off is held until an owner replaces them: the advice
// says so, as the plan does, rather than take k for an owner already in.
func TestAdviceKnowsWhomSyncNeverAdded(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
	committed := adviceBase + "\n[[member]]\nemail = \"k@example.org\"\ngithub = \"k-x\"\nlists = { reports = \"owner\" }\n"
	f.repo.Commit("members.toml", committed, "Lists, and k (#1)")
	r := f.do(removeEdit("bo@example.org", "reports"))
	if !strings.Contains(r.stderr, "sync will not take bo@example.org off reports: held while k@example.org cannot be made owner") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	f.checkAdvice(r, "bo@example.org")
}

// TestAdviceInAShallowClone: a shallow clone holds HEAD's version of the
// file, all the advice after an edit is judged against: it says so, as
// in a full clone, not that the file is not committed.
func TestAdviceInAShallowClone(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
	f.repo.Commit("members.toml", adviceBase, "Lists (#1)")
	f.repo.Commit("members.toml", adviceBase+"\n", "Tidy (#2)")
	f.shallowClone()
	r := f.do(removeEdit("grace@example.org", "reports"))
	if !r.wrote() || !strings.Contains(r.stderr, "note: this is judged against members.toml as last committed (HEAD ") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
}

// TestAdviceOutsideGitKeepsWhomSyncKeeps: outside git, sync cannot tell
// it put grace on the group, and a list that keeps whom it did not add
// (unmanaged = "report") keeps her: the advice after removing her says
// so, never "sync will take her off", and sync agrees.
func TestAdviceOutsideGitKeepsWhomSyncKeeps(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, false)
	f.write("members.toml", adviceBase)
	r := f.do(removeEdit("grace@example.org", "reports"))
	if !r.wrote() || !strings.Contains(r.stderr, "sync will not take grace@example.org off reports: members.toml is not committed") || strings.Contains(r.stderr, "sync will take grace") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	f.doSync(workspace.SyncOptions{})
	if !slices.ContainsFunc(f.emu.Members("security@example.org"), func(m emulator.Member) bool { return m.Email == "grace@example.org" }) {
		t.Error("sync took grace off")
	}
}

// TestAdviceFollowsARenamedList: the edit's file calls the committed
// reports list "rep2" (the same address, not committed yet). The advice
// follows the group, as sync does: removing grace takes her off it,
// promoting her changes her role, demoting an owner whose place no
// owner the file admits takes waits, and nobody already on the group is
// "added"; each line agrees with plan.
func TestAdviceFollowsARenamedList(t *testing.T) {
	t.Parallel()
	renamed := strings.NewReplacer("[lists.reports]", "[lists.rep2]", "reports = ", "rep2 = ").Replace(adviceBase)
	for _, step := range []struct {
		edit  edit
		email string
		want  string
	}{
		{removeEdit("grace@example.org", "rep2"), "grace@example.org", "sync will take grace@example.org off rep2"},
		{roleEdit("grace@example.org", "rep2", members.RoleOwner), "grace@example.org", "sync will change grace@example.org on rep2 from member to owner"},
		{roleEdit("bo@example.org", "rep2", members.RoleMember), "bo@example.org", "sync will not make bo@example.org member on rep2 until this is fixed: held back by the sync guards"},
	} {
		t.Run(step.edit.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
			f.repo.Commit("members.toml", adviceBase, "Lists (#1)")
			f.write("members.toml", renamed)
			r := f.do(step.edit)
			if !r.wrote() || !strings.Contains(r.stderr, step.want) || strings.Contains(r.stderr, "sync will add") {
				t.Errorf("exit %d, want %q:\n%s", r.code, step.want, r.stderr)
			}
			f.checkAdvice(r, step.email)
		})
	}
}

// TestAdviceForAnEntrySyncNeverAdded: w is listed, with a record, but
// without the GitHub handle the policy requires: sync refused to add
// them, so the group does not hold them. A second record changes
// nothing (sync still refuses, for the handle), and the handle lets the
// next sync add them; neither is "nothing to do", nor was w ever a
// walk-in sync exited 3 for.
func TestAdviceForAnEntrySyncNeverAdded(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
	f.repo.Commit("members.toml", adviceBase+"\n[[member]]\nemail = \"w@example.org\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-06-01, method = \"video-call\" }]\n", "Add w (#2)")
	for _, step := range []struct {
		edit       edit
		want, none []string
	}{
		{vetEdit("w@example.org", *vetted("bo@example.org")),
			[]string{"sync will not put w@example.org on reports as member until this is fixed: github is required"}, []string{"nothing to do"}},
		{addEdit(workspace.AddOptions{Email: "w@example.org", GitHub: "w-x", Lists: lists("reports")}),
			[]string{"sync will now add w@example.org to reports as member"}, []string{"nothing to do", "as unvetted", "exited 3"}},
	} {
		r := f.do(step.edit)
		for _, w := range step.want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%s: the advice does not say %q:\n%s", step.edit.name, w, r.stderr)
			}
		}
		for _, n := range step.none {
			if strings.Contains(r.stderr, n) {
				t.Errorf("%s: the advice says %q:\n%s", step.edit.name, n, r.stderr)
			}
		}
	}
	if c, ok := f.planned()["reports"]["w@example.org"]; !ok || c.Action != plan.ActionAdd || c.Blocked != "" {
		t.Errorf("plan after the edits: %+v", c)
	}
}

// TestAdviceDoubtsAGroupTheFileNeverAdmittedTo: the committed file lists
// c on a record its policy does not take, so sync may never have put
// them on the group; the advice on taking them off or changing their
// role says so, rather than promise a removal from a group that may
// not have them.
func TestAdviceDoubtsAGroupTheFileNeverAdmittedTo(t *testing.T) {
	t.Parallel()
	carol := strings.Replace(entry("carol@example.org", "member", "ada@example.org", "2026-06-01"), `method = "video-call"`, `method = "phone"`, 1)
	for _, tc := range []struct {
		name string
		edit edit
	}{
		{"remove", removeEdit("carol@example.org")},
		{"role", roleEdit("carol@example.org", "reports", members.RoleManager)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+carol, "The list (#1)")
			r := f.do(tc.edit)
			if !strings.Contains(r.stderr, "the group may not have them at all: members.toml as last committed") || !strings.Contains(r.stderr, `method "phone"`) {
				t.Errorf("exit %d\n%s", r.code, r.stderr)
			}
		})
	}
}

// TestAdviceDoesNotDoubtARecordWhoseVetterLeft: a record by a vetter who
// has left the list since admitted the person when it was written: the
// advice on taking them off promises the removal, with no doubt.
func TestAdviceDoesNotDoubtARecordWhoseVetterLeft(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	carol := entry("carol@example.org", "member", "bob@example.org", "2026-06-01")
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+carol, "The list (#1)")
	r := f.do(removeEdit("carol@example.org"))
	if !strings.Contains(r.stderr, "sync will take carol@example.org off reports") || strings.Contains(r.stderr, "may not have them at all") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
}

// TestEditsNameTheEntryAsTheFileSpellsIt: role, vet and add of an
// existing entry typed in another case say whom they changed as the file
// has them, with how it was typed, not the typed spelling alone.
func TestEditsNameTheEntryAsTheFileSpellsIt(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	hdr := readTestdata(t, "report-list/members.toml")
	ada := entry("ada@example.org", "owner", "bob@example.org", "2026-01-05")
	bob := entry("bob@example.org", "owner", "ada@example.org", "2026-01-05")
	carol := entry("carol@example.org", "member", "ada@example.org", "2026-01-05")
	f.repo.Commit("members.toml", hdr+ada+bob+carol, "The list (#1)")
	ws := f.ws(workspace.Context{})
	for _, tc := range []struct {
		name string
		edit func() error
	}{
		{"role", func() error {
			return ws.Role(ctx, workspace.RoleOptions{File: "members.toml", Email: "CAROL@EXAMPLE.ORG", List: "reports", Role: members.RoleOwner})
		}},
		{"vet", func() error {
			on := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
			return ws.Vet(ctx, workspace.VetOptions{File: "members.toml", Email: "CAROL@EXAMPLE.ORG", Vetting: members.Vetting{By: "bob@example.org", On: on, Method: "video-call"}})
		}},
	} {
		r := f.outcome(tc.edit())
		if !strings.Contains(r.stderr, "CAROL@EXAMPLE.ORG (in the file as carol@example.org, line") {
			t.Errorf("%s: exit %d, the entry is not named as the file has it:\n%s", tc.name, r.code, r.stderr)
		}
	}
}
