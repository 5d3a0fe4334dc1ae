package workspace_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/report"
	"github.com/roster-dev/roster/workspace"
)

// onGroup reports whether the fixture's domain has email on group.
func (f *fixture) onGroup(group, email string) bool {
	return slices.ContainsFunc(f.emu.Members(group), func(m emulator.Member) bool { return strings.EqualFold(m.Email, email) })
}

// TestAdviceOnAListWhoseGroupChanged: the working copy points reports at
// another group (same id, a new address, not committed yet). The
// committed file's members of reports are on the old group, which sync
// no longer reads: an edit of one of them says sync leaves them there,
// naming it, and takes no one off the new group, as plan and sync do.
func TestAdviceOnAListWhoseGroupChanged(t *testing.T) {
	t.Parallel()
	moved := strings.Replace(adviceBase, `address = "security@example.org"`, `address = "security-team@example.org"`, 1)
	for _, step := range []struct {
		edit  edit
		email string
		want  []string
	}{
		{removeEdit("grace@example.org", "reports"), "grace@example.org", []string{
			"sync has nothing to do for grace@example.org on reports: its group is now security-team@example.org, on which members.toml as last committed (HEAD ",
			"sync will leave grace@example.org on security@example.org, which roster no longer manages",
		}},
		{roleEdit("grace@example.org", "reports", members.RoleOwner), "grace@example.org", []string{
			"sync will add grace@example.org to reports as owner",
			"sync will leave grace@example.org on security@example.org, which roster no longer manages",
		}},
	} {
		t.Run(step.edit.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
			f.repo.Commit("members.toml", adviceBase, "Lists (#1)")
			f.write("members.toml", moved)
			r := f.do(step.edit)
			if !r.wrote() {
				t.Fatalf("exit %d\n%s", r.code, r.stderr)
			}
			for _, want := range step.want {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("the advice does not say %q:\n%s", want, r.stderr)
				}
			}
			if strings.Contains(r.stderr, "sync will take") || strings.Contains(r.stderr, "from member to owner") {
				t.Errorf("the advice takes the old group's members for the new one's:\n%s", r.stderr)
			}
			f.checkAdvice(r, step.email)
			f.doSync(workspace.SyncOptions{})
			if !f.onGroup("security@example.org", step.email) {
				t.Errorf("sync took %s off the group it no longer manages", step.email)
			}
		})
	}
}

// csvBase is a committed file with one csv list, distros: a consumer
// group roster reads through its member export (distros.csv), which
// sync cannot write.
const csvBase = `schema = 1

[lists.distros]
address = "example-distros@googlegroups.com"
provider = "csv"
snapshot = "distros.csv"
policy = "advance-warning"

[policies.advance-warning]
min_owners = 1
vetting_methods = ["video-call"]
vetted_by = "member"
unmanaged = "report"

[[member]]
email = "amara@example.org"
lists = { distros = "owner" }
vetting = [{ by = "dana@example.org", on = 2026-06-01, method = "video-call" }]

[[member]]
email = "dana@example.org"
lists = { distros = "member" }
vetting = [{ by = "amara@example.org", on = 2026-06-01, method = "video-call" }]
`

// TestAdviceOnACSVList: on a csv list the export is the group, which
// the advice reads as plan does: what it shows decides what the edit
// asks, which a person must do in the group's page (sync only lists it,
// and fails until the export shows it), or nothing, when the export
// already agrees.
func TestAdviceOnACSVList(t *testing.T) {
	t.Parallel()
	const amara = "amara@example.org,,owner\n"
	for _, tc := range []struct {
		name, export string
		edit         edit
		want         string
	}{
		{"not on the export, promoted", amara, roleEdit("dana@example.org", "distros", members.RoleOwner),
			"sync cannot add dana@example.org to distros as owner (provider csv): a person must, in the group's page"},
		{"not on the export, removed", amara, removeEdit("dana@example.org", "distros"),
			"sync has nothing to do for dana@example.org on distros: its export distros.csv does not show them there either"},
		{"on the export, promoted", amara + "dana@example.org,,member\n", roleEdit("dana@example.org", "distros", members.RoleOwner),
			"sync cannot change dana@example.org on distros from member to owner (provider csv): a person must, in the group's page"},
		{"on the export, removed", amara + "dana@example.org,,member\n", removeEdit("dana@example.org", "distros"),
			"sync cannot take dana@example.org off distros (provider csv): a person must, in the group's page"},
		{"an owner on the export already", amara + "dana@example.org,,owner\n", roleEdit("dana@example.org", "distros", members.RoleOwner),
			"sync has nothing to do for dana@example.org on distros: its export distros.csv shows them there as owner already"},
		{"no export", "", removeEdit("dana@example.org", "distros"),
			"sync will not touch distros until its export can be read: read snapshot of example-distros@googlegroups.com: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			f.repo.CommitFiles("Lists (#1)", "members.toml", csvBase, "distros.csv", "Email address,Nickname,Group status\n"+tc.export)
			if tc.export == "" {
				if err := os.Remove(filepath.Join(f.dir, "distros.csv")); err != nil {
					t.Fatal(err)
				}
			}
			r := f.do(tc.edit)
			if !r.wrote() || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, want %q:\n%s", r.code, tc.want, r.stderr)
			}
			f.checkAdvice(r, "dana@example.org")
			if !strings.Contains(r.stderr, "(as the scheduled sync keeps them), and a csv list's group to be its member export; ") {
				t.Errorf("the note does not say the export was read as the group:\n%s", r.stderr)
			}
			s := f.doSync(workspace.SyncOptions{})
			pending := strings.HasPrefix(tc.want, "sync cannot ")
			if unread := tc.export == ""; pending != strings.Contains(s.stdout+s.stderr, "NEEDS A PERSON") || (pending || unread) != (s.code == workspace.ExitFailed) {
				t.Errorf("sync: exit %d\n%s%s", s.code, s.stdout, s.stderr)
			}
		})
	}
}

