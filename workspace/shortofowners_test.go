package workspace_test

import (
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/plan"
	"github.com/roster-dev/roster/workspace"
)

// TestAGroupShortOfOwnersIsNotFilled: min_owners holds on the live group
// at every step, so a group that would be left with fewer owners than
// its policy needs, its only owner's addition blocked, gets no members
// (created by sync, or there already), and plan, sync and audit --live
// fail saying so; once the owner is admitted, everyone joins.
func TestAGroupShortOfOwnersIsNotFilled(t *testing.T) {
	t.Parallel()
	selfVetted := "\n[[member]]\nemail = \"ada@example.org\"\nlists = { reports = \"owner\" }\nvetting = [{ by = \"ada@example.org\", on = 2026-06-01, method = \"video-call\" }]\n"
	admitted := "\n[[member]]\nemail = \"ada@example.org\"\nlists = { reports = \"owner\" }\nvetting = [{ by = \"bob@example.org\", on = 2026-06-01, method = \"video-call\" }]\n"
	file := func(ada string, create bool) string {
		h := header
		if create {
			h = strings.Replace(h, "policy = \"p\"\n", "policy = \"p\"\ncreate = true\n", 1)
		}
		return h + ada + person("bob@example.org", `reports = "member"`)
	}
	for _, tc := range []struct {
		name   string
		create bool
		live   *emulator.State
	}{
		{"a group sync creates", true, &emulator.State{}},
		{"a group there already, with nobody on it", false, &emulator.State{Groups: []*emulator.Group{{Email: "security@example.org"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureFrom(t, "", emulator.Options{State: tc.live}, true)
			f.repo.Commit("members.toml", file(selfVetted, tc.create), "Lists (#1)")
			want := "the group has 0 owners once sync has made every change it may, and policy p needs at least 1 (min_owners)"
			if r := f.doPlan(workspace.PlanOptions{}); r.code != 1 || !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, "member  BLOCKED: security@example.org would have 0 owners") {
				t.Errorf("plan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if r := f.doSync(workspace.SyncOptions{}); r.code != 1 || !strings.Contains(r.stderr, want) {
				t.Errorf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if got := f.group("security@example.org"); len(got) != 0 {
				t.Errorf("the group was filled before it had an owner: %v", got)
			}
			if r := f.doAudit(true, workspace.AuditOptions{}); r.code == 0 || !strings.Contains(r.stdout, "0 owners once sync") {
				t.Errorf("audit --live: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			f.repo.Commit("members.toml", file(admitted, tc.create), "Bob vets Ada (#2)")
			if r := f.doSync(workspace.SyncOptions{}); r.code != 0 {
				t.Errorf("sync once the owner is admitted: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if got := f.group("security@example.org"); !slices.Equal(got, []string{"ada@example.org OWNER", "bob@example.org MEMBER"}) {
				t.Errorf("after the owner is admitted: %v", got)
			}
		})
	}
}

// TestAGroupWhoseOwnersGoogleRefusesIsNotFilled is the same promise on
// the route the plan cannot see: the owner's add is planned, but Google
// refuses it (no account at that address). The members wait; the run
// fails and says why; once the owner can be added, everyone joins.
func TestAGroupWhoseOwnersGoogleRefusesIsNotFilled(t *testing.T) {
	t.Parallel()
	file := strings.Replace(header, "policy = \"p\"\n", "policy = \"p\"\ncreate = true\n", 1) +
		strings.Replace(person("ada@example.org", `reports = "owner"`), "grace@example.org", "bob@example.org", 1) + person("bob@example.org", `reports = "member"`)
	live := &emulator.State{NoAccount: []string{"ada@example.org"}}
	f := newFixtureFrom(t, "", emulator.Options{State: live}, true)
	f.repo.Commit("members.toml", file, "Lists (#1)")
	r := f.doSync(workspace.SyncOptions{})
	if r.code != 1 || !strings.Contains(r.stdout+r.stderr, "has 0 owners, and policy needs 1 (min_owners): an owner's add failed, and members join once its owners are in") {
		t.Errorf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if got := f.group("security@example.org"); len(got) != 0 {
		t.Errorf("the group was filled though its owner's add failed: %v", got)
	}
}

// TestAuditSaysTheLiveGroupIsShortOfOwners: an owner's add that Google
// refuses on every run leaves the live group below min_owners; audit
// --live says so as a violation, whatever the file counts.
func TestAuditSaysTheLiveGroupIsShortOfOwners(t *testing.T) {
	t.Parallel()
	file := header + strings.Replace(person("ada@example.org", `reports = "owner"`), "grace@example.org", "bob@example.org", 1) + person("bob@example.org", `reports = "member"`)
	live := &emulator.State{NoAccount: []string{"ada@example.org"}, Groups: []*emulator.Group{{Email: "security@example.org", Members: []*emulator.Member{{Email: "bob@example.org", Role: "MEMBER"}}}}}
	f := newFixtureFrom(t, "", emulator.Options{State: live}, true)
	f.repo.Commit("members.toml", file, "Lists (#1)")
	if r := f.doAudit(true, workspace.AuditOptions{}); r.code != 1 || !strings.Contains(r.stdout, "security@example.org has 0 owners on the live group, and its policy needs at least 1 (min_owners)") {
		t.Errorf("audit --live: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestAGroupMadeOwnerCountsForNobody: a nested group with the role OWNER
// on the live group answers for nobody, so it never counts towards
// min_owners: not while an owner's add that Google refuses holds the
// members back, nor for a demotion the people left could not carry.
func TestAGroupMadeOwnerCountsForNobody(t *testing.T) {
	t.Parallel()
	hdr := strings.NewReplacer("min_owners = 1", "min_owners = 2\nallow_groups = true", `vetted_by = "member"`, `vetted_by = "owner"`).Replace(header)
	owner := func(email, by string) string {
		return "\n[[member]]\nemail = \"" + email + "\"\nlists = { reports = \"owner\" }\nvetting = [{ by = \"" + by + "\", on = 2026-06-01, method = \"video-call\" }]\n"
	}
	group := emulator.Member{Email: "ops@example.org", Role: "OWNER", Type: "GROUP"}
	ops := &emulator.Group{Email: "ops@example.org", Members: []*emulator.Member{{Email: "eve@example.org", Role: "MEMBER"}}}
	t.Run("members wait for the owners", func(t *testing.T) {
		t.Parallel()
		live := &emulator.State{NoAccount: []string{"o2@example.org"}, Groups: []*emulator.Group{{Email: "security@example.org", Members: []*emulator.Member{&group}}, ops}}
		f := newFixtureFrom(t, "", emulator.Options{State: live}, true)
		f.repo.Commit("members.toml", hdr+owner("o1@example.org", "o2@example.org")+owner("o2@example.org", "o1@example.org")+
			strings.Replace(person("m1@example.org", `reports = "member"`), "ada@example.org", "o1@example.org", 1), "Lists (#1)")
		r := f.doSync(workspace.SyncOptions{})
		if got := f.group("security@example.org"); r.code != 1 || slices.Contains(got, "m1@example.org MEMBER") {
			t.Errorf("sync: exit %d, the group %v\n%s%s", r.code, got, r.stdout, r.stderr)
		}
	})
	t.Run("the group promoted as another owner leaves", func(t *testing.T) {
		t.Parallel()
		member := group
		member.Role = "MEMBER"
		live := &emulator.State{Groups: []*emulator.Group{{Email: "security@example.org", Members: []*emulator.Member{
			{Email: "o1@example.org", Role: "OWNER"}, {Email: "o2@example.org", Role: "OWNER"}, &member}}, ops}}
		f := newFixtureFrom(t, "", emulator.Options{State: live}, true)
		f.repo.Commit("members.toml", strings.Replace(hdr, `unmanaged = "report"`, `unmanaged = "remove"`, 1)+owner("o1@example.org", "o2@example.org")+owner("ops@example.org", "o1@example.org"), "ops for o2 (#1)")
		p := f.doPlan(workspace.PlanOptions{NoAttribution: true})
		if !regexp.MustCompile(`- o2@example.org .*BLOCKED`).MatchString(p.stdout) {
			t.Errorf("plan does not hold o2's departure back:\n%s%s", p.stdout, p.stderr)
		}
		r := f.doSync(workspace.SyncOptions{})
		if got := f.group("security@example.org"); !slices.Contains(got, "o2@example.org OWNER") {
			t.Errorf("sync took o2 off, leaving one person to own the group: exit %d, the group %v\n%s%s", r.code, got, r.stdout, r.stderr)
		}
	})
	t.Run("a demotion", func(t *testing.T) {
		t.Parallel()
		live := &emulator.State{Groups: []*emulator.Group{{Email: "security@example.org", Members: []*emulator.Member{
			{Email: "o1@example.org", Role: "OWNER"}, {Email: "o2@example.org", Role: "OWNER"}, &group}}, ops}}
		f := newFixtureFrom(t, "", emulator.Options{State: live}, true)
		f.repo.Commit("members.toml", hdr+owner("o1@example.org", "o2@example.org")+owner("ops@example.org", "o1@example.org")+
			strings.Replace(person("o2@example.org", `reports = "member"`), "ada@example.org", "o1@example.org", 1), "Demote o2 (#1)")
		r := f.doSync(workspace.SyncOptions{})
		if got := f.group("security@example.org"); !slices.Contains(got, "o2@example.org OWNER") {
			t.Errorf("sync demoted o2, leaving one person to own the group: exit %d, the group %v\n%s%s", r.code, got, r.stdout, r.stderr)
		}
	})
}

// TestOverTheCapByWalkInsNamesThem: a group past its cap only because of
// walk-ins kept (unmanaged = "report") is told to lose them, named, not
// to take entries off the file, whose own are within the cap.
func TestOverTheCapByWalkInsNamesThem(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nmax_members = 3", 1)
	f := newFixtureFrom(t, "", emulator.Options{}, true)
	f.repo.Commit("members.toml", hdr+entry("ada@example.org", "owner", "bob@example.org", "2026-06-01")+entry("bob@example.org", "member", "ada@example.org", "2026-06-01")+
		entry("cy@example.org", "member", "ada@example.org", "2026-06-01"), "Lists (#1)")
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "bob@example.org"}, emulator.Member{Email: "cy@example.org"},
		emulator.Member{Email: "w1@example.org"}, emulator.Member{Email: "сy@example.org"}); err != nil {
		t.Fatal(err)
	}
	// The second walk-in's "с" is Cyrillic: named, it is marked, as
	// every printed address is, or it reads as cy, a file entry.
	r := f.doPlan(workspace.PlanOptions{NoAttribution: true})
	if !strings.Contains(r.stdout, "2 walk-ins the file does not list, kept because unmanaged = \"report\" (w1@example.org, \u0441y@example.org [non-ASCII") || strings.Contains(r.stdout, "off the group and the file") {
		t.Errorf("plan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestMinOwnersCountsAdmittedPeople: the guard on a write that lowers a
// group's owners counts people the file stands behind: one mailbox
// under two spellings (o1@ and o1+x@) is one owner, and an owner the
// file lists on a record that admits them nowhere, or does not list at
// all (a walk-in), on the group by hand, is none. Boss, an owner the
// file took off to give the place to o2 (whose add Google refuses),
// stays on each route, and goes when the owners left suffice.
func TestMinOwnersCountsAdmittedPeople(t *testing.T) {
	t.Parallel()
	hdr := strings.NewReplacer("min_owners = 1", "min_owners = 2", `vetted_by = "member"`, `vetted_by = "owner"`, `unmanaged = "report"`, `unmanaged = "remove"`).Replace(header)
	as := func(email, role, by, method string) string {
		return "\n[[member]]\nemail = \"" + email + "\"\nlists = { reports = \"" + role + "\" }\nvetting = [{ by = \"" + by + "\", on = 2026-06-01, method = \"" + method + "\" }]\n"
	}
	before := hdr + as("o1@example.org", "owner", "boss@example.org", "video-call") + as("boss@example.org", "owner", "o1@example.org", "video-call")
	owners := hdr + as("o1@example.org", "owner", "o2@example.org", "video-call") + as("o2@example.org", "owner", "o1@example.org", "video-call")
	for _, tc := range []struct {
		name      string
		file      string
		extra     *emulator.Member
		bossStays bool
	}{
		{"a second spelling of o1, boss removed", owners, &emulator.Member{Email: "o1+x@example.org", Role: "OWNER"}, true},
		{"a second spelling of o1, boss demoted", owners + as("boss@example.org", "member", "o1@example.org", "video-call"), &emulator.Member{Email: "o1+x@example.org", Role: "OWNER"}, true},
		{"an owner on a record that admits nobody", owners + as("o3@example.org", "owner", "o1@example.org", "carrier-pigeon"), &emulator.Member{Email: "o3@example.org", Role: "OWNER"}, true},
		{"a walk-in owner", owners, &emulator.Member{Email: "mallory@example.org", Role: "OWNER"}, true},
		// Whom the file took off is history's to say: in a shallow
		// clone, every stranger owner's departure weighs.
		{"a walk-in owner, in a shallow clone", owners, &emulator.Member{Email: "mallory@example.org", Role: "OWNER"}, true},
		{"an owner the file admits", owners + as("o3@example.org", "owner", "o1@example.org", "video-call"), &emulator.Member{Email: "o3@example.org", Role: "OWNER"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			live := &emulator.State{NoAccount: []string{"o2@example.org"}, Groups: []*emulator.Group{{Email: "security@example.org", Members: []*emulator.Member{
				{Email: "o1@example.org", Role: "OWNER"}, {Email: "boss@example.org", Role: "OWNER"}, tc.extra}}}}
			f := newFixtureFrom(t, "", emulator.Options{State: live}, true)
			f.repo.Commit("members.toml", before, "The owners (#1)")
			f.repo.Tick()
			f.repo.Commit("members.toml", tc.file, "o2 for boss (#2)")
			if strings.HasSuffix(tc.name, "shallow clone") {
				f.shallowClone()
			}
			r := f.doSync(workspace.SyncOptions{Guards: plan.Guards{MaxRemovals: 10, MaxRemovalRatio: 1}})
			got := f.group("security@example.org")
			if stays := slices.Contains(got, "boss@example.org OWNER"); stays != tc.bossStays || r.code == 0 {
				t.Errorf("boss stays owner: %v, want %v; exit %d; the group %v\n%s%s", stays, tc.bossStays, r.code, got, r.stdout, r.stderr)
			}
		})
	}
}

// TestASecondSpellingHoldsNoRevocation: o2, about to be revoked, adds
// o1+x@ (another spelling of o1, who stays) as an owner by hand. The
// group's owners are people: taking o1+x@ off leaves o1 an owner, so
// o2's revocation leaves o1 and o3, the two min_owners asks for, and
// goes ahead, in the plan, through sync and through a saved plan's
// apply; counting spellings held both removals back for good.
func TestASecondSpellingHoldsNoRevocation(t *testing.T) {
	t.Parallel()
	hdr := strings.NewReplacer("min_owners = 1", "min_owners = 2", `vetted_by = "member"`, `vetted_by = "owner"`).Replace(header)
	as := func(email, by string) string {
		return "\n[[member]]\nemail = \"" + email + "\"\nlists = { reports = \"owner\" }\nvetting = [{ by = \"" + by + "\", on = 2026-06-01, method = \"video-call\" }]\n"
	}
	for _, route := range []string{"sync", "apply", "demoted"} {
		t.Run(route, func(t *testing.T) {
			t.Parallel()
			live := &emulator.State{Groups: []*emulator.Group{{Email: "security@example.org", Members: []*emulator.Member{
				{Email: "o1@example.org", Role: "OWNER"}, {Email: "o2@example.org", Role: "OWNER"}, {Email: "o3@example.org", Role: "OWNER"}, {Email: "o1+x@example.org", Role: "OWNER"}}}}}
			f := newFixtureFrom(t, "", emulator.Options{State: live}, true)
			f.repo.Commit("members.toml", hdr+as("o1@example.org", "o3@example.org")+as("o2@example.org", "o1@example.org")+as("o3@example.org", "o1@example.org"), "The owners (#1)")
			f.repo.Tick()
			after := hdr + as("o1@example.org", "o3@example.org") + as("o3@example.org", "o1@example.org")
			if route == "demoted" {
				// o2 stays on the list, as a member: a demotion.
				after += "\n[[member]]\nemail = \"o2@example.org\"\nlists = { reports = \"member\" }\nvetting = [{ by = \"o1@example.org\", on = 2026-06-01, method = \"video-call\" }]\n"
			}
			f.repo.Commit("members.toml", after, "o2 revoked (#2)")
			guards := plan.Guards{MaxRemovals: 10, MaxRemovalRatio: 1}
			p := f.doPlan(workspace.PlanOptions{Guards: guards, Out: filepath.Join(f.dir, "plan.json")})
			if strings.Contains(p.stdout+p.stderr, "BLOCKED") || strings.Contains(p.stdout+p.stderr, "would be left with") {
				t.Errorf("the plan holds the revocation:\n%s%s", p.stdout, p.stderr)
			}
			var r outcome
			if route == "apply" {
				r = f.doApply(filepath.Join(f.dir, "plan.json"), workspace.ApplyOptions{Guards: guards})
			} else {
				r = f.doSync(workspace.SyncOptions{Guards: guards})
			}
			got := f.group("security@example.org")
			if r.code != 0 || slices.Contains(got, "o2@example.org OWNER") || !slices.Contains(got, "o1@example.org OWNER") || !slices.Contains(got, "o3@example.org OWNER") {
				t.Errorf("exit %d, the group %v\n%s%s", r.code, got, r.stdout, r.stderr)
			}
		})
	}
}

// TestThePlanHoldsTheOwnerApplyWouldKeep: the plan weighs an owner's
// departure as apply does: with the only other owner on the group one
// the file lists on a record that admits nobody, boss's removal is held
// back in the plan (so plan and sync say the same), not promised and
// then skipped.
func TestThePlanHoldsTheOwnerApplyWouldKeep(t *testing.T) {
	t.Parallel()
	hdr := strings.NewReplacer("min_owners = 1", "min_owners = 2", `vetted_by = "member"`, `vetted_by = "owner"`).Replace(header)
	as := func(email, role, by, method string) string {
		return "\n[[member]]\nemail = \"" + email + "\"\nlists = { reports = \"" + role + "\" }\nvetting = [{ by = \"" + by + "\", on = 2026-06-01, method = \"" + method + "\" }]\n"
	}
	live := &emulator.State{Groups: []*emulator.Group{{Email: "security@example.org", Members: []*emulator.Member{
		{Email: "ada@example.org", Role: "OWNER"}, {Email: "boss@example.org", Role: "OWNER"}, {Email: "o3@example.org", Role: "OWNER"}}}}}
	f := newFixtureFrom(t, "", emulator.Options{State: live}, true)
	f.repo.Commit("members.toml", hdr+as("ada@example.org", "owner", "boss@example.org", "video-call")+as("boss@example.org", "owner", "ada@example.org", "video-call"), "The owners (#1)")
	f.repo.Tick()
	f.repo.Commit("members.toml", hdr+as("ada@example.org", "owner", "o3@example.org", "video-call")+as("o3@example.org", "owner", "ada@example.org", "carrier-pigeon"), "o3 for boss (#2)")
	p := f.doPlan(workspace.PlanOptions{Guards: plan.Guards{MaxRemovals: 10, MaxRemovalRatio: 1}})
	if !strings.Contains(p.stdout, "boss@example.org") || !regexp.MustCompile(`- boss@example.org .*BLOCKED`).MatchString(p.stdout) {
		t.Errorf("plan: exit %d\n%s%s", p.code, p.stdout, p.stderr)
	}
	r := f.doSync(workspace.SyncOptions{Guards: plan.Guards{MaxRemovals: 10, MaxRemovalRatio: 1}})
	if got := f.group("security@example.org"); !slices.Contains(got, "boss@example.org OWNER") || r.code == 0 {
		t.Errorf("sync: exit %d, the group %v\n%s%s", r.code, got, r.stdout, r.stderr)
	}
}

// TestANewOwnerWrittenAsAnAliasCounts: the file gives boss's place to
// o2 under an alias Google resolves to o2@; once this run has added
// them, they count as the owner the file admits, and boss leaves.
func TestANewOwnerWrittenAsAnAliasCounts(t *testing.T) {
	t.Parallel()
	hdr := strings.NewReplacer("min_owners = 1", "min_owners = 2", `vetted_by = "member"`, `vetted_by = "owner"`).Replace(header)
	as := func(email, role, by string) string {
		return "\n[[member]]\nemail = \"" + email + "\"\nlists = { reports = \"" + role + "\" }\nvetting = [{ by = \"" + by + "\", on = 2026-06-01, method = \"video-call\" }]\n"
	}
	live := &emulator.State{Aliases: map[string]string{"o2alias@example.org": "o2@example.org"}, Groups: []*emulator.Group{{Email: "security@example.org", Members: []*emulator.Member{
		{Email: "ada@example.org", Role: "OWNER"}, {Email: "boss@example.org", Role: "OWNER"}}}}}
	f := newFixtureFrom(t, "", emulator.Options{State: live}, true)
	f.repo.Commit("members.toml", hdr+as("ada@example.org", "owner", "boss@example.org")+as("boss@example.org", "owner", "ada@example.org"), "The owners (#1)")
	f.repo.Tick()
	f.repo.Commit("members.toml", hdr+as("ada@example.org", "owner", "o2alias@example.org")+as("o2alias@example.org", "owner", "ada@example.org"), "o2 for boss (#2)")
	r := f.doSync(workspace.SyncOptions{Guards: plan.Guards{MaxRemovals: 10, MaxRemovalRatio: 1}})
	if got := f.group("security@example.org"); slices.Contains(got, "boss@example.org OWNER") || !slices.Contains(got, "o2@example.org OWNER") || r.code != 0 {
		t.Errorf("sync: exit %d, the group %v\n%s%s", r.code, got, r.stdout, r.stderr)
	}
}

// TestAnOwnersHoldIsNoRevocationsHold: a change takes off o3, an owner,
// and m1, a member. o3 vetted o2, whose record no longer admits them
// once o3 leaves: the owners the file admits would fall short, so o3's
// departure waits; m1's revocation, which lowers no owner, does not.
func TestAnOwnersHoldIsNoRevocationsHold(t *testing.T) {
	t.Parallel()
	hdr := strings.NewReplacer("min_owners = 1", "min_owners = 2", `vetted_by = "member"`, `vetted_by = "owner"`, `unmanaged = "report"`, `unmanaged = "remove"`).Replace(header)
	as := func(email, role, by string) string {
		return "\n[[member]]\nemail = \"" + email + "\"\nlists = { reports = \"" + role + "\" }\nvetting = [{ by = \"" + by + "\", on = 2026-06-01, method = \"video-call\" }]\n"
	}
	rest := as("o1@example.org", "owner", "o3@example.org") + as("o2@example.org", "owner", "o3@example.org")
	var ms string
	live := []*emulator.Member{{Email: "o1@example.org", Role: "OWNER"}, {Email: "o2@example.org", Role: "OWNER"}, {Email: "o3@example.org", Role: "OWNER"}, {Email: "m1@example.org", Role: "MEMBER"}}
	for _, m := range []string{"m2", "m3", "m4", "m5", "m6"} {
		ms += as(m+"@example.org", "member", "o1@example.org")
		live = append(live, &emulator.Member{Email: m + "@example.org", Role: "MEMBER"})
	}
	f := newFixtureFrom(t, "", emulator.Options{State: &emulator.State{Groups: []*emulator.Group{{Email: "security@example.org", Members: live}}}}, true)
	f.repo.Commit("members.toml", hdr+rest+as("o3@example.org", "owner", "o1@example.org")+as("m1@example.org", "member", "o1@example.org")+ms, "The list (#1)")
	f.repo.Tick()
	f.repo.Commit("members.toml", hdr+rest+ms, "o3 and m1 off (#2)")
	r := f.doSync(workspace.SyncOptions{})
	got := f.group("security@example.org")
	if slices.Contains(got, "m1@example.org MEMBER") || !slices.Contains(got, "o3@example.org OWNER") {
		t.Errorf("exit %d, the group %v\n%s%s", r.code, got, r.stdout, r.stderr)
	}
}

// TestAPullRequestsPlanIsNotApplied: a pull request's plan saved with
// --out is for reading: it names no apply command (which would fail),
// and apply refuses it saying what it is and what makes the change.
func TestAPullRequestsPlanIsNotApplied(t *testing.T) {
	t.Parallel()
	f := newFixtureFrom(t, "", emulator.Options{State: &emulator.State{Groups: []*emulator.Group{{Email: "security@example.org", Members: []*emulator.Member{{Email: "ada@example.org", Role: "OWNER"}}}}}}, true)
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`), "The list (#1)")
	f.repo.Commit("members.toml", header+person("ada@example.org", `reports = "owner"`)+person("lin@example.org", `reports = "member"`), "Lin (#2)")
	saved := filepath.Join(f.dir, "pr.json")
	p := f.doPlan(workspace.PlanOptions{Source: workspace.Source{Path: "members.toml", Rev: "HEAD"}, Base: "HEAD~1", Out: saved})
	if strings.Contains(p.stderr, "apply it with") || !strings.Contains(p.stderr, "a pull request's plan, for reading") {
		t.Errorf("plan --base --out: exit %d\n%s", p.code, p.stderr)
	}
	r := f.doApply(saved, workspace.ApplyOptions{})
	if r.code == 0 || !strings.Contains(r.stderr, "is a pull request's plan") || len(f.group("security@example.org")) != 1 {
		t.Errorf("apply of a pull request's plan: exit %d, the group %v\n%s", r.code, f.group("security@example.org"), r.stderr)
	}
}

// TestASwapAtTheCapRemovesFirst: a list at its cap of three that swaps
// one member for another takes the leaver off before it adds the new
// one, so that the group never holds four (mail sent in between would
// reach one person past the policy's cap); an owner's removal still
// waits for their replacement.
func TestASwapAtTheCapRemovesFirst(t *testing.T) {
	t.Parallel()
	hdr := strings.Replace(header, "min_owners = 1", "min_owners = 1\nmax_members = 3", 1)
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var writes []string
	f := newRepoFixture(t)
	f.standIn(emu, func(w http.ResponseWriter, r *http.Request) bool {
		if strings.Contains(r.URL.Path, "/members") && (r.Method == http.MethodPost || r.Method == http.MethodDelete) {
			mu.Lock()
			writes = append(writes, r.Method)
			mu.Unlock()
		}
		return false
	})
	if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "m1@example.org"}, emulator.Member{Email: "m2@example.org"}); err != nil {
		t.Fatal(err)
	}
	hdr = founded(hdr)
	f.repo.Commit("members.toml", hdr+founder(`reports = "owner"`)+person("m1@example.org", `reports = "member"`)+person("m2@example.org", `reports = "member"`), "The list (#1)")
	f.repo.Commit("members.toml", hdr+founder(`reports = "owner"`)+person("m1@example.org", `reports = "member"`)+person("m3@example.org", `reports = "member"`), "m3 for m2 (#2)")
	r := f.doSync(workspace.SyncOptions{NoAttribution: true})
	mu.Lock()
	defer mu.Unlock()
	if r.code != 0 || !slices.Equal(writes, []string{http.MethodDelete, http.MethodPost}) {
		t.Errorf("exit %d, writes %v, want the removal first\n%s%s", r.code, writes, r.stdout, r.stderr)
	}
}

// TestASwapAtTheCapKeepsItsPromises: removals made first at the cap are
// made only where they are safe: an addition Google finds on the group
// already (an alias of a live member) removes nobody, run after run;
// and when the removal that was to make room fails, the addition waits,
// so the group never ends past its cap for a write of the run's own.
func TestASwapAtTheCapKeepsItsPromises(t *testing.T) {
	t.Parallel()
	hdr := founded(strings.Replace(header, "min_owners = 1", "min_owners = 1\nmax_members = 3", 1))
	t.Run("an alias is no swap", func(t *testing.T) {
		t.Parallel()
		live := &emulator.State{Aliases: map[string]string{"annie@example.com": "ann@example.com"}, Groups: []*emulator.Group{{Email: "security@example.org", Members: []*emulator.Member{
			{Email: "ada@example.org", Role: "OWNER"}, {Email: "bob@example.org", Role: "OWNER"}, {Email: "ann@example.com", Role: "MEMBER"}}}}}
		f := newFixtureFrom(t, "", emulator.Options{State: live}, true)
		vetted := strings.NewReplacer(`vetted_by = "member"`, `vetted_by = "owner"`, `unmanaged = "report"`, `unmanaged = "remove"`).Replace(hdr)
		f.repo.Commit("members.toml", vetted+entry("ada@example.org", "owner", "bob@example.org", "2026-06-01")+entry("bob@example.org", "owner", "ada@example.org", "2026-06-01")+entry("annie@example.com", "member", "ada@example.org", "2026-06-01"), "The list (#1)")
		for run := range 2 {
			f.emu.ResetCounters()
			r := f.doSync(workspace.SyncOptions{NoAttribution: true})
			if got := f.group("security@example.org"); !slices.Contains(got, "ann@example.com MEMBER") || f.emu.Counters()["members.delete"] != 0 {
				t.Errorf("run %d: exit %d, %d removals, the group %v\n%s%s", run+1, r.code, f.emu.Counters()["members.delete"], got, r.stdout, r.stderr)
			}
		}
	})
	t.Run("a removal that fails holds the addition", func(t *testing.T) {
		t.Parallel()
		emu, err := emulator.New(emulator.Options{})
		if err != nil {
			t.Fatal(err)
		}
		f := newRepoFixture(t)
		f.standIn(emu, func(w http.ResponseWriter, r *http.Request) bool {
			if r.Method == http.MethodDelete {
				backendError(w)
				return true
			}
			return false
		})
		if err := f.emu.AddGroup("security@example.org", emulator.Member{Email: "ada@example.org", Role: "OWNER"}, emulator.Member{Email: "m1@example.org"}, emulator.Member{Email: "m2@example.org"}); err != nil {
			t.Fatal(err)
		}
		f.repo.Commit("members.toml", hdr+founder(`reports = "owner"`)+person("m1@example.org", `reports = "member"`)+person("m2@example.org", `reports = "member"`), "The list (#1)")
		f.repo.Commit("members.toml", hdr+founder(`reports = "owner"`)+person("m1@example.org", `reports = "member"`)+person("m3@example.org", `reports = "member"`), "m3 for m2 (#2)")
		r := f.doSync(workspace.SyncOptions{NoAttribution: true, Live: workspace.LiveOptions{Endpoint: f.url, Rate: 10000, RetryBase: time.Millisecond}})
		got := f.group("security@example.org")
		if r.code == 0 || len(got) != 3 || slices.Contains(got, "m3@example.org MEMBER") || !strings.Contains(r.stdout+r.stderr, "the removal that was to make room for this addition was not made") {
			t.Errorf("exit %d, the group %v\n%s%s", r.code, got, r.stdout, r.stderr)
		}
	})
}
