package plan

import (
	"context"
	"errors"
	"fmt"

	"github.com/roster-dev/roster/directory"
	"github.com/roster-dev/roster/members"
)

// One change made through the provider, and the answers of Google's
// that mean it was made already (a retry after a lost answer, another
// run at once).

// applyChange makes one change and treats the outcomes that mean "already
// done" as success: a 409 on insert (then the role is fixed if it
// differs), a 404 on delete. This is what makes a re-run after a crash, a
// lost answer, or a second sync running at once converge. For an add
// that was already there, it returns the member Google named.
func applyChange(ctx context.Context, prov directory.Provider, group string, c Change, own *owners, strangers map[string]bool, made *madeMembers, allowGroups bool) (directory.Member, error) {
	switch c.Action {
	case ActionAdd:
		return ensureMember(ctx, prov, group, c.Email, ToLiveRole(c.Role), own, strangers, made, allowGroups)
	case ActionRemove:
		// Every owner's departure reads the owners again first: another
		// run at once, with another version of the file, may have taken
		// one off since this run counted them.
		release, counted, err := own.lowerAfterReading(ctx, c.PreviousRole == members.RoleOwner, c.MemberID)
		if err != nil {
			return directory.Member{}, err
		}
		err = prov.Remove(ctx, group, c.MemberID)
		if errors.Is(err, directory.ErrMemberNotFound) && c.MemberID != "" {
			// Gone already (a 404 for no id, the collection's, proves
			// nothing): by another run, or by this one's first try,
			// whose answer was lost and the retry found them gone.
			// Either way the owners are one fewer than counted, and
			// are counted again as after any departure.
			err = nil
		}
		if err == nil && counted {
			err = own.afterDeparture(ctx, c.Email, func(ctx context.Context) error {
				_, err := prov.Add(ctx, group, c.Email, directory.RoleOwner)
				if errors.Is(err, directory.ErrAlreadyMember) {
					err = nil // a retry after a lost answer
				}
				return err
			})
		}
		release(err == nil)
		return directory.Member{}, err
	case ActionSetRole:
		lowering := c.PreviousRole == members.RoleOwner && c.Role != members.RoleOwner
		if !lowering && c.Role != members.RoleOwner && c.Phase() == 1 && c.MemberID != "" {
			// A promotion below owner (member to manager), judged on the
			// group as the plan read it: made an owner since (another run
			// at once, with another version of the file, or by hand),
			// they are an owner this write demotes, which must pass the
			// owner check like every other. Their own role is read (one
			// call), and only an owner's demotion counts the owners.
			m, err := prov.Member(ctx, group, c.MemberID)
			switch {
			case errors.Is(err, directory.ErrMemberNotFound):
				return directory.Member{}, fmt.Errorf("%w: %s left %s since the plan read it; the next run adds them back if the file still lists them and their record allows", ErrSkipped, c.Email, group)
			case err != nil:
				return directory.Member{}, fmt.Errorf("%w: %s's role on %s could not be read again before making them %s (if made owner since, this would demote them): %w", ErrSkipped, c.Email, group, c.Role, err)
			}
			lowering = m.Role == directory.RoleOwner
		}
		release, counted, err := own.lowerAfterReading(ctx, lowering, c.MemberID)
		if err != nil {
			return directory.Member{}, err
		}
		err = prov.SetRole(ctx, group, c.MemberID, ToLiveRole(c.Role))
		if err == nil && counted {
			err = own.afterDeparture(ctx, c.Email, func(ctx context.Context) error {
				return prov.SetRole(ctx, group, c.MemberID, directory.RoleOwner)
			})
		}
		release(err == nil)
		if err == nil && c.Role == members.RoleOwner && c.PreviousRole != members.RoleOwner && !c.Group {
			own.raise()
		}
		if errors.Is(err, directory.ErrMemberNotFound) && c.MemberID != "" {
			// Removed by someone else since the plan (an admin pulling
			// them at once, say): putting them back is an addition, which
			// the plan did not judge (a lapsed record blocks one), so it
			// waits for the next run's plan.
			err = fmt.Errorf("%w: %s left %s since the plan read it; the next run adds them back if the file still lists them and their record allows", ErrSkipped, c.Email, group)
		}
		return directory.Member{}, err
	}
	return directory.Member{}, fmt.Errorf("unknown action %q", c.Action)
}