// TestVetAdviceKnowsWhomSyncRefused: the committed file lists hank on a
// record that had lapsed when it came to list him so (as a member, or as
// an owner once a member): sync refused to add or promote him, so the
// group does not have him so, and never counted him unvetted. A new
// record lets the next sync add or promote him, which the advice says,
// as plan shows it; it claims no exit 3 that never was. Listing him as
// the member the group has him as leaves sync nothing to do.
func TestVetAdviceKnowsWhomSyncRefused(t *testing.T) {
	t.Parallel()
	base := strings.Replace(adviceBase, "vetted_by = \"owner\"", "vetted_by = \"owner\"\nvetting_valid_for = \"300d\"", 1)
	hankBy := func(role, on, by, method string) string {
		return "\n[[member]]\nemail = \"hank@example.org\"\ngithub = \"hank-x\"\nlists = { reports = \"" + role + "\" }\nvetting = [{ by = \"" + by + "\", on = " + on + ", method = \"" + method + "\" }]\n"
	}
	hank := func(role, on string) string { return hankBy(role, on, "ada@example.org", "video-call") }
	for _, tc := range []struct {
		name string
		// early is committed first, while the record held; file later,
		// once it had lapsed.
		early, file string
		live        string // hank's role on the group, "" for none
		edit        edit
		want        string
		none        []string
	}{
		{"never added", "", hank("member", "2025-01-01"), "", vetEdit("hank@example.org", *vetted("ada@example.org")),
			"sync will now add hank@example.org to reports as member", []string{"exited 3", "if a sync left them off", "nothing to do"}},
		{"never promoted", hank("member", "2025-06-01"), hank("owner", "2025-06-01"), "MEMBER", vetEdit("hank@example.org", *vetted("ada@example.org")),
			"sync will now change hank@example.org on reports from member to owner", []string{"exited 3", "if a sync left them off", "nothing to do"}},
		// Refused for a record the list's policy does not take: a
		// vetter who may not vet for it, a method it does not accept
		// (s30-everyday finding 2).
		{"never added: a vetter who may not vet", "", hankBy("member", "2026-04-01", "grace@example.org", "video-call"), "", vetEdit("hank@example.org", *vetted("ada@example.org")),
			"sync will now add hank@example.org to reports as member", []string{"exited 3", "if a sync left them off", "nothing to do"}},
		{"never added: the vetter made an owner", "", hankBy("member", "2026-04-01", "grace@example.org", "video-call"), "", roleEdit("grace@example.org", "reports", members.RoleOwner),
			"sync will now also add hank@example.org", []string{"exited 3", "if a sync left them off"}},
		{"never added: a method not taken", "", hankBy("member", "2026-04-01", "ada@example.org", "phone"), "", vetEdit("hank@example.org", *vetted("ada@example.org")),
			"sync will now add hank@example.org to reports as member", []string{"exited 3", "if a sync left them off", "nothing to do"}},
		{"never added, removed", "", hank("member", "2025-01-01"), "", removeEdit("hank@example.org", "reports"),
			"sync has nothing to do for hank@example.org on reports: the group does not have them: sync refused them the member role that members.toml as last committed (HEAD ", []string{"as member too"}},
		{"never promoted, listed as member", hank("member", "2025-06-01"), hank("owner", "2025-06-01"), "MEMBER", roleEdit("hank@example.org", "reports", members.RoleMember),
			"sync has nothing to do for hank@example.org on reports: the group has them as member: sync refused them the owner role that members.toml as last committed (HEAD ", []string{"as member too"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			live := adviceLive()
			if tc.live != "" {
				live.Groups[0].Members = append(live.Groups[0].Members, &emulator.Member{Email: "hank@example.org", Role: tc.live, Type: "USER", Status: "ACTIVE"})
			}
			f := newFixtureFrom(t, "", emulator.Options{State: live}, true)
			f.repo.Commit("members.toml", base+tc.early, "Lists (#1)")
			for range 60 { // past the lapse on 2026-03-28
				f.repo.Tick()
			}
			f.repo.Commit("members.toml", base+tc.file, "Hank (#2)")
			if s := f.doSync(workspace.SyncOptions{}); s.code != workspace.ExitFailed || !strings.Contains(s.stdout+s.stderr, "hank@example.org") {
				t.Fatalf("sync did not refuse hank: exit %d\n%s%s", s.code, s.stdout, s.stderr)
			}
			r := f.do(tc.edit)
			adviceSays(t, r, tc.want, tc.none...)
			f.checkAdvice(r, "hank@example.org")
		})
	}
}

