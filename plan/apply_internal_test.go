package plan

import (
	"context"
	"errors"
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
