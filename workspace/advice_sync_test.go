package workspace_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/members"
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