// TestAdviceNamesEveryGuardSyncHits: two lists of ten; three people
// taken off one and three off the other, one edit at a time. Each list
// then loses more than a quarter (--max-removal-ratio), and the run six
// in all (--max-removals 5), which makes sync refuse everything: the
// last edit's advice names both limits, as sync does.
func TestAdviceNamesEveryGuardSyncHits(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	file := header + "\n[lists.beta]\naddress = \"beta@example.org\"\npolicy = \"p\"\n" + person("ada@example.org", `reports = "owner", beta = "owner"`) + person("grace@example.org", `reports = "member", beta = "member"`)
	for i := range 8 {
		file += person(fmt.Sprintf("a%d@example.org", i), `reports = "member"`) + person(fmt.Sprintf("b%d@example.org", i), `beta = "member"`)
	}
	f.repo.Commit("members.toml", file, "Two lists of ten (#1)")
	for _, g := range []string{"security@example.org", "beta@example.org"} {
		if err := f.emu.AddGroup(g); err != nil {
			t.Fatal(err)
		}
	}
	if s := f.doSync(workspace.SyncOptions{}); s.code != 0 {
		t.Fatalf("first sync: exit %d\n%s%s", s.code, s.stdout, s.stderr)
	}
	var r outcome
	for _, who := range []string{"a0", "a1", "a2", "b0", "b1", "b2"} {
		if r = f.do(removeEdit(who + "@example.org")); r.code != 0 {
			t.Fatalf("remove %s: exit %d\n%s", who, r.code, r.stderr)
		}
	}
	for _, want := range []string{
		"sync will not take b2@example.org off beta: held back by the sync guards: ",
		"cannot remove 6 members in all (limit 5; --max-removals 6 allows it)",
		"--max-removal-ratio 0.3 allows it",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("the last removal's advice does not say %q:\n%s", want, r.stderr)
		}
	}
	f.checkAdvice(r, "b2@example.org")
	if s := f.doSync(workspace.SyncOptions{}); s.code != workspace.ExitFailed || !strings.Contains(s.stderr, "cannot remove 6 members in all") || len(f.group("beta@example.org")) != 10 {
		t.Errorf("sync: exit %d, beta %v\n%s%s", s.code, f.group("beta@example.org"), s.stdout, s.stderr)
	}
}

// TestAdviceOutsideGitSaysSyncExits3: outside git, sync cannot tell it
// put grace on the group, keeps her there once the file no longer lists
// her, and exits 3 for her as for a walk-in: the advice after removing
// her says so, not only that she must be removed by hand.
func TestAdviceOutsideGitSaysSyncExits3(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, false)
	f.write("members.toml", adviceBase)
	r := f.do(removeEdit("grace@example.org", "reports"))
	if want := "it exits 3 for them, as for a walk-in, until they are removed from the group by hand"; !r.wrote() || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, want %q:\n%s", r.code, want, r.stderr)
	}
	f.checkAdvice(r, "grace@example.org")
	s := f.doSync(workspace.SyncOptions{})
	if lines := strings.Split(strings.TrimSpace(s.stderr), "\n"); s.code != workspace.ExitWalkIns || !strings.Contains(lines[len(lines)-1], "grace@example.org") {
		t.Errorf("sync: exit %d\n%s%s", s.code, s.stdout, s.stderr)
	}
}

// TestImportAdviceSaysSyncExits3: legacy's policy does not accept the
// grandfathered records an import writes, so the people it imports are
// on the group without a record that admits them: sync exits 3 for
// them, as for walk-ins, which the advice after the import says; it
// does not say only that sync keeps them.
func TestImportAdviceSaysSyncExits3(t *testing.T) {
	t.Parallel()
	live := adviceLive()
	live.Groups = append(live.Groups, &emulator.Group{Email: "legacy@example.org", Members: []*emulator.Member{
		{Email: "old1@example.org", Role: "MEMBER", Type: "USER", Status: "ACTIVE"},
		{Email: "old2@example.org", Role: "MEMBER", Type: "USER", Status: "ACTIVE"},
	}})
	f := newFixtureFrom(t, "", emulator.Options{State: live}, false)
	f.write("members.toml", strings.Replace(adviceBase, "[policies.receivers]", "[lists.legacy]\naddress = \"legacy@example.org\"\npolicy = \"open\"\n\n[policies.receivers]", 1))
	r := f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "legacy", Live: f.live()}))
	if want := "sync leaves them on legacy, but unvetted: it exits 3 for them, as for walk-ins, until a record admits them"; !r.wrote() || !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, "sync keeps") {
		t.Errorf("exit %d, want %q:\n%s", r.code, want, r.stderr)
	}
	s := f.doSync(workspace.SyncOptions{})
	if lines := strings.Split(strings.TrimSpace(s.stderr), "\n"); s.code != workspace.ExitWalkIns || !strings.Contains(lines[len(lines)-1], "old1@example.org") {
		t.Errorf("sync: exit %d\n%s%s", s.code, s.stdout, s.stderr)
	}
}

