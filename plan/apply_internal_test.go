package plan

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// notFound is a provider whose every removal and role change answers
// "member not found", as a members collection does when a call names
// no member.
type notFound struct{ directory.Provider }

func (notFound) Remove(context.Context, string, string) error {
	return &directory.APIError{Op: "members.delete", Kind: directory.ErrMemberNotFound}
}

func (notFound) SetRole(context.Context, string, string, directory.Role) error {
	return &directory.APIError{Op: "members.patch", Kind: directory.ErrMemberNotFound}
}

// TestANotFoundForNoMemberIDIsNoSuccess: a 404 for a member named by id
// is someone already gone, done; for a change with no id it came from
// no member at all, and the change failed, whoever the provider is.
func TestANotFoundForNoMemberIDIsNoSuccess(t *testing.T) {
	tests := []struct {
		name   string
		change Change
		done   bool
	}{
		{"a removal by id of someone gone is done", Change{Action: ActionRemove, Email: "x@example.org", PreviousRole: members.RoleMember, MemberID: "1"}, true},
		{"a removal with no id fails", Change{Action: ActionRemove, Email: "x@example.org", PreviousRole: members.RoleMember}, false},
		{"a role change with no id is not 'left since the plan'", Change{Action: ActionSetRole, Email: "x@example.org", Role: members.RoleManager, PreviousRole: members.RoleMember}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := applyChange(context.Background(), notFound{}, "g@example.org", tt.change, &owners{n: 2, min: 1}, nil, nil, false)
			switch {
			case tt.done && err != nil:
				t.Errorf("got %v, want done", err)
			case !tt.done && (err == nil || errors.Is(err, ErrSkipped)):
				t.Errorf("got %v, want a failure", err)
			}
		})
	}
}

// settingsCutShort is a provider whose settings write is cut short by Ctrl-C:
// the context is cancelled while the call is in flight.
type settingsCutShort struct {
	directory.Provider
	cancel context.CancelFunc
}

func (c settingsCutShort) Settings(context.Context, string) (map[string]string, error) {
	return nil, nil
}

func (c settingsCutShort) PatchSettings(ctx context.Context, _ string, _ map[string]string) error {
	c.cancel()
	return ctx.Err()
}

// TestASettingsWriteCutShortIsInterrupted: Ctrl-C during the settings
// write of a list that must be pinned before anyone is added leaves its
// adds interrupted, not skipped for settings Google "could not pin":
// nothing refused them.
func TestASettingsWriteCutShortIsInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l := &List{ID: "l", Address: "g@example.org", Provider: "google", minOwners: 1, liveOwners: 1,
		Settings: []SettingChange{{Name: "who_can_join", Field: "whoCanJoin", Live: "ALL_IN_DOMAIN_CAN_JOIN", Desired: "INVITED_CAN_JOIN", Widens: true}},
		Changes:  []Change{{Action: ActionAdd, Email: "a@example.org", Role: members.RoleMember}, {Action: ActionAdd, Email: "b@example.org", Role: members.RoleOwner}}}
	r := Apply(ctx, &Plan{Version: FormatVersion, Lists: []*List{l}}, map[string]directory.Provider{"l": settingsCutShort{cancel: cancel}}, ApplyOptions{Concurrency: 2})
	lr := r.Lists[0]
	if len(lr.Failed) != 0 || len(lr.Interrupted) != 2 {
		t.Errorf("failed %v, interrupted %v; want both adds interrupted", lr.Failed, lr.Interrupted)
	}
	if !errors.Is(lr.SettingsErr, context.Canceled) {
		t.Errorf("settings error %v, want the interruption", lr.SettingsErr)
	}
	if notDone, total := r.Interrupted(); notDone != 2 || total != 2 {
		t.Errorf("interrupted %d of %d, want 2 of 2", notDone, total)
	}
}

// recountCutShort is a provider whose read of the owners again, before
// an owner's departure, is cut short by Ctrl-C.
type recountCutShort struct {
	directory.Provider
	cancel context.CancelFunc
}

func (r recountCutShort) Managers(ctx context.Context, _ string) ([]directory.Member, error) {
	r.cancel()
	return nil, errors.New("members.list: interrupt signal received")
}

// TestARecountCutShortIsInterrupted: Ctrl-C while the group's owners are
// read again before a removal leaves the removal interrupted (the next
// run makes it), not skipped as if the group could not be read.
func TestARecountCutShortIsInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l := &List{ID: "l", Address: "g@example.org", Provider: "google", minOwners: 1, liveOwners: 2,
		Changes: []Change{{Action: ActionRemove, Email: "o@example.org", PreviousRole: members.RoleOwner, MemberID: "1"}}}
	r := Apply(ctx, &Plan{Version: FormatVersion, Lists: []*List{l}}, map[string]directory.Provider{"l": recountCutShort{cancel: cancel}}, ApplyOptions{Concurrency: 1})
	if lr := r.Lists[0]; len(lr.Failed) != 0 || len(lr.Interrupted) != 1 {
		t.Errorf("failed %v, interrupted %v; want the removal interrupted", lr.Failed, lr.Interrupted)
	}
}

// settingsRefused creates groups, and Google refuses to pin their
// settings.
type settingsRefused struct{ directory.Provider }

func (settingsRefused) CreateGroup(_ context.Context, email, _, _ string) (directory.Group, error) {
	return directory.Group{ID: "1", Email: email}, nil
}