// ensureMember adds email with role, or, when Google says they are
// already a member, finds them and fixes their role. It returns the
// member found in that case. A member found under another address who
// is no stranger (strangers: the live members the file does not list)
// has an entry of their own: two entries are one person, and neither
// role is written.
func ensureMember(ctx context.Context, prov directory.Provider, group, email string, role directory.Role, own *owners, strangers map[string]bool, made *madeMembers, allowGroups bool) (directory.Member, error) {
	added, err := prov.Add(ctx, group, email, role)
	if err == nil && added.Type == "GROUP" && !allowGroups {
		// Google made the address a member of type GROUP: everyone in it
		// would receive the list's mail, unvetted. The plan could not
		// know (the file writes an address); the add tells.
		if rerr := prov.Remove(ctx, group, added.ID); rerr != nil {
			return added, fmt.Errorf("%s is a group, whose members would receive the list's mail without a vetting record of their own, and the list's policy does not allow groups (allow_groups); taking it off again failed: %w; remove it by hand", email, rerr)
		}
		return added, fmt.Errorf("%s is a group, whose members would receive the list's mail without a vetting record of their own, and the list's policy does not allow groups (allow_groups): taken off again; remove its entry from members.toml, or set allow_groups = true", email)
	}
	if err == nil && role == directory.RoleOwner && added.Person() && !added.Suspended() {
		own.raise()
	}
	if err == nil {
		made.note(added.ID, email)
	}
	if !errors.Is(err, directory.ErrAlreadyMember) {
		return directory.Member{}, err
	}
	m, err := findMember(ctx, prov, group, email)
	if err != nil {
		return directory.Member{}, fmt.Errorf("%s is already a member, Google says, but reading their role failed (%w); if a look-alike of the address is on the group (the plan shows it with its non-ASCII letters named), Google may be taking it for this one: remove it from the group", email, err)
	}
	if m.ID != "" && strangers != nil && !strangers[m.ID] && members.IdentityOf(m.Email) != members.IdentityOf(email) {
		return m, fmt.Errorf("%s in members.toml is %s on %s, who has an entry of their own: keep one entry for them", email, m.Email, group)
	}
	if other := made.of(m.ID); other != "" && members.IdentityOf(other) != members.IdentityOf(email) {
		// This run's add of another entry made this member (Google
		// resolved that entry, an alias, to this one): two entries, one
		// person.
		return m, fmt.Errorf("%s and %s in members.toml are one member of %s (%s): keep one entry for them", other, email, group, m.Email)
	}
	if m.Role == role {
		if role == directory.RoleOwner {
			// Someone else (another run at once) made them an owner since
			// the plan read the group: an owner all the same.
			own.raise()
		}
		return m, nil
	}
	// The member Google found may be an owner the file writes under
	// another address with a lower role: fixing the role is a demotion,
	// and passes the same owner check as every other one, on the owners
	// as they are now (this runs before the recount that precedes
	// removals).
	release, counted, err := own.lowerAfterReading(ctx, m.Role == directory.RoleOwner && role != directory.RoleOwner, m.ID)
	if err != nil {
		return m, fmt.Errorf("%s is already a member as %s (%s): %w", email, m.Email, m.Role, err)
	}
	err = prov.SetRole(ctx, group, m.ID, role)
	if err == nil && counted {
		err = own.afterDeparture(ctx, email, func(ctx context.Context) error {
			return prov.SetRole(ctx, group, m.ID, directory.RoleOwner)
		})
	}
	release(err == nil)
	if err == nil && role == directory.RoleOwner && m.Role != directory.RoleOwner {
		own.raise()
	}
	return m, err
}

// findMember finds the member a 409 said exists. Google answers a get by
// the stored address, an alias or the id, but may 404 (or 400
// "required") another spelling of the stored address (case, Gmail dots,
// kubernetes/k8s.io#2892): then the group's listing, matched by
// identity, finds them.
func findMember(ctx context.Context, prov directory.Provider, group, email string) (directory.Member, error) {
	m, err := prov.Member(ctx, group, email)
	if !errors.Is(err, directory.ErrMemberNotFound) {
		return m, err
	}
	all, lerr := prov.Members(ctx, group)
	if lerr != nil {
		return directory.Member{}, lerr
	}
	want := members.IdentityOf(email)
	for _, lm := range all {
		if lm.Email != "" && members.IdentityOf(lm.Email) == want {
			return lm, nil
		}
	}
	return directory.Member{}, err
}