// TestAdviceOutsideGitCannotTellWhoIsOnTheGroup: outside git, taking zz
// off announce leaves them on the group (sync cannot tell it put them
// there), and the next edit's base, the file before it, does not list
// them: putting them back as a manager is an addition or a role change,
// and roster cannot tell which; nor, making them owner again, whether
// the group has them so already. The advice says either, as it is, and
// agrees with plan, which reads the group.
func TestAdviceOutsideGitCannotTellWhoIsOnTheGroup(t *testing.T) {
	t.Parallel()
	live := adviceLive()
	live.Groups[0].Members = append(live.Groups[0].Members, &emulator.Member{Email: "zz@example.org", Role: "MEMBER", Type: "USER", Status: "ACTIVE"})
	live.Groups[1].Members = append(live.Groups[1].Members, &emulator.Member{Email: "zz@example.org", Role: "OWNER", Type: "USER", Status: "ACTIVE"})
	f := newFixtureFrom(t, "", emulator.Options{State: live}, false)
	f.write("members.toml", adviceBase+"\n[[member]]\nemail = \"zz@example.org\"\ngithub = \"zz-x\"\nlists = { reports = \"member\", announce = \"owner\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-06-01, method = \"video-call\" }]\n")
	if r := f.do(removeEdit("zz@example.org", "announce")); r.code != 0 {
		t.Fatalf("remove: exit %d\n%s", r.code, r.stderr)
	}
	r := f.do(addEdit(workspace.AddOptions{Email: "zz@example.org", Lists: lists("announce:manager")}))
	if want := "sync will add zz@example.org to announce as manager, or give them that role if the group has them already (members.toml is not committed, so roster cannot tell)"; r.code != 0 || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, want %q:\n%s", r.code, want, r.stderr)
	}
	f.checkAdvice(r, "zz@example.org")
	// The file before this edit lists them as manager; the group has
	// them as owner still: roster cannot tell that either.
	r = f.do(roleEdit("zz@example.org", "announce", members.RoleOwner))
	if want := "sync will make zz@example.org owner on announce, if the group does not have them so already (members.toml is not committed, so roster cannot tell)"; r.code != 0 || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, want %q:\n%s", r.code, want, r.stderr)
	}
	f.checkAdvice(r, "zz@example.org")
	// Blocked: nor added nor promoted, whichever it is.
	r = f.do(addEdit(workspace.AddOptions{Email: "kim@example.org", Lists: lists("announce")}))
	if want := "sync will not add kim@example.org to announce as member, nor promote them to it if the group has them already (members.toml is not committed, so roster cannot tell), until this is fixed: no vetting record"; !r.wrote() || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, want %q:\n%s", r.code, want, r.stderr)
	}
	f.checkAdvice(r, "kim@example.org")
}

// TestAdviceOnACSVListNamesAPersonForOthers: on a csv list with a cap,
// an edit that takes the list over it holds back the addition of
// someone the export does not show, and one that brings it back lets it
// go ahead; sync makes neither (it cannot write the group): the advice
// says it would have asked, and now asks, a person to.
func TestAdviceOnACSVListNamesAPersonForOthers(t *testing.T) {
	t.Parallel()
	f := newRepoFixture(t)
	file := strings.Replace(csvBase, "min_owners = 1", "min_owners = 1\nmax_members = 3", 1)
	f.repo.CommitFiles("Lists (#1)", "members.toml", file, "distros.csv", "Email address,Nickname,Group status\namara@example.org,,owner\ndana@example.org,,member\n")
	for _, step := range []struct {
		edit edit
		want string
	}{
		{addEdit(workspace.AddOptions{Email: "kim@example.org", Lists: lists("distros"), Vetting: vetted("amara@example.org")}),
			"sync cannot add kim@example.org to distros as member (provider csv)"},
		{addEdit(workspace.AddOptions{Email: "lin@example.org", Lists: lists("distros"), Vetting: vetted("amara@example.org")}),
			"this edit holds back kim@example.org on distros too, whom sync would have asked a person to add before it: "},
		{removeEdit("lin@example.org"), "sync will now also ask a person to add kim@example.org (member) to distros, which it held back before this edit"},
	} {
		r := f.do(step.edit)
		if !r.wrote() || !strings.Contains(r.stderr, step.want) {
			t.Errorf("%s: exit %d, want %q:\n%s", step.edit.name, r.code, step.want, r.stderr)
		}
		f.checkAdvice(r, strings.TrimPrefix(strings.TrimPrefix(step.edit.name, "add "), "remove "))
	}
}