func (settingsRefused) Settings(context.Context, string) (map[string]string, error) {
	return map[string]string{}, nil
}

func (settingsRefused) PatchSettings(context.Context, string, map[string]string) error {
	return &directory.APIError{Op: "groups.patch", Kind: directory.ErrForbidden}
}

// TestAGroupCreatedButNotPinnedIsSaidSo: the group was created and its
// settings refused: each member not added says so, not that the group
// could not be created, which the list's own error contradicts.
func TestAGroupCreatedButNotPinnedIsSaidSo(t *testing.T) {
	l := &List{ID: "l", Address: "g@example.org", Provider: "google", Create: true, minOwners: 1,
		Settings: []SettingChange{{Name: "who_can_join", Field: "whoCanJoin", Desired: "INVITED_CAN_JOIN", Widens: true}},
		Changes:  []Change{{Action: ActionAdd, Email: "a@example.org", Role: members.RoleOwner}}}
	r := Apply(context.Background(), &Plan{Version: FormatVersion, Lists: []*List{l}}, map[string]directory.Provider{"l": settingsRefused{}}, ApplyOptions{Concurrency: 2})
	lr := r.Lists[0]
	if len(lr.Failed) != 1 || !strings.Contains(lr.Failed[0].Err.Error(), "was created, but its settings could not be pinned") {
		t.Errorf("failed %v; list error %v", lr.Failed, lr.Err)
	}
}

// madeMeanwhile is a group on which, between the plan's read and the
// run, grace (id 2) was made whatever role now says ("" for a member):
// its owners and managers read again show it; role writes are counted.
type madeMeanwhile struct {
	directory.Provider
	now    directory.Role
	writes *int
}

func (m madeMeanwhile) Managers(context.Context, string) ([]directory.Member, error) {
	ms := []directory.Member{{ID: "1", Email: "ada@example.org", Role: directory.RoleOwner, Type: "USER"}}
	if m.now != "" {
		ms = append(ms, directory.Member{ID: "2", Email: "grace@example.org", Role: m.now, Type: "USER"})
	}
	return ms, nil
}

// Member is grace as she is now: a member when now is "".
func (m madeMeanwhile) Member(_ context.Context, _, key string) (directory.Member, error) {
	if key == "2" && m.now == "" {
		return directory.Member{ID: "2", Email: "grace@example.org", Role: directory.RoleMember, Type: "USER"}, nil
	}
	return directory.Member{}, directory.ErrMemberNotFound
}

func (m madeMeanwhile) SetRole(context.Context, string, string, directory.Role) error {
	*m.writes++
	return nil
}

// TestARoleMadeMeanwhileIsNotMadeAgain: grace's change of role,
// planned on the group as read, was made since (another run at once, or
// a person): the owners and managers read again before it show her in
// that role, and the run writes nothing for her, keeping the change as
// not its own, rather than "(manager -> manager): done". (Made a member,
// she is no owner or manager: a member, or gone, which one look at her
// tells: s30-everyday finding 4.)
func TestARoleMadeMeanwhileIsNotMadeAgain(t *testing.T) {
	for _, tt := range []struct {
		role members.Role
		now  directory.Role
	}{{members.RoleManager, directory.RoleManager}, {members.RoleMember, ""}} {
		t.Run(string(tt.role), func(t *testing.T) {
			writes := 0
			l := &List{ID: "l", Address: "g@example.org", Provider: "google", minOwners: 1, liveOwners: 2,
				Changes: []Change{{Action: ActionSetRole, Email: "grace@example.org", Role: tt.role, PreviousRole: members.RoleOwner, MemberID: "2"}}}
			r := Apply(context.Background(), &Plan{Version: FormatVersion, Lists: []*List{l}}, map[string]directory.Provider{"l": madeMeanwhile{now: tt.now, writes: &writes}}, ApplyOptions{Concurrency: 1})
			lr := r.Lists[0]
			if writes != 0 || len(lr.Applied) != 0 || len(lr.Failed) != 0 || len(lr.Kept) != 1 || !strings.Contains(lr.Kept[0].Err.Error(), "made since the plan read it") {
				t.Errorf("writes %d, applied %v, failed %v, kept %v", writes, lr.Applied, lr.Failed, lr.Kept)
			}
			if len(lr.Kept) == 1 && lr.Kept[0].Change.PreviousRole != members.RoleOwner {
				t.Errorf("kept change reads %s, want the plan's owner -> %s", lr.Kept[0].Change, tt.role)
			}
		})
	}
	// Still an owner: the demotion is written.
	writes := 0
	l := &List{ID: "l", Address: "g@example.org", Provider: "google", minOwners: 1, liveOwners: 2,
		Changes: []Change{{Action: ActionSetRole, Email: "grace@example.org", Role: members.RoleManager, PreviousRole: members.RoleOwner, MemberID: "2"}}}
	r := Apply(context.Background(), &Plan{Version: FormatVersion, Lists: []*List{l}}, map[string]directory.Provider{"l": madeMeanwhile{now: directory.RoleOwner, writes: &writes}}, ApplyOptions{Concurrency: 1})
	if lr := r.Lists[0]; writes != 1 || len(lr.Applied) != 1 || len(lr.Kept) != 0 {
		t.Errorf("an owner still: writes %d, applied %v, kept %v", writes, lr.Applied, lr.Kept)
	}
}
