package audit_test

import (
	"context"
	"testing"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// pinned is FileVersions over a timeline: a version admits whom it
// lists, and pins settings[i] (the settings of tl[i]).
type pinned struct {
	tl       timeline
	settings []map[string]string
}

func (p pinned) Admitted(group, member string, at time.Time) (admitted, known bool) {
	_, listed := p.tl.Role(group, member, at)
	return listed, true
}

func (p pinned) Settings(group string, at time.Time) (map[string]string, bool) {
	i := -1
	for j, v := range p.tl {
		if !v.from.After(at) {
			i = j
		}
	}
	if i < 0 || i >= len(p.settings) {
		return nil, false
	}
	return p.settings[i], true
}

// nearPinned is pinned that names the versions near a time, as
// workspace's does (audit.NearbyVersions): every one, commits that
// share a second included.
type nearPinned struct{ pinned }

func (p nearPinned) Near(at time.Time, slack time.Duration) []audit.FileVersion {
	from, to := at.Add(-slack), at.Add(slack)
	var out []audit.FileVersion
	for i, v := range p.tl {
		next := i+1 < len(p.tl) && !p.tl[i+1].from.After(from)
		if !next && !v.from.After(to) {
			out = append(out, pinnedVersion{v, p.settings[i]})
		}
	}
	return out
}

// pinnedVersion is one version nearPinned names.
type pinnedVersion struct {
	v        version
	settings map[string]string
}

func (p pinnedVersion) Role(group, member string) (members.Role, bool) {
	r, ok := p.v.roles[group+" "+member]
	return r, ok
}

func (p pinnedVersion) Admitted(group, member string) (admitted, known bool) {
	_, listed := p.Role(group, member)
	return listed, true
}

func (p pinnedVersion) Settings(string) (map[string]string, bool) { return p.settings, true }

// TestAttributeAWriteInTheSecondOfACommit: git dates a commit to the
// whole second. A sync promotes carol (the file: manager) at
// 09:10:00.868, and the commit that makes her a member again, made just
// after, is dated 09:10:00, as if it came first; so with the policy's
// who_can_join. roster's client ID unknown, its writes are told by the
// file alone: each agrees with the version before that commit, and is
// roster's, whether the version before landed in an earlier second or
// in the same one (the versions near the write, as workspace names
// them). A write seconds after a commit is judged by that commit alone.
func TestAttributeAWriteInTheSecondOfACommit(t *testing.T) {
	t.Parallel()
	commit := t0.Add(10 * time.Minute) // whole seconds, as git's dates
	role := func(r members.Role) map[string]members.Role {
		return map[string]members.Role{g + " carol@example.org": r}
	}
	join := func(v string) map[string]string { return map[string]string{"whoCanJoin": v} }
	tests := []struct {
		name string
		// tl is the file's history; settings, what each version pins.
		tl       timeline
		settings []map[string]string
		// near: Versions names the versions near a time.
		near bool
		// after is how long after commit roster writes.
		after time.Duration
		want  map[string]string
	}{
		{
			name:     "the version before in an earlier second",
			tl:       timeline{{t0, role(members.RoleMember)}, {commit.Add(-20 * time.Second), role(members.RoleManager)}, {commit, role(members.RoleMember)}},
			settings: []map[string]string{join("CAN_REQUEST_TO_JOIN"), join("INVITED_CAN_JOIN"), join("CAN_REQUEST_TO_JOIN")},
			after:    868 * time.Millisecond,
			want:     map[string]string{"carol@example.org": "", "whoCanJoin": ""},
		},
		{
			name:     "the version before in the same second",
			tl:       timeline{{t0, role(members.RoleMember)}, {commit, role(members.RoleManager)}, {commit, role(members.RoleMember)}},
			settings: []map[string]string{join("CAN_REQUEST_TO_JOIN"), join("INVITED_CAN_JOIN"), join("CAN_REQUEST_TO_JOIN")},
			near:     true,
			after:    868 * time.Millisecond,
			want:     map[string]string{"carol@example.org": "", "whoCanJoin": ""},
		},
		{
			name:     "seconds after the commit",
			tl:       timeline{{t0, role(members.RoleMember)}, {commit.Add(-20 * time.Second), role(members.RoleManager)}, {commit, role(members.RoleMember)}},
			settings: []map[string]string{join("CAN_REQUEST_TO_JOIN"), join("INVITED_CAN_JOIN"), join("CAN_REQUEST_TO_JOIN")},
			after:    5 * time.Second,
			want: map[string]string{
				"carol@example.org": "role changed by admin@example.org on 2025-06-02 09:10 UTC (UPDATE_GROUP_MEMBER, API, OAuth client " + roster + ")",
				"whoCanJoin":        "set by admin@example.org on 2025-06-02 09:10 UTC (CHANGE_GROUP_SETTING, API, OAuth client " + roster + ")",
			},
		},
	}
	for _, tc := range tests {
		for _, near := range []bool{false, true} {
			if tc.near && !near {
				continue
			}
			name := tc.name
			if near {
				name += ", versions named"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: {"carol@example.org"}})
				d.clk.set(commit.Add(tc.after))
				ctx := context.Background()
				if err := d.client.SetRole(ctx, g, d.id(g, "carol@example.org"), directory.RoleManager); err != nil {
					t.Fatal(err)
				}
				if err := d.client.PatchSettings(ctx, g, map[string]string{"whoCanJoin": "INVITED_CAN_JOIN"}); err != nil {
					t.Fatal(err)
				}
				d.clk.advance(time.Minute)
				p, l := onePlan(g, plan.List{
					Changes:  []plan.Change{{Action: plan.ActionSetRole, Email: "carol@example.org", Role: "member", PreviousRole: "manager", MemberID: d.id(g, "carol@example.org")}},
					Settings: []plan.SettingChange{{Name: "who_can_join", Field: "whoCanJoin", Live: "INVITED_CAN_JOIN", Desired: "CAN_REQUEST_TO_JOIN"}},
				})
				var versions audit.FileVersions = pinned{tc.tl, tc.settings}
				if near {
					versions = nearPinned{pinned{tc.tl, tc.settings}}
				}
				// roster's client ID unknown: its writes are told by the
				// file alone.
				d.attribute(p, audit.AttributeOptions{File: tc.tl, Versions: versions})
				if got := changedBy(l); got["carol@example.org"] != tc.want["carol@example.org"] || got["whoCanJoin"] != tc.want["whoCanJoin"] {
					t.Errorf("changed by %q, want %q", got, tc.want)
				}
			})
		}
	}
}