// firstFile is a file before its first commit: rep (a cap of 3, owners
// vet) with m and y, owners, and x, a member, each validly vetted.
const firstFile = `schema = 1
admins = ["m-x"]

[lists.rep]
address = "rep@example.org"
policy = "p"

[policies.p]
max_members = 3
min_owners = 1
vetting_methods = ["video-call"]
vetted_by = "owner"
vetting_valid_for = "365d"

[[member]]
email = "m@example.org"
github = "m-x"
lists = { rep = "owner" }
vetting = [{ by = "y-x", on = 2026-06-01, method = "video-call" }]

[[member]]
email = "x@example.org"
lists = { rep = "member" }
vetting = [{ by = "m-x", on = 2026-06-01, method = "video-call" }]

[[member]]
email = "y@example.org"
github = "y-x"
lists = { rep = "owner" }
vetting = [{ by = "m-x", on = 2026-06-01, method = "video-call" }]
`

// TestAdviceBeforeTheFirstCommitNamesWhomValidateNames: before the
// file's first commit (and outside git), validate takes no one to be on
// a list yet: an addition over the cap is blamed on the last entry in
// file order, and every lapse is an error. The advice after the edit
// names the entries validate names, and what it says sync does is what
// a first sync does on the new group: it adds a@ and holds y@ back.
func TestAdviceBeforeTheFirstCommitNamesWhomValidateNames(t *testing.T) {
	t.Parallel()
	empty := func() *emulator.State {
		return &emulator.State{Groups: []*emulator.Group{{Email: "rep@example.org"}}}
	}
	for _, inGit := range []bool{false, true} {
		f := newFixtureFrom(t, "", emulator.Options{State: empty()}, inGit)
		f.write("members.toml", firstFile)
		r := f.do(addEdit(workspace.AddOptions{Email: "a@example.org", Lists: lists("rep"), Vetting: vetted("m-x")}))
		v := f.outcome(f.ws(workspace.Context{}).Validate(ctx, workspace.ValidateOptions{Source: membersFile, Format: report.Text, At: todayDate}))
		if !strings.Contains(v.stdout, "member y@example.org: this entry takes rep to 4 members") || strings.Contains(v.stdout, "a@example.org") {
			t.Fatalf("in git %v: validate does not blame y@ alone:\n%s", inGit, v.stdout)
		}
		for _, want := range []string{
			"sync will add a@example.org to rep as member",
			"this edit holds back y@example.org on rep too, whom sync would have added before it if the group does not have them yet",
			"error: member y@example.org: this entry takes rep to 4 members",
		} {
			if !r.wrote() || !strings.Contains(r.stderr, want) {
				t.Errorf("in git %v: exit %d, the advice does not say %q:\n%s", inGit, r.code, want, r.stderr)
			}
		}
		if strings.Contains(r.stderr, "error: member a@example.org") || strings.Contains(r.stderr, "sync will not add a@example.org") {
			t.Errorf("in git %v: the advice blames a@, whom validate does not:\n%s", inGit, r.stderr)
		}
		f.checkAdvice(r, "a@example.org")
		_ = f.doSync(workspace.SyncOptions{})
		if got, want := f.group("rep@example.org"), []string{"a@example.org MEMBER", "m@example.org OWNER", "x@example.org MEMBER"}; !slices.Equal(got, want) {
			t.Errorf("in git %v: sync left rep with %v, want %v", inGit, got, want)
		}
	}
	// A lapse of someone the file before the edit listed is validate's
	// error too, not a warning: it blocks their addition to a new group.
	f := newFixtureFrom(t, "", emulator.Options{State: empty()}, false)
	f.write("members.toml", strings.Replace(firstFile, `{ by = "m-x", on = 2026-06-01, method = "video-call" }]

[[member]]
email = "y@`, `{ by = "m-x", on = 2025-06-01, method = "video-call" }]

[[member]]
email = "y@`, 1))
	r := f.do(vetEdit("m@example.org", *vetted("y-x")))
	if !strings.Contains(r.stderr, "has 1 more error about other entries") || strings.Contains(r.stderr, "warning: member x@example.org") {
		t.Errorf("the advice does not count x@'s lapse as validate does (an error):\n%s", r.stderr)
	}
}

