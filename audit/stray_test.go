package audit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/roster-dev/roster/audit"
	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/directory/emulator"
	"github.com/roster-dev/roster/directory/google"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/plan"
)

// EverOmitted walks every version, as history.Timeline does.
func (tl timeline) EverOmitted(group, member string) bool {
	listed := false
	for _, v := range tl {
		_, on := v.roles[strings.ToLower(group)+" "+strings.ToLower(member)]
		switch {
		case on:
			listed = true
		case listed:
			return true
		}
	}
	return false
}

// EverGave walks every version, as history.Timeline does.
func (tl timeline) EverGave(group, member, role string) bool {
	for _, v := range tl {
		if r, on := v.roles[strings.ToLower(group)+" "+strings.ToLower(member)]; on && strings.EqualFold(string(r), role) {
			return true
		}
	}
	return false
}

// TestAttributeRosterWritesNoVersionAskedFor: writes through roster's
// OAuth client are roster's, never a change by hand; but a removal, a
// role or an add that no committed version of the file asked for (calls
// made with roster's credentials, or a sync of an uncommitted file) is
// named as such. One a version asked for, though not the one that stood
// when it was made (a commit dated after the write), is not.
func TestAttributeRosterWritesNoVersionAskedFor(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: {"bob@example.org", "carol@example.org", "dan@example.org"}})
	everyone := map[string]members.Role{g + " bob@example.org": members.RoleMember, g + " carol@example.org": members.RoleMember, g + " dan@example.org": members.RoleMember}
	file := timeline{{t0.AddDate(0, -1, 0), everyone}}
	removeBob := d.rosterDoes(func(ctx context.Context, c *google.Client) error { return c.Remove(ctx, g, d.id(g, "bob@example.org")) })
	promoteCarol := d.rosterDoes(func(ctx context.Context, c *google.Client) error {
		return c.SetRole(ctx, g, d.id(g, "carol@example.org"), directory.RoleOwner)
	})
	addZed := d.rosterDoes(func(ctx context.Context, c *google.Client) error {
		_, err := c.Add(ctx, g, "zed@example.org", directory.RoleMember)
		return err
	})
	// dan's removal was made for a commit dated ten minutes after it,
	// which took him off; a later one lists him again.
	removeDan := d.rosterDoes(func(ctx context.Context, c *google.Client) error { return c.Remove(ctx, g, d.id(g, "dan@example.org")) })
	withoutDan := map[string]members.Role{g + " bob@example.org": members.RoleMember, g + " carol@example.org": members.RoleMember}
	file = append(file, version{removeDan.Add(10 * time.Minute), withoutDan}, version{removeDan.Add(40 * time.Minute), everyone})
	d.clk.set(removeDan.Add(time.Hour))

	p, l := onePlan(g, plan.List{Changes: []plan.Change{
		{Action: plan.ActionAdd, Email: "bob@example.org", Role: "member"},
		{Action: plan.ActionSetRole, Email: "carol@example.org", Role: "member", PreviousRole: "owner", MemberID: d.id(g, "carol@example.org")},
		{Action: plan.ActionRemove, Email: "zed@example.org", PreviousRole: "member", Reason: plan.ReasonUnmanagedRemove, MemberID: d.id(g, "zed@example.org")},
		{Action: plan.ActionAdd, Email: "dan@example.org", Role: "member"},
	}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: file})
	got := changedBy(l)
	for _, tc := range []struct {
		who, want string
		at        time.Time
	}{
		{"bob@example.org", "removed by roster (OAuth client " + roster + ") on " + stamp(removeBob) + ", though no version of members.toml committed in this checkout takes them off there", removeBob},
		{"carol@example.org", "role changed to owner by roster (OAuth client " + roster + ") on " + stamp(promoteCarol) + ", though no version of members.toml committed in this checkout gives them that role there", promoteCarol},
		{"zed@example.org", "added by roster (OAuth client " + roster + ") on " + stamp(addZed) + ", though no version of members.toml committed in this checkout lists them there", addZed},
	} {
		if !strings.HasPrefix(got[tc.who], tc.want) {
			t.Errorf("%s: %q, want %q...", tc.who, got[tc.who], tc.want)
		}
		if at, ok := audit.WhenChanged(got[tc.who]); !ok || !at.Equal(tc.at) {
			t.Errorf("%s: %q read back as made at %v, want %v", tc.who, got[tc.who], at, tc.at)
		}
	}
	if by := got["dan@example.org"]; by != "" {
		t.Errorf("dan, removed for a commit dated after the write: %q", by)
	}
}

// RolesBy is member's role in each version landed by at ("" where one
// does not list them), as history.Timeline gives it.
func (tl timeline) RolesBy(group, member string, at time.Time) []members.Role {
	var out []members.Role
	for _, v := range tl {
		if v.from.After(at) {
			break
		}
		out = append(out, v.roles[strings.ToLower(group)+" "+strings.ToLower(member)])
	}
	return out
}

// TestAttributeRosterWritesOfAnOlderVersion: a write through roster's
// client that a version landed before it asked for, but not the one
// standing then (a sync of an older checkout: it adds back someone the
// file had taken off, takes off someone listed again since), is no
// change by hand, and the line that reverts it says whose write it was
// and when (s29-auditlog finding 3); one only a later version asked for
// stays roster's own, unnamed.
func TestAttributeRosterWritesOfAnOlderVersion(t *testing.T) {
	t.Parallel()
	d := newDomain(t, emulator.Options{}, nil, map[string][]string{g: {"bob@example.org"}})
	with := map[string]members.Role{g + " bob@example.org": members.RoleMember, g + " dave@example.org": members.RoleMember}
	// dave listed, then taken off; bob taken off, then listed again.
	file := timeline{{t0.AddDate(0, -2, 0), with}, {t0.AddDate(0, -1, 0), map[string]members.Role{}}, {t0.AddDate(0, 0, -1), map[string]members.Role{g + " bob@example.org": members.RoleMember}}}
	addDave := d.rosterDoes(func(ctx context.Context, c *google.Client) error {
		_, err := c.Add(ctx, g, "dave@example.org", directory.RoleMember)
		return err
	})
	removeBob := d.rosterDoes(func(ctx context.Context, c *google.Client) error { return c.Remove(ctx, g, d.id(g, "bob@example.org")) })
	d.clk.advance(time.Minute)
	p, l := onePlan(g, plan.List{Changes: []plan.Change{
		{Action: plan.ActionRemove, Email: "dave@example.org", PreviousRole: "member", MemberID: d.id(g, "dave@example.org")},
		{Action: plan.ActionAdd, Email: "bob@example.org", Role: "member"},
	}})
	d.attribute(p, audit.AttributeOptions{ClientIDs: []string{roster}, File: file})
	got := changedBy(l)
	for who, at := range map[string]time.Time{"dave@example.org": addDave, "bob@example.org": removeBob} {
		did := map[string]string{"dave@example.org": "added", "bob@example.org": "removed"}[who]
		want := did + " by roster (OAuth client " + roster + ") on " + stamp(at) + ", from a version of members.toml other than the one committed then: a sync of an older checkout"
		// A commit dated before the write but pushed after it reads the
		// same from git: the line names that too (s31-routes).
		if !strings.HasPrefix(got[who], want) || !strings.HasSuffix(got[who], "or of the branch before a commit dated earlier than the write reached it (pushed after the sync)") {
			t.Errorf("%s: %q, want %q...", who, got[who], want)
		}
	}
}