// TestImportAdviceBeforeTheFirstCommitNamesWhomValidateNames: an import
// that takes a list not yet committed over its cap is judged as
// validate judges it, which blames the last entries in file order, not
// the entries the import wrote.
func TestImportAdviceBeforeTheFirstCommitNamesWhomValidateNames(t *testing.T) {
	t.Parallel()
	live := &emulator.State{Groups: []*emulator.Group{{Email: "rep@example.org", Members: []*emulator.Member{
		{Email: "b@example.org", Role: "MEMBER", Type: "USER", Status: "ACTIVE"},
		{Email: "m@example.org", Role: "OWNER", Type: "USER", Status: "ACTIVE"},
		{Email: "x@example.org", Role: "MEMBER", Type: "USER", Status: "ACTIVE"},
		{Email: "y@example.org", Role: "OWNER", Type: "USER", Status: "ACTIVE"},
	}}}}
	f := newFixtureFrom(t, "", emulator.Options{State: live}, false)
	f.write("members.toml", strings.Replace(firstFile, `vetting_methods = ["video-call"]`, `vetting_methods = ["video-call", "grandfathered"]`, 1))
	r := f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "rep", Live: f.live()}))
	v := f.outcome(f.ws(workspace.Context{}).Validate(ctx, workspace.ValidateOptions{Source: membersFile, Format: report.Text, At: todayDate}))
	if !strings.Contains(v.stdout, "member y@example.org: this entry takes rep to 4 members") || strings.Contains(v.stdout, "b@example.org") {
		t.Fatalf("validate does not blame y@ alone:\n%s", v.stdout)
	}
	if !r.wrote() || strings.Contains(r.stderr, "member b@example.org: this entry takes rep") || !strings.Contains(r.stderr, "1 more error about other entries") {
		t.Errorf("exit %d, the import's advice does not name what validate names:\n%s", r.code, r.stderr)
	}
}

// TestImportOfAnEmptyGroupSaysItIsEmpty: importing a group with nobody
// on it says so, not that every member is in the file already.
func TestImportOfAnEmptyGroupSaysItIsEmpty(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "")
	f.write("members.toml", founded(header)+founder(`announce = "owner"`)+strings.Replace(strings.Replace(header[strings.Index(header, "[lists.reports]"):strings.Index(header, "[policies")], "[lists.reports]", "[lists.empty]", 1), "security@", "empty@", 1))
	if err := f.emu.AddGroup("empty@example.org"); err != nil {
		t.Fatal(err)
	}
	r := f.outcome(f.ws(workspace.Context{}).Import(ctx, workspace.ImportOptions{File: "members.toml", List: "empty", Live: f.live()}))
	if !strings.Contains(r.stderr, "nothing to import: empty@example.org has no members") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	// A list with nobody on it fails its own policy: sync leaves its
	// group alone, which import says before it reads the group.
	if !strings.Contains(r.stderr, "note: list empty fails its own policy, so plan and sync neither read nor write empty@example.org until it passes") {
		t.Errorf("import does not say sync leaves the list alone:\n%s", r.stderr)
	}
}

// TestAdviceKnowsWhomSyncHeldBackOverACap: the committed file took rep
// over its cap with carol, the entry new to it, whom sync held back: she
// is not on the group, also after a later commit that changed something
// else. Taking another member off lets sync add her, and the advice says
// so; taking her off, or changing her role, is no change to the group,
// and the advice does not say sync takes her off or changes her role
// (s29-everyday finding 1, s29-regressD finding 1).
func TestAdviceKnowsWhomSyncHeldBackOverACap(t *testing.T) {
	t.Parallel()
	carol := "\n[[member]]\nemail = \"carol@example.org\"\nlists = { rep = \"member\" }\nvetting = [{ by = \"m-x\", on = 2026-06-01, method = \"video-call\" }]\n"
	for _, later := range []bool{false, true} {
		for _, step := range []struct {
			edit edit
			want string
			not  []string
		}{
			{removeEdit("x@example.org"), "sync will now also add carol@example.org", nil},
			{removeEdit("carol@example.org"), "", []string{"sync will take carol@example.org off"}},
			{roleEdit("carol@example.org", "rep", members.RoleOwner), "", []string{"sync will change carol@example.org"}},
		} {
			t.Run(fmt.Sprintf("%s, a later commit %v", step.edit.name, later), func(t *testing.T) {
				t.Parallel()
				f := newRepoFixture(t)
				f.repo.Commit("members.toml", firstFile, "Lists (#1)")
				f.repo.Commit("members.toml", firstFile+carol, "Add carol (#2)")
				if later {
					f.repo.Commit("members.toml", "# The security team's lists.\n"+firstFile+carol, "A comment (#3)")
				}
				adviceSays(t, f.do(step.edit), step.want, step.not...)
			})
		}
	}
}

// TestAdviceOfALoweredCapHoldsBackOnlyTheNewcomer: carol was synced onto
// rep under a cap of 4; a commit lowers the cap to 3 and adds dave, whom
// sync holds back. carol is on the group: taking her off is a removal
// sync makes, and her promotion one it makes too (s29-regressD finding 2).
func TestAdviceOfALoweredCapHoldsBackOnlyTheNewcomer(t *testing.T) {
	t.Parallel()
	entry := func(who string) string {
		return "\n[[member]]\nemail = \"" + who + "@example.org\"\nlists = { rep = \"member\" }\nvetting = [{ by = \"m-x\", on = 2026-06-01, method = \"video-call\" }]\n"
	}
	four := strings.Replace(firstFile, "max_members = 3", "max_members = 4", 1)
	for _, step := range []struct {
		edit edit
		want string
	}{
		{removeEdit("carol@example.org"), "sync will take carol@example.org off rep"},
		{roleEdit("carol@example.org", "rep", members.RoleOwner), "sync will change carol@example.org on rep from member to owner"},
	} {
		t.Run(step.edit.name, func(t *testing.T) {
			t.Parallel()
			f := newRepoFixture(t)
			f.repo.Commit("members.toml", four+entry("carol"), "Lists (#1)")
			f.repo.Commit("members.toml", firstFile+entry("carol")+entry("dave"), "Cap 3, add dave (#2)")
			adviceSays(t, f.do(step.edit), step.want)
		})
	}
}

// TestAdviceOfOneListOverItsCapJudgesAnotherOnItsOwn: rep has been over
// a cap lowered under it for a while; team, within its cap until the
// last commit, synced b2 then. Taking b2 off team is a removal sync
// makes: whom team holds is judged against team's own last version
// within its cap, not rep's (s29-regressE finding on 4ba0ae59).
func TestAdviceOfOneListOverItsCapJudgesAnotherOnItsOwn(t *testing.T) {
	t.Parallel()
	two := strings.Replace(firstFile, "[policies.p]", "[lists.team]\naddress = \"team@example.org\"\npolicy = \"q\"\n\n[policies.q]\nmax_members = 2\nmin_owners = 1\nvetting_methods = [\"video-call\"]\nvetted_by = \"owner\"\nvetting_valid_for = \"365d\"\n\n[policies.p]", 1)
	two = strings.Replace(two, `lists = { rep = "owner" }`, `lists = { rep = "owner", team = "owner" }`, 1)
	// rep over its cap from the first version on.
	lowered := strings.Replace(two, "[policies.p]\nmax_members = 3", "[policies.p]\nmax_members = 2", 1)
	on := func(who, lists string) string {
		return "\n[[member]]\nemail = \"" + who + "@example.org\"\nlists = { " + lists + " }\nvetting = [{ by = \"m-x\", on = 2026-06-01, method = \"video-call\" }]\n"
	}
	f := newRepoFixture(t)
	f.repo.Commit("members.toml", lowered, "Lists (#1)")
	f.repo.Commit("members.toml", lowered+on("b2", `team = "member"`), "b2 on team (#2)")
	// b3's entry goes before b2's: the file's order says nothing of who came first.
	f.repo.Commit("members.toml", lowered+on("b3", `team = "member"`)+on("b2", `team = "member"`), "b3 on team (#3)")
	adviceSays(t, f.do(removeEdit("b2@example.org", "team")), "sync will take b2@example.org off team")
}

// adviceSays checks that an edit wrote, and that its advice says want
// and none of not.
func adviceSays(t *testing.T, r outcome, want string, not ...string) {
	t.Helper()
	if !r.wrote() || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, want %q:\n%s", r.code, want, r.stderr)
	}
	for _, n := range not {
		if strings.Contains(r.stderr, n) {
			t.Errorf("the advice says %q:\n%s", n, r.stderr)
		}
	}
}

// TestAdviceReadsTheVersionThatBeganAStay: hank was listed at noon with a
// record the list takes, and the record was broken a minute later the
// same day: the hourly sync had added him, and a new record changes
// nothing sync does. The version that began his stay is the noon one,
// not the day's last (s30-regress2).
func TestAdviceReadsTheVersionThatBeganAStay(t *testing.T) {
	t.Parallel()
	hank := func(method string) string {
		return "\n[[member]]\nemail = \"hank@example.org\"\ngithub = \"hank-x\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-03-01, method = \"" + method + "\" }]\n"
	}
	live := adviceLive()
	live.Groups[0].Members = append(live.Groups[0].Members, &emulator.Member{Email: "hank@example.org", Role: "MEMBER", Type: "USER", Status: "ACTIVE"})
	f := newFixtureFrom(t, "", emulator.Options{State: live}, true)
	f.repo.Commit("members.toml", adviceBase, "Lists (#1)")
	f.repo.Commit("members.toml", adviceBase+hank("video-call"), "Hank (#2)")
	f.repo.CommitLater("members.toml", adviceBase+hank("phone"), "Hank's record (#3)")
	r := f.do(vetEdit("hank@example.org", *vetted("ada@example.org")))
	adviceSays(t, r, "hank@example.org", "sync will now add", "sync will now also add")
	f.checkAdvice(r, "hank@example.org")
}

// TestAdviceFindsAStaysListByItsGroup: hank's stay began, refused, on the
// list under the id it had then (rep, renamed reports since, its group
// the same): sync never added him, and his vetter made an owner now lets
// it (s30-regress2).
func TestAdviceFindsAStaysListByItsGroup(t *testing.T) {
	t.Parallel()
	hank := "\n[[member]]\nemail = \"hank@example.org\"\ngithub = \"hank-x\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"grace@example.org\", on = 2026-03-01, method = \"video-call\" }]\n"
	rep := func(s string) string { return strings.ReplaceAll(s, "reports", "rep") }
	f := newFixtureFrom(t, "", emulator.Options{State: adviceLive()}, true)
	f.repo.Commit("members.toml", rep(adviceBase), "Lists (#1)")
	f.repo.Commit("members.toml", rep(adviceBase+hank), "Hank (#2)")
	f.repo.Commit("members.toml", adviceBase+hank, "Rename the list (#3)")
	r := f.do(roleEdit("grace@example.org", "reports", members.RoleOwner))
	adviceSays(t, r, "sync will now also add hank@example.org", "exited 3")
	f.checkAdvice(r, "hank@example.org")
}

// TestAdviceKnowsAStayAVersionAdmitted: hank was listed on a record his
// vetter could not give (grace a member), then admitted (grace made an
// owner: sync added him), then refused again (grace a member once
// more): he is on the group, and grace made an owner now changes
// nothing sync adds (s30-final).
func TestAdviceKnowsAStayAVersionAdmitted(t *testing.T) {
	t.Parallel()
	hank := "\n[[member]]\nemail = \"hank@example.org\"\ngithub = \"hank-x\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"grace@example.org\", on = 2026-03-01, method = \"video-call\" }]\n"
	graceOwner := strings.Replace(adviceBase, "email = \"grace@example.org\"\ngithub = \"grace-x\"\nlists = { reports = \"member\" }", "email = \"grace@example.org\"\ngithub = \"grace-x\"\nlists = { reports = \"owner\" }", 1)
	if graceOwner == adviceBase {
		t.Fatal("the base file no longer lists grace as written here")
	}
	live := adviceLive()
	live.Groups[0].Members = append(live.Groups[0].Members, &emulator.Member{Email: "hank@example.org", Role: "MEMBER", Type: "USER", Status: "ACTIVE"})
	f := newFixtureFrom(t, "", emulator.Options{State: live}, true)
	f.repo.Commit("members.toml", adviceBase, "Lists (#1)")
	f.repo.Commit("members.toml", adviceBase+hank, "Hank, refused (#2)")
	f.repo.Commit("members.toml", graceOwner+hank, "Grace an owner: hank admitted (#3)")
	f.repo.Commit("members.toml", adviceBase+hank, "Grace a member again (#4)")
	r := f.do(roleEdit("grace@example.org", "reports", members.RoleOwner))
	adviceSays(t, r, "hank@example.org", "sync will now also add hank")
	f.checkAdvice(r, "hank@example.org")
}

// TestAdviceKnowsAStayALongerValidityAdmitted: hank was listed while the
// policy gave records 600 days, and sync added him; the policy now gives
// 200, by which his record had lapsed before he was listed. He is on the
// group all the same: a new record changes nothing sync adds, and taking
// him off the file is a removal sync makes (s31-everyday).
func TestAdviceKnowsAStayALongerValidityAdmitted(t *testing.T) {
	t.Parallel()
	valid := func(days string) string {
		s := strings.Replace(adviceBase, "[policies.receivers]\n", "[policies.receivers]\nvetting_valid_for = \""+days+"\"\n", 1)
		if s == adviceBase {
			t.Fatal("the base file no longer has the receivers policy as written here")
		}
		return s
	}
	hank := "\n[[member]]\nemail = \"hank@example.org\"\ngithub = \"hank-x\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"ada@example.org\", on = 2025-06-01, method = \"video-call\" }]\n"
	for _, tc := range []struct {
		edit      edit
		want, not string
		atOnce    bool
	}{
		{vetEdit("hank@example.org", *vetted("ada@example.org")), "hank@example.org", "sync will now add", false},
		{removeEdit("hank@example.org"), "sync will take hank@example.org off reports", "nothing to do", false},
		{vetEdit("hank@example.org", *vetted("ada@example.org")), "hank@example.org", "sync will now add", true},
		{removeEdit("hank@example.org"), "sync will take hank@example.org off reports", "nothing to do", true},
	} {
		live := adviceLive()
		live.Groups[0].Members = append(live.Groups[0].Members, &emulator.Member{Email: "hank@example.org", Role: "MEMBER", Type: "USER", Status: "ACTIVE"})
		f := newFixtureFrom(t, "", emulator.Options{State: live}, true)
		f.repo.Commit("members.toml", valid("600d"), "Lists (#1)")
		f.repo.Commit("members.toml", valid("600d")+hank, "Hank (#2)")
		commit := f.repo.Commit
		if tc.atOnce {
			// In the second hank's stay began: which version began it,
			// git's dates do not say (s31-regress).
			commit = f.repo.CommitAtOnce
		}
		commit("members.toml", valid("200d")+hank, "Records hold 200 days (#3)")
		r := f.do(tc.edit)
		adviceSays(t, r, tc.want, tc.not)
		f.checkAdvice(r, "hank@example.org")
	}
}
